"""The search index the home page's script queries: small, and built once per build."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Callable, Hashable, Iterable

from ..i18n import Catalogue
from ..model import Agency, Directory, Service, Site
from ..regions import region_list
from ..routing import NATIONAL_REASONS, REASONS, Route
from .parts import AgencyParts
from .textnorm import COMMON, OUTSIDE, STOPWORDS, normalise, region_stopwords
from .views import SiteFacts, badge_of, is_possibly_silent, is_stale, long_date, post_texts

# The format static/search.js reads (its FORMAT), and the `v` of the URLs of both (templates/home.html): a
# page cached before a deploy must not pair one format's script with another's index.
INDEX_VERSION = 8  # 5: the word lists front-coded, emergency numbers without agencies, the silent field; 6: nearby;
# 7: the documents grouped by agency; 8: no descriptions, the agencies' search words


def search_index(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> dict[str, Any]:
    """Agencies, one document per service, and the word lists the script needs. The script stems the
    index's words and reads their synonyms itself (the same stemmer and table; tests/test_search.py).

    `docs` holds each agency's documents, in the agencies' order: a document is [service name,
    keywords], the keywords normalised (textnorm.normalise); an agency with search words has one more,
    ["", its search words normalised], which the script counts with the agency's name. Grouped, the
    documents need no agency number each (0.19 KB of the bundled index gzipped), and an agency's do not
    change when another is added before it. The services' descriptions are not in it: the search words
    learned from labelled complaints ranked better for fewer bytes (docs/search.md, sixteenth round).
    The script adds the concepts of the synonym phrases in each field (textnorm.expand), reads each
    agency's name from its row, and sums an agency's documents into BM25F fields; the index carries the
    synonym groups as Humas wrote them, not the concepts.
    """
    facts = SiteFacts(directory, routes, cat)
    order = {a.slug: i for i, a in enumerate(directory.agencies)}
    agencies = [_agency_row(a, routes[a.slug], order, facts) for a in directory.agencies]
    docs = [_agency_docs(agency) for agency in directory.agencies]
    return {**_index_frame(directory, order, cat, place_words(directory)), "agencies": agencies, "docs": docs}


def _index_frame(directory: Directory, order: dict[str, int], cat: Catalogue, places: list[str]) -> dict[str, Any]:
    """Everything in the index besides the agencies' rows and documents."""
    site = directory.site
    # In a national build, the province's account that takes over from a dormant regional fallback.
    upstream = ({"up": [site.upstream.name, site.upstream.handle, site.upstream.url, site.upstream.region]}
                if site.upstream else {})
    return {**upstream, "v": INDEX_VERSION,
            "synonyms": [list(group) for group in directory.synonyms],
            # Sorted, and the one-word lists as one string: 0.3 KB gzipped less than lists in code order;
            # front-coded, 0.2 KB less again.
            "stopwords": front_coded(STOPWORDS), "common": front_coded(COMMON),
            "outside": front_coded(OUTSIDE, ","),
            "nearby": sorted(set(nearby_names(site))), "here": place_name(site.region),
            "places": places, "region": list(region_stopwords(site.region)),
            "emergency": emergency_numbers(site),
            "lapor": [[c.name, c.url] for c in site.national_channels[:1]],
            "fallback": order.get(site.fallback, -1),
            "text": {**{key: cat.site[key] for key in script_text_keys(site)}, **post_texts(site, cat),
                     "search_next_step": cat.site[NEXT_STEP_KEYS[0 if _fallback_reachable(directory) else 1]]},
            "status": {s: cat.site[f"status_{s}"] for s in ("active", "dormant", "missing")}}


# What "not found" offers next: Humas (or the province's) and the national channel, or the national channel alone.
NEXT_STEP_KEYS = ("search_next_step", "search_next_step_national")


def _fallback_reachable(directory: Directory) -> bool:
    """Whether "not found" may send the citizen to Humas: its account takes complaints, or (a region of a
    national build) the province's does; otherwise only the national channel is left."""
    fallback = directory.by_slug.get(directory.site.fallback)
    return (fallback is not None and fallback.takes_complaints) or directory.site.upstream is not None


def nearby_names(site: Site) -> tuple[str, ...]:
    """The neighbouring regions (site.yaml's `nearby`) as citizens name them: the script counts them as
    bodies outside the regency ("jalan rusak di bojonegoro" is Bojonegoro's, not the regency's own DPU)
    unless the query names the region itself as well ("rsud blora nolak, akhirnya ke bojonegoro")."""
    regions = (region_list().get(code) for code in site.nearby if code != site.code)
    return tuple(place_name(region.name) for region in regions if region is not None)


