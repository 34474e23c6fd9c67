"""Templates and Markdown → page bytes, one (path, bytes) pair at a time; writes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterator

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .fragments import Fragments, joined
from .discovery import FEED_PATH
from .linkeddata import agency_jsonld, home_jsonld
from .opendata import AGENCIES_CSV, AGENCIES_JSON, EXPORT_SCHEMA, OPEN311_JSON, OPEN311_XML
from ..i18n import Catalogue
from ..model import Agency, Page, RegionLink, Site
from .search import INDEX_VERSION, emergency_view
from ..content.validate import LINK_SCHEMES, SCHEMA_DIR
from .views import (SiteFacts, agency_path, agency_view, kind_groups, long_date, status_counts, status_lists,
                    topics)

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre",
                "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td"}
_MARKDOWN_EXTENSIONS = ["tables", "sane_lists"]
# The files the status page's "open data" section links, each under the site's root but the schema,
# which is under the root that publishes schema/ (a national build's, for every region)
OPEN_DATA = {"json": AGENCIES_JSON, "csv": AGENCIES_CSV, "open311_json": OPEN311_JSON, "open311_xml": OPEN311_XML,
             "feed": FEED_PATH, "schema": "schema/" + EXPORT_SCHEMA}
# A list page's rows are printed by its template as a marker and joined in as bytes (`_page_bytes`).
_BLOCK = f"\x00{secrets.token_hex(8)}:"

# The home page's counts: without leaders' personal accounts among the agencies, and with them.
HOME_COUNTS_KEYS = ("home_counts", "home_counts_leaders")


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    # Building the parser costs a third of a conversion; one instance per process, reset each time.
    return markdown.Markdown(extensions=_MARKDOWN_EXTENSIONS, output_format="html")


@lru_cache(maxsize=256)  # the content pages, converted again on every dev-server rebuild otherwise
def markdown_to_html(text: str) -> Markup:
    """Markdown → sanitised HTML: raw HTML, scripts and non-http(s)/mailto/tel links never pass."""
    if not text.strip():
        return Markup("")
    html = _markdown().reset().convert(text)
    # <h1> is not allowed: a page's own <h1> is its title.
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, url_schemes=set(LINK_SCHEMES),
                      link_rel="noopener noreferrer")
    return Markup(clean)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, so a new Environment (the dev server's,
    after a template or the globals changed) does not compile every template again. Jinja checks each
    entry against the template's source checksum, so an edited template is always recompiled."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()
_DICT_NAMES = frozenset(dir(dict))  # every attribute a dict has: a dict's own attributes are its type's


class _Environment(jinja2.Environment):
    """Jinja's environment, with `x.name` on a dict looked up as Jinja does, without the exception.

    Jinja tries `getattr(x, "name")` first and then `x["name"]`; the views the templates print are
    dicts, so nearly every `x.name` raised and caught an AttributeError, a third of a page's and a
    poster's time in Jinja. A plain dict has no attribute but its type's (`_DICT_NAMES`): for any other
    name `getattr` fails, and the item (or Undefined) is what Jinja returns; for those names, and for
    anything but a plain dict, Jinja's own lookup."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; `compiled`: a folder to keep compiled templates in between processes
    (`build --cache`), instead of only in this process's memory."""
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    # auto_reload off: a build makes its own environment, and the dev server a new one whenever a
    # template's bytes change (KeptEnvironment), so an edited template is read by the next build;
    # within a build, statting each included template on every render was a few percent of a page's time.
    env = _Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                       undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, auto_reload=False,
                       bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else _BYTECODE)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def root_for(path: str) -> str:
    """The relative way back to the site root from a page at `path`, so any base path works."""
    depth = path.count("/")
    return "../" * depth


def page_meta(facts: SiteFacts, path: str, title: str, description: str = "") -> dict[str, Any]:
    return site_page_meta(facts.directory.site, path, title, description)


def site_page_meta(site: Site, path: str, title: str, description: str = "") -> dict[str, Any]:
    """What the frame of a page shows about it (a region's page or a national one)."""
    canonical_path = path[: -len("index.html")] if path.endswith("index.html") else path
    # GitHub Pages serves 404.html at any depth: only base-path links work there.
    root = site.base_path if path == "404.html" else root_for(path)
    return {"title": title, "root": root, "assets": root + site.assets_up, "canonical": site.base_url + canonical_path,
            "description": description or site.description, "path": canonical_path}


