"""`python build.py report`: the accounts Humas must chase, as text and CSV, through the real CLI."""

from __future__ import annotations

import csv
import io

from conftest import run_cli

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
    assert text.startswith("\ufeff")  # the byte order mark that makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_report_csv_lists_each_reason_in_indonesian(content):
    content.agency("dinas-sunyi", SILENT)
    content.agency("dinas-ramai", LIVELY)
    result = run_cli("report", "--format", "csv", "--content", str(content.root))
    assert result.returncode == 0, result.stderr
    rows = _csv_rows(result.stdout)
    assert list(rows[0]) == ["Bagian laporan", "Instansi", "Akun X", "Status", "Status diperiksa", "Terakhir aktif",
                             "Sumber", "Berkas"]
    pairs = {(r["Bagian laporan"], r["Instansi"]) for r in rows}
    # bkd: dormant and checked in 2016 (stale); dinkes: no account; bupati: a leader, never "missing".
    assert ("Tidak aktif (mati suri)", "Badan Kepegawaian Daerah") in pairs
    assert ("Status perlu diperiksa ulang", "Badan Kepegawaian Daerah") in pairs
    assert ("Belum punya akun X", "Dinas Kesehatan") in pairs
    assert ("Mungkin mati suri", "Dinas Sunyi") in pairs  # active, last post 150 days before the build date
    assert not any(name in ("Dinas Ramai", "Bagian Humas", "Bupati Uji") for _, name in pairs)
    bkd = next(r for r in rows if r["Instansi"] == "Badan Kepegawaian Daerah")
    assert bkd["Berkas"].endswith("agencies/bkd.yaml")
    assert (bkd["Status"], bkd["Status diperiksa"], bkd["Akun X"]) == ("Tidak aktif", "10 Maret 2016", "BKDUji")
    assert "dormant" not in result.stdout and "2016-03-10" not in result.stdout


def test_report_csv_in_english_on_request(content):
    rows = _csv_rows(run_cli("report", "--format", "csv", "--lang", "en", "--content", str(content.root)).stdout)
    bkd = next(r for r in rows if r["Agency"] == "Badan Kepegawaian Daerah" and r["Report section"] == "Dormant")
    assert bkd["Status checked"] == "10 March 2016"


def test_report_csv_keeps_formulas_as_text(content):
    content.agency("dinas-rumus", "name: '=HYPERLINK(\"http://x\")'\nkind: dinas\nservices: [Layanan]\n")
    rows = _csv_rows(run_cli("report", "--format", "csv", "--content", str(content.root)).stdout)
    assert "'=HYPERLINK(\"http://x\")" in {r["Instansi"] for r in rows}


def test_report_judges_against_source_date_epoch(content):
    content.agency("dinas-ramai", LIVELY)
    later = str(1795824000 + 200 * 86400)  # 200 days after 2026-11-28: everything is stale and silent
    rows = _csv_rows(run_cli("report", "--format", "csv", "--content", str(content.root),
                             env={"SOURCE_DATE_EPOCH": later}).stdout)
    pairs = {(r["Bagian laporan"], r["Instansi"]) for r in rows}
    assert ("Mungkin mati suri", "Dinas Ramai") in pairs
    assert ("Status perlu diperiksa ulang", "Bagian Humas") in pairs


def test_report_text_is_indonesian_by_default_and_english_on_request(content):
    result = run_cli("report", "--content", str(content.root))
    assert result.returncode == 0
    assert "Akun tidak aktif (mati suri): 1 instansi" in result.stdout
    assert ") (" not in result.stdout  # no "(mati suri) (1)" double brackets
    assert "per 28 November 2026" in result.stdout
    assert "Badan Kepegawaian Daerah (@BKDUji): status diperiksa 10 Maret 2016" in result.stdout
    english = run_cli("report", "--lang", "en", "--content", str(content.root))
    assert "Dormant accounts: 1 agencies" in english.stdout
    assert "(@BKDUji): status checked 10 March 2016" in english.stdout


def test_report_on_broken_content_is_a_located_error(content):
    content.agency("bkd", "name: BKD\nkind: badan\nactive: ya\nservices: [x]\n")
    result = run_cli("report", "--content", str(content.root))
    assert result.returncode == 1
    assert "bkd.yaml:3:9: error:" in result.stderr
    assert "Traceback" not in result.stderr
