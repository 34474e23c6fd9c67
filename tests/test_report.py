"""`python build.py report`: the accounts Humas must chase, as text and CSV, through the real CLI."""

from __future__ import annotations

import csv
import io

from conftest import run_cli
from akunresmi.commands.report import CSV_COLUMNS

SILENT = """\
    name: Dinas Sunyi
    kind: dinas
    twitter: DinasSunyi
    active: true
    status_checked: "2026-11-01"
    source: Pemeriksaan Humas
    last_post: "2026-07-01"
    services: [Layanan sunyi]
    """
LIVELY = SILENT.replace("Sunyi", "Ramai").replace("sunyi", "ramai").replace("2026-07-01", "2026-11-20")


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_report_csv_lists_each_reason(content):
    content.agency("dinas-sunyi", SILENT)
    content.agency("dinas-ramai", LIVELY)
    result = run_cli("report", "--format", "csv", "--content", str(content.root))
    assert result.returncode == 0, result.stderr
    rows = _csv_rows(result.stdout)
    assert tuple(result.stdout.splitlines()[0].split(",")) == CSV_COLUMNS
    pairs = {(r["section"], r["slug"]) for r in rows}
    # bkd: dormant and checked in 2016 (stale); dinkes: no account; bupati: a leader, never "missing".
    assert ("dormant", "bkd") in pairs and ("stale", "bkd") in pairs
    assert ("missing", "dinkes") in pairs
    assert ("silent", "dinas-sunyi") in pairs  # active, last post 150 days before the build date
    assert not any(slug in ("dinas-ramai", "humas", "dindukcapil", "bupati") for _, slug in pairs)
    bkd = next(r for r in rows if r["slug"] == "bkd")
    assert bkd["file"].endswith("agencies/bkd.yaml") and bkd["status_checked"] == "2016-03-10"


def test_report_judges_against_source_date_epoch(content):
    content.agency("dinas-ramai", LIVELY)
    later = str(1795824000 + 200 * 86400)  # 200 days after 2026-11-28: everything is stale and silent
    rows = _csv_rows(run_cli("report", "--format", "csv", "--content", str(content.root),
                             env={"SOURCE_DATE_EPOCH": later}).stdout)
    assert ("silent", "dinas-ramai") in {(r["section"], r["slug"]) for r in rows}
    assert ("stale", "humas") in {(r["section"], r["slug"]) for r in rows}


def test_report_text_is_indonesian_by_default_and_english_on_request(content):
    result = run_cli("report", "--content", str(content.root))
    assert result.returncode == 0
    assert "Akun tidak aktif (mati suri) (1)" in result.stdout
    assert "Badan Kepegawaian Daerah (@BKDUji)" in result.stdout
    english = run_cli("report", "--lang", "en", "--content", str(content.root))
    assert "Dormant accounts (1)" in english.stdout


def test_report_on_broken_content_is_a_located_error(content):
    content.agency("bkd", "name: BKD\nkind: badan\nactive: ya\nservices: [x]\n")
    result = run_cli("report", "--content", str(content.root))
    assert result.returncode == 1
    assert "bkd.yaml:3:9: error:" in result.stderr
    assert "Traceback" not in result.stderr
