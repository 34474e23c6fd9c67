"""The only module that touches output/: build beside it, then swap it in whole.

A failed or killed build therefore never leaves a half-written site: until the swap, output/ is the
previous build, and the swap itself is one atomic rename (renameat2 RENAME_EXCHANGE on Linux).

With a cache folder, the folder a build swaps out is kept there (the spare) with a record of what it
holds, and the next build is made in it: only the groups of files (targets) whose key changed since
are written, the files nobody wrote any more are deleted, and every other file stays as it is. A
build after one edit therefore touches a handful of files, not the whole site (docs/engine.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import glob
import marshal
import os
import secrets
import shutil
import signal
import stat
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .cache import (entries_changed, load_marshalled, package_fingerprint, save_marshalled, stamp_of,
                    stamps_as_recorded)
from ..pieces import FileData, as_bytes, same_as_file, write_into

MARKER = ".akunresmi-output"
KEPT_MAGIC = b"AKN1"  # the record of what output/ and the spare folder hold (Kept.save)
MARKER_TEXT = b"This folder is built by Akun Resmi (python build.py build) and replaced whole on every build.\n"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class UnsafeOutput(Exception):
    """The output folder holds files we did not write: replacing it could destroy someone's work."""


class OutputUnwritable(Exception):
    """The folder a build is made in, beside the output folder, cannot be made there (a read-only or
    virtual file system, no permission): args are the output folder and the system's reason."""


@dataclass(frozen=True)
class WriteStats:
    files: int
    written: int
    linked: int
    kept: int = 0  # files a reused spare folder already held with the right bytes


@dataclass
class Built:
    """What one built folder holds: each group of files (a target, by its name and key) and the stamp
    (size, mtime, inode) of every file, so that a later build can be made in this folder by rewriting
    only the groups whose key changed. Whether a folder still holds this is told by its files' stamps:
    every file this module writes is a new inode."""

    groups: dict[str, tuple[bytes, tuple[str, ...]]]
    stamps: dict[str, list[int]]
    # The file this record was loaded from, unchanged since (see Kept.save); not part of what it says.
    origin: Path | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, path: Path) -> "Built | None":
        """The record saved at `path`, if this code wrote it and it is undamaged; else None (every file of
        the folder is then written again)."""
        found = load_marshalled(path, KEPT_MAGIC + package_fingerprint())
        try:
            return None if found is None else cls(dict(found["groups"]), dict(found["stamps"]), origin=path)
        except (KeyError, TypeError, ValueError):
            return None

    def save(self, path: Path) -> None:
        save_marshalled(path, KEPT_MAGIC + package_fingerprint(), {"groups": self.groups, "stamps": self.stamps})
        self.origin = path


@dataclass
class Kept:
    """What output/ holds, and what the spare folder in the cache holds (the build before it): two records,
    at `path` and beside it (`spare_record`)."""

    output: Built | None = None
    spare: Built | None = None

    @classmethod
    def load(cls, path: Path) -> "Kept":
        """The records `save` wrote, each if this code wrote it and it is undamaged (else none, and every
        file of that folder is written again)."""
        return cls(Built.load(path), Built.load(spare_record(path)))

    def save(self, path: Path) -> None:
        """Marshalled, apart from anything else a build keeps: the stamps of the two folders' 40,000 to
        57,000 files each at 20,000 agencies took 0.05 to 0.07 s to pickle and 0.12 s to unpickle (0.02 and
        0.08 s so). The spare is nearly always the folder the last build published, whose record is the
        file this build loaded: that file is renamed, not written again (marshalling and writing both
        records was 0.04 to 0.07 s of a one-change national build). Whoever saves it apart from other
        records may be stopped between the saves: a group is reused only under its key and with its files
        as this record says, so a record newer or older than the others costs files written again, never a
        wrong one."""
        spare_at = spare_record(path)
        if self.spare is None:
            _unlink_record(spare_at)
        elif self.spare.origin == path and self.output is not self.spare:
            try:
                os.replace(path, spare_at)
                self.spare.origin = spare_at
            except OSError:
                self.spare.save(spare_at)
        elif self.spare.origin != spare_at:
            self.spare.save(spare_at)
        if self.output is None:
            _unlink_record(path)
        else:
            self.output.save(path)


