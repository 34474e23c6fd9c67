"""Every speed-up keeps the output byte-identical to the plain build, on generated data large enough
for the worker pool (bench/gen.py, 400 agencies): the pool, the build cache and the dev server's
incremental rebuilds all give exactly the bytes of a single-process build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from akunresmi.build import pool
from akunresmi.build.builder import Builder
from akunresmi.build.cache import PACKS, _walk
from akunresmi.build.pipeline import BuildOptions, build, read_content, render_directory
from conftest import ROOT

N = 400


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("gen") / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen.py"), str(N), str(content)], check=True,
                   capture_output=True, timeout=300)
    return content


def plain_files(content: Path) -> dict[str, bytes]:
    """One process, no cache, no memory of earlier builds: the reference."""
    options = BuildOptions(content, content.parent / "unused")
    return render_directory(read_content(options), options)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and p.name != ".akunresmi-output"}


def test_pooled_and_cached_builds_equal_the_plain_build(generated, tmp_path):
    assert N >= pool.POOL_THRESHOLD
    reference = plain_files(generated)
    options = BuildOptions(generated, tmp_path / "out", cache=tmp_path / "cache")
    assert not build(options).up_to_date  # cold, in worker pools
    assert tree(tmp_path / "out") == reference
    assert build(options).up_to_date  # warm: untouched
    assert tree(tmp_path / "out") == reference


def test_a_build_that_keeps_nothing_keys_nothing_and_writes_the_same_site(generated, tmp_path):
    """Keys say whether a kept target can be used again; a build with nothing kept (no dev server, no
    cache) computes none (digesting every agency and view cost seconds before the workers started at
    20,000 agencies), and still makes and writes every file, byte for byte."""
    reference = plain_files(generated)
    plain = Builder(BuildOptions(generated, tmp_path / "out"), workers=2)
    plain.build()
    assert tree(tmp_path / "out") == reference
    assert plain.keyed == 0 and plain.rendered > 2 * N
    cached = Builder(BuildOptions(generated, tmp_path / "out2", cache=tmp_path / "cache"), workers=2)
    cached.build()
    assert tree(tmp_path / "out2") == reference
    assert cached.keyed == cached.rendered == plain.rendered


def test_files_parsed_in_the_pool_read_as_in_one_process(generated, tmp_path, monkeypatch):
    """A cold read parses the agency files in the worker pool when there are many (this process, one
    of the pool's workers, parses only its share, as they come): the directory is the one a single
    process reads, and a mistake in one of them is reported exactly as a single process reports it."""
    from akunresmi.content import reader
    from akunresmi.content.errors import ContentErrors

    one = Builder(BuildOptions(generated, tmp_path / "a"), workers=1).read()
    here: list[Path] = []
    real = reader.check_agency_file
    monkeypatch.setattr(reader, "check_agency_file", lambda path, *rest: here.append(path) or real(path, *rest))
    pooled = Builder(BuildOptions(generated, tmp_path / "b"), workers=2)
    # Each file parsed once, by the pool, and never again by the read: the share of this process here,
    # the rest in the forked worker (whose calls are its own).
    assert pooled.read() == one and pooled.parsed == N and len(here) == len(set(here)) < N

    content = tmp_path / "content"
    shutil.copytree(generated, content)
    broken = sorted((content / "agencies").glob("*.yaml"))[N // 2]
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nkind: ", "\nkind: bukan-", 1), encoding="utf-8")
    errors = []
    for workers in (1, 2):
        here.clear()
        with pytest.raises(ContentErrors) as caught:
            Builder(BuildOptions(content, tmp_path / "c"), workers=workers).read()
        errors.append(caught.value.errors)
    assert errors[0] == errors[1] and len(errors[0]) == 1 and errors[0][0].path.endswith(broken.name)
    # The pool left the broken file to the read, which parsed it again here (last) and reported it in
    # its place; every other file was parsed once, by the pool.
    assert here[-1] == broken and here.count(broken) in (1, 2)
    others = [p for p in here if p != broken]
    assert len(others) == len(set(others)) < N - 1


def test_a_pooled_build_makes_the_agencies_export_and_index_parts_in_the_workers(generated, tmp_path, monkeypatch):
    """A cold build makes every agency's export rows and search index part in the worker pool (made
    here alone, they held up the workers, whose files this process writes): this process, one of the
    pool's workers, makes only its share, the parts are kept for the next build as if made here, and
    the site is the plain build's."""
    import os

    from akunresmi.site import exports, search

    here = os.getpid()
    made_in: list[int] = []
    for module, name in ((exports, "open_data_rows"), (search, "_agency_row")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real: made_in.append(os.getpid()) or _real(*a))
    reference = plain_files(generated)
    assert made_in.count(here) == 2 * N  # one process: every part made here
    made_in.clear()
    builder = Builder(BuildOptions(generated, tmp_path / "out"), keep=True, workers=2)
    assert builder.render(builder.read()) == reference
    assert made_in.count(here) < 2 * N  # the forked worker made the others (its calls are its own)
    assert builder.rows is not None and builder.rows.made == N and len(builder.rows.parts) == N
    assert builder.search_rows is not None and builder.search_rows.made == N and not builder.search_rows.ahead


def test_the_parts_are_made_after_the_pages_so_the_page_workers_do_not_start_with_them(generated, tmp_path):
    """Each forked worker's resident memory counts what this process held when it was forked: the
    export rows and index parts (about 200 MB at 20,000 agencies) are made after the pages, and the
    exports and the index joined last."""
    builder = Builder(BuildOptions(generated, tmp_path / "out"), keep=True, workers=2)
    directory = builder.read()
    held_at_pages = set()
    order = []
    for name, _key, _files in builder.made_targets(directory):
        if name.startswith(("page:", "poster:", "topics", "home", "status")):
            assert builder.rows is not None and builder.search_rows is not None
            held_at_pages.add(len(builder.rows.parts) + len(builder.rows.ahead) + len(builder.search_rows.parts)
                              + len(builder.search_rows.ahead))
        order.append(name)
    assert held_at_pages == {0}
    assert sorted(order[-2:]) == ["exports", "search-index"]
    assert builder.rows is not None and len(builder.rows.parts) == N


