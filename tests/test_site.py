"""The bundled Blora content builds, and every internal link of the built site resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from akunresmi.build.pipeline import BuildOptions, build
from conftest import ROOT

BUNDLED = ROOT / "content"


class Refs(HTMLParser):
    """Every URL a page refers to: links, stylesheets, scripts, images, form targets, data-index."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src", "action", "data-index"):
                self.urls.append(value)


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "output"
    build(BuildOptions(BUNDLED, out))
    return out


def resolve(out: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL on `page` names, or None for external and fragment-only URLs."""
    parsed = urlparse(url)
    if parsed.scheme or url.startswith("#") or url.startswith("//"):
        return None
    base = "/" + page.relative_to(out).as_posix()
    path = urlparse(urljoin(base, url)).path
    if url.startswith("/"):  # only 404.html uses base-path links
        path = "/" + path.removeprefix("/akun-resmi/")
    target = out / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def test_bundled_content_has_the_reported_accounts(bundled_site):
    agencies = {p.stem: yaml.safe_load(p.read_text()) for p in (BUNDLED / "agencies").glob("*.yaml")}
    assert len(agencies) >= 40
    reported = {slug: (a.get("twitter"), a.get("active")) for slug, a in agencies.items() if a.get("twitter")}
    assert reported["dindukcapil"] == ("dukcapil_blora", True)
    assert reported["bpbd"] == ("BPBDBlora", True)
    assert reported["humas"] == ("HumasBlora", True)
    assert reported["bkd"] == ("BKDBlora", False)
    assert reported["dppkad"] == ("dppkad_blora", False)
    assert reported["disbudpar"] == ("visitblora", False)
    assert all(len(a["services"]) >= 2 for a in agencies.values())
    assert sum(1 for a in agencies.values() if a["kind"] == "kecamatan") == 16


def test_every_internal_link_resolves(bundled_site):
    pages = sorted(bundled_site.rglob("*.html"))
    assert len(pages) > 60
    broken = []
    checked = 0
    for page in pages:
        refs = Refs()
        refs.feed(page.read_text(encoding="utf-8"))
        for url in refs.urls:
            target = resolve(bundled_site, page, url)
            if target is None:
                continue
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(bundled_site)} → {url}")
    assert not broken, broken
    assert checked > 1000


def test_every_agency_has_a_page_and_a_home_entry(bundled_site):
    home = (bundled_site / "index.html").read_text()
    for path in (BUNDLED / "agencies").glob("*.yaml"):
        assert (bundled_site / "akun" / path.stem / "index.html").is_file()
        assert f'href="akun/{path.stem}/"' in home


def test_build_is_byte_identical_when_repeated(bundled_site, tmp_path):
    again = tmp_path / "again"
    build(BuildOptions(BUNDLED, again))
    first = {p.relative_to(bundled_site): p.read_bytes() for p in bundled_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_published_scripts_shorten_local_names_and_keep_what_pages_and_tests_read():
    """The published search script has its comments, spaces and local names gone (a fifth of it
    gzipped), while the names other code reads stay: the `window` property the tests use, the index's
    fields, the catalogue's keys. The browser tests run the published script; this says it was shortened."""
    import gzip  # noqa: PLC0415
    import re  # noqa: PLC0415

    from akunresmi.site.assets import published_static  # noqa: PLC0415

    source = (ROOT / "static" / "search.js").read_bytes()
    published = published_static(ROOT / "static", "search.js").decode("utf-8")
    assert published.startswith('(function(){"use strict";window.akunResmiText={normalise:')
    assert "function normalise(" in source.decode() and not re.search(r"\bfunction normalise\(", published)
    for name in (".synonyms", ".stopwords", ".search_not_found", ".intent_text_fallback", ".dataset.index"):
        assert name in published, name
    assert "/*" not in published and "\n  " not in published
    assert len(gzip.compress(published.encode(), 9, mtime=0)) < 0.6 * len(gzip.compress(source, 9, mtime=0))
