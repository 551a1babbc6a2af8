"""Deterministic benchmark corpus: N documents in sitegen's content contract, and the same documents
as a Hugo, an MkDocs, a Pelican and an Eleventy site with minimal equivalent templates.

    python bench/corpus.py N OUT_DIR

OUT_DIR gets ``sitegen/content/``, ``hugo/``, ``mkdocs/``, ``pelican/`` and ``eleventy/``. The same N
always gives byte-identical files: the text comes from a fixed word list through a seeded generator,
and nothing depends on the clock, the machine or the order of a directory listing.

The N documents are, per fiscal year 2566 and 2567 (sitegen ships EIT catalogs for both), the measures
document ``eit/<FY>/index.md`` and the 15 item files E1…E15; the other N − 32 are actions, alternating
between the years, each dated in its year with 1–3 item codes and a body with a heading, a bulleted
list, a GFM table and a relative link to its first item's file.
"""

# ruff: noqa: E501 — the peers' templates below are data: their lines are as each tool reads them
from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

YEARS = (2566, 2567)
ITEMS = tuple(f"E{n}" for n in range(1, 16))
FIXED_DOCS = len(YEARS) * (1 + len(ITEMS))  # the measures document and 15 items per year
SEED = 2566
MARKER = "CORPUS.txt"  # marks a folder this script made, so a rerun may replace it and nothing else

# Correctly typed words (consonant, vowel, then tone mark), so sitegen's Thai lint stays quiet.
WORDS = (
    "องค์การ", "บริหาร", "ส่วนตำบล", "โครงการ", "ประชาชน", "หมู่บ้าน", "ชุมชน", "งบประมาณ", "ประจำปี", "ดำเนินงาน",
    "ประชาสัมพันธ์", "เจ้าหน้าที่", "ผู้บริหาร", "คณะกรรมการ", "ประชุม", "จัดซื้อ", "จัดจ้าง", "ก่อสร้าง", "ถนน",
    "คอนกรีต", "เสริมเหล็ก", "ซ่อมแซม", "ระบบประปา", "สุขภาพ", "ผู้สูงอายุ", "เด็กเล็ก", "ศูนย์พัฒนา", "การศึกษา",
    "สิ่งแวดล้อม", "ขยะมูลฝอย", "คัดแยก", "อบรม", "ให้ความรู้", "ป้องกัน", "ทุจริต", "คุณธรรม", "ความโปร่งใส",
    "เผยแพร่", "ข้อมูล", "ข่าวสาร", "เว็บไซต์", "รายงาน", "ผลการ", "ติดตาม", "ประเมินผล", "แผนพัฒนา", "ท้องถิ่น",
    "สี่ปี", "ภาษี", "ที่ดิน", "สิ่งปลูกสร้าง", "จัดเก็บ", "รายได้", "สวัสดิการ", "สังคม", "ผู้พิการ", "เบี้ยยังชีพ",
    "น้ำดื่ม", "สะอาด", "ภัยแล้ง", "อุทกภัย", "บรรเทา", "สาธารณภัย", "ดับเพลิง", "กีฬา", "วัฒนธรรม", "ประเพณี",
    "สงกรานต์", "ลอยกระทง", "เกษตรกร", "ปลูกผัก", "ปลอดสารพิษ", "อาชีพ", "ตรวจสอบ", "ร้องเรียน", "แจ้งเหตุ",
    "บริการ", "ความพึงพอใจ", "ปรับปรุง", "คุณภาพ",
)
DOUBLED = re.compile(r"([\u0e01-\u0e4e]{4,40})\1")  # sitegen's doubled-phrase lint; generated text avoids it


@dataclass(frozen=True, slots=True)
class Doc:
    """One document, in the terms every generator shares."""

    kind: str  # "measures" | "item" | "action"
    fiscal_year: int
    name: str  # file stem: "index", "E7" or "2023-03-01-a00042"
    title: str
    date: dt.date  # Gregorian; items and measures documents use the first day of their fiscal year
    body: str  # Markdown; {link} stands for the link to the first item's page, which each tool spells its own way
    items: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    monitoring: tuple[str, ...] = ()


