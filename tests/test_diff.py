"""Issue 12: `build.py diff BASE` and the pull-request summary say what changes for citizens,
on a real git repository made in a temporary folder."""

from __future__ import annotations

import subprocess
import textwrap

import yaml

from conftest import ROOT, run_cli

GIT_ENV = {"GIT_AUTHOR_NAME": "Humas", "GIT_AUTHOR_EMAIL": "humas@example.invalid",
           "GIT_COMMITTER_NAME": "Humas", "GIT_COMMITTER_EMAIL": "humas@example.invalid",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo, *args: str) -> str:
    import os

    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                            env={**os.environ, **GIT_ENV})
    return result.stdout


def make_repo(content) -> None:
    """The fixture content committed on `main`, then a working tree where BKD's account wakes up,
    Dinkes gets an account, Bupati's file is removed and a new agency is added."""
    repo = content.root.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    bkd = (content.root / "agencies" / "bkd.yaml")
    bkd.write_text(bkd.read_text(encoding="utf-8").replace("active: false", "active: true")
                   .replace("twitter: BKDUji", "twitter: BKD_Uji_Baru"), encoding="utf-8")
    content.agency("dinkes", textwrap.dedent("""\
        name: Dinas Kesehatan
        kind: dinas
        twitter: DinkesUji
        active: true
        status_checked: "2026-11-20"
        source: Pemeriksaan Humas
        services: [Pelayanan puskesmas]
        """))
    content.remove("bupati")
    content.agency("dinsos", "name: Dinas Sosial\nshort_name: Dinsos <b>*x*</b>\nkind: dinas\nservices: [Bansos]\n")


def test_diff_text_names_every_change_for_citizens(content):
    make_repo(content)
    result = run_cli("diff", "main", "--content", "content", cwd=content.root.parent)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Perubahan bagi warga dibanding main\n")
    assert "Instansi baru:\n  - Dinsos <b>*x*</b>: keluhan ke @HumasUji\n" in out
    assert "Instansi dihapus:\n  - Bupati Uji\n" in out
    assert "Akun X berganti:\n  - Badan Kepegawaian Daerah: @BKDUji → @BKD_Uji_Baru\n  - Dinas Kesehatan: belum ada akun → @DinkesUji\n" in out
    assert "Status akun berubah:\n  - Badan Kepegawaian Daerah: Tidak aktif → Aktif\n  - Dinas Kesehatan: Belum ada akun → Aktif\n" in out
    assert ("Keluhan kini diteruskan ke akun lain:\n  - Badan Kepegawaian Daerah: @HumasUji → @BKD_Uji_Baru\n"
            "  - Dinas Kesehatan: @HumasUji → @DinkesUji\n") in out
    assert "Dindukcapil" not in out  # unchanged agencies are not listed


def test_diff_markdown_for_the_job_summary_escapes_names(content):
    make_repo(content)
    result = run_cli("diff", "main", "--format", "markdown", "--content", "content", cwd=content.root.parent)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Perubahan bagi warga dibanding main\n")
    assert "### Keluhan kini diteruskan ke akun lain:\n\n- Badan Kepegawaian Daerah: @HumasUji → @BKD\\_Uji\\_Baru\n" in out
    assert "<b>" not in out and "Dinsos &lt;b\\>\\*x\\*&lt;/b\\>" in out


def test_diff_with_nothing_changed_and_in_english(content):
    make_repo(content)
    git(content.root.parent, "add", "-A")
    git(content.root.parent, "commit", "-q", "-m", "head")
    result = run_cli("diff", "HEAD", "--lang", "en", "--content", "content", cwd=content.root.parent)
    assert result.stdout == ("What changes for citizens compared with HEAD\n\nNothing changes for citizens "
                             "(accounts, statuses and where complaints go stay the same).\n")


