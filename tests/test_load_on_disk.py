"""A valid file as a build remembers it between builds (load.DocumentOnDisk), in this process so the
mutation tester sees it (issue 14).

A build keeps of a parsed file only its name and where it is; a mistake between two files (a fallback
naming no agency, in a file an earlier build parsed) is then placed by parsing the file again, and must
stand where a fresh read puts it. A file changed since and now broken places nothing: the next build
reports the file itself. tests/test_cache.py checks the same through whole builds of the bundled site
(outside mutmut's selection)."""

from __future__ import annotations

import os
from pathlib import Path

from akunresmi.content.load import DocumentOnDisk, load_document

REL = "agencies/dinkes.yaml"
TEXT = "name: Dinas Kesehatan\nfallback: bupatii\nservices:\n  - name: KTP\n"


def remembered(tmp_path: Path, text: str) -> tuple[Path, Path, DocumentOnDisk]:
    root = tmp_path / "content"
    path = root / REL
    path.parent.mkdir(parents=True)
    path.write_text(text, "utf-8")
    return root, path, DocumentOnDisk(REL, os.fspath(path), os.fspath(root))


def test_a_remembered_file_gives_the_data_and_positions_of_a_fresh_read(tmp_path):
    root, path, kept = remembered(tmp_path, TEXT)
    fresh = load_document(path, REL, root)
    assert kept.rel == REL
    assert kept.data == fresh.data == {"name": "Dinas Kesehatan", "fallback": "bupatii", "services": [{"name": "KTP"}]}
    assert kept.mark(("fallback",)) == (2, 11) and kept.mark(("fallback",), key=True) == (2, 1)
    assert kept.mark(("services", 0, "name")) == (4, 11)
    assert kept.value_marks == fresh.value_marks and kept.key_marks == fresh.key_marks


def test_a_remembered_file_read_again_as_it_is_now(tmp_path):
    root, path, kept = remembered(tmp_path, TEXT)
    path.write_text("# diubah\n" + TEXT, "utf-8")
    assert kept.mark(("fallback",)) == (3, 11)


def test_a_remembered_file_broken_or_gone_since_places_nothing(tmp_path):
    root, path, kept = remembered(tmp_path, TEXT)
    path.write_text("name: [\n", "utf-8")
    assert kept.data == {} and kept.value_marks == {} and kept.key_marks == {}
    assert kept.mark(("fallback",)) == (1, 1)
    path.unlink()
    assert kept.data == {} and kept.mark(("fallback",), key=True) == (1, 1)
