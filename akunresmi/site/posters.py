"""A printable A4 poster per agency, with a QR code to its page, for offices' notice boards."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import segno
from markupsafe import Markup

from ..model import Agency
from .render import Renderer, page_meta
from .views import SiteFacts, agency_path, agency_summary, reason_sentence, upstream_view

QR_MASK = 0


def poster_path(slug: str) -> str:
    return agency_path(slug) + "poster/"


@lru_cache(maxsize=65536)
def qr_code(url: str) -> segno.QRCode:
    """The code for an address. The mask is fixed: choosing it by the standard's penalty rules scores
    all eight masks and cost three quarters of a cold build, while every mask decodes (a test reads
    every poster's code back). Remembered per address: a poster is made again whenever its agency's
    name or route changes, its address does not."""
    return segno.make(url, error="m", micro=False, mask=QR_MASK)


def qr_svg(url: str, title: str) -> Markup:
    """The QR code as inline SVG, drawn with attributes only (no style, no script), so the CSP allows it."""
    return Markup(qr_code(url).svg_inline(omitsize=True, title=title, svgclass="qr", lineclass="qr-line"))


def poster_view(agency: Agency, facts: SiteFacts) -> dict[str, Any]:
    """What a poster shows; when the agency does not take complaints, the account that does."""
    cat, site = facts.cat, facts.directory.site
    target_slug = facts.routes[agency.slug].target
    target = facts.directory.by_slug[target_slug] if target_slug else None
    url = site.base_url + agency_path(agency.slug)
    return {
        "agency": agency_summary(agency, facts),
        "heading": cat.text("poster_heading", name=agency.short_name or agency.name),
        "target": agency_summary(target, facts) if target else upstream_view(agency, facts),
        "reason": reason_sentence(agency, facts),
        "forwarded_text": (cat.text("poster_forwarded", name=target.name) if target is not None and target.slug != agency.slug
                           else cat.text("poster_forwarded", name=site.upstream.name) if site.upstream else ""),
        "services": [s.name for s in agency.services],
        "url": url,
        "qr": qr_svg(url, cat.text("poster_qr_title", name=agency.name)),
    }


def render_poster(agency: Agency, facts: SiteFacts, renderer: Renderer) -> tuple[str, bytes]:
    path = poster_path(agency.slug) + "index.html"
    meta = page_meta(facts, path, facts.cat.text("poster_title", name=agency.name))
    return renderer.page("poster.html", path, meta, poster=poster_view(agency, facts))
