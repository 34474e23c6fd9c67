"""The build cache: what the last successful build read and wrote, so that a build with nothing
changed does nothing.

It also keeps every made target by key (TargetStore), so a build after one edit makes only the
targets that read the edited file. The cache folder (`build --cache DIR`) is safe to delete. Its manifest is keyed by everything a
build depends on: the stat of every content file, the bytes of the code, templates, static files,
message catalogues and schemas, the base URL, the output folder and the build date (staleness badges
change with the calendar). Any difference, or a manifest that cannot be read, means a full build.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import sysconfig
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

MANIFEST = "manifest.json"
VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# The libraries whose output is published as it comes: Markdown and nh3 (descriptions), Jinja2 (pages),
# zxing-cpp (QR codes), calmjs.parse with ply (scripts) and rcssmin (stylesheets), PyYAML (what is read).
OUTPUT_LIBRARIES = ("Jinja2", "Markdown", "nh3", "zxing-cpp", "calmjs.parse", "ply", "rcssmin", "PyYAML")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def data_digest(value: Any) -> bytes:
    """Frozen dataclasses, tuples, strings and dates pickle to the same bytes for the same value."""
    return digest(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def tree_stamps(root: Path) -> dict[str, list[int]]:
    """Every file under root → [size, mtime_ns, inode]; editing, replacing or deleting one changes it.
    Links to folders are not followed; a link to a file is stamped as the file it names."""
    stamps: dict[str, list[int]] = {}
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((name + "/", entry.path))
            elif not entry.is_dir():
                try:
                    stamps[name] = stamp_of(entry.stat())
                except OSError:
                    stamps[name] = [-1, 0, 0]
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
              build_date: str, repository: tuple[str, str] | None = None) -> dict[str, Any]:
    return key_of(tree_stamps(content), out, templates, static, base_url, build_date, repository)


def key_of(inputs: dict[str, Any], out: Path, templates: Path, static: Path, base_url: str | None,
           build_date: str, repository: tuple[str, str] | None = None) -> dict[str, Any]:
    """What a build's output is made from: `inputs` (the stamps of the content's files), the code, the
    output folder, the address, the repository the edit links lead to (--repository) and the date."""
    return {"version": VERSION, "code": code_fingerprint(templates, static), "base_url": base_url,
            "repository": list(repository) if repository else None,
            "out": str(out.absolute()), "build_date": build_date, "inputs": inputs}


def load_manifest(cache: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing, unreadable or truncated: a full build will write a new one
    return data if isinstance(data, dict) else None


def is_up_to_date(manifest: dict[str, Any] | None, key: dict[str, Any], out: Path) -> bool:
    """The last build had exactly these inputs, and its output is still there, untouched."""
    if manifest is None or manifest.get("key") != key:
        return False
    return manifest.get("outputs") == tree_stamps(out)


def save_manifest(cache: Path, key: dict[str, Any], outputs: dict[str, list[int]], agencies: int,
                  files: int) -> None:
    """Written beside, then renamed over the old one, so a crash leaves an old or a new manifest.
    `outputs`: the stamps of the files written (as tree_stamps gives them), recorded as they were written."""
    cache.mkdir(parents=True, exist_ok=True)
    data = {"key": key, "outputs": outputs, "agencies": agencies, "files": files}
    tmp = cache / f".{MANIFEST}.{os.getpid()}"
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, cache / MANIFEST)


def forget(cache: Path) -> None:
    try:
        (cache / MANIFEST).unlink()
    except OSError:
        pass


def _seal(key: bytes, body: bytes) -> bytes:
    """The checksum of an object together with its key: a damaged object, or one moved to another
    key's name, fails it."""
    return hashlib.blake2b(key + body, digest_size=16).digest()


