"""How crawlers, feed readers and GitHub Pages find the site: sitemap, robots.txt, Atom feed, CNAME."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter, itemgetter
from typing import Any, Iterator
from urllib.parse import quote

from ..model import Agency, Site
from ..pieces import FileData, OutOfBand, Pieces
from .opendata import xml_attrs, xml_document, xml_empty, xml_joined, xml_leaf
from .views import SiteFacts, agency_path, long_date, newest_check, topics

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
# A feed needs an <updated>; with no status dates at all, a fixed instant keeps builds identical.
NO_DATE = "1970-01-01T00:00:00Z"


def sitemap_pages(facts: SiteFacts, letters: list[str] | None = None) -> list[tuple[str, date | None]]:
    """(path, last change known from the data) of every page a search engine should index.

    Posters and 404.html are left out: they repeat an agency page or are not a page at all.
    `letters`: the topic index's letters, when the caller knows them already.
    """
    d = facts.directory
    pages: list[tuple[str, date | None]] = [(agency_path(a.slug), a.status_checked) for a in d.agencies]
    letters = list(topics(facts)) if letters is None else letters
    pages += [("topik/", None)] + [(f"topik/{letter}/", None) for letter in letters]
    pages += [("status/", newest_check(facts))]
    pages += [(f"{p.slug}/", None) for p in d.pages]
    return [("", newest_check(facts)), *sorted(pages, key=lambda p: p[0])]


def sitemap_url(base: str, path: str, lastmod: date | None) -> str:
    """One <url> of the sitemap."""
    lines = ["  <url>\n", xml_leaf("loc", base + path, "    ")]
    if lastmod:
        lines.append(xml_leaf("lastmod", lastmod.isoformat(), "    "))
    lines.append("  </url>\n")
    return "".join(lines)


def sitemap_xml(facts: SiteFacts) -> bytes:
    base = facts.directory.site.base_url
    lines = [f"<urlset{xml_attrs({'xmlns': SITEMAP_NS})}>\n"]
    lines += [sitemap_url(base, path, lastmod) for path, lastmod in sitemap_pages(facts)]
    lines.append("</urlset>\n")
    return xml_document(lines)


def robots_txt(facts: SiteFacts) -> bytes:
    return robots_for(facts.directory.site.base_url)


def robots_for(base_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n".encode("utf-8")


def atom_time(value: date | None) -> str:
    return f"{value.isoformat()}T00:00:00Z" if value else NO_DATE


# Atom ids never change (RFC 4287 4.2.6): a feed reader shows an entry whose id it has not seen as new.
# So they are tag: URIs (RFC 4151) that name neither the site's address nor its title: a site moved from
# its github.io address to its own domain (`cname`, `--base-url`), or renamed, keeps them. The tagging
# entity is this project's: the name it published under when it began (akun-resmi.github.io) with that
# day's date, fixed (never a build's or a check's date). Under it, a directory is named by its region's
# official Kemendagri code (site.yaml's `code`): the most stable thing the site has, set by the ministry,
# the same whatever the site's address, title, language or repository, and one region's alone; a site
# without a code, by its region's name. Then an agency by its slug (its file's name), its status and the
# day that status was checked: one observation, with one id wherever and however often it is published.
TAG_AUTHORITY = "akun-resmi.github.io,2026-11-28"


def tag_uri(site: Site, specific: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{site.code or quote(site.region, safe='')}/{specific}"


def entry_id(agency: Agency, site: Site) -> str:
    assert agency.status_checked is not None
    return tag_uri(site, f"akun/{agency.slug}/{agency.status}/{agency.status_checked.isoformat()}")


def feed_entries(facts: SiteFacts) -> list[Agency]:
    """Agencies whose status has a check date, newest first: each is one observed state."""
    dated = sorted((a for a in facts.directory.agencies if a.status_checked), key=lambda a: a.slug)
    dated.sort(key=lambda a: a.status_checked, reverse=True)  # type: ignore[arg-type, return-value]
    return dated


def feed_entry(agency: Agency, facts: SiteFacts) -> list[str]:
    cat, site = facts.cat, facts.directory.site
    assert agency.status_checked is not None
    status = cat.site[f"status_{agency.status}"]
    handle = f"@{agency.handle}" if agency.handle else cat.site["feed_no_account"]
    page = site.base_url + agency_path(agency.slug)
    summary = cat.text("feed_entry_summary", name=agency.name, handle=handle, status=status,
                       date=long_date(agency.status_checked, cat), source=agency.source or "-")
    return [
        "  <entry>\n",
        xml_leaf("title", cat.text("feed_entry_title", name=agency.name, status=status), "    "),
        xml_leaf("id", entry_id(agency, site), "    "),
        xml_leaf("updated", atom_time(agency.status_checked), "    "),
        xml_empty("link", "    ", {"rel": "alternate", "type": "text/html", "href": page}),
        xml_leaf("summary", summary, "    ", {"type": "text"}),
        xml_empty("category", "    ", {"term": agency.status, "label": status}),
        "  </entry>\n",
    ]


def atom_feed(facts: SiteFacts) -> Pieces:
    entries = feed_entries(facts)
    return atom_document(facts, entries[0].status_checked if entries else None,
                         ["".join(feed_entry(agency, facts)).encode("utf-8") for agency in entries])


def atom_document(facts: SiteFacts, updated: date | None, entries: list[bytes]) -> Pieces:
    """The feed of these agencies' <entry> elements (newest first, encoded); `updated`: the first one's date."""
    cat, site = facts.cat, facts.directory.site
    lines = [
        f"<feed{xml_attrs({'xmlns': ATOM_NS, 'xml:lang': site.language})}>\n",
        xml_leaf("title", cat.text("feed_title", title=site.title), "  "),
        xml_leaf("subtitle", cat.text("feed_subtitle", region=site.region), "  "),
        xml_leaf("id", tag_uri(site, "feed"), "  "),
        xml_leaf("updated", atom_time(updated), "  "),
        xml_empty("link", "  ", {"rel": "self", "type": "application/atom+xml", "href": site.base_url + FEED_PATH}),
        xml_empty("link", "  ", {"rel": "alternate", "type": "text/html", "href": site.base_url + "status/"}),
        "  <author>\n", xml_leaf("name", site.title, "    "), xml_leaf("uri", site.base_url, "    "), "  </author>\n",
    ]
    return xml_joined(["".join(lines).encode("utf-8"), *entries, b"</feed>\n"])


def discovery_files(facts: SiteFacts) -> Iterator[tuple[str, FileData]]:
    """The discovery files made whole, in one go: the reference the per-agency assembly must equal."""
    yield from _fixed_files(facts)
    yield "sitemap.xml", sitemap_xml(facts)
    yield FEED_PATH, atom_feed(facts)


def _fixed_files(facts: SiteFacts) -> Iterator[tuple[str, bytes]]:
    # GitHub Pages would run Jekyll otherwise, which drops files and folders starting with "_".
    yield ".nojekyll", b""
    cname = facts.directory.site.cname
    if cname:
        yield "CNAME", f"{cname}\n".encode("ascii")
    yield "robots.txt", robots_txt(facts)


@dataclass(frozen=True)
class DiscoveryRows(OutOfBand):
    """One agency's part of the sitemap and the feed, encoded once (as OpenDataRows)."""

    sitemap: bytes  # the <url> of its page
    feed: bytes  # its <entry> (empty when its status has no check date: it is not in the feed)