def spare_record(path: Path) -> Path:
    """Where Kept keeps the spare folder's record, beside the output's at `path`."""
    return path.with_name(path.name + "-spare")


def _unlink_record(path: Path) -> None:
    """No record at `path`, nor a folder in its place (a cache damaged by hand)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)


def check_output_folder(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise UnsafeOutput(str(out))


def recover_interrupted(out: Path) -> None:
    """Put back the previous site if a build died between the two renames of the fallback swap."""
    old = out.with_name(f".{out.name}.old")
    if old.is_dir() and not out.exists():
        os.rename(old, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def remove_abandoned(out: Path) -> None:
    """Delete build folders left by killed builds; a folder whose build is still running is kept."""
    for folder in out.parent.glob(f".{glob.escape(out.name)}.new-*"):
        pid = folder.name.rsplit(".new-", 1)[1].split("-", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: leave its folder alone
    return True


class MemorySink:
    """Where the dev server collects a build: every file in memory (the tests' too)."""

    def __init__(self, joined: bool = True, files: dict[str, FileData] | None = None) -> None:
        self.files: dict[str, FileData] = {} if files is None else files  # given: files already put
        self.joined = joined  # or each file as it is given, an export as its pieces (the dev server)

    def put(self, rel: str, data: FileData) -> None:
        if rel in self.files:  # two sources for one output path is a bug in us, not in the content
            raise RuntimeError(f"output path written twice: {rel}")
        self.files[rel] = as_bytes(data) if self.joined else data

    @property
    def stats(self) -> WriteStats:
        return WriteStats(len(self.files), len(self.files), 0)


def write_site(files: dict[str, FileData], out: Path) -> WriteStats:
    """Write every file into a fresh folder next to `out`, then swap it in place of `out`."""
    with Staging(out) as staging:
        for rel in sorted(files):
            staging.put(rel, files[rel])
        staging.commit()
    return staging.stats


class Staging:
    """A folder beside `out` that files are written into as they are produced (so the site is never
    held in memory whole), swapped in place of `out` by commit(); left unfinished (an error, a kill),
    it is deleted and `out` is untouched.

    The folder is fresh, or, given `spare` (a path in the cache folder) and `kept` (what it holds), the
    spare moved beside `out`, or else hard links to the output's files: then `reuse` keeps a group of
    files it already holds, `put` replaces a file it holds by a new one (a new inode: a spare's file may
    be a hard link to a live one), and commit() deletes what was neither kept nor put. After the swap
    the previous output becomes the spare, and `kept` then describes both folders."""

    def __init__(self, out: Path, trash: Path | None = None, *, spare: Path | None = None,
                 kept: Kept | None = None, ahead: bool = False, kept_at: Path | None = None):
        self.out = out.absolute()
        # Where the previous build goes after the swap, to be deleted by a background process (deleting
        # 2,000 folders took seconds, longer than the rest of a one-change build). None: deleted here.
        self.trash = trash
        self.spare = spare
        self.kept = kept or Kept()
        self.committed = False
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            recover_interrupted(self.out)
            remove_abandoned(self.out)
            check_output_folder(self.out)
            # No output folder (a cold build): no file of it to link, and no need to look for one per file.
            self.linkable = os.path.isdir(self.out)
            self.folder = _new_folder_beside(self.out)
        except OSError as exc:
            raise OutputUnwritable(out, exc.strerror or str(exc)) from None
        self.paths: set[str] = set()
        self.made: set[str] = set()
        self.written = self.linked = self.reused = 0
        self.previous_output: Built | None = None
        # A reused spare: the files it held when moved here, and its groups whose files are all as recorded.
        self.present: dict[str, list[int]] = {}
        self.reusable: dict[str, tuple[bytes, tuple[str, ...]]] = {}
        self.recorded: dict[str, list[int]] = {}  # the stamps of the files those groups were recorded with
        # The files of a reused spare not as recorded, when the forked process said which (see reuse).
        self.unlike: set[str] | None = None
        # What the folder holds once committed (recorded only with a spare: it costs a stat per file).
        self.groups: dict[str, tuple[bytes, tuple[str, ...]]] = {}
        self.stamps: dict[str, list[int]] = {}
        # `ahead`: the spare's files are statted, or the output's linked, by a forked process while this
        # one goes on (loading the cache, reading the content); taken in by _ready() at the first use.
        self.pending: _Ahead | None = None
        if spare is None:
            return
        if kept_at is not None:  # the record loaded here, and, with `ahead`, by the forked process too (below)
            self._start_loading(kept_at, ahead)
            if self.pending is not None:
                return
        spare_ok = self._spare_usable(spare, self.kept.spare)
        if ahead and kept_at is None and (spare_ok or self.kept.output is not None):
            self.pending = _Ahead.start(self, spare_ok)
            if self.pending is not None:
                return
        if not (spare_ok and self._take_spare(spare, self.kept.spare)) and self.kept.output is not None:
            self._link_output(self.kept.output)

    def _start_loading(self, kept_at: Path, ahead: bool) -> None:
        """The folders' record loaded from `kept_at` (Kept.save's), with `ahead` after forking the process
        that stats the spare: it loads the spare's record itself (half of it, which it needs before it
        can start; the output's is loaded here meanwhile), and so starts 0.03 to 0.05 s sooner at 20,000
        agencies of a national site, where this process then waited for it."""
        if ahead:
            package_fingerprint()  # once, before the fork: both processes load records under it
            self.pending = _Ahead.start(self, None, kept_at)
        self.kept = Kept.load(kept_at)
        if self.pending is None:
            return
        assert self.spare is not None
        spare_ok = self._spare_usable(self.spare, self.kept.spare)
        if spare_ok or self.kept.output is not None:
            self.pending.spare = spare_ok  # what the forked process must have found too (see _Ahead.result)
        else:
            self.pending.cancel()
            self.pending = None

    def ready(self) -> None:
        """The folder in place, with what the forked process found (see _ready): before forked workers put
        files into it themselves."""
        self._ready()

    def _ready(self) -> None:
        """Take in what the forked process found (or made), once: the spare moved here with the stamps of
        its files, or the output's files linked here. Whatever failed there is done here."""
        pending = self.pending
        if pending is None:
            return
        pending.own()
        self.pending = None
        found = pending.result()
        assert self.spare is not None
        if found is None and pending.spare and os.listdir(self.folder):
            # it failed, or decided otherwise than this process and linked the output's files here: the spare
            # is moved onto an empty folder, and no file here may be a link written through
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir()
        if pending.spare:  # as __init__ does without `ahead`, with the stamps found there if any
            stamps = None
            if found is not None and self.kept.spare is not None:
                stamps = _as_found(self.kept.spare.stamps, found[0], found[1])
            if self._take_spare(self.spare, self.kept.spare, stamps):
                if found is not None and stamps is not None:
                    self.unlike = set(found[0]).union(found[1])
            elif self.kept.output is not None:
                self._link_output(self.kept.output)
            return
        if found is not None:  # the links are in this folder
            self.present, self.made = found[0], set(found[1])
            assert self.kept.output is not None
            self._offer(self.kept.output)
            return
        if self.kept.output is not None:  # the process failed: start again from an empty folder
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir()
            self.present, self.made = {}, set()
            self._link_output(self.kept.output)

    @staticmethod
    def _spare_usable(spare: Path, built: Built | None) -> bool:
        try:
            st = os.lstat(spare)
        except OSError:
            return False
        return built is not None and stat.S_ISDIR(st.st_mode)

    def _take_spare(self, spare: Path, built: Built | None, stamps: dict[str, list[int]] | None = None) -> bool:
        """Build in the spare folder; its files are statted (`stamps`: already, where it lies), and a group
        is reused only if each of its files is still as `built` recorded it (edited by hand, or another
        folder: it is written)."""
        if not self._spare_usable(spare, built):
            return False
        assert built is not None
        try:
            os.rename(spare, self.folder)  # onto the fresh, empty folder: same file system or nothing
        except OSError:
            return False
        self.present = stamps_as_recorded(self.folder, built.stamps, MARKER) if stamps is None else stamps
        self._offer(built)
        return True

    def _link_output(self, built: Built) -> None:
        """No spare to build in (it was lost, or could not be made after a cold build): the folder starts
        as hard links to the output's files that are still as `built` recorded them. A link costs less
        than loading a target from the cache and comparing its bytes with the output's."""
        self.present.update(_linked(self.out, self.folder, built.stamps, self.made))
        self._offer(built)

    def _offer(self, built: Built) -> None:
        """The groups `built` recorded, for `reuse`: each is checked against the folder's files when `reuse`
        asks for it, not all of them here (a pass over 40,000 groups that reuse makes again anyway)."""
        self.reusable, self.recorded = built.groups, built.stamps

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        linked = False  # links made ahead and never used: 20,000 folders at 20,000 agencies, deleted detached
        if self.pending is not None:  # never used (the build failed before, or had nothing to do): the
            self.pending.own()        # spare stays where it is, and the forked process is stopped
            self.pending.cancel()
            linked = not self.pending.spare
            self.pending = None
        # after commit() the folder holds the previous build
        if self.committed and self.spare is not None and (self._linked_spare(self.spare)
                                                          or self._moved_to_spare(self.spare)):
            return
        if not ((self.committed or linked) and self.trash is not None and _delete_later(self.trash, self.folder)):
            shutil.rmtree(self.folder, ignore_errors=True)

    def _linked_spare(self, spare: Path) -> bool:
        """After a build with no record of the folder it replaced (a cold one): the next build's spare made
        now, as hard links to the output's files, recorded as the output is but for the marker, written
        last as a new file (it dates the folder for stamps_as_recorded). Without it the build after a cold
        one made these links itself while its edit waited: 57,000 at 20,000 agencies of a national site,
        most of its time. The folder replaced is deleted (its record is lost, or it is the empty folder a
        first build replaces), and with it any spare the build could not use."""
        built = self.kept.output
        if self.previous_output is not None or built is None:
            return False
        doomed = [folder for folder in (self.folder, spare) if os.path.lexists(folder)]
        if doomed and (self.trash is None or not _delete_later(self.trash, *doomed)):
            for folder in doomed:
                shutil.rmtree(folder, ignore_errors=True)
        try:
            spare.mkdir(parents=True)
            stamps = _linked(self.out, spare, built.stamps, set())
            if not stamps and len(built.stamps) > 1:
                raise OSError(errno.EXDEV, "no file could be linked")  # another file system, say
            _write_anew(spare / MARKER, MARKER_TEXT)
            stamps[MARKER] = stamp_of(os.stat(spare / MARKER))
        except OSError:  # the next build links the output's files itself
            shutil.rmtree(spare, ignore_errors=True)
            return False
        self.kept = Kept(built, Built(built.groups, stamps))
        return True

    def _moved_to_spare(self, spare: Path) -> bool:
        """Move the previous build into the cache as the next build's spare, with the record of the
        previous output (checked file by file when the spare is taken)."""
        try:
            if os.path.lexists(spare):  # a spare this build could not use
                if self.trash is None or not _delete_later(self.trash, spare):
                    shutil.rmtree(spare, ignore_errors=True)
            spare.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.folder, spare)
        except OSError:
            return False
        self.kept = Kept(self.kept.output, self.previous_output)
        return True

    @property
    def stats(self) -> WriteStats:
        return WriteStats(len(self.paths), self.written, self.linked, self.reused)

    def reuse(self, name: str, key: bytes) -> bool:
        """Keep the group `name` as the reused spare holds it, if its key there is `key` and each of its
        files is still as recorded (edited by hand, or another folder: it is written)."""
        self._ready()
        group = self.reusable.get(name)
        if group is None or group[0] != key:
            return self._linked_from_output(name, key)
        present, recorded, files = self.present, self.recorded, group[1]
        if self.unlike is not None:  # every file of the spare is as recorded but these: a test per group
            if not (self.unlike.isdisjoint(files) and all(map(recorded.__contains__, files))):
                return self._linked_from_output(name, key)
        else:
            for rel in files:
                found = present.get(rel)
                if found is None or found != recorded.get(rel):
                    return self._linked_from_output(name, key)
        if not self.paths.isdisjoint(files):
            self._claim(next(rel for rel in files if rel in self.paths))  # raises: see _claim
        self.paths.update(files)  # as _claim would, in bulk: 57,000 calls for a national site
        self.stamps.update(zip(files, map(present.__getitem__, files)))
        self.groups[name] = group
        self.reused += len(files)
        return True

    def _linked_from_output(self, name: str, key: bytes) -> bool:
        """The group as output/ holds it, linked here, when the spare's is another (the spare is the build
        before the last one: a group the last build made again is new in output/ only) and each of its files
        in output/ is as recorded. The home and topic pages at 20,000 agencies, too big for the target
        store, were otherwise rendered again by the build after the one that changed them: seconds."""
        built = self.kept.output
        if built is None or not self.linkable or self.reusable is built.groups:
            return False
        group = built.groups.get(name)
        if group is None or group[0] != key or not self.paths.isdisjoint(group[1]):
            return False
        source = os.fspath(self.out)
        for rel in group[1]:
            try:
                st = os.lstat(f"{source}/{rel}")
            except OSError:
                return False
            if not stat.S_ISREG(st.st_mode) or stamp_of(st) != built.stamps.get(rel):
                return False
        done: list[str] = []
        try:
            for rel in group[1]:
                self._make_parent(rel)
                target = f"{os.fspath(self.folder)}/{rel}"
                if rel in self.present or os.path.lexists(target):
                    _removed(target)
                os.link(f"{source}/{rel}", target)
                done.append(rel)
        except OSError:  # a link refused (too many links to one file, say): the group is made instead
            for rel in done:
                _removed(f"{os.fspath(self.folder)}/{rel}")
            return False
        for rel in done:
            self._claim(rel)
            if self.spare is not None:
                self.stamps[rel] = built.stamps[rel]  # a link: the output's file, its stamp as recorded
        self.groups[name] = group
        self.linked += len(group[1])
        return True

    def put_group(self, name: str, key: bytes, files: list[tuple[str, FileData]]) -> None:
        for rel, data in files:
            self.put(rel, data)
        self.groups[name] = (key, tuple(rel for rel, _ in files))

    def adopt(self, name: str, key: bytes, paths: tuple[str, ...], stamps: dict[str, list[int]]) -> None:
        """A group of files a forked worker put into this folder (its own copy of this object recorded
        them): claimed here too, so that commit() keeps them and the next build may reuse them."""
        self._ready()
        for rel in paths:
            self._claim(rel)
        self.stamps.update(stamps)
        self.groups[name] = (key, paths)

    def group(self, name: str, key: bytes, paths: tuple[str, ...]) -> None:
        """Record as one group files this object has put one by one (a region of a national build)."""
        self.groups[name] = (key, paths)

    def _claim(self, rel: str) -> None:
        if rel in self.paths:  # two sources for one output path is a bug in us, not in the content
            raise RuntimeError(f"output path written twice: {rel}")
        self.paths.add(rel)

    def put(self, rel: str, data: FileData) -> None:
        """One file; bytes equal to the previous build's file are hard-linked, not rewritten."""
        self._ready()
        self._claim(rel)
        target = self.folder / rel
        self._make_parent(rel)
        if self.present and os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)  # a reused spare with a folder where this file goes (damaged by hand)
        written = None
        if rel in self.present:
            _write_anew(target, data)
            self.written += 1
        else:
            written = self._write_new(rel, target, data)
        if self.spare is not None:
            self.stamps[rel] = stamp_of(written or os.stat(target))

    def _make_parent(self, rel: str) -> None:
        """The folder `rel` goes in, made once, its own parents first (40,000 makedirs, each testing
        every parent, cost seconds at 20,000 agencies)."""
        parent = rel.rpartition("/")[0]
        if not parent or parent in self.made:
            return
        self._make_parent(parent)
        folder = f"{os.fspath(self.folder)}/{parent}"
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not os.path.isdir(folder) or os.path.islink(folder):
                if not self.present:
                    raise
                os.unlink(folder)  # a reused spare with a file (or a link) where this folder goes
                os.mkdir(folder)
        self.made.add(parent)

    def _write_new(self, rel: str, target: Path, data: FileData) -> os.stat_result | None:
        """Link or write the file; a file written is statted as it is closed (with a spare to record),
        not looked up again by its path."""
        if self.linkable:
            old = self.out / rel
            if _same_bytes(old, data):
                try:
                    os.link(old, target)
                    self.linked += 1
                    return None
                except OSError:
                    pass
        st = None
        with open(target, "wb") as fh:
            write_into(fh, data)
            if self.spare is not None:
                fh.flush()  # the last write, which sets the modification time
                st = os.fstat(fh.fileno())
        self.written += 1
        return st

    def commit(self) -> None:
        self._ready()
        if self.present:
            _delete(self.folder, set(self.present).difference(self.paths, (MARKER,)))
        marker = self.folder / MARKER
        if MARKER in self.present:
            _write_anew(marker, MARKER_TEXT)
        else:
            marker.write_bytes(MARKER_TEXT)
        self.previous_output = self.kept.output
        if self.spare is not None:
            self.stamps[MARKER] = stamp_of(os.stat(marker))
            self.kept = Kept(Built(self.groups, self.stamps), None)
        _swap_in(self.folder, self.out)
        self.committed = True


