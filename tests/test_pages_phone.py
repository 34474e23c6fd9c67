"""The agency page, the poster and the status page as a citizen meets them on a phone, in real Chromium:
one honest sentence per routing reason that agrees with its badge, the fallback's freshness, the action
above the fold, tap targets, dates in words, posts that name the agency, and dark mode."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import ROOT, SITE, run_cli, serve_directory
from test_browser import AGENCIES, PAGE_TYPES

CATALOGUE = yaml.safe_load((ROOT / "akunresmi" / "locales" / "id.yaml").read_text(encoding="utf-8"))["site"]
MONTHS = CATALOGUE["months"].split()
LONG_HANDLE = "HumasUjiPanjang"  # 15 characters, the most X allows
# The longest name the schema allows (160 characters), made of real words.
LONG_NAME = ("Dinas Pemberdayaan Masyarakat Desa, Kependudukan, Pencatatan Sipil, Pengendalian Penduduk dan "
             "Keluarga Berencana serta Perlindungan Perempuan dan Anak Uji Timur")

# One agency per routing reason (tests/test_routing.py covers the chains; these cover the words).
REASON_AGENCIES = {
    "humas": f"""\
        name: Bagian Humas
        kind: humas
        twitter: {LONG_HANDLE}
        active: true
        status_checked: "2026-10-01"
        source: Pemeriksaan Humas
        services: [Pengaduan umum]
        """,
    "dindukcapil": """\
        name: Dinas Kependudukan dan Pencatatan Sipil
        kind: dinas
        twitter: dukcapil_uji
        active: true
        status_checked: "2026-10-01"
        source: Pemeriksaan Humas
        services: [KTP elektronik]
        """,
    "bkd": """\
        name: Badan Kepegawaian Daerah
        kind: badan
        twitter: BKDUji
        active: false
        status_checked: "2026-10-01"
        source: Berita
        services: [Kepegawaian ASN]
        """,
    "dinkes": "name: Dinas Kesehatan\nkind: dinas\nservices: [Puskesmas]\n",
    "bupati": """\
        name: Bupati Uji
        kind: pimpinan
        twitter: BupatiUji
        active: true
        status_checked: "2026-10-01"
        source: Berita
        services: [Pimpinan daerah]
        """,
    "kantor-lama": "name: Kantor Catatan Sipil Lama\nkind: dinas\nservices: [Akta]\nsuperseded_by: dindukcapil\n",
    "kecamatan-uji": "name: Kecamatan Uji\nkind: kecamatan\nservices: [Surat pengantar]\nfallback: bkd\n",
    "dinas-panjang": f"name: {LONG_NAME}\nkind: dinas\nservices: [Layanan panjang]\n",
}
REASON_OF = {"active": "dindukcapil", "dormant": "bkd", "missing": "dinkes", "leader": "bupati",
             "superseded": "kantor-lama", "fallback_dormant": "kecamatan-uji"}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled") / "output"
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with serve_directory(out, prefix="/akun-resmi/") as base:  # as published: the 404 page's links are absolute
        yield base


@pytest.fixture(scope="module")
def reasons(tmp_path_factory):
    """A small site with one agency for each routing reason and the longest names the schema allows."""
    root = tmp_path_factory.mktemp("reasons")
    (root / "content" / "agencies").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(SITE, encoding="utf-8")
    for slug, text in REASON_AGENCIES.items():
        (root / "content" / "agencies" / f"{slug}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    result = run_cli("build", "--content", str(root / "content"), "--out", str(root / "output"))
    assert result.returncode == 0, result.stderr
    with serve_directory(root / "output") as base:
        yield base


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    yield context.new_page()
    context.close()


def intent_text(href: str) -> str:
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "x.com", "/intent/post")
    return parse_qs(parts.query)["text"][0]


# --- 4. one sentence per routing reason ------------------------------------------------------------

# Words a badge rules out in the sentence beside it.
CONTRADICTIONS = {"Aktif": ["tidak aktif", "mati suri"], "Tidak aktif": ["aktif dan menerima"],
                  "Belum ada akun": ["tidak aktif", "mati suri", "Akun X instansi ini", "akunnya"],
                  "Akun pribadi pimpinan": ["tidak aktif", "mati suri", "belum punya", "menerima keluhan"],
                  "Sudah tidak ada": ["aktif dan menerima", "belum punya", "mati suri"]}


@pytest.mark.browser
@pytest.mark.parametrize("reason", sorted(REASON_OF))
def test_each_routing_reason_has_its_sentence_agreeing_with_the_badge(phone, reasons, reason):
    slug = REASON_OF[reason]
    sentence = CATALOGUE[f"route_reason_{reason}"]
    for path in (f"akun/{slug}/", f"akun/{slug}/poster/"):
        phone.goto(reasons + path)
        shown = phone.locator("[data-reason]")
        assert shown.count() == 1 and shown.get_attribute("data-reason") == reason
        assert shown.inner_text() == sentence
    phone.goto(reasons + f"akun/{slug}/")
    badge = phone.locator(".status .badge").first.inner_text()
    assert not [w for w in CONTRADICTIONS[badge] if w.lower() in sentence.lower()], (badge, sentence)
    heading = phone.locator(".act h2, .route h2").first.inner_text()
    assert "akun ini" not in heading.lower()  # no "send it to this account" under a handle that is not it
    if reason != "active":  # the post goes to the account that takes over and says what it is about
        text = intent_text(phone.locator("main a.button").first.get_attribute("href"))
        assert text.startswith("@dukcapil_uji " if reason == "superseded" else f"@{LONG_HANDLE} ")
        assert phone.inner_text("h1") in text


@pytest.mark.browser
def test_an_agency_without_account_is_never_called_inactive_on_its_poster(phone, reasons):
    phone.goto(reasons + "akun/dinkes/poster/")
    text = phone.inner_text("main")
    assert "Akun X instansi ini" not in text and "tidak aktif" not in text.lower()
    assert f"@{LONG_HANDLE}" in text


# --- 6. freshness of the fallback ------------------------------------------------------------------

@pytest.mark.browser
def test_the_fallback_box_shows_when_its_status_was_checked_and_marks_it_stale(phone, bundled, reasons):
    """The date is the account's complaints go to, said as such: the agency's own follows below (found by review:
    two lines "Status diperiksa 10 Maret 2016", one for each account, and no word of which was which)."""
    phone.goto(bundled + "akun/bkd/")  # the bundled Humas was last checked on 10 March 2016
    box = phone.locator(".route")
    assert box.locator("time").get_attribute("datetime") == "2016-03-10"
    assert "Status akun tujuan diperiksa 10 Maret 2016" in box.inner_text()
    assert box.locator(".badge-stale").inner_text() == CATALOGUE["badge_stale"]
    phone.goto(reasons + "akun/bkd/")  # checked on 1 October 2026, fresh on 28 November 2026
    box = phone.locator(".route")
    assert "Status akun tujuan diperiksa 1 Oktober 2026" in box.inner_text()
    assert box.locator(".badge-stale").count() == 0


# --- 8. posts Humas can act on -----------------------------------------------------------------------

@pytest.mark.browser
def test_a_post_to_the_fallback_names_the_agency_and_fits_in_a_post(phone, reasons):
    phone.goto(reasons + "akun/dinas-panjang/")
    text = intent_text(phone.locator(".route a.button").get_attribute("href"))
    assert text.startswith(f"@{LONG_HANDLE} ") and LONG_NAME in text
    assert len(LONG_NAME) == 160
    assert len(text) <= 280 - 50, (len(text), text)  # and leaves room for the complaint itself


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_fallback_post_fits_with_the_longest_names_in_every_language(language):
    from akunresmi.i18n import load_catalogue

    cat = load_catalogue(language)
    text = cat.text("intent_text_fallback", handle=f"@{LONG_HANDLE}", agency=LONG_NAME, query="")
    assert LONG_NAME in text and len(text) <= 280 - 50


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_regions_post_with_the_longest_official_name_fits_and_leaves_room_for_long_agency_names(language):
    """A region of a national build names itself in its posts: with the longest official region name,
    the schema's longest agency name still fits in a post (the script shortens the complaint to what is
    left), and a name of 120 characters (longer than any agency's in the bundled content) leaves room
    for the complaint."""
    from dataclasses import replace
    from datetime import date

    from akunresmi.content.reader import read_directory
    from akunresmi.i18n import load_catalogue
    from akunresmi.regions import region_list
    from akunresmi.site.views import post_texts

    longest = max((r.name for r in region_list().regencies.values()), key=len)
    assert longest == "Kabupaten Kepulauan Siau Tagulandang Biaro"
    cat = load_catalogue(language)
    site = replace(read_directory(ROOT / "content", date.today(), cwd=ROOT).site, region=longest, in_national=True)
    template = post_texts(site, cat)["intent_text_fallback"]
    text = template.format(handle=f"@{LONG_HANDLE}", agency=LONG_NAME, query="")
    assert longest in text and LONG_NAME in text and len(text) <= 280
    assert len(template.format(handle=f"@{LONG_HANDLE}", agency=LONG_NAME[:120], query="")) <= 280 - 50


# --- 7. phone first ----------------------------------------------------------------------------------

# The primary action: the phone number of an agency that answers emergencies (a post on X is not for
# an emergency: issue 10), otherwise the post button, or the national channel where there is none.
PRIMARY_ACTION = """() => {
  const e = document.querySelector('main p.emergency a') ||
    document.querySelector('main .act a.button, main .route a.button, main .route .national');
  return e && e.getBoundingClientRect().top;
}"""


@pytest.mark.browser
def test_the_primary_action_starts_above_the_fold_on_every_agency_page(phone, bundled):
    late = {}
    for slug in AGENCIES:
        phone.goto(bundled + f"akun/{slug}/")
        top = phone.evaluate(PRIMARY_ACTION)
        if top is None or top + 24 > 640:
            late[slug] = top
    assert not late, late


@pytest.mark.browser
def test_on_a_phone_the_first_answer_and_its_post_button_come_into_view(phone, bundled):
    """Found by review: at 360×640 the first card began at y=507 and its post button at y=703, below the
    fold (and under the keyboard on a real phone). Once there is an answer, the box goes to the top of
    the screen and the line on how the box works gives way to it; an empty box brings that line back."""
    phone.goto(bundled)
    phone.fill("#q", "ktp hilang")
    phone.wait_for_selector("#hasil ol > li a.button")
    button = phone.locator("#hasil ol > li a.button").first.bounding_box()
    assert button["y"] >= 0 and button["y"] + button["height"] <= 640, button
    assert phone.locator("#q").bounding_box()["y"] >= 0  # the box itself still in view
    assert phone.locator("#q-help").is_hidden()
    phone.fill("#q", "")
    assert phone.locator("#q-help").is_visible()


BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.mark.browser
def test_the_status_page_reads_at_360_px_without_breaking_words(phone, bundled):
    phone.goto(bundled + "status/")
    assert phone.evaluate(BROKEN_WORDS) == []
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # Stacked: every row's account and date are labelled, since the column headers are not in view.
    assert phone.locator("td[data-label]").count() >= 2 * len(AGENCIES)


# WCAG 2.2 SC 2.5.8: a target is at least 24×24 px, or a 24 px circle on its centre touches no other
# target nor another small target's circle, or it sits inline in a sentence.
SMALL_TARGETS = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const all = [...document.querySelectorAll(sel)].map(e => ({e, r: e.getBoundingClientRect()}))
    .filter(t => t.r.width > 0 && t.r.height > 0 && t.r.right > 0 && getComputedStyle(t.e).visibility !== 'hidden');
  const small = all.filter(t => t.r.width < 24 || t.r.height < 24);
  const centre = t => [t.r.left + t.r.width / 2, t.r.top + t.r.height / 2];
  const near = (c, r) => {
    const dx = Math.max(r.left - c[0], 0, c[0] - r.right), dy = Math.max(r.top - c[1], 0, c[1] - r.bottom);
    return Math.hypot(dx, dy) < 12;
  };
  // "In a sentence": an inline link in a block that is mostly words, not a row of links.
  const inSentence = t => {
    const block = t.e.closest('p, dd, td, figcaption');
    if (getComputedStyle(t.e).display !== 'inline' || !block) return false;
    const linked = [...block.querySelectorAll(sel)].reduce((n, e) => n + e.textContent.replace(/\\s+/g, '').length, 0);
    return block.textContent.replace(/\\s+/g, '').length - linked > linked;
  };
  return small.filter(t => !inSentence(t)).filter(t =>
    all.some(o => o !== t && near(centre(t), o.r)) ||
    small.some(o => o !== t && Math.hypot(centre(t)[0] - centre(o)[0], centre(t)[1] - centre(o)[1]) < 24)
  ).map(t => `${t.e.tagName} ${t.e.getAttribute('href') || t.e.id} ${Math.round(t.r.width)}x${Math.round(t.r.height)}`);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PAGE_TYPES) + ["home-with-results"])
def test_tap_targets_are_at_least_24_px(phone, bundled, name):
    phone.goto(bundled + PAGE_TYPES.get(name, ""))
    if name == "home-with-results":
        phone.fill("#q", "PNS")
        phone.wait_for_selector("#hasil li")
    assert phone.evaluate(SMALL_TARGETS) == []


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_dates_are_written_in_indonesian_never_iso(chromium, bundled, name):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(bundled + PAGE_TYPES[name])
    assert not ISO_DATE.findall(page.inner_text("body"))
    for label in page.eval_on_selector_all("time", "els => els.map(e => e.textContent)"):
        day, month, year = label.split(" ")
        assert day.isdigit() and month in MONTHS and year.isdigit(), label
    context.close()


# --- 10. dark mode -----------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PAGE_TYPES) + ["home-with-results"])
@pytest.mark.parametrize("width", [360, 1280])
def test_dark_mode_is_dark_and_axe_finds_no_violation(chromium, bundled, name, width):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 800}, color_scheme="dark")
    page = context.new_page()
    page.goto(bundled + PAGE_TYPES.get(name, ""))
    if name == "home-with-results":
        page.fill("#q", "PNS")
        page.wait_for_selector("#hasil li")
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(c) for c in re.findall(r"\d+", rgb)[:3]) < 3 * 60, rgb
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
