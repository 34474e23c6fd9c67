"""A national build: many region folders, each built by the ordinary Builder under its own sub-path,
plus the pages that belong to no one region (site/national.py), streamed into one staging folder and
swapped into place whole. Regions are built one after another, so memory holds one region at a time."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..content.errors import ContentError, ContentErrors
from ..content.load import load_document, relative_name
from ..content.national import National, RegionFolder, read_national, region_code_mismatch
from ..i18n import load_catalogue
from ..model import Directory, RegionSettings
from ..regions import Regency, region_list
from ..site.national import (NationalAgencies, NationalRenderer, RegionSummary, fallback_upstream, province_groups,
                             region_list_files, region_url, sitemap_files, upstream_for)
from ..site.opendata import agency_record
from ..site.views import SiteFacts
from .builder import PROJECT_DIR, BuildOptions, BuildResult, Builder
from .write import Staging

# A region's files that only mean something at the root of a published site.
SITE_ROOT_ONLY = frozenset({".nojekyll", "CNAME", "robots.txt", "404.html"})


@dataclass(frozen=True)
class NationalOptions:
    national: Path  # national.yaml
    out: Path
    templates: Path = PROJECT_DIR / "templates"
    static: Path = PROJECT_DIR / "static"
    base_url: str | None = None


class NationalBuilder:
    def __init__(self, options: NationalOptions):
        self.options = options

    def read_settings(self) -> National:
        national = read_national(self.options.national)
        if self.options.base_url:
            from dataclasses import replace  # noqa: PLC0415
            national = replace(national, settings=replace(national.settings, base_url=self.options.base_url))
        return national

    def check(self) -> int:
        """Validate national.yaml and every region folder; the number of agencies (ContentErrors otherwise)."""
        national = self.read_settings()
        errors: list[ContentError] = []
        count = 0
        summaries: dict[str, RegionSummary] = {}
        for region in national.regions:
            directory = self._read_region(national, region, summaries, errors)[1]
            if directory is not None:
                count += len(directory.agencies)
                summaries[region.code] = self._summary(national, region, directory)
        if errors:
            raise ContentErrors(errors)
        return count

    def build(self) -> BuildResult:
        """Every region's site under /<region>/, the national pages, one atomic swap of the output folder."""
        started = time.perf_counter()
        national = self.read_settings()
        settings = national.settings
        cat = load_catalogue(settings.language)
        errors: list[ContentError] = []
        summaries: dict[str, RegionSummary] = {}
        agencies = NationalAgencies()
        region_sitemaps: list[str] = []
        count = 0
        with Staging(self.options.out) as staging:
            for region in national.regions:
                builder, directory = self._read_region(national, region, summaries, errors)
                if directory is None or errors:
                    continue  # every region is still read, so one run reports every mistake
                prefix = region.region.slug + "/"
                for path, data in builder.produce(directory):
                    if path not in SITE_ROOT_ONLY:
                        staging.put(prefix + path, data)
                facts = SiteFacts.of(directory, cat)
                for agency in directory.agencies:
                    agencies.add(agency_record(agency, facts), region.region)
                region_sitemaps.append(prefix + "sitemap.xml")
                summaries[region.code] = self._summary(national, region, directory)
                count += len(directory.agencies)
            if errors:
                raise ContentErrors(errors)
            for path, data in self._national_files(national, summaries, agencies, region_sitemaps):
                staging.put(path, data)
            staging.commit()
        return BuildResult(count, staging.stats, time.perf_counter() - started)

    # --- one region ------------------------------------------------------------------------------
    def _builder(self, national: National, region: RegionFolder, summaries: dict[str, RegionSummary]) -> Builder:
        settings = national.settings
        upstream = upstream_for(region.region, summaries) if isinstance(region.region, Regency) else None
        context = RegionSettings(upstream, settings.national_channels, settings.emergency)
        return Builder(BuildOptions(region.folder, self.options.out, self.options.templates, self.options.static,
                                    base_url=region_url(settings.base_url, region.region), region=context))

    def _read_region(self, national: National, region: RegionFolder, summaries: dict[str, RegionSummary],
                     errors: list[ContentError]) -> tuple[Builder, Directory | None]:
        builder = self._builder(national, region, summaries)
        try:
            directory = builder.read()
        except ContentErrors as exc:
            errors.extend(exc.errors)
            return builder, None
        if directory.site.code != region.code:
            site_path = region.folder / "site.yaml"
            rel = relative_name(site_path, Path.cwd())
            doc = load_document(site_path, rel, region.folder)
            mismatch = region_code_mismatch(national, region, directory.site.code, rel, doc.mark(("code",)))
            if mismatch is not None:
                errors.append(mismatch)
                return builder, None
        return builder, directory

    def _summary(self, national: National, region: RegionFolder, directory: Directory) -> RegionSummary:
        fallback = directory.by_slug.get(directory.site.fallback)
        return RegionSummary(region.code, len(directory.agencies),
                             sum(1 for a in directory.agencies if a.takes_complaints),
                             fallback_upstream(region.region, directory.site, fallback, national.settings.base_url))

    # --- the pages of no one region ----------------------------------------------------------------
    def _national_files(self, national: National, summaries: dict[str, RegionSummary], agencies: NationalAgencies,
                        region_sitemaps: list[str]):
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
        yield from agencies.files(settings)
        yield from sitemap_files(settings.base_url, pages, region_sitemaps)
        for path in sorted(p for p in self.options.static.rglob("*") if p.is_file()):
            yield "static/" + path.relative_to(self.options.static).as_posix(), path.read_bytes()
