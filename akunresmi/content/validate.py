"""Loaded documents → the model, with every mistake collected (schema, then cross-file rules)."""

from __future__ import annotations

import calendar
import contextlib
import difflib
import hashlib
import json
import marshal
import os
import posixpath
import re
import sys
import types
from datetime import date
from functools import lru_cache, partial
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

import fastjsonschema

if TYPE_CHECKING:  # imported where a mistake is described: 80 ms, more than reading a region's files
    import jsonschema
    import referencing

from .errors import ContentError, ContentErrors, FieldLabel, FormExample, NameList, field_label
from .examples import example_for, normalise_handle
from .load import Document, load_document
from ..model import Agency, Channel, Emergency, NationalChannel, Service, Site
from ..regions import region_list
from ..routing import Route

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
_TYPE_NAMES = {"string": "type_text", "integer": "type_number", "number": "type_number",
               "boolean": "type_boolean", "array": "type_list", "object": "type_mapping", "null": "type_empty"}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / f"{name}.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    import jsonschema  # noqa: PLC0415 - see the imports above

    return jsonschema.Draft202012Validator(load_schema(name), format_checker=jsonschema.FormatChecker(),
                                           registry=_registry())


@lru_cache(maxsize=1)
def _registry() -> referencing.Registry:
    """Every schema by its file's name, so one schema can use another's rules (national.yaml uses
    site.yaml's). The files have no `$id`: their references ("site.schema.json#/…") are relative, and
    resolve against where a schema is read from, here its name, in an editor the file beside it, on the
    site the published copy beside it (render.published_schemas gives each copy its address as `$id`)."""
    import referencing  # noqa: PLC0415 - see the imports above

    resources = [(f"{n}.schema.json", referencing.Resource.from_contents(load_schema(n))) for n in _schema_names()]
    return referencing.Registry().with_resources(resources)


def _schema_names() -> list[str]:
    return sorted(p.name[: -len(".schema.json")] for p in SCHEMA_DIR.glob("*.schema.json"))


@lru_cache(maxsize=None)
def slug_pattern() -> re.Pattern[str]:
    return re.compile(load_schema("agency")["$defs"]["slug"]["pattern"])


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_date(value: str) -> bool:
    try:
        return bool(_ISO_DATE.fullmatch(value) and date.fromisoformat(value))
    except ValueError:  # 2026-02-30
        return False


# The formats the schemas use that jsonschema's FormatChecker checks, judged as it judges them ("uri" it
# checks only with a library we do not install; fastjsonschema's own rule then applies, as it did before).
# Not its checkers themselves: importing jsonschema was 80 ms of every build that reads a file, and it is
# now imported only to describe a mistake. tests/test_validation.py holds both to the same answers and
# to the same list of formats.
SCHEMA_FORMATS: dict[str, Callable[[str], bool]] = {"date": _is_date, "email": lambda value: "@" in value}


@lru_cache(maxsize=None)
def _fast_check(name: str):
    """The same schema compiled to Python code: about 40 times faster, but it stops at the first
    mistake and cannot say where it is. Both validators accept exactly the same documents
    (tests/test_validation.py holds them to that)."""
    code = _kept_check_code(name)
    if code is None:
        code = compile(_check_source(name), f"<{name}.schema.json>", "exec")
        _keep_check_code(name, code)
    scope: dict[str, Any] = {}
    exec(code, scope)  # noqa: S102 - code fastjsonschema generated from our own schema files
    return partial(scope["validate"], custom_formats=SCHEMA_FORMATS)


def _check_source(name: str) -> str:
    by_name = {f"{n}.schema.json": load_schema(n) for n in _schema_names()}  # a relative reference: no scheme
    return fastjsonschema.compile_to_code(load_schema(name), formats=SCHEMA_FORMATS,
                                          handlers={"": by_name.__getitem__})


# The generated code compiled to bytecode is kept beside the schemas, as Python keeps a module's: making it
# was 13 to 18 ms a schema in every process that reads a file (`check` of the bundled content: 204 ms
# before, 170 ms after), loading it a fifth of a millisecond. Its name carries a digest of every schema
# file, of fastjsonschema's version and of the bytecode's format, so a changed schema is compiled anew.
CHECK_CACHE = SCHEMA_DIR / "__pycache__"


@lru_cache(maxsize=1)
def _schemas_digest() -> str:
    h = hashlib.blake2b(MAGIC_NUMBER + fastjsonschema.VERSION.encode(), digest_size=12)
    for n in _schema_names():
        h.update(n.encode() + b"\0" + (SCHEMA_DIR / f"{n}.schema.json").read_bytes() + b"\0")
    return h.hexdigest()


