"""A printable A4 poster per agency, with a QR code to its page, for offices' notice boards."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from typing import Any, Iterator

import segno
from markupsafe import Markup

from ..model import Agency
from .render import POOL_THRESHOLD, Renderer, page_meta
from .views import SiteFacts, agency_path, agency_summary, reason_sentence

# Templates a poster page is made of: a change to any of them must re-render every poster.
POSTER_TEMPLATES = ("poster.html", "base.html", "_meta.html")


def poster_path(slug: str) -> str:
    return agency_path(slug) + "poster/"


def qr_svg(url: str, title: str) -> Markup:
    """The QR code as inline SVG, drawn with attributes only (no style, no script), so the CSP allows it.

    segno picks the mask by the standard's penalty rules, which is most of the cost (about 8 ms):
    worth it for codes photographed on notice boards, and paid once per agency thanks to the cache.
    """
    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(omitsize=True, title=title, svgclass="qr", lineclass="qr-line"))


def poster_view(agency: Agency, facts: SiteFacts) -> dict[str, Any]:
    """What a poster shows; when the agency does not take complaints, the account that does."""
    cat, site = facts.cat, facts.directory.site
    target_slug = facts.routes[agency.slug].target
    target = facts.directory.by_slug[target_slug] if target_slug else None
    url = site.base_url + agency_path(agency.slug)
    return {
        "agency": agency_summary(agency, facts),
        "heading": cat.text("poster_heading", name=agency.short_name or agency.name),
        "target": agency_summary(target, facts) if target else None,
        "reason": reason_sentence(agency, facts),
        "forwarded_text": (cat.text("poster_forwarded", name=target.name)
                           if target is not None and target.slug != agency.slug else ""),
        "services": [s.name for s in agency.services],
        "url": url,
        "qr": qr_svg(url, cat.text("poster_qr_title", name=agency.name)),
    }


def render_poster(agency: Agency, facts: SiteFacts, renderer: Renderer) -> tuple[str, bytes]:
    path = poster_path(agency.slug) + "index.html"
    meta = page_meta(facts, path, facts.cat.text("poster_title", name=agency.name))
    return renderer.page("poster.html", path, meta, poster=poster_view(agency, facts))


def poster_inputs(agency: Agency, facts: SiteFacts) -> tuple:
    """Everything one poster shows besides the templates: equal inputs give an identical poster."""
    d = facts.directory
    target = facts.routes[agency.slug].target
    return agency, d.by_slug.get(target) if target else None, d.site, d.build_date, facts.chain(agency)


def build_inputs(facts: SiteFacts, renderer: Renderer) -> tuple:
    """What every poster shares: templates, interface strings and the footer's list of pages."""
    loader = renderer.env.loader
    assert loader is not None
    sources = "\0".join(loader.get_source(renderer.env, name)[0] for name in POSTER_TEMPLATES)
    strings = sorted(facts.cat.site.items())
    return (hashlib.sha256(sources.encode("utf-8")).hexdigest(), facts.cat.language, tuple(strings),
            facts.footer_pages())


# The last build's posters, kept while the process lives: the dev server rebuilds on every save, and
# an agency's QR code and poster change only when that agency, its route or the site changes.
_CACHE: dict[str, tuple[tuple, tuple[str, bytes]]] = {}
_CACHE_BUILD: list[tuple] = []
_POOL_STATE: tuple[SiteFacts, Renderer, list[Agency]] | None = None


def _render_chunk(indexes: list[int]) -> list[tuple[str, bytes]]:
    assert _POOL_STATE is not None
    facts, renderer, agencies = _POOL_STATE
    return [render_poster(agencies[i], facts, renderer) for i in indexes]


def render_posters(agencies: list[Agency], facts: SiteFacts, renderer: Renderer) -> list[tuple[str, bytes]]:
    """Posters in input order; many of them on all cores, in forked workers sharing the renderer."""
    workers = min(os.cpu_count() or 1, 8)
    if len(agencies) < POOL_THRESHOLD or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [render_poster(a, facts, renderer) for a in agencies]
    global _POOL_STATE
    _POOL_STATE = (facts, renderer, agencies)
    size = max(25, len(agencies) // (workers * 8))
    chunks = [list(range(i, min(i + size, len(agencies)))) for i in range(0, len(agencies), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [page for chunk in pool.imap(_render_chunk, chunks) for page in chunk]
    finally:
        _POOL_STATE = None


def poster_pages(facts: SiteFacts, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    shared = build_inputs(facts, renderer)
    if _CACHE_BUILD != [shared]:
        _CACHE.clear()
        _CACHE_BUILD[:] = [shared]
    agencies = sorted(facts.directory.agencies, key=lambda a: a.slug)
    keys = {a.slug: poster_inputs(a, facts) for a in agencies}
    stale = [a for a in agencies if _CACHE.get(a.slug, (None,))[0] != keys[a.slug]]
    for agency, page in zip(stale, render_posters(stale, facts, renderer)):
        _CACHE[agency.slug] = (keys[agency.slug], page)
    for slug in set(_CACHE) - set(keys):
        del _CACHE[slug]
    for agency in agencies:
        yield _CACHE[agency.slug][1]
