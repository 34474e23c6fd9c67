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


def test_the_folders_a_removed_agency_leaves_empty_go_too(tmp_path):
    """Left behind, akun/bkd/poster/ would be served as a folder listing where a fresh build gives the
    404 page; a folder that still holds a file stays."""
    out = tmp_path / "output"
    out.mkdir()
    first = {"akun/bkd/index.html": b"bkd", "akun/bkd/poster/index.html": b"poster", "akun/humas/index.html": b"h"}
    write_changed(first, out, {})
    second = {"akun/humas/index.html": b"h"}
    write_changed(second, out, first)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "akun", "akun/humas", "akun/humas/index.html"]


def test_bytes_equal_to_the_last_builds_are_not_written_again(tmp_path):
    """Equal, not the same objects (a page made again with the same bytes; an export's pieces)."""
    from akunresmi.pieces import pieces

    out = tmp_path / "output"
    out.mkdir()
    first = {"index.html": bytes(bytearray(b"home")), "data/a.json": pieces([b"[", b"1", b"]"])}
    assert write_changed(first, out, {}) == 2
    stamps = {rel: (out / rel).stat().st_mtime_ns for rel in first}
    second = {"index.html": bytes(bytearray(b"home")), "data/a.json": pieces([b"[1", b"]"])}
    assert second["index.html"] is not first["index.html"]
    assert write_changed(second, out, first) == 0
    assert {rel: (out / rel).stat().st_mtime_ns for rel in second} == stamps


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


# --- OutputWriter: the dev server's output folder, written behind the build it serves ---------------

import threading  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

from akunresmi.build.write import OutputWriter  # noqa: E402


class Calls:
    def __init__(self) -> None:
        self.written: list[tuple[int, object]] = []
        self.failed: list[tuple[Exception, object]] = []

    def on_written(self, changed: int, note: object) -> None:
        self.written.append((changed, note))

    def on_failed(self, exc: Exception, note: object) -> None:
        self.failed.append((exc, note))


def test_the_writer_writes_each_build_and_says_how_many_files_changed(tmp_path):
    out, calls = tmp_path / "output", Calls()
    first = {"index.html": b"home", "akun/bkd/index.html": b"bkd"}
    writer = OutputWriter(out, None, calls.on_written, calls.on_failed)  # nothing known: written whole
    try:
        writer.put(first, "first")
        assert writer.flush(timeout=30)
        assert {k: v for k, v in listing(out).items() if not k.startswith(".")} == first
        second = {"index.html": b"home 2", "akun/bkd/index.html": b"bkd"}
        untouched = (out / "akun" / "bkd" / "index.html").stat().st_mtime_ns
        writer.put(second, "second")
        assert writer.flush(timeout=30)
        assert (out / "index.html").read_bytes() == b"home 2"
        assert (out / "akun" / "bkd" / "index.html").stat().st_mtime_ns == untouched
        assert calls.written == [(2, "first"), (1, "second")] and calls.failed == []
    finally:
        writer.close()


def test_builds_given_while_one_is_written_are_skipped_but_the_last(tmp_path):
    out, calls, release = tmp_path / "output", Calls(), threading.Event()

    def slow(changed: int, note: object) -> None:
        calls.on_written(changed, note)
        if note == 1:
            release.wait(30)  # the writer is busy with build 1 while builds 2 and 3 come

    out.mkdir()
    writer = OutputWriter(out, {}, slow, calls.on_failed)
    try:
        writer.put({"a.html": b"1"}, 1)
        deadline = time.monotonic() + 30
        while not calls.written and time.monotonic() < deadline:
            time.sleep(0.01)
        assert calls.written, "the writer never wrote the first build"
        writer.put({"a.html": b"2"}, 2)
        writer.put({"a.html": b"3", "b.html": b"3"}, 3)
        assert not writer.flush(timeout=0.05)  # still busy
        release.set()
        assert writer.flush(timeout=30)
        assert [note for _, note in calls.written] == [1, 3]
        assert listing(out) == {"a.html": b"3", "b.html": b"3"}
    finally:
        release.set()
        writer.close()


def test_a_failed_write_is_reported_and_the_next_build_is_written_whole(tmp_path):
    blocker = tmp_path / "site"
    blocker.write_text("a file where the output's parent folder should be")
    out, calls = blocker / "output", Calls()
    writer = OutputWriter(out, {"index.html": b"old"}, calls.on_written, calls.on_failed)
    try:
        writer.put({"index.html": b"new"}, "broken")
        assert writer.flush(timeout=30)
        assert [note for _, note in calls.failed] == ["broken"] and isinstance(calls.failed[0][0], OSError)
        assert writer.on_disk is None  # not known any more
        blocker.unlink()
        writer.put({"index.html": b"new", "a/b.html": b"b"}, "fixed")
        assert writer.flush(timeout=30)
        assert {k: v for k, v in listing(out).items() if not k.startswith(".")} == {"index.html": b"new", "a/b.html": b"b"}
        assert calls.written == [(2, "fixed")]
    finally:
        writer.close()


@pytest.mark.parametrize("rounds", [1, 5])
def test_closing_writes_what_is_pending(tmp_path, rounds):
    out = tmp_path / "output"
    out.mkdir()
    calls = Calls()
    writer = OutputWriter(out, {}, calls.on_written, calls.on_failed)
    for i in range(rounds):
        writer.put({"index.html": f"build {i}".encode()}, i)
    writer.close()  # no flush first: close itself waits for the last build to be on disk
    assert listing(out) == {"index.html": f"build {rounds - 1}".encode()}
    assert calls.written[-1][1] == rounds - 1


def test_an_error_in_the_writer_is_reported_and_the_next_build_is_still_written(tmp_path):
    """Whatever fails (here the console, in on_written), the thread lives on: output/ is not left behind."""
    from akunresmi.build.write import write_site

    out = tmp_path / "output"
    write_site({}, out)  # ours, as the server's first build leaves it
    calls, broken = Calls(), [True]

    def written(changed: int, note: object) -> None:
        if broken:
            broken.clear()
            raise BrokenPipeError("the console went away")
        calls.on_written(changed, note)

    writer = OutputWriter(out, {}, written, calls.on_failed)
    try:
        writer.put({"a.html": b"1"}, 1)
        assert writer.flush(timeout=30)
        assert [(type(exc), note) for exc, note in calls.failed] == [(BrokenPipeError, 1)]
        writer.put({"a.html": b"2"}, 2)
        assert writer.flush(timeout=30)
        assert {k: v for k, v in listing(out).items() if not k.startswith(".")} == {"a.html": b"2"}
        assert calls.written == [(1, 2)]  # written whole: what was on disk was not known any more
    finally:
        writer.close()
