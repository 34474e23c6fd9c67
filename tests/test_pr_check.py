"""Pull-request checks: `check --format github` annotates the changed line, and the workflow runs it."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT, run_cli

WORKFLOW = ROOT / ".github" / "workflows" / "check.yml"


def test_check_github_format_annotates_each_mistake(content):
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\ntwiter: DinkesUji\nservices: [Puskesmas]\n")
    content.agency("bkd", "name: BKD\nkind: badan\ntwitter: BKD\nactive: ya\nstatus_checked: '2026-01-02'\n"
                          "source: Humas\nservices: [Kepegawaian]\n")
    result = run_cli("check", "--format", "github", "--content", str(content.root), cwd=content.root.parent)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert len(lines) == 2
    assert re.fullmatch(r"::error file=content/agencies/bkd\.yaml,line=4,col=9::'active' harus berupa true/false, bukan "
                        r"teks: 'ya' \(.*Tulis persis true atau false.*\)", lines[0])
    assert lines[1].startswith("::error file=content/agencies/dinkes.yaml,line=3,col=1::kolom tidak dikenal: 'twiter'")
    assert "Maksud Anda 'twitter'?" in lines[1]
    assert "Traceback" not in result.stderr


def test_check_github_format_in_english(content):
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\ntwiter: DinkesUji\nservices: [Puskesmas]\n")
    result = run_cli("check", "--format", "github", "--lang", "en", "--content", str(content.root),
                     cwd=content.root.parent)
    assert "::unknown field: 'twiter' (Did you mean 'twitter'?)" in result.stderr


def test_clean_content_gives_no_annotation(content):
    result = run_cli("check", "--format", "github", "--content", str(content.root), cwd=content.root.parent)
    assert result.returncode == 0
    assert "::error" not in result.stderr + result.stdout


def test_the_pr_workflow_checks_content_changes_with_annotations_and_read_only_access():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads the key `on` as true
    assert "content/**" in on["pull_request"]["paths"]
    assert workflow["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("python build.py check --format github" in run for run in runs)
    for step in workflow["jobs"]["check"]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_every_bundled_agency_file_names_the_schema_for_editors():
    """VS Code and Codespaces underline mistakes while Humas types, thanks to this first line."""
    files = sorted((ROOT / "content" / "agencies").glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../akunresmi/schema/agency.schema.json", path.name


NOT_CONTENT_ERRORS = ("hint_", "reason_", "type_", "label_", "summary_", "usage_", "serve_", "created", "exists",
                      "word_", "field_", "diff_")


def as_in_the_guide(text: str) -> str:
    """A message as the guide shows it: each part that varies (a field, a value) written as …."""
    return re.sub(r"\{[a-z_]+(![a-z])?\}", "…", text)


def test_the_humas_guide_explains_every_kind_of_error():
    """Each content error's whole message (varying parts as …), not just its first word, is in the guide."""
    guide = (ROOT / "docs" / "panduan-humas.md").read_text(encoding="utf-8")
    errors = yaml.safe_load((ROOT / "akunresmi" / "locales" / "id.yaml").read_text(encoding="utf-8"))["errors"]
    missing, vague = [], []
    for key, text in errors.items():
        if key.startswith(NOT_CONTENT_ERRORS):
            continue
        shown = as_in_the_guide(text)
        if len(re.sub(r"[…'\"():,]", " ", shown).split()) < 3:
            vague.append(f"{key}: {shown}")
        elif f"`{shown}`" not in guide:
            missing.append(f"`{shown}`")
    assert vague == [] and missing == []


def test_no_message_tells_a_web_editor_to_run_python_or_uses_jargon():
    """Hints fit github.com editing as well as a checkout; no programmer notation or jargon."""
    errors = yaml.safe_load((ROOT / "akunresmi" / "locales" / "id.yaml").read_text(encoding="utf-8"))["errors"]
    content_keys = [k for k in errors if not k.startswith(("usage_", "serve_", "summary_built", "summary_up", "created",
                                                           "diff_"))]
    for key in content_keys:
        text = re.sub(r"\{[a-z_]+(![a-z])?\}", "…", errors[key])
        for jargon in ("python build.py", "slug", "output/", "bita 0x", "YYYY", "[0]"):
            assert jargon not in text, (key, jargon)


# --- the workflow's shell steps, run for real on a pull request made in a temporary repository ------

def _steps() -> dict[str, str]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return {step["name"]: step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step}


def _run_step(script: str, repo, tmp_path) -> tuple[int, str, str]:
    """A step's script as the runner runs it (bash -e), `python` being this interpreter, on a pull
    request against main; its exit code, its annotations, and what it wrote to the job summary."""
    import os
    import subprocess
    import sys

    from test_diff import GIT_ENV

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    runner_temp = tmp_path / "runner-temp"  # one job's: shared by its steps, as on the runner
    runner_temp.mkdir(exist_ok=True)
    env = {**os.environ, **GIT_ENV, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "BASE_REF": "main",
           "GITHUB_STEP_SUMMARY": str(summary), "SOURCE_DATE_EPOCH": "1795824000", "RUNNER_TEMP": str(runner_temp)}
    result = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True,
                            timeout=120)
    annotations = "\n".join(line for line in (result.stdout + result.stderr).splitlines() if line.startswith("::"))
    return result.returncode, annotations, summary.read_text(encoding="utf-8")


