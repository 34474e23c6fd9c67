"""The search's word handling: the Python normaliser that builds the index and the script that reduces
the query must agree word for word, or a citizen's query misses what the index holds."""

from __future__ import annotations

import json

import pytest
import yaml

from akunresmi.site.textnorm import expand, normalise, region_stopwords, stems, synonym_table, word_reader, words
from conftest import ROOT, run_cli, serve_directory

SYNONYMS = yaml.safe_load((ROOT / "content" / "synonyms.yaml").read_text(encoding="utf-8"))
TABLE = synonym_table(SYNONYMS["groups"] if isinstance(SYNONYMS, dict) else SYNONYMS)
TRICKY = ["pelayanan", "layanan", "kependudukan", "penduduk", "perizinan", "izin", "pemadam", "padam",
          "perumahan", "rumah", "penyuluhan", "menyampaikan", "laporkan", "dinas", "terang", "KTP-el",
          "Akta", "Kelahiran", "pengaduannya", "bukankah", "pun", "12", "e-KTP", "Puskesmas", "Pelayanan!",
          "Ça va", "jalan   berlubang", "ter", "meng", "penyakit", "bersih", "keluhanmu", "jalan2", "hak2nya",
          "smpn2", "tolonggg", "Sampahhh!!", "bolong2an", "sd2", "pppk", "lamaaa"]


def test_the_stemmer_joins_the_words_citizens_mix():
    for a, b in [("pelayanan", "layanan"), ("kependudukan", "penduduk"), ("perizinan", "izin"),
                 ("pemadam", "padam"), ("perumahan", "rumah")]:
        assert set(stems(a)) & set(stems(b)), (a, b)
    assert stems("dinas") == ("dinas",)  # short words are not cut: not di- + nas


def test_synonyms_add_a_concept_and_never_delete_the_words():
    assert words("e-KTP hilang", TABLE) == ("e", "ktp", "hilang")
    assert set(words("kartu tanda penduduk hilang", TABLE)) >= {"kartu", "tanda", "penduduk", "hilang", "ktp"}
    assert words("jalan berlubang", TABLE) == ("jalan", "berlubang", "jalan_rusak")
    assert words("jalan rusak", TABLE) == ("jalan", "rusak", "jalan_rusak")  # the first member names it too
    assert words("Pajak Bumi dan Bangunan", TABLE) == ("pajak", "bumi", "dan", "bangunan", "pbb")
    assert normalise("  Çafé—KTP!! ") == "cafe ktp"


def test_a_query_is_never_rewritten_into_repeated_words():
    found = words("lampu penerangan jalan", TABLE)
    assert found[:3] == ("lampu", "penerangan", "jalan") and len(found) == len(set(found))


def test_expand_adds_each_concept_once_in_table_order():
    table = (("b c", "x"), ("a", "z"), ("c", "x"))
    assert expand("a b c b c", table) == ("a", "b", "c", "b", "c", "x", "z")
    assert expand("", table) == ()


def test_held_letters_and_words_doubled_with_a_2_read_as_the_word():
    assert normalise("jalan2 rusakkk PARAHHH!!") == "jalan rusak parah"
    assert normalise("hak2nya ga dikasih, cair2") == "haknya ga dikasih cair"
    assert normalise("smpn2 dan sd2, ak/1, 1000") == "smpn2 dan sd2 ak 1 1000"  # a number, not a doubling
    assert normalise("lamaaa bgttt, pppk www") == "lama bgt pppk w"  # an abbreviation keeps its letters
    assert normalise("sekolah maaf") == "sekolah maaf"  # two letters are a spelling, not a held letter


def test_the_region_name_is_a_stop_word():
    assert region_stopwords("Kabupaten Blora") == ("kabupaten", "blora")


def test_the_indexers_bound_reader_reads_like_words():
    texts = TRICKY + [" ".join(TRICKY), "Kartu Tanda Penduduk elektronik (e-KTP) hilang", "ÉLÈVE Ñ ß ﬁ", "", "—"]
    read = word_reader(TABLE)
    assert [read(t) for t in texts] == [words(t, TABLE) for t in texts]
    assert normalise("ÉLÈVE ﬁ") == "eleve fi"  # the non-ASCII path still folds accents and ligatures


