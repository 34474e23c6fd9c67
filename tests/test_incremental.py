"""Rebuilds by a Builder that keeps its targets (the dev server's): after every kind of edit, what it
produces is byte for byte what a fresh, plain build produces; unchanged files are not re-parsed and
only the targets that read the edited input are made again."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from akunresmi.build.builder import Builder
from akunresmi.build.pipeline import BuildOptions, read_content, render_directory
from conftest import ROOT, Content


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


EMERGENCY = """emergency:
  - number: "113"
    name: Pemadam kebakaran
    source: "https://contoh.go.id/darurat"
    words: [kebakaran]
    agencies: [dindukcapil]
"""
EDITS = [
    ("a description", lambda c, t: _edit(c.root / "agencies" / "dindukcapil.yaml", "dokumen kependudukan", "dokumen")),
    ("a name", lambda c, t: _edit(c.root / "agencies" / "dinkes.yaml", "Dinas Kesehatan", "Dinas Kesehatan Daerah")),
    ("a keyword", lambda c, t: _edit(c.root / "agencies" / "dinkes.yaml", "[puskesmas]", "[puskesmas, posyandu]")),
    ("a status", lambda c, t: _edit(c.root / "agencies" / "bkd.yaml", "active: false", "active: true")),
    ("a source", lambda c, t: _edit(c.root / "agencies" / "bupati.yaml", "source: Berita", "source: Berita baru")),
    # only the search index reads them: no list, page, poster or export shows them
    ("search words", lambda c, t: _edit(c.root / "agencies" / "dinkes.yaml", "kind: dinas", "kind: dinas\nsearch_words: [puskesmsa]")),
    # Humas takes the complaints of dinkes and bkd: their export rows name its handle
    ("the fallback's handle", lambda c, t: _edit(c.root / "agencies" / "humas.yaml", "HumasUji", "HumasUjiBaru")),
    # the rules across files and the routes read these: checked again, never taken from the last read
    ("a fallback", lambda c, t: _edit(c.root / "agencies" / "dinkes.yaml", "kind: dinas", "kind: dinas\nfallback: dindukcapil")),
    ("a successor", lambda c, t: _edit(c.root / "agencies" / "bkd.yaml", "kind: badan", "kind: badan\nsuperseded_by: dindukcapil")),
    ("a new agency", lambda c, t: c.agency("dinsos", "name: Dinas Sosial\nkind: dinas\nservices: [Bansos]\n")),
    ("a deleted agency", lambda c, t: c.remove("dinsos")),
    ("the site title", lambda c, t: _edit(c.root / "site.yaml", "Akun Resmi Uji", "Akun Resmi Percobaan")),
    # the search index shows the region's name (its words are no complaint's words)
    ("the region", lambda c, t: _edit(c.root / "site.yaml", "region: Kabupaten Uji", "region: Kabupaten Coba")),
    ("a content page", lambda c, t: c.raw("pages/tentang.md", "# Tentang\n\nDirektori uji.\n")),
    ("a synonym", lambda c, t: c.raw("synonyms.yaml", "groups:\n  - [puskesmas, pkm]\n")),
    ("an included template", lambda c, t: _edit(t.templates / "_meta.html", "<meta", "<meta data-x=\"1\"", )),
    # the list pages' rows and links are kept between builds (site/fragments.py): never beyond this edit
    ("the list macros", lambda c, t: _edit(t.templates / "_macros.html", "badge-{{", "badge lencana-{{")),
    ("a static file", lambda c, t: _edit(t.static / "style.css", "}", "}\n/* baru */")),
    # what the rules across files read of the site (reader.across_files): checked again, never taken as kept
    ("the site's fallback", lambda c, t: _edit(c.root / "site.yaml", "fallback: humas", "fallback: dindukcapil")),
    ("an emergency number", lambda c, t: _edit(c.root / "site.yaml", "national_channels:", EMERGENCY + "national_channels:")),
    ("an emergency number's agencies", lambda c, t: _edit(c.root / "site.yaml", "agencies: [dindukcapil]", "agencies: [humas]")),
]


@pytest.fixture
def options(content: Content, tmp_path: Path) -> BuildOptions:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "static", tmp_path / "static")
    return BuildOptions(content.root, tmp_path / "out", templates=tmp_path / "templates", static=tmp_path / "static")


def test_every_edit_gives_the_bytes_of_a_fresh_build(content: Content, options: BuildOptions):
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    for what, edit in EDITS:
        edit(content, options)
        incremental = builder.render(builder.read())
        fresh = render_directory(read_content(options), options)
        assert set(incremental) == set(fresh), what
        different = [path for path in fresh if incremental[path] != fresh[path]]
        assert different == [], what


def _stamps(*folders: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for f in folders for p in f.rglob("*") if p.is_file()}


def test_every_edit_the_watcher_reports_gives_the_bytes_of_a_fresh_build(content: Content, options: BuildOptions):
    """The dev server's builder follows the watcher: each read lists and stats only the files reported
    saved, created or deleted (here: every file whose stat changed, as inotify would report it)."""
    builder = Builder(options, keep=True)
    builder.follow_watcher()
    builder.render(builder.read())
    folders = (content.root, options.templates, options.static)
    for what, edit in EDITS:
        before = _stamps(*folders)
        edit(content, options)
        after = _stamps(*folders)
        builder.saw([p for p in before.keys() | after.keys() if before.get(p) != after.get(p)])
        incremental = builder.render(builder.read())
        fresh = render_directory(read_content(options), options)
        assert set(incremental) == set(fresh), what
        assert [path for path in fresh if incremental[path] != fresh[path]] == [], what


def test_a_builder_that_follows_the_watcher_reads_only_what_it_reports(content: Content, options: BuildOptions):
    builder = Builder(options, keep=True)
    builder.follow_watcher()
    builder.render(builder.read())
    bkd, dinkes = content.root / "agencies" / "bkd.yaml", content.root / "agencies" / "dinkes.yaml"
    _edit(bkd, "Kepegawaian ASN", "Kepegawaian Daerah")
    _edit(dinkes, "Dinas Kesehatan", "Dinas Kesehatan Kita")  # not reported: not read
    builder.saw([bkd])
    files = builder.render(builder.read())
    assert builder.parsed == 1
    assert b"Kepegawaian Daerah" in files["akun/bkd/index.html"]
    assert b"Dinas Kesehatan Kita" not in files["akun/dinkes/index.html"]
    builder.saw([content.root / "agencies"])  # the folder itself: listed and statted again
    files = builder.render(builder.read())
    assert builder.parsed == 1 and b"Dinas Kesehatan Kita" in files["akun/dinkes/index.html"]
    _edit(dinkes, "Dinas Kesehatan Kita", "Dinas Kesehatan Kami")
    builder.saw([Path("/elsewhere/agencies/dinkes.yaml")])  # a path in a form not ours: everything statted
    files = builder.render(builder.read())
    assert builder.parsed == 1 and b"Dinas Kesehatan Kami" in files["akun/dinkes/index.html"]


def test_a_reported_save_reads_only_the_saved_file_and_a_mistake_in_it_as_a_fresh_read(
        content: Content, options: BuildOptions, monkeypatch):
    """With the watcher's reports, a save of agency files reads those files into the last read's directory
    (no pass over every agency file); a mistake in one is reported as a whole read reports it."""
    from akunresmi.content.errors import ContentErrors

    builder = Builder(options, keep=True)
    builder.follow_watcher()
    first = builder.read()
    looked_at: list[str] = []
    check = builder._check_unless_kept
    monkeypatch.setattr(builder, "_check_unless_kept", lambda saved, path, *rest: (
        looked_at.append(path.name), check(saved, path, *rest))[1])
    bkd = content.root / "agencies" / "bkd.yaml"
    _edit(bkd, "Kepegawaian ASN", "Kepegawaian Daerah")
    builder.saw([bkd])
    directory = builder.read()
    assert looked_at == ["bkd.yaml"]
    assert directory.by_slug["bkd"].services[0].name == "Kepegawaian Daerah"
    assert all(directory.by_slug[a.slug] is a for a in first.agencies if a.slug != "bkd")  # kept as parsed
    assert directory == read_content(options)
    _edit(bkd, "kind: badan", "kind: bukan-jenis")
    builder.saw([bkd])
    with pytest.raises(ContentErrors) as kept:
        builder.read()
    with pytest.raises(ContentErrors) as fresh:
        read_content(options)
    assert [(e.path, e.line, e.col, e.key) for e in kept.value.errors] == \
        [(e.path, e.line, e.col, e.key) for e in fresh.value.errors] != []


def test_only_the_edited_file_is_parsed_again(content: Content, options: BuildOptions):
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    assert builder.parsed == len(list((content.root / "agencies").glob("*.yaml")))
    builder.render(builder.read())
    assert builder.parsed == 0 and builder.rendered == 0
    _edit(content.root / "agencies" / "bkd.yaml", "Kepegawaian ASN", "Kepegawaian")
    builder.render(builder.read())
    assert builder.parsed == 1


# The agency pages each edit must change, exactly: fewer means a stale page from the cache.
CHANGED_AGENCY_PAGES = {
    "a description": {"dindukcapil"},  # no other agency routes to it
    "a name": {"dinkes"},  # a missing account: nobody routes to it
    "a keyword": {"dinkes"},
    "a status": {"bkd"},  # dormant to active: its own page; Humas lists no forwarded agencies
}


@pytest.mark.parametrize("what, edit", EDITS[:4])
def test_a_rebuild_renders_exactly_the_edited_agency_page(content: Content, options: BuildOptions, what, edit):
    builder = Builder(options, keep=True)
    first = builder.render(builder.read())
    edit(content, options)
    second = builder.render(builder.read())
    changed_agency_pages = {p.split("/")[1] for p in second if p.startswith("akun/") and p.endswith("/index.html")
                            and "/poster/" not in p and first.get(p) != second[p]}
    assert changed_agency_pages == CHANGED_AGENCY_PAGES[what]


def test_an_edit_makes_only_the_targets_that_read_it(content: Content, options: BuildOptions):
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    _edit(content.root / "agencies" / "dindukcapil.yaml", "dokumen kependudukan", "dokumen")
    builder.render(builder.read())
    # the lists do not show descriptions; the data files and the search index read every agency
    assert sorted(builder.made_names) == ["exports", "page:dindukcapil", "poster:dindukcapil", "search-index"]
    _edit(content.root / "agencies" / "dinkes.yaml", "Dinas Kesehatan", "Dinas Kesehatan Daerah")
    builder.render(builder.read())
    assert {"home", "status", "page:dinkes", "poster:dinkes"} <= set(builder.made_names)  # the lists show names
    assert not [n for n in builder.made_names if n.startswith(("static:", "content-page:", "schemas", "404"))]
    _edit(options.static / "style.css", "}", "}\n/* baru */")
    builder.render(builder.read())
    assert builder.rendered == 1  # the stylesheet, nothing else reads it
    _edit(options.templates / "poster.html", "poster-agency", "poster-instansi")
    builder.render(builder.read())
    agencies = len(list((content.root / "agencies").glob("*.yaml")))
    assert sorted(builder.made_names) == sorted(n for n in builder.made if n.startswith("poster:"))
    assert builder.rendered == agencies  # every poster, and only posters


def test_a_description_edit_keys_only_what_read_it(content: Content, options: BuildOptions):
    """The dev server's rebuild computes keys only for targets whose inputs changed, does not compute
    the topic view when nothing the lists show changed, and makes one agency's export rows."""
    builder = Builder(options, keep=True)
    plans = []
    plan = builder.plan
    builder.plan = lambda directory: plans.append(plan(directory)) or plans[-1]  # type: ignore[method-assign]
    builder.render(builder.read())
    agencies = len(list((content.root / "agencies").glob("*.yaml")))
    _edit(content.root / "agencies" / "dindukcapil.yaml", "dokumen kependudukan", "dokumen")
    builder.render(builder.read())
    assert builder.keyed == 4 and builder.rows.made == 1
    assert sorted(builder.made_names) == ["exports", "page:dindukcapil", "poster:dindukcapil", "search-index"]
    assert plans[-1].letters is not None  # known from the last build: the lists show the same
    assert "topics" not in plans[-1].facts.memo  # so the topic view was not computed
    _edit(content.root / "agencies" / "dindukcapil.yaml", "Dinas Kependudukan", "Dinas Kependudukan Baru")
    builder.render(builder.read())
    assert builder.rows.made == 1 and builder.keyed < 2 * agencies
    assert "topics" in plans[-1].facts.memo  # a name is listed


