"""Content errors: what a Humas editor sees when a file is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..i18n import Catalogue


class FormExample(str):
    """A line that shows the form a field takes, from the schema's examples: another agency's data (Humas's
    handle, e-mail, a made-up number), to be filled in with the editor's own, never copied as it is."""


@dataclass(frozen=True)
class ContentError:
    """One mistake in one file, located like a compiler would locate it.

    The message and hint are catalogue keys plus parameters, so the same error prints in
    Indonesian or English.
    """

    path: str
    line: int
    col: int
    key: str
    # Compared (two missing fields at one place are two errors) but not hashed: a dict is not hashable.
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    hint_key: str | None = None
    hint_text: str | None = None
    hint_fallback: str | None = None  # a catalogue key, when neither of the above has anything to say
    example: str | None = field(default=None, compare=False, hash=False)  # a correct line to copy

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.key)

    def message(self, cat: Catalogue) -> str:
        return cat.error(self.key, **self._localised_params(cat))

    def _localised_params(self, cat: Catalogue) -> dict[str, Any]:
        """Parameters given as catalogue keys (a tuple of them, e.g. type names) in this language."""
        return {k: " / ".join(cat.errors.get(x, x) for x in v) if isinstance(v, tuple)
                else v.words(cat) if isinstance(v, (FieldLabel, NameList)) else v
                for k, v in self.params.items()}

    def hint(self, cat: Catalogue) -> str | None:
        """The hint, followed by a correct line to copy when there is one (or the form to fill in, when
        the line is the schema's example rather than the editor's own value put right)."""
        text = self._hint(cat)
        if self.example:
            key = "hint_example_form" if isinstance(self.example, FormExample) else "hint_example"
            example = cat.error(key, example=self.example)
            return f"{text} {example}" if text else example
        return text

    def _hint(self, cat: Catalogue) -> str | None:
        """The catalogue's hint; for a field or a rule between fields, its catalogue text or else the
        schema's description; failing both, the fallback key's text."""
        if self.hint_key and self.hint_key.startswith("field:"):
            text = cat.fields.get(self.hint_key[6:]) or self.hint_text
        elif self.hint_key and self.hint_key.startswith("rule:"):
            text = cat.rules.get(self.hint_key[5:]) or self.hint_text
        elif self.hint_key:
            text = cat.error(self.hint_key, **self._localised_params(cat))
        else:
            text = self.hint_text
        if not text and self.hint_fallback:
            return cat.error(self.hint_fallback, **self._localised_params(cat))
        return text

    def format(self, cat: Catalogue) -> str:
        text = printable(f"{self.path}:{self.line}:{self.col}: {cat.error('label_error')}: {self.message(cat)}")
        hint = self.hint(cat)
        if not hint:
            return text
        # A block to copy (a mapping's example) keeps its lines and indentation, under the hint.
        lines = [printable(line.rstrip()) for line in hint.split("\n")]
        return f"{text}\n  {cat.error('label_hint')}: " + "\n    ".join(lines)

    def format_github(self, cat: Catalogue) -> str:
        """A GitHub Actions workflow command, so a pull request shows the mistake on its line."""
        text = self.message(cat)
        hint = self.hint(cat)
        if hint:
            text = f"{text} ({hint})"
        return (f"::error file={_gh_escape_prop(self.path)},line={self.line},col={self.col}"
                f"::{_gh_escape_data(text)}")


@dataclass(frozen=True)
class FieldLabel:
    """Where a value stands, said in the editor's words rather than as services[0].keywords:
    "layanan ke-1 (KTP elektronik), kata kunci". `names` gives each list item's own name."""

    path: tuple
    names: tuple = ()

    def words(self, cat: Catalogue) -> str:
        if not self.path:
            return cat.error("field_whole_file")
        parts: list[str] = []
        names = dict(zip((i for i, p in enumerate(self.path) if isinstance(p, int)), self.names))
        for i, part in enumerate(self.path):
            if isinstance(part, int):
                container = self.path[i - 1] if i else ""
                what = cat.errors.get(f"word_item_{container}") or cat.errors.get(f"word_{container}") or f"'{container}'"
                name = names.get(i, "")
                item = cat.error("field_item", what=what, n=part + 1)
                if parts and isinstance(self.path[i - 1], str):
                    parts.pop()
                parts.append(f"{item} ({name})" if name else item)
            elif i and isinstance(self.path[i - 1], int):
                parts.append(cat.errors.get(f"word_{part}") or f"'{part}'")
            elif parts:
                parts[-1] = cat.error("field_inside", key=f"'{part}'", parent=parts[-1])
            else:
                parts.append(f"'{part}'")
        return ", ".join(parts)


def field_label(data: Any, path: tuple) -> FieldLabel:
    """The path in words, naming each list item by its own name (a service's name, a keyword)."""
    names = []
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int):
            name = node.get("name") if isinstance(node, dict) else node
            names.append(_short_name(name))
    return FieldLabel(path, tuple(names))


def _short_name(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    value = " ".join(value.split())
    return value if len(value) <= 40 else value[:39] + "…"


class ContentErrors(Exception):
    """Every content mistake found in one run, sorted by file and line."""

    def __init__(self, errors: Iterable[ContentError]):
        # Duplicates dropped in the order found (a set's order changes from run to run), then sorted;
        # errors at one place keep the order they were found in (a rule's missing fields as it lists them).
        unique: list[ContentError] = []
        seen: set[ContentError] = set()
        for error in errors:
            if error not in seen:
                seen.add(error)
                unique.append(error)
        self.errors = sorted(unique, key=ContentError.sort_key)
        super().__init__(f"{len(self.errors)} content error(s)")


# Line breaks and bidi controls from a file name or value would split the one-line message or
# reorder it on the terminal; they are shown as escapes instead.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class NameList:
    """Agencies named in a message: the first few, then how many more ("a, b, c dan 40 lainnya")."""

    slugs: tuple[str, ...]
    shown: int = 5

    def words(self, cat: Catalogue) -> str:
        names = ", ".join(self.slugs[:self.shown])
        more = len(self.slugs) - self.shown
        return cat.error("word_names_and_more", names=names, more=more) if more > 0 else names