def discovery_rows(agency: Agency, facts: SiteFacts) -> DiscoveryRows:
    base = facts.directory.site.base_url
    return DiscoveryRows(sitemap_url(base, agency_path(agency.slug), agency.status_checked).encode("utf-8"),
                         "".join(feed_entry(agency, facts)).encode("utf-8") if agency.status_checked else b"")


def discovery_assembled(facts: SiteFacts, rows: list[DiscoveryRows], orders: ExportOrders
                        ) -> Iterator[tuple[str, FileData]]:
    """The same files as discovery_files, with each agency's parts taken from `rows` (in the directory's
    order) and listed in `orders`."""
    yield from _fixed_files(facts)
    base, newest = facts.directory.site.base_url, newest_check(facts)
    lines = [f"<urlset{xml_attrs({'xmlns': SITEMAP_NS})}>\n".encode("utf-8")]
    lines += [rows[page].sitemap if isinstance(page, int)
              else sitemap_url(base, page, newest if page in DATED_PAGES else None).encode("utf-8")
              for page in orders.sitemap]
    lines.append(b"</urlset>\n")
    yield "sitemap.xml", xml_joined(lines)
    first = facts.directory.agencies[orders.feed[0]].status_checked if orders.feed else None
    yield FEED_PATH, atom_document(facts, first, [rows[i].feed for i in orders.feed])


DATED_PAGES = ("", "status/")  # the sitemap pages whose last change is the newest status check


class ExportOrders:
    """The orders the exports list the agencies in, by their place in the directory: by page path in the
    sitemap (with the site's other pages), newest check first in the feed, by slug in the open data. Kept
    with the export rows (by the dev server, and in `build --cache`'s engine) while the agencies, their
    check dates, the topic letters and the content pages are the same: sorting 20,000 agencies for each
    file was a tenth of a second of every save. sitemap_pages
    and feed_entries, which the exports made whole use, are the reference these orders must equal."""

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.sitemap: list[int | str] = []  # an agency's place, or another page's path
        self.feed: list[int] = []
        self.by_slug: list[int] = []

    def update(self, facts: SiteFacts, letters: list[str]) -> "ExportOrders":
        d = facts.directory
        slugs = d.slugs
        dates = tuple(map(attrgetter("status_checked"), d.agencies))
        key = (slugs, dates, tuple(letters), tuple(p.slug for p in d.pages))
        if key == self.key:
            return self
        self.key = key
        self.by_slug = sorted(range(len(slugs)), key=slugs.__getitem__)
        self.feed = [i for i in self.by_slug if dates[i]]
        self.feed.sort(key=dates.__getitem__, reverse=True)
        others = ["topik/", *(f"topik/{letter}/" for letter in letters), "status/", *(f"{p.slug}/" for p in d.pages)]
        pages: list[tuple[str, int | str]] = [(agency_path(slug), i) for i, slug in enumerate(slugs)]
        pages += [(path, path) for path in others]
        pages.sort(key=itemgetter(0))
        self.sitemap = ["", *map(itemgetter(1), pages)]
        return self