def test_a_save_visits_only_the_targets_that_read_what_it_changed(content: Content, options: BuildOptions):
    """The dev server's rebuild after an agency's save looks only at the targets that read an input it
    changed, and takes every other file from its last build; an edit to a template, to what routes read, or
    to the set of agencies visits every target. Each gives the bytes of a fresh build."""
    builder = Builder(options, keep=True)
    builder.follow_watcher()
    builder.render(builder.read())
    targets = builder.visited

    def save(path: Path, old: str, new: str) -> dict:
        _edit(path, old, new)
        builder.saw([path])
        files = builder.render(builder.read())
        fresh = render_directory(read_content(options), options)
        assert set(files) == set(fresh) and [p for p in fresh if files[p] != fresh[p]] == []
        return files

    agencies = content.root / "agencies"
    save(agencies / "dindukcapil.yaml", "dokumen kependudukan", "dokumen")
    assert builder.partial and builder.visited == 4  # its page and poster, the exports, the search index
    save(agencies / "dinkes.yaml", "Dinas Kesehatan", "Dinas Kesehatan Daerah")
    assert builder.partial and 4 < builder.visited < targets / 2  # and the list pages it is on
    save(options.templates / "agency.html", "</article>", "</article><!-- baru -->")
    assert not builder.partial and builder.visited == targets
    save(agencies / "dinkes.yaml", "kind: dinas", "kind: dinas\nfallback: dindukcapil")  # its route
    assert not builder.partial
    save(agencies / "bkd.yaml", "Kepegawaian ASN", "Kepegawaian Daerah")
    assert builder.partial


