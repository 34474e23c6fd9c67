"""The search index the home page's script reads (site/search.py), built in-process from the shared test
content: which agency each row names and where its complaints go, one document per service, and only
the words and texts the script needs."""

from __future__ import annotations

import copy
import json
import re
from datetime import timedelta

import pytest

from akunresmi.build.pipeline import BuildOptions, read_content
from akunresmi.content.reader import read_directory
from akunresmi.i18n import load_catalogue
from akunresmi.model import NationalChannel, RegionSettings, Upstream
from akunresmi.routing import NATIONAL_REASONS, REASONS, routes_for_all
from akunresmi.site.views import POST_KEYS
from akunresmi.site.search import INDEX_VERSION, SCRIPT_TEXT_KEYS, front_coded, search_index, search_index_bytes, _keywords_text
from conftest import AGENCIES, ROOT, SITE, TODAY, run_cli


@pytest.fixture
def built(content):
    content.raw("synonyms.yaml", "groups:\n  - [puskesmas, pkm]\n")
    directory = read_directory(content.root, TODAY, cwd=content.root.parent)
    routes = routes_for_all(directory.by_slug, directory.site.fallback)
    return directory, routes, load_catalogue("id")


def test_each_agency_row_names_it_and_the_row_its_complaints_go_to(built):
    index = search_index(*built)
    assert index["v"] == 8
    # slug, name, short name, badge, handle, row its complaints go to, reason, checked (words), stale
    assert index["agencies"] == [
        ["bkd", "Badan Kepegawaian Daerah", "", "dormant", "BKDUji", 4, "dormant", "10 Maret 2016", 1],
        ["bupati", "Bupati Uji", "", "leader", "BupatiUji", 4, "leader", "1 Oktober 2026", 0],  # not "active"
        ["dindukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dindukcapil", "active", "dukcapil_uji", 2,
         "active", "1 Oktober 2026", 0],
        ["dinkes", "Dinas Kesehatan", "", "missing", "", 4, "missing", "", 0],  # no account: no date to show
        ["humas", "Bagian Humas", "", "active", "HumasUji", 4, "active", "1 Oktober 2026", 0],
    ]


def test_an_active_account_silent_for_longer_than_silent_days_has_a_last_1_as_its_page_says_so(content):
    """views.is_possibly_silent decides for the agency page, the status page and the card alike; the other
    rows keep their nine fields (no byte for them)."""
    silent_days = 90  # site.yaml's default
    content.agency("humas", AGENCIES["humas"].rstrip() + f'\n        last_post: "{TODAY - timedelta(days=silent_days + 1)}"\n')
    content.agency("dindukcapil", AGENCIES["dindukcapil"].replace(
        "active: true", f'active: true\n        last_post: "{TODAY - timedelta(days=silent_days)}"'))
    content.agency("bkd", AGENCIES["bkd"].rstrip() + '\n        last_post: "2016-01-01"\n')  # dormant: said already
    rows = {row[0]: row for row in index_of(content)["agencies"]}
    assert rows["humas"][9:] == [1]
    assert [len(rows[slug]) for slug in ("dindukcapil", "bkd", "bupati", "dinkes")] == [9, 9, 9, 9]
    index = index_of(content)
    assert index["text"]["possibly_silent"] == load_catalogue("id").site["possibly_silent"]


def test_a_route_with_no_target_is_marked_minus_one(built):
    directory, routes, cat = built
    routes = {**routes, "dinkes": routes["dinkes"].__class__(("dinkes",), None, "dead_end")}
    assert search_index(directory, routes, cat)["agencies"][3][5] == -1


