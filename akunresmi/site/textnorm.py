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
            ("di", ""), ("ke", ""), ("se", ""), ("nge", ""), ("ng", "k"), ("ny", "s"), ("n", "t"))
# The last four are the informal nasal prefixes of everyday Indonesian: ngurus ~ mengurus,
# nyapu ~ menyapu, ngelas ~ mengelas, numpuk ~ menumpuk.
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
    """(phrase, concept) pairs, longest phrase first: every member of a group, its first one included,
    names the group's concept, written as the first member with "_" between its words (one token)."""
    pairs = []
    for group in groups:
        members = [normalise(word) for word in group]
        concept = "_".join(members[0].split())
        pairs += [(member, concept) for member in members if member and member != concept]
    return tuple(sorted(set(pairs), key=lambda p: (-len(p[0]), p[0])))


def expand(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The words of a normalised text, then the concept of every synonym phrase found in it.

    Synonyms add, never replace: "pajak bumi dan bangunan" keeps its four words and gains `pbb`,
    so a query can match either; a concept already present is not added twice. static/search.js
    expands the query the same way.
    """
    return _expand(text, _with_first_words(table))


def _expand(text: str, prepared: tuple[tuple[str, str, str], ...]) -> tuple[str, ...]:
    found = text.split()
    present = set(found)
    padded = f" {text} "
    for phrase, concept, first_word in prepared:
        # Skipping a pair the text cannot contain keeps indexing 20,000 agencies fast.
        if first_word in present and concept not in present and f" {phrase} " in padded:
            found.append(concept)
            present.add(concept)
    return tuple(found)


@lru_cache(maxsize=8)
def _with_first_words(table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple((phrase, concept, phrase.split()[0]) for phrase, concept in table)


def words(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The normalised words of a text with the concepts of its synonym phrases added."""
    return word_reader(table)(text)


def word_reader(table: tuple[tuple[str, str], ...]) -> Callable[[str], tuple[str, ...]]:
    """words() bound to one table, for indexing many texts: no cache key hashing the table per text."""
    prepared = _with_first_words(table)

    def read(text: str) -> tuple[str, ...]:
        return _expand(normalise(text), prepared)

    return read


def region_stopwords(region: str) -> tuple[str, ...]:
    """The site's own region says nothing about which agency is meant: "Kabupaten Blora" → both words."""
    return tuple(normalise(region).split())


# Words that say nothing about which agency is meant; the query drops them (the index keeps them:
# BM25's inverse document frequency already weighs them down there). Function words, pronouns,
# forms of address, fillers and the verbs of complaining, as citizens write them.
STOPWORDS = ("saya", "aku", "sy", "gw", "gue", "kami", "kita", "kamu", "anda", "dia", "mereka", "kalian",
             "di", "ke", "dari", "yang", "yg", "dan", "dn", "atau", "ini", "itu", "tsb", "ada", "tidak", "tdk",
             "gak", "ga", "nggak", "enggak", "mau", "ingin", "pengen", "soal", "tentang", "ttg", "tolong",
             "mohon", "bagaimana", "gimana", "gmn", "kok", "sudah", "udah", "sdh", "belum", "blm", "dengan",
             "dgn", "untuk", "utk", "buat", "pada", "lapor", "melapor", "melaporkan", "laporan", "keluhan",
             "mengeluh", "mengadu", "aduan", "pengaduan", "komplain", "bapak", "ibu", "pak", "bu", "mas",
             "mbak", "min", "admin", "kak", "ya", "yah", "nih", "dong", "deh", "sih", "lho", "loh", "kah",
             "lah", "pun", "juga", "jg", "lagi", "lg", "masih", "sangat", "banget", "bgt", "sekali", "sama",
             "saja", "aja", "kenapa", "knp", "apa", "apakah", "kapan", "mana", "dimana", "siapa", "bisa",
             "bs", "harus", "akan", "sedang", "telah", "jadi", "karena", "krn", "tapi", "tetapi",
             "namun", "kalau", "kalo", "klo", "agar", "supaya", "seperti", "oleh", "para", "kepada",
             "terima", "kasih", "makasih", "trims", "halo", "hai", "selamat", "pagi", "siang", "sore",
             "malam", "tanya", "bertanya", "minta", "bikin", "pas", "sampe", "kayak", "gitu", "gini", "terus",
             "trus", "mulu", "doang", "tadi", "kemarin", "kemaren", "sekarang", "skrg", "hari", "seminggu",
             "sebulan", "setahun", "bulan", "tahun", "minggu", "orang", "warga", "masyarakat", "katanya",
             "padahal", "lama", "baru", "banyak", "semua", "setiap", "tiap", "sering", "selalu", "pernah",
             "segera", "cepat", "cepet", "kemana", "berapa", "syarat", "syaratnya", "cara", "caranya", "gmana",
             # English function words, for the visitors who write in English
             "the", "a", "an", "of", "to", "in", "my", "is", "please", "how", "what", "where", "why", "can", "i",
             "me", "we", "you", "it", "at", "on", "for", "with", "and", "or", "not", "no", "this", "that", "was",
             "has", "have", "do", "does", "get", "there")