def test_diff_against_a_revision_without_content_lists_every_agency_as_new(content):
    repo = content.root.parent
    (repo / "README").write_text("x\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "empty")
    out = run_cli("diff", "main", "--content", "content", cwd=repo).stdout
    assert "Instansi baru:\n  - Badan Kepegawaian Daerah: keluhan ke @HumasUji\n" in out


def test_diff_with_an_unknown_revision_is_a_usage_error(content):
    make_repo(content)
    result = run_cli("diff", "tidak-ada", "--content", "content", cwd=content.root.parent)
    assert result.returncode == 2
    assert result.stderr.startswith("build.py: error: git tidak bisa membaca revisi 'tidak-ada'")
    assert "Traceback" not in result.stderr


def _saved_later(path) -> None:
    """Mark a file as saved a minute after the others (file times can be too coarse to tell)."""
    import os

    later = path.stat().st_mtime + 60
    os.utime(path, (later, later))


def test_check_changed_reports_a_duplicate_handle_on_the_file_in_the_pull_request(content):
    """In a checkout file times say nothing: --changed (fed from git) names the edited file, even
    when another file was saved later and comes later by name."""
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\ntwitter: BKDUji\nactive: false\n"
                             "status_checked: '2026-11-01'\nsource: Humas\nservices: [Puskesmas]\n")
    content.agency("bkd", "name: Badan Kepegawaian Daerah\nkind: badan\ntwitter: bkduji\nactive: false\n"
                          "status_checked: '2016-03-10'\nsource: Berita\nservices: [ASN]\n")
    _saved_later(content.root / "agencies" / "dinkes.yaml")
    result = run_cli("check", "--format", "github", "--content", "content",
                     "--changed", "content/agencies/bkd.yaml", cwd=content.root.parent)
    assert result.returncode == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("::error")]
    assert line.startswith("::error file=content/agencies/bkd.yaml,line=3,col=10::akun X @bkduji sudah "
                           "dipakai di content/agencies/dinkes.yaml:3")
    plain = run_cli("check", "--content", "content", cwd=content.root.parent)
    assert plain.stderr.startswith("content/agencies/dinkes.yaml:3:10: error: akun X @BKDUji sudah dipakai di "
                                   "content/agencies/bkd.yaml:3")


def test_the_pr_workflow_writes_the_summary_and_feeds_changed_files_to_check():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there to compare with
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "git diff -z --name-only --diff-filter=AMR" in runs
    assert "python build.py check --format github --changed" in runs
    assert ('python build.py diff "origin/$BASE_REF" --national national.yaml --format markdown '
            '>> "$GITHUB_STEP_SUMMARY"') in runs


def test_diff_national_summarises_every_region_folder_the_change_touches(tmp_path):
    """The pull-request summary of a national directory: each region whose folder (or line in
    national.yaml) changed, under its name; an untouched region is not listed. Before, the summary
    compared content/ only and said nothing changed. Blora's Humas is dormant: its new Dinas Sosial's
    complaints go, as the national build routes them, on to the province's Humas (they said LAPOR!)."""
    blora = _national_repo(tmp_path)
    unchanged = run_cli("diff", "main", "--national", "national.yaml", cwd=tmp_path)
    assert unchanged.returncode == 0, unchanged.stderr
    assert unchanged.stdout == "Perubahan bagi warga dibanding main\n\n" + ID_NOTHING + "\n"
    (blora / "agencies" / "dinsos.yaml").write_text("name: Dinas Sosial\nkind: dinas\nservices: [Bansos]\n",
                                                   encoding="utf-8")
    assert run_cli("new-region", "33.17", cwd=tmp_path).returncode == 0  # a new region, its Humas filled in
    humas = tmp_path / "regions" / "33.17-kabupaten-rembang" / "agencies" / "humas.yaml"
    humas.write_text(textwrap.dedent("""\
        name: Humas Kabupaten Rembang
        kind: humas
        twitter: HumasRembang
        active: true
        status_checked: "2026-11-20"
        source: Pemeriksaan Humas
        services: [Pengaduan umum]
        """), encoding="utf-8")
    git(tmp_path, "add", "regions/33.16-blora")  # one change committed, the new region not yet added: both count
    git(tmp_path, "commit", "-q", "-m", "Dinsos")
    result = run_cli("diff", "main", "--national", "national.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Perubahan bagi warga dibanding main\n\n"
        "Kabupaten Blora (regions/33.16-blora)\n=====================================\n\n"
        "Instansi baru:\n  - Dinas Sosial: keluhan ke @Humas33\n\n"
        "Kabupaten Rembang (regions/33.17-kabupaten-rembang)\n"
        "===================================================\n\n"
        "Instansi baru:\n  - Humas Kabupaten Rembang: keluhan ke @HumasRembang\n"), result.stdout
    markdown = run_cli("diff", "main", "--national", "national.yaml", "--format", "markdown", cwd=tmp_path).stdout
    assert markdown.startswith("## Perubahan bagi warga dibanding main\n\n### Kabupaten Blora "
                               "\\(regions/33.16\\-blora\\)\n\n#### Instansi baru:\n\n- Dinas Sosial: keluhan ke @Humas33\n")
    assert "Jawa Tengah" not in result.stdout + markdown
    plain = run_cli("diff", "main", "--national", "nope.yaml", cwd=tmp_path)
    assert plain.returncode == 2 and "nope.yaml" in plain.stderr and "Traceback" not in plain.stderr


def _national_repo(tmp_path):
    """Jawa Tengah (active Humas) and Blora (dormant Humas, a Dinkes without an account), committed on
    main, with a branch for the pull request; Blora's folder."""
    from test_national import NO_ACCOUNT, national_yaml, write_region

    write_region(tmp_path, "regions/33-jateng", "33", "Provinsi Jawa Tengah")
    blora = write_region(tmp_path, "regions/33.16-blora", "33.16", "Kabupaten Blora", humas_active=False,
                         extra={"dinkes": NO_ACCOUNT})
    national_yaml(tmp_path, {"33": "regions/33-jateng", "33.16": "regions/33.16-blora"})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "pr")
    return blora


