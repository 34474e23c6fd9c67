"""The site as a flat set of targets: each names the inputs it reads and makes its files when asked.

An input is a name ("agency:dinkes", "site", "template:base.html", ...) whose digest the builder
computes from the data itself; a target's key is the digest of everything it reads, so a change
invalidates exactly the targets that read it. Templates a target uses are found by Jinja itself
(`find_referenced_templates`, followed recursively), never listed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

import jinja2
import jinja2.meta

from ..model import Agency
from ..pieces import FileData
from ..site.assets import published_static, static_names
from ..site.exports import ExportRows, export_files
from ..site.posters import render_poster
from ..site.render import Renderer, published_schemas
from ..site.search import SearchRows
from ..site.views import SiteFacts, topics

Files = list[tuple[str, FileData]]  # an export's bytes come in pieces (pieces.py)
# What every page's frame shows (title, footer pages, strings) and what the exports read.
FRAME = ("site", "page-list", "date", "catalogue")
AGGREGATE = ("agencies", *FRAME)


# Not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__, three times the
# cost of a plain one, and a build makes two targets per agency (40,000 at 20,000 agencies) on every
# save of the dev server. Nothing changes a target once made (dataclasses.replace makes a new one).
@dataclass(slots=True)
class Target:
    name: str
    reads: tuple[str, ...]  # input names besides templates
    templates: tuple[str, ...]  # the templates it renders; those they include or extend are found
    make: Callable[[], Files]
    spread: bool = False  # one of many (per agency, or a list page): worth handing to the worker pool
    joined: bool = False  # joined from each agency's part (site/parts.py): made after the parts


def referenced_templates(env: jinja2.Environment, names: tuple[str, ...]) -> list[str]:
    """The templates and everything they extend, include or import, sorted."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        for found in jinja2.meta.find_referenced_templates(env.parse(source)):
            if found is None:  # a name computed at render time: every template may be read
                todo.extend(env.list_templates())
            else:
                todo.append(found)
    return sorted(seen)


def agency_reads(agency: Agency, facts: SiteFacts) -> tuple[str, ...]:
    """An agency's page and poster show it, its route, and the agencies on that route (their status decides
    the routing reason) or that it names."""
    route = facts.routes[agency.slug]
    named = sorted({*route.steps, route.target, agency.superseded_by} - {None, agency.slug})
    return (f"agency:{agency.slug}", f"route:{agency.slug}", *(f"agency:{slug}" for slug in named),
            "site", "page-list", "date", "catalogue")


class AgencyTargets:
    """Each agency's page and poster targets, kept by the dev server between saves: a target is reused
    while its agency is the same object (the read keeps an unchanged file's parse) and its reads are the
    same. Making 40,000 targets anew was a tenth of a second of every save at 20,000 agencies. A kept
    target makes its files with the build's renderer, not the one it was listed with."""

    def __init__(self) -> None:
        # slug → (route, successor, reads, agency, page target, poster target)
        self.by_slug: dict[str, tuple[Any, str | None, tuple[str, ...], Agency, Target, Target]] = {}
        self.facts: SiteFacts | None = None
        self.renderer: Renderer | None = None
        # The last list, and the routes and agencies it was made for
        self.targets: list[Target] = []
        self.routes: dict[str, Any] | None = None
        self.slugs: tuple[str, ...] | None = None

    def listed(self, facts: SiteFacts, renderer: Renderer) -> list[Target]:
        """Every agency's page and poster, in the directory's order."""
        self.facts, self.renderer = facts, renderer
        d, routes = facts.directory, facts.routes
        if facts.changed is not None and routes is self.routes and d.slugs == self.slugs:
            # Only these agencies may differ (and no route did): the last list, with their targets replaced
            targets, places = list(self.targets), d.places
            for slug in facts.changed:
                i = 2 * places[slug]
                targets[i:i + 2] = self._targets_of(d.by_slug[slug], facts)
        else:
            targets = []
            for agency in d.agencies:
                targets += self._targets_of(agency, facts)
            if len(self.by_slug) > len(d.agencies):  # deleted agencies
                for slug in self.by_slug.keys() - d.by_slug.keys():
                    del self.by_slug[slug]
        self.targets, self.routes, self.slugs = targets, routes, d.slugs
        return targets

    def _targets_of(self, agency: Agency, facts: SiteFacts) -> tuple[Target, Target]:
        route, found = facts.routes[agency.slug], self.by_slug.get(agency.slug)
        if found is None or found[1] != agency.superseded_by or not (found[0] is route or found[0] == route):
            reads = agency_reads(agency, facts)
        elif found[3] is agency:
            return found[4:]  # type: ignore[return-value]
        else:
            reads = found[2]
        found = self.by_slug[agency.slug] = (
            route, agency.superseded_by, reads, agency,
            Target(f"page:{agency.slug}", reads, ("agency.html",), partial(self._page, agency), spread=True),
            Target(f"poster:{agency.slug}", reads, ("poster.html",), partial(self._poster, agency), spread=True))
        return found[4:]  # type: ignore[return-value]

    def _page(self, agency: Agency) -> Files:
        assert self.renderer is not None
        return [self.renderer.agency(agency)]

    def _poster(self, agency: Agency) -> Files:
        assert self.renderer is not None and self.facts is not None
        return [render_poster(agency, self.facts, self.renderer)]


