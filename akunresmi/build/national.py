"""A national build: many region folders, each built by the ordinary Builder under its own sub-path,
plus the pages that belong to no one region (site/national.py), streamed into one staging folder and
swapped into place whole. Regions are built one after another, so memory holds one region at a time.

With a cache folder (`build --national --cache DIR`), each region's files are one group in the staging
folder, keyed by everything the region's output reads (its folder's files, the settings its pages show,
the code, templates and static files, the date): a region whose key is the last build's keeps its files
in the spare folder as they are and gives its kept outcome, so one edit builds one region again."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from ..content.errors import ContentError, ContentErrors
from ..i18n import load_catalogue
from ..pieces import FileData
from . import cache
from .builder import PROJECT_DIR, BuildOptions, BuildResult, Builder, build_date, up_to_date_result
from .cache import data_digest, tree_stamps
from .pool import default_workers, make_all
from .write import Kept, MemorySink, Staging, WriteStats

# The reader, the renderer and what they import (YAML's loader, Jinja, Markdown, zxing-cpp) are imported
# where they are first used, as builder.py does: a `--cache` build forks the process that stats the spare
# folder before it needs them, so that process starts 0.13 s sooner (its statting was what a one-change
# build at 20,000 agencies waited for), and a build with nothing to do never imports most of them.
if TYPE_CHECKING:
    from ..content.national import National, RegionFolder
    from ..model import Directory
    from ..site.national import RegionRecords, RegionSummary

# A region's files that only mean something at the root of a published site.
SITE_ROOT_ONLY = frozenset({".nojekyll", "CNAME", "robots.txt", "404.html"})
REGIONS_TO_SHARE = 8  # below this many regions, starting workers costs more than it saves
# A region to build while the spare folder is being statted is made in memory if its folder has no more
# files than this (some 1,000 files, 20 MB made), and written after; a larger one waits and is streamed.
HELD_FILES = 400
KEPT = "national-folders"  # in the cache folder: what output/ and the spare folder hold (marshalled)
OLD_KEPT = "national.pickle"  # what earlier code kept (pickled, with the regions): deleted, never read
REGIONS = "national-regions.pickle"  # each region's key and outcome, as a base and a delta (cache.KeptEntries)
PAGES = "national-pages"  # the group of the staging folder that holds the pages of no one region


@dataclass
class RegionOutcome:
    """What building one region leaves for the national pages: its mistakes, or its summary, its
    agencies' open-data records as finished text, and what it wrote."""

    code: str
    errors: list[ContentError]
    summary: RegionSummary | None = None
    agencies: int = 0
    records: list[RegionRecords] = field(default_factory=list)  # none, or one: the region's, joined
    files: int = 0
    written: int = 0
    linked: int = 0
    kept: int = 0  # files the spare folder held as they are (a region not built again)
    # With a cache folder: the files the region put, and their stamps, for the staging folder's record
    # (a forked worker's own copy of it recorded them); and the process that put them.
    paths: tuple[str, ...] = ()
    stamps: dict[str, list[int]] = field(default_factory=dict)
    made_in: int = 0
    # The region's X handles, each as (handle, agency slug, file as shown): one account belongs to one
    # agency in the whole nation (validate.duplicate_handles_across). Read even when nothing is made.
    handles: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class NationalOptions:
    national: Path  # national.yaml
    out: Path
    templates: Path = PROJECT_DIR / "templates"
    static: Path = PROJECT_DIR / "static"
    base_url: str | None = None
    repository: tuple[str, str] | None = None  # (URL, branch) replacing national.yaml's: the CI run's repository
    cache: Path | None = None  # a folder for the build cache; None: always build everything