class TargetStore:
    """Made targets kept on disk by key (the digest of everything they read, with the code), so a
    build reuses every target whose inputs did not change. Each object carries a checksum of its
    bytes: a damaged or truncated object is made again, never used."""

    def __init__(self, root: Path):
        self.root = root / "targets"
        self.used: set[str] = set()
        self.folders: set[str] = set()  # the subfolders this process has made or found

    def _path(self, name: str) -> str:
        return f"{os.fspath(self.root)}/{name[:2]}/{name}"  # as text: Path objects cost more than the write

    def get(self, key: bytes) -> list[tuple[str, bytes]] | None:
        name = key.hex()
        try:
            with open(self._path(name), "rb") as fh:
                raw = fh.read()
        except OSError:
            return None
        body = raw[16:]
        if raw[:16] != _seal(key, body):
            return None
        try:
            files = pickle.loads(body)
        except Exception:  # noqa: BLE001 - any damage means: make it again
            return None
        self.used.add(name)
        return files

    def put(self, key: bytes, files: list[tuple[str, bytes]]) -> None:
        name = key.hex()
        body = pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL)
        path = self._path(name)
        folder = path.rpartition("/")[0]
        tmp = f"{folder}/.{name}.{os.getpid()}"
        if name[:2] not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(name[:2])
        try:
            fh = open(tmp, "wb")
        except FileNotFoundError:  # the folder was deleted since this process made it
            os.makedirs(folder, exist_ok=True)
            fh = open(tmp, "wb")
        with fh:
            fh.write(_seal(key, body) + body)
        os.replace(tmp, path)
        self.used.add(name)

    def keep(self, key: bytes) -> None:
        """The build used this object's files without reading them (its output already held them)."""
        self.used.add(key.hex())

    def prune(self) -> None:
        """Forget objects the last build did not use, so the folder does not grow without end."""
        for folder in self.root.glob("??"):
            with os.scandir(folder) as entries:  # names, not 40,000 Path objects
                doomed = [entry.path for entry in entries if entry.name not in self.used]
            for path in doomed:
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass


PARSED = "parsed.pickle"


def load_parsed(cache: Path, fingerprint: bytes, name: str = PARSED) -> dict[Any, Any]:
    """The parsed agency files the last build kept (or another dict kept under `name`), if written by
    this code and undamaged; else {}."""
    try:
        raw = (cache / name).read_bytes()
        body = memoryview(raw)[32:]  # not a copy: the rows of 20,000 agencies pickle to some 200 MB
        if raw[:16] != fingerprint or raw[16:32] != hashlib.blake2b(body, digest_size=16).digest():
            return {}
        found = unpickled(body)
    except Exception:  # noqa: BLE001 - missing or damaged: every file is parsed again
        return {}
    return found if isinstance(found, dict) else {}


def unpickled(body: bytes | memoryview) -> Any:
    """pickle.loads with the cyclic garbage collector paused: unpickling 20,000 agencies makes some
    300,000 objects, and the collector walked the growing heap again and again, two thirds of the
    time. A pause only delays collection: anything left unreachable is collected once it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(body)
    finally:
        if enabled:
            gc.enable()


def save_parsed(cache: Path, fingerprint: bytes, parsed: dict[Any, Any], name: str = PARSED) -> None:
    """The fingerprint, the body's checksum, the body. The body is pickled straight into the file, and
    the checksum written in its place after it: pickled into memory first, the export rows of 20,000
    agencies were held twice more over (the pickle, then the header and the pickle joined), the peak of
    a cold build with a cache."""
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".{name}.{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(fingerprint + bytes(16))
        body = _Hashing(fh)
        pickle.dump(parsed, body, protocol=pickle.HIGHEST_PROTOCOL)
        fh.seek(len(fingerprint))
        fh.write(body.digest.digest())
    os.replace(tmp, cache / name)


class _Hashing:
    """A file that digests what is written through it."""

    def __init__(self, fh: BinaryIO):
        self.fh, self.digest = fh, hashlib.blake2b(digest_size=16)

    def write(self, data: bytes) -> int:
        self.digest.update(data)
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
        entries = load_parsed(self.cache, self.fingerprint, self.name)
        self.base, self.delta = (_checksum_of(self.cache / self.name) if entries else None), {}
        found = load_parsed(self.cache, self.fingerprint, self.name + ".delta")
        if self.base is not None and found.get("base") == self.base and isinstance(found.get("entries"), dict):
            self.delta = found["entries"]
            for key, entry in self.delta.items():
                if entry is None:
                    entries.pop(key, None)
                else:
                    entries[key] = entry
        return entries

    def save(self, entries: dict[Any, Any], changed: set[Any]) -> None:
        """Keep `entries`, of which only `changed` differ from what was loaded or last saved."""
        delta = {**self.delta, **{key: entries.get(key) for key in changed}}
        if self.base is None or len(delta) > max(200, len(entries) // 20):
            save_parsed(self.cache, self.fingerprint, entries, self.name)
            self.base, self.delta = _checksum_of(self.cache / self.name), {}
            try:
                (self.cache / (self.name + ".delta")).unlink()
            except OSError:
                pass
            return
        save_parsed(self.cache, self.fingerprint, {"base": self.base, "entries": delta}, self.name + ".delta")
        self.delta = delta


def _checksum_of(path: Path) -> bytes | None:
    """The body checksum in the header save_parsed writes."""
    try:
        with open(path, "rb") as fh:
            return fh.read(32)[16:] or None
    except OSError:
        return None