def test_one_document_per_service_with_normalised_words_and_no_concepts(built):
    """Each agency's documents in the agencies' order, [service name as written, keywords]: the script
    reads the agency's name from its row, normalises the service name and adds the synonyms' concepts
    itself (as textnorm.py would: tests/test_search.py), so the index carries none of them (1.2 KB gzipped
    of the bundled index). The services' descriptions are not in it (docs/search.md, sixteenth round)."""
    docs = search_index(*built)["docs"]
    assert docs[2] == [["KTP elektronik", "ktp hilang e ktp kk"], ["Akta kelahiran", ""]]
    assert docs[3][0] == ["Pelayanan puskesmas", "puskesmas"]
    assert [len(d) for d in docs] == [len(a.services) for a in built[0].agencies]
    assert "perekaman" not in json.dumps(docs)  # the description of "KTP elektronik"


def test_an_agencys_search_words_are_one_more_document_without_a_service_name(content):
    """search_words (written by scripts/learn_search_words.py) reach the index normalised, once each, as a
    document whose empty name the script counts with the agency's own name; an agency without any has
    no such document, and no page shows them."""
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\nservices:\n"
                   "  - name: Pelayanan Puskesmas\n    keywords: [antre lama]\n"
                   "search_words: [puskesmsa, Muntah, muntah, gigi]\n")
    directory = read_directory(content.root, TODAY, cwd=content.root.parent)
    assert directory.by_slug["dinkes"].search_words == ("puskesmsa", "Muntah", "muntah", "gigi")
    docs = search_index(directory, routes_for_all(directory.by_slug, directory.site.fallback), load_catalogue("id"))["docs"]
    assert docs[directory.slugs.index("dinkes")] == [["Pelayanan Puskesmas", "antre lama"], ["", "puskesmsa muntah gigi"]]
    assert all(d[-1][0] for slug, d in zip(directory.slugs, docs) if slug != "dinkes" and d)


def test_the_index_carries_no_stems_the_script_can_compute(built):
    """The script stems the index's words itself (tests/test_search.py proves it stems them as textnorm.py
    does): a stem table cost 3.3 KB gzipped of the bundled index."""
    index = search_index(*built)
    assert index["v"] == 8 and "stems" not in index


def unfront(text: str, sep: str = " ") -> list[str]:
    """What static/search.js's unfront reads from a front-coded list, step by step as it does."""
    words, before = [], ""
    for x in text.split(sep):
        before = before[:int(x[0])] + x[1:] if x[:1].isdigit() else x
        words.append(before)
    return words


def test_the_script_gets_the_word_lists_of_the_confidence_model(built):
    index = search_index(*built)
    # one string each, front-coded: fewer bytes
    common, stop, outside = unfront(index["common"]), unfront(index["stopwords"]), unfront(index["outside"], ",")
    assert "hilang" in common and "ktp" not in common
    assert {"paspor", "sertifikat tanah", "pln"} <= set(outside)
    assert not set(common) & set(stop)  # a stop word never reaches the model
    assert all(w == " ".join(w.split()) and w == w.lower() for w in common + outside)
    assert all(w and w.isalnum() for w in common + stop)
    assert common == sorted(set(common)) and outside == sorted(set(outside))  # gzip likes order
    assert index["places"] == []  # the test content has no kecamatan
    from akunresmi.site.textnorm import COMMON, OUTSIDE, STOPWORDS
    assert (common, stop, outside) == (sorted(set(COMMON)), sorted(set(STOPWORDS)), sorted(set(OUTSIDE)))


def test_a_front_coded_list_says_each_word_after_the_first_by_what_it_shares_with_the_one_before():
    assert front_coded(["ada", "a", "about", "ad", "a"]) == "a 1bout 1d 2a"  # sorted, once each
    assert front_coded(["jalan rusak", "jalan berlubang"], ",") == "jalan berlubang,6rusak"
    # at most nine letters shared; a word that begins with a digit says 0 when it shares none
    words = ["pengaduannya", "pengaduannyalah", "2024", "24jam", "b2b", "b2c", "kab"]
    coded = front_coded(words)
    assert coded == "02024 14jam b2b 2c kab pengaduannya 9nyalah"
    assert unfront(coded) == sorted(words)
    assert front_coded([]) == "" and front_coded(["x"]) == "x"


