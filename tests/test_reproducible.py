"""Reproducible builds: the same content gives the same bytes, wherever and whenever it is built."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

from conftest import ROOT, run_cli

EPOCH = "1795824000"


def tree(folder: Path) -> dict[str, tuple[str, int, bytes]]:
    """Every entry under a folder, dotfiles included: kind, permission bits and bytes."""
    entries = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            kind = "dir" if stat.S_ISDIR(st.st_mode) else "link" if stat.S_ISLNK(st.st_mode) else "file"
            data = path.read_bytes() if kind == "file" else b""
            entries[str(path.relative_to(folder))] = (kind, stat.S_IMODE(st.st_mode), data)
    return entries


def copy_content(source: Path, target: Path, mtime: float) -> Path:
    shutil.copytree(source, target)
    for dirpath, _, filenames in os.walk(target):
        for name in filenames:
            os.utime(Path(dirpath) / name, (mtime, mtime))
    return target


def build(cwd: Path, content: str, env: dict[str, str]) -> None:
    result = run_cli("build", "--content", content, "--out", "output", cwd=cwd,
                     env={"SOURCE_DATE_EPOCH": EPOCH, **env})
    assert result.returncode == 0, result.stderr


def test_two_builds_in_different_folders_at_different_times_are_identical(tmp_path):
    first = tmp_path / "a"
    second = tmp_path / "satu folder yang lain" / "lebih dalam"
    copy_content(ROOT / "content", first / "content", mtime=1_000_000_000)
    copy_content(ROOT / "content", second / "isi", mtime=time.time())
    # Different hash seeds, time zones and locales: set order, local time and collation must not leak.
    build(first, "content", {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"})
    time.sleep(1.1)  # a clock that has moved on cannot show up in the output either
    build(second, "isi", {"PYTHONHASHSEED": "2", "TZ": "Asia/Jakarta", "LC_ALL": "C.UTF-8"})

    a, b = tree(first / "output"), tree(second / "output")
    assert ".akunresmi-output" in a and "index.html" in a and len(a) > 100
    assert sorted(a) == sorted(b)
    differing = [path for path in a if a[path] != b[path]]
    assert differing == []


def test_a_large_site_built_by_worker_processes_is_identical_too(tmp_path):
    """Above the pool threshold pages and posters are rendered on all cores; their order must not show."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for i in range(340):
        (content / "agencies" / f"desa-{i:03d}.yaml").write_text(
            f"name: Pemerintah Desa Nomor {i}\nkind: kelurahan\nservices:\n  - name: Layanan desa {i}\n"
            f"    keywords: [surat desa, kata{i % 17}]\n", encoding="utf-8")
    build(tmp_path, "content", {"PYTHONHASHSEED": "3"})
    os.rename(tmp_path / "output", tmp_path / "first")
    build(tmp_path, "content", {"PYTHONHASHSEED": "4"})
    a, b = tree(tmp_path / "first"), tree(tmp_path / "output")
    assert len([p for p in a if p.startswith("akun/desa-")]) >= 340
    assert sorted(a) == sorted(b)
    assert [path for path in a if a[path] != b[path]] == []


def test_output_folder_is_readable_like_any_new_folder(tmp_path):
    """The build folder is made with mkdir, not mkdtemp's 0700, so a web server user can read it."""
    build(tmp_path, str(ROOT / "content"), {})
    probe = tmp_path / "probe"
    probe.mkdir()
    assert stat.S_IMODE((tmp_path / "output").stat().st_mode) == stat.S_IMODE(probe.stat().st_mode)


def test_every_dependency_is_pinned_to_one_version():
    """Same inputs also means the same tools: a floating version could change output, or be hijacked."""
    import json
    import re

    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-r "):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\],]+==[A-Za-z0-9_.+\-]+", line), (name, line)
    for folder in (ROOT, ROOT / "tests" / "js"):  # the test tools, and StrykerJS for make mutation-js
        package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        for dep, version in {**package.get("dependencies", {}), **package.get("devDependencies", {})}.items():
            assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version), (folder, dep, version)
        assert (folder / "package-lock.json").is_file()
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for uses in re.findall(r"uses:\s*(\S+)", workflow.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), (workflow.name, uses)
