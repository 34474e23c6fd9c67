"""The validated directory: frozen data that every later stage reads and none changes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .routing import Route

ACTIVE, DORMANT, MISSING = "active", "dormant", "missing"


def _values(obj: object) -> tuple:
    """A slotted dataclass's field values, in order: its pickled state (dataclasses' own walks fields()
    for every object, which made unpickling 20,000 agencies twice as slow as with a __dict__)."""
    return tuple(map(obj.__getattribute__, type(obj).__slots__))


def _set_values(obj: object, values: tuple) -> None:
    for name, value in zip(type(obj).__slots__, values):
        object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    description: str
    keywords: tuple[str, ...]

    __getstate__ = _values
    __setstate__ = _set_values


@dataclass(frozen=True, slots=True)
class Channel:
    """Another official contact: `kind` is the schema's key (email, phone, website, …)."""

    kind: str
    value: str

    __getstate__ = _values
    __setstate__ = _set_values


@dataclass(frozen=True)
class NationalChannel:
    name: str
    url: str
    description: str


@dataclass(frozen=True)
class Emergency:
    """A national emergency number, the words that mean a citizen needs it, the agencies that answer it."""
    number: str
    name: str
    source: str
    words: tuple[str, ...]
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Agency:
    slug: str
    source_path: str
    name: str
    short_name: str
    kind: str
    handle: str | None
    twitter_id: str | None
    active: bool
    status_checked: date | None
    source: str
    last_post: date | None
    services: tuple[Service, ...]
    channels: tuple[Channel, ...]
    description: str
    fallback: str | None
    superseded_by: str | None
    # Other words citizens use for its matters, for the search alone (learned from labelled complaints).
    search_words: tuple[str, ...] = ()

    __getstate__ = _values
    __setstate__ = _set_values

    @property
    def status(self) -> str:
        """Aktif, tidak aktif (mati suri) or belum ada akun."""
        if not self.handle:
            return MISSING
        return ACTIVE if self.active else DORMANT

    @property
    def is_leader(self) -> bool:
        """A leader's personal account: listed, but never where complaints end."""
        return self.kind == "pimpinan"

    @property
    def takes_complaints(self) -> bool:
        return self.status == ACTIVE and not self.is_leader and not self.superseded_by


@dataclass(frozen=True)
class Upstream:
    """In a national build, where complaints go when a region's own fallback does not take them: the
    fallback account of its province (routing across levels; LAPOR! comes after it)."""

    region: str  # "Jawa Tengah"
    name: str
    handle: str
    url: str  # its page on the national site
    status_checked: date | None


@dataclass(frozen=True)
class RegionLink:
    """Another region of a national build, as a region's pages link to it."""

    name: str  # "Provinsi Jawa Tengah", "Kabupaten Blora"
    path: str  # from the region's own root: "../provinsi-jawa-tengah/"
    has_data: bool = False


