"""The search index the home page's script queries: small, and built once per build."""

from __future__ import annotations

import json
from typing import Any

from ..i18n import Catalogue
from ..model import Directory
from ..routing import Route
from .textnorm import STOPWORDS, stems, synonym_table, word_reader

INDEX_VERSION = 1


def search_index(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> dict[str, Any]:
    """Agencies, one document per service (and one per agency name), and the stems of every word."""
    table = synonym_table(directory.synonyms)
    order = {a.slug: i for i, a in enumerate(directory.agencies)}
    agencies = [[a.slug, a.name, a.short_name, a.status, a.handle or "",
                 order[routes[a.slug].target] if routes[a.slug].target else -1]
                for a in directory.agencies]
    words = word_reader(table)
    docs: list[tuple[Any, ...]] = []
    joined: dict[str, str] = {}
    vocabulary: set[str] = set()

    def field(text: str) -> str:
        # Texts repeat across agencies (63,150 distinct among 352,238 at 20,000 agencies).
        if text not in joined:
            found = words(text)
            vocabulary.update(found)
            joined[text] = " ".join(found)
        return joined[text]

    for i, agency in enumerate(directory.agencies):
        docs.append((i, "", field(f"{agency.name} {agency.short_name}"), "", ""))
        for service in agency.services:
            docs.append((i, service.name, field(service.name), field(" ".join(service.keywords)),
                         field(service.description)))
    stem_map = {w: list(s) for w in sorted(vocabulary) if (s := stems(w)) != (w,)}
    return {"v": INDEX_VERSION, "agencies": agencies, "docs": docs, "stems": stem_map,
            "synonyms": [list(pair) for pair in table], "stopwords": list(STOPWORDS),
            "text": {key: cat.site[key] for key in SCRIPT_TEXT_KEYS},
            "status": {s: cat.site[f"status_{s}"] for s in ("active", "dormant", "missing")}}


SCRIPT_TEXT_KEYS = ("search_no_results", "search_results_count", "search_route_to", "search_post_button",
                    "search_open_page", "intent_text", "search_matched_service")


def search_index_bytes(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> bytes:
    data = search_index(directory, routes, cat)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
