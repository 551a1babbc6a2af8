"""serve's build after a save of bodies alone (``sitegen.rebuild``): the same files and problems as a whole build,
and a whole build whenever the save changed anything else."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path, PurePosixPath

import pytest

from conftest import ROOT, write_tree
from sitegen.build import Basis, BuildResult, build
from sitegen.errors import SiteError, SiteErrors
from sitegen.incremental.store import LiveStore
from sitegen.incremental.digest import ALL
from sitegen.model.records import Body, Page, PageKind, Site
from sitegen.rebuild import rebuild
from sitegen.render.pages import bodies_shown
from sitegen.render.reads import ROOTS
from test_contract_site import CONTENT as CONTRACT

AS_OF = dt.date(2024, 10, 15)
MORE = """\
-- news/2567/2024-01-05-open-day.md --
---
title: เปิดบ้านวันเด็ก
date: 2567-01-05
---
เชิญร่วมงานวันเด็กที่ อบต.
-- documents/plan.md --
---
title: แผนพัฒนาท้องถิ่น
date: 2567-01-10
attachments: [files/2567/form.pdf]
---
แผนพัฒนาท้องถิ่นสี่ปี
"""
ACTION = "actions/2567/2023-11-15-meeting.md"


def _bytes(result: BuildResult) -> dict[str, bytes]:
    return {f.path: f.data if f.data is not None else f.source.read_bytes() for f in result.files}  # type: ignore[union-attr]


def _said(problems: list[SiteError]) -> list[tuple[object, ...]]:
    return sorted((str(p.path), p.line or 0, p.th, p.en, p.warning) for p in problems)


class Served:
    """A site as ``serve`` holds it: its store and the last good build's basis; each save is built by ``rebuild``
    when it can be, and checked against a whole build without a store."""

    def __init__(self, content: Path):
        self.content = content
        self.store = LiveStore()
        self.basis: Basis | None = build(content, None, AS_OF, store=self.store).basis

    def save(self, *names: str) -> BuildResult | None:
        """The build of a save of ``names`` (relative to the content folder): ``rebuild``'s, checked, or None when
        it gave way to a whole build (made here, as serve would)."""
        if self.basis is None:
            self.basis = build(self.content, None, AS_OF, store=self.store).basis
            return None
        changed = [(self.content / name).absolute() for name in names]
        try:
            fast = rebuild(self.basis, changed, AS_OF, self.store)
        except SiteErrors as failed:
            with pytest.raises(SiteErrors) as whole:
                build(self.content, None, AS_OF)
            assert _said(failed.errors) == _said(whole.value.errors)
            assert _said(list(failed.warnings)) == _said(list(whole.value.warnings))
            self.basis = None
            raise
        if fast is None:  # serve builds the whole site (and, should that fail, the next save too)
            try:
                self.basis = build(self.content, None, AS_OF, store=self.store).basis
            except SiteErrors:
                self.basis = None
            return None
        clean = build(self.content, None, AS_OF)
        got, want = _bytes(fast), _bytes(clean)
        assert got.keys() == want.keys()
        assert [path for path in got if got[path] != want[path]] == []
        assert _said(fast.warnings) == _said(clean.warnings)
        self.basis = fast.basis
        return fast


@pytest.fixture
def served(tmp_path: Path) -> Served:
    content = write_tree(tmp_path / "content", CONTRACT + MORE)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4 test" + b"0" * 2000)
    return Served(content)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("name", [ACTION, "eit/2567/index.md", "eit/2567/E1.md", "pages/about.md",
                                  "news/2567/2024-01-05-open-day.md", "documents/plan.md"])
def test_a_body_saved_is_built_from_the_build_before(served: Served, name: str):
    """Each kind of body: an action's, a year's introduction, an item's notes, a page's, a news item's, a
    document's; the pages that show it are rendered again, the others kept."""
    _append(served.content / name, "\nอีกหนึ่งย่อหน้า ดู[เว็บไซต์](https://www.example.org/)\n")
    result = served.save(name)
    assert result is not None and result.rendered and len(result.rendered) < 6
    _append(served.content / name, "\nและอีกย่อหน้า\n")  # from the basis the first save left
    assert served.save(name) is not None


def test_saves_of_several_bodies_and_their_problems(served: Served):
    c = served.content
    _append(c / ACTION, "\nแก้ไขแล้วิิ\n")  # a vowel typed twice: a lint warning
    _append(c / "eit/2567/E1.md", "\nเพิ่มหมายเหตุ\n")
    result = served.save(ACTION, "eit/2567/E1.md")
    assert result is not None and any(w.path == f"content/{ACTION}" for w in result.warnings)
    body = (c / "actions/2567/2024-06-10-online-tax.md").read_text(encoding="utf-8")
    same = (c / ACTION).read_text(encoding="utf-8").split("---\n", 2)[2]  # the meeting's description
    (c / "actions/2567/2024-06-10-online-tax.md").write_text(body + same, encoding="utf-8")
    _append(c / ACTION, "")  # the warning's file saved again, unchanged: still one warning
    twice = served.save("actions/2567/2024-06-10-online-tax.md", ACTION)
    assert twice is not None and any("2023-11-15-meeting" in w.th for w in twice.warnings)  # the same description
    (c / "actions/2567/2024-06-10-online-tax.md").write_text(body + "ทดลองแล้ว\n", encoding="utf-8")
    again = served.save("actions/2567/2024-06-10-online-tax.md")
    assert again is not None and not any("2023-11-15-meeting" in w.th for w in again.warnings)


