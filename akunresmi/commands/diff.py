"""`build.py diff BASE`: what a change to the content means for citizens, compared with a git
revision: agencies added or removed, handles and statuses changed, and where each agency's
complaints now go. Text for the terminal, Markdown for a pull request's job summary."""

from __future__ import annotations

import io
import os
import posixpath
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..content.reader import read_directory
from ..i18n import Catalogue
from ..model import Agency, Directory
from ..site.opendata import handle_complaints_reach


class GitError(Exception):
    """git is missing, this is not a repository, or the revision does not exist (a usage error)."""


@dataclass(frozen=True)
class Change:
    """One line of the summary: which agency, what it was, what it is now."""

    section: str  # one of SECTIONS
    name: str
    before: str
    after: str


SECTIONS = ("added", "removed", "handle", "status", "route")


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(str(exc)) from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def content_at(revision: str, content: Path, dest: Path) -> Path:
    """The content folder as it was at `revision`, unpacked into `dest` (empty if it did not exist)."""
    folder = content.resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    _git(["rev-parse", "--verify", f"{revision}^{{commit}}"], top)
    inside = folder.relative_to(top.resolve()).as_posix()
    root = dest / "content"
    root.mkdir(parents=True)
    if not _git(["ls-tree", "--name-only", revision, "--", inside], top).strip():
        return root
    archive = _git(["archive", "--format=tar", revision, "--", inside], top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest / "tree", filter="data")
    return dest / "tree" / inside


def compare(base: Directory | None, head: Directory | None, cat: Catalogue, national: str = "") -> list[Change]:
    """The changes citizens will notice, in SECTIONS order and by agency name within each. `national`:
    the national channel complaints end at, when not the folder's own (a region takes national.yaml's).
    No `head`: a region no longer in national.yaml, each of its agencies removed."""
    before = base.by_slug if base else {}
    after = head.by_slug if head else {}
    old_routes = base.routes if base else {}
    new_routes = head.routes if head else {}
    national = national or (head or base).site.national_channels[0].name

    def goes_to(directory: Directory, routes, slug: str) -> str:
        # As the pages and the open data say it: the target's account, or in a national build the level
        # above's (site.upstream, the province's fallback) when the route ends in the region without one.
        handle = handle_complaints_reach(directory, routes, slug)
        return f"@{handle}" if handle else national

    changes = []
    for slug in sorted(set(before) | set(after)):
        old, new = before.get(slug), after.get(slug)
        if old is None:
            changes.append(Change("added", _label(new), "", goes_to(head, new_routes, slug)))
            continue
        if new is None:
            changes.append(Change("removed", _label(old), goes_to(base, old_routes, slug), ""))
            continue
        if (old.handle or "").lower() != (new.handle or "").lower():
            changes.append(Change("handle", _label(new), _handle(old, cat), _handle(new, cat)))
        if old.status != new.status:
            changes.append(Change("status", _label(new), cat.site[f"status_{old.status}"],
                                  cat.site[f"status_{new.status}"]))
        was, now = goes_to(base, old_routes, slug), goes_to(head, new_routes, slug)
        if was != now:
            changes.append(Change("route", _label(new), was, now))
    return sorted(changes, key=lambda c: (SECTIONS.index(c.section), c.name.lower()))


def _label(agency: Agency) -> str:
    return agency.short_name or agency.name


def _handle(agency: Agency, cat: Catalogue) -> str:
    return f"@{agency.handle}" if agency.handle else cat.error("diff_no_account")


def diff_text(changes: list[Change], base: str, cat: Catalogue) -> str:
    return diff_text_regions([("", changes)], base, cat)


def diff_text_regions(groups: list[tuple[str, list[Change]]], base: str, cat: Catalogue) -> str:
    """The summary of one content folder (a heading of ""), or of each region of a national directory
    that has changes, under its name."""
    lines = [cat.error("diff_title", base=base)]
    groups = [(heading, changes) for heading, changes in groups if changes]
    if not groups:
        return "\n".join(lines + ["", cat.error("diff_nothing")]) + "\n"
    for heading, changes in groups:
        if heading:
            lines += ["", heading, "=" * len(heading)]
        for section in SECTIONS:
            rows = [c for c in changes if c.section == section]
            if rows:
                lines += ["", cat.error(f"diff_section_{section}")]
                lines += [f"  - {_line(c, cat)}" for c in rows]
    return "\n".join(lines) + "\n"


def diff_markdown(changes: list[Change], base: str, cat: Catalogue) -> str:
    return diff_markdown_regions([("", changes)], base, cat)


def diff_markdown_regions(groups: list[tuple[str, list[Change]]], base: str, cat: Catalogue) -> str:
    """GitHub's job summary: names from YAML are escaped, so no file can inject links or HTML."""
    lines = [f"## {_md(cat.error('diff_title', base=base))}"]
    groups = [(heading, changes) for heading, changes in groups if changes]
    if not groups:
        return "\n".join(lines + ["", _md(cat.error("diff_nothing"))]) + "\n"
    for heading, changes in groups:
        level = "####" if heading else "###"
        if heading:
            lines += ["", f"### {_md(heading)}"]
        for section in SECTIONS:
            rows = [c for c in changes if c.section == section]
            if rows:
                lines += ["", f"{level} {_md(cat.error(f'diff_section_{section}'))}", ""]
                lines += [f"- {_line(Change(c.section, _md(c.name), _md(c.before), _md(c.after)), cat)}"
                          for c in rows]
    return "\n".join(lines) + "\n"


