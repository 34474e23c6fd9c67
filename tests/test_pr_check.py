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
