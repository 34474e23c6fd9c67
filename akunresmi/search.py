"""The search index the home page's script queries: small, and built once per build."""

from __future__ import annotations

import json
from typing import Any

from .i18n import Catalogue
from .model import Directory
from .routing import Route
from .textnorm import STOPWORDS, stems, synonym_table, words

INDEX_VERSION = 1


def search_index(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> dict[str, Any]:
    """Agencies, one document per service (and one per agency name), and the stems of every word."""
    table = synonym_table(directory.synonyms)
    order = {a.slug: i for i, a in enumerate(directory.agencies)}
    agencies = [[a.slug, a.name, a.short_name, a.status, a.handle or "",
                 order[routes[a.slug].target] if routes[a.slug].target else -1]
                for a in directory.agencies]
    docs: list[list[Any]] = []
    for i, agency in enumerate(directory.agencies):
        docs.append([i, "", " ".join(words(f"{agency.name} {agency.short_name}", table)), "", ""])
        for service in agency.services:
            docs.append([i, service.name, " ".join(words(service.name, table)),
                         " ".join(words(" ".join(service.keywords), table)),
                         " ".join(words(service.description, table))])
    vocabulary = sorted({w for doc in docs for field in doc[2:] for w in field.split()})
    stem_map = {w: list(s) for w in vocabulary if (s := stems(w)) != (w,)}
    return {"v": INDEX_VERSION, "agencies": agencies, "docs": docs, "stems": stem_map,
            "synonyms": [list(pair) for pair in table], "stopwords": list(STOPWORDS),
            "text": {key: cat.site[key] for key in SCRIPT_TEXT_KEYS},
            "status": {s: cat.site[f"status_{s}"] for s in ("active", "dormant", "missing")}}


SCRIPT_TEXT_KEYS = ("search_no_results", "search_results_count", "search_route_to", "search_post_button",
                    "search_open_page", "intent_text", "search_matched_service")


def search_index_bytes(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> bytes:
    data = search_index(directory, routes, cat)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
