"""Machine-readable exports: data in, bytes out (JSON, CSV, Open311, sitemap, feed)."""

from __future__ import annotations

from typing import Iterator

from .views import SiteFacts


def export_files(facts: SiteFacts) -> Iterator[tuple[str, bytes]]:
    yield ".nojekyll", b""