def test_the_script_gets_its_synonyms_stopwords_and_catalogue_texts(built):
    index = search_index(*built)
    cat = built[2]
    assert index["synonyms"] == [["puskesmas", "pkm"]]  # the groups as written: the script builds the table
    assert "yang" in unfront(index["stopwords"]) and "ktp" not in unfront(index["stopwords"])
    assert index["text"] == {key: cat.site[key] for key in SCRIPT_TEXT_KEYS + POST_KEYS}
    assert {"intent_text_fallback", "search_not_found", "search_emergency",
            *(f"route_reason_{r}" for r in REASONS if r not in NATIONAL_REASONS)} <= set(index["text"])
    assert "route_reason_national" not in index["text"]  # a region of a national build's only
    assert index["status"] == {"active": "Aktif", "dormant": "Tidak aktif", "missing": "Belum ada akun"}


def test_the_bytes_are_compact_sorted_utf8_json(built):
    """Every byte counts on a cheap phone: no spaces between items, keys sorted, UTF-8 not \\u escapes."""
    directory, routes, cat = built
    # A text with a non-ASCII dash, on a copy: load_catalogue's answer is shared by the whole process.
    cat = copy.copy(cat)
    cat.site = {**cat.site, "search_checked": "diperiksa {date} – ulang"}
    data = search_index_bytes(directory, routes, cat)
    assert data == json.dumps(search_index(directory, routes, cat), ensure_ascii=False, separators=(",", ":"),
                              sort_keys=True).encode("utf-8")
    assert "–".encode("utf-8") in data


def index_of(content, site_extra: str = "", region=None) -> dict:
    """The index of the shared content with more lines in site.yaml, read as a build reads it (a national
    build passes its region's settings)."""
    if site_extra:
        content.raw("site.yaml", SITE + site_extra)
    directory = read_content(BuildOptions(content.root, content.root.parent / "out", region=region), TODAY)
    return search_index(directory, routes_for_all(directory.by_slug, directory.site.fallback), load_catalogue("id"))


EMERGENCY = """\
emergency:
  - number: "113"
    name: Pemadam kebakaran
    source: "https://contoh.go.id/darurat"
    words: [Kebakaran, api menyala]
    agencies: [humas, bkd]
"""


def test_the_script_gets_the_fallback_row_the_first_national_channel_and_the_region_words(content):
    index = index_of(content, "  - name: SP4N\n    url: \"https://contoh.go.id/sp4n\"\n")
    assert index["fallback"] == 4 and index["agencies"][4][0] == "humas"  # site.yaml's fallback, by its row
    assert index["lapor"] == [["LAPOR!", "https://www.lapor.go.id"]]  # the first national channel only
    assert index["region"] == ["kabupaten", "uji"]  # "Kabupaten Uji" says nothing about the agency meant
    assert "up" not in index  # a region's own build has no province above it


def test_the_script_gets_the_neighbouring_regions_as_citizens_name_them(content):
    """site.yaml's nearby codes become the names a complaint would say (no "Kabupaten", "Kota"), and
    the region's own name, which keeps them from counting when the query names it too."""
    index = index_of(content, 'nearby: ["35.22", "33.74", "35", "33.17"]\n')
    assert index["nearby"] == ["bojonegoro", "jawa timur", "rembang", "semarang"]
    assert index["here"] == "uji"
    assert index_of(content, "nearby: []\n")["nearby"] == []


def test_an_unknown_neighbouring_code_is_located_with_its_hint(content, tmp_path):
    content.raw("site.yaml", SITE + 'nearby: ["33.17", "99.99"]\n')
    result = run_cli("check", "--content", "content", cwd=content.root.parent)
    assert result.returncode == 1, result.stderr
    line = SITE.count("\n") + 1
    assert f"content/site.yaml:{line}:19: error: kode wilayah '99.99' tidak ada dalam daftar resmi Kemendagri" \
        in result.stderr, result.stderr
    assert "Kabupaten Rembang: 33.17" in result.stderr


