"""A submitted staff issue form, as GitHub renders its body: what the form tests and the workflows' tests convert."""

from __future__ import annotations

import yaml

from sitegen.catalog.catalogs import load_catalogs
from sitegen.publish.issueform import FIELDS, ITEM_FIELDS, render_issue_form

FORM = yaml.safe_load(render_issue_form(load_catalogs()[2567]))


def body(title="ประชุมคณะกรรมการกองทุนฯ", date="2567-03-01", items=("E7",), status="ดำเนินการแล้ว (done)",
         attachments="_No response_", description="ประชุมจัดทำแผน\n\nมีผู้เข้าร่วม ๑๖ คน",
         fields=tuple(ITEM_FIELDS.values())) -> str:
    """A body as GitHub renders a submitted issue form (of 2567): ``items`` ticked by their code as the form shows
    it."""
    def boxes(field: str) -> str:
        options = next(e for e in FORM["body"] if e.get("id") == field)["attributes"]["options"]
        return "\n".join(f"- [{'X' if o['label'].split()[0] in items else ' '}] {o['label']}" for o in options)

    ticks = "".join(f"### {FIELDS[f]}\n\n{boxes(f)}\n\n" for f in fields)
    return (f"### {FIELDS['title']}\n\n{title}\n\n### {FIELDS['date']}\n\n{date}\n\n{ticks}"
            f"### {FIELDS['status']}\n\n{status}\n\n### {FIELDS['attachments']}\n\n{attachments}\n\n"
            f"### {FIELDS['description']}\n\n{description}")
