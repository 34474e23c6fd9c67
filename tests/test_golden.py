"""The bundled site, built with a fixed date and base URL, byte for byte as in tests/golden/site/.

A change that moves any byte of the output shows here as a unified diff of the first differing
files; when the change is intended, `make golden` refreshes the files and the review shows the diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "site"
EPOCH = "1795824000"  # 2026-11-28, as in conftest
BASE_URL = "https://contoh.go.id/direktori/"  # a sub-path, so relative links and canonicals both show
MARKER = ".akunresmi-output"
SHOWN = 3  # files whose diff is printed


def build_bundled(out: Path) -> dict[str, bytes]:
    """The bundled content built through the command line, as a user would."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(ROOT / "content"),
                    "--out", str(out), "--base-url", BASE_URL], check=True, capture_output=True, env=env,
                   timeout=300)
    return tree(out)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != MARKER}


def describe(path: str, golden: bytes | None, built: bytes | None) -> str:
    """A unified diff of one file (or a note for a missing, extra or binary one)."""
    if golden is None or built is None:
        return f"{path}: {'not built' if built is None else 'not in the golden files'}"
    try:
        old, new = golden.decode("utf-8"), built.decode("utf-8")
    except UnicodeDecodeError:
        return f"{path}: binary files differ"
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"golden/{path}",
                                        f"built/{path}", n=2))[:4000]


def test_the_bundled_site_is_byte_for_byte_the_golden_site(tmp_path):
    golden, built = tree(GOLDEN), build_bundled(tmp_path / "out")
    differing = sorted(p for p in golden.keys() | built.keys() if golden.get(p) != built.get(p))
    report = "\n".join(describe(p, golden.get(p), built.get(p)) for p in differing[:SHOWN])
    assert not differing, f"{len(differing)} files differ from tests/golden/ (make golden refreshes):\n{report}"


def refresh() -> None:
    """`make golden`: replace the golden files with what the current code builds."""
    with tempfile.TemporaryDirectory() as tmp:
        files = build_bundled(Path(tmp) / "out")
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, data in files.items():
        (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / rel).write_bytes(data)
    print(f"{len(files)} golden files written")


if __name__ == "__main__":
    refresh()
