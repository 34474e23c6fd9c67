"""Rendering of each page type from a small content tree."""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from akunresmi.build.pipeline import BuildOptions, read_content, render_directory
from akunresmi.site.render import markdown_to_html
from akunresmi.site.search import INDEX_VERSION
from conftest import SITE


class Page(HTMLParser):
    """The links, texts and a few attributes of one HTML page."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, rel)
        self.hrefs: list[str] = []  # each link's href and, in link_texts, its text
        self.link_texts: list[str] = []
        self._in_link = False
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)
        self.plain = " ".join(" ".join(self.text).split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a" and "href" in attrs:
            self.links.append((attrs["href"], attrs.get("rel", "")))
            self.hrefs.append(attrs["href"])
            self.link_texts.append("")
            self._in_link = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_link:
            self.link_texts[-1] += data


@pytest.fixture
def site(content, tmp_path):
    content.raw("pages/tentang.md", "# Tentang\n\nDirektori **resmi**.\n")
    options = BuildOptions(content.root, tmp_path / "out")
    files = render_directory(read_content(options), options)
    return lambda path: Page(files[path].decode("utf-8")), files


def test_the_home_counts_are_written_as_the_language_writes_numbers(content, tmp_path, monkeypatch):
    """20,000 agencies in one region: "12.345 akun aktif", not "12345"."""
    from akunresmi.site import render  # noqa: PLC0415

    monkeypatch.setattr(render, "status_counts",
                        lambda facts: {"active": 12345, "leaders": 0, "dormant": 1000, "missing": 7})
    options = BuildOptions(content.root, tmp_path / "out")
    home = Page(render_directory(read_content(options), options)["index.html"].decode("utf-8"))
    assert "12.345 akun aktif, 1.000 tidak aktif, 7 belum ada akun." in home.plain


def intents(page: Page) -> list[str]:
    """The text of every pre-filled X post on a page."""
    return [parse_qs(urlparse(href).query)["text"][0] for href, _ in page.links
            if href.startswith("https://x.com/intent/post")]


def test_home_lists_every_agency_grouped_by_kind_with_status(site):
    get, _ = site
    home = get("index.html")
    for name in ("Bagian Humas", "Dinas Kependudukan dan Pencatatan Sipil", "Badan Kepegawaian Daerah",
                 "Dinas Kesehatan", "Bupati Uji"):
        assert name in home.plain
    assert "Mau melapor soal apa?" in home.plain
    # The Regent's personal account is active but takes no complaints: not one of the "akun aktif".
    assert "2 akun aktif, 1 akun pribadi pimpinan, 1 tidak aktif, 1 belum ada akun." in home.plain
    hrefs = [h for h, _ in home.links]
    assert "akun/dinkes/" in hrefs and "topik/" in hrefs
    form = next(attrs for tag, attrs in home.tags if tag == "form")
    # the format in both URLs: a page kept from before a deploy pairs no script with another format's index
    assert form["action"] == "topik/" and form["data-index"] == f"search-index.json?v={INDEX_VERSION}"
    assert ("script", {"src": f"static/search.js?v={INDEX_VERSION}", "defer": None}) in home.tags


def test_active_agency_page_has_a_post_button_for_its_own_handle(site):
    get, _ = site
    page = get("akun/dindukcapil/index.html")
    assert ("https://x.com/dukcapil_uji", "noopener noreferrer") in page.links
    assert intents(page) == ["@dukcapil_uji Mohon bantuan, saya ingin melaporkan: "]
    assert "Aktif" in page.plain and "1 Oktober 2026" in page.plain
    assert "KTP elektronik" in page.plain and "KTP hilang, e-KTP, KK" in page.plain
    assert ("strong", {}) in page.tags  # the Markdown description is rendered


def test_dormant_agency_page_shows_the_fallback_prominently(site):
    get, _ = site
    page = get("akun/bkd/index.html")
    assert "Tidak aktif" in page.plain and "mati suri" in page.plain
    assert intents(page) == ["@HumasUji Mohon bantuan, saya ingin melaporkan soal Badan Kepegawaian Daerah: "]
    assert ("../../akun/humas/", "") in page.links
    assert "sudah lama tidak diperiksa" in page.plain  # checked in 2016: stale
    assert ("https://www.lapor.go.id", "noopener noreferrer") in page.links


def test_agency_without_account_routes_to_humas(site):
    get, _ = site
    page = get("akun/dinkes/index.html")
    assert "Belum ada akun" in page.plain and "belum punya akun X" in page.plain
    assert intents(page) == ["@HumasUji Mohon bantuan, saya ingin melaporkan soal Dinas Kesehatan: "]


def test_an_agency_page_shows_the_emergency_numbers_it_answers_and_the_home_shows_all(content, tmp_path):
    content.raw("site.yaml", SITE + """\
