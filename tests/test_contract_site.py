"""End to end on a second, made-up agency written only from the content contract in README:
FY2567, arabic digits, a site under a sub-path, attachments, free pages and links between files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import write_tree

CONTENT = """\
-- site.yaml --
name: องค์การบริหารส่วนตำบลบ้านทดลอง
short_name: อบต.บ้านทดลอง
district: เมืองขอนแก่น
province: ขอนแก่น
base_url: https://www.example.org/abt/
digits: arabic
contact:
  phone: 043-000-000
  email: saraban@example.org
-- eit/2567/index.md --
---
---
อบต.บ้านทดลองกำหนดมาตรการจากผลการประเมิน ITA ปี 2566 ดูรายละเอียดที่ [เกี่ยวกับเรา](../../pages/about.md)
-- eit/2567/E1.md --
---
code: E1
responsible: สำนักปลัด
measures:
  - จัดทำคู่มือการให้บริการ
  - ติดประกาศขั้นตอน
monitoring: รายงานนายก อบต. ทุกไตรมาส
deadline: 2567-09-30
---
หมายเหตุ: ดู[ผลการประชุม](../../actions/2567/2023-11-15-meeting.md#agenda) และ[แบบฟอร์ม](../../files/2567/form.pdf)
-- eit/2567/E6.md --
---
code: E6
indicator: 7
fiscal_year: 2567
responsible: งานประชาสัมพันธ์
question: ข้อความคำถามที่หน่วยงานพิมพ์เอง
options: [ช่องทางที่หนึ่ง, ช่องทางที่สอง]
measures: [เปิดเพจ Facebook]
monitoring: [รายงานทุกเดือน]
---
-- eit/2567/E13.md --
---
code: E13
responsible: กองคลัง
measures: [ใช้ระบบรับชำระภาษีออนไลน์]
monitoring: [สรุปยอดผู้ใช้ทุกเดือน]
---
-- actions/2567/2023-11-15-meeting.md --
---
title: ประชุมชี้แจงขั้นตอนการให้บริการ
date: 2566-11-15
items: [E1]
attachments:
  - files/2567/form.pdf
  - https://www.example.org/video
---
## Agenda

ประชุมเจ้าหน้าที่ 20 คน
-- actions/2567/2024-02-29-leap.md --
---
title: เปิดเพจประชาสัมพันธ์
date: 2024-02-29
items: [E6, E13]
---
-- actions/2567/2024-06-10-online-tax.md --
---
title: ทดลองระบบรับชำระภาษีออนไลน์
date: 2567-06-10
items: [E13]
status: in_progress
---
-- pages/about.md --
---
title: เกี่ยวกับเรา
---
ดู[มาตรการปี 2567](../eit/2567/index.md)

| ข้อมูล | ค่า |
|---|---|
| หมู่บ้าน | 12 |
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from sitegen.cli import main
    from conftest import TEMPLATES

    root = tmp_path_factory.mktemp("contract")
    content = write_tree(root / "content", CONTENT)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4 test" + b"0" * 2000)
    out = root / "output"
    assert main(["build", "--no-pdf", "--content", str(content), "--templates", str(TEMPLATES), "--out", str(out),
                 "--as-of", "2024-10-15"]) == 0
    return out


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def test_all_pages_exist_with_lowercase_ascii_urls(site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert all(re.fullmatch(r"[a-z0-9/._-]+", p) for p in pages)
    pages = [p for p in pages if not p.startswith("ita/")]  # the ITA index is tested in test_ita.py
    assert pages == [
        "404.html", "about/index.html",
        "actions/2567/2023-11-15-meeting/index.html", "actions/2567/2024-02-29-leap/index.html",
        "actions/2567/2024-06-10-online-tax/index.html", "contact/index.html",
        "eit/2567/e1/index.html", "eit/2567/e13/index.html", "eit/2567/e6/index.html", "eit/2567/index.html",
        "eit/2567/report-12-months/index.html", "eit/2567/report-6-months/index.html", "index.html",
        "pages/index.html", "search/index.html",
    ]
    assert all(re.fullmatch(r"[a-z0-9/._-]+", p) for p in pages)
    assert (site / "files/2567/form.pdf").read_bytes().startswith(b"%PDF")
    assert (site / "static/fonts/Sarabun-Regular.woff2").read_bytes()[:4] == b"wOF2"


def test_arabic_digits_and_default_title(site):
    soup = page(site, "eit/2567/index.html")
    assert soup.h1.get_text() == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2567"
    body = text(soup)
    assert "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน" in body and "E13" in body
    assert not re.search("[๐-๙]", body)  # nothing generated in Thai digits
    assert soup.find("html")["class"] == ["digits-arabic"]


def test_rounds_split_actions_by_date(site):
    six = page(site, "eit/2567/report-6-months/index.html")
    twelve = page(site, "eit/2567/report-12-months/index.html")
    assert "รอบ 6 เดือน (เดือนตุลาคม 2566 - มีนาคม 2567)" in six.h1.get_text()
    assert "รอบ 12 เดือน (เดือนตุลาคม 2566 - กันยายน 2567)" in twelve.h1.get_text()
    e13_six = " ".join(six.select_one("tr#e13 .col-actions").get_text(" ").split())
    e13_twelve = " ".join(twelve.select_one("tr#e13 .col-actions").get_text(" ").split())
    assert e13_six == "เปิดเพจประชาสัมพันธ์ ดำเนินการเมื่อวันที่ 29 กุมภาพันธ์ 2567"
    assert "ทดลองระบบรับชำระภาษีออนไลน์ ดำเนินการเมื่อวันที่ 10 มิถุนายน 2567 อยู่ระหว่างดำเนินการ" in e13_twelve
    assert e13_twelve.index("29 กุมภาพันธ์") < e13_twelve.index("10 มิถุนายน")  # date order
    # BE and CE dates in front matter mean the same calendar: 2566-11-15 is 15 Nov 2023.
    assert "15 พฤศจิกายน 2566" in text(six.select_one("tr#e1"))
    assert "29 กุมภาพันธ์ 2567" in text(six.select_one("tr#e6 .col-actions"))  # 2024 is a leap year
    assert six.select_one(".notice") is None  # both rounds ended by the as-of date: no "data as of" notice


def test_item_page(site):
    soup = page(site, "eit/2567/e1/index.html")
    body = text(soup)
    assert soup.h1.get_text(" ").split()[0] == "E1"
    assert "กำหนดเวลาแล้วเสร็จ 30 กันยายน 2567" in body
    assert "รายงานนายก อบต. ทุกไตรมาส" in body  # one text accepted as a one-entry list
    links = {a.get_text(): a["href"] for a in soup.select(".prose a")}
    assert links == {"ผลการประชุม": "/abt/actions/2567/2023-11-15-meeting/#agenda",
                     "แบบฟอร์ม": "/abt/files/2567/form.pdf"}
    # a way back to the year's documents and reports from every item page
    back = [a["href"] for a in soup.select(".year-docs a")]
    assert back == ["/abt/eit/2567/", "/abt/eit/2567/report-6-months/", "/abt/eit/2567/report-12-months/"]
    crumbs = [a["href"] for a in soup.select(".breadcrumbs a")]
    assert crumbs == ["/abt/", "/abt/eit/2567/"]


def test_overridden_question_and_options(site):
    soup = page(site, "eit/2567/e6/index.html")
    assert "ข้อความคำถามที่หน่วยงานพิมพ์เอง" in soup.h1.get_text()
    assert [li.get_text() for li in soup.select("ul.options li")] == ["ช่องทางที่หนึ่ง", "ช่องทางที่สอง"]


def test_action_page_with_attachments(site):
    soup = page(site, "actions/2567/2023-11-15-meeting/index.html")
    files = [(a.get_text(), a["href"]) for a in soup.select(".attachments a")]
    assert files == [("form.pdf", "/abt/files/2567/form.pdf"), ("https://www.example.org/video",
                                                                "https://www.example.org/video")]
    assert "(PDF, 2.0 KB)" in text(soup)
    assert soup.select_one(".prose h2").get("id") is None and "Agenda" in soup.select_one(".prose").get_text()
    in_progress = page(site, "actions/2567/2024-06-10-online-tax/index.html")
    assert "อยู่ระหว่างดำเนินการ" in in_progress.h1.get_text()


def test_free_page_and_markdown_table(site):
    soup = page(site, "about/index.html")
    assert soup.select_one(".prose a")["href"] == "/abt/eit/2567/"
    assert soup.select_one(".prose table th").get_text() == "ข้อมูล"
    assert "เกี่ยวกับเรา" in [a.get_text() for a in page(site, "index.html").select(".main-nav a")]


def test_home_and_404(site):
    home = page(site, "index.html")
    assert home.title.get_text().startswith("องค์การบริหารส่วนตำบลบ้านทดลอง")
    assert [a["href"] for a in home.select(".doc-list a")] == [
        "/abt/eit/2567/", "/abt/eit/2567/report-6-months/", "/abt/eit/2567/report-12-months/", "/abt/ita/2567/"]
    latest = [a.get_text() for a in home.select(".action-list a")]
    assert latest[0] == "ทดลองระบบรับชำระภาษีออนไลน์"  # newest first
    assert 'href="tel:043000000"' in str(home) and "mailto:saraban@example.org" in str(home)
    missing = page(site, "404.html")
    assert missing.select_one("main a")["href"] == "/abt/"
    assert missing.find("link", rel="canonical") is None


def test_canonical_and_no_outside_requests(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr, "")
                if el.get("rel") == ["canonical"]:
                    assert url.startswith("https://www.example.org/abt/")
                else:
                    assert url.startswith("/abt/"), (path, url)  # every asset is the site's own


def test_contact_page_from_site_yaml_answers_the_contact_item(site):
    soup = page(site, "contact/index.html")
    assert soup.h1.get_text() == "ติดต่อองค์การบริหารส่วนตำบลบ้านทดลอง"
    rows = {dt.get_text(): " ".join(dd.get_text(" ").split()) for dt, dd in
            ((d.dt, d.dd) for d in soup.select("main .contact > div"))}
    assert rows == {"โทรศัพท์": "043-000-000", "อีเมล": "saraban@example.org ถาม-ตอบได้"}
    ita = page(site, "ita/2567/index.html")
    assert ita.select_one("tr#o4 .col-url a")["href"] == "/abt/contact/"  # 2567's contact item (unverified number)
    assert "ติดต่อเรา" in [a.get_text() for a in page(site, "index.html").select(".main-nav a")]
