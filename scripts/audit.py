"""`make audit`: Lighthouse scores of the built site's home page and an agency page → docs/quality.md.

Only the section between BEGIN and END is rewritten; the rest of docs/quality.md (the breakage tests,
the mutation score) is written by hand and kept as it is.

Runs the pinned npm `lighthouse` against Debian's Chromium (CHROME_PATH=/usr/bin/chromium) over
output/ served on 127.0.0.1, with Lighthouse's default mobile emulation and throttling.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from static_server import serving  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"Beranda (home)": "", "Halaman instansi aktif (dindukcapil)": "akun/dindukcapil/",
         "Halaman instansi tidak aktif (bkd)": "akun/bkd/"}
REPORT = ROOT / "docs" / "quality.md"
BEGIN = "<!-- begin: written by scripts/audit.py (make audit); edits between these lines are lost -->"
END = "<!-- end: written by scripts/audit.py -->"


def lighthouse_scores(url: str) -> dict[str, int]:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--quiet", "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
         "--disable-background-networking --disable-component-update --disable-sync"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    data = json.loads(result.stdout)
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}


def commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip() or "?"


def lighthouse_version() -> str:
    return subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()


def report(scores: dict[str, dict[str, int]]) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Quality: Lighthouse scores", "",
             f"Measured {when} by `make audit` (scripts/audit.py) at commit {commit()}, Lighthouse "
             f"{lighthouse_version()} with Debian's Chromium, mobile emulation and throttling (Lighthouse's "
             "defaults), on the bundled Blora content served from `output/` on 127.0.0.1. The goal is 100 in each.",
             "", "| page | " + " | ".join(CATEGORIES) + " |", "|---|" + "---|" * len(CATEGORIES)]
    for page, values in scores.items():
        lines.append(f"| {page} | " + " | ".join(str(values[c]) for c in CATEGORIES) + " |")
    lines += ["", "Also checked on every `make test`: axe-core finds no violation on every page type at 360 px "
              "and 1280 px, the Nu Html Checker finds no error on every built page, and the home page with "
              "its search loads at most 30 KB gzipped (tests/test_browser.py, tests/test_html_valid.py).", ""]
    return "\n".join(lines)


def with_section(document: str, section: str) -> str:
    """`document` with its generated section replaced by `section`, everything else kept byte for byte.

    A document without the markers (or with only one of them) gets the section at the top, so a
    hand-written part is never lost."""
    body = section.rstrip("\n")
    block = f"{BEGIN}\n{body}\n{END}"
    start, end = document.find(BEGIN), document.find(END)
    if start != -1 and end > start:
        return document[:start] + block + document[end + len(END):]
    return f"{block}\n\n{document}" if document else f"{block}\n"


def main() -> int:
    out = ROOT / "output"
    if not (out / "index.html").exists():
        sys.exit("output/ has no site: run `make build` first")
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse is missing: run `make install-dev`")
    with serving(out) as base:
        scores = {page: lighthouse_scores(base + path) for page, path in PAGES.items()}
    old = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    REPORT.write_text(with_section(old, report(scores)), encoding="utf-8")
    for page, values in scores.items():
        print(page, values)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
