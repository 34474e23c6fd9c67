"""Each agency's HTML in the pages that list every agency (a home row, a status row, a topic link) and each
topic's joined links: rendered by a macro of `_macros.html` and kept while what they show is the same.

The list pages are then assembled from these fragments, so an edit that changes one agency's name renders
that agency's fragments and joins the others as they were, instead of running Jinja over every agency of
every list (seconds at 20,000 agencies). A fragment is kept by its slot (the macro, the page depth and the
agency or topic) together with everything it shows, so it is used only while all of that is equal: a
changed value makes it again, never a stale one. The macros also print catalogue strings (column labels,
badges): the whole store is dropped when the catalogue or `_macros.html` changes (its frame).
"""

from __future__ import annotations

from typing import Callable, Hashable

from markupsafe import Markup


class Fragments:
    """Fragments by slot. The dev server's builder keeps one between saves; a one-off build makes its own."""

    def __init__(self) -> None:
        self.frame: Hashable = None
        self.slots: dict[Hashable, tuple[Hashable, Markup]] = {}
        self.made = 0  # fragments rendered rather than reused, since the frame was last set

    def framed(self, frame: Hashable) -> None:
        """Fragments are kept only under the frame (catalogue, macros) they were made in."""
        if frame != self.frame:
            self.frame, self.slots = frame, {}
        self.made = 0

    def get(self, slot: Hashable, shown: Hashable, make: Callable[[], Markup]) -> Markup:
        """The fragment in `slot` when it was made from what `shown` says, else made again by `make`."""
        found = self.slots.get(slot)
        # The same object is the same: the caller keeps agencies' summaries between builds (identity
        # is what makes a topic's 300 agencies cheap to compare); another object is compared by value.
        if found is None or (found[0] is not shown and found[0] != shown):
            found = self.slots[slot] = (shown, make())
            self.made += 1
        return found[1]


def joined(fragments: list[Markup], separator: str = "") -> Markup:
    """Fragments made by macros (escaped already), put one after the other."""
    return Markup(separator.join(fragments))
