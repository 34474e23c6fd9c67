"""Why a complaint goes where it goes (routing.reason_for), and the edges of route_for: each of the six
reasons on the content every test shares, a missing link, precedence of successor over fallback, loops."""

from __future__ import annotations

import dataclasses

import pytest

from akunresmi.content.reader import read_directory
from akunresmi.routing import REASONS, Route, reason_for, route_for, routes_for_all
from conftest import TODAY


def agencies_of(content) -> dict:
    return dict(read_directory(content.root, TODAY, cwd=content.root.parent).by_slug)


def with_changes(agencies: dict, slug: str, **changes) -> dict:
    return {**agencies, slug: dataclasses.replace(agencies[slug], **changes)}


def reason(agencies: dict, slug: str) -> str:
    return reason_for(agencies[slug], route_for(slug, agencies, "humas"), agencies)


@pytest.mark.parametrize("slug, expected", [("dindukcapil", "active"), ("humas", "active"),
                                            ("bkd", "dormant"), ("dinkes", "missing"), ("bupati", "leader")])
def test_each_bundled_kind_of_account_gets_its_reason(content, slug, expected):
    assert reason(agencies_of(content), slug) == expected


def test_a_superseded_agency_says_so_even_when_its_account_is_active(content):
    agencies = with_changes(agencies_of(content), "dindukcapil", superseded_by="bkd")
    assert reason(agencies, "dindukcapil") == "superseded"


def test_a_leader_that_is_also_superseded_is_superseded(content):
    agencies = with_changes(agencies_of(content), "bupati", superseded_by="humas")
    assert reason(agencies, "bupati") == "superseded"


def test_a_chain_through_a_dormant_fallback_says_the_fallback_is_dormant_too(content):
    agencies = with_changes(agencies_of(content), "dinkes", fallback="bkd")
    assert route_for("dinkes", agencies, "humas").steps == ("dinkes", "bkd", "humas")
    assert reason(agencies, "dinkes") == "fallback_dormant"
    dormant = with_changes(agencies_of(content), "bkd", fallback="dindukcapil")
    assert reason(dormant, "bkd") == "dormant"  # its own fallback is active: nothing dormant in between


def test_a_chain_ending_at_a_dormant_fallback_says_the_fallback_is_dormant(content):
    """In a national build a region's chain may end at its own dormant fallback (the province's account
    comes after it): the first agency passed is that fallback, not the agency itself."""
    agencies = with_changes(agencies_of(content), "humas", active=False)
    assert route_for("dinkes", agencies, "humas") == Route(("dinkes", "humas"), None, "dead_end")
    assert reason(agencies, "dinkes") == "fallback_dormant"
    assert reason(agencies, "humas") == "dormant"  # the fallback itself passes through nothing


def test_every_reason_has_its_sentence_in_the_catalogue():
    from akunresmi.i18n import load_catalogue

    for language in ("id", "en"):
        assert all(load_catalogue(language).site[f"route_reason_{r}"] for r in REASONS)


def test_a_link_to_an_agency_that_does_not_exist_ends_the_route_there(content):
    agencies = with_changes(agencies_of(content), "dinkes", fallback="tidak-ada")
    assert route_for("dinkes", agencies, "humas") == Route(("dinkes",), None, "missing")
    assert route_for("tidak-ada", agencies, "humas") == Route((), None, "missing")


def test_a_successor_comes_before_a_fallback(content):
    agencies = with_changes(agencies_of(content), "dinkes", superseded_by="dindukcapil", fallback="bkd")
    assert route_for("dinkes", agencies, "humas") == Route(("dinkes", "dindukcapil"), "dindukcapil")


def test_a_loop_is_reported_with_the_repeated_agency(content):
    agencies = with_changes(with_changes(agencies_of(content), "dinkes", fallback="bkd"), "bkd", fallback="dinkes")
    assert route_for("dinkes", agencies, "humas") == Route(("dinkes", "bkd", "dinkes"), None, "loop")


def test_the_site_fallback_itself_has_nowhere_further_to_go(content):
    agencies = with_changes(agencies_of(content), "humas", active=False)
    assert route_for("humas", agencies, "humas") == Route(("humas",), None, "dead_end")
    assert route_for("dinkes", agencies, "humas") == Route(("dinkes", "humas"), None, "dead_end")


def test_routes_for_all_covers_every_agency_in_slug_order(content):
    agencies = agencies_of(content)
    routes = routes_for_all(agencies, "humas")
    assert list(routes) == sorted(agencies)
    assert routes["bkd"] == Route(("bkd", "humas"), "humas")


def test_a_superseded_agency_and_a_leader_wear_the_same_badge_in_every_list_page_and_card(content, tmp_path):
    """The badge says what the citizen should know first, the same word on the home list, the topic
    index, the agency's own page and the search card: a dissolved office is not "no account yet" (and the
    status page tells Humas it is gone), a leader's personal account is not the agency's active one."""
    import json

    from test_exports import build_files

    text = (content.root / "agencies" / "dinkes.yaml").read_text(encoding="utf-8")
    content.agency("dinkes", text + "superseded_by: dindukcapil\n")
    files = build_files(content, tmp_path)
    gone = '<span class="badge badge-superseded">Sudah tidak ada</span>'
    leader = '<span class="badge badge-leader">Akun pribadi pimpinan</span>'
    home, page = files["index.html"].decode(), files["akun/dinkes/index.html"].decode()
    for html, badge, name in ((home, gone, "Dinas Kesehatan"), (home, leader, "Bupati Uji"),
                              (page, gone, None), (files["akun/bupati/index.html"].decode(), leader, None)):
        assert badge in html, (badge, name)
    row = home[home.index('<a href="akun/dinkes/">'):]
    assert row[:row.index("</li>")].count("badge-superseded") == 1 and "Belum ada akun" not in row[:row.index("</li>")]
    assert any(gone in html.decode() for path, html in files.items() if path.startswith("topik/") and b"dinkes" in html)
    status = files["status/index.html"].decode()
    status_row = status[status.index('akun/dinkes/'):]
    assert gone in status_row[:status_row.index("</tr>")]
    cards = {row[0]: row[3] for row in json.loads(files["search-index.json"])["agencies"]}
    assert cards["dinkes"] == "superseded" and cards["bupati"] == "leader" and cards["bkd"] == "dormant"


def test_a_leader_with_no_account_or_a_dormant_one_is_said_so_not_called_a_personal_account(content, tmp_path):
    """"Akun pribadi pimpinan" and its sentence ("Akunnya aktif…") are for a leader's active account only."""
    from test_exports import build_files

    agencies = agencies_of(content)
    assert reason(with_changes(agencies, "bupati", handle=None), "bupati") == "missing"
    assert reason(with_changes(agencies, "bupati", active=False), "bupati") == "dormant"
    text = (content.root / "agencies" / "bupati.yaml").read_text(encoding="utf-8")
    content.agency("bupati", text.replace("active: true", "active: false"))
    files = build_files(content, tmp_path)
    page = files["akun/bupati/index.html"].decode()
    assert '<span class="badge badge-dormant">Tidak aktif</span>' in page and "badge-leader" not in page
    assert "Akunnya aktif" not in page
