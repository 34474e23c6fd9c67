"""Issue 12: every agency page lets anyone correct it: "Perbarui data ini" opens the agency's own
file in GitHub's web editor, "Laporkan data yang salah" opens an issue naming the agency and its page.
Checked in a real Chromium over real HTTP; both are hidden when site.yaml names no repository."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import SITE, run_cli, serve_directory

pytestmark = pytest.mark.browser

REPOSITORY = 'repository:\n  url: "https://github.com/pemkab-uji/akun-resmi"\n  branch: terbit/2026\n'


def _build(content, tmp_path):
    out = tmp_path / "output"
    result = run_cli("build", "--content", str(content.root), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return out


def _links(chromium, out, path):
    context = chromium.new_context()
    page = context.new_page()
    try:
        with serve_directory(out, "/akun-resmi/") as base:
            page.goto(base + path)
            return {cls: (page.locator(f"a.{cls}").get_attribute("href") if page.locator(f"a.{cls}").count() else None,
                          page.locator(f"a.{cls}").all_inner_texts())
                    for cls in ("fix-edit", "fix-report")}
    finally:
        context.close()


def test_agency_page_links_to_its_own_file_and_to_a_prefilled_issue(chromium, content, tmp_path):
    (content.root / "site.yaml").write_text(SITE + REPOSITORY, encoding="utf-8")
    content.agency("dinas-a", 'name: Dinas "A" & B\nshort_name: Dinas A&B\nkind: dinas\nservices: [Layanan]\n')
    out = _build(content, tmp_path)
    for slug in ("bkd", "dinas-a"):
        links = _links(chromium, out, f"akun/{slug}/")
        edit, edit_text = links["fix-edit"]
        assert edit_text == ["Perbarui data ini"]
        assert edit == f"https://github.com/pemkab-uji/akun-resmi/edit/terbit/2026/content/agencies/{slug}.yaml"
        report, report_text = links["fix-report"]
        assert report_text == ["Laporkan data yang salah"]
        parts = urlsplit(report)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/pemkab-uji/akun-resmi/issues/new")
        query = parse_qs(parts.query, strict_parsing=True)
        assert set(query) == {"title", "body"}  # '&' in a name must not split the query
        page_url = f"https://contoh.github.io/akun-resmi/akun/{slug}/"
        assert page_url in query["body"][0]
        assert f"content/agencies/{slug}.yaml" in query["body"][0]
        if slug == "dinas-a":
            assert query["title"] == ["Data salah: Dinas A&B"]
            assert 'Dinas "A" & B' in query["body"][0]


def test_links_are_hidden_without_a_repository(chromium, content, tmp_path):
    out = _build(content, tmp_path)
    assert _links(chromium, out, "akun/bkd/") == {"fix-edit": (None, []), "fix-report": (None, [])}


def test_the_bundled_site_names_its_repository_matching_its_address():
    import yaml

    from conftest import ROOT

    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["repository"] == {"url": "https://github.com/akun-resmi/akun-resmi", "branch": "main"}
    assert site["base_url"] == "https://akun-resmi.github.io/akun-resmi/"
