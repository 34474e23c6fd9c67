"""Each validation rule: one failing fixture, asserting the file, the line and the message."""

from __future__ import annotations

import json
import os
from urllib.parse import urljoin

import jsonschema
import pytest
import referencing
import yaml

from akunresmi.content.reader import read_directory
from akunresmi.content.errors import ContentErrors
from akunresmi.i18n import load_catalogue
from akunresmi.content.validate import SCHEMA_DIR
from conftest import ROOT, TODAY

CAT = load_catalogue("id")


def errors_of(content) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        read_directory(content.root, TODAY, cwd=content.root.parent)
    return [e.format(CAT) for e in info.value.errors]


def test_bundled_fixture_is_valid(content):
    directory = read_directory(content.root, TODAY, cwd=content.root.parent)
    assert [a.slug for a in directory.agencies] == ["bkd", "bupati", "dindukcapil", "dinkes", "humas"]
    assert directory.agency("dindukcapil").handle == "dukcapil_uji"  # the @ is optional and dropped


def test_the_schemas_in_the_repository_resolve_each_other_where_they_lie():
    """An editor's YAML extension (the files' `$schema` comments) or a validator given a schema file
    resolves its references against the schema's base address: its `$id`, or without one the address it
    was read from (JSON Schema 2020-12, 8.2.1). national.schema.json's reference to site.schema.json must
    then find the file beside it, not a name that cannot resolve (the site's published copies carry their
    own address: test_exports.py)."""
    def retrieve(uri: str) -> referencing.Resource:
        assert uri.startswith(SCHEMA_DIR.as_uri() + "/"), uri  # nothing but the files beside it
        return referencing.Resource.from_contents(json.loads((SCHEMA_DIR / uri.rsplit("/", 1)[1]).read_bytes()))

    def validator(name: str) -> jsonschema.Draft202012Validator:
        path = SCHEMA_DIR / name
        schema = json.loads(path.read_bytes())
        base = urljoin(path.as_uri(), schema.get("$id", ""))
        return jsonschema.Draft202012Validator({**schema, "$id": base}, registry=referencing.Registry(retrieve=retrieve))

    national = yaml.safe_load((ROOT / "national.yaml").read_text(encoding="utf-8"))
    assert [e.message for e in validator("national.schema.json").iter_errors(national)] == []
    national["title"] = 7  # site.schema.json's rule
    assert [e.message for e in validator("national.schema.json").iter_errors(national)] == ["7 is not of type 'string'"]
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert [e.message for e in validator("site.schema.json").iter_errors(site)] == []


@pytest.mark.parametrize("line, text, expected", [
    (3, "name: Dinas A\nkind: dinas\ntwiter: DinasA\nservices: [Layanan]\n",
     "content/agencies/dinas-a.yaml:3:1: error: kolom tidak dikenal: 'twiter'\n  petunjuk: Maksud Anda 'twitter'?"),
    (1, "kind: dinas\nservices: [Layanan]\n", "content/agencies/dinas-a.yaml:1:1: error: kolom wajib 'name' belum diisi"),
    (2, "name: Dinas A\nkind: dinsa\nservices: [Layanan]\n",
     "content/agencies/dinas-a.yaml:2:7: error: nilai 'dinsa' tidak dikenal untuk 'kind'\n  petunjuk: Maksud Anda 'dinas'?"),
    (3, "name: Dinas A\nkind: dinas\ntwitter: dinas a\nactive: false\nstatus_checked: '2020-01-01'\n"
        "source: x y z\nservices: [Layanan]\n",
     "content/agencies/dinas-a.yaml:3:10: error: nilai 'twitter' tidak sah: 'dinas a'"),
    (3, "name: Dinas A\nkind: dinas\nactive: true\nservices: [Layanan]\n",
     "content/agencies/dinas-a.yaml:1:1: error: kolom wajib 'twitter' belum diisi\n"
     "  petunjuk: Akun yang aktif harus punya nama akun X"),
    (3, "name: Dinas A\nkind: dinas\ntwitter: DinasA\nstatus_checked: '2020-01-01'\nsource: Berita\n"
        "services: [Layanan]\n", "content/agencies/dinas-a.yaml:1:1: error: kolom wajib 'active' belum diisi"),
    (4, "name: Dinas A\nkind: dinas\nservices: [Layanan]\nstatus_checked: '10-03-2016'\n",
     "content/agencies/dinas-a.yaml:4:17: error: nilai 'status_checked' tidak sah: '10-03-2016'"),
    (4, "name: Dinas A\nkind: dinas\nservices: [Layanan]\nstatus_checked: '2027-01-01'\n",
     "content/agencies/dinas-a.yaml:4:17: error: tanggal 'status_checked' (2027-01-01) ada di masa depan"),
    (4, "name: Dinas A\nkind: dinas\nservices: [Layanan]\nactive: yes\n",
     "content/agencies/dinas-a.yaml:4:9: error: nilai 'yes' ambigu"),
    (5, "name: Dinas A\nkind: dinas\nservices: [Layanan]\nchannels:\n  email: bukan-surel\n",
     "content/agencies/dinas-a.yaml:5:10: error: nilai 'email' di 'channels' tidak sah: 'bukan-surel'"),
    (5, "name: Dinas A\nkind: dinas\nservices: [Layanan]\nchannels:\n  website: javascript:alert(1)\n",
     "content/agencies/dinas-a.yaml:5:12: error: nilai 'website' di 'channels' tidak sah"),
    (4, "name: Dinas A\nkind: dinas\nservices: [Layanan]\nfallback: humsa\n",
     "content/agencies/dinas-a.yaml:4:11: error: 'fallback' menunjuk ke instansi 'humsa' yang tidak ada\n"
     "  petunjuk: Maksud Anda 'humas'?"),
    (2, "name: Dinas A\nname: Dinas B\nkind: dinas\nservices: [Layanan]\n",
     "content/agencies/dinas-a.yaml:2:1: error: kolom 'name' ditulis dua kali (yang pertama di baris 1)"),
    (3, "name: Dinas A\nkind: dinas\nservices: []\n",
     "content/agencies/dinas-a.yaml:3:11: error: 'services' terlalu pendek atau sedikit (paling sedikit 1)"),
])
def test_schema_rule_is_reported_at_its_place(content, line, text, expected):
    content.agency("dinas-a", text)
    errors = errors_of(content)
    assert len(errors) == 1, errors
    assert errors[0].startswith(expected), errors[0]


