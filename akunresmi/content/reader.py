"""The content folder → a validated Directory, or every mistake in it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Mapping

from .errors import ContentError, ContentErrors
from .load import Document, files_named, load_document, read_text, relative_name
from ..model import Agency, Directory, Page
from .examples import placeholder_errors
from .validate import (agency_from, date_errors, description_link_errors, directory_errors, emergency_agencies,
                       emergency_number_errors, nearby_code_errors, page_link_errors, region_code_errors, schema_errors, site_from,
                       slug_errors, slug_pattern)

# Output folders of our own; a page with one of these names would overwrite them.
RESERVED_SLUGS = frozenset({"akun", "topik", "status", "data", "static", "open311", "schema", "poster",
                            "index", "404", "feed", "sitemap", "robots"})


@dataclass
class FileResult:
    """One agency file, parsed and checked on its own (the cacheable unit of work)."""

    doc: Document | None
    agency: Agency | None
    errors: list[ContentError] = field(default_factory=list)


def check_agency_file(path: Path, rel: str, root: Path, today: date) -> FileResult:
    """Load one agency file and check everything about it that does not need the other files."""
    slug = path.name[: -len(".yaml")]
    errors = slug_errors(rel, slug)
    try:
        doc = load_document(path, rel, root)
    except ContentErrors as exc:
        return FileResult(None, None, errors + exc.errors)
    if not isinstance(doc.data, dict):
        return FileResult(doc, None, errors + [_not_a_mapping(doc)])
    # A template half filled in: every placeholder left is said at once, with the schema's other mistakes
    # (a placeholder date is one mistake, not also a date in the wrong form).
    placeholders = placeholder_errors(doc)
    left = {(e.line, e.col) for e in placeholders}
    errors += placeholders + [e for e in schema_errors(doc, "agency") if (e.line, e.col) not in left]
    if errors:
        return FileResult(doc, None, errors)
    errors += date_errors(doc, today)
    errors += description_link_errors(doc, lambda: read_text(path, rel, root))
    return FileResult(doc, None if errors else agency_from(doc, slug), errors)


def _not_a_mapping(doc: Document) -> ContentError:
    line, col = doc.mark(())
    return ContentError(doc.rel, line, col, "not_a_mapping", {}, hint_key="hint_not_a_mapping")


# The hints of load.py and syntax.py speak of agency files (name, kind, services); for the other files
# read here, what they say instead.
_HINTS_FOR = {
    "site": {"hint_empty_file": "hint_empty_site_file", "hint_indentation": "hint_indentation_settings"},
    "national": {"hint_empty_file": "hint_empty_national_file", "hint_indentation": "hint_indentation_settings"},
    "synonyms": {"hint_empty_file": "hint_empty_synonyms_file", "hint_indentation": "hint_indentation_settings"},
}


def load_mapping(path: Path, rel: str, root: Path, schema: str, errors: list[ContentError]) -> Document | None:
    try:
        doc = load_document(path, rel, root)
    except ContentErrors as exc:
        hints = _HINTS_FOR.get(schema, {})
        errors.extend(replace(e, hint_key=hints.get(e.hint_key, e.hint_key)) if e.hint_key else e
                      for e in exc.errors)
        return None
    if not isinstance(doc.data, dict):
        errors.append(_not_a_mapping(doc))
        return None
    found = schema_errors(doc, schema)
    errors.extend(found)
    return None if found else doc


AGENCY_ENDING = ".yaml"
# Names an editor meant as agency files but that end otherwise: `.yml`, `.YAML` or `.Yaml`, and a `.txt`
# after it (Windows Notepad adds one). They are listed, so that each is reported rather than ignored.
_MEANT_AS_AGENCY = re.compile(r"\.ya?ml(\.txt)?$", re.IGNORECASE)


def agency_paths(root: Path) -> list[Path]:
    """The agency files, in the order every build reads them: the `.yaml` files by name, then the files
    named like one but ending otherwise (each an error)."""
    folder = root / "agencies"
    try:
        with os.scandir(folder) as entries:
            return agency_paths_named(root, [e.name for e in entries])
    except (FileNotFoundError, NotADirectoryError):
        return []


def agency_paths_named(root: Path, names: Iterable[str]) -> list[Path]:
    """The agency files of these names, as agency_paths would list them."""
    folder = root / "agencies"
    names = sorted(n for n in names if not n.startswith(".") and _MEANT_AS_AGENCY.search(n))
    return files_named(folder, names, AGENCY_ENDING) + [folder / n for n in names if not n.endswith(AGENCY_ENDING)]


def nested_agency_files(root: Path) -> list[Path]:
    """Files named like agency files in folders inside the agencies folder (at any depth; hidden folders
    aside): a build reads only the files directly in it, so each is reported rather than left out."""
    folder = root / "agencies"
    try:
        with os.scandir(folder) as entries:
            inside = sorted(e.path for e in entries if e.is_dir(follow_symlinks=False) and not e.name.startswith("."))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for top in inside:
        for here, folders, names in os.walk(top):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            found += [Path(here, n) for n in sorted(names) if not n.startswith(".") and _MEANT_AS_AGENCY.search(n)]
    return found


def nested_file_error(path: Path, root: Path, cwd: Path) -> ContentError:
    """A file in a folder inside the agencies folder, located, with where to move it (named .yaml)."""
    moved = relative_name(root / "agencies" / _named_as_yaml(path.name), cwd)
    inside = os.path.relpath(path.parent, root / "agencies").replace(os.sep, "/")
    return ContentError(relative_name(path, cwd), 1, 1, "nested_agency_file", {"folder": inside + "/", "moved": moved},
                        hint_key="hint_nested_agency_file")


def _ending(name: str) -> str:
    """How a file named like an agency file ends (`.YAML`, `.yaml.txt`), or else its suffix."""
    match = _MEANT_AS_AGENCY.search(name)
    return match.group() if match else Path(name).suffix


def _named_as_yaml(name: str) -> str:
    """An agency file's name with the ending it should have: `disdik.YAML` → `disdik.yaml`."""
    return name[: len(name) - len(_ending(name))] + AGENCY_ENDING


