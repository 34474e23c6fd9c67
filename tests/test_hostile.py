"""Hostile content cannot inject: every text field is fuzzed with markup, template syntax and script URLs.

Each built page is parsed with html.parser and compared with a build of the same content whose texts
are harmless: the pages must have exactly the same elements (nothing came from the content), no
script other than our own files and the JSON-LD data block, no event-handler attribute and no
javascript:/data: URL. Exports must stay well-formed. Builds run in-process for speed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from akunresmi.content import reader
from akunresmi.build.pipeline import BuildOptions, read_content, render_directory
from akunresmi.site.render import ALLOWED_TAGS
from conftest import AGENCIES, SITE, TODAY, serve_directory

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "srcset"}
BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
JINJA_PROBE, JINJA_RESULT = "{{ 7*191 }}", "1337"

PAYLOADS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>", "</script><script>alert(1)</script>", JINJA_PROBE,
    "{% for x in range(9) %}X{% endfor %}", "{# komentar #}", "${7*7}", "javascript:alert(1)",
    "data:text/html,<b>x</b>", "\u202egnp.exe", "\u202d\u2066x\u2069", "&lt;b&gt;", "&amp;", "<!--", "-->",
    "]]>", "<![CDATA[x]]>", "<iframe src=//evil.example>", "<a href=javascript:alert(1)>x</a>",
    "<style>*{}</style>", "<base href=//evil.example/>", "<meta http-equiv=refresh content=0;url=//evil>",
    "\\u003cscript\\u003e", "@HumasUji", "'", '"', "`", "\\", "\u00a0", "Ω≈ç√∫", "😀", "كاتب",
]
FILLER = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,:;!?()-_/", max_size=12)
LONG_WORD = st.integers(min_value=50, max_value=400).map(lambda n: "W" * n)


@st.composite
def hostile(draw: Any, prefix: str, limit: int) -> str:
    """A prefix that keeps the page's structure (topics stay under one letter), then hostile text."""
    parts = draw(st.lists(st.sampled_from(PAYLOADS) | FILLER | LONG_WORD, min_size=1, max_size=4))
    return (prefix + "".join(parts))[:limit]


FIELDS = {  # where the text goes → (prefix, schema maxLength)
    "name": ("Zeta nama ", 160), "short_name": ("ZS ", 40), "source": ("Sumber ", 300),
    "service_name": ("Zeta layanan ", 120), "service_description": ("Desk ", 500),
    "keyword": ("Zeta kata ", 60), "address": ("Jalan ", 200), "site_title": ("Situs ", 80),
    "site_region": ("Kabupaten ", 80), "site_description": ("Tentang ", 300),
    "national_name": ("LAPOR ", 80), "national_description": ("Kanal ", 300),
}
TEXTS = st.fixed_dictionaries({field: hostile(prefix, limit) for field, (prefix, limit) in FIELDS.items()})
HARMLESS = {field: prefix + "aman" for field, (prefix, _) in FIELDS.items()}


def agency_data(texts: dict[str, str], description: str) -> dict[str, Any]:
    return {
        "name": texts["name"], "short_name": texts["short_name"], "kind": "dinas", "twitter": "ZetaUji",
        "active": True, "status_checked": "2026-10-01", "last_post": "2026-11-01", "source": texts["source"],
        "services": [{"name": texts["service_name"], "description": texts["service_description"],
                      "keywords": [texts["keyword"]]}],
        "channels": {"address": texts["address"], "email": "zeta@blorakab.go.id", "phone": "(0296) 531102",
                     "website": "https://zeta.blorakab.go.id/", "instagram": "zeta.uji"},
        "description": description,
    }


def site_data(texts: dict[str, str]) -> dict[str, Any]:
    site = yaml.safe_load(SITE)
    site.update(title=texts["site_title"], region=texts["site_region"], description=texts["site_description"])
    site["national_channels"] = [{"name": texts["national_name"], "url": "https://www.lapor.go.id",
                                  "description": texts["national_description"]}]
    return site


