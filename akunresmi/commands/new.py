"""`build.py new <slug>`: a commented agency file whose explanations come from the schema itself."""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

from ..i18n import Catalogue
from ..content.validate import load_schema, slug_pattern
from .exitcodes import EXIT_OK, EXIT_USAGE

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../akunresmi/schema/agency.schema.json"
EXAMPLE_SERVICE = {"name": "Nama layanan", "description": "Penjelasan singkat layanan.",
                   "keywords": ["kata yang diketik warga", "contoh keluhan"]}


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 96)]


def _scalar(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def agency_template(slug: str, name: str | None, handle: str | None) -> str:
    """A new agency file: required fields filled, the rest commented out, each explained."""
    schema = load_schema("agency")
    props = schema["properties"]
    lines = [SCHEMA_COMMENT, f"# {slug}.yaml: {schema['description']}", ""]
    values = {"name": name or "Nama lengkap instansi", "kind": "dinas"}
    if handle:
        values.update({"twitter": handle.lstrip("@"), "active": False, "status_checked": "YYYY-MM-DD",
                       "source": "Pemeriksaan Humas"})
    for key, spec in props.items():
        lines += _comment(spec.get("description", ""))
        if key == "services":
            lines.append("services:")
            lines += [f"  - name: {_scalar(EXAMPLE_SERVICE['name'])}",
                      f"    description: {_scalar(EXAMPLE_SERVICE['description'])}",
                      f"    keywords: {_scalar(EXAMPLE_SERVICE['keywords'])}"]
        elif key == "channels":
            lines.append("# channels:")
            for channel, cspec in spec["properties"].items():
                lines += _comment(cspec.get("description", ""), "#   ")
                lines.append(f"#   {channel}: ")
        elif key == "description":
            lines += ["description: |", "  Tulis keterangan instansi di sini (boleh Markdown)."]
        elif key in values:
            lines.append(f"{key}: {_scalar(values[key])}")
        else:
            lines.append(f"# {key}: ")
        lines.append("")
    return "\n".join(lines)


def write_new_agency(args: argparse.Namespace, cat: Catalogue) -> int:
    if not slug_pattern().fullmatch(args.slug):
        print(f"build.py: error: {cat.error('usage_bad_slug', slug=args.slug)}", file=sys.stderr)
        return EXIT_USAGE
    handle_pattern = load_schema("agency")["properties"]["twitter"]["pattern"]
    if args.twitter is not None and not (args.twitter and re.fullmatch(handle_pattern, args.twitter)):
        print(f"build.py: error: {cat.error('usage_bad_handle', handle=args.twitter)}", file=sys.stderr)
        return EXIT_USAGE
    path = Path(args.content) / "agencies" / f"{args.slug}.yaml"
    if path.exists():
        print(f"build.py: error: {cat.error('exists', path=path)}", file=sys.stderr)
        return EXIT_USAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(agency_template(args.slug, args.name, args.twitter), encoding="utf-8")
    print(cat.error("created", path=path))
    return EXIT_OK
