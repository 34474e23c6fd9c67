"""The account-health report for Humas: which accounts to chase, as text or CSV.

It reuses the rules the status page prints (views.is_stale, views.is_possibly_silent), so the report
and the site never disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from ..i18n import Catalogue
from ..model import DORMANT, MISSING, Agency, Directory
from ..site.views import SiteFacts, is_possibly_silent, is_stale, long_date, sort_key

# The report's sections, in the order Humas should work through them.
SECTIONS = ("dormant", "missing", "silent", "stale")
# Each section's short name for a spreadsheet cell (written out so the catalogue's check finds them).
SECTION_LABEL_KEYS = {"dormant": "report_label_dormant", "missing": "report_label_missing",
                  "silent": "report_label_silent", "stale": "report_label_stale"}
CSV_COLUMN_KEYS = ("report_column_section", "report_column_name", "report_column_handle", "report_column_status",
               "report_column_status_checked", "report_column_last_post", "report_column_source", "report_column_file")
# Spreadsheets (Excel above all) read a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    section: str
    agency: Agency


def report_rows(directory: Directory, cat: Catalogue) -> list[Row]:
    """Every agency that needs Humas's attention, once per reason, grouped by section."""
    facts = SiteFacts.of(directory, cat)
    reasons = {
        "dormant": lambda a: a.status == DORMANT and not a.superseded_by,
        "missing": lambda a: a.status == MISSING and not a.superseded_by and not a.is_leader,
        "silent": lambda a: is_possibly_silent(a, facts),
        "stale": lambda a: is_stale(a, facts),
    }
    ordered = sorted(directory.agencies, key=lambda a: (a.status_checked or date.min, sort_key(a.name)))
    return [Row(section, a) for section in SECTIONS for a in ordered if reasons[section](a)]


def report_text(directory: Directory, cat: Catalogue) -> str:
    rows = report_rows(directory, cat)
    days = {"dormant": 0, "missing": 0, "silent": directory.site.silent_days, "stale": directory.site.stale_days}
    lines = [cat.text("report_title", region=directory.site.region, date=long_date(directory.build_date, cat))]
    for section in SECTIONS:
        members = [r.agency for r in rows if r.section == section]
        heading = cat.text(f"report_section_{section}", days=days[section])
        lines += ["", cat.text("report_section_count", section=heading, n=len(members))]
        lines += [f"  - {_describe(a, cat)}" for a in members] or [f"  {cat.text('status_none')}"]
    return "\n".join(lines) + "\n"


def _describe(agency: Agency, cat: Catalogue) -> str:
    handle = f"@{agency.handle}" if agency.handle else cat.text("feed_no_account")
    text = f"{agency.name} ({handle})"
    if agency.status_checked:
        text += f": {cat.text('checked_on').lower()} {long_date(agency.status_checked, cat)}"
    if agency.last_post:
        text += f"; {cat.text('last_post').lower()} {long_date(agency.last_post, cat)}"
    return text


def report_csv(directory: Directory, cat: Catalogue) -> str:
    """The report for a spreadsheet: headers and values in the catalogue's language, dates written
    out, UTF-8 with a byte order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cat.text(column) for column in CSV_COLUMN_KEYS])
    for row in report_rows(directory, cat):
        a = row.agency
        writer.writerow([_cell(v) for v in (
            cat.text(SECTION_LABEL_KEYS[row.section]), a.name, a.handle or "", cat.site[f"status_{a.status}"],
            long_date(a.status_checked, cat), long_date(a.last_post, cat), a.source or "", a.source_path)])
    return BOM + out.getvalue()


def _cell(value: str) -> str:
    """A value a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
