"""The fixture sites that tests and the golden manifests build from text (the contract site's is in
test_contract_site.py, whose subject it is)."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree

ITA_SITE = """\
-- site.yaml --
name: องค์การบริหารส่วนตำบลทดสอบ
short_name: อบต.ทดสอบ
district: เมือง
province: ขอนแก่น
base_url: https://abt.example/
-- eit/2566/index.md --
---
title: มาตรการ ปี 2566
---
บทนำ
-- eit/2566/E7.md --
---
code: E7
responsible: งานประชาสัมพันธ์
measures: [เผยแพร่ผลงาน]
monitoring: [รายงานผู้บริหาร]
---
-- pages/structure.md --
---
title: โครงสร้างหน่วยงาน
oit: {2566: [O1]}
---
แผนผังโครงสร้าง
-- pages/contact.md --
---
title: ติดต่อเรา
oit:
  2566: O5
  2567: [O4]
---
โทร 043-000-000
-- news/2566/2023-01-10-fair.md --
---
title: งานวันเด็ก
date: 2566-01-10
oit: {2566: [O7]}
---
-- documents/plan-2566.md --
---
title: แผนดำเนินงานประจำปี 2566
date: {plan_date}
attachments: [files/plan.pdf]
oit: {2566: [O11]}
---
-- documents/annual-2565.md --
---
title: รายงานผลการดำเนินงานประจำปี 2565
date: {annual_date}
attachments: [files/plan.pdf]
oit: {2566: [O13]}
---
-- documents/six-month.md --
---
title: รายงานการกำกับติดตาม รอบ 6 เดือน
date: {six_date}
attachments: [files/plan.pdf]
oit: {2566: [O12]}
---
-- documents/procurement-oct.md --
---
title: สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565
date: 2022-11-05
attachments: [files/plan.pdf]
oit: {2566: [O21]}
---
"""


def make_ita_site(tmp: Path, plan_date="2022-10-15", annual_date="2022-11-01", six_date="2023-04-05") -> Path:
    text = ITA_SITE.replace("{plan_date}", plan_date).replace("{annual_date}", annual_date)
    content = write_tree(tmp / "content", text.replace("{six_date}", six_date))
    (content / "files").mkdir()
    (content / "files/plan.pdf").write_bytes(b"%PDF-1.4")
    return content
