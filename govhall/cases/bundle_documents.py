"""The combined notice of a 一件事 intake: one sheet listing every case made
(number, check code, item, department, outcome and date), and, when any item
waits for materials, the one-time notice of what the whole bundle still needs.
Rendered like the case notices (documents.py): zh-hans, the embedded font."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from govhall.core import pdf
from govhall.core.fields import mask_phone

from .documents import LICENSING_LAW, _due, _p, _table, applicant_line, progress_url
from .models import CaseStatus, MaterialStatus


def _outcome(case) -> str:
    if case.status == CaseStatus.ACCEPTED:
        return _("已受理，承诺%(due)s前办结") % {
            "due": _due(case.due_date, case.due_date_provisional)
        }
    if case.status == CaseStatus.SUPPLEMENT:
        return _("待补正，请于%(due)s前补齐") % {
            "due": _due(case.supplement_due, case.supplement_due_provisional)
        }
    return str(CaseStatus(case.status).label)


def render(application, cases: list, *, when: dt.datetime) -> bytes:
    with translation.override("zh-hans"):
        return _render(application, cases, when=when)


def _render(application, cases: list, *, when: dt.datetime) -> bytes:
    first = cases[0]
    waiting = [c for c in cases if c.status == CaseStatus.SUPPLEMENT]
    title = _("一件事一次性告知单") if waiting else _("一件事受理通知书")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title} {application.number}",
        author=application.center.name,
        invariant=1,
        initialFontName=pdf.FONT,
    )
    rows = [
        [
            str(i),
            c.number,
            c.check_code,
            c.item_name,
            c.department.short_name or c.department.name,
            _outcome(c),
        ]
        for i, c in enumerate(cases, 1)
    ]
    story = [
        Paragraph(pdf.esc(application.center.name), pdf.ISSUER),
        Spacer(1, 2 * mm),
        Paragraph(pdf.esc(title), pdf.TITLE),
        Spacer(1, 2 * mm),
        Paragraph(pdf.esc(_("一件事编号：%(n)s") % {"n": application.number}), pdf.META),
        Spacer(1, 5 * mm),
        Paragraph(pdf.esc(applicant_line(first) + "："), pdf.BODY),
        _p(
            _(
                "你（单位）于%(date)s申请办理“%(bundle)s”，本中心一窗受理，按事项分别立案、"
                "由各部门同时办理。根据%(law)s第三十二条，各事项受理情况如下："
            )
            % {
                "date": pdf.date_cn(application.received_at),
                "bundle": application.bundle_name,
                "law": LICENSING_LAW,
            }
        ),
        Spacer(1, 2 * mm),
        _table(
            [_("序号"), _("办件编号"), _("查询码"), _("事项"), _("承办部门"), _("受理情况")],
            rows,
            [12 * mm, 36 * mm, 20 * mm, 42 * mm, 24 * mm, 36 * mm],
        ),
        Spacer(1, 3 * mm),
    ]
    if waiting:
        # Shared materials are listed once, with every case that needs them.
        wanted: dict[str, dict] = {}
        for c in waiting:
            for m in c.materials.all():
                if m.required and m.status != MaterialStatus.PROVIDED:
                    entry = wanted.setdefault(
                        m.name, {"status": m.status, "note": m.note, "items": []}
                    )
                    entry["items"].append(c.item_name)
        story += [
            _p(_("经核对，以下材料不齐全或者不符合法定形式，现一次性告知需要补正的全部内容：")),
            Spacer(1, 2 * mm),
            _table(
                [_("序号"), _("需补正材料"), _("问题"), _("补正要求"), _("涉及事项")],
                [
                    [
                        str(i),
                        name,
                        str(MaterialStatus(e["status"]).label),
                        e["note"] or _("请按办事指南要求提供"),
                        "、".join(e["items"]),
                    ]
                    for i, (name, e) in enumerate(wanted.items(), 1)
                ],
                [12 * mm, 42 * mm, 22 * mm, 50 * mm, 44 * mm],
            ),
            Spacer(1, 3 * mm),
            _p(
                _(
                    "补齐后凭本告知单到本中心任一综合窗口办理补正，已收取的材料无需再次提交；"
                    "材料齐全的事项已先行受理办理。"
                )
            ),
        ]
    story += [
        _p(
            _(
                "一件事的办理进度以办理最慢的事项为准；全部事项办结后，结果在出件窗口一次领取"
                "（或按登记方式一并送达），办结后将以短信通知联系电话 %(phone)s。"
                "各事项可凭办件编号和查询码在 %(url)s 查询进度。"
            )
            % {"phone": mask_phone(first.phone), "url": progress_url(first).split("?")[0]}
        ),
        Spacer(1, 10 * mm),
        Paragraph(pdf.esc(_("%(center)s（盖章）") % {"center": application.center.name}), pdf.META),
        Paragraph(pdf.esc(pdf.date_cn(when)), pdf.META),
    ]
    doc.build(story)
    return buf.getvalue()
