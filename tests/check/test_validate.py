"""Check stage, validate (``check.validate``) on documents made in memory: no files, no model, no render."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from sitegen.catalog.catalogs import load_catalogs, load_oit_catalogs, shipped_catalogs
from sitegen.load.content import Content, SourceDoc, split_front_matter
from sitegen.load.yamllines import Parsed, parse_yaml
from sitegen.errors import Invalid, SiteError
from sitegen.fields import Step
from sitegen.check.items import item_problems
from sitegen.check.validate import check_attachment, check_oit, validate_content

EIT = load_catalogs()
OIT = load_oit_catalogs()
CATALOGS = shipped_catalogs()
FILES = {PurePosixPath("files/2566/plan.pdf"): 1000, PurePosixPath("files/big.pdf"): 11 * 2**20}


def doc(rel: str, text: str) -> SourceDoc:
    shown = f"content/{rel}"
    fm, fm_line, body, body_line = split_front_matter(text, shown)
    parsed = parse_yaml(fm, shown, fm_line) if fm is not None else Parsed({}, {}, {})
    return SourceDoc(PurePosixPath(rel), shown, parsed.meta, parsed.lines, body, body_line, fm is not None,
                     parsed.typed)


def validate(*docs: SourceDoc, files=FILES):
    return validate_content(Content(Path("content"), docs, dict(files)), EIT, OIT, CATALOGS.iit)


ITEM = "---\ncode: {code}\nresponsible: งาน\nmeasures: [ทำ]\nmonitoring: ติดตาม\n{extra}---\nหมายเหตุ\n"
ACTION = "---\ntitle: งาน\ndate: {date}\nitems: [{items}]\n{extra}---\n"


def messages(errors: list[SiteError]) -> list[tuple[str, int | None, str]]:
    return [(e.path, e.line, e.en) for e in errors]


@pytest.mark.parametrize("value", ["files/2566/plan.pdf", "files\\2566\\plan.pdf", "https://example.go.th/a.pdf"])
def test_attachment_accepted(value):
    assert check_attachment(value, FILES) in ("files/2566/plan.pdf", value)


@pytest.mark.parametrize("value, words", [
    ("files/2566/missing.pdf", "does not exist"), ("../secret.pdf", "outside content/files"),
    ("plan.pdf", "outside content/files"), ("javascript:alert(1)", "not allowed"), ("/etc/passwd", "not allowed"),
    ("files/2566/\nplan.pdf", "'files/2566/"),
])
def test_attachment_refused_with_the_reason(value, words):
    with pytest.raises(Invalid) as caught:
        check_attachment(value, FILES)
    assert words in caught.value.en and caught.value.th


def test_oit_key_takes_thai_digits_and_any_case_and_names_what_is_wrong():
    d = doc("pages/a.md", "---\ntitle: ก\noit: x\n---\nข้อความ\n")
    errors: list[SiteError] = []
    assert check_oit({"๒๕๖๖": ["o1", "O01", "O2"], 2567: "O1"}, d, OIT, errors) == {2566: ("O1", "O2"), 2567: ("O1",)}
    assert errors == []
    assert check_oit({2599: ["O1"], 2566: ["O999", True]}, d, OIT, errors) == {2566: ()}
    assert [e.en.split(" — ")[0] for e in errors] == [
        f"oit: there is no OIT catalog for 2599 (there are {', '.join(map(str, sorted(OIT)))})",
        "oit: 'O999' is not an OIT item of 2566", "oit: True is not an OIT item of 2566"]
    assert {e.line for e in errors} == {3}


def test_item_problems_against_the_catalog_and_the_folder():
    good = doc("eit/2566/E7.md", ITEM.format(code="E7", extra="indicator: 7\nfiscal_year: 2566\n"))
    subject, indicator, found = item_problems(good, 2566, CATALOGS, {"code": "E7", "indicator": 7, "fiscal_year": 2566})
    assert found == [] and subject.key == "E7" and indicator.number == 7
    bad = doc("eit/2566/E8.md", ITEM.format(code="E7", extra="indicator: 6\nfiscal_year: 2567\n"))
    _, _, found = item_problems(bad, 2566, CATALOGS, {"code": "E7", "indicator": 6, "fiscal_year": 2567})
    assert [(e.line, e.en.split(" — ")[0]) for e in found] == [
        (2, "file name E8.md does not match code: E7"), (6, "E7 belongs to indicator 7, not 6"),
        (7, "fiscal_year: 2567 disagrees with the folder eit/2566")]
    unknown = item_problems(doc("eit/2566/E99.md", ITEM.format(code="E99", extra="")), 2566, CATALOGS, {"code": "E99"})
    assert [e.en.split(" — ")[0] for e in unknown[2]] == ["'E99' is not an EIT item of fiscal year 2566"]


def test_valid_documents_become_typed_records():
    checked, errors = validate(
        doc("eit/2566/index.md", "---\ntitle: มาตรการ\n---\nบทนำ\n"),
        doc("eit/2566/E7.md", ITEM.format(code="e๐๗", extra="deadline: 2566-09-30\n")),
        doc("actions/2566/2023-01-05-งาน.md",
            ACTION.format(date="2566-01-05", items="E7", extra="attachments: files/2566/plan.pdf\n")),
    )
    assert errors == []
    (item,), (action,) = checked.items, checked.actions
    assert (item.code, item.measures, item.monitoring, item.deadline.isoformat()) == (
        "E7", (Step("ทำ"),), (Step("ติดตาม"),), "2023-09-30")
    assert (item.responsible, item.subject.tool, item.indicator.number) == (("งาน",), "EIT", 7)
    assert (action.slug, action.items, action.status, action.attachments) == ("2023-01-05-งาน", ("E7",), "done",
                                                                              ("files/2566/plan.pdf",))
    assert checked.measures[2566].title == "มาตรการ" and checked.item_codes == {2566: {"E7"}}


def test_cross_document_problems_each_reported_once_where_they_are():
    checked, errors = validate(
        doc("eit/2566/E7.md", ITEM.format(code="E7", extra="")),
        doc("eit/2566/E07.md", ITEM.format(code="E7", extra="")),
        doc("actions/2566/a.md",
            ACTION.format(date="2566-01-05", items="E7, E9", extra="attachments: [files/big.pdf]\n")),
        doc("actions/2566/b.md", ACTION.format(date="2565-01-05", items="E7", extra="")),
        doc("actions/2566/A.md", ACTION.format(date="2566-01-06", items="E7", extra="")),
    )
    assert sorted((p, line, en.split(" — ")[0]) for p, line, en in messages(errors)) == [
        ("content/actions/2566/A.md", None,
         "the file name cannot be used as it is, so it is published at /actions/2566/a-2/"),
        ("content/actions/2566/a.md", 4, "E9 has no item file eit/2566/E9.md"),
        ("content/actions/2566/a.md", 5, "attachment files/big.pdf is 11.0 MB (over 10 MB), slow on phones"),
        ("content/actions/2566/b.md", 3, "this date is in fiscal year 2565 but the file is in actions/2566"),
        ("content/eit/2566/E07.md", 2, "E7 of 2566 already has a file, content/eit/2566/E7.md"),
    ]
    assert [e.warning for e in errors if "MB" in e.en or "a-2" in e.en] == [True, True]
    assert [a.slug for a in checked.actions] == ["a", "a-2"] and [i.doc.rel.name for i in checked.items] == ["E7.md"]


def test_misplaced_files_and_reserved_names():
    _, errors = validate(doc("notes.md", "ข้อความ\n"), doc("pages/search.md", "---\ntitle: ค้นหา\n---\nข้อความ\n"),
                         doc("pages/empty.md", "---\ntitle: ว่าง\n---\n"), doc("actions/a.md", "---\ntitle: ก\n---\n"))
    found = {(e.path, e.en.split(" — ")[0]) for e in errors}
    assert found == {
        ("content/notes.md", "this file is in the wrong place"),
        ("content/pages/search.md", "'search.md' cannot become a web address: the name is reserved"),
        ("content/pages/empty.md", "the page has no text"),
        ("content/actions/a.md",
         "files in actions/ must sit in a Buddhist-era fiscal-year folder such as actions/2566/"),
    }
