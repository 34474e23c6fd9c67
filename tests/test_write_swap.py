"""Writing the output folder, in this process so the mutation tester sees it (issue 14).

test_atomic.py proves a killed build leaves the previous site whole, but through a build in a
subprocess. These tests drive build/write.py directly: the refusal to replace a folder we did not
build, crash recovery (a build process that dies before its swap, or between the fallback's
renames), leftovers of other builds, and the swap itself, with the kernel's renameat2 and without."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from akunresmi.build import write
from akunresmi.build.write import MARKER, MARKER_TEXT, Staging, UnsafeOutput, WriteStats, write_site

FIRST = {"index.html": b"home", "akun/bkd/index.html": b"bkd", "akun/humas/index.html": b"humas"}
SECOND = {"index.html": b"home 2", "akun/humas/index.html": b"humas", "akun/dinsos/index.html": b"dinsos"}


def listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site(files: dict[str, bytes]) -> dict[str, bytes]:
    """What output/ holds after writing `files`: them and the marker that says we built it."""
    return {**files, MARKER: MARKER_TEXT}


def beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


# --- what may be replaced --------------------------------------------------------------------------

def test_a_folder_holding_someone_elses_files_is_never_replaced(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(UnsafeOutput) as info:
        write_site(FIRST, out)
    assert str(info.value) == str(out)
    assert listing(out) == {"thesis.docx": b"years of work"}
    assert beside(out) == ["output"]


def test_a_file_where_the_folder_should_be_is_never_replaced(tmp_path):
    out = tmp_path / "output"
    out.write_bytes(b"notes")
    with pytest.raises(UnsafeOutput):
        write_site(FIRST, out)
    assert out.read_bytes() == b"notes" and beside(out) == ["output"]


def test_an_empty_folder_and_our_own_folder_are_replaced(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    assert write_site(FIRST, out) == WriteStats(3, 3, 0)
    assert listing(out) == site(FIRST)
    assert write_site(SECOND, out) == WriteStats(3, 2, 1)
    assert listing(out) == site(SECOND)
    assert beside(out) == ["output"]


def test_the_output_folder_and_all_its_missing_parents_are_made(tmp_path):
    out = tmp_path / "a" / "b" / "output"
    write_site(FIRST, out)
    assert listing(out) == site(FIRST)


def test_a_relative_output_path_is_written_where_the_build_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_site(FIRST, Path("output"))
    write_site(SECOND, Path("output"))
    assert listing(tmp_path / "output") == site(SECOND)
    assert beside(tmp_path / "output") == ["output"]


def test_the_output_folder_gets_the_permissions_of_any_new_folder(tmp_path):
    """Not mkdtemp's 0700: a web server running as another user must be able to read the site."""
    old = os.umask(0o022)
    try:
        write_site(FIRST, tmp_path / "output")
    finally:
        os.umask(old)
    assert (tmp_path / "output").stat().st_mode & 0o777 == 0o755


def test_same_size_but_different_bytes_are_written_not_linked(tmp_path):
    out = tmp_path / "output"
    write_site({"a.html": b"aaaa", "b.html": b"bbbb"}, out)
    linked_inode = (out / "b.html").stat().st_ino
    assert write_site({"a.html": b"AAAA", "b.html": b"bbbb"}, out) == WriteStats(2, 1, 1)
    assert listing(out) == site({"a.html": b"AAAA", "b.html": b"bbbb"})
    assert (out / "b.html").stat().st_ino == linked_inode


def test_a_page_beside_a_subfolder_written_after_it(tmp_path):
    """Files go in sorted order: akun/bkd/index.html makes akun/ before akun/index.html needs it."""
    out = tmp_path / "output"
    files = {"akun/bkd/index.html": b"bkd", "akun/index.html": b"akun", "akun/humas/x/index.html": b"x"}
    assert write_site(files, out) == WriteStats(3, 3, 0)
    assert listing(out) == site(files)


