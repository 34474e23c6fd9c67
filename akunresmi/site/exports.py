"""Files beyond the directory's pages that are data, not templates: open data and discovery files."""

from __future__ import annotations

from typing import Iterator

from .discovery import discovery_files
from .opendata import open_data_files
from .views import SiteFacts


def export_files(facts: SiteFacts) -> Iterator[tuple[str, bytes]]:
    yield from discovery_files(facts)
    yield from open_data_files(facts)
