"""Every broken content tree of test_bad_input, checked in this process: what an editor reads.

test_bad_input.py runs the real command line in a subprocess, which the mutation tester cannot see
(issue 14). These tests call the same `check` entry point in-process and read its standard error,
so each mistake's file:line:col, message and hint are asserted where mutmut can map them to the
loading and validation code."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
from pathlib import Path

import pytest

from akunresmi.commands.cli import main
from akunresmi.content.errors import ContentErrors
from akunresmi.content.load import MAX_FILE_BYTES, decode_utf8, parse_document, read_text
from akunresmi.content.reader import read_directory
from conftest import SITE, TODAY
from test_messages import ENGLISH
from test_bad_input import A, AGENCY, CASES, ERROR_LINE, Bad, _site_with, break_content, write_content


def check(tmp_path, monkeypatch, *args: str) -> tuple[int, str]:
    """`build.py check` run from tmp_path; its standard error as text (a StringIO keeps the
    surrogates of an undecodable file name, which the real stderr prints with backslashes)."""
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", "--content", "content", *args])
    return code, err.getvalue().encode("utf-8", "backslashreplace").decode("utf-8")


F = "content/agencies/dinas-a.yaml"


def located(stderr: str) -> list[re.Match]:
    return [m for m in map(ERROR_LINE.match, stderr.splitlines()) if m]


def assert_one_located_error(case: Bad, tmp_path, monkeypatch, golden: Path) -> None:
    """The broken tree gives exactly one error at case.where saying case.says, with a hint holding
    case.fix; and the whole standard error reads word for word as reviewed in `golden`, in
    Indonesian and in English."""
    write_content(tmp_path / "content")
    break_content(case, tmp_path / "content")
    code, stderr = check(tmp_path, monkeypatch)
    assert code == 1, stderr
    errors = located(stderr)
    assert len(errors) == 1, stderr
    path, line, col, message = errors[0].groups()
    assert f"{path}:{line}:{col}" == case.where, stderr
    assert case.says in message, message
    lines = stderr.splitlines()
    following = lines[lines.index(errors[0].group(0)) + 1]
    assert following.startswith("  petunjuk: ") and len(following) > len("  petunjuk: ") + 10, stderr
    assert case.fix in following, following
    assert lines[-1].startswith("1 kesalahan; pemeriksaan tidak mengubah berkas apa pun"), stderr
    texts = reviewed(golden)
    assert f"exit {code}\n{stderr}" == texts[(case.name, "id")]
    english = tmp_path / "en"
    write_content(english / "content")
    break_content(case, english / "content")
    code, stderr = check(english, monkeypatch, "--lang", "en")
    assert f"exit {code}\n{stderr}" == texts[(case.name, "en")]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_is_one_located_error_with_its_fix(case: Bad, tmp_path, monkeypatch):
    if not case.as_root_too:
        pytest.skip("the unreadable-file case depends on who runs the tests (root reads files whatever their "
                    "permissions): test_bad_input checks it as an ordinary user, in a subprocess")
    assert_one_located_error(case, tmp_path, monkeypatch, GOLDEN)


def _socket(root: Path) -> None:
    """A Unix socket named like a content file: opening it fails with an errno we have no words for."""
    import socket

    here = os.getcwd()
    os.chdir(root / "agencies")  # a socket's path is limited to about 100 bytes: bind a relative one
    try:
        socket.socket(socket.AF_UNIX).bind("dinas-a.yaml")
    finally:
        os.chdir(here)


LOAD_GOLDEN = Path(__file__).parent / "golden" / "check-errors-load.txt"
LOAD_CASES = [
    Bad("socket_named_like_a_file", {}, f"{F}:1:1", "bukan berkas biasa", make=_socket, fix="ganti nama"),
    # Tags PyYAML knows but content has no use for: refused where they stand, like any other tag.
    Bad("binary_value", {AGENCY: "name: !!binary RGluYXMgQQ==\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:7",
        "tag YAML 'tag:yaml.org,2002:binary'", fix="Hapus bagian yang diawali '!'"),
    Bad("set_tag_on_a_value", {AGENCY: "name: Dinas A\nkind: dinas\nservices: !!set Layanan\n"}, f"{F}:3:11",
        "tag YAML 'tag:yaml.org,2002:set'", fix="Hapus bagian yang diawali '!'"),
    # A number tag with no number: the empty text, refused by the schema as not a number.
    Bad("int_tag_without_a_value", {"site.yaml": SITE + "stale_days: !!int\n"}, "content/site.yaml:9:13",
        "harus berupa angka, bukan teks"),
    Bad("not_utf8_after_a_blank_first_line", {AGENCY: b"\n\xffname: Dinas A\nkind: dinas\nservices: [Layanan]\n"},
        f"{F}:2:1", "0xff", fix="UTF-8"),
    # A link to nowhere is missing, wherever it points: not "outside content/".
    Bad("dangling_symlink_pointing_outside", {}, f"{F}:1:1", "berkasnya tidak ada",
        make=lambda root: (root / AGENCY).symlink_to(root.parent / "nowhere.yaml")),
    Bad("key_that_is_a_list", {AGENCY: A + "[a, b]: 1\n"}, f"{F}:4:1", "nama kolom harus berupa teks"),
    Bad("nul_first_character", {AGENCY: "\x00name: Dinas A\nkind: dinas\nservices: [Layanan]\n"}, f"{F}:1:1",
        "U+0000"),
    Bad("control_character_after_a_blank_first_line", {AGENCY: "\n\x01name: Dinas A\nkind: dinas\nservices: [Layanan]\n"},
        f"{F}:2:1", "U+0001"),
]


@pytest.mark.parametrize("case", LOAD_CASES, ids=[c.name for c in LOAD_CASES])
def test_more_unreadable_files_are_located(case: Bad, tmp_path, monkeypatch):
    assert_one_located_error(case, tmp_path, monkeypatch, LOAD_GOLDEN)


def test_the_more_cases_have_reviewed_texts(tmp_path, monkeypatch):
    update_or_check_reviewed(LOAD_CASES, LOAD_GOLDEN, tmp_path, monkeypatch)


@pytest.mark.parametrize("name, data", [
    ("utf8_bom", "\ufeffname: Dinas A\nkind: dinas\nservices: [Layanan]\n"),
    ("crlf", "name: Dinas A\r\nkind: dinas\r\nservices: [Layanan]\r\n"),
    ("yaml_1_2_boolean_capitalised", "name: Dinas A\nkind: dinas\nactive: False\nstatus_checked: '2026-01-01'\n"
                                     "source: Berita\nservices: [Layanan]\ntwitter: DinasA\n"),
    ("unquoted_date", "name: Dinas A\nkind: dinas\nservices: [Layanan]\nstatus_checked: 2026-01-01\n"),
])
def test_editor_artefacts_are_read_as_the_editor_meant(name, data, tmp_path):
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(data, encoding="utf-8", newline="")
    directory = read_directory(tmp_path / "content", TODAY, cwd=tmp_path)
    agency = directory.agency("dinas-a")
    assert agency.name == "Dinas A" and agency.kind == "dinas"
    assert [s.name for s in agency.services] == ["Layanan"]


def test_every_mistake_in_one_mapping_is_reported_not_only_the_first():
    """After a key it cannot use, the loader goes on with the next key, so one reading of the file
    shows the editor every such mistake, each where it stands (a duplicate names its first line)."""
    text = ("kind: dinas\nname: Dinas A\n[a, b]: 1\n<<: {kind: dinas}\nname: Dinas B\n? {c: d}\n: 2\n"
            "name: Dinas C\nservices: [Layanan]\n")
    with pytest.raises(ContentErrors) as info:
        parse_document(text, "a.yaml")
    assert [(e.line, e.col, e.key, e.params) for e in info.value.errors] == [
        (3, 1, "key_not_text", {}), (4, 1, "merge_not_allowed", {}), (5, 1, "duplicate_key", {"key": "name", "line": 2}),
        (6, 3, "key_not_text", {}), (8, 1, "duplicate_key", {"key": "name", "line": 2})]


def test_files_that_are_not_content_are_left_alone(tmp_path):
    """Only `*.yaml`/`*.yml` agencies and `*.md` pages are read: an editor's notes, and the hidden
    files other programs leave (macOS's `._` copies, editors' locks), are not content."""
    write_content(tmp_path / "content")
    agencies, pages = tmp_path / "content" / "agencies", tmp_path / "content" / "pages"
    pages.mkdir()
    (pages / "tentang.md").write_text("# Tentang kami\n\nIsi.\n", encoding="utf-8")
    (agencies / "catatan.txt").write_text("belum selesai\n", encoding="utf-8")
    for junk in (agencies / "._dinas-a.yaml", agencies / ".#dinas-a.yml", pages / "._tentang.md"):
        junk.write_bytes(b"\x00\x05\x16\x07\xff")
    directory = read_directory(tmp_path / "content", TODAY, cwd=tmp_path)
    assert [a.slug for a in directory.agencies] == sorted(p.stem for p in agencies.glob("[!.]*.yaml"))
    assert [p.slug for p in directory.pages] == ["tentang"]


def test_a_page_saved_with_a_byte_order_mark_keeps_its_title(tmp_path):
    """Notepad starts a UTF-8 file with U+FEFF: the page's first line is still its `# title`."""
    write_content(tmp_path / "content")
    (tmp_path / "content" / "pages").mkdir()
    (tmp_path / "content" / "pages" / "tentang.md").write_text("\ufeff# Tentang kami\n\nIsi.\n", encoding="utf-8")
    [page] = read_directory(tmp_path / "content", TODAY, cwd=tmp_path).pages
    assert (page.title, page.body) == ("Tentang kami", "Isi.\n")


