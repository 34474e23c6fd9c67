"""AgencyParts: which parts a build must make (`missing`), and parts made elsewhere (`ahead`, by the
worker pool) taken instead of making them, exactly where parts_for would have made them."""

from __future__ import annotations

import dataclasses

import pytest

from akunresmi.build.pipeline import BuildOptions, read_content
from akunresmi.i18n import load_catalogue
from akunresmi.site.parts import AgencyParts
from akunresmi.site.search import SearchRows
from conftest import ROOT


@pytest.fixture(scope="module")
def agencies():
    return read_content(BuildOptions(ROOT / "content", ROOT / "unused")).agencies


def _made(log: list[str]):
    def make(agency):
        log.append(agency.slug)
        return f"part of {agency.slug}"
    return make


def test_missing_names_exactly_the_agencies_parts_for_would_make(agencies):
    parts: AgencyParts[str] = AgencyParts()
    shown = {a.slug: "x" for a in agencies}
    assert parts.missing("frame", agencies, lambda a: shown[a.slug]) == list(agencies)
    log: list[str] = []
    parts.parts_for("frame", agencies, lambda a: shown[a.slug], _made(log))
    assert parts.missing("frame", agencies, lambda a: shown[a.slug]) == []
    assert parts.missing("another frame", agencies, lambda a: shown[a.slug]) == list(agencies)

    edited = dataclasses.replace(agencies[3], name="Nama baru")
    now = (*agencies[:3], edited, *agencies[4:])
    shown[agencies[5].slug] = "y"  # what the part shows of the site changed (where complaints go)
    assert parts.missing("frame", now, lambda a: shown[a.slug]) == [edited, agencies[5]]
    log.clear()
    parts.parts_for("frame", now, lambda a: shown[a.slug], _made(log))
    assert log == [edited.slug, agencies[5].slug]

    # kept by the data's digest (as the builder does): an agency whose digest changed is missing
    parts.stamps = {a.slug: a.slug.encode() for a in now}
    parts.parts_for("frame", now, lambda a: shown[a.slug], _made(log))
    assert parts.missing("frame", now, lambda a: shown[a.slug]) == []
    parts.stamps[agencies[1].slug] = b"edited"
    assert parts.missing("frame", now, lambda a: shown[a.slug]) == [agencies[1]]


def test_parts_made_ahead_are_taken_instead_of_made_and_count_as_made(agencies):
    parts: AgencyParts[str] = AgencyParts()
    log: list[str] = []
    parts.ahead = {a.slug: f"ahead {a.slug}" for a in agencies[:4]}
    got = parts.parts_for("frame", agencies, lambda a: None, _made(log))
    assert got[:4] == [f"ahead {a.slug}" for a in agencies[:4]]
    assert got[4:] == [f"part of {a.slug}" for a in agencies[4:]]
    assert log == [a.slug for a in agencies[4:]]
    assert parts.made == len(agencies) and parts.ahead == {}

    # a part kept from the last call wins over one made ahead, which is dropped
    parts.ahead = {agencies[0].slug: "stale"}
    log.clear()
    again = parts.parts_for("frame", agencies, lambda a: None, _made(log))
    assert again == got and log == [] and parts.made == 0 and parts.ahead == {}


def test_the_search_index_parts_made_from_its_recipe_give_the_same_index(agencies):
    """What the builder's pool does: the recipe's make, run for each missing agency, put in ahead."""
    directory = read_content(BuildOptions(ROOT / "content", ROOT / "unused"))
    cat = load_catalogue(directory.site.language)
    plain = SearchRows().index_bytes(directory, directory.routes, cat)
    rows = SearchRows()
    frame, listed, shows, make = rows.recipe(directory, directory.routes, cat)
    rows.ahead = {a.slug: make(a) for a in rows.missing(frame, listed, shows)}
    assert len(rows.ahead) == len(directory.agencies)
    assert rows.index_bytes(directory, directory.routes, cat) == plain
    assert rows.made == len(directory.agencies) and not rows.missing(frame, listed, shows)


