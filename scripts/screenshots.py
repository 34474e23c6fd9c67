"""`make screenshots`: PNGs of the built site at phone and desktop width → docs/screenshots/.

Home, search results for "KTP hilang", an active agency (Dindukcapil), a dormant one (BKD) and the
status page, each at 360×740 and 1280×800, plus the home and BKD pages in dark mode on a phone, in
Debian's Chromium driven by Playwright, over output/ on 127.0.0.1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from static_server import serving  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}
SHOTS = {"home": ("", None), "search": ("", "KTP hilang"), "agency-active": ("akun/dindukcapil/", None),
         "agency-dormant": ("akun/bkd/", None), "status": ("status/", None)}
# A few pages in the dark colour scheme, on a phone.
DARK = {"agency-dormant": "akun/bkd/", "home": ""}


def main() -> int:
    site = ROOT / "output"
    if not (site / "index.html").exists():
        sys.exit("output/ has no site: run `make build` first")
    OUT.mkdir(parents=True, exist_ok=True)
    with serving(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for device, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, (path, query) in SHOTS.items():
                page.goto(base + path)
                if query:
                    page.fill("#q", query)
                    page.wait_for_selector("#hasil li")
                    page.locator("#q").blur()
                target = OUT / f"{name}-{device}.png"
                page.screenshot(path=str(target))  # the first screen, as a visitor sees it
                print(target.relative_to(ROOT))
            page.close()
        page = browser.new_page(viewport={"width": 360, "height": 740}, color_scheme="dark")
        for name, path in DARK.items():
            page.goto(base + path)
            target = OUT / f"{name}-phone-dark.png"
            page.screenshot(path=str(target))
            print(target.relative_to(ROOT))
        page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
