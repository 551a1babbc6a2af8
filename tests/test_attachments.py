"""Attachments carrying script: SVG cleaned (with a warning naming what went), active types refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.attachments import REFUSED_SUFFIXES, clean_svg
from sitegen.urls import scheme_of

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{}</svg>'
CLEAN = SVG.format('<rect id="r" width="10" height="10" fill="url(#g)"/><use href="#r"/><!-- หมายเหตุ -->'
                   '<image href="photo.png"/><a xlink:href="other.svg"><text>ข้อความ</text></a>'
                   '<image href="data:image/png;base64,iVBORw0KGgo="/>')

HOSTILE = {  # inner SVG → what the warning names
    "script": ('<script>alert(1)</script>', "<script>"),
    "namespaced script": ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "<script>"),
    "xhtml element": ('<h:div xmlns:h="http://www.w3.org/1999/xhtml">x</h:div>', "<div>"),
    "foreignObject": ('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml" onload="alert(1)"/></foreignObject>',
                      "<foreignobject>"),
    "onload": ('<rect onload="alert(1)" width="1" height="1"/>', "onload="),
    "upper-case handler": ('<rect ONCLICK="alert(1)"/>', "onclick="),
    "javascript href": ('<a href="javascript:alert(1)"><text>x</text></a>', "href=javascript:"),
    "hidden javascript": ('<a xlink:href=" java&#9;script:alert(1)"><text>x</text></a>', "href=javascript:"),
    "data href": ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>', "href=data:"),
    "outside link": ('<a href="https://evil.example/"><text>x</text></a>', "href=https:"),
    "absolute path": ('<image href="/etc/passwd"/>', "href="),
    "parent path": ('<image href="../../secret.png"/>', "href="),
    "use of another file": ('<use href="other.svg#x"/>', "href="),
    "svg data image": ('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>', "href=data:"),
    "style url": ('<rect style="fill: url(https://evil.example/x.svg#p)"/>', "style=url()"),
    "fill url": ('<rect fill="url(&quot;https://evil.example/p&quot;)"/>', "fill=url()"),
    "style element import": ('<style>@import url(https://evil.example/x.css);</style>', "<style> (url/@import)"),
    "animate href": ('<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>',
                     "<animate attributeName=href>"),
    "set handler": ('<set attributeName="onmouseover" to="alert(1)"/>', "<set attributeName=onmouseover>"),
    "iframe": ('<iframe src="https://evil.example/"/>', "<iframe>"),
    "values javascript": ('<animate attributeName="x" values="javascript:alert(1)"/>', "values=javascript:"),
    "xml:base": ('<g xml:base="javascript:alert(1)//"><a href="x"><text>x</text></a></g>', "xml:base="),
    "stylesheet pi": ('<?xml-stylesheet href="https://evil.example/x.xsl"?><g/>', "<?xml-stylesheet?>"),
}


def _parsed(data: bytes) -> list[tuple[str, dict[str, str]]]:
    return [(el.tag, dict(el.attrib)) for el in ET.fromstring(data).iter()]


def test_clean_svg_is_copied_byte_for_byte():
    data = CLEAN.encode("utf-8")
    assert clean_svg(data).data is data and clean_svg(data).removed == ()


@pytest.mark.parametrize(("inner", "named"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_svg_parts_are_removed_and_named(inner, named):
    cleaned = clean_svg(SVG.format(inner + '<circle r="1"/>').encode("utf-8"))
    assert named in cleaned.removed
    text = cleaned.data.decode("utf-8").lower()
    for bad in ("script", "javascript", "evil.example", "onload", "onclick", "onmouseover", "foreignobject",
                "passwd", "secret", "data:text", "data:image/svg", "other.svg", "xml-stylesheet", "iframe"):
        assert bad not in text
    tags = [tag for tag, _ in _parsed(cleaned.data)]
    assert "{http://www.w3.org/2000/svg}circle" in tags  # the drawing itself stays
    assert clean_svg(cleaned.data).removed == ()  # cleaning is complete in one pass


def test_cleaning_keeps_namespaces_and_is_deterministic():
    data = SVG.format('<script>1</script><a xlink:href="doc.pdf"><text>ก</text></a>').encode("utf-8")
    first, second = clean_svg(data), clean_svg(data)
    assert first.data == second.data
    text = first.data.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'xlink:href="doc.pdf"' in text and "ก" in text


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>',
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
    b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
])
def test_dtd_and_entities_are_refused(data):
    with pytest.raises(ValueError, match="DTD"):
        clean_svg(data)


# --- through the build ---------------------------------------------------------------------------

ACTION = ("-- actions/2567/2024-01-10-x.md --\n---\ntitle: t\ndate: 2024-01-10\nitems: [E7]\n"
          "attachments: [{}]\n---\n")


def test_svg_attachment_is_published_clean_with_a_warning(make_site, run, tmp_path):
    content = make_site(ACTION.format("files/chart.svg"))
    (content / "files").mkdir()
    (content / "files/chart.svg").write_text(SVG.format('<rect width="5" height="5" onload="alert(1)"/>'
                                                        '<script>alert(document.cookie)</script>'), "utf-8")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    line = next(l for l in err.splitlines() if l.startswith("content/files/chart.svg: "))
    assert "<script>" in line and "onload=" in line and "warning" in line
    published = (tmp_path / "output/files/chart.svg").read_bytes()
    assert b"script" not in published and b"onload" not in published and b"<rect" in published
    assert published == clean_svg((content / "files/chart.svg").read_bytes()).data
    assert "<script>" in (content / "files/chart.svg").read_text("utf-8")  # the source is never changed
    page = (tmp_path / "output/actions/2567/2024-01-10-x/index.html").read_text("utf-8")
    assert f"{len(published)} ไบต์".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in page  # size as published


def test_svg_that_cannot_be_parsed_is_an_error(make_site, run, tmp_path):
    content = make_site()
    (content / "files").mkdir()
    (content / "files/broken.svg").write_text("<svg><g></svg>", "utf-8")
    (content / "files/page.svg").write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "utf-8")
    (content / "files/bomb.svg").write_text('<!DOCTYPE svg [<!ENTITY a "a">]><svg>&a;</svg>', "utf-8")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "Traceback" not in err
    assert "content/files/broken.svg:1: " in err and "cannot be read as SVG" in err
    assert "content/files/page.svg: " in err and "not <svg>" in err
    assert "content/files/bomb.svg: " in err and "DTD" in err
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("name", ["page.html", "PAGE.HTM", "x.xhtml", "x.xht", "app.js", "mod.mjs", "img.svgz",
                                  "data.xml", "run.php", "x.shtml"])
def test_active_attachment_types_are_refused(make_site, run, name):
    content = make_site(ACTION.format(f"files/{name}"))
    (content / "files").mkdir()
    (content / "files" / name).write_text("<script>alert(1)</script>", "utf-8")
    (content / "pages").mkdir()
    (content / "pages/about.md").write_text(f"---\ntitle: t\n---\n[ไฟล์](../files/{name})\n", "utf-8")
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "Traceback" not in err
    line = next(l for l in err.splitlines() if l.startswith(f"content/files/{name}: "))
    assert "CSP" in line and "PDF" in line and "are refused" in line
    assert "content/actions/2567/2024-01-10-x.md" not in err  # no second error for naming it
    assert "content/pages/about.md:4: " in err and "not published" in err


def test_refused_types_are_all_documented():
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for suffix in REFUSED_SUFFIXES:
        assert f"`{suffix}`" in readme


def test_editor_namespaces_keep_their_prefixes():
    data = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
            'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" inkscape:version="1.2">'
            '<sodipodi:namedview inkscape:zoom="1"/><g inkscape:label="ชั้น 1" onclick="x()"><rect/></g></svg>').encode()
    text = clean_svg(data).data.decode("utf-8")
    assert 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"' in text
    assert '<sodipodi:namedview inkscape:zoom="1" />' in text and 'inkscape:label="ชั้น 1"' in text
    assert "ns0" not in text and "onclick" not in text
    assert ET.fromstring(text.encode()).tag == "{http://www.w3.org/2000/svg}svg"


# --- property: whatever the SVG, the cleaned one holds nothing active, and cleaning it again changes nothing ---

NS = {"": "http://www.w3.org/2000/svg", "x": "http://www.w3.org/1999/xlink", "h": "http://www.w3.org/1999/xhtml"}
TAGS = ["g", "rect", "a", "use", "image", "text", "style", "script", "foreignObject", "animate", "set", "h:script",
        "h:iframe", "iframe", "handler", "SCRIPT"]
ATTRS = ["onload", "OnClick", "href", "x:href", "style", "fill", "values", "to", "attributeName", "id", "xml:base"]
VALUES = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x", "data:image/png;base64,AA",
          "https://evil.example/x", "//evil.example/x", "#r", "x.png", "../up.png", "/abs.png", "url(https://e.example/)",
          "url(#g)", "fill:url('https://e.example/p')", "@import url(x.css)", "href", "onload", "expression(alert(1))", "ก"]


@st.composite
def svg_tree(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(st.dictionaries(st.sampled_from(ATTRS), st.sampled_from(VALUES), max_size=3))
    text = "".join(f' {k}="{v.replace(chr(9), "&#9;")}"' for k, v in attrs.items())
    children = draw(st.lists(svg_tree(depth + 1), max_size=3)) if depth < 2 else []
    inner = "".join(children) + (draw(st.sampled_from(VALUES)) if tag.lower() == "style" else "")
    xmlns = ' xmlns:h="http://www.w3.org/1999/xhtml"' if tag.startswith("h:") else ""
    return f"<{tag}{xmlns}{text}>{inner}</{tag}>"


def _audit(data: bytes) -> list[str]:
    bad = []
    for el in ET.fromstring(data).iter():
        ns, _, local = el.tag[1:].partition("}") if el.tag.startswith("{") else ("", "", el.tag)
        if local.lower() in ("script", "foreignobject", "iframe", "handler") or ns == NS["h"]:
            bad.append(el.tag)
        for name, value in el.attrib.items():
            local_name = name.rpartition("}")[2].lower()
            scheme = scheme_of(value)
            fetches = local_name == "href" or "url(" in value.lower() or local_name == "style" and "@import" in value
            if local_name.startswith("on") or scheme in ("javascript", "vbscript") or (
                    local_name == "style" and "expression(" in value):
                bad.append(f"{name}={value}")
            if fetches and ("evil" in value or "e.example" in value or ".." in value or value.startswith("/")):
                bad.append(f"{name}={value}")
            if scheme == "data" and not (local_name == "href" and local == "image" and "image/png" in value):
                bad.append(f"{name}={value}")
    for style in ET.fromstring(data).iter(f"{{{NS['']}}}style"):
        if "@import" in (style.text or "") or "e.example" in (style.text or ""):
            bad.append("<style>")
    return bad


@settings(max_examples=50, deadline=None)
@given(st.lists(svg_tree(), max_size=4))
def test_cleaned_svg_holds_nothing_active(children):
    source = (f'<svg xmlns="{NS[""]}" xmlns:x="{NS["x"]}">' + "".join(children) + "</svg>").encode("utf-8")
    cleaned = clean_svg(source)
    assert _audit(cleaned.data) == []
    assert clean_svg(cleaned.data).removed == ()
    assert (cleaned.data == source) == (cleaned.removed == ())
