"""The home page's groups by kind and the status page's lists, kept between the dev server's builds and
brought up to date agency by agency, as site/topics.py keeps the topic index.

Computed whole, each list sorts every agency and looks up every summary: a sixth of a name edit's save
at 20,000 agencies. Kept, an edit takes the edited agency out of the lists it was on and puts it where it
now sorts; a list no edit touched is the same object as before, so its digest (build/inputs.py) and its
joined rows (site/render.py) are known unchanged by identity. The result is the views `views._kind_groups`
and `views._status_lists` compute whole, entry for entry (tests/test_lists.py compares them after random edits).
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from itertools import count
from typing import TYPE_CHECKING, Any

from ..model import ACTIVE, DORMANT, MISSING, Agency
from .views import agencies_to_look_at, agency_summary, sort_key

if TYPE_CHECKING:
    from .views import SiteFacts

STATUS_ORDER = (DORMANT, MISSING, ACTIVE)  # the status page: dormant accounts first
# More edited agencies than this in one build: the lists are sorted whole (inserting 20,000 agencies one by
# one into the lists of a first build moves memory quadratically).
PATCH_LIMIT = 64

# The numbers lists are keyed by (number_of) come from one count for the whole process: an index made
# anew (after a build that failed) must never give a number an earlier one gave, which keys of the
# last build still hold.
NUMBERS = count(1)

Place = tuple[tuple[str, str], tuple[Any, ...]]  # (the list, the agency's sort key in it: its slug last)


def places_of(agency: Agency) -> tuple[Place, Place]:
    """Where an agency sorts: in its kind's group by name, and in its status's list by the date its status
    was checked (oldest first) and then by name; ties in the directory's order, which is by slug."""
    name = sort_key(agency.name)
    return ((("kind", agency.kind), (name, agency.slug)),
            (("status", agency.status), (agency.status_checked or date.min, name, agency.slug)))


class ListIndex:
    """Each list's agencies in order (their sort keys and their summaries), kept between builds."""

    def __init__(self) -> None:
        self.shown: dict[str, tuple[dict[str, Any], tuple[Place, Place]]] = {}  # slug → (summary, places)
        self.keys: dict[tuple[str, str], list[tuple[Any, ...]]] = {}  # list → its sort keys, in order
        # list → its summaries in that order: a new list object whenever it changes, never changed in place
        # (the last build's view still holds the old one)
        self.members: dict[tuple[str, str], list[dict[str, Any]]] = {}
        # id of a list in `members` → (the list, its number): a list made since has another number
        self.numbers: dict[int, tuple[list[dict[str, Any]], int]] = {}

    def update(self, facts: SiteFacts) -> None:
        """Bring the lists up to date with this build's agencies and summaries."""
        moved: list[tuple[tuple[Place, Place] | None, tuple[Place, Place] | None, dict[str, Any] | None]] = []
        shown = self.shown
        agencies = agencies_to_look_at(facts, bool(self.keys))
        if agencies is None:
            agencies, now = list(facts.directory.agencies), {}
        else:
            now = shown
        for agency in agencies:
            summary = agency_summary(agency, facts)
            found = shown.get(agency.slug)
            # The same summary object is the same agency as the lists show it (the builder keeps them).
            if found is not None and found[0] is summary:
                now[agency.slug] = found
                continue
            places = places_of(agency)
            now[agency.slug] = (summary, places)
            moved.append((found[1] if found is not None else None, places, summary))
        if now is not shown:
            moved += [(shown[slug][1], None, None) for slug in shown.keys() - now.keys()]  # deleted
        self.shown = now
        if not moved:
            return
        if len(moved) > PATCH_LIMIT or not self.keys:
            self._sorted_whole()
            return
        copied: set[tuple[str, str]] = set()
        for old, new, summary in moved:
            for place in old or ():
                self._take(place, copied)
            for place in new or ():
                self._put(place, summary, copied)  # type: ignore[arg-type]

    def _sorted_whole(self) -> None:
        placed: dict[tuple[str, str], list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}
        for summary, places in self.shown.values():
            for name, key in places:
                placed.setdefault(name, []).append((key, summary))
        self.keys, self.members = {}, {}
        for name, entries in placed.items():
            entries.sort(key=lambda entry: entry[0])  # sort keys end with the slug: never equal
            self.keys[name] = [key for key, _ in entries]
            self.members[name] = [summary for _, summary in entries]

    def _writable(self, name: tuple[str, str], copied: set[tuple[str, str]]) -> tuple[list[Any], list[Any]]:
        if name not in copied:
            copied.add(name)
            self.keys[name] = list(self.keys.get(name, ()))
            self.members[name] = list(self.members.get(name, ()))
        return self.keys[name], self.members[name]

    def _take(self, place: Place, copied: set[tuple[str, str]]) -> None:
        name, key = place
        keys, members = self._writable(name, copied)
        i = bisect_left(keys, key)
        del keys[i], members[i]
        if not keys:
            del self.keys[name], self.members[name]
            copied.discard(name)

    def _put(self, place: Place, summary: dict[str, Any], copied: set[tuple[str, str]]) -> None:
        name, key = place
        keys, members = self._writable(name, copied)
        i = bisect_left(keys, key)
        keys.insert(i, key)
        members.insert(i, summary)

    def number_of(self, members: list[dict[str, Any]]) -> int | None:
        """A number no other list has had in this process (None: not one of the index's lists, an empty one for one)."""
        found = self.numbers.get(id(members))
        if found is not None and found[0] is members:
            return found[1]
        if all(members is not kept for kept in self.members.values()):
            return None
        number = next(NUMBERS)
        held = {id(kept) for kept in self.members.values()}  # the lists no longer held: their ids may come again
        self.numbers = {i: found for i, found in self.numbers.items() if i in held}
        self.numbers[id(members)] = (members, number)
        return number

    def kind_groups(self, facts: SiteFacts) -> list[dict[str, Any]]:
        """views._kind_groups, from the kept lists."""
        groups = []
        for kind, label in facts.cat.kinds.items():
            members = self.members.get(("kind", kind))
            if members:
                groups.append({"kind": kind, "label": label, "id": f"jenis-{kind}", "agencies": members})
        return groups

    def status_lists(self, facts: SiteFacts) -> list[dict[str, Any]]:
        """views._status_lists, from the kept lists."""
        return [{"status": status, "label": facts.cat.site[f"status_{status}"],
                 "heading": facts.cat.site[f"status_heading_{status}"],
                 "agencies": self.members.get(("status", status), [])} for status in STATUS_ORDER]
