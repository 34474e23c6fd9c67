"""`build --cache DIR`: a build with nothing changed does nothing; any change to what shapes the output
means a full build; a damaged cache is ignored; the output is the same with or without the cache."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from akunresmi.build.builder import Builder
from akunresmi.build.pipeline import BuildOptions, build
from conftest import ROOT, Content, edit_same_size, run_cli


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cached_build(content: Content, tmp_path: Path, **env: str):
    return run_cli("build", "--content", str(content.root), "--out", str(tmp_path / "out"),
                   "--cache", str(tmp_path / "cache"), env=env or None)


def test_nothing_changed_means_nothing_done(content, tmp_path):
    first = cached_build(content, tmp_path)
    assert first.returncode == 0 and "Selesai" in first.stdout
    out_inode = (tmp_path / "out").stat().st_ino
    second = cached_build(content, tmp_path)
    assert second.returncode == 0
    assert "Tidak ada yang berubah" in second.stdout
    assert (tmp_path / "out").stat().st_ino == out_inode  # not swapped: left exactly as it was


def test_an_edit_a_new_date_or_a_damaged_output_means_a_full_build(content, tmp_path):
    cached_build(content, tmp_path)
    path = content.root / "agencies" / "dinkes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan Baru"), "utf-8")
    edited = cached_build(content, tmp_path)
    assert "Selesai" in edited.stdout
    assert "Dinas Kesehatan Baru" in (tmp_path / "out" / "akun" / "dinkes" / "index.html").read_text("utf-8")

    tomorrow = cached_build(content, tmp_path, SOURCE_DATE_EPOCH=str(1795824000 + 86400))
    assert "Selesai" in tomorrow.stdout  # staleness is judged against the build date

    (tmp_path / "out" / "akun" / "bkd" / "index.html").unlink()
    repaired = cached_build(content, tmp_path, SOURCE_DATE_EPOCH=str(1795824000 + 86400))
    assert "Selesai" in repaired.stdout
    assert (tmp_path / "out" / "akun" / "bkd" / "index.html").is_file()


def test_an_edit_that_keeps_the_size_is_seen(content, tmp_path):
    """Only the modification time tells this edit apart: a cache keyed on size alone would miss it."""
    cached_build(content, tmp_path)
    edit_same_size(content.root / "agencies" / "dinkes.yaml", "Dinas Kesehatan", "Dinas KESEHATAN")
    edited = cached_build(content, tmp_path)
    assert edited.returncode == 0 and "Selesai" in edited.stdout
    assert "Dinas KESEHATAN" in (tmp_path / "out" / "akun" / "dinkes" / "index.html").read_text("utf-8")


def test_a_template_change_means_a_full_build(content, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    options = BuildOptions(content.root, tmp_path / "out", templates=templates, cache=tmp_path / "cache")
    assert not build(options).up_to_date
    assert build(options).up_to_date
    page = templates / "agency.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1><p>BARU</p>", 1), encoding="utf-8")
    assert not build(options).up_to_date
    assert "<p>BARU</p>" in (tmp_path / "out" / "akun" / "bkd" / "index.html").read_text(encoding="utf-8")


def test_a_damaged_manifest_is_ignored(content, tmp_path):
    cached_build(content, tmp_path)
    manifest = tmp_path / "cache" / "manifest"
    manifest.write_bytes(manifest.read_bytes()[:40])
    rebuilt = cached_build(content, tmp_path)
    assert rebuilt.returncode == 0 and "Selesai" in rebuilt.stdout and "Traceback" not in rebuilt.stderr
    manifest.write_text("[]", encoding="utf-8")
    assert "Selesai" in cached_build(content, tmp_path).stdout
    damaged = bytearray(manifest.read_bytes())  # one byte of its body changed, its length the same
    damaged[len(damaged) // 2] ^= 1
    manifest.write_bytes(bytes(damaged))
    assert "Selesai" in cached_build(content, tmp_path).stdout
    shutil.rmtree(tmp_path / "cache")  # safe to delete
    assert "Selesai" in cached_build(content, tmp_path).stdout


def test_a_cache_whose_files_became_folders_and_folders_files_means_a_full_build(content, tmp_path):
    """Each entry of the cache folder turned into the other kind (a cache damaged by hand): a full build
    that writes the cache anew, not a traceback. Every entry is turned at once, so a new entry is too."""
    cached_build(content, tmp_path)
    entries = sorted((tmp_path / "cache").iterdir())
    assert {"manifest", "templates"} <= {p.name for p in entries}
    for entry in entries:
        if entry.is_dir():
            shutil.rmtree(entry)
            entry.write_bytes(b"x")
        else:
            entry.unlink()
            (entry / "x").mkdir(parents=True)
    content.agency("dinkes", "name: Dinas Kesehatan Baru\nkind: dinas\nservices: [Puskesmas]\n")
    rebuilt = cached_build(content, tmp_path)
    assert rebuilt.returncode == 0 and "Selesai" in rebuilt.stdout, rebuilt.stderr
    assert run_cli("build", "--content", str(content.root), "--out", str(tmp_path / "plain")).returncode == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "plain")
    assert "Tidak ada yang berubah" in cached_build(content, tmp_path).stdout  # and the cache works again


def test_equal_values_have_one_digest_whatever_they_share():
    """A key is a digest of the value, not of how it is held: a value unpickled from the cache shares
    objects that the same value made afresh holds twice, and pickle's memo wrote the two apart."""
    import pickle

    from akunresmi.build.cache import data_digest
    from akunresmi.model import NationalChannel

    name = "".join(["LAPOR", "!"])
    shared = (NationalChannel(name, "https://www.lapor.go.id/", name),) * 2
    apart = tuple(NationalChannel("".join(["LAP", "OR!"]), "https://www.lapor.go.id/", "".join(["LA", "POR!"]))
                  for _ in range(2))
    assert shared == apart and pickle.dumps(shared) != pickle.dumps(apart)  # the memo tells them apart
    assert data_digest(shared) == data_digest(apart) == data_digest(pickle.loads(pickle.dumps(apart)))
    assert data_digest(shared) != data_digest(shared[:1])


def test_the_manifest_is_marshalled_and_an_older_json_one_is_deleted(content, tmp_path):
    """Loading and writing the manifest as JSON (the stamps of every content and output file) took 0.1 s of
    every build at 20,000 agencies; one an earlier version left is not read, and goes."""
    import marshal

    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "manifest.json").write_text("{}", encoding="utf-8")
    cached_build(content, tmp_path)
    assert not (tmp_path / "cache" / "manifest.json").exists()
    raw = (tmp_path / "cache" / "manifest").read_bytes()
    assert raw[:4] == b"AKM1" and set(marshal.loads(raw[8:])) == {"key", "outputs", "agencies", "files"}
    assert "Tidak ada yang berubah" in cached_build(content, tmp_path).stdout


def test_a_mistake_with_a_warm_cache_still_fails_and_keeps_the_output(content, tmp_path):
    cached_build(content, tmp_path)
    before = tree(tmp_path / "out")
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\ntwiter: X\nservices: [Puskesmas]\n")
    failed = cached_build(content, tmp_path)
    assert failed.returncode == 1 and "dinkes.yaml:3:1: error:" in failed.stderr
    assert tree(tmp_path / "out") == before
    again = cached_build(content, tmp_path)  # the cache did not record the failed build as done
    assert again.returncode == 1


