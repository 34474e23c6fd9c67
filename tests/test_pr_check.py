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
    assert "python build.py check --format github" in runs
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


def _guide_patterns(guide: str) -> list[str]:
    """The code spans of the first column of the guide's error table ("Pesan diawali"), … a wildcard."""
    table = guide[guide.index("| Pesan diawali"):].split("\n\n")[0]
    return [span for row in table.splitlines()[2:] for span in re.findall(r"`([^`]+)`", row.split("|")[1])]


def _as_shown(message: str) -> str:
    """A message the way an editor reads it, every placeholder written as the guide writes it: …"""
    return _unquoted(re.sub(r"\{[^}]*\}", "…", message))


def _unquoted(text: str) -> str:
    return text.replace("'…'", "…")  # the guide does not always quote a placeholder the message quotes


def _explains(pattern: str, shown: str) -> bool:
    """A row explains a message when its words, … standing for anything, begin the message (or begin it
    after a leading placeholder, as in "terlalu panjang"), and say more than a common word or two."""
    literal = re.sub(r"[…'\s]", "", pattern)
    regex = ".*".join(re.escape(part) for part in _unquoted(pattern).split("…"))
    starts = (shown, re.sub(r"^… ", "", shown))
    return len(literal) >= 8 and any(re.match(regex, text) for text in starts)


def test_the_humas_guide_explains_every_kind_of_error():
    """Each content error's message is matched by a distinctive row of the guide's table."""
    guide = (ROOT / "docs" / "panduan-humas.md").read_text(encoding="utf-8")
    errors = yaml.safe_load((ROOT / "akunresmi" / "locales" / "id.yaml").read_text(encoding="utf-8"))["errors"]
    not_content = ("hint_", "reason_", "type_", "label_", "summary_", "usage_", "serve_", "created", "exists")
    patterns = _guide_patterns(guide)
    assert len(patterns) > 20
    missing = [key for key, text in errors.items()
               if not key.startswith(not_content) and not any(_explains(p, _as_shown(text)) for p in patterns)]
    assert missing == []