def test_only_a_leading_byte_order_mark_is_dropped():
    """U+FEFF anywhere else is a character of the text (a zero-width space), kept as written."""
    assert decode_utf8("\ufeffa: b\ufeff".encode(), "a.yaml") == "a: b\ufeff"


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path):
    head = "name: Dinas A\n# "
    text = head + "x" * (MAX_FILE_BYTES - len(head) - 1) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    assert read_text(tmp_path / "a.yaml", "a.yaml", tmp_path) == text


def only_error(call) -> tuple:
    """The single ContentError a call raises, as (path, line, col, key, hint_key, params)."""
    with pytest.raises(ContentErrors) as info:
        call()
    [error] = info.value.errors
    return error.path, error.line, error.col, error.key, error.hint_key, error.params


KALLSYMS = Path("/proc/kallsyms")


@pytest.mark.skipif(not KALLSYMS.is_file(), reason="needs Linux's /proc/kallsyms")
def test_a_file_holding_more_than_its_size_says_is_read_only_one_byte_past_the_limit():
    """A file can hold more when read than `fstat` said a moment before (it grew in between): the
    read stops one byte past the limit and that is the size reported. /proc/kallsyms is such a
    file, reliably: its size says 0 and it holds megabytes."""
    assert KALLSYMS.stat().st_size == 0
    assert only_error(lambda: read_text(KALLSYMS, "kallsyms.yaml", KALLSYMS.parent)) == (
        "kallsyms.yaml", 1, 1, "file_too_large", "hint_file_too_large",
        {"size": MAX_FILE_BYTES + 1, "limit": MAX_FILE_BYTES})