def test_output_is_the_same_with_and_without_the_cache(content, tmp_path):
    cached_build(content, tmp_path)
    cached_build(content, tmp_path)
    plain = run_cli("build", "--content", str(content.root), "--out", str(tmp_path / "plain"))
    assert plain.returncode == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "plain")


def _options(content: Content, tmp_path: Path) -> BuildOptions:
    return BuildOptions(content.root, tmp_path / "out", cache=tmp_path / "cache")


def test_one_change_with_a_warm_cache_makes_only_what_reads_it(content, tmp_path):
    Builder(_options(content, tmp_path)).build()
    path = content.root / "agencies" / "dinkes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan Baru"), "utf-8")
    again = Builder(_options(content, tmp_path))  # a new process: only the cache folder remembers
    again.build()
    assert again.parsed == 1
    assert {n for n in again.made_names if n.startswith(("page:", "poster:"))} <= {
        "page:dinkes", "poster:dinkes", "page:humas", "poster:humas"}
    assert not [n for n in again.made_names if n.startswith(("static:", "content-page:", "schemas", "404"))]
    plain = run_cli("build", "--content", str(content.root), "--out", str(tmp_path / "plain"))
    assert plain.returncode == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "plain")


def _records(cache: Path) -> list[tuple[Path, bytes, int, int]]:
    """(pack, key, offset, body length) of every whole record in the store's packs."""
    from akunresmi.build.cache import PACKS, _walk

    return [(pack, key, offset, length) for pack in sorted((cache / PACKS).glob("*.pack"))
            for key, offset, length in _walk(str(pack))]


def _indexed(cache: Path) -> int:
    """How many objects the store's index names."""
    from akunresmi.build.cache import INDEX, PACKS, _Index

    return _Index.read(cache / PACKS / INDEX).count


def _poke(pack: Path, at: int, data: bytes) -> None:
    raw = pack.read_bytes()
    pack.write_bytes(raw[:at] + data + raw[at + len(data):])


def _damage_every_object(cache: Path) -> int:
    """Flip a byte inside every object's file bytes, scramble the parsed files."""
    from akunresmi.build.cache import RECORD

    records = _records(cache)
    for pack, _, offset, length in records:
        at = offset + RECORD.size + length - 40  # inside the last file's bytes, so the object still unpickles
        _poke(pack, at, bytes([pack.read_bytes()[at] ^ 1]))
    (cache / "parsed.pickle").write_bytes(b"\x80\x05garbage")
    (cache / "engine.pickle").write_bytes(b"\x80\x05garbage")
    for name in ("folders", "folders-spare"):  # the records of what output/ and the spare hold
        (cache / name).write_bytes(b"AKN1garbage")
    return len(records)


def test_a_damaged_cache_means_a_full_build_never_a_wrong_site(content, tmp_path):
    Builder(_options(content, tmp_path)).build()
    path = content.root / "agencies" / "dinkes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan Baru"), "utf-8")
    damaged = _damage_every_object(tmp_path / "cache")
    builder = Builder(_options(content, tmp_path))
    builder.build()
    assert builder.rendered == damaged and builder.parsed == len(list((content.root / "agencies").glob("*.yaml")))
    plain = run_cli("build", "--content", str(content.root), "--out", str(tmp_path / "plain"))
    assert tree(tmp_path / "out") == tree(tmp_path / "plain")


def _from_the_store(content: Content, tmp_path: Path) -> Builder:
    """A build that must take every target from the store (no record of output/, output/ gone)."""
    for name in ("manifest", "engine.pickle", "folders", "folders-spare"):
        (tmp_path / "cache" / name).unlink(missing_ok=True)
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    builder = Builder(_options(content, tmp_path))
    builder.build()
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}
    return builder


@pytest.mark.parametrize("index", ["kept", "deleted"])
def test_an_object_whose_record_claims_another_key_is_not_used(content, tmp_path, index):
    """Two records' keys swapped in their headers: looked up through the index, the record at the place
    it names is not its key's; read by the headers, each key's body fails its seal."""
    from akunresmi.build.cache import INDEX, PACKS

    Builder(_options(content, tmp_path)).build()
    records = _records(tmp_path / "cache")
    (pack, first, at_first, _), (_, second, at_second, _) = records[0], records[1]
    _poke(pack, at_first + 4, second)
    _poke(pack, at_second + 4, first)
    if index == "deleted":
        (tmp_path / "cache" / PACKS / INDEX).unlink()
    assert _from_the_store(content, tmp_path).rendered == 2
    assert _indexed(tmp_path / "cache") == len(records)  # the two made again in place of the bad ones


