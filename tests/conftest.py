"""Shared fixtures: small content trees written into a temporary folder, and ways to build them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 28)

SITE = """\
title: Akun Resmi Uji
region: Kabupaten Uji
language: id
base_url: "https://contoh.github.io/akun-resmi/"
fallback: humas
national_channels:
  - name: LAPOR!
    url: "https://www.lapor.go.id"
"""

AGENCIES = {
    "humas": """\
        name: Bagian Humas
        kind: humas
        twitter: HumasUji
        active: true
        status_checked: "2026-10-01"
        source: Pemeriksaan Humas
        services:
          - name: Pengaduan umum
            keywords: [aduan, keluhan warga]
        """,
    "dindukcapil": """\
        name: Dinas Kependudukan dan Pencatatan Sipil
        short_name: Dindukcapil
        kind: dinas
        twitter: "@dukcapil_uji"
        active: true
        status_checked: "2026-10-01"
        source: Pemeriksaan Humas
        services:
          - name: KTP elektronik
            description: Perekaman dan pencetakan KTP-el.
            keywords: [KTP hilang, e-KTP, KK]
          - Akta kelahiran
        description: |
          Mengurus **dokumen kependudukan**.
        """,
    "bkd": """\
        name: Badan Kepegawaian Daerah
        kind: badan
        twitter: BKDUji
        active: false
        status_checked: "2016-03-10"
        source: Berita
        services:
          - name: Kepegawaian ASN
            keywords: [PNS, ASN]
        """,
    "dinkes": """\
        name: Dinas Kesehatan
        kind: dinas
        services:
          - name: Pelayanan puskesmas
            keywords: [puskesmas]
        """,
    "bupati": """\
        name: Bupati Uji
        kind: pimpinan
        twitter: BupatiUji
        active: true
        status_checked: "2026-10-01"
        source: Berita
        services:
          - Pimpinan daerah
        """,
}


@dataclass
class Content:
    """A content folder under construction in a test."""

    root: Path

    def agency(self, slug: str, text: str) -> Path:
        path = self.root / "agencies" / f"{slug}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def raw(self, relative: str, data: bytes | str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def remove(self, slug: str) -> None:
        (self.root / "agencies" / f"{slug}.yaml").unlink()


@pytest.fixture
def content(tmp_path: Path) -> Content:
    root = tmp_path / "content"
    (root / "agencies").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE, encoding="utf-8")
    c = Content(root)
    for slug, text in AGENCIES.items():
        c.agency(slug, text)
    return c


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in tests see the same 'today', so staleness and future-date checks are stable."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")  # 2026-11-28


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1795824000", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)