emergency:
  - number: "113"
    name: Pemadam kebakaran
    source: "https://contoh.go.id/darurat"
    words: [kebakaran]
    agencies: [humas]
  - number: "119"
    name: Ambulans
    source: "https://contoh.go.id/darurat"
    words: [pingsan]
""")
    options = BuildOptions(content.root, tmp_path / "out")
    files = render_directory(read_content(options), options)
    get = lambda path: Page(files[path].decode("utf-8"))  # noqa: E731
    assert [href for href, _ in get("akun/humas/index.html").links if href.startswith("tel:")] == ["tel:113"]
    assert not [href for href, _ in get("akun/dinkes/index.html").links if href.startswith("tel:")]
    assert [href for href, _ in get("index.html").links if href.startswith("tel:")] == ["tel:113", "tel:119"]


def test_leaders_page_sends_complaints_to_the_institutional_account(site):
    get, _ = site
    page = get("akun/bupati/index.html")
    assert "akun pribadi pimpinan daerah" in page.plain
    assert intents(page) == ["@HumasUji Mohon bantuan, saya ingin melaporkan soal Bupati Uji: "]
    assert ("https://x.com/BupatiUji", "noopener noreferrer") in page.links  # still listed


def test_topic_index_lists_services_and_keywords_but_not_leaders(site):
    get, files = site
    letters = get("topik/index.html")
    assert ("../topik/k/", "") in letters.links and ("../topik/p/", "") in letters.links
    k = get("topik/k/index.html")
    assert "KTP hilang" in k.plain and "KK" in k.plain and "Kepegawaian ASN" in k.plain
    assert ("../../akun/dindukcapil/", "") in k.links
    assert "Pimpinan daerah" not in files["topik/p/index.html"].decode()


def test_status_page_lists_dormant_first_and_oldest_checked_first(site):
    get, _ = site
    status = get("status/index.html")
    text = status.plain
    assert text.index("Akun tidak aktif") < text.index("Badan Kepegawaian Daerah") < text.index("Belum ada akun (1)")
    assert "perlu diperiksa ulang" in text and "180 hari" in text


def test_the_status_page_says_how_many_active_accounts_are_leaders_personal_ones(site):
    """Found by review: the home page said "2 akun aktif, 1 akun pribadi pimpinan", the status page "Akun
    aktif: 3", with no word of why the two differ."""
    get, _ = site
    home, status = get("index.html").plain, get("status/index.html").plain
    assert "2 akun aktif, 1 akun pribadi pimpinan" in home
    assert "Akun aktif : 3 (1 di antaranya akun pribadi pimpinan daerah, yang bukan saluran pengaduan)" in status


def test_the_status_page_links_every_open_data_file_with_its_format(site):
    """Where a journalist looks for the data (the page of every account's state): each open-data file the
    build writes, by a link that leads from the page to that file, its text naming the format."""
    get, files = site
    page = get("status/index.html")
    texts = dict(zip(page.hrefs, page.link_texts))
    found = {posixpath.normpath(posixpath.join("status", href)): texts[href] for href, _ in page.links
             if not urlparse(href).scheme}
    for path, fmt in (("data/agencies.json", "(JSON)"), ("schema/agencies-export.schema.json", "(JSON Schema)"),
                      ("data/agencies.csv", "(CSV"), ("open311/services.json", "Open311 GeoReport v2 (JSON)"),
                      ("open311/services.xml", "Open311 GeoReport v2 (XML)"), ("feed.xml", "(Atom)")):
        assert path in files and fmt in found.get(path, ""), (path, found)
    assert "Data terbuka" in page.plain


