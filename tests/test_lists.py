"""The dev server's lists (site/lists.py), kept between builds and brought up to date agency by agency,
are the lists computed whole (views._kind_groups, views._status_lists), after any sequence of edits."""

from __future__ import annotations

import random
from pathlib import Path

from akunresmi.build.builder import Builder
from akunresmi.build.pipeline import BuildOptions, read_content, render_directory
from akunresmi.i18n import load_catalogue
from akunresmi.site import lists
from akunresmi.site.views import SiteFacts, _kind_groups, _status_lists
from conftest import Content

NAMES = ["Dinas Alfa", "Badan Beta", "dinas alfa", "Kantor Delta", "Dinas Gama", "Zeta"]
KINDS = ["dinas", "badan", "kecamatan", "pimpinan"]
DATES = ["2026-01-05", "2026-03-01", "2025-12-31"]


def _agency(rng: random.Random) -> str:
    account = ""
    if rng.random() < 0.7:  # active or dormant; else no account (missing)
        account = (f"twitter: akun{rng.randint(0, 10**6)}\nactive: {rng.choice(['true', 'false'])}\nsource: Uji\n"
                   f"status_checked: \"{rng.choice(DATES)}\"\n")
    return f"name: {rng.choice(NAMES)}\nkind: {rng.choice(KINDS)}\n{account}services:\n  - name: Layanan\n"


def _whole(options: BuildOptions) -> tuple[list, list]:
    directory = read_content(options)
    facts = SiteFacts.of(directory, load_catalogue(directory.site.language))
    return _kind_groups(facts), _status_lists(facts)


def test_the_kept_lists_are_the_whole_ones_after_random_edits(content: Content, tmp_path: Path):
    rng = random.Random(20261130)
    options = BuildOptions(content.root, tmp_path / "out")
    slugs = [f"instansi-{i}" for i in range(10)]
    for slug in slugs[:6]:
        content.agency(slug, _agency(rng))
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    kept = changed = 0
    for step in range(40):
        index = builder.list_index
        before = dict(index.members)
        # Mostly one or two agencies (patched in place); now and then more than PATCH_LIMIT allows
        content.edit_at_random(rng, rng.sample(slugs, rng.randint(1, 2) if step % 10 else len(slugs)), _agency)
        files = builder.render(builder.read())
        groups, statuses = _whole(options)
        facts = SiteFacts.of(read_content(options), load_catalogue("id"))
        assert index.kind_groups(facts) == groups
        assert index.status_lists(facts) == statuses
        fresh = render_directory(read_content(options), options)
        for page in ("index.html", "status/index.html"):
            assert files[page] == fresh[page]
        kept += sum(1 for name in index.members if index.members[name] is before.get(name))
        changed += sum(1 for name in index.members if index.members[name] is not before.get(name))
    assert kept > 0 and changed > 0  # the lists were kept, and brought up to date


def test_many_edits_at_once_sort_the_lists_whole(content: Content, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(lists, "PATCH_LIMIT", 2)
    rng = random.Random(7)
    for i in range(5):
        content.agency(f"instansi-{i}", _agency(rng))
    options = BuildOptions(content.root, tmp_path / "out")
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    for i in range(5):
        content.agency(f"instansi-{i}", _agency(rng))
    builder.render(builder.read())
    groups, statuses = _whole(options)
    facts = SiteFacts.of(read_content(options), load_catalogue("id"))
    assert builder.list_index.kind_groups(facts) == groups and builder.list_index.status_lists(facts) == statuses


def test_a_status_no_agency_has_is_an_empty_list_on_the_status_page(content: Content, tmp_path: Path):
    for slug in ("bkd",):  # the only dormant account of the test content
        content.remove(slug)
    options = BuildOptions(content.root, tmp_path / "out")
    builder = Builder(options, keep=True)
    files = builder.render(builder.read())
    groups, statuses = _whole(options)
    facts = SiteFacts.of(read_content(options), load_catalogue("id"))
    assert [len(entry["agencies"]) for entry in statuses][0] == 0  # dormant first, and empty
    assert builder.list_index.status_lists(facts) == statuses
    assert files["status/index.html"] == render_directory(read_content(options), options)["status/index.html"]


def test_a_list_keeps_its_number_while_it_is_the_same_and_a_new_one_gets_a_number_never_given(
        content: Content, tmp_path: Path):
    """The number keys a kept list of the home or status page (build/inputs.py): the same list, the
    same number; a list the index made since, a number no list has had; a list not the index's, none."""
    options = BuildOptions(content.root, tmp_path / "out")
    builder = Builder(options, keep=True)
    builder.render(builder.read())
    index = builder.list_index
    lists = dict(index.members)
    numbers = {name: index.number_of(members) for name, members in lists.items()}
    assert None not in numbers.values() and len(set(numbers.values())) == len(numbers)
    assert {name: index.number_of(members) for name, members in lists.items()} == numbers
    assert index.number_of(list(lists[("kind", "dinas")])) is None  # an equal list, not the index's
    path = content.root / "agencies" / "dinkes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Dinas Kesehatan", "Dinas Kesehatan Daerah"),
                    encoding="utf-8")
    builder.render(builder.read())
    now = {name: index.number_of(members) for name, members in index.members.items()}
    moved = {name for name in now if index.members[name] is not lists.get(name)}
    assert moved == {("kind", "dinas"), ("status", "missing")}  # the lists dinkes is on
    assert all(now[name] == numbers[name] for name in now if name not in moved)
    assert all(now[name] not in numbers.values() for name in moved)
