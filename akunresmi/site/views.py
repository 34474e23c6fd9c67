"""The model → what each page shows: plain dicts the templates print without computing anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any, Callable
from urllib.parse import quote

from ..i18n import Catalogue
from ..model import ACTIVE, DORMANT, MISSING, Agency, Channel, Directory, Site, Upstream
from ..routing import Route, reason_for
from .editlinks import edit_links
from .textnorm import normalise

X_URL = "https://x.com/"
INTENT_URL = "https://x.com/intent/post?text="


@dataclass(frozen=True)
class SiteFacts:
    """What every page needs: the directory, its routes and the language's strings."""

    directory: Directory
    routes: dict[str, Route]
    cat: Catalogue
    # Views several pages share (the lists, the topic index, the newest check date), computed once per build.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # The dev server's topic index and lists, kept between builds (site/topics.py, site/lists.py); None:
    # computed whole.
    topic_index: Any = field(default=None, compare=False, repr=False)
    list_index: Any = field(default=None, compare=False, repr=False)
    # Each agency's summary by slug: the dev server keeps them between builds (build/builder.py), each
    # while the agency shows the same in the lists under the same site, date and catalogue.
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    # The dev server: the slugs of the agencies that are not the very objects of its last build that
    # completed, when those are the only ones whose summary can differ (the same agencies, site, date and
    # catalogue; a failed build drops what relies on this); None: unknown, every agency is looked at.
    changed: frozenset[str] | None = field(default=None, compare=False, repr=False)

    def once(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @classmethod
    def of(cls, directory: Directory, cat: Catalogue, topic_index: Any = None, list_index: Any = None,
           summaries: dict[str, dict[str, Any]] | None = None, changed: frozenset[str] | None = None) -> "SiteFacts":
        return cls(directory, directory.routes, cat, topic_index=topic_index, list_index=list_index,
                   summaries={} if summaries is None else summaries, changed=changed)

    @property
    def post_texts(self) -> dict[str, str]:
        return self.once("post_texts", lambda: post_texts(self.directory.site, self.cat))

    def reason(self, agency: Agency) -> str:
        """Why complaints about this agency go where they go (one of routing.REASONS)."""
        route = self.routes[agency.slug]
        code = reason_for(agency, route, self.directory.by_slug)
        if code != "active" and route.target is None and self.directory.site.upstream is None:
            return "national"  # no account here or above: "send it to the account below" would name none
        return code


def agencies_to_look_at(facts: SiteFacts, kept: bool) -> list[Agency] | None:
    """For a view the dev server keeps (the lists, the topic index) that holds what it showed last
    (`kept`): only the agencies SiteFacts.changed names may show otherwise now; None: look at them all."""
    if facts.changed is None or not kept:
        return None
    return [facts.directory.by_slug[slug] for slug in facts.changed]


def agency_path(slug: str) -> str:
    return f"akun/{slug}/"


def long_date(value: date | None, cat: Catalogue) -> str:
    if value is None:
        return ""
    months = cat.site["months"].split()
    return f"{value.day} {months[value.month - 1]} {value.year}"


# The posts a site pre-fills: to an agency, and to the account that takes over (naming the agency); in a
# region of a national build, the same sentences saying which region the citizen writes from.
POST_KEYS = ("intent_text", "intent_text_fallback")
REGION_POST_KEYS = ("intent_text_region", "intent_text_fallback_region")


def post_texts(site: Site, cat: Catalogue) -> dict[str, str]:
    """The posts' sentences as this site writes them, by POST_KEYS, with {handle}, {agency} and {query} still
    to fill (by the pages, and by the search script from its index). A region of a national build names
    itself: a province's Humas takes over from its regencies' and could not tell otherwise whose "Dinas
    Kesehatan" a post is about."""
    if not site.in_national:
        return {key: cat.site[key] for key in POST_KEYS}
    return {key: cat.text(region_key, region=site.region, handle="{handle}", agency="{agency}", query="{query}")
            for key, region_key in zip(POST_KEYS, REGION_POST_KEYS)}


def intent_url(handle: str, texts: dict[str, str]) -> str:
    """A post to the agency's own account; `texts`: post_texts."""
    return _intent_url(texts["intent_text"].format(handle=f"@{handle}"))


@lru_cache(maxsize=65536)  # every list shows every agency's summary: quoting 20,000 texts each time
def _intent_url(text: str) -> str:
    return INTENT_URL + quote(text, safe="")


def fallback_intent_url(handle: str, agency: Agency, texts: dict[str, str]) -> str:
    """A post to the account that takes over, naming the agency the complaint is about (≤ 280 characters:
    the longest name and handle the schema allows still leave room for the complaint)."""
    text = texts["intent_text_fallback"].format(handle=f"@{handle}", agency=agency.name, query="")
    return INTENT_URL + quote(text, safe="")


def channel_href(channel: Channel) -> str | None:
    """Only http(s), mailto and tel links ever leave our pages."""
    value = channel.value
    if channel.kind == "email":
        return f"mailto:{value}"
    if channel.kind == "phone":
        digits = "".join(c for c in value if c.isdigit() or c == "+")
        return "tel:" + ("+62" + digits[1:] if digits.startswith("0") else digits)
    if channel.kind == "whatsapp":
        return "https://wa.me/" + value.lstrip("+")
    if channel.kind == "instagram":
        return f"https://www.instagram.com/{value}/"
    if channel.kind == "tiktok":
        return f"https://www.tiktok.com/@{value}"
    if channel.kind in ("website", "facebook", "youtube"):
        return value
    return None


def newest_check(facts: SiteFacts) -> date | None:
    """The latest date any agency's status was checked (the sitemap, the feed and agencies.json show it)."""
    return facts.once("newest-check", lambda: max(
        filter(None, map(attrgetter("status_checked"), facts.directory.agencies)), default=None))


def is_stale(agency: Agency, facts: SiteFacts) -> bool:
    return agency.handle is not None and checked_too_long_ago(agency.status_checked, facts)


def checked_too_long_ago(checked: date | None, facts: SiteFacts) -> bool:
    """Whether a status checked then (or never) is older than the site's stale_days."""
    d = facts.directory
    return checked is None or (d.build_date - checked).days > d.site.stale_days


def is_possibly_silent(agency: Agency, facts: SiteFacts) -> bool:
    d = facts.directory
    return (agency.status == ACTIVE and agency.last_post is not None
            and (d.build_date - agency.last_post).days > d.site.silent_days)


def agency_summary(agency: Agency, facts: SiteFacts) -> dict[str, Any]:
    """The few facts a list row or a fallback box shows (shared: do not modify the result)."""
    found = facts.summaries.get(agency.slug)
    if found is None:
        found = facts.summaries[agency.slug] = _summary(agency, facts)
    return found


def _summary(agency: Agency, facts: SiteFacts) -> dict[str, Any]:
    cat = facts.cat
    return {
        "slug": agency.slug, "name": agency.name, "short_name": agency.short_name, "path": agency_path(agency.slug),
        "handle": agency.handle, "handle_url": X_URL + agency.handle if agency.handle else None,
        "status": agency.status, "status_label": cat.site[f"status_{agency.status}"],
        # The badge a list, a page and a search card show: what the citizen should know first, the same
        # word everywhere (a dissolved office is not "no account yet"; a leader's personal account is
        # not the agency's active one).
        "badge": badge_of(agency), "badge_label": badge_label(badge_of(agency), cat),
        "kind_label": cat.kinds[agency.kind],
        "intent_url": intent_url(agency.handle, facts.post_texts) if agency.handle else None,
        "checked": agency.status_checked.isoformat() if agency.status_checked else "",
        "checked_label": long_date(agency.status_checked, cat),
        "stale": is_stale(agency, facts), "possibly_silent": is_possibly_silent(agency, facts),
        "superseded": bool(agency.superseded_by), "leader": agency.is_leader,
    }


def badge_of(agency: Agency) -> str:
    """superseded, leader, or the account's status (active, dormant, missing): chosen so that it never
    contradicts the routing reason's sentence (a leader's account is active but takes no complaints, a
    superseded agency is gone whatever its account). The search card shows the same."""
    if agency.superseded_by:
        return "superseded"
    return "leader" if agency.is_leader and agency.status == ACTIVE else agency.status


def badge_label(badge: str, cat: Catalogue) -> str:
    return cat.site[f"search_badge_{badge}"] if badge in ("superseded", "leader") else cat.site[f"status_{badge}"]


def shown_keywords(keywords: tuple[str, ...]) -> list[str]:
    """A service's keywords as its page lists them: each once, whatever its case ("NIK tidak terdaftar",
    "nik tidak terdaftar"), as first written. The search still reads them all."""
    seen: set[str] = set()
    return [k for k in keywords if not (k.casefold() in seen or seen.add(k.casefold()))]


def agency_view(agency: Agency, facts: SiteFacts, description_html: str) -> dict[str, Any]:
    """Everything an agency's own page shows, including where complaints go instead."""
    route = facts.routes[agency.slug]
    by_slug = facts.directory.by_slug
    target = by_slug[route.target] if route.target else None
    view = dict(agency_summary(agency, facts))
    view.update({
        "source": agency.source,
        "last_post": agency.last_post.isoformat() if agency.last_post else "",
        "last_post_label": long_date(agency.last_post, facts.cat),
        "services": [{"name": s.name, "description": s.description, "keywords": shown_keywords(s.keywords)}
                     for s in agency.services],
        "channels": [{"label": facts.cat.site[f"channel_{c.kind}"], "value": c.value, "href": channel_href(c)}
                     for c in agency.channels],
        "description_html": description_html,
        "takes_complaints": agency.takes_complaints,
        "route_to": agency_summary(target, facts) if target and target.slug != agency.slug else None,
        "route_intent_url": (fallback_intent_url(target.handle, agency, facts.post_texts)
                             if target and target.handle and target.slug != agency.slug else None),
        "successor": agency_summary(by_slug[agency.superseded_by], facts) if agency.superseded_by else None,
        "upstream": upstream_view(agency, facts) if target is None else None,
        "twitter_id": agency.twitter_id,
        "reason": reason_sentence(agency, facts),
        "fix_links": edit_links(agency, facts.directory.site, facts.directory.site.base_url + agency_path(agency.slug),
                                facts.cat),
    })
    return view


def upstream_view(agency: Agency, facts: SiteFacts) -> dict[str, Any] | None:
    """In a national build, the province's fallback account that takes over when no account of the
    region does (routing across levels): a post to it names the agency it concerns."""
    up = facts.directory.site.upstream
    if up is None:
        return None
    return {**upstream_summary(up, facts.cat), "intent_url": fallback_intent_url(up.handle, agency, facts.post_texts)}


def upstream_summary(up: Upstream, cat: Catalogue) -> dict[str, Any]:
    """The province's account as a page shows it (an agency page, a region without data)."""
    return {"region": up.region, "name": up.name, "handle": up.handle, "url": up.url,
            "handle_url": X_URL + up.handle,
            "checked": up.status_checked.isoformat() if up.status_checked else "",
            "checked_label": long_date(up.status_checked, cat)}


def reason_sentence(agency: Agency, facts: SiteFacts) -> dict[str, str]:
    """The routing reason's code and its one catalogue sentence, shared by the page and the poster."""
    code = facts.reason(agency)
    return {"code": code, "text": facts.cat.site[f"route_reason_{code}"]}


def kind_groups(facts: SiteFacts) -> list[dict[str, Any]]:
    """Agencies grouped by kind, in the catalogue's order of kinds, each group sorted by name."""
    index = facts.list_index
    if index is None:
        return facts.once("kind-groups", lambda: _kind_groups(facts))  # the home page and its key
    facts.once("list-index", lambda: index.update(facts))
    return facts.once("kind-groups", lambda: index.kind_groups(facts))


def _kind_groups(facts: SiteFacts) -> list[dict[str, Any]]:
    by_kind: dict[str, list[Agency]] = {}
    for agency in facts.directory.agencies:
        by_kind.setdefault(agency.kind, []).append(agency)
    groups = []
    for kind, label in facts.cat.kinds.items():
        members = sorted(by_kind.get(kind, ()), key=lambda a: sort_key(a.name))
        if members:
            groups.append({"kind": kind, "label": label, "id": f"jenis-{kind}",
                           "agencies": [agency_summary(a, facts) for a in members]})
    return groups


def status_counts(facts: SiteFacts) -> dict[str, int]:
    """The home page's counts: accounts by status, with the leaders' personal accounts counted apart
    from the active ones (they are active, but take no complaints: "5 akun aktif" promised five places
    to complain where there were three)."""
    if facts.list_index is not None:  # the kept lists are there already: no pass over the agencies
        lists = {entry["status"]: entry["agencies"] for entry in status_lists(facts)}
        leaders = sum(1 for summary in lists[ACTIVE] if summary["leader"])
    else:
        lists = _by_status(facts)
        leaders = sum(1 for agency in lists[ACTIVE] if agency.is_leader)
    return {ACTIVE: len(lists[ACTIVE]) - leaders, "leaders": leaders, DORMANT: len(lists[DORMANT]),
            MISSING: len(lists[MISSING])}


def _by_status(facts: SiteFacts) -> dict[str, list[Agency]]:
    """The agencies of each status, in the directory's order; one pass, shared by the counts and the lists."""
    return facts.once("by-status", lambda: _grouped_by_status(facts.directory.agencies))


def _grouped_by_status(agencies: list[Agency]) -> dict[str, list[Agency]]:
    groups: dict[str, list[Agency]] = {ACTIVE: [], DORMANT: [], MISSING: []}
    for agency in agencies:
        groups[agency.status].append(agency)
    return groups


def status_lists(facts: SiteFacts) -> list[dict[str, Any]]:
    """Active, dormant and missing accounts; the oldest-checked first, so Humas re-checks those."""
    index = facts.list_index
    if index is None:
        return facts.once("status-lists", lambda: _status_lists(facts))  # the status page and its key
    facts.once("list-index", lambda: index.update(facts))
    return facts.once("status-lists", lambda: index.status_lists(facts))


def _status_lists(facts: SiteFacts) -> list[dict[str, Any]]:
    lists = []
    by_status = _by_status(facts)
    for status in (DORMANT, MISSING, ACTIVE):
        members = list(by_status[status])
        members.sort(key=lambda a: (a.status_checked or date.min, sort_key(a.name)))
        lists.append({"status": status, "label": facts.cat.site[f"status_{status}"],
                      "heading": facts.cat.site[f"status_heading_{status}"],
                      "agencies": [agency_summary(a, facts) for a in members]})
    return lists


@lru_cache(maxsize=65536)  # the lists sort every agency by name on every build that changes them
def sort_key(text: str) -> str:
    return normalise(text)


def topic_letter(term: str) -> str:
    first = normalise(term)[:1]
    return first if first.isalpha() else "0-9"


def topics(facts: SiteFacts) -> dict[str, list[dict[str, Any]]]:
    """Letter → sorted topics (service names and keywords), each with the agencies that handle it."""
    index = facts.topic_index
    return facts.once("topics", lambda: index.view(facts) if index is not None else _topics(facts))


def agency_terms(agency: Agency) -> dict[str, str]:
    """The topics an agency is listed under (its services' names and keywords): each term's key, with
    the first spelling it uses."""
    terms: dict[str, str] = {}
    for service in agency.services:
        for term in (service.name, *service.keywords):
            key = sort_key(term)
            if key and key not in terms:
                terms[key] = term
    return terms


def _topics(facts: SiteFacts) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, dict[str, Any]] = {}
    for agency in facts.directory.agencies:
        if agency.is_leader:
            continue  # complaints are not for leaders' personal accounts
        summary = agency_summary(agency, facts)  # looked up once per agency, not once per term
        for key, term in agency_terms(agency).items():
            entry = found.setdefault(key, {"term": term, "agencies": {}})
            entry["agencies"][agency.slug] = summary
    letters: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(found):
        entry = found[key]
        agencies = [entry["agencies"][s] for s in sorted(entry["agencies"])]
        letters.setdefault(topic_letter(entry["term"]), []).append({"term": entry["term"], "agencies": agencies})
    return dict(sorted(letters.items()))
