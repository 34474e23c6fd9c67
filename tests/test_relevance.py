"""The relevance set (tests/relevance/queries.yaml) through the real search script in Chromium, as
`make eval` runs it: the figures may not fall below what docs/search.md records, and the issue's
targets are held as an expected failure until the search meets them."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import eval_search  # noqa: E402

pytestmark = pytest.mark.browser

# What the search reaches today (docs/search.md, "Relevance"); a change that loses ground fails here.
FLOOR = {"success@1": 0.64, "success@3": 0.67, "mrr": 0.65, "not_found_precision": 0.80}
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


@pytest.mark.xfail(strict=True, reason="issue 10's targets are not met yet: see docs/search.md")
def test_the_search_meets_the_issues_targets(figures):
    assert all(figures[k] >= target for k, target in TARGET.items()), {k: figures[k] for k in TARGET}


def test_the_figures_count_what_they_claim():
    cases = [eval_search.Case("a", ("x",)), eval_search.Case("b", ("y", "z")), eval_search.Case("c", ()),
             eval_search.Case("d", ())]
    result = eval_search.figures(cases, [["x", "y"], ["q", "z"], [], ["x"]])
    assert (result["success@1"], result["success@3"], result["mrr"]) == (0.5, 1.0, 0.75)
    assert result["not_found_precision"] == 0.5