def _broken_on(monkeypatch, method: str, word: str) -> None:
    """Renderer.<method> fails on an agency whose name has `word` (a template that fails on some data)."""
    import jinja2

    from akunresmi.site.render import Renderer
    made = getattr(Renderer, method)

    def failing(self, *args):
        if any(word in a.name for a in self.facts.directory.agencies):
            raise jinja2.TemplateError("gagal")
        return made(self, *args)
    monkeypatch.setattr(Renderer, method, failing)


def _saved_as_fresh(builder: Builder, options: BuildOptions, *paths: Path) -> None:
    builder.saw(list(paths))
    files = builder.render(builder.read())
    fresh = render_directory(read_content(options), options)
    assert set(files) == set(fresh) and [p for p in fresh if files[p] != fresh[p]] == []


def _failing_save(builder: Builder, *paths: Path) -> None:
    import jinja2
    builder.saw(list(paths))
    with pytest.raises(jinja2.TemplateError):
        builder.render(builder.read())


def test_a_reverted_edit_after_a_failed_build_leaves_no_trace(content: Content, options: BuildOptions, monkeypatch):
    """A build that fails after the kept lists took an edit: the edit reverted, then another agency's
    save, gives a fresh build's bytes (the lists once kept the failed build's name)."""
    _broken_on(monkeypatch, "home", "GAGAL")
    builder = Builder(options, keep=True)
    builder.follow_watcher()
    builder.render(builder.read())
    dinkes, bkd = content.root / "agencies" / "dinkes.yaml", content.root / "agencies" / "bkd.yaml"
    _edit(dinkes, "Dinas Kesehatan", "Dinas Kesehatan GAGAL")
    _failing_save(builder, dinkes)
    _edit(dinkes, "Dinas Kesehatan GAGAL", "Dinas Kesehatan")
    _saved_as_fresh(builder, options, dinkes)
    _edit(bkd, "Badan Kepegawaian Daerah", "Badan Kepegawaian")
    _saved_as_fresh(builder, options, bkd)


