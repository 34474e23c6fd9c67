"""Mistakes a Humas editor makes that must each get a located message (or a usage line), never silence,
a traceback, or Python's own words: a misnamed agency file, a port already taken, an empty optional
field, an unquoted @handle, an unknown agency under an emergency number, several missing fields at once,
and the commands' closing lines."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TODAY, Content, free_port, run_cli
from akunresmi.commands.new import agency_template
from akunresmi.content.errors import ContentError, ContentErrors
from akunresmi.content.reader import agency_paths, agency_paths_named, read_directory
from akunresmi.i18n import load_catalogue

ID = load_catalogue("id")
DINSOS = """\
name: Dinas Sosial
kind: dinas
services:
  - Bantuan sosial
"""


# --- 1. an agency file whose name does not end in .yaml ----------------------------------------

@pytest.mark.parametrize("name, renamed", [
    ("disdik.YAML", "disdik.yaml"),
    ("dlh.Yaml", "dlh.yaml"),
    ("dinkes2.yaml.txt", "dinkes2.yaml"),
    ("dinsos.YML", "dinsos.yaml"),
    ("dishub.yml.txt", "dishub.yaml"),
    ("dpu.yml", "dpu.yaml"),
])
def test_an_agency_file_with_another_ending_is_reported_not_ignored(content: Content, tmp_path, name, renamed):
    content.raw(f"agencies/{name}", DINSOS)
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"content/agencies/{name}:1:1: error: berkas '{name}' berakhiran "), lines
    assert lines[1].startswith("  petunjuk: ") and f"'{renamed}'" in lines[1], lines


def test_a_notepad_txt_ending_is_explained(content: Content, tmp_path):
    content.raw("agencies/dinkes2.yaml.txt", DINSOS)
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert "Notepad" in result.stderr and "All files" in result.stderr, result.stderr


def test_the_dev_servers_listing_sees_misnamed_files_as_a_full_listing_does(content: Content):
    for name in ("disdik.YAML", "dlh.Yaml", "dinkes2.yaml.txt", "catatan.txt", ".#humas.yaml", "README.md"):
        content.raw(f"agencies/{name}", DINSOS)
    listed = agency_paths(content.root)
    names = [p.name for p in listed]
    assert {"disdik.YAML", "dlh.Yaml", "dinkes2.yaml.txt"} <= set(names)
    assert not {"catatan.txt", ".#humas.yaml", "README.md"} & set(names)
    all_names = [p.name for p in (content.root / "agencies").iterdir()]
    assert agency_paths_named(content.root, all_names) == listed


def test_an_empty_agencies_folder_is_reported_not_a_traceback(content: Content, tmp_path):
    for path in (content.root / "agencies").iterdir():
        path.unlink()
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("content/agencies:1:1: error: folder content/agencies/ belum berisi"), result.stderr


# --- 2. the preview's port or address cannot be used ------------------------------------------

def _serve(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("serve", "--content", "content", "--out", "output", "--no-browser", *args, cwd=tmp_path)


def test_serve_on_a_port_in_use_says_so_in_one_line_and_exits_2(content: Content, tmp_path):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen(1)
        result = _serve(tmp_path, "--port", str(port))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert f"port {port}" in lines[0] and "--port" in lines[0] and "make serve PORT=" in lines[0], lines
    assert not (tmp_path / "output").exists()  # refused before building


def test_serve_on_an_address_of_another_machine_exits_2(content: Content, tmp_path):
    result = _serve(tmp_path, "--host", "10.255.255.1", "--port", str(free_port()))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "10.255.255.1" in lines[0] and "--host" in lines[0], lines


@pytest.mark.parametrize("port", ["99999", "65536", "0", "-1"])
def test_serve_refuses_a_port_outside_1_to_65535(content: Content, tmp_path, port):
    result = _serve(tmp_path, "--port", port)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "1-65535" in result.stderr, result.stderr
    assert not (tmp_path / "output").exists()


# --- 3. an optional field left empty -----------------------------------------------------------

def test_an_empty_optional_field_is_the_field_left_out(content: Content, tmp_path):
    content.agency("bkd", """\
        name: Badan Kepegawaian Daerah
        short_name:
        kind: badan
        twitter: BKDUji
        twitter_id:
        active: false
        status_checked: "2016-03-10"
        source: Berita
        last_post:
        channels:
        fallback:
        superseded_by:
        description:
        services:
          - name: Kepegawaian ASN
            description:
            keywords:
        """)
    content.agency("dinkes", """\
        name: Dinas Kesehatan
        kind: dinas
        channels:
          instagram:
          phone: "(0296) 531102"
        services: [Pelayanan puskesmas]
        """)
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    directory = read_directory(content.root, TODAY, cwd=tmp_path)
    bkd, dinkes = directory.by_slug["bkd"], directory.by_slug["dinkes"]
    assert (bkd.last_post, bkd.fallback, bkd.channels, bkd.short_name, bkd.twitter_id) == (None, None, (), "", None)
    assert [(c.kind, c.value) for c in dinkes.channels] == [("phone", "(0296) 531102")]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_empty_field_that_must_be_filled_never_shows_python_none(content: Content, tmp_path, lang):
    content.agency("bkd", """\
        name:
        kind:
        twitter: BKDUji
        active:
        status_checked:
        source:
        services:
          -
        """)
    result = run_cli("check", "--content", "content", "--lang", lang, cwd=tmp_path)
    assert result.returncode == 1
    assert "None" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    located = {line.split(": error:")[0] for line in errors}
    assert {f"content/agencies/bkd.yaml:{n}:{c}" for n, c in
            [(1, 6), (2, 6), (4, 8), (5, 16), (6, 8), (8, 4)]} <= located, errors
    word = "masih kosong" if lang == "id" else "it is empty"
    assert all(word in line for line in errors), errors


def test_the_schema_editors_use_accepts_an_empty_optional_field():
    """The schema is the rule's one place: the editors' schema says it, the build follows it."""
    schema = yaml.safe_load((ROOT / "akunresmi" / "schema" / "agency.schema.json").read_text(encoding="utf-8"))
    required = set(schema["required"])
    for key, spec in schema["properties"].items():
        if key not in required:
            kinds = spec.get("type") or schema["$defs"]["slug"]["type"]
            assert "null" in kinds, key


# --- 4. a handle written with @ ------------------------------------------------------------------

def _handle_mentions(text: str) -> list[str]:
    """Lines that tell how to write a handle with @ (or show one after `twitter:`)."""
    return [line for line in text.splitlines()
            if re.search(r"twitter:\s*\S*@|boleh (juga|dengan) @|with or without @|@ optional", line)]


@pytest.mark.parametrize("source", ["docs/panduan-humas.md", "README.md", "template"])
def test_every_text_that_allows_an_at_sign_says_to_quote_it(source):
    text = agency_template("dinsos", None, None) if source == "template" else (ROOT / source).read_text("utf-8")
    unquoted = [line for line in _handle_mentions(text) if '"@' not in line]
    assert unquoted == [], unquoted


def test_the_quoted_handle_the_guide_shows_is_read_as_the_handle(content: Content):
    guide = (ROOT / "docs" / "panduan-humas.md").read_text("utf-8")
    shown = re.search(r'twitter: "@DinsosBlora"', guide)
    assert shown
    content.agency("dinsos", DINSOS + f"{shown.group()}\nactive: true\nstatus_checked: \"2026-11-20\"\n"
                                      "source: Pemeriksaan Humas\n")
    assert read_directory(content.root, TODAY).by_slug["dinsos"].handle == "DinsosBlora"


# --- 5. an unknown agency under an emergency number ---------------------------------------------

EMERGENCY = """\
emergency:
  - number: "119"
    name: Ambulans
    source: "https://www.kemkes.go.id"
    words: [ambulans, gawat darurat]
    agencies: [humas, dinkess, rsud]
