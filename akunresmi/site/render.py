"""Templates and Markdown → page bytes. Returns {output path: bytes}; writes nothing."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .linkeddata import agency_jsonld, home_jsonld
from ..model import Agency, Page
from .search import search_index_bytes
from ..content.validate import SCHEMA_DIR
from .views import (SiteFacts, agency_path, agency_view, kind_groups, status_counts, status_lists, topics)
from .views import long_date

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre",
                "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_MARKDOWN_EXTENSIONS = ["tables", "sane_lists"]


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
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, url_schemes=URL_SCHEMES,
                      link_rel="noopener noreferrer")
    return Markup(clean)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, so the dev server's rebuilds (a new
    Environment each time) do not compile every template again. Jinja checks each entry against
    the template's source checksum, so an edited template is always recompiled."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def make_environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, bytecode_cache=_BYTECODE)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def root_for(path: str) -> str:
    """The relative way back to the site root from a page at `path`, so any base path works."""
    depth = path.count("/")
    return "../" * depth


def page_meta(facts: SiteFacts, path: str, title: str, description: str = "") -> dict[str, Any]:
    site = facts.directory.site
    canonical_path = path[: -len("index.html")] if path.endswith("index.html") else path
    return {"title": title, "root": root_for(path), "canonical": site.base_url + canonical_path,
            "description": description or site.description, "path": canonical_path}


class Renderer:
    """Renders every page of one site; each method returns (path, bytes) pairs."""

    def __init__(self, facts: SiteFacts, templates: Path, page_memo: PageMemo | None = None):
        self.facts = facts
        # The dev server's last pages by path, keyed by everything they were rendered from: a save
        # re-renders only the indexes whose data changed.
        self.page_memo = page_memo
        self._globals: bytes | None = None
        self.rendered_agencies = 0  # pages the last agency_pages() call really rendered
        self.pool_agencies: list[Agency] = []
        self.env = make_environment(templates)
        site = facts.directory.site
        self.env.globals.update({
            "t": facts.cat.site, "lang": site.language,
            "site": {"title": site.title, "region": site.region, "base_url": site.base_url,
                     "base_path": site.base_path, "description": site.description,
                     "national": [{"name": c.name, "url": c.url, "description": c.description}
                                  for c in site.national_channels]},
            "content_pages": [{"title": p.title, "path": f"{p.slug}/"} for p in facts.directory.pages],
        })

    def page(self, template: str, path: str, meta: dict[str, Any], **context: Any) -> tuple[str, bytes]:
        html = self.env.get_template(template).render(page=meta, **context)
        return path, html.encode("utf-8")

    def shared_page(self, template: str, path: str, meta: dict[str, Any], **context: Any) -> tuple[str, bytes]:
        """A page many agencies appear on (home, topics, status): with a memo, re-rendered only when
        the data it shows changed. Pickling the data costs a fraction of rendering it."""
        if self.page_memo is None:
            return self.page(template, path, meta, **context)
        key = pickle.dumps((self._globals_key(), template, meta, sorted(context.items())),
                           protocol=pickle.HIGHEST_PROTOCOL)
        remembered = self.page_memo.get(path)
        if remembered is not None and remembered[0] == key:
            return path, remembered[1]
        page = self.page(template, path, meta, **context)
        self.page_memo[path] = (key, page[1])
        return page

    def _globals_key(self) -> bytes:
        if self._globals is None:
            self._globals = pickle.dumps(sorted((k, v) for k, v in self.env.globals.items()
                                                if k in ("t", "lang", "site", "content_pages")))
        return self._globals

    def home(self) -> tuple[str, bytes]:
        facts = self.facts
        meta = page_meta(facts, "index.html", facts.directory.site.title)
        counts_text = facts.cat.text("home_counts", **status_counts(facts))
        return self.shared_page("home.html", "index.html", meta, groups=kind_groups(facts), counts_text=counts_text,
                         letters=list(topics(facts)), jsonld=home_jsonld(facts))

    def agency(self, agency: Agency) -> tuple[str, bytes]:
        path = agency_path(agency.slug) + "index.html"
        view = agency_view(agency, self.facts, markdown_to_html(agency.description))
        meta = page_meta(self.facts, path, agency.name,
                         self.facts.cat.text("agency_meta_description", name=agency.name))
        return self.page("agency.html", path, meta, agency=view, jsonld=agency_jsonld(agency, self.facts))

    def topic_pages(self) -> Iterator[tuple[str, bytes]]:
        by_letter = topics(self.facts)
        letters = list(by_letter)
        title = self.facts.cat.site["topics_title"]
        yield self.shared_page("topics.html", "topik/index.html", page_meta(self.facts, "topik/index.html", title),
                        letters=letters, entries=None, letter=None)
        for letter, entries in by_letter.items():
            path = f"topik/{letter}/index.html"
            meta = page_meta(self.facts, path, f"{title}: {letter.upper()}")
            yield self.shared_page("topics.html", path, meta, letters=letters, entries=entries, letter=letter)

    def status(self) -> tuple[str, bytes]:
        facts = self.facts
        path = "status/index.html"
        meta = page_meta(facts, path, facts.cat.site["status_title"])
        d = facts.directory
        stale_text = facts.cat.text("status_stale_rule", days=d.site.stale_days, silent=d.site.silent_days,
                                    date=long_date(d.build_date, facts.cat))
        return self.shared_page("status.html", path, meta, lists=status_lists(facts), stale_text=stale_text)

    def content_page(self, page: Page) -> tuple[str, bytes]:
        path = f"{page.slug}/index.html"
        return self.shared_page("page.html", path, page_meta(self.facts, path, page.title), body=markdown_to_html(page.body))

    def not_found(self) -> tuple[str, bytes]:
        meta = page_meta(self.facts, "404.html", self.facts.cat.site["not_found_title"])
        # GitHub Pages serves 404.html at any depth: only base-path links work there.
        meta["root"] = self.facts.directory.site.base_path
        return self.shared_page("404.html", "404.html", meta)

    def agency_pages(self, cache: PageCache | None = None) -> list[tuple[str, bytes]]:
        """Every agency's page; those whose inputs are unchanged come from `cache`, the rest are
        rendered, on all cores when there are many."""
        agencies = self.facts.directory.agencies
        keys = [self.facts.page_inputs(a) for a in agencies] if cache is not None else [None] * len(agencies)
        missing = [i for i, (a, key) in enumerate(zip(agencies, keys))
                   if cache is None or cache.get(a.slug, (None,))[0] != key]
        rendered = dict(zip(missing, render_in_pool(self, [agencies[i] for i in missing])))
        pages = []
        for i, (agency, key) in enumerate(zip(agencies, keys)):
            page = rendered[i] if i in rendered else cache[agency.slug][1]  # type: ignore[index]
            if cache is not None:
                cache[agency.slug] = (key, page)
            pages.append(page)
        self.rendered_agencies = len(missing)
        return pages

    def all_pages(self, cache: PageCache | None = None) -> Iterator[tuple[str, bytes]]:
        yield self.home()
        yield from self.agency_pages(cache)
        yield from self.topic_pages()
        yield self.status()
        for page in self.facts.directory.pages:
            yield self.content_page(page)
        yield self.not_found()


PageCache = dict[str, tuple[Any, tuple[str, bytes]]]
PageMemo = dict[str, tuple[bytes, bytes]]
POOL_THRESHOLD = 300  # below this, starting worker processes costs more than it saves
_POOL_RENDERER: Renderer | None = None


def _render_chunk(indexes: list[int]) -> list[tuple[str, bytes]]:
    assert _POOL_RENDERER is not None
    agencies = _POOL_RENDERER.pool_agencies
    return [_POOL_RENDERER.agency(agencies[i]) for i in indexes]


def render_in_pool(renderer: Renderer, agencies: list[Agency]) -> list[tuple[str, bytes]]:
    """Agency pages in input order; on several cores, forked workers share the renderer's state."""
    workers = min(os.cpu_count() or 1, 8)
    if len(agencies) < POOL_THRESHOLD or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [renderer.agency(a) for a in agencies]
    global _POOL_RENDERER
    _POOL_RENDERER, renderer.pool_agencies = renderer, agencies
    size = max(50, len(agencies) // (workers * 8))
    chunks = [list(range(i, min(i + size, len(agencies)))) for i in range(0, len(agencies), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [page for chunk in pool.imap(_render_chunk, chunks) for page in chunk]
    finally:
        _POOL_RENDERER, renderer.pool_agencies = None, []


def static_files(static: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(p for p in static.rglob("*") if p.is_file()):
        yield "static/" + path.relative_to(static).as_posix(), path.read_bytes()


def published_schemas() -> Iterator[tuple[str, bytes]]:
    """The schemas are published, so editors and other tools can validate against the live site."""
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        yield f"schema/{path.name}", path.read_bytes()


def render_site(facts: SiteFacts, templates: Path, static: Path,
                extra: Callable[[SiteFacts, "Renderer"], Iterator[tuple[str, bytes]]] | None = None,
                page_cache: PageCache | None = None, page_memo: PageMemo | None = None) -> dict[str, bytes]:
    """Every output file of the site, in memory; agency pages come from `page_cache` when unchanged."""
    files: dict[str, bytes] = {}

    def add(path: str, data: bytes) -> None:
        if path in files:  # two sources for one output path is a bug in us, not in the content
            raise RuntimeError(f"output path written twice: {path}")
        files[path] = data

    renderer = Renderer(facts, templates, page_memo)
    for path, data in renderer.all_pages(page_cache):
        add(path, data)
    add("search-index.json", search_index_bytes(facts.directory, facts.routes, facts.cat))
    for path, data in static_files(static):
        add(path, data)
    for path, data in published_schemas():
        add(path, data)
    if extra:
        for path, data in extra(facts, renderer):
            add(path, data)
    return files


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
