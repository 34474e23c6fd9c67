"""Where complaints go: active accounts take them; everything else escalates, ending at Humas."""

from __future__ import annotations

import dataclasses

from akunresmi.content.reader import read_directory
from akunresmi.routing import route_for
from conftest import TODAY


def routes(content):
    directory = read_directory(content.root, TODAY, cwd=content.root.parent)
    return lambda slug: route_for(slug, directory.by_slug, directory.site.fallback)


def test_active_account_takes_its_own_complaints(content):
    route = routes(content)("dindukcapil")
    assert route.target == "dindukcapil" and route.steps == ("dindukcapil",)


def test_dormant_and_missing_accounts_go_to_the_site_fallback(content):
    route = routes(content)
    assert route("bkd").target == "humas"
    assert route("dinkes").steps == ("dinkes", "humas")


def test_leaders_personal_account_is_never_where_a_complaint_ends(content):
    assert routes(content)("bupati").target == "humas"


def test_explicit_fallback_is_followed_before_the_default(content):
    content.agency("dinkes", "name: Dinas Kesehatan\nkind: dinas\nservices: [Puskesmas]\nfallback: dindukcapil\n")
    assert routes(content)("dinkes").steps == ("dinkes", "dindukcapil")


def test_superseded_agency_sends_complaints_to_its_successor_even_when_active(content):
    content.agency("dinas-lama", "name: Dinas Lama\nkind: dinas\ntwitter: LamaUji\nactive: true\n"
                   "status_checked: '2026-01-01'\nsource: Berita\nservices: [Layanan]\nsuperseded_by: bkd\n")
    route = routes(content)("dinas-lama")
    assert route.steps == ("dinas-lama", "bkd", "humas") and route.target == "humas"


def test_humas_without_an_active_account_would_leave_no_target(content):
    directory = read_directory(content.root, TODAY, cwd=content.root.parent)
    agencies = dict(directory.by_slug)
    agencies["humas"] = dataclasses.replace(agencies["humas"], active=False)
    route = route_for("dinkes", agencies, "humas")
    assert route.target is None and route.problem == "dead_end"
