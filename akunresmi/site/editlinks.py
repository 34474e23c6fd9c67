"""The two links on an agency's page that let anyone correct it: edit its file in GitHub's web
editor, or open an issue already naming the agency and its page."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ..i18n import Catalogue
from ..model import Agency, Site


def agency_file(agency: Agency, site: Site) -> str:
    """The agency's file in the repository (the source path may be relative to another folder)."""
    return f"{site.content_path}/agencies/{agency.slug}.yaml"


def edit_links(agency: Agency, site: Site, page_url: str, cat: Catalogue) -> dict[str, str] | None:
    """{"edit": …, "report": …}, or None when site.yaml names no repository."""
    if site.repository is None:
        return None
    repo, branch = site.repository
    name = agency.short_name or agency.name
    query = urlencode({"title": cat.text("fix_issue_title", name=name),
                       "body": cat.text("fix_issue_body", name=agency.name, url=page_url, file=agency_file(agency, site))},
                      quote_via=quote)
    return {"edit": f"{repo}/edit/{quote(branch, safe='/')}/{agency_file(agency, site)}",
            "report": f"{repo}/issues/new?{query}"}
