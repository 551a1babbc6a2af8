"""The output stays byte-identical: a fresh build of the seed and the fixture sites against the committed
manifests (``tests/golden.py``; a refactor that changes a byte is a bug in the refactor)."""

from __future__ import annotations

import pytest

from golden import GOLDEN, SITES, build_manifest, differences, manifest


@pytest.mark.parametrize("name", sorted(SITES))
def test_output_matches_golden_manifest(name, tmp_path):
    expected = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    diff = differences(expected, build_manifest(name, tmp_path))
    assert not diff, f"{len(diff)} files differ from tests/golden/{name}.txt:\n" + "\n".join(diff)


def test_manifest_sees_one_changed_byte(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/x.html").write_bytes(b"<p>1</p>")
    before = manifest(tmp_path)
    (tmp_path / "a/x.html").write_bytes(b"<p>2</p>")
    (tmp_path / "y.css").write_bytes(b"")
    assert differences(before, manifest(tmp_path)) == ["changed a/x.html", "new y.css"]
