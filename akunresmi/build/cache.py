"""The build cache: what the last successful build read and wrote, so that a build with nothing
changed does nothing.

It also keeps every made target by key (TargetStore), so a build after one edit makes only the
targets that read the edited file. The cache folder (`build --cache DIR`) is safe to delete. Its manifest is keyed by everything a
build depends on: the stat of every content file, the bytes of the code, templates, static files,
message catalogues and schemas, the base URL, the output folder and the build date (staleness badges
change with the calendar). Any difference, or a manifest that cannot be read, means a full build.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import io
import marshal
import mmap
import os
import pickle
import shutil
import struct
import sysconfig
import zlib
from functools import lru_cache
from pathlib import Path
from stat import S_ISDIR
from typing import Any, BinaryIO, Container, Iterator

MANIFEST = "manifest"  # marshalled (see save_manifest)
# Written into a cache folder when a build first takes it, so that `--cache` never fills a folder of
# someone else's files (the content folder, the published site, the file system's root).
CACHE_MARKER = ".akunresmi-cache"
CACHE_MARKER_TEXT = b"This folder is Akun Resmi's build cache (python build.py build --cache DIR): it may be deleted.\n"
OLD_MANIFEST = "manifest.json"  # the JSON one earlier code wrote: deleted, never read
MANIFEST_MAGIC = b"AKM1"
VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# The libraries whose output is published as it comes: Markdown and nh3 (descriptions), Jinja2 (pages),
# zxing-cpp (QR codes), calmjs.parse with ply (scripts) and rcssmin (stylesheets), PyYAML (what is read).
OUTPUT_LIBRARIES = ("Jinja2", "Markdown", "nh3", "zxing-cpp", "calmjs.parse", "ply", "rcssmin", "PyYAML")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def data_digest(value: Any) -> bytes:
    """Frozen dataclasses, tuples, strings and dates pickle to the same bytes for the same value, once the
    pickler's memo is off: with it, an object met twice is written the second time as a reference, so
    two equal values gave two digests when one shared a string (or a summary) that the other held twice,
    as a value unpickled from the cache and the same value made afresh do (the national pages' key changed
    whenever a region's summary came from the cache, and they were made again). The values are trees: no
    cycle."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo
    pickler.dump(value)
    return digest(buffer.getbuffer())


def tree_stamps(root: Path, stats: dict[str, os.stat_result] | None = None) -> dict[str, list[int]]:
    """Every file under root → [size, mtime_ns, inode]; editing, replacing or deleting one changes it.
    Links to folders are not followed; a link to a file is stamped as the file it names. `stats`, when
    given, is also told each file's stat by its path (root joined with its name), for the read."""
    stamps: dict[str, list[int]] = {}
    _list_folders([("", os.fspath(root))], stamps, stats)
    return stamps


def _list_folders(pending: list[tuple[str, str]], stamps: dict[str, list[int]],
                  stats: dict[str, os.stat_result] | None = None, known: Container[str] = ()) -> None:
    """tree_stamps of each (name prefix, folder) in `pending`, into `stamps`; of the folders under them,
    those named in `known` are left to the caller."""
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if name not in known:
                    pending.append((name + "/", entry.path))
            elif not entry.is_dir():
                try:
                    st = entry.stat()
                    stamps[name] = stamp_of(st)
                    if stats is not None:
                        stats[entry.path] = st
                except OSError:
                    stamps[name] = [-1, 0, 0]


def stamps_as_recorded(root: Path, recorded: dict[str, list[int]], last: str) -> dict[str, list[int]]:
    """tree_stamps(root), for a folder a build wrote as `recorded` says, the file `last` last of all (so its
    recorded mtime is when the build last wrote into the folder). A folder not changed since then (by
    its change and modification times) holds the same names as then: its recorded files are statted by
    their paths, and only the folders changed since are listed, with any folder found there that the
    record does not know. Listing every folder was most of the cost: a national site at 20,000 agencies
    has 57,000 files in 54,000 folders (0.7 to 0.95 s listed; 0.4 s so, 2026-12-01). The top folder is
    always listed: it is renamed (swapped in, moved to the cache) after the build. A change made while
    the system clock was set back to before the build could go unseen, as in git's index."""
    stamp = recorded.get(last)
    if not stamp:
        return tree_stamps(root)
    since = stamp[1]
    # Each file's folder, and the folders above those that hold no file of their own ("akun/"): grouping the
    # files by folder first was a tenth of this function's time.
    parents = [rel.rpartition("/")[0] for rel in recorded]
    folders = dict.fromkeys(parents)
    for folder in list(folders):
        while folder:
            folder = folder.rpartition("/")[0]
            if folder in folders:
                break
            folders[folder] = None
    base = os.fspath(root)
    changed = [("", base)]
    unlisted = {""}  # the folders whose recorded files are not statted here: the top one, listed, and those below
    for folder in folders:
        if not folder:
            continue
        path = f"{base}/{folder}"
        try:
            st = os.lstat(path)
        except OSError:
            unlisted.add(folder)
            continue  # gone: so are its files (its parent changed, and is listed)
        if not S_ISDIR(st.st_mode):
            unlisted.add(folder)
            continue  # a file or a link in its place: its parent changed, and is listed
        if st.st_mtime_ns >= since or st.st_ctime_ns >= since:
            unlisted.add(folder)
            changed.append((folder + "/", path))
    stamps: dict[str, list[int]] = {}
    for rel, parent in zip(recorded, parents):
        if parent in unlisted:
            continue
        try:
            st = os.stat(f"{base}/{rel}")
        except OSError:
            continue
        if not S_ISDIR(st.st_mode):
            stamps[rel] = stamp_of(st)
    _list_folders(changed, stamps, known=folders)
    return stamps


def stamp_of(st: os.stat_result) -> list[int]:
    """What tells one version of a file from another: size, modification time and inode."""
    return [st.st_size, st.st_mtime_ns, st.st_ino]


@lru_cache(maxsize=1)
def package_fingerprint() -> bytes:
    """The code that shapes every output (the package's modules, catalogues, schemas, and the versions
    of the libraries that write output): part of every target's key and of the manifest, so that a
    cache is never reused by different code."""
    return fingerprint_with(library_versions())


def fingerprint_with(versions: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json", ".csv") and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(versions)  # another version may write other bytes from the same input
    return h.digest()


def library_versions() -> bytes:
    """The installed OUTPUT_LIBRARIES with their versions, as the environment's dist-info folders name
    them ("Jinja2-3.1.6.dist-info"): a listing, where importlib.metadata takes 16 ms for the same."""
    wanted = {_dist_name(name) for name in OUTPUT_LIBRARIES}
    folder = sysconfig.get_paths()["purelib"]
    found = sorted(n for n in os.listdir(folder) if n.endswith(".dist-info") and _dist_name(n.split("-")[0]) in wanted)
    return "\0".join(found).encode()


def _dist_name(name: str) -> str:
    """A distribution's name as its dist-info folder writes it ("calmjs.parse": calmjs_parse-…)."""
    return name.lower().replace("-", "_").replace(".", "_")


def code_fingerprint(templates: Path, static: Path) -> str:
    """A digest of everything besides content that shapes the output."""
    digest = hashlib.sha256(package_fingerprint())
    for root in (templates, static):
        for path in sorted(root.glob("**/*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_key(content: Path, out: Path, templates: Path, static: Path, base_url: str | None,
              build_date: str, repository: tuple[str, str] | None = None,
              stats: dict[str, os.stat_result] | None = None) -> dict[str, Any]:
    """`stats`: see tree_stamps (the content's files are statted once per build, here)."""
    return key_of(tree_stamps(content, stats), out, templates, static, base_url, build_date, repository)


def key_of(inputs: dict[str, Any], out: Path, templates: Path, static: Path, base_url: str | None,
           build_date: str, repository: tuple[str, str] | None = None) -> dict[str, Any]:
    """What a build's output is made from: `inputs` (the stamps of the content's files), the code, the
    output folder, the address, the repository the edit links lead to (--repository) and the date."""
    return {"version": VERSION, "code": code_fingerprint(templates, static), "base_url": base_url,
            "repository": list(repository) if repository else None,
            "out": str(out.absolute()), "build_date": build_date, "inputs": inputs}


def load_manifest(cache: Path) -> dict[str, Any] | None:
    return load_marshalled(cache / MANIFEST, MANIFEST_MAGIC)


def load_marshalled(path: Path, magic: bytes) -> dict[str, Any] | None:
    """The dict save_marshalled wrote under `magic`, or None: missing, unreadable, truncated, damaged or
    written by other code (a full build will write a new one)."""
    try:
        raw = path.read_bytes()
        body = raw[len(magic) + 4:]
        if raw[:len(magic)] != magic or raw[len(magic):len(magic) + 4] != zlib.crc32(body).to_bytes(4, "little"):
            return None
        data = marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def save_marshalled(path: Path, magic: bytes, data: dict[str, Any]) -> None:
    """`data` (of marshal's types only) after `magic` and a CRC-32 of it, written beside and renamed over
    the old file, so a crash leaves an old or a new one. Marshal writes and reads such data several times
    faster than pickle."""
    body = marshal.dumps(data)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(magic + zlib.crc32(body).to_bytes(4, "little") + body)
    _renamed_over(tmp, path)


def is_up_to_date(manifest: dict[str, Any] | None, key: dict[str, Any], out: Path, last: str,
                  outputs: dict[str, list[int]] | None = None) -> bool:
    """The last build had exactly these inputs, and its output is still there, untouched. `last`: the
    file a build writes last into its folder (see stamps_as_recorded). `outputs`: the output's stamps as
    the caller's own record has them, for a manifest saved without (see save_manifest)."""
    if manifest is None or manifest.get("key") != key:
        return False
    recorded = manifest.get("outputs")
    if recorded is None:
        recorded = outputs
    return isinstance(recorded, dict) and recorded == stamps_as_recorded(out, recorded, last)


def save_manifest(cache: Path, key: dict[str, Any], outputs: dict[str, list[int]] | None, agencies: int,
                  files: int) -> None:
    """Written beside, then renamed over the old one, so a crash leaves an old or a new manifest.
    `outputs`: the stamps of the files written (as tree_stamps gives them), recorded as they were written;
    None when the caller keeps them in a record of its own, saved before this manifest and loaded before
    it is asked (the national build's, 57,000 stamps at 20,000 agencies: a second copy here was 40 ms of
    each build's loading). A build that is not up to date deletes the manifest first (forget), so a
    manifest is never paired with a record saved by a later build."""
    cache.mkdir(parents=True, exist_ok=True)
    # Marshalled, with a CRC-32 against damage: as JSON, the stamps of 20,000 content files and 40,000
    # output files took 0.05 s to load and as much to write on every build (marshal: 0.03 and 0.01 s).
    save_marshalled(cache / MANIFEST, MANIFEST_MAGIC,
                    {"key": key, "outputs": outputs, "agencies": agencies, "files": files})
    _unlink(cache / OLD_MANIFEST)


def _renamed_over(tmp: Path, path: Path) -> None:
    """`tmp` renamed over `path`. A folder in a cache file's place (a cache damaged by hand) is deleted
    first: a damaged cache means a full build, never a failed one."""
    try:
        os.replace(tmp, path)
    except IsADirectoryError:
        shutil.rmtree(path)
        os.replace(tmp, path)


def kept_folder(path: Path) -> Path:
    """`path` made a folder of the cache. A file in its place (a cache damaged by hand) is deleted first:
    a damaged cache means a full build, never a failed one."""
    if path.is_file() or path.is_symlink():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)
    return path


def may_keep_cache_in(path: Path) -> bool:
    """Whether a build may keep its cache in `path`: a folder not made yet, an empty one, or one that holds
    a cache (its marker, or the files of a cache kept before the marker was written)."""
    try:
        names = os.listdir(path)
    except (FileNotFoundError, NotADirectoryError):  # not made yet (or not makeable: said when it is made)
        return True
    except OSError:
        return False
    return not names or not _EARLIER_CACHE_FILES.isdisjoint(names) or CACHE_MARKER in names


# Files only a cache holds, by which a cache kept before its marker was written is known as one.
_EARLIER_CACHE_FILES = frozenset({MANIFEST, "manifest.json", "engine.pickle", "parsed.pickle", "national.pickle",
                                  "national-folders"})


def claim_cache_folder(path: Path) -> None:
    """The cache folder made (OSError when it cannot be), with its marker; a marker damaged by hand (a
    folder in its place) is written again, and one that cannot be written is left out: the cache's own
    files say what the folder is as well."""
    path.mkdir(parents=True, exist_ok=True)
    marker = path / CACHE_MARKER
    if marker.is_file() and not marker.is_symlink():
        return
    try:
        if marker.is_dir() and not marker.is_symlink():
            shutil.rmtree(marker)
        elif marker.is_symlink() or marker.exists():
            marker.unlink()
        marker.write_bytes(CACHE_MARKER_TEXT)
    except OSError:
        pass


def forget(cache: Path) -> None:
    _unlink(cache / MANIFEST)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


PACKS = "packs"  # the store's folder in the cache folder (one file per object was `targets/`)
INDEX = "index"  # in PACKS: key -> pack, offset, length, sorted by key
PACK_MAGIC = b"AKP1"
INDEX_MAGIC = b"AKI1"
# A record: magic, key, the body's length, the seal (checksum of key and body); then the body.
RECORD = struct.Struct("<4s16sQ16s")
# An index entry: key, the pack's number in the index's list of packs, the record's offset, the body's length.
ENTRY = struct.Struct("<16sIQQ")
INDEX_HEAD = struct.Struct("<4sII")  # magic, number of packs, number of entries
KEY_SIZE = 16
# Below this many look-ups a build searches the sorted index (a one-change build: a few); from it on,
# it is read into a dict once (a build whose keys are all new asks for 40,000 at 20,000 agencies).
SEARCHED = 256
SMALL_PACK = 8 << 20  # packs smaller than this are joined into one once there are SMALL_PACKS of them
SMALL_PACKS = 8


def _seal(key: bytes, body: bytes | memoryview) -> bytes:
    """The checksum of an object together with its key: a damaged object, or one moved to another
    key's place, fails it."""
    h = hashlib.blake2b(key, digest_size=16)
    h.update(body)
    return h.digest()


class TargetStore:
    """Made targets kept on disk by key (the digest of everything they read, with the code), so a
    build reuses every target whose inputs did not change.

    Each process that makes targets appends them to a pack file of its own (`packs/PID-RANDOM.pack`,
    opened at its first put), one record per object: key, length, seal, body. A record is written by
    one system call and never changed, so a process that ends at any moment (a forked worker ends
    through os._exit, a build may be killed) leaves its pack whole up to a last record that may be cut
    short. After the build, prune() writes the index (`packs/index`, sorted by key: pack, offset and
    length of every object the build used) from the last index and the headers of the packs it does
    not name, drops the packs that hold no used object and rewrites those that are mostly dead.
    A look-up reads the index lazily (nothing before the first get), and checks the record it finds
    against the key and the seal: a damaged, truncated or misplaced object is made again, never used."""

    def __init__(self, root: Path):
        self.cache = root
        self.root = root / PACKS
        self.used: set[bytes] = set()
        self._reset()

    def _reset(self) -> None:
        self.index: _Index | None = None  # loaded at the first get
        self.found: dict[bytes, tuple[str, int, int]] = {}  # from the headers of packs the index does not name
        self.readers: dict[str, int] = {}  # pack name -> file descriptor, for gets
        self.writer: tuple[int, int, str] | None = None  # (pid, fd, name) of the pack this process appends to

    # --- reading ---------------------------------------------------------------------------------
    def _loaded(self) -> _Index:
        if self.index is None:
            self.index = _Index.read(self.root / INDEX)
            try:
                names = [n for n in os.listdir(self.root) if n.endswith(".pack")]
            except OSError:
                names = []
            # Packs the index does not name (a build killed before its prune): their headers are read
            # now, a read per object (about 0.1 s for 40,000), where making them again costs seconds
            # per thousand.
            for name in names:
                if name not in self.index.packs_set:
                    for key, offset, length in _walk(os.path.join(self.root, name)):
                        self.found[key] = (name, offset, length)
        return self.index

    def get(self, key: bytes) -> list[tuple[str, bytes]] | None:
        index = self._loaded()
        body = None
        for place in (self.found.get(key), index.find(key)):  # a pack the index does not name is newer
            if place is not None:
                body = self._read(place[0], key, place[1], place[2])
                if body is not None:
                    break
        if body is None:
            return None
        try:
            files = pickle.loads(body)
        except Exception:  # noqa: BLE001 - any damage means: make it again
            return None
        self.used.add(key)
        return files

    def _read(self, name: str, key: bytes, offset: int, length: int) -> bytes | None:
        """The body of the record at `offset` in pack `name`, if it is the object of `key`, whole and sealed."""
        fd = self.readers.get(name)
        try:
            if fd is None:
                fd = self.readers[name] = os.open(os.path.join(self.root, name), os.O_RDONLY | os.O_CLOEXEC)
            raw = os.pread(fd, RECORD.size + length, offset)
        except OSError:
            return None
        if len(raw) != RECORD.size + length:
            return None
        magic, at, size, seal = RECORD.unpack_from(raw)
        body = memoryview(raw)[RECORD.size:]
        if magic != PACK_MAGIC or at != key or size != length or seal != _seal(key, body):
            return None
        return raw[RECORD.size:]

    # --- writing ---------------------------------------------------------------------------------
    def put(self, key: bytes, files: list[tuple[str, bytes]]) -> None:
        if len(key) != KEY_SIZE:
            return
        body = pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL)
        fd = self._writer()
        if fd < 0:
            return
        header = RECORD.pack(PACK_MAGIC, key, len(body), _seal(key, body))
        try:
            written = os.writev(fd, (header, body))
        except OSError:
            written = -1
        if written != len(header) + len(body):  # a full disk: nothing more from this process
            self.writer = (os.getpid(), -1, "")
            return
        self.used.add(key)

    def _writer(self) -> int:
        """This process's pack: opened at its first put (a forked worker starts with its parent's, which
        is not its own), never shared with another process or another build."""
        pid = os.getpid()
        if self.writer is not None and self.writer[0] == pid:
            return self.writer[1]
        name = f"{pid}-{os.urandom(6).hex()}.pack"
        try:
            os.makedirs(self.root, exist_ok=True)
            fd = os.open(os.path.join(self.root, name),
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_CLOEXEC, 0o644)
        except OSError:
            fd, name = -1, ""
        self.writer = (pid, fd, name)
        return fd

    def keep(self, key: bytes) -> None:
        """The build used this object's files without reading them (its output already held them)."""
        self.used.add(key)

    # --- after the build -------------------------------------------------------------------------
    def prune(self) -> None:
        """Index what the build used, where it is now; drop the rest. The new index is in place before
        any pack is deleted, and a rewritten pack is whole before the index names it, so a build killed
        during the prune leaves either index, each naming packs that are there (an unnamed pack left
        behind is read by its headers, then dropped by the next prune if unused).

        With the cyclic garbage collector paused: the prune's tuples (one per object, 40,000 at 20,000
        agencies) were enough allocations to start a collection of the young generations, which after a
        one-change build hold much of what it loaded (0.67 s of CPU, a third more than the whole store
        saves there). Freed before the collector resumes, they leave its counts as they were."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._prune()
        finally:
            if enabled:
                gc.enable()

    def _prune(self) -> None:
        self._close()
        old = self.index if self.index is not None else _Index.read(self.root / INDEX)
        try:
            names = {n for n in os.listdir(self.root) if n.endswith(".pack")}
        except OSError:
            names = set()
        used = self.used
        live: dict[bytes, tuple[str, int, int]] = {}
        for key, name, offset, length in old.entries():
            if key in used and name in names:
                live[key] = (name, offset, length)
        for name in sorted(names - old.packs_set):  # this build's packs, and any other the index does not name
            for key, offset, length in _walk(os.path.join(self.root, name)):
                if key in used:  # made (again) since the index was written: newer than what it names
                    live[key] = (name, offset, length)
        held: dict[str, int] = dict.fromkeys(names, 0)
        for name, _, length in live.values():
            held[name] += RECORD.size + length
        sizes = {}
        for name in names:
            try:
                sizes[name] = os.stat(os.path.join(self.root, name)).st_size
            except OSError:
                sizes[name] = 0
        dead = {name for name in names if not held[name]}
        mostly_dead = {name for name in names - dead if held[name] * 2 < sizes[name]}
        small = {name for name in names - dead if sizes[name] < SMALL_PACK}
        rewrite = mostly_dead | (small if len(small) >= SMALL_PACKS else set())
        if rewrite:
            moved = self._rewritten(live, rewrite)
            if moved is None:  # no room to copy them: the packs stay as they are
                rewrite = set()
            else:
                live.update(moved)
        if names or old.count:
            _Index.write(self.root / INDEX, live)
        for name in dead | rewrite:
            try:
                os.unlink(os.path.join(self.root, name))
            except OSError:
                pass
        old_store = self.cache / "targets"  # where an earlier version kept one file per object
        if old_store.is_dir():
            from .write import _delete_later  # noqa: PLC0415 - write imports this module

            if not _delete_later(self.cache / "trash", old_store):
                shutil.rmtree(old_store, ignore_errors=True)
        self.used = set()
        self._reset()

    def _rewritten(self, live: dict[bytes, tuple[str, int, int]], packs: set[str]
                   ) -> dict[bytes, tuple[str, int, int]] | None:
        """The live objects of `packs` copied into one new pack (each checked as a get checks it: one
        that fails is left out, and made again when asked for); their new places. None when the copy
        could not be written (a full disk): nothing is moved."""
        moved: dict[bytes, tuple[str, int, int]] = {}
        todo = sorted((place, key) for key, place in live.items() if place[0] in packs)
        name = f"{os.getpid()}-{os.urandom(6).hex()}.pack"
        path = os.path.join(self.root, name)
        offset = 0
        try:
            with open(path, "xb") as out:
                for (old, at, length), key in todo:
                    body = self._read(old, key, at, length)
                    if body is None:
                        continue
                    out.write(RECORD.pack(PACK_MAGIC, key, length, _seal(key, body)))
                    out.write(body)
                    moved[key] = (name, offset, length)
                    offset += RECORD.size + length
        except OSError:
            self._close()
            try:
                os.unlink(path)
            except OSError:
                pass
            return None
        self._close()
        for key, place in live.items():  # those that failed are not kept
            if place[0] in packs and key not in moved:
                moved[key] = ("", 0, 0)
        return moved

    def _close(self) -> None:
        for fd in self.readers.values():
            os.close(fd)
        self.readers = {}
        if self.writer is not None and self.writer[0] == os.getpid() and self.writer[1] >= 0:
            os.close(self.writer[1])
        self.writer = None


def _walk(path: str) -> Iterator[tuple[bytes, int, int]]:
    """(key, offset, length) of each whole record of a pack, read by its headers, up to the first that
    is not whole (a build killed mid-append) or not a record (a damaged header)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        size = os.fstat(fd).st_size
        offset = 0
        while offset + RECORD.size <= size:
            magic, key, length, _ = RECORD.unpack(os.pread(fd, RECORD.size, offset))
            if magic != PACK_MAGIC or offset + RECORD.size + length > size:
                return
            yield key, offset, length
            offset += RECORD.size + length
    finally:
        os.close(fd)


class _Index:
    """The index as written by the last prune: its bytes, searched where they lie until many look-ups
    make a dict worth its cost."""

    def __init__(self, packs: list[str], data: bytes, start: int, count: int):
        self.packs, self.packs_set = packs, set(packs)
        self.data, self.start, self.count = data, start, count
        self.asked = 0
        self.table: dict[bytes, int] | None = None

    @classmethod
    def read(cls, path: Path) -> _Index:
        try:
            data = path.read_bytes()
            magic, npacks, count = INDEX_HEAD.unpack_from(data)
            if magic != INDEX_MAGIC or data[-16:] != digest(memoryview(data)[:-16]):
                raise ValueError
            names, at = [], INDEX_HEAD.size
            for _ in range(npacks):
                size = data[at]
                names.append(data[at + 1:at + 1 + size].decode("ascii"))
                at += 1 + size
            if at + count * ENTRY.size + 16 != len(data):
                raise ValueError
        except (OSError, ValueError, struct.error, IndexError, UnicodeDecodeError):
            return cls([], b"", 0, 0)  # missing or damaged: every pack is read by its headers
        return cls(names, data, at, count)

    def _key(self, i: int) -> bytes:
        at = self.start + i * ENTRY.size
        return self.data[at:at + KEY_SIZE]

    def find(self, key: bytes) -> tuple[str, int, int] | None:
        if not self.count:
            return None
        if self.table is None:
            self.asked += 1
            if self.asked < SEARCHED:
                i = bisect.bisect_left(range(self.count), key, key=self._key)
                if i == self.count or self._key(i) != key:
                    return None
            else:
                self.table = {self._key(i): i for i in range(self.count)}
                return self.find(key)
        else:
            i = self.table.get(key)
            if i is None:
                return None
        _, pack, offset, length = ENTRY.unpack_from(self.data, self.start + i * ENTRY.size)
        return (self.packs[pack], offset, length) if pack < len(self.packs) else None

    def entries(self) -> Iterator[tuple[bytes, str, int, int]]:
        packs = self.packs
        for key, pack, offset, length in ENTRY.iter_unpack(
                memoryview(self.data)[self.start:self.start + self.count * ENTRY.size]):
            if pack < len(packs):
                yield key, packs[pack], offset, length

    @staticmethod
    def write(path: Path, live: dict[bytes, tuple[str, int, int]]) -> None:
        """Sorted by key; written beside and renamed over the old one."""
        packs = sorted({name for name, _, _ in live.values() if name})
        number = {name: i for i, name in enumerate(packs)}
        entries = [ENTRY.pack(key, number[name], offset, length)
                   for key, (name, offset, length) in sorted(live.items()) if name]
        data = b"".join([INDEX_HEAD.pack(INDEX_MAGIC, len(packs), len(entries)),
                         *(bytes([len(name)]) + name.encode("ascii") for name in packs), *entries])
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data + digest(data))
        _renamed_over(tmp, path)


