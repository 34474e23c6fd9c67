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

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "stamps": {}, "ahead": {}}  # the next build brings its own

    def parts_for(self, frame: Hashable, agencies: tuple[Agency, ...], shows: Callable[[Agency], Hashable],
                  make: Callable[[Agency], Part]) -> list[Part]:
        """Each agency's part, in the order of `agencies`."""
        if frame != self.frame:
            self.frame, self.parts, self.changed = frame, {}, None
        old, new, ahead = self.parts, {}, self.ahead
        self.made, self.ahead = 0, {}
        for agency in agencies:
            stamp, shown = self.stamps.get(agency.slug, agency), shows(agency)
            found = old.get(agency.slug)
            if not self._holds(found, stamp, shown):
                part = ahead.get(agency.slug)
                found = (stamp, shown, make(agency) if part is None else part)
                self.made += 1
                if self.changed is not None:
                    self.changed.add(agency.slug)
            new[agency.slug] = found
        if self.changed is not None:
            self.changed.update(old.keys() - new.keys())
        self.parts = new
        return [new[agency.slug][2] for agency in agencies]

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
