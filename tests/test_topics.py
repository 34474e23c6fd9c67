"""The dev server's topic index (site/topics.py), kept between builds and brought up to date agency by
agency, is the index computed whole (views._topics), after any sequence of edits."""

from __future__ import annotations

import random
from pathlib import Path

from akunresmi.build.builder import Builder
from akunresmi.build.pipeline import BuildOptions, read_content, render_directory
from akunresmi.i18n import load_catalogue
from akunresmi.site.views import SiteFacts, _topics
from conftest import Content

# Spellings that share a topic ("Banjir", "banjir"), terms on other letters and none ("0-9")
WORDS = ["banjir", "Banjir", "jalan rusak", "Jalan Rusak", "sampah", "KTP", "ktp", "air bersih", "lampu jalan",
         "112 darurat", "akta", "Akta", "zonasi", "pajak", "Pajak bumi"]
NAMES = ["Dinas Alfa", "Badan Beta", "Dinas Gama", "Kantor Delta"]


def _agency(rng: random.Random) -> str:
    services = []
    for _ in range(rng.randint(1, 3)):
        keywords = rng.sample(WORDS, rng.randint(0, 4))
        services.append(f"  - name: {rng.choice(WORDS)}\n    keywords: [{', '.join(keywords)}]\n")
    kind = rng.choice(["dinas", "dinas", "dinas", "pimpinan"])  # a leader is on no topic
    return f"name: {rng.choice(NAMES)}\nkind: {kind}\nservices:\n" + "".join(services)


def test_the_kept_topic_index_is_the_whole_one_after_random_edits(content: Content, tmp_path: Path):
    rng = random.Random(20261130)
    options = BuildOptions(content.root, tmp_path / "out")
    slugs = [f"instansi-{i}" for i in range(8)]
    for slug in slugs[:5]:
        content.agency(slug, _agency(rng))
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    reused = remade = 0
    for _ in range(30):
        before = dict(builder.topic_index.letters)
        content.edit_at_random(rng, rng.sample(slugs, rng.randint(1, 3)), _agency)
        files = builder.render(builder.read())
        directory = read_content(options)
        whole = _topics(SiteFacts.of(directory, load_catalogue(directory.site.language)))
        assert dict(sorted(builder.topic_index.letters.items())) == whole
        fresh = render_directory(directory, options)
        assert {p: d for p, d in files.items() if p.startswith("topik/")} == \
            {p: d for p, d in fresh.items() if p.startswith("topik/")}
        letters = builder.topic_index.letters
        reused += sum(1 for letter in letters if letters[letter] is before.get(letter))
        remade += sum(1 for letter in letters if letters[letter] is not before.get(letter))
    assert reused > 0 and remade > 0  # the index was kept, and brought up to date