"""


def test_an_unknown_agency_under_an_emergency_number_is_located_in_site_yaml(content: Content, tmp_path):
    content.raw("site.yaml", (content.root / "site.yaml").read_text("utf-8") + EMERGENCY)
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    first = next(i for i, line in enumerate(lines) if "dinkess" in line)
    assert lines[first].startswith("content/site.yaml:14:23: error: "), lines
    assert "Ambulans" in lines[first] and "'dinkess'" in lines[first], lines
    assert lines[first + 1] == "  petunjuk: Maksud Anda 'dinkes'?", lines
    assert any(line.startswith("content/site.yaml:14:32: error: ") and "'rsud'" in line for line in lines), lines


def test_the_dev_server_checks_emergency_agencies_after_a_save_of_site_yaml(content: Content, tmp_path):
    good = EMERGENCY.replace("dinkess, rsud", "dinkes")
    content.raw("site.yaml", (content.root / "site.yaml").read_text("utf-8") + good)
    first = read_directory(content.root, TODAY, cwd=tmp_path)
    content.raw("site.yaml", (content.root / "site.yaml").read_text("utf-8").replace("dinkes]", "rsud]"))
    with pytest.raises(ContentErrors) as caught:
        read_directory(content.root, TODAY, cwd=tmp_path, previous=first)
    assert [e.key for e in caught.value.errors] == ["unknown_slug"]


def test_an_emergency_number_written_twice_is_located_also_after_a_save_in_the_dev_server(content: Content, tmp_path):
    """The same number in two entries of site.yaml: said at the second, naming the first's line; the dev
    server's read after a save that changes only a number (the agencies named stay the same) says so too."""
    site = (content.root / "site.yaml").read_text("utf-8")  # 8 lines: the numbers from line 9
    other = EMERGENCY.replace('"119"', '"118"').replace("emergency:\n", "").replace("humas, dinkess, rsud", "humas")
    good = site + EMERGENCY.replace("dinkess, rsud", "dinkes") + other
    content.raw("site.yaml", good)
    first = read_directory(content.root, TODAY, cwd=tmp_path)
    content.raw("site.yaml", good.replace('"118"', '"119"'))
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "content/site.yaml:15:13: error: nomor darurat 119 sudah ditulis di baris 10",
        "  petunjuk: Tulis setiap nomor sekali: pindahkan words (dan agencies) entri ini ke entri di baris itu, "
        "lalu hapus entri ini."], result.stderr
    with pytest.raises(ContentErrors) as caught:
        read_directory(content.root, TODAY, cwd=tmp_path, previous=first)
    assert [e.key for e in caught.value.errors] == ["duplicate_emergency_number"]


