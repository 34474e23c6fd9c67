"""The one build path: `build`, `build --cache`, `check`, `serve` and the tests all use a Builder.

A Builder reads the content (re-parsing only files whose stat changed), lists the site's targets
(targets.py), computes each one's key from the digests of what it reads, and makes only targets
whose key it has not seen: in memory for the dev server, in the cache folder for `build --cache`.
Files stream into a staging folder as they are made; output/ is swapped whole at the end.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from functools import partial
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from . import cache
from .cache import data_digest, kept_folder, package_fingerprint as code_fingerprint
from .write import MARKER, Kept, MemorySink, Staging, WriteStats
from ..pieces import FileData, as_bytes
from ..site.fragments import Fragments  # markupsafe only

# The engine's heavy modules (Jinja, Markdown, nh3, zxing-cpp, jsonschema through the reader) are imported
# only when something must be read or made, so `build --cache` with nothing changed stays quick.
if TYPE_CHECKING:
    from ..content.reader import FileResult
    from ..model import Agency, Directory, RegionSettings
    from ..routing import Route
    from ..site.exports import ExportRows
    from ..site.parts import AgencyParts
    from ..site.search import SearchRows
    from ..site.render import Renderer
    from ..site.views import SiteFacts
    from .inputs import Inputs
    from .pool import Calls
    from .targets import Files, Target

PROJECT_DIR = Path(__file__).resolve().parents[2]
ENGINE = "engine.pickle"  # in the cache folder: see Builder._load_record
ENGINE_VERSION = 7
FOLDERS = "folders"  # in the cache folder: what output/ and the spare folder hold (write.Kept.save)
PARTS = ("rows", "search-rows")  # rows.pickle, search-rows.pickle: see Builder._save_engine
FRAME = ""  # the key under which those files name their parts' frame: no slug is empty
# A file changed less than this before it was parsed may change again without a new change time
# (file systems stamp from a clock that ticks every few milliseconds, some every second or two).
RACY_NS = 3_000_000_000
# A target larger than this (the exports and the search index of a large site, joined from rows the
# engine keeps) is not kept in the cache's store: the folder a build is made in already holds it when
# its key is unchanged, so keeping it would cost pickling, hashing and writing it (169 MB at 20,000
# agencies) on every edit for a reuse that almost never comes; when it does, it is joined again.
STORE_LIMIT = 4_000_000
NO_KEY = b""  # the key of every target in a build that keeps nothing


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    templates: Path = PROJECT_DIR / "templates"
    static: Path = PROJECT_DIR / "static"
    base_url: str | None = None
    repository: tuple[str, str] | None = None  # (URL, branch) replacing site.yaml's: the CI run's repository
    cache: Path | None = None  # a folder for the build cache; None: always build everything
    region: RegionSettings | None = None  # one region of a national build (build/national.py)


@dataclass(frozen=True)
class BuildResult:
    agencies: int
    stats: WriteStats
    seconds: float
    up_to_date: bool = False  # nothing changed since the last build: output/ was left as it was


def up_to_date_result(cache_dir: Path, key: dict[str, Any], out: Path, started: float,
                      outputs: dict[str, list[int]] | None = None) -> BuildResult | None:
    """The result of a build that stops at once, its inputs and output being the last build's (the cache
    folder's manifest), or None, the manifest then forgotten: the output is about to change. `outputs`:
    as cache.is_up_to_date takes them."""
    manifest = cache.load_manifest(cache_dir)
    if cache.is_up_to_date(manifest, key, out, MARKER, outputs):
        assert manifest is not None
        return BuildResult(manifest["agencies"], WriteStats(manifest["files"], 0, 0), time.perf_counter() - started,
                           up_to_date=True)
    cache.forget(cache_dir)
    return None


def build_date() -> date:
    """Today, or the date SOURCE_DATE_EPOCH names, so builds can be reproduced later."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


@dataclass
class Plan:
    """One build's targets, and how to key them."""

    facts: SiteFacts
    targets: list[Target]
    inputs: Inputs
    renderer: Renderer
    sources: bytes | None = None  # every template's digest, once asked for
    lists: bytes = b""  # the digest of everything the list pages show (views reused when it is the same)
    letters: list[str] | None = None  # the topic letters, when known without computing the topic view
    # What Builder.key hashes, once per build: inputs' digests by list of inputs, and templates' by templates.
    read_digests: dict[tuple[str, ...], bytes] = dataclasses.field(default_factory=dict)
    template_digests: dict[tuple[str, ...], bytes] = dataclasses.field(default_factory=dict)


@dataclass
class Last:
    """What the previous build computed: enough to tell which targets' inputs changed without
    computing every key again. Kept in memory by the dev server, in the cache folder by `build --cache`."""

    routes: dict[str, Route]  # where each agency's complaints went
    inputs: dict[str, bytes]  # input name → digest
    keys: dict[str, tuple[tuple[str, ...], tuple[str, ...], bytes]]  # target → (reads, templates, key)
    lists: bytes
    letters: list[str]
    others: tuple[str, ...] = ()  # the names in `inputs` besides agencies and routes (templates, views, ...)
    across: Any = None  # `build --cache`: what the rules across files read in its read (reader.across_files)


def _file_hash(path: str | Path) -> bytes:
    """The digest of a regular file's bytes (a FIFO or a folder has none: reading one could block)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        with open(path, "rb") as fh:
            return hashlib.blake2b(fh.read(), digest_size=16).digest()
    except OSError:
        return b""


# A parsed agency file as kept: its stamp, the build date, the kept parse, the agency's data digest,
# and the file's hash when it changed just before it was parsed (see RACY_NS).
FileEntry = tuple[tuple[int, ...], date, "FileResult", bytes, "bytes | None"]


def _stamp(st: os.stat_result) -> tuple[int, ...]:
    """A content file's stamp: an output's (cache.stamp_of) and its change time, which no tool can set back."""
    return (*cache.stamp_of(st), st.st_ctime_ns)


def _checked(path: Path, rel: str, root: Path, today: date, st: os.stat_result) -> tuple[FileResult, FileEntry | None]:
    """The file's check, and what to keep of it (None for a mistake): its agency and name, not its data."""
    from ..content.load import DocumentOnDisk  # noqa: PLC0415 - imported by the read already
    from ..content.reader import FileResult, check_agency_file  # noqa: PLC0415
    # The change time cannot be set back (mtime can), so an unchanged stamp means unchanged bytes, unless
    # the file changed within a tick of the clock that stamps it: one that new is hashed as well, before
    # it is parsed, so that an edit while it is parsed leaves a hash the file no longer has (parsed again
    # next time), never the new bytes' hash beside the old bytes' parse.
    racy = st.st_ctime_ns > time.time_ns() - RACY_NS
    digest = _file_hash(path) if racy else None
    result = check_agency_file(path, rel, root, today)
    if result.agency is None:
        return result, None
    kept = FileResult(DocumentOnDisk(rel, os.fspath(path), os.fspath(root)), result.agency, result.errors)
    return result, (_stamp(st), today, kept, data_digest(result.agency), digest)


