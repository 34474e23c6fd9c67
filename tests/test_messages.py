"""Issue 12: Humas fixes every mistake from the message alone. The template's placeholders never
publish, pasted profile addresses are accepted, and messages carry the fix in English too."""

from __future__ import annotations

import re

import pytest

from akunresmi.content.reader import read_directory
from akunresmi.content.errors import ContentErrors
from akunresmi.i18n import load_catalogue
from conftest import TODAY, run_cli


def test_new_template_filled_in_with_only_the_date_does_not_pass(content, tmp_path):
    """The usual half-finished file: `new` with a handle, then only the date filled in."""
    made = run_cli("new", "dinas-sosial", "--content", str(content.root), "--twitter", "https://x.com/DinsosUji?s=21",
                   cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = content.root / "agencies" / "dinas-sosial.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'twitter: "DinsosUji"' in text  # the pasted address is written as the handle
    # Optional examples are comments, so nothing of them can be published.
    assert re.search(r"^\s*# keywords: ", text, re.M) and not re.search(r"^\s*keywords:", text, re.M)
    assert re.search(r"^# description: ", text, re.M) and not re.search(r"^description:", text, re.M)
    filled = re.sub(r'status_checked: "[^"]*"', 'status_checked: "2026-11-20"', text)
    assert filled != text
    path.write_text(filled, encoding="utf-8")

    check = run_cli("check", "--content", "content", cwd=tmp_path)
    assert check.returncode == 1
    assert ("content/agencies/dinas-sosial.yaml:5:7: error: 'name' masih berisi teks contoh "
            "'<Nama lengkap instansi>'\n  petunjuk: Ganti teks contoh") in check.stderr
    assert "layanan ke-1 (<Nama layanan, mis. KTP elektronik>), nama masih berisi teks contoh" in check.stderr
    assert 'Contoh bentuknya (ganti dengan data Anda sendiri): name: "KTP elektronik"' in check.stderr
    build = run_cli("build", "--content", "content", "--out", "output", cwd=tmp_path)
    assert build.returncode == 1 and not (tmp_path / "output").exists()


def test_the_template_as_written_reports_every_placeholder_at_once_the_date_with_an_example(content, tmp_path):
    """Found by review: the date was reported alone (as a date in the wrong form), the service's
    placeholder only on the next run."""
    run_cli("new", "dinas-sosial", "--content", str(content.root), "--name", "Dinas Sosial", "--twitter", "DinsosUji",
            cwd=tmp_path)
    check = run_cli("check", "--content", "content", cwd=tmp_path)
    assert "'status_checked' masih berisi teks contoh '<tanggal diperiksa, mis. 2026-11-20>'" in check.stderr
    assert 'Contoh bentuknya (ganti dengan data Anda sendiri): status_checked: "2016-03-10"' in check.stderr
    assert "nama masih berisi teks contoh '<Nama layanan, mis. KTP elektronik>'" in check.stderr
    assert "tidak sah" not in check.stderr  # the placeholder date is one mistake, not two
    assert check.stderr.splitlines()[-1].startswith("2 kesalahan")


def test_the_templates_optional_examples_uncommented_as_they_are_are_errors_not_published(content, tmp_path):
    """Found by review: uncommenting the service's example lines published "KTP hilang" as the keywords of
    a new fire brigade, and "Keterangan instansi (boleh Markdown)." as its description."""
    run_cli("new", "dinas-pemadam", "--content", str(content.root), "--name", "Dinas Pemadam", cwd=tmp_path)
    path = content.root / "agencies" / "dinas-pemadam.yaml"
    text = path.read_text(encoding="utf-8").replace('"<Nama layanan, mis. KTP elektronik>"', '"Pemadaman kebakaran"')
    text = re.sub(r"^(\s*)# (description|keywords): ", r"\1\2: ", text, flags=re.M)
    text = re.sub(r"^#( +<Keterangan instansi)", r"\1", text, flags=re.M)
    assert "KTP" not in text.split("services:")[1].split("\n\n")[0]  # no other agency's data to copy
    path.write_text(text, encoding="utf-8")
    check = run_cli("check", "--content", "content", cwd=tmp_path)
    assert check.returncode == 1, check.stderr
    placed = [line for line in check.stderr.splitlines() if "masih berisi teks contoh" in line]
    assert len(placed) == 4, check.stderr  # the service's description, its two keywords, the agency's description


@pytest.mark.parametrize("pasted", [
    "HumasBaru", "@HumasBaru", "https://x.com/HumasBaru", "https://twitter.com/HumasBaru",
    "https://mobile.twitter.com/HumasBaru/", "https://www.x.com/HumasBaru?s=21&t=abc", "http://twitter.com/@HumasBaru",
    "x.com/HumasBaru", "https://X.com/HumasBaru#top",
])
def test_a_pasted_profile_address_is_accepted_as_the_handle(content, pasted):
    content.agency("dinas-a", f"name: Dinas A\nkind: dinas\ntwitter: '{pasted}'\nactive: true\n"
                              "status_checked: '2026-11-01'\nsource: Humas\nservices: [Layanan]\n")
    directory = read_directory(content.root, TODAY, cwd=content.root.parent)
    assert directory.agency("dinas-a").handle == "HumasBaru"


def test_a_pasted_address_counts_for_duplicate_handles(content):
    content.agency("dinas-a", "name: Dinas A\nkind: dinas\ntwitter: 'https://x.com/humasuji'\nactive: true\n"
                              "status_checked: '2026-11-01'\nsource: Humas\nservices: [Layanan]\n")
    with pytest.raises(ContentErrors) as info:
        read_directory(content.root, TODAY, cwd=content.root.parent)
    assert [e.key for e in info.value.errors] == ["duplicate_handle"]


@pytest.mark.parametrize("value, fix", [
    ("https://x.com/HumasBaru/status/1234", 'twitter: "HumasBaru"'),
    ("'@@HumasBaru'", 'twitter: "HumasBaru"'),
    ("Humas Baru", 'twitter: "Humas_Baru"'),  # a space between words: most likely an underscore
    ("HumasBaru.", 'twitter: "HumasBaru"'),
])
def test_anything_else_in_twitter_gets_the_exact_value_to_write(content, value, fix):
    content.agency("dinas-a", f"name: Dinas A\nkind: dinas\ntwitter: {value}\nactive: true\n"
                              "status_checked: '2026-11-01'\nsource: Humas\nservices: [Layanan]\n")
    with pytest.raises(ContentErrors) as info:
        read_directory(content.root, TODAY, cwd=content.root.parent)
    (error,) = info.value.errors
    assert error.hint(load_catalogue("id")).endswith(f"Tulis seperti ini: {fix}")


ENGLISH = [
    ("name: Dinas A\nkind dinas\nservices: [Layanan]\n", "2:1", "this line has no colon (:)",
     "Write it like this: kind: dinas"),
    ("name: Dinas A\nkind: dinas\nservices: [Layanan]\nstatus_checked: 10/03/2016\n", "4:17",
     "invalid value for 'status_checked': '10/03/2016'", 'Write it like this: status_checked: "2016-03-10"'),
    ("name: Dinas A\nkind: dinas\nservices:\n  - name: KTP elektronik\n    keywords: KTP hilang, e-KTP\n", "5:15",
     "service no. 1 (KTP elektronik), keywords must be a list", 'keywords: ["KTP hilang", "e-KTP"]'),
    ('name: "Dinas A\nkind: dinas\nservices: [Layanan]\n', "1:7", "the quote \" opened here is not closed",
     "Add the closing quote"),
    ("", "1:1", "the file is empty", "copy another agency's file"),
]


@pytest.mark.parametrize("text, where, says, fix", ENGLISH, ids=["colon", "date", "keywords", "quote", "empty"])
def test_messages_carry_the_fix_in_english_too(content, tmp_path, text, where, says, fix):
    content.agency("dinas-a", text)
    result = run_cli("check", "--lang", "en", "--content", "content", cwd=tmp_path)
    first, hint = result.stderr.splitlines()[:2]
    assert first.startswith(f"content/agencies/dinas-a.yaml:{where}: error: {says}"), first
    assert hint.startswith("  hint: ") and fix in hint, hint
    assert "python" not in hint