def test_content_page_and_404(site):
    get, _ = site
    page = get("tentang/index.html")
    assert "Direktori resmi ." in page.plain or "Direktori resmi." in page.plain
    not_found = get("404.html")
    assert ("/akun-resmi/", "") in not_found.links or any(h == "/akun-resmi/" for h, _ in not_found.links)


def test_search_index_names_each_agencys_route(site):
    _, files = site
    index = json.loads(files["search-index.json"])
    agencies = {row[0]: row for row in index["agencies"]}
    target = {i: row[0] for i, row in enumerate(index["agencies"])}
    assert target[agencies["bkd"][5]] == "humas"
    assert target[agencies["dindukcapil"][5]] == "dindukcapil"
    assert any(doc[0] == "KTP elektronik" and "ktp" in doc[1].split() for docs in index["docs"] for doc in docs)


def test_yaml_text_is_escaped_everywhere(content, tmp_path):
    content.agency("dinas-x", "name: '<script>alert(1)</script> & Co'\nkind: dinas\nservices: ['<b>x</b>']\n"
                   "description: 'Hai <img src=x onerror=alert(1)>'\n")  # a javascript: link: the check's (test_hostile)
    options = BuildOptions(content.root, tmp_path / "out")
    files = render_directory(read_content(options), options)
    html = files["akun/dinas-x/index.html"].decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "onerror" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize("markdown, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x](data:text/html,hi)", "data:"),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ("![x](https://evil.example/t.png)", "<img"),
])
def test_markdown_is_sanitised(markdown, forbidden):
    assert forbidden not in markdown_to_html(markdown)


def test_markdown_links_keep_safe_schemes_and_get_noopener():
    html = markdown_to_html("[a](https://a.example) [b](mailto:x@y.id) [c](tel:+62296)")
    assert html.count('rel="noopener noreferrer"') == 3
    assert 'href="mailto:x@y.id"' in html and 'href="tel:+62296"' in html


def test_base_url_override_changes_canonical_links_only(content, tmp_path):
    options = BuildOptions(content.root, tmp_path / "out", base_url="https://akun.example.go.id/")
    files = render_directory(read_content(options), options)
    home = files["index.html"].decode()
    assert '<link rel="canonical" href="https://akun.example.go.id/">' in home
    assert 'href="static/style.css"' in home


def test_pages_are_rendered_for_every_output_path(site):
    _, files = site
    expected = {"index.html", "404.html", "topik/index.html", "status/index.html", "tentang/index.html",
                "search-index.json", "static/style.css", "static/search.js", "schema/agency.schema.json"}
    assert expected <= set(files)
    assert {p for p in files if p.startswith("akun/") and p.count("/") == 2} == {
        f"akun/{s}/index.html" for s in ("bkd", "bupati", "dindukcapil", "dinkes", "humas")}


def test_scripts_and_stylesheets_are_published_without_comments_and_other_files_as_they_are(site):
    _, files = site
    static = Path(__file__).resolve().parent.parent / "static"
    for name in ("search.js", "ago.js", "regions.js", "style.css", "poster.css"):
        source, published = (static / name).read_bytes(), files[f"static/{name}"]
        assert b"/*" in source and b"/*" not in published and b"\n  " not in published, name
        assert len(published) < len(source), name
    # The names other code reads are kept; the local ones are shortened (tests/test_site.py).
    assert b'window.akunResmiText={normalise:' in files["static/search.js"]
    for name in ("favicon.svg", "share.png"):
        assert files[f"static/{name}"] == (static / name).read_bytes()


# --- a list page's rows joined in as bytes (render._page_bytes) ----------------------------------------

@pytest.mark.parametrize("template", [
    "<title>Topik A–Z</title>{0}<p>·</p>{1}<footer>–</footer>",  # in order, once each: the fast way
    "{1}<p>–</p>{0}",  # out of order
    "<p>–</p>{0}{0}",  # one printed twice, the other not at all
    "<p>no block printed</p>",
])
def test_a_page_with_blocks_is_the_bytes_of_its_whole_text(template):
    from markupsafe import Markup

    from akunresmi.site.render import _block, _page_bytes

    blocks: list[Markup] = []
    rows = [Markup("<li>Dinas A</li><li>Kafé</li>"), Markup("<tr><td>–</td></tr>")]
    markers = [_block(blocks, row) for row in rows]
    html = template.format(*markers)
    assert _page_bytes(html, blocks) == template.format(*rows).encode("utf-8")


