"""The national directory (issue 13): national.yaml names a content folder per official region code;
`build --national` makes every region's site under /<region>/, the pages of regions without data,
the region list and the nation's open data; complaints route region → province → LAPOR!."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import AGENCIES, ROOT, SITE, run_cli, serve_directory

BLORA_AGENCIES = sorted(p.stem for p in (ROOT / "content" / "agencies").glob("*.yaml"))
BASE = "https://akun-resmi.github.io/akun-resmi/"  # national.yaml's base_url
STATIC = ROOT / "static"
REGIONS = 552  # 38 provinces and 514 kabupaten/kota (akunresmi/regions, tests/test_regions.py)


# --- small trees written in a temporary folder ----------------------------------------------------

def write_region(root: Path, rel: str, code: str | None, region: str, humas_active: bool = True,
                 extra: dict[str, str] | None = None) -> Path:
    folder = root / rel
    (folder / "agencies").mkdir(parents=True)
    site = SITE.replace("region: Kabupaten Uji", f"region: {region}")
    if code is not None:
        site += f'code: "{code}"\n'
    (folder / "site.yaml").write_text(site, encoding="utf-8")
    humas = textwrap.dedent(AGENCIES["humas"])
    handle = "Humas" + (code or "x").replace(".", "")
    humas = humas.replace("twitter: HumasUji", f"twitter: {handle}")
    if not humas_active:
        humas = humas.replace("active: true", "active: false")
    files = {"humas": humas, **(extra or {})}
    for slug, text in files.items():
        (folder / "agencies" / f"{slug}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


NO_ACCOUNT = """\
    name: Dinas Kesehatan
    kind: dinas
    services:
      - name: Puskesmas
        keywords: [berobat]
    """


def national_yaml(root: Path, regions: dict[str, str]) -> Path:
    lines = ["title: Akun Resmi Uji Nasional", "language: id", 'base_url: "https://contoh.github.io/nasional/"',
             "regions:"] + [f'  "{code}": {rel}' for code, rel in regions.items()]
    path = root / "national.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_national(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("build", "--national", "national.yaml", "--out", "out", *extra, cwd=root)


# --- the bundled national build ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("national") / "out"
    result = run_cli("build", "--national", "national.yaml", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_the_bundled_national_build_names_every_region_and_ties_blora_to_33_16(bundled):
    regions = json.loads((bundled / "data" / "regions.json").read_bytes())
    assert len(regions["regions"]) == REGIONS
    assert "ODbL" in regions["source"]["license"] and "idn-area-data" in regions["source"]["attribution"]
    blora = next(r for r in regions["regions"] if r["code"] == "33.16")
    assert (blora["name"], blora["has_data"], blora["agencies"]) == ("Kabupaten Blora", True, len(BLORA_AGENCIES))
    assert sum(r["has_data"] for r in regions["regions"]) == 1
    home = (bundled / "index.html").read_text(encoding="utf-8")
    for region in regions["regions"]:  # every province and regency is on the home page, linked
        assert f'href="{urlsplit(region["url"]).path.split("/", 2)[2]}"' in home, region["name"]
    assert home.count("<li data-find=") == 514 and home.count('<section class="province"') == 38
    agencies = json.loads((bundled / "data" / "agencies.json").read_bytes())["agencies"]
    assert sorted(a["slug"] for a in agencies) == BLORA_AGENCIES
    assert {(a["region_code"], a["region_name"]) for a in agencies} == {("33.16", "Kabupaten Blora")}
    assert all(a["url"].startswith("https://akun-resmi.github.io/akun-resmi/kabupaten-blora/akun/") for a in agencies)
    rows = list(csv.DictReader(io.StringIO((bundled / "data" / "agencies.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(BLORA_AGENCIES) and {r["region_code"] for r in rows} == {"33.16"}
    for slug in BLORA_AGENCIES:
        assert (bundled / "kabupaten-blora" / "akun" / slug / "index.html").is_file()
    assert "Belum ada data untuk Kabupaten Rembang" in (bundled / "kabupaten-rembang" / "index.html").read_text("utf-8")


def test_every_page_of_the_bundled_nation_gives_the_national_emergency_numbers(bundled):
    """national.yaml's numbers reach the national home, a province and a regency without data, and the
    search of a region with data (Blora keeps its own list, which names the agencies that answer)."""
    for rel in ("index.html", "provinsi-aceh/index.html", "kabupaten-aceh-barat/index.html"):
        page = (bundled / rel).read_text(encoding="utf-8")
        for number in ("112", "110", "113", "119", "129", "115"):
            assert f'href="tel:{number}"' in page, (rel, number)
    index = json.loads((bundled / "kabupaten-blora" / "search-index.json").read_bytes())
    assert {e[0] for e in index["emergency"]} >= {"112", "110", "119"}


def test_a_region_page_in_the_national_build_leads_back_to_every_region(bundled):
    page = (bundled / "kabupaten-blora" / "akun" / "dinkes" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../../">Semua daerah</a>' in page
    assert '<link rel="canonical" href="https://akun-resmi.github.io/akun-resmi/kabupaten-blora/akun/dinkes/">' in page
    assert not (bundled / "kabupaten-blora" / "404.html").exists()  # only the site root's 404 is served


def _national_counts(language: str, summaries) -> str:
    from akunresmi.content.national import read_national
    from akunresmi.i18n import load_catalogue
    from akunresmi.site.national import NationalRenderer, province_groups

    settings = read_national(ROOT / "national.yaml").settings
    renderer = NationalRenderer(settings, load_catalogue(language), ROOT / "templates")
    page = renderer.home(province_groups(summaries), summaries)[1].decode("utf-8")
    return page[page.index('<p class="counts">') + len('<p class="counts">'):].split("</p>", 1)[0]


def test_the_national_count_writes_numbers_the_readers_way_and_says_all_when_all_have_data():
    from akunresmi.regions import region_list
    from akunresmi.site.national import RegionSummary

    regions = region_list()
    codes = [*regions.provinces, *regions.regencies]
    every = {code: RegionSummary(code, 4, 4, None) for code in codes}
    assert _national_counts("id", every) == "Semua 552 provinsi, kabupaten dan kota sudah punya data (2.208 instansi)."
    assert _national_counts("en", every) == "All 552 provinces, regencies and cities have data (2,208 agencies)."
    some = {code: RegionSummary(code, 1234, 1000, None) for code in codes[:2]}
    assert _national_counts("id", some) == ("2 dari 552 provinsi, kabupaten dan kota sudah punya data "
                                            "(2.468 instansi). Yang lain: belum ada data.")
    assert _national_counts("en", some) == ("2 of 552 provinces, regencies and cities have data "
                                            "(2,468 agencies). The others: no data yet.")


def test_the_sitemap_becomes_an_index_of_region_sitemaps(bundled):
    index = (bundled / "sitemap.xml").read_text(encoding="utf-8")
    assert index.count("<sitemap>") == 2 and "<sitemapindex" in index
    assert "https://akun-resmi.github.io/akun-resmi/kabupaten-blora/sitemap.xml" in index
    pages = (bundled / "sitemap-pages.xml").read_text(encoding="utf-8")
    assert pages.count("<url>") == REGIONS  # the home and the 551 regions without data
    assert "Sitemap: https://akun-resmi.github.io/akun-resmi/sitemap.xml" in (bundled / "robots.txt").read_text()


def test_each_region_has_its_own_search_within_the_budget(bundled):
    def gz(path: Path) -> int:
        return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    region = bundled / "kabupaten-blora"
    script = re.search(r'<script src="([^"?]+search\.js)[?"]', (region / "index.html").read_text()).group(1)
    assert gz(region / "search-index.json") + gz((region / script).resolve()) <= 25 * 1024
    assert (region / "open311" / "services.json").is_file()  # Open311 per jurisdiction


def test_static_files_and_schemas_are_published_once_for_every_region(bundled):
    region = bundled / "kabupaten-blora"
    assert not (region / "static").exists() and not (region / "schema").exists()
    assert sorted(p.name for p in (bundled / "static").iterdir()) == sorted(p.name for p in STATIC.iterdir())
    page = (region / "akun" / "dinkes" / "index.html").read_text()
    assert '<link rel="stylesheet" href="../../../static/style.css">' in page
    assert f'content="{BASE}static/share.png"' in page
    for data in (region / "data" / "agencies.json", bundled / "data" / "agencies.json"):
        schema = json.loads(data.read_text())["$schema"]
        assert schema.startswith(BASE + "schema/") and (bundled / schema[len(BASE):]).is_file()
    for path in (bundled / "schema").iterdir():  # each names the address it is published at, the national root's
        assert json.loads(path.read_bytes())["$id"] == BASE + "schema/" + path.name


def test_a_regions_status_page_links_its_own_open_data_and_the_shared_schema(bundled):
    status = bundled / "kabupaten-blora" / "status"
    hrefs = re.findall(r'<a href="([^"#:]+)"', (status / "index.html").read_text(encoding="utf-8"))
    reached = {(status / href).resolve() for href in hrefs}
    for rel in ("kabupaten-blora/data/agencies.json", "kabupaten-blora/data/agencies.csv",
                "kabupaten-blora/open311/services.json", "kabupaten-blora/open311/services.xml",
                "kabupaten-blora/feed.xml", "schema/agencies-export.schema.json"):
        assert (bundled / rel).is_file() and (bundled / rel).resolve() in reached, rel


def test_the_national_home_links_the_region_list_and_the_nations_agencies_as_open_data(bundled):
    home = bundled / "index.html"
    links = dict(re.findall(r'<a href="([^"#:]+)">([^<]+)</a>', home.read_text(encoding="utf-8")))
    reached = {(bundled / href).resolve(): text for href, text in links.items()}
    for rel, fmt in (("data/regions.json", "(JSON)"), ("data/regions.csv", "(CSV"), ("data/agencies.json", "(JSON)"),
                     ("schema/agencies-export.schema.json", "(JSON Schema)"), ("data/agencies.csv", "(CSV")):
        assert (bundled / rel).is_file() and fmt in reached.get((bundled / rel).resolve(), ""), rel


# --- routing across levels -------------------------------------------------------------------------

@pytest.fixture
def levels(tmp_path):
    """Jawa Tengah (33) with an active Humas; Blora (33.16) whose Humas is dormant; Rembang (33.17),
    dormant too, in a province that has a folder; Aceh Selatan (11.01), dormant, whose province has none."""
    write_region(tmp_path, "regions/33-jateng", "33", "Provinsi Jawa Tengah")
    write_region(tmp_path, "regions/33.16-blora", "33.16", "Kabupaten Blora", humas_active=False,
                 extra={"dinkes": NO_ACCOUNT})
    write_region(tmp_path, "regions/11.01-aceh-selatan", "11.01", "Kabupaten Aceh Selatan", humas_active=False,
                 extra={"dinkes": NO_ACCOUNT})
    national_yaml(tmp_path, {"33.16": "regions/33.16-blora", "33": "regions/33-jateng",
                             "11.01": "regions/11.01-aceh-selatan"})
    return tmp_path


def test_a_complaint_passes_from_a_dormant_region_fallback_to_the_province(levels):
    result = build_national(levels)
    assert result.returncode == 0, result.stderr
    page = (levels / "out" / "kabupaten-blora" / "akun" / "dinkes" / "index.html").read_text(encoding="utf-8")
    route = page[page.index('<section class="route"'):page.index("</section>")]
    assert 'data-reason="fallback_dormant"' in route
    assert 'href="https://contoh.github.io/nasional/provinsi-jawa-tengah/akun/humas/"' in route
    assert "(Provinsi Jawa Tengah)" in route and "Laporkan ke @Humas33</a>" in route
    assert "Dinas%20Kesehatan" in route  # the post to the province names the agency it concerns
    assert "Dinas%20Kesehatan%20di%20Kabupaten%20Blora" in route  # and the regency: the province has 35
    assert "LAPOR!" in route  # and the national channel comes after it
    poster = (levels / "out" / "kabupaten-blora" / "akun" / "dinkes" / "poster" / "index.html").read_text("utf-8")
    assert '<strong class="poster-handle">@Humas33</strong>' in poster
    assert "poster-screen-only warn" not in poster  # the province's status is recent
    assert (levels / "out" / "provinsi-jawa-tengah" / "akun" / "humas" / "index.html").is_file()


def test_a_poster_sending_to_the_province_warns_when_the_provinces_status_is_old(levels):
    """The stale line of a poster (whoever prints it is told) counts the account it sends to: here the
    province's, whose status was checked in 2016 (a poster made by the national build crashed on it once)."""
    humas = levels / "regions" / "33-jateng" / "agencies" / "humas.yaml"
    humas.write_text(humas.read_text(encoding="utf-8").replace('"2026-10-01"', '"2016-03-10"'), encoding="utf-8")
    result = build_national(levels)
    assert result.returncode == 0, result.stderr
    poster = (levels / "out" / "kabupaten-blora" / "akun" / "dinkes" / "poster" / "index.html").read_text("utf-8")
    assert '<strong class="poster-handle">@Humas33</strong>' in poster
    assert '<p class="poster-screen-only warn">' in poster


