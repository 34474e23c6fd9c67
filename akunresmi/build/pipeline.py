"""One build: content → Directory → files in memory → output/. Each stage from its own module."""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

from . import cache
from ..content.reader import read_directory
from ..i18n import load_catalogue
from ..model import Directory
from ..site.exports import export_files
from ..site.render import Renderer, render_site
from ..site.views import SiteFacts
from .write import WriteStats, write_site

log = logging.getLogger(__name__)
PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    templates: Path = PROJECT_DIR / "templates"
    static: Path = PROJECT_DIR / "static"
    base_url: str | None = None
    cache: Path | None = None  # a folder for the build cache; None: always build everything


@dataclass(frozen=True)
class BuildResult:
    agencies: int
    stats: WriteStats
    seconds: float
    up_to_date: bool = False  # nothing changed since the last build: output/ was left as it was


def build_date() -> date:
    """Today, or the date SOURCE_DATE_EPOCH names, so builds can be reproduced later."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def read_content(options: BuildOptions, today: date | None = None) -> Directory:
    directory = read_directory(options.content, today or build_date())
    if options.base_url:
        site = dataclasses.replace(directory.site, base_url=options.base_url)
        directory = dataclasses.replace(directory, site=site)
    return directory


def extra_files(facts: SiteFacts, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    """Files beyond the directory's pages: exports, feeds, posters."""
    return export_files(facts, renderer)


def render_directory(directory: Directory, options: BuildOptions) -> dict[str, bytes]:
    facts = SiteFacts.of(directory, load_catalogue(directory.site.language))
    return render_site(facts, options.templates, options.static, extra=extra_files)


def build(options: BuildOptions) -> BuildResult:
    """Validate everything, render everything, and only then replace output/.

    With a cache folder, a build whose inputs, code and date all match the last build's is skipped.
    """
    started = time.perf_counter()
    key = None
    if options.cache is not None:
        key = cache.build_key(options.content, options.out, options.templates, options.static,
                              options.base_url, build_date().isoformat())
        manifest = cache.load_manifest(options.cache)
        if cache.is_up_to_date(manifest, key, options.out):
            assert manifest is not None
            return BuildResult(manifest["agencies"], WriteStats(manifest["files"], 0, 0),
                               time.perf_counter() - started, up_to_date=True)
        cache.forget(options.cache)  # the output is about to change: the old manifest no longer holds
    directory = read_content(options)
    files = render_directory(directory, options)
    stats = write_site(files, options.out)
    if key is not None and options.cache is not None:
        cache.save_manifest(options.cache, key, options.out, len(directory.agencies), stats.files)
    return BuildResult(len(directory.agencies), stats, time.perf_counter() - started)
