"""The dev server's in-place update (build/write.py write_changed), in-process: only files whose bytes
changed are written, new folders are made, removed files go, and no temporary file is left behind."""

from __future__ import annotations

from akunresmi.build.write import write_changed


def listing(out) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_only_changed_files_are_written_and_removed_ones_go(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    first = {"index.html": b"home", "akun/bkd/index.html": b"bkd", "akun/humas/index.html": b"humas"}
    assert write_changed(first, out, {}) == 3
    assert listing(out) == first
    untouched = (out / "akun" / "humas" / "index.html").stat().st_mtime_ns
    second = {"index.html": b"home 2", "akun/humas/index.html": b"humas", "akun/dinsos/index.html": b"dinsos"}
    assert write_changed(second, out, first) == 2  # the edited home page and the new agency
    assert listing(out) == second  # bkd's page is gone, no ".tmp" file is left
    assert (out / "akun" / "humas" / "index.html").stat().st_mtime_ns == untouched


def test_a_file_already_gone_is_no_error(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    write_changed({"a.html": b"a", "b.html": b"b"}, out, {})
    (out / "b.html").unlink()
    assert write_changed({"a.html": b"a"}, out, {"a.html": b"a", "b.html": b"b"}) == 0
    assert listing(out) == {"a.html": b"a"}


def test_a_second_full_write_links_unchanged_files_and_swaps_the_folder_in(tmp_path):
    """write_site in-process, twice into the same folder: the swap of an existing output, hard links
    for unchanged bytes, and no leftover folder beside the output."""
    from akunresmi.build.write import WriteStats, write_site

    out = tmp_path / "site" / "output"  # its parent does not exist yet
    first = {"index.html": b"home", "akun/bkd/index.html": b"bkd", "akun/humas/index.html": b"humas"}
    assert write_site(first, out) == WriteStats(3, 3, 0)
    kept = (out / "akun" / "humas" / "index.html").stat().st_ino
    second = {"index.html": b"home 2", "akun/humas/index.html": b"humas", "akun/dinsos/index.html": b"dinsos"}
    assert write_site(second, out) == WriteStats(3, 2, 1)  # humas's bytes are the same: linked
    assert listing(out) == {**second, ".akunresmi-output": listing(out)[".akunresmi-output"]}
    assert (out / "akun" / "humas" / "index.html").stat().st_ino == kept
    assert sorted(p.name for p in out.parent.iterdir()) == ["output"]
