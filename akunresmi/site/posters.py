"""A printable A4 poster per agency, with a QR code to its page, for offices' notice boards."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import zxingcpp

from ..model import Agency
from .render import Renderer, page_meta
from .views import (SiteFacts, agency_path, agency_summary, checked_too_long_ago, is_stale, reason_sentence,
                    upstream_view)

QR_BORDER = 4  # modules of quiet zone around the code, as the standard asks
# Every mask makes a code that decodes; choosing the best by the standard's penalty rules was four
# fifths of the encoder's time (0.21 of 0.26 ms a code). Mask 2 is the one those rules chose most
# often for this site's addresses (a third of 2,048 sampled), and tests/test_qr.py reads every
# poster's code back.
QR_MASK = 2
_DARK_RUN = re.compile(rb"\x00+")  # zxing-cpp's image: 0 is a dark module, 255 a light one
# A stroke's text by its step from the last one and its length: a code's strokes are a few hundred runs
# of a few modules, with small steps, so the same few hundred texts are formatted over and over, in
# every code whatever its address (bounded: a step and a length are smaller than the code's side).
_STROKES: dict[tuple[int, int, int], str] = {}


def poster_path(slug: str) -> str:
    return agency_path(slug) + "poster/"


@dataclass(frozen=True)
class QRDrawing:
    """A QR code as the poster template draws it: one SVG path of horizontal strokes, one per run of
    dark modules (the rows segno used to write), in a square of `size` modules with its quiet zone."""

    size: int
    path: str  # the path's data: "M4 4.5h7m3 0h2…"; each stroke is a run, 1 module wide, centred on its row


@lru_cache(maxsize=1024)
def qr_drawing(url: str) -> QRDrawing:
    """The code for an address, made by zxing-cpp's C++ encoder (error correction M, mask QR_MASK;
    segno took milliseconds per poster, the largest part of a cold build). The last few are
    remembered: the dev server makes a poster again whenever its agency's name or route changes, its
    address does not. Not more: a large build makes each once, in the workers, where remembering
    10,000 drawings held 35 MB in each."""
    image = memoryview(zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=QR_MASK)
                       .to_image(add_quiet_zones=False))
    side = image.shape[0]
    raw = image.tobytes()
    # The rows one after another with a light module between, so no run goes on into the next row.
    width = side + 1
    rows = b"\xff".join([raw[i:i + side] for i in range(0, side * side, side)])
    runs = [run.span() for run in _DARK_RUN.finditer(rows)]
    if not runs:
        return QRDrawing(side + 2 * QR_BORDER, "")
    start, end = runs[0]
    y, x = divmod(start, width)
    strokes = [f"M{x + QR_BORDER} {y + QR_BORDER}.5h{end - start}"]
    x += end - start  # where the last stroke ended; each further stroke is written relative to it
    written = _STROKES
    for start, end in runs[1:]:
        row, x1 = divmod(start, width)
        step = (x1 - x, row - y, end - start)
        text = written.get(step)
        if text is None:
            text = written[step] = f"m{x1 - x} {row - y}h{end - start}"
        strokes.append(text)
        x, y = x1 + end - start, row
    return QRDrawing(side + 2 * QR_BORDER, "".join(strokes))


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
        # Whoever prints it is told when the status of the account it sends to is old (a national build's
        # province account, when no account of the region takes complaints, included).
        "stale": (is_stale(target, facts) if target else site.upstream is not None
                  and checked_too_long_ago(site.upstream.status_checked, facts)),
        "reason": reason_sentence(agency, facts),
        "forwarded_text": (cat.text("poster_forwarded", name=target.name) if target is not None and target.slug != agency.slug
                           else cat.text("poster_forwarded", name=site.upstream.name) if site.upstream else ""),
        "services": [s.name for s in agency.services],
        "url": url,
        "qr": qr_drawing(url),
        "qr_title": cat.text("poster_qr_title", name=agency.name),
    }


def render_poster(agency: Agency, facts: SiteFacts, renderer: Renderer) -> tuple[str, bytes]:
    path = poster_path(agency.slug) + "index.html"
    meta = page_meta(facts, path, facts.cat.text("poster_title", name=agency.name))
    return renderer.page("poster.html", path, meta, poster=poster_view(agency, facts))