PARSED = "parsed.pickle"


def load_parsed(cache: Path, fingerprint: bytes, name: str = PARSED) -> dict[Any, Any]:
    """The parsed agency files the last build kept (or another dict kept under `name`), if written by
    this code and undamaged; else {}. The bytes kept out of band (see save_parsed) are not copied: they
    are views of the file mapped into memory, which stays mapped while any of them is held."""
    try:
        with _mapped(cache / name) as raw:
            body = raw[32:]  # not a copy: the rows of 20,000 agencies pickle to some 150 MB
            if raw[:16] != fingerprint or raw[16:32] != _sealed(raw[20:32], body):
                return {}
            found = unpickled(*_pickle_and_buffers(body))
            del body
    except Exception:  # noqa: BLE001 - missing or damaged: every file is parsed again
        return {}
    return found if isinstance(found, dict) else {}


def _pickle_and_buffers(body: memoryview) -> tuple[memoryview, list[memoryview]]:
    """A body's pickle and its out-of-band buffers, as save_parsed lays them out: the pickle, the buffers
    one after another, their lengths, then the pickle's length and the buffers' count (8 bytes each)."""
    size, count = _TRAILER.unpack(body[-_TRAILER.size:])
    table = len(body) - _TRAILER.size - 8 * count
    lengths = struct.unpack(f"<{count}Q", body[table:len(body) - _TRAILER.size])
    if size + sum(lengths) != table:
        raise ValueError("damaged")
    buffers, at = [], size
    for length in lengths:
        buffers.append(body[at:at + length])
        at += length
    return body[:size], buffers


