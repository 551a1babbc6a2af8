"""Load stage, YAML part: a YAML mapping parsed with the line of every key and list entry, and the text each
non-text value was typed as, for ``path:line`` messages. Front matter, ``site.yaml`` and catalog files are all
read here.

libyaml (C) parses the usual text; anything it cannot take as it is (an error of any kind, an alias, deep
nesting, a control character) goes to PyYAML's own parser, so every message and line number comes from one place.
Dates stay text (checked with Thai messages elsewhere) and aliases are refused ("billion laughs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import yaml

from sitegen import messages
from sitegen.errors import SiteError


class _AliasFound(Exception):
    def __init__(self, line: int):
        self.line = line


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so we check them with Thai messages (and 2566-02-30
    gives a clear error instead of a traceback), and refuses aliases.

    YAML aliases (*name) repeat a value by reference; nested, a few hundred bytes expand to billions
    of values ("billion laughs"). Staff never need them."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _AliasFound(mark.line if mark else 0)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Composed(Protocol):
    """What the two loaders share once a node is composed: the pure ``_Loader`` and libyaml's."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object: ...
    def dispose(self) -> None: ...


_NOT_TEXT = yaml.reader.Reader.NON_PRINTABLE  # what PyYAML's reader refuses (libyaml's list differs)
_FAST_DEPTH = 50
"""Nesting the fast path takes; deeper front matter (never written by hand) goes to the pure parser,
whose limit (Python's recursion) then gives the same answer as it always did."""
_FAST_NESTING = 900
"""Without libyaml's own cap of 1000 levels (0.2.5 and later), the C parser is given only texts with
fewer nesting signs than this, so its recursive composer can never exhaust the C stack."""
_CAPPED = yaml.__with_libyaml__ and yaml._yaml.get_version() >= (0, 2, 5)  # type: ignore[attr-defined]

