"""Validation mistakes an editor makes, checked in this process so the mutation tester sees them
(issue 14): each asserts the file:line:col, the message and the hint an editor reads, and the
whole text word for word against tests/golden/check-errors-validate.txt, in both languages. Plus
the site settings as the model reads them, and the agency fields as the model keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest

from akunresmi.content.reader import read_directory
from akunresmi.model import Emergency, NationalChannel
from conftest import SITE, TODAY
from test_bad_input import AGENCY, Bad, _site_with, write_content
from test_load_errors import assert_one_located_error, update_or_check_reviewed

GOLDEN = Path(__file__).parent / "golden" / "check-errors-validate.txt"
F = "content/agencies/dinas-a.yaml"
A = "name: Dinas A\nkind: dinas\nservices: [Layanan]\n"
INACTIVE = "name: {name}\nkind: dinas\ntwitter: {handle}\nactive: false\nstatus_checked: '2026-01-01'\nsource: Berita\n" \
           "services: [Layanan]\n"

CASES = [
    # Values shown in a message are cut after 57 characters; up to 60 (quotes included) they are whole.
    Bad("value_of_sixty_characters_shown_whole", {AGENCY: A + "twitter_id: '" + "1" * 27 + " " + "1" * 30 + "'\n"},
        f"{F}:4:13", "'" + "1" * 27 + " " + "1" * 30 + "'"),
    Bad("value_of_sixty_one_characters_cut", {AGENCY: A + "twitter_id: '" + "1" * 28 + " " + "1" * 30 + "'\n"},
        f"{F}:4:13", "'" + "1" * 28 + " " + "1" * 27 + "…"),
    Bad("name_too_long", {AGENCY: "name: " + "Dinas " * 30 + "\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:7",
        "terlalu panjang"),
    Bad("too_many_services", {AGENCY: "name: Dinas A\nkind: dinas\nservices: [" + ", ".join(f"L{i:02d}" for i in range(61))
                              + "]\n"}, f"{F}:3:11", "paling banyak 60"),
    Bad("last_post_in_future", {AGENCY: A + "last_post: '2027-01-01'\n"}, f"{F}:4:12", "ada di masa depan",
        fix='last_post: "2026-11-28"'),
    Bad("file_name_without_a_letter", {"agencies/___.yaml": A}, "content/agencies/___.yaml:1:1", "nama berkas '___'",
        fix="instansi.yaml"),
    Bad("stale_days_zero", {"site.yaml": SITE + "stale_days: 0\n"}, "content/site.yaml:9:13", "terlalu pendek"),
    Bad("stale_days_too_many", {"site.yaml": SITE + "stale_days: 4000\n"}, "content/site.yaml:9:13", "paling banyak 3650"),
    # Types: each kind of value is named in the message.
    Bad("name_is_a_boolean", {AGENCY: "name: true\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:7", "bukan true/false"),
    Bad("name_is_a_decimal", {AGENCY: "name: 1.5\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:7", "angka"),
    Bad("name_is_a_mapping", {AGENCY: "name: {a: b}\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:7", "kumpulan kolom"),
    Bad("twitter_id_is_a_decimal", {AGENCY: A + "twitter_id: 1.5\n"}, f"{F}:4:13", "teks / angka"),
    # X's own pages are not accounts ("@home" would send complaints to a stranger), nor is "home" the fix.
    Bad("handle_is_an_x_page", {AGENCY: INACTIVE.format(name="Dinas A", handle="https://x.com/home")}, f"{F}:3:10",
        "'https://x.com/home'",
        fix="bukan alamat halaman X lain"),
    # Found by review: the empty handle of an active account had the general "write text here", and an empty
    # keyword was "too short or too few (at least 2)".
    Bad("active_account_with_an_empty_handle", {AGENCY: "name: Dinas A\nkind: dinas\ntwitter:\nactive: true\n"
                                                        "status_checked: '2026-01-01'\nsource: Berita\nservices: [Layanan]\n"},
        f"{F}:3:9", "'twitter' wajib diisi, tetapi masih kosong", fix="isi twitter, atau tulis active: false"),
    Bad("empty_keyword", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: KK\n    keywords: [\"\", kartu keluarga]\n"},
        f"{F}:5:16", "kata kunci ke-1 wajib diisi, tetapi masih kosong", fix="hapus nilai kosong itu"),
    # Choices and unknown keys.
    Bad("kind_far_from_any_choice", {AGENCY: "name: Dinas A\nkind: zzz\nservices: [Layanan]\n"}, f"{F}:2:7",
        "'zzz'", fix="pimpinan, humas, sekretariat"),
    # Satpol PP is a "satuan": half the letters match, enough for a suggestion among the choices.
    Bad("kind_satpol_suggests_satuan", {AGENCY: "name: Satpol PP\nkind: satpol\nservices: [Layanan]\n"}, f"{F}:2:7",
        "'satpol'", fix="Maksud Anda 'satuan'?"),
    Bad("unknown_key_known_nowhere", {AGENCY: A + "zzz: 1\n"}, f"{F}:4:1", "'zzz'", fix="active, channels, description"),
    Bad("top_level_key_inside_a_service", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: Layanan\n"
                                                   "    kind: dinas\n"}, f"{F}:5:5", "'kind'"),
    Bad("channel_key_misspelt", {AGENCY: A + "channels:\n  emial: a@blorakab.go.id\n"}, f"{F}:5:3", "'emial'",
        fix="'email'"),
    Bad("national_channel_without_url", {"site.yaml": _site_with('    url: "https://www.lapor.go.id"\n', "")},
        "content/site.yaml:7:5", "'url'"),
    Bad("emergency_without_words", {"site.yaml": SITE + "emergency:\n  - number: '112'\n    name: Darurat\n"
                                                        "    source: https://contoh.go.id\n"},
        "content/site.yaml:10:5", "'words'"),
    Bad("site_key_misspelt_at_top", {"site.yaml": SITE + "titel: Akun\n"}, "content/site.yaml:9:1", "'titel'",
        fix="'title'"),
    # Between files: where a chain of fallbacks goes wrong.
    # The region's code must be in the official list, and the region's name must be its official name.
    Bad("region_code_not_in_the_official_list", {"site.yaml": SITE + 'code: "33.99"\n'}, "content/site.yaml:9:7",
        "'33.99'"),
    Bad("region_name_not_the_official_one", {"site.yaml": SITE.replace("Kabupaten Uji", "Kab. Blora") + 'code: "33.16"\n'},
        "content/site.yaml:2:9", "'Kab. Blora'", fix="region: Kabupaten Blora"),
    Bad("loop_through_the_site_fallback", {
        "agencies/humas.yaml": INACTIVE.format(name="Bagian Humas", handle="HumasUji") + "fallback: dinas-a\n",
        AGENCY: INACTIVE.format(name="Dinas A", handle="DinasA")},
        "content/agencies/humas.yaml:8:11", "berputar: humas → dinas-a → humas"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_is_one_located_error_with_its_fix(case: Bad, tmp_path, monkeypatch):
    assert_one_located_error(case, tmp_path, monkeypatch, GOLDEN)


def test_every_case_has_its_reviewed_text_in_both_languages(tmp_path, monkeypatch):
    """After an intended change of wording: AKUNRESMI_UPDATE_ERRORS=1 pytest tests/test_validate_errors.py."""
    update_or_check_reviewed(CASES, GOLDEN, tmp_path, monkeypatch)


def test_two_separate_loops_are_both_reported_once(tmp_path, monkeypatch):
    from test_load_errors import check, located

    write_content(tmp_path / "content")
    agencies = tmp_path / "content" / "agencies"
    for a, b in (("dinas-a", "dinas-b"), ("dinas-b", "dinas-a"), ("dinas-x", "dinas-y"), ("dinas-y", "dinas-x")):
        (agencies / f"{a}.yaml").write_text(A.replace("Dinas A", a) + f"fallback: {b}\n", encoding="utf-8")
    code, stderr = check(tmp_path, monkeypatch)
    assert code == 1
    assert [(m[1], m[4]) for m in located(stderr)] == [
        ("content/agencies/dinas-a.yaml", "rantai pengalihan berputar: dinas-a → dinas-b → dinas-a"),
        ("content/agencies/dinas-x.yaml", "rantai pengalihan berputar: dinas-x → dinas-y → dinas-x")]


def test_a_dead_end_shared_by_every_chain_is_reported_once_on_the_site_fallback_line(tmp_path, monkeypatch):
    """With the site's fallback dormant every chain ends there: one error, on site.yaml's fallback line,
    names the agencies (the first few, then how many more), not one error in each of their files."""
    from test_load_errors import check

    write_content(tmp_path / "content")
    agencies = tmp_path / "content" / "agencies"
    (agencies / "humas.yaml").write_text(INACTIVE.format(name="Bagian Humas", handle="HumasUji"), encoding="utf-8")
    (agencies / "dinas-a.yaml").write_text(A + "fallback: dinkes\nsuperseded_by: bkd\n", encoding="utf-8")
    for n in range(8):  # more agencies than a message names
        (agencies / f"kecamatan-{n}.yaml").write_text(A.replace("Dinas A", f"Kecamatan {n}"), encoding="utf-8")
    code, stderr = check(tmp_path, monkeypatch)
    assert code == 1
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, stderr
    assert errors[0].startswith("content/site.yaml:5:11: error: keluhan untuk 13 instansi (bkd, bupati, dinas-a, "
                                "dinkes, humas dan 8 lainnya) berakhir di 'humas' (content/agencies/humas.yaml), "
                                "yang tidak menerima keluhan"), stderr


def read(tmp_path, site: str):
    write_content(tmp_path / "content")
    (tmp_path / "content" / "site.yaml").write_text(site, encoding="utf-8")
    return read_directory(tmp_path / "content", TODAY, cwd=tmp_path)


def test_every_site_setting_is_read(tmp_path):
    site = read(tmp_path, SITE.replace("  - name: LAPOR!\n    url: \"https://www.lapor.go.id\"\n",
                                       "  - name: LAPOR!\n    url: \"https://www.lapor.go.id\"\n"
                                       "    description: Layanan aduan nasional\n")
                + "cname: akun.blorakab.go.id\ndescription: Direktori akun resmi\nstale_days: 200\nsilent_days: 91\n"
                  "repository:\n  url: https://github.com/contoh/akun-resmi\n"
                  "emergency:\n  - number: '112'\n    name: Darurat\n    source: https://contoh.go.id\n"
                  "    words: [kebakaran, kecelakaan]\n    agencies: [humas]\n").site
    assert (site.title, site.region, site.language, site.base_url, site.fallback) == (
        "Akun Resmi Uji", "Kabupaten Uji", "id", "https://contoh.github.io/akun-resmi/", "humas")
    assert (site.cname, site.description, site.stale_days, site.silent_days) == (
        "akun.blorakab.go.id", "Direktori akun resmi", 200, 91)
    assert site.national_channels == (NationalChannel("LAPOR!", "https://www.lapor.go.id", "Layanan aduan nasional"),)
    assert site.repository == ("https://github.com/contoh/akun-resmi", "main")
    assert site.emergency == (Emergency("112", "Darurat", "https://contoh.go.id", ("kebakaran", "kecelakaan"),
                                        ("humas",)),)


def test_the_region_code_is_read_with_the_official_name(tmp_path):
    site = read(tmp_path / "a", SITE.replace("region: Kabupaten Uji", "region: Kabupaten Blora") + 'code: "33.16"\n').site
    assert (site.code, site.region) == ("33.16", "Kabupaten Blora")
    assert read(tmp_path / "b", SITE).site.code is None


def test_site_settings_left_out_take_their_documented_defaults(tmp_path):
    site = read(tmp_path, "\n".join(line for line in SITE.splitlines()[:5]) + "\n"
                + "repository:\n  url: https://github.com/contoh/akun-resmi\n  branch: terbit\n").site
    assert (site.cname, site.description, site.stale_days, site.silent_days) == (None, "", 180, 90)
    assert site.national_channels == (NationalChannel("LAPOR!", "https://www.lapor.go.id", ""),)
    assert site.repository == ("https://github.com/contoh/akun-resmi", "terbit")
    assert site.emergency == ()


def test_every_agency_field_is_kept_as_written(tmp_path):
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(
        "name: '  Dinas A  '\nshort_name: ' DA '\nkind: dinas\ntwitter: https://x.com/DinasA\ntwitter_id: 12345\n"
        "active: true\nstatus_checked: '2026-01-02'\nsource: '  Berita  '\nlast_post: '2026-01-01'\n"
        "services:\n  - ' Layanan satu '\n  - name: ' Layanan dua '\n    description: ' Uraian. '\n"
        "    keywords: [' kata satu ', kata dua]\n"
        "channels:\n  tiktok: '@XDinasA'\n  instagram: '@dinas.a'\n  email: a@blorakab.go.id\n  website: https://a.go.id\n"
        "description: Mengurus **a**.\nfallback: bkd\n", encoding="utf-8")
    agency = read_directory(tmp_path / "content", TODAY, cwd=tmp_path).agency("dinas-a")
    assert (agency.slug, agency.source_path, agency.name, agency.short_name, agency.kind) == (
        "dinas-a", "content/agencies/dinas-a.yaml", "Dinas A", "DA", "dinas")
    assert (agency.handle, agency.twitter_id, agency.active) == ("DinasA", "12345", True)
    assert (str(agency.status_checked), agency.source, str(agency.last_post)) == ("2026-01-02", "  Berita  ", "2026-01-01")
    assert [(s.name, s.description, s.keywords) for s in agency.services] == [
        ("Layanan satu", "", ()), ("Layanan dua", "Uraian.", ("kata satu", "kata dua"))]
    assert [(c.kind, c.value) for c in agency.channels] == [
        ("email", "a@blorakab.go.id"), ("instagram", "dinas.a"), ("tiktok", "XDinasA"), ("website", "https://a.go.id")]
    assert (agency.description, agency.fallback, agency.superseded_by) == ("Mengurus **a**.", "bkd", None)


def test_an_agency_without_optional_fields(tmp_path):
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(A + "superseded_by: bkd\n", encoding="utf-8")
    agency = read_directory(tmp_path / "content", TODAY, cwd=tmp_path).agency("dinas-a")
    assert (agency.short_name, agency.handle, agency.twitter_id, agency.active, agency.status_checked) == (
        "", None, None, False, None)
    assert (agency.source, agency.last_post, agency.channels, agency.description, agency.fallback) == (
        "", None, (), "", None)
    assert agency.superseded_by == "bkd"


def test_a_status_checked_today_is_not_in_the_future(tmp_path):
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(A + f"status_checked: '{TODAY}'\nlast_post: '{TODAY}'\n", encoding="utf-8")
    agency = read_directory(tmp_path / "content", TODAY, cwd=tmp_path).agency("dinas-a")
    assert agency.status_checked == agency.last_post == TODAY


def test_a_region_name_is_compared_without_case_spacing_or_provinsi(tmp_path):
    """The official names are "Kabupaten Blora" and "Jawa Tengah"; how an editor spells them otherwise is kept."""
    blora = read(tmp_path / "a", SITE.replace("Kabupaten Uji", "kabupaten   BLORA") + 'code: "33.16"\n').site
    assert (blora.code, blora.region) == ("33.16", "kabupaten   BLORA")
    assert read(tmp_path / "b", SITE.replace("Kabupaten Uji", "Provinsi Jawa Tengah") + 'code: "33"\n').site.code == "33"
    assert read(tmp_path / "c", SITE.replace("Kabupaten Uji", "Jawa Tengah") + 'code: "33"\n').site.code == "33"


def test_the_official_names_of_regions(tmp_path):
    from akunresmi.content.validate import official_region_name, same_region_name

    assert (official_region_name("33.16"), official_region_name("33")) == ("Kabupaten Blora", "Jawa Tengah")
    assert official_region_name("33.99") is None
    assert same_region_name("Provinsi  jawa tengah", "Jawa Tengah")
    assert not same_region_name("Jawa Tengah Provinsi", "Jawa Tengah")
    assert not same_region_name("Blora", "Kabupaten Blora")
    assert not same_region_name("Kabupaten Pat\u0131", "Kabupaten Pati")  # a dotless ı is another letter


def test_in_a_national_build_a_chain_may_end_at_a_dormant_account_but_not_loop(tmp_path):
    """A region of a national build hands what its dormant accounts would take on to the province
    (chain_continues): the chain of test_a_dead_end_… is no error there, a loop still is."""
    from akunresmi.content.errors import ContentErrors

    write_content(tmp_path / "content")
    agencies = tmp_path / "content" / "agencies"
    (agencies / "humas.yaml").write_text(INACTIVE.format(name="Bagian Humas", handle="HumasUji"), encoding="utf-8")
    (agencies / "dinas-a.yaml").write_text(A + "fallback: dinkes\nsuperseded_by: bkd\n", encoding="utf-8")
    directory = read_directory(tmp_path / "content", TODAY, cwd=tmp_path, chain_continues=True)
    assert directory.agency("dinas-a").superseded_by == "bkd"
    with pytest.raises(ContentErrors):
        read_directory(tmp_path / "content", TODAY, cwd=tmp_path)  # alone, the same tree is a dead end

    (agencies / "dinas-a.yaml").write_text(A + "fallback: dinkes\n", encoding="utf-8")
    (agencies / "dinkes.yaml").write_text(A.replace("Dinas A", "Dinkes") + "fallback: dinas-a\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        read_directory(tmp_path / "content", TODAY, cwd=tmp_path, chain_continues=True)
    assert [(e.path, e.key) for e in caught.value.errors] == [("content/agencies/dinas-a.yaml", "fallback_loop")]


def test_every_schema_is_known_by_its_name():
    """_schema_names is otherwise reached only through lru_cache'd functions, which mutmut's test
    processes inherit already filled (docs/quality.md)."""
    from akunresmi.content.validate import _schema_names

    assert _schema_names() == ["agencies-export", "agency", "national", "site", "synonyms"]


def test_a_rule_without_a_description_of_its_own_gives_the_general_hint(tmp_path):
    """A region folder of national.yaml may not climb out with '..' (the schema's `not`, a rule with no
    description and no hint of its own): the hint points to other files and the schema."""
    from akunresmi.content.errors import ContentErrors
    from akunresmi.content.national import read_national
    from akunresmi.i18n import load_catalogue

    (tmp_path / "national.yaml").write_text('title: Akun Resmi Nasional\nlanguage: id\n'
                                            'base_url: "https://contoh.github.io/nasional/"\n'
                                            'regions:\n  "33.16": ../blora\n', encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        read_national(tmp_path / "national.yaml", cwd=tmp_path)
    [error] = caught.value.errors
    assert (error.path, error.line, error.col, error.key) == ("national.yaml", 5, 12, "invalid_value")
    cat = load_catalogue("id")
    assert error.message(cat) == "nilai '33.16' di 'regions' tidak sah: '../blora'"
    assert error.hint(cat) == cat.error("hint_rule_other") == (
        "Bandingkan dengan contoh di berkas lain atau dengan skema di akunresmi/schema/.")


def test_only_instagram_and_tiktok_lose_a_leading_at_sign(tmp_path):
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(A + "channels:\n  address: '@Gedung B, Jl. Pemuda 1'\n  tiktok: '@dinas.a'\n",
                                               encoding="utf-8")
    agency = read_directory(tmp_path / "content", TODAY, cwd=tmp_path).agency("dinas-a")
    assert [(c.kind, c.value) for c in agency.channels] == [("address", "@Gedung B, Jl. Pemuda 1"), ("tiktok", "dinas.a")]
