"""Shared fixtures: small content trees written into a temporary folder, and ways to build them."""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 28)
# Every build in the tests, module-scoped fixtures and subprocesses included, sees the same "today":
# a run that crosses midnight must not build one site on each side of it.
os.environ["SOURCE_DATE_EPOCH"] = "1795824000"  # 2026-11-28

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

    def edit_at_random(self, rng: random.Random, slugs: list[str], text: Callable[[random.Random], str]) -> None:
        """Each of these agencies written anew with `text`, or, one time in five when it exists, deleted."""
        for slug in slugs:
            if (self.root / "agencies" / f"{slug}.yaml").exists() and rng.random() < 0.2:
                self.remove(slug)
            else:
                self.agency(slug, text(rng))


def edit_same_size(path: Path, old: str, new: str) -> None:
    """Edit a file without changing its size or inode: only its modification time tells the change.

    The time is moved two seconds on, so a file system with coarse timestamps cannot hide the edit.
    """
    assert len(old.encode("utf-8")) == len(new.encode("utf-8")), (old, new)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    after = path.stat()
    assert (after.st_size, after.st_ino) == (before.st_size, before.st_ino)


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


# --- real browser and real HTTP -------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium that never phones home: the tests must see only the site's own requests.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# In CI (.ci/run sets this) a missing browser or checker is a failure, never a silent skip.
REQUIRE_TOOLS = os.environ.get("AKUNRESMI_REQUIRE_BROWSER") == "1"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_tool(available: bool, message: str) -> None:
    """Skip a test whose tool is missing, except in CI, where that fails."""
    if available:
        return
    if REQUIRE_TOOLS:
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> None:
    require_tool(CHROMIUM.exists(), f"Chromium ({CHROMIUM}) is missing: scripts/system-deps installs it")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run; each test opens its own context."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def serve_directory(root: Path, prefix: str = "/", *, max_age: int | None = None, asked: list | None = None):
    """Serve a built site read-only over real HTTP on 127.0.0.1, optionally under a sub-path.

    Yields the base URL (ending in /). Requests outside the prefix get 404, as on GitHub Pages.
    `max_age`: the Cache-Control max-age of every answer (GitHub Pages sends 600), so that the browser
    keeps what it fetched; `asked`: gets each request's path and headers.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(root / "\0missing")
            return super().translate_path("/" + path[len(prefix):])

        def end_headers(self) -> None:
            if asked is not None:
                asked.append((self.path, self.headers))
            if max_age is not None:
                self.send_header("Cache-Control", f"max-age={max_age}")
            super().end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
