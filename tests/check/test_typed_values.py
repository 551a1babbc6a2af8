"""Typed values never change silently: where text is expected, a YAML number, yes/no, list or
mapping is an error on its line, showing the value as typed (not as YAML read it) and the quotes
that fix it."""

from __future__ import annotations

import pytest

from conftest import SITE_YAML
from sitegen.load.config import load_config


def _config_errors(make_site, run, extra: str) -> str:
    content = make_site()
    (content / "site.yaml").write_text(SITE_YAML + extra, "utf-8")
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    assert code == 1, err
    assert "Traceback" not in err
    return err


CONTACT = {  # value as typed → (what YAML made of it, in the message, or None)
    "044123456": "9479982",  # YAML 1.1: a leading 0 is octal
    "0x1F": "31",
    "yes": "true",
    "1_000": "1000",
    "044.123": "44.123",  # a float
    "+12": "12",
    "12:30:00": "45000",  # sexagesimal
    "[a, b]": None,
    "{a: b}": None,
}


@pytest.mark.parametrize("typed", CONTACT)
def test_contact_value_that_is_not_text_is_an_error_with_the_quoted_fix(make_site, run, typed):
    err = _config_errors(make_site, run, f"contact:\n  address: หมู่ 1\n  phone: {typed}\n")
    line = next(l for l in err.splitlines() if l.startswith("content/site.yaml:8: "))
    assert f'ใส่เครื่องหมายคำพูด "{typed}"' in line and f'put it in quotes: "{typed}"' in line
    assert "'contact.phone'" in line
    if CONTACT[typed]:
        assert f"({CONTACT[typed]})" in line  # says what YAML read, so the surprise is explained


def test_contact_list_in_block_style_and_bad_key(make_site, run):
    err = _config_errors(make_site, run, "contact:\n  line:\n    - a\n    - b\n  1: x\n")
    assert "content/site.yaml:7: " in err and "it is a list" in err and "make it one text" in err
    assert "content/site.yaml:10: " in err and "name 1 must be text" in err


def test_contact_texts_are_kept_exactly(make_site):
    content = make_site()
    (content / "site.yaml").write_text(
        SITE_YAML + 'contact:\n  phone: "044123456"\n  fax: 0-4412-3456\n  email: saraban@example.go.th\n'
        '  line: "@abt"\n  website: 2566-03-01\n  qa:\n', "utf-8")
    config = load_config(content)
    assert config.contact == (("phone", "044123456"), ("fax", "0-4412-3456"), ("email", "saraban@example.go.th"),
                              ("line", "@abt"), ("website", "2566-03-01"))  # the empty qa: is left out


@pytest.mark.parametrize(("typed", "read"), [("2566", "2566"), ("0b101", "5"), ("1.5", "1.5"), ("no", "false"),
                                             (".inf", "inf"), ("0800", None), ("0o17", None), ("1e10", None)])
def test_site_yaml_text_keys_show_the_value_as_typed(make_site, run, typed, read):
    content = make_site()
    (content / "site.yaml").write_text(SITE_YAML.replace("district: เมือง", f"district: {typed}"), "utf-8")
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    if read is None:  # YAML 1.1 reads these as text: kept as typed
        assert code == 0, err
        assert load_config(content).district == typed
        return
    line = next(l for l in err.splitlines() if l.startswith("content/site.yaml:3: "))
    assert f'"{typed}"' in line and "'district'" in line
    assert (f"({read})" in line) == (read != typed)


ITEM = """\
-- eit/2567/E7.md --
---
code: E7
responsible: {responsible}
measures:
  - เผยแพร่ผลงาน
  - {measure}
monitoring: [รายงาน]
---
"""


@pytest.mark.parametrize(("responsible", "shown"), [
    ("044123456", '"044123456"'), ("1_000", '"1_000"'), ("3.14", '"3.14"'), ("on", '"on"'),
    ("{ชื่อ: งาน}", '"{ชื่อ: งาน}"'),
    ("งาน 'ก'", None), ('a "b"', None), ("0800", None), ("[งานหนึ่ง, งานสอง]", None),  # several units: a list
])
def test_front_matter_text_shows_the_value_as_typed(make_site, run, responsible, shown):
    content = make_site(ITEM.format(responsible=responsible, measure="รายงาน"))
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    if shown is None:  # plain text that YAML keeps as text
        assert "content/eit/2567/E7.md:3: " not in err
        return
    assert code == 1
    line = next(l for l in err.splitlines() if l.startswith("content/eit/2567/E7.md:3: "))
    assert f"ใส่เครื่องหมายคำพูด {shown}" in line


def test_list_entry_number_shows_its_own_line_and_text(make_site, run):
    code, _, err = run("check", "--as-of", "2567-06-01",
                       content=make_site(ITEM.format(responsible="งาน", measure="0123")))
    assert code == 1
    line = next(l for l in err.splitlines() if l.startswith("content/eit/2567/E7.md:6: "))
    assert "'measures' รายการที่ 2" in line and 'ใส่เครื่องหมายคำพูด "0123"' in line and "(83)" in line


def test_a_quote_inside_the_value_gets_the_other_quotes(make_site, run):
    code, _, err = run("check", "--as-of", "2567-06-01",
                       content=make_site(ITEM.format(responsible='{a: "b"}', measure="x")))
    assert code == 1 and "ใส่เครื่องหมายคำพูด '{a: \"b\"}'" in err


def test_date_looking_text_in_a_text_field_stays_text(make_site, run, tmp_path):
    content = make_site(ITEM.format(responsible="2566-03-01", measure="2023-10-01T10:00:00"))
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    page = (tmp_path / "output/eit/2567/e7/index.html").read_text("utf-8")
    assert "2566-03-01" in page and "2023-10-01T10:00:00" in page


def test_contact_line_as_a_flow_list_is_not_shown_as_python(make_site, run, tmp_path):
    err = _config_errors(make_site, run, "contact:\n  line: [a, b]\n")
    line = next(l for l in err.splitlines() if l.startswith("content/site.yaml:7: "))
    assert "'contact.line'" in line and 'ใส่เครื่องหมายคำพูด "[a, b]"' in line
    assert "['a', 'b']" not in err
    assert not (tmp_path / "output").exists()
