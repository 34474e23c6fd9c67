"""The only module that touches output/: build beside it, then swap it in whole.

A failed or killed build therefore never leaves a half-written site: until the swap, output/ is the
previous build, and the swap itself is one atomic rename (renameat2 RENAME_EXCHANGE on Linux).
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MARKER = ".akunresmi-output"
MARKER_TEXT = b"This folder is built by Akun Resmi (python build.py build) and replaced whole on every build.\n"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class UnsafeOutput(Exception):
    """The output folder holds files we did not write: replacing it could destroy someone's work."""


@dataclass(frozen=True)
class WriteStats:
    files: int
    written: int
    linked: int


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


def write_site(files: dict[str, bytes], out: Path) -> WriteStats:
    """Write every file into a fresh folder next to `out`, then swap it in place of `out`."""
    with Staging(out) as staging:
        for rel in sorted(files):
            staging.put(rel, files[rel])
        staging.commit()
    return staging.stats


class Staging:
    """A fresh folder beside `out` that files are written into as they are produced (so the site
    is never held in memory whole), swapped in place of `out` by commit(); left unfinished (an
    error, a kill), it is deleted and `out` is untouched."""

    def __init__(self, out: Path, trash: Path | None = None):
        self.out = out.absolute()
        # Where the previous build goes after the swap, to be deleted by a background process (deleting
        # 2,000 folders took seconds, longer than the rest of a one-change build). None: deleted here.
        self.trash = trash
        self.committed = False
        self.out.parent.mkdir(parents=True, exist_ok=True)
        recover_interrupted(self.out)
        remove_abandoned(self.out)
        check_output_folder(self.out)
        self.folder = _new_folder_beside(self.out)
        self.paths: set[str] = set()
        self.made: set[str] = set()
        self.written = self.linked = 0

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        # after commit() the folder holds the previous build
        if not (self.committed and self.trash is not None and _delete_later(self.folder, self.trash)):
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def stats(self) -> WriteStats:
        return WriteStats(len(self.paths), self.written, self.linked)

    def put(self, rel: str, data: bytes) -> None:
        """One file; bytes equal to the previous build's file are hard-linked, not rewritten."""
        if rel in self.paths:  # two sources for one output path is a bug in us, not in the content
            raise RuntimeError(f"output path written twice: {rel}")
        self.paths.add(rel)
        target = self.folder / rel
        parent = os.path.dirname(rel)
        if parent and parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(parent)
        old = self.out / rel
        if _same_bytes(old, data):
            try:
                os.link(old, target)
                self.linked += 1
                return
            except OSError:
                pass
        with open(target, "wb") as fh:
            fh.write(data)
        self.written += 1

    def commit(self) -> None:
        (self.folder / MARKER).write_bytes(MARKER_TEXT)
        _swap_in(self.folder, self.out)
        self.committed = True


def _delete_later(folder: Path, trash: Path) -> bool:
    """Move `folder` into `trash` and delete everything there (leftovers of earlier builds too) in a
    detached process, so this one returns at once. False when that is not possible here (trash on
    another file system, no POSIX shell): the caller deletes the folder itself."""
    try:
        trash.mkdir(parents=True, exist_ok=True)
        os.rename(folder, trash / folder.name)
        doomed = [str(p) for p in trash.iterdir()]
        # sh starts rm in the background and exits: rm is not our child, so nothing waits for it.
        subprocess.run(["sh", "-c", 'rm -rf -- "$@" >/dev/null 2>&1 &', "sh", *doomed], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       start_new_session=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        if not folder.exists():  # moved, but not deleted: delete it here after all
            shutil.rmtree(trash / folder.name, ignore_errors=True)
        return not folder.exists()
    return True


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


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
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


def write_changed(files: dict[str, bytes], out: Path, previous: dict[str, bytes]) -> int:
    """Update a live output folder in place (the dev server): only files whose bytes changed since
    `previous` are written, each replaced atomically so a reader never sees half a file."""
    changed = 0
    for rel, data in files.items():
        if previous.get(rel) == data:
            continue
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        changed += 1
    for rel in set(previous) - set(files):
        try:
            (out / rel).unlink()
        except OSError:
            pass
    return changed
