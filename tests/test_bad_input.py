"""Every way an editor can get content wrong: one located error with a hint, exit 1, nothing lost.

Each case is run through the real command line (`build` and `check`) against a content tree whose
previous build is in output/: the build must print exactly one `path:line:col: error:` line followed
by a hint, exit 1, print no traceback, and leave output/ byte for byte as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from conftest import AGENCIES, SITE, run_cli

A = "name: Dinas A\nkind: dinas\nservices: [Layanan]\n"
# An agency with every field a handle needs, so a bad handle is the only mistake.
WITH_HANDLE = "name: Dinas A\nkind: dinas\nactive: false\nstatus_checked: '2026-01-01'\nsource: Berita\nservices: [Layanan]\n"
ACTIVE = "name: Dinas A\nkind: dinas\ntwitter: DinasA\nstatus_checked: '2026-01-01'\nsource: Berita\nservices: [Layanan]\n"
AGENCY = "agencies/dinas-a.yaml"
ERROR_LINE = re.compile(r"^(\S.*?):(\d+):(\d+): error: (.*)$")


@dataclass(frozen=True)
class Bad:
    """One broken content tree: what to write, and the single error it must produce."""

    name: str
    files: dict[str, str | bytes]
    where: str  # "content/agencies/dinas-a.yaml:4:1"
    says: str   # a fragment of the message
    make: Callable[[Path], None] | None = field(default=None, compare=False)  # links, folders, FIFOs…
    as_root_too: bool = True
    fix: str = ""  # a fragment of the hint: the concrete fix, in the editor's words


def _symlink_outside(root: Path) -> None:
    outside = root.parent / "elsewhere.yaml"
    outside.write_text(A, encoding="utf-8")
    (root / AGENCY).symlink_to(outside)


def _symlink_beside(root: Path) -> None:
    """A folder beside content/ whose name starts like it (content-lain/): outside all the same."""
    outside = root.parent / f"{root.name}-lain" / "dinas.yaml"
    outside.parent.mkdir()
    outside.write_text(A, encoding="utf-8")
    (root / AGENCY).symlink_to(outside)


def _sparse(size: int) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with (root / AGENCY).open("wb") as fh:
            fh.write(A.encode())
            fh.truncate(size)  # sparse: the disk is not filled, the size is real
    return make


def _unreadable(root: Path) -> None:
    path = root / AGENCY
    path.write_text(A, encoding="utf-8")
    path.chmod(0)


def _saved_later(path: Path) -> None:
    """Mark a file as saved a minute after the others (file times can be too coarse to tell)."""
    later = path.stat().st_mtime + 60
    os.utime(path, (later, later))


def _without_site_key(key: str) -> str:
    return "".join(line + "\n" for line in SITE.splitlines() if not line.startswith(key + ":"))


def _site_with(old: str, new: str) -> str:
    assert old in SITE
    return SITE.replace(old, new)


F = "content/agencies/dinas-a.yaml"
CASES = [
    # YAML syntax
    Bad("tab_indentation", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n\t- Layanan\n"}, f"{F}:4:1", "tab"),
    Bad("tab_in_mapping", {AGENCY: A + "channels:\n\temail: humas@blorakab.go.id\n"}, f"{F}:5:1", "tab"),
    Bad("no_break_space_indentation", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n\u00a0\u00a0- Layanan\n"},
        f"{F}:4:1", "spasi tak terlihat (U+00A0) di depan baris ini", fix="Word atau WhatsApp"),
    Bad("key_indented_too_far", {AGENCY: "name: Dinas A\n  kind: dinas\nservices: [Layanan]\n"}, f"{F}:2:3",
        "spasi di depan baris ini tidak sejajar", fix="samakan spasi di depan baris ini"),
    Bad("list_item_misaligned", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: Layanan\n   keywords: [aduan]\n"},
        f"{F}:5:4", "spasi di depan baris ini tidak sejajar", fix="samakan spasi"),
    Bad("key_at_wrong_level", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: Layanan\nkeywords: [aduan]\n"},
        f"{F}:5:1", "kolom tidak dikenal: 'keywords'",
        fix="letaknya di dalam 'services'"),
    Bad("duplicate_key", {AGENCY: "name: Dinas A\nname: Dinas B\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:2:1",
        "'name' ditulis dua kali (yang pertama di baris 1)", fix="Hapus salah satunya"),
    Bad("duplicate_nested_key", {AGENCY: A + "channels:\n  email: a@blorakab.go.id\n  email: b@blorakab.go.id\n"},
        f"{F}:6:3", "'email' ditulis dua kali (yang pertama di baris 5)"),
    Bad("list_where_mapping_belongs", {AGENCY: A + "channels:\n  - email: a@blorakab.go.id\n"}, f"{F}:5:3",
        "'channels' harus berupa kumpulan kolom, bukan daftar"),
    Bad("file_is_a_list", {AGENCY: "- name: Dinas A\n- kind: dinas\n"}, f"{F}:1:1", "pasangan kunci dan nilai"),
    Bad("file_is_plain_text", {AGENCY: "Dinas A mengurus jalan\n"}, f"{F}:1:1", "pasangan kunci dan nilai"),
    Bad("empty_file", {AGENCY: ""}, f"{F}:1:1", "berkas kosong",
        fix="salin isi berkas instansi lain"),
    Bad("only_comments", {AGENCY: "# name: Dinas A\n# kind: dinas\n"}, f"{F}:1:1", "berkas kosong"),
    Bad("only_blank_lines", {AGENCY: "\n   \n\n"}, f"{F}:1:1", "berkas kosong"),
    Bad("latin1_bytes", {AGENCY: b"name: Dinas A\nkind: dinas\nsource: Caf\xe9 Blora\nservices: [Layanan]\n"},
        f"{F}:3:12", "bukan teks UTF-8: ada huruf yang tidak dikenal di sini", fix="Save with encoding → UTF-8"),
    Bad("utf16_from_notepad", {AGENCY: "\ufeff".encode("utf-16-le") + A.encode("utf-16-le")}, f"{F}:1:1",
        "bukan teks UTF-8", fix="pengodean UTF-8"),
    Bad("utf16_without_byte_order_mark", {AGENCY: A.encode("utf-16-le")}, f"{F}:1:2", "bukan teks UTF-8",
        fix="Save with encoding"),  # was "control character U+0000", a NUL after every letter (review)
    Bad("nul_byte", {AGENCY: "name: Dinas A\nkind: dinas\nsource: ab\x00cd\nservices: [Layanan]\n"}, f"{F}:3:11",
        "karakter kendali U+0000"),
    Bad("bom_then_typo_on_line_1", {AGENCY: "\ufeffnam: Dinas A\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:1",
        "kolom tidak dikenal: 'nam'"),
    Bad("crlf_then_bad_value", {AGENCY: "name: Dinas A\r\nkind: dinsa\r\nservices: [Layanan]\r\n"}, f"{F}:2:7",
        "nilai 'dinsa' tidak dikenal untuk 'kind'",
        fix="Maksud Anda 'dinas'?"),
    Bad("unclosed_quote", {AGENCY: 'name: "Dinas A\nkind: dinas\nservices: [Layanan]\n'}, f"{F}:1:7",
        'tanda kutip " dibuka di sini tetapi tidak ditutup', fix='Tulis seperti ini: name: "Dinas A"'),
    Bad("unclosed_quote_mid_file", {AGENCY: A + 'status_checked: "2016-03-10\nsource: "Berita"\n'}, f"{F}:4:17",
        'tanda kutip " dibuka di sini', fix='Tulis seperti ini: status_checked: "2016-03-10"'),
    Bad("missing_colon", {AGENCY: "name: Dinas A\nkind dinas\nservices: [Layanan]\n"}, f"{F}:2:1",
        "tidak punya tanda titik dua", fix="Tulis seperti ini: kind: dinas"),
    Bad("unclosed_bracket", {AGENCY: "name: Dinas A\nkind: dinas\nservices: [Layanan\nsource: Berita\n"},
        f"{F}:3:11", "kurung siku [ dibuka di sini", fix="Tulis seperti ini: services: [Layanan]"),
    # The hint once gave a keywords line for a group of synonyms (review): the line to copy is the group's own.
    Bad("unclosed_bracket_in_synonyms", {"synonyms.yaml": "groups:\n  - [ktp, e-ktp\n  - [kk, kartu keluarga]\n"},
        "content/synonyms.yaml:2:5", "kurung siku [ dibuka di sini", fix="Tulis seperti ini: - [ktp, e-ktp]"),
    Bad("keywords_as_text", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: KTP elektronik\n"
                                     "    keywords: KTP hilang, e-KTP\n"}, f"{F}:5:15",
        "layanan ke-1 (KTP elektronik), kata kunci harus berupa daftar",
        fix='Tulis seperti ini: keywords: ["KTP hilang", "e-KTP"]'),
    Bad("colon_in_unquoted_value", {AGENCY: "name: Dinas A: Bidang B\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:1",
        "berisi titik dua (:) tanpa tanda kutip", fix='Tulis seperti ini: name: "Dinas A: Bidang B"'),
    Bad("two_documents", {AGENCY: A + "---\nname: Dinas B\n"}, f"{F}:4:1", "tidak bisa dibaca",
        fix="hapus baris '---'"),
    Bad("python_tag", {AGENCY: A + "source: !!python/object/apply:os.system [ls]\n"}, f"{F}:4:9", "tag YAML"),
    Bad("unquoted_at_sign", {AGENCY: WITH_HANDLE + "twitter: @DinasA\n"}, f"{F}:7:10", "tidak bisa dibaca",
        fix='twitter: "@HumasBlora"'),
    Bad("key_is_a_list", {AGENCY: A + "[a, b]: c\n"}, f"{F}:4:1", "nama kolom harus berupa teks"),
    Bad("merge_key", {AGENCY: A + "channels:\n  <<: {email: a@blorakab.go.id}\n"}, f"{F}:5:3", "'<<'"),
    Bad("alias", {AGENCY: "name: &n Dinas A\nkind: dinas\nshort_name: *n\nservices: [Layanan]\n"}, f"{F}:3:13",
        "alias (*)"),
    Bad("alias_bomb", {AGENCY: A + "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                       + "".join(f"{x}: &{x} [{', '.join(['*' + p] * 9)}]\n" for p, x in zip("abcdefgh", "bcdefghi"))},
        f"{F}:5:8", "alias (*)"),
    Bad("nesting_500_deep", {AGENCY: A + "description: " + "[" * 500 + "]" * 500 + "\n"}, f"{F}:4:34",
        "bersarang terlalu dalam"),
    # Field values
    Bad("handle_with_space", {AGENCY: WITH_HANDLE + "twitter: Dinas A\n"}, f"{F}:7:10", "'twitter' tidak sah: 'Dinas A'",
        fix='Tulis seperti ini: twitter: "Dinas_A"'),
    Bad("handle_double_at", {AGENCY: WITH_HANDLE + "twitter: '@@DinasA'\n"}, f"{F}:7:10", "'@@DinasA'", fix='twitter: "DinasA"'),
    Bad("handle_16_characters", {AGENCY: WITH_HANDLE + "twitter: DinasPendidikan1\n"}, f"{F}:7:10",
        "'DinasPendidikan1'"),
    Bad("handle_is_a_post_url", {AGENCY: WITH_HANDLE + "twitter: https://x.com/DinasA/status/123\n"}, f"{F}:7:10",
        "'https://x.com/DinasA/status/123'", fix='Tulis seperti ini: twitter: "DinasA"'),
    # X's own pages are not accounts: published, "@home" would send complaints to a stranger.
    Bad("handle_is_an_x_search", {AGENCY: WITH_HANDLE + "twitter: https://twitter.com/search?q=ktp\n"}, f"{F}:7:10",
        "'https://twitter.com/search?q=ktp'", fix="bukan alamat halaman X lain"),
    Bad("handle_is_an_x_page_name", {AGENCY: WITH_HANDLE + "twitter: explore\n"}, f"{F}:7:10", "'explore'"),
    # Reported on the file just edited (dinas-a.yaml is written after the others), naming the other.
    Bad("duplicate_handle_other_case", {AGENCY: WITH_HANDLE + "twitter: humasuji\n"},
        f"{F}:7:10", "akun X @humasuji sudah dipakai di content/agencies/humas.yaml:3",
        fix="Satu akun hanya milik satu instansi", make=lambda root: _saved_later(root / AGENCY)),
    Bad("active_ya", {AGENCY: ACTIVE + 'active: "ya"\n'}, f"{F}:7:9", "'active' harus berupa true/false, bukan teks",
        fix="Tulis seperti ini: active: true"),
    Bad("active_yes", {AGENCY: ACTIVE + "active: yes\n"}, f"{F}:7:9", "nilai 'yes' ambigu"),
    Bad("active_no", {AGENCY: ACTIVE + "active: no\n"}, f"{F}:7:9", "nilai 'no' ambigu"),
    Bad("active_1", {AGENCY: ACTIVE + "active: 1\n"}, f"{F}:7:9", "'active' harus berupa true/false, bukan angka"),
    Bad("date_day_first", {AGENCY: A + "status_checked: '10-03-2016'\n"}, f"{F}:4:17", "'10-03-2016'",
        fix='Tulis seperti ini: status_checked: "2016-03-10"'),
    Bad("date_with_slashes", {AGENCY: A + "status_checked: 10/03/2016\n"}, f"{F}:4:17",
        "nilai 'status_checked' tidak sah: '10/03/2016'", fix='Tulis seperti ini: status_checked: "2016-03-10"'),
    # Found by review: a date written as the rule says but missing from the calendar was only "tidak sah",
    # with a hint that showed the very form the editor had followed.
    Bad("date_impossible", {AGENCY: A + "last_post: 2026-02-30\n"}, f"{F}:4:12",
        "tanggal '2026-02-30' di 'last_post' tidak ada: bulan 02 tahun 2026 hanya sampai tanggal 28",
        fix='Periksa bulan dan tanggalnya (tahun-bulan-tanggal). Contoh bentuknya (ganti dengan data Anda sendiri): '
            'last_post: "2016-03-10"'),
    Bad("date_month_13", {AGENCY: A + "status_checked: '2025-13-01'\n"}, f"{F}:4:17",
        "tanggal '2025-13-01' di 'status_checked' tidak ada: bulannya 13, padahal bulan hanya 01 sampai 12",
        fix="Periksa bulan dan tanggalnya"),
    Bad("date_in_future", {AGENCY: A + "status_checked: '2027-01-01'\n"}, f"{F}:4:17", "ada di masa depan",
        fix='Contoh bentuknya (ganti dengan data Anda sendiri): status_checked: "2026-11-28"'),
    Bad("missing_name", {AGENCY: "kind: dinas\nservices: [Layanan]\n"}, f"{F}:1:1", "kolom wajib 'name'",
        fix='Contoh bentuknya (ganti dengan data Anda sendiri): name: "Dinas Kependudukan dan Pencatatan Sipil"'),
    Bad("name_left_empty", {AGENCY: "name:\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:6",
        "'name' wajib diisi, tetapi masih kosong"),
    Bad("misspelt_required_key", {AGENCY: "nmae: Dinas A\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:1",
        "kolom tidak dikenal: 'nmae'", fix="Maksud Anda 'name'?"),
    Bad("unknown_key", {AGENCY: A + "twiter: DinasA\n"}, f"{F}:4:1", "kolom tidak dikenal: 'twiter'"),
    Bad("kind_not_in_list", {AGENCY: "name: Dinas A\nkind: dinsa\nservices: [Layanan]\n"}, f"{F}:2:7", "'dinsa'"),
    Bad("services_empty", {AGENCY: "name: Dinas A\nkind: dinas\nservices: []\n"}, f"{F}:3:11", "paling sedikit 1"),
    Bad("services_as_text", {AGENCY: "name: Dinas A\nkind: dinas\nservices: Layanan\n"}, f"{F}:3:11",
        "'services' harus berupa daftar", fix='Tulis seperti ini: services: ["Layanan"]'),
    Bad("keyword_one_letter", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: Layanan\n    keywords: [a]\n"},
        f"{F}:5:16", "layanan ke-1 (Layanan), kata kunci ke-1 (a) terlalu pendek", fix="paling sedikit 2"),
    Bad("bad_email", {AGENCY: A + "channels:\n  email: humas(at)blorakab.go.id\n"}, f"{F}:5:10", "nilai 'email' di 'channels' tidak sah",
        fix='Tulis seperti ini: email: "humas@blorakab.go.id"'),
    # Found by review: the hint's line to copy was the schema's example (Humas's own contacts, a made-up
    # number) where the editor's value, put in the form asked, was at hand; and said as a form when it is not.
    Bad("instagram_address", {AGENCY: A + "channels:\n  instagram: https://www.instagram.com/dinas.a/\n"}, f"{F}:5:14",
        "nilai 'instagram' di 'channels' tidak sah", fix='Tulis seperti ini: instagram: "dinas.a"'),
    Bad("facebook_without_https", {AGENCY: A + "channels:\n  facebook: facebook.com/dinas.a\n"}, f"{F}:5:13",
        "nilai 'facebook' di 'channels' tidak sah", fix='Tulis seperti ini: facebook: "https://facebook.com/dinas.a"'),
    Bad("email_with_mailto", {AGENCY: A + "channels:\n  email: mailto:dinas.a@blorakab.go.id\n"}, f"{F}:5:10",
        "nilai 'email' di 'channels' tidak sah", fix='Tulis seperti ini: email: "dinas.a@blorakab.go.id"'),
    Bad("whatsapp_local_number", {AGENCY: A + "channels:\n  whatsapp: '085799998888'\n"}, f"{F}:5:13",
        "nilai 'whatsapp' di 'channels' tidak sah", fix='Tulis seperti ini: whatsapp: "+6285799998888"'),
    Bad("whatsapp_unquoted", {AGENCY: A + "channels:\n  whatsapp: +6285799998888\n"}, f"{F}:5:13",
        "harus berupa teks, bukan angka", fix='Tulis seperti ini: whatsapp: "+6285799998888"'),
    Bad("instagram_beyond_repair", {AGENCY: A + "channels:\n  instagram: 'dinas a!!'\n"}, f"{F}:5:14",
        "nilai 'instagram' di 'channels' tidak sah",
        fix='Contoh bentuknya (ganti dengan data Anda sendiri): instagram: "humasblora"'),
    # Found by review: these were "no colon on this line", with a line to copy that made things worse.
    Bad("colon_without_space", {AGENCY: "name: Dinas A\nkind:dinas\nservices: [Layanan]\n"}, f"{F}:2:6",
        "tidak ada spasi biasa setelah tanda titik dua", fix="Tulis seperti ini: kind: dinas"),
    Bad("colon_then_no_break_space", {AGENCY: "name: Dinas A\nkind:\u00a0dinas\nservices: [Layanan]\n"}, f"{F}:2:6",
        "tidak ada spasi biasa setelah tanda titik dua", fix="Tulis seperti ini: kind: dinas"),
    Bad("block_line_at_the_margin", {AGENCY: "name: Dinas A\nkind: dinas\ndescription: |\n  Baris satu.\nBaris dua.\n"
                                             "services: [Layanan]\n"}, f"{F}:5:1",
        "tidak menjorok ke dalam", fix="Tulis seperti ini:   Baris dua."),
    Bad("block_first_line_at_the_margin", {AGENCY: "name: Dinas A\nkind: dinas\ndescription: |\nBaris satu.\n"
                                                   "services: [Layanan]\n"}, f"{F}:4:1",
        "tidak menjorok ke dalam", fix="Tulis seperti ini:   Baris satu."),
    # Found by an exploratory review: a value wrapped onto a line of its own had the hint "dan: Pencatatan
    # Sipil" (an unknown key next); a no-break space after the first line's colon was reported on the line
    # below it; quoted keywords without brackets were called an indentation mistake.
    Bad("value_wrapped_onto_the_next_line", {AGENCY: "name: Dinas Kependudukan\ndan Pencatatan Sipil\nkind: dinas\n"
                                                     "services: [Layanan]\n"}, f"{F}:2:1", "lanjutan nilai di baris atasnya",
        fix="Tulis seperti ini: name: Dinas Kependudukan dan Pencatatan Sipil"),
    Bad("service_name_wrapped", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: KTP\n    elektronik\n"},
        f"{F}:5:5", "lanjutan nilai di baris atasnya", fix="Tulis seperti ini: - name: KTP elektronik"),
    Bad("no_break_space_after_the_first_colon", {AGENCY: "name:\u00a0Dinas A\nkind: dinas\nservices: [Layanan]\n"},
        f"{F}:1:6", "tidak ada spasi biasa setelah tanda titik dua", fix="Tulis seperti ini: name: Dinas A"),
    Bad("quoted_keywords_without_brackets", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: KK\n"
                                                     '    keywords: "KK", "kartu keluarga"\n'}, f"{F}:5:15",
        "tidak diapit kurung siku", fix='Tulis seperti ini: keywords: ["KK", "kartu keluarga"]'),
    # A hashtag after an unquoted value is a YAML comment: the site showed the text cut short, silently.
    Bad("hashtag_cuts_a_text", {AGENCY: A + "short_name: Dinsos #BloraMaju\n"}, f"{F}:4:20",
        "YAML membaca #BloraMaju dan teks sesudahnya", fix='Tulis seperti ini: short_name: "Dinsos #BloraMaju"'),
    Bad("hashtag_after_a_choice", {AGENCY: "name: Dinas A\nkind: dinas #cek\nservices: [Layanan]\n"}, f"{F}:2:13",
        "YAML membaca #cek", fix="Tulis seperti ini: kind: dinas # cek"),
    # Curly quotes from a word processor or a chat app are text to YAML: the site showed them (review).
    Bad("curly_quotes_around_a_value", {AGENCY: A + "short_name: \u201cDinsos\u201d\n"}, f"{F}:4:13",
        "tanda kutip miring \u201c\u2026\u201d", fix='Tulis seperti ini: short_name: "Dinsos"'),
    Bad("curly_quoted_keywords", {AGENCY: "name: Dinas A\nkind: dinas\nservices:\n  - name: KK\n"
                                          "    keywords: [\u2018KK\u2019, kartu keluarga]\n"}, f"{F}:5:16",
        "tanda kutip miring \u2018\u2026\u2019", fix='Tulis seperti ini: keywords: ["KK", kartu keluarga]'),
    Bad("fallback_written_as_a_file_name", {AGENCY: A + "fallback: humas.yaml\n"}, f"{F}:4:11", "'humas.yaml'",
        fix='Tulis seperti ini: fallback: "humas"'),  # the hint offered "humasyaml" (review)
    Bad("no_colon_above_a_key", {AGENCY: "name Dinas A\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:1",
        "tidak punya tanda titik dua", fix="Tulis seperti ini: name: Dinas A"),
    Bad("anchor_alone", {AGENCY: A + "short_name: &DinasA\n"}, f"{F}:4:13", "anchor (&)",
        fix="harus diapit tanda kutip"),  # composed to nothing: the short name was silently empty
    Bad("asterisks_first", {AGENCY: A + "source: *Berita resmi* Pemkab\n"}, f"{F}:4:9", "tidak bisa dibaca",
        fix="harus diapit tanda kutip"),
    Bad("bad_phone", {AGENCY: A + "channels:\n  phone: '531102'\n"}, f"{F}:5:10", "'phone' di 'channels'",
        fix='phone: "(0296) 531102"'),
    Bad("url_without_scheme", {AGENCY: A + "channels:\n  website: www.blorakab.go.id\n"}, f"{F}:5:12",
        "'website' di 'channels'", fix='Tulis seperti ini: website: "https://www.blorakab.go.id"'),
    Bad("javascript_link", {AGENCY: A + "channels:\n  website: 'javascript:alert(1)'\n"}, f"{F}:5:12",
        "'javascript:alert(1)'"),
    Bad("data_link", {AGENCY: A + "channels:\n  facebook: 'data:text/html,<script>alert(1)</script>'\n"}, f"{F}:5:13",
        "'facebook' di 'channels'"),
    Bad("twitter_id_not_a_number", {AGENCY: A + "twitter_id: abc\n"}, f"{F}:4:13", "'twitter_id' tidak sah",
        fix='twitter_id: "1234567890"'),
    Bad("active_without_handle", {AGENCY: A + "active: true\n"}, f"{F}:1:1", "kolom wajib 'twitter'",
        fix='twitter: "HumasBlora"'),
    # One field missing (tests/test_humas_mistakes.py: three missing are three errors).
    Bad("handle_without_status", {AGENCY: A + "twitter: DinasA\nactive: false\nsource: Berita\n"}, f"{F}:1:1",
        "kolom wajib 'status_checked'"),
    # Between files
    Bad("fallback_to_missing_slug", {AGENCY: A + "fallback: humsa\n"}, f"{F}:4:11", "'humsa' yang tidak ada",
        fix="Maksud Anda 'humas'?"),
    Bad("superseded_by_missing_slug", {AGENCY: A + "superseded_by: dinas-baru\n"}, f"{F}:4:16", "'dinas-baru'"),
    Bad("fallback_to_itself", {AGENCY: A + "fallback: dinas-a\n"}, f"{F}:4:11", "instansi ini sendiri"),
    Bad("fallback_loop", {AGENCY: A + "fallback: dinas-b\n",
                          "agencies/dinas-b.yaml": A.replace("Dinas A", "Dinas B") + "fallback: dinas-a\n"},
        f"{F}:4:11", "berputar: dinas-a → dinas-b → dinas-a"),
    # The content tree
    Bad("file_name_with_spaces", {"agencies/Dinas A.yaml": A}, "content/agencies/Dinas A.yaml:1:1",
        "nama berkas 'Dinas A'"),
    Bad("file_name_with_capitals", {"agencies/DinasA.yaml": A}, "content/agencies/DinasA.yaml:1:1",
        "nama berkas 'DinasA'"),
    Bad("file_name_with_line_break", {"agencies/dinas\na.yaml": A}, "content/agencies/dinas\\na.yaml:1:1",
        "nama berkas 'dinas\\na'"),
    Bad("file_name_not_utf8", {}, "content/agencies/dinas-\\udcff.yaml:1:1", "tidak bisa dipakai",
        make=lambda root: Path(os.fsdecode(os.fsencode(root / "agencies") + b"/dinas-\xff.yaml")).write_text(A)),
    Bad("yml_extension", {"agencies/dinas-a.yml": A}, "content/agencies/dinas-a.yml:1:1", ".yml"),
    # Found by review: agency files put in a folder of their own ("kecamatan/") silently left the site.
    Bad("agency_file_in_a_folder", {"agencies/kecamatan/kec-jepon.yaml": A.replace("Dinas A", "Kecamatan Jepon")},
        "content/agencies/kecamatan/kec-jepon.yaml:1:1", "di dalam folder kecamatan/",
        fix="Pindahkan berkasnya ke content/agencies/kec-jepon.yaml"),
    Bad("symlink_outside_content", {}, f"{F}:1:1", "ke luar folder content/", make=_symlink_outside),
    Bad("symlink_to_a_folder_named_like_content", {}, f"{F}:1:1", "ke luar folder content/", make=_symlink_beside),
    Bad("dangling_symlink", {}, f"{F}:1:1", "tidak bisa dibaca",
        make=lambda root: (root / AGENCY).symlink_to(root / "nowhere.yaml")),
    Bad("folder_named_like_a_file", {}, f"{F}:1:1", "ini sebuah folder",
        make=lambda root: (root / AGENCY).mkdir()),
    Bad("fifo_named_like_a_file", {}, f"{F}:1:1", "bukan berkas biasa",
        make=lambda root: os.mkfifo(root / AGENCY)),
    Bad("ten_megabyte_file", {}, f"{F}:1:1", "berkas terlalu besar (10485760 bita", make=_sparse(10 * 1024 * 1024)),
    # root reads a chmod-000 file anyway; the folder and FIFO cases above stand in for it there.
    Bad("permission_denied", {}, f"{F}:1:1", "izin ditolak", make=_unreadable, as_root_too=False),
    Bad("page_without_title", {"pages/tentang.md": "Tentang kami\n"}, "content/pages/tentang.md:1:1", "judul"),
    # Found by review: a page renamed by a file manager or saved by Notepad silently left the site.
    # Found by review: a space before the target (Markdown allows it) put the error at `description: |`.
    Bad("unsafe_link_after_a_space", {AGENCY: A + "description: |\n  Lihat [x]( javascript:alert(1)).\n"}, f"{F}:5:14",
        "diawali javascript:"),
    Bad("page_ending_in_capitals", {"pages/kontak.MD": "# Kontak\n\nIsi.\n"}, "content/pages/kontak.MD:1:1",
        "berakhiran .MD, bukan .md", fix="Ganti nama berkasnya menjadi 'kontak.md'"),
    Bad("page_saved_as_text", {"pages/kontak.md.txt": "# Kontak\n\nIsi.\n"}, "content/pages/kontak.md.txt:1:1",
        "berakhiran .md.txt, bukan .md", fix="Ganti nama berkasnya menjadi 'kontak.md'"),
    Bad("page_with_reserved_name", {"pages/akun.md": "# Akun\n"}, "content/pages/akun.md:1:1", "'akun'"),
    Bad("synonym_group_of_one", {"synonyms.yaml": "groups:\n  - [ktp]\n"}, "content/synonyms.yaml:2:5",
        "kelompok sinonim ke-1 terlalu pendek"),
    # site.yaml
    Bad("site_base_url_without_slash", {"site.yaml": _site_with('akun-resmi/"', 'akun-resmi"')},
        "content/site.yaml:4:11", "'base_url' tidak sah"),
    Bad("site_base_url_javascript", {"site.yaml": _site_with('"https://contoh.github.io/akun-resmi/"',
                                                             '"javascript:alert(1)//"')},
        "content/site.yaml:4:11", "'javascript:alert(1)//'"),
    Bad("site_missing_region", {"site.yaml": _without_site_key("region")}, "content/site.yaml:1:1", "'region'"),
    Bad("site_unknown_language", {"site.yaml": _site_with("language: id", "language: jv")}, "content/site.yaml:3:11",
        "'jv'"),
    Bad("site_fallback_missing", {"site.yaml": _site_with("fallback: humas", "fallback: humsa")},
        "content/site.yaml:5:11", "'humsa' yang tidak ada"),
    Bad("site_national_channel_http", {"site.yaml": _site_with("https://www.lapor", "http://www.lapor")},
        "content/site.yaml:8:10", "kanal nasional ke-1 (LAPOR!), alamat"),
    Bad("site_missing", {}, "content/site.yaml:1:1", "site.yaml tidak ada",
        make=lambda root: (root / "site.yaml").unlink()),
]


def write_content(root: Path) -> None:
    (root / "agencies").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE, encoding="utf-8")
    for slug, text in AGENCIES.items():
        (root / "agencies" / f"{slug}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, dotfiles included, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One good build, copied into each case's folder (building it per case would triple the time)."""
    base = tmp_path_factory.mktemp("good")
    write_content(base / "content")
    result = run_cli("build", "--content", "content", "--out", "output", cwd=base)
    assert result.returncode == 0, result.stderr
    return base / "output"