class NationalBuilder:
    """`keep`: the dev server; each region's Builder is kept between saves (read() and render() are the
    dev server's interface, as the Builder's), so a save re-makes only what read the saved file. Told by
    the watcher which files changed (`saw`), the preview does not even read the regions they are not in:
    their last outcome and files are used as they are."""

    def __init__(self, options: NationalOptions, workers: int | None = None, keep: bool = False):
        self.options = options
        self.replaced_repository: str | None = None  # national.yaml's repository URL, when --repository replaced it
        self.workers = default_workers() if workers is None else workers
        self.keep = keep
        self.builders: dict[str, Builder] = {}  # by region code, when keep
        self.parsed = 0  # agency files the last render() parsed
        self.inner_workers: int | None = None  # each region Builder's own pool (None: its default)
        self.template_closures: dict = {}  # shared by every region's Builder
        self.compiled: Path | None = None  # with a cache folder: Jinja's compiled templates, kept there
        # keep: each region's last good outcome and files, and the files changed since (None: unknown)
        self.kept: dict[str, tuple[RegionOutcome, dict[str, bytes]]] = {}
        self.dirty: set[Path] | None = None
        self.touched: set[str] = set()  # the regions a file was saved in before this render
        # national.yaml as last read, and the paths a save of which may change what it says (when following)
        self.national: tuple[National, frozenset[Path]] | None = None
        self.regions_read: list[str] = []  # the codes of the regions the last render read (the others were kept)
        self.pages_kept: tuple[object, list[tuple[str, bytes]]] | None = None  # the national pages, by what they show
        self.kept_as_of: tuple[National, object] | None = None  # the settings and date the kept outcomes were made with
        # With a cache folder: each region's key and outcome as the last build made them, what output/
        # and the spare folder hold, and this build's region keys (by code).
        self.cached: dict[str, tuple[bytes, RegionOutcome]] = {}
        self.kept_regions: cache.KeptEntries | None = None  # where `cached` is kept in the cache folder
        self.folders = Kept()
        self.region_keys: dict[str, bytes] = {}
        self.reused: set[str] = set()  # the regions this build kept as the spare folder held them
        self.unchecked: list[RegionFolder] = []  # kept by their key, their files not yet checked (_settle)
        self.held: list[tuple[RegionOutcome, dict[str, FileData]]] = []  # made in memory, not yet written
        self.frame = b""  # what every region's key shares: the code, templates, static files and date
        self.listed: tuple[National, frozenset[str]] | None = None  # see _listed_codes
        self.region_stamps: dict[str, dict[str, list[int]]] = {}  # each region folder's files, as this build found them

    def follow_watcher(self) -> None:
        """From now on `saw` is told of every file saved, created or deleted (the dev server's watcher runs)."""
        self.dirty, self.kept, self.national = set(), {}, None

    def saw(self, paths: Iterable[Path]) -> None:
        """The dev server's watcher: these files were saved, created or deleted since the last render."""
        if self.dirty is not None:
            self.dirty.update(Path(os.path.abspath(p)) for p in paths)

    def read(self) -> National:
        """national.yaml and the region folders it names; read again, when the watcher is followed, only
        after a save that may change them (national.yaml, a region's folder or its site.yaml, or above)."""
        if self.dirty is not None and self.national is not None:
            national, special = self.national
            if not any(path in special for path in self.dirty):
                return national
        self.national = None  # until national.yaml reads without a mistake
        national = self.read_settings()
        if self.dirty is not None:
            folders = [Path(os.path.abspath(r.folder)) for r in national.regions]
            special = {Path(os.path.abspath(self.options.national)), *folders,
                       *(f / "site.yaml" for f in folders), *(p for f in folders for p in f.parents)}
            self.national = (national, frozenset(special))
        return national

    def render(self, national: National, *, joined: bool = True) -> dict[str, FileData]:
        """Every file of the national site in memory (the dev server); ContentErrors lists every mistake.
        `joined`: as Builder.render."""
        self.parsed, self.regions_read = 0, []
        sink = MemorySink(joined)
        touched = self._regions_saved_in(national)
        if touched is None:
            self.kept, self.pages_kept, touched = {}, None, set()
        self.touched = touched
        if self.dirty is not None:  # from here on the watcher's reports say what changed
            self.dirty = set()
        self.kept_as_of = (national, build_date())
        self._make(national, sink)
        return sink.files

    def _regions_saved_in(self, national: National) -> set[str] | None:
        """The codes of the regions a file was saved in since the last render, when every save is inside the
        folder of a kabupaten/kota, so the other regions' kept outcomes still hold. None after a save
        anywhere else (national.yaml, a province, whose regencies' routes end there, a template, a static
        file), on another day, or when the watcher is not followed (the first render)."""
        if self.dirty is None or self.kept_as_of != (national, build_date()):
            return None
        folders = {Path(os.path.abspath(r.folder)): r for r in national.regions}
        touched = set()
        for path in self.dirty:
            region = next((folders[f] for f in (path, *path.parents) if f in folders), None)
            if region is None or region.is_province:
                return None
            touched.add(region.code)
        return touched

    def read_settings(self) -> National:
        from ..content.national import read_national  # noqa: PLC0415 - see the imports above

        national = read_national(self.options.national)
        if self.options.base_url:
            from dataclasses import replace  # noqa: PLC0415
            national = replace(national, settings=replace(national.settings, base_url=self.options.base_url))
        if self.options.repository:
            from dataclasses import replace  # noqa: PLC0415
            if national.settings.repository is not None and national.settings.repository != self.options.repository:
                self.replaced_repository = national.settings.repository[0]
            national = replace(national, settings=replace(national.settings, repository=self.options.repository))
        return national

    def check(self, changed: list[Path] | None = None) -> int:
        """Validate national.yaml and every region folder; the number of agencies (ContentErrors otherwise).
        `changed`: the files a pull request changes, on which a mistake between two files is reported."""
        _, directories, errors = self.read_regions(changed)
        if errors:
            raise ContentErrors(errors)
        return sum(len(directory.agencies) for directory in directories.values())

    def read_regions(self, changed: list[Path] | None = None) -> tuple[National, dict[str, Directory], list[ContentError]]:
        """Every region's directory as the national build reads it: provinces first, so that a kabupaten/
        kota's site carries where its complaints go on to (its province's fallback, site.upstream). The
        mistakes found, a region with one having no directory (national.yaml's raise ContentErrors)."""
        from ..content.validate import duplicate_handles_across  # noqa: PLC0415 - see the imports above

        national = self.read_settings()
        errors: list[ContentError] = []
        directories: dict[str, Directory] = {}
        summaries: dict[str, RegionSummary] = {}
        handles = []
        for region in national.regions:
            directory = self._read_region(national, region, summaries, errors, changed)[1]
            if directory is not None:
                directories[region.code] = directory
                summaries[region.code] = self._summary(national, region, directory)
                handles.append((region.folder, region_handles(directory)))
        errors += duplicate_handles_across(handles, changed)
        return national, directories, errors

    def build(self) -> BuildResult:
        """Every region's site under /<region>/, the national pages, one atomic swap of the output folder.

        Provinces first, then kabupaten/kota (whose routes continue at their province's fallback);
        within each, regions are shared among forked workers that write into the same staging folder.
        With a cache folder, a build whose inputs all match the last one's is skipped, and a region
        whose own inputs do is not built again (its files stay as the spare folder holds them)."""
        started = time.perf_counter()
        options = self.options
        key = None
        if options.cache is None:
            national = self.read_settings()
            staging = Staging(options.out)
        else:
            # From here on the spare's files are statted by a forked process (Staging's `ahead`), while this
            # one reads national.yaml, keys the build, loads the regions' record, keys every region and makes
            # those an edit changed (_outcomes). A build with nothing to do, or a mistake, stops it.
            staging = Staging(options.out, options.cache / "trash", spare=options.cache / "spare",
                              kept_at=options.cache / KEPT, ahead=True)
            self.folders = staging.kept
            try:
                national = self.read_settings()
                key = self._build_key(national)
                skipped = up_to_date_result(options.cache, key, options.out, started,
                                            self.folders.output.stamps if self.folders.output else None)
            except BaseException as exc:
                staging.__exit__(type(exc), exc, exc.__traceback__)
                raise
            if skipped is not None:
                staging.__exit__(None, None, None)
                return skipped
            self.reused, self.unchecked, self.held = set(), [], []
            # Compiling the templates was a third of the time of making one region again in a new process.
            self.compiled = cache.kept_folder(options.cache / "templates")
            self.frame = data_digest((cache.code_fingerprint(options.templates, options.static),
                                      build_date().isoformat(), options.out.absolute()))
        with staging:
            if options.cache is not None:
                self._load_regions()
            ordered, before = self._make(national, staging)
            staging.commit()
        after = staging.stats
        stats = WriteStats(*(getattr(after, f) - getattr(before, f) + sum(getattr(o, f) for o in ordered)
                             for f in ("files", "written", "linked", "kept")))
        agencies = sum(o.agencies for o in ordered)
        if key is not None and options.cache is not None:
            self.folders = staging.kept
            self._save_kept(ordered)
            assert self.folders.output is not None
            # The output's stamps are in the folders' record, saved just before (_save_kept).
            cache.save_manifest(options.cache, key, None, agencies, stats.files)
        return BuildResult(agencies, stats, time.perf_counter() - started)

    def _build_key(self, national: National) -> dict[str, object]:
        """Everything a national build reads: the flat build's key, with national.yaml and each region's
        folder as the inputs."""
        options = self.options
        self.region_stamps = {r.code: tree_stamps(r.folder) for r in national.regions}
        inputs = {"national.yaml": cache.stamp_of(os.stat(options.national)), **self.region_stamps}
        return cache.key_of(inputs, options.out, options.templates, options.static, options.base_url,
                            build_date().isoformat(), options.repository)

    def _load_regions(self) -> None:
        """The last build's region keys and outcomes (those this code wrote, undamaged)."""
        assert self.options.cache is not None
        self.kept_regions = cache.KeptEntries(self.options.cache, cache.package_fingerprint(), REGIONS)
        self.cached = self.kept_regions.load()

    def _save_kept(self, ordered: list[RegionOutcome]) -> None:
        """The regions' keys and outcomes (those of the regions built again, beside the last whole save:
        all 552 were pickled on every build, 67 MB and a fifth of a second at 20,000 agencies), and what
        the folders hold."""
        assert self.options.cache is not None and self.kept_regions is not None
        cached, changed = {}, set(self.cached)
        for o in ordered:
            if o.code in self.region_keys:
                if o.code in self.reused:
                    cached[o.code] = self.cached[o.code]  # the very entry loaded: unchanged
                    changed.discard(o.code)
                else:
                    cached[o.code] = (self.region_keys[o.code], replace(o, paths=(), stamps={}))
                    changed.add(o.code)
        self.cached = cached
        self.kept_regions.save(cached, changed)
        self.folders.save(self.options.cache / KEPT)
        with contextlib.suppress(OSError):
            (self.options.cache / OLD_KEPT).unlink()

    def _make(self, national: National, sink: Staging | MemorySink) -> tuple[list[RegionOutcome], WriteStats]:
        """Every region into the sink, then the national pages: the regions' outcomes, in national.yaml's
        order, and the sink's count before the national pages (a worker's files are counted by it)."""
        from ..content.validate import duplicate_handles_across  # noqa: PLC0415 - see the imports above
        from ..site.national import national_agencies_files  # noqa: PLC0415 - see the imports above

        outcomes: dict[str, RegionOutcome] = {}
        for phase in ([r for r in national.regions if r.is_province], [r for r in national.regions if not r.is_province]):
            summaries = {code: o.summary for code, o in outcomes.items() if o.summary is not None}
            make = not any(o.errors for o in outcomes.values())  # after a mistake, only read the rest
            for outcome in self._outcomes(national, phase, summaries, sink, make):
                outcomes[outcome.code] = outcome
        ordered = [outcomes[r.code] for r in national.regions]
        errors = [error for outcome in ordered for error in outcome.errors]
        if not self._handles_as_kept(ordered):
            errors += duplicate_handles_across((r.folder, outcomes[r.code].handles) for r in national.regions)
        if errors:  # every region was still read, so one run reports every mistake
            raise ContentErrors(errors)
        summaries = {o.code: o.summary for o in ordered if o.summary is not None}
        if isinstance(sink, Staging):
            self._settle(national, summaries, outcomes, sink)
            ordered = [outcomes[r.code] for r in national.regions]
        before = sink.stats
        key = self._pages_key(national, summaries) if isinstance(sink, Staging) and sink.spare is not None else None
        if key is None or not sink.reuse(PAGES, key):  # type: ignore[union-attr]
            paths = []
            for path, data in self._national_pages_kept(national, summaries, ordered):
                sink.put(path, data)
                paths.append(path)
            if key is not None:
                sink.group(PAGES, key, tuple(paths))  # type: ignore[union-attr]
        for path, data in national_agencies_files(national.settings, [r for o in ordered for r in o.records]):
            sink.put(path, data)
        return ordered, before

    def _pages_key(self, national: National, summaries: dict[str, RegionSummary]) -> bytes:
        """A digest of all the national pages read: national.yaml, every region's summary, and the frame
        (code, templates, static files, date, output folder). Rendering them, the scripts' minification
        above all, was a tenth of a one-change national build at 20,000 agencies."""
        return data_digest((self.frame, national, tuple(summaries.items())))

    def _outcomes(self, national: National, regions: list[RegionFolder], summaries: dict[str, RegionSummary],
                  sink: Staging | MemorySink, make: bool) -> Iterator[RegionOutcome]:
        """Each region's outcome, made by the engine's one worker pool (pool.py) when there are enough:
        a worker builds a region straight into the staging folder and sends back only its outcome.
        With a cache folder, a region whose key is the last build's is taken from the spare folder."""
        recording = isinstance(sink, Staging) and self.options.cache is not None and make
        if recording:
            assert isinstance(sink, Staging)
            kept, regions = self._kept_regions(national, regions, summaries)
            yield from kept
            if sink.pending is not None and len(regions) < REGIONS_TO_SHARE:
                held = [r for r in regions if len(self.region_stamps.get(r.code, ())) <= HELD_FILES]
                regions = [r for r in regions if r not in held]
                for region in held:  # made in memory while the spare is being statted, written by _settle
                    files = MemorySink(joined=False)
                    made = self._region_outcome(national, region, summaries, files, make)
                    if not made.errors:
                        self.held.append((made, files.files))
                    yield made
        yield from self._made(national, regions, summaries, sink, make, recording)

    def _made(self, national: National, regions: list[RegionFolder], summaries: dict[str, RegionSummary],
              sink: Staging | MemorySink, make: bool, recording: bool) -> Iterator[RegionOutcome]:
        """The regions built into the sink, by the worker pool when there are enough; `recording`: each
        region's files recorded as a group of the staging folder."""
        from .targets import Target  # noqa: PLC0415 - see the imports above

        workers = self.workers if isinstance(sink, Staging) else 1  # the dev server's sink is this process
        if isinstance(sink, Staging) and workers >= 2 and len(regions) >= REGIONS_TO_SHARE:
            sink.ready()  # the workers put their regions' files into the folder: in place before they fork
        # A region's own pool inside a worker of this one would fork from a daemon: one pool at a time.
        self.inner_workers = 1 if workers >= 2 and len(regions) >= REGIONS_TO_SHARE else None
        outcome = self._kept_outcome if self.keep else self._region_outcome
        targets = [Target(f"region:{r.code}", (), (), partial(outcome, national, r, summaries, sink, make),
                          spread=True) for r in regions]
        for _target, made in make_all(targets, workers, threshold=REGIONS_TO_SHARE):
            if recording and not made.errors:  # type: ignore[union-attr]
                self._record(sink, made)  # type: ignore[arg-type]
            yield made  # type: ignore[misc]

    def _handles_as_kept(self, ordered: list[RegionOutcome]) -> bool:
        """Whether the regions and each one's X handles are those of the kept outcomes: each was kept by a
        build whose regions had no handle twice, so the rule across regions cannot find one now (checking
        it was a twelfth of a one-change build at 20,000 agencies)."""
        cached = self.cached
        return len(cached) == len(ordered) and all(
            o.code in cached and cached[o.code][1].handles == o.handles for o in ordered)

    def _kept_regions(self, national: National, regions: list[RegionFolder], summaries: dict[str, RegionSummary]
                      ) -> tuple[list[RegionOutcome], list[RegionFolder]]:
        """The kept outcomes of the regions whose key is the last build's, and the regions to build. Whether
        the spare folder still holds a kept region's files as recorded is asked later (_settle), so that
        this process need not wait for the forked one statting the spare: a region whose files are not is
        made again then, with the outcome its key gives."""
        kept, todo = [], []
        for region in regions:
            key = self.region_keys[region.code] = self._region_key(national, region, summaries)
            found = self.cached.get(region.code)
            if found is not None and found[0] == key:
                kept.append(replace(found[1], written=0, linked=0, kept=found[1].files))
                self.unchecked.append(region)
            else:
                todo.append(region)
        return kept, todo

    def _settle(self, national: National, summaries: dict[str, RegionSummary], outcomes: dict[str, RegionOutcome],
                staging: Staging) -> None:
        """The regions kept by their key kept as the spare folder holds them, or made again where their
        files are not as recorded (edited by hand); then the regions made in memory written."""
        remade = []
        for region in self.unchecked:
            if staging.reuse(f"region:{region.code}", self.region_keys[region.code]):
                self.reused.add(region.code)
            else:
                remade.append(region)
        # (All of them after a build that made every region again, the code changed: the spare then holds
        # the build before it. Made here one by one, that second build took twice the first's time.)
        for made in self._made(national, remade, summaries, staging, True, True):
            outcomes[made.code] = made
        for made, files in self.held:
            _put_files(staging, made, files.items())
            self._record(staging, made)
        self.unchecked, self.held = [], []

    def _region_key(self, national: National, region: RegionFolder, summaries: dict[str, RegionSummary]) -> bytes:
        """A digest of everything a region's files and outcome read: its folder's files (by their stamps),
        the options its Builder gets (its address and the settings of the levels above it), the national
        settings, and the frame (code, templates, static files, date, output folder)."""
        options = self._region_options(national, region, summaries)
        stamps = self.region_stamps.get(region.code)
        if stamps is None:
            stamps = tree_stamps(region.folder)
        return data_digest((self.frame, options, national.settings, region.region, sorted(stamps.items())))

    def _record(self, staging: Staging, outcome: RegionOutcome) -> None:
        """The region's files as one group of the staging folder, under the region's key."""
        name, key = f"region:{outcome.code}", self.region_keys[outcome.code]
        if outcome.made_in == os.getpid():
            staging.group(name, key, outcome.paths)
        else:
            staging.adopt(name, key, outcome.paths, outcome.stamps)

    def _region_outcome(self, national: National, region: RegionFolder, summaries: dict[str, RegionSummary],
                        sink: Staging | MemorySink, make: bool = True) -> RegionOutcome:
        """Build one region into the sink: what the national pages and data need of it."""
        from ..site.national import joined_records, national_record  # noqa: PLC0415 - see the imports above
        from ..site.opendata import agency_record  # noqa: PLC0415 - see the imports above
        from ..site.posters import qr_drawing  # noqa: PLC0415 - see the imports above
        from ..site.views import SiteFacts  # noqa: PLC0415 - see the imports above

        errors: list[ContentError] = []
        builder, directory = self._read_region(national, region, summaries, errors)
        self.parsed += builder.parsed
        outcome = RegionOutcome(region.code, errors)
        if directory is not None:
            outcome.handles = region_handles(directory)
        if directory is None or not make:
            return outcome
        prefix = region.region.slug + "/"
        _put_files(sink, outcome, ((prefix + path, data) for path, data in builder.produce(directory)
                                   if path not in SITE_ROOT_ONLY))
        facts = SiteFacts.of(directory, load_catalogue(national.settings.language))
        outcome.agencies = len(directory.agencies)
        outcome.records = joined_records([national_record(agency_record(a, facts), region.region)
                                          for a in directory.agencies])
        outcome.summary = self._summary(national, region, directory)
        qr_drawing.cache_clear()  # one region's codes are never asked for again: do not carry them to the next
        return outcome

    def _kept_outcome(self, national: National, region: RegionFolder, summaries: dict[str, RegionSummary],
                      sink: Staging | MemorySink, make: bool = True) -> RegionOutcome:
        """The dev server: a region none of whose files changed gives its last outcome and files again."""
        found = self.kept.get(region.code)
        if found is not None and make and region.code not in self.touched:
            for path, data in found[1].items():
                sink.put(path, data)
            return found[0]
        own = MemorySink()
        self.regions_read.append(region.code)
        outcome = self._region_outcome(national, region, summaries, own, make)
        for path, data in own.files.items():
            sink.put(path, data)
        if make and not outcome.errors and outcome.summary is not None:
            self.kept[region.code] = (outcome, own.files)
        else:
            self.kept.pop(region.code, None)
        return outcome

    # --- one region ------------------------------------------------------------------------------
    def _region_options(self, national: National, region: RegionFolder,
                        summaries: dict[str, RegionSummary]) -> BuildOptions:
        from ..model import RegionSettings  # noqa: PLC0415 - see the imports above
        from ..regions import Regency  # noqa: PLC0415 - see the imports above
        from ..site.national import region_links, region_url, upstream_for  # noqa: PLC0415

        settings = national.settings
        upstream = upstream_for(region.region, summaries) if isinstance(region.region, Regency) else None
        folder = os.path.relpath(region.folder, self.options.national.parent).replace(os.sep, "/")
        province, regencies = region_links(region.region, self._listed_codes(national))
        context = RegionSettings(upstream, settings.national_channels, settings.emergency, settings.base_url,
                                 settings.repository, folder, province, regencies,
                                 region.code, self.replaced_repository)
        return BuildOptions(region.folder, self.options.out, self.options.templates, self.options.static,
                            base_url=region_url(settings.base_url, region.region), region=context)

    def _listed_codes(self, national: National) -> frozenset[str]:
        """The codes of the regions with data, made once per reading of national.yaml: made for each
        region's options, it was two thirds of the time of keying the 552 regions (0.07 of 0.11 s)."""
        if self.listed is None or self.listed[0] is not national:
            self.listed = (national, frozenset(r.code for r in national.regions))
        return self.listed[1]

    def _builder(self, national: National, region: RegionFolder, summaries: dict[str, RegionSummary]) -> Builder:
        options = self._region_options(national, region, summaries)
        if not self.keep:
            builder = Builder(options, workers=self.inner_workers)
        else:
            builder = self.builders.get(region.code)
            if builder is None or builder.options != options:  # a new region, or its province's account changed
                builder = self.builders[region.code] = Builder(options, keep=True, workers=1)
        # Which templates each page uses is found by parsing them all: the same for every region, so found
        # once (each Builder checks the templates' digest before using it). Per region, it was 3/4 of the time.
        builder.closures = self.template_closures
        if self.compiled is not None:
            builder.compiled = self.compiled
        return builder

    def _read_region(self, national: National, region: RegionFolder, summaries: dict[str, RegionSummary],
                     errors: list[ContentError], changed: list[Path] | None = None) -> tuple[Builder, Directory | None]:
        builder = self._builder(national, region, summaries)
        try:
            directory = builder.read(changed=changed)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            mismatch = self._code_mismatch(national, region)  # said in the same run as the region's other mistakes
            if mismatch is not None:
                errors.append(mismatch)
            return builder, None
        if directory.site.code != region.code:
            mismatch = self._code_mismatch(national, region)
            if mismatch is not None:
                errors.append(mismatch)
                return builder, None
        return builder, directory

    @staticmethod
    def _code_mismatch(national: National, region: RegionFolder) -> ContentError | None:
        """The region's site.yaml giving another code than national.yaml's line, or none. Not said of a
        site.yaml that cannot be read or whose code is not text: their own errors say what to write."""
        from ..content.load import load_document, relative_name  # noqa: PLC0415 - see the imports above
        from ..content.national import region_code_mismatch  # noqa: PLC0415 - see the imports above

        site_path = region.folder / "site.yaml"
        rel = relative_name(site_path, Path.cwd())
        try:
            doc = load_document(site_path, rel, region.folder)
        except ContentErrors:
            return None
        code = doc.data.get("code") if isinstance(doc.data, dict) else 0
        if code is not None and not isinstance(code, str):
            return None
        return region_code_mismatch(national, region, code, doc.data.get("region"), rel, doc.mark(("code",)))

    def _summary(self, national: National, region: RegionFolder, directory: Directory) -> RegionSummary:
        from ..site.national import RegionSummary, fallback_upstream  # noqa: PLC0415 - see the imports above

        fallback = directory.by_slug.get(directory.site.fallback)
        return RegionSummary(region.code, len(directory.agencies),
                             sum(1 for a in directory.agencies if a.takes_complaints),
                             fallback_upstream(region.region, fallback, national.settings.base_url))

    # --- the pages of no one region ----------------------------------------------------------------
    def _national_pages_kept(self, national: National, summaries: dict[str, RegionSummary],
                             outcomes: list[RegionOutcome]) -> list[tuple[str, bytes]]:
        """The national pages, kept by the dev server while the settings and every region's summary are
        the same."""
        key = (national, summaries)
        if self.pages_kept is None or self.pages_kept[0] != key:
            pages = list(self._national_pages(national, summaries, outcomes))
            if self.keep:
                self.pages_kept = (key, pages)
        else:
            pages = self.pages_kept[1]
        return pages

    def _national_pages(self, national: National, summaries: dict[str, RegionSummary],
                        outcomes: list[RegionOutcome]) -> Iterator[tuple[str, bytes]]:
        from ..regions import region_list  # noqa: PLC0415 - see the imports above
        from ..site.assets import static_files  # noqa: PLC0415 - see the imports above
        from ..site.national import (NationalRenderer, province_groups, region_list_files,  # noqa: PLC0415
                                     sitemap_files)
        from ..site.render import published_schemas  # noqa: PLC0415 - see the imports above

        settings = national.settings
        cat = load_catalogue(settings.language)
        renderer = NationalRenderer(settings, cat, self.options.templates)
        groups = province_groups(summaries)
        yield renderer.home(groups, summaries)
        pages = [""]
        regions = region_list()
        for group in groups:
            province = regions.provinces[group["code"]]
            if province.code not in summaries:
                yield renderer.region(province, summaries, group)
                pages.append(f"{province.slug}/")
            for entry in group["regencies"]:
                if not entry["has_data"]:
                    yield renderer.region(regions.regencies[entry["code"]], summaries, None)
                    pages.append(entry["path"])
        yield renderer.not_found()
        yield from region_list_files(settings.base_url, summaries, cat)
        region_sitemaps = [regions.get(o.code).slug + "/sitemap.xml" for o in outcomes]
        yield from sitemap_files(settings.base_url, pages, region_sitemaps)
        yield from static_files(self.options.static)
        yield from published_schemas(settings.base_url)


def _put_files(sink: Staging | MemorySink, outcome: RegionOutcome, files: Iterable[tuple[str, FileData]]) -> None:
    """A region's files put into the sink, counted in its outcome; in a staging folder that keeps a
    record, the outcome also names them and their stamps (the folder's record of the region)."""
    before = sink.stats
    paths = []
    for rel, data in files:
        sink.put(rel, data)
        paths.append(rel)
    after = sink.stats
    if isinstance(sink, Staging) and sink.spare is not None:
        outcome.paths, outcome.made_in = tuple(paths), os.getpid()
        outcome.stamps = {rel: sink.stamps[rel] for rel in paths}
    outcome.files, outcome.written, outcome.linked = (after.files - before.files, after.written - before.written,
                                                      after.linked - before.linked)


def region_handles(directory: Directory) -> tuple[tuple[str, str, str], ...]:
    """A region's X handles, as the rules across regions read them."""
    return tuple((a.handle, a.slug, a.source_path) for a in directory.agencies if a.handle)
