"""Search words learned from the labelled complaints: the words citizens use for an agency's matters that
its name, services and keywords do not say ("banjr", "sepinggang", "flood" for BPBD), written into each
agency file's `search_words`, which only the search reads.

    python scripts/learn_search_words.py [--write] [--content DIR]

A word is learned for an agency when, in the tuning sets of tests/relevance/ (the sets `make eval` marks
"tuning": never the held-out ones), at least MIN_COMPLAINTS complaints by at least MIN_WRITERS writers
(sets) use it, at least PRECISION of all the complaints that use it (those no agency handles included)
are the agency's first answer, and the agency does not already have it (by stem). Everyday, stop and
outside words, the region's own name and places, the one-word name of any region in the official list,
words with digits and the words of the region's emergencies (by stem) are never learned. docs/search.md
(sixteenth round) has how these rules were chosen: leave one writer's set out, learn from the others,
measure the left-out set.

Without --write, prints what each agency would get. With it, rewrites the `search_words` block at the end
of each agency file (removing it where nothing is learned); every other line stays as it is. Hand edits
to the block are replaced on the next run: a word that must stay belongs in a service's keywords.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from akunresmi.content.reader import read_directory  # noqa: E402
from akunresmi.model import Agency, Directory  # noqa: E402
from akunresmi.regions import region_list  # noqa: E402
from akunresmi.site.search import place_name, place_words  # noqa: E402
from akunresmi.site.textnorm import COMMON, OUTSIDE, STOPWORDS, normalise, region_stopwords, stems  # noqa: E402
from eval_search import SETS, Case, load_cases  # noqa: E402

MIN_COMPLAINTS = 3
MIN_WRITERS = 3
PRECISION = 0.8
MAX_WORDS = 60  # the schema's limit; the most used first
KEY = "search_words"
COMMENT = "# Kata dari keluhan contoh, hanya untuk pencarian: ditulis ulang oleh scripts/learn_search_words.py."
WIDTH = 110


def tuning_sets() -> dict[str, list[Case]]:
    """The sets the search may learn from, by file name: the held-out sets never."""
    return {path.name: load_cases(path) for label, path in SETS.items() if "tuning" in label}


def learned_words(directory: Directory, sets: dict[str, list[Case]]) -> dict[str, list[str]]:
    """Slug → the words learned for it, sorted."""
    never = (set(STOPWORDS) | set(COMMON) | {w for w in OUTSIDE if " " not in w}
             | set(region_stopwords(directory.site.region)) | set(place_words(directory)) | region_names())
    # An emergency's words put its number first and its own agencies (site.yaml) after it: "berdarah", from
    # "demam berdarah", would make "pendarahan hebat" the health office's before the hospital's.
    urgent = {stem for e in directory.site.emergency for w in e.words for word in normalise(w).split()
              for stem in stems(word)}
    used, theirs = Counter(), Counter()  # word → complaints; (word, slug) → complaints
    writers: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for name, cases in sets.items():
        for case in cases:
            for word in set(normalise(case.query).split()) - never:
                if len(word) < 3 or any(c.isdigit() for c in word) or set(stems(word)) & urgent:
                    continue
                used[word] += 1
                if case.accept:
                    theirs[word, case.accept[0]] += 1
                    writers[word, case.accept[0]].add(name)
    known = {a.slug: _stems_of(a) for a in directory.agencies}
    found: defaultdict[str, list[str]] = defaultdict(list)
    for (word, slug), n in theirs.items():
        if (n >= MIN_COMPLAINTS and len(writers[word, slug]) >= MIN_WRITERS and n >= PRECISION * used[word]
                and slug in known and not set(stems(word)) & known[slug]):
            found[slug].append(word)
    return {slug: sorted(sorted(words, key=lambda w: -theirs[w, slug])[:MAX_WORDS]) for slug, words in found.items()}


def region_names() -> set[str]:
    """The one-word names of Indonesia's regions as citizens write them ("surabaya", "grobogan"): a place
    says where, not what ("pindah dari surabaya" taught Dukcapil "surabaya", which then answered "kuliah
    di surabaya")."""
    regions = region_list()
    names = (place_name(r.name) for r in [*regions.provinces.values(), *regions.regencies.values()])
    return {name for name in names if " " not in name}


def _stems_of(agency: Agency) -> set[str]:
    """The stems of every word the index already has for the agency (descriptions are not indexed)."""
    texts = [agency.name, agency.short_name, agency.handle or ""]
    texts += [t for s in agency.services for t in (s.name, *s.keywords)]
    return {stem for word in normalise(" ".join(texts)).split() for stem in stems(word)}


_BLOCK = re.compile(rf"(?m)^(?:{re.escape(COMMENT)}\n)?{KEY}:.*\n(?:[ \t]+.*\n|[ \t]*\n(?=[ \t]))*")


def with_words(text: str, words: list[str]) -> str:
    """An agency file's text with its search_words block replaced by one for `words` (none: removed)."""
    text = _BLOCK.sub("", text if text.endswith("\n") else text + "\n")
    if not words:
        return text
    lines, line = [], f"{KEY}: ["
    for i, word in enumerate(words):
        piece = word + ("," if i < len(words) - 1 else "]")
        if len(line) + len(piece) + 1 > WIDTH and not line.endswith("["):
            lines.append(line)
            line = "  " + piece
        else:
            line += ("" if line.endswith("[") else " ") + piece
    return text + "\n".join([COMMENT, *lines, line]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--write", action="store_true", help="rewrite the agency files' search_words")
    args = parser.parse_args(argv)
    directory = read_directory(args.content, date.today())
    words = learned_words(directory, tuning_sets())
    for agency in directory.agencies:
        mine = words.get(agency.slug, [])
        path = args.content / "agencies" / f"{agency.slug}.yaml"
        if args.write:
            text = path.read_text(encoding="utf-8")
            new = with_words(text, mine)
            if new != text:
                path.write_text(new, encoding="utf-8")
        print(f"{agency.slug}: {' '.join(mine)}")
    print(f"{sum(map(len, words.values()))} words for {len(words)} agencies", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
