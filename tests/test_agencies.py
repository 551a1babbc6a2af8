"""Many agencies from one install: two sites built one after the other share nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import TEMPLATES, write_tree

from sitegen.cli import main

AGENCY = """\
-- site.yaml --
name: องค์การบริหารส่วนตำบล{name}
short_name: อบต.{name}
district: {district}
province: นครราชสีมา
base_url: https://{slug}.example.go.th/ita/
-- eit/2567/E7.md --
---
code: E7
responsible: งานประชาสัมพันธ์{name}
measures: [เผยแพร่ผลงานของ{name}]
monitoring: [รายงานนายก อบต.{name}]
---
-- actions/2567/2024-01-15-{slug}-news.md --
---
title: ประชาสัมพันธ์ผลงาน อบต.{name}
date: 2567-01-15
items: [E7]
attachments: [files/{slug}-report.pdf]
---
-- pages/{slug}-about.md --
---
title: เกี่ยวกับ อบต.{name}
---
หน้าของ{name}
-- files/{slug}-report.pdf --
%PDF-1.4 {slug}
"""
SITES = {"sratakhian": ("สระตะเคียน", "เสิงสาง"), "nongbua": ("หนองบัว", "ปักธงชัย")}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_two_agencies_built_from_one_install_share_nothing(tmp_path: Path, capsys):
    outputs = {}
    for slug, (name, district) in SITES.items():
        content = write_tree(tmp_path / "sites" / slug / "content",
                             AGENCY.format(slug=slug, name=name, district=district))
        out = tmp_path / "output" / slug
        assert main(["build", "--no-pdf", "--content", str(content), "--templates", str(TEMPLATES), "--out", str(out),
                     "--as-of", "2567-02-01"]) == 0, capsys.readouterr().err
        outputs[slug] = _files(out)
    for slug, (name, district) in SITES.items():
        (other,) = set(SITES) - {slug}
        other_name, other_district = SITES[other]
        files = outputs[slug]
        assert f"{slug}-about/index.html" in files and f"files/{slug}-report.pdf" in files
        assert not [path for path in files if other in path]
        text = b"\n".join(files.values()).decode("utf-8", "replace")
        assert f"https://{slug}.example.go.th/ita/" in text and name in text and district in text
        for leaked in (other_name, other_district, f"{other}.example.go.th", other):
            assert leaked not in text, (slug, leaked)