def test_duplicate_handle_differing_in_case(content):
    content.agency("dinas-a", "name: Dinas A\nkind: dinas\ntwitter: humasuji\nactive: false\n"
                   "status_checked: '2020-01-01'\nsource: Berita\nservices: [Layanan]\n")
    path = content.root / "agencies" / "dinas-a.yaml"
    os.utime(path, (path.stat().st_mtime + 60,) * 2)  # saved last (file times can be too coarse to tell)
    (error,) = errors_of(content)  # dinas-a.yaml was saved last: it took the handle
    assert error.startswith("content/agencies/dinas-a.yaml:3:10: error: akun X @humasuji sudah dipakai di "
                            "content/agencies/humas.yaml:3")


def test_fallback_loop(content):
    content.agency("dinas-a", "name: Dinas A\nkind: dinas\nservices: [Layanan]\nfallback: dinas-b\n")
    content.agency("dinas-b", "name: Dinas B\nkind: dinas\nservices: [Layanan]\nfallback: dinas-a\n")
    errors = errors_of(content)
    assert errors[0].startswith("content/agencies/dinas-a.yaml:4:11: error: rantai pengalihan berputar: "
                                "dinas-a → dinas-b → dinas-a")
    assert len(errors) == 1  # one loop, one message: dinas-b is the same mistake


def test_fallback_chain_ending_at_dormant_account(content):
    """The site's fallback made dormant ends every chain: one error on site.yaml's fallback line, naming the
    agencies and the account, not one in each agency's file."""
    content.agency("humas", "name: Humas\nkind: humas\ntwitter: HumasUji\nactive: false\n"
                   "status_checked: '2026-01-01'\nsource: Berita\nservices: [Layanan]\n")
    errors = errors_of(content)
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/site.yaml:5:11: error: keluhan untuk 4 instansi (bkd, bupati, "
                                "dinkes, humas) berakhir di 'humas' (content/agencies/humas.yaml), yang tidak menerima "
                                "keluhan\n  petunjuk: Bila akun 'humas' memang aktif, tulis active: true"), errors


def test_a_dormant_site_fallback_no_chain_ends_at_is_reported_in_its_own_file(content):
    for slug in ("bkd", "dinkes", "bupati"):  # every other agency passes its complaints to an active account
        text = (content.root / "agencies" / f"{slug}.yaml").read_text(encoding="utf-8")
        content.agency(slug, text + "fallback: dindukcapil\n")
    content.agency("humas", "name: Humas\nkind: humas\ntwitter: HumasUji\nactive: false\n"
                   "status_checked: '2026-01-01'\nsource: Berita\nservices: [Layanan]\n")
    errors = errors_of(content)
    assert [e.split("\n")[0] for e in errors] == [
        "content/agencies/humas.yaml:1:1: error: rantai pengalihan humas berakhir di akun yang tidak aktif "
        "('humas', content/agencies/humas.yaml)"], errors