def break_content(case: Bad, root: Path) -> None:
    for rel, data in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if case.make:
        case.make(root)


def error_lines(stderr: str) -> list[re.Match]:
    return [m for m in map(ERROR_LINE.match, stderr.splitlines()) if m]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_one_located_error_and_keeps_output(case: Bad, good_build: Path, tmp_path: Path):
    if not case.as_root_too and os.geteuid() == 0:
        pytest.skip("these tests run as root (uid 0) on this machine, and root reads files whatever their "
                    "permissions: the unreadable-file case needs an ordinary user")
    write_content(tmp_path / "content")
    shutil.copytree(good_build, tmp_path / "output")
    before = snapshot(tmp_path / "output")
    break_content(case, tmp_path / "content")

    with ThreadPoolExecutor(2) as pool:  # build and check at once: half the wall time
        build, check = pool.map(lambda cmd: run_cli(cmd, "--content", "content", *(["--out", "output"] if cmd == "build"
                                                                                   else []), cwd=tmp_path),
                                ["build", "check"])

    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stderr + build.stdout
    errors = error_lines(build.stderr)
    assert len(errors) == 1, build.stderr
    path, line, col, message = errors[0].groups()
    assert f"{path}:{line}:{col}" == case.where, build.stderr
    assert case.says in message, message
    following = build.stderr.splitlines()[build.stderr.splitlines().index(errors[0].group(0)) + 1]
    assert following.startswith("  petunjuk: ") and len(following) > len("  petunjuk: ") + 10, build.stderr
    assert case.fix in following, following
    assert "1 kesalahan; situs tidak dibangun ulang" in build.stderr

    assert snapshot(tmp_path / "output") == before
    assert not list(tmp_path.glob(".output.*")), "a failed build left a temporary folder"
    # The same errors; only the closing line differs: check builds nothing, so it speaks of no site.
    assert (check.returncode, check.stderr.splitlines()[:-1]) == (build.returncode, build.stderr.splitlines()[:-1]), \
        "check and build disagree"
    assert check.stderr.splitlines()[-1] == "1 kesalahan; pemeriksaan tidak mengubah berkas apa pun. Perbaiki, lalu periksa lagi."