class _Ahead:
    """A forked process doing a Staging's slow start while the builder loads its state and reads the
    content (two cores: it was a second or two of a one-change build at 20,000 agencies in this one):
    the stamps of the spare's files, where the spare lies (it is moved only when first used, so a build
    that fails before leaves it in place), or hard links to the output's files in the new folder. It
    sends back what it found, marshalled, through a pipe; any failure there is a None here, and the
    work is then done here."""

    def __init__(self, pid: int, fd: int, spare: bool):
        self.pid, self.fd, self.spare = pid, fd, spare
        self.owner = os.getpid()

    def own(self) -> None:
        """Only the process that started it takes its result: a worker forked from that process before (the
        pool parsing files ahead) holds a copy of this object, and must neither read the pipe nor move the
        spare on its own."""
        if os.getpid() != self.owner:
            raise RuntimeError("a staging folder prepared ahead is used by another process than its own")

    @classmethod
    def start(cls, staging: "Staging", spare: bool | None, kept_at: Path | None = None) -> "_Ahead | None":
        """`spare`: stat the spare (or else link the output's files); None, with `kept_at`: load the records
        from there and decide as Staging does (it sends what it decided with what it found)."""
        fork = getattr(os, "fork", None)
        if fork is None:  # a system without fork: the work is done in this process
            return None
        try:
            read, write = os.pipe()
        except OSError:
            return None
        try:
            pid = fork()
        except OSError:
            os.close(read), os.close(write)
            return None
        if pid == 0:  # the forked process: never returns, never runs the parent's clean-up
            code = 1
            try:
                os.close(read)
                if kept_at is not None:
                    built = Built.load(spare_record(kept_at))
                    spare = staging._spare_usable(staging.spare, built)
                    staging.kept = Kept(None, built) if spare else Kept(Built.load(kept_at), None)
                    if not spare and staging.kept.output is None:
                        os._exit(1)  # nothing to do: Staging finds the same, and stops this process
                if spare:
                    assert staging.spare is not None and staging.kept.spare is not None
                    recorded = staging.kept.spare.stamps
                    found: object = _unlike(recorded, stamps_as_recorded(staging.spare, recorded, MARKER))
                else:
                    assert staging.kept.output is not None
                    staging._link_output(staging.kept.output)
                    found = (staging.present, sorted(staging.made))
                data = marshal.dumps((spare, found))
                view = memoryview(data)
                while view:
                    view = view[os.write(write, view):]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read, spare)

    def cancel(self) -> None:
        """Stop the forked process, whose work is not wanted: it only reads the spare, or makes links in
        the new folder, which is deleted."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        os.close(self.fd)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass

    def result(self) -> tuple[dict[str, list[int]], list[str]] | None:
        chunks = []
        try:
            while True:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(self.fd)
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = 1
        if status != 0 or not chunks:
            return None
        try:
            decided, found = marshal.loads(b"".join(chunks))
        except (ValueError, EOFError, TypeError):
            return None
        if decided != self.spare or not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], dict)):
            return None
        return found


def _unlike(recorded: dict[str, list[int]], stamps: dict[str, list[int]]) -> tuple[dict[str, list[int]], list[str]]:
    """What the forked process sends of the spare's stamps: those unlike the record (or not in it), and the
    recorded files not found. Nearly always nothing: the 57,000 stamps of a national site, sent whole, were
    25 ms of marshalling and reading on the way to the build."""
    return entries_changed(recorded, stamps)


def _as_found(recorded: dict[str, list[int]], unlike: dict[str, list[int]], missing: list[str]) -> dict[str, list[int]]:
    """The spare's stamps from what _unlike sent."""
    stamps = dict(recorded)
    stamps.update(unlike)
    for rel in missing:
        stamps.pop(rel, None)
    return stamps