def test_the_script_gets_each_emergency_number_with_its_normalised_words(content):
    index = index_of(content, EMERGENCY)
    # not the agencies that answer it: their pages say so, the script does not need them
    assert index["emergency"] == [["113", "Pemadam kebakaran", ["api menyala", "kebakaran"]]]


def test_a_region_of_a_national_build_names_its_provinces_account(content):
    up = Upstream("Provinsi Jawa Uji", "Humas Provinsi", "HumasProv", "https://contoh.go.id/jawa-uji/akun/humas/",
                  TODAY)
    region = RegionSettings(up, (NationalChannel("LAPOR!", "https://www.lapor.go.id", ""),), ())
    index = index_of(content, region=region)
    assert index["up"] == ["Humas Provinsi", "HumasProv", "https://contoh.go.id/jawa-uji/akun/humas/",
                           "Provinsi Jawa Uji"]


def test_kecamatan_and_kelurahan_names_give_place_words_without_the_generic_ones(content):
    for slug, name, kind in (("kec-cepu", "Kecamatan Cepu", "kecamatan"), ("kel-kunduran", "Kel. Kunduran", "kelurahan"),
                             ("kel-uji-baru", "Kelurahan Uji Baru", "kelurahan"), ("kec-jepon", "Kec. Jepon", "kecamatan"),
                             ("dinas-cepu", "Dinas Jati", "dinas")):
        content.agency(slug, f"name: {name}\nkind: {kind}\nservices:\n  - Pelayanan\n")
    # "kecamatan", "kec", "kel" and the region's own words are not places; a dinas's name is not a place
    assert index_of(content)["places"] == ["baru", "cepu", "jepon", "kunduran"]


def test_a_cards_badge_never_contradicts_its_reason(content):
    content.agency("disdik", "name: Dinas Pendidikan\nkind: dinas\nfallback: bkd\nservices:\n  - Sekolah\n")
    content.agency("dindukcapil", AGENCIES["dindukcapil"].replace("active: true", "active: true\n        superseded_by: humas"))
    rows = {row[0]: row for row in index_of(content)["agencies"]}
    # through the dormant BKD: the reason says so, the badge still says the agency has no account
    assert (rows["disdik"][3], rows["disdik"][6]) == ("missing", "fallback_dormant")
    # an active account superseded by another agency: the badge says superseded, not active
    assert (rows["dindukcapil"][3], rows["dindukcapil"][6]) == ("superseded", "superseded")
    assert (rows["bupati"][3], rows["bupati"][6]) == ("leader", "leader")


def test_an_agency_without_an_account_shows_no_check_date_on_its_card(content):
    content.agency("dinkes", AGENCIES["dinkes"].rstrip() + '\n        status_checked: "2026-10-01"\n')
    assert {row[0]: row[7] for row in index_of(content)["agencies"]}["dinkes"] == ""


