"""`build.py diff BASE`: what a change to the content means for citizens, compared with a git
revision: agencies added or removed, handles and statuses changed, and where each agency's
complaints now go. Text for the terminal, Markdown for a pull request's job summary."""

from __future__ import annotations

import io
import os
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
from ..routing import routes_for_all


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


def compare(base: Directory | None, head: Directory, cat: Catalogue, national: str = "") -> list[Change]:
    """The changes citizens will notice, in SECTIONS order and by agency name within each. `national`:
    the national channel complaints end at, when not the folder's own (a region takes national.yaml's)."""
    before = base.by_slug if base else {}
    after = head.by_slug
    old_routes = routes_for_all(before, base.site.fallback) if base else {}
    new_routes = routes_for_all(after, head.site.fallback)
    national = national or head.site.national_channels[0].name

    def goes_to(agencies: dict[str, Agency], routes, slug: str) -> str:
        target = routes[slug].target
        return f"@{agencies[target].handle}" if target else national

    changes = []
    for slug in sorted(set(before) | set(after)):
        old, new = before.get(slug), after.get(slug)
        if old is None:
            changes.append(Change("added", _label(new), "", goes_to(after, new_routes, slug)))
            continue
        if new is None:
            changes.append(Change("removed", _label(old), goes_to(before, old_routes, slug), ""))
            continue
        if (old.handle or "").lower() != (new.handle or "").lower():
            changes.append(Change("handle", _label(new), _handle(old, cat), _handle(new, cat)))
        if old.status != new.status:
            changes.append(Change("status", _label(new), cat.site[f"status_{old.status}"],
                                  cat.site[f"status_{new.status}"]))
        was, now = goes_to(before, old_routes, slug), goes_to(after, new_routes, slug)
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


def _folder_changes(revision: str, content: Path, head: Directory, today: date, cat: Catalogue,
                    chain_continues: bool = False, national: str = "") -> list[Change]:
    with tempfile.TemporaryDirectory(prefix="akunresmi-diff-") as tmp:
        old_root = content_at(revision, content, Path(tmp))
        base = (read_directory(old_root, today, cwd=old_root.parent, chain_continues=chain_continues)
                if (old_root / "site.yaml").exists() else None)
    return compare(base, head, cat, national)


def run_diff_national(revision: str, national_path: Path, today: date, fmt: str, cat: Catalogue) -> str:
    """The summary for a national directory: for each region national.yaml names whose folder (or line in
    national.yaml) differs from `revision`, its changes under the region's name, in national.yaml's order
    of reading (provinces first). A region's own routes are compared, as its folder alone routes them."""
    from ..content.national import read_national  # noqa: PLC0415

    national = read_national(national_path)
    touched = _regions_touched(revision, national_path, national.regions)
    groups = []
    for region in national.regions:
        if region.code not in touched:
            continue
        head = read_directory(region.folder, today, chain_continues=True)
        name = region.region.display_name
        folder = os.path.relpath(region.folder, Path.cwd()).replace(os.sep, "/")
        channels = national.settings.national_channels  # a region's, in the national build (RegionSettings)
        changes = _folder_changes(revision, region.folder, head, today, cat, chain_continues=True,
                                  national=channels[0].name)
        groups.append((f"{name} ({folder})", changes))
    return (diff_markdown_regions if fmt == "markdown" else diff_text_regions)(groups, revision, cat)


def _regions_touched(revision: str, national_path: Path, regions) -> set[str]:
    """The codes of the regions whose folder holds a file changed since `revision` (committed or not,
    new files too), or whose line in national.yaml is new or names another folder than it did."""
    top = Path(_git(["rev-parse", "--show-toplevel"], national_path.resolve().parent).decode().strip()).resolve()
    _git(["rev-parse", "--verify", f"{revision}^{{commit}}"], top)
    folders = {r.code: r.folder.resolve().relative_to(top).as_posix() for r in regions}
    paths = ["--", *sorted(set(folders.values()))]
    changed = _git(["diff", "--name-only", "-z", "--no-renames", revision, *paths], top).split(b"\0")
    changed += _git(["ls-files", "--others", "--exclude-standard", "-z", *paths], top).split(b"\0")
    names = {os.fsdecode(name) for name in changed if name}
    touched = {code for code, folder in folders.items()
               if any(name == folder or name.startswith(folder.rstrip("/") + "/") or folder == "." for name in names)}
    listed = _listed_at(revision, national_path.resolve().relative_to(top).as_posix(), top)
    for region in regions:
        before = listed.get(region.code)
        base_folder = (top / national_path.resolve().relative_to(top).parent / before).resolve() if before else None
        if base_folder != region.folder.resolve():
            touched.add(region.code)
    return touched


def _listed_at(revision: str, inside: str, top: Path) -> dict[str, str]:
    """national.yaml's regions at `revision` (none when it did not exist or does not read)."""
    try:
        data = yaml.safe_load(_git(["show", f"{revision}:{inside}"], top))
    except (GitError, yaml.YAMLError):
        return {}
    regions = data.get("regions") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in regions.items()} if isinstance(regions, dict) else {}
