"""Each agency's part of a file that lists every agency (the exports, the search index), kept between
builds while what it shows is the same, so an edit makes again only the parts of the agencies it touched."""

from __future__ import annotations

from typing import Any, Callable, Generic, Hashable, TypeVar

from ..model import Agency

Part = TypeVar("Part")


class AgencyParts(Generic[Part]):
    """Parts by agency slug. A part is kept while the agency is the same (or its data digest, when the
    caller has one in `stamps`), and so is what else it shows of the site (`shows`: where the agency's
    complaints go, for instance); all parts are made again when the frame (the site settings, the
    catalogue...) changes. Anything else in a part would be a bug the byte-identity tests catch."""

    made: int  # parts the last call made rather than reused (each call sets it before counting)

    def __init__(self) -> None:
        self.frame: Hashable = None
        self.parts: dict[str, tuple[Any, Hashable, Part]] = {}
        self.stamps: dict[str, bytes] = {}  # slug → a digest of the agency's data, kept instead of the agency
        # The slugs whose part was made or dropped since the caller last kept the parts (None: all of them).
        self.changed: set[str] | None = None
        # Parts made elsewhere for the next call (by the worker pool), by slug: taken instead of making them.
        self.ahead: dict[str, Part] = {}
        # Set by the caller for the next call: the only agencies whose part may have changed (the builder
        # knows them: those whose page's inputs changed), when the agencies are those of the last call.
        self.only: set[str] | None = None
        self.order: tuple[str, ...] = ()  # the last call's agencies, and its parts in their order
        self.listed: list[Part] = []

    def __getstate__(self) -> dict[str, Any]:
        # The next build brings its own stamps and parts made ahead; the parts are kept beside, by slug.
        return {**self.__dict__, "stamps": {}, "ahead": {}, "only": None, "listed": []}

    def parts_for(self, frame: Hashable, agencies: tuple[Agency, ...], shows: Callable[[Agency], Hashable],
                  make: Callable[[Agency], Part], order: tuple[str, ...] | None = None) -> list[Part]:
        """Each agency's part, in the order of `agencies` (whose slugs are `order`, when the caller has them)."""
        only, self.only = self.only, None
        if frame != self.frame:
            self.frame, self.parts, self.changed, only = frame, {}, None, None
        order = tuple(agency.slug for agency in agencies) if order is None else order
        if only is not None and len(only) * 16 < len(order) and order == self.order and self._listed():
            return self._parts_of(agencies, only, shows, make)
        old, new, ahead = self.parts, {}, self.ahead
        self.made, self.ahead = 0, {}
        for agency in agencies:
            new[agency.slug] = self._part(agency, old.get(agency.slug), shows, make, ahead)
        if self.changed is not None:
            self.changed.update(old.keys() - new.keys())
        self.parts = new
        self.order, self.listed = order, [new[slug][2] for slug in order]
        return self.listed

    def _listed(self) -> bool:
        """Whether the last call's parts are known in its order (kept parts loaded may lack some)."""
        if not self.listed and self.order and len(self.parts) == len(self.order) and all(
                slug in self.parts for slug in self.order):
            self.listed = [self.parts[slug][2] for slug in self.order]
        return len(self.listed) == len(self.order)

    def _parts_of(self, agencies: tuple[Agency, ...], only: set[str], shows: Callable[[Agency], Hashable],
                  make: Callable[[Agency], Part]) -> list[Part]:
        """parts_for when only these agencies' parts may have changed: the others' are the last call's.
        (A pass over 20,000 agencies, asking each what it shows, cost a fifth of a second per edit.)"""
        ahead, self.made, self.ahead = self.ahead, 0, {}
        listed = list(self.listed)
        for slug in only:
            if slug in self.parts:
                i = self.order.index(slug)
                found = self.parts[slug] = self._part(agencies[i], self.parts[slug], shows, make, ahead)
                listed[i] = found[2]
        self.listed = listed
        return listed

    def _part(self, agency: Agency, found: tuple[Any, Hashable, Part] | None, shows: Callable[[Agency], Hashable],
              make: Callable[[Agency], Part], ahead: dict[str, Part]) -> tuple[Any, Hashable, Part]:
        stamp, shown = self.stamps.get(agency.slug, agency), shows(agency)
        if self._holds(found, stamp, shown):
            return found  # type: ignore[return-value]
        part = ahead.get(agency.slug)
        self.made += 1
        if self.changed is not None:
            self.changed.add(agency.slug)
        return stamp, shown, make(agency) if part is None else part

    def missing(self, frame: Hashable, agencies: tuple[Agency, ...], shows: Callable[[Agency], Hashable]
                ) -> list[Agency]:
        """The agencies whose part the next parts_for (with the same arguments) would make."""
        if frame != self.frame:
            return list(agencies)
        return [agency for agency in agencies
                if not self._holds(self.parts.get(agency.slug), self.stamps.get(agency.slug, agency), shows(agency))]

    @staticmethod
    def _holds(found: tuple[Any, Hashable, Part] | None, stamp: Any, shown: Hashable) -> bool:
        return found is not None and found[1] == shown and (found[0] is stamp or found[0] == stamp)
