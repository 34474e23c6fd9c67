"""Digests of the inputs targets read, computed from the data itself, once per build."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from pathlib import Path
from typing import Any, Callable

import jinja2

from ..i18n import Catalogue
from ..model import Agency, Directory
from ..routing import Route
from ..site.render import published_schemas
from .cache import data_digest, digest, package_fingerprint as code_fingerprint
from ..site.views import SiteFacts, kind_groups, status_counts, status_lists, topics

__all__ = ["Inputs", "code_fingerprint", "data_digest", "digest", "listed_digest"]


# What the lists (home, status, topics) never show of an agency: an edit to these alone leaves every
# list page as it was. A field shown by a list must not be here (tests/test_incremental.py edits one
# field of each kind and compares with a fresh build).
NOT_LISTED = {"description": "", "source": "", "channels": (), "twitter_id": None, "fallback": None,
              "source_path": "", "services": (), "search_words": ()}


def listed_digest(agency: Agency) -> bytes:
    """The digest of what the list pages show of an agency: all but NOT_LISTED, and of its services
    only the names and keywords (the topic index)."""
    shown = dataclasses.replace(agency, **NOT_LISTED)
    return data_digest((shown, tuple((s.name, s.keywords) for s in agency.services)))


FRAME_NAMES = ("site", "date", "catalogue")  # what every list page shows besides the agencies


def frame_digests(directory: Directory, cat: Catalogue) -> tuple[bytes, bytes, bytes]:
    """The digests of the inputs FRAME_NAMES names: the site settings, the build date, the catalogue."""
    return (data_digest(directory.site), data_digest(directory.build_date),
            data_digest((cat.language, cat.site, cat.kinds)))


class Inputs:
    """Input name → digest for one build; each computed on first use.

    `previous`: the last build's routes and digests, so that the digest of a route equal to its
    previous one is not computed again."""

    def __init__(self, facts: SiteFacts, env: jinja2.Environment, static: Path,
                 agency_digest: Callable[[str], bytes],
                 previous: tuple[dict[str, Route], dict[str, bytes]] | None = None,
                 listed: dict[str, bytes] | None = None):
        self.facts, self.env, self.static = facts, env, static
        self.agency_digest = agency_digest
        self.known: dict[str, bytes] = {}
        self.previous = previous
        # slug → listed_digest of the agency, when the caller has them (the builder, for the lists digest)
        self.listed: dict[str, bytes] = listed if listed is not None else {}

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
            return self._view_digest(rest)
        return self._whole(name)

    def _view_digest(self, name: str) -> bytes:
        """What a list page shows of the agencies: its key changes only when what it shows does. Each
        agency in it counts by what the lists show of it (listed_digest): with the site, date and
        catalogue, which every list page also reads, that decides its summary. (Pickling the views'
        summaries instead took most of a second at 20,000 agencies.)"""
        facts = self.facts
        h = hashlib.blake2b(digest_size=16)
        if name == "home":
            for group in kind_groups(facts):
                self._hash_kept_list(h, (group["kind"], group["label"], group["id"]), group["agencies"])
            h.update(data_digest((status_counts(facts), list(topics(facts)))))
        elif name == "status":
            for entry in status_lists(facts):
                self._hash_kept_list(h, (entry["status"], entry["label"], entry["heading"]), entry["agencies"])
        elif name == "topic-letters":
            h.update(data_digest(list(topics(facts))))
        else:
            letter, index = name.removeprefix("topics:"), facts.topic_index
            entries = topics(facts)[letter]
            if index is None:
                for entry in entries:
                    self._hash_list(h, (entry["term"],), entry["agencies"])
            elif letter in index.digests:  # its entries are as they were (site/topics.py)
                return index.digests[letter]
            else:  # each term's part kept while its entry is the same (a letter has thousands)
                for key, entry in zip(index.keys[letter], entries):
                    found = index.term_digests.get(key)
                    if found is None:
                        part = hashlib.blake2b(digest_size=16)
                        self._hash_list(part, (entry["term"],), entry["agencies"])
                        found = index.term_digests[key] = part.digest()
                    h.update(found)
                index.digests[letter] = h.digest()
        return h.digest()

    def _hash_kept_list(self, h: Any, heading: tuple[str, ...], summaries: list[dict[str, Any]]) -> None:
        """A list of the home or status page. One the dev server keeps (site/lists.py) is the same while it
        is the same object, and each new one has a new number: the number stands for its agencies (the
        dev server's keys live as long as its lists; hashing 10,000 agencies' parts was a twentieth of a save)."""
        index = self.facts.list_index
        number = index.number_of(summaries) if index is not None else None
        if number is not None:
            h.update(data_digest((heading, number)))
        else:
            self._hash_list(h, heading, summaries)

    def _hash_list(self, h: Any, heading: tuple[str, ...], summaries: list[dict[str, Any]]) -> None:
        h.update(data_digest(heading))  # fixed length: one list's end cannot pass for the next one's start
        h.update(len(summaries).to_bytes(4, "big"))
        listed = self.listed
        try:  # known already when the builder computed the lists digest
            h.update(b"".join([listed[summary["slug"]] for summary in summaries]))
        except KeyError:
            for summary in summaries:
                if summary["slug"] not in listed:
                    listed[summary["slug"]] = listed_digest(self.facts.directory.by_slug[summary["slug"]])
            h.update(b"".join([listed[summary["slug"]] for summary in summaries]))

    def _whole(self, name: str) -> bytes:
        d, cat = self.facts.directory, self.facts.cat
        if name == "agencies":  # every agency and where its complaints go
            return digest(b"".join([self.agency_digest(slug) for slug in d.slugs]) + self["routes"])
        if name == "routes":  # the same routes (one object, kept by the dev server's read) have the same digest
            if self.previous is not None and self.previous[0] is self.facts.routes and "routes" in self.previous[1]:
                return self.previous[1]["routes"]
            return digest(b"".join([self[f"route:{slug}"] for slug in d.slugs]))
        if name in FRAME_NAMES:
            return frame_digests(d, cat)[FRAME_NAMES.index(name)]
        values = {"synonyms": lambda: d.synonyms, "page-list": lambda: tuple((p.slug, p.title) for p in d.pages),
                  "schemas": lambda: list(published_schemas(d.site.assets_url))}  # their $id: the address
        return data_digest(values[name]())
