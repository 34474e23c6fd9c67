"""national.yaml → the regions of a national build and its settings, or every mistake in it.

A region is a content folder exactly like content/: national.yaml only names, for each official
region code, the folder that holds its data. What each folder contains is checked by reader.py, as
for a single-region build; here we check what only the national file can get wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, ContentErrors
from .load import Document, relative_name
from .reader import load_mapping
from .validate import emergency_number_errors, official_region_name, same_region_name, site_from
from ..model import Site
from ..regions import Province, Regency, region_list


@dataclass(frozen=True)
class RegionFolder:
    """One region that has data: its official entry and the content folder national.yaml names."""

    region: Province | Regency
    folder: Path
    line: int  # where national.yaml names it, for messages about it
    col: int
    listed_as: str  # the folder as national.yaml writes it

    @property
    def code(self) -> str:
        return self.region.code

    @property
    def is_province(self) -> bool:
        return isinstance(self.region, Province)


@dataclass(frozen=True)
class National:
    path: str  # national.yaml as shown in messages
    settings: Site  # what national.yaml shares with site.yaml (title, base_url, LAPOR!, emergency numbers)
    regions: tuple[RegionFolder, ...]  # provinces first (their fallbacks come after a regency's), by code


def read_national(path: Path, *, cwd: Path | None = None) -> National:
    """Read and check national.yaml; raise ContentErrors naming every mistake at its line."""
    cwd = cwd or Path.cwd()
    rel = relative_name(path, cwd)
    if not path.is_file():
        raise ContentErrors([ContentError(rel, 1, 1, "missing_national_file", {}, hint_key="hint_missing_national_file")])
    errors: list[ContentError] = []
    doc = load_mapping(path, rel, path.parent, "national", errors)
    if doc is None:
        raise ContentErrors(errors)
    regions = list(_region_folders(doc, path.parent, cwd, errors))
    # The site settings national.yaml shares with site.yaml are read and checked by the same code.
    settings = site_from(_as_site_doc(doc))
    # An agency named under a national number (the nation has none of its own) is refused by the schema.
    errors += emergency_number_errors(settings, doc)
    if errors:
        raise ContentErrors(errors)
    regions.sort(key=lambda r: (not r.is_province, r.code))
    return National(rel, settings, tuple(regions))


def _as_site_doc(doc: Document) -> Document:
    data = {k: v for k, v in doc.data.items() if k != "regions"}
    return Document(doc.rel, {"region": "Indonesia", "fallback": "", **data})


def _region_folders(doc: Document, root: Path, cwd: Path, errors: list[ContentError]):
    regions = region_list()
    claimed: dict[Path, str] = {}
    for code, folder_name in doc.data["regions"].items():
        line, col = doc.mark(("regions", code), key=True)
        region = regions.get(code)
        if region is None:
            errors.append(ContentError(doc.rel, line, col, "unknown_region_code", {"code": code},
                                       hint_key="hint_unknown_region_code"))
            continue
        folder = (root / folder_name).resolve()
        vline, vcol = doc.mark(("regions", code))
        if not (folder / "site.yaml").is_file():
            errors.append(ContentError(doc.rel, vline, vcol, "region_folder_missing",
                                       {"folder": folder_name, "code": code, "name": region.name},
                                       hint_key="hint_region_folder_missing"))
            continue
        if folder in claimed:
            errors.append(ContentError(doc.rel, vline, vcol, "region_folder_twice",
                                       {"folder": folder_name, "code": code, "other": claimed[folder]},
                                       hint_key="hint_region_folder_twice"))
            continue
        claimed[folder] = code
        yield RegionFolder(region, folder, line, col, folder_name)


def region_code_mismatch(national: National, region: RegionFolder, site_code: str | None, site_name: object,
                         site_rel: str, site_mark: tuple[int, int]) -> ContentError | None:
    """A folder's site.yaml must carry the code national.yaml files it under, so a region can move
    between its own site and the national one without a change, and no two folders claim one region.
    Where site.yaml agrees with itself (its code is official and its region is that code's official
    name, not the listed code's), national.yaml's line is the one that is wrong: copying the listed code
    into site.yaml, and then that code's name, would publish one region's data as another's."""
    if site_code == region.code:
        return None
    official = official_region_name(site_code) if site_code is not None else None
    if (official is not None and isinstance(site_name, str) and same_region_name(site_name, official)
            and not same_region_name(site_name, region.region.name)):
        return ContentError(national.path, region.line, region.col, "region_listed_under_other_code",
                            {"folder": region.listed_as, "listed": region.code, "listed_name": region.region.name,
                             "code": site_code, "name": official, "site": site_rel},
                            hint_key="hint_region_listed_under_other_code",
                            example=f'"{site_code}": {region.listed_as}')
    line, col = site_mark
    if site_code is None:
        return ContentError(site_rel, line, col, "region_code_missing",
                            {"code": region.code, "national": national.path, "line": region.line},
                            hint_key="hint_region_code_missing", example=f'code: "{region.code}"')
    return ContentError(site_rel, line, col, "region_code_disagrees",
                        {"code": site_code, "listed": region.code, "national": national.path, "line": region.line},
                        hint_key="hint_region_code_disagrees", example=f'code: "{region.code}"')
