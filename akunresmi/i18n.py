"""The message catalogue: every interface string, for the site and for error messages."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "id"


class Catalogue:
    """Strings of one language: `site` for templates, `errors` for content errors and the CLI's messages,
    `commands` for the CLI's help."""

    def __init__(self, language: str, data: dict[str, Any]):
        self.language = language
        self.site: dict[str, str] = data["site"]
        self.errors: dict[str, str] = data["errors"]
        self.kinds: dict[str, str] = data["kinds"]
        self.fields: dict[str, str] = data.get("fields") or {}
        self.rules: dict[str, str] = data.get("rules") or {}  # rules between fields, by their schema title
        self.commands: dict[str, str] = data.get("commands") or {}  # the command line's help

    def error(self, key: str, /, **params: Any) -> str:
        return self.errors[key].format(**params)

    def text(self, key: str, /, **params: Any) -> str:
        return self.site[key].format(**params)

    def number(self, value: int) -> str:
        """A whole number as the language writes it: 2.208 in Indonesian, 2,208 in English."""
        return f"{value:,}".replace(",", self.site["thousands_separator"])


def available_languages() -> list[str]:
    return sorted(p.stem for p in LOCALES_DIR.glob("*.yaml"))


@lru_cache(maxsize=None)
def load_catalogue(language: str = DEFAULT_LANGUAGE) -> Catalogue:
    path = LOCALES_DIR / f"{language}.yaml"
    with path.open(encoding="utf-8") as fh:
        # libyaml when present: the pure-Python loader took most of a `build` with nothing to do
        return Catalogue(language, yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