def aggregate_targets(facts: SiteFacts, renderer: Renderer, letters: list[str] | None = None,
                      rows: ExportRows | None = None, search_rows: SearchRows | None = None,
                      lists_here: bool = False) -> list[Target]:
    """The lists read the views they show (a description edit leaves the home page alone); the data
    files read every agency. `letters`: the topic index's letters when the caller knows them (the
    builder does, when nothing the lists show changed), so the topic view need not be computed;
    `rows`, `search_rows`: each agency's export rows and search index part, kept by the caller between builds.
    `lists_here`: the list pages are made by this process, never by a forked worker (the dev server)."""
    letters = list(topics(facts)) if letters is None else letters
    # The list pages are spread too: made by this process, they kept the workers waiting on it (it writes
    # their files) for seconds at 20,000 agencies. The topic view they share is computed just above,
    # before the workers start with this process's memory. But the dev server keeps each agency's row
    # and link in them (site/fragments.py) for the next save: made by a forked worker, they were lost
    # with it, and the first name edit made all of them again (2.6 s at 20,000 agencies, against 1.0 s
    # for the next). It makes the lists itself, first, reading the worker's pipe between two.
    spread = not lists_here
    # The renderer makes each agency's home row, status row and topic link by a macro of _macros.html
    # (site/fragments.py): those pages use it though their templates do not name it.
    targets = [Target("home", ("view:home", *FRAME), ("home.html", "_macros.html"), lambda: [renderer.home()],
                      spread=spread),
               Target("status", ("view:status", *FRAME), ("status.html", "_macros.html"), lambda: [renderer.status()],
                      spread=spread),
               Target("topics", ("view:topic-letters", *FRAME), ("topics.html",), lambda: [renderer.topic_page(None)],
                      spread=spread)]
    targets += [Target(f"topics:{letter}", (f"view:topics:{letter}", "view:topic-letters", *FRAME),
                       ("topics.html", "_macros.html"),
                       lambda x=letter: [renderer.topic_page(x)], spread=spread) for letter in letters]
    d, search_rows = facts.directory, search_rows or SearchRows()
    # The index shows the site's region, emergency numbers and fallback, and marks stale statuses (the date).
    targets.append(Target("search-index", ("agencies", "synonyms", "site", "date", "catalogue"), (),
                          lambda: [("search-index.json", search_rows.index_bytes(d, facts.routes, facts.cat))],
                          joined=True))
    targets.append(Target("exports", AGGREGATE, (), lambda: list(export_files(facts, rows, letters)), joined=True))
    return targets


def page_targets(facts: SiteFacts, renderer: Renderer) -> list[Target]:
    """Content pages and the 404 page: they read the site settings, not the agencies."""
    base = ("site", "page-list", "catalogue")
    targets = [Target(f"content-page:{page.slug}", (*base, f"page:{page.slug}"), ("page.html",),
                      lambda p=page: [renderer.content_page(p)]) for page in facts.directory.pages]
    targets.append(Target("404", base, ("404.html",), lambda: [renderer.not_found()]))
    return targets


def file_targets(static: Path, url: str) -> list[Target]:
    """Static files (scripts and stylesheets minified) and the schemas published under `url`."""
    targets = [Target(f"static:{rel}", (f"static:{rel}",), (), lambda r=rel: [(f"static/{r}", published_static(static, r))])
               for rel in static_names(static)]
    targets.append(Target("schemas", ("schemas",), (), lambda: list(published_schemas(url))))
    return targets


def site_targets(facts: SiteFacts, renderer: Renderer, static: Path, *, letters: list[str] | None = None,
                 rows: ExportRows | None = None, search_rows: SearchRows | None = None,
                 kept: AgencyTargets | None = None, lists_here: bool = False) -> list[Target]:
    """Every target of the site; the lists first, since in the worker pool the longest jobs are best
    taken first. A region of a national build has no static files or schemas of its own: the
    national root publishes them for all."""
    shared = facts.directory.site.shared_url is not None
    return [*aggregate_targets(facts, renderer, letters, rows, search_rows, lists_here),
            *(kept or AgencyTargets()).listed(facts, renderer),
            *page_targets(facts, renderer),
            *([] if shared else file_targets(static, facts.directory.site.assets_url))]
