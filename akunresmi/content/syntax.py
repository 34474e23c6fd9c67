"""The YAML parser's problems in the editor's words, at the line where the mistake is: libyaml
says "could not find expected ':'" a line after a missing colon, and "did not find expected key"
after an unclosed quote."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from .errors import ContentError

# A field's name as the files write it, and a line that starts with one (after a list's dash, if any) and
# its colon: group 1 the indentation and dash, group 2 the name, the value's pattern after it.
_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*"
_KEY_FIRST = rf"(\s*(?:-\s+)?)({_KEY}):\s+"
_INDENTED_KEY = re.compile(r"""\s+(?:[A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*""")  # name, "33.16", '33.16'


def syntax_error(exc: yaml.MarkedYAMLError, rel: str, text: str) -> ContentError:
    """The parser's problem in the editor's words, at the line where the mistake is (libyaml
    often notices it a line later)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or exc.context or "").strip()
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        return ContentError(rel, line, col, "tab_character", {}, hint_key="hint_tabs")
    invisible = _invisible_space(text, mark.line if mark else 0)
    if invisible:
        return ContentError(rel, invisible[0], invisible[1], "invisible_space", {"code": invisible[2]},
                            hint_key="hint_invisible_space")
    quote = _unclosed_quote(text, mark.line if mark else 0)
    if quote:
        # The editor's own line with the quote closed, to copy (not a date from another line): at the end
        # of the value, or, for a quote opening the key ('"33.17: regions/…'), before the colon.
        own = _line_at(text, quote[0] - 1).strip()
        key, colon, value = own.partition(": ")
        if quote[3] and colon:
            return ContentError(rel, quote[0], quote[1], "syntax_unclosed_quote", {"quote": quote[2]},
                                hint_key="hint_unclosed_quote_key", example=f"{key}{quote[2]}: {value}")
        return ContentError(rel, quote[0], quote[1], "syntax_unclosed_quote", {"quote": quote[2]},
                            hint_key="hint_unclosed_quote", example=own + quote[2])
    context = exc.context_mark
    if "could not find expected ':'" in problem and context:
        return _missing_colon(rel, text, context.line)
    if "did not find expected ',' or ']'" in problem and context:
        # The line to copy is the editor's own, closed (synonyms.yaml's groups are no `keywords:`).
        own = _line_at(text, context.line).rstrip()
        return ContentError(rel, context.line + 1, context.column + 1, "syntax_unclosed_bracket", {},
                            hint_key="hint_unclosed_bracket",
                            example=own.strip() + "]" if own.count("[") > own.count("]") else None)
    listed = _LIST_WITHOUT_BRACKETS.match(_line_at(text, mark.line)) if mark else None
    if listed:  # `keywords: "KK", "kartu keluarga"`: quoted items, but no brackets around them
        return ContentError(rel, mark.line + 1, listed.start(3) + 1, "syntax_list_without_brackets", {},
                            hint_key="hint_list_without_brackets",
                            example=f"{listed.group(2)}: [{listed.group(3).strip().rstrip(',')}]")
    before = _line_at(text, mark.line)[:mark.column] if mark else ""
    hint = _syntax_hint(problem, exc, before)
    if hint == "hint_colon_in_value":
        # `name Dinas Sosial` (or `name:Dinas Sosial`, a no-break space after its colon) above `short_name:
        # Dinsos`: YAML reads the two lines as one key, and stops at the second line's colon; what is
        # missing is in the first line.
        above = _line_at(text, mark.line - 1) if mark and mark.line else ""
        own = _line_at(text, mark.line)
        if (above.strip() and (":" not in above or _GLUED_COLON.fullmatch(above.strip()))
                and not above.lstrip().startswith(("-", "#"))
                and len(above) - len(above.lstrip()) == len(own) - len(own.lstrip())):
            return _missing_colon(rel, text, mark.line - 1)
        return _colon_in_value(rel, text, mark.line)
    if hint == "hint_indentation":
        indent = len(_line_at(text, mark.line)) - len(_line_at(text, mark.line).lstrip()) if mark else 0
        return ContentError(rel, line, indent + 1, "syntax_indentation", {}, hint_key="hint_indentation")
    return ContentError(rel, line, col, "yaml_syntax", {}, hint_key=hint)


def _missing_colon(rel: str, text: str, line: int) -> ContentError:
    """`kind dinas`: the key and its value without the colon between them; or `kind:dinas` (a colon with
    no space after it, or a no-break space pasted from a chat); or a line of a `description: |` text
    written without its indentation."""
    raw = _line_at(text, line)
    indent = len(raw) - len(raw.lstrip())
    glued = _GLUED_COLON.fullmatch(raw.strip())
    if glued:
        value = glued.group(2).replace("\u00a0", " ").strip()
        return ContentError(rel, line + 1, indent + len(glued.group(1)) + 2, "syntax_colon_without_space", {},
                            hint_key="hint_colon_without_space", example=f"{glued.group(1)}: {value}")
    block = _block_indent_above(text, line)
    if block is not None:
        return ContentError(rel, line + 1, indent + 1, "syntax_block_line_not_indented", {},
                            hint_key="hint_block_line_not_indented", example=" " * block + raw.strip())
    words = raw.strip().split(None, 1)
    above = _value_above(text, line, indent)
    if above is not None and words[0] not in _field_names():
        # `name: Dinas Kependudukan` then `dan Pencatatan Sipil` under it: a long value wrapped onto a line of
        # its own, which YAML reads as a new key ("dan: Pencatatan Sipil" would make it an unknown one).
        return ContentError(rel, line + 1, indent + 1, "syntax_value_continued", {}, hint_key="hint_value_continued",
                            example=f"{above} {raw.strip()}")
    example = f"{words[0]}: {words[1]}" if len(words) == 2 else None
    return ContentError(rel, line + 1, indent + 1, "syntax_missing_colon", {}, hint_key="hint_missing_colon",
                        example=example)


def _value_above(text: str, line: int, indent: int) -> str | None:
    """The line above `line` (blank lines skipped), stripped, when it is a key with a plain one-line value
    whose key starts at `indent`: the line a value wrapped onto `line` belongs to; else None."""
    for number in range(line - 1, -1, -1):
        raw = _line_at(text, number)
        if raw.strip():
            found = _PLAIN_VALUE.match(raw)
            return raw.strip() if found and found.start(2) == indent else None
    return None


# `  - name: KTP elektronik`: a key (after a list's dash, if any) and a value that is not quoted, a list,
# a mapping or a block text.
_PLAIN_VALUE = re.compile(_KEY_FIRST + r"""([^\s"'\[{|>#&*!%@`].*)$""")
# `keywords: "KK", "kartu keluarga"`: a key, then a quoted text followed by a comma.
_LIST_WITHOUT_BRACKETS = re.compile(_KEY_FIRST + r"""((?:"[^"]*"|'[^']*')\s*,.*)$""")


def _field_names() -> frozenset[str]:
    """Every field name the schemas know (a line starting with one lacks its colon, it continues nothing)."""
    return frozenset(_fields())


def coded_fields() -> frozenset[str]:
    """The fields whose value is a code, a choice, a number, a date or an address, not free text (a
    `# note` after one is a comment, never a part of it): those of the schemas with a form of their own."""
    return frozenset(name for name, free in _fields().items() if not free)


@lru_cache(maxsize=1)
def _fields() -> dict[str, bool]:
    """Every field name of the schemas of content files, and whether its value is free text in one of
    them at least (`source` is an agency's source, a free text, and an emergency number's address)."""
    from .validate import _schema_names, load_schema  # noqa: PLC0415 - validate imports the loader

    fields: dict[str, bool] = {}

    def walk(node: object, schema: dict) -> None:
        if isinstance(node, dict):
            for name, spec in node.get("properties", {}).items():
                fields[name] = fields.get(name, False) or _free_text(spec, schema)
            for key, value in node.items():
                if key not in ("if", "then", "else", "not"):  # rules between fields restate types loosely
                    walk(value, schema)
        elif isinstance(node, list):
            for value in node:
                walk(value, schema)
    for name in _schema_names():
        if not name.endswith("-export"):  # what the site publishes, not a file anyone edits
            schema = load_schema(name)
            walk(schema, schema)
    return fields


def _free_text(spec: object, schema: dict) -> bool:
    """Whether a field's rule takes any text: a string with no choices, form or pattern (a reference to
    another schema's rule counts as free text: the answer errs towards quoting)."""
    while isinstance(spec, dict) and "$ref" in spec:
        ref = str(spec["$ref"])
        if not ref.startswith("#/$defs/"):
            return True
        spec = schema.get("$defs", {}).get(ref.split("/")[-1], {})
    if not isinstance(spec, dict):
        return True
    types = spec.get("type") if isinstance(spec.get("type"), list) else [spec.get("type")]
    return "string" in types and not ({"enum", "pattern", "format", "const"} & spec.keys())


# `kind:dinas`, `kind:\u00a0dinas`: a key, a colon, then no ordinary space before the value.
_GLUED_COLON = re.compile(f"({_KEY}):" + r"(?! )([\u00a0\S].*)")


def _block_indent_above(text: str, line: int) -> int | None:
    """When `line` follows a block text's key (`description: |`), or the indented lines under it, less
    indented than they are, as a line of that text typed at the margin: the indentation it should have;
    else None."""
    own = len(_line_at(text, line)) - len(_line_at(text, line).lstrip())
    inside = None
    for number in range(line - 1, -1, -1):
        raw = _line_at(text, number)
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip())
        if indent > own:
            inside = indent
            continue
        if not _BLOCK_START.search(raw):
            return None
        return inside if inside is not None else indent + 2  # its first line: two spaces in, as the files are
    return None


