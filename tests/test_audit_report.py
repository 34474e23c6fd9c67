"""`make audit` rewrites only its own section of docs/quality.md (issue 14): the hand-written
sections after it (breakage tests, mutation score) survive a new Lighthouse run."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

SCORES = {page: {"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 100}
          for page in ("Beranda (home)", "Halaman instansi aktif (dindukcapil)", "Halaman instansi tidak aktif (bkd)")}


@pytest.fixture
def audit(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("audit_under_test", ROOT / "scripts" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "commit", lambda: "abc1234")
    monkeypatch.setattr(module, "lighthouse_version", lambda: "12.2.3")
    yield module
    sys.modules.pop("audit_under_test", None)


def test_make_audit_keeps_every_hand_written_section(audit, tmp_path, monkeypatch):
    """main() end to end, Lighthouse replaced by fixed scores, on a copy of the real docs/quality.md."""
    real = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    assert real.count(audit.BEGIN) == real.count(audit.END) == 1
    before, rest = real.split(audit.BEGIN)
    after = rest.split(audit.END)[1]
    assert "# Quality: mutation score" in after

    report = tmp_path / "docs" / "quality.md"
    report.parent.mkdir()
    report.write_text(real, encoding="utf-8")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    lighthouse = tmp_path / "lighthouse"
    lighthouse.write_text("", encoding="utf-8")
    monkeypatch.setattr(audit, "ROOT", tmp_path)
    monkeypatch.setattr(audit, "REPORT", report)
    monkeypatch.setattr(audit, "LIGHTHOUSE", lighthouse)
    monkeypatch.setattr(audit, "lighthouse_scores", lambda url: SCORES[next(
        page for page, path in audit.PAGES.items() if url.endswith("/" + path))])

    assert audit.main() == 0
    written = report.read_text(encoding="utf-8")
    assert written.startswith(before + audit.BEGIN + "\n# Quality: Lighthouse scores\n")
    assert written.endswith(audit.END + after)
    assert "at commit abc1234, Lighthouse 12.2.3" in written
    assert "| Beranda (home) | 99 | 100 | 100 | 100 |" in written

    assert audit.main() == 0  # a second run changes nothing but the time it names
    assert report.read_text(encoding="utf-8").split(audit.END)[1] == after


def test_a_report_without_markers_gets_the_section_on_top_and_keeps_the_rest(audit):
    hand = "# Notes\n\nWritten by hand.\n"
    assert audit.with_section(hand, "# Scores\n\nnew\n") == f"{audit.BEGIN}\n# Scores\n\nnew\n{audit.END}\n\n{hand}"
    assert audit.with_section("", "# Scores\n") == f"{audit.BEGIN}\n# Scores\n{audit.END}\n"
    only_end = f"{audit.END}\n{hand}"
    assert audit.with_section(only_end, "x").endswith(only_end)