def test_site_fallback_must_exist(content):
    content.remove("humas")
    errors = errors_of(content)
    assert errors == ["content/site.yaml:5:11: error: 'fallback' menunjuk ke instansi 'humas' yang tidak ada\n"
                      "  petunjuk: Isi dengan nama berkas instansi tujuan tanpa .yaml (lihat folder "
                      "content/agencies/)."]


def test_superseded_agency_routes_to_its_successor_and_successor_must_exist(content):
    content.agency("dinas-lama", "name: Dinas Lama\nkind: dinas\nservices: [Layanan]\nsuperseded_by: dinas-baru\n")
    (error,) = errors_of(content)
    assert error.startswith("content/agencies/dinas-lama.yaml:4:16: error: 'superseded_by' menunjuk ke instansi "
                            "'dinas-baru' yang tidak ada")


def test_file_name_must_be_a_slug(content):
    content.agency("Dinas A", "name: Dinas A\nkind: dinas\nservices: [Layanan]\n")
    (error,) = errors_of(content)
    assert error.startswith("content/agencies/Dinas A.yaml:1:1: error: nama berkas 'Dinas A' tidak bisa dipakai")
    assert "dinas-a.yaml" in error


def test_every_error_of_every_file_in_one_run_sorted_by_file_and_line(content):
    content.agency("zz", "name: Z\nkind: nope\nservices: [Layanan]\n")
    content.agency("aa", "kind: dinas\nservices: [Layanan]\nfoo: 1\n")
    errors = errors_of(content)
    assert [e.split(": error")[0] for e in errors] == [
        "content/agencies/aa.yaml:1:1", "content/agencies/aa.yaml:3:1",
        "content/agencies/zz.yaml:1:7", "content/agencies/zz.yaml:2:7"]


def test_english_messages_come_from_the_same_catalogue(content):
    content.agency("dinas-a", "name: Dinas A\nkind: dinas\ntwiter: DinasA\nservices: [Layanan]\n")
    with pytest.raises(ContentErrors) as info:
        read_directory(content.root, TODAY, cwd=content.root.parent)
    (error,) = info.value.errors
    assert "twiter" in error.format(load_catalogue("en"))
    assert error.format(load_catalogue("en")) != error.format(CAT)


# --- the fast schema gate agrees with jsonschema -------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

import jsonschema as _jsonschema  # noqa: E402

from akunresmi.content.validate import is_schema_valid, load_schema  # noqa: E402

_FIELDS = ["name", "short_name", "kind", "twitter", "twitter_id", "active", "status_checked", "source",
           "last_post", "services", "channels", "description", "fallback", "superseded_by", "twiter", ""]
_CHANNELS = ["instagram", "facebook", "youtube", "tiktok", "whatsapp", "phone", "email", "website", "address",
             "fax"]
_TRICKY_TEXT = st.sampled_from(["", "a", "Dinas", "2026-02-30", "2026-11-28", "26-11-2026", "x@y", "x@y.id",
                                "not an email", "https://blora.go.id", "javascript:alert(1)", "http://x",
                                "+6281234567890", "(0296) 531102", "@@a", "Humas_Blora", "a b", "dinas",
                                "humas", "DINAS", "1234567890123456", "ya", "true", "\u202e", "x" * 300])
_VALUE = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), _TRICKY_TEXT, st.text(max_size=5)),
                      lambda inner: st.one_of(st.lists(inner, max_size=3),
                                              st.dictionaries(st.sampled_from(["name", "keywords", "description",
                                                                               *_CHANNELS]), inner, max_size=3)),
                      max_leaves=6)
_BASE = {"name": "Dinas Uji", "kind": "dinas", "twitter": "DinasUji", "active": True,
         "status_checked": "2026-10-01", "source": "Humas", "services": [{"name": "Layanan", "keywords": ["uji"]}],
         "channels": {"email": "dinas@blora.go.id", "website": "https://blora.go.id"}}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_FIELDS + ["channels." + c for c in _CHANNELS] + ["services.0"]),
                          st.one_of(_VALUE, st.just(KeyError))), max_size=3))
def test_fast_gate_accepts_exactly_what_jsonschema_accepts(changes):
    data = {**_BASE, "channels": dict(_BASE["channels"]), "services": list(_BASE["services"])}
    for path, value in changes:
        head, _, tail = path.partition(".")
        target = data if not tail else (data.get(head) if isinstance(data.get(head), (dict, list)) else None)
        key: object = int(tail) if tail.isdigit() else (tail or head)
        if target is None or (isinstance(target, list) and not (target and isinstance(key, int))):
            continue
        if isinstance(target, dict) and isinstance(key, int):
            continue
        if value is KeyError:
            if isinstance(target, dict):
                target.pop(key, None)
            continue
        target[key] = value
    strict = _jsonschema.Draft202012Validator(load_schema("agency"), format_checker=_jsonschema.FormatChecker())
    assert is_schema_valid(data, "agency") == (not list(strict.iter_errors(data))), data


