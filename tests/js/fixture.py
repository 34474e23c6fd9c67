"""The fixture the Node tests of static/search.js read (tests/js/*.test.mjs): real built sites and the
Python side's own answers, written into one folder.

    python tests/js/fixture.py DIR

- DIR/blora/: the bundled site, built by build.py (home page and search-index.json);
- DIR/uji/: a small site whose agencies have what the bundled content lacks (superseded, a dormant
  fallback, an active account that has not posted for longer than silent_days);
- DIR/vectors.json: akunresmi/site/textnorm.py's normalise, stems and expand on the tricky words, the
  whole bundled vocabulary and every synonym group, which search.js must reproduce word for word;
- DIR/national.json: the posts' sentences as the bundled region's index has them in the national build
  (views.post_texts), which page.test.mjs puts onto the bundled index with the province's account;
- DIR/relevance.json: tests/relevance/queries.yaml as scripts/eval_search.py reads it, and the floor
  tests/test_relevance.py holds the search to.

Nothing here is written by hand twice: the words, the queries and the floor come from where the
Python tests take them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

import yaml  # noqa: E402

import eval_search  # noqa: E402
from akunresmi.site.textnorm import expand, normalise, stems, synonym_table  # noqa: E402
from test_relevance import FLOOR  # noqa: E402
from test_search import TRICKY  # noqa: E402
from conftest import AGENCIES, SITE  # noqa: E402

# The same "today" as every build of the test suite (tests/conftest.py), so staleness is stable.
SOURCE_DATE_EPOCH = "1795824000"

# The small site of the Python tests (tests/conftest.py), with what the bundled content lacks: a
# superseded agency, one whose fallback is dormant, and an active account that may be silent.
SMALL_SITE = SITE

SMALL_AGENCIES = {
    "humas": AGENCIES["humas"],
    "bkd": AGENCIES["bkd"],
    "kantor-lama": """\
        name: Kantor Arsip Lama
        kind: kantor
        superseded_by: humas
        services:
          - name: Arsip kearsipan
            keywords: [arsip]
        """,
    "dinas-zeta": """\
        name: Dinas Zeta
        kind: dinas
        fallback: bkd
        services:
          - name: Perizinan zeta
            keywords: [zeta]
        """,
    # Active, but its last post is older than silent_days (90) before the build's date: possibly silent.
    "dinas-sepi": """\
        name: Dinas Sepi
        kind: dinas
        twitter: SepiUji
        active: true
        status_checked: "2026-10-01"
        source: Pemeriksaan Humas
        last_post: "2026-08-01"
        services:
          - name: Pentas gamelan
            keywords: [gamelan]
        """,
}


def build(out: Path, content: Path | None = None) -> None:
    args = [sys.executable, str(ROOT / "build.py"), "build", "--out", str(out)]
    if content:
        args += ["--content", str(content)]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    if result.returncode:
        sys.exit(result.stderr)


def small_content(root: Path) -> Path:
    (root / "agencies").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SMALL_SITE, encoding="utf-8")
    for slug, text in SMALL_AGENCIES.items():
        (root / "agencies" / f"{slug}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def vectors(index: dict) -> dict:
    """What the Python side answers; search.js must answer the same."""
    synonyms = yaml.safe_load((ROOT / "content" / "synonyms.yaml").read_text(encoding="utf-8"))
    groups = synonyms["groups"] if isinstance(synonyms, dict) else synonyms
    table = synonym_table(groups)
    vocabulary = sorted({w for docs in index["docs"] for doc in docs for field in doc[1:] for w in field.split()})
    extra = ["ÉLÈVE Ñ ß ﬁ", "  Çafé—KTP!! ", "", "—", "Kartu Tanda Penduduk elektronik (e-KTP) hilang",
             "perizinan123", "2024", "menyapu", "ngurus", "nyapu", "ngelas", "numpuk", "pengaduannyalah",
             "memperpanjang", "diperbaiki", "kebakaran", "terbakar", "berlubang", "penyuluhannya",
             "pelayanan2", "2pelayanan", "ktp2024", "2024",
             # a word doubled with a 2 that starts with a vowel, or with two consonants
             "anak2", "truk2 parkir",
             # a phrase's first word alone, and the rest of the phrase after a longer word ending like it
             "jalan sejalan berlubang", "jalan berlubangnya",
             # every particle and possessive ending, on a word that is long enough to lose it
             "rumahlah", "siapakah", "apatah", "rumahpun", "rumahnya", "rumahku", "rumahmu", "apanya",
             # a prefix that swallows no letter before a vowel, and a prefix that would leave too little
             "meubah", "peubah", "seutas", "ngeedit", "pengap", "kemenangan", "dipenuhi"]
    words = sorted(set(TRICKY + extra + vocabulary + [w for g in groups for m in g for w in normalise(m).split()]))
    # Each group whole, and each member alone: a phrase that is the whole text starts and ends it.
    texts = TRICKY + extra + [" ".join(g) for g in groups] + sorted({m for g in groups for m in g})
    return {
        "normalise": [[t, normalise(t)] for t in TRICKY + extra],
        "stems": [[w, list(stems(normalise(w).split(" ")[0]))] for w in words],
        "table": [list(p) for p in table],
        "expand": [[t, list(expand(normalise(t), table))] for t in texts],
    }


def national_post_texts() -> dict[str, str]:
    """The bundled region's post sentences as a region of the national build writes them."""
    from dataclasses import replace  # noqa: PLC0415
    from datetime import date  # noqa: PLC0415

    from akunresmi.content.reader import read_directory  # noqa: PLC0415
    from akunresmi.i18n import load_catalogue  # noqa: PLC0415
    from akunresmi.site.views import post_texts  # noqa: PLC0415

    site = read_directory(ROOT / "content", date.today(), cwd=ROOT).site
    return post_texts(replace(site, in_national=True), load_catalogue(site.language))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.exit(__doc__)
    out = Path(argv[0]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    build(out / "blora")
    build(out / "uji", small_content(out / "uji-content"))
    index = json.loads((out / "blora" / "search-index.json").read_text(encoding="utf-8"))
    (out / "vectors.json").write_text(json.dumps(vectors(index), ensure_ascii=False), encoding="utf-8")
    (out / "national.json").write_text(json.dumps({"text": national_post_texts()}, ensure_ascii=False),
                                       encoding="utf-8")
    cases = [{"q": c.query, "accept": list(c.accept)} for c in eval_search.load_cases(eval_search.QUERIES)]
    (out / "relevance.json").write_text(json.dumps({"floor": FLOOR, "queries": cases}, ensure_ascii=False),
                                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
