"""serve: a broken edit keeps the last good site up, with the problems shown on every page."""

from __future__ import annotations

import datetime as dt

from conftest import ITEM_E7, TEMPLATES
from sitegen.serve import Rebuilder


def test_broken_edit_keeps_last_good_site_with_banner(make_site, tmp_path, capsys):
    content = make_site()
    site = tmp_path / "served"
    rebuild = Rebuilder(content, TEMPLATES, dt.date(2024, 6, 1), "http://127.0.0.1:8000/", site)
    assert rebuild() is True
    good = (site / "eit/2567/e7/index.html").read_text("utf-8")
    assert "sitegen-errors" not in good and 'href="/eit/2567/"' in good

    (content / "eit/2567/E7.md").write_text(ITEM_E7.replace("responsible:", "responsable:"), "utf-8")
    assert rebuild() is False
    shown = (site / "eit/2567/e7/index.html").read_text("utf-8")
    assert "งานประชาสัมพันธ์" in shown  # the last good content is still there
    assert 'class="sitegen-errors" role="alert"' in shown and "did you mean &#x27;responsible&#x27;" in shown
    assert (site / "static/_sitegen-errors.css").is_file()
    assert "content/eit/2567/E7.md:3:" in capsys.readouterr().err  # and in the terminal

    (content / "eit/2567/E7.md").write_text(ITEM_E7, "utf-8")
    assert rebuild() is True
    assert "sitegen-errors" not in (site / "eit/2567/e7/index.html").read_text("utf-8")


def test_first_build_broken_shows_only_the_errors(make_site, tmp_path):
    content = make_site("-- site.yaml --\nname: x\n")
    site = tmp_path / "served"
    assert Rebuilder(content, TEMPLATES, dt.date(2024, 6, 1), "http://127.0.0.1:8000/", site)() is False
    page = (site / "index.html").read_text("utf-8")
    assert "short_name" in page and "sitegen-errors" in page
