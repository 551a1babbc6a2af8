"""The messages of the checks (the load, catalog and check stages, and the fields they share), each once, by
name: a Thai and an English ``str.format`` template of what is wrong and, after " — ", how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from sitegen.errors import Invalid, SiteError


@dataclass(frozen=True, slots=True)
class Message:
    """One message in Thai and English; its fields are filled by name (``KEY_TWICE.error(path, line, key=…)``)."""

    th: str
    en: str

    def texts(self, **fields: object) -> tuple[str, str]:
        return self.th.format(**fields), self.en.format(**fields)

    def error(self, path: PurePath | str, line: int | None, /, **fields: object) -> SiteError:
        return SiteError(path, line, *self.texts(**fields))

    def warning(self, path: PurePath | str, line: int | None, /, **fields: object) -> SiteError:
        return SiteError(path, line, *self.texts(**fields), warning=True)

    def invalid(self, **fields: object) -> Invalid:
        """The refusal of one value, for a caller that knows its file and line."""
        return Invalid(*self.texts(**fields))


# --- load: site.yaml --------------------------------------------------------------------------------------------------

NOT_A_WEB_ADDRESS = Message(
    "ต้องเป็นที่อยู่เว็บเต็ม เช่น https://www.example.go.th/",
    "must be a full web address such as https://www.example.go.th/",
)

SITE_YAML_MISSING = Message(
    "ไม่พบไฟล์ site.yaml — สร้างไฟล์นี้โดยใส่ name, short_name, district, province, base_url",
    "site.yaml is missing — create it with name, short_name, district, province, base_url",
)

SITE_YAML_SYMLINK = Message(
    "site.yaml เป็นลิงก์ (symlink) ไปยังไฟล์นอกโฟลเดอร์ content จึงไม่ได้อ่าน — คัดลอกไฟล์จริงมาไว้แทน",
    "site.yaml is a symlink to a file outside the content folder, so it was not read — copy the real file here",
)

ATTACHMENT_TYPE_REFUSED = Message(
    "attachment_types: '{entry}' {why_th} จึงเพิ่มไม่ได้ — ลบรายการนี้ แล้วแปลงไฟล์เป็น PDF หรือบีบอัดเป็น .zip",
    "attachment_types: '{entry}' cannot be added: {why_en} — delete the entry, and convert such files to PDF or zip "
    "them",
)


# --- load: front matter and YAML --------------------------------------------------------------------------------------

FRONT_MATTER_NOT_CLOSED = Message(
    "ส่วนหัว (front matter) ไม่มีบรรทัด --- ปิดท้าย — เพิ่มบรรทัด --- หลังช่องสุดท้าย",
    "front matter is not closed — add a line '---' after its last key",
)

YAML_VALUE_UNREADABLE = Message(
    "อ่านค่าในบรรทัดนี้ไม่ได้ — ลบเครื่องหมาย !! หรือใส่เครื่องหมายคำพูดครอบข้อความ",
    "the value on this line cannot be read — remove the !! tag, or put the text in quotes",
)

KEY_NOT_TEXT = Message(
    "ชื่อช่อง {key!r} ต้องเป็นตัวอักษร — แก้ชื่อช่อง",
    "key {key!r} must be text — rename it",
)

KEY_TWICE = Message(
    "ช่อง '{key}' ซ้ำ (มีแล้วที่บรรทัด {first}) — รวมเป็นช่องเดียว",
    "key '{key}' appears twice (first on line {first}) — keep one",
)

YAML_CONTROL_CHARACTER = Message(
    "ส่วนหัวมีอักขระควบคุมที่มองไม่เห็น (U+{character:04X}) — ลบอักขระนั้นออก",
    "the front matter holds an invisible control character (U+{character:04X}) — delete it",
)

FRONT_MATTER_NOT_A_MAPPING = Message(
    "ส่วนหัว (front matter) ต้องเป็นบรรทัดแบบ ชื่อ: ค่า — เช่น title: ชื่อเรื่อง",
    "front matter must be 'key: value' lines — e.g. title: My title",
)

YAML_ALIAS = Message(
    "ส่วนหัวใช้เครื่องหมาย * อ้างถึงค่าอื่น (YAML alias) ซึ่งไม่รองรับ — เขียนค่านั้นซ้ำตรง ๆ "
    "หรือใส่เครื่องหมายคำพูดครอบข้อความที่ขึ้นต้นด้วย *",
    "the front matter uses a YAML alias (*name), which is not supported — write the value out, or quote a text that "
    "starts with *",
)

YAML_TOO_DEEP = Message(
    "ส่วนหัวมีวงเล็บหรือรายการซ้อนกันลึกเกินไป — เขียนค่าเป็นข้อความหรือรายการธรรมดา",
    "the front matter nests brackets or lists too deeply — write plain text or a simple list",
)


# --- load: the content folder and its files ---------------------------------------------------------------------------

NOT_A_REGULAR_FILE = Message(
    "ไม่ใช่ไฟล์ธรรมดา ({kind}) จึงข้ามไป ไม่ได้เปิดอ่าน — ลบออกจากโฟลเดอร์",
    "not a regular file ({kind}), so it was skipped without being opened — remove it from the folder",
)

SYMLINK_OUT_OF_FOLDER = Message(
    "ลิงก์ (symlink) นี้ชี้ออกไปนอกโฟลเดอร์ {name} หรือเข้าไปในโฟลเดอร์ที่ซ่อนอยู่ — คัดลอกไฟล์จริงมาไว้แทน",
    "this symlink points outside the {name} folder or into a hidden folder — copy the real file here instead",
)

SYMLINK_TO_FOLDER = Message(
    "ลิงก์ (symlink) ไปยังโฟลเดอร์ใช้ไม่ได้ — ย้ายโฟลเดอร์จริงมาไว้ที่นี่ หรือลบลิงก์",
    "a symlink to a folder is not followed — move the real folder here, or delete the link",
)

BAD_FILE_NAME = Message(
    "ชื่อไฟล์มีอักขระควบคุมหรืออักขระที่ไม่ใช่ UTF-8 — เปลี่ยนชื่อไฟล์ ใช้ตัวอักษร ตัวเลข - และ _",
    "the file name holds control characters or bytes that are not UTF-8 — rename it with letters, digits, - and _",
)

SVG_CLEANED = Message(
    "ตัดส่วนที่อาจรันสคริปต์หรือดึงข้อมูลจากภายนอกออกจาก SVG ก่อนเผยแพร่ ({what}) — ลบออกจากไฟล์ต้นฉบับ "
    "หรือส่งออกใหม่แบบ Plain SVG",
    "parts that can run script or fetch from outside were removed from this SVG before publishing ({what}) — delete "
    "them from the source file, or export it again as plain SVG",
)

SVG_REFUSED = Message(
    "ไฟล์ SVG นี้{th} — ส่งออก (Export) SVG ใหม่จากโปรแกรมวาดภาพแบบ Plain SVG หรือแปลงเป็น PNG/PDF",
    "this SVG: {en} — export it again as plain SVG from the drawing program, or convert it to PNG/PDF",
)

ATTACHMENT_REFUSED = Message(
    "ไฟล์แนบนี้เผยแพร่ไม่ได้: {why_th} — แปลงเป็น PDF บีบอัดเป็น .zip หรือวางไว้ที่อื่นแล้วใส่เป็นลิงก์ https:// "
    "(ชนิดที่เผยแพร่ได้: {kinds_th}; ชนิดอื่นที่ไม่รันสคริปต์ เพิ่มได้ใน site.yaml ที่ attachment_types)",
    "this attachment cannot be published: {why_en} — convert it to PDF, zip it, or host it elsewhere and link to it "
    "with https:// (types that can be published: {kinds_en}; add other types that run no script to attachment_types "
    "in site.yaml)",
)


# --- fields: the values of front matter and site.yaml -----------------------------------------------------------------

NOT_AN_AMOUNT = Message(
    "ต้องเป็นจำนวนเงินเป็นตัวเลข เช่น 20000 หรือข้อความในเครื่องหมายคำพูด {quoted}",
    "must be an amount in digits, e.g. 20000, or a text in quotes: {quoted}",
)

NOT_TEXT = Message(
    "ต้องเป็นข้อความ แต่{why_th} — {fix_th}",
    "must be text: {why_en} — {fix_en}",
)

NOT_A_MAPPING = Message(
    "ต้องเป็นชุดข้อมูลย่อยแบบ ชื่อ: ค่า",
    "must be a mapping of 'name: value' lines",
)

NOT_A_WHOLE_NUMBER = Message(
    "ต้องเป็นตัวเลขจำนวนเต็ม เช่น 7",
    "must be a whole number, e.g. 7",
)

NOT_A_DATE = Message(
    "ต้องเขียนเป็น ปี-เดือน-วัน เช่น 2566-03-01",
    "must be YYYY-MM-DD, e.g. 2566-03-01",
)

NOT_A_CHOICE = Message(
    "ค่า '{text}' ใช้ไม่ได้ — เลือก {choices_th}{th_more}",
    "'{text}' is not allowed — use {choices_en}{th_more}",
)

STEP_HEAD_NOT_TEXT = Message(
    "ข้อความก่อนเครื่องหมาย : ต้องเป็นข้อความ — ใส่เครื่องหมายคำพูดครอบข้อความ",
    "the text before the ':' must be text — put it in quotes",
)

STEP_WITHOUT_SUBSTEPS = Message(
    'มีเครื่องหมาย : ท้ายข้อความแต่ไม่มีข้อย่อยใต้ข้อนี้ — ลบเครื่องหมาย : หรือเขียนข้อย่อยในบรรทัดถัดไปโดยย่อหน้า "  '
    '  - "',
    'a \':\' ends the text but no sub-steps follow — delete the \':\', or list the sub-steps under it, indented "    '
    '- "',
)

UNKNOWN_COLUMN = Message(
    "ไม่รู้จักคอลัมน์ {column!r} — {th_hint}",
    "unknown column {column!r} — {en_hint}",
)

NAME_NOT_TEXT = Message(
    "ชื่อ {key!r} ต้องเป็นตัวอักษร — แก้ชื่อ",
    "name {key!r} must be text — rename it",
)

COLUMN_TWICE = Message(
    "คอลัมน์ {key} ซ้ำ — ลบบรรทัดนี้",
    "column {key} is listed twice — delete this line",
)

UNKNOWN_KEY = Message(
    "ไม่รู้จักช่อง '{key}' — {hint_th}",
    "unknown key '{key}' — {hint_en}",
)

REQUIRED_KEY = Message(
    "{what}: ช่อง '{name}'{label} {state_th} แต่ต้องมี — เพิ่ม {name}: ... ในส่วนหัวก่อนบรรทัด --- ปิดท้าย",
    "required key '{name}' is {state_en} — add '{name}: ...' to the front matter",
)


# --- catalog: the catalog files and catalog_from ----------------------------------------------------------------------

CATALOG_NOT_A_MAPPING = Message(
    "{what}: ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า — ดูตัวอย่างจากคำสั่ง {example}",
    "{what}: must be 'key: value' lines — see an example with {example}",
)

CATALOG_UNKNOWN_KEY = Message(
    "{what}: ไม่รู้จักช่อง '{name}' —{mean_th}",
    "{what}: unknown key '{name}' —{mean_en}",
)

CATALOG_KEY_MISSING = Message(
    "{what}: ช่อง '{name}' ไม่มี แต่ต้องมี — เพิ่ม {name}: ...",
    "{what}: '{name}' is missing — add {name}: ...",
)

CATALOG_WRONG_VALUE = Message(
    "{what}: ช่อง '{name}' ต้องเป็น{kind_th}{choices} — แก้ค่าในบรรทัดนี้",
    "{what}: '{name}' must be {kind_en}{choices} — fix the value on this line",
)

CATALOG_NOT_A_CODE = Message(
    "{what}: '{raw}' ไม่ใช่รหัสข้อของแบบวัด {tool} — ใช้รหัส {first} ถึง {last}",
    "{what}: '{raw}' is not a code of the {tool} — use {first} to {last}",
)

CATALOG_CODE_TWICE = Message(
    "{what}: รหัส {code} ซ้ำ (มีแล้วที่บรรทัด {first}) — ใช้รหัสละหนึ่งครั้ง",
    "{what}: code {code} appears twice (first on line {first}) — use each code once",
)

CATALOG_NO_QUESTIONS = Message(
    "{what}: ไม่มีช่อง indicators (หรือ based_on) — เพิ่มรายการข้อคำถาม หรือ based_on: <ปี>",
    "{what}: neither 'indicators' nor 'based_on' — add the questions, or based_on: <year>",
)

CATALOG_YEAR_MISMATCH = Message(
    "fiscal_year: {year} ไม่ตรงกับชื่อไฟล์ ({kind}-{fy}.yaml) — แก้ให้ตรงกัน",
    "fiscal_year: {year} does not match the file name ({kind}-{fy}.yaml) — make them agree",
)

BASED_ON_UNKNOWN = Message(
    "based_on: ไม่มีแบบวัด {tool} ของปี {base_fy} ที่เก่ากว่าปี {year} (มีปี {known}) — ใช้ปีที่มี",
    "based_on: there is no {tool} catalog of {base_fy} before {year} (there are {known}) — use one of them",
)

CATALOG_FROM_UNKNOWN = Message(
    "catalog_from: ไม่มีแบบวัดของปี {source} ที่เก่ากว่าปี {fiscal_year} (มีปี {years}) — ใช้ปีที่มี เช่น {example}",
    "catalog_from: there is no catalog of {source!r} before {fiscal_year} (there are {years}) — use one of them",
)

CATALOG_FROM_NEEDLESS = Message(
    "ปี {fiscal_year} มีแบบวัด EIT, IIT และรายการ OIT ของปีนี้แล้ว catalog_from จึงไม่มีผล — ลบบรรทัดนี้",
    "{fiscal_year} has EIT, IIT and OIT catalogs of its own, so catalog_from has no effect — delete the line",
)

CATALOG_FILE_NAME = Message(
    "ไฟล์ในโฟลเดอร์ catalogs/ ต้องชื่อ eit-<ปี>.yaml, iit-<ปี>.yaml หรือ oit-<ปี>.yaml เช่น eit-2570.yaml — "
    "เปลี่ยนชื่อไฟล์",
    "files in catalogs/ must be named eit-<year>.yaml, iit-<year>.yaml or oit-<year>.yaml, e.g. eit-2570.yaml — "
    "rename it",
)


# --- check: sample text -----------------------------------------------------------------------------------------------

SAMPLE_TEXT = Message(
    "ข้อความตัวอย่าง ยังไม่ได้แก้{where} — แก้เป็นข้อความจริงของหน่วยงาน แล้วลบคำว่า {mark} ออก หรือลบทิ้งถ้าไม่ใช้ "
    "(จนกว่าจะแก้ sitegen check --strict ของขั้นตอนเผยแพร่ไม่ผ่าน)",
    "sample text not edited yet{where} — write the agency's own text and delete {mark}, or delete it if it is not "
    "needed (until then sitegen check --strict, the publish step, fails)",
)


# --- check: documents, addresses, attachments, the oit: key -----------------------------------------------------------

FILE_EMPTY = Message(
    "ไฟล์ว่างเปล่า — เริ่มไฟล์ด้วยบรรทัด --- ตามด้วยช่องข้อมูล เช่น title: ... แล้วปิดด้วยบรรทัด --- (ดูตัวอย่างใน README)",
    "the file is empty — start it with a line ---, the keys (e.g. title: ...), and a closing line --- (see README)",
)

NO_FRONT_MATTER = Message(
    "ไฟล์นี้ไม่มีส่วนหัว (front matter) — เริ่มไฟล์ด้วยบรรทัด --- ตามด้วยช่องข้อมูล เช่น title: ... "
    "แล้วปิดด้วยบรรทัด --- (ดูตัวอย่างใน README)",
    "the file has no front matter — start it with a line ---, the keys (e.g. title: ...), and a closing line --- "
    "(see README)",
)

MISPLACED = Message(
    "{th_what} — ไฟล์ .md ต้องอยู่ใน eit/<ปี>/, actions/<ปี>/, news/<ปี>/, documents/ หรือ pages/ และไฟล์แนบอยู่ใน "
    "files/",
    "{en_what} — .md files belong in eit/<year>/, actions/<year>/, news/<year>/, documents/ or pages/, attachments in "
    "files/",
)

ATTACHMENT_NOT_ALLOWED = Message(
    "'{value}' ใช้ไม่ได้ — ใส่ที่อยู่ไฟล์ใต้ content/ เช่น files/2566/report.pdf หรือลิงก์ https://",
    "'{value}' is not allowed — give a path under content/ such as files/2566/report.pdf, or an https:// link",
)

ATTACHMENT_OUTSIDE_FILES = Message(
    "'{value}' อยู่นอกโฟลเดอร์ content/files — วางไฟล์ไว้ใน content/files/ แล้วเขียนเป็น files/ชื่อไฟล์",
    "'{value}' is outside content/files — put the file in content/files/ and write files/<name>",
)

ATTACHMENT_MISSING = Message(
    "ไม่พบไฟล์แนบ content/{path} — ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก-ใหญ่ต้องตรงกัน) หรือเพิ่มไฟล์",
    "attachment content/{path} does not exist — check the name (case matters) or add the file",
)

ITEM_FILE_TWICE = Message(
    "ข้อ {code} ปี {fy} มีไฟล์อยู่แล้วคือ {kept} — รวมเป็นไฟล์เดียวแล้วลบไฟล์นี้",
    "{code} of {fy} already has a file, {kept} — merge them and delete this one",
)

PAGE_WITHOUT_TEXT = Message(
    "หน้านี้ไม่มีเนื้อหา — เขียนเนื้อหาใต้บรรทัด --- ปิดท้ายส่วนหัว",
    "the page has no text — write it below the closing --- line",
)

RESERVED_NAME = Message(
    "ใช้ชื่อไฟล์ '{name}' เป็นที่อยู่เว็บไม่ได้ เพราะชื่อนี้สงวนไว้ — ไม่ใช้ชื่อ {reserved}",
    "'{name}' cannot become a web address: the name is reserved — use none of {reserved}",
)

FILE_IN_NO_PLACE = Message(
    "ไฟล์นี้อยู่ผิดที่ — ไฟล์แนบต้องอยู่ในโฟลเดอร์ content/files/ แล้วอ้างถึงในช่อง attachments หรือในลิงก์",
    "this file is in a place sitegen gives no meaning to — attachments belong in content/files/, referred to from "
    "'attachments' or a link",
)

OIT_NO_CATALOG = Message(
    "oit: ไม่มีรายการ OIT ของปี {fy_raw} (มีปี {years}) — ใช้ปีงบประมาณ พ.ศ. เช่น 2566 หรือเพิ่มไฟล์ "
    "content/catalogs/oit-<ปี>.yaml",
    "oit: there is no OIT catalog for {fy_raw!r} (there are {years}) — use a Buddhist-era fiscal year such as 2566, "
    "or add content/catalogs/oit-<year>.yaml",
)

ADDRESS_CLASH = Message(
    "ชื่อไฟล์ซ้ำกับ {shown} เมื่อแปลงเป็นที่อยู่เว็บ /{url} — เปลี่ยนชื่อไฟล์ใดไฟล์หนึ่ง",
    "this file's web address /{url} clashes with {shown} — rename one of them",
)

NAME_WITHOUT_LETTERS = Message(
    "ชื่อไฟล์ต้องมีตัวอักษรหรือตัวเลข เพื่อใช้เป็นที่อยู่เว็บ — เปลี่ยนชื่อ เช่น 2566-03-01-ประชุมสภา.md",
    "the file name needs letters or digits for its web address — rename it, e.g. 2023-03-01-meeting.md",
)

ADDRESS_RENAMED = Message(
    "ชื่อไฟล์ใช้เป็นที่อยู่เว็บตรง ๆ ไม่ได้ จึงเผยแพร่ที่ /{path} — ถ้าต้องการที่อยู่อื่น เปลี่ยนชื่อไฟล์ "
    "(ใช้ตัวอักษร ตัวเลข และ - แทนช่องว่าง)",
    "the file name cannot be used as it is, so it is published at /{path} — rename the file to choose another "
    "(letters, digits, - for spaces)",
)

DATE_IN_OTHER_YEAR = Message(
    "วันที่นี้อยู่ในปีงบประมาณ {date_fy} แต่ไฟล์อยู่ในโฟลเดอร์ {section}/{fy} — ย้ายไฟล์ไปที่ {section}/{date_fy}/ "
    "หรือแก้วันที่",
    "this date is in fiscal year {date_fy} but the file is in {section}/{fy} — move it to {section}/{date_fy}/ or fix "
    "the date",
)

ACTION_TWICE = Message(
    "การดำเนินการนี้ซ้ำกับ {shown} ({same_th}เหมือนกัน) รายงานจะแสดงทั้งสองรายการ — ลบไฟล์ที่ซ้ำ หรือแก้ให้ต่างกัน",
    "this action repeats {shown} (the same {same_en}); the reports would list both — delete the copy, or make them "
    "differ",
)

OIT_NO_ITEM = Message(
    "oit: ไม่มีข้อ {code_raw!r} ใน OIT ปี {fiscal_year} — ใช้รหัส {first} ถึง {last} (ดูหน้า /ita/{fiscal_year}/)",
    "oit: {code_raw!r} is not an OIT item of {fiscal_year} — use {first} to {last} (see /ita/{fiscal_year}/)",
)

ATTACHMENT_LARGE = Message(
    "ไฟล์แนบ {file} ใหญ่ {mb:.1f} MB (เกิน {limit} MB) ผู้ใช้โทรศัพท์จะเปิดช้า — ลดขนาดไฟล์ เช่น สแกนที่ 150 dpi "
    "หรือบีบอัด PDF",
    "attachment {file} is {mb:.1f} MB (over {limit} MB), slow on phones — make it smaller, e.g. scan at 150 dpi or "
    "compress the PDF",
)

ITEM_WITHOUT_FILE = Message(
    "ข้อ {code} ไม่มีไฟล์ eit/{fiscal_year}/{code}.md — สร้างไฟล์ข้อนี้ก่อน หรือแก้รหัสข้อ",
    "{code} has no item file eit/{fiscal_year}/{code}.md — create it first, or fix the code",
)


# --- check: the items of the measures and a year's columns ------------------------------------------------------------

CODE_MISSING = Message(
    "ไฟล์ข้อมาตรการ: ช่อง 'code' (รหัสข้อ) ไม่มี แต่ต้องมี — เพิ่ม code: E7 ในส่วนหัวก่อนบรรทัด --- ปิดท้าย (หรือ "
    "tool: IIT กับ indicator: 4 ถ้ามาตรการนี้ตอบทั้งตัวชี้วัด)",
    "required key 'code' is missing — add 'code: E7' to the front matter (or tool: IIT and indicator: 4 for a measure "
    "that answers a whole indicator)",
)

NO_SUCH_ITEM = Message(
    "ไม่มีข้อ '{code}' ใน{what} ปี {fy} — ใช้รหัส {first} ถึง {last}",
    "'{code}' is not an {tool} item of fiscal year {fy} — use {first} to {last}",
)

DEADLINE_OUTSIDE_YEAR = Message(
    "กำหนดเวลาแล้วเสร็จ {deadline_th} อยู่ในปีงบประมาณ {deadline_fy} ไม่ใช่ {fy} ({start_th} – {end_th}) — "
    "แก้ปีของวันที่ หรือเขียนเป็นข้อความถ้าตั้งใจ",
    "the deadline {deadline} is in fiscal year {deadline_fy}, not {fy} ({start} – {end}) — fix the year, or write it "
    "as a text if it is meant",
)

WHOLE_INDICATOR_HALF = Message(
    "มีช่อง {given} แต่ไม่มีช่อง {other} — ทั้งตัวชี้วัดต้องมีทั้ง tool: (IIT, EIT หรือ OIT) และ indicator: "
    "(เลขตัวชี้วัด) หรือใช้ code: สำหรับข้อเดียว",
    "'{given}' without '{other}' — a whole indicator needs both tool: (IIT, EIT or OIT) and indicator: (its number); "
    "or give code: for one question",
)

NO_CATALOG_FOR_YEAR = Message(
    "ยังไม่มี{what}ของปีงบประมาณ {fy} (มีปี {years}) — ตรวจชื่อโฟลเดอร์ปี หรือ{hint_th}",
    "there is no {tool} catalog for fiscal year {fy} (there are {years}) — check the year folder, or {hint_en}",
)

NO_SUCH_INDICATOR = Message(
    "ไม่มีตัวชี้วัดที่ {number} ใน{what} ปี {fy} — ใช้ตัวชี้วัดที่ {first} ถึง {last}",
    "the {tool} of fiscal year {fy} has no indicator {number} — use {first} to {last}",
)

INDICATOR_OUT_OF_RANGE = Message(
    "ตัวชี้วัดของแบบวัด {tool} คือ {first} ถึง {last} ไม่ใช่ {number} — แก้ช่อง indicator",
    "the indicators of the {tool} are {first} to {last}, not {number} — fix 'indicator'",
)

INDICATOR_OF_CATALOG = Message(
    "ข้อ {code} อยู่ในตัวชี้วัดที่ {expected} ไม่ใช่ {number} — แก้หรือลบช่อง indicator",
    "{code} belongs to indicator {expected}, not {number} — fix or remove 'indicator'",
)

FILE_NAME_NOT_CODE = Message(
    "ชื่อไฟล์ {name} ไม่ตรงกับ {named} — เปลี่ยนชื่อไฟล์เป็น {file} หรือแก้ {key_name}",
    "file name {name} does not match {named_en} — rename the file to {file} or fix {key_name}",
)

FISCAL_YEAR_NOT_FOLDER = Message(
    "fiscal_year: {year} ไม่ตรงกับโฟลเดอร์ eit/{fy} — แก้ให้เป็น {fy} หรือย้ายไฟล์",
    "fiscal_year: {year} disagrees with the folder eit/{fy} — set it to {fy} or move the file",
)

NOT_AN_ITA_CODE = Message(
    "'{code}' ไม่ใช่รหัสข้อของการประเมิน ITA — ใช้รหัสเช่น E7 (EIT), i4 (IIT) หรือ O21 (OIT) "
    "หรือถ้ามาตรการนี้ตอบทั้งตัวชี้วัด ให้ลบ code: แล้วใส่ tool: IIT กับ indicator: 4",
    "'{code}' is not an ITA code — use e.g. E7 (EIT), i4 (IIT) or O21 (OIT); for a measure that answers a whole "
    "indicator, delete code: and give tool: IIT and indicator: 4",
)

CODE_OF_OTHER_TOOL = Message(
    "ข้อ {code} เป็นข้อของแบบวัด {owner} ไม่ใช่ {tool} — แก้หรือลบช่อง tool",
    "{code} belongs to the {owner}, not the {tool} — fix or delete 'tool'",
)

COLUMN_NEEDED = Message(
    "columns: ต้องมีคอลัมน์ {needed} ({heading}) — เพิ่มบรรทัด - {needed}",
    "columns: the {needed} column ({heading}) is needed — add a line - {needed}",
)

FIELD_NOT_SHOWN = Message(
    "ช่อง {key} ของไฟล์นี้ไม่แสดงในตาราง เพราะ columns: ใน {shown} ไม่มีคอลัมน์ {key} — เพิ่มบรรทัด - {key} ใน "
    "columns:",
    "this file's {key} is not shown: columns: in {shown} has no {key} column — add - {key} to it",
)
