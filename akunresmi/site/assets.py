"""Static files as the site publishes them: scripts without their comments and spaces and with short
local names (calmjs.parse), stylesheets without their comments and spaces (rcssmin), because citizens
load them on slow mobile data and the home page has a 30 KB budget; the files in static/ keep their
comments and names for whoever edits them. Everything else is published as it is."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import rcssmin


@lru_cache(maxsize=16)  # parsing search.js takes a fifth of a second, and the tests build hundreds of sites
def minified_script(source: bytes) -> bytes:
    """A script as published: what rjsmin wrote (no comments, no spaces), with every local name
    shortened, which rjsmin cannot do: 880 bytes of search.js gzipped. Global names (the `window`
    properties the pages and tests read) and property names stay as written."""
    # Imported here: a build that reuses the minified script (a one-change build) need not import the
    # minifier, some 40 ms of its start-up.
    from calmjs.parse import es5  # noqa: PLC0415
    from calmjs.parse.unparsers.es5 import minify_print  # noqa: PLC0415

    program = es5(source.decode("utf-8"))
    return minify_print(program, obfuscate=True, obfuscate_globals=False).encode("utf-8")


MINIFIERS: dict[str, Callable[[bytes], bytes]] = {".js": minified_script, ".css": rcssmin.cssmin}


def static_names(static: Path) -> list[str]:
    return sorted(p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file())


def published_static(static: Path, rel: str) -> bytes:
    """The bytes of static/<rel> as published."""
    data = (static / rel).read_bytes()
    minify = MINIFIERS.get(Path(rel).suffix)
    return minify(data) if minify else data


def static_files(static: Path) -> Iterator[tuple[str, bytes]]:
    for rel in static_names(static):
        yield "static/" + rel, published_static(static, rel)