def _colon_in_value(rel: str, text: str, line: int) -> ContentError:
    """`source: Berita: rs-infoblora`: a second colon inside an unquoted value."""
    raw = _line_at(text, line)
    key, _, value = raw.strip().partition(": ")
    example = f'{key}: "{value.strip()}"' if value.strip() and '"' not in value else None
    return ContentError(rel, line + 1, len(raw) - len(raw.lstrip()) + 1, "syntax_colon_in_value", {},
                        hint_key="hint_colon_in_value", example=example)


_BLOCK_START = re.compile(r":\s+[|>][-+0-9]*\s*(#.*)?$")
# A quote opening a value (after a key, plain or quoted) or, when there is no key before it, a key.
_QUOTED_VALUE = re.compile(r"""\s*(?:-\s+)?(?:(?:[^\s"'#][^:#]*|"[^"]*"|'[^']*'):\s+)?(["'])""")


# Spaces that look like spaces but are not YAML's: pasted from a word processor or a chat app.
_INVISIBLE = re.compile("[\u00a0\u2000-\u200b\u202f\u205f\u3000]")


def _invisible_space(text: str, upto: int) -> tuple[int, int, str] | None:
    """The first line (up to the line where the parser stopped) whose indentation holds a space YAML does
    not take as one (a no-break space...): (line, column, its code point)."""
    for number, raw in enumerate(text.splitlines()[:upto + 1]):
        rest = raw.lstrip(" ")  # YAML's own indentation
        found = _INVISIBLE.match(rest)
        if found:
            return number + 1, len(raw) - len(rest) + 1, f"U+{ord(found.group()):04X}"
    return None


