"""Where a complaint goes: fallback chains, leaders' accounts, superseded agencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .model import ACTIVE, DORMANT, Agency


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


# Why a complaint goes where it goes; each has one sentence in the catalogue (route_reason_<code>),
# used alike by the search card, the agency page and the poster. "national": no account is reachable,
# not even a level above (a region of a national build only: one region alone must have a fallback).
REASONS = ("active", "dormant", "missing", "leader", "superseded", "fallback_dormant", "national")
# The reasons only a region of a national build can have.
NATIONAL_REASONS = ("national",)


def reason_for(agency: Agency, route: Route, agencies: Mapping[str, Agency]) -> str:
    """The routing reason (one of REASONS) for complaints about this agency."""
    if agency.takes_complaints:
        return "active"
    if agency.superseded_by:
        return "superseded"
    if agency.is_leader and agency.status == ACTIVE:  # a leader with no account, or a dormant one, is said so
        return "leader"
    # The chain passes through a fallback that does not take complaints itself before its target (in a
    # national build the chain may end at such a fallback: the province or LAPOR! come after it).
    passed = route.steps[1:-1] if route.target else route.steps[1:]
    if any(not agencies[s].takes_complaints for s in passed if s in agencies):
        return "fallback_dormant"
    return "dormant" if agency.status == DORMANT else "missing"


def routes_for_all(agencies: Mapping[str, Agency], site_fallback: str) -> dict[str, Route]:
    return {slug: route_for(slug, agencies, site_fallback) for slug in sorted(agencies)}
