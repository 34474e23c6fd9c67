"""The relevance sets (tests/relevance/queries.yaml and heldout.yaml … heldout13.yaml) through the real
search script in Chromium, as `make eval` runs them: the figures may not fall below what docs/search.md
records, nor below the issue's targets. All fourteen are tuning sets by now: heldout.yaml since the
vocabulary round of issue 10, heldout2.yaml (by an independent writer) since the third round,
heldout3.yaml (by a third writer) since the fourth, heldout4.yaml (by a fourth writer) since the sixth,
heldout5.yaml (by a fifth writer) since the seventh, heldout6.yaml and heldout7.yaml (by a sixth and a
seventh writer) since the eighth, heldout8.yaml to heldout13.yaml (by an eighth to a thirteenth writer)
since the ninth to fourteenth (their misses were read then), so each is held here. They say how well the
search fits text the project has seen, not how it generalises: heldout14.yaml to heldout19.yaml, by a
fourteenth to a nineteenth writer, which `make eval` reports and nothing here holds, do (docs/search.md)."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import eval_search  # noqa: E402

pytestmark = pytest.mark.browser

# What the search reaches today (docs/search.md, "Relevance"), less one complaint of each measure, rounded
# down to half a point in a thousand; a change that loses more ground fails here.
FLOOR = {"success@1": 0.98, "success@3": 0.995, "mrr": 0.985, "not_found_precision": 0.965}
FLOOR_HELDOUT = {"success@1": 0.97, "success@3": 0.97, "mrr": 0.975, "not_found_precision": 0.945}
FLOOR_HELDOUT2 = {"success@1": 0.965, "success@3": 0.985, "mrr": 0.975, "not_found_precision": 0.94}
FLOOR_HELDOUT3 = {"success@1": 0.975, "success@3": 0.99, "mrr": 0.985, "not_found_precision": 0.94}
FLOOR_HELDOUT4 = {"success@1": 0.925, "success@3": 0.97, "mrr": 0.95, "not_found_precision": 0.87}
FLOOR_HELDOUT5 = {"success@1": 0.955, "success@3": 0.98, "mrr": 0.965, "not_found_precision": 0.95}
FLOOR_HELDOUT6 = {"success@1": 0.91, "success@3": 0.95, "mrr": 0.93, "not_found_precision": 0.845}
FLOOR_HELDOUT7 = {"success@1": 0.925, "success@3": 0.975, "mrr": 0.95, "not_found_precision": 0.825}
FLOOR_HELDOUT8 = {"success@1": 0.945, "success@3": 0.975, "mrr": 0.96, "not_found_precision": 0.815}
FLOOR_HELDOUT9 = {"success@1": 0.88, "success@3": 0.975, "mrr": 0.925, "not_found_precision": 0.875}
FLOOR_HELDOUT10 = {"success@1": 0.935, "success@3": 0.98, "mrr": 0.96, "not_found_precision": 0.915}
FLOOR_HELDOUT11 = {"success@1": 0.915, "success@3": 0.96, "mrr": 0.935, "not_found_precision": 0.865}
FLOOR_HELDOUT12 = {"success@1": 0.93, "success@3": 0.97, "mrr": 0.95, "not_found_precision": 0.835}
FLOOR_HELDOUT13 = {"success@1": 0.865, "success@3": 0.95, "mrr": 0.905, "not_found_precision": 0.85}
# What issue 10 asks for.
TARGET = {"success@1": 0.95, "success@3": 0.99, "not_found_precision": 0.90}


@pytest.fixture(scope="module")
def figures(chromium):
    cases = eval_search.load_cases()
    assert len([c for c in cases if c.accept]) >= 200 and len([c for c in cases if not c.accept]) >= 20
    return eval_search.evaluate(cases, chromium)


def test_the_search_keeps_its_measured_relevance(figures):
    below = {k: round(figures[k], 3) for k, floor in FLOOR.items() if figures[k] < floor}
    assert not below, (below, figures["misses"][:20], figures["wrongly_answered"])


@pytest.mark.parametrize("path, floor", [(eval_search.HELDOUT, FLOOR_HELDOUT), (eval_search.HELDOUT2, FLOOR_HELDOUT2),
                                         (eval_search.HELDOUT3, FLOOR_HELDOUT3), (eval_search.HELDOUT4, FLOOR_HELDOUT4),
                                         (eval_search.HELDOUT5, FLOOR_HELDOUT5), (eval_search.HELDOUT6, FLOOR_HELDOUT6),
                                         (eval_search.HELDOUT7, FLOOR_HELDOUT7), (eval_search.HELDOUT8, FLOOR_HELDOUT8),
                                         (eval_search.HELDOUT9, FLOOR_HELDOUT9), (eval_search.HELDOUT10, FLOOR_HELDOUT10),
                                         (eval_search.HELDOUT11, FLOOR_HELDOUT11), (eval_search.HELDOUT12, FLOOR_HELDOUT12),
                                         (eval_search.HELDOUT13, FLOOR_HELDOUT13)],
                         ids=["second tuning set", "third tuning set", "fourth tuning set", "fifth tuning set",
                              "sixth tuning set", "seventh tuning set", "eighth tuning set", "ninth tuning set",
                              "tenth tuning set", "eleventh tuning set", "twelfth tuning set", "thirteenth tuning set",
                              "fourteenth tuning set"])
def test_each_later_tuning_set_keeps_its_measured_relevance(chromium, path, floor):
    found = eval_search.evaluate(eval_search.load_cases(path), chromium)
    below = {k: round(found[k], 3) for k, least in floor.items() if found[k] < least}
    assert not below, (below, found["misses"][:20], found["wrongly_answered"])


def test_the_search_meets_the_issues_targets(figures):
    assert all(figures[k] >= target for k, target in TARGET.items()), {k: figures[k] for k in TARGET}


def test_the_figures_count_what_they_claim():
    cases = [eval_search.Case("a", ("x",)), eval_search.Case("b", ("y", "z")), eval_search.Case("c", ()),
             eval_search.Case("d", ())]
    result = eval_search.figures(cases, [["x", "y"], ["q", "z"], [], ["x"]])
    assert (result["success@1"], result["success@3"], result["mrr"]) == (0.5, 1.0, 0.75)
    assert result["not_found_precision"] == 0.5


def test_the_held_out_set_is_large_enough_and_shares_no_query_with_the_tuning_set():
    held = eval_search.load_cases(eval_search.HELDOUT)
    assert len([c for c in held if c.accept]) >= 80 and len([c for c in held if not c.accept]) >= 15
    assert not {c.query for c in held} & {c.query for c in eval_search.load_cases()}
    assert list(eval_search.SETS.values()) == [eval_search.QUERIES, eval_search.HELDOUT, eval_search.HELDOUT2,
                                               eval_search.HELDOUT3, eval_search.HELDOUT4, eval_search.HELDOUT5,
                                               eval_search.HELDOUT6, eval_search.HELDOUT7, eval_search.HELDOUT8,
                                               eval_search.HELDOUT9, eval_search.HELDOUT10, eval_search.HELDOUT11,
                                               eval_search.HELDOUT12, eval_search.HELDOUT13, eval_search.HELDOUT14,
                                               eval_search.HELDOUT15, eval_search.HELDOUT16, eval_search.HELDOUT17,
                                               eval_search.HELDOUT18, eval_search.HELDOUT19]


@pytest.mark.parametrize("path, handled, unhandled", [
    (eval_search.HELDOUT2, 160, 30), (eval_search.HELDOUT3, 300, 40), (eval_search.HELDOUT4, 400, 50),
    (eval_search.HELDOUT5, 400, 50), (eval_search.HELDOUT6, 440, 80), (eval_search.HELDOUT7, 480, 80),
    (eval_search.HELDOUT8, 490, 90), (eval_search.HELDOUT9, 470, 80), (eval_search.HELDOUT10, 390, 60),
    (eval_search.HELDOUT11, 350, 50), (eval_search.HELDOUT12, 330, 50), (eval_search.HELDOUT13, 350, 50),
    (eval_search.HELDOUT14, 370, 60), (eval_search.HELDOUT15, 500, 60), (eval_search.HELDOUT16, 470, 60),
    (eval_search.HELDOUT17, 430, 60), (eval_search.HELDOUT18, 490, 70), (eval_search.HELDOUT19, 500, 70),
], ids=["heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9",
        "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17",
        "heldout18", "heldout19"])
def test_a_later_set_loads_names_only_bundled_agencies_and_repeats_no_query(path, handled, unhandled):
    order = list(eval_search.SETS.values())
    earlier = order[:order.index(path)]  # every set written before it
    held = eval_search.load_cases(path)
    assert len([c for c in held if c.accept]) >= handled and len([c for c in held if not c.accept]) >= unhandled
    assert all(c.query.strip() for c in held) and len({c.query for c in held}) == len(held)
    slugs = {p.stem for p in (ROOT / "content" / "agencies").glob("*.yaml")}
    unknown = {(c.query, slug) for c in held for slug in c.accept if slug not in slugs}
    assert not unknown, unknown
    others = {c.query for other in earlier for c in eval_search.load_cases(other)}
    shared = sorted({c.query for c in held} & others)
    assert not shared, shared


def test_the_table_has_a_row_per_set():
    one = eval_search.figures([eval_search.Case("a", ("x",)), eval_search.Case("c", ())], [["x"], []])
    rows = eval_search.table({name: one for name in eval_search.SETS}).splitlines()
    assert len(rows) == 22 and rows[2].startswith("| queries.yaml (tuning) | 1 | 100.0% |")
    assert rows[3].startswith("| heldout.yaml (second tuning set) |")
    assert rows[4].startswith("| heldout2.yaml (third tuning set) |")
    assert rows[5].startswith("| heldout3.yaml (fourth tuning set) |")
    assert rows[6].startswith("| heldout4.yaml (fifth tuning set) |")
    assert rows[7].startswith("| heldout5.yaml (sixth tuning set) |")
    assert rows[8].startswith("| heldout6.yaml (seventh tuning set) |")
    assert rows[9].startswith("| heldout7.yaml (eighth tuning set) |")
    assert rows[10].startswith("| heldout8.yaml (ninth tuning set) |")
    assert rows[11].startswith("| heldout9.yaml (tenth tuning set) |")
    assert rows[12].startswith("| heldout10.yaml (eleventh tuning set) |")
    assert rows[13].startswith("| heldout11.yaml (twelfth tuning set) |")
    assert rows[14].startswith("| heldout12.yaml (thirteenth tuning set) |")
    assert rows[15].startswith("| heldout13.yaml (fourteenth tuning set) |")
    assert rows[16].startswith("| heldout14.yaml (fourteenth writer, held out) |")
    assert rows[17].startswith("| heldout15.yaml (fifteenth writer, held out) |")
    assert rows[18].startswith("| heldout16.yaml (sixteenth writer, held out) |")
    assert rows[19].startswith("| heldout17.yaml (seventeenth writer, held out) |")
    assert rows[20].startswith("| heldout18.yaml (eighteenth writer, held out) |")
    assert rows[21].startswith("| heldout19.yaml (nineteenth writer, held out) |")