def test_a_broken_link_saved_fails_as_a_whole_build_does(served: Served):
    _append(served.content / ACTION, "\n[หาย](../../pages/missing.md)\n")
    with pytest.raises(SiteErrors):
        served.save(ACTION)


def test_a_save_of_more_than_bodies_is_a_whole_build(served: Served):
    c = served.content
    text = (c / ACTION).read_text(encoding="utf-8")
    (c / ACTION).write_text(text.replace("title: ประชุมชี้แจง", "title: ประชุมชี้แจงใหม่"), encoding="utf-8")
    assert served.save(ACTION) is None  # front matter
    write_tree(c, "-- actions/2567/2024-07-01-new.md --\n---\ntitle: ใหม่\ndate: 2567-07-01\nitems: [E1]\n---\nใหม่\n")
    assert served.save("actions/2567/2024-07-01-new.md") is None  # a new file
    (c / "actions/2567/2024-07-01-new.md").unlink()
    assert served.save("actions/2567/2024-07-01-new.md") is None  # a file removed
    (c / "pages/about.md").write_text("---\ntitle: เกี่ยวกับเรา\n---\n\n", encoding="utf-8")
    assert served.save("pages/about.md") is None  # a blank body (a page without text is an error)
    assert served.basis is None
    (c / "pages/about.md").write_text("---\ntitle: เกี่ยวกับเรา\n---\nกลับมาแล้ว\n", encoding="utf-8")
    assert served.save("pages/about.md") is None  # after a failed build: a whole build
    _append(c / "site.yaml", "\n")
    assert served.save("site.yaml") is None


def test_an_editors_temporary_file_is_passed_over(served: Served):
    _append(served.content / ACTION, "\nเพิ่ม\n")
    assert served.save(ACTION, "actions/2567/.meeting.md.swp", "actions/2567/4913") is not None
    (served.content / "actions/2567/notes.txt").write_text("x", encoding="utf-8")
    assert served.save(ACTION, "actions/2567/notes.txt") is None  # a file that stays: the walk decides


def test_a_save_that_changes_a_files_last_changed_date_is_a_whole_build(tmp_path: Path):
    content = write_tree(tmp_path / "content", CONTRACT)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4")
    action = content / ACTION
    before = time.mktime((2024, 1, 2, 12, 0, 0, 0, 0, -1))
    os.utime(action, (before, before))
    served = Served(content)
    _append(action, "\nแก้ไข\n")  # modified now: its page's "last updated" (capped by --as-of) moves
    assert served.save(ACTION) is None
    _append(action, "\nแก้อีกครั้ง\n")  # the same day: the date stays
    assert served.save(ACTION) is not None


@pytest.mark.parametrize("fixture", ["contract", "agency"])
def test_a_page_lists_among_its_sources_every_document_whose_body_it_shows(fixture: str, tmp_path: Path):
    """What lets a save look at a few pages: ``rerender`` takes the pages whose ``sources`` hold a saved document,
    then those among them whose declared reads reach its body (``bodies_shown``; a round report lists every action
    among its sources and shows the year's introduction alone)."""
    if fixture == "contract":
        content = write_tree(tmp_path / "content", CONTRACT + MORE)
        (content / "files/2567").mkdir(parents=True)
        (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4")
    else:
        content = ROOT / "tests/fixtures/agency-2567/content"
    site = build(content, None, AS_OF if fixture == "contract" else dt.date(2024, 6, 1)).site
    shown_anywhere = set()
    by_rel = {body.rel: body.shown for body in site.bodies}
    for page in site.pages:
        shown = bodies_shown(page, site)
        assert shown == _reached(page, site), page.output
        assert {by_rel[rel] for rel in shown} <= set(page.sources), page.output
        shown_anywhere |= shown
        if page.kind is PageKind.REPORT:
            assert all(rel.name == "index.md" for rel in shown), page.output
    assert {rel.parts[0] for rel in shown_anywhere} >= {"actions", "eit", "pages"}


def _reached(page: Page, site: Site) -> set[PurePosixPath]:
    """Every ``Body`` the page's declared reads reach, under any spec (whole values looked through too)."""
    found: set[PurePosixPath] = set()

    def reach(value: object, spec: object) -> None:
        if isinstance(value, Body):
            found.add(value.rel)
        elif spec is ALL:
            if isinstance(value, (tuple, list, frozenset, set)):
                for v in value:
                    reach(v, ALL)
            elif isinstance(value, Mapping):
                for v in value.values():
                    reach(v, ALL)
            elif is_dataclass(value) and not isinstance(value, type):
                for f in fields(value):
                    reach(getattr(value, f.name), ALL)
        elif isinstance(spec, dict):
            for name, sub in spec.items():
                reach(getattr(value, name, None), sub)
        elif isinstance(spec, list) and isinstance(value, (tuple, list)):
            for v in value:
                reach(v, spec[0])

    for value, spec in zip((page, site, site.nav), ROOTS[page.kind].values()):
        reach(value, spec)
    return found
