"""The pages and files of a national build that belong to no one region: the home that asks where the
citizen lives, a page for each province and for each region without data yet, the region list, the
nation's open data and the sitemap index. Each region's own site is made by the ordinary Builder."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..i18n import Catalogue
from ..model import Agency, RegionLink, Site, Upstream
from ..pieces import FileData, OutOfBand, Pieces, separated
from ..regions import LICENSE, SOURCE, VERSION, Province, Regency, region_list
from .discovery import SITEMAP_NS, robots_for, sitemap_url
from .opendata import (AGENCIES_CSV, AGENCIES_JSON, EXPORT_SCHEMA, EXPORT_VERSION, csv_columns, csv_row, json_bytes,
                       xml_attrs, xml_document, xml_leaf)
from .render import frame_globals, make_environment, site_page_meta
from .textnorm import normalise
from .views import upstream_summary

# The official region list as published data, beside the nation's agencies (data/agencies.*)
REGIONS_JSON, REGIONS_CSV = "data/regions.json", "data/regions.csv"
# What the national home's "open data" section links, each under the national root
NATIONAL_OPEN_DATA = {"regions_json": REGIONS_JSON, "regions_csv": REGIONS_CSV, "json": AGENCIES_JSON,
                      "schema": "schema/" + EXPORT_SCHEMA, "csv": AGENCIES_CSV}

REGION_LIST_COLUMNS = ("code", "name", "kind", "province_code", "province", "url", "has_data", "agencies")


@dataclass(frozen=True)
class RegionSummary:
    """What the national pages show of a region that has data."""

    code: str
    agencies: int
    active: int
    fallback: Upstream | None  # its own fallback account, when that takes complaints


def region_url(base_url: str, region: Province | Regency) -> str:
    return f"{base_url}{region.slug}/"


def province_groups(summaries: dict[str, RegionSummary]) -> list[dict[str, Any]]:
    """Every province with its kabupaten/kota, in the official (code) order: the list that works without
    JavaScript and that the type-ahead filters."""
    regions = region_list()
    groups: dict[str, dict[str, Any]] = {}
    for province in regions.provinces.values():
        groups[province.code] = {**_entry(province, summaries), "regencies": []}
    for regency in regions.regencies.values():
        groups[regency.province_code]["regencies"].append(_entry(regency, summaries))
    return list(groups.values())


# The names people type for regions whose official name they do not use ("solo" is Kota Surakarta), and
# the usual abbreviations of the provinces (each checked against the official name): a word of the
# query that is one of them means those regions only (typed in part, "solo" would find Solok first),
# and a regency's province may be named by its abbreviation ("blora jateng").
ALSO_CALLED = {
    "12": "sumut", "13": "sumbar", "16": "sumsel", "19": "babel", "21": "kepri", "31": "dki jkt",
    "32": "jabar", "33": "jateng", "34": "diy", "35": "jatim", "52": "ntb", "53": "ntt",
    "61": "kalbar", "62": "kalteng", "63": "kalsel", "64": "kaltim", "65": "kaltara",
    "71": "sulut", "72": "sulteng", "73": "sulsel", "74": "sultra", "76": "sulbar",
    "33.72": "solo", "34.71": "jogja yogya jogjakarta",
}


def _entry(region: Province | Regency, summaries: dict[str, RegionSummary]) -> dict[str, Any]:
    summary = summaries.get(region.code)
    return {"code": region.code, "name": region.name, "path": f"{region.slug}/", "find": normalise(region.name),
            "also": ALSO_CALLED.get(region.code, ""),
            "has_data": summary is not None, "agencies": summary.agencies if summary else 0}


def region_links(region: Province | Regency, listed: frozenset[str]) -> tuple[RegionLink | None, tuple[RegionLink, ...]]:
    """The other regions a region's own site links to in a national build: a kabupaten/kota's province
    (its pages lead up to it) or a province's kabupaten/kota (its home lists them, as the page of a
    province without data does). `listed`: the codes of the regions that have data."""
    regions = region_list()
    if isinstance(region, Regency):
        province = regions.provinces[region.province_code]
        return RegionLink(province.display_name, f"../{province.slug}/", province.code in listed), ()
    return None, tuple(RegionLink(r.name, f"../{r.slug}/", r.code in listed)
                       for r in regions.regencies.values() if r.province_code == region.code)


def upstream_for(regency: Regency, summaries: dict[str, RegionSummary]) -> Upstream | None:
    """Where a regency's complaints go after its own fallback: its province's fallback, when the province
    has data and that account takes complaints (otherwise LAPOR!, which every page names)."""
    province = summaries.get(regency.province_code)
    return province.fallback if province else None


class NationalRenderer:
    """Renders the national pages with the same templates, catalogue and environment as a region's."""

    def __init__(self, settings: Site, cat: Catalogue, templates: Path):
        self.settings, self.cat = settings, cat
        self.env = make_environment(templates)
        self.env.globals.update({**frame_globals(settings, cat, national_site=True), "content_pages": []})

    def page(self, template: str, path: str, title: str, **context: Any) -> tuple[str, bytes]:
        meta = site_page_meta(self.settings, path, title)
        return path, self.env.get_template(template).render(page=meta, **context).encode("utf-8")

    def home(self, groups: list[dict[str, Any]], summaries: dict[str, RegionSummary]) -> tuple[str, bytes]:
        total = sum(1 + len(g["regencies"]) for g in groups)
        number = self.cat.number
        figures = {"filled": number(len(summaries)), "total": number(total),
                   "agencies": number(sum(s.agencies for s in summaries.values()))}
        if len(summaries) < total:
            counts = self.cat.text("national_counts", **figures)
        else:  # no "the others" when there are none
            counts = self.cat.text("national_counts_all", **figures)
        return self.page("national.html", "index.html", self.settings.title, provinces=groups, counts_text=counts,
                         attribution=attribution(self.cat), open_data=NATIONAL_OPEN_DATA)

    def region(self, region: Province | Regency, summaries: dict[str, RegionSummary],
               group: dict[str, Any] | None) -> tuple[str, bytes]:
        """The page of a region without data (and, for a province, the list of its kabupaten/kota)."""
        regions = region_list()
        province = regions.provinces[region.province_code] if isinstance(region, Regency) else None
        upstream = upstream_for(region, summaries) if isinstance(region, Regency) else None
        view = {
            "name": region.name, "code": region.code, "title": region.display_name,
            # A province's own agencies, beside the list of its kabupaten/kota, some of which have data.
            "heading": (self.cat.text("region_no_data_heading_province", name=region.display_name)
                        if group and group["regencies"] else
                        self.cat.text("region_no_data_heading", name=region.display_name)),
            "province": _entry(province, summaries) if province else None,
            "upstream": upstream_summary(upstream, self.cat) if upstream else None,
            "regencies": group["regencies"] if group else [],
            "add_url": self._add_url(),
        }
        path = f"{region.slug}/index.html"
        title = view["title"] if group else view["heading"]
        return self.page("region.html", path, title, region=view, attribution=attribution(self.cat))

    def not_found(self) -> tuple[str, bytes]:
        return self.page("404.html", "404.html", self.cat.site["not_found_title"])

    def _add_url(self) -> str | None:
        repository = self.settings.repository
        if repository is None:
            return None
        url, branch = repository
        return f"{url}/blob/{branch}/docs/panduan-humas.md#menambahkan-daerah"


