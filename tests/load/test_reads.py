"""Load stage: a build walks the content folder once and opens each content file once."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.load import content as content_module
from sitegen.load import history, tree

from conftest import ROOT

SEED = ROOT / "content"
AS_OF = dt.date(2024, 10, 15)


def test_one_walk_and_one_open_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[Path] = []
    opened: Counter[str] = Counter()
    walk, real_open = tree.walk_content, os.open

    def counting_walk(root: Path) -> tuple[list[tree.Found], list]:
        walks.append(root)
        return walk(root)

    def counting_open(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(SEED) + os.sep):
            opened[str(path)] += 1
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(content_module, "walk_content", counting_walk)
    monkeypatch.setattr(history, "walk_content", counting_walk)
    monkeypatch.setattr(tree.os, "open", counting_open)
    build(SEED, None, AS_OF)
    assert walks == [SEED]
    assert opened and max(opened.values()) == 1, [p for p, n in opened.items() if n > 1]


def test_dates_from_the_walk_equal_a_walk_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "b.pdf").write_bytes(b"%PDF")
    os.utime(tmp_path / "a.md", (0, 1_600_000_000))
    loaded, _ = content_module.load_content(tmp_path)
    assert history.load_source_dates(tmp_path, None, loaded.walked) == history.load_source_dates(tmp_path) == {
        f"{tmp_path.name}/a.md": dt.date(2020, 9, 13),
        f"{tmp_path.name}/files/b.pdf": dt.datetime.fromtimestamp(
            (tmp_path / "files" / "b.pdf").stat().st_mtime, history.BANGKOK).date(),
    }