if yaml.__with_libyaml__:
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        """libyaml's parser and composer, with the same resolvers as ``_Loader``."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _plain_tree(root: yaml.Node) -> bool:
    """No node appears twice (an alias) and nothing nests deeper than ``_FAST_DEPTH``."""
    seen: set[int] = set()
    todo = [(root, 1)]
    while todo:
        node, depth = todo.pop()
        if id(node) in seen or depth > _FAST_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            todo.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend((child, depth + 1) for pair in node.value for child in pair)
    return True


def _compose_fast(text: str) -> tuple[_Composed, yaml.MappingNode] | None:
    """(loader, node) of ``text`` composed by libyaml when it is a plain mapping; None when libyaml is
    missing or the text is anything else (the pure parser then decides, errors included)."""
    if not yaml.__with_libyaml__ or "\t" in text or _NOT_TEXT.search(text):
        return None  # libyaml takes tabs where PyYAML refuses them, and other control characters
    if "?" in text and ("{" in text or "[" in text):
        return None  # libyaml reads "{a?}" as the key "a?"; PyYAML's scanner refuses a "?" there
    if not _CAPPED and sum(text.count(sign) for sign in ("\n", "[", "{", "- ", "? ")) > _FAST_NESTING:
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        node = None
    if isinstance(node, yaml.MappingNode) and _plain_tree(node):
        return loader, node
    loader.dispose()
    return None


# PyYAML ends a line at U+0085, U+2028 and U+2029 too, but editors and our line numbers count only
# LF: hide them from the parser (in private-use characters) and put them back in the values.
_HIDE = str.maketrans("\x85\u2028\u2029", "\ue000\ue001\ue002")
_SHOW = str.maketrans("\ue000\ue001\ue002", "\x85\u2028\u2029")
_SWAPPED = "\x85\u2028\u2029\ue000\ue001\ue002"


def _restore(value: object) -> object:
    if isinstance(value, str):
        return value.translate(_SHOW)
    if isinstance(value, list):
        return [_restore(v) for v in value]
    if isinstance(value, dict):
        return {_restore(k): _restore(v) for k, v in value.items()}
    return value


def _construct(loader: _Composed, node: yaml.Node, shown: str, line: int, hidden: bool) -> object:
    """Build a value; PyYAML raises plain ValueError and friends for explicit tags with bad values
    (``!!int x``, ``!!timestamp 2566-02-30``) and for integers of over 4300 digits."""
    try:
        value = loader.construct_object(node, deep=True)
        return _restore(value) if hidden else value
    except (ValueError, TypeError, KeyError, OverflowError):
        raise messages.YAML_VALUE_UNREADABLE.error(shown, line) from None


_STR_TAG = "tag:yaml.org,2002:str"


def _note(text: str, node: yaml.Node, path: str, first_line: int, lines: dict[str, int], typed: dict[str, str],
          hidden: bool) -> None:
    """Record the line of every list entry (``key[0]``) and mapping value (``key.sub``) under
    ``path``, and the source text of every value YAML did not read as text: a message then shows
    ``044123456`` as the user typed it, not the octal number 9479982 YAML made of it."""
    source = text[node.start_mark.index:node.end_mark.index].strip()
    if hidden:
        source = source.translate(_SHOW)
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _STR_TAG:
            typed[path] = source
        return
    if "\n" not in source:  # a flow collection, [a, b] or {a: b}, typed on one line
        typed[path] = source
    children = (  # (path, the node whose line it is, the value): a mapping value is on its key's line
        [(f"{path}[{i}]", entry, entry) for i, entry in enumerate(node.value)] if isinstance(node, yaml.SequenceNode)
        else [(f"{path}.{k.value}", k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
    )
    for child_path, at, child in children:
        lines.setdefault(child_path, first_line + at.start_mark.line)
        _note(text, child, child_path, first_line, lines, typed, hidden)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A YAML mapping with where each value stands and, for values that are not text, how it was typed."""

    meta: dict[str, object]
    lines: dict[str, int]
    """Line of each key (``"title"``), list entry (``"measures[0]"``) and mapping value (``"contact.phone"``)."""
    typed: dict[str, str]
    """Source text of each value YAML read as something other than text, by the same paths."""


def parse_yaml_mapping(text: str, shown: str, first_line: int) -> tuple[dict[str, object], dict[str, int]]:
    """Parse YAML that must be a mapping; return (values, line of each key and list entry)."""
    parsed = parse_yaml(text, shown, first_line)
    return parsed.meta, parsed.lines


def parse_yaml(text: str, shown: str, first_line: int) -> Parsed:
    """Parse YAML that must be a mapping. ``first_line`` is the file line of the YAML's first line.

    libyaml (C) parses the usual front matter; anything it cannot take as it is (an error of any
    kind, an alias, deep nesting, a control character) goes to PyYAML's own parser, so every
    message and line number comes from one place. Raises SiteError.
    """
    hidden = any(c in text for c in _SWAPPED)  # else hiding and restoring change nothing: skip both
    if hidden:
        text = text.translate(_HIDE)
    fast = _compose_fast(text)
    if fast is not None:
        loader, node = fast
        try:
            return _mapping(loader, node, text, shown, first_line, hidden)
        except (SiteError, yaml.YAMLError, RecursionError):
            pass  # said below by the pure parser, in its words and with its lines
        finally:
            loader.dispose()
    return _parse_pure(text, shown, first_line, hidden)


def _mapping(loader: _Composed, node: yaml.MappingNode, text: str, shown: str, first_line: int,
             hidden: bool) -> Parsed:
    """The values of a composed mapping node, with the line of each and how the non-text ones were typed."""
    meta: dict[str, object] = {}
    lines: dict[str, int] = {}
    typed: dict[str, str] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = _construct(loader, key_node, shown, line, hidden)
        if not isinstance(key, str):
            raise messages.KEY_NOT_TEXT.error(shown, line, key=key)
        if key in meta:
            raise messages.KEY_TWICE.error(shown, line, key=key, first=lines[key])
        meta[key] = _construct(loader, value_node, shown, line, hidden)
        lines[key] = line
        _note(text, value_node, key, first_line, lines, typed, hidden)
    return Parsed(meta, lines, typed)


