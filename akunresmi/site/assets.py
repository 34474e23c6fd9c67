"""Static files as the site publishes them: scripts and stylesheets without their comments and
spaces (rjsmin, rcssmin), because citizens load them on slow mobile data and the home page has a
30 KB budget; the files in static/ keep their comments for whoever edits them. Everything else is
published as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import rcssmin
import rjsmin

MINIFIERS: dict[str, Callable[[bytes], bytes]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


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