def attribution(cat: Catalogue) -> str:
    return cat.text("region_list_attribution", source=SOURCE, version=VERSION, license=LICENSE)


def fallback_upstream(region: Province | Regency, fallback: Agency | None, base_url: str) -> Upstream | None:
    """A region's fallback as the next level sees it, when it takes complaints."""
    if fallback is None or not fallback.takes_complaints:
        return None
    return Upstream(region.display_name, fallback.name, fallback.handle,
                    f"{region_url(base_url, region)}akun/{fallback.slug}/", fallback.status_checked)


# --- data files -------------------------------------------------------------------------------------

def region_list_files(base_url: str, summaries: dict[str, RegionSummary], cat: Catalogue) -> Iterator[tuple[str, bytes]]:
    """The official region list as published data, with which regions have data and where."""
    regions = region_list()
    rows = []
    for region in [*regions.provinces.values(), *regions.regencies.values()]:
        province = regions.provinces[region.province_code] if isinstance(region, Regency) else region
        summary = summaries.get(region.code)
        rows.append({"code": region.code, "name": region.name,
                     "kind": "province" if isinstance(region, Province) else "regency",
                     "province_code": province.code, "province": province.name,
                     "url": region_url(base_url, region), "has_data": summary is not None,
                     "agencies": summary.agencies if summary else 0})
    document = {"source": {"name": SOURCE, "version": VERSION, "license": LICENSE, "attribution": attribution(cat)},
                "regions": rows}
    yield REGIONS_JSON, json_bytes(document)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REGION_LIST_COLUMNS)
    for row in rows:
        writer.writerow(["true" if row[c] is True else "false" if row[c] is False else row[c]
                         for c in REGION_LIST_COLUMNS])
    yield REGIONS_CSV, buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class NationalRecord:
    """One agency of the nation's open data, as finished JSON text and CSV line (built in a worker)."""

    json: str
    csv: str
    status_checked: str | None