def frame_globals(site: Site, cat: Catalogue, *, national_site: bool = False) -> dict[str, Any]:
    """The strings and site facts every template's frame prints (base.html, _meta.html)."""
    return {
        "t": cat.site, "lang": site.language,
        "site": {"title": site.title, "region": cat.site["national_region"] if national_site else site.region,
                 "base_url": site.base_url, "base_path": site.base_path, "assets_url": site.assets_url,
                 "description": site.description,
                 "national": [{"name": c.name, "url": c.url, "description": c.description}
                              for c in site.national_channels],
                 "emergency": emergency_view(site), "in_national": site.in_national,
                 "national_site": national_site,
                 # a kabupaten/kota of a national build: its province, to which every page leads up
                 "province": region_link_view(site.province) if site.province else None},
    }


def region_link_view(link: RegionLink) -> dict[str, Any]:
    return {"name": link.name, "path": link.path, "has_data": link.has_data}


def renderer_globals(facts: SiteFacts) -> dict[str, Any]:
    """The templates' globals: what every page's frame prints."""
    return {**frame_globals(facts.directory.site, facts.cat),
            "content_pages": [{"title": p.title, "path": f"{p.slug}/"} for p in facts.directory.pages]}


class KeptEnvironment:
    """The dev server's Jinja environment, kept from one build to the next while the templates' sources
    and the globals are the same (a save of an agency file), so its templates are not loaded again: a
    new environment per build loaded and unmarshalled every template, 4 % of a save at 1,000 agencies.
    Another source or other globals make a new one: a template's imported macros keep the globals they
    were first loaded with, so an environment is never given new ones."""

    def __init__(self, templates: Path, compiled: Path | None = None):
        self.templates, self.compiled = templates, compiled
        self.kept: tuple[Any, jinja2.Environment] | None = None

    def environment(self, wanted: dict[str, Any]) -> jinja2.Environment:
        signature = (_sources_digest(self.templates), wanted)
        if self.kept is None or self.kept[0] != signature:
            env = make_environment(self.templates, self.compiled)
            env.globals.update(wanted)
            self.kept = (signature, env)
        return self.kept[1]


def _sources_digest(folder: Path) -> bytes:
    """Every template's name and bytes: read again on each build (some 30 KB), since a file's stamp can
    stay the same across two saves within a clock tick."""
    h = hashlib.blake2b(digest_size=16)
    for parent, _dirs, names in sorted(os.walk(folder, followlinks=True)):
        for name in sorted(names):
            path = os.path.join(parent, name)
            h.update(os.path.relpath(path, folder).encode("utf-8", "surrogateescape") + b"\x00")
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                data = b"\xff unreadable"
            h.update(len(data).to_bytes(8, "big") + data)
    return h.digest()


def _block(blocks: list[Markup], markup: Markup) -> Markup:
    """The marker a template prints in place of this block (a list's rows); `_page_bytes` puts it back."""
    blocks.append(markup)
    return Markup(f"{_BLOCK}{len(blocks) - 1}\x00")


def _page_bytes(html: str, blocks: list[Markup]) -> bytes:
    """The page's bytes with each block's in place of its marker: the page's frame and each block
    encoded apart. One character outside Latin-1 (the catalogue's "–" and "·" are in every page's
    frame) makes Python store every character of a text in two bytes: joining a list page's rows into
    the page's text and encoding it then cost more than making the rows (0.8 ms for a topic page of
    870 KB, against 0.02 ms for its rows, ASCII, encoded alone). UTF-8 of a concatenation is the
    concatenation of the UTF-8s, so the bytes are the same."""
    frame = _frame_parts(html, len(blocks))
    if frame is None:  # a template that prints a block twice, or not in order: put the text back whole
        whole = re.sub(re.escape(_BLOCK) + r"(\d+)\x00", lambda m: blocks[int(m.group(1))], html)
        return whole.encode("utf-8")
    out = [frame[0]]
    for block, after in zip(blocks, frame[1:]):
        out += (block.encode("utf-8"), after)
    return b"".join(out)


def _frame_parts(html: str, count: int) -> list[bytes] | None:
    """The page's text around the markers of its `count` blocks, encoded, when it prints each once
    and in order; else None."""
    parts = html.split(_BLOCK)
    if len(parts) != count + 1:
        return None
    out = [parts[0].encode("utf-8")]
    for i, part in enumerate(parts[1:]):
        number, end, rest = part.partition("\x00")
        if not end or number != str(i):
            return None
        out.append(rest.encode("utf-8"))
    return out


