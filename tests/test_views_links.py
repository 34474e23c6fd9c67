"""Agency pages in-process (issue 14, mutation survivors of site/views.py): the reason given when a
chain of fallbacks passes a dormant account, and the "report a mistake" link naming the page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from akunresmi.content.reader import read_directory
from akunresmi.i18n import load_catalogue
from akunresmi.site import views
from akunresmi.site.views import SiteFacts
from conftest import TODAY


def facts_of(content) -> SiteFacts:
    return SiteFacts.of(read_directory(content.root, TODAY, cwd=content.root.parent), load_catalogue("id"))


def test_a_chain_through_a_dormant_fallback_says_so(content):
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\nservices: [Layanan]\nfallback: bkd\n")
    facts = facts_of(content)
    dinkes = facts.directory.by_slug["dinkes"]
    assert facts.routes["dinkes"].steps == ("dinkes", "bkd", "humas")
    assert facts.reason(dinkes) == "fallback_dormant"


def test_the_report_link_names_the_agency_page(content):
    site = content.root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "repository:\n  url: https://github.com/contoh/akun-resmi\n",
                    encoding="utf-8")
    facts = facts_of(content)
    links = views.agency_view(facts.directory.by_slug["dinkes"], facts, "")["fix_links"]
    assert links["edit"] == "https://github.com/contoh/akun-resmi/edit/main/content/agencies/dinkes.yaml"
    body = parse_qs(urlsplit(links["report"]).query)["body"][0]
    assert "https://contoh.github.io/akun-resmi/akun/dinkes/" in body
