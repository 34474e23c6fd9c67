"""Words as citizens type them → comparable tokens (case, accents, synonyms, Indonesian affixes).

static/search.js carries the same steps for the query; tests/browser compare the two on a word list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Everyday spellings: a letter held ("lamaaa", "tolonggg", "parahhh") is one letter, a vowel anywhere
# and a consonant at the end of a word ("pppk", an abbreviation, stays), and a word doubled with a
# "2" ("jalan2", "bolong2", "hak2nya": jalan-jalan, hak-haknya) is the word; "smpn2" (SMPN 2) and
# "sd2", with no vowel before a consonant, stay.
_HELD_VOWEL = re.compile(r"([aeiou])\1{2,}")
_HELD_END = re.compile(r"([a-z])\1{2,}\b")
_DOUBLED = re.compile(r"\b([a-z]*[aeiou][a-z]+)2([a-z]*)\b")
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
    """Lower case, accents removed, every run of punctuation a single space, a held letter one letter
    ("parahhh"), a word doubled with a "2" the word ("jalan2")."""
    lowered = text.lower()
    if not lowered.isascii():  # nearly every text is ASCII: nothing to decompose (3 s → 0.3 s at 20,000)
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(c for c in decomposed if not unicodedata.combining(c))
    spaced = _NON_ALNUM.sub(" ", lowered)
    return _DOUBLED.sub(r"\1\2", _HELD_END.sub(r"\1", _HELD_VOWEL.sub(r"\1", spaced))).strip()


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
    return tuple(sorted(set(pairs), key=lambda p: (-len(p[0]), p[0], p[1])))


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

# More stop words of spoken Indonesian and Javanese as citizens type them (abbreviations, particles,
# conjunctions, question words), and English function words. Like STOPWORDS, the query drops them.
STOPWORDS += (
    "tlg", "tolonglah", "harap", "mhn", "gk", "ngga", "engga", "kagak", "ndak", "nda", "tak", "udh", "dah",
    "uda", "blom", "blum", "lgi", "jd", "sj", "aj", "tp", "tpi", "dll", "dsb", "dr", "dri", "sm", "kl", "ad",
    "emang", "memang", "kayaknya", "sepertinya", "mungkin", "bener", "beneran", "sungguh", "pula", "cuma",
    "cuman", "hanya", "malah", "bahkan", "justru", "sehingga", "biar", "walau", "walaupun", "meski",
    "meskipun", "jika", "bila", "apabila", "ketika", "saat", "sewaktu", "sejak", "hingga", "yaitu", "yakni",
    "adalah", "ialah", "merupakan", "begitu", "begini", "amat", "knapa", "mengapa", "napa",
    "dmn", "kmn", "kpn", "brp", "apaan", "gimna", "bgmn", "tuh", "kan", "toh", "nah", "wah", "aduh", "duh",
    "gan", "sob", "bro", "sis", "om", "bpk", "mba", "dik", "dek", "lur", "sedulur", "kang", "mimin", "nya",
    "beliau", "punya", "sendiri", "terhadap", "antara", "sebab", "akibat",
    # Javanese function words
    "ora", "ra", "nang", "neng", "ning", "ing", "karo", "lan", "sing", "seng", "iki", "kuwi", "kae", "wis",
    "uwis", "durung", "arep", "meh", "kowe", "dewe", "mboten", "nggih", "injih", "sampun", "dereng", "badhe",
    "wonten", "teng", "og", "tho", "ae", "wae", "mawon", "tenan", "opo", "piye", "kepiye", "endi", "ngendi",
    "pirang", "sak", "dadi", "isih", "jik", "maneh", "meneh", "amarga", "mergo", "merga", "nek", "yen", "lek",
    "kulo", "kula", "panjenengan", "sampeyan", "njenengan", "koe", "iku", "pripun", "kepripun", "ngopo",
    "kenopo", "lha", "yo", "wes", "boten", "inggih", "monggo", "matur", "nuwun", "suwun", "maturnuwun",
    "saiki", "wingi", "sesuk", "nanging", "utawa", "kalih", "kanggo", "kangge", "kanthi", "dhateng",
    "soko", "seko", "nganti", "ngantos", "amargi", "mulane", "pancen", "nemen", "kabeh", "ngene", "ngono",
    "ngoten", "mekaten", "koyo", "koyok", "kados", "kudu", "kedah", "iso", "isa", "saget", "mung", "namung",
    "tok", "thok", "e", "menyang", "kene", "kono", "pundi", "nopo", "menapa", "sinten", "sopo", "piro", "pinten",
    "ndi", "nate", "dugi", "malih", "menawi", "ingkang", "nyuwun", "pirsa", "tur", "isoh", "ono", "onok", "takon", "duwe", "ben", "jare", "njaluk", "rung", "ujug", "bar",
    # More spoken Indonesian and chat shorthand
    "aq", "gua", "lu", "elo", "ane", "kog", "koq", "yuk", "ayo", "plis", "pls", "tolongin", "dibantu",
    "bantuin", "bkn", "bukan", "bukannya", "smpe", "trs", "dg", "dlm", "pd", "kpd", "sbg", "spt", "dst", "iya",
    "ok", "oke", "guys", "gais", "selain", "kecuali", "suka", "jangan", "jgn",
    # the verbs of complaining in their other forms
    "laporkan", "dilaporkan", "laporin", "dilaporin", "ngelaporin", "ngadu", "mengadukan", "diadukan",
    "keluhkan", "mengeluhkan", "dikeluhkan", "ngeluh",
    # English
    "from", "by", "about", "our", "your", "his", "her", "their", "its", "are", "were", "be", "been", "am",
    "did", "done", "had", "never", "help", "when", "who", "which", "could", "should", "would", "will", "may",
    "might", "must", "these", "those", "here", "but", "so", "very", "too", "all", "any", "some", "more",
    "most", "just", "still", "again", "already", "yet", "into", "out", "up", "down", "over", "after",
    "before", "since", "until", "got", "need", "needs", "want", "wants", "anyone", "someone", "ago", "today",
    "yesterday", "now", "hi", "hello", "thanks", "thank", "they", "them", "he", "she", "us", "report",
    "complain", "complaint", "handle", "handles", "contact")

# Everyday words of complaints that do not say which agency is meant: people, places, time, amounts,
# states ("rusak", "hilang", "mati"), generic verbs and nouns, the words every agency's file uses
# ("pelayanan", "kantor"). The query keeps them for ranking ("lampu mati"), but they are no evidence
# that the directory handles the complaint, and an unknown one does not make the search less sure.
COMMON = (
    # people
    "anak", "anaknya", "istri", "suami", "ayah", "bapaknya", "ibunya", "nenek", "kakek", "mertua", "adik",
    "kakak", "tetangga", "teman", "temen", "saudara", "wong", "petugas", "pegawai", "oknum", "pejabat",
    "kepala", "ketua", "pemilik", "pengguna", "pengendara", "laki", "cowok", "cewek", "bocah", "pemuda",
    "ortu", "tua", "keluarga", "rakyat", "rt", "rw", "mbah", "simbah", "bojo", "cah", "arek", "lanang",
    "wedok", "wadon", "tonggo", "konco", "kanca",
    "bapakku", "ibuku", "anakku", "bojoku", "omahku", "tiyang", "sepuh", "simbok", "mbok",
    # places
    "rumah", "depan", "belakang", "samping", "sebelah", "dekat", "deket", "ujung", "pinggir", "tengah",
    "atas", "bawah", "dalam", "luar", "sana", "sini", "situ", "tempat", "lokasi", "daerah", "wilayah",
    "kampung", "dusun", "gang", "kota", "kabupaten", "pemkab", "pemda", "pemerintah", "dinas", "instansi",
    "kantor", "balai", "gedung", "area", "sekitar", "kawasan", "omah", "utara", "selatan", "timur", "barat",
    "kiri", "kanan", "kulon", "wetan", "lor", "kidul", "ngarep", "mburi", "ndhuwur", "ngisor",
    # time
    "jam", "menit", "detik", "malem", "subuh", "semalam", "besok", "lusa", "nanti", "dulu", "taun", "thn",
    "bln", "tgl", "tanggal", "pekan", "waktu", "musim", "kemarau", "hujan", "deras", "tahunan", "bulanan",
    "suro", "suran", "mudik", "lebaran",
    "harian", "lalu", "kemudian", "selama", "berbulan", "bertahun", "bertahun2", "berhari", "seharian",
    # amounts and degrees
    "sedikit", "satu", "dua", "tiga", "empat", "lima", "puluhan", "ratusan", "ribuan", "jutaan", "besar",
    "kecil", "panjang", "pendek", "tinggi", "rendah", "parah", "berat", "ringan", "penuh", "kosong",
    "setengah", "separuh", "lebih", "semakin", "makin", "kali", "total", "sepanjang",
    # states
    "rusak", "hilang", "ilang", "mati", "habis", "telat", "terlambat", "lambat", "lelet", "lemot", "mahal",
    "murah", "gratis", "kotor", "bau", "jelek", "buruk", "bagus", "baik", "salah", "benar", "susah", "sulit",
    "ribet", "mudah", "gampang", "bahaya", "berbahaya", "membahayakan", "rawan", "takut", "resah", "kecewa",
    "marah", "bingung", "capek", "kasihan", "kasian", "bermasalah", "masalah", "kendala", "error",
    "bocor", "putus", "retak", "roboh", "ambruk", "jebol", "kurang", "akeh", "tibo", "tiba", "ceblok",
    "bosok", "elek", "apik", "reged", "bolong", "larang", "suwe", "alon", "adoh", "cedhak", "cedak", "urip",
    "tuku", "adol", "duwit", "dhuwit", "golek", "goleki", "golekane", "doyong", "rong", "sasi", "udan", "tuwo", "mlaku", "kerjo", "rego", "mlebu", "muleh",
    "regone", "ngluwihi", "ribu", "juta", "kilo", "gede", "raya", "pribadi", "rugi", "arah", "dikit",
    "boleh", "ikut", "muter", "mulai", "ditarik", "numpuk", "ceritanya", "hubungi", "sesuai", "diperhatikan",
    "ditegur", "nginep",
    "mulus", "umur", "usia", "kaki", "tangan",
    "entek", "hancur", "ancur", "remuk", "jatuh", "kelihatan", "keliatan", "kualitas", "angka", "langsung",
    "tanpa", "jauh", "sepi", "ramai", "rame", "gelap", "terang", "sakit", "sehat",
    "miskin", "kaya", "mampu", "wajib", "resmi", "liar", "ilegal", "umum", "publik", "negeri", "swasta",
    # generic verbs
    "datang", "pergi", "pulang", "masuk", "keluar", "naik", "turun", "buka", "tutup", "bayar", "beli",
    "dikasih", "jawab", "bilang", "ngomong", "lihat", "liat", "tunggu", "nunggu", "menunggu",
    "antri", "antre", "antrian", "antrean", "ngurus", "urus", "mengurus", "diurus", "urusan", "pakai",
    "dipakai", "pake", "tinggal", "hidup", "dapat", "dapet", "ambil", "bawa", "lewat", "melewati",
    "dibiarkan", "dibiarin", "ditanggapi", "ditanggepi", "direspon", "respon", "tanggapan", "diperbaiki",
    "perbaikan", "ganti", "diganti", "mengajukan", "ajukan", "daftar", "mendaftar", "kena", "terjadi",
    "dilakukan", "ditolak", "menolak", "disuruh", "suruh", "dipersulit", "dilempar", "butuh", "perlu",
    "cari", "mencari", "nyari", "dicari", "tahu", "tau", "kerjanya", "jalanin", "cek", "makan",
    "diurusi", "ditemukan", "temuan",
    # generic nouns
    "uang", "duit", "biaya", "ongkos", "surat", "kartu", "data", "nama", "nomor", "berkas",
    "dokumen", "persyaratan", "prosedur", "informasi", "info", "program", "pelayanan", "layanan", "hal",
    "kasus", "kejadian", "kondisi", "keadaan", "barang", "bantuan", "hak", "aturan", "administrasi",
    "pengantar", "rekomendasi", "legalisasi", "tingkat", "proses", "sistem", "online", "aplikasi", "hp",
    # English
    "lost", "replace", "broken", "problem", "issue", "house", "home", "near", "nearest", "night", "day",
    "days", "week", "weeks", "month", "months", "year", "years", "new", "old", "big", "small", "bad",
    "dirty", "dangerous", "every", "office", "people", "child", "children", "father", "mother", "wife",
    "husband", "neighbour", "neighbor", "money", "pay", "paid", "free", "closed", "open", "long",
    "wait", "waiting", "regional", "room", "regency", "government", "public", "grandmother", "grandfather")

# Services of bodies outside a regency's government (the police, the national land, tax and immigration
# offices, the KUA, the province's senior high schools, courts, elections, state companies, banks,
# couriers, mobile operators): a complaint that names one is not for any agency of the directory, even
# when one of its words also occurs there ("sertifikat", "pajak", "listrik"). Phrases are matched whole.
OUTSIDE = (
    "polisi", "polres", "polsek", "kapolres", "sim", "sim a", "sim c", "stnk", "bpkb", "tilang", "ditilang", "skck",
    "uang palsu", "bea cukai", "cukai",
    "samsat", "pajak kendaraan", "pajak motor", "pajak mobil", "plat nomor", "curanmor", "dicuri",
    "pencurian", "kemalingan", "maling", "penipuan", "ditipu",
    "penipuan online", "jual beli online", "belanja online", "olshop", "dicolong", "nyolong", "colong",
    "rutan", "lapas", "penjara", "tahanan", "napi", "narapidana",
    "pln", "listrik", "token listrik", "trafo", "gardu listrik", "meteran listrik",
    "pdam", "tagihan air",
    "sertifikat tanah", "bpn", "balik nama", "pecah sertifikat", "ajb", "notaris", "ppat", "warisan",
    "shm", "letter c", "girik", "petok d",
    "paspor", "passport", "visa", "imigrasi",
    "klaim bpjs", "bpjs tk", "jht", "iuran bpjs", "tunggakan bpjs", "kartu bpjs", "pindah faskes", "ganti faskes",
    "taspen", "asabri", "jasa raharja", "donor darah", "stok darah", "palang merah",
    "npwp", "pph", "ppn", "kantor pajak", "kpp", "pajak penghasilan",
    "kua", "buku nikah", "nikah siri", "rujuk", "talak", "haji", "umroh", "umrah", "madrasah", "mts",
    "tsanawiyah", "aliyah", "kemenag", "pesantren",
    "sma", "smk", "slb",
    "pengadilan", "gugatan", "gugat", "gugat cerai", "cerai gugat", "hak asuh", "sidang cerai", "cerai", "perceraian",
    "kpu", "bawaslu", "pemilu", "politik uang", "serangan fajar", "pelanggaran kampanye", "pilkada", "pileg",
    "pilpres",
    "kereta api", "tiket kereta", "jadwal kereta", "kai", "stasiun", "jalan tol", "bandara", "pelabuhan",
    "paket", "kurir", "ekspedisi", "jne", "jnt", "pos indonesia", "kantor pos", "resi",
    "bank", "atm", "rekening", "pinjol", "pinjaman online", "debt collector", "leasing", "ojk",
    "telkomsel", "indosat", "smartfren", "indihome", "provider", "pulsa", "operator seluler",
    "pertamina", "pertalite", "pertamax", "spbu", "harga bensin", "bensin langka", "harga bbm",
    "perhutani", "kph", "lahan hutan", "hutan negara", "kawasan hutan", "hutan lindung", "pesanggem",
    "kip kuliah", "ukt", "kampus", "universitas", "prakerja", "kartu prakerja",
    "kementerian", "bmkg", "tni", "kodim", "koramil", "power outage", "blackout",
    # banks by name and their loans, pawnshops and gold, investment and savings schemes, private debts (as
    # phrases: "utang pbb", "arisan pkk" and "bumdes utang" are the directory's)
    "bri", "bni", "btn", "bca", "bsi", "kur", "kredit usaha rakyat", "pegadaian", "gadai", "antam", "harga emas",
    "investasi bodong", "arisan online", "arisan bodong", "uang arisan", "utang arisan", "hutang arisan",
    "utang tetangga", "hutang tetangga",
    # narcotics (BNN and the police)
    "narkoba", "narkotika", "sabu", "ganja", "pil koplo", "bnn",
    # a life in danger by its own hand: the emergency number (site.yaml), not an agency's card
    "bunuh diri", "gantung diri",
    # ride-hailing platforms (a shop selling on a marketplace is still Dinkop-UMKM's)
    "ojol", "ojek online", "gojek", "grab", "maxim",
    # national programmes and BPJS membership, the post's money orders, the northern coast's national road
    # (not "jalan nasional", which people also say of roads DPUPR passes on; not the land office's PTSL:
    # "pungli ptsl oleh kades" is the village's officials')
    "bsu", "subsidi upah", "mobile jkn", "denda bpjs", "bpjs mandiri", "wesel", "pantura",
    # the police's traffic offences, shopping online and e-wallets, mobile data, trains, subsidised fuel,
    # national programmes and politics, the province's council
    "balap liar", "knalpot brong", "knalpot racing", "marketplace", "e wallet", "dompet digital",
    "kuota internet", "kereta", "solar subsidi", "bbm subsidi", "presiden",
    "impor beras", "ujian nasional", "dprd provinsi", "sertipikat",
    "bus antar provinsi", "tentara", "asuransi mobil", "nyuri", "mencuri",
    # a robbery on the road (the police; begal is also one of their emergency words in site.yaml)
    "begal", "dibegal")
