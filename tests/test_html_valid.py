"""Every page the site builds is valid HTML for the Nu Html Checker (npm `vnu-jar`, run with Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import VNU, require_tool, run_cli


def nu_errors(*files: Path) -> list[str]:
    """The checker's errors, one line each; skips (or fails in CI) when the checker is missing."""
    require_tool(VNU.exists() and bool(shutil.which("java")),
                 "the Nu Html Checker needs java and node_modules/vnu-jar (make install-dev)")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
            for m in messages]


def test_every_built_page_is_valid_html(tmp_path):
    out = tmp_path / "output"
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = sorted(out.rglob("*.html"))
    kinds = {p.relative_to(out).parts[0] for p in pages}
    assert {"index.html", "404.html", "akun", "topik", "status", "cara-melapor"} <= kinds
    assert any(p.parent.name == "poster" for p in pages)
    assert nu_errors(*pages) == []


def test_the_checker_does_report_invalid_html(tmp_path):
    """The test above means something only if the checker really reads the files."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=id><title>x</title><p><div>nested</p></div>", encoding="utf-8")
    assert nu_errors(bad)
