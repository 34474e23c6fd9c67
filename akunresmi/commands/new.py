"""`build.py new <slug>`: a commented agency file whose explanations come from the schema itself."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import textwrap
from pathlib import Path

from ..i18n import Catalogue
from ..content.examples import normalise_handle
from ..content.validate import load_schema, slug_pattern
from .exitcodes import EXIT_OK, EXIT_USAGE

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../akunresmi/schema/agency.schema.json"
# Text between < and > is an error until replaced (validate.placeholder_errors), so a template
# filled in halfway never publishes "Nama layanan"; optional examples stay commented out.
PLACEHOLDER_NAME = "<Nama lengkap instansi>"
PLACEHOLDER_SERVICE = "<Nama layanan, mis. KTP elektronik>"
PLACEHOLDER_DATE = "<tanggal diperiksa, mis. 2026-11-20>"
# The optional fields' examples are placeholders too: uncommented and left as they were, they are errors,
# not a fire brigade found by "KTP hilang" (found by review: the schema's examples were published so).
PLACEHOLDER_DESCRIPTION = "<Keterangan instansi, boleh Markdown>"
PLACEHOLDER_SERVICE_DESCRIPTION = "<Keterangan singkat layanan ini>"
PLACEHOLDER_KEYWORDS = ["<kata yang dipakai warga untuk masalah ini>", "<kata lain>"]


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 96)]


def _scalar(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def agency_template(slug: str, name: str | None, handle: str | None, folder: str = "content/agencies/") -> str:
    """A new agency file: required fields filled, the rest commented out, each explained. `folder`: the
    agencies folder it goes in, as its first comment names it (a region's own, not content/'s)."""
    schema = load_schema("agency")
    props = schema["properties"]
    about = schema["description"].replace("content/agencies/", folder)
    lines = [SCHEMA_COMMENT, f"# {slug}.yaml: {about}", ""]
    # The kind its name begins with (kecamatan-jati, rsud-cepu), else the most common one.
    first = slug.split("-", 1)[0]
    values = {"name": name or PLACEHOLDER_NAME, "kind": first if first in props["kind"]["enum"] else "dinas"}
    if handle:
        values.update({"twitter": normalise_handle(handle), "active": False, "status_checked": PLACEHOLDER_DATE,
                       "source": "Pemeriksaan Humas"})
    for key, spec in props.items():
        lines += _comment(spec.get("description", ""))
        if key == "services":
            lines.append("services:")
            lines += [f"  - name: {_scalar(PLACEHOLDER_SERVICE)}",
                      f"    # description: {_scalar(PLACEHOLDER_SERVICE_DESCRIPTION)}",
                      f"    # keywords: {_scalar(PLACEHOLDER_KEYWORDS)}"]
        elif key == "channels":
            lines.append("# channels:")
            for channel, cspec in spec["properties"].items():
                lines += _comment(cspec.get("description", ""), "#   ")
                lines.append(f"#   {channel}: ")
        elif key == "description":
            lines += ["# description: |", f"#   {PLACEHOLDER_DESCRIPTION}"]
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
    handle_pattern = load_schema("agency")["properties"]["twitter"]["pattern"]  # a profile address too
    if args.twitter is not None and not (args.twitter and re.fullmatch(handle_pattern, args.twitter)):
        print(f"build.py: error: {cat.error('usage_bad_handle', handle=args.twitter)}", file=sys.stderr)
        return EXIT_USAGE
    content = Path(args.content)
    if not (content / "site.yaml").is_file():  # a misspelt folder, or `new` run inside a region's folder
        print(f"build.py: error: {cat.error('usage_no_site_file', path=content)}", file=sys.stderr)
        print(f"  {cat.error('label_hint')}: {content_hint(content, cat)}", file=sys.stderr)
        return EXIT_USAGE
    path = content / "agencies" / f"{args.slug}.yaml"
    if path.exists():
        print(f"build.py: error: {cat.error('exists', path=path)}", file=sys.stderr)
        return EXIT_USAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = path.parent.as_posix() + "/"
    path.write_text(agency_template(args.slug, args.name, args.twitter, folder), encoding="utf-8")
    # The check that reads this folder: content/ (published alone too, pages.yml) as before; a region
    # folder of national.yaml as the national directory (alone, a dormant Humas at the end of its chain
    # is an error, which the national build hands on to the province and LAPOR!); another, by name.
    if content == Path("content"):
        options = ""
    elif listed_in_national(content, Path("national.yaml")):
        options = " --national national.yaml"
    else:
        options = f" --content {args.content}"
    print(cat.error("created", path=path, options=options))
    return EXIT_OK


def content_hint(content: Path, cat: Catalogue) -> str:
    """What to write instead of a --content folder without site.yaml: the content folder whose name is
    close (a typo), else the region folder the command was run inside, else how to find or make one."""
    if content.name in ("agencies", "pages") and (content.parent / "site.yaml").is_file():  # one folder too deep
        return cat.error("usage_no_site_file_guess", guess=content.parent.as_posix())
    candidates = {}
    for parent in {content.parent, Path("regions")}:
        try:
            children = [c for c in parent.iterdir() if (c / "site.yaml").is_file()]
        except OSError:
            continue
        candidates.update({c.as_posix(): c for c in children})
    if Path("content/site.yaml").is_file():
        candidates["content"] = Path("content")
    typed = content.as_posix()
    guess = difflib.get_close_matches(typed, sorted(candidates), n=1, cutoff=0.6)
    guess += sorted(c for c in candidates if c.startswith(typed.rstrip("/") + "-"))  # only the code typed
    if guess:
        return cat.error("usage_no_site_file_guess", guess=guess[0])
    here = Path.cwd()
    inside = next((p for p in (here, *here.parents) if (p / "site.yaml").is_file()), None)
    if inside is not None:
        region = f"regions/{inside.name}" if inside.parent.name == "regions" else inside.name
        return cat.error("usage_no_site_file_inside", region=region,
                         folder=os.path.relpath(inside, here).replace(os.sep, "/"))
    return cat.error("usage_no_site_file_other")


def listed_in_national(content: Path, national: Path) -> bool:
    """Whether national.yaml (in this folder) names `content` as a region's folder."""
    import yaml  # noqa: PLC0415

    try:
        data = yaml.safe_load(national.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False  # no national directory here, or one `check --national` will report
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, dict):
        return False
    return any(isinstance(folder, str) and (national.parent / folder).resolve() == content.resolve()
               for folder in regions.values())
