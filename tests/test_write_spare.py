"""`build --cache` at the writing layer, in this process so the mutation tester sees it (issue 14).

A cached build is made in the folder the build before last published (the spare, kept in the cache
folder; after a cold build, hard links to the files it published), or, with no spare, in hard links to
the live output's files: a group of files (a target)
whose key is as recorded and whose files are as recorded is kept, every other group is written, and
what no group claims any more is deleted with the folders it leaves empty. tests/test_cache.py checks
the same through whole builds of the bundled site; these drive build/write.py directly on a few files,
so each step's result is known exactly: the published bytes, the counts the build reports, which
files are the previous ones (inodes), and the record the next build trusts."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from akunresmi.build.cache import tree_stamps
from akunresmi.build.write import MARKER, MARKER_TEXT, Built, Kept, Staging, WriteStats
from test_write_swap import beside, listing, site, undeletable, wait_until  # noqa: F401 - undeletable is a fixture

Groups = dict[str, tuple[bytes, list[tuple[str, bytes]]]]

FIRST: Groups = {
    "home": (b"k1", [("index.html", b"home")]),
    "bkd": (b"k1", [("akun/bkd/index.html", b"bkd"), ("akun/bkd/qr.svg", b"qr bkd")]),
    "humas": (b"k1", [("akun/humas/index.html", b"humas")]),
    "old": (b"k1", [("lama/dalam/index.html", b"old")]),
}
# home changed, bkd and humas unchanged, old removed (with both its folders), dinsos added
SECOND: Groups = {
    "home": (b"k2", [("index.html", b"home 2")]),
    "bkd": (b"k1", [("akun/bkd/index.html", b"bkd"), ("akun/bkd/qr.svg", b"qr bkd")]),
    "humas": (b"k1", [("akun/humas/index.html", b"humas")]),
    "dinsos": (b"k1", [("akun/dinsos/index.html", b"dinsos")]),
}
# home unchanged since SECOND (but changed since FIRST, which the spare holds), humas changed
THIRD: Groups = {**SECOND, "humas": (b"k2", [("akun/humas/index.html", b"humas 3")])}


def files_of(groups: Groups) -> dict[str, bytes]:
    return {rel: data for _, files in groups.values() for rel, data in files}


def cached_write(out: Path, cache: Path, kept: Kept, groups: Groups, *, trash: bool = True,
                 ahead: bool = False) -> Staging:
    """What the builder does with `--cache`: each group kept if the folder holds it as recorded under
    this key, else written; then the swap, and the replaced output kept as the next build's spare."""
    with Staging(out, cache / "trash" if trash else None, spare=cache / "spare", kept=kept, ahead=ahead) as staging:
        for name, (key, files) in groups.items():
            if not staging.reuse(name, key):
                staging.put_group(name, key, files)
        staging.commit()
    return staging


def record(groups: Groups, out: Path) -> Built:
    """What the build must record of the folder it published: its groups and every file's stamp."""
    return Built({name: (key, tuple(rel for rel, _ in files)) for name, (key, files) in groups.items()},
                 tree_stamps(out))


def inode(path: Path) -> int:
    return path.stat().st_ino


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "output", tmp_path / "cache"