def _delete_later(trash: Path, *folders: Path) -> bool:
    """Move `folders` into `trash` and delete everything there (leftovers of earlier builds too) in one
    detached process, so this one returns at once; an empty folder is simply removed. False when that is
    not possible here (trash on another file system, no POSIX shell): the caller deletes them itself."""
    moved_to: list[Path] = []
    try:
        trash.mkdir(parents=True, exist_ok=True)
        for folder in folders:
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # empty (the folder a first build replaces): no process for it
                continue
            moved = trash / folder.name
            if os.path.lexists(moved):  # moved there by the build before and still being deleted: a rename
                # onto it failed, and a 55,000-file spare was deleted here instead (8 s at 20,000 agencies)
                moved = trash / f"{folder.name}.{os.getpid()}.{secrets.token_hex(4)}"
            os.rename(folder, moved)
            moved_to.append(moved)
        doomed = [str(p) for p in trash.iterdir()]
        if doomed:
            # sh starts rm in the background and exits: rm is not our child, so nothing waits for it.
            subprocess.run(["sh", "-c", 'rm -rf -- "$@" >/dev/null 2>&1 &', "sh", *doomed], check=True,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        for moved in moved_to:  # moved, but not deleted: deleted here after all
            shutil.rmtree(moved, ignore_errors=True)
        return not any(os.path.lexists(folder) for folder in folders)
    return True


def _linked(source: Path, folder: Path, stamps: dict[str, list[int]], made: set[str]) -> dict[str, list[int]]:
    """Hard links in the new `folder` to the files of `source` that are still as `stamps` records them (the
    marker aside), each folder made once (and added to `made`): the stamps of the files linked."""
    source_, folder_ = os.fspath(source), os.fspath(folder)
    linked: dict[str, list[int]] = {}
    for rel, recorded in stamps.items():
        if rel == MARKER:
            continue
        # Output paths are "/"-separated: os.path.join and dirname were a quarter of this loop's time.
        path = f"{source_}/{rel}"
        try:
            if stamp_of(os.stat(path)) != recorded:
                continue  # edited or replaced by hand: written again
            _make_folders(folder_, rel, made)
            os.link(path, f"{folder_}/{rel}")
        except OSError:
            continue
        linked[rel] = recorded
    return linked


def _make_folders(folder: str, rel: str, made: set[str]) -> None:
    """The folder `rel` goes in, in a new folder, made once, its own parents first (40,000 makedirs, each
    testing every parent, cost seconds at 20,000 agencies)."""
    parent = rel.rpartition("/")[0]
    if not parent or parent in made:
        return
    _make_folders(folder, parent, made)
    os.mkdir(f"{folder}/{parent}")
    made.add(parent)


def _new_folder_beside(out: Path) -> Path:
    """A fresh, uniquely named folder next to `out`, with the permissions of any new folder.

    Not tempfile.mkdtemp: its 0700 would become output/'s mode and lock out a web server's user.
    """
    while True:
        tmp = out.with_name(f".{out.name}.new-{os.getpid()}-{secrets.token_hex(6)}")
        try:
            tmp.mkdir()
            return tmp
        except FileExistsError:
            continue


def _replace(target: Path, data: FileData) -> None:
    """A new file in place of `target` (never written through: it may be a hard link to a live file)."""
    tmp = target.with_name(f".{target.name}.tmp")
    with open(tmp, "wb") as fh:
        write_into(fh, data)
    os.replace(tmp, target)


def _write_anew(target: Path, data: FileData) -> None:
    """A new file in place of `target` in a folder no one reads yet (the staging folder): never written
    through (it may be a hard link to a live file), and unlinked rather than renamed over, which made
    ext4 allocate the new file's blocks then and there (its auto_da_alloc: 0.065 s against 0.03 s for a
    150 MB file, the exports of 20,000 agencies)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    with open(target, "wb") as fh:
        write_into(fh, data)


def _delete(root: Path, leftovers: set[str]) -> None:
    """Delete these files under `root`, then every folder they leave empty."""
    emptied: set[str] = set()
    for rel in leftovers:
        try:
            os.unlink(root / rel)
        except OSError:
            continue
        emptied.add(os.path.dirname(rel))
    for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
        while folder:
            try:
                os.rmdir(root / folder)  # fails on a folder that still holds something
            except OSError:
                break
            folder = os.path.dirname(folder)


def _removed(path: str) -> None:
    """Whatever is at `path` gone: a file, a link, or a folder put there by hand."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _same_bytes(path: Path, data: FileData) -> bool:
    try:
        with open(path, "rb") as fh:
            return os.fstat(fh.fileno()).st_size == len(data) and same_as_file(fh, data)
    except OSError:
        return False


def _swap_in(new: Path, out: Path) -> None:
    """Atomically exchange `new` and `out`; afterwards `new` holds the previous build (to delete)."""
    if not out.exists():
        os.rename(new, out)
        new.mkdir()
        return
    if _rename_exchange(new, out):
        return
    old = out.with_name(f".{out.name}.old")
    os.rename(out, old)
    os.rename(new, out)
    os.rename(old, new)


def _rename_exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def write_changed(files: dict[str, FileData], out: Path, previous: dict[str, FileData]) -> int:
    """Update a live output folder in place (the dev server): only files whose bytes changed since
    `previous` are written, each replaced atomically so a reader never sees half a file."""
    changed = 0
    for rel, data in files.items():
        before = previous.get(rel)
        if before is data or (before is not None and before == data):
            continue
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)
        changed += 1
    # The folders a deleted agency's files leave empty go too: served as they are, an empty folder
    # would be a listing where a fresh build has the 404 page.
    _delete(out, set(previous) - set(files))
    return changed