class Text:
    """Thai phrases from WORDS, drawn from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def phrase(self, low: int, high: int) -> str:
        """Low…high words, joined without spaces as Thai is written, never with a doubled run."""
        while True:
            words = self.rng.sample(WORDS, self.rng.randint(low, high))
            text = "".join(words)
            if not DOUBLED.search(text):
                return text

    def sentence(self, phrases: int) -> str:
        return " ".join(self.phrase(2, 4) for _ in range(phrases))


def fiscal_start(fiscal_year: int) -> dt.date:
    """1 October of the Gregorian year before: fiscal year 2566 starts on 2022-10-01."""
    return dt.date(fiscal_year - 543 - 1, 10, 1)


def action_date(rng: random.Random, fiscal_year: int, first_half: bool) -> dt.date:
    """A day in the fiscal year; in its first six months (Oct–Mar) when ``first_half``."""
    start = fiscal_start(fiscal_year)
    days = (dt.date(start.year + 1, 4, 1) if first_half else dt.date(start.year + 1, 10, 1)) - start
    return start + dt.timedelta(days=rng.randrange(days.days))


def action_body(text: Text) -> str:
    rows = "\n".join(f"| {n} | {text.phrase(2, 3)} | {text.rng.randint(1, 500) * 100:,} |" for n in range(1, 4))
    bullets = "\n".join(f"- {text.sentence(2)}" for _ in range(text.rng.randint(3, 5)))
    return (f"## {text.phrase(3, 5)}\n\n{text.sentence(6)}\n\n{bullets}\n\n"
            f"| ลำดับ | รายการ | งบประมาณ (บาท) |\n|---|---|---:|\n{rows}\n\n"
            f"ดูมาตรการที่ {{link}} {text.sentence(2)}\n")


def make_docs(n: int) -> list[Doc]:
    """The corpus of ``n`` documents (n ≥ FIXED_DOCS), in a fixed order."""
    if n < FIXED_DOCS:
        raise ValueError(f"N must be at least {FIXED_DOCS} (the measures documents and items of two years)")
    text = Text(SEED)
    docs = []
    for fy in YEARS:
        docs.append(Doc("measures", fy, "index", f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {fy}",
                        fiscal_start(fy), f"{text.sentence(8)}\n\n{text.sentence(8)}\n"))
        for code in ITEMS:
            measures = tuple(text.sentence(3) for _ in range(3))
            monitoring = tuple(text.sentence(2) for _ in range(2))
            docs.append(Doc("item", fy, code, f"ข้อ {code} {text.phrase(3, 4)}", fiscal_start(fy),
                            f"{text.sentence(4)}\n", measures=measures, monitoring=monitoring))
    for i in range(n - FIXED_DOCS):
        fy = YEARS[i % 2]
        # The first 15 of each year cover every item in the first round, so no item reports "no action yet".
        first = ITEMS[(i // 2) % len(ITEMS)]
        extra = [c for c in text.rng.sample(ITEMS, 3) if c != first][: text.rng.randint(0, 2)]
        day = action_date(text.rng, fy, first_half=i // 2 < len(ITEMS))
        docs.append(Doc("action", fy, f"{day.isoformat()}-a{i:05d}", text.phrase(5, 8), day,
                        action_body(text), items=(first, *extra)))
    return docs


def yaml_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def be(day: dt.date) -> str:
    """A Buddhist-era date as staff type it: 2566-03-01."""
    return f"{day.year + 543}-{day.month:02d}-{day.day:02d}"


# --- sitegen ---------------------------------------------------------------------------------------

SITE_YAML = """name: องค์การบริหารส่วนตำบลทดสอบความเร็ว
short_name: อบต.ทดสอบความเร็ว
district: เมือง
province: นครราชสีมา
base_url: https://bench.example/
digits: thai
"""


def sitegen_files(docs: list[Doc]) -> Iterator[tuple[str, str]]:
    """(path under content/, text) for every file of the sitegen site."""
    yield "site.yaml", SITE_YAML
    for d in docs:
        if d.kind == "measures":
            yield f"eit/{d.fiscal_year}/index.md", f"---\ntitle: {yaml_quote(d.title)}\n---\n{d.body}"
        elif d.kind == "item":
            lists = "".join(f"{key}:\n" + "".join(f"  - {yaml_quote(v)}\n" for v in values)
                            for key, values in (("measures", d.measures), ("monitoring", d.monitoring)))
            yield (f"eit/{d.fiscal_year}/{d.name}.md",
                   f"---\ncode: {d.name}\nresponsible: เจ้าหน้าที่ทุกภารกิจงาน\n{lists}"
                   f"deadline: {d.fiscal_year}-09-30\n---\n{d.body}")
        else:
            link = f"[ข้อ {d.items[0]}](../../eit/{d.fiscal_year}/{d.items[0]}.md)"
            yield (f"actions/{d.fiscal_year}/{d.name}.md",
                   f"---\ntitle: {yaml_quote(d.title)}\ndate: {be(d.date)}\nitems: [{', '.join(d.items)}]\n"
                   f"status: done\n---\n{d.body.replace('{link}', link)}")


# --- the peers: one tree for all, <FY>/measures.md, <FY>/eit/E7.md, <FY>/actions/<name>.md ---------------
# (not eit/<FY>/index.md: to Hugo an index.md makes its folder a leaf bundle and hides the item pages)


def peer_path(d: Doc) -> str:
    if d.kind == "measures":
        return f"{d.fiscal_year}/measures.md"
    return f"{d.fiscal_year}/{'eit' if d.kind == 'item' else 'actions'}/{d.name}.md"


def peer_body(d: Doc, link_target: Callable[[Doc], str]) -> str:
    """The body every peer shows: for items the measures and monitoring as lists, then the notes."""
    if d.kind == "item":
        lists = "".join(f"## {heading}\n\n" + "".join(f"- {v}\n" for v in values) + "\n"
                        for heading, values in (("มาตรการ", d.measures), ("การกำกับติดตาม", d.monitoring)))
        return f"ผู้รับผิดชอบ: เจ้าหน้าที่ทุกภารกิจงาน\n\n{lists}{d.body}"
    if d.kind == "action":
        return d.body.replace("{link}", f"[ข้อ {d.items[0]}]({link_target(d)})")
    return d.body


def yaml_front(d: Doc, extra: str = "") -> str:
    return f"---\ntitle: {yaml_quote(d.title)}\ndate: {d.date.isoformat()}\n{extra}---\n"


HUGO_CONFIG = """baseURL = "https://bench.example/"
languageCode = "th"
title = "bench"
# A page per document, a list page per year (its section) and the home page; nothing else.
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2006-01-02" }}</time></p>
{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ul>{{ range .Sections }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
"""


def hugo_files(docs: list[Doc]) -> Iterator[tuple[str, str]]:
    yield "hugo.toml", HUGO_CONFIG
    yield "layouts/_default/baseof.html", HUGO_BASEOF
    yield "layouts/_default/single.html", HUGO_SINGLE
    yield "layouts/_default/list.html", HUGO_LIST
    for fy in YEARS:
        yield f"content/{fy}/_index.md", f"---\ntitle: ปีงบประมาณ {fy}\n---\n"
    for d in docs:
        # Goldmark leaves a relative .md link as it is (resolving it takes a render hook): link the page URL.
        yield f"content/{peer_path(d)}", yaml_front(d) + peer_body(d, lambda a: f"../../eit/{a.items[0]}/")


MKDOCS_CONFIG = """site_name: bench
site_url: https://bench.example/
docs_dir: docs
# No theme and no plugins (the default search plugin is turned off): only the templates below.
theme:
  name: null
  custom_dir: theme
plugins: []
markdown_extensions:
  - tables
"""
MKDOCS_MAIN = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>{{ page.title }}</h1>{% if page.meta.date %}<p><time>{{ page.meta.date }}</time></p>{% endif %}
{{ page.content }}</main></body></html>
"""


def mkdocs_files(docs: list[Doc]) -> Iterator[tuple[str, str]]:
    yield "mkdocs.yml", MKDOCS_CONFIG
    yield "theme/main.html", MKDOCS_MAIN
    # MkDocs has no list pages: each year's list is a generated Markdown page of links, rendered like the rest.
    for fy in YEARS:
        links = "".join(f"- [{d.title}]({peer_path(d).removeprefix(f'{fy}/')}) {d.date.isoformat()}\n"
                        for d in docs if d.fiscal_year == fy)
        yield f"docs/{fy}/index.md", f"---\ntitle: ปีงบประมาณ {fy}\n---\n{links}"
    yield "docs/index.md", "---\ntitle: bench\n---\n" + "".join(f"- [ปีงบประมาณ {fy}]({fy}/index.md)\n" for fy in YEARS)
    for d in docs:
        # MkDocs resolves (and checks) relative .md links itself.
        yield f"docs/{peer_path(d)}", yaml_front(d) + peer_body(d, lambda a: f"../eit/{a.items[0]}.md")


PELICAN_CONFIG = """# A page per document (an article in the year's category), a list page per year, the index; nothing else.
AUTHOR = "bench"
SITENAME = "bench"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Bangkok"
DEFAULT_LANG = "th"
DEFAULT_PAGINATION = False
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = AUTHOR_SAVE_AS = ARCHIVES_SAVE_AS = ""
TAGS_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""
PELICAN_BASE = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}</title></head>
<body><main>{% block content %}{% endblock %}</main></body></html>
"""
PELICAN_ARTICLE = """{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}
{% block content %}<h1>{{ article.title }}</h1><p><time>{{ article.date.strftime("%Y-%m-%d") }}</time></p>
{{ article.content }}{% endblock %}
"""
PELICAN_CATEGORY = """{% extends "base.html" %}{% block content %}<h1>ปีงบประมาณ {{ category }}</h1><ul>
{% for article in articles %}<li><a href="/{{ article.url }}">{{ article.title }}</a> {{ article.date.strftime("%Y-%m-%d") }}</li>
{% endfor %}</ul>{% endblock %}
"""
PELICAN_INDEX = """{% extends "base.html" %}{% block content %}<h1>{{ SITENAME }}</h1>
{% for category, _ in categories %}<p><a href="/{{ category.url }}">{{ category }}</a></p>{% endfor %}{% endblock %}
"""


def pelican_files(docs: list[Doc]) -> Iterator[tuple[str, str]]:
    yield "pelicanconf.py", PELICAN_CONFIG
    for name, text in (("base", PELICAN_BASE), ("article", PELICAN_ARTICLE),
                       ("category", PELICAN_CATEGORY), ("index", PELICAN_INDEX)):
        yield f"theme/templates/{name}.html", text
    for d in docs:
        # Pelican's Markdown reader takes "Key: value" metadata lines; {filename} links are resolved by Pelican.
        slug = peer_path(d).removesuffix(".md")
        meta = f"Title: {d.title}\nDate: {d.date.isoformat()}\nCategory: {d.fiscal_year}\nSlug: {slug}\n\n"
        yield f"content/{peer_path(d)}", meta + peer_body(d, lambda a: f"{{filename}}/{a.fiscal_year}/eit/{a.items[0]}.md")


ELEVENTY_CONFIG = """// A page per document, a list page per year; Markdown bodies are not run through a template engine.
module.exports = function (eleventyConfig) {
  return {
    dir: { input: "src", includes: "_includes", output: "_site" },
    markdownTemplateEngine: false,
  };
};
"""
ELEVENTY_LAYOUT = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p><time>{{ page.date.toISOString().slice(0, 10) }}</time></p>
{{ content | safe }}</main></body></html>
"""
ELEVENTY_LIST = """---
permalink: /{fy}/
title: ปีงบประมาณ {fy}
---
<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{{{{ title }}}}</title></head><body><main><h1>{{{{ title }}}}</h1><ul>
{{% for p in collections.y{fy} %}}<li><a href="{{{{ p.url }}}}">{{{{ p.data.title }}}}</a> {{{{ p.date.toISOString().slice(0, 10) }}}}</li>
{{% endfor %}}</ul></main></body></html>
"""


ELEVENTY_HOME = """---
permalink: /
---
<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>bench</title></head><body><main><h1>bench</h1>
""" + "".join(f'<p><a href="/{fy}/">ปีงบประมาณ {fy}</a></p>\n' for fy in YEARS) + "</main></body></html>\n"


def eleventy_files(docs: list[Doc]) -> Iterator[tuple[str, str]]:
    yield "eleventy.config.js", ELEVENTY_CONFIG
    yield "src/index.njk", ELEVENTY_HOME
    yield "src/_includes/page.njk", ELEVENTY_LAYOUT
    for fy in YEARS:
        # A directory data file: every document of the year gets the layout and joins the year's collection.
        yield f"src/{fy}/{fy}.json", f'{{"layout": "page.njk", "tags": "y{fy}"}}\n'
        yield f"src/lists/{fy}.njk", ELEVENTY_LIST.format(fy=fy)
    for d in docs:
        yield f"src/{peer_path(d)}", yaml_front(d) + peer_body(d, lambda a: f"../../eit/{a.items[0]}/")


TREES: dict[str, Callable[[list[Doc]], Iterator[tuple[str, str]]]] = {
    "sitegen/content": sitegen_files, "hugo": hugo_files, "mkdocs": mkdocs_files,
    "pelican": pelican_files, "eleventy": eleventy_files,
}


def write_corpus(n: int, out: Path) -> int:
    """Write the corpus of ``n`` documents into ``out`` (replacing a corpus made before); return the file count.

    Raises ValueError for a bad ``n`` or when ``out`` holds files this script did not make."""
    docs = make_docs(n)
    if out.exists():
        if not (out / MARKER).is_file():
            if out.is_dir() and not any(out.iterdir()):
                out.rmdir()
            else:
                raise ValueError(f"{out} exists and is not a corpus made by bench/corpus.py; choose another folder")
        else:
            shutil.rmtree(out)
    count = 0
    for root, files in TREES.items():
        for rel, text in files(docs):
            path = out / root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            count += 1
    (out / MARKER).write_text(f"bench corpus: {n} documents, seed {SEED}\n", encoding="utf-8")
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python bench/corpus.py N OUT_DIR", file=sys.stderr)
        return 2
    try:
        count = write_corpus(int(argv[0]), Path(argv[1]))
    except ValueError as exc:
        print(f"corpus: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {count} files for {argv[0]} documents to {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