def test_builds_through_the_spare_publish_a_fresh_builds_bytes_and_write_only_the_changed_groups(paths):
    out, cache = paths
    first = cached_write(out, cache, Kept(), FIRST)
    assert listing(out) == site(files_of(FIRST))
    assert first.stats == WriteStats(5, 5, 0, 0)
    # A first build leaves the next one a spare: hard links to the files it published, recorded as they are
    # but for the marker, a file of the spare's own written last (it dates the folder).
    published = {rel: inode(out / rel) for rel in files_of(FIRST)}
    assert beside(out) == ["cache", "output"] and listing(cache / "spare") == site(files_of(FIRST))
    assert {rel: inode(cache / "spare" / rel) for rel in files_of(FIRST)} == published
    assert inode(cache / "spare" / MARKER) != inode(out / MARKER)
    assert first.kept == Kept(record(FIRST, out), record(FIRST, cache / "spare"))

    # Built in that spare: the files it shares with the output are kept, as the very files.
    second = cached_write(out, cache, first.kept, SECOND)
    assert listing(out) == site(files_of(SECOND))
    assert not (out / "lama").exists()  # the removed group's files and the folders they left empty
    assert second.stats == WriteStats(5, 2, 0, 3)  # home and the new dinsos written, bkd and humas kept
    for rel in ("akun/bkd/index.html", "akun/bkd/qr.svg", "akun/humas/index.html"):
        assert inode(out / rel) == published[rel]  # the very files, not copies
    assert inode(out / "index.html") != published["index.html"]
    # The previous output is the spare now, untouched: the changed file was replaced, not written through.
    assert listing(cache / "spare") == site(files_of(FIRST))
    assert second.kept == Kept(record(SECOND, out), first.kept.output)
    assert tree_stamps(cache / "spare") == first.kept.output.stamps

    # Built in the spare (FIRST's folder): home was changed since it but not since SECOND, so it is linked
    # from the output, as dinsos, which the spare lacks; humas changed, and is written.
    spare_files = {rel: inode(cache / "spare" / rel) for rel in files_of(FIRST)}
    third = cached_write(out, cache, second.kept, THIRD)
    assert listing(out) == site(files_of(THIRD))
    assert third.stats == WriteStats(5, 1, 2, 2)  # humas written, home and dinsos linked, bkd kept
    assert inode(out / "index.html") == inode(cache / "spare" / "index.html")  # the output's file itself
    assert inode(out / "akun/bkd/qr.svg") == spare_files["akun/bkd/qr.svg"]
    assert not (out / "lama").exists()
    assert listing(cache / "spare") == site(files_of(SECOND))
    assert third.kept == Kept(record(THIRD, out), second.kept.output)
    assert beside(out) == ["cache", "output"]

    fourth = cached_write(out, cache, third.kept, THIRD)  # nothing changed: all kept, from SECOND's folder
    assert listing(out) == site(files_of(THIRD))
    assert fourth.stats == WriteStats(5, 0, 1, 4)  # humas changed since SECOND: linked from the output
    assert fourth.kept == Kept(record(THIRD, out), third.kept.output)


def test_a_group_whose_link_from_the_output_is_refused_is_written_instead(paths, monkeypatch):
    """Linking a stale group from the output can fail (too many links to one file, say): the build then
    writes the group, as without the link, and publishes a fresh build's bytes."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept  # the spare holds FIRST: home is stale there
    real = os.link

    def refused(src, dst, *args, **kwargs):
        if os.fspath(src) == os.fspath(out / "index.html"):
            raise OSError(errno.EMLINK, "too many links")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", refused)
    third = cached_write(out, cache, kept, THIRD)
    assert listing(out) == site(files_of(THIRD))
    assert third.stats == WriteStats(5, 2, 1, 2)  # home and humas written, dinsos linked, bkd kept


def test_files_edited_or_deleted_by_hand_in_the_output_are_written_again_not_linked(paths):
    """No spare (lost): the build links the output's files, those still as recorded."""
    out, cache = paths
    first = cached_write(out, cache, Kept(), FIRST)
    shutil.rmtree(cache / "spare")
    with open(out / "index.html", "ab") as fh:  # the first file recorded, edited in place
        fh.write(b" diubah tangan")
    (out / "akun/bkd/index.html").unlink()  # and a file of a group that is otherwise unchanged
    second = cached_write(out, cache, first.kept, {**SECOND, "home": FIRST["home"]})
    assert listing(out) == site(files_of({**SECOND, "home": FIRST["home"]}))
    assert second.stats == WriteStats(5, 4, 0, 1)  # only humas kept: home and bkd are not as recorded
    assert second.kept == Kept(record({**SECOND, "home": FIRST["home"]}, out), first.kept.output)


def test_a_file_edited_in_place_in_the_output_is_not_kept_from_the_spare_that_shares_it(paths):
    """A kept file is a hard link shared by the output and the spare: edited in place in the output, it
    changes in the spare too, and the build after next writes it again."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    with open(out / "akun/bkd/qr.svg", "ab") as fh:
        fh.write(b" diubah tangan")
    third = cached_write(out, cache, kept, THIRD)
    assert listing(out) == site(files_of(THIRD))
    # bkd written again: one of its files is not as recorded, in the spare nor in the output; home linked
    assert third.stats == WriteStats(5, 3, 2, 0)


def test_a_spare_with_a_folder_where_a_file_goes_or_a_file_where_a_folder_goes_is_mended(paths):
    """The spare folder damaged by hand so that a path the build writes is taken: the build still
    publishes its bytes (before, it stopped with IsADirectoryError or FileExistsError)."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept  # the spare now holds FIRST's folder
    spare = cache / "spare"
    (spare / "index.html").unlink()
    (spare / "index.html").mkdir()  # a folder where the home page goes
    (spare / "index.html" / "x").write_bytes(b"x")
    shutil.rmtree(spare / "akun" / "bkd")
    (spare / "akun" / "bkd").write_bytes(b"a file where a folder goes")
    third = cached_write(out, cache, kept, THIRD)
    assert listing(out) == site(files_of(THIRD))
    assert third.kept.output == record(THIRD, out)