@pytest.mark.parametrize("where", ["body", "key", "length", "seal"])
def test_a_flipped_byte_in_a_pack_makes_that_object_again(content, tmp_path, where):
    from akunresmi.build.cache import RECORD

    Builder(_options(content, tmp_path)).build()
    records = _records(tmp_path / "cache")
    pack, _, offset, length = records[len(records) // 2]
    at = {"key": offset + 10, "length": offset + 21, "seal": offset + 40, "body": offset + RECORD.size + length // 2}
    _poke(pack, at[where], bytes([pack.read_bytes()[at[where]] ^ 4]))
    assert _from_the_store(content, tmp_path).rendered == 1
    assert _from_the_store(content, tmp_path).rendered == 0  # the index names the object made again


@pytest.mark.parametrize("index", ["kept", "deleted"])
def test_a_pack_cut_short_keeps_the_records_before_the_cut(content, tmp_path, index):
    """A build killed mid-append leaves its pack cut inside a record, and no index naming it: the
    records before the cut are used, the rest made again."""
    from akunresmi.build.cache import INDEX, PACKS, RECORD

    Builder(_options(content, tmp_path)).build()
    records = _records(tmp_path / "cache")
    cut = len(records) // 3
    pack, _, offset, length = records[cut]
    os.truncate(pack, offset + RECORD.size + length // 2)
    assert len(_records(tmp_path / "cache")) == cut  # the pack read by its headers: the whole records only
    if index == "deleted":
        (tmp_path / "cache" / PACKS / INDEX).unlink()
    assert _from_the_store(content, tmp_path).rendered == len(records) - cut


def test_a_deleted_index_is_rebuilt_from_the_packs_headers(content, tmp_path):
    """A pack the index does not name (a build killed before its prune) is read by its headers: its
    objects are used, not made again, and the next prune names them."""
    from akunresmi.build.cache import INDEX, PACKS

    Builder(_options(content, tmp_path)).build()
    count = len(_records(tmp_path / "cache"))
    (tmp_path / "cache" / PACKS / INDEX).unlink()
    assert _from_the_store(content, tmp_path).rendered == 0
    assert _indexed(tmp_path / "cache") == count


def test_an_index_naming_a_missing_pack_means_its_objects_are_made_again(content, tmp_path):
    from akunresmi.build.cache import PACKS

    Builder(_options(content, tmp_path)).build()
    count = len(_records(tmp_path / "cache"))
    for pack in (tmp_path / "cache" / PACKS).glob("*.pack"):
        pack.unlink()
    assert _from_the_store(content, tmp_path).rendered == count
    assert len(_records(tmp_path / "cache")) == _indexed(tmp_path / "cache") == count


@pytest.mark.parametrize("racy_ns", [0, 3_000_000_000], ids=["stamp", "hashed"])
def test_a_file_edited_behind_the_cache_s_back_is_parsed_again(content, tmp_path, monkeypatch, racy_ns):
    """Same size, same inode, same mtime: only the bytes differ, and the cache notices, whether it took the
    file as long unchanged (its change time tells) or as changed just before it was parsed (hashed)."""
    from akunresmi.build import builder as engine

    monkeypatch.setattr(engine, "RACY_NS", racy_ns)
    Builder(_options(content, tmp_path)).build()
    path = content.root / "agencies" / "dinkes.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan"[::-1]), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    builder = Builder(_options(content, tmp_path))
    builder.read()
    assert builder.parsed == 1


def _cached_build_importing(content, tmp_path, modules: tuple[str, ...]) -> subprocess.CompletedProcess:
    """`build --cache` in a new process, which prints last which of `modules` it imported."""
    script = ("import sys; from akunresmi.commands.cli import main; code = main(sys.argv[1:]); "
              f"print(sorted(m for m in {modules!r} if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", script, "build", "--content", str(content.root), "--out",
                           str(tmp_path / "out"), "--cache", str(tmp_path / "cache")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_nothing_changed_imports_no_engine(content, tmp_path):
    """The up-to-date check runs before Jinja, Markdown, nh3, zxing-cpp or jsonschema are imported: they
    cost more than the check itself."""
    assert cached_build(content, tmp_path).returncode == 0
    again = _cached_build_importing(content, tmp_path, ("jinja2", "markdown", "nh3", "zxingcpp", "jsonschema"))
    assert "Tidak ada yang berubah" in again.stdout, again.stderr
    assert again.stdout.strip().endswith("[]")


def test_one_change_imports_no_minifier(content, tmp_path):
    """A one-change build reuses the minified script: the minifier (calmjs.parse) is not imported; nor is
    jsonschema, which only describes a mistake (the file it reads again has none)."""
    assert cached_build(content, tmp_path).returncode == 0
    _edit_dinkes(content, "Dinas Kesehatan Baru")
    again = _cached_build_importing(content, tmp_path, ("calmjs.parse", "jsonschema", "referencing"))
    assert "Selesai" in again.stdout, again.stderr
    assert again.stdout.strip().endswith("[]")
    assert "Dinas Kesehatan Baru" in (tmp_path / "out" / "akun" / "dinkes" / "index.html").read_text("utf-8")


def test_every_edit_through_the_cache_gives_the_bytes_of_a_fresh_build(content, tmp_path):
    """Each `build --cache` (a new Builder, as a new process would be) reuses the keys, input digests
    and export rows the last one kept in the cache folder: after every kind of edit its output is
    still byte for byte a plain build's, and a description edit computes only the keys it must."""
    from akunresmi.build.pipeline import read_content, render_directory
    from test_incremental import EDITS

    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "static", tmp_path / "static")
    options = BuildOptions(content.root, tmp_path / "out", templates=tmp_path / "templates",
                           static=tmp_path / "static", cache=tmp_path / "cache")
    Builder(options).build()
    for i, (what, edit) in enumerate(EDITS):
        edit(content, options)
        builder = Builder(options)
        result = builder.build()
        plain = dataclasses.replace(options, cache=None)  # the reference must not read the cache
        fresh = render_directory(read_content(plain), plain)
        built = {path: data for path, data in tree(tmp_path / "out").items() if path != ".akunresmi-output"}
        assert built == fresh, what
        # made in the spare folder from the third build on, in links to the output's files in the second:
        # nothing the edit removed is left, not even a folder
        assert folders(tmp_path / "out") == folders_of(fresh), what
        assert result.stats.kept > 0, what
        if what == "a description":
            assert builder.keyed == 4 and builder.rows is not None and builder.rows.made == 1


def folders(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


def folders_of(files: dict[str, bytes]) -> set[str]:
    """The folders these files are in, and every folder above those."""
    return {str(parent) for path in files for parent in Path(path).parents} - {"."}


def _edit_dinkes(content: Content, new: str) -> None:
    path = content.root / "agencies" / "dinkes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split("name: ", 1)[1].split("\n", 1)[0], new, 1), "utf-8")


def _plain(content: Content, tmp_path: Path) -> dict[str, bytes]:
    shutil.rmtree(tmp_path / "plain", ignore_errors=True)
    assert run_cli("build", "--content", str(content.root), "--out", str(tmp_path / "plain")).returncode == 0
    return tree(tmp_path / "plain")


def test_the_previous_output_becomes_the_spare_and_the_one_before_is_deleted_in_the_background(content, tmp_path):
    """`build --cache` keeps the replaced output in the cache folder (the spare the build after next is
    made in) and leaves the deletion of the spare it replaces to a detached process: nothing is left
    beside the output, and the trash empties by itself."""
    import time

    cached_build(content, tmp_path)
    for name in ("Dinas Kesehatan Baru", "Dinas Kesehatan Lagi"):
        previous = tree(tmp_path / "out")
        _edit_dinkes(content, name)
        assert "Selesai" in cached_build(content, tmp_path).stdout
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
        assert name in (tmp_path / "out" / "akun" / "dinkes" / "index.html").read_text("utf-8")
        assert tree(tmp_path / "cache" / "spare") == previous
        deadline = time.monotonic() + 60  # a bound against hanging, not a speed assertion
        while any((tmp_path / "cache" / "trash").iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list((tmp_path / "cache" / "trash").iterdir()) == []


def test_the_swap_hands_the_old_tree_to_a_deleting_process(tmp_path, monkeypatch):
    """The build itself does not delete the replaced tree (that took seconds): it moves it into the
    trash and starts one command for it, leftovers of earlier builds included."""
    from akunresmi.build import write

    out, trash = tmp_path / "output", tmp_path / "cache" / "trash"
    write.write_site({"index.html": b"lama"}, out)
    (trash / "leftover").mkdir(parents=True)
    started = []
    monkeypatch.setattr(write.subprocess, "run", lambda argv, **kwargs: started.append(argv))
    with write.Staging(out, trash) as staging:
        staging.put("index.html", b"baru")
        staging.commit()
    assert (out / "index.html").read_bytes() == b"baru"
    moved = [p for p in trash.iterdir() if p.name != "leftover"]
    assert len(moved) == 1 and (moved[0] / "index.html").read_bytes() == b"lama"  # not deleted here
    assert len(started) == 1 and sorted(started[0][-2:]) == sorted(str(p) for p in trash.iterdir())


def test_the_code_fingerprint_names_the_installed_version_of_every_library_that_writes_output():
    # Another Markdown, nh3 or calmjs.parse may write other bytes from the same content: a cache made with
    # one version must not be reused with another.
    from importlib import metadata  # noqa: PLC0415

    from akunresmi.build.cache import OUTPUT_LIBRARIES, fingerprint_with, library_versions, package_fingerprint  # noqa: PLC0415

    listed = library_versions().decode().split("\0")
    for library in OUTPUT_LIBRARIES:
        version = metadata.version(library)
        assert f"{library.lower().replace('-', '_').replace('.', '_')}-{version}.dist-info" in listed, (library, version, listed)
    assert package_fingerprint() == fingerprint_with(library_versions())
    assert fingerprint_with(library_versions().replace(b"markdown-", b"markdown-9")) != package_fingerprint()


def test_a_page_edited_by_hand_in_the_output_does_not_survive_in_the_spare(content, tmp_path):
    """The folder a build replaces is kept in the cache and the build after next is made in it, writing
    only the targets whose key changed. A file edited by hand while its folder was the live output
    (in place, so a hard link in the other folder changes too; or replaced), or deleted, is written again."""
    Builder(_options(content, tmp_path)).build()
    for i, how in enumerate(["in place", "replaced", "deleted", "in place", "replaced", "deleted"]):
        page = tmp_path / "out" / "akun" / "bkd" / "index.html"
        if how == "in place":
            with open(page, "ab") as fh:
                fh.write(b"<p>diubah tangan</p>")
        else:
            page.unlink()
            if how == "replaced":
                page.write_bytes(b"diganti tangan")
        _edit_dinkes(content, f"Dinas Kesehatan {i}")
        result = Builder(_options(content, tmp_path)).build()
        assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}, how
        assert result.stats.kept > 0


def _marker() -> bytes:
    from akunresmi.build.write import MARKER_TEXT
    return MARKER_TEXT


def test_a_spare_folder_the_record_does_not_describe_is_not_built_in(content, tmp_path):
    """Another folder put where the spare was (a copy, a restored backup) is not trusted to hold what the
    record says: its files are not the ones recorded, so each is written again."""
    Builder(_options(content, tmp_path)).build()
    _edit_dinkes(content, "Dinas Kesehatan A")
    Builder(_options(content, tmp_path)).build()
    spare = tmp_path / "cache" / "spare"
    shutil.copytree(spare, tmp_path / "copy")
    (tmp_path / "copy" / "akun" / "bkd" / "index.html").write_bytes(b"salinan lama")
    shutil.rmtree(spare)
    os.rename(tmp_path / "copy", spare)
    _edit_dinkes(content, "Dinas Kesehatan B")
    result = Builder(_options(content, tmp_path)).build()
    assert result.stats.kept == 0
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def test_a_build_that_fails_in_the_spare_leaves_the_output_and_the_next_build_whole(content, tmp_path, monkeypatch):
    """Files are replaced in the spare, never written through: one may be a hard link to the live output's
    (the spare's build linked the files it shared with the build after it). So a build that fails after
    writing every file leaves output/ exactly as it was, and the next build does not trust the spare."""
    from akunresmi.build import write

    Builder(_options(content, tmp_path)).build()
    for name in ("A", "B"):
        _edit_dinkes(content, f"Dinas Kesehatan {name}")
        Builder(_options(content, tmp_path)).build()
    before = tree(tmp_path / "out")
    bkd = content.root / "agencies" / "bkd.yaml"  # unchanged since the first build: linked between the two
    bkd.write_text(bkd.read_text(encoding="utf-8").replace("Badan Kepegawaian", "Badan Kepegawaian Baru"), "utf-8")

    def failing(self):
        raise OSError("disk full")

    monkeypatch.setattr(write.Staging, "commit", failing)
    builder = Builder(_options(content, tmp_path))
    with pytest.raises(OSError):
        builder.build()
    assert "page:bkd" in builder.made_names and tree(tmp_path / "out") == before
    monkeypatch.undo()
    assert not (tmp_path / "cache" / "spare").exists()  # it was the failed build's folder: deleted
    Builder(_options(content, tmp_path)).build()
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def test_a_mistake_between_files_is_placed_as_a_fresh_read_places_it(content, tmp_path):
    """A file read by an earlier build is remembered without its positions (they are most of what it
    weighs); a mistake between it and an edited file still names its exact line, as a fresh read does."""
    from akunresmi.build.pipeline import read_content
    from akunresmi.content.errors import ContentErrors

    Builder(_options(content, tmp_path)).build()
    content.agency("dinkes", """\
        name: Dinas Kesehatan
        kind: dinas
        twitter: BKDUji
        active: true
        status_checked: "2026-10-01"
        source: Berita
        fallback: dinas-hilang
        services:
          - name: Pelayanan puskesmas
            keywords: [puskesmas]
        """)
    with pytest.raises(ContentErrors) as through_cache:
        Builder(_options(content, tmp_path)).build()
    with pytest.raises(ContentErrors) as fresh:
        read_content(BuildOptions(content.root, tmp_path / "plain"))
    assert [(e, e.params) for e in through_cache.value.errors] == [(e, e.params) for e in fresh.value.errors]
    duplicate = [e for e in fresh.value.errors if e.params.get("other_line")]
    assert duplicate and duplicate[0].params["other_line"] == 3  # bkd.yaml's `twitter:` line


def test_a_file_long_unchanged_is_trusted_by_its_stamp_and_not_read(content, tmp_path, monkeypatch):
    """Reading 20,000 files again on every build to hash them cost seconds: a file whose stamp (with its
    change time, which nobody can set back) is as it was is not opened at all."""
    from akunresmi.build import builder as engine

    monkeypatch.setattr(engine, "RACY_NS", 0)  # every file counts as changed long before it was parsed
    Builder(_options(content, tmp_path)).build()
    hashed: list[Path] = []
    real = engine._file_hash
    monkeypatch.setattr(engine, "_file_hash", lambda path: hashed.append(path) or real(path))
    _edit_dinkes(content, "Dinas Kesehatan Baru")
    builder = Builder(_options(content, tmp_path))
    builder.build()
    assert builder.parsed == 1 and hashed == []


def test_a_file_parsed_just_after_it_changed_is_hashed_once_its_change_is_old_not_on_every_build(
        content, tmp_path, monkeypatch):
    """Content copied a second before a cold build: every file changed just before its parse, so each is
    hashed before its parse is used. Once its change time is older than RACY_NS and the hash still
    matches, a later change would show in its stamp: the entry is kept as settled and no build hashes
    it again (before, such files were hashed on every build for ever: 3,077 of 20,000 after one copy)."""
    from akunresmi.build import builder as engine

    monkeypatch.setattr(engine, "RACY_NS", 10**18)  # every file changed just before it was parsed
    Builder(_options(content, tmp_path)).build()
    agencies = len(list((content.root / "agencies").glob("*.yaml")))
    hashed: list[Path] = []
    real = engine._file_hash
    monkeypatch.setattr(engine, "_file_hash", lambda path: hashed.append(path) or real(path))
    monkeypatch.setattr(engine, "RACY_NS", 1)  # and now long ago
    _edit_dinkes(content, "Dinas Kesehatan Lama")
    Builder(_options(content, tmp_path)).build()
    assert len(hashed) == agencies - 1  # the others, hashed once, each still as parsed
    hashed.clear()
    _edit_dinkes(content, "Dinas Kesehatan Baru")
    again = Builder(_options(content, tmp_path))
    again.build()
    assert again.parsed == 1 and hashed == []
    assert "Dinas Kesehatan Baru" in (tmp_path / "out" / "akun" / "dinkes" / "index.html").read_text("utf-8")


def test_a_settled_entry_whose_bytes_changed_unseen_is_parsed_again(content, tmp_path, monkeypatch):
    """The hash that settles an entry is the one that would have caught an edit behind the stamp's back."""
    from akunresmi.build import builder as engine

    monkeypatch.setattr(engine, "RACY_NS", 10**18)
    Builder(_options(content, tmp_path)).build()
    path = content.root / "agencies" / "dinkes.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan"[::-1]), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    real = engine._stamp  # the change time set back too, as only a clock that ticks slowly would
    monkeypatch.setattr(engine, "_stamp", lambda st: (*real(st)[:-1], before.st_ctime_ns)
                        if st.st_ino == before.st_ino else real(st))
    monkeypatch.setattr(engine, "RACY_NS", 1)
    builder = Builder(_options(content, tmp_path))
    builder.read()
    assert builder.parsed == 1


def test_a_file_edited_while_it_is_parsed_is_parsed_again_whatever_its_stamp(content, tmp_path, monkeypatch):
    """A file that changed just before its parse is hashed; the hash must be of the bytes parsed or older:
    hashed after the parse, an edit made during it left the new bytes' hash beside the old bytes' parse,
    and a clock too slow to move the stamp would have kept that parse for ever."""
    from akunresmi.build import builder as engine
    from akunresmi.content import reader

    monkeypatch.setattr(engine, "RACY_NS", 10**18)  # every file changed just before it was parsed
    path = content.root / "agencies" / "dinkes.yaml"
    before = path.stat()
    real_check = reader.check_agency_file

    def edited_while_parsed(file: Path, *args):
        result = real_check(file, *args)
        if file.name == path.name:  # the edit lands between the parse and anything after it
            path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Sehat"), "utf-8")
        return result

    monkeypatch.setattr(reader, "check_agency_file", edited_while_parsed)
    Builder(_options(content, tmp_path), workers=1).build()
    monkeypatch.setattr(reader, "check_agency_file", real_check)
    real_stamp = engine._stamp  # the edit left the stamp as it was, as only a clock that ticks slowly would
    unchanged = (before.st_size, before.st_mtime_ns, before.st_ino, before.st_ctime_ns)
    monkeypatch.setattr(engine, "_stamp", lambda st: unchanged if st.st_ino == before.st_ino else real_stamp(st))
    builder = Builder(_options(content, tmp_path), workers=1)
    builder.build()
    assert builder.parsed == 1
    assert "Dinas Sehat" in (tmp_path / "out" / "akun" / "dinkes" / "index.html").read_text("utf-8")


def test_a_build_after_one_edit_keeps_the_edited_file_beside_the_others_not_all_again(content, tmp_path):
    """parsed.pickle is written whole now and then; a build that parsed a few files writes only those,
    beside it, and the next process reads both. A delta that belongs to another base is ignored (each
    entry is checked against its file anyway), so the edit is parsed again, never lost."""
    Builder(_options(content, tmp_path)).build()
    base = tmp_path / "cache" / "parsed.pickle"
    before = base.read_bytes()
    _edit_dinkes(content, "Dinas Kesehatan Baru")
    content.remove("bupati")
    Builder(_options(content, tmp_path)).build()
    assert base.read_bytes() == before and (tmp_path / "cache" / "parsed.pickle.delta").is_file()
    again = Builder(_options(content, tmp_path))
    files = again.kept_files.load()  # type: ignore[union-attr]
    assert {Path(p).name for p in files} == {p.name for p in (content.root / "agencies").glob("*.yaml")}
    again.read()
    assert again.parsed == 0  # the edited file's entry came from the delta

    Builder(_options(content, tmp_path)).build()  # nothing parsed: nothing written
    assert base.read_bytes() == before
    from akunresmi.build import cache as kept
    from akunresmi.build.cache import package_fingerprint

    files = kept.load_parsed(tmp_path / "cache", package_fingerprint())
    del files[next(p for p in files if Path(p).name == "bkd.yaml")]
    kept.save_parsed(tmp_path / "cache", package_fingerprint(), files)  # another base: the delta is ignored
    late = Builder(_options(content, tmp_path))
    directory = late.read()
    assert late.parsed == 2  # bkd.yaml, not in this base, and dinkes.yaml, whose entry here is stale
    assert directory.by_slug["dinkes"].name == "Dinas Kesehatan Baru"


@pytest.mark.parametrize("name", ["rows.pickle", "search-rows.pickle"])
def test_a_build_after_one_edit_keeps_the_agency_s_new_part_beside_the_others(content, tmp_path, name):
    """Each agency's export rows and search index part (157 MB and 16 MB pickled at 20,000) were written
    into engine.pickle whole on every build: a build that made one agency's part again writes it beside
    them, and the next process reads both (it makes only the part of the agency it edits, and its site
    is a fresh build's)."""
    Builder(_options(content, tmp_path)).build()
    base = tmp_path / "cache" / name
    before = base.read_bytes()
    _edit_dinkes(content, "Dinas Kesehatan Baru")
    Builder(_options(content, tmp_path)).build()
    assert base.read_bytes() == before and (tmp_path / "cache" / f"{name}.delta").is_file()
    assert b"Kesehatan Baru" not in (tmp_path / "cache" / "engine.pickle").read_bytes()  # no part in it
    bkd = content.root / "agencies" / "bkd.yaml"
    bkd.write_text(bkd.read_text(encoding="utf-8").replace("Badan Kepegawaian", "Badan Kepegawaian Baru", 1), "utf-8")
    again = Builder(_options(content, tmp_path))
    again.build()
    parts = again.rows if name == "rows.pickle" else again.search_rows
    assert parts is not None and parts.made == 1  # BKD's: Dinkes's new part came from the delta
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def _rename_bkd(content: Content, new: str) -> None:
    bkd = content.root / "agencies" / "bkd.yaml"
    text = bkd.read_text(encoding="utf-8")
    bkd.write_text(text.replace(text.split("name: ", 1)[1].split("\n", 1)[0], new, 1), "utf-8")


def test_the_engine_s_record_after_one_edit_is_saved_as_what_changed(content, tmp_path):
    """The engine's record (each target's key, each input's digest, each agency's route) was pickled whole
    on every build: after one edit only its changed entries are written, beside it, and the next process
    reads both. Without the first edit's entries it would find Dinkes changed again at an edit of BKD and
    key its targets again: it keys as many targets as a build of the same edit with a whole record."""
    Builder(_options(content, tmp_path)).build()
    base = tmp_path / "cache" / "engine.pickle"
    before = base.read_bytes()
    _edit_dinkes(content, "Dinas Kesehatan Baru")
    Builder(_options(content, tmp_path)).build()
    assert base.read_bytes() == before and (tmp_path / "cache" / "engine.pickle.delta").is_file()
    twin = tmp_path / "twin"
    shutil.copytree(content.root, twin)
    twin_options = BuildOptions(twin, tmp_path / "twin-out", cache=tmp_path / "twin-cache")
    Builder(twin_options).build()  # its record is saved whole
    for root in (content.root, twin):
        _rename_bkd(Content(root), "Badan Kepegawaian Baru")
    again, whole = Builder(_options(content, tmp_path)), Builder(twin_options)
    again.build()
    whole.build()
    assert again.keyed == whole.keyed
    assert base.read_bytes() == before
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def test_kept_sections_keep_changed_entries_beside_their_base(tmp_path):
    from akunresmi.build.cache import KeptSections

    sections = {"keys": {f"t{i}": (i, b"k") for i in range(1000)}, "lists": b"a", "frame": ("site", "id")}
    KeptSections(tmp_path, b"f" * 16, "engine").save(sections)
    base = (tmp_path / "engine").read_bytes()

    kept = KeptSections(tmp_path, b"f" * 16, "engine")
    loaded = kept.load()
    assert loaded == sections
    loaded["keys"]["t1"] = (1, b"new")  # changed
    loaded["keys"]["t1000"] = (1000, b"k")  # added
    del loaded["keys"]["t2"]  # deleted
    loaded["lists"] = b"b"  # another value
    kept.save(loaded)
    assert (tmp_path / "engine").read_bytes() == base and (tmp_path / "engine.delta").is_file()
    loaded["keys"]["t3"] = (3, b"new")  # a second save keeps the first one's changes too
    kept.save(loaded)
    again = KeptSections(tmp_path, b"f" * 16, "engine").load()
    assert again == loaded and "t2" not in again["keys"]

    (tmp_path / "engine.delta").write_bytes(b"damaged")
    assert KeptSections(tmp_path, b"f" * 16, "engine").load() == sections  # the base alone
    assert KeptSections(tmp_path, b"other code......", "engine").load() == {}

    # A section the base holds as None, then a dict, then one entry of it changed: the delta keeps the
    # whole dict (the base has none to change).
    (tmp_path / "engine.delta").unlink()
    kept = KeptSections(tmp_path, b"f" * 16, "engine")
    later = kept.load()
    later["frame"] = None
    kept.save(later)
    later["frame"] = {f"a{i}": i for i in range(10)}
    kept.save(later)
    later["frame"]["a1"] = "changed"
    kept.save(later)
    assert KeptSections(tmp_path, b"f" * 16, "engine").load() == later

    many = KeptSections(tmp_path, b"f" * 16, "engine")
    grown = many.load()
    grown["keys"].update((f"n{i}", (i, b"n")) for i in range(300))  # past a twentieth: a new base
    many.save(grown)
    assert (tmp_path / "engine").read_bytes() != base and not (tmp_path / "engine.delta").exists()
    assert KeptSections(tmp_path, b"f" * 16, "engine").load() == grown


def test_parts_kept_for_other_settings_are_not_used(content, tmp_path):
    """The parts files and engine.pickle are written one after the other: a build that ended between
    the two leaves parts made for other site settings than the engine names. A later build under the
    engine's settings must make every part again, not take those."""
    site = content.root / "site.yaml"
    Builder(_options(content, tmp_path)).build()
    old_engine = (tmp_path / "cache" / "engine.pickle").read_bytes()
    site.write_text(site.read_text(encoding="utf-8").replace("contoh.github.io", "lain.github.io"), "utf-8")
    Builder(_options(content, tmp_path)).build()
    (tmp_path / "cache" / "engine.pickle").write_bytes(old_engine)  # as if the second save never happened
    site.write_text(site.read_text(encoding="utf-8").replace("lain.github.io", "contoh.github.io"), "utf-8")
    again = Builder(_options(content, tmp_path))
    again.build()
    assert again.rows is not None and again.rows.made == len(list((content.root / "agencies").glob("*.yaml")))
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


@pytest.mark.parametrize("then", ["nothing changed", "the first name back"])
def test_a_record_of_the_folders_older_than_the_engine_s_costs_writes_not_a_wrong_site(content, tmp_path, then):
    """What output/ and the spare folder hold is saved apart from engine.pickle, after it: a build that ended
    between the two saves (and so before its manifest, which it deleted first) leaves the record of the
    build before, which describes other folders than those there. No file is taken for what that record
    says it is, and the next build's site is a fresh build's: with the first name back, the record's
    groups have the keys of the spare's, and only the files' stamps tell they hold another name."""
    first = (content.root / "agencies" / "dinkes.yaml").read_text(encoding="utf-8").split("name: ", 1)[1].split("\n", 1)[0]
    Builder(_options(content, tmp_path)).build()
    _edit_dinkes(content, "Dinas Kesehatan Baru")
    Builder(_options(content, tmp_path)).build()
    older = {name: (tmp_path / "cache" / name).read_bytes() for name in ("folders", "folders-spare")}
    _edit_dinkes(content, "Dinas Kesehatan Lagi")
    Builder(_options(content, tmp_path)).build()
    for name, data in older.items():  # as if the last two saves never happened
        (tmp_path / "cache" / name).write_bytes(data)
    (tmp_path / "cache" / "manifest").unlink()
    if then == "the first name back":
        _edit_dinkes(content, first)
    again = Builder(_options(content, tmp_path))
    assert not again.build().up_to_date
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def test_a_target_larger_than_the_store_limit_is_made_again_not_kept(content, tmp_path, monkeypatch):
    """At 20,000 agencies the exports are 169 MB: pickling, hashing and writing them into the store on
    every build cost more than joining them from the kept rows when (rarely) the folder lacks them."""
    from akunresmi.build import builder as engine

    small = Builder(_options(content, tmp_path / "small"))
    small.build()
    assert len(_records(tmp_path / "small" / "cache")) == small.rendered

    monkeypatch.setattr(engine, "STORE_LIMIT", 0)  # every target is larger
    Builder(_options(content, tmp_path)).build()
    assert not _records(tmp_path / "cache")
    for name in ("engine.pickle", "folders", "folders-spare", "manifest"):  # no record of the folders: every
        (tmp_path / "cache" / name).unlink()                                  # target from the store
    again = Builder(_options(content, tmp_path))
    again.build()
    assert again.rendered == small.rendered
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def test_a_list_page_the_last_build_made_is_linked_from_the_output_not_made_again(content, tmp_path, monkeypatch):
    """The spare folder a build starts from holds the build before the last one. A list page that the
    last build made again (a name edit) is only in output/, and at 20,000 agencies it is too big for the
    target store (the home page: 4 MB): the next build, for an edit the lists do not show, rendered the
    home and topic pages once more (6 s against 3 s). It links them from the output instead."""
    from akunresmi.build import builder as engine

    monkeypatch.setattr(engine, "STORE_LIMIT", 0)  # every target too big for the store, as the lists are
    Builder(_options(content, tmp_path)).build()
    path = content.root / "agencies" / "dinkes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Dinas Kesehatan", "Dinas Kesehatan Baru"), "utf-8")
    named = Builder(_options(content, tmp_path))
    named.build()
    assert {"home", "status"} <= set(named.made_names)  # the lists show the name
    home = (tmp_path / "out" / "index.html").stat().st_ino
    described = path.read_text(encoding="utf-8") + "description: Diperbarui.\n"  # not shown in the lists
    path.write_text(described, "utf-8")
    again = Builder(_options(content, tmp_path))
    again.build()
    assert "page:dinkes" in again.made_names
    assert not {"home", "status"} & set(again.made_names)
    assert (tmp_path / "out" / "index.html").stat().st_ino == home  # the very file, linked
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}
    # Edited by hand in output/ since: not as recorded, so made again, never linked.
    (tmp_path / "out" / "status" / "index.html").write_bytes(b"diubah tangan")
    path.write_text(described.replace("Diperbarui.", "Diperbarui lagi.", 1), "utf-8")
    last = Builder(_options(content, tmp_path))
    last.build()
    assert "status" in last.made_names
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def test_an_edit_undone_then_another_edit_gives_the_bytes_of_a_fresh_build(content, tmp_path):
    """A build takes only the agencies whose page's inputs changed as those whose export rows and index
    parts may have (AgencyParts.only). Undoing an edit makes exports whose key the spare folder holds,
    so that build does not bring the rows up to date: the next build must then check every agency."""
    from akunresmi.build.pipeline import read_content, render_directory

    for i in range(40):  # enough agencies that one edit is a small share of them
        content.agency(f"kantor-{i:02d}", f"name: Kantor {i}\nkind: dinas\ndescription: Kantor nomor {i}.\n"
                                          f"services: [Layanan {i}]\n")
    options = BuildOptions(content.root, tmp_path / "out", cache=tmp_path / "cache")
    plain = dataclasses.replace(options, cache=None)
    Builder(options).build()
    for what, slug, old, new in (("an edit", "kantor-07", "Kantor nomor 7.", "Kantor nomor tujuh."),
                                 ("the edit undone", "kantor-07", "Kantor nomor tujuh.", "Kantor nomor 7."),
                                 ("another edit", "kantor-21", "Kantor nomor 21.", "Kantor nomor 21 baru.")):
        path = content.root / "agencies" / f"{slug}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        Builder(options).build()
        built = {p: d for p, d in tree(tmp_path / "out").items() if p != ".akunresmi-output"}
        assert built == render_directory(read_content(plain), plain), what


