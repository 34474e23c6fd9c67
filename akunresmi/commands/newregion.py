"""`build.py new-region <code>`: a region folder under regions/, shaped like content/, with a commented
site.yaml, a Humas entry to fill in, and its line in national.yaml."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from ..i18n import Catalogue
from ..regions import Province, region_list
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
    text = national.read_text(encoding="utf-8")
    listed = (yaml.safe_load(text) or {}).get("regions") or {}
    if args.code in listed:
        return _usage(cat.error("usage_region_listed", code=args.code, folder=listed[args.code], path=national))
    name = f"Provinsi {region.name}" if isinstance(region, Province) else region.name
    rel = f"regions/{region_folder_name(region.code, region.slug)}"
    folder = national.parent / rel
    if folder.exists():
        return _usage(cat.error("exists", path=folder))
    (folder / "agencies").mkdir(parents=True)
    (folder / "site.yaml").write_text(SITE_TEMPLATE.format(name=name, code=region.code, slug=region.slug,
                                                           folder=rel), encoding="utf-8")
    humas = agency_template("humas", f"Humas {name}", None).replace('kind: "dinas"', 'kind: "humas"')
    (folder / "agencies" / "humas.yaml").write_text(humas, encoding="utf-8")
    national.write_text(with_region_line(text, region.code, rel), encoding="utf-8")
    print(cat.error("created_region", path=rel if national.parent == Path(".") else folder, national=national))
    return EXIT_OK


def with_region_line(text: str, code: str, rel: str) -> str:
    """national.yaml with `"<code>": <folder>` added at the end of its regions mapping, comments kept."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"regions:\s*(#.*)?$", line)), None)
    entry = f'  "{code}": {rel}\n'
    if start is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + "regions:\n" + entry
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
