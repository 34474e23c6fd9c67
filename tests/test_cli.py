"""The command line as a user runs it: exit codes, messages, and an output/ that survives mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", ["build", "check", "serve", "new", "new-region", "report", "diff"])
def test_every_command_has_help_in_indonesian_and_in_the_language_asked(command):
    """A Humas editor reads Indonesian: the help is said in the catalogue's words, argparse's own too."""
    result = run_cli(command, "--help")
    assert result.returncode == 0 and result.stdout.startswith(f"pemakaian: build.py {command} [-h]"), result.stdout
    assert "pilihan:" in result.stdout and "tampilkan bantuan ini lalu keluar" in result.stdout
    assert "usage" not in result.stdout and "default" not in result.stdout and "show this help" not in result.stdout
    english = run_cli(command, "--help", "--lang", "en")
    assert english.returncode == 0 and english.stdout.startswith(f"usage: build.py {command}")
    assert "options:" in english.stdout and "show this help message and exit" in english.stdout


def test_the_list_of_commands_is_said_in_indonesian():
    result = run_cli("--help")
    assert result.returncode == 0 and result.stdout.startswith("pemakaian: build.py [-h] COMMAND")
    assert "periksa isi lalu bangun situs (bawaan)" in result.stdout
    assert "tulis templat berkomentar untuk instansi baru" in result.stdout


def test_build_then_a_mistake_exits_1_with_a_located_error_and_keeps_output(content, tmp_path):
    out = tmp_path / "output"
    first = run_cli("build", "--content", str(content.root), "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "5 instansi" in first.stdout
    before = tree(out)
    content.agency("bkd", "name: Badan Kepegawaian Daerah\nkind: badan\nactive: ya\nservices: [ASN]\n")
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\nservices: [Puskesmas]\ntwiter: x\n")
    failed = run_cli("build", "--content", str(content.root), "--out", str(out), cwd=tmp_path)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    lines = failed.stderr.splitlines()
    assert lines[0].startswith("content/agencies/bkd.yaml:3:9: error: 'active' harus berupa true/false")
    assert any(line.startswith("content/agencies/dinkes.yaml:4:1: error: kolom tidak dikenal: 'twiter'")
               for line in lines)
    assert lines[-1] == "2 kesalahan; situs tidak dibangun ulang (versi terakhir yang benar tetap tayang)."
    assert tree(out) == before


def test_build_without_a_command_is_build(content, tmp_path):
    result = run_cli("--content", str(content.root), "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "index.html").is_file()


def test_check_writes_nothing(content, tmp_path):
    result = run_cli("check", "--content", str(content.root), cwd=tmp_path)
    assert result.returncode == 0 and "5 instansi diperiksa" in result.stdout
    assert not (tmp_path / "output").exists()


def test_the_process_ends_at_once_yet_says_everything_and_lets_a_profiler_write_its_report(content, tmp_path):
    """build.py ends its process without the interpreter's clean-up (a second at 20,000 agencies): what it
    printed still arrives whole through a pipe, and `python -m cProfile -o F build.py …` still writes F."""
    import subprocess
    import sys

    from conftest import ROOT

    result = run_cli("check", "--content", str(content.root), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.endswith("5 instansi diperiksa.\n"), result.stdout
    mistake = run_cli("check", "--content", str(tmp_path / "missing"), cwd=tmp_path)
    assert mistake.returncode == 2 and mistake.stderr.startswith("build.py: error:")
    profile = tmp_path / "check.prof"
    profiled = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), str(ROOT / "build.py"), "check",
                               "--content", str(content.root)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert profiled.returncode == 0, profiled.stderr
    assert profile.stat().st_size > 0


@pytest.mark.parametrize("args", [
    ["build", "--bogus"],
    ["build", "--base-url", "ftp://x/"],
    ["build", "--base-url", "https://x.github.io/akun-resmi"],
    ["check", "--content", "does-not-exist"],
    ["new", "Bad Slug"],
    ["frobnicate"],
])
def test_usage_mistakes_exit_2(args, tmp_path):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr and "error" in result.stderr


def test_a_base_url_with_a_space_says_what_it_may_hold(tmp_path):
    """The message said only 'start with http(s) and end with /', which the address did (review)."""
    result = run_cli("build", "--base-url", "https://contoh.github.io/akun resmi/", cwd=tmp_path)
    assert result.returncode == 2 and "tanpa spasi" in result.stderr, result.stderr


def test_a_cache_that_is_a_file_is_a_usage_error(content, tmp_path):
    """Found by review: `--cache` naming a file raised NotADirectoryError, a traceback and exit 1."""
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    out = tmp_path / "o"
    result = run_cli("build", "--content", str(content.root), "--out", str(out), "--cache", str(cache), cwd=tmp_path)
    assert result.returncode == 2 and f"--cache {cache} bukan folder" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    assert cache.read_text() == "not a folder"


@pytest.mark.parametrize("where, message", [
    ("content", "tidak boleh sama dengan folder"),  # the content folder itself: it would be committed
    ("content/.cache", "tidak boleh sama dengan folder"),  # inside it
    ("out", "tidak boleh sama dengan folder"),  # the published site
    ("out/cache", "tidak boleh sama dengan folder"),  # inside it: swapped out by the next build
    (".", "tidak boleh sama dengan folder"),  # around the content and output folders
    ("foreign", "berisi berkas yang tidak dibuat oleh Akun Resmi"),  # someone else's files
    ("a-file/cache", "tidak bisa dibuat"),  # under a file
])
def test_a_cache_folder_that_is_not_a_folder_of_its_own_is_refused(content, tmp_path, where, message):
    """Found by review: `--cache content`, `--cache output` and `--cache /` built, and wrote the engine's
    pickles and a whole copy of the site (spare/) into the content folder, the site or the file system's root."""
    out = tmp_path / "out"
    assert run_cli("build", "--content", str(content.root), "--out", str(out), cwd=tmp_path).returncode == 0
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine")
    (tmp_path / "a-file").write_text("mine")
    folders = {"content": content.root, "out": out}
    first, _, rest = where.partition("/")
    cache = folders.get(first, tmp_path / first) / rest if rest else folders.get(first, tmp_path / first)
    before = {p: tree(p) for p in (content.root, out, tmp_path / "foreign")}
    result = run_cli("build", "--content", str(content.root), "--out", str(out), "--cache", str(cache), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert {p: tree(p) for p in before} == before
    assert not (tmp_path / "engine.pickle").exists() and not (tmp_path / "spare").exists()


def test_a_cache_folder_is_claimed_with_a_marker_and_taken_again(content, tmp_path):
    """A new or empty folder becomes the cache, marked as such; the next build takes it again, and so does a
    cache written before the marker existed (its manifest says what it is)."""
    cache, out = tmp_path / "cache", tmp_path / "out"
    for _ in range(2):
        result = run_cli("build", "--content", str(content.root), "--out", str(out), "--cache", str(cache), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (cache / ".akunresmi-cache").is_file() and (cache / "manifest").is_file()
    (cache / ".akunresmi-cache").unlink()
    result = run_cli("build", "--content", str(content.root), "--out", str(out), "--cache", str(cache), cwd=tmp_path)
    assert result.returncode == 0 and (cache / ".akunresmi-cache").is_file(), result.stderr


@pytest.mark.parametrize("out, message", [
    ("/", "bukan di akar sistem berkas"),
    ("build.py", "adalah berkas, bukan folder"),
    ("build.py/x", "adalah berkas, bukan folder"),
    ("/proc/akunresmi-test", "tidak bisa ditulis"),
])
def test_an_output_folder_that_cannot_be_one_is_a_usage_error(content, tmp_path, out, message):
    """Found by review: `--out /` and `--out build.py/x` ended in tracebacks (exit 1), `--out build.py`
    said the file was a folder holding files."""
    if out.startswith("/proc") and not Path("/proc").is_dir():
        pytest.skip("no /proc on this system")
    (tmp_path / "build.py").write_text("# a file\n")
    result = run_cli("build", "--content", str(content.root), "--out", out, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "build.py").read_text() == "# a file\n"


def test_a_content_folder_one_level_too_deep_is_a_usage_error_with_the_folder_meant(content, tmp_path):
    """Found by review: `--content content/agencies` was reported as a missing site.yaml inside it (exit 1)."""
    result = run_cli("check", "--content", str(content.root / "agencies"), cwd=tmp_path)
    assert result.returncode == 2 and "bukan folder isi" in result.stderr, result.stderr
    assert f"Maksud Anda --content {content.root.as_posix()}?" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_to_replace_a_folder_it_did_not_build(content, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = run_cli("build", "--content", str(content.root), "--out", str(precious), cwd=tmp_path)
    assert result.returncode == 2
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_base_url_with_sub_path(content, tmp_path):
    out = tmp_path / "o"
    result = run_cli("build", "--content", str(content.root), "--out", str(out),
                     "--base-url", "https://contoh.github.io/sub/path/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'href="/sub/path/static/style.css"' in (out / "404.html").read_text()
    assert 'href="https://contoh.github.io/sub/path/akun/bkd/"' in (out / "akun/bkd/index.html").read_text()


def test_repository_option_leads_the_edit_and_issue_links_to_that_repository(content, tmp_path):
    """A fork's CI passes its own repository (pages.yml): every agency page's "Perbarui data ini" and
    "Laporkan data yang salah" open its files and issues, not those site.yaml names."""
    out = tmp_path / "o"
    result = run_cli("build", "--content", str(content.root), "--out", str(out),
                     "--repository", "https://github.com/pemda-contoh/akun-resmi", "--branch", "utama", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (out / "akun/bkd/index.html").read_text()
    assert 'href="https://github.com/pemda-contoh/akun-resmi/edit/utama/content/agencies/bkd.yaml"' in page
    assert 'href="https://github.com/pemda-contoh/akun-resmi/issues/new?title=' in page
    assert "github.com/contoh/" not in page and "/edit/main/" not in page
    default = run_cli("build", "--content", str(content.root), "--out", str(out),
                      "--repository", "https://github.com/pemda-contoh/akun-resmi", cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    assert "pemda-contoh/akun-resmi/edit/main/content/agencies/bkd.yaml" in (out / "akun/bkd/index.html").read_text()


@pytest.mark.parametrize("args, message", [
    (["--repository", "https://github.com/pemda-contoh/akun-resmi/"], "--repository 'https://github.com/pemda-contoh/akun-resmi/' tidak sah"),
    (["--repository", "https://gitlab.com/a/b"], "--repository 'https://gitlab.com/a/b' tidak sah"),
    (["--repository", "https://github.com/a/b", "--branch", "a b"], "--branch 'a b' tidak sah"),
    (["--branch", "main"], "--branch main hanya berlaku bersama --repository"),
])
def test_a_bad_repository_option_is_a_usage_error(content, tmp_path, args, message):
    out = tmp_path / "o"
    result = run_cli("build", "--content", str(content.root), "--out", str(out), *args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert not out.exists()


def test_a_cname_the_site_is_not_built_for_stops_the_build_at_its_line(content, tmp_path):
    """cname set before the domain is in Settings → Pages: the workflow's address is still
    https://OWNER.github.io/REPO/, whose 404.html would break at the domain's root. The build stops at
    site.yaml's cname line (exit 1), so the live site stays whole until the address matches."""
    out = tmp_path / "o"
    assert run_cli("build", "--content", str(content.root), "--out", str(out), cwd=tmp_path).returncode == 0
    before = tree(out)
    site = content.root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "cname: akun.contoh.go.id\n", encoding="utf-8")
    line = site.read_text(encoding="utf-8").splitlines().index("cname: akun.contoh.go.id") + 1
    for extra in ([], ["--base-url", "https://contoh.github.io/akun-resmi/"]):
        result = run_cli("build", "--content", str(content.root), "--out", str(out), *extra, cwd=tmp_path)
        assert result.returncode == 1, result
        first = result.stderr.splitlines()[0]
        assert first == (f"content/site.yaml:{line}:8: error: cname akun.contoh.go.id bukan domain alamat yang "
                         "dibangun (https://contoh.github.io/akun-resmi/): di domain itu, halaman 404 dan semua "
                         "tautan lengkap situs ini akan rusak"), result.stderr
        assert "Settings → Pages → Custom domain" in result.stderr and "Run workflow" in result.stderr
        assert tree(out) == before
    # built for the domain (configure-pages' address once it is set), it publishes the CNAME
    result = run_cli("build", "--content", str(content.root), "--out", str(out),
                     "--base-url", "https://akun.contoh.go.id/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (out / "CNAME").read_text() == "akun.contoh.go.id\n"
    assert 'href="/static/style.css"' in (out / "404.html").read_text()
    # check and the preview build for no address: they are not told
    assert run_cli("check", "--content", str(content.root), cwd=tmp_path).returncode == 0


def test_new_writes_a_template_that_check_reports_until_filled(content, tmp_path):
    result = run_cli("new", "dinas-baru", "--content", str(content.root), "--name", "Dinas Baru", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = content.root / "agencies" / "dinas-baru.yaml"
    assert path.read_text().startswith("# yaml-language-server: $schema=")
    check = run_cli("check", "--content", str(content.root), cwd=tmp_path)
    assert check.returncode == 1  # the example service name is an error until replaced
    assert "masih berisi teks contoh '<Nama layanan, mis. KTP elektronik>'" in check.stderr
    again = run_cli("new", "dinas-baru", "--content", str(content.root), cwd=tmp_path)
    assert again.returncode == 2 and "sudah ada" in again.stderr


@pytest.mark.parametrize("args, says", [
    (["chek"], "perintah 'chek' tidak dikenal; maksud Anda 'check'?"),
    (["kirim"], "perintah 'kirim' tidak dikenal; perintah yang ada: build, check, serve"),
    (["new", "dinas", "pemuda"], "tidak dikenal: pemuda (lihat build.py --help)"),
    (["new"], "belum diisi: slug (lihat build.py new --help)"),
    (["check", "--lang", "fr"], "--lang tidak bisa 'fr'; pilih salah satu: 'en', 'id'"),
    (["serve", "--port", "abc"], "--port tidak bisa 'abc': harus berupa angka"),
    (["serve", "--port"], "--port harus diikuti nilainya (lihat build.py serve --help)"),
    (["check", "--lang", "en", "--x"], "not understood: --x (see build.py --help)"),
])
def test_command_line_mistakes_are_said_in_the_messages_language(args, says, tmp_path):
    """argparse's own mistakes (an unknown command or option, a missing or wrong value) in Indonesian,
    or in the language --lang asks for, with exit code 2 and no traceback."""
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and f"build.py: error: {says}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "unrecognized" not in result.stderr



@pytest.mark.parametrize("slug, kind", [("kecamatan-jati", "kecamatan"), ("rsud-cepu", "rsud"),
                                        ("kelurahan-mlangsen", "kelurahan"), ("disdik", "dinas")])
def test_new_takes_the_kind_the_name_begins_with(slug, kind, content, tmp_path):
    assert run_cli("new", slug, "--content", str(content.root), cwd=tmp_path).returncode == 0
    assert f'\nkind: "{kind}"\n' in (content.root / "agencies" / f"{slug}.yaml").read_text(encoding="utf-8")
