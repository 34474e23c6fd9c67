"""The search's word handling: the Python normaliser that builds the index and the script that reduces
the query must agree word for word, or a citizen's query misses what the index holds."""

from __future__ import annotations

import json

import pytest
import yaml

from akunresmi.site.textnorm import canonicalise, normalise, stems, synonym_table, word_reader, words
from conftest import ROOT, run_cli, serve_directory

SYNONYMS = yaml.safe_load((ROOT / "content" / "synonyms.yaml").read_text(encoding="utf-8"))
TABLE = synonym_table(SYNONYMS["groups"] if isinstance(SYNONYMS, dict) else SYNONYMS)
TRICKY = ["pelayanan", "layanan", "kependudukan", "penduduk", "perizinan", "izin", "pemadam", "padam",
          "perumahan", "rumah", "penyuluhan", "menyampaikan", "laporkan", "dinas", "terang", "KTP-el",
          "Akta", "Kelahiran", "pengaduannya", "bukankah", "pun", "12", "e-KTP", "Puskesmas", "Pelayanan!",
          "Ça va", "jalan   berlubang", "ter", "meng", "penyakit", "bersih", "keluhanmu"]


def test_the_stemmer_joins_the_words_citizens_mix():
    for a, b in [("pelayanan", "layanan"), ("kependudukan", "penduduk"), ("perizinan", "izin"),
                 ("pemadam", "padam"), ("perumahan", "rumah")]:
        assert set(stems(a)) & set(stems(b)), (a, b)
    assert stems("dinas") == ("dinas",)  # short words are not cut: not di- + nas


def test_synonyms_fold_abbreviations_and_phrases():
    assert words("e-KTP hilang", TABLE) == words("KTP hilang", TABLE)
    assert words("jalan berlubang", TABLE) == words("jalan rusak", TABLE)
    assert normalise("  Çafé—KTP!! ") == "cafe ktp"


def test_canonicalise_applies_pairs_in_order_and_chains_like_the_script():
    table = (("b c", "x"), ("x", "y"), ("a", "z"))
    assert canonicalise("a b c b c", table) == "z y y"


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
    vocabulary = sorted({w for doc in index["docs"] for field in doc[2:] for w in field.split()})
    samples = TRICKY + vocabulary
    texts = TRICKY + [" ".join(group) for group in (SYNONYMS["groups"] if isinstance(SYNONYMS, dict) else SYNONYMS)]
    with serve_directory(out) as base:
        page = chromium.new_page()
        page.goto(base)
        page.wait_for_function("() => window.akunResmiText !== undefined")
        js = page.evaluate("""([samples, texts, table]) => ({
            stems: samples.map(w => akunResmiText.stems(akunResmiText.normalise(w).split(' ')[0] || '')),
            texts: texts.map(t => akunResmiText.canonicalise(akunResmiText.normalise(t), table)),
        })""", [samples, texts, [list(p) for p in TABLE]])
        page.close()
    py_stems = [list(stems((normalise(w).split(" ") or [""])[0])) for w in samples]
    assert [sorted(s) for s in js["stems"]] == py_stems
    assert js["texts"] == [canonicalise(normalise(t), TABLE) for t in texts]
    assert len(samples) > 500  # the whole bundled vocabulary, not a token list
