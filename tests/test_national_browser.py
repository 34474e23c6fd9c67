"""The national home and region pages in a real headless Chromium: the type-ahead over the 552 region
names, the list that works without JavaScript, axe in both colour schemes, and the Nu checker."""

from __future__ import annotations

import pytest

from conftest import run_cli, serve_directory
from test_html_valid import nu_errors

pytestmark = pytest.mark.browser

PAGES = {"national-home": "", "regency-without-data": "kabupaten-rembang/",
         "province-without-data": "provinsi-jawa-tengah/", "region-home": "kabupaten-blora/",
         "region-agency-page": "kabupaten-blora/akun/bkd/"}


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("national") / "out"
    result = run_cli("build", "--national", "national.yaml", "--out", str(out),
                     "--base-url", "https://contoh.github.io/direktori/")
    assert result.returncode == 0, result.stderr
    with serve_directory(out, "/direktori/") as base:
        yield base, out


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def visible_regions(page) -> list[str]:
    return page.eval_on_selector_all("#daftar-daerah li:not([hidden])", "els => els.filter(e => "
                                     "!e.closest('section').hidden).map(e => e.textContent.trim())")


def test_typing_part_of_a_name_narrows_the_list_and_enter_opens_the_one_left(page, national):
    base, _ = national
    page.goto(base)
    assert len(visible_regions(page)) == 514
    page.fill("#cari-daerah", "blor")
    assert visible_regions(page) == ["Kabupaten Blora ada data"]
    assert page.text_content("#cari-daerah-n") == "1 daerah cocok"
    page.press("#cari-daerah", "Enter")
    page.wait_for_url("**/direktori/kabupaten-blora/")
    assert page.is_visible("#q")  # the region's own search


def test_a_province_name_shows_its_regencies_and_nonsense_says_so(page, national):
    page.goto(national[0])
    page.fill("#cari-daerah", "jawa tengah")
    shown = visible_regions(page)
    assert len(shown) == 35 and "Kabupaten Blora ada data" in shown and "Kota Semarang" in shown
    assert page.text_content("#cari-daerah-n") == "36 daerah cocok"  # the province and its 35 regencies
    page.fill("#cari-daerah", "Solo")  # the name people use for Kota Surakarta, not a part of Solok's
    assert visible_regions(page) == ["Kota Surakarta"] and page.text_content("#cari-daerah-n") == "1 daerah cocok"
    page.fill("#cari-daerah", "jogja")
    assert visible_regions(page) == ["Kota Yogyakarta"]
    page.fill("#cari-daerah", "solok")  # typed in part, official names as before
    assert visible_regions(page) == ["Kabupaten Solok", "Kabupaten Solok Selatan", "Kota Solok"]
    page.fill("#cari-daerah", "KOTA  Semarang")  # case and spacing do not matter
    assert visible_regions(page) == ["Kota Semarang"]
    page.fill("#cari-daerah", "zzzz")
    assert visible_regions(page) == [] and "Tidak ada daerah" in page.text_content("#cari-daerah-n")
    page.fill("#cari-daerah", "")
    assert len(visible_regions(page)) == 514


def visible_provinces(page) -> list[str]:
    """The provinces listed whole (typed by name): their heading shown with every one of their regencies."""
    return page.eval_on_selector_all("#daftar-daerah section:not([hidden])", "els => els.filter(s => "
                                     "!s.querySelector('li[hidden]')).map(s => s.querySelector('h2 a').textContent)")


# The abbreviations people write for a province, each checked against the official name.
PROVINCE_ABBREVIATIONS = {
    "jateng": "Jawa Tengah", "jabar": "Jawa Barat", "jatim": "Jawa Timur", "diy": "Daerah Istimewa Yogyakarta",
    "kepri": "Kepulauan Riau", "ntt": "Nusa Tenggara Timur", "ntb": "Nusa Tenggara Barat",
    "sulsel": "Sulawesi Selatan", "sumut": "Sumatera Utara", "sumbar": "Sumatera Barat", "sumsel": "Sumatera Selatan",
    "kaltim": "Kalimantan Timur", "kalbar": "Kalimantan Barat", "kalsel": "Kalimantan Selatan",
    "kalteng": "Kalimantan Tengah", "kaltara": "Kalimantan Utara", "sulut": "Sulawesi Utara",
    "sulteng": "Sulawesi Tengah", "sultra": "Sulawesi Tenggara", "sulbar": "Sulawesi Barat",
    "babel": "Kepulauan Bangka Belitung", "jkt": "Daerah Khusus Ibukota Jakarta", "dki": "Daerah Khusus Ibukota Jakarta",
}


