"""Open data, discovery files, linked data and posters, each checked against its specification."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import referencing
import yaml

from akunresmi.build.builder import Builder
from akunresmi.build.pipeline import BuildOptions, build, read_content, render_directory
from akunresmi.content.validate import SCHEMA_DIR
from conftest import ROOT, SITE, VNU, require_tool
from qrdecode import decode_svg

BASE = "https://contoh.github.io/akun-resmi/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:\S+$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")

CHANNELS = """\
channels:
  instagram: "@dukcapil.uji"
  website: "https://dukcapil.contoh.go.id/"
  email: dukcapil@contoh.go.id
"""


def build_files(content, tmp_path, epoch: str = "1795824000") -> dict[str, bytes]:
    os.environ["SOURCE_DATE_EPOCH"] = epoch  # the autouse fixture restores it
    options = BuildOptions(content.root, tmp_path / "out")
    return render_directory(read_content(options), options)


@pytest.fixture
def files(content, tmp_path) -> dict[str, bytes]:
    text = (content.root / "agencies" / "dindukcapil.yaml").read_text(encoding="utf-8")
    content.agency("dindukcapil", text + CHANNELS)
    content.raw("pages/tentang.md", "# Tentang\n\nDirektori.\n")
    return build_files(content, tmp_path)


class Head(HTMLParser):
    """<meta>, <link> and JSON-LD blocks of a page, and every tag with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_jsonld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def html(files, path) -> Head:
    return Head(files[path].decode("utf-8"))


# --- GitHub Pages files -----------------------------------------------------------------------

def test_nojekyll_robots_and_no_cname_unless_configured(files, content, tmp_path):
    assert files[".nojekyll"] == b""
    assert "CNAME" not in files
    robots = files["robots.txt"].decode()
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()

    site = (content.root / "site.yaml").read_text(encoding="utf-8").replace(BASE, "https://akun.contoh.go.id/")
    content.raw("site.yaml", site + "cname: akun.contoh.go.id\n")
    assert build_files(content, tmp_path)["CNAME"] == b"akun.contoh.go.id\n"


def test_sitemap_follows_the_protocol_and_lists_every_indexable_page(files):
    raw = files["sitemap.xml"]
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(raw)
    assert root.tag == f"{SITEMAP_NS}urlset"
    urls = list(root)
    assert all(u.tag == f"{SITEMAP_NS}url" for u in urls)
    locs = [u.find(f"{SITEMAP_NS}loc").text for u in urls]
    assert locs[0] == BASE
    assert locs[1:] == sorted(locs[1:]) and len(set(locs)) == len(locs)
    assert all(loc.startswith(BASE) and len(loc) <= 2048 for loc in locs)
    for url in urls:
        assert {child.tag for child in url} <= {f"{SITEMAP_NS}loc", f"{SITEMAP_NS}lastmod"}
        lastmod = url.find(f"{SITEMAP_NS}lastmod")
        if lastmod is not None:
            date.fromisoformat(lastmod.text)
    # Every page but the 404 and the posters is listed, so a new kind of page cannot be forgotten.
    pages = {BASE + p.removesuffix("index.html") for p in files
             if p.endswith(".html") and p != "404.html" and "/poster/" not in p}
    assert set(locs) == pages
    lastmods = {u.find(f"{SITEMAP_NS}loc").text: u.findtext(f"{SITEMAP_NS}lastmod") for u in urls}
    assert lastmods[BASE + "akun/bkd/"] == "2016-03-10"  # from the data: its status_checked
    assert lastmods[BASE + "akun/dinkes/"] is None  # never checked: no date is invented
    assert lastmods[BASE] == "2026-10-01"


# --- open data ------------------------------------------------------------------------------------

def published_schema(files) -> dict:
    return json.loads(files["schema/agencies-export.schema.json"])