def test_without_a_province_folder_the_chain_ends_at_lapor(levels):
    """No account here or above: the page, the poster and the search card say so and send the citizen to
    LAPOR!, never "to the account below" with none below it."""
    from akunresmi.i18n import load_catalogue  # noqa: PLC0415

    t = load_catalogue("id").site
    assert build_national(levels).returncode == 0
    region = levels / "out" / "kabupaten-aceh-selatan"
    for slug in ("dinkes", "humas"):
        page = (region / "akun" / slug / "index.html").read_text("utf-8")
        route = page[page.index('<section class="route"'):page.index("</section>")]
        assert f'data-reason="national">{t["route_reason_national"]}</p>' in route and "route-target" not in route
        assert "akun berikut" not in route and t["route_national"] not in route
        assert f'{t["route_national_only"]} <a href="https://www.lapor.go.id"' in route
        poster = (region / "akun" / slug / "poster" / "index.html").read_text("utf-8")
        assert "poster-handle" not in poster and "akun berikut" not in poster and "LAPOR!" in poster
        assert t["route_reason_national"] in poster
    index = json.loads((region / "search-index.json").read_text("utf-8"))
    assert {row[0]: row[6] for row in index["agencies"]} == {"dinkes": "national", "humas": "national"}
    assert index["text"]["route_reason_national"] == t["route_reason_national"]
    assert index["text"]["search_next_step"] == t["search_next_step_national"]  # "not found": not "ask Humas"
    blora = json.loads((levels / "out" / "kabupaten-blora" / "search-index.json").read_text("utf-8"))
    assert blora["text"]["search_next_step"] == t["search_next_step"]  # Jawa Tengah's Humas takes over
    records = json.loads((region / "data" / "agencies.json").read_text("utf-8"))["agencies"]
    assert [(r["complaints_to"], r["complaints_to_x_handle"]) for r in records] == [(None, None), (None, None)]