def test_a_read_the_system_refuses_is_told_in_the_systems_words():
    """An error the catalogue has no words for (here EIO: /proc/self/mem opens, then reading its
    first byte, an unmapped address, fails) is reported with the system's own text."""
    mem = Path("/proc/self/mem")
    assert only_error(lambda: read_text(mem, "mem.yaml", mem.parent)) == (
        "mem.yaml", 1, 1, "file_unreadable", "hint_file_unreadable", {"reason": (os.strerror(errno.EIO),)})


def test_several_mistakes_are_all_reported_sorted_by_file_and_line(tmp_path, monkeypatch):
    write_content(tmp_path / "content")
    break_content(Bad("several", {
        "site.yaml": _site_with("language: id", "language: jv"),
        "agencies/zz.yaml": "name: Dinas Z\nkind: dinas\nservices: [Layanan]\nactive: yes\n",
        "agencies/aa.yaml": "name: Dinas A\n\tkind: dinas\n",
        "agencies/mm.yaml": "kind: dinsa\nservices: [Layanan]\n",
    }, "", ""), tmp_path / "content")
    code, stderr = check(tmp_path, monkeypatch)
    assert code == 1
    assert [f"{m[1]}:{m[2]}:{m[3]}" for m in located(stderr)] == [
        "content/agencies/aa.yaml:2:1", "content/agencies/mm.yaml:1:1", "content/agencies/mm.yaml:1:7",
        "content/agencies/zz.yaml:4:9", "content/site.yaml:3:11"]
    assert stderr.splitlines()[-1].startswith("5 kesalahan")


@pytest.mark.parametrize("text, where, says, fix", ENGLISH, ids=["colon", "date", "keywords", "quote", "empty"])
def test_the_same_mistakes_read_in_english(text, where, says, fix, tmp_path, monkeypatch):
    write_content(tmp_path / "content")
    (tmp_path / "content" / AGENCY).write_text(text, encoding="utf-8")
    code, stderr = check(tmp_path, monkeypatch, "--lang", "en")
    first, hint = stderr.splitlines()[:2]
    assert code == 1
    assert first.startswith(f"content/agencies/dinas-a.yaml:{where}: error: {says}"), first
    assert hint.startswith("  hint: ") and fix in hint, hint