@dataclass(frozen=True)
class Site:
    title: str
    region: str
    language: str
    base_url: str
    fallback: str
    cname: str | None
    description: str
    stale_days: int
    silent_days: int
    national_channels: tuple[NationalChannel, ...]
    repository: tuple[str, str] | None = None  # (GitHub URL, branch): where the content is edited
    emergency: tuple[Emergency, ...] = ()
    code: str | None = None  # the region's official Kemendagri code, e.g. "33.16" (akunresmi/regions)
    nearby: tuple[str, ...] = ()  # official codes of neighbouring regions citizens name: the search says "not found"
    upstream: Upstream | None = None  # national builds only
    in_national: bool = False  # one region of a national build: its pages link to the national home
    shared_url: str | None = None  # national builds: the root that publishes static/ and schema/ for every region
    content_path: str = "content"  # the content folder in the repository (a region of a national build: its folder)
    # National builds: a kabupaten/kota's province, to which its pages lead up; a province's kabupaten/kota,
    # which its home lists
    province: RegionLink | None = None
    regencies: tuple[RegionLink, ...] = ()

    @property
    def assets_url(self) -> str:
        """The address under which static/ and schema/ are published: the site's own root, or in a
        national build the national root (one copy for all regions, not one per region)."""
        return self.shared_url or self.base_url

    @property
    def assets_up(self) -> str:
        """The relative way from the site's root up to `assets_url` ("" or "../")."""
        if not self.shared_url:
            return ""
        return "../" * (self.base_url[len(self.shared_url):].count("/"))

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: "/" or "/akun-resmi/"."""
        rest = self.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


@dataclass(frozen=True)
class RegionSettings:
    """What a national build sets in each region's site: where complaints go after the region's own
    fallback, and the national channels and emergency numbers (a region's own numbers are kept)."""

    upstream: Upstream | None
    national_channels: tuple[NationalChannel, ...]
    emergency: tuple[Emergency, ...]
    shared_url: str | None = None  # the national root, which publishes static/ and schema/ once
    # national.yaml's repository, and the region's folder in it: where its pages' edit links lead (a
    # region's own repository, named in its site.yaml, is kept)
    repository: tuple[str, str] | None = None
    content_path: str = "content"
    province: RegionLink | None = None  # a kabupaten/kota's province
    regencies: tuple[RegionLink, ...] = ()  # a province's kabupaten/kota
    # The code national.yaml lists the region's folder under: its site.yaml's own code is checked against
    # it (by the national build, naming national.yaml's line), not its name against a code that differs.
    code: str | None = None
    # The repository national.yaml names when `build --repository` replaced it (a fork's CI run): a region's
    # site.yaml naming it meant the national repository, so its pages lead to the replacing one too.
    replaced_repository: str | None = None

    def applied_to(self, site: Site) -> Site:
        if site.repository is not None and site.repository[0] == self.replaced_repository:
            site = replace(site, repository=None)
        return replace(site, upstream=self.upstream, national_channels=self.national_channels,
                       emergency=site.emergency or self.emergency, in_national=True, shared_url=self.shared_url,
                       repository=site.repository or self.repository, province=self.province,
                       regencies=self.regencies,
                       content_path=self.content_path if self._same_repository(site) else site.content_path)

    def _same_repository(self, site: Site) -> bool:
        """The region's pages are edited in national.yaml's repository (its site.yaml names none, or that one)."""
        return site.repository is None or (self.repository is not None and site.repository[0] == self.repository[0])


@dataclass(frozen=True)
class Page:
    slug: str
    source_path: str
    title: str
    body: str


@dataclass(frozen=True)
class Directory:
    site: Site
    agencies: tuple[Agency, ...]
    pages: tuple[Page, ...]
    synonyms: tuple[tuple[str, ...], ...]
    build_date: date

    def agency(self, slug: str) -> Agency:
        return self.by_slug[slug]

    @cached_property
    def by_slug(self) -> dict[str, Agency]:
        return {a.slug: a for a in self.agencies}

    @cached_property
    def slugs(self) -> tuple[str, ...]:
        return tuple(a.slug for a in self.agencies)

    @cached_property
    def places(self) -> dict[str, int]:
        """slug → the agency's place in `agencies`."""
        return {slug: i for i, slug in enumerate(self.slugs)}

    @cached_property
    def routes(self) -> dict[str, Route]:
        """Where each agency's complaints go (routing.py), worked out once per directory."""
        from .routing import routes_for_all  # noqa: PLC0415 - routing builds on this module
        return routes_for_all(self.by_slug, self.site.fallback)

    def with_site(self, site: Site) -> Directory:
        """The same agencies under other site settings (a base URL, a region's national settings); what
        was worked out from the agencies is kept while the site's fallback is the same."""
        return replace(self, site=site).worked_out_as(
            self, "by_slug", "slugs", "places", *(("routes",) if site.fallback == self.site.fallback else ()))

    def worked_out_as(self, other: Directory, *names: str) -> Directory:
        """This directory, taking what `other` has worked out of these (cached) properties as its own:
        the caller knows they come out the same (the same agencies, routes, ...)."""
        for name in names:
            if name in other.__dict__:
                self.__dict__[name] = other.__dict__[name]
        return self