def _parse_pure(text: str, shown: str, first_line: int, hidden: bool) -> Parsed:
    """PyYAML's pure-Python parse, which gives every error its message and line."""
    try:
        loader = _Loader(text)  # the reader refuses control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        line = first_line + text[: exc.position].count("\n")
        raise messages.YAML_CONTROL_CHARACTER.error(shown, line, character=exc.character) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed({}, {}, {})
        if not isinstance(node, yaml.MappingNode):
            if (missing := _missing_space(text, node.end_mark.line)) is not None:
                raise SiteError(shown, first_line + missing[0], missing[1], missing[2])
            raise messages.FRONT_MATTER_NOT_A_MAPPING.error(shown, first_line + node.start_mark.line)
        return _mapping(loader, node, text, shown, first_line, hidden)
    except yaml.MarkedYAMLError as exc:
        at, th, en = _syntax_error(exc, text, loader.marks)
        raise SiteError(shown, first_line + at, th, en) from None
    except _AliasFound as found:
        raise messages.YAML_ALIAS.error(shown, first_line + found.line) from None
    except RecursionError:  # PyYAML composes nested values recursively: [[[[…]]]] a few thousand deep
        raise messages.YAML_TOO_DEEP.error(shown, first_line) from None
    finally:
        loader.dispose()


