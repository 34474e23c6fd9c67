"""Rebuilds that redo only what changed: unchanged files are not re-parsed, unchanged pages not re-rendered.

Used by the dev server, which keeps one SiteBuilder alive between saves.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..content.reader import FileResult, check_agency_file, read_directory
from ..i18n import load_catalogue
from ..model import Directory
from .pipeline import BuildOptions, build_date, extra_files
from ..site.render import render_site
from ..site.views import SiteFacts


class SiteBuilder:
    """Keeps parsed files and rendered agency pages between builds of the same content."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.files: dict[Path, tuple[tuple[int, int, int], date, FileResult]] = {}
        self.pages: dict[str, tuple[Any, tuple[str, bytes]]] = {}
        self.shared_pages: dict[str, tuple[bytes, bytes]] = {}
        self.parsed = 0  # files parsed by the last read, for tests and logs

    def reset(self) -> None:
        """Forget everything (templates, static files or code changed)."""
        self.files.clear()
        self.pages.clear()
        self.shared_pages.clear()

    def _check_file(self, path: Path, rel: str, root: Path, today: date) -> FileResult:
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            return check_agency_file(path, rel, root, today)
        cached = self.files.get(path)
        if cached and cached[0] == stamp and cached[1] == today:
            return cached[2]
        self.parsed += 1
        result = check_agency_file(path, rel, root, today)
        self.files[path] = (stamp, today, result)
        return result

    def read(self) -> Directory:
        self.parsed = 0
        known = set(self.files)
        directory = read_directory(self.options.content, build_date(), file_check=self._check_file)
        for gone in known - {p for p in self.files if p.exists()}:
            self.files.pop(gone, None)
        return directory

    def render(self, directory: Directory) -> dict[str, bytes]:
        facts = SiteFacts.of(directory, load_catalogue(directory.site.language))
        live = {a.slug for a in directory.agencies}
        for slug in set(self.pages) - live:
            del self.pages[slug]
        return render_site(facts, self.options.templates, self.options.static, extra=extra_files,
                           page_cache=self.pages, page_memo=self.shared_pages)

