"""Where a complaint goes: fallback chains, leaders' accounts, superseded agencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .model import Agency


@dataclass(frozen=True)
class Route:
    """The agencies a complaint passes through, ending at the one that takes it.

    `target` is None when no active institutional account is reachable: the citizen is then sent
    to the national channel (LAPOR!).
    """

    steps: tuple[str, ...]
    target: str | None
    problem: str | None = None  # "loop" or "dead_end", for validation


def next_hop(agency: Agency, site_fallback: str) -> str | None:
    """The slug a complaint moves on to from an agency that does not take it itself."""
    if agency.superseded_by:
        return agency.superseded_by
    if agency.fallback:
        return agency.fallback
    return None if agency.slug == site_fallback else site_fallback


def route_for(slug: str, agencies: Mapping[str, Agency], site_fallback: str) -> Route:
    """Follow the chain from an agency until an account that takes complaints."""
    steps = [slug]
    while True:
        agency = agencies.get(steps[-1])
        if agency is None:
            return Route(tuple(steps[:-1]), None, "missing")
        if agency.takes_complaints:
            return Route(tuple(steps), agency.slug)
        nxt = next_hop(agency, site_fallback)
        if nxt is None:
            return Route(tuple(steps), None, "dead_end")
        if nxt in steps:
            return Route(tuple(steps + [nxt]), None, "loop")
        steps.append(nxt)


def routes_for_all(agencies: Mapping[str, Agency], site_fallback: str) -> dict[str, Route]:
    return {slug: route_for(slug, agencies, site_fallback) for slug in sorted(agencies)}
