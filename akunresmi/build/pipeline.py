"""Shorthands over the one Builder, for callers that build once: read the content, render it, build."""

from __future__ import annotations

from datetime import date

from ..model import Directory
from .builder import PROJECT_DIR, BuildOptions, BuildResult, Builder, build_date

__all__ = ["PROJECT_DIR", "BuildOptions", "BuildResult", "build", "build_date", "read_content",
           "render_directory"]


def read_content(options: BuildOptions, today: date | None = None) -> Directory:
    """The validated content, as a build would see it (ContentErrors lists every mistake)."""
    return Builder(options).read(today)


def render_directory(directory: Directory, options: BuildOptions) -> dict[str, bytes]:
    """Every file of the site in memory, made in one process: the reference the tests compare with."""
    return Builder(options, workers=1).render(directory)


def build(options: BuildOptions) -> BuildResult:
    return Builder(options).build()
