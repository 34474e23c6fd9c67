"""Files beyond the directory's pages that are data, not templates: open data and discovery files.

Each agency's part of every export (its JSON record, CSV row, Open311 services, sitemap URL, feed
entry) is made on its own and joined, so a builder that keeps an `ExportRows` between builds (the
dev server) makes again only the rows of the agencies an edit touched.
"""

from __future__ import annotations

from typing import Callable, Hashable, Iterator

from ..model import Agency
from ..pieces import FileData
from .discovery import DiscoveryRows, ExportOrders, discovery_assembled, discovery_files, discovery_rows
from .opendata import (OpenDataRows, complaints_handle, csv_columns, open_data_assembled, open_data_files,
                       open_data_rows)
from .parts import AgencyParts
from .views import SiteFacts, topics


def export_files(facts: SiteFacts, rows: "ExportRows | None" = None,
                 letters: list[str] | None = None) -> Iterator[tuple[str, FileData]]:
    """Every export, joined from per-agency rows (kept in `rows` when given, with the orders they are
    listed in). `letters`: the topic index's letters, when the caller knows them (the sitemap lists the
    letter pages)."""
    rows = rows or ExportRows()
    made = rows.parts_for(*rows.recipe(facts), order=facts.directory.slugs)
    orders = rows.orders.update(facts, list(topics(facts)) if letters is None else letters)
    yield from discovery_assembled(facts, [r[1] for r in made], orders)
    yield from open_data_assembled(facts, [made[i][0] for i in orders.by_slug])


def export_files_whole(facts: SiteFacts) -> Iterator[tuple[str, FileData]]:
    """The exports made whole, in one go, without rows: the reference export_files must equal."""
    yield from discovery_files(facts)
    yield from open_data_files(facts)


class ExportRows(AgencyParts["tuple[OpenDataRows, DiscoveryRows]"]):
    """Each agency's export rows, kept while what they show is the same: the agency itself, where its
    complaints go (the slug and handle of the account that takes them), the site settings and the catalogue."""

    def __init__(self) -> None:
        super().__init__()
        self.orders = ExportOrders()

    def recipe(self, facts: SiteFacts) -> tuple[Hashable, tuple[Agency, ...], Callable[[Agency], Hashable],
                                                Callable[[Agency], tuple[OpenDataRows, DiscoveryRows]]]:
        """parts_for's arguments: the frame, the agencies, what a row shows besides its agency, how it is made."""
        d = facts.directory
        columns = csv_columns()

        def complaints_to(agency: Agency) -> tuple[str | None, str | None]:
            return facts.routes[agency.slug].target, complaints_handle(agency, facts)  # as the rows say it

        return ((d.site, facts.cat.language),  # a language's catalogue is part of the code
                d.agencies, complaints_to,
                lambda agency: (open_data_rows(agency, facts, columns), discovery_rows(agency, facts)))