def misnamed(name: str) -> bool:
    """Whether an agency file's name ends in something else than .yaml (it is reported, not read)."""
    return not name.endswith(AGENCY_ENDING)


def wrong_ending_error(path: Path, rel: str) -> ContentError:
    """The misnamed file located, with the name to give it: `disdik.YAML` → `disdik.yaml`."""
    ending, renamed = _ending(path.name), _named_as_yaml(path.name)
    hint = "hint_wrong_extension_txt" if ending.lower().endswith(".txt") else "hint_wrong_extension"
    return ContentError(rel, 1, 1, "wrong_extension", {"name": path.name, "ending": ending, "renamed": renamed},
                        hint_key=hint)


def named_files(root: Path, paths: list[Path], cwd: Path | None = None) -> list[tuple[Path, str]]:
    """Each agency file with its name as messages show it (relative to the working folder)."""
    folder_rel = relative_name(root / "agencies", cwd or Path.cwd())  # one relpath for all of them
    return [(path, path.name if folder_rel == "." else f"{folder_rel}/{path.name}") for path in paths]


def read_directory(root: Path, today: date, *, cwd: Path | None = None,
                   file_check=check_agency_file, changed: Collection[Path] | None = None,
                   chain_continues: bool = False, paths: list[Path] | None = None,
                   previous: Directory | None = None, listed_code: str | None = None,
                   passed: tuple[AcrossFiles, Mapping[str, Any]] | None = None) -> Directory:
    """Read, validate and model the whole content folder; raise ContentErrors listing every mistake.

    `changed` names the files a pull request changes: a mistake between two files is reported on
    the changed one. Without it, on the file saved last. `chain_continues`: the region is part of a
    national build, where a fallback that takes no complaints hands them on to the province and
    LAPOR!, so a chain ending there is not a dead end. `paths`: the agency files, as agency_paths
    lists them, when the caller knows them without listing the folder (the dev server's watcher).
    `previous`: the directory the last read of this folder returned (the dev server), whose rules
    across files need not be checked again when no agency changed what they look at. `listed_code`: the
    code national.yaml lists the folder under (a national build), which reports a site.yaml code that
    differs; the region's name is then not checked against that code. `passed`: what the rules across
    files read in a read that passed them, and its routes (`build --cache` keeps them; see across_files):
    when this read's is the same, the rules are not checked again and the routes are those. Either way,
    this read's is left in the directory's `__dict__` under "across_files" for the caller to keep."""
    cwd = cwd or Path.cwd()
    errors: list[ContentError] = []
    site_rel = relative_name(root / "site.yaml", cwd)
    if not (root / "site.yaml").exists() and not (root / "site.yaml").is_symlink():
        raise ContentErrors([ContentError(site_rel, 1, 1, "missing_site_file", {"path": site_rel},
                                          hint_key="hint_missing_site_file")])
    site_doc = load_mapping(root / "site.yaml", site_rel, root, "site", errors)

    agencies: dict[str, Agency] = {}
    docs: dict[str, Document] = {}
    paths = agency_paths(root) if paths is None else paths
    for path, rel in named_files(root, paths, cwd):
        if misnamed(path.name):
            errors.append(wrong_ending_error(path, rel))
            continue
        result = file_check(path, rel, root, today)
        errors.extend(result.errors)
        if result.agency is not None and result.doc is not None:
            agencies[result.agency.slug] = result.agency
            docs[result.agency.slug] = result.doc
    errors += [nested_file_error(path, root, cwd) for path in nested_agency_files(root)]
    if not paths and not errors:
        folder = relative_name(root / "agencies", cwd)
        errors.append(ContentError(folder, 1, 1, "no_agencies", {"folder": folder + "/"}, hint_key="hint_no_agencies"))

    synonyms = _read_synonyms(root, cwd, errors)
    pages = _read_pages(root, cwd, errors)
    if site_doc is None or errors:
        raise ContentErrors(errors)
    site = site_from(site_doc)
    directory = Directory(site=site, agencies=tuple(agencies[s] for s in sorted(agencies)), pages=pages,
                          synonyms=synonyms, build_date=today)
    errors += (region_code_errors(site, site_doc, listed_code) + nearby_code_errors(site, site_doc)
               + emergency_number_errors(site, site_doc))
    across = across_files(directory) if passed is not None else None
    if previous is not None and same_across_files(previous, directory):
        directory.worked_out_as(previous, "routes")  # the same routes: the same objects, known equal by identity
    elif passed is not None and across == passed[0]:
        directory.__dict__["routes"] = passed[1]  # as above, for a read in another process
    else:
        errors += directory_errors(site, site_doc, agencies, docs, lambda: directory.routes,
                                   edited=_edit_order(root, changed), chain_continues=chain_continues)
    if errors:
        raise ContentErrors(errors)
    if across is not None:
        directory.__dict__["across_files"] = across
    return directory