def _check_code_path(name: str) -> Path:
    return CHECK_CACHE / f"{name}.check-{_schemas_digest()}.marshal"


def _kept_check_code(name: str) -> types.CodeType | None:
    try:
        code = marshal.loads(_check_code_path(name).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None  # not kept yet, or damaged: compiled again
    return code if isinstance(code, types.CodeType) else None


def _keep_check_code(name: str, code: types.CodeType) -> None:
    """Written beside and renamed over, as Python writes bytecode, and not at all where Python would not
    (PYTHONDONTWRITEBYTECODE) or cannot (a read-only install): the checks work the same, compiled each time."""
    if sys.dont_write_bytecode:
        return
    path = _check_code_path(name)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        CHECK_CACHE.mkdir(exist_ok=True)
        for old in CHECK_CACHE.glob(f"{name}.check-*.marshal"):  # another version of the schemas': stale
            old.unlink(missing_ok=True)
        tmp.write_bytes(marshal.dumps(code))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def is_schema_valid(data: Any, schema_name: str) -> bool:
    try:
        _fast_check(schema_name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_errors(doc: Document, schema_name: str) -> list[ContentError]:
    """Every way a document breaks its JSON Schema, located at the offending key or value."""
    if is_schema_valid(doc.data, schema_name):  # nearly every file, nearly every time
        return []
    found = list(_validator(schema_name).iter_errors(doc.data))
    # A misspelt key is one mistake: report the unknown 'nme', not also the missing 'name'.
    typos = {(tuple(e.absolute_path), _guess_key(extra, e.schema)) for e in found
             if e.validator == "additionalProperties" for extra in e.instance}
    errors: list[ContentError] = []
    for err in found:
        errors.extend(_to_content_errors(doc, err, schema_name, typos))
    return errors


def _guess_key(key: Any, schema: dict[str, Any]) -> str:
    guess = difflib.get_close_matches(str(key), sorted(schema.get("properties", {})), n=1, cutoff=0.6)
    return guess[0] if guess else ""


@lru_cache(maxsize=None)
def _key_places(schema_name: str) -> dict[str, str]:
    """Each key the schema knows → the key it belongs under (keywords → services; "" for the top level)."""
    places: dict[str, str] = {}

    def walk(node: Any, parent: str) -> None:
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                places.setdefault(key, parent)
                walk(sub, key)
            walk(node.get("items"), parent)
    walk(load_schema(schema_name), "")
    return places


def _to_content_errors(doc: Document, err: jsonschema.ValidationError, schema_name: str,
                       typos: set[tuple[tuple, str]]) -> list[ContentError]:
    path = tuple(err.absolute_path)
    kind = err.validator
    field = field_label(doc.data, path)
    name = next((p for p in reversed(path) if isinstance(p, str)), "")
    example = example_for(schema_name, path, err.instance, kind)
    own = _own_rule_description(schema_name, err)

    def at(key: str, mark_path: tuple = path, on_key: bool = False, hint_key: str | None = None,
           hint_text: str | None = None, example: str | None = example, **params: Any) -> ContentError:
        line, col = doc.mark(mark_path, key=on_key)
        if hint_key is None and own:
            hint_key, hint_text = "", own
        return ContentError(doc.rel, line, col, key, {"field": field, **params},
                            hint_key=(f"field:{name}" if name else None) if hint_key is None else (hint_key or None),
                            hint_text=hint_text if hint_text is not None else err.schema.get("description"),
                            hint_fallback=_RULE_HINTS.get(kind, "hint_rule_other"), example=example)

    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extras = sorted(set(err.instance) - set(allowed))
        return [_unknown_key(doc, path + (extra,), extra, allowed, _key_places(schema_name).get(extra))
                for extra in extras]
    if kind == "required":
        missing = [f for f in err.validator_value if f not in err.instance and (path, f) not in typos]
        if "then" in err.schema_path:  # a rule between fields: its own description says why
            return [at("missing_field", hint_key=_rule_hint_key(err.schema), hint_text=err.schema.get("description"),
                       missing=f, example=example_for(schema_name, path + (f,), None, kind)) for f in missing]
        props = err.schema.get("properties", {})
        return [at("missing_field", hint_key=f"field:{f}", hint_text=props.get(f, {}).get("description"),
                   missing=f, example=example_for(schema_name, path + (f,), None, kind)) for f in missing]
    if kind == "type" and "then" in err.schema_path and err.instance is not None:
        return []  # a rule between fields asks only that the field be filled; its own rule says what with
    if err.instance is None and kind == "type" and "then" in err.schema_path:
        # Left empty where a rule between fields wants it (`twitter:` with `active: true`): that rule says why.
        branch = _branch(schema_name, err)
        return [at("empty_value", hint_key=_rule_hint_key(branch), hint_text=branch.get("description"), expected=())]
    if err.instance is None and kind in ("type", "enum"):
        # Left empty where the schema allows no emptiness (it allows it wherever a field may be left out):
        # said as such, without Python's None.
        return [at("empty_value", hint_key=None if kind == "type" else "hint_choices",
                   choices=", ".join(str(c) for c in err.validator_value) if kind == "enum" else "",
                   expected=tuple(_TYPE_NAMES[t] for t in ([err.validator_value] if isinstance(
                       err.validator_value, str) else err.validator_value)) if kind == "type" else ())]
    if kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        # An optional field may also be left empty; the message names what to write in it.
        expected = [t for t in expected if t != "null"] or expected
        return [at("wrong_type", expected=tuple(_TYPE_NAMES[t] for t in expected),
                   got=(_type_of(err.instance),), value=_short(err.instance))]
    if kind == "enum":
        choices = [str(c) for c in err.validator_value]
        guess = difflib.get_close_matches(str(err.instance), choices, n=1, cutoff=0.5)
        # The line to copy is the guess, not the schema's example, so the hint never contradicts itself.
        line = f"{name}: {json.dumps(guess[0], ensure_ascii=False)}" if guess and example else example
        return [at("invalid_choice", hint_key="hint_did_you_mean" if guess else "hint_choices", example=line,
                   value=_short(err.instance), choices=", ".join(choices), guess=guess[0] if guess else "")]
    if "propertyNames" in err.schema_path:  # a key the schema refuses: said at that key, with the keys' rule
        return [at("invalid_key", mark_path=path + (err.instance,), on_key=True, hint_key="",
                   hint_text=err.schema.get("description"), value=_short(err.instance))]
    if kind == "format" and err.validator_value == "date":
        impossible = _impossible_date(err.instance)
        if impossible is not None:  # written as the rule says, but not a day of the calendar: said so, and why
            return [at(impossible[0], hint_key="hint_impossible_date", value=_short(err.instance), **impossible[1])]
    if kind in ("pattern", "format"):
        return [at("invalid_value", value=_short(err.instance))]
    if kind == "minLength" and err.instance == "":  # `""`: empty, not "too short or too few (at least 2)"
        return [at("empty_value", expected=(), limit=err.validator_value,
                   hint_key="hint_empty_item" if path and isinstance(path[-1], int) else None)]
    if kind in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return [at(f"too_{'short' if kind.startswith('min') else 'long'}", limit=err.validator_value,
                   value=_short(err.instance))]
    return [at("invalid_value", value=_short(err.instance))]


def _branch(schema_name: str, err: jsonschema.ValidationError) -> dict[str, Any]:
    """The `then` branch of the rule between fields that `err` broke."""
    parts = list(err.schema_path)
    node: Any = load_schema(schema_name)
    for part in parts[:len(parts) - parts[::-1].index("then")]:
        node = node[part]
    return node


def _rule_hint_key(branch: dict[str, Any]) -> str:
    """A rule between fields is said in other languages by its schema title (the catalogue's `rules`);
    in Indonesian, by its description."""
    return f"rule:{branch['title']}" if branch.get("title") else ""


def _own_rule_description(schema_name: str, err: jsonschema.ValidationError) -> str | None:
    """The description of a rule a schema adds, in `allOf`, beside a definition it takes from another
    schema (national.yaml's emergency numbers: those of site.yaml, naming no agency): it says why the
    value is refused there, where the field's usual text would describe what it holds elsewhere."""
    parts = list(err.schema_path)
    if "allOf" not in parts or "then" in parts:  # a rule between fields: said by its own branch above
        return None
    node: Any = load_schema(schema_name)
    for part in parts[:-1]:
        if not isinstance(node, (dict, list)) or (isinstance(node, dict) and "$ref" in node):
            return None  # inside the shared definition: the field's own text is right
        node = node[part]
    return node.get("description") if isinstance(node, dict) and "$ref" not in node else None


def _unknown_key(doc: Document, path: tuple, key: str, allowed: list[str], belongs_under: str | None) -> ContentError:
    line, col = doc.mark(path, key=True)
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    params = {"key": key, "guess": guess[0] if guess else "", "choices": ", ".join(allowed),
              "parent": belongs_under or ""}
    # A key that is right at another level is that key misplaced, whatever it looks like here ("keywords"
    # at the top is a service's, not a slip of "search_words").
    if belongs_under is not None:
        hint = "hint_wrong_level" if belongs_under else "hint_wrong_level_top"
    elif guess:
        hint = "hint_did_you_mean"
    else:
        hint = "hint_choices"
    return ContentError(doc.rel, line, col, "unknown_key", params, hint_key=hint)


# When a rule's schema has no description, the hint says what the rule itself asks for.
_RULE_HINTS = {"pattern": "hint_rule_pattern", "format": "hint_rule_pattern", "type": "hint_rule_type",
               "minLength": "hint_rule_too_short", "minItems": "hint_rule_too_short", "minimum": "hint_rule_too_short",
               "maxLength": "hint_rule_too_long", "maxItems": "hint_rule_too_long", "maximum": "hint_rule_too_long",
               "enum": "hint_choices", "const": "hint_rule_other", "required": "hint_rule_required"}


def _impossible_date(value: Any) -> tuple[str, dict[str, Any]] | None:
    """For a date written year-month-day whose month or day does not exist ("2026-02-30"), the message's
    key and what it says; None for anything else (its rule's own message says what is wrong)."""
    if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return None
    year, month, day = (int(part) for part in value.split("-"))
    if not 1 <= month <= 12:
        return "impossible_date_month", {"month": f"{month:02d}"}
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= days:
        return "impossible_date_day", {"month": f"{month:02d}", "year": f"{year:04d}", "days": days}
    return None


def _type_of(value: Any) -> str:
    names = {bool: "type_boolean", int: "type_number", float: "type_number", str: "type_text",
             list: "type_list", dict: "type_mapping", type(None): "type_empty"}
    return names.get(type(value), "type_text")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def agency_from(doc: Document, slug: str) -> Agency:
    """Build the model of one schema-valid agency document."""
    data = doc.data
    handle = normalise_handle(data.get("twitter") or "") or None
    tid = data.get("twitter_id")
    return Agency(
        slug=slug, source_path=doc.rel, name=data["name"].strip(), short_name=(data.get("short_name") or "").strip(),
        kind=data["kind"], handle=handle, twitter_id=str(tid) if tid is not None else None,
        active=bool(data.get("active", False)), status_checked=_as_date(data.get("status_checked")),
        source=data.get("source") or "", last_post=_as_date(data.get("last_post")),
        services=tuple(_service_from(s) for s in data["services"]),
        channels=tuple(Channel(k, str(v).lstrip("@") if k in ("instagram", "tiktok") else str(v))
                       for k, v in sorted((data.get("channels") or {}).items()) if v is not None),
        description=data.get("description") or "", fallback=data.get("fallback"),
        superseded_by=data.get("superseded_by"),
        search_words=tuple(w.strip() for w in data.get("search_words") or ()),
    )


def _service_from(item: str | dict[str, Any]) -> Service:
    if isinstance(item, str):
        return Service(item.strip(), "", ())
    return Service(item["name"].strip(), (item.get("description") or "").strip(),
                   tuple(k.strip() for k in item.get("keywords") or ()))


def site_from(doc: Document) -> Site:
    data = doc.data
    return Site(
        title=data["title"], region=data["region"], language=data["language"], base_url=data["base_url"],
        fallback=data["fallback"], cname=data.get("cname"), description=data.get("description") or "",
        stale_days=data.get("stale_days") or 180, silent_days=data.get("silent_days") or 90,
        national_channels=tuple(NationalChannel(c["name"], c["url"], c.get("description") or "")
                                for c in data.get("national_channels") or
                                [{"name": "LAPOR!", "url": "https://www.lapor.go.id"}]),
        repository=(data["repository"]["url"], data["repository"].get("branch") or "main") if data.get("repository") else None,
        emergency=tuple(Emergency(str(e["number"]), e["name"], e["source"], tuple(e["words"]),
                                  tuple(e.get("agencies") or ())) for e in data.get("emergency") or ()),
        code=data.get("code"), nearby=tuple(data.get("nearby") or ()),
    )


def region_code_errors(site: Site, site_doc: Document, listed_code: str | None = None) -> list[ContentError]:
    """A region code must be in the official list, and the region's name must be its official name.
    `listed_code`: the code national.yaml lists the folder under. A site.yaml whose code differs is told so
    by the national build (content/national.py, naming national.yaml's line), with the code to copy: its
    name is not checked against a code that is itself wrong, which would ask for the wrong name."""
    if site.code is None or (listed_code is not None and site.code != listed_code):
        return []
    line, col = site_doc.mark(("code",))
    official = official_region_name(site.code)
    if official is None:
        return [ContentError(site_doc.rel, line, col, "unknown_region_code", {"code": site.code},
                             hint_key="hint_unknown_region_code")]
    if not same_region_name(site.region, official):
        line, col = site_doc.mark(("region",))
        return [ContentError(site_doc.rel, line, col, "region_name_mismatch",
                             {"code": site.code, "name": site.region, "official": official},
                             hint_key="hint_region_name_mismatch", example=f"region: {official}")]
    return []


def nearby_code_errors(site: Site, site_doc: Document) -> list[ContentError]:
    """Each neighbouring region is named by a code of the official list: the search looks for its
    official name."""
    errors = []
    for i, code in enumerate(site.nearby):
        if official_region_name(code) is None:
            line, col = site_doc.mark(("nearby", i))
            errors.append(ContentError(site_doc.rel, line, col, "unknown_region_code", {"code": code},
                                       hint_key="hint_unknown_nearby_code"))
    return errors


def cname_errors(site: Site, site_path: Path, site_rel: str, root: Path) -> list[ContentError]:
    """A build publishing a CNAME for a domain it was not built for: GitHub Pages would serve it at that
    domain's root, where 404.html's links (under the base URL's path) and every absolute URL lead
    elsewhere. Said at site.yaml's cname line; the build stops, so the live site stays whole until the
    address it is built for (configure-pages', once the domain is set in Settings → Pages) matches."""
    from urllib.parse import urlsplit  # noqa: PLC0415 - only a build with a cname needs it

    host = urlsplit(site.base_url).hostname
    if not site.cname or host == site.cname:
        return []
    line, col = load_document(site_path, site_rel, root).mark(("cname",))
    return [ContentError(site_rel, line, col, "cname_host_mismatch", {"cname": site.cname, "url": site.base_url},
                         hint_key="hint_cname_host_mismatch")]


def emergency_number_errors(site: Site, site_doc: Document) -> list[ContentError]:
    """Each emergency number is written once (site.yaml, national.yaml): a second entry for a number
    would show it twice and split its words. Said at the later entry, naming the first one's line."""
    numbers = [e.number for e in site.emergency]
    if len(set(numbers)) == len(numbers):
        return []  # nearly always: no position is asked for
    errors, first = [], {}
    for i, number in enumerate(numbers):
        line, col = site_doc.mark(("emergency", i, "number"))
        if number in first:
            errors.append(ContentError(site_doc.rel, line, col, "duplicate_emergency_number",
                                       {"number": number, "line": first[number]},
                                       hint_key="hint_duplicate_emergency_number"))
        else:
            first[number] = line
    return errors


def official_region_name(code: str) -> str | None:
    """The official name of a province ("Jawa Tengah") or kabupaten/kota ("Kabupaten Blora"), or None."""
    found = region_list().get(code)
    return found.name if found else None


def same_region_name(written: str, official: str) -> bool:
    """Case and spacing aside; a province may be written with "Provinsi" before its name."""
    def plain(text: str) -> str:
        return " ".join(text.lower().split())
    return plain(written) in (plain(official), plain(f"Provinsi {official}"))


def date_errors(doc: Document, today: date) -> list[ContentError]:
    """Dates the schema accepts in form but that cannot be true: in the future."""
    errors = []
    for key in ("status_checked", "last_post"):
        value = doc.data.get(key)
        if value and date.fromisoformat(value) > today:
            line, col = doc.mark((key,))
            errors.append(ContentError(doc.rel, line, col, "date_in_future",
                                       {"field": FieldLabel((key,)), "value": value, "today": today.isoformat()},
                                       hint_key=f"hint_{key}_in_future",
                                       # the form only: today is not when the status was checked
                                       example=FormExample(f'{key}: "{today.isoformat()}"')))
    return errors


# A Markdown link's target: [text](target …), or a reference's definition ([id]: target).
_LINK_TARGET = re.compile(r"\]\(\s*<?([^<>()\n]*[^<>()\s])|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^<>\n]*[^<>\s])",
                          re.MULTILINE)
# Written without its scheme: a web address (a name with a dot and letters, then a path or nothing), an
# e-mail address, a phone number.
_WEB_ADDRESS = re.compile(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,}([/?#:].*)?", re.IGNORECASE)
_PHONE = re.compile(r"\+?[\d\s().-]{6,}")
# What is no link though it looks like one: an image (the sanitiser drops it), code (shown as written).
_NOT_LINKS = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|^```.*?^```|`[^`\n]+`", re.MULTILINE | re.DOTALL)


LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # what a link may lead to; the sanitiser keeps no other
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _link_targets(text: str) -> Iterator[tuple[int, str]]:
    """Each link target of Markdown `text` with its offset, images and code left out."""
    text = _NOT_LINKS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)  # offsets and lines kept
    for match in _LINK_TARGET.finditer(text):
        group = 1 if match.group(1) else 2
        target = match.group(group)
        if not _PHONE.fullmatch(target):  # Markdown takes a phone number's spaces as part of it
            target = target.split()[0]  # the rest is a title ("…")
        yield match.start(group), target


def unlinked_addresses(targets: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """The links among `targets` (_link_targets) whose target is an address written without its scheme
    ("www.blorakab.go.id", "wa.me/62812…", "humas@…", "0296 531102"), each as (offset, target, the
    target with its scheme): a browser reads such a target as a page inside the site, where nothing is.
    Links to pages of the site ("../status/", "#kontak") are left alone."""
    found = []
    for offset, target in targets:
        if ":" in target.split("/", 1)[0] or target.startswith(("/", ".", "#")):
            continue  # a scheme (unsafe_links), or a path in the site
        if "@" in target and "/" not in target:
            fixed = f"mailto:{target}"
        elif _PHONE.fullmatch(target):
            fixed = "tel:" + re.sub(r"[\s().-]", "", target)
        elif _WEB_ADDRESS.fullmatch(target):
            fixed = f"https://{target}"
        else:
            continue
        found.append((offset, target, fixed))
    return found


def unsafe_links(targets: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """The links among `targets` (_link_targets) to a scheme outside LINK_SCHEMES ("javascript:", "file:///C:/…",
    "C:\\Users\\…", "whatsapp://…"), each as (offset, target, scheme): the sanitiser drops such an
    address, and the citizen would see a link that leads nowhere."""
    found = []
    for offset, target in targets:
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
            found.append((offset, target, scheme.group(1)))
    return found


def link_mistakes(text: str) -> list[tuple[int, str, Callable[[str, tuple[int, int]], ContentError]]]:
    """Each link of Markdown `text` a citizen could not follow, in the text's order: (offset, target,
    the error to report at a file and a place)."""
    targets = list(_link_targets(text))
    found = [(offset, target, partial(_link_error, target=target, fixed=fixed))
             for offset, target, fixed in unlinked_addresses(targets)]
    found += [(offset, target, partial(_unsafe_link_error, target=target, scheme=scheme))
              for offset, target, scheme in unsafe_links(targets)]
    return sorted(found, key=lambda mistake: mistake[0])


def description_link_errors(doc: Document, text: Callable[[], str]) -> list[ContentError]:
    """An agency's description with a link a citizen could not follow, located in the file's `text`
    (read only when there is one)."""
    description = doc.data.get("description")
    found = link_mistakes(description) if isinstance(description, str) else []
    if not found:
        return []
    lines = text().split("\n")
    start = doc.mark(("description",))[0]
    return [error(doc.rel, _line_and_column(lines, start, target) or doc.mark(("description",)))
            for _, target, error in found]


def page_link_errors(rel: str, text: str) -> list[ContentError]:
    """The same for a page (content/pages/*.md): its text is the Markdown."""
    return [error(rel, (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)))
            for offset, _, error in link_mistakes(text)]


# Where a link's target begins: spaces may come between the opening and the target, as Markdown allows
# (`[x]( javascript:…)` was reported at the description's first line).
_LINK_OPENING = re.compile(r"\]\(\s*<?|\]:\s*<?")


def _line_and_column(lines: list[str], start: int, target: str) -> tuple[int, int] | None:
    """Where `target` is first written as a link's target from line `start` on (1-based)."""
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        for opening in _LINK_OPENING.finditer(line):
            if line.startswith(target, opening.end()):
                return number, opening.end() + 1
    return None


def _link_error(rel: str, where: tuple[int, int], target: str, fixed: str) -> ContentError:
    return ContentError(rel, where[0], where[1], "link_without_scheme", {"target": target},
                        hint_key="hint_link_without_scheme", example=f"({fixed})")


def _unsafe_link_error(rel: str, where: tuple[int, int], target: str, scheme: str) -> ContentError:
    return ContentError(rel, where[0], where[1], "link_unsafe_scheme", {"target": target, "scheme": scheme},
                        hint_key="hint_link_unsafe_scheme")


def slug_errors(rel: str, slug: str) -> list[ContentError]:
    if slug_pattern().fullmatch(slug):
        return []
    suggestion = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-") or "instansi"
    return [ContentError(rel, 1, 1, "bad_file_name", {"slug": slug, "suggestion": suggestion},
                         hint_key="hint_bad_file_name")]


def directory_errors(site: Site, site_doc: Document, agencies: dict[str, Agency],
                     docs: dict[str, Document], routes: Callable[[], Mapping[str, Route]],
                     edited: Callable[[Agency], Any] | None = None,
                     chain_continues: bool = False) -> list[ContentError]:
    """Rules that span files: unique handles, existing fallbacks, chains that reach an account.

    `routes` gives every agency's route (asked for only when every slug named exists). `edited` ranks
    files by how recently they were changed: a mistake between two files is reported on the one
    changed last (the one in the pull request), naming the other."""
    errors = list(_duplicate_handle_errors(agencies, docs, edited or (lambda a: 0)))
    errors += _reference_errors(agencies, docs)
    if site.fallback not in agencies:
        line, col = site_doc.mark(("fallback",))
        errors.append(ContentError(site_doc.rel, line, col, "unknown_slug",
                                   {"field": FieldLabel(("fallback",)), "slug": site.fallback, "guess": _guess(site.fallback, agencies),
                                    "folder": _agencies_folder(site_doc.rel)},
                                   hint_key=_slug_hint(site.fallback, agencies)))
    errors += emergency_agency_errors(site, site_doc, agencies)
    if errors:
        return errors  # chains through missing slugs would only repeat the same mistakes
    return errors + list(_route_errors(routes(), agencies, docs, chain_continues, site_doc))


def emergency_agency_errors(site: Site, site_doc: Document, agencies: dict[str, Agency]) -> Iterable[ContentError]:
    """An agency named under an emergency number must exist: its page is where the number shows."""
    for i, emergency in enumerate(site.emergency):
        for j, slug in enumerate(emergency.agencies):
            if slug in agencies:
                continue
            line, col = site_doc.mark(("emergency", i, "agencies", j))
            yield ContentError(site_doc.rel, line, col, "unknown_slug",
                               {"field": field_label(site_doc.data, ("emergency", i, "agencies")), "slug": slug,
                                "guess": _guess(slug, agencies), "folder": _agencies_folder(site_doc.rel)},
                               hint_key=_slug_hint(slug, agencies))


def emergency_agencies(site: Site) -> tuple[tuple[str, ...], ...]:
    """What the rules across files read of the site's emergency numbers."""
    return tuple(e.agencies for e in site.emergency)


def _guess(slug: str, agencies: dict[str, Agency]) -> str:
    guess = difflib.get_close_matches(slug, sorted(agencies), n=1, cutoff=0.6)
    return guess[0] if guess else ""


def _agencies_folder(site_rel: str) -> str:
    """The agencies folder beside a site.yaml, as messages name it (content/agencies/, regions/…/agencies/)."""
    return posixpath.join(posixpath.dirname(site_rel), "agencies") + "/"


def _slug_hint(slug: str, agencies: dict[str, Agency]) -> str:
    return "hint_unknown_slug_guess" if _guess(slug, agencies) else "hint_unknown_slug"


def _duplicate_handle_errors(agencies: dict[str, Agency], docs: dict[str, Document],
                             edited: Callable[[Agency], Any]) -> Iterable[ContentError]:
    by_handle: dict[str, list[Agency]] = {}
    for slug in sorted(agencies):
        if agencies[slug].handle:
            by_handle.setdefault(agencies[slug].handle.lower(), []).append(agencies[slug])
    for same in by_handle.values():
        if len(same) < 2:
            continue  # the usual case: no need to ask when each file was saved
        # The file edited last is the one that took the handle; among equals, the later name.
        order = sorted(same, key=lambda a: (edited(a), a.slug))
        other = order[0]
        for agency in order[1:]:
            line, col = docs[agency.slug].mark(("twitter",))
            yield ContentError(agency.source_path, line, col, "duplicate_handle",
                               {"handle": agency.handle, "other": other.source_path,
                                "other_line": docs[other.slug].mark(("twitter",))[0]},
                               hint_key="hint_duplicate_handle")


def duplicate_handles_across(regions: Iterable[tuple[Path, Iterable[tuple[str, str, str]]]],
                             changed: Iterable[Path] | None = None) -> list[ContentError]:
    """The same X handle in two regions of a national build: the same mistake as within one region, with
    the same message. `regions`: each region's folder and its agencies' (handle, slug, file as shown), in
    national.yaml's order. The file a pull request changes (`changed`), or else the file saved last, is
    reported (among equals, the later region's), naming the first; only those files are parsed again, for
    their lines."""
    names = None if changed is None else {Path(p).resolve() for p in changed}

    def edited(path: Path) -> Any:
        return _saved_at(path) if names is None else path.resolve() in names

    by_handle: dict[str, list[tuple[Path, int, str, str, str]]] = {}
    for order, (folder, handles) in enumerate(regions):
        for handle, slug, rel in handles:
            by_handle.setdefault(handle.lower(), []).append((folder / "agencies" / f"{slug}.yaml", order, handle, slug, rel))
    errors: list[ContentError] = []
    for same in by_handle.values():
        if len({order for _path, order, *_rest in same}) < 2:
            continue  # within one region it is that region's own error
        ordered = sorted(same, key=lambda entry: (edited(entry[0]), entry[1], entry[3]))
        other_path, _order, _handle, _slug, other_rel = ordered[0]
        other_line = _twitter_mark(other_path, other_rel)[0]
        for path, _order, handle, _slug, rel in ordered[1:]:
            line, col = _twitter_mark(path, rel)
            errors.append(ContentError(rel, line, col, "duplicate_handle",
                                       {"handle": handle, "other": other_rel, "other_line": other_line},
                                       hint_key="hint_duplicate_handle"))
    return errors


def _saved_at(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _twitter_mark(path: Path, rel: str) -> tuple[int, int]:
    try:
        return load_document(path, rel, path.parent).mark(("twitter",))
    except ContentErrors:  # changed since it was read: its own read will say what is wrong
        return 1, 1


def _reference_errors(agencies: dict[str, Agency], docs: dict[str, Document]) -> Iterable[ContentError]:
    for slug in sorted(agencies):
        agency = agencies[slug]
        for field in ("fallback", "superseded_by"):
            target = getattr(agency, field)
            if target is None or (target != slug and target in agencies):
                continue
            # placed only now: a file read by an earlier build is parsed again for its positions
            line, col = docs[slug].mark((field,))
            if target == slug:
                yield ContentError(agency.source_path, line, col, "self_reference", {"field": FieldLabel((field,))},
                                   hint_key="hint_self_reference")
            else:
                yield ContentError(agency.source_path, line, col, "unknown_slug",
                                   {"field": FieldLabel((field,)), "slug": target, "guess": _guess(target, agencies),
                                    "folder": posixpath.dirname(agency.source_path) + "/"},
                                   hint_key=_slug_hint(target, agencies))


def _route_errors(routes: Mapping[str, Route], agencies: dict[str, Agency], docs: dict[str, Document],
                  chain_continues: bool, site_doc: Document) -> Iterable[ContentError]:
    ending: dict[str, list[str]] = {}  # a dead end's account (the site's fallback) → the agencies whose chains end there
    for slug, route in routes.items():
        if route.problem == "dead_end" and not chain_continues:
            ending.setdefault(route.steps[-1], []).append(slug)
    for slug, route in routes.items():
        if route.problem is None or (route.problem == "dead_end" and chain_continues):
            continue
        if route.problem == "dead_end" and len(ending[route.steps[-1]]) > 1:
            continue  # said once, where they all end (_shared_dead_ends)
        agency = agencies[slug]
        field = "superseded_by" if agency.superseded_by else "fallback"
        line, col = docs[slug].mark((field,)) if field in docs[slug].data else docs[slug].mark(())
        chain = " → ".join(route.steps)
        if route.problem == "loop":
            cycle = route.steps[route.steps.index(route.steps[-1]):-1]
            explicit = [s for s in cycle if agencies[s].fallback or agencies[s].superseded_by] or cycle
            if slug != min(explicit):
                continue  # one message per loop, at its first file; agencies leading into it are not wrong
            yield ContentError(agency.source_path, line, col, "fallback_loop", {"chain": chain},
                               hint_key="hint_fallback_loop")
        else:  # the one chain that ends there: its own fallback line says why
            end = agencies[route.steps[-1]]
            yield ContentError(agency.source_path, line, col, "fallback_dead_end",
                               {"chain": chain, "end": end.slug, "end_path": end.source_path},
                               hint_key="hint_fallback_dead_end")
    yield from _shared_dead_ends(ending, agencies, site_doc)


def _shared_dead_ends(ending: dict[str, list[str]], agencies: dict[str, Agency], site_doc: Document,
                      ) -> Iterable[ContentError]:
    """One error when many chains end at an account that takes no complaints: only the site's fallback has
    nowhere further to go (routing.next_hop), so made dormant it ends them all. It stands on site.yaml's
    fallback line and names the agencies whose complaints would go nowhere, instead of one error in each of
    their files for one edit elsewhere."""
    for end_slug, slugs in ending.items():
        if len(slugs) < 2:
            continue
        end = agencies[end_slug]
        line, col = site_doc.mark(("fallback",))
        yield ContentError(site_doc.rel, line, col, "fallback_dead_end_shared",
                           {"end": end_slug, "end_path": end.source_path, "count": len(slugs),
                            "names": NameList(tuple(slugs))},
                           hint_key="hint_fallback_dead_end_shared" if end.handle else "hint_fallback_dead_end_no_account")
