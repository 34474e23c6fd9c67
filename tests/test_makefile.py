"""The Makefile as a deployer meets it: an exported shell variable is not taken as BASE_URL, an old
Python is told how to name another, and a venv that cannot work (no pip) is made again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # Not the variables and flags of a `make test` that runs these tests (MAKEFLAGS carries its command line).
    outer = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args], capture_output=True, text=True,
                          timeout=120, env={**outer, **(env or {})})


def test_base_url_is_taken_from_the_command_line_not_from_an_exported_variable():
    """`export BASE_URL=…` in a shell (another project's) must not change what `make build` builds."""
    env = {"BASE_URL": "https://leak.example/", "REPOSITORY": "https://github.com/leak/x", "BRANCH": "leak"}
    for target in ("build", "national"):
        quiet = make("-n", target, env=env)
        assert quiet.returncode == 0, quiet.stderr
        assert "leak" not in quiet.stdout, quiet.stdout
        given = make("-n", target, "BASE_URL=https://ok.example/", "REPOSITORY=https://github.com/o/r", "BRANCH=b",
                     env=env)
        assert "--base-url https://ok.example/ --repository https://github.com/o/r --branch b" in given.stdout, given.stdout


def fake_python(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "python-fake"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_python_older_than_3_11_is_told_to_name_another_with_python_equals(tmp_path):
    old = fake_python(tmp_path, 'case "$1" in --version) echo "Python 3.10.12";; *) exit 1;; esac\n')
    venv = tmp_path / "venv"
    result = make("install", f"VENV={venv}", f"PYTHON={old}")
    assert result.returncode == 2
    assert "needs Python 3.11 or newer" in result.stderr and "is Python 3.10.12" in result.stderr, result.stderr
    assert "make install PYTHON=python3.11" in result.stderr
    assert not venv.exists()


def test_a_venv_without_pip_is_made_again_and_a_venv_that_cannot_be_made_names_python3_venv(tmp_path):
    """Made where Debian's python3-venv was missing: the venv has a Python and no pip. It used to be
    taken as it was ("No module named pip"), or, marked installed, kept for good."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (venv / ".installed").touch()  # even marked installed, newer than requirements.txt
    # a Python 3.11+ whose `-m venv` still makes no pip, as on Debian without python3-venv
    no_pip = fake_python(tmp_path, f'if [ "$1 $2" = "-m venv" ]; then exec {sys.executable} -m venv --without-pip "$3"; fi\n'
                                   f'exec {sys.executable} "$@"\n')
    result = make("install", f"VENV={venv}", f"PYTHON={no_pip}")
    assert "has a Python older than 3.11 or no pip: making it again" in result.stdout, (result.stdout, result.stderr)
    assert result.returncode == 2
    assert "apt-get install python3-venv" in result.stderr, result.stderr
    assert not venv.exists()  # not left half made for the next run to trust