def test_agencies_json_is_valid_against_its_published_schema(files):
    schema = published_schema(files)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(files["data/agencies.json"])
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["$schema"] == BASE + "schema/agencies-export.schema.json"
    slugs = [a["slug"] for a in data["agencies"]]
    assert slugs == sorted(slugs) == ["bkd", "bupati", "dindukcapil", "dinkes", "humas"]
    by = {a["slug"]: a for a in data["agencies"]}
    assert by["bkd"]["status"] == "dormant" and by["bkd"]["complaints_to"] == "humas"
    assert by["bkd"]["complaints_to_x_handle"] == "HumasUji"
    assert by["dinkes"]["x"] is None and by["dinkes"]["status"] == "missing"
    assert by["dindukcapil"]["x"] == {"handle": "dukcapil_uji", "url": "https://x.com/dukcapil_uji", "id": None}
    assert by["dindukcapil"]["channels"]["instagram"] == "dukcapil.uji"
    assert by["dindukcapil"]["services"][0]["keywords"] == ["KTP hilang", "e-KTP", "KK"]
    assert data["updated"] == "2026-10-01"


def no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


@pytest.mark.parametrize("base", ["https://contoh.github.io/akun-resmi/", "https://akun.contoh.go.id/"])
def test_each_published_schema_is_named_by_its_own_address(content, tmp_path, base):
    """A validator or an editor that follows a schema's `$id` (and resolves its `$ref`s against it) must
    land on the site that published it, at a sub-path as at a domain's root: not on a name that
    cannot resolve. The build with a cache made for another address must not keep the old ids."""
    cache = tmp_path / "cache"
    build(BuildOptions(content.root, tmp_path / "before", base_url="https://elsewhere.contoh.id/x/", cache=cache))
    out = tmp_path / "out"
    build(BuildOptions(content.root, out, base_url=base, cache=cache))
    published = sorted(p.name for p in (out / "schema").iterdir())
    assert published == sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
    for name in published:
        schema = json.loads((out / "schema" / name).read_bytes(), object_pairs_hook=no_duplicate_keys)
        assert schema.pop("$id") == base + "schema/" + name
        assert schema == json.loads((SCHEMA_DIR / name).read_bytes())  # the rules as written, nothing else

    def retrieve(uri: str) -> referencing.Resource:
        """Only what the site publishes, as a validator following the addresses would fetch it."""
        assert uri.startswith(base + "schema/"), uri
        return referencing.Resource.from_contents(json.loads((out / uri[len(base):]).read_bytes()))

    registry = referencing.Registry(retrieve=retrieve)
    data = json.loads((out / "data" / "agencies.json").read_bytes())
    validator = jsonschema.Draft202012Validator({"$ref": data["$schema"]}, registry=registry)
    assert [e.message for e in validator.iter_errors(data)] == []
    # national.schema.json takes site.schema.json's rules by a relative reference: resolved against its
    # $id, it finds the copy published beside it.
    national = yaml.safe_load((ROOT / "national.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator({"$ref": base + "schema/national.schema.json"}, registry=registry)
    assert [e.message for e in validator.iter_errors(national)] == []
    national["title"] = 7  # a rule of site.schema.json's, fetched from the site
    assert [e.message for e in validator.iter_errors(national)] == ["7 is not of type 'string'"]


def test_the_schema_rejects_what_the_export_must_never_contain(files):
    validator = jsonschema.Draft202012Validator(published_schema(files))
    data = json.loads(files["data/agencies.json"])
    data["agencies"][0]["status"] = "aktif"
    data["agencies"][1]["x"] = {"handle": "@no", "url": "https://x.com/no", "id": None}
    del data["agencies"][2]["services"]
    assert len(list(validator.iter_errors(data))) == 3


EXPECTED_COLUMNS = [
    "slug", "name", "short_name", "kind", "status", "x_handle", "x_url", "x_id", "active", "status_checked",
    "source", "last_post", "takes_complaints", "complaints_to", "complaints_to_x_handle", "fallback",
    "superseded_by", "url", "services", "keywords",
    "instagram", "facebook", "youtube", "tiktok", "whatsapp", "phone", "email", "website", "address"]


def test_agencies_csv_round_trips_to_the_json(content, tmp_path):
    content.agency("dinas-a", """\
        name: 'Dinas "Ä", Bidang – B'
        kind: dinas
        services:
          - name: "Izin; usaha"
            keywords: ["izin, usaha", "NIB"]
        """)
    files = build_files(content, tmp_path)
    raw = files["data/agencies.csv"]
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0].keys()) == EXPECTED_COLUMNS  # stable order: a change must be deliberate
    records = json.loads(files["data/agencies.json"])["agencies"]
    assert [r["slug"] for r in rows] == [r["slug"] for r in records]
    for row, record in zip(rows, records):
        assert row["name"] == record["name"]
        assert row["short_name"] == (record["short_name"] or "")
        assert row["status"] == record["status"]
        assert row["active"] == str(record["active"]).lower()
        assert row["x_handle"] == ((record["x"] or {}).get("handle") or "")
        assert row["status_checked"] == (record["status_checked"] or "")
        assert row["complaints_to"] == (record["complaints_to"] or "")
        # Lists are joined for spreadsheets; the JSON keeps them whole.
        assert row["services"] == "; ".join(s["name"] for s in record["services"])
        assert row["keywords"] == "; ".join(k for s in record["services"] for k in s["keywords"])
        for kind, value in record["channels"].items():
            assert row[kind] == value
    assert next(r for r in rows if r["slug"] == "dinas-a")["name"] == 'Dinas "Ä", Bidang – B'