def _settled(stamp: tuple[int, ...]) -> bool:
    """Whether a file's change time (the stamp's last field) is now more than RACY_NS old: any later change
    gets a later change time, so once its bytes hash as they did when it was parsed, its stamp alone
    tells. Without this, a file parsed just after it changed was hashed again on every build for ever (a
    folder copied just before a cold build at 20,000 agencies: the 3,077 files parsed within RACY_NS of it)."""
    return stamp[-1] < time.time_ns() - RACY_NS


def _entry_of(path: Path, rel: str, root: Path, today: date, st: os.stat_result) -> FileEntry | None:
    """What a worker sends back of a file it parsed: the entry, not the parsed data and positions."""
    return _checked(path, rel, root, today, st)[1]


def _default_workers() -> int:
    from .pool import default_workers  # noqa: PLC0415

    return default_workers()


class PartsAhead:
    """Agencies' missing parts (export rows, index parts) to be made in the worker pool, as its jobs, and
    where each made part goes: taken by the AgencyParts it belongs to as made ahead."""

    def __init__(self) -> None:
        self.groups: list[tuple[AgencyParts[Any], Callable[[Agency], Any], list[Agency]]] = []

    def add(self, parts: AgencyParts[Any], make: Callable[[Agency], Any], agencies: list[Agency]) -> None:
        self.groups.append((parts, make, agencies))

    def __len__(self) -> int:
        return sum(len(agencies) for _, _, agencies in self.groups)

    def jobs(self) -> Calls[Any]:
        from .pool import Calls  # noqa: PLC0415
        return Calls(self._made, range(len(self)))

    def _made(self, i: int) -> Any:
        _, make, agency = self._place(i)
        return make(agency)

    def took(self, i: int, part: Any) -> None:
        parts, _, agency = self._place(i)
        parts.ahead[agency.slug] = part

    def _place(self, i: int) -> tuple[AgencyParts[Any], Callable[[Agency], Any], Agency]:
        for parts, make, agencies in self.groups:
            if i < len(agencies):
                return parts, make, agencies[i]
            i -= len(agencies)
        raise IndexError(i)


