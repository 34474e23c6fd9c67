"""schema.org JSON-LD for the home and agency pages: search engines and maps learn who is who."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..model import Agency
from .views import X_URL, SiteFacts, agency_path, channel_href

SCHEMA_ORG = "https://schema.org"


def script_json(data: Any) -> Markup:
    """JSON safe inside <script type="application/ld+json">: no "<" can end the block or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # \u003c is the same JSON string as "<", so the data is unchanged while "</script" cannot appear.
    return Markup(text.replace("<", "\\u003c"))


def regency(facts: SiteFacts) -> dict[str, Any]:
    return {"@type": "GovernmentOrganization", "name": facts.directory.site.region}


def same_as(agency: Agency) -> list[str]:
    """The agency's accounts elsewhere: X first, then every channel that is a web address."""
    urls = [X_URL + agency.handle] if agency.handle else []
    for channel in agency.channels:
        href = channel_href(channel)
        if href and href.startswith(("https://", "http://")):
            urls.append(href)
    return urls


def contact_points(agency: Agency) -> dict[str, str]:
    """schema.org's own properties for the channels that are not web addresses."""
    found = {}
    for channel in agency.channels:
        if channel.kind == "email":
            found["email"] = channel.value
        elif channel.kind == "phone":
            found["telephone"] = channel.value
        elif channel.kind == "address":
            found["address"] = channel.value
    return found


def agency_jsonld(agency: Agency, facts: SiteFacts) -> Markup:
    site = facts.directory.site
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG, "@type": "GovernmentOrganization", "name": agency.name,
        "url": site.base_url + agency_path(agency.slug), "parentOrganization": regency(facts),
        "areaServed": {"@type": "AdministrativeArea", "name": site.region},
        **contact_points(agency),
    }
    if agency.short_name:
        data["alternateName"] = agency.short_name
    urls = same_as(agency)
    if urls:
        data["sameAs"] = urls
    return script_json(data)


def home_jsonld(facts: SiteFacts) -> Markup:
    site = facts.directory.site
    website = {"@type": "WebSite", "name": site.title, "url": site.base_url, "inLanguage": site.language,
               "publisher": regency(facts)}
    if site.description:
        website["description"] = site.description
    return script_json({"@context": SCHEMA_ORG, "@graph": [website, regency(facts)]})
