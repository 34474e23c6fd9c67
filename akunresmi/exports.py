"""Machine-readable exports: data in, bytes out (JSON, CSV, Open311, sitemap, feed)."""

from __future__ import annotations

from typing import Iterator

from typing import TYPE_CHECKING

from .views import SiteFacts

if TYPE_CHECKING:
    from .render import Renderer


def export_files(facts: SiteFacts, renderer: "Renderer") -> Iterator[tuple[str, bytes]]:
    yield ".nojekyll", b""
