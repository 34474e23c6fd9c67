"""Files beyond the directory's pages: open data, discovery files and posters, as (path, bytes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .discovery import discovery_files
from .opendata import open_data_files
from .posters import poster_pages
from .views import SiteFacts

if TYPE_CHECKING:
    from .render import Renderer


def export_files(facts: SiteFacts, renderer: "Renderer") -> Iterator[tuple[str, bytes]]:
    yield from discovery_files(facts)
    yield from open_data_files(facts)
    yield from poster_pages(facts, renderer)