def test_there_are_at_least_forty_distinct_bad_inputs():
    assert len({c.name for c in CASES}) == len(CASES) >= 40
    assert len({(tuple(sorted(c.files.items())), c.make) for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name, data", [
    ("utf8_bom", "\ufeff" + A),
    ("crlf", A.replace("\n", "\r\n")),
    ("bom_and_crlf", "\ufeff" + A.replace("\n", "\r\n")),
    ("yaml_1_2_boolean_capitalised", WITH_HANDLE.replace("false", "False") + "twitter: DinasA\n"),
    ("unquoted_date", A + "status_checked: 2026-01-01\n"),
    ("phone_written_as_the_hint_shows", A + "channels:\n  phone: (0296) 531102\n"),
])
def test_editor_artefacts_are_accepted(name, data, tmp_path):
    """Decided: a BOM and CRLF line ends change nothing, so they are accepted, not reported; so are
    YAML 1.2 booleans in any case and the forms the hints themselves show."""
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(data, encoding="utf-8", newline="")
    result = run_cli("build", "--content", "content", "--out", "output", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "output" / "akun" / "dinas-a" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Dinas A</h1>" in page or ">Dinas A<" in page
    assert "\ufeff" not in page and "\r" not in page


def test_notes_hashtags_in_block_texts_and_indented_continuations_are_read_as_written(tmp_path):
    """What the new syntax checks must not refuse: a `# note` after a value (a comment, not shown), a
    hashtag inside a `|` text (text), curly quotes inside a text, and a long value continued on an
    indented line (one value)."""
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(
        "name: Dinas Kependudukan\n  dan Pencatatan Sipil\nkind: dinas  # diperiksa Humas\n"
        "short_name: Dinsos # cek ulang\ndescription: |\n  Ikuti kami #BloraMaju setiap hari.\n"
        "services:\n  - Program \u201cBlora Sehat\u201d keliling\n",
        encoding="utf-8")
    result = run_cli("build", "--content", "content", "--out", "output", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "output" / "akun" / "dinas-a" / "index.html").read_text(encoding="utf-8")
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page
    assert "Ikuti kami #BloraMaju setiap hari." in page
    assert "Program \u201cBlora Sehat\u201d keliling" in page  # curly quotes inside a text are its text
    assert "Dinsos" in page and "cek ulang" not in page and "diperiksa Humas" not in page


def test_errors_in_several_files_are_all_reported_sorted_by_file_and_line(tmp_path):
    write_content(tmp_path / "content")
    break_content(Bad("several", {
        "site.yaml": _site_with("language: id", "language: jv"),
        "agencies/zz.yaml": "name: Dinas Z\nkind: dinas\nservices: [Layanan]\nactive: yes\n",
        "agencies/aa.yaml": "name: Dinas A\n\tkind: dinas\n",
        "agencies/mm.yaml": "kind: dinsa\nservices: [Layanan]\n",
    }, "", ""), tmp_path / "content")
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    located = [f"{m[1]}:{m[2]}:{m[3]}" for m in error_lines(result.stderr)]
    assert located == ["content/agencies/aa.yaml:2:1", "content/agencies/mm.yaml:1:1", "content/agencies/mm.yaml:1:7",
                       "content/agencies/zz.yaml:4:9", "content/site.yaml:3:11"]
    assert "5 kesalahan" in result.stderr


def test_a_huge_file_is_refused_without_being_read(tmp_path):
    """The size limit is checked before reading, so a runaway file cannot exhaust memory."""
    from akunresmi.content.errors import ContentErrors
    from akunresmi.content.load import read_text

    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(256 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ContentErrors) as info:
            read_text(path, "huge.yaml", tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.errors[0].key == "file_too_large"
    assert peak < 4 * 1024 * 1024


def test_every_error_message_formats_with_named_fields_only():
    """A stray brace in a catalogue text would crash the error printer with a traceback."""
    import string

    from akunresmi.i18n import available_languages, load_catalogue

    for language in available_languages():
        for key, text in load_catalogue(language).errors.items():
            for _, name, _, _ in string.Formatter().parse(text):
                assert name is None or re.fullmatch(r"[a-z_]+", name), (language, key, text)