def test_exports_name_the_account_a_level_above_as_the_pages_do(levels):
    """Blora's Humas is dormant and Jawa Tengah's takes over: its open data and Open311 name @Humas33, as
    its pages and posters do; and every agencies.json of the build, the nation's too, meets its schema."""
    import jsonschema  # noqa: PLC0415

    assert build_national(levels).returncode == 0
    out = levels / "out"
    records = json.loads((out / "kabupaten-blora" / "data" / "agencies.json").read_text("utf-8"))["agencies"]
    assert [(r["slug"], r["complaints_to"], r["complaints_to_x_handle"]) for r in records] == [
        ("dinkes", None, "Humas33"), ("humas", None, "Humas33")]
    services = json.loads((out / "kabupaten-blora" / "open311" / "services.json").read_text("utf-8"))
    assert services and all(s["description"].endswith("Sampaikan ke @Humas33 di X.") for s in services), services
    schema = json.loads((out / "schema" / "agencies-export.schema.json").read_text("utf-8"))
    for path in [out / "data" / "agencies.json", *sorted(out.glob("*/data/agencies.json"))]:
        jsonschema.validate(json.loads(path.read_text("utf-8")), schema)


def test_a_region_without_data_sends_citizens_to_its_province_account(levels):
    assert build_national(levels).returncode == 0
    page = (levels / "out" / "kabupaten-rembang" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Belum ada data untuk Kabupaten Rembang</h1>" in page
    assert ">@Humas33</a>" in page and 'href="../provinsi-jawa-tengah/"' in page and "LAPOR!" in page
    aceh = (levels / "out" / "kabupaten-aceh-barat" / "index.html").read_text(encoding="utf-8")
    assert "@Humas" not in aceh and "LAPOR!" in aceh  # Aceh has no province folder


def test_a_province_with_data_lists_its_regencies_and_a_regency_with_data_links_up_to_its_province(levels):
    """A citizen who lands on a province reaches its kabupaten/kota whether the province has data or not,
    and every page of a kabupaten/kota with data leads up to its province."""
    assert build_national(levels).returncode == 0
    out = levels / "out"
    jateng = (out / "provinsi-jawa-tengah" / "index.html").read_text(encoding="utf-8")
    assert 'id="q"' in jateng  # the province's own directory, with its search
    listed = jateng[jateng.index('<ul class="regions">'):]
    listed = listed[:listed.index("</ul>")]
    assert listed.count("<li>") == 35
    assert '<li><a href="../kabupaten-blora/">Kabupaten Blora</a> <span class="badge badge-active">ada data</span></li>' \
        in listed
    assert '<li><a href="../kota-semarang/">Kota Semarang</a></li>' in listed
    assert "Pilih kabupaten atau kota Anda." in jateng
    for rel, up in (("kabupaten-blora/index.html", "../"), ("kabupaten-blora/akun/dinkes/index.html", "../../../"),
                    ("kabupaten-blora/topik/index.html", "../../")):
        page = (out / rel).read_text(encoding="utf-8")
        assert f'<a href="{up}provinsi-jawa-tengah/">Provinsi Jawa Tengah</a>' in page, rel
    aceh = (out / "kabupaten-aceh-selatan" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../provinsi-aceh/">Provinsi Aceh</a>' in aceh  # a province without data: its own page
    assert (out / "provinsi-aceh" / "index.html").is_file()
    assert "Provinsi Jawa Tengah</a>" not in (out / "provinsi-jawa-tengah" / "akun" / "humas" / "index.html").read_text()


def test_alone_the_same_dormant_region_is_a_dead_end_as_before(levels):
    result = run_cli("check", "--content", "regions/33.16-blora", cwd=levels)
    assert result.returncode == 1 and "berakhir di 'humas'" in result.stderr, result.stderr


# --- located errors -----------------------------------------------------------------------------------

def test_an_unknown_region_code_is_located_in_national_yaml(levels):
    national_yaml(levels, {"33.16": "regions/33.16-blora", "33.99": "regions/33-jateng"})
    (levels / "out").mkdir()
    (levels / "out" / "keep.txt").write_text("previous site")
    result = build_national(levels)
    assert result.returncode == 1
    assert "national.yaml:6:3: error: kode wilayah '33.99' tidak ada dalam daftar resmi Kemendagri" in result.stderr
    assert "Traceback" not in result.stderr
    assert (levels / "out" / "keep.txt").read_text() == "previous site"  # the previous output is untouched


@pytest.mark.parametrize("code", ["3316", "33.6", "33.016", "33.16 "])
def test_a_malformed_region_code_is_located_at_its_own_key_with_the_codes_rule(levels, code):
    """A key that is no region code at all: said at that key (line 6, after a correct first entry), with
    how a code is written, not the rule of addresses."""
    national_yaml(levels, {"33": "regions/33-jateng", code: "regions/33.16-blora"})
    (levels / "out").mkdir()
    (levels / "out" / "keep.txt").write_text("previous site")
    result = build_national(levels)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"national.yaml:6:3: error: kunci '{code}' di 'regions' tidak sah" in result.stderr, result.stderr
    assert 'Kabupaten Blora: "33.16"' in result.stderr and "https://" not in result.stderr
    assert (levels / "out" / "keep.txt").read_text() == "previous site"


def test_a_folder_listed_under_another_code_is_located_in_national_yaml_when_its_site_yaml_agrees(levels):
    """national.yaml files Blora's folder (site.yaml: 33.16, Kabupaten Blora) under Rembang's code: the
    line to fix is national.yaml's. Told to copy 33.17 into site.yaml and then Rembang's name, an editor
    published Blora's data as Kabupaten Rembang's with a clean build."""
    national_yaml(levels, {"33.17": "regions/33.16-blora", "33": "regions/33-jateng"})
    result = build_national(levels)
    assert result.returncode == 1
    assert ("national.yaml:5:3: error: folder 'regions/33.16-blora' berisi data Kabupaten Blora (33.16) menurut "
            "regions/33.16-blora/site.yaml, tetapi baris ini menaruhnya di kode 33.17 (Kabupaten Rembang)"
            ) in result.stderr, result.stderr
    assert '"33.16": regions/33.16-blora' in result.stderr  # the line to copy
    assert 'code: "33.17"' not in result.stderr and "region: Kabupaten Rembang" not in result.stderr
    national_yaml(levels, {"33.16": "regions/33.16-blora", "33": "regions/33-jateng"})  # the fix it asks for
    result = build_national(levels)
    assert result.returncode == 0, result.stderr
    assert "Kabupaten Blora" in (levels / "out" / "kabupaten-blora" / "index.html").read_text(encoding="utf-8")


def test_a_site_yaml_whose_code_and_name_disagree_with_each_other_is_told_its_listed_code(levels):
    """Blora's folder, filed under 33.16, whose site.yaml gives Rembang's code beside Blora's name: the
    site.yaml is the one to fix (the next test: with another mistake of that region in the same run)."""
    site = levels / "regions" / "33.16-blora" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('code: "33.16"', 'code: "33.17"'), encoding="utf-8")
    result = build_national(levels)
    assert result.returncode == 1
    assert ("regions/33.16-blora/site.yaml:9:7: error: kode wilayah '33.17' berbeda dengan kode folder ini "
            "di national.yaml baris 5: '33.16'") in result.stderr, result.stderr


def test_a_code_that_disagrees_with_national_yaml_is_said_first_not_a_name_check_against_it(levels):
    """A site.yaml whose code is another region's (Surabaya's folder saying Madiun's code) is told that the
    code disagrees with national.yaml's line, with the line to copy: never that its name differs from the
    wrong code's region, which would lead the editor to write the wrong name. Said in the same run as
    any other mistake of that region."""
    site = levels / "regions" / "33.16-blora" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('code: "33.16"', 'code: "33.17"'), encoding="utf-8")
    (levels / "regions" / "33.16-blora" / "agencies" / "dinkes.yaml").write_text("name: [\n", encoding="utf-8")
    for command in ("check", "build"):
        result = run_cli(command, "--national", "national.yaml", cwd=levels)
        assert result.returncode == 1, result.stdout
        assert ("regions/33.16-blora/site.yaml:9:7: error: kode wilayah '33.17' berbeda dengan kode folder ini "
                "di national.yaml baris 5: '33.16'") in result.stderr, result.stderr
        assert 'code: "33.16"' in result.stderr  # the line to copy
        assert "nama daerah" not in result.stderr and "Kabupaten Rembang" not in result.stderr
        assert "regions/33.16-blora/agencies/dinkes.yaml:2:1: error" in result.stderr
    site.write_text(site.read_text(encoding="utf-8").replace('code: "33.17"\n', ""), encoding="utf-8")
    result = run_cli("check", "--national", "national.yaml", cwd=levels)
    assert "site.yaml daerah ini belum menyebut kode wilayahnya (33.16, seperti tertulis di national.yaml baris 5)" \
        in result.stderr, result.stderr


