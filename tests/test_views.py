"""What pages show, decided in site/views.py, checked in-process on the shared test content: links that
leave the site, dates, staleness, where an agency page sends complaints, and the order of lists."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from urllib.parse import quote

import pytest

from akunresmi.build.targets import agency_reads
from akunresmi.content.reader import read_directory
from akunresmi.i18n import load_catalogue
from akunresmi.model import Channel, Upstream
from akunresmi.site import views
from akunresmi.site.search import search_index
from akunresmi.site.views import SiteFacts
from conftest import TODAY


def facts_of(content, **changes) -> SiteFacts:
    directory = read_directory(content.root, TODAY, cwd=content.root.parent)
    agencies = tuple(dataclasses.replace(a, **changes.get(a.slug, {})) for a in directory.agencies)
    return SiteFacts.of(dataclasses.replace(directory, agencies=agencies), load_catalogue("id"))


@pytest.mark.parametrize("kind, value, href", [
    ("email", "humas@blorakab.go.id", "mailto:humas@blorakab.go.id"),
    ("phone", "(0296) 531-012", "tel:+62296531012"),
    ("phone", "+62 296 531012", "tel:+62296531012"),
    ("whatsapp", "+6281234567890", "https://wa.me/6281234567890"),
    ("instagram", "humasblora", "https://www.instagram.com/humasblora/"),
    ("tiktok", "humasblora", "https://www.tiktok.com/@humasblora"),
    ("website", "https://blorakab.go.id/", "https://blorakab.go.id/"),
    ("facebook", "https://facebook.com/humasblora", "https://facebook.com/humasblora"),
    ("youtube", "https://youtube.com/@humasblora", "https://youtube.com/@humasblora"),
    ("address", "Jl. Pemuda 1, Blora", None),  # shown as text, never a link
])
def test_each_channel_becomes_only_an_http_mailto_or_tel_link(kind, value, href):
    assert views.channel_href(Channel(kind, value)) == href


def test_dates_read_in_the_catalogue_language():
    cat = load_catalogue("id")
    assert views.long_date(date(2026, 1, 5), cat) == "5 Januari 2026"
    assert views.long_date(date(2026, 12, 31), cat) == "31 Desember 2026"
    assert views.long_date(None, cat) == ""


def test_the_ready_post_names_the_handle_and_is_fully_escaped(content):
    facts = facts_of(content)
    url = views.intent_url("HumasUji", facts.post_texts)
    assert url == "https://x.com/intent/post?text=%40HumasUji%20Mohon%20bantuan%2C%20saya%20ingin%20melaporkan%3A%20"


def test_a_status_is_stale_after_stale_days_and_only_for_an_account(content):
    facts = facts_of(content)
    limit = facts.directory.site.stale_days
    humas = facts.directory.agency("humas")
    assert not views.is_stale(dataclasses.replace(humas, status_checked=TODAY - timedelta(days=limit)), facts)
    assert views.is_stale(dataclasses.replace(humas, status_checked=TODAY - timedelta(days=limit + 1)), facts)
    assert views.is_stale(dataclasses.replace(humas, status_checked=None), facts)
    assert not views.is_stale(facts.directory.agency("dinkes"), facts)  # no account: nothing to re-check


def test_an_active_account_is_possibly_silent_after_silent_days(content):
    facts = facts_of(content)
    limit = facts.directory.site.silent_days
    humas = facts.directory.agency("humas")
    assert not views.is_possibly_silent(dataclasses.replace(humas, last_post=TODAY - timedelta(days=limit)), facts)
    assert views.is_possibly_silent(dataclasses.replace(humas, last_post=TODAY - timedelta(days=limit + 1)), facts)
    assert not views.is_possibly_silent(humas, facts)  # never posted: unknown, not silent
    bkd = dataclasses.replace(facts.directory.agency("bkd"), last_post=date(2020, 1, 1))
    assert not views.is_possibly_silent(bkd, facts)  # already marked dormant


def test_an_agency_summary_has_its_links_and_labels(content):
    facts = facts_of(content)
    summary = views.agency_summary(facts.directory.agency("dindukcapil"), facts)
    assert summary == {
        "slug": "dindukcapil", "name": "Dinas Kependudukan dan Pencatatan Sipil", "short_name": "Dindukcapil",
        "path": "akun/dindukcapil/", "handle": "dukcapil_uji", "handle_url": "https://x.com/dukcapil_uji",
        "status": "active", "status_label": "Aktif", "kind_label": facts.cat.kinds["dinas"],
        "intent_url": views.intent_url("dukcapil_uji", facts.post_texts), "checked": "2026-10-01",
        "checked_label": "1 Oktober 2026", "stale": False, "possibly_silent": False, "superseded": False,
        "leader": False, "badge": "active", "badge_label": "Aktif",
    }
    missing = views.agency_summary(facts.directory.agency("dinkes"), facts)
    assert (missing["handle_url"], missing["intent_url"], missing["checked"]) == (None, None, "")


def test_a_summary_is_made_once_and_kept_in_the_summaries_it_is_given(content):
    """The lists share each agency's summary (the same object: what the list pages keep their rows by);
    summaries given from an earlier build are used as they are (the dev server keeps them)."""
    facts = facts_of(content)
    agency = facts.directory.agency("dindukcapil")
    first = views.agency_summary(agency, facts)
    assert views.agency_summary(agency, facts) is first and facts.summaries["dindukcapil"] is first
    kept = {"dindukcapil": {"slug": "dindukcapil", "name": "kept"}}
    later = SiteFacts.of(facts.directory, facts.cat, summaries=kept)
    assert views.agency_summary(agency, later) is kept["dindukcapil"]
    assert views.agency_summary(facts.directory.agency("bkd"), later) is kept["bkd"]


def test_the_newest_check_date_is_the_latest_of_any_agency_and_none_without_dates(content):
    facts = facts_of(content, bkd={"status_checked": date(2026, 11, 1)})
    assert views.newest_check(facts) == date(2026, 11, 1)
    undated = {a.slug: {"status_checked": None} for a in facts.directory.agencies}
    assert views.newest_check(facts_of(content, **undated)) is None


def test_an_agency_page_sends_complaints_to_its_route_and_says_why(content):
    facts = facts_of(content)
    view = views.agency_view(facts.directory.agency("bkd"), facts, "<p>x</p>")
    assert view["route_to"]["slug"] == "humas" and view["takes_complaints"] is False
    assert view["reason"] == {"code": "dormant", "text": facts.cat.site["route_reason_dormant"]}
    assert view["successor"] is None and view["description_html"] == "<p>x</p>"
    assert view["services"] == [{"name": "Kepegawaian ASN", "description": "", "keywords": ["PNS", "ASN"]}]
    own = views.agency_view(facts.directory.agency("dindukcapil"), facts, "")
    assert own["route_to"] is None and own["takes_complaints"] is True  # never "send it to yourself"


def test_a_superseded_agency_names_its_successor(content):
    facts = facts_of(content, dinkes={"superseded_by": "dindukcapil"})
    view = views.agency_view(facts.directory.agency("dinkes"), facts, "")
    assert view["successor"]["slug"] == "dindukcapil" and view["route_to"]["slug"] == "dindukcapil"
    assert view["reason"] == {"code": "superseded", "text": facts.cat.site["route_reason_superseded"]}


@pytest.mark.parametrize("slug, changes, reason", [
    ("bupati", {}, "leader"), ("bkd", {}, "dormant"), ("dinkes", {}, "missing"),
    ("bupati", {"superseded_by": "humas"}, "superseded"),
])
def test_route_reason_prefers_successor_then_leader_then_status(content, slug, changes, reason):
    facts = facts_of(content, **{slug: changes})
    assert facts.reason(facts.directory.agency(slug)) == reason


def test_the_channels_of_an_agency_page_carry_their_label_and_link(content):
    facts = facts_of(content, humas={"channels": (Channel("email", "humas@uji.go.id"),)})
    view = views.agency_view(facts.directory.agency("humas"), facts, "")
    assert view["channels"] == [{"label": facts.cat.site["channel_email"], "value": "humas@uji.go.id",
                                 "href": "mailto:humas@uji.go.id"}]


def test_kind_groups_follow_the_catalogue_order_and_sort_by_name(content):
    facts = facts_of(content)
    groups = views.kind_groups(facts)
    order = list(facts.cat.kinds)
    assert [g["kind"] for g in groups] == sorted({"humas", "dinas", "badan", "pimpinan"}, key=order.index)
    dinas = next(g for g in groups if g["kind"] == "dinas")
    assert [a["slug"] for a in dinas["agencies"]] == ["dindukcapil", "dinkes"]
    assert dinas["id"] == "jenis-dinas" and dinas["label"] == facts.cat.kinds["dinas"]


def test_status_lists_put_dormant_first_and_the_oldest_check_first(content):
    facts = facts_of(content, humas={"status_checked": date(2025, 1, 1)}, bupati={"status_checked": None})
    assert views.status_counts(facts) == {"active": 2, "leaders": 1, "dormant": 1, "missing": 1}  # bupati apart
    lists = views.status_lists(facts)
    assert [l["status"] for l in lists] == ["dormant", "missing", "active"]
    assert [a["slug"] for a in lists[2]["agencies"]] == ["bupati", "humas", "dindukcapil"]  # never checked first
    assert lists[0]["label"] == facts.cat.site["status_dormant"]
    assert lists[0]["heading"] == facts.cat.site["status_heading_dormant"]


def test_topic_letters():
    assert views.topic_letter("Éducation") == "e"
    assert views.topic_letter("112 darurat") == "0-9"
    assert views.topic_letter("KTP") == "k"


def test_topics_list_services_and_keywords_by_letter_without_leaders(content):
    facts = facts_of(content)
    topics = views.topics(facts)
    assert list(topics) == sorted(topics)
    terms = {e["term"]: [a["slug"] for a in e["agencies"]] for entries in topics.values() for e in entries}
    assert terms["KTP hilang"] == ["dindukcapil"] and terms["puskesmas"] == ["dinkes"]
    assert "Pimpinan daerah" not in terms  # a leader's personal account takes no complaints
    assert [e["term"] for e in topics["k"]] == sorted((e["term"] for e in topics["k"]), key=views.sort_key)
    assert views.topics(facts) is topics  # computed once per build


def test_a_topic_two_agencies_handle_lists_both_in_slug_order(content):
    facts = facts_of(content)
    bkd = facts.directory.agency("bkd")
    facts = facts_of(content, humas={"services": bkd.services})
    entry = next(e for e in views.topics(facts)["p"] if e["term"] == "PNS")
    assert [a["slug"] for a in entry["agencies"]] == ["bkd", "humas"]


def test_an_agency_page_reads_the_agencies_on_its_route_and_its_successor(content):
    facts = facts_of(content, dinkes={"fallback": "bkd"})
    assert {"agency:bkd", "agency:humas"} <= set(agency_reads(facts.directory.agency("dinkes"), facts))
    moved = facts_of(content, bkd={"superseded_by": "dindukcapil"})
    reads = agency_reads(moved.directory.agency("bkd"), moved)
    assert "agency:dindukcapil" in reads and {"site", "page-list", "date", "catalogue"} <= set(reads)


def test_the_last_post_date_and_its_label(content):
    facts = facts_of(content, humas={"last_post": date(2026, 10, 31)})
    seen = views.agency_view(facts.directory.agency("humas"), facts, "")
    assert (seen["last_post"], seen["last_post_label"]) == ("2026-10-31", "31 Oktober 2026")
    never = views.agency_view(facts.directory.agency("dindukcapil"), facts, "")
    assert (never["last_post"], never["last_post_label"]) == ("", "")


def test_with_no_active_account_anywhere_the_page_routes_nowhere(content):
    facts = facts_of(content, humas={"active": False})
    view = views.agency_view(facts.directory.agency("dinkes"), facts, "")
    assert view["route_to"] is None  # the template then points to the national channel


def test_a_superseded_agency_is_marked_in_lists_and_keeps_its_account_id(content):
    facts = facts_of(content, dinkes={"superseded_by": "dindukcapil"}, humas={"twitter_id": "1234567890"})
    assert views.agency_summary(facts.directory.agency("dinkes"), facts)["superseded"] is True
    assert views.agency_view(facts.directory.agency("humas"), facts, "")["twitter_id"] == "1234567890"


def test_a_keyword_with_no_letters_is_skipped_not_the_rest_of_the_service(content):
    facts = facts_of(content)
    dinkes = facts.directory.agency("dinkes")
    service = dataclasses.replace(dinkes.services[0], keywords=("—", "posyandu"))
    facts = facts_of(content, dinkes={"services": (service,)})
    assert "posyandu" in {e["term"] for e in views.topics(facts)["p"]}


def test_a_keyword_written_twice_in_another_case_is_listed_once_on_the_page(content):
    """Found by review: "NIK tidak terdaftar … nik tidak terdaftar" on an agency page."""
    dinkes = facts_of(content).directory.agency("dinkes")
    service = dataclasses.replace(dinkes.services[0], keywords=("NIK tidak terdaftar", "posyandu", "nik tidak terdaftar"))
    facts = facts_of(content, dinkes={"services": (service,)})
    shown = views.agency_view(facts.directory.agency("dinkes"), facts, "")["services"][0]["keywords"]
    assert shown == ["NIK tidak terdaftar", "posyandu"]


def test_a_slash_in_a_translation_of_the_ready_post_is_escaped_too(content):
    from akunresmi.i18n import Catalogue

    cat = load_catalogue("id")
    custom = Catalogue("id", {"site": {**cat.site, "intent_text": "{handle} dan/atau"}, "errors": cat.errors,
                              "kinds": cat.kinds})
    site = facts_of(content).directory.site
    assert views.intent_url("HumasUji", views.post_texts(site, custom)).endswith("?text=%40HumasUji%20dan%2Fatau")


PROVINCE = Upstream("Provinsi Jawa Uji", "Humas Provinsi Jawa Uji", "HumasJawaUji",
                    "https://contoh.go.id/jawa-uji/akun/humas/", date(2026, 9, 30))


def national_facts(content, upstream: Upstream | None = PROVINCE, **changes) -> SiteFacts:
    """A region of a national build (site.upstream is its province's account), its fallback dormant."""
    facts = facts_of(content, humas={"active": False}, **changes)
    site = dataclasses.replace(facts.directory.site, upstream=upstream, in_national=True)
    return SiteFacts.of(dataclasses.replace(facts.directory, site=site), facts.cat)


def test_when_no_account_of_the_region_takes_complaints_the_page_sends_them_to_the_province(content):
    facts = national_facts(content, dinkes={"name": "Dinas Kesehatan/KB"})  # a slash is escaped too
    view = views.agency_view(facts.directory.agency("dinkes"), facts, "")
    # The province's Humas takes over from all its regencies': the post says which one the citizen lives in.
    text = "@HumasJawaUji Mohon bantuan, saya ingin melaporkan soal Dinas Kesehatan/KB di Kabupaten Uji: "
    assert view["route_to"] is None and view["upstream"] == {
        "region": "Provinsi Jawa Uji", "name": "Humas Provinsi Jawa Uji", "handle": "HumasJawaUji",
        "url": "https://contoh.go.id/jawa-uji/akun/humas/", "handle_url": "https://x.com/HumasJawaUji",
        "checked": "2026-09-30", "checked_label": "30 September 2026",
        "intent_url": "https://x.com/intent/post?text=" + quote(text, safe=""),
    }


def test_the_province_appears_only_where_the_region_routes_nowhere(content):
    facts = national_facts(content)
    assert views.agency_view(facts.directory.agency("dindukcapil"), facts, "")["upstream"] is None  # takes them
    dormant = national_facts(content, bkd={"fallback": "dindukcapil"})
    assert views.agency_view(dormant.directory.agency("bkd"), dormant, "")["upstream"] is None  # its own fallback
    alone = national_facts(content, upstream=None)  # no province folder: LAPOR! comes next
    assert views.agency_view(alone.directory.agency("dinkes"), alone, "")["upstream"] is None


def test_only_a_region_of_a_national_build_names_itself_in_its_posts(content):
    """A regency's own site posts as before; in the national directory every post a region pre-fills, on
    its pages and in its search index, says where the citizen lives."""
    own = facts_of(content)
    national = national_facts(content)
    assert own.post_texts == {key: own.cat.site[key] for key in views.POST_KEYS}
    assert national.post_texts == {
        "intent_text": "{handle} Mohon bantuan, saya warga Kabupaten Uji, ingin melaporkan: ",
        "intent_text_fallback": "{handle} Mohon bantuan, saya ingin melaporkan soal {agency} di Kabupaten Uji: {query}"}
    page = views.agency_summary(national.directory.agency("dindukcapil"), national)
    assert page["intent_url"].endswith(quote("@dukcapil_uji Mohon bantuan, saya warga Kabupaten Uji, ingin melaporkan: ",
                                             safe=""))
    index = search_index(national.directory, national.routes, national.cat)
    assert {key: index["text"][key] for key in views.POST_KEYS} == national.post_texts
    assert {key: search_index(own.directory, own.routes, own.cat)["text"][key] for key in views.POST_KEYS} == \
        own.post_texts


def test_a_province_account_never_checked_shows_no_date(content):
    summary = views.upstream_summary(dataclasses.replace(PROVINCE, status_checked=None), load_catalogue("id"))
    assert (summary["checked"], summary["checked_label"]) == ("", "")


def test_a_slash_in_an_agency_name_is_escaped_in_the_post_to_the_fallback(content):
    facts = facts_of(content, bkd={"name": "Badan Kepegawaian/Diklat"})
    view = views.agency_view(facts.directory.agency("bkd"), facts, "")
    assert view["route_intent_url"] == ("https://x.com/intent/post?text=%40HumasUji%20Mohon%20bantuan%2C%20saya%20"
                                        "ingin%20melaporkan%20soal%20Badan%20Kepegawaian%2FDiklat%3A%20")
