"""The directory as open data: agencies.json (with a published schema), agencies.csv, Open311 services.

Everything is sorted and free of build timestamps, so the same content gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any, Iterator, Mapping
from xml.sax.saxutils import escape, quoteattr

from ..model import Agency, Directory
from ..routing import Route
from ..pieces import FileData, OutOfBand, Pieces, pieces, separated
from .textnorm import normalise
from ..content.validate import load_schema
from .views import X_URL, SiteFacts, agency_path, newest_check

EXPORT_SCHEMA = "agencies-export.schema.json"
# The open data files, as the site publishes them (the status page links each)
AGENCIES_JSON, AGENCIES_CSV = "data/agencies.json", "data/agencies.csv"
OPEN311_JSON, OPEN311_XML = "open311/services.json", "open311/services.xml"
EXPORT_VERSION = 1
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot carry at all, even escaped (a YAML "\x0b" escape could bring one in).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def json_text(data: Any) -> str:
    # Compact: without indent the C encoder runs, which is what keeps 20,000 agencies fast.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_bytes(data: Any) -> bytes:
    return (json_text(data) + "\n").encode("utf-8")


def xml_text(value: Any) -> str:
    return escape(_NOT_XML.sub("", csv_cell(value)))


def xml_attrs(attrs: dict[str, str] | None) -> str:
    return "".join(f" {name}={quoteattr(_NOT_XML.sub('', value))}" for name, value in (attrs or {}).items())


def xml_leaf(tag: str, value: Any, indent: str = "", attrs: dict[str, str] | None = None) -> str:
    """One element with escaped text. The exports are flat, so they are written line by line:
    ElementTree took most of an export's time at 20,000 agencies."""
    return f"{indent}<{tag}{xml_attrs(attrs)}>{xml_text(value)}</{tag}>\n"


def xml_empty(tag: str, indent: str = "", attrs: dict[str, str] | None = None) -> str:
    return f"{indent}<{tag}{xml_attrs(attrs)}/>\n"


def xml_document(lines: list[str]) -> bytes:
    return (XML_DECLARATION + "".join(lines)).encode("utf-8")


def xml_joined(parts: list[bytes]) -> Pieces:
    """The document of these parts, encoded already (agencies' rows: see OpenDataRows)."""
    return pieces([XML_DECLARATION.encode("utf-8"), *parts])