class OutputWriter:
    """The dev server's output folder, brought up to date with its latest build by a thread of its own.

    The server answers from the build in memory (as Hugo's server does), so a save is served as soon as
    it is rendered, not once its files are on disk: a name edit rewrites some 12 MB of lists and open
    data at 1,000 agencies (16 ms, a quarter of the save), 230 MB at 20,000. Builds given faster than
    they are written are skipped but the last; each file is still replaced atomically (write_changed),
    so a reader of the folder never sees half a file. `on_written(changed files, note)` and
    `on_failed(error, note)` are called from the writing thread; any error is reported there, and the
    thread goes on with the next build, written whole."""

    def __init__(self, out: Path, on_disk: dict[str, FileData] | None,
                 on_written: Callable[[int, object], None], on_failed: Callable[[Exception, object], None]):
        self.out = out
        self.on_disk = on_disk  # what the folder holds; None: not known, so the next build is written whole
        self.on_written, self.on_failed = on_written, on_failed
        self._cond = threading.Condition()
        self._pending: tuple[dict[str, FileData], object] | None = None
        self._busy = self._closed = False
        self._thread = threading.Thread(target=self._run, name="output-writer", daemon=True)
        self._thread.start()

    def put(self, files: dict[str, FileData], note: object = None) -> None:
        """Write these files (the whole site) once the writes before them are done."""
        with self._cond:
            self._pending = (files, note)
            self._cond.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every build given is written; False if `timeout` passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def close(self) -> None:
        """Write what is pending, then stop the thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:
                    return
                (files, note), self._pending, self._busy = self._pending, None, True
            try:
                self._write(files, note)
            except Exception as exc:  # noqa: BLE001 - a dead writer would leave output/ behind for good
                self.on_disk = None  # half written, or not at all: the next build is written whole
                try:
                    self.on_failed(exc, note)
                except Exception:  # noqa: BLE001, S110 - the console itself failing: nothing left to tell
                    pass
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _write(self, files: dict[str, FileData], note: object) -> None:
        if self.on_disk is None:
            changed = write_site(files, self.out).files
        else:
            changed = write_changed(files, self.out, self.on_disk)
        self.on_disk = files
        self.on_written(changed, note)  # what it raises is a failure too (_run), though the files are written