# --- the dev server's kept Jinja environment (render.KeptEnvironment) ----------------------------------

def test_the_kept_environment_is_made_again_when_a_template_or_the_globals_change(tmp_path):
    import os

    from akunresmi.site.render import KeptEnvironment

    folder = tmp_path / "templates"
    (folder / "parts").mkdir(parents=True)
    page = folder / "page.html"
    page.write_text("<p>{{ t.x }}</p>", encoding="utf-8")
    (folder / "parts" / "_row.html").write_text("<li></li>", encoding="utf-8")
    kept = KeptEnvironment(folder)
    first = kept.environment({"t": {"x": "satu"}})
    assert first.get_template("page.html").render() == "<p>satu</p>"
    assert kept.environment({"t": {"x": "satu"}}) is first  # nothing changed: the same, templates loaded
    again = kept.environment({"t": {"x": "dua"}})  # other globals: a new environment, never new globals
    assert again is not first and again.get_template("page.html").render() == "<p>dua</p>"
    stamp = page.stat()
    page.write_text("<b>{{ t.x }}</b>", encoding="utf-8")  # same size, and the same stamp put back
    os.utime(page, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    edited = kept.environment({"t": {"x": "dua"}})
    assert edited is not again and edited.get_template("page.html").render() == "<b>dua</b>"
    (folder / "parts" / "_row.html").write_text("<li>x</li>", encoding="utf-8")  # in a folder below
    assert kept.environment({"t": {"x": "dua"}}) is not edited


def test_a_topics_template_that_prints_the_topics_twice_still_gets_them_twice(content, tmp_path):
    """The kept frame of a letter page needs its topics printed once; any other template is made whole."""
    import shutil

    from conftest import ROOT

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    topics_html = templates / "topics.html"
    text = topics_html.read_text(encoding="utf-8")
    assert text.count("{{ entries }}") == 1
    topics_html.write_text(text.replace("{{ entries }}", "{{ entries }}<hr>{{ entries }}"), encoding="utf-8")
    options = BuildOptions(content.root, tmp_path / "out", templates=templates)
    files = render_directory(read_content(options), options)
    body = files["topik/p/index.html"].decode("utf-8").split('<dl class="topics">\n', 1)[1].split("</dl>", 1)[0]
    first, second = body.split("<hr>")
    assert first == second and "<dt>Pengaduan umum</dt>" in first


def test_the_environment_looks_up_names_on_dicts_as_jinja_does(tmp_path):
    """render._Environment answers `x.name` on a plain dict without trying the attribute first: the same
    value (or the same Undefined) as Jinja's own lookup, a dict's method names and other objects included."""
    import jinja2

    from akunresmi.site.render import make_environment

    class Mapping(dict):
        extra = "attribute"

    class Thing:
        name = "thing"

        def __getitem__(self, key: str) -> str:
            return "item:" + key

    env, plain = make_environment(tmp_path), jinja2.Environment(undefined=jinja2.StrictUndefined)
    assert type(env) is not jinja2.Environment and env.undefined is jinja2.StrictUndefined
    cases = [({"name": "a"}, "name"), ({"items": 1}, "items"), ({"keys": 1}, "keys"), ({}, "get"),
             ({}, "__class__"), (Mapping(extra="item", name="b"), "extra"), (Mapping(name="b"), "name"),
             (Thing(), "name"), (Thing(), "other"), ([1, 2], "append")]
    for obj, name in cases:
        ours, theirs = env.getattr(obj, name), plain.getattr(obj, name)
        assert type(ours) is type(theirs) and (ours == theirs or callable(ours)), (obj, name)
    for obj, name in (({}, "missing"), ({1: "x"}, "name"), ([], "missing"), ("text", "missing")):
        with pytest.raises(jinja2.UndefinedError, match="missing|name"):
            str(env.getattr(obj, name))
    assert env.from_string("{{ d.name }} {{ d['keys'] }} {{ d.keys() | list | length }}").render(
        d={"name": "x", "keys": "k"}) == "x k 2"
