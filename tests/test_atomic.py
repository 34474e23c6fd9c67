"""Atomic builds: a build killed while writing leaves the previous output/ complete and unchanged."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from akunresmi.build import write
from conftest import ROOT
from test_reproducible import tree

AGENCIES = 2000  # enough that writing the site takes a while (about 6,000 files)


def generate(content: Path, title: str) -> None:
    """The bundled content plus many generated agencies, under a given site title."""
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(ROOT / "content", content)
    site = content / "site.yaml"
    site.write_text("".join(f'title: "{title}"\n' if line.startswith("title:") else line + "\n"
                            for line in site.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    for i in range(AGENCIES):
        (content / "agencies" / f"desa-{i:04d}.yaml").write_text(
            f"name: Pemerintah Desa Nomor {i}\nkind: kelurahan\ndescription: Desa nomor {i} melayani **warga**.\n"
            f"services:\n  - name: Layanan desa {i}\n    keywords: [surat desa, kata{i % 17}]\n", encoding="utf-8")


def start_build(cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out",
                             "output"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1795824000"})


def wait_for_write_phase(cwd: Path, proc: subprocess.Popen) -> Path:
    """The build's temporary folder, once files are being written into it."""
    deadline = time.monotonic() + 300  # a bound against hanging, not a speed assertion
    while time.monotonic() < deadline and proc.poll() is None:
        for folder in cwd.glob(".output.new-*"):
            if (folder / "akun").is_dir():
                return folder
        time.sleep(0.005)
    pytest.fail(f"the build ended before its write phase was seen (exit {proc.poll()})")


def test_killed_build_leaves_previous_output_complete(tmp_path):
    generate(tmp_path / "content", "Akun Resmi Lama")
    first = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out",
                            "output"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    before = tree(tmp_path / "output")
    assert len(before) > 3 * AGENCIES

    generate(tmp_path / "content", "Akun Resmi Baru")  # every page changes: every file is rewritten
    proc = start_build(tmp_path)
    partial = wait_for_write_phase(tmp_path, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert partial.is_dir() and not (partial / write.MARKER).exists(), "the kill did not land mid-write"

    assert tree(tmp_path / "output") == before

    shutil.rmtree(tmp_path / "content")
    shutil.copytree(ROOT / "content", tmp_path / "content")  # a small site: the next build is quick
    after = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", "content", "--out",
                            "output"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert after.returncode == 0, after.stderr
    assert list(tmp_path.glob(".output.*")) == [], "leftovers of the killed build remain"
    assert not (tmp_path / "output" / "akun" / "desa-0000").exists()
    assert b"Akun Resmi Kabupaten Blora" in (tmp_path / "output" / "index.html").read_bytes()


def test_a_running_build_keeps_its_folder(tmp_path):
    """Only folders of builds that are no longer running are removed."""
    live = tmp_path / f".output.new-{os.getpid()}-abc"
    dead = tmp_path / ".output.new-999999999-abc"
    live.mkdir()
    dead.mkdir()
    write.write_site({"index.html": b"x"}, tmp_path / "output")
    assert live.is_dir() and not dead.exists()


def test_a_build_killed_between_the_fallback_renames_is_recovered(tmp_path, monkeypatch):
    """Without renameat2 the swap is three renames; dying after the first leaves only `.output.old`."""
    out = tmp_path / "output"
    write.write_site({"index.html": b"lama"}, out)
    os.rename(out, tmp_path / ".output.old")  # the state right after the first rename
    monkeypatch.setattr(write, "_rename_exchange", lambda a, b: False)
    write.write_site({"index.html": b"baru"}, out)
    assert (out / "index.html").read_bytes() == b"baru"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_failure_while_writing_leaves_output_untouched(tmp_path, monkeypatch):
    out = tmp_path / "output"
    write.write_site({"index.html": b"lama", "a/b.html": b"b"}, out)
    before = tree(out)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "_swap_in", disk_full)
    with pytest.raises(OSError):
        write.write_site({"index.html": b"baru"}, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
