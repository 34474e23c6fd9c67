"""static/ago.js in a real Chromium with a fixed clock: "Terakhir aktif" reads as days ago, by the
reader's own calendar, and the exact date stays available as the element's title."""

from __future__ import annotations

import pytest

from conftest import Content, run_cli, serve_directory

pytestmark = pytest.mark.browser

# Noon in Blora on the build's own "today" (SOURCE_DATE_EPOCH is 2026-11-28).
NOW = "2026-11-28T05:00:00Z"


@pytest.fixture
def site(content: Content, tmp_path):
    """The test content, with one agency last seen 28 days ago and one seen today."""
    for slug, seen in (("dindukcapil", "2026-10-31"), ("humas", "2026-11-28")):
        path = content.root / "agencies" / f"{slug}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f'last_post: "{seen}"\n', encoding="utf-8")
    out = tmp_path / "output"
    result = run_cli("build", "--content", str(content.root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    with serve_directory(out) as base:
        yield base


@pytest.mark.parametrize("slug, shown", [("dindukcapil", "28 hari lalu"), ("humas", "hari ini")])
def test_last_post_reads_as_days_ago(chromium, site, slug, shown):
    context = chromium.new_context(timezone_id="Asia/Jakarta")
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(site + f"akun/{slug}/")
    ago = page.locator("p.last-post time.ago")
    assert ago.inner_text() == shown
    assert ago.get_attribute("title").endswith("2026")  # the long date the page was built with
    context.close()