def test_the_workers_put_what_they_make_into_the_cache_s_store_and_it_is_kept(generated, tmp_path):
    """In a pooled cold build with a cache, each target's files go into the store where they are made
    (pickling and writing 40,000 objects held up the process that writes the site): the store holds
    every made target after the build's prune, so without the engine's record of the output (and the
    output gone) the next build takes every target from the store and makes none."""
    options = BuildOptions(generated, tmp_path / "out", cache=tmp_path / "cache")
    cold = Builder(options, workers=2)
    cold.build()
    packs = sorted((tmp_path / "cache" / PACKS).glob("*.pack"))
    assert len(packs) == 2  # this process's and the worker's
    stored = {key for pack in packs for key, _, _ in _walk(str(pack))}
    assert len(stored) == cold.rendered  # every target (none here is over the store's size limit)
    for name in ("engine.pickle", "folders", "folders-spare", "manifest"):
        (tmp_path / "cache" / name).unlink()
    shutil.rmtree(tmp_path / "out")
    again = Builder(options, workers=2)
    again.build()
    assert again.rendered == 0
    assert tree(tmp_path / "out") == plain_files(generated)


def test_incremental_rebuild_after_an_edit_equals_the_plain_build(generated, tmp_path):
    builder = Builder(BuildOptions(generated, tmp_path / "out"), keep=True, workers=2)
    builder.render(builder.read())
    path = sorted((generated / "agencies").glob("*.yaml"))[7]
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("description: |", "description: |\n  Diperbarui hari ini.\n", 1)
                        if "description: |" in original else original + "short_name: Baru\n", encoding="utf-8")
        incremental = builder.render(builder.read())
        assert builder.parsed == 1
        assert incremental == plain_files(generated)
    finally:
        path.write_text(original, encoding="utf-8")


def test_the_dev_server_keeps_the_list_fragments_of_a_pooled_first_build(generated, tmp_path):
    """The pool makes the pages of the dev server's first build, but not its list pages: their rows
    and links are kept by this process, so the first rename after it makes one row, not 400 again."""
    builder = Builder(BuildOptions(generated, tmp_path / "out"), keep=True, workers=2)
    builder.render(builder.read())
    assert builder.rendered >= pool.POOL_THRESHOLD  # the pool did make this build
    path = sorted((generated / "agencies").glob("*.yaml"))[11]
    original = path.read_text(encoding="utf-8")
    try:
        name = next(line for line in original.splitlines() if line.startswith("name:"))
        path.write_text(original.replace(name, name + " Baru", 1), encoding="utf-8")
        incremental = builder.render(builder.read())
        assert {"home", "status"} <= set(builder.made_names)
        assert builder.fragments.made < 60  # the renamed agency's row, status row and topic entries
        assert incremental == plain_files(generated)
    finally:
        path.write_text(original, encoding="utf-8")


def test_exports_joined_from_rows_equal_the_whole_exports(generated):
    """agencies.json, .csv, Open311, the sitemap and the feed joined from per-agency rows are byte for
    byte the files serialised whole, and stay so when the rows are reused by a second build."""
    from akunresmi.i18n import load_catalogue
    from akunresmi.site.exports import ExportRows, export_files, export_files_whole
    from akunresmi.site.views import SiteFacts

    directory = read_content(BuildOptions(generated, generated.parent / "unused"))
    rows = ExportRows()
    for _ in range(2):
        facts = SiteFacts.of(directory, load_catalogue(directory.site.language))
        assert dict(export_files(facts, rows)) == dict(export_files_whole(facts))
    assert rows.made == 0  # the second build reused every row


def test_search_index_joined_from_rows_equals_the_whole_index(generated):
    """The search index joined from per-agency parts is byte for byte the index serialised whole, after
    the parts are reused, and after an agency is removed (the rows after it move, and so do the row
    numbers their complaints go to)."""
    import dataclasses

    from akunresmi.i18n import load_catalogue
    from akunresmi.site.search import SearchRows, search_index_bytes

    directory = read_content(BuildOptions(generated, generated.parent / "unused"))
    cat = load_catalogue(directory.site.language)
    rows = SearchRows()
    assert rows.index_bytes(directory, directory.routes, cat) == search_index_bytes(directory, directory.routes, cat)
    assert rows.made == len(directory.agencies)
    assert rows.index_bytes(directory, directory.routes, cat) == search_index_bytes(directory, directory.routes, cat)
    assert rows.made == 0  # the second build reused every part
    last = directory.agencies[-1]
    edited = dataclasses.replace(directory, agencies=(*directory.agencies[:-1], dataclasses.replace(
        last, search_words=("Kata", "baru"))))
    assert rows.index_bytes(edited, edited.routes, cat) == search_index_bytes(edited, edited.routes, cat)
    assert rows.made == 1
    assert b"kata baru" in rows.index_bytes(edited, edited.routes, cat)
    named = {slug for route in directory.routes.values() for slug in route.steps[1:]}
    gone = next(a for a in directory.agencies if a.slug not in named and a.slug != directory.site.fallback)
    smaller = dataclasses.replace(directory, agencies=tuple(a for a in directory.agencies if a is not gone))
    routes = {slug: route for slug, route in directory.routes.items() if slug != gone.slug}
    assert rows.index_bytes(smaller, routes, cat) == search_index_bytes(smaller, routes, cat)