def test_kept_state_is_pickled_straight_into_its_file_and_any_damage_is_seen(tmp_path):
    """save_parsed writes the fingerprint, the body's checksum and the body without pickling it in
    memory first (the export rows of 20,000 agencies are some 200 MB): what load_parsed reads back is
    what was saved, and a changed byte anywhere (header, checksum, nonce, body), a fingerprint of other
    code or a file cut short gives nothing, never a wrong value; each save names a base of its own."""
    import zlib

    from akunresmi.build import cache as kept
    from akunresmi.build.cache import package_fingerprint

    value = {f"agency-{i}": (b"row " * i, {"name": f"Dinas {i}"}) for i in range(3000)}
    kept.save_parsed(tmp_path, package_fingerprint(), value, "rows.pickle")
    raw = (tmp_path / "rows.pickle").read_bytes()
    assert raw[:16] == package_fingerprint()
    assert raw[16:20] == zlib.crc32(raw[32:], zlib.crc32(raw[20:32])).to_bytes(4, "little")  # nonce, then body
    assert kept.load_parsed(tmp_path, package_fingerprint(), "rows.pickle") == value
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left

    kept.save_parsed(tmp_path, package_fingerprint(), value, "rows.pickle")  # the same value again
    assert (tmp_path / "rows.pickle").read_bytes()[16:32] != raw[16:32]
    for at in (0, 17, 20, 31, 40, len(raw) // 2, len(raw) - 1):
        damaged = bytearray(raw)
        damaged[at] ^= 1
        (tmp_path / "rows.pickle").write_bytes(bytes(damaged))
        assert kept.load_parsed(tmp_path, package_fingerprint(), "rows.pickle") == {}, at
    (tmp_path / "rows.pickle").write_bytes(raw[: len(raw) // 2])
    assert kept.load_parsed(tmp_path, package_fingerprint(), "rows.pickle") == {}
    (tmp_path / "rows.pickle").write_bytes(raw)
    assert kept.load_parsed(tmp_path, bytes(16), "rows.pickle") == {}


def _store_sizes(root: Path) -> dict[str, int]:
    from akunresmi.build.cache import PACKS

    return {p.name: p.stat().st_size for p in sorted((root / PACKS).glob("*.pack"))}


def test_the_store_keeps_what_the_build_used_and_drops_or_rewrites_the_rest(tmp_path):
    """A pack with no used object is deleted; one mostly dead is rewritten with only its used objects;
    what a forked process put (it ends through os._exit, with no close) is indexed and read back."""
    from akunresmi.build.cache import INDEX, PACKS, TargetStore

    def key(n: int) -> bytes:
        return n.to_bytes(16, "big")

    big = [("a.html", b"x" * 100_000)]
    store = TargetStore(tmp_path)
    store.put(key(1), big)
    store.put(key(2), [("b.html", b"b")])
    pid = os.fork()
    if pid == 0:  # a worker: its own pack, left without a close
        store.put(key(3), [("c.html", b"c")])
        os._exit(0)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    store.keep(key(3))
    store.prune()
    assert len(_store_sizes(tmp_path)) == 2 and (tmp_path / PACKS / INDEX).is_file()

    again = TargetStore(tmp_path)  # the next build
    assert again.get(key(1)) == big and again.get(key(3)) == [("c.html", b"c")]
    assert again.get(key(4)) is None
    again = TargetStore(tmp_path)  # a build that uses only 2 (the gets above counted as uses)
    again.keep(key(2))  # not 1: its pack is now mostly dead; 3's pack is not used at all
    again.prune()
    sizes = _store_sizes(tmp_path)
    assert len(sizes) == 1 and sum(sizes.values()) < 1000

    third = TargetStore(tmp_path)
    assert third.get(key(1)) is None and third.get(key(3)) is None
    assert third.get(key(2)) == [("b.html", b"b")]
    (tmp_path / "targets" / "ab").mkdir(parents=True)  # an older version's store, a file per object
    (tmp_path / "targets" / "ab" / "abcd").write_bytes(b"old")
    TargetStore(tmp_path).prune()  # a build that used nothing
    assert _store_sizes(tmp_path) == {}
    assert not (tmp_path / "targets").exists()
    assert TargetStore(tmp_path).get(key(2)) is None


def test_a_pack_mostly_live_is_kept_as_it_is_and_small_packs_are_joined(tmp_path):
    """Rewriting costs a copy: a pack at least half live stays. One-change builds each leave a small
    pack: once there are eight, they are joined into one."""
    from akunresmi.build.cache import SMALL_PACKS, TargetStore

    store = TargetStore(tmp_path)
    for n in range(4):
        store.put(n.to_bytes(16, "big"), [("p.html", bytes([n]) * 1000)])
    store.prune()
    first = _store_sizes(tmp_path)
    store = TargetStore(tmp_path)
    for n in range(1, 4):
        store.keep(n.to_bytes(16, "big"))  # three quarters live
    store.prune()
    assert _store_sizes(tmp_path) == first
    used = [n.to_bytes(16, "big") for n in range(1, 4)]
    for build in range(SMALL_PACKS - 1):
        store = TargetStore(tmp_path)
        for key in used:
            store.keep(key)
        new = (100 + build).to_bytes(16, "big")
        store.put(new, [("q.html", bytes([build]) * 100)])
        used.append(new)
        store.prune()
        assert len(_store_sizes(tmp_path)) == (build + 2 if build + 2 < SMALL_PACKS else 1)
    store = TargetStore(tmp_path)
    assert all(store.get(key) is not None for key in used)


def test_twenty_one_change_builds_keep_the_store_near_the_site_s_size(content, tmp_path):
    """Each edit leaves the edited agency's old page and poster dead in an older pack: the store after
    twenty edits is no larger than a cold build's store and a pack's worth."""
    Builder(_options(content, tmp_path)).build()
    cold = sum(_store_sizes(tmp_path / "cache").values())
    for i in range(20):
        _edit_dinkes(content, f"Dinas Kesehatan {i}")
        Builder(_options(content, tmp_path)).build()
    sizes = _store_sizes(tmp_path / "cache")
    assert len(sizes) < 8 and sum(sizes.values()) < 2 * cold


def test_the_prune_starts_no_garbage_collection(tmp_path):
    """The prune makes a tuple or two per object: at 20,000 agencies enough to start a collection of the
    young generations, which after a one-change build hold much of what it loaded (0.67 s of CPU). It
    runs with the collector paused and frees them before it resumes, so it starts none."""
    import gc

    from akunresmi.build.cache import TargetStore

    store = TargetStore(tmp_path)
    keys = [n.to_bytes(16, "big") for n in range(3000)]
    for key in keys:
        store.put(key, [("p.html", key)])
    store.prune()
    store = TargetStore(tmp_path)
    for key in keys:
        store.keep(key)
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    threshold = gc.get_threshold()
    gc.collect()
    gc.set_threshold(1000, 10, 10)
    gc.callbacks.append(seen)
    try:
        store.prune()
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*threshold)
    assert collections == []
    assert all(TargetStore(tmp_path).get(key) == [("p.html", key)] for key in keys[::100])


def test_a_damaged_copy_in_a_pack_the_index_does_not_name_falls_back_to_the_indexed_one(content, tmp_path):
    """Read by its headers, a pack the index does not name is taken as newer; a record of it that fails
    its check is not the end of the look-up: the index's place for the key is tried next."""
    from akunresmi.build.cache import PACKS, RECORD

    Builder(_options(content, tmp_path)).build()
    records = _records(tmp_path / "cache")
    pack, _, offset, length = records[len(records) // 2]
    copy = pack.with_name("1-000000000000.pack")
    shutil.copyfile(pack, copy)
    at = offset + RECORD.size + length // 2
    _poke(copy, at, bytes([copy.read_bytes()[at] ^ 4]))
    assert sorted(p.name for p in (tmp_path / "cache" / PACKS).glob("*.pack")) == sorted([pack.name, copy.name])
    assert _from_the_store(content, tmp_path).rendered == 0


def test_a_rewrite_that_cannot_be_written_leaves_the_packs_as_they_were(tmp_path, monkeypatch):
    import builtins

    from akunresmi.build import cache
    from akunresmi.build.cache import TargetStore

    store = TargetStore(tmp_path)
    store.put(bytes(15) + b"\1", [("a.html", b"x" * 10_000)])
    store.put(bytes(15) + b"\2", [("b.html", b"b")])
    store.prune()
    before = _store_sizes(tmp_path)

    def full(path, mode="r", *args, **kwargs):  # the rewrite's new pack cannot be written; the index can
        if mode == "xb":
            raise OSError(28, "No space left on device")
        return builtins.open(path, mode, *args, **kwargs)

    monkeypatch.setattr(cache, "open", full, raising=False)
    store = TargetStore(tmp_path)
    store.keep(bytes(15) + b"\2")  # the pack is now mostly dead: a rewrite is due, and fails
    store.prune()
    monkeypatch.undo()
    assert _store_sizes(tmp_path) == before
    assert TargetStore(tmp_path).get(bytes(15) + b"\2") == [("b.html", b"b")]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_with_a_cache_stats_each_agency_file_once(content, tmp_path, monkeypatch, workers):
    """The build's key (the manifest) stats every content file; the read takes each agency file's stat
    from there instead of statting it again (20,000 files at 20,000 agencies), and an edit is still seen."""
    from akunresmi.build import builder as engine

    monkeypatch.setattr(engine, "RACY_NS", 0)  # no file counts as changed just before its parse (hashed)
    Builder(_options(content, tmp_path), workers=workers).build()
    agencies = os.fspath(content.root / "agencies")
    statted: list[str] = []
    real = os.stat

    def counting(path, *args, **kwargs):
        if os.fspath(path).startswith(agencies):
            statted.append(os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(engine.os, "stat", counting)
    _edit_dinkes(content, "Dinas Kesehatan Sekali")
    builder = Builder(_options(content, tmp_path), workers=workers)
    builder.build()
    monkeypatch.undo()
    assert builder.parsed == 1 and statted == []
    assert b"Dinas Kesehatan Sekali" in (tmp_path / "out" / "akun" / "dinkes" / "index.html").read_bytes()
    assert tree(tmp_path / "out") == _plain(content, tmp_path) | {".akunresmi-output": _marker()}


def test_what_is_unpickled_is_frozen_out_of_the_collector_s_walks(tmp_path):
    """Kept state is the build's long-lived state: once unpickled it is frozen (gc.freeze), so the
    collector does not walk its hundreds of thousands of objects again at the next allocations."""
    import gc

    from akunresmi.build import cache as kept
    from akunresmi.build.cache import package_fingerprint

    # A dict the collector tracks (it holds a list): one of strings only is never tracked, frozen or not.
    value = {f"agency-{i}": ([i], {"name": f"Dinas {i}", "services": [f"Layanan {i}"]}) for i in range(3000)}
    kept.save_parsed(tmp_path, package_fingerprint(), value, "parsed.pickle")
    gc.unfreeze()
    try:
        found = kept.load_parsed(tmp_path, package_fingerprint(), "parsed.pickle")
        assert found == value and gc.get_freeze_count() >= 2 * 3000
        young = {id(o) for o in gc.get_objects()}
        assert id(found["agency-7"][1]) not in young and id(found["agency-7"][0]) not in young
    finally:
        gc.unfreeze()


def test_kept_export_rows_load_as_views_of_the_mapped_file_and_pickle_as_bytes_elsewhere(tmp_path):
    """The rows' bytes are kept out of band (pieces.OutOfBand): loaded, they are views of the cache file
    mapped into memory, not copies (150 MB at 20,000 agencies: loading them went from 0.30 to 0.19 s, 2026-12-02),
    equal to the bytes they were made as; pickled for a worker's pipe they are bytes again."""
    import pickle

    from akunresmi.build.cache import load_parsed, save_parsed
    from akunresmi.site.discovery import DiscoveryRows
    from akunresmi.site.opendata import OpenDataRows

    rows = {"bkd": (OpenDataRows(b'{"slug":"bkd"}', b"bkd\r\n", b"", b"<service/>\n"), DiscoveryRows(b"<url/>", b"")),
            "dinkes": (OpenDataRows(b'{"slug":"dinkes"}', b"dinkes\r\n", b"{}", b""), DiscoveryRows(b"<url/>", b"<entry/>"))}
    fingerprint = bytes(range(16))
    save_parsed(tmp_path, fingerprint, rows, "rows.pickle")
    loaded = load_parsed(tmp_path, fingerprint, "rows.pickle")
    assert loaded == rows
    assert isinstance(loaded["bkd"][0].record, memoryview) and bytes(loaded["bkd"][0].record) == b'{"slug":"bkd"}'
    piped = pickle.loads(pickle.dumps(loaded["dinkes"], protocol=4))
    assert piped == rows["dinkes"] and type(piped[1].feed) is bytes
    save_parsed(tmp_path, fingerprint, loaded, "again.pickle")  # saved again from the views
    assert load_parsed(tmp_path, fingerprint, "again.pickle") == rows
    data = (tmp_path / "rows.pickle").read_bytes()
    for at in (len(data) - 1, len(data) - 20, 40):  # the trailer, the buffers' lengths, the pickle: damaged
        (tmp_path / "rows.pickle").write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
        assert load_parsed(tmp_path, fingerprint, "rows.pickle") == {}
