"""Every broken content tree of test_bad_input, checked in this process: what an editor reads.

test_bad_input.py runs the real command line in a subprocess, which the mutation tester cannot see
(issue 14). These tests call the same `check` entry point in-process and read its standard error,
so each mistake's file:line:col, message and hint are asserted where mutmut can map them to the
loading and validation code."""

from __future__ import annotations

import contextlib
import io
import os
import re

import pytest

from akunresmi.commands.cli import main
from akunresmi.content.reader import read_directory
from conftest import TODAY
from test_messages import ENGLISH
from test_bad_input import AGENCY, CASES, ERROR_LINE, Bad, _site_with, break_content, write_content


def check(tmp_path, monkeypatch, *args: str) -> tuple[int, str]:
    """`build.py check` run from tmp_path; its standard error as text (a StringIO keeps the
    surrogates of an undecodable file name, which the real stderr prints with backslashes)."""
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", "--content", "content", *args])
    return code, err.getvalue().encode("utf-8", "backslashreplace").decode("utf-8")


def located(stderr: str) -> list[re.Match]:
    return [m for m in map(ERROR_LINE.match, stderr.splitlines()) if m]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_is_one_located_error_with_its_fix(case: Bad, tmp_path, monkeypatch):
    if not case.as_root_too and os.geteuid() == 0:
        pytest.skip("these tests run as root (uid 0) on this machine, and root reads files whatever their "
                    "permissions: the unreadable-file case needs an ordinary user")
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
    assert lines[-1].startswith("1 kesalahan; situs tidak dibangun ulang"), stderr


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
