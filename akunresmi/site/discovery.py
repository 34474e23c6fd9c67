"""How crawlers, feed readers and GitHub Pages find the site: sitemap, robots.txt, Atom feed, CNAME."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator
from urllib.parse import urlsplit

from ..model import Agency
from ..pieces import FileData, Pieces
from .opendata import xml_attrs, xml_document, xml_empty, xml_joined, xml_leaf
from .views import SiteFacts, agency_path, long_date, topics

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
# A feed needs an <updated>; with no status dates at all, a fixed instant keeps builds identical.
NO_DATE = "1970-01-01T00:00:00Z"


def newest(agencies: tuple[Agency, ...]) -> date | None:
    return max((a.status_checked for a in agencies if a.status_checked), default=None)


def sitemap_pages(facts: SiteFacts, letters: list[str] | None = None) -> list[tuple[str, date | None]]:
    """(path, last change known from the data) of every page a search engine should index.

    Posters and 404.html are left out: they repeat an agency page or are not a page at all.
    `letters`: the topic index's letters, when the caller knows them already.
    """
    d = facts.directory
    pages: list[tuple[str, date | None]] = [(agency_path(a.slug), a.status_checked) for a in d.agencies]
    letters = list(topics(facts)) if letters is None else letters
    pages += [("topik/", None)] + [(f"topik/{letter}/", None) for letter in letters]
    pages += [("status/", newest(d.agencies))]
    pages += [(f"{p.slug}/", None) for p in d.pages]
    return [("", newest(d.agencies)), *sorted(pages, key=lambda p: p[0])]


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


def tag_uri(facts: SiteFacts, day: date, specific: str) -> str:
    """An Atom id that survives rebuilds: the same agency, status and date give the same id (RFC 4151)."""
    host = urlsplit(facts.directory.site.base_url).hostname or "localhost"
    return f"tag:{host},{day.isoformat()}:{facts.directory.site.base_path}{specific}"


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
        xml_leaf("id", tag_uri(facts, agency.status_checked, f"{agency_path(agency.slug)}{agency.status}"), "    "),
        xml_leaf("updated", atom_time(agency.status_checked), "    "),
        xml_empty("link", "    ", {"rel": "alternate", "type": "text/html", "href": page}),
        xml_leaf("summary", summary, "    ", {"type": "text"}),
        xml_empty("category", "    ", {"term": agency.status, "label": status}),
        "  </entry>\n",
    ]


def atom_feed(facts: SiteFacts) -> Pieces:
    return atom_document(facts, feed_entries(facts), lambda agency: "".join(feed_entry(agency, facts)).encode("utf-8"))


def atom_document(facts: SiteFacts, entries: list[Agency], entry: Callable[[Agency], bytes]) -> Pieces:
    """The feed of these entries (newest first), each agency's <entry> given by `entry`, encoded."""
    cat, site = facts.cat, facts.directory.site
    lines = [
        f"<feed{xml_attrs({'xmlns': ATOM_NS, 'xml:lang': site.language})}>\n",
        xml_leaf("title", cat.text("feed_title", title=site.title), "  "),
        xml_leaf("subtitle", cat.text("feed_subtitle", region=site.region), "  "),
        xml_leaf("id", site.base_url + FEED_PATH, "  "),
        xml_leaf("updated", atom_time(entries[0].status_checked if entries else None), "  "),
        xml_empty("link", "  ", {"rel": "self", "type": "application/atom+xml", "href": site.base_url + FEED_PATH}),
        xml_empty("link", "  ", {"rel": "alternate", "type": "text/html", "href": site.base_url + "status/"}),
        "  <author>\n", xml_leaf("name", site.title, "    "), xml_leaf("uri", site.base_url, "    "), "  </author>\n",
    ]
    return xml_joined(["".join(lines).encode("utf-8"), *(entry(agency) for agency in entries), b"</feed>\n"])


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
class DiscoveryRows:
    """One agency's part of the sitemap and the feed, encoded once (as OpenDataRows)."""

    sitemap: bytes  # the <url> of its page
    feed: bytes  # its <entry> (empty when its status has no check date: it is not in the feed)


def discovery_rows(agency: Agency, facts: SiteFacts) -> DiscoveryRows:
    base = facts.directory.site.base_url
    return DiscoveryRows(sitemap_url(base, agency_path(agency.slug), agency.status_checked).encode("utf-8"),
                         "".join(feed_entry(agency, facts)).encode("utf-8") if agency.status_checked else b"")


def discovery_assembled(facts: SiteFacts, rows: dict[str, DiscoveryRows],
                        letters: list[str] | None = None) -> Iterator[tuple[str, FileData]]:
    """The same files as discovery_files, with each agency's parts taken from `rows` (slug → rows)."""
    yield from _fixed_files(facts)
    d = facts.directory
    base = d.site.base_url
    own = {agency_path(a.slug): a.slug for a in d.agencies}
    lines = [f"<urlset{xml_attrs({'xmlns': SITEMAP_NS})}>\n".encode("utf-8")]
    lines += [rows[own[path]].sitemap if path in own else sitemap_url(base, path, lastmod).encode("utf-8")
              for path, lastmod in sitemap_pages(facts, letters)]
    lines.append(b"</urlset>\n")
    yield "sitemap.xml", xml_joined(lines)
    yield FEED_PATH, atom_document(facts, feed_entries(facts), lambda agency: rows[agency.slug].feed)
