"""The topic index (letter → topics → the agencies that handle each), kept between the dev server's
builds and brought up to date agency by agency.

Computed whole, the index walks every service name and keyword of every agency: most of a second at
20,000 agencies, on every edit of a name, status or keyword. Kept, an edit moves the edited agency's
topics and rebuilds the lists of the letters they are on; the other letters' lists are the same objects
as before, and so are their digests. The result is the view `views._topics` computes whole, entry for
entry (tests/test_topics.py compares them after random edits).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import TYPE_CHECKING, Any

from .views import agencies_to_look_at, agency_summary, agency_terms, topic_letter

if TYPE_CHECKING:
    from .views import SiteFacts


class TopicIndex:
    """What the topic view is made of, by agency, term and letter."""

    def __init__(self) -> None:
        self.shown: dict[str, tuple[Any, dict[str, Any]]] = {}  # slug → (its services, its summary)
        self.terms: dict[str, dict[str, str]] = {}  # slug → its terms' keys → the term as it writes it
        self.members: dict[str, dict[str, str]] = {}  # term key → {slug: the term as that agency writes it}
        self.entries: dict[str, dict[str, Any]] = {}  # term key → {"term", "agencies"}
        self.keys: dict[str, list[str]] = {}  # letter → its terms' keys, sorted
        self.letters: dict[str, list[dict[str, Any]]] = {}  # letter → its entries (the view)
        self.digests: dict[str, bytes] = {}  # letter → the digest of its entries, while they are the same
        self.term_digests: dict[str, bytes] = {}  # term key → the digest of its entry, while it is the same

    def view(self, facts: SiteFacts) -> dict[str, list[dict[str, Any]]]:
        """Letter → sorted topics, each with its agencies' summaries sorted by slug: views._topics."""
        touched: set[str] = set()
        agencies = agencies_to_look_at(facts, bool(self.shown))
        if agencies is None:
            agencies, now = list(facts.directory.agencies), {}
        else:
            now = self.shown
        for agency in agencies:
            if agency.is_leader:
                continue  # complaints are not for leaders' personal accounts
            summary = agency_summary(agency, facts)
            found = self.shown.get(agency.slug)
            # The same summary object is the same agency as the lists show it (the builder keeps them);
            # its terms are the same while its services are.
            if found is None or found[1] is not summary or not (found[0] is agency.services or found[0] == agency.services):
                self._move(agency.slug, agency_terms(agency), touched)
            now[agency.slug] = (agency.services, summary)
        if now is self.shown:
            for agency in agencies:
                if agency.is_leader and now.pop(agency.slug, None) is not None:  # now a leader
                    self._move(agency.slug, {}, touched)
        else:
            for slug in self.shown.keys() - now.keys():  # deleted, or now a leader
                self._move(slug, {}, touched)
        self.shown = now
        for letter in {self._update(key, now) for key in touched} - {None}:
            self.digests.pop(letter, None)
            entries = [self.entries[key] for key in self.keys[letter]]
            if entries:
                self.letters[letter] = entries
            else:
                del self.letters[letter], self.keys[letter]
        return dict(sorted(self.letters.items()))

    def _move(self, slug: str, terms: dict[str, str], touched: set[str]) -> None:
        """Take the agency off the terms it was on, and put it on these (each as it spells it)."""
        old = self.terms.pop(slug, {})
        for key in old.keys() - terms.keys():
            del self.members[key][slug]
            touched.add(key)
        for key, term in terms.items():
            self.members.setdefault(key, {})[slug] = term
            touched.add(key)
        if terms:
            self.terms[slug] = terms

    def _update(self, key: str, now: dict[str, tuple[Any, dict[str, Any]]]) -> str | None:
        """Make the term's entry again; the letter it is on."""
        members = self.members.get(key)
        letter = None
        if not members:
            self.members.pop(key, None)
            self.term_digests.pop(key, None)
            entry = self.entries.pop(key, None)
            if entry is None:
                return None
            letter = topic_letter(entry["term"])
            keys = self.keys[letter]
            del keys[bisect_left(keys, key)]
            return letter
        self.term_digests.pop(key, None)
        slugs = sorted(members)
        term = members[slugs[0]]  # as the first agency (by slug, the order of the directory) writes it
        letter = topic_letter(term)
        if key not in self.entries:
            insort(self.keys.setdefault(letter, []), key)
        self.entries[key] = {"term": term, "agencies": [now[slug][1] for slug in slugs]}
        return letter