def national_record(record: dict[str, Any], region: Province | Regency) -> NationalRecord:
    record = {**record, "region_code": region.code, "region_name": region.name}
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([*csv_row(record), region.code, region.name])
    return NationalRecord(json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                          buffer.getvalue(), record["status_checked"])


@dataclass(frozen=True)
class RegionRecords(OutOfBand):
    """A region's records of the nation's open data, joined and encoded once: a preview that rebuilt one
    region then splices 552 of these instead of serialising 20,000 records."""

    json: bytes  # the records' JSON objects, comma-separated
    csv: bytes  # their CSV lines
    status_checked: str | None  # the latest check date among them


def joined_records(records: list[NationalRecord]) -> list[RegionRecords]:
    """A region's records as national_agencies_files splices them (none for a region without agencies)."""
    if not records:
        return []
    checked = [r.status_checked for r in records if r.status_checked]
    return [RegionRecords(",".join(r.json for r in records).encode("utf-8"),
                          "".join(r.csv for r in records).encode("utf-8"), max(checked) if checked else None)]


def national_agencies_files(settings: Site, regions: list[RegionRecords]) -> Iterator[tuple[str, FileData]]:
    """The nation's agencies.json and .csv: each region's records, spliced in region order, as pieces
    written one after another (joined, the 59 MB of them at 20,000 agencies took 50 ms on every build)."""
    updated = max((r.status_checked for r in regions if r.status_checked), default=None)
    head = {"$schema": settings.base_url + "schema/" + EXPORT_SCHEMA, "version": EXPORT_VERSION,
            "site": {"title": settings.title, "region": "Indonesia", "language": settings.language,
                     "url": settings.base_url, "fallback": None,
                     "national_channels": [{"name": c.name, "url": c.url} for c in settings.national_channels]},
            "updated": updated}
    # The document as json_bytes writes it, with the finished records spliced in (a JSON text escapes
    # every quote inside a string, so the empty list's key can only be the key).
    before, after = json_bytes({**head, "agencies": []}).split(b'"agencies":[]', 1)
    yield AGENCIES_JSON, Pieces((before, b'"agencies":[', *separated([r.json for r in regions], b","), b"]", after))
    header = io.StringIO(newline="")
    csv.writer(header, lineterminator="\r\n").writerow([*csv_columns(), "region_code", "region_name"])
    yield AGENCIES_CSV, Pieces((header.getvalue().encode("utf-8"), *(r.csv for r in regions)))


def sitemap_files(base_url: str, page_paths: list[str], region_sitemaps: list[str]) -> Iterator[tuple[str, bytes]]:
    """A sitemap index (the protocol allows 50,000 addresses a file; a nation has more): the national
    pages in one sitemap, then each region's own."""
    lines = [f"<urlset{xml_attrs({'xmlns': SITEMAP_NS})}>\n"]
    lines += [sitemap_url(base_url, path, None) for path in page_paths]
    yield "sitemap-pages.xml", xml_document(lines + ["</urlset>\n"])
    lines = [f"<sitemapindex{xml_attrs({'xmlns': SITEMAP_NS})}>\n"]
    for path in ["sitemap-pages.xml", *region_sitemaps]:
        lines += ["  <sitemap>\n", xml_leaf("loc", base_url + path, "    "), "  </sitemap>\n"]
    yield "sitemap.xml", xml_document(lines + ["</sitemapindex>\n"])
    yield "robots.txt", robots_for(base_url)
    yield ".nojekyll", b""