def test_a_spare_that_is_not_a_folder_or_is_gone_is_not_built_in(paths):
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    shutil.rmtree(cache / "spare")
    (cache / "spare").write_bytes(b"not a folder")
    third = cached_write(out, cache, kept, THIRD)  # linked from the output instead
    assert listing(out) == site(files_of(THIRD))
    assert third.stats == WriteStats(5, 1, 0, 4)
    assert listing(cache / "spare") == site(files_of(SECOND))  # the file was replaced by the previous output
    assert third.kept == Kept(record(THIRD, out), kept.output)

    shutil.rmtree(cache / "spare")
    fourth = cached_write(out, cache, third.kept, THIRD)
    assert listing(out) == site(files_of(THIRD))
    assert fourth.stats == WriteStats(5, 0, 0, 5)
    assert fourth.kept == Kept(record(THIRD, out), third.kept.output)


@pytest.mark.parametrize("trash", [True, False])
def test_a_spare_without_a_record_is_replaced_by_the_previous_output(paths, trash):
    """A spare the record does not describe (the cache's record lost) is not built in, and makes way for
    the folder this build replaces, deleted in the background or here."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST, trash=trash).kept
    kept = cached_write(out, cache, kept, SECOND, trash=trash).kept
    assert listing(cache / "spare") == site(files_of(FIRST))
    third = cached_write(out, cache, Kept(kept.output, None), THIRD, trash=trash)
    assert listing(out) == site(files_of(THIRD))
    assert third.stats == WriteStats(5, 1, 0, 4)
    assert listing(cache / "spare") == site(files_of(SECOND))
    assert third.kept == Kept(record(THIRD, out), kept.output)
    assert beside(out) == ["cache", "output"]


def test_a_spare_is_handed_to_the_deleting_process_while_one_of_its_name_is_still_being_deleted(paths, monkeypatch):
    """Two builds in a row: the first's unusable spare is still being deleted in the trash when the second
    replaces its own. The second moves it there under another name and leaves it to a detached process,
    as the first did; it does not delete 55,000 files itself (8 s at 20,000 agencies)."""
    from akunresmi.build import write

    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    wait_until(lambda: not any((cache / "trash").iterdir()))  # the second's own deletion is over
    (cache / "trash" / "spare" / "akun").mkdir(parents=True)  # what a deleting process has not reached yet
    started, deleted_here = [], []
    monkeypatch.setattr(write.subprocess, "run", lambda argv, **kwargs: started.append(argv))
    monkeypatch.setattr(write.shutil, "rmtree", lambda path, **kwargs: deleted_here.append(path))
    third = cached_write(out, cache, Kept(kept.output, None), THIRD)  # the spare has no record: not used
    assert listing(out) == site(files_of(THIRD))
    assert listing(cache / "spare") == site(files_of(SECOND))
    assert deleted_here == []
    moved = [p for p in (cache / "trash").iterdir() if p.name != "spare"]
    assert len(moved) == 1 and listing(moved[0]) == site(files_of(FIRST))  # the unused spare, whole
    assert str(moved[0]) in started[-1]
    assert third.kept == Kept(record(THIRD, out), kept.output)


def test_a_trash_that_cannot_be_made_still_lets_the_previous_output_become_the_spare(paths):
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    # The second build's deleting process empties the trash meanwhile: removing the folder under it failed once.
    wait_until(lambda: not any((cache / "trash").iterdir()))
    shutil.rmtree(cache / "trash")
    (cache / "trash").write_bytes(b"a file where the trash should be")
    third = cached_write(out, cache, Kept(kept.output, None), THIRD)
    assert listing(out) == site(files_of(THIRD))
    assert listing(cache / "spare") == site(files_of(SECOND))
    assert third.kept == Kept(record(THIRD, out), kept.output)
    assert beside(out) == ["cache", "output"]


def test_a_spare_that_cannot_be_deleted_leaves_the_build_published_and_nothing_beside_it(paths, undeletable):
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST, trash=False).kept
    kept = cached_write(out, cache, kept, SECOND, trash=False).kept
    undeletable(cache / "spare" / "locked")
    third = cached_write(out, cache, Kept(kept.output, None), THIRD, trash=False)
    assert listing(out) == site(files_of(THIRD))
    assert listing(cache / "spare") == {"locked": b"locked"}  # all that could be deleted of it
    assert third.kept == Kept(record(THIRD, out), None)  # no spare this time: the next build links
    assert beside(out) == ["cache", "output"]


def test_the_build_after_a_cold_one_is_made_in_its_spare_statted_ahead_not_linked(paths, monkeypatch):
    """The spare a cold build leaves is used as any spare: statted by a forked process, its groups kept
    as the very files the output holds; the output's files are not linked again."""
    out, cache = paths
    first = cached_write(out, cache, Kept(), FIRST)
    published = {rel: inode(out / rel) for rel in files_of(FIRST)}
    statted = _pids_of(monkeypatch, paths[0].parent, "stamps_as_recorded")
    linked = _pids_of_method(monkeypatch, "_link_output")
    second = cached_write(out, cache, first.kept, SECOND, ahead=True)
    assert [int(line) for line in statted.read_text().split()] != [os.getpid()] and linked == []
    assert listing(out) == site(files_of(SECOND))
    assert second.stats == WriteStats(5, 2, 0, 3)
    assert {rel: inode(out / rel) for rel in ("akun/bkd/qr.svg", "akun/humas/index.html")} == \
        {rel: published[rel] for rel in ("akun/bkd/qr.svg", "akun/humas/index.html")}
    assert listing(cache / "spare") == site(files_of(FIRST))
    assert second.kept == Kept(record(SECOND, out), first.kept.output)