class Builder:
    """Owns every cache: parsed agency files, made targets (in memory when `keep`), the cache folder."""

    def __init__(self, options: BuildOptions, *, keep: bool = False, workers: int | None = None):
        self.options = options
        self.keep = keep  # the dev server: remember every target's files between builds
        self.workers = _default_workers() if workers is None else workers
        self.store = cache.TargetStore(options.cache) if options.cache is not None else None
        # Parsed agency files by path: kept between builds by the dev server, and in the cache folder.
        # Keyed by the path as text: 20,000 Path objects cost seconds to unpickle, strings nothing.
        self.files: dict[str, FileEntry] = {}
        self.verified: set[str] = set()  # entries whose bytes this process has hashed
        self.kept_files = cache.KeptEntries(options.cache, code_fingerprint()) if options.cache is not None else None
        # Each agency's export rows and search index part, kept beside engine.pickle the same way.
        self.kept_parts = ({name: cache.KeptEntries(options.cache, code_fingerprint(), f"{name}.pickle")
                            for name in PARTS} if options.cache is not None else {})
        # The engine's own record: every target's key, every input's digest, every agency's route...
        self.kept_engine = cache.KeptSections(options.cache, code_fingerprint(), ENGINE) if options.cache else None
        self.changed_files: set[str] = set()  # entries made or dropped since they were last kept there
        self.statted: dict[str, os.stat_result] = {}  # agency files _parse_ahead statted, for the read
        self.given_stats: dict[str, os.stat_result] = {}  # the content's files as build() statted them
        self.loaded = options.cache is None  # the cache folder's parsed files are loaded when first needed
        self.made: dict[str, tuple[bytes, Files]] = {}
        self.closures: dict[tuple[str, ...], tuple[bytes, list[str]]] = {}  # templates → all they use
        self.parsed = 0  # agency files the last read() parsed
        self.seen: list[Path] = []  # the agency files the last read checked, in its order
        # The dev server: the agency files of the last good read, and the files the watcher saw saved
        # since (None: not told, so every file is listed and statted).
        self.listing: list[Path] | None = None
        self.dirty: set[Path] | None = None
        self.last_read: Directory | None = None  # the dev server: the directory the last good read made
        self.listing_names: set[str] = set()  # the names of the files in `listing`
        self.read_as: tuple[date, Path] | None = None  # the last good read's day and working folder
        self.digests: dict[str, bytes] = {}
        self.rendered = 0  # targets the last build made rather than reused
        self.made_names: list[str] = []  # which ones, for the tests and the log
        self.keyed = 0  # targets whose key the last build computed (the others' inputs had not changed)
        self.last: Last | None = None  # the previous build (when `keep`, or from the cache folder)
        self.remembers = keep or options.cache is not None  # uses and keeps `last`
        self.rows: ExportRows | None = None  # each agency's export rows, reused while the agency is unchanged
        self.search_rows: SearchRows | None = None  # and its part of the search index
        self.listed: dict[str, tuple[Any, bytes]] = {}  # slug → (agency or its digest, what the lists show of it)
        # The dev server: each agency's rows and links in the list pages, kept between saves (site/fragments.py).
        self.fragments: Fragments | None = Fragments() if keep else None
        self.listed_digests: dict[str, bytes] = {}  # slug → what the lists show of it (`listed`'s digests)
        self.lists_digest: bytes | None = None  # the digest of all of it, with the frame, as last computed
        self.summary_of: dict[str, dict[str, Any]] = {}  # the dev server: slug → summary (SiteFacts.summaries)
        self.summaries_frame: tuple[bytes, ...] = ()  # the site, date and catalogue those summaries were made under
        self.built: Directory | None = None  # the dev server: the directory of the last build that completed
        self.last_files: tuple[bool, dict[str, Any]] | None = None  # the dev server: its last build's files (joined?)
        self.target_names: list[str] = []  # the dev server: the names of the last build's targets, in order
        self.partial = False  # the last build visited only the targets its changes touched (_touched)
        self.visited = 0  # the targets the last build looked at
        self.partial_paths: list[str] = []  # and the files those targets had before it
        self.readers: tuple[list[str], Any, dict[str, list[int]]] | None = None  # see _readers
        self.topic_index: Any = None  # the dev server: the topic index, brought up to date by each build
        self.list_index: Any = None  # and the home and status pages' lists
        self.agency_targets: Any = None  # the dev server: each agency's page and poster (targets.AgencyTargets)
        # Jinja's, compiled
        self.compiled = kept_folder(options.cache / "templates") if options.cache is not None else None
        self.environments: Any = None  # the dev server: its Jinja environment, kept while it holds
        if keep:
            from ..site.render import KeptEnvironment  # noqa: PLC0415 - see the imports above
            from ..site.topics import TopicIndex  # noqa: PLC0415
            from ..site.lists import ListIndex  # noqa: PLC0415
            from .targets import AgencyTargets  # noqa: PLC0415
            self.topic_index, self.list_index = TopicIndex(), ListIndex()
            self.agency_targets = AgencyTargets()
            self.environments = KeptEnvironment(options.templates, self.compiled)
        self.kept = Kept()  # what output/ and the cache's spare folder hold (`build --cache`)
        # `build --cache`: what the rules across files read in the last read (reader.across_files); kept in
        # `last` with the routes of the build that completed, so that a read with the same need not check them.
        self.read_across: Any = None

    def follow_watcher(self) -> None:
        """From now on `saw` is told of every file saved, created or deleted in the content folder (the
        dev server's watcher is running): once a read has listed the folder, later reads list and stat
        only the agency files it names (see `_listing`)."""
        self.dirty, self.listing = set(), None

    def saw(self, paths: list[Path]) -> None:
        """The watcher's report: these files were saved, created or deleted since the last read."""
        if self.dirty is not None:
            self.dirty.update(Path(os.path.abspath(p)) for p in paths)

    # --- reading -------------------------------------------------------------------------------
    def read(self, today: date | None = None, changed: list[Path] | None = None) -> Directory:
        """The validated content (ContentErrors lists every mistake); unchanged files are not re-parsed.
        `changed`: the files a pull request changes, as read_directory takes them (check --changed)."""
        from ..content.reader import agency_paths, read_directory  # noqa: PLC0415 - see the imports above
        self.parsed = 0
        self.seen = []
        if not self.loaded:  # not before: a build with nothing changed stops without reading them
            assert self.kept_files is not None
            self.files, self.loaded = self.kept_files.load(), True
        today = today or build_date()
        listing, saved = self._listing()
        if listing is not None and listing is self.listing:
            directory = self._reread(today, saved)
            if directory is not None:
                return self._as_built(directory)
            self.seen = []  # read whole below: a mistake is reported as a whole read reports it
        if listing is None:
            check, paths = self._check_file, agency_paths(self.options.content)
            self._parse_ahead(paths, today)
        else:
            check, paths = partial(self._check_unless_kept, saved), listing
        self.listing = None  # until this read succeeds
        try:
            directory = read_directory(self.options.content, today, file_check=check, paths=paths, changed=changed,
                                       chain_continues=self.options.region is not None,
                                       previous=self.last_read if self.keep else None,
                                       listed_code=self.options.region.code if self.options.region else None,
                                       passed=self._passed())
        finally:
            self.statted = {}
        if self._keeps_across():  # with the routes it was read with: kept only for a plan of those routes
            self.read_across = (directory.__dict__.get("across_files"), directory.__dict__.get("routes"))
        self.last_read = directory
        if self.keep and self.dirty is not None:
            self.listing, self.dirty = self.seen, set()
            self.listing_names = {p.name for p in self.listing}
        for name in set(self.files).difference(map(os.fspath, self.seen)):  # deleted files
            del self.files[name]
            self.changed_files.add(name)
        self.digests = {e[2].agency.slug: e[3] for e in self.files.values() if e[2].agency and e[3]}
        if not self.keep and self.store is None:
            self.files = {}  # a one-off build: the parsed files need not outlive the reading
        self.read_as = (today, Path.cwd())
        return self._as_built(directory)

    def _keeps_across(self) -> bool:
        """`build --cache` of a whole site: what its read's rules across files read is kept with the routes.
        (The dev server compares the agencies themselves; a region of a national build keeps no engine.)"""
        return self.options.cache is not None and not self.keep and self.options.region is None

    def _passed(self) -> tuple[Any, dict[str, Route]] | None:
        """What the last build's read gave the rules across files, with its routes, when kept (else a
        marker asking the read for this one's): see reader.read_directory's `passed`."""
        if not self._keeps_across():
            return None
        # The routes of the read are the plan's (`last.routes`) when no region settings replace the site's;
        # both are of the last build that completed (a build that failed after its read leaves `last` as it was).
        if self.last is not None and self.last.across is not None:
            return self.last.across, self.last.routes
        return (None, {})  # nothing equals None: the rules are checked, and this read's is given back

    def _across_of(self, routes: dict[str, Route]) -> Any:
        """What the rules across files read in the read whose routes these are, if it was the last read."""
        found = self.read_across
        return found[0] if found is not None and found[1] is routes else None

    def _reread(self, today: date, saved: set[Path]) -> Directory | None:
        """The dev server's read when the watcher saw only agency files saved (none added or deleted)
        since the last good read, on the same day and in the same working folder: those files read again
        into the last read's directory (reader.reread_directory), or None for a whole read."""
        from ..content.reader import reread_directory  # noqa: PLC0415
        if self.last_read is None or self.read_as != (today, Path.cwd()):
            return None
        names = self.listing_names
        changed = sorted(p for p in saved if p.name in names)
        directory = reread_directory(self.options.content, today, self.last_read, changed,
                                     file_check=partial(self._check_unless_kept, saved),
                                     listed_code=self.options.region.code if self.options.region else None)
        if directory is None:
            return None
        self.seen = self.listing
        self.last_read, self.dirty = directory, set()
        for path in changed:
            entry = self.files.get(os.fspath(path))
            if entry is not None and entry[2].agency is not None and entry[3]:
                self.digests[entry[2].agency.slug] = entry[3]
        return directory

    def _as_built(self, directory: Directory) -> Directory:
        """The directory read, under the options' base URL and region settings."""
        if self.options.base_url:
            directory = directory.with_site(dataclasses.replace(directory.site, base_url=self.options.base_url))
        if self.options.repository:
            directory = directory.with_site(dataclasses.replace(directory.site, repository=self.options.repository))
        if self.options.region is not None:
            directory = directory.with_site(self.options.region.applied_to(directory.site))
        return directory

    def _listing(self) -> tuple[list[Path] | None, set[Path]]:
        """The agency files and those saved since the last read, when the watcher's reports are enough to
        know them: every report since a successful read, each a file in the agencies folder, elsewhere in
        the content folder, or in the templates or static files. Otherwise (None, ∅): the folder is
        listed and every file statted (a report naming the folder or above it, or a path in another
        form than ours, a link's target for one, which could hide an agency file's save)."""
        dirty, folder = self.dirty, Path(os.path.abspath(self.options.content / "agencies"))
        if self.listing is None or dirty is None or not all(self._understood(p, folder) for p in dirty):
            return None, set()
        from ..content.reader import agency_paths_named  # noqa: PLC0415
        listed = self.listing_names
        names = set(listed)
        for path in dirty:
            if path.parent == folder:
                (names.add if path.exists() or path.is_symlink() else names.discard)(path.name)
        # Named as the listing names them (the content folder may be given relative to the working folder).
        saved = {self.options.content / "agencies" / p.name for p in dirty if p.parent == folder}
        return self.listing if names == listed else agency_paths_named(self.options.content, names), saved

    def _understood(self, path: Path, folder: Path) -> bool:
        if path.parent == folder:
            return True
        if folder == path or folder in path.parents or path in folder.parents:
            return False
        roots = (self.options.content, self.options.templates, self.options.static)
        return any(Path(os.path.abspath(root)) in path.parents for root in roots)

    def _check_unless_kept(self, saved: set[Path], path: Path, rel: str, root: Path, today: date) -> FileResult:
        """A file the watcher did not see saved is as it was read last time (on the same day)."""
        cached = self.files.get(os.fspath(path))
        if cached is not None and cached[1] == today and path not in saved and cached[2].doc.rel == rel:
            self.seen.append(path)
            return cached[2]
        return self._check_file(path, rel, root, today)

    def _check_file(self, path: Path, rel: str, root: Path, today: date) -> FileResult:
        from ..content.reader import check_agency_file  # noqa: PLC0415 - imported by read() already
        self.seen.append(path)
        name = os.fspath(path)
        try:
            st = self.statted.pop(name, None) or os.stat(name)
        except OSError:
            return check_agency_file(path, rel, root, today)
        cached = self.files.get(name)
        if cached and cached[0] == _stamp(st) and cached[1] == today and self._still_true(name, cached[2], rel):
            return cached[2]
        self.parsed += 1
        result, entry = _checked(path, rel, root, today, st)
        self._keep(name, entry)
        return result

    def _keep(self, name: str, entry: FileEntry | None) -> None:
        self.changed_files.add(name)
        if entry is None:  # a mistake (or not a regular file: never read it twice)
            self.files.pop(name, None)
        else:
            self.files[name] = entry
            self.verified.add(name)

    def _parse_ahead(self, paths: list[Path], today: date) -> None:
        """Parse in the worker pool the agency files whose kept parse is missing or stale, when there are
        many (a cold build at 20,000 agencies spent 25 s of CPU reading them in this one process); the
        read then finds them kept. A file with a mistake is left to the read, which reports it in place."""
        from ..content.reader import misnamed, named_files  # noqa: PLC0415
        from .pool import POOL_THRESHOLD, run_all  # noqa: PLC0415
        given, self.given_stats = self.given_stats, {}
        if self.workers < 2:
            self.statted.update(given)
            return
        todo = []
        for path, rel in named_files(self.options.content, paths):
            name = os.fspath(path)
            try:  # once: the read takes it from here
                st = self.statted[name] = given.pop(name, None) or os.stat(name)
            except OSError:
                continue
            cached = self.files.get(name)
            if not misnamed(path.name) and (cached is None or cached[0] != _stamp(st) or cached[1] != today):
                todo.append((path, rel, st))
        if len(todo) < POOL_THRESHOLD:
            return
        root = self.options.content
        jobs = [partial(_entry_of, path, rel, root, today, st) for path, rel, st in todo]
        for i, entry in run_all(jobs, self.workers):
            if entry is not None:
                self.parsed += 1
                self._keep(os.fspath(todo[i][0]), entry)

    def _still_true(self, path: str, result: FileResult, rel: str) -> bool:
        """A remembered parse of a file whose stamp is unchanged; one of a file changed just before it was
        parsed is used only if the file's bytes still hash the same."""
        if result.doc is None or result.doc.rel != rel:
            return False
        entry = self.files[path]
        if entry[4] is not None and path not in self.verified:
            settled = _settled(entry[0])  # asked before the bytes are read
            if entry[4] != _file_hash(path):
                return False
            self.verified.add(path)
            if settled:
                self._keep(path, (entry[0], entry[1], entry[2], entry[3], None))
        return True

    # --- making --------------------------------------------------------------------------------
    def plan(self, directory: Directory) -> Plan:
        from ..i18n import load_catalogue  # noqa: PLC0415 - see the imports above
        from ..site.exports import ExportRows  # noqa: PLC0415
        from ..site.search import SearchRows  # noqa: PLC0415
        from ..site.render import Renderer  # noqa: PLC0415
        from ..site.views import SiteFacts  # noqa: PLC0415
        from .inputs import FRAME_NAMES, Inputs, frame_digests  # noqa: PLC0415
        from .targets import site_targets  # noqa: PLC0415

        if self.rows is None:
            self.rows = ExportRows()
        if self.search_rows is None:
            self.search_rows = SearchRows()
        self.rows.stamps = self.search_rows.stamps = self.digests  # each agency's data digest, from reading
        cat = load_catalogue(directory.site.language)
        frame = frame_digests(directory, cat)
        delta = self._delta(directory, frame) if self.keep else None
        facts = SiteFacts.of(directory, cat, self.topic_index, self.list_index,
                             self.summary_of if self.keep else None, delta)
        renderer = Renderer(facts, self.options.templates, self.compiled, self.fragments, self.environments)
        digests = self.digests

        def agency_digest(slug: str) -> bytes:
            found = digests.get(slug)
            return found if found is not None else data_digest(directory.by_slug[slug])

        last = self.last if self.remembers else None
        inputs = Inputs(facts, renderer.env, self.options.static, agency_digest,
                        (last.routes, last.inputs) if last else None, self.listed_digests if self.remembers else {})
        inputs.known.update(zip(FRAME_NAMES, frame))
        if self.fragments is not None:  # the macros print the catalogue's strings
            self.fragments.framed((inputs["catalogue"], inputs["template:_macros.html"]))
        lists = self._lists_digest(facts, frame, delta) if self.remembers else b""
        letters = None
        if last is not None and last.lists == lists:  # the lists show the same: so do their views
            inputs.known.update((name, d) for name, d in last.inputs.items() if name.startswith("view:"))
            letters = last.letters
        targets = site_targets(facts, renderer, self.options.static, letters=letters, rows=self.rows,
                               search_rows=self.search_rows, kept=self.agency_targets,
                               lists_here=self.keep)
        return Plan(facts, targets, inputs, renderer, lists=lists, letters=letters)

    def _delta(self, directory: Directory, frame: tuple[bytes, ...]) -> frozenset[str] | None:
        """The dev server: the agencies that are not the very objects of the last build that completed,
        when the agencies and the site, date and catalogue are the same (None otherwise); their summaries
        are the only ones that may differ. A new frame drops every kept summary. (A build that fails drops
        all that follows edits by this: _forget_changes.)"""
        if frame != self.summaries_frame:
            self.summary_of.clear()
            self.summaries_frame = frame
            return None
        built = self.built
        if built is None or built.slugs != directory.slugs:
            return None
        return frozenset(a.slug for a, b in zip(directory.agencies, built.agencies) if a is not b)

    def _lists_digest(self, facts: SiteFacts, frame: tuple[bytes, ...], delta: frozenset[str] | None) -> bytes:
        """Everything the list pages (home, status, topics) show: each agency's listed fields, the site,
        the date and the catalogue. Each agency's part is remembered while it is the same object; with
        `delta`, only those agencies are looked at. A kept summary is dropped when its part changes."""
        old, digests = self.listed, self.listed_digests
        if delta is None or self.lists_digest is None:
            new = {agency.slug: self._listed_part(agency, old.get(agency.slug)) for agency in facts.directory.agencies}
            for slug in [slug for slug in self.summary_of
                         if slug not in new or slug not in old or new[slug][1] != old[slug][1]]:
                del self.summary_of[slug]
            self.listed = new
            digests.clear()
            digests.update((slug, found[1]) for slug, found in new.items())
        else:
            same = True
            for slug in delta:
                found = old[slug]
                part = old[slug] = self._listed_part(facts.directory.by_slug[slug], found)
                if part[1] != found[1]:
                    same = False
                    digests[slug] = part[1]
                    self.summary_of.pop(slug, None)
            if same:
                return self.lists_digest
        h = hashlib.blake2b(digest_size=16)
        for part in frame:
            h.update(part)
        h.update(b"".join(digests.values()))  # in the directory's order
        self.lists_digest = h.digest()
        return self.lists_digest

    def _listed_part(self, agency: Agency, found: tuple[Any, bytes] | None) -> tuple[Any, bytes]:
        """An agency's part of the lists digest: (its data's digest from reading, or the agency itself,
        what the lists show of it), the one `found` while it is for the same data."""
        from .inputs import listed_digest  # noqa: PLC0415
        stamp = self.digests.get(agency.slug, agency)
        if found is not None and (found[0] is stamp or found[0] == stamp):
            return found
        return (stamp, listed_digest(agency))

    def key(self, target: Target, plan: Plan) -> bytes:
        """The digest of everything the target reads, with the code that reads it."""
        h = hashlib.blake2b(code_fingerprint(), digest_size=16)
        h.update(target.name.encode("utf-8"))
        h.update(self._reads_digest(target.reads, plan))
        h.update(self._templates_digest(target.templates, plan))
        return h.digest()

    @staticmethod
    def _reads_digest(names: tuple[str, ...], plan: Plan) -> bytes:
        """The digest of these inputs' digests, once per build for each list of inputs (an agency's page
        and poster read the same ones): 40,000 keys hashed 16 digests each at 20,000 agencies."""
        found = plan.read_digests.get(names)
        if found is None:
            h = hashlib.blake2b(digest_size=16)
            for name in names:
                h.update(plan.inputs[name])
            found = plan.read_digests[names] = h.digest()
        return found

    def _templates_digest(self, templates: tuple[str, ...], plan: Plan) -> bytes:
        """The digest of the templates these use, with all they extend, include or import; once per build."""
        found = plan.template_digests.get(templates)
        if found is None:
            closure = tuple(f"template:{name}" for name in self._closure(templates, plan))
            found = plan.template_digests[templates] = self._reads_digest(closure, plan)
        return found

    def _closure(self, templates: tuple[str, ...], plan: Plan) -> list[str]:
        """The templates these use, found again only when some template's source changed."""
        from .targets import referenced_templates  # noqa: PLC0415
        env = plan.renderer.env
        if plan.sources is None:
            plan.sources = b"".join(plan.inputs[f"template:{n}"] for n in sorted(env.list_templates()))
        found = self.closures.get(templates)
        if found is None or found[0] != plan.sources:
            found = self.closures[templates] = (plan.sources, referenced_templates(env, templates))
        return found[1]

    def produce(self, directory: Directory, *, changes_only: bool = False) -> Iterator[tuple[str, FileData]]:
        """Every file of the site, each target made only when its key is new. `changes_only`: the caller
        holds the last build's files (render): when the dev server knows which targets an edit can touch,
        only theirs are given (`self.partial` says so once the files are all given)."""
        for _name, _key, files in self.made_targets(directory, changes_only=changes_only):
            yield from files

    def made_targets(self, directory: Directory, reuse: Callable[[str, bytes], bool] | None = None, *,
                     changes_only: bool = False) -> Iterator[tuple[str, bytes, Files]]:
        """Each target with its key and files, made only when its key is new; a target that `reuse`
        takes as it is (the folder being built already holds it) is not even loaded. `changes_only`: see produce."""
        try:
            yield from self._made_targets(directory, reuse, changes_only)
        except BaseException:
            if self.keep:
                self._forget_changes()
            raise

    def _forget_changes(self) -> None:
        """After a build that did not complete: what the dev server keeps to follow an edit agency by agency
        (the lists digest, the summaries, the kept lists and topic index, the last files) may be half of the
        failed build's and half of the last one's. It is dropped, so the next build looks at every agency,
        as a first build does; the targets' files it keeps are checked by their keys as always."""
        from ..site.lists import ListIndex  # noqa: PLC0415
        from ..site.topics import TopicIndex  # noqa: PLC0415
        self.built, self.lists_digest, self.listed, self.last_files, self.readers = None, None, {}, None, None
        self.listed_digests.clear()
        self.summary_of.clear()
        self.summaries_frame = ()
        self.topic_index, self.list_index = TopicIndex(), ListIndex()

    def _made_targets(self, directory: Directory, reuse: Callable[[str, bytes], bool] | None,
                      changes_only: bool) -> Iterator[tuple[str, bytes, Files]]:
        from .pool import POOL_THRESHOLD, make_all  # noqa: PLC0415
        plan = self.plan(directory)
        last = self.last if self.remembers else None
        if not changes_only:
            self.last_files = None  # its files are not the ones render() holds
        touched = self._touched(plan, last) if changes_only and last is not None else None
        self.partial, self.partial_paths = touched is not None, []
        self.visited = len(touched[1]) if touched is not None else len(plan.targets)
        if touched is not None:
            changed, visit = touched
            self.partial_paths = [path for t in visit for path, _ in self.made.get(t.name, (b"", []))[1]]
        else:
            changed = self._changed(plan, last) if last is not None else None
            visit = plan.targets
        templates_changed = changed is not None and any(n.startswith("template:") for n in changed)
        keys: dict[str, bytes] = {}
        missing: list[Target] = []
        self.keyed = 0
        # A build that keeps nothing (no dev server, no cache, no spare to take files from) uses no key:
        # computing them digested every agency and view, seconds of this process before the workers start.
        keyless = not self.remembers and reuse is None
        # The agencies whose page's inputs changed: only their export rows and index parts may have.
        rekeyed: set[str] | None = set() if changed is not None else None
        # What the next build is told of each target (its reads, templates and key): the last build's
        # record itself while it holds, not a new tuple per target on every save.
        records: dict[str, tuple[tuple[str, ...], tuple[str, ...], bytes]] = (
            dict(last.keys) if touched is not None and last is not None else {})
        for target in visit:
            key = record = None
            if changed is not None:  # a target whose inputs are all as they were keeps its key
                before = last.keys.get(target.name)  # type: ignore[union-attr]
                if (before is not None and before[0] == target.reads and before[1] == target.templates
                        and changed.isdisjoint(target.reads) and not (templates_changed and target.templates)):
                    key, record = before[2], before
            if keyless:
                key = NO_KEY
            elif key is None:
                key = self.key(target, plan)
                self.keyed += 1
                if rekeyed is not None and target.name.startswith("page:"):
                    rekeyed.add(target.name[5:])
            keys[target.name] = key
            if self.remembers:
                records[target.name] = record or (target.reads, target.templates, key)
            if reuse is not None and reuse(target.name, key):
                if self.store is not None:
                    self.store.keep(key)
                continue
            files = self._remembered(target.name, key)
            if files is None:
                missing.append(target)
            else:
                yield target.name, key, files
        self.rendered, self.made_names = len(missing), [t.name for t in missing]
        # The targets joined from per-agency parts come last, after their parts are made (in the pool
        # when many are missing): made first, the parts were in this process's memory when the workers
        # making the pages started from it, and each worker's resident memory counted them again.
        joined = [t for t in missing if t.joined]
        made = {t.name for t in joined}
        for target, parts in (("exports", self.rows), ("search-index", self.search_rows)):
            if parts is not None:
                parts.only = rekeyed
                if target not in made:  # its parts are not brought up to date by this build: check all next time
                    parts.order = ()
        # Looking for missing parts is a pass over every agency (a fifth of a second at 20,000), which
        # an edit of a few agencies need not pay: their parts are made where they are joined.
        ahead = (self._parts_ahead(plan) if joined and (rekeyed is None or len(rekeyed) >= POOL_THRESHOLD)
                 else PartsAhead())
        make = partial(self._made_and_stored, keys)
        # The parts are made in the pool that makes the pages, after them, and reach this process only once
        # its workers have exited (spooled meanwhile): a worker forked for them alone, or a worker alive
        # while they arrived, counted in its resident memory all this process held.
        for group, later in (([t for t in missing if not t.joined], ahead.jobs()), (joined, ())):
            for target, files in make_all(group, self.workers, later=later, took=ahead.took, spool=self._spool(),
                                          make=make):
                self._remember(target.name, keys[target.name], files)
                yield target.name, keys[target.name], files
        if self.keep:
            if touched is None:  # a build that visits only the touched targets lists no other name
                for name in set(self.made) - set(keys):
                    del self.made[name]
                self.target_names = [target.name for target in plan.targets]
            self.built = directory
        if self.remembers:
            letters = plan.letters if plan.letters is not None else plan.renderer.topic_letters()
            if touched is not None and last is not None:  # the inputs it did not look at are as they were
                self.last = Last(plan.facts.routes, {**last.inputs, **plan.inputs.known}, records, plan.lists,
                                 letters, last.others, self._across_of(plan.facts.routes))
            else:
                inputs = dict(plan.inputs.known)
                others = tuple(name for name in inputs if not name.startswith(("agency:", "route:")))
                self.last = Last(plan.facts.routes, inputs, records, plan.lists, letters, others,
                                 self._across_of(plan.facts.routes))

    def _touched(self, plan: Plan, last: Last) -> tuple[set[str], list[Target]] | None:
        """The dev server: the inputs that changed and the targets that read them, found without a pass over
        every input and target, when the last build completed and only some agencies differ from it
        (SiteFacts.changed), with the same routes, the same targets and no template changed; else None."""
        facts = plan.facts
        if not (self.keep and self.store is None and facts.changed is not None and facts.routes is last.routes
                and last.others):
            return None
        names = [target.name for target in plan.targets]
        if names != self.target_names:  # a target more or less: its inputs are not all in last.others
            return None
        readers = self._readers(plan, names)
        changed: set[str] = set()
        known = plan.inputs.known
        for slug in facts.changed:  # the other agencies are the objects of the last build: the same digests
            name, now = f"agency:{slug}", self.digests.get(slug)
            if now is None:
                return None
            known[name] = now
            if now != last.inputs.get(name):
                changed.add(name)
        for name in last.others:
            try:
                now = plan.inputs[name]
            except Exception:  # noqa: BLE001 - a deleted page, template or static file
                return None
            if now != last.inputs[name]:
                changed.add(name)
        if any(name.startswith("template:") for name in changed):
            return None
        places = sorted({i for name in changed for i in readers.get(name, ())})
        return changed, [plan.targets[i] for i in places]

    def _readers(self, plan: Plan, names: list[str]) -> dict[str, list[int]]:
        """Input name → the places in plan.targets of the targets that read it; kept while the targets and
        the routes (which decide what an agency's page reads) are the same."""
        found = self.readers
        if found is not None and found[1] is plan.facts.routes and found[0] == names:
            return found[2]
        readers: dict[str, list[int]] = {}
        for i, target in enumerate(plan.targets):
            for name in target.reads:
                readers.setdefault(name, []).append(i)
        self.readers = (names, plan.facts.routes, readers)
        return readers

    def _parts_ahead(self, plan: Plan) -> PartsAhead:
        """The export rows and search index parts the exports and the index will want, to be made in the
        worker pool, when many are missing (a cold build; else none): made in this process while the
        workers made the pages, they kept the workers waiting on it, the one that writes their files (at
        20,000 agencies, 14 s of its CPU)."""
        from .pool import POOL_THRESHOLD  # noqa: PLC0415
        ahead = PartsAhead()
        if self.workers < 2 or self.rows is None or self.search_rows is None:
            return ahead
        facts = plan.facts
        for parts, (frame, agencies, shows, make) in (
                (self.rows, self.rows.recipe(facts)),
                (self.search_rows, self.search_rows.recipe(facts.directory, facts.routes, facts.cat))):
            ahead.add(parts, make, parts.missing(frame, agencies, shows))
        return ahead if len(ahead) >= POOL_THRESHOLD else PartsAhead()

    def _spool(self) -> str | None:
        """Where the pool spools what it makes ahead: the cache folder, or the system's temporary folder."""
        return os.fspath(self.options.cache) if self.options.cache is not None else None

    def _changed(self, plan: Plan, last: Last) -> set[str]:
        """The inputs of the last build whose digest is different now (or which no longer exist)."""
        changed = set()
        digests, known, routes = self.digests, plan.inputs.known, plan.facts.routes
        for name, before in last.inputs.items():
            if name.startswith("agency:"):  # most of them: the read knows their digests
                now = digests.get(name[7:])
                if now is not None:
                    known[name] = now
                    if now is not before and now != before:
                        changed.add(name)
                    continue
            elif name.startswith("route:"):  # the others: a route the same as before keeps its digest
                route, previous = routes.get(name[6:]), last.routes.get(name[6:])
                if route is not None and (route is previous or route == previous):
                    known[name] = before
                    continue
            try:
                now = plan.inputs[name]
            except Exception:  # noqa: BLE001 - a deleted agency, page, template or static file
                changed.add(name)
                continue
            if now != before:
                changed.add(name)
        return changed

    def _remembered(self, name: str, key: bytes) -> Files | None:
        if self.keep:
            found = self.made.get(name)
            if found is not None and found[0] == key:
                return found[1]
        if self.store is not None:
            files = self.store.get(key)
            if files is not None and self.keep:
                self.made[name] = (key, files)
            return files
        return None

    def _made_and_stored(self, keys: dict[str, bytes], target: Target) -> Files:
        """The target's files, put into the cache's store by the process that makes them (if not over the
        limit): pickling and writing 40,000 objects in this one (which writes the site too) kept the
        workers waiting on it."""
        files = target.make()
        store = self.store
        if store is not None and sum(len(data) for _, data in files) <= STORE_LIMIT:
            store.put(keys[target.name], [(path, as_bytes(data)) for path, data in files])
        return files

    def _remember(self, name: str, key: bytes, files: Files) -> None:
        if self.keep:
            self.made[name] = (key, files)
        if self.store is not None:
            # Stored where it was made (_made_and_stored), if not over the limit: a worker's record of it is its own.
            # A key kept with no object behind it costs nothing: the prune looks only at objects there are.
            self.store.keep(key)

    def render(self, directory: Directory, *, joined: bool = True) -> dict[str, Any]:
        """Every file of the site in memory (the dev server, the tests): as bytes, or, not `joined`, an
        export file as its pieces (the dev server joins one only when it is asked for: joining the
        exports of 1,000 agencies, 8 MB, on every save was 3 % of it)."""
        sink = MemorySink(joined)
        kept = self.last_files if self.last_files is not None and self.last_files[0] == joined else None
        try:
            for path, data in self.produce(directory, changes_only=kept is not None):
                sink.put(path, data)
            if self.partial and kept is not None:  # the files of the targets it did not visit are the last ones
                merged = MemorySink(joined, dict(kept[1]))
                for path in self.partial_paths:
                    del merged.files[path]
                for path, data in sink.files.items():
                    merged.put(path, data)
                sink = merged
        except BaseException:
            if self.keep:
                self._forget_changes()
            raise
        self.last_files = (joined, sink.files) if self.keep else None
        return sink.files

    # --- what `build --cache` keeps of the engine between processes ------------------------------
    def _load_record(self) -> None:
        """The last build's keys, input digests, export rows' frames and template closures (engine.pickle),
        if this code wrote them and they are undamaged; otherwise every key is computed and every row made.
        What the output and spare folders hold is loaded before (by the staging folder), the parts after."""
        assert self.kept_engine is not None
        found = self.kept_engine.load()
        if found.get("version") == ENGINE_VERSION:
            across = found["across"]
            self.last = Last(found["routes"], found["inputs"], found["keys"], found["lists"], found["letters"],
                             found["others"], None if across is None else (*found["across-head"], across))
            self.rows, self.search_rows, self.closures, self.listed = (
                found["rows"], found["search-rows"], found["closures"], found["listed"])

    def _load_parts(self) -> None:
        """Each agency's export rows and index part, for the engine just loaded."""
        if self.last is not None:
            for name, parts in self._parts().items():
                kept = self.kept_parts[name].load()  # a part that is missing or stale is made again
                if kept.pop(FRAME, None) == parts.frame:
                    parts.parts = kept
                else:  # parts kept for other settings (a build ended between the two saves): none is used
                    parts.changed = None

    def _save_engine(self) -> None:
        assert self.options.cache is not None
        frames = {}
        for name, parts in self._parts().items():
            # Each file names the frame its parts were made in, so the engine's and the parts' saves
            # need not be one: a part is used only under the frame it was made in.
            entries = {**parts.parts, FRAME: parts.frame}
            self.kept_parts[name].save(entries, set(entries) if parts.changed is None else parts.changed)
            parts.changed = set()
            frames[name] = copy.copy(parts)
            frames[name].parts = {}  # kept beside, entry by entry
        assert self.kept_engine is not None and self.last is not None
        last = self.last
        # The dicts apart, so that only their entries changed are saved (cache.KeptSections); the rules
        # across files read a dict by agency too (reader.across_files).
        across = last.across
        self.kept_engine.save({
            "version": ENGINE_VERSION, "routes": last.routes, "inputs": last.inputs, "keys": last.keys,
            "lists": last.lists, "letters": last.letters, "others": last.others,
            "across-head": None if across is None else across[:-1], "across": None if across is None else across[-1],
            "rows": frames.get("rows"), "search-rows": frames.get("search-rows"), "closures": self.closures,
            "listed": self.listed})
        self.kept.save(self.options.cache / FOLDERS)

    def _parts(self) -> dict[str, AgencyParts[Any]]:
        return {name: parts for name, parts in zip(PARTS, (self.rows, self.search_rows)) if parts is not None}

    # --- the build command -----------------------------------------------------------------------
    def _check_cname(self, directory: Directory) -> None:
        """ContentErrors when site.yaml's cname is not the host of the address the site is built for."""
        from ..content.errors import ContentErrors  # noqa: PLC0415 - as read() imports the reader
        from ..content.load import relative_name  # noqa: PLC0415
        from ..content.validate import cname_errors  # noqa: PLC0415

        site_path = self.options.content / "site.yaml"
        errors = cname_errors(directory.site, site_path, relative_name(site_path, Path.cwd()), self.options.content)
        if errors:
            raise ContentErrors(errors)

    def build(self) -> BuildResult:
        """Validate everything, stream every file into a staging folder, and only then replace output/.

        With a cache folder, a build whose inputs, code and date all match the last build's is skipped.
        """
        started = time.perf_counter()
        options = self.options
        key = None
        if options.cache is not None:
            statted: dict[str, os.stat_result] = {}
            key = cache.build_key(options.content, options.out, options.templates, options.static,
                                  options.base_url, build_date().isoformat(), options.repository, statted)
            skipped = up_to_date_result(options.cache, key, options.out, started)
            if skipped is not None:
                return skipped
            # The read takes each agency file's stat from here: the stat the manifest records, not a second.
            self.given_stats = statted
        loading = self.remembers and self.last is None
        spare = options.cache / "spare" if options.cache is not None else None
        staging = None
        if options.cache is not None:
            # Made now, so that the spare's files are statted (or the output's linked) by a forked process
            # while this one loads the rest of its state and reads the content (Staging's `ahead`); on the
            # first build of this object, with what output/ and the spare hold (write.Kept) loaded there.
            staging = Staging(options.out, options.cache / "trash", spare=spare, ahead=True,
                              kept=None if loading else self.kept, kept_at=options.cache / FOLDERS if loading else None)
            if loading:
                self.kept = staging.kept
                self._load_record()
        try:
            if loading and options.cache is not None:
                self._load_parts()
            directory = self.read()
            if options.region is None and directory.site.cname:  # a national build ignores a region's cname
                self._check_cname(directory)
        except BaseException as exc:
            if staging is not None:
                staging.__exit__(type(exc), exc, exc.__traceback__)
            raise
        if staging is None:
            staging = Staging(options.out, None, kept=self.kept)
        with staging:
            for name, made_key, files in self.made_targets(directory, staging.reuse if spare is not None else None):
                staging.put_group(name, made_key, files)
            staging.commit()
        self.kept = staging.kept
        if key is not None and options.cache is not None:
            if self.changed_files:
                assert self.kept_files is not None
                self.kept_files.save(self.files, self.changed_files)
                self.changed_files = set()
            self._save_engine()
            # The output's stamps go into the manifest too: with nothing changed, loading the folders' record
            # (both folders', 8 MB at 20,000 agencies) to check them took 0.1 s more than loading the manifest.
            assert self.kept.output is not None
            cache.save_manifest(options.cache, key, self.kept.output.stamps, len(directory.agencies),
                                staging.stats.files)
            self.store.prune()  # type: ignore[union-attr]
        return BuildResult(len(directory.agencies), staging.stats, time.perf_counter() - started)