def test_every_unchanged_file_is_counted_as_linked(tmp_path):
    out = tmp_path / "output"
    write_site(FIRST, out)
    assert write_site({**FIRST, "index.html": b"home 2"}, out) == WriteStats(3, 1, 2)


def test_one_output_path_written_twice_is_a_bug_that_stops_the_build(tmp_path):
    out = tmp_path / "output"
    write_site(FIRST, out)
    with pytest.raises(RuntimeError, match="output path written twice: index.html"):
        with Staging(out) as staging:
            staging.put("index.html", b"one")
            staging.put("index.html", b"two")
    assert listing(out) == site(FIRST) and beside(out) == ["output"]


# --- crash recovery and leftovers -----------------------------------------------------------------

def _die_while_writing(out: Path) -> None:
    """A build process that dies (no clean-up at all) after writing half of its files."""
    pid = os.fork()
    if pid == 0:  # the child: start a build, write one file, die
        try:
            staging = Staging(out)
            staging.put("index.html", b"half")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def test_the_folder_of_a_build_that_died_is_removed_by_the_next_build(tmp_path):
    out = tmp_path / "output"
    write_site(FIRST, out)
    _die_while_writing(out)
    (leftover,) = [name for name in beside(out) if name != "output"]
    assert leftover.startswith(".output.new-")
    assert listing(out) == site(FIRST)  # the dead build never touched the site
    write_site(SECOND, out)
    assert listing(out) == site(SECOND)
    assert beside(out) == ["output"]


