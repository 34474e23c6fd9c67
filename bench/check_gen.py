#!/usr/bin/env python3
"""Quick check of bench/gen.py: determinism, schema validity and the cross-file rules.

usage: python bench/check_gen.py [N] [--seed 42]      (N defaults to 100)

Generates N agencies twice into a temporary folder and compares the trees byte for byte, then
validates every file with jsonschema's Draft202012Validator against akunresmi/schema/*.json and
checks what the schema cannot: unique handles (case-insensitive), fallbacks that name an agency
which takes complaints itself, dates in 2024..2026-06 and not in the future, the status mix.
If the project's own reader (akunresmi.content.reader.read_directory) imports, it must accept the tree.
Needs PyYAML and jsonschema. Exit code 0 = all good.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import jsonschema
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCHEMAS = REPO / "akunresmi" / "schema"


def same_tree(a: Path, b: Path) -> list[str]:
    diffs = []
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        diffs.append("file lists differ")
    for rel in files_a:
        if (b / rel).is_file() and not filecmp.cmp(a / rel, b / rel, shallow=False):
            diffs.append(str(rel))
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=100)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="akunresmi-gen-") as tmp:
        one, two = Path(tmp) / "one", Path(tmp) / "two"
        for out in (one, two):
            subprocess.run([sys.executable, str(HERE / "gen.py"), str(a.n), str(out), "--seed", str(a.seed)],
                           check=True)
        diffs = same_tree(one, two)
        if diffs:
            problems.append(f"not deterministic: {diffs[:5]}")
        other = Path(tmp) / "other"
        subprocess.run([sys.executable, str(HERE / "gen.py"), str(a.n), str(other), "--seed", str(a.seed + 1)],
                       check=True)
        if not same_tree(one, other):
            problems.append("a different seed gave the same tree")

        fc = jsonschema.FormatChecker()
        v_agency = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "agency.schema.json").read_text()),
                                                   format_checker=fc)
        v_site = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "site.schema.json").read_text()),
                                                 format_checker=fc)
        site = yaml.safe_load((one / "site.yaml").read_text(encoding="utf-8"))
        problems += [f"site.yaml: {e.message}" for e in v_site.iter_errors(site)]
        if site.get("fallback") != "humas" or site.get("base_url") != "https://example.github.io/akun-resmi/":
            problems.append("site.yaml: fallback/base_url not as specified")

        docs = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in sorted((one / "agencies").glob("*.yaml"))}
        if len(docs) != a.n:
            problems.append(f"{len(docs)} agency files, expected {a.n}")
        today = date.today()
        handles: dict[str, str] = {}
        status = Counter()
        kinds = Counter()
        for slug, d in docs.items():
            for e in v_agency.iter_errors(d):
                problems.append(f"{slug}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            kinds[d["kind"]] += 1
            h = (d.get("twitter") or "").lstrip("@")
            if h:
                if h.lower() in handles:
                    problems.append(f"{slug}: handle {h} also used by {handles[h.lower()]}")
                handles[h.lower()] = slug
                status["active" if d["active"] else "dormant"] += 1
            else:
                status["no handle"] += 1
            for key in ("status_checked", "last_post"):
                if key in d:
                    if not isinstance(d[key], str):
                        problems.append(f"{slug}: {key} not a quoted string")
                        continue
                    value = date.fromisoformat(d[key])
                    if value > today or not date(2024, 1, 1) <= value <= date(2026, 6, 30):
                        problems.append(f"{slug}: {key} {value} out of range")
            n_services = len(d["services"])
            if slug != "humas" and not 3 <= n_services <= 8:
                problems.append(f"{slug}: {n_services} services")
            for s in d["services"]:
                if isinstance(s, dict) and not 2 <= len(s.get("keywords", [])) <= 6:
                    problems.append(f"{slug}: service {s['name']} has {len(s.get('keywords', []))} keywords")
            paras = [p for p in d["description"].split("\n\n") if p.strip()
                     and not p.lstrip().startswith(("- ", "1. ")) and not p.rstrip().endswith(":")]
            if not 2 <= len(paras) <= 5:
                problems.append(f"{slug}: {len(paras)} description paragraphs")
        if docs.get("humas", {}).get("kind") != "humas" or docs.get("humas", {}).get("active") is not True:
            problems.append("humas: missing, not kind humas or not active")

        def takes(slug: str) -> bool:
            d = docs.get(slug)
            return bool(d and d.get("twitter") and d.get("active") and d["kind"] != "pimpinan")

        fallbacks = 0
        for slug, d in docs.items():
            if "fallback" in d:
                fallbacks += 1
                if d["fallback"] == slug or not takes(d["fallback"]):
                    problems.append(f"{slug}: fallback {d['fallback']} does not take complaints")
        if a.n >= 100:
            share = {k: status[k] / a.n for k in ("active", "dormant", "no handle")}
            if not (0.4 < share["active"] < 0.6 and 0.15 < share["dormant"] < 0.35 and 0.15 < share["no handle"] < 0.35):
                problems.append(f"status mix off: {share}")
            if fallbacks == 0:
                problems.append("no explicit fallback at all")

        try:
            sys.path.insert(0, str(REPO))
            from akunresmi.content.reader import read_directory  # type: ignore
        except Exception as exc:  # the project may not import yet
            project = f"project reader not importable ({type(exc).__name__}); skipped"
        else:
            try:
                directory = read_directory(one, today, cwd=one)
                project = f"project reader accepted {len(directory.agencies)} agencies"
            except Exception as exc:
                errors = getattr(exc, "errors", None)
                project = f"project reader REJECTED: {errors[:3] if errors else exc!r}"
                problems.append(project)

    print(f"N={a.n} seed={a.seed}: statuses {dict(status)}, kinds {dict(kinds.most_common())}, "
          f"explicit fallbacks {fallbacks}")
    print(project)
    for p in problems[:40]:
        print("PROBLEM:", p)
    print("OK: deterministic, schema-valid, cross-file rules hold" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