def test_an_agency_restored_after_a_failed_build_that_deleted_it(content: Content, options: BuildOptions,
                                                                 monkeypatch):
    """A save deletes an agency and the build fails; the next save restores it: a fresh build's bytes
    (the lists digest once looked for the agency in what the failed build had left)."""
    _broken_on(monkeypatch, "agency", "GAGAL")
    builder = Builder(options, keep=True)
    builder.follow_watcher()
    builder.render(builder.read())
    dinkes, bkd = content.root / "agencies" / "dinkes.yaml", content.root / "agencies" / "bkd.yaml"
    text = dinkes.read_text(encoding="utf-8")
    dinkes.unlink()
    _edit(bkd, "Badan Kepegawaian Daerah", "Badan Kepegawaian GAGAL")
    _failing_save(builder, dinkes, bkd)
    dinkes.write_text(text, encoding="utf-8")
    _edit(bkd, "Badan Kepegawaian GAGAL", "Badan Kepegawaian Daerah")
    _saved_as_fresh(builder, options, dinkes, bkd)


def test_a_site_change_while_a_template_is_missing_shows_once_it_is_back(content: Content, options: BuildOptions):
    """The site's language changed while _macros.html was missing (the builds failed): once it is back,
    the list pages are in the new language (they once kept the old one's summaries)."""
    from jinja2 import TemplateNotFound

    builder = Builder(options, keep=True)
    builder.follow_watcher()
    builder.render(builder.read())
    macros, site = options.templates / "_macros.html", content.root / "site.yaml"
    source = macros.read_text(encoding="utf-8")
    macros.unlink()
    builder.saw([macros])
    with pytest.raises(TemplateNotFound):
        builder.render(builder.read())
    _edit(site, "language: id", "language: en")
    builder.saw([site])
    with pytest.raises(TemplateNotFound):
        builder.render(builder.read())
    macros.write_text(source, encoding="utf-8")
    _saved_as_fresh(builder, options, macros)


