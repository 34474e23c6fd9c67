"""Files beyond the directory's pages that are data, not templates: open data and discovery files.

Each agency's part of every export (its JSON record, CSV row, Open311 services, sitemap URL, feed
entry) is made on its own and joined, so a builder that keeps an `ExportRows` between builds (the
dev server) makes again only the rows of the agencies an edit touched.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..model import Agency
from .discovery import DiscoveryRows, discovery_assembled, discovery_files, discovery_rows
from .opendata import OpenDataRows, by_slug, csv_columns, open_data_assembled, open_data_files, open_data_rows
from .views import SiteFacts


def export_files(facts: SiteFacts, rows: "ExportRows | None" = None,
                 letters: list[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every export, joined from per-agency rows (kept in `rows` when given). `letters`: the topic
    index's letters, when the caller knows them (the sitemap lists the letter pages)."""
    made = (rows or ExportRows()).rows_for(facts)
    yield from discovery_assembled(facts, {slug: r[1] for slug, r in made.items()}, letters)
    yield from open_data_assembled(facts, [made[a.slug][0] for a in by_slug(facts)])


def export_files_whole(facts: SiteFacts) -> Iterator[tuple[str, bytes]]:
    """The exports made whole, in one go, without rows: the reference export_files must equal."""
    yield from discovery_files(facts)
    yield from open_data_files(facts)


class ExportRows:
    """Each agency's export rows, kept while what they show is the same: the agency itself, where
    its complaints go (the slug and handle of the account that takes them), the site settings and
    the catalogue. Anything else in the rows would be a bug the byte-identity tests catch."""

    def __init__(self) -> None:
        self.frame: tuple[Any, ...] | None = None
        self.rows: dict[str, tuple[Any, str | None, str | None, tuple[OpenDataRows, DiscoveryRows]]] = {}
        self.made = 0  # rows the last call made rather than reused
        # slug → a digest of the agency's data, when the caller has one: kept instead of the agency
        self.stamps: dict[str, bytes] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "stamps": {}}  # the next build brings its own

    def rows_for(self, facts: SiteFacts) -> dict[str, tuple[OpenDataRows, DiscoveryRows]]:
        d = facts.directory
        frame = (d.site, facts.cat.language)  # a language's catalogue is part of the code
        if frame != self.frame:
            self.frame, self.rows = frame, {}
        old, new, columns = self.rows, {}, None
        self.made = 0
        for agency in d.agencies:
            target = facts.routes[agency.slug].target
            handle = d.by_slug[target].handle if target else None
            found = old.get(agency.slug)
            stamp = self.stamps.get(agency.slug, agency)
            if found is None or found[1] != target or found[2] != handle or not (found[0] is stamp or found[0] == stamp):
                columns = columns or csv_columns()
                found = (stamp, target, handle, (open_data_rows(agency, facts, columns), discovery_rows(agency, facts)))
                self.made += 1
            new[agency.slug] = found
        self.rows = new
        return {slug: found[3] for slug, found in new.items()}
