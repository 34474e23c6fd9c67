"""static/search.js in Node, without a browser (tests/js/*.test.mjs, jsdom): the cards and "not found"
answers citizens get for relevance queries, the page's cards, keys and address, and the script's word
handling against textnorm.py's. Seconds where Chromium takes minutes, so a ranking breakage shows
early; StrykerJS measures how much of the script these tests hold (`make mutation-js`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, require_tool

JS = ROOT / "tests" / "js"
FILES = sorted(p.name for p in JS.glob("*.test.mjs"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sites, the textnorm answers and the relevance set, written by tests/js/fixture.py."""
    out = tmp_path_factory.mktemp("search-js")
    made = subprocess.run([sys.executable, str(JS / "fixture.py"), str(out)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    return out


@pytest.mark.parametrize("name", FILES)
def test_the_node_tests_of_the_search_script_pass(built, name):
    node = shutil.which("node")
    require_tool(bool(node) and (ROOT / "node_modules" / "jsdom").is_dir(),
                 "the Node tests of static/search.js need node and node_modules/jsdom (make install-dev)")
    result = subprocess.run([node, "--test", "--test-reporter=tap", str(JS / name)], capture_output=True, text=True,
                            timeout=300, cwd=ROOT, env={**os.environ, "AKUNRESMI_JS_FIXTURE": str(built)})
    failed = [line for line in result.stdout.splitlines() if re.match(r"\s*not ok ", line)]
    assert result.returncode == 0 and not failed, "\n".join(failed) + "\n" + result.stdout[-4000:] + result.stderr
    assert re.search(r"^# pass [1-9]", result.stdout, re.M), result.stdout[-2000:]


def test_stryker_runs_every_node_test_file():
    config = (JS / "stryker.config.mjs").read_text(encoding="utf-8")
    assert sorted(re.findall(r"tests/js/([\w.-]+\.test\.mjs)", config)) == FILES
    assert len(FILES) >= 4
