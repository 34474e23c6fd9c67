"""Digests of the inputs targets read, computed from the data itself, once per build."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from pathlib import Path
from typing import Any, Callable

import jinja2

from ..model import Agency
from ..routing import Route
from ..site.render import published_schemas
from .cache import data_digest, digest, package_fingerprint as code_fingerprint
from ..site.views import SiteFacts, kind_groups, status_counts, status_lists, topics

__all__ = ["Inputs", "code_fingerprint", "data_digest", "digest", "listed_digest"]


# What the lists (home, status, topics) never show of an agency: an edit to these alone leaves every
# list page as it was. A field shown by a list must not be here (tests/test_incremental.py edits one
# field of each kind and compares with a fresh build).
NOT_LISTED = {"description": "", "source": "", "channels": (), "twitter_id": None, "fallback": None,
              "source_path": "", "services": ()}


def listed_digest(agency: Agency) -> bytes:
    """The digest of what the list pages show of an agency: all but NOT_LISTED, and of its services
    only the names and keywords (the topic index)."""
    shown = dataclasses.replace(agency, **NOT_LISTED)
    return data_digest((shown, tuple((s.name, s.keywords) for s in agency.services)))


class Inputs:
    """Input name → digest for one build; each computed on first use.

    `previous`: the last build's routes and digests, so that the digest of a route equal to its
    previous one is not computed again."""

    def __init__(self, facts: SiteFacts, env: jinja2.Environment, static: Path,
                 agency_digest: Callable[[str], bytes],
                 previous: tuple[dict[str, Route], dict[str, bytes]] | None = None):
        self.facts, self.env, self.static = facts, env, static
        self.agency_digest = agency_digest
        self.known: dict[str, bytes] = {}
        self.previous = previous

    def __getitem__(self, name: str) -> bytes:
        found = self.known.get(name)
        if found is None:
            found = self.known[name] = self._compute(name)
        return found

    def _compute(self, name: str) -> bytes:
        kind, _, rest = name.partition(":")
        d = self.facts.directory
        if kind == "agency":
            return self.agency_digest(rest)
        if kind == "route":
            route = self.facts.routes[rest]
            if self.previous is not None:
                old_routes, old = self.previous
                if name in old and old_routes.get(rest) == route:
                    return old[name]
            return data_digest(route)
        if kind == "template":
            return digest(self.env.loader.get_source(self.env, rest)[0].encode("utf-8"))  # type: ignore[union-attr]
        if kind == "static":
            return digest((self.static / rest).read_bytes())
        if kind == "page":
            return data_digest(next(p for p in d.pages if p.slug == rest))
        if kind == "view":
            return data_digest(self._view(rest))
        return self._whole(name)

    def _view(self, name: str) -> Any:
        """What a list page shows of the agencies: its key changes only when what it shows does."""
        facts = self.facts
        if name == "home":
            return kind_groups(facts), status_counts(facts), list(topics(facts))
        if name == "status":
            return status_lists(facts)
        if name == "topic-letters":
            return list(topics(facts))
        return topics(facts)[name.removeprefix("topics:")]

    def _whole(self, name: str) -> bytes:
        d, cat = self.facts.directory, self.facts.cat
        if name == "agencies":  # every agency and where its complaints go
            parts = [self[f"agency:{a.slug}"] + self[f"route:{a.slug}"] for a in d.agencies]
            return digest(b"".join(parts))
        values = {"site": lambda: d.site, "date": lambda: d.build_date, "synonyms": lambda: d.synonyms,
                  "page-list": lambda: tuple((p.slug, p.title) for p in d.pages),
                  "catalogue": lambda: (cat.language, cat.site, cat.kinds),
                  "schemas": lambda: list(published_schemas())}
        return data_digest(values[name]())