def test_a_name_edit_renders_only_that_agency_s_rows_and_topics(content: Content, options: BuildOptions):
    """The list pages are joined from each agency's rows and links, kept between builds: a name edit
    renders the edited agency's home row, status row and topic link, the topics it is on, and joins the
    rows of the two lists it is on (its kind's group on the home page, its status's list); the other lists'
    rows are kept joined."""
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    assert builder.fragments.made > 3 * len(list((content.root / "agencies").glob("*.yaml")))  # the first build
    _edit(content.root / "agencies" / "dinkes.yaml", "Dinas Kesehatan", "Dinas Kesehatan Daerah")
    files = builder.render(builder.read())
    dinkes_topics = sum(data.decode().count('akun/dinkes/"') for path, data in files.items() if path.startswith("topik/"))
    assert dinkes_topics >= 1
    assert builder.fragments.made == 3 + dinkes_topics + 2
    _edit(content.root / "agencies" / "dindukcapil.yaml", "dokumen kependudukan", "dokumen")
    builder.render(builder.read())
    assert builder.fragments.made == 0  # a description is on no list


def test_a_new_day_gives_the_bytes_of_a_fresh_build(content: Content, options: BuildOptions, monkeypatch):
    """What the lists show of an agency (its summary, kept between builds) depends on the date too: a
    status checked long ago is marked stale once enough days have passed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    builder = Builder(options, keep=True)
    first = builder.render(builder.read())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1956528000")  # 2032-01-01
    later = builder.render(builder.read())
    fresh = render_directory(read_content(options), options)
    assert later["status/index.html"] != first["status/index.html"]
    assert [path for path in fresh if later.get(path) != fresh[path]] == []


def test_a_page_follows_its_route_to_an_agency_it_did_not_read_before(content: Content, options: BuildOptions):
    """An agency's page reads the agencies on its route (targets.agency_reads), kept between builds while
    the route is the same: when the route changes, so do the agencies it reads, and an edit of the new
    one makes the page again."""
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    content.agency("dinsos", "name: Dinas Sosial\nkind: dinas\ntwitter: DinsosUji\nactive: true\n"
                             "status_checked: \"2026-10-01\"\nsource: Berita\nservices: [Bansos]\n")
    builder.render(builder.read())
    _edit(content.root / "agencies" / "dinkes.yaml", "kind: dinas\n", "kind: dinas\nfallback: dinsos\n")
    builder.render(builder.read())
    _edit(content.root / "agencies" / "dinsos.yaml", "DinsosUji", "DinsosBaru")
    incremental = builder.render(builder.read())
    fresh = render_directory(read_content(options), options)
    assert b"DinsosBaru" in fresh["akun/dinkes/index.html"]
    assert [path for path in fresh if incremental.get(path) != fresh[path]] == []


# --- the rules across files in the dev server's builder (content/reader.same_across_files) ------------

CROSS_FILE_MISTAKES = [
    ("a handle another agency has", "dinkes", "kind: dinas", "kind: dinas\ntwitter: bkduji\nactive: false\nstatus_checked: \"2026-10-01\"\nsource: Berita",
     "duplicate_handle"),
    ("a fallback that does not exist", "dinkes", "kind: dinas", "kind: dinas\nfallback: dinsos", "unknown_slug"),
    ("a fallback to itself", "dinkes", "kind: dinas", "kind: dinas\nfallback: dinkes", "self_reference"),
    ("a loop of fallbacks", "humas", "active: true", "active: false\nfallback: bkd", "fallback_loop"),
]


@pytest.mark.parametrize("what, slug, old, new, key", CROSS_FILE_MISTAKES, ids=[m[0] for m in CROSS_FILE_MISTAKES])
def test_a_mistake_across_files_is_found_after_edits_that_could_not_make_one(content: Content, options: BuildOptions,
                                                                            what, slug, old, new, key):
    """A save that changes nothing the rules across files read keeps the last read's routes (the same
    object); the save that makes a mistake across files is still reported, as a fresh read reports it."""
    from akunresmi.content.errors import ContentErrors

    builder = Builder(options, keep=True)
    builder.follow_watcher()
    first = builder.read()
    routes = first.routes
    path = content.root / "agencies" / "dinkes.yaml"
    _edit(path, "Dinas Kesehatan", "Dinas Kesehatan Daerah")
    builder.saw([path])
    assert builder.read().routes is routes  # nothing across files changed: not worked out again
    edited = content.root / "agencies" / f"{slug}.yaml"
    _edit(edited, old, new)
    builder.saw([edited])
    with pytest.raises(ContentErrors) as kept:
        builder.read()
    with pytest.raises(ContentErrors) as fresh:
        read_content(options)
    assert key in {e.key for e in kept.value.errors}
    assert [(e.path, e.line, e.col, e.key) for e in kept.value.errors] == \
        [(e.path, e.line, e.col, e.key) for e in fresh.value.errors]


def test_build_cache_checks_an_emergency_number_s_agencies_again_when_they_change(
        content: Content, options: BuildOptions, tmp_path: Path):
    """What the rules across files read of site.yaml is kept too: an emergency number's agency that does
    not exist, written after a cached build, is reported as a fresh read reports it."""
    from akunresmi.content.errors import ContentErrors

    options = dataclasses.replace(options, cache=tmp_path / "cache")
    site = content.root / "site.yaml"
    _edit(site, "national_channels:", EMERGENCY + "national_channels:")
    Builder(options).build()
    _edit(site, "agencies: [dindukcapil]", "agencies: [pemadam]")
    with pytest.raises(ContentErrors) as kept:
        Builder(options).build()
    with pytest.raises(ContentErrors) as fresh:
        read_content(options)
    assert kept.value.errors and [(e.path, e.line, e.col, e.key) for e in kept.value.errors] == \
        [(e.path, e.line, e.col, e.key) for e in fresh.value.errors]


@pytest.mark.parametrize("what, slug, old, new, key", CROSS_FILE_MISTAKES, ids=[m[0] for m in CROSS_FILE_MISTAKES])
def test_build_cache_checks_the_rules_across_files_only_when_what_they_read_changed(
        content: Content, options: BuildOptions, tmp_path: Path, monkeypatch, what, slug, old, new, key):
    """`build --cache` keeps what its read gave the rules across files (reader.across_files) with the
    routes: a new process whose read gives the same neither checks those rules nor works out the routes
    (a quarter of a second at 20,000 agencies); an edit that makes a mistake across files is still
    reported as a fresh read reports it, and once it is undone the build is a fresh build's again."""
    from akunresmi.content import reader
    from akunresmi.content.errors import ContentErrors

    options = dataclasses.replace(options, cache=tmp_path / "cache")
    Builder(options).build()
    checked: list[int] = []
    real = reader.directory_errors
    monkeypatch.setattr(reader, "directory_errors", lambda *a, **k: checked.append(1) or real(*a, **k))
    path = content.root / "agencies" / "dinkes.yaml"
    _edit(path, "Dinas Kesehatan", "Dinas Kesehatan Daerah")
    described = Builder(options)
    described.build()
    assert checked == []  # nothing across files changed
    assert described.read().routes is described.last.routes  # the kept routes, not worked out again
    edited = content.root / "agencies" / f"{slug}.yaml"
    before = edited.read_text(encoding="utf-8")
    _edit(edited, old, new)
    with pytest.raises(ContentErrors) as kept:
        Builder(options).build()
    with pytest.raises(ContentErrors) as fresh:
        read_content(options)
    assert key in {e.key for e in kept.value.errors}
    assert [(e.path, e.line, e.col, e.key) for e in kept.value.errors] == \
        [(e.path, e.line, e.col, e.key) for e in fresh.value.errors]
    edited.write_text(before, encoding="utf-8")
    Builder(options).build()
    published = {p.relative_to(options.out).as_posix(): p.read_bytes() for p in options.out.rglob("*")
                 if p.is_file() and p.name != ".akunresmi-output"}
    assert published == render_directory(read_content(options), options)