def channel_kinds() -> list[str]:
    """The channel kinds in the agency schema's order: the schema is their one list."""
    return list(load_schema("agency")["properties"]["channels"]["properties"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def by_slug(facts: SiteFacts) -> list[Agency]:
    return sorted(facts.directory.agencies, key=lambda a: a.slug)


def complaints_handle(agency: Agency, facts: SiteFacts) -> str | None:
    """The X handle that takes complaints about this agency: its route's target's, or in a national
    build the level above's when the route ends in this region without one (as its page says)."""
    return handle_complaints_reach(facts.directory, facts.routes, agency.slug)


def handle_complaints_reach(directory: Directory, routes: Mapping[str, Route], slug: str) -> str | None:
    """complaints_handle for a directory and its routes (build.py diff compares two of them)."""
    target = routes[slug].target
    if target:
        return directory.by_slug[target].handle
    upstream = directory.site.upstream
    return upstream.handle if upstream else None


def agency_record(agency: Agency, facts: SiteFacts) -> dict[str, Any]:
    site = facts.directory.site
    target = facts.routes[agency.slug].target
    return {
        "slug": agency.slug, "name": agency.name, "short_name": agency.short_name or None, "kind": agency.kind,
        "url": site.base_url + agency_path(agency.slug), "status": agency.status,
        "x": ({"handle": agency.handle, "url": X_URL + agency.handle, "id": agency.twitter_id}
              if agency.handle else None),
        "active": agency.active,
        "status_checked": agency.status_checked.isoformat() if agency.status_checked else None,
        "source": agency.source or None,
        "last_post": agency.last_post.isoformat() if agency.last_post else None,
        "takes_complaints": agency.takes_complaints,
        "complaints_to": target,
        "complaints_to_x_handle": complaints_handle(agency, facts),
        "fallback": agency.fallback, "superseded_by": agency.superseded_by,
        "services": [{"name": s.name, "description": s.description, "keywords": list(s.keywords)}
                     for s in agency.services],
        "channels": {c.kind: c.value for c in agency.channels},
        "description": agency.description,
    }


def agencies_document(facts: SiteFacts, records: bool = True) -> dict[str, Any]:
    """The whole of agencies.json; with records=False, its "agencies" list is left empty (to be joined)."""
    site = facts.directory.site
    return {
        "$schema": site.assets_url + "schema/" + EXPORT_SCHEMA, "version": EXPORT_VERSION,
        "site": {"title": site.title, "region": site.region, "language": site.language, "url": site.base_url,
                 "fallback": site.fallback,
                 "national_channels": [{"name": c.name, "url": c.url} for c in site.national_channels]},
        "updated": _iso(newest_check(facts)),
        "agencies": [agency_record(a, facts) for a in by_slug(facts)] if records else [],
    }


CSV_COLUMNS = ("slug", "name", "short_name", "kind", "status", "x_handle", "x_url", "x_id", "active",
               "status_checked", "source", "last_post", "takes_complaints", "complaints_to",
               "complaints_to_x_handle", "fallback", "superseded_by", "url", "services", "keywords")
LIST_SEPARATOR = "; "


def csv_columns() -> list[str]:
    return [*CSV_COLUMNS, *channel_kinds()]


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_row(record: dict[str, Any], columns: list[str] | None = None) -> list[str]:
    x = record["x"] or {}
    flat = {**record, "x_handle": x.get("handle"), "x_url": x.get("url"), "x_id": x.get("id"),
            "services": LIST_SEPARATOR.join(s["name"] for s in record["services"]),
            "keywords": LIST_SEPARATOR.join(k for s in record["services"] for k in s["keywords"]),
            **{kind: record["channels"].get(kind) for kind in channel_kinds()}}
    return [csv_cell(flat[column]) for column in columns or csv_columns()]


def agencies_csv(document: dict[str, Any]) -> bytes:
    """One row per agency; the lists (services, keywords) joined with "; ". The JSON is the lossless form."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_columns())
    for record in document["agencies"]:
        writer.writerow(csv_row(record))
    return buffer.getvalue().encode("utf-8")


def code_part(text: str) -> str:
    return normalise(text).replace(" ", "-") or "layanan"


def sentence(text: str) -> str:
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def open311_services(facts: SiteFacts) -> list[dict[str, Any]]:
    """GeoReport v2 service list: one service per agency service, grouped by agency."""
    return [service for agency in by_slug(facts) for service in agency_services(agency, facts)]


def agency_services(agency: Agency, facts: SiteFacts) -> list[dict[str, Any]]:
    """One agency's GeoReport v2 services.

    Leaders' personal accounts are left out, as in the topic index: complaints are not for them.
    The code comes from the agency's slug and the service's name, so reordering services keeps it.
    """
    if agency.is_leader:
        return []
    handle = complaints_handle(agency, facts)
    send_to = facts.cat.text("open311_send_to", handle=handle) if handle else facts.cat.site["open311_national"]
    services = []
    seen: set[str] = set()
    for service in agency.services:
        base = code = f"{agency.slug}.{code_part(service.name)}"
        n = 2
        while code in seen:
            code, n = f"{base}-{n}", n + 1
        seen.add(code)
        services.append({
            "service_code": code, "service_name": service.name,
            "description": " ".join(p for p in (sentence(service.description), send_to) if p),
            "metadata": False, "type": "realtime",
            "keywords": ", ".join(k.replace(",", " ") for k in service.keywords),
            "group": agency.name,
        })
    return services


def open311_xml(services: list[dict[str, Any]]) -> bytes:
    lines = ["<services>\n"]
    lines += [_service_element(tuple(service.items())) for service in services]
    lines.append("</services>\n")
    return xml_document(lines)


def _service_element(fields: tuple[tuple[str, Any], ...]) -> str:
    """One <service>. (Not remembered: an agency's rows are kept whole between builds by exports.ExportRows,
    and a cache of every element held tens of megabytes in each worker of a large build.)"""
    return "  <service>\n" + "".join(xml_leaf(key, value, "    ") for key, value in fields) + "  </service>\n"


def open_data_files(facts: SiteFacts) -> Iterator[tuple[str, FileData]]:
    """The open data made whole, in one go: the reference the per-agency assembly must equal."""
    document = agencies_document(facts)
    yield AGENCIES_JSON, json_bytes(document)
    yield AGENCIES_CSV, agencies_csv(document)
    services = open311_services(facts)
    yield OPEN311_JSON, json_bytes(services)
    yield OPEN311_XML, open311_xml(services)


@dataclass(frozen=True)
class OpenDataRows(OutOfBand):
    """One agency's part of each open-data file, as the bytes it adds there: encoded once, when made
    (joining every agency's text and encoding it again was most of a rebuild's export time)."""

    record: bytes  # its object in agencies.json
    csv: bytes  # its row of agencies.csv
    services_json: bytes  # its Open311 services, comma-separated JSON objects (empty when it has none)
    services_xml: bytes  # its <service> elements


def open_data_rows(agency: Agency, facts: SiteFacts, columns: list[str]) -> OpenDataRows:
    record = agency_record(agency, facts)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(csv_row(record, columns))
    services = agency_services(agency, facts)
    return OpenDataRows(json_text(record).encode("utf-8"), buffer.getvalue().encode("utf-8"),
                        ",".join(json_text(s) for s in services).encode("utf-8"),
                        "".join(_service_element(tuple(s.items())) for s in services).encode("utf-8"))


def open_data_assembled(facts: SiteFacts, rows: list[OpenDataRows]) -> Iterator[tuple[str, Pieces]]:
    """The same files as open_data_files, as pieces: each agency's rows (in slug order) between the
    separators json.dumps and the csv writer put there, so the bytes are the same."""
    document = agencies_document(facts, records=False)
    fields = [[json_text(name).encode("utf-8") + b":",
               *([b"[", *separated(map(attrgetter("record"), rows), b","), b"]"]
                 if name == "agencies" else [json_text(document[name]).encode("utf-8")])]
              for name in sorted(document)]
    yield AGENCIES_JSON, pieces([b"{", *(part for field in separated(fields, [b","]) for part in field), b"}\n"])
    header = io.StringIO(newline="")
    csv.writer(header, lineterminator="\r\n").writerow(csv_columns())
    yield AGENCIES_CSV, pieces([header.getvalue().encode("utf-8"), *map(attrgetter("csv"), rows)])
    yield OPEN311_JSON, pieces([b"[", *separated(filter(None, map(attrgetter("services_json"), rows)), b","),
                                            b"]\n"])
    yield OPEN311_XML, xml_joined([b"<services>\n", *map(attrgetter("services_xml"), rows), b"</services>\n"])
