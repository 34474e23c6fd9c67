"""`build.py new-region <code>`: a region folder under regions/, shaped like content/, with a commented
site.yaml, a Humas entry to fill in, and its line in national.yaml."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..content.errors import ContentError, ContentErrors
from ..content.load import Document, parse_document, read_text, relative_name
from ..i18n import Catalogue
from ..regions import region_list
from .exitcodes import EXIT_OK, EXIT_USAGE
from .new import agency_template

SITE_TEMPLATE = """\
# yaml-language-server: $schema=../../akunresmi/schema/site.schema.json
# Pengaturan {name} dalam direktori Akun Resmi. Folder ini bentuknya sama dengan content/: bisa
# diterbitkan sebagai situs sendiri (python build.py build --content {folder}) atau menjadi satu daerah
# direktori nasional (national.yaml). Kode dan nama harus sama dengan daftar resmi Kemendagri.
title: "Akun Resmi {name}"
region: "{name}"
code: "{code}"
language: id
# Alamat situsnya bila diterbitkan sendiri; di direktori nasional alamatnya diatur national.yaml.
base_url: "https://contoh.github.io/akun-resmi-{slug}/"
# Akun cadangan: keluhan untuk instansi yang belum punya akun aktif diarahkan ke sini (nama berkas di agencies/).
fallback: humas
# description: "Direktori akun X resmi instansi {name}."
"""


def region_folder_name(code: str, slug: str) -> str:
    return f"{code}-{slug}"


def write_new_region(args: argparse.Namespace, cat: Catalogue) -> int:
    region = region_list().get(args.code)
    if region is None:
        return _usage(cat.error("unknown_region_code", code=args.code) + ". " + cat.error("hint_unknown_region_code"))
    national: Path = args.national
    if not national.is_file():
        return _usage(cat.error("usage_missing_file", path=national))
    text, doc = _read_national(national)  # ContentErrors (exit 1): located as check --national locates them
    listed = doc.data.get("regions") or {}
    if args.code in listed:
        return _usage(cat.error("usage_region_listed", code=args.code, folder=listed[args.code], path=national))
    name = region.display_name
    rel = f"regions/{region_folder_name(region.code, region.slug)}"
    folder = national.parent / rel
    line = region_line(region.code, rel)
    if folder.exists():  # a folder whose line was taken out of national.yaml: the line to put back
        return _usage(cat.error("usage_region_folder_exists", path=folder, national=national, line=line.strip()))
    updated = with_region_line(text, region.code, rel)
    if not _adds_only(doc, updated, region.code, rel):  # regions written in a form this cannot extend
        return _usage(cat.error("usage_region_line_by_hand", national=national, line=line.strip()))
    (folder / "agencies").mkdir(parents=True)
    (folder / "site.yaml").write_text(SITE_TEMPLATE.format(name=name, code=region.code, slug=region.slug,
                                                           folder=rel), encoding="utf-8")
    humas = agency_template("humas", f"Humas {name}", None, f"{rel}/agencies/").replace('kind: "dinas"', 'kind: "humas"')
    (folder / "agencies" / "humas.yaml").write_text(humas, encoding="utf-8")
    national.write_text(updated, encoding="utf-8")
    print(cat.error("created_region", path=rel if national.parent == Path(".") else folder, national=national))
    return EXIT_OK


def _read_national(path: Path) -> tuple[str, Document]:
    """national.yaml's text and data; its syntax mistakes, an empty file, a file or a `regions` that is
    not a mapping raise the errors `check --national` reports for them, at the same place."""
    rel = relative_name(path, Path.cwd())
    text = read_text(path, rel, path.parent)
    doc = parse_document(text, rel)
    if not isinstance(doc.data, dict):
        line, col = doc.mark(())
        raise ContentErrors([ContentError(rel, line, col, "not_a_mapping", {}, hint_key="hint_not_a_mapping")])
    if not isinstance(doc.data.get("regions") or {}, dict):
        from ..content.validate import schema_errors  # noqa: PLC0415 - jsonschema is slow to import

        raise ContentErrors(schema_errors(doc, "national"))
    return text, doc


def _adds_only(before: Document, text: str, code: str, rel: str) -> bool:
    """Whether `text` reads as national.yaml did, plus the region's line in `regions`."""
    try:
        after = parse_document(text, before.rel).data
    except ContentErrors:
        return False
    expected = {**before.data, "regions": {**(before.data.get("regions") or {}), code: rel}}
    return after == expected


def region_line(code: str, rel: str) -> str:
    return f'  "{code}": {rel}\n'


def with_region_line(text: str, code: str, rel: str) -> str:
    """national.yaml with `"<code>": <folder>` added at the end of its regions mapping, comments kept
    (an empty `regions: {}` or `regions: ~` becomes the block the line goes into)."""
    lines = text.splitlines(keepends=True)
    key = re.compile(r"regions:[ \t]*(?:\{[ \t]*\}|~|null)?[ \t]*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if key.match(line)), None)
    entry = region_line(code, rel)
    if start is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + "regions:\n" + entry
    comment = key.match(lines[start]).group(1)
    lines[start] = "regions:" + (f"  {comment}" if comment else "") + "\n"
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # after the last entry, before any blank lines
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + [entry] + lines[end:])


def _usage(message: str) -> int:
    print(f"build.py: error: {message}", file=sys.stderr)
    return EXIT_USAGE