def test_parts_made_ahead_are_never_kept_beyond_the_build(agencies):
    """Parts made ahead are keyed by slug only, for the build that made them: kept with the parts (in
    the cache folder), one could stand in for an agency edited before the next build."""
    import pickle

    parts: AgencyParts[str] = AgencyParts()
    parts.parts_for("frame", agencies, lambda a: None, _made([]))
    parts.ahead = {agencies[0].slug: "made for another build"}
    kept = pickle.loads(pickle.dumps(parts))
    assert kept.ahead == {} and kept.stamps == {} and kept.parts == parts.parts


def test_only_the_agencies_named_are_looked_at_when_the_agencies_are_the_last_call_s(agencies):
    """The builder names the agencies whose page's inputs changed (`only`): the others' parts are taken
    from the last call without asking them what they show; any other call looks at every agency."""
    assert len(agencies) > 16  # `only` is worth it when few of them changed
    parts: AgencyParts[str] = AgencyParts()
    log: list[str] = []
    shown = {a.slug: "x" for a in agencies}
    asked: list[str] = []

    def shows(agency):
        asked.append(agency.slug)
        return shown[agency.slug]

    first = parts.parts_for("frame", agencies, shows, _made(log))
    edited = dataclasses.replace(agencies[2], name="Nama baru")
    now = (*agencies[:2], edited, *agencies[3:])
    shown[agencies[9].slug] = "y"  # changed too, but not named: taken as it was
    asked.clear(), log.clear()
    parts.only = {edited.slug}
    got = parts.parts_for("frame", now, shows, _made(log))
    assert asked == [edited.slug] and log == [edited.slug] and parts.made == 1
    assert got == first and got is not first  # the same parts, in the agencies' order
    assert parts.only is None  # for one call only
    asked.clear(), log.clear()
    got = parts.parts_for("frame", now, shows, _made(log))  # not named: every agency is looked at
    assert len(asked) == len(now) and log == [agencies[9].slug]
    asked.clear()
    parts.only = {edited.slug}
    parts.parts_for("frame", now[1:], shows, _made(log))  # other agencies than the last call's
    assert len(asked) == len(now) - 1
    asked.clear()
    parts.only = {edited.slug}
    parts.parts_for("another frame", now[1:], shows, _made(log))
    assert len(asked) == len(now) - 1


def test_named_agencies_whose_part_holds_are_not_made_again_and_calls_can_follow_each_other(agencies):
    parts: AgencyParts[str] = AgencyParts()
    log: list[str] = []
    first = parts.parts_for("frame", agencies, lambda a: None, _made(log))
    for _ in range(2):  # each call leaves the parts in order for the next
        log.clear()
        parts.only = {agencies[4].slug}  # named, but nothing it shows changed
        assert parts.parts_for("frame", agencies, lambda a: None, _made(log)) == first
        assert log == [] and parts.made == 0


def test_parts_kept_in_the_cache_folder_are_taken_in_order_when_all_are_there(agencies):
    """`build --cache` keeps the parts beside the engine, slug by slug (their order is kept with the
    engine); a new process takes them in order, unless one is missing: then every agency is looked at."""
    import pickle

    parts: AgencyParts[str] = AgencyParts()
    log: list[str] = []
    first = parts.parts_for("frame", agencies, lambda a: None, _made(log))
    parts.only = {agencies[0].slug}
    kept = pickle.loads(pickle.dumps(parts))
    assert kept.only is None and kept.listed == [] and kept.order == parts.order
    asked: list[str] = []
    kept.only = {agencies[1].slug}
    assert kept.parts_for("frame", agencies, lambda a: asked.append(a.slug), _made(log)) == first
    assert asked == [agencies[1].slug]
    damaged = pickle.loads(pickle.dumps(parts))
    del damaged.parts[agencies[7].slug]  # a part the cache folder no longer had
    asked.clear(), log.clear()
    damaged.only = {agencies[1].slug}
    assert damaged.parts_for("frame", agencies, lambda a: asked.append(a.slug), _made(log)) == first
    assert len(asked) == len(agencies) and log == [agencies[7].slug]
