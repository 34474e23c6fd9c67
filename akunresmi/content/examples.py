"""A correct line to copy for a wrong value: from the schema's `examples`, or, when the mistake
is a common one (a pasted profile URL, a date written 10/03/2016, keywords as one text), the
editor's own value written the right way."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from .errors import ContentError, FormExample, field_label
from .load import Document

# A profile address as people paste it: x.com or twitter.com, mobile., with @, a query or a slash.
_PROFILE_URL = re.compile(r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/@?([A-Za-z0-9_]+)(?:[/?#].*)?",
                          re.IGNORECASE)
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_YES = {"ya", "yes", "y", "on", "1", "aktif", "benar", "true"}
_NO = {"tidak", "no", "n", "off", "0", "mati", "salah", "false", "tidak aktif"}


def normalise_handle(value: str) -> str:
    """The bare handle from what the schema accepts in `twitter`: HumasBlora, @HumasBlora or a
    profile address (https://x.com/HumasBlora?s=21)."""
    value = value.strip()
    match = _PROFILE_URL.fullmatch(value)
    return match.group(1) if match else value.lstrip("@")


def example_for(schema_name: str, path: tuple, value: Any, kind: str) -> str | None:
    """A line the editor can copy in place of the wrong one, or None when there is none to give."""
    from .validate import load_schema  # noqa: PLC0415 - validate imports this module

    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    spec = _subschema(load_schema(schema_name), path)
    fixed = _fixed_value(key, spec, value, kind)
    form = fixed is None
    if form:
        examples = spec.get("examples") or []
        if not examples:
            return None
        fixed = examples[0]
    if not key or (path and isinstance(path[-1], int)):
        return None  # one item of a list: the field's own hint says what it holds
    if isinstance(fixed, dict) and fixed:
        # A mapping as a block, one key a line, as the files are written (and as `new-region` extends
        # national.yaml's regions: a one-line {…} it cannot). On lines of its own, after the hint.
        line = "\n" + f"{key}:" + "".join(f"\n  {_yaml(k)}: {_yaml(v)}" for k, v in fixed.items())
    else:
        line = f"{key}: {_yaml(fixed)}"
    return FormExample(line) if form else line


def _fixed_value(key: str, spec: dict[str, Any], value: Any, kind: str) -> Any:
    """The editor's value in the right form, when its mistake is a common one."""
    types = spec.get("type") if isinstance(spec.get("type"), list) else [spec.get("type")]
    if isinstance(value, str) and "array" in types and kind == "type":
        items = [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
        return items or None
    if isinstance(value, str) and "boolean" in types:
        word = value.strip().lower()
        return True if word in _YES else False if word in _NO else None
    if isinstance(value, str) and spec.get("format") == "date":
        return _iso_date(value)
    if isinstance(value, str) and key == "twitter":
        handle = _handle_from(value)  # not a page of X's own (x.com/home gives "home", which X keeps for itself)
        return handle if handle is None or not spec.get("pattern") or re.search(spec["pattern"], handle) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "string" in types and spec.get("pattern"):
        return _number_as_text(value, spec["pattern"])
    if isinstance(value, str) and kind in ("pattern", "format") and spec.get("pattern"):
        return _text_put_right(value, spec["pattern"])
    return None


def _text_put_right(value: str, pattern: str) -> str | None:
    """The editor's text in the form the field asks for, when a common slip made it fail: an address where
    a name goes (instagram), a name without https:// (facebook), mailto: before an e-mail, a local phone
    number where +62 goes, spaces or hyphens in a name, a file's name where its slug goes."""
    text = value.strip()
    bare = re.sub(r"[?#].*$", "", text).rstrip("/")
    digits = re.sub(r"[\s().-]", "", text)
    tries = [text, re.sub(r"^mailto:", "", text, flags=re.IGNORECASE),
             re.sub(r"\s*[(\[]at[)\]]\s*", "@", text, flags=re.IGNORECASE),  # humas(at)blorakab.go.id
             "https://" + re.sub(r"^(https?:)?/*", "", text, flags=re.IGNORECASE),
             bare.rsplit("/", 1)[-1].lstrip("@") if "/" in bare else bare.lstrip("@"),
             re.sub(r"[\s-]+", "_", text),
             re.sub(r"\.ya?ml$", "", text, flags=re.IGNORECASE),  # fallback: humas.yaml (a file's name)
             # a phone number's digits; not letters run together ("humas.yaml" gave "humasyaml")
             ("+62" + digits[1:] if digits.startswith("0") else "+" + digits if digits.startswith("62") else digits)
             if digits.lstrip("+").isdigit() else ""]
    return next((t for t in tries if t and t != value and re.search(pattern, t)), None)


def _number_as_text(value: int | float, pattern: str) -> str | None:
    """A number written where the schema asks for text of a given form (`code: 33`, `number: 112`): the
    same digits as text, when they are of that form. YAML reads `33.10` as 33.1: the trailing zero is
    tried again."""
    candidates = [str(value)] if isinstance(value, int) else [str(value), f"{value:.2f}", f"{value:.3f}"]
    # YAML reads +6281234567890 as a number and drops its sign: a phone number in the form the field asks.
    candidates += ["+" + str(value)] if isinstance(value, int) and value > 0 else []
    return next((text for text in candidates if re.search(pattern, text)), None)


def _iso_date(value: str) -> str | None:
    match = _DAY_FIRST.fullmatch(value.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _handle_from(value: str) -> str | None:
    """What the editor most likely meant: the first part of an address, without what X forbids."""
    match = re.search(r"(?:twitter|x)\.com/@?([^/?#\s]+)", value, re.IGNORECASE)
    text = match.group(1) if match else value
    # "dukcapil blora", "dukcapil-blora": most likely dukcapil_blora, not a name run together
    handle = re.sub(r"[^A-Za-z0-9_]", "", re.sub(r"(?<=\w)[\s-]+(?=\w)", "_", text.strip()))
    return handle if 1 <= len(handle) <= 15 and handle != value else None


def _subschema(schema: dict[str, Any], path: tuple) -> dict[str, Any]:
    node = _resolve(schema, schema)
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
        node = _resolve(schema, node)
    return node


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return node
    return {**schema["$defs"][ref.split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}


def _yaml(value: Any) -> str:
    """A value as YAML flow text: quoted strings, true/false, ["a", "b"]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


_PLACEHOLDER = re.compile(r"<[^<>]+>")


def placeholder_errors(doc: Document) -> list[ContentError]:
    """Example text from `build.py new` ("<Nama layanan>") left in place: never published."""
    errors = []

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, path + (key,))
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                walk(sub, path + (i,))
        elif isinstance(value, str) and _PLACEHOLDER.fullmatch(value.strip()):
            line, col = doc.mark(path)
            errors.append(ContentError(doc.rel, line, col, "placeholder_text",
                                       {"field": field_label(doc.data, path), "value": repr(value.strip())},
                                       hint_key="hint_placeholder_text",
                                       example=example_for("agency", path, value, "placeholder")))
    walk(doc.data, ())
    return errors