def test_the_index_joined_from_per_agency_parts_is_the_whole_index_byte_for_byte(content):
    """SearchRows, which builds and the dev server use, joins the index from each agency's part and makes
    a part again only when the agency, its routing reason or the row its complaints go to changed (or
    the site, the date or the language). After every kind of change its bytes are search_index_bytes'."""
    import dataclasses
    import pickle
    from datetime import timedelta

    from akunresmi.routing import Route
    from akunresmi.site.search import SearchRows

    content.raw("synonyms.yaml", "groups:\n  - [puskesmas, pkm]\n")
    content.raw("site.yaml", SITE + EMERGENCY)
    content.agency("disdik", "name: Dinas Pendidikan\nkind: dinas\nfallback: bkd\nservices:\n  - Sekolah\n")
    content.agency("kec-cepu", "name: Kecamatan Cepu\nkind: kecamatan\nservices:\n  - Pelayanan KTP\n")
    content.agency("kel-kunduran", "name: Kel. Kunduran\nkind: kelurahan\nservices:\n  - Surat pindah\n")
    rows = SearchRows()

    def read(day=TODAY):
        return read_content(BuildOptions(content.root, content.root.parent / "out"), day)

    def joined(directory, routes=None, language="id") -> bytes:
        routes, cat = routes or directory.routes, load_catalogue(language)
        data = rows.index_bytes(directory, routes, cat)
        assert data == search_index_bytes(directory, routes, cat)
        return data

    def row(data: bytes, slug: str) -> list:
        return next(a for a in json.loads(data)["agencies"] if a[0] == slug)

    first = read()
    n = len(first.agencies)
    joined(first)
    assert rows.made == n == 8
    joined(read())  # read again: equal agencies, not the same objects
    assert rows.made == 0
    joined(first)  # the very same objects
    assert rows.made == 0
    # one agency edited: its part only
    content.agency("dindukcapil", AGENCIES["dindukcapil"].replace("Akta kelahiran", "Akta kematian baru"))
    assert b"Akta kematian baru" in joined(read())
    assert rows.made == 1
    # BKD active: its own part, and Disdik's (its complaints now go to BKD, with another reason)
    content.agency("bkd", AGENCIES["bkd"].replace("active: false", "active: true")
                   .replace('"2016-03-10"', '"2026-10-01"'))
    directory = read()
    assert row(joined(directory), "disdik")[5] == 0  # BKD's row
    assert rows.made == 2
    # the routing reason changes, the row its complaints go to does not
    routes = {**directory.routes, "dinkes": Route(("dinkes", "bupati", "humas"), "humas")}
    assert directory.routes["dinkes"].steps == ("dinkes", "humas")
    assert row(joined(directory, routes), "dinkes")[5:7] == [5, "fallback_dormant"]
    assert rows.made == 1
    assert row(joined(directory), "dinkes")[5:7] == [5, "missing"]
    assert rows.made == 1
    # the row changes, the reason does not
    joined(directory, {**directory.routes, "dinkes": Route(("dinkes", "dindukcapil"), "dindukcapil")})
    assert rows.made == 1
    # no row at all (a chain that ends without an account, as a national build allows): -1
    joined(directory, {**directory.routes, "dinkes": Route(("dinkes", "bupati"), "bupati")})
    assert rows.made == 1
    assert row(joined(directory, {**directory.routes, "dinkes": Route(("dinkes",), None, "dead_end")}),
               "dinkes")[5:7] == [-1, "national"]  # no account here, and no province above to take over
    assert rows.made == 1
    # an agency removed from the middle: the rows after it move, and so do the rows their complaints go to
    content.remove("bupati")
    joined(read())
    assert rows.made == 5  # the rows of all but BKD and Disdik (whose complaints still go to row 0) changed
    # a place removed: its words leave the index; one added: they come in
    content.remove("kec-cepu")
    assert b'"places":["kunduran"]' in joined(read())
    content.agency("kec-jepon", "name: Kec. Jepon\nkind: kecamatan\nservices:\n  - Pelayanan KTP\n")
    assert b'"places":["jepon","kunduran"]' in joined(read())
    # places renamed (the same agencies: only the edited parts are counted again): a word leaves the index
    # when no place has it any more, and stays while another has it
    content.agency("kec-kunduran", "name: Kecamatan Kunduran\nkind: kecamatan\nservices:\n  - Pelayanan KTP\n")
    assert b'"places":["jepon","kunduran"]' in joined(read())
    content.agency("kel-kunduran", "name: Kel. Ngloram\nkind: kelurahan\nservices:\n  - Surat pindah\n")
    assert b'"places":["jepon","kunduran","ngloram"]' in joined(read())
    content.agency("kec-kunduran", "name: Kecamatan Cepu\nkind: kecamatan\nservices:\n  - Pelayanan KTP\n")
    assert b'"places":["cepu","jepon","ngloram"]' in joined(read())
    assert rows.made == 1
    n = len(read().agencies)
    # another date (humas's check is now stale), another language, another site: every part again
    later = read(TODAY + timedelta(days=400))
    joined(later)
    assert rows.made == n
    joined(later, language="en")
    assert rows.made == n
    content.raw("site.yaml", SITE.replace("Akun Resmi Uji", "Akun Resmi Uji Lain") + EMERGENCY)
    joined(read())
    assert rows.made == n
    joined(read())
    assert rows.made == 0
    # a caller's digests decide instead of the agencies' equality
    directory = read()
    rows.stamps = {a.slug: a.slug.encode() for a in directory.agencies}
    joined(directory)
    assert rows.made == n  # the parts were kept under the agencies, not their digests
    edited = dataclasses.replace(directory, agencies=tuple(
        dataclasses.replace(a, name=a.name + " Baru") if a.slug == "humas" else a for a in directory.agencies))
    rows.index_bytes(edited, edited.routes, load_catalogue("id"))
    assert rows.made == 0  # the same digest: the part is kept (the caller's digest says nothing changed)
    rows.stamps = {**rows.stamps, "humas": b"other"}
    joined(edited)
    assert rows.made == 1
    # kept between builds in the cache: without the digests, which the next build brings
    again = pickle.loads(pickle.dumps(rows))
    assert again.stamps == {} and rows.stamps and again.parts.keys() == rows.parts.keys()
    again.stamps, rows = rows.stamps, again
    joined(edited)
    assert rows.made == 0