def test_the_names_and_spellings_people_type_find_their_region(page, national):
    page.goto(national[0])
    for typed, province in PROVINCE_ABBREVIATIONS.items():
        page.fill("#cari-daerah", typed)
        assert visible_provinces(page) == [province], typed
    found = {
        # one word for a name the official list writes in two (or with a hyphen)
        "baubau": ["Kota Bau Bau"], "Bau-Bau": ["Kota Bau Bau"], "fakfak": ["Kabupaten Fak Fak"],
        "pangkalpinang": ["Kota Pangkal Pinang"], "tanjungpinang": ["Kota Tanjung Pinang"],
        # a regency with its province, by name or abbreviation
        "blora jawa tengah": ["Kabupaten Blora ada data"], "Blora, Jateng": ["Kabupaten Blora ada data"],
        "kota jateng": ["Kota Magelang", "Kota Surakarta", "Kota Salatiga", "Kota Semarang", "Kota Pekalongan",
                        "Kota Tegal"],
        # a name people use, among the query's words: "kota solo" is Surakarta, not Solok
        "kota solo": ["Kota Surakarta"], "solo jateng": ["Kota Surakarta"],
        # the region's own name first: not every Bandung of Jawa Barat
        "bandung barat": ["Kabupaten Bandung Barat"], "lombok barat": ["Kabupaten Lombok Barat"],
        # one letter off, when nothing is found as typed
        "surabya": ["Kota Surabaya"], "blora jawa tngah": ["Kabupaten Blora ada data"],
    }
    for typed, regions in found.items():
        page.fill("#cari-daerah", typed)
        assert visible_regions(page) == regions, typed
        assert visible_provinces(page) == [], typed
    page.fill("#cari-daerah", "sumatra utara")  # the other spelling of Sumatera: one letter off
    assert visible_provinces(page) == ["Sumatera Utara"], visible_regions(page)
    page.fill("#cari-daerah", "solok")  # typed as it is, one letter off is not asked for
    assert visible_regions(page) == ["Kabupaten Solok", "Kabupaten Solok Selatan", "Kota Solok"]
    page.fill("#cari-daerah", "blora, jateng")
    page.press("#cari-daerah", "Enter")
    page.wait_for_url("**/direktori/kabupaten-blora/")


def test_without_javascript_the_whole_list_works_and_the_box_stays_hidden(chromium, national):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(national[0])
    assert not page.is_visible("#cari-daerah")  # a box that could do nothing is not shown
    assert page.locator("#daftar-daerah li").count() == 514
    page.click("text=Kabupaten Rembang")
    page.wait_for_url("**/direktori/kabupaten-rembang/")
    assert "Belum ada data untuk Kabupaten Rembang" in page.text_content("h1")
    page.click("text=Jawa Tengah")
    page.wait_for_url("**/direktori/provinsi-jawa-tengah/")
    page.click("text=Kabupaten Blora")
    page.wait_for_url("**/direktori/kabupaten-blora/")
    page.click("text=Semua daerah")
    page.wait_for_url("**/direktori/")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_violation_on_the_national_pages(chromium, national, name, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(national[0] + PAGES[name])
    if name == "national-home":
        page.fill("#cari-daerah", "kota")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


def test_the_national_page_types_are_valid_html(national):
    out = national[1]
    assert nu_errors(*(out / path / "index.html" for path in PAGES.values())) == []


@pytest.fixture(scope="module")
def levels_site(tmp_path_factory):
    """Jawa Tengah with an active Humas; Blora whose Humas is dormant (test_national's tree)."""
    from test_national import NO_ACCOUNT, national_yaml, write_region

    root = tmp_path_factory.mktemp("levels")
    write_region(root, "regions/33", "33", "Provinsi Jawa Tengah")
    write_region(root, "regions/33.16", "33.16", "Kabupaten Blora", humas_active=False, extra={"dinkes": NO_ACCOUNT})
    national_yaml(root, {"33": "regions/33", "33.16": "regions/33.16"})
    result = run_cli("build", "--national", "national.yaml", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    with serve_directory(root / "out") as base:
        yield base


def test_a_search_card_names_the_province_account_when_the_region_has_none(page, levels_site):
    page.goto(levels_site + "kabupaten-blora/")
    page.fill("#q", "puskesmas")
    card = page.locator("#hasil li").first
    card.wait_for()
    assert "Dinas Kesehatan" in card.text_content()
    link = card.locator("p.reason a")
    assert link.text_content() == "Bagian Humas (Provinsi Jawa Tengah)"
    assert link.get_attribute("href") == "https://contoh.github.io/nasional/provinsi-jawa-tengah/akun/humas/"
    post = card.locator("a.button")
    assert post.text_content().endswith("@Humas33")
    assert "Dinas%20Kesehatan" in post.get_attribute("href")  # the post names the agency it concerns
    page.fill("#q", "sertifikat tanah bpn")  # not found: the question goes to the province, not the dormant Humas
    page.wait_for_selector("#hasil .not-found")
    assert page.locator("#hasil .not-found a.button").first.text_content().endswith("@Humas33")


# A page of a province with data and one of its regency with data: the link each gives to the other.
LEVEL_LINKS = {"provinsi-jawa-tengah/": ("main ul.regions >> text=Kabupaten Blora", "kabupaten-blora/"),
               "kabupaten-blora/akun/dinkes/": ("header nav >> text=Provinsi Jawa Tengah", "provinsi-jawa-tengah/")}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", sorted(LEVEL_LINKS))
def test_a_province_with_data_and_its_regency_pass_axe_and_lead_to_each_other(chromium, levels_site, path, width):
    """The province's home lists its kabupaten/kota; every page of the regency names its province."""
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(levels_site + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    link, target = LEVEL_LINKS[path]
    page.click(link)
    page.wait_for_url(levels_site + target)
    context.close()