# --- 6. several mistakes of one rule -------------------------------------------------------------

def test_errors_differing_only_in_what_they_name_are_all_kept():
    one = ContentError("a.yaml", 3, 1, "missing_field", {"missing": "active"})
    two = ContentError("a.yaml", 3, 1, "missing_field", {"missing": "source"})
    assert len(ContentErrors([one, two, one]).errors) == 2


def test_every_missing_field_is_reported_in_the_same_order_every_run(content: Content, tmp_path):
    content.agency("bkd", "name: Badan Kepegawaian Daerah\nkind: badan\ntwitter: BKDUji\nservices: [ASN]\n")
    runs = {run_cli("check", "--content", "content", cwd=tmp_path, env={"PYTHONHASHSEED": str(seed)}).stderr
            for seed in range(4)}
    assert len(runs) == 1, runs
    missing = re.findall(r"kolom wajib '(\w+)' belum diisi", runs.pop())
    assert missing == ["active", "status_checked", "source"]


# --- 7 and 8. what the commands say when they finish ------------------------------------------------

def test_new_region_names_its_folder_and_the_check_that_reads_it(tmp_path):
    (tmp_path / "national.yaml").write_text("regions:\n", encoding="utf-8")
    result = run_cli("new-region", "33.17", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Folder dibuat: regions/33.17-" in result.stdout, result.stdout
    assert "python build.py check --national national.yaml" in result.stdout, result.stdout
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("regions:\n", encoding="utf-8")
    result = run_cli("new-region", "33.18", "--national", str(elsewhere), "--lang", "en", cwd=tmp_path)
    assert f"python build.py check --national {elsewhere}" in result.stdout, result.stdout


def test_new_names_the_check_that_reads_the_folder_it_wrote_to(tmp_path):
    for folder in ("content", "regions/33.17-kabupaten-rembang"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "site.yaml").write_text("title: x\n", encoding="utf-8")
    default = run_cli("new", "dinsos", cwd=tmp_path)
    assert default.stdout.strip().endswith("lalu jalankan: python build.py check"), default.stdout
    region = run_cli("new", "dinsos", "--content", "regions/33.17-kabupaten-rembang", cwd=tmp_path)
    assert region.stdout.strip().endswith(
        "lalu jalankan: python build.py check --content regions/33.17-kabupaten-rembang"), region.stdout
    # A region of national.yaml is checked as the national directory: alone, a dormant Humas at the end
    # of its chain is an error, which the national build hands on to the province and LAPOR!.
    (tmp_path / "national.yaml").write_text('regions:\n  "33.16": content\n  "33.17": regions/33.17-kabupaten-rembang\n',
                                            encoding="utf-8")
    listed = run_cli("new", "dinkes", "--content", "regions/33.17-kabupaten-rembang", cwd=tmp_path)
    assert listed.stdout.strip().endswith("lalu jalankan: python build.py check --national national.yaml"), listed.stdout
    blora = run_cli("new", "dinkes", cwd=tmp_path)  # content/ is published alone too: checked alone, as before
    assert blora.stdout.strip().endswith("lalu jalankan: python build.py check"), blora.stdout


def test_check_with_mistakes_does_not_speak_of_building(content: Content, tmp_path):
    content.agency("bkd", "name: Badan Kepegawaian Daerah\nkind: badan\nservices: [ASN]\ntwiter: x\n")
    check = run_cli("check", "--content", "content", cwd=tmp_path)
    assert check.returncode == 1
    last = check.stderr.splitlines()[-1]
    assert last.startswith("1 kesalahan") and "dibangun" not in last and "tayang" not in last, last
    build = run_cli("build", "--content", "content", "--out", "output", cwd=tmp_path)
    assert build.stderr.splitlines()[-1].startswith("1 kesalahan; situs tidak dibangun ulang")


# --- 9. a link to an address written without https://, mailto: or tel: ------------------------------

LINKED = """\
name: Dinas Sosial
kind: dinas
services:
  - Bantuan sosial
description: |
  Lihat [situs resmi](www.blorakab.go.id/dinsos) atau [WA](wa.me/62812345678).

  Surel [humas](humas@blorakab.go.id), telepon [kantor](0296 531102).
  Benar: [LAPOR!](https://www.lapor.go.id "kanal nasional"), [status](../../status/), [atas](#isi),
  [surel](mailto:a@b.go.id), [telepon](tel:+62296531102).
  Bukan tautan: ![foto](kantor.jpg), `[contoh](contoh.go.id)`.
"""


def test_a_link_without_its_scheme_is_located_with_the_address_to_write(content: Content, tmp_path):
    """A browser reads "www.blorakab.go.id" as a page inside the site: each such link is an error at its
    own line and column, with the target as it should be written; links to the site's own pages and
    links with a scheme pass."""
    content.agency("dinsos", LINKED)
    content.raw("pages/tentang.md", "# Tentang\n\nSitus kabupaten: [blorakab.go.id](blorakab.go.id).\n")
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    located = re.findall(r"^(content/\S+): error: tautan '([^']+)' tidak diawali http\(s\)://", result.stderr, re.M)
    assert located == [("content/agencies/dinsos.yaml:6:23", "www.blorakab.go.id/dinsos"),
                       ("content/agencies/dinsos.yaml:6:60", "wa.me/62812345678"),
                       ("content/agencies/dinsos.yaml:8:17", "humas@blorakab.go.id"),
                       ("content/agencies/dinsos.yaml:8:57", "0296 531102"),
                       ("content/pages/tentang.md:3:35", "blorakab.go.id")], result.stderr
    fixes = re.findall(r"Tulis seperti ini: (\(.+\))$", result.stderr, re.M)
    assert fixes == ["(https://www.blorakab.go.id/dinsos)", "(https://wa.me/62812345678)",
                     "(mailto:humas@blorakab.go.id)", "(tel:0296531102)", "(https://blorakab.go.id)"]
    build = run_cli("build", "--content", "content", "--out", "output", cwd=tmp_path)
    assert build.returncode == 1 and not (tmp_path / "output").exists()


def test_links_written_whole_build(content: Content, tmp_path):
    content.agency("dinsos", LINKED.replace("(www.", "(https://www.").replace("(wa.me", "(https://wa.me")
                   .replace("(humas@", "(mailto:humas@").replace("(0296 531102)", "(tel:0296531102)"))
    result = run_cli("build", "--content", "content", "--out", "output", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "output" / "akun" / "dinsos" / "index.html").read_text(encoding="utf-8")
    for href in ("https://www.blorakab.go.id/dinsos", "https://wa.me/62812345678", "mailto:humas@blorakab.go.id",
                 "tel:0296531102", "https://www.lapor.go.id", "../../status/", "#isi"):
        assert f'href="{href}"' in page, href


UNSAFE = """\
name: Dinas Sosial
kind: dinas
services:
  - Bantuan sosial
description: |
  Unduh [SOP](file:///C:/Users/humas/SOP.pdf) atau [formulir](C:\\Users\\humas\\form.pdf).

  Hubungi [WA](whatsapp://send?phone=62812345678), [klik](javascript:alert(1)).
  Benar: [situs](https://blorakab.go.id), [surel](mailto:a@b.go.id), [telepon](tel:+62296531102).
  Bukan tautan: `[contoh](javascript:x)`.
"""


def test_a_link_the_site_cannot_publish_is_located_with_its_scheme(content: Content, tmp_path):
    """A link to a file on the Humas's computer, an app or a script is dropped by the sanitiser, and the
    citizen would see a link that leads nowhere: each is an error at its own line and column, naming
    the scheme, with the hint; the build keeps the last good site."""
    content.agency("dinsos", UNSAFE)
    content.raw("pages/tentang.md", "# Tentang\n\nUnduhan: [data](ftp://files.blorakab.go.id/data.zip).\n")
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    located = re.findall(r"^(content/\S+): error: tautan '(.+)' diawali (\w+):, yang tidak bisa dibuka", result.stderr,
                         re.M)
    assert located == [("content/agencies/dinsos.yaml:6:15", "file:///C:/Users/humas/SOP.pdf", "file"),
                       ("content/agencies/dinsos.yaml:6:63", "C:\\\\Users\\\\humas\\\\form.pdf", "C"),
                       ("content/agencies/dinsos.yaml:8:16", "whatsapp://send?phone=62812345678", "whatsapp"),
                       ("content/agencies/dinsos.yaml:8:59", "javascript:alert", "javascript"),
                       ("content/pages/tentang.md:3:17", "ftp://files.blorakab.go.id/data.zip", "ftp")], result.stderr
    assert result.stderr.count("https://wa.me/62") == 5  # the hint, under each
    build = run_cli("build", "--content", "content", "--out", "output", cwd=tmp_path)
    assert build.returncode == 1 and not (tmp_path / "output").exists()


# --- 10. the national directory's tools: new-region and new in a region folder -----------------------

NATIONAL = """\
title: Akun Resmi Uji Nasional
language: id
base_url: "https://contoh.github.io/nasional/"
regions:
  "33.16": content
"""


def _national(tmp_path: Path, text: str) -> Path:
    (tmp_path / "national.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "national.yaml"


def test_new_region_reports_a_yaml_mistake_in_national_yaml_as_check_does(content: Content, tmp_path):
    """An unclosed quote in national.yaml: the located message `check --national` gives, exit 1, no
    traceback, and nothing written."""
    _national(tmp_path, NATIONAL.replace('  "33.16": content', '  "33.16: content'))
    result = run_cli("new-region", "33.17", cwd=tmp_path)
    check = run_cli("check", "--national", "national.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("national.yaml:5:3: error: tanda kutip") and first == check.stderr.splitlines()[0]
    assert "petunjuk:" in result.stderr
    assert not (tmp_path / "regions").exists()


@pytest.mark.parametrize("regions", ["regions: {}", "regions:", "regions: {}  # nanti diisi", "regions: ~"])
def test_new_region_fills_an_empty_regions_mapping_instead_of_adding_a_second_one(regions, tmp_path):
    path = _national(tmp_path, NATIONAL.replace('regions:\n  "33.16": content\n', regions + "\n"))
    result = run_cli("new-region", "33.17", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.count("regions:") == 1, text
    assert yaml.safe_load(text)["regions"] == {"33.17": "regions/33.17-kabupaten-rembang"}
    assert ("# nanti diisi" in text) == ("# nanti diisi" in regions)


def test_new_region_refuses_an_empty_national_yaml_as_check_does(tmp_path):
    _national(tmp_path, "")
    result = run_cli("new-region", "33.17", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("national.yaml:1:1: error: berkas kosong")
    assert (tmp_path / "national.yaml").read_text() == "" and not (tmp_path / "regions").exists()


def test_new_region_leaves_alone_a_regions_mapping_it_cannot_extend(tmp_path):
    text = NATIONAL.replace('regions:\n  "33.16": content\n', 'regions: {"33.16": content}\n')
    path = _national(tmp_path, text)
    result = run_cli("new-region", "33.17", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert '"33.17": regions/33.17-kabupaten-rembang' in result.stderr
    assert path.read_text(encoding="utf-8") == text and not (tmp_path / "regions").exists()


@pytest.mark.parametrize("regions", ['regions: ["33.16"]', ""])
def test_the_regions_example_to_copy_is_a_block_that_new_region_then_extends(content: Content, regions, tmp_path):
    """`regions` written as a list, or left out: the hint gives national.yaml's schema example to copy, as
    the lines of a block (not a one-line {…}, which new-region can only hand back as a line to add by hand);
    copied as it is, it checks, and new-region adds its own line under it."""
    site = content.root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("Kabupaten Uji", "Kabupaten Blora") + 'code: "33.16"\n',
                    encoding="utf-8")
    path = _national(tmp_path, NATIONAL.replace('regions:\n  "33.16": content\n', regions + "\n" if regions else ""))
    result = run_cli("check", "--national", "national.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    hint = result.stderr.split("petunjuk: ", 1)[1]
    # the schema's example, to be filled in (here it is already Blora's own line)
    block = hint.split("Contoh bentuknya (ganti dengan data Anda sendiri):\n", 1)[1].split("\n")[:2]
    assert block == ['    regions:', '      "33.16": "content"'], result.stderr
    fixed = "".join(line[4:] + "\n" for line in block)
    path.write_text(NATIONAL.replace('regions:\n  "33.16": content\n', fixed), encoding="utf-8")
    check = run_cli("check", "--national", "national.yaml", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    added = run_cli("new-region", "33.17", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["regions"] == {
        "33.16": "content", "33.17": "regions/33.17-kabupaten-rembang"}


def test_new_region_gives_the_line_to_put_back_when_its_folder_is_no_longer_listed(tmp_path):
    path = _national(tmp_path, NATIONAL)
    assert run_cli("new-region", "33.17", cwd=tmp_path).returncode == 0
    path.write_text(NATIONAL, encoding="utf-8")  # the line taken out again, the folder kept
    result = run_cli("new-region", "33.17", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "sudah ada" in result.stderr
    assert result.stderr.rstrip().endswith('di national.yaml: "33.17": regions/33.17-kabupaten-rembang'), result.stderr
    assert path.read_text(encoding="utf-8") == NATIONAL


def test_new_region_names_the_region_folder_in_its_humas_template(tmp_path):
    _national(tmp_path, NATIONAL)
    assert run_cli("new-region", "33.17", cwd=tmp_path).returncode == 0
    humas = (tmp_path / "regions" / "33.17-kabupaten-rembang" / "agencies" / "humas.yaml").read_text(encoding="utf-8")
    assert "per instansi di regions/33.17-kabupaten-rembang/agencies/." in humas
    assert "content/" not in humas


@pytest.mark.parametrize("typed, hint", [
    ("regions/33.17-kabupaten-rembng", "Maksud Anda --content regions/33.17-kabupaten-rembang?"),
    ("regions/33.17", "Maksud Anda --content regions/33.17-kabupaten-rembang?"),
    ("regions/99-tidak-ada-sama-sekali", "Tulis folder daerah Anda seperti tercantum di national.yaml"),
])
def test_new_refuses_a_content_folder_without_site_yaml_and_names_the_close_one(typed, hint, tmp_path):
    _national(tmp_path, NATIONAL)
    assert run_cli("new-region", "33.17", cwd=tmp_path).returncode == 0
    result = run_cli("new", "dinkes", "--content", typed, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"build.py: error: folder {typed} tidak berisi site.yaml"), result.stderr
    assert f"  petunjuk: {hint}" in result.stderr
    assert not (tmp_path / typed).exists()


def test_new_run_inside_a_region_folder_says_which_content_folder_to_name(tmp_path):
    _national(tmp_path, NATIONAL)
    assert run_cli("new-region", "33.17", cwd=tmp_path).returncode == 0
    inside = tmp_path / "regions" / "33.17-kabupaten-rembang"
    result = run_cli("new", "dinkes", cwd=inside)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert ("petunjuk: Perintah ini dijalankan di dalam folder daerah regions/33.17-kabupaten-rembang: jalankan dari "
            "folder utama repositori dengan --content regions/33.17-kabupaten-rembang, atau tulis --content . di sini."
            ) in result.stderr, result.stderr
    assert not (inside / "content").exists()
    english = run_cli("new", "dinkes", "--lang", "en", cwd=inside / "agencies")
    assert "--content .. here" in english.stderr and not (inside / "agencies" / "content").exists()


def test_messages_about_a_region_folder_name_that_folder_not_content(tmp_path):
    """A region's fallback to a missing agency, an agency's, an emergency number's, an empty agencies
    folder, a file linked outside the folder and a missing site.yaml: each message names the region's
    folder, never content/."""
    _national(tmp_path, NATIONAL.replace('  "33.16": content\n', ""))
    assert run_cli("new-region", "33.17", cwd=tmp_path).returncode == 0
    region = tmp_path / "regions" / "33.17-kabupaten-rembang"
    folder = "regions/33.17-kabupaten-rembang/"
    site = region / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("fallback: humas", "fallback: dinkes")
                    + 'emergency:\n  - number: "112"\n    name: Darurat\n    source: "https://contoh.invalid/"\n'
                      "    words: [darurat]\n    agencies: [damkar]\n", encoding="utf-8")
    humas = region / "agencies" / "humas.yaml"
    humas.write_text(DINSOS + "fallback: bpbd\n", encoding="utf-8")
    result = run_cli("check", "--national", "national.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count(f"(lihat folder {folder}agencies/)") == 3, result.stderr
    assert "content/" not in result.stderr, result.stderr
    (tmp_path / "luar.yaml").write_text(DINSOS, encoding="utf-8")
    (region / "agencies" / "dinsos.yaml").symlink_to(tmp_path / "luar.yaml")
    result = run_cli("check", "--national", "national.yaml", cwd=tmp_path)
    assert f"ke luar folder {folder}\n  petunjuk: Salin isi berkasnya ke {folder}," in result.stderr, result.stderr
    for path in (region / "agencies").iterdir():
        path.unlink()
    result = run_cli("check", "--national", "national.yaml", cwd=tmp_path)
    assert f"{folder}agencies:1:1: error: folder {folder}agencies/ belum berisi berkas instansi" in result.stderr
    english = run_cli("check", "--national", "national.yaml", "--lang", "en", cwd=tmp_path)
    assert f"the {folder}agencies/ folder has no agency files yet" in english.stderr
    site.unlink()
    alone = run_cli("check", "--content", folder, cwd=tmp_path)
    assert alone.stderr.startswith(f"{folder}site.yaml:1:1: error: berkas {folder}site.yaml tidak ada"), alone.stderr


def test_report_on_a_region_folder_lists_its_humas_without_an_account_instead_of_a_dead_end(tmp_path):
    """A new region's Humas has no account yet: in the national directory its complaints go on to the
    province and LAPOR!, and `report --content regions/…` lists it to chase (before: a dead-end error)."""
    _national(tmp_path, NATIONAL.replace('  "33.16": content\n', ""))
    assert run_cli("new-region", "33.17", cwd=tmp_path).returncode == 0
    humas = tmp_path / "regions" / "33.17-kabupaten-rembang" / "agencies" / "humas.yaml"
    humas.write_text(humas.read_text(encoding="utf-8").replace("<Nama layanan, mis. KTP elektronik>", "Pengaduan"),
                     encoding="utf-8")
    assert run_cli("check", "--national", "national.yaml", cwd=tmp_path).returncode == 0
    result = run_cli("report", "--content", "regions/33.17-kabupaten-rembang", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Belum punya akun X: 1 instansi\n  - Humas Kabupaten Rembang (belum ada akun X)\n" in result.stdout
    alone = run_cli("check", "--content", "regions/33.17-kabupaten-rembang", cwd=tmp_path)
    assert alone.returncode == 1 and "berakhir di akun yang tidak aktif" in alone.stderr  # as a site of its own


# --- search_words: a list of words -----------------------------------------------------------------

@pytest.mark.parametrize("value, where, words", [
    ("search_words: banjir", "5:15", "daftar"),
    ("search_words: [banjir, x]", "5:24", "2"),
    ("search_words: [banjir, [rob]]", "5:24", "teks"),
])
def test_a_wrong_search_words_list_is_located_with_a_hint(content: Content, tmp_path, value, where, words):
    content.raw("agencies/dinsos.yaml", DINSOS + value + "\n")
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"content/agencies/dinsos.yaml:{where}: error: "), result.stderr
    assert words in result.stderr and "petunjuk" in result.stderr, result.stderr