def _pids_of_method(monkeypatch, name: str) -> list[int]:
    """Staging's method `name`, made to note the process of each call in this one's memory."""
    from akunresmi.build import write

    calls: list[int] = []
    real = getattr(write.Staging, name)
    monkeypatch.setattr(write.Staging, name, lambda *a, **k: calls.append(os.getpid()) or real(*a, **k))
    return calls


def test_a_cold_build_over_an_output_it_has_no_record_of_deletes_it_and_links_its_own_spare(paths):
    """The cache lost (or new) while an output is there: that folder, swapped out, goes to the trash, and
    with it a spare nothing records; the spare is the new output's files, linked."""
    out, cache = paths
    cached_write(out, cache, Kept(), FIRST)
    (cache / "spare" / "stray.html").write_bytes(b"stray")
    second = cached_write(out, cache, Kept(), SECOND)  # no record of either folder
    assert listing(out) == site(files_of(SECOND))
    assert second.stats == WriteStats(5, 2, 3, 0)  # no folder to build in: home and dinsos written, the rest linked
    assert listing(cache / "spare") == site(files_of(SECOND))
    assert second.kept == Kept(record(SECOND, out), record(SECOND, cache / "spare"))
    wait_until(lambda: not any((cache / "trash").iterdir()))
    assert beside(out) == ["cache", "output"]


def test_the_cache_folder_and_its_parents_are_made_for_the_first_spare(tmp_path):
    out, cache = tmp_path / "output", tmp_path / "deep" / "er" / "cache"
    first = cached_write(out, cache, Kept(), FIRST, trash=False)
    assert (cache / "spare").is_dir() and beside(out) == ["deep", "output"]
    second = cached_write(out, cache, first.kept, SECOND, trash=False)
    assert listing(cache / "spare") == site(files_of(FIRST))
    assert second.kept.spare == first.kept.output


def test_folders_left_empty_are_deleted_up_to_the_first_that_still_holds_something(paths):
    """The deepest first; a folder that still holds a file stops the walk up, and the others go on."""
    out, cache = paths
    before: Groups = {
        "a": (b"k", [("a/bb/cc/x.html", b"x"), ("a/bb/cc/keep.html", b"keep")]),
        "b": (b"k", [("a/y/z.html", b"z")]),
        "c": (b"k", [("p/q/r/s.html", b"s")]),
    }
    after: Groups = {"a": (b"k2", [("a/bb/cc/keep.html", b"keep")])}
    kept = cached_write(out, cache, Kept(), before).kept
    cached_write(out, cache, kept, after)
    assert listing(out) == site(files_of(after))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir()) == ["a", "a/bb", "a/bb/cc"]


