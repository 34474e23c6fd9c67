"""The dev server's incremental rebuilds: after every kind of edit, what the SiteBuilder produces from
its caches is byte for byte what a fresh, plain build produces, and unchanged files are not re-parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from akunresmi.build.incremental import SiteBuilder
from akunresmi.build.pipeline import BuildOptions, read_content, render_directory
from conftest import Content


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS = [
    ("a description", lambda c: _edit(c.root / "agencies" / "dindukcapil.yaml", "dokumen kependudukan", "dokumen")),
    ("a name", lambda c: _edit(c.root / "agencies" / "dinkes.yaml", "Dinas Kesehatan", "Dinas Kesehatan Daerah")),
    ("a keyword", lambda c: _edit(c.root / "agencies" / "dinkes.yaml", "[puskesmas]", "[puskesmas, posyandu]")),
    ("a status", lambda c: _edit(c.root / "agencies" / "bkd.yaml", "active: false", "active: true")),
    ("a new agency", lambda c: c.agency("dinsos", "name: Dinas Sosial\nkind: dinas\nservices: [Bansos]\n")),
    ("a deleted agency", lambda c: c.remove("dinsos")),
    ("the site title", lambda c: _edit(c.root / "site.yaml", "Akun Resmi Uji", "Akun Resmi Percobaan")),
    ("a content page", lambda c: c.raw("pages/tentang.md", "# Tentang\n\nDirektori uji.\n")),
    ("a synonym", lambda c: c.raw("synonyms.yaml", "groups:\n  - [puskesmas, pkm]\n")),
]


def test_every_edit_gives_the_bytes_of_a_fresh_build(content: Content, tmp_path: Path):
    options = BuildOptions(content.root, tmp_path / "out")
    builder = SiteBuilder(options)
    builder.render(builder.read())
    for what, edit in EDITS:
        edit(content)
        incremental = builder.render(builder.read())
        fresh = render_directory(read_content(options), options)
        assert set(incremental) == set(fresh), what
        different = [path for path in fresh if incremental[path] != fresh[path]]
        assert different == [], what


def test_only_the_edited_file_is_parsed_again(content: Content, tmp_path: Path):
    builder = SiteBuilder(BuildOptions(content.root, tmp_path / "out"))
    builder.render(builder.read())
    assert builder.parsed == len(list((content.root / "agencies").glob("*.yaml")))
    builder.render(builder.read())
    assert builder.parsed == 0
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
def test_a_rebuild_renders_exactly_the_edited_agency_page(content: Content, tmp_path: Path, what, edit):
    builder = SiteBuilder(BuildOptions(content.root, tmp_path / "out"))
    first = builder.render(builder.read())
    edit(content)
    second = builder.render(builder.read())
    changed_agency_pages = {p.split("/")[1] for p in second if p.startswith("akun/") and p.endswith("/index.html")
                            and "/poster/" not in p and first.get(p) != second[p]}
    assert changed_agency_pages == CHANGED_AGENCY_PAGES[what]