class _mapped:
    """A kept file's bytes as a memoryview of the file mapped into memory (its pages read in at once),
    not copied into a new bytes object: reading the 150 MB of export rows into one cost a tenth of a
    second more than the mapping. Files in the cache folder are written beside and renamed over, never
    changed in place, so the mapping cannot change under the reader. Empty files and file systems
    that cannot map are read as before."""

    def __init__(self, path: Path):
        self.path, self.map = path, None

    def __enter__(self) -> memoryview:
        with open(self.path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            try:
                if size:
                    self.map = mmap.mmap(fh.fileno(), size, flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0),
                                         prot=mmap.PROT_READ)
            except (OSError, ValueError, AttributeError):
                self.map = None
            self.view = memoryview(self.map) if self.map is not None else memoryview(fh.read())
        return self.view

    def __exit__(self, *exc: object) -> None:
        self.view.release()
        if self.map is not None:
            try:
                self.map.close()
            except BufferError:  # a view of it still held (by an exception's frame): closed when freed
                pass


def unpickled(body: bytes | memoryview, buffers: list[memoryview] | None = None) -> Any:
    """pickle.loads with the cyclic garbage collector paused: unpickling 20,000 agencies makes some
    300,000 objects, and the collector walked the growing heap again and again, two thirds of the
    time. A pause only delays collection: anything left unreachable is collected once it resumes.

    What was unpickled is then frozen (gc.freeze: moved where the collector no longer looks): it is the
    build's long-lived state, and resumed with it among the young, the collector walked it whole at the
    next allocations, then again in each older generation (0.3 to 0.5 s of a one-change build at 20,000
    agencies). Frozen objects are freed as ever when nothing refers to them; only a cycle among them is
    left to the end of the process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        found = pickle.loads(body, buffers=buffers)
        gc.freeze()
        return found
    finally:
        if enabled:
            gc.enable()


def save_parsed(cache: Path, fingerprint: bytes, parsed: dict[Any, Any], name: str = PARSED) -> None:
    """The fingerprint, the body's checksum, the body. The body is pickled straight into the file, and
    the checksum written in its place after it: pickled into memory first, the export rows of 20,000
    agencies were held twice more over (the pickle, then the header and the pickle joined), the peak of
    a cold build with a cache.

    Bytes that their objects give as pickle buffers (pieces.OutOfBand: the export rows) are written after
    the pickle, out of band, so that load_parsed hands them out as views of the mapped file: unpickled, the
    150 MB of rows at 20,000 agencies were copied into new memory (loading them took 0.30 s of every
    build after one change; so, 0.19 s)."""
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".{name}.{os.getpid()}"
    buffers: list[pickle.PickleBuffer] = []
    with open(tmp, "wb") as fh:
        fh.write(fingerprint + bytes(16))
        nonce = os.urandom(12)
        body = _Hashing(fh, nonce)
        pickle.dump(parsed, body, protocol=5, buffer_callback=buffers.append)
        size = body.written
        lengths = []
        for buffer in buffers:
            with buffer.raw() as view:
                body.write(view)
                lengths.append(view.nbytes)
        body.write(struct.pack(f"<{len(lengths)}Q", *lengths) + _TRAILER.pack(size, len(lengths)))
        fh.seek(len(fingerprint))
        fh.write(body.crc.to_bytes(4, "little") + nonce)
    _renamed_over(tmp, cache / name)


_TRAILER = struct.Struct("<QQ")  # the pickle's length, the count of buffers after it


def _sealed(nonce: bytes | memoryview, body: bytes | memoryview) -> bytes:
    """The 16 bytes after the fingerprint: a CRC-32 of a nonce and the body, then the nonce. CRC-32
    (zlib's) reads 150 MB of export rows in 0.04 s where blake2b took 0.18 s, and it is a checksum
    against damage, not a seal against anyone: what wrote the file is the fingerprint's to say. The
    nonce, new at each save, makes the 16 bytes name this one base (a delta names its base by them)."""
    return zlib.crc32(body, zlib.crc32(nonce)).to_bytes(4, "little") + bytes(nonce)


class _Hashing:
    """A file that checksums what is written through it (see _sealed), and counts it."""

    def __init__(self, fh: BinaryIO, nonce: bytes):
        self.fh, self.crc, self.written = fh, zlib.crc32(nonce), 0

    def write(self, data: bytes | memoryview) -> int:
        self.crc = zlib.crc32(data, self.crc)
        self.written += len(data) if isinstance(data, bytes) else memoryview(data).nbytes
        return self.fh.write(data)


class KeptEntries:
    """A dict kept in the cache folder as a base written whole now and then, and beside it the entries
    changed since (`NAME.delta`, naming the base it applies to), so that a build after one edit writes
    one entry instead of pickling 20,000 again: the parsed agency files, each agency's export rows and
    search index part. A delta that does not match its base is ignored: every entry is checked before
    it is used anyway (a parsed file against its file's stamp, a part against its agency's digest)."""

    def __init__(self, cache: Path, fingerprint: bytes, name: str = PARSED):
        self.cache, self.fingerprint, self.name = cache, fingerprint, name
        self.base: bytes | None = None  # the checksum of the base as loaded or last written
        self.delta: dict[Any, Any] = {}  # the entries changed since that base (None: deleted)

    def load(self) -> dict[Any, Any]:
        entries, self.base, self.delta = _base_and_delta(self.cache, self.fingerprint, self.name, "entries")
        for key, entry in self.delta.items():
            if entry is None:
                entries.pop(key, None)
            else:
                entries[key] = entry
        return entries

    def save(self, entries: dict[Any, Any], changed: set[Any]) -> None:
        """Keep `entries`, of which only `changed` differ from what was loaded or last saved."""
        delta = {**self.delta, **{key: entries.get(key) for key in changed}}
        if self.base is None or _past_a_twentieth(len(delta), len(entries)):
            save_parsed(self.cache, self.fingerprint, entries, self.name)
            self.base, self.delta = _checksum_of(self.cache / self.name), {}
            try:
                (self.cache / (self.name + ".delta")).unlink()
            except OSError:
                pass
            return
        save_parsed(self.cache, self.fingerprint, {"base": self.base, "entries": delta}, self.name + ".delta")
        self.delta = delta


class _Gone:
    """What a delta of KeptSections says of an entry deleted since its base."""


class KeptSections:
    """A record of named sections (a dict each, or any other value) kept as KeptEntries keeps its entries: a
    base written whole now and then, and beside it (`NAME.delta`) what changed since, found by comparing
    each dict with a copy of it as loaded or last saved (a copy of a dict shares its values: 20,000 entries
    cost a millisecond). The engine's record (each target's key, each input's digest, each agency's route)
    pickled whole was a fifth of a second of a one-change build at 20,000 agencies, for a few entries changed."""

    def __init__(self, cache: Path, fingerprint: bytes, name: str):
        self.cache, self.fingerprint, self.name = cache, fingerprint, name
        self.base: bytes | None = None  # the checksum of the base as loaded or last written
        self.delta: dict[str, Any] = {}  # section → the entries changed since that base (or its new value)
        self.seen: dict[str, Any] = {}  # section → as loaded or last saved (a dict: a copy)

    def load(self) -> dict[str, Any]:
        sections, self.base, self.delta = _base_and_delta(self.cache, self.fingerprint, self.name, "sections")
        for section, change in self.delta.items():
            if isinstance(change, _Changes):
                entries = sections.get(section)
                if not isinstance(entries, dict):
                    return self._forgotten()
                for key, value in change.entries.items():
                    if isinstance(value, _Gone):
                        entries.pop(key, None)
                    else:
                        entries[key] = value
            else:
                sections[section] = change
        self._saw(sections)
        return sections

    def save(self, sections: dict[str, Any]) -> None:
        """Keep `sections`: the entries that differ from what was loaded or last saved, beside the base,
        or all of them as a new base when those have grown past a twentieth."""
        delta = dict(self.delta)
        for section, value in sections.items():
            before, last = self.seen.get(section, _Gone), delta.get(section)
            replaced = section in delta and not isinstance(last, _Changes)  # the delta holds its whole value
            if isinstance(value, dict) and isinstance(before, dict) and not replaced:
                changed = _changed_entries(before, value)
                if changed:
                    delta[section] = _Changes({**last.entries, **changed} if isinstance(last, _Changes) else changed)
            elif before is not value and before != value:
                delta[section] = dict(value) if isinstance(value, dict) else value
        size = sum(len(value) if isinstance(value, dict) else 1 for value in sections.values())
        changes = sum(len(c.entries) if isinstance(c, _Changes) else 1 for c in delta.values())
        if self.base is None or set(sections) != set(self.seen) or _past_a_twentieth(changes, size):
            save_parsed(self.cache, self.fingerprint, sections, self.name)
            self.base, self.delta = _checksum_of(self.cache / self.name), {}
            _unlink(self.cache / (self.name + ".delta"))
        elif delta != self.delta:
            save_parsed(self.cache, self.fingerprint, {"base": self.base, "sections": delta}, self.name + ".delta")
            self.delta = delta
        self._saw(sections)

    def _saw(self, sections: dict[str, Any]) -> None:
        self.seen = {section: dict(value) if isinstance(value, dict) else value for section, value in sections.items()}

    def _forgotten(self) -> dict[str, Any]:
        """A delta that does not fit its base (damaged): nothing is used."""
        self.base, self.delta, self.seen = None, {}, {}
        return {}


class _Changes:
    """A dict section's entries changed since the base (a _Gone for one deleted)."""

    def __init__(self, entries: dict[Any, Any]):
        self.entries = entries

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Changes) and other.entries == self.entries