def test_an_unquoted_code_gets_its_own_value_quoted_as_the_line_to_copy(levels):
    site = levels / "regions" / "33-jateng" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('code: "33"', "code: 33"), encoding="utf-8")
    result = run_cli("check", "--national", "national.yaml", cwd=levels)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("regions/33-jateng/site.yaml:9:7: error: "))
    assert lines[at + 1].endswith('Tulis seperti ini: code: "33"'), lines


def test_one_folder_for_two_regions_and_a_missing_folder_are_located(levels):
    national_yaml(levels, {"33.16": "regions/33.16-blora", "33.17": "regions/33.16-blora", "33.18": "regions/nope"})
    result = build_national(levels)
    assert result.returncode == 1
    assert "national.yaml:6:12: error: folder 'regions/33.16-blora' sudah dipakai untuk kode 33.16" in result.stderr
    assert "national.yaml:7:12: error: folder 'regions/nope' untuk Kabupaten Pati (33.18) tidak ada" in result.stderr


def test_a_region_name_that_is_not_the_official_one_is_located(levels):
    site = levels / "regions" / "33.16-blora" / "site.yaml"
    site.write_text(site.read_text().replace("region: Kabupaten Blora", "region: Kab. Blora"))
    result = build_national(levels)
    assert result.returncode == 1
    assert ("regions/33.16-blora/site.yaml:2:9: error: nama daerah 'Kab. Blora' berbeda dengan nama resmi kode "
            "33.16: 'Kabupaten Blora'") in result.stderr, result.stderr
    assert "region: Kabupaten Blora" in result.stderr  # the line to copy


def test_an_x_handle_taken_in_another_region_is_located_naming_its_file(levels, monkeypatch):
    """One account belongs to one agency in the whole nation, as within one region: the file saved last
    is reported, at its twitter line, naming the other region's file and line; build, check and the
    preview alike."""
    aceh = levels / "regions" / "11.01-aceh-selatan" / "agencies" / "humas.yaml"
    blora = levels / "regions" / "33.16-blora" / "agencies" / "humas.yaml"
    aceh.write_text(aceh.read_text(encoding="utf-8").replace("twitter: Humas1101", "twitter: humas3316"),
                    encoding="utf-8")
    os.utime(blora, (1_700_000_000, 1_700_000_000))
    said = ("regions/11.01-aceh-selatan/agencies/humas.yaml:3:10: error: akun X @humas3316 sudah dipakai di "
            "regions/33.16-blora/agencies/humas.yaml:3")
    for command in ("check", "build"):
        result = run_cli(command, "--national", "national.yaml", *(["--out", "out"] if command == "build" else []),
                         cwd=levels)
        assert result.returncode == 1, result.stdout + result.stderr
        assert said in result.stderr and "petunjuk: Satu akun hanya milik satu instansi" in result.stderr
        assert result.stderr.count("error:") == 1 and "Traceback" not in result.stderr
    assert not (levels / "out").exists()
    os.utime(blora)  # saved after the other: the message moves to it
    result = run_cli("check", "--national", "national.yaml", cwd=levels)
    assert ("regions/33.16-blora/agencies/humas.yaml:3:10: error: akun X @Humas3316 sudah dipakai di "
            "regions/11.01-aceh-selatan/agencies/humas.yaml:3") in result.stderr, result.stderr
    # a pull request's check: on the file it changes, whenever each was saved
    result = run_cli("check", "--national", "national.yaml", "--changed", str(aceh.relative_to(levels)), cwd=levels)
    assert said in result.stderr, result.stderr

    from akunresmi.build.national import NationalBuilder, NationalOptions
    from akunresmi.content.errors import ContentErrors

    monkeypatch.chdir(levels)
    preview = NationalBuilder(NationalOptions(levels / "national.yaml", levels / "out"), workers=1, keep=True)
    preview.follow_watcher()
    with pytest.raises(ContentErrors) as raised:
        preview.render(preview.read())
    assert [e.key for e in raised.value.errors] == ["duplicate_handle"]
    aceh.write_text(aceh.read_text(encoding="utf-8").replace("humas3316", "HumasAcehSel"), encoding="utf-8")
    preview.saw([aceh])  # read again: that region alone, the others' handles as they were
    assert "kabupaten-aceh-selatan/akun/humas/index.html" in preview.render(preview.read())
    assert preview.regions_read == ["11.01"]


# national.yaml as national_yaml() writes it: line 5 "33.16", line 6 "33", line 7 "11.01".
@pytest.mark.parametrize("old, new, where, says, hint", [
    # a quote opened on the code and not closed: closed before the colon, not at the end of the line
    ('  "33": regions/33-jateng', '  "33: regions/33-jateng', "6:3", 'tanda kutip " dibuka di sini',
     'sebelum titik dua (kutip pembuka dan penutup harus sama). Tulis seperti ini: "33": regions/33-jateng'),
    # a quote opened on the folder and not closed, with a line after it: said at its own line
    ('  "33": regions/33-jateng', '  "33": "regions/33-jateng', "6:9", 'tanda kutip " dibuka di sini',
     'di akhir nilainya (kutip pembuka dan penutup harus sama). Tulis seperti ini: "33": "regions/33-jateng"'),
    # five spaces instead of two: a line out of line, not a colon inside a value
    ('  "33": regions/33-jateng', '     "33": regions/33-jateng', "6:6", "spasi di depan baris ini tidak sejajar",
     "dengan baris setingkat di atasnya (kolom utama tanpa spasi, baris di bawahnya dua spasi)."),
    ('  "33": regions/33-jateng', "     33: regions/33-jateng", "6:6", "spasi di depan baris ini tidak sejajar",
     "dengan baris setingkat di atasnya (kolom utama tanpa spasi, baris di bawahnya dua spasi)."),
])
def test_a_yaml_mistake_in_national_yaml_gets_a_hint_that_fixes_it(levels, old, new, where, says, hint):
    national = levels / "national.yaml"
    text = national.read_text(encoding="utf-8")
    assert old in text
    national.write_text(text.replace(old, new), encoding="utf-8")
    result = run_cli("check", "--national", "national.yaml", cwd=levels)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"national.yaml:{where}: error: {says}"), lines
    assert lines[1].startswith("  petunjuk: ") and lines[1].endswith(hint), lines
    assert len(lines) == 3, lines


@pytest.mark.parametrize("rel, hint", [
    ("national.yaml", "Isi paling sedikit title, language, base_url dan regions"),
    ("regions/33-jateng/site.yaml", "Isi paling sedikit title, region, language, base_url dan fallback"),
])
def test_an_empty_national_yaml_or_site_yaml_is_told_what_it_holds_not_an_agencys_fields(levels, rel, hint):
    (levels / rel).write_text("# belum diisi\n", encoding="utf-8")
    result = run_cli("check", "--national", "national.yaml", cwd=levels)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{rel}:1:1: error: berkas kosong" in result.stderr
    assert f"  petunjuk: {hint}" in result.stderr and "kind" not in result.stderr, result.stderr


EMERGENCY = """\
emergency:
  - number: "112"
    name: Layanan darurat
    source: "https://contoh.go.id/112"
    words: [darurat]
    agencies: [humas-xyz]
  - number: "110"
    name: Polisi
    source: "https://contoh.go.id/110"
    words: [perampokan]
  - number: "112"
    name: Layanan darurat lagi
    source: "https://contoh.go.id/112"
    words: [minta tolong]
"""