def test_a_running_build_keeps_its_folder_and_is_not_disturbed(tmp_path):
    """Another build is running (here a sleeping process): its folder stays and it gets no signal."""
    # Every signal it could be sent ends it, even when this test runs under nohup (SIGHUP ignored, inherited);
    # it says so before the build looks at it.
    proc = subprocess.Popen([sys.executable, "-c", "import signal, time\n"
                             "for s in signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}:\n"
                             "    signal.signal(s, signal.SIG_DFL)\n"
                             "print('ready', flush=True)\n"
                             "time.sleep(60)"], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"ready\n"
        out = tmp_path / "output"
        running = tmp_path / f".output.new-{proc.pid}-0123456789ab"
        running.mkdir()
        (running / "index.html").write_bytes(b"in progress")
        write_site(FIRST, out)
        assert listing(running) == {"index.html": b"in progress"}
        with pytest.raises(subprocess.TimeoutExpired):  # a signal would end it within this second
            proc.wait(timeout=1)
    finally:
        proc.kill()
        proc.wait()


def test_the_folder_of_another_users_running_build_is_kept(tmp_path, monkeypatch):
    """A process we may not signal (EPERM: another user's build) counts as running. The tests run as
    root here, so the kernel's refusal is simulated."""
    def not_yours(pid, sig):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    running = tmp_path / ".output.new-4242-0123456789ab"
    running.mkdir()
    monkeypatch.setattr(write.os, "kill", not_yours)
    write_site(FIRST, tmp_path / "output")
    assert running.is_dir()


def test_leftovers_are_found_for_an_output_name_with_glob_characters_and_dots(tmp_path):
    for name in ("site[1]", "out.new-7"):
        out = tmp_path / name
        dead = tmp_path / f".{name}.new-999999999-0123456789ab"
        dead.mkdir()
        (dead / "index.html").write_bytes(b"stale")
        live = tmp_path / f".{name}.new-{os.getpid()}-0123456789ab"
        live.mkdir()
        write_site(FIRST, out)
        assert not dead.exists(), name
        assert live.is_dir(), name
        live.rmdir()
    assert beside(tmp_path / "x") == ["out.new-7", "site[1]"]


def test_only_folders_of_builds_are_removed(tmp_path):
    """A file or a link that looks like a leftover is not ours to delete; a name without a process
    number is a leftover of no running build."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_bytes(b"keep")
    (tmp_path / ".output.new-999999999-file").write_bytes(b"a file")
    (tmp_path / ".output.new-999999999-link").symlink_to(elsewhere, target_is_directory=True)
    (tmp_path / ".output.new-nopid").mkdir()
    write_site(FIRST, tmp_path / "output")
    assert (tmp_path / ".output.new-999999999-file").read_bytes() == b"a file"
    assert (tmp_path / ".output.new-999999999-link").is_symlink()
    assert listing(elsewhere) == {"keep.txt": b"keep"}
    assert not (tmp_path / ".output.new-nopid").exists()


def test_a_build_that_died_after_the_fallback_swap_finished_leaves_no_old_folder(tmp_path):
    """`.output.old` beside a complete output/ (a crash after the second rename): the next build
    keeps the site it finds and deletes the old folder."""
    out = tmp_path / "output"
    write_site(FIRST, out)
    old = tmp_path / ".output.old"
    old.mkdir()
    (old / "index.html").write_bytes(b"older")
    write_site(SECOND, out)
    assert listing(out) == site(SECOND)
    assert beside(out) == ["output"]


def test_a_build_that_died_between_the_fallback_renames_gets_its_site_back_untouched(tmp_path):
    out = tmp_path / "output"
    write_site(FIRST, out)
    os.rename(out, tmp_path / ".output.old")  # the state right after the fallback's first rename
    with Staging(out) as staging:  # the next build, before it writes anything
        assert listing(out) == site(FIRST)
        assert beside(out) == sorted(["output", staging.folder.name])


# --- the swap ----------------------------------------------------------------------------------------

class FakeLibc:
    """A C library whose renameat2 fails with a given errno, or that has no renameat2 at all."""

    def __init__(self, error: int | None):
        self.error = error
        if error is not None:
            self.renameat2 = self._renameat2

    def _renameat2(self, *args):
        ctypes.set_errno(self.error)
        return -1


@pytest.mark.parametrize("error", [None, errno.ENOSYS, errno.EINVAL, errno.ENOTSUP],
                         ids=["no renameat2", "ENOSYS", "EINVAL", "ENOTSUP"])
def test_without_an_atomic_exchange_the_site_is_swapped_by_renames(tmp_path, monkeypatch, error):
    """An old C library (no renameat2), an old kernel (ENOSYS) or a file system without exchange
    (EINVAL, ENOTSUP): three renames instead, with the same result."""
    out = tmp_path / "output"
    write_site(FIRST, out)
    monkeypatch.setattr(write.ctypes, "CDLL", lambda *a, **k: FakeLibc(error))
    assert write_site(SECOND, out) == WriteStats(3, 2, 1)
    assert listing(out) == site(SECOND)
    assert beside(out) == ["output"]


def test_without_a_c_library_the_site_is_swapped_by_renames(tmp_path, monkeypatch):
    def no_library(*args, **kwargs):
        raise OSError("no C library")

    out = tmp_path / "output"
    write_site(FIRST, out)
    monkeypatch.setattr(write.ctypes, "CDLL", no_library)
    write_site(SECOND, out)
    assert listing(out) == site(SECOND) and beside(out) == ["output"]


def test_any_other_failure_of_the_exchange_stops_the_build_and_keeps_the_site(tmp_path, monkeypatch):
    out = tmp_path / "output"
    write_site(FIRST, out)
    monkeypatch.setattr(write.ctypes, "CDLL", lambda *a, **k: FakeLibc(errno.EIO))
    with pytest.raises(OSError) as info:
        write_site(SECOND, out)
    assert (info.value.errno, info.value.strerror, info.value.filename) == (errno.EIO, os.strerror(errno.EIO),
                                                                           str(out))
    assert listing(out) == site(FIRST) and beside(out) == ["output"]


def test_the_exchange_swaps_two_folders_and_reports_the_kernels_error(tmp_path):
    """The real renameat2: two folders trade places; a missing one is the kernel's ENOENT, named."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").write_bytes(b"a")
    (b / "from-b").write_bytes(b"b")
    assert write._rename_exchange(a, b) is True
    assert listing(a) == {"from-b": b"b"} and listing(b) == {"from-a": b"a"}
    with pytest.raises(FileNotFoundError) as info:
        write._rename_exchange(a, tmp_path / "missing")
    assert info.value.filename == str(tmp_path / "missing")


def test_a_folder_name_already_taken_is_never_reused(tmp_path, monkeypatch):
    """Two builds that draw the same random name: the second draws again instead of writing into
    the first one's folder."""
    names = iter(["0123456789ab", "0123456789ab", "ba9876543210"])
    monkeypatch.setattr(write.secrets, "token_hex", lambda n: next(names))
    out = tmp_path / "output"
    with Staging(out) as first:
        first.put("index.html", b"first")
        write_site(FIRST, out)
        assert first.folder.name == f".output.new-{os.getpid()}-0123456789ab"
        assert listing(first.folder) == {"index.html": b"first"}
    assert listing(out) == site(FIRST)


@pytest.fixture
def undeletable(tmp_path):
    """Makes a file that not even root may delete (chattr +i), and lets it go again afterwards."""
    made: list[Path] = []
    chattr = shutil.which("chattr") or "chattr"  # found now: a test may empty PATH

    def make(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"locked")
        result = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip("needs `chattr +i` (e2fsprogs, a file system with attributes and CAP_LINUX_IMMUTABLE) "
                        f"to make a file nobody can delete: {result.stderr.strip() or 'chattr failed'}")
        made.append(path)

    yield make
    # wherever the build moved it (a swapped-out site, the trash): else it outlives the test in the temp folder
    for path in {found for path in made for found in tmp_path.rglob(path.name)}:
        subprocess.run([chattr, "-i", str(path)], check=False)


def test_a_leftover_folder_that_cannot_be_deleted_does_not_stop_the_build(tmp_path, undeletable):
    """A dead build's folder holding a file this user may not delete (another user's, read-only
    media): the build still publishes; the leftover is what cannot be removed of it."""
    out = tmp_path / "output"
    write_site(FIRST, out)
    undeletable(tmp_path / ".output.new-999999999-0123456789ab" / "locked")
    write_site(SECOND, out)
    assert listing(out) == site(SECOND)
    assert beside(out) == [".output.new-999999999-0123456789ab", "output"]


def test_an_old_folder_that_cannot_be_deleted_does_not_stop_the_build(tmp_path, undeletable):
    out = tmp_path / "output"
    write_site(FIRST, out)
    undeletable(tmp_path / ".output.old" / "locked")
    write_site(SECOND, out)
    assert listing(out) == site(SECOND)
    assert listing(tmp_path / ".output.old") == {"locked": b"locked"}


def test_a_previous_site_that_cannot_be_deleted_whole_does_not_stop_the_build(tmp_path, undeletable):
    """After the swap the previous site is deleted; a file in it nobody may delete stays behind in
    the build's own folder, and the new site is published all the same."""
    out = tmp_path / "output"
    write_site(FIRST, out)
    undeletable(out / "locked")
    write_site(SECOND, out)
    assert listing(out) == site(SECOND)


# --- the previous site deleted in the background (build --cache) -----------------------------------

def wait_until(condition, seconds: float = 60) -> None:
    """A bound against hanging, not a speed assertion."""
    import time

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_the_previous_site_goes_to_the_trash_and_a_detached_process_deletes_it_with_older_leftovers(
        tmp_path, monkeypatch):
    out, trash = tmp_path / "output", tmp_path / "cache" / "trash"
    write_site(FIRST, out)
    (trash / ".output.new-1-0123456789ab" / "akun").mkdir(parents=True)  # left by an earlier build
    deleted_here = []  # the real rmtree, watched: the build must not spend its time deleting
    rmtree = write.shutil.rmtree
    monkeypatch.setattr(write.shutil, "rmtree", lambda path, **kw: (deleted_here.append(path), rmtree(path, **kw)))
    with Staging(out, trash) as staging:
        for rel, data in SECOND.items():
            staging.put(rel, data)
        staging.commit()
    assert listing(out) == site(SECOND) and beside(out) == ["cache", "output"]  # nothing left beside it
    assert deleted_here == []
    wait_until(lambda: not any(trash.iterdir()))
    assert list(trash.iterdir()) == []


def listing_while_deleted(folder: Path) -> dict[str, bytes] | None:
    """The listing, or None when the detached rm removed a folder or file while it was read."""
    try:
        return listing(folder)
    except FileNotFoundError:
        return None


def test_the_trash_keeps_the_previous_site_whole_until_the_detached_process_deletes_it(tmp_path, undeletable):
    """A file nobody may delete keeps the moved tree in the trash: it was moved there whole, not deleted by the
    build (which would have left it beside the output) and not lost."""
    out, trash = tmp_path / "output", tmp_path / "cache" / "trash"
    write_site(FIRST, out)
    undeletable(out / "locked")
    with Staging(out, trash) as staging:
        staging.put("index.html", b"home 2")
        staging.commit()
        moved = staging.folder.name
    assert listing(out) == site({"index.html": b"home 2"}) and beside(out) == ["cache", "output"]
    wait_until(lambda: listing_while_deleted(trash / moved) == {"locked": b"locked"})
    assert listing(trash / moved) == {"locked": b"locked"}  # all the rest deleted by the detached rm


def test_an_unfinished_build_deletes_its_folder_itself_and_leaves_the_trash_alone(tmp_path):
    out, trash = tmp_path / "output", tmp_path / "cache" / "trash"
    write_site(FIRST, out)
    with pytest.raises(RuntimeError):
        with Staging(out, trash) as staging:
            staging.put("index.html", b"half")
            raise RuntimeError("stopped before the swap")
    assert listing(out) == site(FIRST) and beside(out) == ["output"] and not trash.exists()


def test_without_a_shell_the_build_deletes_the_previous_site_itself(tmp_path, monkeypatch):
    out, trash = tmp_path / "output", tmp_path / "cache" / "trash"
    write_site(FIRST, out)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))  # no `sh` to start
    with Staging(out, trash) as staging:
        staging.put("index.html", b"home 2")
        staging.commit()
    assert listing(out) == site({"index.html": b"home 2"})
    assert beside(out) == ["cache", "output"] and list(trash.iterdir()) == []  # moved, then deleted here


def test_a_trash_that_cannot_be_made_leaves_the_deletion_to_the_build(tmp_path):
    out, trash = tmp_path / "output", tmp_path / "cache" / "trash"
    write_site(FIRST, out)
    (tmp_path / "cache").write_bytes(b"a file where the cache folder should be")
    with Staging(out, trash) as staging:
        staging.put("index.html", b"home 2")
        staging.commit()
    assert listing(out) == site({"index.html": b"home 2"}) and beside(out) == ["cache", "output"]


def test_without_a_shell_a_previous_site_that_cannot_be_deleted_whole_does_not_stop_the_build(
        tmp_path, monkeypatch, undeletable):
    out, trash = tmp_path / "output", tmp_path / "cache" / "trash"
    write_site(FIRST, out)
    undeletable(out / "locked")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))  # no `sh` to start
    with Staging(out, trash) as staging:
        staging.put("index.html", b"home 2")
        staging.commit()
        moved = staging.folder.name
    assert listing(out) == site({"index.html": b"home 2"}) and beside(out) == ["cache", "output"]
    assert listing(trash / moved) == {"locked": b"locked"}  # all the rest deleted by the build