def test_the_fast_gate_judges_formats_as_jsonschema_does():
    """The gate judges the formats the schemas use as jsonschema's FormatChecker does, without importing
    it; and every format jsonschema checks in the schemas has a judge in the gate."""
    from akunresmi.content.validate import SCHEMA_FORMATS, _schema_names  # noqa: PLC0415

    checker = _jsonschema.FormatChecker()
    used: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                used.add(node["format"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in _schema_names():
        walk(load_schema(name))
    assert {"date", "email"} <= used
    assert set(SCHEMA_FORMATS) == used & set(checker.checkers)
    values = ["2026-11-28", "20261128", "2026-W48-6", "2026-02-30", "2024-02-29", "2026-2-28", "26-11-2026", "2026-11-28T08:00", "2026-13-01",
              "0000-01-01", " 2026-11-28", "2026-11-28\n", "\uff12\uff10\uff12\uff16-11-28", "", "x@y", "@",
              "tanpa at", "humas@blora.go.id", "a@b@c"]
    for fmt, judge in SCHEMA_FORMATS.items():
        for value in values:
            assert judge(value) == checker.conforms(value, fmt), (fmt, value)


def test_fast_gate_on_every_bundled_file():
    import yaml as _yaml
    from conftest import ROOT as _ROOT
    for path in sorted((_ROOT / "content" / "agencies").glob("*.yaml")):
        assert is_schema_valid(_yaml.safe_load(path.read_text(encoding="utf-8")), "agency"), path.name


def test_the_gates_compiled_code_is_kept_used_and_never_trusted_blindly(tmp_path, monkeypatch):
    """The gate's bytecode is kept beside the schemas (here in a temporary folder) and used by the next
    process; a damaged or foreign file there is compiled again, and nothing is kept where Python keeps no
    bytecode. Every way, the gate judges as before."""
    import sys  # noqa: PLC0415

    import fastjsonschema  # noqa: PLC0415
    from akunresmi.content import validate  # noqa: PLC0415

    good = {**yaml.safe_load((ROOT / "content" / "agencies" / "dinkes.yaml").read_text(encoding="utf-8")),
            "status_checked": "2024-02-29"}
    bad = {**good, "twitter": "bukan handle!"}
    bad_date = {**good, "status_checked": "2026-02-30"}  # the pattern holds: only the date format judges it

    def fresh_gate():
        validate._fast_check.cache_clear()
        return validate._fast_check("agency")

    def judged(gate):
        answers = []
        for data in (good, bad, bad_date):
            try:
                gate(data)
                answers.append(True)
            except fastjsonschema.JsonSchemaException:
                answers.append(False)
        return answers

    monkeypatch.setattr(validate, "CHECK_CACHE", tmp_path / "__pycache__")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    try:
        assert judged(fresh_gate()) == [True, False, False]
        assert not (tmp_path / "__pycache__").exists()  # PYTHONDONTWRITEBYTECODE: nothing written

        monkeypatch.setattr(sys, "dont_write_bytecode", False)
        assert judged(fresh_gate()) == [True, False, False]
        kept = validate._check_code_path("agency")
        assert kept.parent == tmp_path / "__pycache__" and kept.is_file()
        assert validate._kept_check_code("agency") is not None

        compiled = []
        real_compile = validate.compile if hasattr(validate, "compile") else compile
        monkeypatch.setattr(validate, "compile", lambda *a: compiled.append(a[1]) or real_compile(*a), raising=False)
        assert judged(fresh_gate()) == [True, False, False]
        assert compiled == []  # the kept code was used

        import marshal  # noqa: PLC0415
        for damage in (b"", b"\x00garbage", kept.read_bytes()[:40], marshal.dumps({"not": "code"})):
            kept.write_bytes(damage)
            assert judged(fresh_gate()) == [True, False, False]
        assert len(compiled) == 4  # each damaged file compiled again, and kept whole again
        assert validate._kept_check_code("agency") is not None

        stale = tmp_path / "__pycache__" / "agency.check-000000000000000000000000.marshal"
        stale.write_bytes(kept.read_bytes())
        kept.unlink()
        fresh_gate()
        assert not stale.exists() and kept.is_file()  # another version of the schemas: replaced
    finally:
        validate._fast_check.cache_clear()