def test_an_emergency_number_written_twice_or_an_agency_under_a_national_number_is_located(levels):
    """national.yaml's numbers name no agency (the nation has none of its own; its schema says so) and,
    like a region's, give each number once."""
    national = levels / "national.yaml"
    good = national.read_text(encoding="utf-8")
    site = levels / "regions" / "33-jateng" / "site.yaml"  # 9 lines: its numbers from line 10
    site.write_text(site.read_text(encoding="utf-8") + EMERGENCY.replace("    agencies: [humas-xyz]\n", ""),
                    encoding="utf-8")
    said = {}
    # national.yaml's agency (its schema, read first), its number written twice, then the region's
    for text in (good + EMERGENCY, good + EMERGENCY.replace("    agencies: [humas-xyz]\n", ""), good):
        national.write_text(text, encoding="utf-8")  # its numbers from line 8
        result = run_cli("check", "--national", "national.yaml", cwd=levels)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        said.update({line.split(": error: ")[0]: (line.split(": error: ")[1], lines[i + 1])
                     for i, line in enumerate(lines) if ": error: " in line})
    assert sorted(said) == ["national.yaml:13:15", "national.yaml:17:13", "regions/33-jateng/site.yaml:19:13"], said
    message, hint = said["national.yaml:13:15"]
    assert message == ("nomor darurat ke-1 (Layanan darurat), daftar instansi terlalu panjang atau banyak "
                       "(paling banyak 0): ['humas-xyz']"), message
    assert hint == ("  petunjuk: Direktori nasional tidak punya instansi sendiri: hapus agencies di national.yaml, "
                    "lalu tulis instansi yang menangani nomor ini di emergency pada site.yaml daerahnya."), hint
    for where, line in (("national.yaml:17:13", 9), ("regions/33-jateng/site.yaml:19:13", 11)):
        message, hint = said[where]
        assert message == f"nomor darurat 112 sudah ditulis di baris {line}", message
        assert hint.startswith("  petunjuk: Tulis setiap nomor sekali"), hint


def test_the_national_schema_refuses_what_the_check_refuses_under_a_national_number():
    """The schema an editor's YAML extension reads says it too: an agency under a national emergency number
    is refused, an empty or absent list is not, and a region's site.yaml may still name its agencies."""
    from akunresmi.content.validate import _validator, is_schema_valid  # noqa: PLC0415

    base = {"title": "Uji Nasional", "language": "id", "base_url": "https://contoh.github.io/n/",
            "regions": {"33.16": "content"}}
    number = {"number": "112", "name": "Darurat", "source": "https://contoh.go.id/112", "words": ["tolong"]}
    for extra, valid in (({}, True), ({"agencies": None}, True), ({"agencies": []}, True),
                         ({"agencies": ["humas"]}, False)):
        data = {**base, "emergency": [{**number, **extra}]}
        assert is_schema_valid(data, "national") is valid, extra
        assert (not list(_validator("national").iter_errors(data))) is valid, extra
    site = {"title": "Uji", "region": "Kabupaten Uji", "language": "id", "base_url": "https://contoh.github.io/u/",
            "fallback": "humas", "emergency": [{**number, "agencies": ["humas"]}]}
    assert is_schema_valid(site, "site")


def test_an_agency_under_a_national_number_is_explained_in_english_by_the_national_rule(levels):
    """The rule national.yaml adds to site.yaml's numbers gives its own reason, not the text of site.yaml's
    field (which says the agencies named there show the number)."""
    national = levels / "national.yaml"
    national.write_text(national.read_text(encoding="utf-8") + EMERGENCY, encoding="utf-8")
    result = run_cli("check", "--national", "national.yaml", "--lang", "en", cwd=levels)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("national.yaml:13:15: error: emergency number no. 1 (Layanan darurat), agency list is too long or has "
            "too many items (at most 0): ['humas-xyz']") in result.stderr, result.stderr
    # The schema is written once, in Indonesian: its rule's own words, as for agency files' rules between fields.
    assert "hint: Direktori nasional tidak punya instansi sendiri" in result.stderr
    assert "their pages show the number" not in result.stderr


def test_check_takes_the_national_option_and_reports_every_region(levels):
    result = run_cli("check", "--national", "national.yaml", cwd=levels)
    assert result.returncode == 0 and "5 instansi" in result.stdout, result.stdout + result.stderr
    (levels / "regions" / "11.01-aceh-selatan" / "agencies" / "dinkes.yaml").write_text("name: [\n")
    site = levels / "regions" / "33.16-blora" / "site.yaml"
    site.write_text(site.read_text().replace('code: "33.16"', 'code: "33.99"'))
    result = run_cli("check", "--national", "national.yaml", cwd=levels)
    assert result.returncode == 1
    assert "regions/11.01-aceh-selatan/agencies/dinkes.yaml:2:1: error" in result.stderr
    assert ("regions/33.16-blora/site.yaml:9:7: error: kode wilayah '33.99' berbeda dengan kode folder ini di "
            "national.yaml baris 5: '33.16'") in result.stderr  # with the code to copy, not only "unknown"


def test_a_missing_national_file_is_a_usage_error(tmp_path):
    result = run_cli("build", "--national", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "nope.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_a_folder_given_as_the_national_file_is_said_to_be_a_folder(tmp_path, command):
    """`--national regions` for `--national national.yaml`: the folder exists, so "tidak ada" misled."""
    (tmp_path / "regions").mkdir()
    result = run_cli(command, "--national", "regions", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == ("build.py: error: regions adalah folder; --national menunjuk ke berkas daftar "
                                     "daerah, mis. --national national.yaml"), result.stderr


@pytest.mark.parametrize("command", ["build", "check", "serve", "diff"])
def test_content_given_with_national_is_refused_not_ignored(levels, command):
    """national.yaml names the region folders, so a --content beside --national would be ignored without
    a word (a Humas editor checking one folder would think it checked): a usage error naming both."""
    (levels / "content").mkdir()  # the default folder, written out: still refused
    args = {"build": ["--out", "out"], "serve": ["--out", "out", "--no-browser"], "diff": ["HEAD"]}.get(command, [])
    result = run_cli(command, *args, "--content", "content", "--national", "national.yaml", cwd=levels)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip() == (
        "build.py: error: --content content dan --national national.yaml tidak bisa dipakai bersama: berkas "
        "nasional sudah menyebut folder setiap daerah (di bawah regions:). Pakai salah satu saja: --national untuk "
        "direktori nasional, --content untuk satu folder saja"), result.stderr
    assert not (levels / "out").exists()
    english = run_cli(command, *args, "--national", "national.yaml", "--content", "regions/33-jateng",
                      "--lang", "en", cwd=levels)
    assert english.returncode == 2
    assert english.stderr.startswith("build.py: error: --content regions/33-jateng and --national national.yaml "
                                     "cannot be used together: the national file names every region's folder")


def test_content_alone_and_national_alone_still_check(levels):
    assert run_cli("check", "--content", "regions/33-jateng", cwd=levels).returncode == 0
    assert run_cli("check", "--national", "national.yaml", cwd=levels).returncode == 0


# --- the scaffold -----------------------------------------------------------------------------------

def test_new_region_writes_a_folder_that_must_be_filled_in_before_it_publishes(levels):
    result = run_cli("new-region", "33.17", cwd=levels)
    assert result.returncode == 0, result.stderr
    folder = levels / "regions" / "33.17-kabupaten-rembang"
    site = yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))
    assert (site["code"], site["region"], site["fallback"]) == ("33.17", "Kabupaten Rembang", "humas")
    listed = yaml.safe_load((levels / "national.yaml").read_text(encoding="utf-8"))["regions"]
    assert listed["33.17"] == "regions/33.17-kabupaten-rembang"
    result = build_national(levels)  # the Humas entry still has its placeholders: a located error
    assert result.returncode == 1
    assert "regions/33.17-kabupaten-rembang/agencies/humas.yaml:" in result.stderr
    humas = folder / "agencies" / "humas.yaml"
    humas.write_text(textwrap.dedent(AGENCIES["humas"]).replace("HumasUji", "HumasRembang"), encoding="utf-8")
    result = build_national(levels)
    assert result.returncode == 0, result.stderr
    assert (levels / "out" / "kabupaten-rembang" / "akun" / "humas" / "index.html").is_file()