def yaml_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The 1-based line of every mapping key and list entry of a YAML text, by path:
    ``("indicators", 0, "items", 2, "code")``. For data files (catalogs) whose nested values need
    ``path:line`` messages; call it only on text that ``parse_yaml_mapping`` accepted."""
    text = text.translate(_HIDE)
    fast = _compose_fast(text)  # libyaml's marks count lines as PyYAML's do, ten times sooner
    if fast is not None:
        fast[0].dispose()
        root: yaml.Node | None = fast[1]
    else:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    out: dict[tuple[str | int, ...], int] = {}
    todo: list[tuple[yaml.Node | None, tuple[str | int, ...]]] = [(root, ())]
    while todo:
        node, path = todo.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                out[path + (key.value,)] = key.start_mark.line + 1
                todo.append((value, path + (key.value,)))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                out[path + (i,)] = value.start_mark.line + 1
                todo.append((value, path + (i,)))
    return out


_YAML_FIX_TH = "ตรวจเครื่องหมาย : การย่อหน้า และเครื่องหมายคำพูดในบรรทัดนี้"
_YAML_FIX_EN = "check the colons, indentation and quotes on this line"
_YAML_CAUSES = (  # the usual mistakes, in plain words: (what PyYAML says, Thai, English); the first that fits
    ("[", "วงเล็บ [ ที่เปิดในบรรทัดนี้ยังไม่ได้ปิด — เติม ] หลังรายการสุดท้าย เช่น items: [E1, E7]",
     "the '[' opened on this line is not closed — add ']' after the last entry, e.g. items: [E1, E7]"),
    ("{", "วงเล็บ { ที่เปิดในบรรทัดนี้ยังไม่ได้ปิด — เติม } ท้ายรายการ",
     "the '{' opened on this line is not closed — add '}' after the last entry"),
    ("quoted scalar", "เปิดเครื่องหมายคำพูดในบรรทัดนี้แล้วไม่ได้ปิด — เติมเครื่องหมายคำพูดปิดท้ายข้อความ",
     "a quote opened on this line is not closed — add the closing quote after the text"),
    ("'\\t'", "ใช้ปุ่ม Tab ย่อหน้า — ใช้การเว้นวรรค (space) แทน Tab", "indented with a Tab — use spaces"),
    ("mapping values are not allowed", "มีเครื่องหมาย : อยู่ในข้อความ — ใส่เครื่องหมายคำพูด \"...\" ครอบทั้งข้อความ",
     "a ':' inside a text — put the whole text in quotes"),
    ("could not find expected ':'", "บรรทัดนี้ไม่มีเครื่องหมาย : หลังชื่อช่อง — เขียนเป็น ชื่อช่อง: ค่า",
     "this line has no ':' after the key — write key: value"),
    ("but found ']'", "มีวงเล็บปิด ] เกินมา — ลบวงเล็บที่เกินออก", "a ']' that closes nothing — delete it"),
    ("but found '}'", "มีวงเล็บปิด } เกินมา — ลบวงเล็บที่เกินออก", "a '}' that closes nothing — delete it"),
    ("but found '<scalar>'", "มีข้อความต่อท้ายหลังเครื่องหมายคำพูดหรือวงเล็บปิด — ใส่เครื่องหมายคำพูดครอบทั้งข้อความ",
     "text follows a closing quote or bracket — put the whole text in quotes"),
    ("expected <block end>",
     "การย่อหน้าไม่ตรงกับบรรทัดอื่น — ช่องระดับเดียวกันต้องเริ่มตรงกัน และรายการใต้ช่องย่อหน้าเท่ากันทุกรายการ",
     "the indentation does not match the other lines — keys of one level start in the same column, "
     "and the entries of a list are indented alike"),
    ("cannot start any token",
     "ข้อความที่ขึ้นต้นด้วยเครื่องหมาย @ ` หรือ % ต้องอยู่ในเครื่องหมายคำพูด — ใส่ \"...\" ครอบทั้งข้อความ",
     "a text that starts with @ ` or % must be quoted — put the whole text in quotes"),
)
# A key with no space after its colon (status:done) is, to YAML, one plain text: say so at its line.
# "https://…" at the start of a list entry is not a key: the colon is followed by "/".
_NO_SPACE = re.compile(r"^ *(?:- +)?([A-Za-z_][A-Za-z0-9_]*):([^\s/][^\n]*)$", re.M)


def _missing_space(text: str, until: int) -> tuple[int, str, str] | None:
    """(line offset, Thai, English) of the first ``key:value`` line at or before line offset ``until``."""
    for match in _NO_SPACE.finditer(text):
        at = text.count("\n", 0, match.start())
        if at > until:
            return None
        key, value = match.group(1), match.group(2).strip()
        return (at, f"ส่วนหัวเขียนผิดรูปแบบ: ไม่มีเว้นวรรคหลังเครื่องหมาย : — เขียนเป็น {key}: {value}",
                f"front matter syntax error: no space after the ':' — write {key}: {value}")
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, open_marks: list) -> tuple[int, str, str]:
    """(line offset, Thai, English) for a YAML syntax error, in plain words and without PyYAML's own text.

    An unclosed quote or bracket is named at the line where it opened, not where PyYAML gave up (often the
    next key's line): a quote's is the scanner's context mark, a bracket's the innermost collection the
    parser had open (``open_marks``, its stack of start marks). Other problems: where parsing stopped."""
    problem = f"{exc.context or ''} {exc.problem or ''}".strip()
    mark = exc.problem_mark or exc.context_mark
    if (missing := _missing_space(text, mark.line if mark else 0)) is not None:
        return missing
    if (exc.context or "").startswith("while parsing a flow") and open_marks:
        mark = open_marks[-1]
        problem = text[mark.index:mark.index + 1]  # "[" or "{": the bracket left open
    elif (exc.context or "").startswith("while scanning"):
        mark = exc.context_mark or mark
    at = mark.line if mark else 0
    for needle, th, en in _YAML_CAUSES:
        if needle in problem:
            return at, f"ส่วนหัวเขียนผิดรูปแบบ: {th}", f"front matter syntax error: {en}"
    return at, f"ส่วนหัว (front matter) เขียนผิดรูปแบบ — {_YAML_FIX_TH}", f"front matter syntax error — {_YAML_FIX_EN}"