def build_files(texts: dict[str, str], description: str = "Mengurus **zeta**.") -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        (root / "agencies").mkdir(parents=True)
        dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)  # noqa: E731
        (root / "site.yaml").write_text(dump(site_data(texts)), encoding="utf-8")
        for slug, text in AGENCIES.items():
            (root / "agencies" / f"{slug}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        (root / "agencies" / "zeta.yaml").write_text(dump(agency_data(texts, description)), encoding="utf-8")
        options = BuildOptions(root, Path(tmp) / "output")
        # The check rejects a link to javascript:, data: and the like (test_humas_mistakes.py); here it is
        # let through, so that what is tested is the renderer's own defence, should one ever get past it.
        with mock.patch.object(reader, "description_link_errors", lambda doc, text: []):
            directory = read_content(options, TODAY)
        return render_directory(directory, options)


class PageParser(HTMLParser):
    """Elements, attributes, scripts and text of one page; the Markdown section counted apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.markdown_tags: Counter[str] = Counter()
        self.elements: list[tuple[str, dict[str, str | None], bool]] = []  # (tag, attrs, inside Markdown)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self.in_markdown = self.markdown_next = False
        self.in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self.in_markdown:
            self.markdown_tags[tag] += 1
        else:
            self.tags[tag] += 1
        self.elements.append((tag, attributes, self.in_markdown))
        if tag == "section" and "description" in (attributes.get("class") or "").split():
            self.markdown_next = True  # after the section's own heading
        if tag == "script":
            self.in_script = attributes
            self.scripts.append((attributes, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self.markdown_next:
            self.in_markdown, self.markdown_next = True, False
        if tag == "section":
            self.in_markdown = False
        if tag == "script":
            self.in_script = None

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)


def parse(data: bytes) -> PageParser:
    parser = PageParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


def html_pages(files: dict[str, bytes]) -> dict[str, PageParser]:
    return {path: parse(data) for path, data in files.items() if path.endswith(".html")}


@pytest.fixture(scope="module")
def harmless_pages() -> dict[str, PageParser]:
    return html_pages(build_files(HARMLESS))


def assert_page_is_safe(path: str, page: PageParser) -> None:
    """Checks that hold for every page, whatever the content."""
    csp = [a.get("content") for tag, a, _ in page.elements if tag == "meta"
           and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert csp == [CSP], (path, csp)
    for tag, attrs, _ in page.elements:
        assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
        for name in URL_ATTRIBUTES & set(attrs):
            assert not BAD_SCHEMES.match(attrs[name] or ""), (path, tag, attrs)
        assert not (tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh"), path
        assert tag != "base", path
        if tag == "a" and _is_external(attrs.get("href") or ""):
            assert {"noopener", "noreferrer"} <= set((attrs.get("rel") or "").split()), (path, attrs)
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/ld+json":
            assert "<" not in body, (path, body[:200])  # "</script>" cannot close the block early
            json.loads(body)
        else:
            src = attrs.get("src") or ""
            assert re.fullmatch(r"(\.\./)*static/[a-z]+\.js(\?v=[0-9]+)?", src) and not body.strip(), (path, attrs, body[:200])
    assert JINJA_RESULT not in "".join(page.text), path


def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def assert_exports_well_formed(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if path.endswith(".json"):
            json.loads(data)
        elif path.endswith(".xml"):
            ET.fromstring(data)
        elif path.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
            assert rows and {len(r) for r in rows} == {len(rows[0])}, path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(texts=TEXTS)
def test_hostile_text_fields_stay_text(texts, harmless_pages):
    files = build_files(texts)
    pages = html_pages(files)
    assert set(pages) == set(harmless_pages)
    for path, page in pages.items():
        assert_page_is_safe(path, page)
        assert page.tags == harmless_pages[path].tags, f"{path}: elements differ from the templates' own"
    agency = pages["akun/zeta/index.html"]
    shown = "".join(agency.text)
    for field in ("name", "source", "service_description", "address"):
        assert texts[field].strip() in shown, field  # escaped and shown, not dropped
    assert_exports_well_formed(files)


MARKDOWN_PAYLOADS = [
    "[klik](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](  javascript:alert(1))", "[z](&#106;avascript:alert(1))", "[x](vbscript:msgbox)",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    "<javascript:alert(1)>", "![gambar](https://evil.example/x.png)", "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>", "[ref][x]\n\n[x]: javascript:alert(1)", "<div onclick=alert(1)>x</div>",
    "| a | b |\n|---|---|\n| <b onmouseover=alert(1)>x</b> | y |", "```\n<script>alert(1)</script>\n```",
    "<svg><script>alert(1)</script></svg>", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "[surel](mailto:humas@blorakab.go.id)", "[telepon](tel:+62296531102)", "[situs](https://blorakab.go.id)",
    "<a href='https://x.com' onmouseover='alert(1)'>x</a>", "<!-- komentar -->", JINJA_PROBE,
    "# Judul h1", "> kutipan **tebal** _miring_", "- satu\n- dua", "\u202etxt.exe", "<form action=//evil><input>",
    '<a href="https://blorakab.go.id" target="_blank">x</a>', "<p style=\"background:url(javascript:x)\">p</p>",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(description=st.lists(st.sampled_from(MARKDOWN_PAYLOADS) | FILLER, min_size=1, max_size=6)
       .map(lambda parts: "Mengurus zeta.\n\n" + "\n\n".join(parts)))
def test_hostile_markdown_is_sanitised(description, harmless_pages):
    files = build_files(HARMLESS, description)
    pages = html_pages(files)
    for path, page in pages.items():
        assert_page_is_safe(path, page)
        assert page.tags == harmless_pages[path].tags, f"{path}: elements outside the description differ"
    agency = pages["akun/zeta/index.html"]
    assert set(agency.markdown_tags) <= ALLOWED_TAGS, agency.markdown_tags
    for tag, attrs, in_markdown in agency.elements:
        if not in_markdown:
            continue
        allowed = {"href", "title", "rel"} if tag == "a" else set()
        assert set(attrs) <= allowed, (tag, attrs)
        if tag == "a" and "href" in attrs:
            scheme = urlsplit(attrs["href"] or "").scheme
            assert scheme in ("", "http", "https", "mailto", "tel"), attrs
            assert attrs.get("rel") == "noopener noreferrer", attrs
    assert_exports_well_formed(files)


def test_the_harmless_build_is_a_real_baseline(harmless_pages):
    """The comparison above means something only if the pages have the elements we look for."""
    agency = harmless_pages["akun/zeta/index.html"]
    assert agency.tags["script"] == 2  # ago.js and the JSON-LD block
    assert agency.markdown_tags["strong"] == 1
    assert [a["href"] for tag, a, _ in agency.elements if tag == "a" and a.get("class") == "handle"] == \
        ["https://x.com/ZetaUji"]
    for path, page in harmless_pages.items():
        assert_page_is_safe(path, page)


def test_the_checks_catch_an_injection(harmless_pages):
    """A page with injected markup fails the same assertions (the test can fail)."""
    clean = build_files(HARMLESS)["akun/zeta/index.html"]
    for injected in (b"<img src=x onerror=alert(1)>", b"<script>alert(1)</script>",
                     b'<a href="javascript:alert(1)">x</a>'):
        page = parse(clean.replace(b"</h1>", injected + b"</h1>", 1))
        with pytest.raises(AssertionError):
            assert_page_is_safe("akun/zeta/index.html", page)
            assert page.tags == harmless_pages["akun/zeta/index.html"].tags


def test_search_script_builds_the_page_with_text_only():
    """Search results carry editors' text into the live page: the script must never parse it as HTML."""
    source = (Path(__file__).parent.parent / "static" / "search.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setTimeout(\"", "javascript:"):
        assert sink not in source, sink
    assert "textContent" in source


XSS = '<img src=x onerror="window.__pwned=1;alert(1)">'


@pytest.mark.browser
def test_hostile_text_stays_text_in_a_real_browser(tmp_path, chromium):
    """Chromium runs the site's own script over hostile search results: nothing executes."""
    texts = {**HARMLESS, "name": "Zeta nama " + XSS, "service_name": "Zeta layanan </script>" + XSS,
             "short_name": "ZS {{ 7*191 }}"}
    for path, data in build_files(texts, "Mengurus zeta.\n\n" + XSS + "\n\n[x](javascript:alert(1))").items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    dialogs: list[str] = []
    with serve_directory(tmp_path) as base:
        page = chromium.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base)
        page.fill("#q", "zeta")
        page.wait_for_selector("#hasil li")
        results = page.inner_text("#hasil")
        assert "<img src=x onerror=" in results  # shown as the text it is
        assert page.eval_on_selector_all("#hasil img, #hasil script, #hasil svg", "els => els.length") == 0
        page.goto(base + "akun/zeta/")
        assert "<img src=x onerror=" in page.inner_text("h1")
        assert page.evaluate("window.__pwned") is None
        page.close()
    assert dialogs == []


