"""The Makefile as a deployer meets it: an exported shell variable is not taken as BASE_URL."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


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