@pytest.mark.parametrize("code, says", [("33.99", "33.99"), ("33.16", "sudah ada")])
def test_new_region_refuses_an_unknown_or_listed_code(levels, code, says):
    result = run_cli("new-region", code, cwd=levels)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr


# --- a national tree of generated content, end to end ------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """About 2,100 agencies over 52 kabupaten/kota and their two provinces, published under a sub-path."""
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_national.py"), "2100", str(root), "--regions", "52"],
                   check=True, capture_output=True, timeout=300)
    # Not run_cli: its two minutes are for one small site; this is 2,100 agencies on a shared machine.
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--national", "national.yaml",
                             "--out", "out", "--base-url", "https://contoh.github.io/direktori/"],
                            cwd=root, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_the_generated_nation_is_complete_and_every_link_resolves_under_a_sub_path(generated):
    from test_deploy import Crawl, serve

    agencies = json.loads((generated / "data" / "agencies.json").read_bytes())["agencies"]
    regions = {a["region_code"] for a in agencies}
    assert len(agencies) >= 2000 and len(regions) >= 50
    server = serve(generated, "/direktori/")
    try:
        site = f"http://127.0.0.1:{server.server_address[1]}/direktori/"
        crawl = Crawl(site, "https://contoh.github.io/direktori/")
        crawl.run(site)
    finally:
        server.shutdown()
        server.server_close()
    assert crawl.broken == []
    reached = {urlsplit(u).path[len("/direktori/"):] for u in crawl.pages}
    html = {p.relative_to(generated).as_posix().removesuffix("index.html") for p in generated.rglob("*.html")}
    assert html - reached == {"404.html"}  # every page of every region is reachable by links
    for agency in agencies[::97]:
        assert urlsplit(agency["url"]).path[len("/direktori/"):] in reached


def test_every_generated_region_routes_each_complaint_somewhere(generated):
    agencies = json.loads((generated / "data" / "agencies.json").read_bytes())["agencies"]
    passed_on = 0
    for agency in agencies:
        if agency["complaints_to"] is None:  # a dormant regional fallback: the page names the next level
            region = urlsplit(agency["url"]).path.split("/")[2]
            page = (generated / region / "akun" / agency["slug"] / "index.html").read_text(encoding="utf-8")
            assert "/akun/humas/" in page and "lapor.go.id" in page
            passed_on += 1
    assert passed_on > 0


def test_regions_built_by_workers_give_the_bytes_one_process_gives(tmp_path, monkeypatch):
    from akunresmi.build.national import NationalBuilder, NationalOptions

    codes = [f"33.{n:02d}" for n in range(1, 11)]
    from akunresmi.regions import region_list
    folders = {}
    for code in codes:
        region = region_list().regencies[code]
        folders[code] = f"regions/{code}"
        write_region(tmp_path, folders[code], code, region.name, humas_active=code != "33.05",
                     extra={"dinkes": NO_ACCOUNT})
    write_region(tmp_path, "regions/33", "33", "Jawa Tengah")
    national = national_yaml(tmp_path, {"33": "regions/33", **folders})
    monkeypatch.chdir(tmp_path)
    trees = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        result = NationalBuilder(NationalOptions(national, out), workers=workers).build()
        assert result.agencies == 21 and result.stats.files == sum(1 for p in out.rglob("*") if p.is_file()) - 1
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0] == trees[1]
    dormant = region_list().regencies["33.05"].slug  # its Humas is dormant: the province takes over
    assert "@Humas33</a>" in trees[1][f"{dormant}/akun/dinkes/index.html"].decode()


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def nation(tmp_path, monkeypatch):
    """Jawa Tengah and ten of its kabupaten (enough for the worker pool to build regions), Blora's Humas dormant."""
    from akunresmi.regions import region_list

    folders = {}
    for code in [f"33.{n:02d}" for n in range(10, 20)]:
        folders[code] = f"regions/{code}"
        write_region(tmp_path, folders[code], code, region_list().regencies[code].name, humas_active=code != "33.16",
                     extra={"dinkes": NO_ACCOUNT})
    write_region(tmp_path, "regions/33", "33", "Provinsi Jawa Tengah")
    national_yaml(tmp_path, {"33": "regions/33", **folders})
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("workers", [1, 2])
def test_a_cached_national_build_makes_again_only_the_regions_an_edit_reaches(nation, workers):
    """build --national --cache: after each kind of edit the output equals a fresh build byte for byte,
    and a region none of whose inputs changed is kept as the spare folder holds it, not built again."""
    from akunresmi.build.national import NationalBuilder, NationalOptions
    from akunresmi.content.errors import ContentErrors
    from akunresmi.regions import region_list

    national, cache = nation / "national.yaml", nation / "cache"

    def cached():
        return NationalBuilder(NationalOptions(national, nation / "out", cache=cache), workers=workers).build()

    def fresh():
        out = nation / "fresh"
        NationalBuilder(NationalOptions(national, out), workers=1).build()
        return _tree(out)

    first = cached()
    assert first.agencies == 21 and not first.up_to_date and first.stats.kept == 0
    assert cached().up_to_date  # nothing changed: output/ is left as it is
    rembang = region_list().regencies["33.17"].slug
    # A page edited by hand in output/, nothing else: the output is checked against the folders' record
    # (the manifest keeps no second copy of it), so the build is not skipped and the page is made again.
    page = nation / "out" / rembang / "akun/dinkes/index.html"
    made = page.read_bytes()
    page.write_bytes(made.replace(b"</body>", b"<!-- by hand --></body>"))
    assert not cached().up_to_date
    assert page.read_bytes() == made
    assert cached().up_to_date
    edits = [
        # a name in one kabupaten: that region only (its pages, posters, lists, search) and the nation's data
        ("regions/33.17/agencies/dinkes.yaml", "name: Dinas Kesehatan", "name: Dinas Kesehatan Rembang"),
        # the same again, now that the spare folder holds a build to be made in
        ("regions/33.17/agencies/dinkes.yaml", "Kesehatan Rembang", "Kesehatan Kabupaten Rembang"),
        # the province's Humas dormant: every kabupaten routes past its own dormant Humas to it
        ("regions/33/agencies/humas.yaml", "active: true", "active: false"),
    ]
    for i, (rel, old, new) in enumerate(edits):
        path = nation / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        result = cached()
        assert not result.up_to_date
        assert _tree(nation / "out") == fresh(), rel
        pages = _tree(nation / "out")
        if i < 2:
            assert new.split(": ")[-1] in pages[f"{rembang}/akun/dinkes/index.html"].decode()
            # the ten other regions' files were kept, not made again, and so were the national pages (no
            # region's summary changed); the nation's open data was made again
            regions = [region_list().get(code).slug + "/" for code in ["33", *(f"33.{n}" for n in range(10, 20))]]
            others = [slug for slug in regions if slug != rembang + "/"]
            national_pages = [name for name in pages if not name.startswith(tuple(regions))
                              and name not in ("data/agencies.json", "data/agencies.csv", ".akunresmi-output")]
            assert "index.html" in national_pages and "static/search.js" in national_pages
            assert result.stats.kept == sum(1 for name in pages if name.startswith(tuple(others))) + len(national_pages)
        else:
            assert result.stats.kept == 0 or result.stats.kept < first.stats.files // 2
    # Nothing changed: the build stops before reading a region, and the process it forked to stat the
    # spare folder is stopped; the spare stays, and nothing is left beside the output.
    spare_inode = (cache / "spare").stat().st_ino
    assert cached().up_to_date
    assert (cache / "spare").stat().st_ino == spare_inode
    assert not [p.name for p in nation.iterdir() if p.name.startswith(".out")]
    # A region kept by its key whose file was edited by hand in output/ (the spare of the build after
    # next) is made again: its files are checked against the record once the spare is statted.
    blora = region_list().regencies["33.16"].slug
    (nation / "out" / blora / "akun/dinkes/index.html").write_bytes(b"edited by hand")
    for n in range(2):
        path = nation / "regions/33.17/agencies/dinkes.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("Rembang", f"Rembang {n}", 1), encoding="utf-8")
        result = cached()
        assert _tree(nation / "out") == fresh()
    assert result.stats.written > 1 + len([name for name in pages if name.startswith(rembang + "/")])
    # An X handle given to a second agency in the nation is still found when only one region is made again
    # (the rule across regions is not checked again while no region's handles changed)
    path = nation / "regions/33.17/agencies/dinkes.yaml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before + 'twitter: Humas3316\nactive: true\nstatus_checked: "2026-10-01"\nsource: Humas\n', encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        cached()
    assert [e.key for e in raised.value.errors] == ["duplicate_handle"]
    path.write_text(before, encoding="utf-8")
    # A damaged cache means a full build, never a wrong site.
    for name in ("national-folders", "national-folders-spare"):
        (cache / name).write_bytes(b"damaged")
    path = nation / "regions/33.16/agencies/dinkes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Puskesmas", "Puskesmas Blora"), encoding="utf-8")
    assert cached().stats.kept == 0
    assert _tree(nation / "out") == fresh()
    # so does a damaged record of the regions' keys and outcomes (kept apart from the folders' record)
    for name in ("national-regions.pickle", "national-regions.pickle.delta"):
        if (cache / name).exists():
            (cache / name).write_bytes(b"damaged")
    path.write_text(path.read_text(encoding="utf-8").replace("Puskesmas Blora", "Puskesmas"), encoding="utf-8")
    result = cached()
    tree = _tree(nation / "out")
    assert tree == fresh()
    regions = tuple(region_list().get(code).slug + "/" for code in ["33", *(f"33.{n}" for n in range(10, 20))])
    assert result.stats.written >= sum(1 for name in tree if name.startswith(regions))  # every region made again