class Renderer:
    """Renders every page of one site; each method returns (path, bytes) pairs."""

    def __init__(self, facts: SiteFacts, templates: Path, compiled: Path | None = None,
                 fragments: Fragments | None = None, environments: "KeptEnvironment | None" = None):
        self.facts = facts
        wanted = renderer_globals(facts)
        if environments is not None:
            self.env = environments.environment(wanted)
        else:
            self.env = make_environment(templates, compiled)
            self.env.globals.update(wanted)
        # The list pages' rows and links: kept between builds by the caller (the dev server's builder),
        # which frames them by the catalogue and _macros.html; otherwise this build's own.
        self.fragments = fragments if fragments is not None else Fragments()
        self.own_fragments = fragments is None

    def page(self, template: str, path: str, meta: dict[str, Any], blocks: list[Markup] | None = None,
             **context: Any) -> tuple[str, bytes]:
        """A page's bytes; `blocks`: the lists of rows its context gives as markers (`_block`)."""
        html = self.env.get_template(template).render(page=meta, **context)
        return path, _page_bytes(html, blocks) if blocks else html.encode("utf-8")

    def home(self) -> tuple[str, bytes]:
        facts = self.facts
        meta = page_meta(facts, "index.html", facts.directory.site.title)
        counts = status_counts(facts)
        counts_text = facts.cat.text(HOME_COUNTS_KEYS[bool(counts["leaders"])],
                                     **{k: facts.cat.number(n) for k, n in counts.items()})
        blocks: list[Markup] = []
        groups = self._with_rows(kind_groups(facts), "row", meta["root"], blocks)
        # a province of a national build lists its kabupaten/kota
        regencies = [region_link_view(r) for r in facts.directory.site.regencies]
        return self.page("home.html", "index.html", meta, blocks, groups=groups, counts_text=counts_text,
                         letters=list(topics(facts)), jsonld=home_jsonld(facts), regencies=regencies,
                         search_format=INDEX_VERSION)

    def agency(self, agency: Agency) -> tuple[str, bytes]:
        if self.own_fragments and self.fragments.slots:
            self._forget_lists()
        path = agency_path(agency.slug) + "index.html"
        view = agency_view(agency, self.facts, markdown_to_html(agency.description))
        meta = page_meta(self.facts, path, agency.name,
                         self.facts.cat.text("agency_meta_description", name=agency.name))
        return self.page("agency.html", path, meta, agency=view, jsonld=agency_jsonld(agency, self.facts))

    def _forget_lists(self) -> None:
        """Drop this build's own rows and links of the list pages: a build makes its list pages before its
        agency pages (each process of the pool takes them first), and then they were dead weight in the
        resident memory of every process that made one (40 MB or more each at 20,000 agencies). A list
        page made after all the same would make them again."""
        self.fragments.slots = {}
        for key in [key for key in self.facts.memo if isinstance(key, tuple) and key[:1] == ("topic-links",)]:
            del self.facts.memo[key]

    def topic_page(self, letter: str | None) -> tuple[str, bytes]:
        """The A-Z index (letter None) or one letter's topics."""
        by_letter = topics(self.facts)
        title = self.facts.cat.site["topics_title"]
        if letter is None:
            path, meta_title, entries = "topik/index.html", title, None
        else:
            path, meta_title, entries = f"topik/{letter}/index.html", f"{title}: {letter.upper()}", by_letter[letter]
        meta = page_meta(self.facts, path, meta_title)
        if entries is None:
            return self.page("topics.html", path, meta, letters=list(by_letter), entries=None, letter=letter)
        root = meta["root"]
        links = self.facts.once(("topic-links", root), dict)  # slug → link, for every letter's page
        rows = joined([self._topic_entry(e, root, links) for e in entries])
        # The page around a letter's topics shows the letters, the page's place and the frame (the
        # environment's globals and templates): kept while those are the same, since a rename makes a
        # dozen letter pages again (the frame alone was a sixteenth of such a save at 1,000 agencies).
        letters = list(by_letter)
        frame = self.fragments.get(("topic-frame", letter), (self.env, letters, meta), lambda: self._frame(
            "topics.html", meta, letters=letters, entries=Markup(f"{_BLOCK}0\x00"), letter=letter))
        if frame is None:  # the template does not print the topics once: made whole
            blocks: list[Markup] = []
            return self.page("topics.html", path, meta, blocks, letters=letters, entries=_block(blocks, rows),
                             letter=letter)
        return path, b"".join((frame[0], rows.encode("utf-8"), frame[1]))

    def _frame(self, template: str, meta: dict[str, Any], **context: Any) -> list[bytes] | None:
        """A page's bytes before and after the one block its context gives as a marker, or None when
        the template does not print that block exactly once."""
        return _frame_parts(self.env.get_template(template).render(page=meta, **context), 1)

    def _topic_entry(self, entry: dict[str, Any], root: str, links: dict[str, Markup]) -> Markup:
        """A topic and its agencies' links, made once for as long as they are the same agencies showing
        the same (their summaries: the builder keeps them, so the same objects); each agency's link made
        once per page depth (an agency is on many topics)."""
        def make() -> Markup:
            made = []
            for agency in entry["agencies"]:
                link = links.get(agency["slug"])
                if link is None:
                    link = links[agency["slug"]] = self._fragment("topic_agency", root, agency)
                made.append(link)
            return self._macros.topic_entry(entry["term"], joined(made, "; "))
        # The dev server's topic index keeps an entry (the same object) while its term and agencies are the same.
        return self.fragments.get(("topic", root, entry["term"]), entry, make)

    def _with_rows(self, lists: list[dict[str, Any]], macro: str, root: str, blocks: list[Markup]
                   ) -> list[dict[str, Any]]:
        """Each list of agencies with its rows joined (a block of the page), each row made by `macro`
        (or kept: _fragment)."""
        return [{**entry, "rows": _block(blocks, self.fragments.get(
                    ("rows", macro, root, i), entry["agencies"],  # a list kept by the dev server: the same object
                    lambda agencies=entry["agencies"]: joined([self._fragment(macro, root, a) for a in agencies])))}
                for i, entry in enumerate(lists)]

    def _fragment(self, macro: str, root: str, agency: dict[str, Any]) -> Markup:
        """One agency's fragment of a list page (`macro` of _macros.html), made again only when what it
        shows of the agency (its summary) changed."""
        return self.fragments.get((macro, root, agency["slug"]), agency,
                                  lambda: getattr(self._macros, macro)(agency, root))

    @cached_property
    def _macros(self) -> Any:
        return self.env.get_template("_macros.html").module

    def status(self) -> tuple[str, bytes]:
        facts = self.facts
        path = "status/index.html"
        meta = page_meta(facts, path, facts.cat.site["status_title"])
        d = facts.directory
        stale_text = facts.cat.text("status_stale_rule", days=d.site.stale_days, silent=d.site.silent_days,
                                    date=long_date(d.build_date, facts.cat))
        blocks: list[Markup] = []
        lists = self._with_rows(status_lists(facts), "status_row", meta["root"], blocks)
        # The home page counts the leaders' personal accounts apart from the active ones; this list, for
        # Humas, keeps them with the active accounts they are, and says how many of them it holds.
        leaders = status_counts(facts)["leaders"]
        active_note = facts.cat.text("status_leaders_among", n=leaders) if leaders else ""
        return self.page("status.html", path, meta, blocks, lists=lists, stale_text=stale_text, open_data=OPEN_DATA,
                         active_note=active_note)

    def content_page(self, page: Page) -> tuple[str, bytes]:
        path = f"{page.slug}/index.html"
        return self.page("page.html", path, page_meta(self.facts, path, page.title), body=markdown_to_html(page.body))

    def not_found(self) -> tuple[str, bytes]:
        meta = page_meta(self.facts, "404.html", self.facts.cat.site["not_found_title"])
        return self.page("404.html", "404.html", meta)

    def topic_letters(self) -> list[str]:
        return list(topics(self.facts))


def published_schemas(url: str) -> Iterator[tuple[str, bytes]]:
    """The schemas as published under `url` (the site's assets_url), so editors and other tools can
    validate against the live site. Each copy names its own address as `$id`, which a validator
    follows and against which national.schema.json's relative references to site.schema.json resolve
    to the copy beside it. The files in the repository have none: read from there, the same references
    find the file beside them. The text is the file's, with that one member added first (after the
    opening brace, whatever the file's layout)."""
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        text = path.read_bytes()
        brace = text.index(b"{") + 1
        schema_id = json.dumps(f"{url}schema/{path.name}").encode("utf-8")
        yield f"schema/{path.name}", text[:brace] + b'\n  "$id": ' + schema_id + b"," + text[brace:]


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