def _changed_entries(before: dict[Any, Any], after: dict[Any, Any]) -> dict[Any, Any]:
    """entries_changed, with a _Gone for each key gone."""
    changed, gone = entries_changed(before, after)
    changed.update((key, _Gone()) for key in gone)
    return changed


def entries_changed(before: dict[Any, Any], after: dict[Any, Any]) -> tuple[dict[Any, Any], list[Any]]:
    """The entries of `after` that `before` lacks or holds another value for, and the keys of `before` that
    `after` lacks. Most values are the very objects loaded (or equal lists): `is` answers before `==`."""
    missing = _Gone
    changed = {key: value for key, value in after.items()
               if (old := before.get(key, missing)) is not value and (old is missing or old != value)}
    if len(before) + sum(1 for key in changed if key not in before) == len(after):  # none is gone
        return changed, []
    return changed, [key for key in before if key not in after]


def _past_a_twentieth(changes: int, entries: int) -> bool:
    """Whether a delta has grown enough to write its base whole again instead."""
    return changes > max(200, entries // 20)


def _base_and_delta(cache: Path, fingerprint: bytes, name: str, field: str
                    ) -> tuple[dict[Any, Any], bytes | None, dict[Any, Any]]:
    """A kept base (save_parsed's `name`), its checksum (None: no base), and the delta beside it (its dict
    under `field`) if that delta names this base; else an empty one."""
    base = load_parsed(cache, fingerprint, name)
    checksum = _checksum_of(cache / name) if base else None
    found = load_parsed(cache, fingerprint, name + ".delta")
    if checksum is not None and found.get("base") == checksum and isinstance(found.get(field), dict):
        return base, checksum, found[field]
    return base, checksum, {}


def _checksum_of(path: Path) -> bytes | None:
    """The body checksum in the header save_parsed writes."""
    try:
        with open(path, "rb") as fh:
            return fh.read(32)[16:] or None
    except OSError:
        return None
