"""The search index the home page's script queries: small, and built once per build."""

from __future__ import annotations

import json
from typing import Any

from ..i18n import Catalogue
from ..model import Directory, Site
from ..routing import REASONS, Route
from .textnorm import COMMON, OUTSIDE, STOPWORDS, normalise, region_stopwords
from .views import SiteFacts, is_stale, long_date

INDEX_VERSION = 4


def search_index(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> dict[str, Any]:
    """Agencies, one document per service, and the word lists the script needs. The script stems the
    index's words and reads their synonyms itself (the same stemmer and table; tests/test_search.py).

    A document is [agency row, service name, keywords, description], the last two normalised
    (textnorm.normalise). The script adds the concepts of the synonym phrases in each field
    (textnorm.expand), reads each agency's name from its row, and sums an agency's documents into
    BM25F fields; the index carries the synonym groups as Humas wrote them, not the concepts.
    """
    facts = SiteFacts(directory, routes, cat)
    order = {a.slug: i for i, a in enumerate(directory.agencies)}
    agencies = [_agency_row(a, routes[a.slug], order, facts) for a in directory.agencies]
    docs: list[tuple[Any, ...]] = []
    for i, agency in enumerate(directory.agencies):
        for service in agency.services:
            docs.append((i, service.name, normalise(" ".join(service.keywords)), normalise(service.description)))
    site = directory.site
    # In a national build, the province's account that takes over from a dormant regional fallback.
    upstream = ({"up": [site.upstream.name, site.upstream.handle, site.upstream.url, site.upstream.region]}
                if site.upstream else {})
    return {**upstream, "v": INDEX_VERSION, "agencies": agencies, "docs": docs,
            "synonyms": [list(group) for group in directory.synonyms],
            # Sorted, and the one-word lists as one string: 0.3 KB gzipped less than lists in code order.
            "stopwords": " ".join(sorted(set(STOPWORDS))), "common": " ".join(sorted(set(COMMON))),
            "outside": sorted(set(OUTSIDE)),
            "places": place_words(directory), "region": list(region_stopwords(site.region)),
            "emergency": emergency_numbers(site),
            "lapor": [[c.name, c.url] for c in site.national_channels[:1]],
            "fallback": order.get(site.fallback, -1),
            "text": {key: cat.site[key] for key in SCRIPT_TEXT_KEYS},
            "status": {s: cat.site[f"status_{s}"] for s in ("active", "dormant", "missing")}}


def _agency_row(agency, route: Route, order: dict[str, int], facts: SiteFacts) -> list[Any]:
    """slug, name, short name, badge, handle, target (index or -1), routing reason, checked, stale."""
    reason = facts.reason(agency)  # the same sentence as the agency page and the poster
    return [agency.slug, agency.name, agency.short_name, badge_for(agency.status, reason), agency.handle or "",
            order[route.target] if route.target else -1, reason,
            long_date(agency.status_checked, facts.cat) if agency.handle else "",
            1 if is_stale(agency, facts) else 0]


def place_words(directory: Directory) -> list[str]:
    """The words of the kecamatan and kelurahan names ("cepu", "kunduran"): places, not topics."""
    generic = {"kecamatan", "kelurahan", "kec", "kel", *region_stopwords(directory.site.region)}
    return sorted({w for a in directory.agencies if a.kind in ("kecamatan", "kelurahan")
                   for w in normalise(a.name).split()} - generic)


def badge_for(status: str, reason: str) -> str:
    """The badge a card shows, chosen so it never contradicts the reason's sentence: a leader's
    account is active but takes no complaints, a superseded agency is gone whatever its account."""
    return reason if reason in ("leader", "superseded") else status


def emergency_numbers(site: Site) -> list[list[Any]]:
    """[number, name, words (normalised), agencies] per emergency number, in site.yaml's order."""
    return [[e.number, e.name, sorted({normalise(w) for w in e.words}), list(e.agencies)]
            for e in site.emergency]


def emergency_view(site: Site) -> dict[str, Any]:
    """Emergency numbers for the pages: all of them (home) and those each agency answers (its page)."""
    numbers = [{"number": e.number, "name": e.name, "href": f"tel:{e.number}", "source": e.source,
                "agencies": e.agencies} for e in site.emergency]
    by_agency: dict[str, list[dict[str, Any]]] = {}
    for entry in numbers:
        for slug in entry["agencies"]:
            by_agency.setdefault(slug, []).append(entry)
    return {"all": numbers, "by_agency": by_agency}


SCRIPT_TEXT_KEYS = ("search_results_count", "search_post_button", "intent_text", "search_matched_service", "intent_text_fallback",
                    "search_not_found", "search_next_step", "search_ask_fallback", "search_emergency",
                    "search_checked", "search_stale", "search_badge_leader", "search_badge_superseded",
                    "search_unsure", "search_no_target") + tuple(f"route_reason_{r}" for r in REASONS)


def search_index_bytes(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> bytes:
    data = search_index(directory, routes, cat)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
