"""Load stage, YAML part (``yamllines``): front matter through libyaml gives exactly what PyYAML's pure parser gives.

``yamllines.parse_yaml`` composes with libyaml (C) and falls back to the pure parser for anything it
cannot take as it is; these tests prove the two agree on values, lines, typed sources and errors.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sitegen.load import yamllines
from sitegen.errors import SiteError

needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

FRONT_MATTER = """title: "เผยแพร่ผลงาน ๒๕๖๖"
date: 2566-03-01
items: [E7, e07]
phone: 044123456
measures:
  - เจ้าหน้าที่ทุกภารกิจงาน
  - 12
contact: {email: a@b.th, fax: 0x1F}
notes: |
  บรรทัดหนึ่ง
  บรรทัดสอง
status: yes
"""


def outcome(parse, text: str) -> object:
    """What a parse gives: (values, lines, typed), or the error's fields."""
    try:
        parsed = parse(text)
    except SiteError as exc:
        return ("error", exc.path, exc.line, exc.th, exc.en)
    return parsed.meta, parsed.lines, parsed.typed


def pure(text: str) -> yamllines.Parsed:
    hidden = any(c in text for c in yamllines._SWAPPED)
    return yamllines._parse_pure(text.translate(yamllines._HIDE) if hidden else text, "x.md", 2, hidden)


def fast(text: str) -> yamllines.Parsed:
    return yamllines.parse_yaml(text, "x.md", 2)


@needs_libyaml
def test_ordinary_front_matter_takes_the_c_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = outcome(fast, FRONT_MATTER)

    def refuse(*args: object) -> None:
        raise AssertionError("the pure parser was used")

    monkeypatch.setattr(yamllines, "_parse_pure", refuse)
    assert outcome(fast, FRONT_MATTER) == expected
    assert expected[1]["measures[1]"] == 8 and expected[2]["phone"] == "044123456"  # type: ignore[index]


def test_without_libyaml_the_result_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = outcome(fast, FRONT_MATTER)
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    assert yamllines._compose_fast(FRONT_MATTER) is None
    assert outcome(fast, FRONT_MATTER) == expected


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",                 # an alias: refused with its line
    "a: 1\na: 2\n",                          # a key twice
    "title: 'open\nb: 1\n",                  # an unclosed quote
    "a: b: c\n",                             # a colon inside a text
    "a:\n\t- x\n",                           # a tab
    "a: !!python/object:os.system x\n",      # an unsafe tag
    "a: !!int x\n",                          # a tag with a bad value
    "- a\n- b\n",                            # not a mapping
    "a: \x07\n",                             # a control character
    "a: [" * 60 + "]" * 60 + "\n",           # nested deeper than the C path takes
    "a: " + "[" * 600 + "]" * 600 + "\n",    # deeper than the pure parser takes
    "? [1, 2]\n: x\n",                       # a key that is not text
    "a: x\u2028y\nb: \x85\n",                # line separators PyYAML would count as line ends
    "",
])
def test_errors_and_edge_cases_agree(text: str) -> None:
    assert outcome(fast, text) == outcome(pure, text)


YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:-[]{},'\"#&*!|>? \n\t0123456789.") + ["ก", "า", "๒", "\u2028", "\x85", "\ue000"]),
    max_size=60,
)


@needs_libyaml
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
@example("{0?}")  # libyaml took it as the key '0?', the pure parser refuses it: found at random on CI's twin
def test_random_text_agrees(text: str) -> None:
    assert outcome(fast, text) == outcome(pure, text)


@needs_libyaml
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "date", "items", "x"]),
                          st.sampled_from(["ก ข", "2566-03-01", "[E7, E8]", "\n  - ก\n  - 1", "044", "yes", "'q'",
                                           "|\n  ก\n  ข", "{a: 1}", "~", "1e3"])), max_size=6))
def test_random_front_matter_agrees(pairs: list[tuple[str, str]]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in pairs)
    assert outcome(fast, text) == outcome(pure, text)


@needs_libyaml
def test_an_old_libyaml_gets_only_texts_it_cannot_nest_too_deeply(monkeypatch: pytest.MonkeyPatch) -> None:
    long = "".join(f"k{i}: [{i}]\n" for i in range(500))
    assert yamllines._compose_fast(long) is not None  # libyaml ≥ 0.2.5 caps nesting itself
    monkeypatch.setattr(yamllines, "_CAPPED", False)
    assert yamllines._compose_fast(long) is None and yamllines._compose_fast(FRONT_MATTER) is not None
    assert outcome(fast, long) == outcome(pure, long)


@needs_libyaml
@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "sitegen/catalog/data").glob("*.yaml")))
def test_catalog_lines_from_libyaml_are_the_pure_parsers(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """``yaml_lines`` (every catalog's path:line) composes with libyaml too: each build reads the shipped
    catalogs, and the pure parser took a third of the seed's build."""
    text = (ROOT / "sitegen/catalog/data" / name).read_text(encoding="utf-8")
    calls = []
    fast = yamllines._compose_fast
    monkeypatch.setattr(yamllines, "_compose_fast", lambda t: calls.append(t) or fast(t))
    quick = yamllines.yaml_lines(text)
    assert calls and fast(text) is not None  # it did take the C parser
    monkeypatch.setattr(yamllines, "_compose_fast", lambda t: None)
    assert yamllines.yaml_lines(text) == quick and ("fiscal_year",) in quick