GOLDEN = Path(__file__).parent / "golden" / "check-errors.txt"
HEADER = re.compile(r"^== (\S+) \[(id|en)\] exit (\d+)$", re.M)


def reviewed(golden: Path) -> dict[tuple[str, str], str]:
    """A reviewed file: `check`'s whole standard error for each case and language."""
    text = golden.read_text(encoding="utf-8")
    heads = list(HEADER.finditer(text))
    return {(h[1], h[2]): f"exit {h[3]}\n" + text[h.end() + 1:(heads[i + 1].start() if i + 1 < len(heads) else len(text))]
            for i, h in enumerate(heads)}


def update_or_check_reviewed(cases: list[Bad], golden: Path, tmp_path, monkeypatch) -> None:
    """With AKUNRESMI_UPDATE_ERRORS=1, rewrite `golden` from the current messages (then review its
    diff); always check that it holds every case in both languages."""
    if os.environ.get("AKUNRESMI_UPDATE_ERRORS") == "1":
        out = []
        for case in cases:
            for language in ("id", "en"):
                folder = tmp_path / f"{case.name}-{language}"
                write_content(folder / "content")
                break_content(case, folder / "content")
                code, stderr = check(folder, monkeypatch, "--lang", language)
                out.append(f"== {case.name} [{language}] exit {code}\n{stderr}")
        golden.write_text("".join(out), encoding="utf-8")
    assert sorted(reviewed(golden)) == sorted((c.name, language) for c in cases for language in ("id", "en"))


def test_every_case_has_its_reviewed_text_in_both_languages(tmp_path, monkeypatch):
    """After an intended change of wording: AKUNRESMI_UPDATE_ERRORS=1 pytest tests/test_load_errors.py."""
    update_or_check_reviewed([c for c in CASES if c.as_root_too], GOLDEN, tmp_path, monkeypatch)


def test_agency_files_in_folders_inside_the_agencies_folder_are_each_reported(tmp_path):
    """A file named like an agency file in a folder inside agencies/ (at any depth) is not read: each is
    reported where it lies, with the name to move it to (.yaml); other files there (pictures, notes) and
    hidden folders (a version-control or editor's folder) are left alone."""
    write_content(tmp_path / "content")
    agencies = tmp_path / "content" / "agencies"
    (agencies / "kecamatan" / "lama").mkdir(parents=True)
    (agencies / "kecamatan" / "kec-jepon.yaml").write_text("name: Kecamatan Jepon\n", encoding="utf-8")
    (agencies / "kecamatan" / "lama" / "dinsos.YML").write_text("name: Dinsos\n", encoding="utf-8")
    (agencies / "kecamatan" / "catatan.txt").write_text("belum selesai\n", encoding="utf-8")
    (agencies / "gambar").mkdir()
    (agencies / "gambar" / "logo.png").write_bytes(b"\x89PNG")
    (agencies / ".git").mkdir()
    (agencies / ".git" / "config.yaml").write_text("x: 1\n", encoding="utf-8")
    from akunresmi.i18n import load_catalogue  # noqa: PLC0415

    with pytest.raises(ContentErrors) as raised:
        read_directory(tmp_path / "content", TODAY, cwd=tmp_path)
    cat = load_catalogue("id")
    found = [(e.path, e.line, e.col, e.message(cat), e.hint(cat)) for e in raised.value.errors]
    assert found == [
        ("content/agencies/kecamatan/kec-jepon.yaml", 1, 1,
         "berkas ini ada di dalam folder kecamatan/, sehingga tidak dibaca: hanya berkas yang langsung di folder "
         "agencies yang dibaca",
         "Pindahkan berkasnya ke content/agencies/kec-jepon.yaml; bila memang tidak dipakai, keluarkan dari folder agencies."),
        ("content/agencies/kecamatan/lama/dinsos.YML", 1, 1,
         "berkas ini ada di dalam folder kecamatan/lama/, sehingga tidak dibaca: hanya berkas yang langsung di folder "
         "agencies yang dibaca",
         "Pindahkan berkasnya ke content/agencies/dinsos.yaml; bila memang tidak dipakai, keluarkan dari folder agencies."),
    ]