def test_diff_national_lists_a_region_whose_line_was_removed_or_added(tmp_path):
    """A region's line taken out of national.yaml (its folder kept): listed under a heading that says so,
    its agencies removed, with where their complaints went; put back: its agencies added."""
    from test_national import national_yaml

    _national_repo(tmp_path)
    national_yaml(tmp_path, {"33": "regions/33-jateng"})
    git(tmp_path, "commit", "-q", "-am", "Blora out")
    result = run_cli("diff", "main", "--national", "national.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    heading = ('Kabupaten Blora (regions/33.16-blora): barisnya dihapus dari national.yaml, halamannya menjadi '
               '"belum ada data"')
    assert result.stdout == (
        "Perubahan bagi warga dibanding main\n\n" + heading + "\n" + "=" * len(heading) + "\n\n"
        "Instansi dihapus:\n  - Bagian Humas\n  - Dinas Kesehatan\n"), result.stdout
    english = run_cli("diff", "main", "--national", "national.yaml", "--lang", "en", "--format", "markdown",
                      cwd=tmp_path)
    assert ("### Kabupaten Blora \\(regions/33.16\\-blora\\): its line was removed from national.yaml, its pages "
            "become \"no data yet\"\n\n#### Agencies removed:\n\n- Bagian Humas\n- Dinas Kesehatan\n") in english.stdout, english.stdout
    git(tmp_path, "commit", "-q", "-m", "on main", "--allow-empty")
    git(tmp_path, "update-ref", "refs/heads/main", "HEAD")  # main without Blora's line; the PR puts it back
    national_yaml(tmp_path, {"33": "regions/33-jateng", "33.16": "regions/33.16-blora"})
    back = run_cli("diff", "main", "--national", "national.yaml", cwd=tmp_path)
    assert back.stdout == (
        "Perubahan bagi warga dibanding main\n\n"
        "Kabupaten Blora (regions/33.16-blora)\n=====================================\n\n"
        "Instansi baru:\n  - Bagian Humas: keluhan ke @Humas33\n  - Dinas Kesehatan: keluhan ke @Humas33\n"), back.stdout


def test_diff_national_says_where_complaints_go_as_the_national_build_routes_them(tmp_path):
    """The province's Humas falls dormant: Blora's folder is untouched, but its complaints, which went on
    to the province's Humas, now end at LAPOR! — the change is listed under Blora as well as the province."""
    _national_repo(tmp_path)
    humas = tmp_path / "regions" / "33-jateng" / "agencies" / "humas.yaml"
    humas.write_text(humas.read_text(encoding="utf-8").replace("active: true", "active: false"), encoding="utf-8")
    result = run_cli("diff", "main", "--national", "national.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(
        "Kabupaten Blora (regions/33.16-blora)\n=====================================\n\n"
        "Keluhan kini diteruskan ke akun lain:\n  - Bagian Humas: @Humas33 → LAPOR!\n  - Dinas Kesehatan: @Humas33 → LAPOR!\n"
        ), result.stdout
    assert result.stdout.index("Provinsi Jawa Tengah") < result.stdout.index("Kabupaten Blora")


ID_NOTHING = "Tidak ada perubahan bagi warga (akun, status dan tujuan keluhan tetap sama)."


def test_check_national_changed_reports_a_duplicate_handle_on_the_file_in_the_pull_request(tmp_path):
    """The national step of the workflow feeds the changed files too: in a region folder, a mistake between
    two files lands on the one the pull request changed, as with check --content."""
    from test_national import national_yaml, write_region

    dinkes = "name: Dinas Kesehatan\nkind: dinas\ntwitter: BKDUji\nactive: false\nstatus_checked: '2026-11-01'\n" \
             "source: Humas\nservices: [Puskesmas]\n"
    bkd = "name: Badan Kepegawaian Daerah\nkind: badan\ntwitter: bkduji\nactive: false\n" \
          "status_checked: '2016-03-10'\nsource: Berita\nservices: [ASN]\n"
    folder = write_region(tmp_path, "regions/33.17-rembang", "33.17", "Kabupaten Rembang",
                          extra={"dinkes": dinkes, "bkd": bkd})
    national_yaml(tmp_path, {"33.17": "regions/33.17-rembang"})
    _saved_later(folder / "agencies" / "dinkes.yaml")
    result = run_cli("check", "--national", "national.yaml", "--format", "github",
                     "--changed", "regions/33.17-rembang/agencies/bkd.yaml", cwd=tmp_path)
    assert result.returncode == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("::error")]
    assert line.startswith("::error file=regions/33.17-rembang/agencies/bkd.yaml,line=3,col=10::akun X @bkduji"), line