def place_name(name: str) -> str:
    """A region's name as citizens write it, without the word of its kind: "Kabupaten Bojonegoro" →
    bojonegoro, "Kota Semarang" → semarang, a province ("Jawa Timur") as it is."""
    return normalise(re.sub(r"^(Kabupaten|Kota|Provinsi) ", "", name))


def front_coded(words: Iterable[str], sep: str = " ") -> str:
    """The words (or phrases) sorted, as one string: each after the first written as the number of first
    letters it shares with the one before (up to 9; nothing for none, 0 when it begins with a digit) and the
    rest of it: "a 1bout 1d 2a" is a, about, ad, ada. static/search.js reads it back (unfront)."""
    out, before = [], ""
    for word in sorted(set(words)):
        k = 0
        while k < min(len(word), len(before), 9) and word[k] == before[k]:
            k += 1
        out.append(f"{k}{word[k:]}" if k or word[:1].isdigit() else word)
        before = word
    return sep.join(out)


def _agency_row(agency, route: Route, order: dict[str, int], facts: SiteFacts) -> list[Any]:
    """slug, name, short name, badge, handle, target (index or -1), routing reason, checked, stale, and a
    last 1 only for an active account that may be silent (as its page says; no byte for the others)."""
    reason = facts.reason(agency)  # the same sentence as the agency page and the poster
    return [agency.slug, agency.name, agency.short_name, badge_of(agency), agency.handle or "",
            order[route.target] if route.target else -1, reason,
            long_date(agency.status_checked, facts.cat) if agency.handle else "",
            1 if is_stale(agency, facts) else 0] + ([1] if is_possibly_silent(agency, facts) else [])


PLACE_KINDS = ("kecamatan", "kelurahan")


def place_words(directory: Directory) -> list[str]:
    """The words of the kecamatan and kelurahan names ("cepu", "kunduran"): places, not topics."""
    return sorted({w for a in directory.agencies for w in _place_words_of(a)} - _generic_place_words(directory))


def _place_words_of(agency: Agency) -> list[str]:
    return normalise(agency.name).split() if agency.kind in PLACE_KINDS else []


def _agency_docs(agency: Agency) -> list[list[str]]:
    """An agency's documents: one per service, then its search words, if any."""
    words = " ".join(dict.fromkeys(w for w in map(normalise, agency.search_words) if w))
    return [_service_fields(service) for service in agency.services] + ([["", words]] if words else [])


def _service_fields(service: Service) -> list[str]:
    """A service's document: its name as written and its keywords normalised."""
    return [service.name, _keywords_text(service.keywords)]


_OUTSIDE_WORDS = frozenset(p for p in OUTSIDE if " " not in p)


def _keywords_text(keywords: Iterable[str]) -> str:
    """The keywords, normalised, one after another: joined by a space, but by two where a word that names
    a body outside the regency ends one or begins the next. The script takes two words next to each
    other in one keyword as the directory's own phrase ("sim card": Dukcapil's, not the police's SIM);
    marking every keyword's end cost 0.35 KB of the gzipped index, these few nothing to speak of."""
    words = [w for w in map(normalise, keywords) if w]
    text = words[0] if words else ""
    for before, word in zip(words, words[1:]):
        edge = {before.rsplit(" ", 1)[-1], word.split(" ", 1)[0]} & _OUTSIDE_WORDS
        text += ("  " if edge else " ") + word
    return text


def _generic_place_words(directory: Directory) -> set[str]:
    return {"kecamatan", "kelurahan", "kec", "kel", *region_stopwords(directory.site.region)}


def emergency_numbers(site: Site) -> list[list[Any]]:
    """[number, name, words (normalised)] per emergency number, in site.yaml's order (the agencies that
    answer one are on their pages, not in the script's index)."""
    return [[e.number, e.name, sorted({normalise(w) for w in e.words})] for e in site.emergency]


def emergency_view(site: Site) -> dict[str, Any]:
    """Emergency numbers for the pages: all of them (home) and those each agency answers (its page)."""
    numbers = [{"number": e.number, "name": e.name, "href": f"tel:{e.number}", "source": e.source,
                "agencies": e.agencies} for e in site.emergency]
    by_agency: dict[str, list[dict[str, Any]]] = {}
    for entry in numbers:
        for slug in entry["agencies"]:
            by_agency.setdefault(slug, []).append(entry)
    return {"all": numbers, "by_agency": by_agency}


