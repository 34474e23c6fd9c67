"""Indonesia's official provinces and kabupaten/kota (Kemendagri codes), vendored from idn-area-data."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
SOURCE = "idn-area-data"
VERSION = "4.0.1"
LICENSE = "ODbL-1.0"
ATTRIBUTION = f"Data wilayah: {SOURCE} {VERSION} (Fityan Nugroho), berdasarkan Kepmendagri 2025, lisensi ODbL 1.0."


@dataclass(frozen=True)
class Province:
    code: str  # two digits, e.g. "33"
    name: str

    @property
    def display_name(self) -> str:
        """As pages and messages name it: "Provinsi Jawa Tengah"."""
        return f"Provinsi {self.name}"

    @property
    def slug(self) -> str:
        """Its folder in a national site's URLs: "provinsi-jawa-tengah"."""
        return slugify(self.display_name)


@dataclass(frozen=True)
class Regency:
    """A kabupaten or kota: `code` is "PP.RR", its province's code followed by its own."""

    code: str
    province_code: str
    name: str

    @property
    def display_name(self) -> str:
        """As pages and messages name it: "Kabupaten Blora"."""
        return self.name

    @property
    def slug(self) -> str:
        """Its folder in a national site's URLs: "kabupaten-blora"."""
        return slugify(self.name)


@dataclass(frozen=True)
class RegionList:
    provinces: dict[str, Province]
    regencies: dict[str, Regency]

    def province_of(self, regency_code: str) -> Province:
        return self.provinces[self.regencies[regency_code].province_code]

    def get(self, code: str) -> Province | Regency | None:
        """The province ("33") or kabupaten/kota ("33.16") with this code."""
        return self.regencies.get(code) or self.provinces.get(code)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def region_list() -> RegionList:
    """Every province and kabupaten/kota, keyed by code, in the files' (code) order."""
    provinces = {r["code"]: Province(r["code"], r["name"]) for r in _rows("provinces.csv")}
    regencies = {r["code"]: Regency(r["code"], r["province_code"], r["name"]) for r in _rows("regencies.csv")}
    return RegionList(provinces, regencies)
