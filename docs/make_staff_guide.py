"""Write docs/staff-guide.md, this repository's copy of the staff guide: ``python docs/make_staff_guide.py``.

The one source is ``sitegen/scaffold/files/คู่มือเจ้าหน้าที่.md.j2``, which ``sitegen init`` writes into every new site for its
agency and year. This copy is the same template for the sample (อบต.สระตะเคียน, FY2566, the screenshots of docs/img/);
``tests/test_staff_guide.py`` fails when it is not what this script writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.catalog.catalogs import load_oit_catalogs
from sitegen.scaffold.init import Answers, staff_guide

TARGET = Path(__file__).resolve().parent / "staff-guide.md"
SAMPLE_DAY = dt.date(2023, 4, 2)  # 2566-04-02, the day docs/screenshots.py photographs the sample as of


def project_guide() -> str:
    oit = tuple((i.code, i.title, i.answers) for i in load_oit_catalogs()[2566].items.values())
    answers = Answers("องค์การบริหารส่วนตำบลสระตะเคียน", "เสิงสาง", "นครราชสีมา", "อบต.สระตะเคียน",
                      "https://www.example.go.th/", SAMPLE_DAY, oit=oit)
    return staff_guide(answers, images=True)


if __name__ == "__main__":
    TARGET.write_text(project_guide(), encoding="utf-8")
    print(f"wrote {TARGET}")
