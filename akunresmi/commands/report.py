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
from ..site.views import SiteFacts, is_possibly_silent, is_stale, sort_key

# The report's sections, in the order Humas should work through them.
SECTIONS = ("dormant", "missing", "silent", "stale")
CSV_COLUMNS = ("section", "slug", "name", "handle", "status", "status_checked", "last_post", "source", "file")


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
    lines = [cat.text("report_title", region=directory.site.region, date=directory.build_date.isoformat())]
    for section in SECTIONS:
        members = [r.agency for r in rows if r.section == section]
        lines += ["", f"{cat.text(f'report_section_{section}', days=days[section])} ({len(members)})"]
        lines += [f"  - {_describe(a, cat)}" for a in members] or [f"  {cat.text('status_none')}"]
    return "\n".join(lines) + "\n"


def _describe(agency: Agency, cat: Catalogue) -> str:
    handle = f"@{agency.handle}" if agency.handle else cat.text("feed_no_account")
    text = f"{agency.name} ({handle})"
    if agency.status_checked:
        text += f": {cat.text('checked_on').lower()} {agency.status_checked.isoformat()}"
    if agency.last_post:
        text += f"; {cat.text('last_post').lower()} {agency.last_post.isoformat()}"
    return text


def report_csv(directory: Directory, cat: Catalogue) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report_rows(directory, cat):
        a = row.agency
        writer.writerow((row.section, a.slug, a.name, a.handle or "", a.status,
                         a.status_checked.isoformat() if a.status_checked else "",
                         a.last_post.isoformat() if a.last_post else "", a.source or "",
                         a.source_path))
    return out.getvalue()