def add_repository(path: Path, url: str, branch: str | None = None) -> None:
    """A `repository:` block appended to a site.yaml or national.yaml."""
    block = f'repository:\n  url: "{url}"\n' + (f"  branch: {branch}\n" if branch else "")
    path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")


def test_a_region_without_its_own_repository_links_its_pages_to_its_folder_in_the_national_one(levels):
    """Edit and report links on a region's agency pages: national.yaml's repository and the region's own
    folder in it (regions/…), unless the region's site.yaml names a repository of its own."""
    add_repository(levels / "national.yaml", "https://github.com/contoh/nasional", "utama")
    add_repository(levels / "regions/11.01-aceh-selatan/site.yaml", "https://github.com/contoh/acehselatan")
    result = build_national(levels)
    assert result.returncode == 0, result.stderr
    blora = (levels / "out/kabupaten-blora/akun/dinkes/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/contoh/nasional/edit/utama/regions/33.16-blora/agencies/dinkes.yaml"' in blora
    assert "regions%2F33.16-blora%2Fagencies%2Fdinkes.yaml" in blora  # the report names the file too
    aceh = (levels / "out/kabupaten-aceh-selatan/akun/dinkes/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/contoh/acehselatan/edit/main/content/agencies/dinkes.yaml"' in aceh
    # a region's site.yaml naming national.yaml's repository itself (copied from content/site.yaml) is
    # edited in its own folder there, never in content/ (Blora's)
    add_repository(levels / "regions/33-jateng/site.yaml", "https://github.com/contoh/nasional", "utama")
    assert build_national(levels).returncode == 0
    page = (levels / "out/provinsi-jawa-tengah/akun/humas/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/contoh/nasional/edit/utama/regions/33-jateng/agencies/humas.yaml"' in page


def test_the_repository_option_replaces_national_yamls_wherever_it_is_named(levels):
    """A fork's CI run (`--repository`): the pages of a region that names no repository, or names
    national.yaml's, lead to the fork, each in its own folder; a region's own other repository is kept."""
    add_repository(levels / "national.yaml", "https://github.com/contoh/nasional", "utama")
    add_repository(levels / "regions/33-jateng/site.yaml", "https://github.com/contoh/nasional", "utama")
    add_repository(levels / "regions/11.01-aceh-selatan/site.yaml", "https://github.com/contoh/acehselatan")
    result = build_national(levels, "--repository", "https://github.com/fork/nasional", "--branch", "induk")
    assert result.returncode == 0, result.stderr
    blora = (levels / "out/kabupaten-blora/akun/dinkes/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/fork/nasional/edit/induk/regions/33.16-blora/agencies/dinkes.yaml"' in blora
    page = (levels / "out/provinsi-jawa-tengah/akun/humas/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/fork/nasional/edit/induk/regions/33-jateng/agencies/humas.yaml"' in page
    assert "contoh/nasional" not in blora + page
    aceh = (levels / "out/kabupaten-aceh-selatan/akun/dinkes/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/contoh/acehselatan/edit/main/content/agencies/dinkes.yaml"' in aceh


def test_a_regions_cname_is_ignored_by_the_national_build_not_checked_against_its_address(levels):
    """The national directory has one address: a region's cname (not its host) neither stops the build
    nor writes a CNAME."""
    own = levels / "regions/33.16-blora/site.yaml"
    own.write_text(own.read_text(encoding="utf-8") + "cname: akun.blorakab.go.id\n", encoding="utf-8")
    result = build_national(levels)
    assert result.returncode == 0, result.stderr
    assert not list((levels / "out").rglob("CNAME"))


def test_build_national_takes_a_cache_folder_on_the_command_line(levels):
    (levels / "cache").mkdir()
    (levels / "cache" / "national.pickle").write_bytes(b"what earlier code kept")
    first = build_national(levels, "--cache", "cache")
    assert first.returncode == 0, first.stderr
    assert not (levels / "cache" / "national.pickle").exists()  # read by no code now: deleted
    again = build_national(levels, "--cache", "cache")
    assert again.returncode == 0 and "Tidak ada yang berubah" in again.stdout, again.stdout + again.stderr
    assert (levels / "cache" / "national-folders").is_file() and (levels / "out" / "kabupaten-blora").is_dir()


def test_a_national_build_with_nothing_changed_imports_no_renderer(levels):
    """`build --national --cache` with nothing changed stops before the renderer, Markdown, zxing-cpp or
    jsonschema are imported (they are imported where first used, after the spare is handed to the
    process that stats it)."""
    assert build_national(levels, "--cache", "cache").returncode == 0
    modules = ("jinja2", "markdown", "zxingcpp", "jsonschema", "akunresmi.site.render")
    script = ("import sys; from akunresmi.commands.cli import main; code = main(sys.argv[1:]); "
              f"print(sorted(m for m in {modules!r} if m in sys.modules))")
    again = subprocess.run([sys.executable, "-c", script, "build", "--national", "national.yaml", "--out", "out",
                            "--cache", "cache"], cwd=levels, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "Tidak ada yang berubah" in again.stdout, again.stdout + again.stderr
    assert again.stdout.strip().endswith("[]"), again.stdout


def test_serve_takes_the_national_option_and_shows_a_save_across_levels(levels):
    """The dev server over a national tree: a save in the province's folder reaches the regency pages
    that route to it."""
    from test_serve import running_server

    with running_server(levels, "--national", "national.yaml") as srv:
        status, home = srv.get("")
        assert status == 200 and "Di mana Anda tinggal?" in home and "/livereload.js?port=" in home
        status, page = srv.get("kabupaten-blora/akun/dinkes/")
        assert status == 200 and "Bagian Humas</a> (Provinsi Jawa Tengah)" in page
        humas = levels / "regions" / "33-jateng" / "agencies" / "humas.yaml"
        humas.write_text(humas.read_text().replace("name: Bagian Humas", "name: Humas Provinsi Jateng"))
        srv.wait_for("kabupaten-blora/akun/dinkes/", lambda s, body: "Humas Provinsi Jateng</a>" in body,
                     "the province's new name never reached the regency's page")


def _save_by_replacing(path: Path, text: str) -> None:
    """As sed -i, vim, gedit and git checkout save: a new file beside it, renamed over it."""
    spare = path.with_name("sedX1y2Z3")
    spare.write_text(text, encoding="utf-8")
    os.replace(spare, path)


def test_the_national_preview_follows_national_yaml_saved_by_replacing_it(levels):
    """Replacing national.yaml (a new file renamed over it) does not lose the watch on it: the error page
    goes once it is fixed, and every later save, replaced or written in place, is seen."""
    from test_serve import running_server

    national = levels / "national.yaml"
    good = national.read_text(encoding="utf-8")
    with running_server(levels, "--national", "national.yaml") as srv:
        _save_by_replacing(national, good.replace("regions:", "regions: [", 1))
        srv.wait_for("", lambda s, _: s == 500, "no error page after the broken national.yaml")
        _save_by_replacing(national, good)
        srv.wait_for("", lambda s, _: s == 200, "the fixed national.yaml was never seen")
        _save_by_replacing(national, good.replace("Akun Resmi Uji Nasional", "Direktori Diganti"))
        srv.wait_for("", lambda s, body: "Direktori Diganti" in body, "a second replacing save was never seen")
        national.write_text(good.replace("Akun Resmi Uji Nasional", "Direktori Ditulis"), encoding="utf-8")
        srv.wait_for("", lambda s, body: "Direktori Ditulis" in body, "a save in place was never seen after it")
        assert "Traceback" not in srv.console()


def test_the_preview_reads_again_only_the_region_a_save_was_in(levels, monkeypatch):
    """Told by the watcher which file was saved, the national preview reads and makes again only that
    region; the other regions' files are the last render's; and the whole equals a fresh render. A save
    in a province's folder (its regencies' routes end there) makes every region again."""
    from akunresmi.build.national import NationalBuilder, NationalOptions

    monkeypatch.chdir(levels)
    options = NationalOptions(levels / "national.yaml", levels / "out")
    preview = NationalBuilder(options, workers=1, keep=True)
    preview.follow_watcher()
    first = preview.render(preview.read())
    assert preview.parsed == 1 + 2 + 2  # every agency file of the three regions
    dinkes = levels / "regions" / "33.16-blora" / "agencies" / "dinkes.yaml"
    dinkes.write_text(dinkes.read_text(encoding="utf-8").replace("name: Dinas Kesehatan", "name: Dinkes Blora"),
                      encoding="utf-8")
    preview.saw([dinkes])
    second = preview.render(preview.read())
    assert preview.parsed == 1 and preview.regions_read == ["33.16"]
    aceh = [p for p in first if p.startswith("kabupaten-aceh-selatan/")]
    assert aceh and all(second[p] is first[p] for p in aceh)  # not made again: the very same bytes
    fresh = NationalBuilder(options, workers=1)
    assert second == fresh.render(fresh.read())
    assert "Dinkes Blora" in second["kabupaten-blora/akun/dinkes/index.html"].decode()

    humas = levels / "regions" / "33-jateng" / "agencies" / "humas.yaml"
    humas.write_text(humas.read_text(encoding="utf-8").replace("name: Bagian Humas", "name: Humas Jateng"),
                     encoding="utf-8")
    preview.saw([humas])
    third = preview.render(preview.read())
    assert sorted(preview.regions_read) == ["11.01", "33", "33.16"]
    fresh = NationalBuilder(options, workers=1)
    assert third == fresh.render(fresh.read())
    assert "Humas Jateng</a> (Provinsi Jawa Tengah)" in third["kabupaten-blora/akun/dinkes/index.html"].decode()


def test_the_preview_reads_national_yaml_again_only_after_a_save_that_may_change_it(levels, monkeypatch):
    """A mistake saved in national.yaml shows until it is fixed, whatever else is saved meanwhile."""
    from akunresmi.build.national import NationalBuilder, NationalOptions
    from akunresmi.content.errors import ContentErrors

    monkeypatch.chdir(levels)
    national = levels / "national.yaml"
    preview = NationalBuilder(NationalOptions(national, levels / "out"), workers=1, keep=True)
    preview.follow_watcher()
    preview.render(preview.read())
    good = national.read_text(encoding="utf-8")
    national.write_text(good.replace("title: Akun Resmi Uji Nasional", "title: Direktori Nasional"), encoding="utf-8")
    dinkes = levels / "regions" / "33.16-blora" / "agencies" / "dinkes.yaml"
    preview.saw([dinkes])  # national.yaml changed behind the watcher's back: not read again
    assert preview.read().settings.title == "Akun Resmi Uji Nasional"
    preview.saw([national])
    assert preview.read().settings.title == "Direktori Nasional"
    national.write_text(good.replace("regions:", "regions: [", 1), encoding="utf-8")
    preview.saw([national])
    with pytest.raises(ContentErrors):
        preview.read()
    preview.saw([dinkes])
    with pytest.raises(ContentErrors):  # still broken: never the last good settings
        preview.read()


def test_regions_kept_by_their_key_that_the_spare_holds_stale_are_linked_from_the_output_or_made_by_the_pool(
        nation, monkeypatch):
    """After a build that made every region again (here: a new date), the next build's spare holds the
    build before it, so every region kept by its key fails the spare's record. output/ holds them as
    recorded: they are linked from there. Where it does not (its files touched by hand), they are made
    again together, by the worker pool (one by one in this process, that build took twice a cold one's
    time). Either way the site is a fresh build's."""
    from akunresmi.build import national as module
    from akunresmi.build.national import NationalBuilder, NationalOptions

    national, cache = nation / "national.yaml", nation / "cache"

    def cached():
        return NationalBuilder(NationalOptions(national, nation / "out", cache=cache), workers=2).build()

    def edited(name: str) -> None:
        path = nation / "regions/33.17/agencies/dinkes.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", name, 1), encoding="utf-8")

    def fresh() -> dict[str, bytes]:
        out = nation / "fresh"
        shutil.rmtree(out, ignore_errors=True)
        NationalBuilder(NationalOptions(national, out), workers=1).build()
        return _tree(out)

    pooled: list[int] = []
    make_all = module.make_all
    monkeypatch.setattr(module, "make_all", lambda targets, *a, **k: (pooled.append(len(targets)),
                                                                      make_all(targets, *a, **k))[1])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795910400")
    cached()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795996800")  # the next day: every key changes
    cached()
    edited("Dinas Kesehatan Rembang")
    pooled.clear()
    result = cached()
    assert max(pooled, default=0) <= 1  # the edited region alone: the ten others linked from output/
    assert result.stats.linked >= 10 and _tree(nation / "out") == fresh()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # every key changes again
    cached()
    for path in (nation / "out").rglob("*"):  # output/ no longer as recorded: nothing linked from it
        if path.is_file():
            os.utime(path, ns=(0, 0))
    edited("Dinas Kesehatan Kabupaten Rembang")
    pooled.clear()
    result = cached()
    assert max(pooled) == 10  # the ten regions the edit did not reach, at once
    assert _tree(nation / "out") == fresh() and result.stats.kept < result.stats.files