@pytest.mark.browser
def test_the_script_reduces_words_exactly_like_the_index_builder(chromium, tmp_path):
    out = tmp_path / "output"
    assert run_cli("build", "--out", str(out)).returncode == 0
    index = json.loads((out / "search-index.json").read_text(encoding="utf-8"))
    vocabulary = sorted({w for docs in index["docs"] for doc in docs for field in doc for w in normalise(field).split()}
                        | {w for row in index["agencies"] for w in normalise(f"{row[1]} {row[2]}").split()})
    samples = TRICKY + vocabulary
    texts = TRICKY + [" ".join(group) for group in (SYNONYMS["groups"] if isinstance(SYNONYMS, dict) else SYNONYMS)]
    with serve_directory(out) as base:
        page = chromium.new_page()
        page.goto(base)
        page.wait_for_function("() => window.akunResmiText !== undefined")
        js = page.evaluate("""([samples, texts, table, groups]) => ({
            stems: samples.map(w => akunResmiText.stems(akunResmiText.normalise(w).split(' ')[0] || '')),
            texts: texts.map(t => akunResmiText.expand(akunResmiText.normalise(t), table)),
            table: akunResmiText.table(groups),
        })""", [samples, texts, [list(p) for p in TABLE], index["synonyms"]])
        page.close()
    py_stems = [list(stems((normalise(w).split(" ") or [""])[0])) for w in samples]
    assert [sorted(s) for s in js["stems"]] == py_stems
    assert js["texts"] == [list(expand(normalise(t), TABLE)) for t in texts]
    assert js["table"] == [list(p) for p in TABLE]  # the script builds the synonym table the index used to carry
    assert len(samples) > 500  # the whole bundled vocabulary, not a token list


@pytest.fixture(scope="module")
def bundled(chromium, tmp_path_factory):
    """The bundled site, built once and served, with one page that answers queries."""
    out = tmp_path_factory.mktemp("search") / "output"
    assert run_cli("build", "--out", str(out)).returncode == 0
    with serve_directory(out) as base:
        page = chromium.new_page()
        page.goto(base)
        yield page
        page.close()


def ask(page, query: str) -> tuple[list[str], list[str]]:
    """The agencies of the cards shown for a query, and the emergency numbers offered before them."""
    page.fill("#q", "")
    page.fill("#q", query)
    page.wait_for_selector("#hasil p.help")
    cards = page.eval_on_selector_all("#hasil ol > li > a:first-child", "els => els.map(e => e.getAttribute('href'))")
    phones = page.eval_on_selector_all("#hasil a[href^='tel:']", "els => els.map(e => e.getAttribute('href'))")
    return [href.split("/")[-2] for href in cards], [p.removeprefix("tel:") for p in phones]


@pytest.mark.browser
@pytest.mark.parametrize("query, first", [
    ("antrian di kantor capil panjang banget dari subuh", "dindukcapil"),  # everyday words do not make it unsure
    ("bikin paspor buat umroh", None),  # a body outside the regency
    ("paspor hilang", None),  # "hilang" is an everyday word, no evidence for the KTP service
    ("sertifikat tanah belum jadi", None),  # an outside phrase whose words the directory also uses
    ("pelayanan kantor lambat", None),  # only everyday words
    ("kartu hilang", None),  # which card? everyday words rank but are no evidence
    ("camat", None),  # a word sixteen agencies share says not which one
    ("bank sampah di desa", "dlh"),  # one outside word ("bank") against stronger evidence
    ("limbah minyak sumur tua cepu mencemari sawah", "dlh"),  # a place says where, not what
    ("kantor camat randublatung tutup", "kecamatan-randublatung"),  # ... unless the office is meant
    ("randublatung", "kecamatan-randublatung"),  # ... or nothing else is said
    ("kartu kluarga ilang", "dindukcapil"),  # a word without some vowels is the word it shortens
    ("jln rusk bnyk lubang", "dpupr"),
    ("dalane rusak", "dpupr"),  # Javanese -e/-ne
    ("uwuhe numpuk2", "dlh"),  # ... and a word doubled with a 2
    ("istri dipukulin suami", "dp3ap2kb"),  # Jakartan -in is -kan/-i
    ("tlng jln rsk", "dpupr"),  # tolong, not tilang (a police matter): an everyday word is the likelier one
])
def test_the_confidence_model_answers_not_found_only_without_evidence(bundled, query, first):
    cards, _ = ask(bundled, query)
    assert (cards[0] if cards else None) == first, cards
    assert bool(bundled.locator("#hasil .not-found").count()) == (first is None)


@pytest.mark.browser
@pytest.mark.parametrize("query, phones, first", [
    ("sampah dibakar", [], "dlh"),  # burning rubbish is an environment complaint, not a fire
    ("tetangga bakar sampah tiap sore", [], "dlh"),
    ("demam berdarah", [], "dinkes"),  # a disease, not bleeding (119)
    ("akta kelahiran anak", [], "dindukcapil"),  # a certificate, not giving birth (119)
    ("rumah terbakar", ["113"], None),  # the emergency words themselves always call for help
    ("kebakaran sampah di TPA", ["113"], None),
])
def test_a_word_of_an_everyday_phrase_does_not_call_an_emergency_number(bundled, query, phones, first):
    cards, shown = ask(bundled, query)
    assert shown == phones
    assert first is None or cards[0] == first, cards
