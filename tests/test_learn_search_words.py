"""scripts/learn_search_words.py: which words of the labelled complaints it learns for an agency, how it
rewrites an agency file's search_words (and nothing else), and that the bundled content holds exactly what
it learns from the tuning sets, never from the held-out ones."""

from __future__ import annotations

import sys

import yaml

from conftest import ROOT, SITE, TODAY
from akunresmi.content.reader import read_directory

sys.path.insert(0, str(ROOT / "scripts"))
import learn_search_words as learn  # noqa: E402
from eval_search import Case  # noqa: E402


def complaints(query: str, slug: str | None, writers: int, each: int = 1) -> dict[str, list[Case]]:
    """`each` complaints saying `query` in each of `writers` sets."""
    accept = (slug,) if slug else ()
    return {f"set{w}.yaml": [Case(query, accept)] * each for w in range(writers)}


def merged(*sets: dict[str, list[Case]]) -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = {}
    for one in sets:
        for name, cases in one.items():
            out.setdefault(name, []).extend(cases)
    return out


def test_a_word_three_writers_use_for_one_agency_is_learned_and_nothing_weaker(content):
    directory = read_directory(content.root, TODAY)
    sets = merged(
        complaints("gusi bengkak berdarah", "dinkes", writers=3),  # learned: three writers, only dinkes
        complaints("anak muntah terus", "dinkes", writers=2, each=2),  # four complaints, two writers: not
        complaints("nik ganda", "dindukcapil", writers=3),
        complaints("nik salah ketik", None, writers=1),  # "nik": 3 of 4 complaints Dukcapil's, below 0.8
        complaints("puskesmasnya tutup", "dinkes", writers=3),  # the agency has it; "tutup" is an everyday word
        complaints("tolong saya 2024", "dinkes", writers=3),  # a stop word and a number
        complaints("gigi blora", "dinkes", writers=3),  # "blora" names a region (not this one): never learned
    )
    words = learn.learned_words(directory, sets)
    assert words == {"dinkes": ["bengkak", "berdarah", "gigi", "gusi"],
                     "dindukcapil": ["ganda"]}, words


def test_the_regions_own_name_and_its_places_are_never_learned(content):
    content.agency("kecamatan-uji", "name: Kecamatan Sukamaju\nkind: kecamatan\nservices:\n  - Surat pengantar\n")
    directory = read_directory(content.root, TODAY)
    words = learn.learned_words(directory, complaints("jalan uji sukamaju becek", "dinkes", writers=3))
    assert words == {"dinkes": ["becek", "jalan"]}, words


def test_the_name_of_any_region_is_never_learned(content):
    """"surabaya" (from "pindah dari surabaya", Dukcapil's) would make "kuliah di surabaya" Dukcapil's."""
    directory = read_directory(content.root, TODAY)
    words = learn.learned_words(directory, complaints("pindah dari surabaya ke sini", "dindukcapil", writers=3))
    assert words == {"dindukcapil": ["pindah"]}, words


def test_an_emergencys_words_are_never_learned_by_stem(content):
    """"berdarah" (from "demam berdarah", the health office's) shares its stem with the emergency word
    "pendarahan": learned, it would put the health office before the hospital under "Telepon 119"."""
    content.raw("site.yaml", SITE + 'emergency:\n  - number: "119"\n    name: Ambulans\n'
                '    source: "https://www.kemkes.go.id"\n    words: [pendarahan, luka parah]\n')
    directory = read_directory(content.root, TODAY)
    words = learn.learned_words(directory, complaints("demam berdarah anak lemas", "dinkes", writers=3))
    assert words == {"dinkes": ["demam", "lemas"]}, words


def test_the_block_is_appended_replaced_or_removed_and_nothing_else_moves():
    text = "name: Dinas Kesehatan  # nama resmi\nkind: dinas\nservices:\n  - Puskesmas\n"
    words = [f"kata{chr(97 + i)}{'x' * (i % 7)}" for i in range(26)]
    once = learn.with_words(text, words)
    assert once.startswith(text) and learn.with_words(once, words) == once
    assert yaml.safe_load(once)["search_words"] == words
    assert all(len(line) <= learn.WIDTH for line in once.splitlines())
    again = learn.with_words(once, ["gigi"])
    assert again == text + learn.COMMENT + "\nsearch_words: [gigi]\n"
    assert learn.with_words(again, []) == text
    # Written by hand in the middle, without the comment: replaced where it was, the keys after it kept.
    middle = "name: Dinas Kesehatan\nsearch_words: [a1,\n  b2]\nkind: dinas\nservices:\n  - Puskesmas\n"
    assert learn.with_words(middle, []) == "name: Dinas Kesehatan\nkind: dinas\nservices:\n  - Puskesmas\n"


def test_the_bundled_content_holds_what_the_tuning_sets_teach_and_nothing_from_the_held_out_ones():
    sets = learn.tuning_sets()
    assert "queries.yaml" in sets and "heldout13.yaml" in sets
    assert not {"heldout14.yaml", "heldout15.yaml", "heldout16.yaml", "heldout17.yaml", "heldout18.yaml"} & set(sets)
    directory = read_directory(ROOT / "content", TODAY)
    words = learn.learned_words(directory, sets)
    held = {a.slug: list(a.search_words) for a in directory.agencies if a.search_words}
    assert held == words, "run: make search-words"
    assert sum(map(len, words.values())) > 100