def test_keywords_are_one_text_with_two_spaces_where_an_outside_word_meets_another_keyword():
    """The script takes two words next to each other in a service's keywords as the directory's own
    phrase, which then names no outside body ("registrasi sim card": not the police's SIM). Where an
    outside word ends one keyword or begins the next, the two words are not a phrase: two spaces say so."""
    assert _keywords_text(["buang sampah sembarangan", "bank sampah", "truk sampah"]) == \
        "buang sampah sembarangan  bank sampah truk sampah"
    assert _keywords_text(["registrasi sim card", "KK", "", "polisi"]) == "registrasi sim card kk  polisi"
    assert _keywords_text(["jalan polisi", "!!", "tidur"]) == "jalan polisi  tidur"  # a keyword of no word between
    assert _keywords_text([]) == ""


def test_the_script_reads_the_format_the_index_is_written_in():
    """static/search.js refuses an index whose `v` is not its FORMAT (a copy kept from before a deploy):
    the two numbers move together, or every search fails."""
    script = (ROOT / "static" / "search.js").read_text(encoding="utf-8")
    assert re.search(r"\bFORMAT = (\d+),", script).group(1) == str(INDEX_VERSION)


def test_search_words_are_searched_but_never_shown(content, tmp_path):
    """The built site: the index has an agency's search words; its page, the topics, the exports and the
    poster do not (they are the words of complaints, typos among them, not the agency's services)."""
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\nservices:\n"
                   "  - name: Pelayanan Puskesmas\n    keywords: [antre lama]\nsearch_words: [puskesmsa]\n")
    out = tmp_path / "out"
    result = run_cli("build", "--content", "content", "--out", str(out), cwd=content.root.parent)
    assert result.returncode == 0, result.stderr
    assert "puskesmsa" in (out / "search-index.json").read_text(encoding="utf-8")
    shown = [p for p in out.rglob("*") if p.is_file() and p.name != "search-index.json"
             and "puskesmsa" in p.read_text(encoding="utf-8", errors="replace")]
    assert not shown and (out / "akun" / "dinkes" / "index.html").is_file()