def test_a_spare_on_another_file_system_is_not_built_in(paths):
    """A cache folder moved to another file system: its spare cannot be renamed beside the output, so
    the build starts from links to the output, as with no spare."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(out).st_dev:
        pytest.skip("needs /dev/shm on a file system of its own (a tmpfs) to hold a spare the output cannot be renamed to")
    elsewhere = shm / f"akunresmi-test-{os.getpid()}"
    try:
        shutil.copytree(cache / "spare", elsewhere / "spare")
        stamps = tree_stamps(elsewhere / "spare")  # the copy, recorded as it is: only the rename fails
        third = cached_write(out, elsewhere, Kept(kept.output, Built(kept.spare.groups, stamps)), THIRD)
        assert listing(out) == site(files_of(THIRD))
        assert third.stats == WriteStats(5, 1, 0, 4)
        assert beside(out) == ["cache", "output"]
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


def test_the_marker_of_a_reused_folder_is_a_new_file(paths):
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    # A second name for the spare's marker keeps its inode alive: unlinked, its number could be handed to
    # the new file, and an inode compared by number alone failed one run in eight.
    held = cache.parent / "held-marker"
    os.link(cache / "spare" / MARKER, held)
    cached_write(out, cache, kept, THIRD)
    assert (out / MARKER).read_bytes() == MARKER_TEXT and not os.path.samefile(out / MARKER, held)


def test_files_of_the_spare_that_cannot_be_deleted_do_not_keep_the_others_from_being_deleted(paths, undeletable):
    """A file nobody may delete in the spare (locked while it was the live site) stays, and is all that
    stays of what this build no longer writes: the removed pages are not published again."""
    out, cache = paths
    many: Groups = {**FIRST, "old": (b"k1", [(f"lama/{i:02}.html", b"old") for i in range(40)])}
    kept = cached_write(out, cache, Kept(), many).kept
    kept = cached_write(out, cache, kept, SECOND).kept  # the spare now holds `many`
    locked = [f"akun/terkunci-{i}.html" for i in range(3)]
    for rel in locked:  # three of them, so the order the leftovers are deleted in cannot hide a stop
        undeletable(cache / "spare" / rel)
    cached_write(out, cache, kept, THIRD)
    assert listing(out) == site(files_of(THIRD)) | {rel: b"locked" for rel in locked}
    assert not (out / "lama").exists()


def _pids_of(monkeypatch, tmp_path: Path, name: str, fail_there: bool = False) -> Path:
    """Write's `name` made to note in a file the process each call runs in (a forked one's memory is its
    own); `fail_there`: it raises in any process but this one."""
    from akunresmi.build import write

    (tmp_path / "notes").mkdir()
    noted, here = tmp_path / "notes" / name, os.getpid()
    real = getattr(write.Staging, name) if name == "_link_output" else getattr(write, name)

    def noting(*args, **kwargs):
        with open(noted, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        if fail_there and os.getpid() != here:
            raise OSError("failed in the forked process")
        return real(*args, **kwargs)

    if name == "_link_output":
        monkeypatch.setattr(write.Staging, name, noting)
    else:
        monkeypatch.setattr(write, name, noting)
    return noted


@pytest.mark.parametrize("fail_there", [False, True])
def test_ahead_the_spare_is_statted_by_a_forked_process_and_the_build_is_the_same(paths, monkeypatch, fail_there):
    """With `ahead` (the builder's `build --cache`), the spare's files are statted in a forked process while
    this one loads its state and reads the content; the spare is moved beside the output only at its first
    use. The build and its record are what they are without it; a failure there is done again here."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    noted = _pids_of(monkeypatch, paths[0].parent, "stamps_as_recorded", fail_there)
    third = cached_write(out, cache, kept, THIRD, ahead=True)
    pids = [int(line) for line in noted.read_text().split()]
    assert pids[0] != os.getpid()
    assert (pids[1:] == [os.getpid()]) if fail_there else (pids[1:] == [])
    assert listing(out) == site(files_of(THIRD))
    assert listing(cache / "spare") == site(files_of(SECOND))
    assert third.kept == Kept(record(THIRD, out), kept.output)
    assert third.stats.kept == 2  # bkd's two files, as the spare held them (home changed since FIRST)
    assert beside(out) == ["cache", "notes", "output"]


@pytest.mark.parametrize("fail_there", [False, True])
def test_ahead_the_output_is_linked_by_a_forked_process_and_the_build_is_the_same(paths, monkeypatch, fail_there):
    """No spare (its record lost): the forked process links the output's files into the new folder; this
    one takes the links it made, or, if it failed, starts again from an empty folder."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    noted = _pids_of(monkeypatch, paths[0].parent, "_link_output", fail_there)
    second = cached_write(out, cache, Kept(kept.output, None), SECOND, ahead=True)
    pids = [int(line) for line in noted.read_text().split()]
    assert pids[0] != os.getpid()
    assert (pids[1:] == [os.getpid()]) if fail_there else (pids[1:] == [])
    assert listing(out) == site(files_of(SECOND))
    assert second.kept.output == record(SECOND, out)
    assert second.stats.kept == 3  # bkd's two files and humas's: linked, not written
    assert beside(out) == ["cache", "notes", "output"]


@pytest.mark.parametrize("spare", [True, False])
def test_ahead_on_a_system_without_fork_the_work_is_done_here(paths, monkeypatch, spare):
    """No os.fork (a platform without it): the spare is statted, or the output linked, in this process,
    and the build is what it is with a forked helper (it ended in a traceback before)."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    if spare:
        kept = cached_write(out, cache, kept, SECOND).kept
    monkeypatch.delattr(os, "fork")
    third = cached_write(out, cache, kept if spare else Kept(kept.output, None), THIRD, ahead=True)
    assert listing(out) == site(files_of(THIRD))
    assert third.kept.output == record(THIRD, out)
    assert beside(out) == ["cache", "output"]


def test_ahead_a_build_that_fails_before_using_the_folder_leaves_the_spare_where_it_was(paths):
    """A build that fails before it writes (a mistake in the content) while the spare is being statted
    ahead: the spare is neither moved nor deleted, and the next build is made in it."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    before = listing(cache / "spare")
    staging = Staging(out, cache / "trash", spare=cache / "spare", kept=kept, ahead=True)
    staging.__exit__(ValueError, ValueError("a mistake in the content"), None)
    assert listing(cache / "spare") == before and beside(out) == ["cache", "output"]
    third = cached_write(out, cache, kept, THIRD, ahead=True)
    assert listing(out) == site(files_of(THIRD)) and third.stats.kept == 2


def test_ahead_only_the_process_that_started_it_takes_the_staging_folder(paths):
    """A worker forked while the spare is being statted ahead (the pool parsing files for the read) holds a
    copy of the staging object: using it there raises, and the spare is neither moved nor taken twice."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    staging = Staging(out, cache / "trash", spare=cache / "spare", kept=kept, ahead=True)
    pid = os.fork()
    if pid == 0:  # the forked worker
        code = 3
        try:
            staging.reuse("bkd", b"k1")
        except RuntimeError:
            code = 0
        finally:
            os._exit(code)
    assert os.waitpid(pid, 0)[1] == 0
    assert (cache / "spare").is_dir()
    for name, (key, files) in THIRD.items():
        if not staging.reuse(name, key):
            staging.put_group(name, key, files)
    staging.commit()
    staging.__exit__(None, None, None)
    assert listing(out) == site(files_of(THIRD)) and staging.stats.kept == 2


def test_ahead_links_a_failed_build_never_used_are_deleted_by_a_detached_process(paths, monkeypatch):
    """A build with no spare fails before it writes (a mistake in the content) while the output was being
    linked ahead: the folder of links (20,000 folders at 20,000 agencies) goes to the trash, deleted by a
    detached process, not here; the output is as it was."""
    from akunresmi.build import write

    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    before = listing(out)
    removed: list[str] = []
    real = shutil.rmtree
    monkeypatch.setattr(write.shutil, "rmtree", lambda path, *a, **k: removed.append(str(path)) or real(path, *a, **k))
    staging = Staging(out, cache / "trash", spare=cache / "spare", kept=Kept(kept.output, None), ahead=True)
    staging.__exit__(ValueError, ValueError("a mistake in the content"), None)
    monkeypatch.undo()
    assert removed == [] and beside(out) == ["cache", "output"] and listing(out) == before
    wait_until(lambda: not any((cache / "trash").iterdir()))
    assert not any((cache / "trash").iterdir())


def test_a_file_written_again_in_the_spare_is_a_new_file_not_renamed_over_the_old(paths, monkeypatch):
    """The staging folder is read by no one until the swap: a file it holds is unlinked and written
    anew, a new inode (the old one may be a hard link to a live file), never renamed over it, which made
    ext4 allocate the new file's blocks at once (auto_da_alloc: half the cost of writing 150 MB of exports)."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    live = {rel: inode(out / rel) for rel in files_of(SECOND)}
    renamed_over: list[str] = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst, **kw: (
        renamed_over.append(os.fspath(dst)) if os.path.lexists(dst) else None, real(src, dst, **kw))[1])
    third = cached_write(out, cache, kept, THIRD)  # in FIRST's folder: humas written again, home linked
    assert listing(out) == site(files_of(THIRD))
    assert third.stats == WriteStats(5, 1, 2, 2)
    assert renamed_over == []
    assert listing(cache / "spare") == site(files_of(SECOND))  # the live files were not written through
    assert {rel: inode(cache / "spare" / rel) for rel in files_of(SECOND)} == live


def _recorded_tree(root: Path) -> dict[str, list[int]]:
    """A folder as a build leaves it: files in folders of their own (as the agency pages are), then,
    a few file-system clock ticks later, the marker written last; and its record."""
    for i in range(12):
        for rel in (f"akun/a{i}/index.html", f"akun/a{i}/poster/index.html"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(rel.encode())
    (root / "index.html").write_bytes(b"home")
    last_change = max(os.stat(folder).st_ctime_ns for folder in root.rglob("*") if folder.is_dir())
    wait_until(lambda: last_change < _clock_now(root), 2)
    (root / MARKER).write_bytes(MARKER_TEXT)
    return tree_stamps(root)


def _clock_now(root: Path) -> int:
    """The file system's clock now (it ticks coarser than time.time_ns)."""
    probe = root.parent / "probe"
    probe.write_bytes(b"")
    return os.stat(probe).st_ctime_ns


EDITS = {
    "a file added beside recorded ones": lambda r: (r / "akun/a1/extra.html").write_bytes(b"x"),
    "a file added in a folder of folders": lambda r: (r / "akun/stray.txt").write_bytes(b"x"),
    "a folder of files added": lambda r: ((r / "akun/a2/new/deep").mkdir(parents=True),
                                          (r / "akun/a2/new/deep/f.html").write_bytes(b"x")),
    "a file deleted": lambda r: (r / "akun/a3/index.html").unlink(),
    "a file edited in place": lambda r: (r / "akun/a4/index.html").write_bytes(b"edited, longer"),
    "a file replaced by a folder": lambda r: ((r / "akun/a5/index.html").unlink(),
                                              (r / "akun/a5/index.html").mkdir(),
                                              (r / "akun/a5/index.html/x").write_bytes(b"x")),
    "a folder replaced by a file": lambda r: (shutil.rmtree(r / "akun/a6/poster"),
                                              (r / "akun/a6/poster").write_bytes(b"x")),
    "a folder deleted": lambda r: shutil.rmtree(r / "akun/a7"),
    "a link to a file added": lambda r: os.symlink(r / "index.html", r / "akun/a8/link.html"),
    "a link to a folder in a folder's place": lambda r: (shutil.rmtree(r / "akun/a9/poster"),
                                                        os.symlink(r / "akun/a10", r / "akun/a9/poster")),
    "the top folder's files": lambda r: ((r / "index.html").unlink(), (r / "robots.txt").write_bytes(b"x")),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_folder_is_found_as_a_listing_finds_it_though_only_folders_changed_since_are_listed(tmp_path, monkeypatch,
                                                                                             edit):
    """stamps_as_recorded lists only the folders changed since the build (it stats the recorded files of
    the others): whatever was done to the folder by hand, it finds what listing every folder finds."""
    from akunresmi.build import cache

    root = tmp_path / "site"
    root.mkdir()
    recorded = _recorded_tree(root)
    assert cache.stamps_as_recorded(root, recorded, MARKER) == recorded
    EDITS[edit](root)
    listed = []
    scandir = os.scandir
    monkeypatch.setattr(cache.os, "scandir", lambda path: (listed.append(path), scandir(path))[1])
    found = cache.stamps_as_recorded(root, recorded, MARKER)
    monkeypatch.undo()
    assert found == tree_stamps(root) != recorded
    assert len(listed) <= 4  # the top folder and what the edit changed, not the 27 folders


def test_a_record_without_its_last_file_lists_every_folder(tmp_path):
    from akunresmi.build.cache import stamps_as_recorded

    root = tmp_path / "site"
    root.mkdir()
    recorded = _recorded_tree(root)
    del recorded[MARKER]
    (root / "akun/a1/extra.html").write_bytes(b"x")
    assert stamps_as_recorded(root, recorded, MARKER) == tree_stamps(root)


def test_the_record_of_the_folder_that_becomes_the_spare_is_renamed_not_written_again(tmp_path):
    """The folders' record is two files: the output's and, beside it, the spare's. After a swap the spare
    is the folder the last build published, whose record is the file this build loaded: it is renamed
    into the spare's place, not marshalled and written again. Any other spare's record is written, and
    each record loads as it was saved; a damaged one is lost alone."""
    from akunresmi.build.write import spare_record

    path = tmp_path / "folders"
    first, second, third = (Built({"home": (key, ("index.html",))}, {"index.html": [n, n, n]})
                            for n, key in ((1, b"k1"), (2, b"k2"), (3, b"k3")))
    Kept(first, None).save(path)
    assert not spare_record(path).exists()
    loaded = Kept.load(path)
    assert loaded == Kept(first, None)
    published = inode(path)
    Kept(second, loaded.output).save(path)  # the swap: the output the last build published is now the spare
    assert inode(spare_record(path)) == published
    assert Kept.load(path) == Kept(second, first)
    Kept(third, Built(second.groups, dict(second.stamps))).save(path)  # a spare not loaded from the file
    assert inode(spare_record(path)) != published and Kept.load(path) == Kept(third, second)
    spare_record(path).write_bytes(b"AKN1garbage")
    assert Kept.load(path) == Kept(third, None)
    path.write_bytes(b"damaged")
    assert Kept.load(path) == Kept(None, None)


@pytest.mark.parametrize("fail_there", [False, True])
def test_ahead_from_the_records_file_the_forked_process_loads_the_spares_record_itself(paths, monkeypatch, fail_there):
    """Given where the folders' record is (`kept_at`), the process that stats the spare is forked before the
    record is loaded, and loads the spare's record itself; the build and its record are the same."""
    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    kept.save(cache / "folders")
    noted = _pids_of(monkeypatch, paths[0].parent, "stamps_as_recorded", fail_there)
    with Staging(out, cache / "trash", spare=cache / "spare", kept_at=cache / "folders", ahead=True) as staging:
        assert staging.kept == kept
        for name, (key, files) in THIRD.items():
            if not staging.reuse(name, key):
                staging.put_group(name, key, files)
        staging.commit()
    pids = [int(line) for line in noted.read_text().split()]
    assert pids[0] != os.getpid()
    assert (pids[1:] == [os.getpid()]) if fail_there else (pids[1:] == [])
    assert listing(out) == site(files_of(THIRD))
    assert staging.kept == Kept(record(THIRD, out), kept.output)
    assert staging.stats.kept == 2
    assert beside(out) == ["cache", "notes", "output"]


def test_ahead_a_forked_process_that_decided_otherwise_leaves_no_link_to_be_written_through(paths, monkeypatch):
    """Should the forked process find the spare unusable where this one finds it usable (it looks a moment
    later), it links the output's files into the new folder: they are removed before the spare is moved
    there, and the live files are neither written through nor changed."""
    from akunresmi.build import write

    out, cache = paths
    kept = cached_write(out, cache, Kept(), FIRST).kept
    kept = cached_write(out, cache, kept, SECOND).kept
    kept.save(cache / "folders")
    live = {rel: (inode(out / rel), (out / rel).read_bytes()) for rel in files_of(SECOND)}
    here, real = os.getpid(), write.Staging._spare_usable
    monkeypatch.setattr(write.Staging, "_spare_usable",
                        staticmethod(lambda spare, built: os.getpid() == here and real(spare, built)))
    with Staging(out, cache / "trash", spare=cache / "spare", kept_at=cache / "folders", ahead=True) as staging:
        staging.ready()
        assert not (cache / "spare").exists()  # the spare taken
        for name, (key, files) in THIRD.items():
            if not staging.reuse(name, key):
                staging.put_group(name, key, files)
        staging.commit()
    assert listing(out) == site(files_of(THIRD)) and staging.stats.kept == 2
    assert {rel: (inode(cache / "spare" / rel), (cache / "spare" / rel).read_bytes()) for rel in live} == live
