"""Words as citizens type them → comparable tokens (case, accents, synonyms, Indonesian affixes).

static/search.js carries the same steps for the query; tests/browser compare the two on a word list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
MIN_STEM = 3
MIN_PREFIXED = 6  # shorter words are left whole: "dinas" is not di- + "nas"
PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
SUFFIXES = ("kan", "an")
# Prefix → the letter it may have swallowed or may share with the root (pemadam ← padam,
# perumahan ← rumah); the word itself is always kept too, since some roots look prefixed (terang).
PREFIXES = (("meng", "k"), ("peng", "k"), ("meny", "s"), ("peny", "s"), ("mem", "p"), ("pem", "p"),
            ("men", "t"), ("pen", "t"), ("per", "r"), ("ber", "r"), ("ter", "r"), ("me", ""), ("pe", ""),
            ("di", ""), ("ke", ""), ("se", ""))
_VOWELS = "aeiou"


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, accents removed, every run of punctuation a single space."""
    lowered = text.lower()
    if lowered.isascii():  # nearly every text: nothing to decompose (3 s → 0.3 s at 20,000 agencies)
        return _NON_ALNUM.sub(" ", lowered).strip()
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped).strip()


def _strip_end(word: str, endings: Iterable[str]) -> str:
    for end in endings:
        if word.endswith(end) and len(word) - len(end) >= MIN_STEM:
            return word[: -len(end)]
    return word


def _suffix_variants(word: str) -> set[str]:
    """-kan and -an are ambiguous without a dictionary (laporkan, kependudukan): keep both readings."""
    return {word[: -len(end)] for end in SUFFIXES
            if word.endswith(end) and len(word) - len(end) >= MIN_STEM} or {word}


def _prefix_variants(word: str) -> set[str]:
    if len(word) < MIN_PREFIXED:
        return {word}
    for start, swallowed in PREFIXES:
        rest = word[len(start):]
        if word.startswith(start) and len(rest) >= MIN_STEM:
            variants = {rest}
            if swallowed and (rest[0] in _VOWELS or swallowed == "r"):
                variants.add(swallowed + rest)
            inner = set().union(*(_prefix_variants(v) if v.startswith(("pe", "me")) else {v} for v in variants))
            return inner | {word}
    return {word}


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The possible stems of a word (a light Indonesian stemmer): pelayanan → layan, perizinan → izin.

    No dictionary, so some stems are not real words, and an ambiguous word has more than one;
    what matters is that a query and the index reduce the same word the same way.
    """
    if word.isdigit() or len(word) <= MIN_STEM:
        return (word,)
    word = _strip_end(_strip_end(word, PARTICLES), POSSESSIVES)
    return tuple(sorted(set().union(*(_prefix_variants(w) for w in _suffix_variants(word)))))


def synonym_table(groups: Iterable[Iterable[str]]) -> tuple[tuple[str, str], ...]:
    """(phrase, canonical) pairs, longest phrase first, each group mapped to its first member."""
    pairs = []
    for group in groups:
        members = [normalise(word) for word in group]
        canonical = members[0]
        pairs += [(member, canonical) for member in members[1:] if member and member != canonical]
    return tuple(sorted(set(pairs), key=lambda p: (-len(p[0]), p[0])))


def canonicalise(text: str, table: tuple[tuple[str, str], ...]) -> str:
    """Replace every synonym phrase (on word boundaries) with its group's first member.

    The pairs apply in table order, each on the result of the ones before (static/search.js does
    the same); a pair is skipped when the text cannot contain it, which is what keeps indexing
    20,000 agencies fast.
    """
    return _canonicalise(text, _with_first_words(table))


def _canonicalise(text: str, prepared: tuple[tuple[str, str, str], ...]) -> str:
    padded = f" {text} "
    present = set(text.split())
    for phrase, canonical, first_word in prepared:
        if first_word not in present:
            continue
        while f" {phrase} " in padded:
            padded = padded.replace(f" {phrase} ", f" {canonical} ")
        present.update(canonical.split())
    return padded.strip()


@lru_cache(maxsize=8)
def _with_first_words(table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple((phrase, canonical, phrase.split()[0]) for phrase, canonical in table)


def words(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The normalised words of a text after synonyms are folded together."""
    return word_reader(table)(text)


def word_reader(table: tuple[tuple[str, str], ...]) -> Callable[[str], tuple[str, ...]]:
    """words() bound to one table, for indexing many texts: no cache key hashing the table per text."""
    prepared = _with_first_words(table)

    def read(text: str) -> tuple[str, ...]:
        return tuple(_canonicalise(normalise(text), prepared).split())

    return read


# Words that say nothing about which agency is meant; the query drops them.
STOPWORDS = ("saya", "aku", "kami", "di", "ke", "dari", "yang", "dan", "atau", "ini", "itu", "ada", "tidak",
             "mau", "ingin", "soal", "tentang", "tolong", "mohon", "bagaimana", "gimana", "kok", "sudah", "belum",
             "dengan", "untuk", "pada", "lapor", "melapor", "laporan", "keluhan", "mengeluh", "the", "a")