# --- Open311 GeoReport v2 ------------------------------------------------------------------------

# GeoReport v2, GET Service List: every field of a service, and the type the specification gives it.
GEOREPORT_FIELDS = {"service_code": str, "service_name": str, "description": str, "metadata": bool,
                    "type": str, "keywords": str, "group": str}
GEOREPORT_TYPES = {"realtime", "batch", "blackbox"}


def test_open311_json_service_list_follows_georeport_v2(files):
    services = json.loads(files["open311/services.json"])
    assert isinstance(services, list) and services
    for service in services:
        assert set(service) == set(GEOREPORT_FIELDS)
        for field, kind in GEOREPORT_FIELDS.items():
            assert type(service[field]) is kind, (field, service)
        assert service["service_code"] and service["service_name"]
        assert service["metadata"] is False  # no extra form fields: GET Service Definition is not needed
        assert service["type"] in GEOREPORT_TYPES and service["type"] == "realtime"
        assert all(k.strip() for k in service["keywords"].split(",")) or service["keywords"] == ""
    codes = [s["service_code"] for s in services]
    assert len(codes) == len(set(codes))
    ktp = next(s for s in services if s["service_name"] == "KTP elektronik")
    assert ktp["group"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert ktp["keywords"] == "KTP hilang, e-KTP, KK"
    assert "@dukcapil_uji" in ktp["description"]
    bkd = next(s for s in services if s["group"] == "Badan Kepegawaian Daerah")
    assert "@HumasUji" in bkd["description"]  # dormant: its complaints go to Humas
    assert not any(s["group"] == "Bupati Uji" for s in services)  # leaders' personal accounts take none


def test_open311_xml_has_the_same_services_as_the_json(files):
    raw = files["open311/services.xml"]
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(raw)
    assert root.tag == "services"
    services = json.loads(files["open311/services.json"])
    assert len(root) == len(services)
    for element, service in zip(root, services):
        assert element.tag == "service"
        assert {child.tag for child in element} == set(GEOREPORT_FIELDS)
        assert element.findtext("metadata") == "false"
        for field in ("service_code", "service_name", "description", "type", "keywords", "group"):
            assert (element.findtext(field) or "") == service[field]


def test_open311_codes_survive_reordering_services(content, tmp_path):
    before = {s["service_code"]: s["service_name"] for s in json.loads(build_files(content, tmp_path)["open311/services.json"])}
    text = (content.root / "agencies" / "dindukcapil.yaml").read_text(encoding="utf-8")
    content.agency("dindukcapil", text.replace("          - Akta kelahiran\n", "").replace(
        "        services:\n", "        services:\n          - Akta kelahiran\n"))
    after = {s["service_code"]: s["service_name"] for s in json.loads(build_files(content, tmp_path)["open311/services.json"])}
    assert before == after


# --- Atom feed -----------------------------------------------------------------------------------

def test_atom_feed_has_the_required_elements_and_newest_first(files):
    root = ET.fromstring(files["feed.xml"])
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name").text
    self_link = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_link and self_link[0].get("href") == BASE + "feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4  # every agency with a status_checked date; dinkes has none
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert all(RFC3339.match(u) for u in updated)
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == max(updated) == "2026-10-01T00:00:00Z"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert all(TAG_URI.match(i) for i in ids) and len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title")
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate" and link.get("href").startswith(BASE + "akun/")
    bkd = next(e for e in entries if e.find(f"{ATOM}link").get("href") == BASE + "akun/bkd/")
    assert "Tidak aktif" in bkd.findtext(f"{ATOM}title")


def test_feed_ids_are_stable_and_a_status_change_is_a_new_entry(content, tmp_path):
    def ids(files):
        root = ET.fromstring(files["feed.xml"])
        return {e.find(f"{ATOM}link").get("href"): e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")}

    first = ids(build_files(content, tmp_path))
    assert ids(build_files(content, tmp_path, epoch="1800000000")) == first
    text = (content.root / "agencies" / "bkd.yaml").read_text(encoding="utf-8")
    content.agency("bkd", text.replace("active: false", "active: true").replace("2016-03-10", "2026-11-01"))
    second = ids(build_files(content, tmp_path))
    assert second[BASE + "akun/bkd/"] != first[BASE + "akun/bkd/"]
    assert second[BASE + "akun/humas/"] == first[BASE + "akun/humas/"]


def test_feed_ids_stay_when_the_site_moves(content, tmp_path):
    """A feed reader knows an entry by its id: a site moved from its github.io address to its own domain
    (or renamed) must not show every entry again as new (RFC 4287 4.2.6: an id never changes)."""
    def ids(base_url: str) -> list[str]:
        options = BuildOptions(content.root, tmp_path / "out", base_url=base_url)
        feed = ET.fromstring(render_directory(read_content(options), options)["feed.xml"])
        return [feed.findtext(f"{ATOM}id"), *(e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry"))]

    first = ids(BASE)
    assert ids("https://akun.contoh.go.id/") == first
    assert all(TAG_URI.match(i) for i in first) and len(set(first)) == len(first) == 5
    assert len({i.split(":")[1] for i in first}) == 1  # one tagging entity and date, not a check date
    # With the region's official code, the code names the directory; the site's title is not in the ids.
    content.raw("site.yaml", SITE.replace("region: Kabupaten Uji", 'region: Kabupaten Blora\ncode: "33.16"'))
    coded = ids(BASE)
    content.raw("site.yaml", SITE.replace("region: Kabupaten Uji", 'region: Kabupaten Blora\ncode: "33.16"')
                .replace("title: Akun Resmi Uji", "title: Direktori Akun Blora"))
    assert ids("https://akun.contoh.go.id/") == coded != first
    assert all(i.split(":", 2)[2].startswith("33.16/") for i in coded)


# --- page metadata: JSON-LD, Open Graph, feed link ---------------------------------------------------

def test_agency_page_describes_a_government_organization_in_json_ld(files):
    page = html(files, "akun/dindukcapil/index.html")
    (block,) = page.jsonld
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert data["url"] == BASE + "akun/dindukcapil/"
    assert data["sameAs"] == ["https://x.com/dukcapil_uji", "https://www.instagram.com/dukcapil.uji/",
                              "https://dukcapil.contoh.go.id/"]
    assert data["email"] == "dukcapil@contoh.go.id"
    assert data["parentOrganization"] == {"@type": "GovernmentOrganization", "name": "Kabupaten Uji"}
    missing = json.loads(html(files, "akun/dinkes/index.html").jsonld[0])
    assert "sameAs" not in missing


def test_home_page_describes_the_website_and_the_regency(files):
    (block,) = html(files, "index.html").jsonld
    graph = json.loads(block)["@graph"]
    website = next(n for n in graph if n["@type"] == "WebSite")
    assert website["url"] == BASE and website["name"] == "Akun Resmi Uji"
    assert {"@type": "GovernmentOrganization", "name": "Kabupaten Uji"} in graph


def test_json_ld_cannot_close_its_script_block(content, tmp_path):
    content.agency("dinas-x", """\
        name: "Dinas </script><script>alert(1)</script><!--"
        kind: dinas
        services: [Layanan]
        """)
    raw = build_files(content, tmp_path)["akun/dinas-x/index.html"].decode()
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert json.loads(block)["name"] == "Dinas </script><script>alert(1)</script><!--"
    assert "<script>alert" not in raw


def test_open_graph_and_twitter_card_on_every_page(files):
    for path in [p for p in files if p.endswith(".html")]:
        page = html(files, path)
        canonical = next(l["href"] for l in page.links if l.get("rel") == "canonical")
        assert page.meta["og:url"] == canonical, path
        assert page.meta["og:title"] and page.meta["og:type"] == "website"
        assert page.meta.get("og:description") == (page.meta["description"] or None), path
        assert page.meta["og:image"] == BASE + "static/share.png"
        assert page.meta["twitter:card"] in ("summary", "summary_large_image")
        feeds = [l for l in page.links if l.get("rel") == "alternate" and l.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, path
    image = files["static/share.png"]
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) < 100_000
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert (width, height) == (1200, 630)  # what og:image:width/height say
    assert html(files, "index.html").meta["og:image:width"] == "1200"


# --- posters -------------------------------------------------------------------------------------

def test_every_agency_has_a_poster_linked_from_its_page(files):
    for slug in ("bkd", "bupati", "dindukcapil", "dinkes", "humas"):
        assert f"akun/{slug}/poster/index.html" in files
        page = files[f"akun/{slug}/index.html"].decode()
        assert f'href="../../akun/{slug}/poster/"' in page


def test_poster_names_the_account_that_takes_the_complaints(files):
    active = files["akun/dindukcapil/poster/index.html"].decode()
    assert "Keluhan soal layanan Dindukcapil?" in active
    assert "@dukcapil_uji" in active and "KTP elektronik" in active and "Akta kelahiran" in active
    dormant = files["akun/bkd/poster/index.html"].decode()
    assert "@HumasUji" in dormant and "@BKDUji" not in dormant
    # Printed and pinned up for months: the date the status was checked goes with it (found by review).
    assert "Status diperiksa 1 Oktober 2026" in dormant
    missing = files["akun/dinkes/poster/index.html"].decode()
    assert "@HumasUji" in missing and "Pelayanan puskesmas" in missing


def test_a_poster_whose_account_is_stale_warns_whoever_prints_it_on_screen_only(content, tmp_path):
    """The agency page says a status is old; the poster, printed and pinned up for months, said nothing to
    the one printing it (found by review). The warning is on screen, not on paper."""
    text = (content.root / "agencies" / "dindukcapil.yaml").read_text(encoding="utf-8")
    content.agency("dindukcapil", text.replace('"2026-10-01"', '"2016-03-10"'))
    files = build_files(content, tmp_path)
    warning = re.search(r'<p class="poster-screen-only warn">([^<]*)</p>', files["akun/dindukcapil/poster/index.html"].decode())
    assert warning and "sudah lama tidak diperiksa" in warning.group(1)
    print_rule = re.search(r"@media print\s*\{(.*?)\}\s*\}", files["static/poster.css"].decode(), re.S).group(1)
    assert ".poster-screen-only" in print_rule and "display:none" in print_rule
    # The account the poster sends to counts: BKD's own status is old, but its complaints go to Humas.
    for fresh in ("humas", "bkd"):
        assert "poster-screen-only warn" not in files[f"akun/{fresh}/poster/index.html"].decode()


def test_poster_qr_code_is_inline_svg_pointing_to_the_agency_page(files):
    page = files["akun/bkd/poster/index.html"].decode()
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert decode_svg(svg) == [BASE + "akun/bkd/"]
    # The CSP forbids inline styles and scripts: the SVG draws with attributes only.
    assert "style" not in svg and "<script" not in svg and "xlink" not in svg
    assert "<title>" in svg
    assert 'href="../../../static/poster.css"' in page


def test_poster_prints_on_a4(files):
    css = files["static/poster.css"].decode()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    assert "@media print" in css


def test_exports_do_not_depend_on_the_build_date(content, tmp_path):
    exported = ["data/agencies.json", "data/agencies.csv", "open311/services.json", "open311/services.xml",
                "feed.xml", "sitemap.xml", "robots.txt", "akun/humas/poster/index.html"]
    first = build_files(content, tmp_path)
    later = build_files(content, tmp_path, epoch="1800000000")  # 2027-01-15
    assert [p for p in exported if first[p] != later[p]] == []


# --- HTML conformance of the pages this work adds to -----------------------------------------------



def test_poster_and_agency_pages_pass_the_nu_html_checker(files, tmp_path):
    java = shutil.which("java")
    require_tool(bool(java) and VNU.is_file(),
                 "the Nu HTML checker needs java and node_modules/vnu-jar (make install-dev)")
    paths = ["akun/dindukcapil/poster/index.html", "akun/bkd/poster/index.html", "akun/dindukcapil/index.html",
             "index.html"]
    targets = []
    for path in paths:
        target = tmp_path / "vnu" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
        targets.append(str(target))
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", *targets],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    # Checked from local files, the checker cannot tell 'self' and reports every stylesheet; it also
    # counts the JSON-LD data block as an inline script, which browsers never run. Both are its notes.
    problems = [f"{m.get('url', '').rsplit('/vnu/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
                for m in messages if m.get("type") == "error"
                or (m.get("subType") == "warning" and "Content Security Policy" not in m["message"])]
    assert problems == []


def test_posters_are_reused_between_builds_until_their_inputs_or_templates_change(content, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    builder = Builder(BuildOptions(content.root, tmp_path / "out", templates=templates), keep=True)
    first = builder.render(builder.read())
    again = builder.render(builder.read())
    assert again["akun/humas/poster/index.html"] is first["akun/humas/poster/index.html"]  # not re-rendered
    text = (content.root / "agencies" / "humas.yaml").read_text(encoding="utf-8")
    content.agency("humas", text.replace("HumasUji", "HumasUjiBaru"))
    changed = builder.render(builder.read())
    assert b"@HumasUjiBaru" in changed["akun/humas/poster/index.html"]
    assert b"@HumasUjiBaru" in changed["akun/bkd/poster/index.html"]  # its complaints go to Humas
    poster = templates / "poster.html"
    poster.write_text(poster.read_text(encoding="utf-8").replace("poster-agency", "poster-instansi"), encoding="utf-8")
    edited = builder.render(builder.read())
    assert b"poster-instansi" in edited["akun/humas/poster/index.html"]


def test_xml_exports_stay_well_formed_with_any_text(content, tmp_path):
    content.agency("dinas-b", """\
        name: "Dinas <B>\\x0b & \\"C\\""
        kind: dinas
        twitter: DinasB
        active: true
        status_checked: "2026-10-02"
        source: "Cek <Humas> & co"
        services:
          - name: "Layanan <&>"
            keywords: ["a & b"]
        """)
    files = build_files(content, tmp_path)
    for path in ("feed.xml", "sitemap.xml", "open311/services.xml"):
        ET.fromstring(files[path])
    feed = ET.fromstring(files["feed.xml"])
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == 'Dinas <B> & "C": Aktif'