# The site's fallback, its emergency numbers' agencies, and each agency's _read_across_files by slug.
AcrossFiles = tuple[Any, tuple[tuple[str, ...], ...], dict[str, tuple[Any, ...]]]


def across_files(directory: Directory) -> AcrossFiles:
    """Everything the rules across files and the routes read of a directory (same_across_files, for a
    directory in another process): another directory with the same passes them as this one does, and has
    the same routes. Kept by `build --cache` with the routes of its last read, it spares a one-change
    build those rules and routes (a quarter of a second at 20,000 agencies) for a pass comparing these."""
    return (directory.site.fallback, emergency_agencies(directory.site),
            {agency.slug: _read_across_files(agency) for agency in directory.agencies})


def reread_directory(root: Path, today: date, previous: Directory, saved: list[Path], *,
                     cwd: Path | None = None, file_check=check_agency_file,
                     listed_code: str | None = None) -> Directory | None:
    """The directory `previous` was, with the agency files `saved` read again: what read_directory would
    return when every other agency file is as it was read for `previous`, on the same day, from the same
    working folder, and none was added or deleted (the dev server's watcher says so). Without a pass over
    every agency (a sixth of a save at 20,000 agencies). None when read_directory must read the whole
    folder: a mistake anywhere (so that it is reported as a whole read reports it), or an edit to what the
    rules across files read."""
    cwd = cwd or Path.cwd()
    errors: list[ContentError] = []
    site_doc = load_mapping(root / "site.yaml", relative_name(root / "site.yaml", cwd), root, "site", errors)
    agencies = dict(previous.by_slug)
    for path, rel in named_files(root, saved, cwd):
        result = file_check(path, rel, root, today)
        agency = result.agency
        if misnamed(path.name) or result.errors or agency is None or agency.slug not in agencies \
                or _read_across_files(agency) != _read_across_files(agencies[agency.slug]):
            return None
        agencies[agency.slug] = agency
    synonyms = _read_synonyms(root, cwd, errors)
    pages = _read_pages(root, cwd, errors)
    if site_doc is None or errors:
        return None
    site = site_from(site_doc)
    if site.fallback != previous.site.fallback or emergency_agencies(site) != emergency_agencies(previous.site) \
            or region_code_errors(site, site_doc, listed_code) or nearby_code_errors(site, site_doc) \
            or emergency_number_errors(site, site_doc):
        return None
    directory = Directory(site=site, agencies=tuple(agencies[a.slug] for a in previous.agencies), pages=pages,
                          synonyms=synonyms, build_date=today)
    directory.__dict__["by_slug"] = agencies
    # The same agency files in the same order, and the same routes (the same objects, known equal by identity)
    return directory.worked_out_as(previous, "slugs", "places", "routes")


