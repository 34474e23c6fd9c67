"""The message catalogue: every language has every string, with the same placeholders."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest
import yaml

from akunresmi.i18n import LOCALES_DIR, available_languages, load_catalogue
from akunresmi.commands.report import SECTIONS as REPORT_SECTIONS

SECTIONS = ("site", "kinds", "errors", "commands")
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "akunresmi" / "schema"


def _raw(language: str) -> dict:
    return yaml.safe_load((LOCALES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _schema_nodes(paths) -> list[dict]:
    """Every mapping in the schemas at `paths`, nested ones included."""
    nodes: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            nodes.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    for path in paths:
        walk(json.loads(path.read_text(encoding="utf-8")))
    return nodes


def _schema_properties() -> set[str]:
    paths = [SCHEMA_DIR / f"{name}.schema.json" for name in ("agency", "site")]
    return {name for node in _schema_nodes(paths) for name in (node.get("properties") or {})}


def test_indonesian_and_english_are_bundled():
    assert {"id", "en"} <= set(available_languages())


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "id"])
def test_every_language_has_the_same_keys_and_placeholders(language):
    reference, other = _raw("id"), _raw(language)
    for section in SECTIONS:
        assert set(other[section]) == set(reference[section]), section
        for key, text in reference[section].items():
            assert _placeholders(other[section][key]) == _placeholders(text), f"{section}.{key}"


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "id"])
def test_every_schema_field_has_a_hint_in_other_languages(language):
    """Indonesian hints come from the schema's descriptions; other languages need their own."""
    assert _schema_properties() <= set(_raw(language)["fields"])


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "id"])
def test_every_rule_between_fields_has_a_title_and_a_hint_in_other_languages(language):
    """A rule's hint is its schema description in Indonesian: another language needs its own, found by
    the rule's title (an English message once showed the Indonesian rule)."""
    branches = [node["then"] for node in _schema_nodes(SCHEMA_DIR.glob("*.schema.json"))
                if isinstance(node.get("then"), dict)]
    assert branches and all(b.get("title") and b.get("description") for b in branches)
    assert {b["title"] for b in branches} == set(_raw(language)["rules"])


# Keys the code looks up as f"{family}{value}": each value must be one the code can produce.
DYNAMIC_FAMILIES = {
    "status_heading_": {"active", "dormant", "missing"},
    "status_": {"active", "dormant", "missing"},
    "route_reason_": {"leader", "dormant", "missing", "superseded", "active", "fallback_dormant", "national"},
    "report_section_": set(REPORT_SECTIONS),
    "channel_": {"instagram", "facebook", "youtube", "tiktok", "whatsapp", "phone", "email", "website",
                 "address"},
}


def _real_uses(root: Path) -> str:
    """Every catalogue key the code really reads, one per line: a substring match would count `source`
    as used because `agency.source` exists, so only lookups count."""
    uses: set[str] = set()
    for path in root.glob("templates/*.html"):  # {{ t.key }}, t['key'], t["key"]
        uses.update(re.findall(r"\bt\.(\w+)|\bt\[[\"'](\w+)[\"']\]", path.read_text(encoding="utf-8")))
    for path in root.glob("akunresmi/**/*.py"):  # cat.text("key"), cat.site["key"], site.get("key"), *_KEYS
        text = path.read_text(encoding="utf-8")
        uses.update(re.findall(r"\.text\(\s*[\"'](\w+)[\"']|\bsite\[\s*[\"'](\w+)[\"']\s*\]|"
                               r"\bsite\.get\(\s*[\"'](\w+)[\"']", text))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_KEYS")
                                                    for t in node.targets):
                uses.update((c.value,) for c in ast.walk(node.value) if isinstance(c, ast.Constant))
    for path in root.glob("static/*.js"):  # idx.text.key
        uses.update(re.findall(r"\.text\.(\w+)", path.read_text(encoding="utf-8")))
    return {name for group in uses for name in (group if isinstance(group, tuple) else (group,)) if name}


def test_site_strings_are_used_somewhere():
    """A key nobody reads is a string translators maintain for nothing."""
    used = _real_uses(Path(__file__).resolve().parent.parent)
    unused = []
    for key in _raw("id")["site"]:
        family = next((f for f in DYNAMIC_FAMILIES if key.startswith(f)), None)
        if key in used:
            continue
        if family and key[len(family):] in DYNAMIC_FAMILIES[family]:
            continue
        unused.append(key)
    assert unused == []


def test_dynamic_families_match_the_schema_channels():
    channels = json.loads((SCHEMA_DIR / "agency.schema.json").read_text(encoding="utf-8"))
    assert set(channels["properties"]["channels"]["properties"]) == DYNAMIC_FAMILIES["channel_"]


def test_english_catalogue_formats_an_error():
    cat = load_catalogue("en")
    assert cat.error("duplicate_key", key="name", line=3) == "field 'name' is written twice (first on line 3)"