def _pull_request_against_main(repo) -> None:
    """The folder as main (and origin/main) in a new repository, and a branch for the pull request."""
    from test_diff import git

    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "pr")


def test_the_pr_workflow_annotates_each_mistake_once_and_summarises_every_region(content, tmp_path):
    """A pull request that breaks an agency of content/: the content step annotates it, the national
    step (content/ is a region of national.yaml) does not again; one that also changes a region folder
    is checked nationally too. The summary names every region the change touches."""
    from test_diff import git
    from test_national import write_region

    repo = content.root.parent
    (repo / "build.py").symlink_to(ROOT / "build.py")
    site = content.root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("Kabupaten Uji", "Kabupaten Blora") + 'code: "33.16"\n',
                    encoding="utf-8")
    rembang = write_region(repo, "regions/33.17-rembang", "33.17", "Kabupaten Rembang")
    (repo / "national.yaml").write_text('title: Uji\nlanguage: id\nbase_url: "https://contoh.github.io/n/"\n'
                                        'regions:\n  "33.16": content\n  "33.17": regions/33.17-rembang\n',
                                        encoding="utf-8")
    _pull_request_against_main(repo)
    bkd = content.root / "agencies" / "bkd.yaml"
    bkd.write_text(bkd.read_text(encoding="utf-8") + "twiter: x\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a mistake in content/")
    steps = _steps()
    code1, first, _ = _run_step(steps["Check every content file"], repo, tmp_path)
    code2, second, _ = _run_step(steps["Check the national directory"], repo, tmp_path)
    assert code1 != 0 and first.count("::error file=content/agencies/bkd.yaml,line=") == 1, first
    assert code2 == 0 and second == "", second
    (rembang / "agencies" / "dinsos.yaml").write_text("name: Dinas Sosial\nkind: dinas\nservices: [Bansos]\n"
                                                      "fallback: humsa\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Rembang's Dinsos, its fallback misspelt")
    code1, first, _ = _run_step(steps["Check every content file"], repo, tmp_path)
    code2, second, _ = _run_step(steps["Check the national directory"], repo, tmp_path)
    assert code2 != 0 and "::error file=regions/33.17-rembang/agencies/dinsos.yaml,line=4,col=11::" in second, second
    # content/'s mistake, found by both checks now that the national one runs: annotated once, by the first
    both = first + "\n" + second
    assert code1 != 0 and both.count("::error file=content/agencies/bkd.yaml,line=") == 1, both
    assert "::error file=content/agencies/bkd.yaml," in first
    # what only the national rules see in content/ (a handle Rembang's Humas has) is still annotated
    text = bkd.read_text(encoding="utf-8")
    bkd.write_text(text.replace("twiter: x\n", "").replace("twitter: BKDUji", "twitter: Humas3317"), encoding="utf-8")
    (rembang / "agencies" / "dinsos.yaml").write_text("name: Dinas Sosial\nkind: dinas\nservices: [Bansos]\n",
                                                      encoding="utf-8")  # a region with a mistake is not compared
    git(repo, "commit", "-q", "-am", "BKD given Rembang's handle")
    code1, first, _ = _run_step(steps["Check every content file"], repo, tmp_path)
    code2, second, _ = _run_step(steps["Check the national directory"], repo, tmp_path)
    assert code1 == 0 and first == "", first
    assert "::error file=content/agencies/bkd.yaml,line=3,col=10::akun X @Humas3317 sudah dipakai di " in second, second
    bkd.write_text(text, encoding="utf-8")
    bkd.write_text(bkd.read_text(encoding="utf-8").replace("twiter: x\n", "").replace("active: false", "active: true"),
                   encoding="utf-8")
    (rembang / "agencies" / "dinsos.yaml").write_text("name: Dinas Sosial\nkind: dinas\nservices: [Bansos]\n",
                                                      encoding="utf-8")
    git(repo, "commit", "-q", "-am", "fixed")
    code, _, summary = _run_step(steps["Summarise what changes for citizens"], repo, tmp_path)
    assert code == 0
    assert "### Kabupaten Blora \\(content\\)\n\n#### Status akun berubah:\n\n- Badan Kepegawaian Daerah: " in summary
    assert "### Kabupaten Rembang \\(regions/33.17\\-rembang\\)\n\n#### Instansi baru:\n\n- Dinas Sosial" in summary
    assert "Tidak ada perubahan" not in summary


def test_a_single_regions_repository_without_national_yaml_is_checked_and_summarised_as_content(content, tmp_path):
    """A regency publishing its own site may have no national.yaml: the national step has nothing to check
    and the summary covers content/ alone, instead of failing on a missing file."""
    from test_diff import git

    repo = content.root.parent
    (repo / "build.py").symlink_to(ROOT / "build.py")
    _pull_request_against_main(repo)
    bkd = content.root / "agencies" / "bkd.yaml"
    bkd.write_text(bkd.read_text(encoding="utf-8").replace("active: false", "active: true"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "BKD answers again")
    steps = _steps()
    code, annotations, _ = _run_step(steps["Check the national directory"], repo, tmp_path)
    assert code == 0 and annotations == ""
    code, _, summary = _run_step(steps["Summarise what changes for citizens"], repo, tmp_path)
    assert code == 0 and "Badan Kepegawaian Daerah" in summary and "Tidak ada perubahan" not in summary, summary
