#!/usr/bin/env python3
"""A synthetic national tree on the real region list, for the national build's tests and benchmarks.

usage: python bench/gen_national.py N OUTDIR [--regions K] [--seed 42]

Writes OUTDIR/national.yaml and OUTDIR/regions/<code>-<slug>/ (site.yaml + agencies/) for the first K
kabupaten/kota of the official list (default: all 514), about N/K agencies each (bench/gen.py makes
them), plus a folder for the province of every regency built (so complaints can route across levels).
Every fifth regency's Humas is dormant, so its complaints go on to the province's Humas. No X handle is
used in two regions (a national build refuses it). Same arguments, same bytes. Not real data: every file says so.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gen  # noqa: E402
from akunresmi.regions import Province, region_list  # noqa: E402

BASE_URL = "https://example.github.io/akun-resmi/"


def site_yaml(name: str, code: str, slug: str) -> str:
    return "\n".join([
        "# Data uji buatan bench/gen_national.py; bukan data sungguhan.",
        f"title: {gen.quoted('Akun Resmi ' + name)}",
        f"region: {gen.quoted(name)}",
        f"code: {gen.quoted(code)}",
        "language: id",
        f"base_url: {gen.quoted(BASE_URL + slug + '/')}",
        "fallback: humas",
        "description: " + gen.quoted(f"Data uji: instansi buatan {name}, bukan data sungguhan."),
    ]) + "\n"


def write_region(folder: Path, name: str, code: str, slug: str, n: int, seed: int, humas_dormant: bool,
                 handles: set[str]) -> int:
    agencies = gen.Gen(max(n, 1), seed, handles).generate()
    folder.mkdir(parents=True)
    (folder / "agencies").mkdir()
    (folder / "site.yaml").write_text(site_yaml(name, code, slug), encoding="utf-8")
    for a in agencies:
        if a["slug"] == "humas":
            a["name"] = f"Bagian Hubungan Masyarakat {name}"
            a["active"] = not humas_dormant
            a["twitter"] = "Humas" + code.replace(".", "")
        text = gen.agency_yaml(a, seed).replace("Kabupaten Blora", name)
        (folder / "agencies" / f"{a['slug']}.yaml").write_text(text, encoding="utf-8")
    return len(agencies)


def write(n: int, outdir: Path, regions_wanted: int, seed: int) -> int:
    regions = region_list()
    regencies = list(regions.regencies.values())[:regions_wanted]
    provinces = sorted({r.province_code for r in regencies})
    per_region = max(2, round(n / (len(regencies) + len(provinces))))
    shutil.rmtree(outdir / "regions", ignore_errors=True)
    lines = ["# Data uji buatan bench/gen_national.py; bukan data sungguhan.",
             "title: Akun Resmi Indonesia (data uji)", "language: id", f"base_url: {gen.quoted(BASE_URL)}",
             "national_channels:", "  - name: LAPOR!", "    url: \"https://www.lapor.go.id\"", "regions:"]
    total = 0
    handles: set[str] = set()  # one account, one agency, in the whole nation
    entries: list[tuple[str, Province | object, str]] = [(c, regions.provinces[c], f"Provinsi {regions.provinces[c].name}")
                                                         for c in provinces]
    entries += [(r.code, r, r.name) for r in regencies]
    for i, (code, region, name) in enumerate(entries):
        rel = f"regions/{code}-{region.slug}"
        dormant = not isinstance(region, Province) and i % 5 == 0
        total += write_region(outdir / rel, name, code, region.slug, per_region, seed + i, dormant, handles)
        lines.append(f'  "{code}": {rel}')
    (outdir / "national.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="agencies in all (about)")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--regions", type=int, default=514, help="kabupaten/kota with data (default: all 514)")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    print(write(a.n, a.outdir, a.regions, a.seed), "agencies")


if __name__ == "__main__":
    main()