def _line(change: Change, cat: Catalogue) -> str:
    if change.section == "added":
        return cat.error("diff_line_added", name=change.name, to=change.after)
    if change.section == "removed":
        return change.name
    return f"{change.name}: {change.before} → {change.after}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def run_diff(revision: str, content: Path, today: date, fmt: str, cat: Catalogue) -> str:
    """The summary of changes between `revision` and the working tree's content."""
    head = read_directory(content, today)
    changes = _folder_changes(revision, content, head, today, cat)
    return (diff_markdown if fmt == "markdown" else diff_text)(changes, revision, cat)


def _folder_changes(revision: str, content: Path, head: Directory, today: date, cat: Catalogue) -> list[Change]:
    with tempfile.TemporaryDirectory(prefix="akunresmi-diff-") as tmp:
        old_root = content_at(revision, content, Path(tmp))
        base = read_directory(old_root, today, cwd=old_root.parent) if (old_root / "site.yaml").exists() else None
    return compare(base, head, cat)


def run_diff_national(revision: str, national_path: Path, fmt: str, cat: Catalogue) -> str:
    """The summary for a national directory: every region national.yaml names now or named at `revision`,
    each read as the national build reads it (a kabupaten/kota's complaints that end at a dormant fallback
    go on to its province's, when the province has a folder and that account takes them: site.upstream),
    compared with itself at `revision`; those with changes, under the region's name, provinces first. A
    region whose line is new lists its agencies as added; one whose line was taken out of national.yaml,
    under a heading that says so, its agencies as removed (its pages become "no data yet")."""
    from ..build.national import NationalBuilder, NationalOptions  # noqa: PLC0415
    from ..content.errors import ContentErrors  # noqa: PLC0415

    national, head, errors = NationalBuilder(NationalOptions(national_path, Path("output"))).read_regions()
    if errors:
        raise ContentErrors(errors)
    with tempfile.TemporaryDirectory(prefix="akunresmi-diff-") as tmp:
        old, base, old_folders = _national_at(revision, national_path, Path(tmp))
    channel = national.settings.national_channels[0].name
    now = {r.code: r for r in national.regions}
    gone = [r for r in old if r.code not in now]
    groups = []
    for region in [*national.regions, *gone]:
        name = region.region.display_name
        if region.code in now:
            folder = os.path.relpath(region.folder, Path.cwd()).replace(os.sep, "/")
            heading = f"{name} ({folder})"
        else:
            heading = cat.error("diff_region_removed", name=name, folder=old_folders[region.code],
                                national=national_path.name)
        if region.code in head or region.code in base:
            groups.append((heading, compare(base.get(region.code), head.get(region.code), cat, channel)))
    return (diff_markdown_regions if fmt == "markdown" else diff_text_regions)(groups, revision, cat)


def _national_at(revision: str, national_path: Path, dest: Path) -> tuple[tuple, dict[str, Directory], dict[str, str]]:
    """The national directory as it was at `revision` (national.yaml and the folders it named, unpacked
    into `dest`), read as its build read it: its regions (provinces first), the directory of each region
    that read without a mistake, and each region's folder as national.yaml named it. Nothing when there
    was no national.yaml, or it did not read."""
    from ..build.national import NationalBuilder, NationalOptions  # noqa: PLC0415
    from ..content.errors import ContentErrors  # noqa: PLC0415

    top = Path(_git(["rev-parse", "--show-toplevel"], national_path.resolve().parent).decode().strip()).resolve()
    _git(["rev-parse", "--verify", f"{revision}^{{commit}}"], top)
    inside = national_path.resolve().relative_to(top).as_posix()
    listed = _listed_at(revision, inside, top)
    if not listed:
        return (), {}, {}
    root = posixpath.dirname(inside)
    folders = {code: posixpath.normpath(posixpath.join(root, folder)) for code, folder in listed.items()}
    paths = [inside, *(f for f in sorted(set(folders.values()))
                       if _git(["ls-tree", "--name-only", revision, "--", f], top).strip())]
    archive = _git(["archive", "--format=tar", revision, "--", *paths], top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest / "tree", filter="data")
    try:
        old, directories, _ = NationalBuilder(NationalOptions(dest / "tree" / inside, dest / "out")).read_regions()
    except ContentErrors:  # national.yaml itself did not read then: every region is new
        return (), {}, {}
    return old.regions, directories, listed


def _listed_at(revision: str, inside: str, top: Path) -> dict[str, str]:
    """national.yaml's regions at `revision` (none when it did not exist or does not read)."""
    try:
        data = yaml.safe_load(_git(["show", f"{revision}:{inside}"], top))
    except (GitError, yaml.YAMLError):
        return {}
    regions = data.get("regions") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in regions.items()} if isinstance(regions, dict) else {}