def same_across_files(previous: Directory, directory: Directory) -> bool:
    """Whether the rules across files (unique handles, fallbacks and emergency numbers' agencies that
    exist, chains that reach an account) and every route are bound to come out as they did for
    `previous`, a directory that passed them: the same agencies, site fallback and emergency numbers'
    agencies, and each agency that is not the very object
    it was the same in what those rules read (a save in the dev server: a name, a service, a date).
    Checking them again cost a tenth of a save at 1,000 agencies."""
    if previous.site.fallback != directory.site.fallback or len(previous.agencies) != len(directory.agencies) \
            or emergency_agencies(previous.site) != emergency_agencies(directory.site):
        return False
    before = previous.by_slug
    for agency in directory.agencies:
        old = before.get(agency.slug)
        if old is not agency and (old is None or _read_across_files(old) != _read_across_files(agency)):
            return False
    return True


def _read_across_files(agency: Agency) -> tuple[Any, ...]:
    """What the rules across files and the routes read of an agency (validate.directory_errors, routing)."""
    return (agency.handle.lower() if agency.handle else None, agency.fallback, agency.superseded_by,
            agency.takes_complaints)


def _edit_order(root: Path, changed: Collection[Path] | None) -> Callable[[Agency], Any]:
    """A sort key putting the agency files edited last at the end."""
    if changed is not None:
        names = {path.resolve() for path in changed}
        return lambda a: (root / "agencies" / f"{a.slug}.yaml").resolve() in names

    def saved_at(agency: Agency) -> float:
        try:
            return (root / "agencies" / f"{agency.slug}.yaml").stat().st_mtime
        except OSError:
            return 0.0
    return saved_at


def _read_synonyms(root: Path, cwd: Path, errors: list[ContentError]) -> tuple[tuple[str, ...], ...]:
    path = root / "synonyms.yaml"
    if not path.is_file():
        return ()
    doc = load_mapping(path, relative_name(path, cwd), root, "synonyms", errors)
    if doc is None:
        return ()
    return tuple(tuple(word.strip() for word in group) for group in doc.data["groups"])


# A file in pages/ meant as a page but not read as one: `tentang.MD`, `kontak.markdown`, `kontak.md.txt`.
_MEANT_AS_PAGE = re.compile(r"\.(md|markdown|mdown|txt)(\.txt)?$", re.IGNORECASE)


def _misnamed_pages(folder: Path, names: list[str], cwd: Path) -> list[ContentError]:
    """An error for each file of pages/ that is named like a page but does not end in .md (it was left out
    of the site without a word), with the name to give it."""
    errors = []
    for name in sorted(names):
        match = _MEANT_AS_PAGE.search(name)
        if name.startswith(".") or name.endswith(".md") or not match:
            continue
        renamed = name[: match.start()] + ".md"
        errors.append(ContentError(relative_name(folder / name, cwd), 1, 1, "page_wrong_extension",
                                   {"name": name, "ending": match.group(), "renamed": renamed},
                                   hint_key="hint_wrong_extension"))
    return errors


def _read_pages(root: Path, cwd: Path, errors: list[ContentError]) -> tuple[Page, ...]:
    pages = []
    folder = root / "pages"
    try:  # one listing for the pages and the files misnamed beside them
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        names = []
    errors.extend(_misnamed_pages(folder, names, cwd))
    for path in files_named(folder, names, ".md"):
        rel = relative_name(path, cwd)
        slug = path.name[: -len(".md")]
        if not slug_pattern().fullmatch(slug) or slug in RESERVED_SLUGS:
            errors.append(ContentError(rel, 1, 1, "bad_page_name", {"slug": slug}, hint_key="hint_bad_page_name"))
            continue
        try:
            text = read_text(path, rel, root)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        title, _, body = text.partition("\n")
        if not title.startswith("# ") or not title[2:].strip():
            errors.append(ContentError(rel, 1, 1, "page_without_title", {}, hint_key="hint_page_without_title"))
            continue
        errors.extend(page_link_errors(rel, text))
        pages.append(Page(slug, rel, title[2:].strip(), body.strip() + "\n"))
    return tuple(pages)