def _unclosed_quote(text: str, upto: int) -> tuple[int, int, str, bool] | None:
    """The first line (up to the line where the parser stopped) whose key or value opens a quote that
    the same line does not close: (line, column, quote, whether it opens the key)."""
    block_indent = None  # inside a `description: |` block, quotes are just text
    for number, raw in enumerate(text.splitlines()[:upto + 1]):
        indent = len(raw) - len(raw.lstrip())
        if block_indent is not None and (not raw.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_START.search(raw) else None
        match = _QUOTED_VALUE.match(raw)
        if not match:
            continue
        quote = match.group(1)
        rest = raw[match.end():]
        rest = rest.replace('\\\\', "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return number + 1, match.start(1) + 1, quote, match.group(0).strip() == quote
    return None


def _line_at(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line] if line < len(lines) else ""


def _char_at(text: str, line: int, column: int) -> str:
    return _line_at(text, line)[column:column + 1]


def _syntax_hint(problem: str, exc: yaml.MarkedYAMLError, before: str) -> str:
    """The likeliest cause, from libyaml's problem and the text before the mark on its line."""
    if "mapping values are not allowed" in problem:
        # "  kind: dinas" under "name: …": a key indented too far, not a colon inside a value.
        return "hint_indentation" if _INDENTED_KEY.fullmatch(before) else "hint_colon_in_value"
    if any(p in problem for p in ("expected <block end>", "did not find expected key", "expected '-' indicator")):
        return "hint_indentation"
    if ("found undefined alias" in problem or "found duplicate anchor" in problem
            or "while scanning an anchor" in str(exc.context) or "while scanning an alias" in str(exc.context)):
        # `source: *Berita resmi*`: Markdown's asterisks, or a value that starts with & or *, unquoted
        return "hint_special_first_character"
    if "expected a single document" in str(exc.context or "") or "single document" in problem:
        return "hint_single_document"
    if "cannot start any token" in problem:
        return "hint_special_first_character"
    if "maximum nesting depth" in problem:
        return "hint_too_deep"
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in str(exc.context):
        return "hint_unclosed_quote"
    return "hint_yaml_syntax"