SCRIPT_TEXT_KEYS = ("search_results_count", "search_post_button", "search_matched_service",
                    "search_not_found", "search_next_step", "search_ask_fallback", "search_emergency",
                    "search_checked", "badge_stale", "search_badge_leader", "search_badge_superseded",
                    "search_unsure", "search_no_target", "possibly_silent") + tuple(
                        f"route_reason_{r}" for r in REASONS if r not in NATIONAL_REASONS)


def script_text_keys(site: Site) -> tuple[str, ...]:
    """The catalogue's sentences the script shows: a region of a national build has one reason more, which
    the home page of a single region would load for nothing (it is 13 bytes under its budget). The posts'
    sentences are post_texts'."""
    return SCRIPT_TEXT_KEYS + (tuple(f"route_reason_{r}" for r in NATIONAL_REASONS) if site.in_national else ())


def search_index_bytes(directory: Directory, routes: dict[str, Route], cat: Catalogue) -> bytes:
    """The index made whole, in one go: the reference SearchRows.index_bytes must equal."""
    return _json(search_index(directory, routes, cat)).encode("utf-8")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _docs_of(part: tuple[str, list[str], list[str]]) -> str:
    """An agency's documents as the index has them: a list of its services' fields ("[]" without services)."""
    return "[" + ",".join(part[1]) + "]"


class SearchRows(AgencyParts["tuple[str, list[str], list[str]]"]):
    """Each agency's part of the search index as JSON text, kept while the agency, its routing reason
    and the row its complaints go to are the same (and the site, date and catalogue), as
    exports.ExportRows keeps the open data's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.docs: list[tuple[Any, str]] = []  # by place: (the part, its docs joined), from the last call
        self.place_count: Counter[str] = Counter()  # place word → the agencies that have it, in the last call

    def __getstate__(self) -> dict[str, Any]:
        return {**super().__getstate__(), "docs": [], "place_count": Counter()}

    def index_bytes(self, directory: Directory, routes: dict[str, Route], cat: Catalogue) -> bytes:
        """The same bytes as search_index_bytes: json.dumps of a list is its items' dumps joined by
        the separator, and of a dict with sorted keys its sorted fields joined."""
        parts = self.parts_for(*self.recipe(directory, routes, cat), order=directory.slugs)
        docs, places = self._docs_and_places(parts)
        data = _index_frame(directory, directory.places, cat, sorted(places - _generic_place_words(directory)))
        data["agencies"] = "[" + ",".join([row for row, _, _ in parts]) + "]"
        data["docs"] = "[" + ",".join(docs) + "]"
        return ("{" + ",".join(f"{_json(name)}:{data[name] if name in ('agencies', 'docs') else _json(data[name])}"
                               for name in sorted(data)) + "}").encode("utf-8")

    def _docs_and_places(self, parts: list[tuple[str, list[str], list[str]]]) -> tuple[list[str], set[str]]:
        """Each agency's documents as the index has them, and the place words of all agencies: kept from
        the last call for each place whose part is the same object (the dev server's save), so that only
        an edited agency's docs are made again."""
        last, count = self.docs, self.place_count
        if len(last) != len(parts):
            last[:] = [(part, _docs_of(part)) for part in parts]
            count.clear()
            count.update(word for part in parts for word in set(part[2]))
        else:
            for i, part in enumerate(parts):
                before = last[i][0]
                if part is not before:
                    count.subtract(set(before[2]))
                    count.update(set(part[2]))
                    last[i] = (part, _docs_of(part))
        return [docs for _, docs in last], {word for word, n in count.items() if n > 0}

    def recipe(self, directory: Directory, routes: dict[str, Route], cat: Catalogue
               ) -> tuple[Hashable, tuple[Agency, ...], Callable[[Agency], Hashable],
                          Callable[[Agency], tuple[str, list[str], list[str]]]]:
        """parts_for's arguments: the frame, the agencies, what a part shows besides its agency, how it is made."""
        facts = SiteFacts(directory, routes, cat)
        order = directory.places

        def reason_and_target(agency: Agency) -> tuple[str, int]:
            target = routes[agency.slug].target
            return facts.reason(agency), order[target] if target else -1

        def part(agency: Agency) -> tuple[str, list[str], list[str]]:
            return (_json(_agency_row(agency, routes[agency.slug], order, facts)),
                    [_json(doc) for doc in _agency_docs(agency)], _place_words_of(agency))

        return ((directory.site, directory.build_date, cat.language),  # a language's catalogue is code
                directory.agencies, reason_and_target, part)