HOSTILE_QUERIES = [
    '<script>window.__pwned=1</script>zeta',
    '"><img src=x onerror="window.__pwned=1;alert(1)"> zeta',
    '<svg onload="window.__pwned=1">zeta',
    'javascript:window.__pwned=1//zeta',
]


@pytest.mark.browser
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_a_query_from_the_url_is_text_never_markup(tmp_path, chromium, query):
    """A shared link's ?q= is typed into the page by the script: it must stay text everywhere it lands."""
    from urllib.parse import parse_qs, quote

    for path, data in build_files(HARMLESS).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    dialogs: list[str] = []
    with serve_directory(tmp_path) as base:
        page = chromium.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + "?q=" + quote(query, safe=""))
        page.wait_for_selector("#hasil p")
        assert page.input_value("#q") == query
        assert page.eval_on_selector_all("#hasil img, #hasil script, #hasil svg, body script:not([src])",
                                         "els => els.length") == 0
        hrefs = page.eval_on_selector_all("#hasil a", "els => els.map(e => e.getAttribute('href'))")
        assert hrefs and all(h.startswith(("https://", "tel:", "/", "http://127.0.0.1")) or h.startswith("akun/")
                             for h in hrefs), hrefs
        posts = [h for h in hrefs if h.startswith("https://x.com/intent/post")]
        assert posts and all(parse_qs(urlsplit(h).query)["text"][0].endswith(query) for h in posts)
        assert page.evaluate("window.__pwned") is None
        page.close()
    assert dialogs == []
