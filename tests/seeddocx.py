"""The seed document as Word would hold it, made from the seed's text (tests/fixtures/seed-sratakhian-2566-6m.txt),
not by the code under test: for the import's tests and the staff guide's commands."""

from __future__ import annotations

import re
from pathlib import Path

from test_seed import SEED, split_steps


def _symbol_box(paragraph) -> None:  # type: ignore[no-untyped-def]
    """A Wingdings check box, as Word's Insert → Symbol puts it (a w:sym, no text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Wingdings")
    sym.set(qn("w:char"), "F0A8")
    paragraph.add_run()._r.append(sym)


def numbered(paragraph, level: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Word's own list numbering on a paragraph (its number is not in its text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    num = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", 1)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), str(value))
        num.append(child)
    paragraph._p.get_or_add_pPr().append(num)


def _steps_cell(cell, text: str, word_numbering: bool) -> None:  # type: ignore[no-untyped-def]
    """A cell with one paragraph per step: "๑.…" typed, or numbered by Word."""
    steps = split_steps(text) if re.match(r"[๑-๙]\.", text) else [text]
    cell.text = ""
    for i, step in enumerate(steps):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if len(steps) > 1 and word_numbering:
            paragraph.add_run(step.strip())
            numbered(paragraph)
        else:
            paragraph.add_run(f"{'๑๒๓๔๕๖๗๘๙'[i]}.{step.strip()}" if len(steps) > 1 or text.startswith("๑.") else step)


def _seed_table(document, rows: list[list[str]], word_numbering: bool) -> None:  # type: ignore[no-untyped-def]
    """One page's table of the seed: a two-row header whose merged cells name the seed's merged column
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ" above its two columns, then the rows (an empty deadline)."""
    header, *data = rows
    table = document.add_table(rows=2 + len(data), cols=6)
    for column, text in ((0, header[0]), (1, header[1]), (2, header[2]), (5, header[4])):
        table.cell(0, column).merge(table.cell(1, column)).text = text
    table.cell(0, 3).merge(table.cell(0, 4)).text = header[3]
    table.cell(1, 3).text, table.cell(1, 4).text = "การรายงานผลและการกำกับติดตาม", "กำหนดเวลาแล้วเสร็จ"
    for r, cells in enumerate(data, start=2):
        question, *options = cells[0].split('<input type="checkbox"/>')
        table.cell(r, 0).text = question.strip()
        for option in options:
            paragraph = table.cell(r, 0).add_paragraph()
            _symbol_box(paragraph)
            paragraph.add_run(" " + option.strip())
        table.cell(r, 1).text = cells[1]
        _steps_cell(table.cell(r, 2), cells[2], word_numbering)
        _steps_cell(table.cell(r, 3), cells[3], word_numbering)
        _steps_cell(table.cell(r, 5), cells[4], word_numbering)


def seed_docx(path: Path, word_numbering: bool = False) -> Path:
    """The seed's document as Word would hold it, made from the seed's text (not by the code under test): one
    paragraph a line, each page's table a Word table with the header repeated (the indicator ๖ table split in
    two), Thai text, Wingdings check boxes, steps one paragraph each."""
    import docx

    document = docx.Document()
    rows: list[list[str]] = []
    for line in [*SEED.read_text("utf-8").split("\n"), ""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            _seed_table(document, rows, word_numbering)
            document.add_paragraph()  # Word keeps a paragraph between two tables (else they are one)
            rows = []
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))
    return path
