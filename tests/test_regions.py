"""The vendored region list: the counts of the 2025 decree, unique well-formed codes, Blora where it belongs."""

import csv
import re

from akunresmi.regions import DATA_DIR, VERSION, region_list


def _codes(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def test_counts_match_the_decree():
    regions = region_list()
    assert len(regions.provinces) == 38
    assert len(regions.regencies) == 514
    kota = [r for r in regions.regencies.values() if r.name.startswith("Kota ")]
    kabupaten = [r for r in regions.regencies.values() if r.name.startswith("Kabupaten ")]
    assert (len(kabupaten), len(kota)) == (416, 98)


def test_codes_are_unique_and_well_formed():
    for name, pattern in (("provinces.csv", r"[1-9][0-9]"), ("regencies.csv", r"[1-9][0-9]\.[0-9]{2}")):
        codes = _codes(name)
        assert len(codes) == len(set(codes)), f"{name} repeats a code"
        assert all(re.fullmatch(pattern, c) for c in codes), name


def test_every_regency_belongs_to_a_listed_province_by_its_code():
    regions = region_list()
    for regency in regions.regencies.values():
        assert regency.code.split(".")[0] == regency.province_code
        assert regency.province_code in regions.provinces


def test_blora_is_33_16_in_central_java():
    regions = region_list()
    assert regions.regencies["33.16"].name == "Kabupaten Blora"
    assert regions.province_of("33.16").name == "Jawa Tengah"


def test_the_version_and_licence_are_recorded_beside_the_data():
    source = (DATA_DIR / "SOURCE.md").read_text(encoding="utf-8")
    assert f"idn-area-data {VERSION}" in source and "ODbL" in source
    assert "Open Database License" in (DATA_DIR / "LICENSE.md").read_text(encoding="utf-8")
