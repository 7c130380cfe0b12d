"""The notices of a case as PDFs (ReportLab, built-in CID font STSong-Light, so
the files carry no font and every viewer with the Adobe-GB1 collection shows
correct Chinese). Pure rendering: services decide what to issue and store it.

Notices are official Chinese documents: they are rendered in zh-hans whatever
the language of the request."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

import cn2an
import segno
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from govhall.core import pdf
from govhall.core.fields import mask_phone
from govhall.core.links import absolute_url
from govhall.core.workdays import with_mark

from .models import Case, DocumentKind, MaterialStatus

FONT = pdf.FONT
_BODY, _INDENT, _CELL, _HEAD = pdf.BODY, pdf.INDENT, pdf.CELL, pdf.HEAD
_TITLE, _ISSUER, _META, _SMALL = pdf.TITLE, pdf.ISSUER, pdf.META, pdf.SMALL
_esc, _date = pdf.esc, pdf.date_cn

LICENSING_LAW = "《中华人民共和国行政许可法》"
# Art. 38 and the 行政复议法 / 行政诉讼法 time limits: 60 days, six months.
_REMEDY = gettext_noop(
    "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，"
    "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
)


def _due(day, provisional: bool) -> str:
    """A deadline as printed: （预计） after it when counted on weekdays alone."""
    return with_mark(_date(day), provisional)


def _provisional_note(provisional: bool) -> list:
    if not provisional:
        return []
    return [
        _p(
            _(
                "注：该期限所跨年度的国家法定节假日安排尚未公布，上述日期暂按周一至周五推算（预计）；"
                "安排公布后将重新计算，如有变化另行告知。"
            )
        )
    ]


def progress_url(case: Case) -> str:
    path = reverse("cases:progress")
    return absolute_url(f"{path}?number={case.number}")


def applicant_line(case: Case) -> str:
    """Addressee of a notice: the name in full (it is their notice), the
    identifier masked."""
    if case.applicant_kind == "company":
        return _("%(name)s（统一社会信用代码：%(code)s）") % {
            "name": case.applicant_name,
            "code": case.credit_code,
        }
    masked = case.applicant_id_number.masked if case.applicant_id_number else "—"
    return _("%(name)s（证件号码：%(id)s）") % {"name": case.applicant_name, "id": masked}


def _table(header: list[str], rows: Iterable[list[str]], widths: list[float]) -> Table:
    data = [[Paragraph(_esc(h), _HEAD) for h in header]]
    data += [[Paragraph(_esc(c), _CELL) for c in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _qr(case: Case) -> Image:
    buf = io.BytesIO()
    segno.make(progress_url(case), error="m").save(buf, kind="png", scale=4, border=1)
    buf.seek(0)
    return Image(buf, width=22 * mm, height=22 * mm)


def _frame(case: Case, kind: str, body: list, *, when: dt.datetime) -> bytes:
    """Title, issuer, case number and check code at the top; the follow-up line
    and QR code at the bottom: every notice can be traced by the citizen."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{DocumentKind(kind).label} {case.number}",
        author=case.center.name,
        invariant=1,
        initialFontName=FONT,
    )
    story = [
        Paragraph(_esc(case.center.name), _ISSUER),
        Spacer(1, 2 * mm),
        Paragraph(_esc(DocumentKind(kind).label), _TITLE),
        Spacer(1, 2 * mm),
        Paragraph(
            _esc(
                _("办件编号：%(number)s　　查询码：%(code)s")
                % {
                    "number": case.number,
                    "code": case.check_code,
                }
            ),
            _META,
        ),
        Spacer(1, 5 * mm),
        *body,
        Spacer(1, 10 * mm),
        Paragraph(_esc(_("%(center)s（盖章）") % {"center": case.center.name}), _META),
        Paragraph(_esc(_date(when)), _META),
        Spacer(1, 8 * mm),
    ]
    follow = Table(
        [
            [
                _qr(case),
                Paragraph(
                    _esc(
                        _(
                            "凭办件编号和查询码，可扫描二维码或登录 %(url)s 查询办理进度；"
                            "咨询电话：%(phone)s。"
                        )
                        % {
                            "url": progress_url(case).split("?")[0],
                            "phone": case.center.phone or "12345",
                        }
                    ),
                    _SMALL,
                ),
            ]
        ],
        colWidths=[26 * mm, 140 * mm],
    )
    follow.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(KeepTogether([follow]))
    doc.build(story)
    return buf.getvalue()


def _p(text: str, style=_INDENT) -> Paragraph:
    return Paragraph(_esc(text), style)


def _addressee(case: Case) -> Paragraph:
    return Paragraph(_esc(applicant_line(case) + "："), _BODY)


def _materials_given(case: Case) -> list[list[str]]:
    return [
        [str(i), m.name, str(MaterialStatus(m.status).label)]
        for i, m in enumerate(case.materials.all(), 1)
    ]


def _delivery_text(case: Case) -> str:
    if case.delivery_method == "post":
        return _("邮寄送达（地址已登记）")
    return _("到本中心出件窗口领取（请携带本通知书和身份证件）")


def _accepted_text(case: Case) -> str:
    if case.deemed_accepted:  # online.py: no notice of corrections within the days
        return _(
            "你（单位）于%(date)s网上提出的“%(item)s”申请，本机关未在法定期限内告知需要补正的内容，"
            "根据%(law)s第三十二条的规定，自%(from)s收到申请材料之日起即为受理。"
        ) % {
            "date": _date(case.received_at),
            "item": case.item_name,
            "law": LICENSING_LAW,
            "from": _date(case.accepted_on),
        }
    return _(
        "你（单位）于%(date)s提出的“%(item)s”申请，申请材料齐全、符合法定形式，"
        "根据%(law)s第三十二条的规定，本机关决定予以受理。"
    ) % {"date": _date(case.received_at), "item": case.item_name, "law": LICENSING_LAW}


def acceptance(case: Case, *, when: dt.datetime) -> list:
    return [
        _addressee(case),
        _p(_accepted_text(case)),
        _p(
            _(
                "承诺办结时限为%(days)s个工作日，自受理之次日起计算，法定节假日不计算在内；"
                "预计办结日期为%(due)s。依法需要听证、检验、检测、鉴定、专家评审等的，"
                "所需时间不计算在内，届时另行书面告知。"
            )
            % {
                "days": case.committed_days,
                "due": _due(case.due_date, case.due_date_provisional),
            }
        ),
        *_provisional_note(case.due_date_provisional),
        _p(
            _("结果送达方式：%(how)s。办结后将以短信通知联系电话 %(phone)s。")
            % {
                "how": _delivery_text(case),
                "phone": mask_phone(case.phone),
            }
        ),
        Spacer(1, 3 * mm),
        _table(
            [_("序号"), _("已收取材料"), _("核对结果")],
            _materials_given(case),
            [14 * mm, 120 * mm, 32 * mm],
        ),
    ]


def supplement(case: Case, *, when: dt.datetime, wanted: list, kept: list) -> list:
    rows = []
    for i, m in enumerate(wanted, 1):
        need = m.note or _("请按办事指南要求提供")
        guide = m.material.notes
        if guide:
            need = _("%(need)s（指南要求：%(guide)s）") % {"need": need, "guide": guide}
        rows.append([str(i), m.name, str(MaterialStatus(m.status).label), need])
    story = [
        _addressee(case),
        _p(
            _(
                "你（单位）于%(date)s提出的“%(item)s”申请，经核对，申请材料不齐全或者不符合法定形式。"
                "根据%(law)s第三十二条的规定，现一次性告知需要补正的全部内容如下："
            )
            % {"date": _date(case.received_at), "item": case.item_name, "law": LICENSING_LAW}
        ),
        Spacer(1, 2 * mm),
        _table(
            [_("序号"), _("需补正材料"), _("问题"), _("补正要求")],
            rows,
            [12 * mm, 58 * mm, 24 * mm, 72 * mm],
        ),
        Spacer(1, 3 * mm),
    ]
    if kept:
        story.append(
            _p(
                _("以下材料已收取，补正时无需再次提交：%(names)s。")
                % {"names": "、".join(m.name for m in kept)}
            )
        )
    how = (
        _(
            "请于%(due)s前凭办件编号和查询码登录本中心网上办事页面“网上补正”，上传上述材料；"
            "逾期未补正的，本申请终结办理。"
        )
        if case.source == "online"
        else _(
            "请于%(due)s前备齐上述材料，凭本告知单到本中心任一综合窗口办理补正；"
            "逾期未补正的，本申请终结办理，申请材料原件可凭本告知单领回。"
        )
    )
    story.append(_p(how % {"due": _due(case.supplement_due, case.supplement_due_provisional)}))
    story += _provisional_note(case.supplement_due_provisional)
    return story


def supplement_lapsed(case: Case, *, when: dt.datetime) -> list:
    return [
        _addressee(case),
        _p(
            _(
                "你（单位）于%(date)s提出的“%(item)s”申请，本机关已一次性告知需要补正的材料，"
                "补正期限为%(due)s。截至期限届满，你（单位）未补正下列材料：%(names)s。"
            )
            % {
                "date": _date(case.received_at),
                "item": case.item_name,
                "due": _date(case.supplement_due),
                "names": "、".join(
                    m.name for m in case.materials.all() if m.required and m.status != "provided"
                )
                or "—",
            }
        ),
        _p(
            _(
                "本申请终结办理。已收取的申请材料原件可凭一次性告知单到本中心领回；如需办理，可重新提出申请。"
            )
        ),
    ]


def refusal(case: Case, *, when: dt.datetime) -> list:
    return [
        _addressee(case),
        _p(
            _("你（单位）于%(date)s提出的“%(item)s”申请，经审查，本机关决定不予受理。")
            % {"date": _date(case.received_at), "item": case.item_name}
        ),
        _p(_("不予受理的理由及法律依据：%(reason)s") % {"reason": case.refusal_reason}),
        _p(
            _(
                "如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，"
                "或者在六个月内依法向人民法院提起行政诉讼。"
            )
        ),
    ]


COMMITMENT_CLAUSES = (  # 003 §四(二)2(3): what the applicant commits to
    gettext_noop("所填写的基本信息和提交的材料真实、准确；"),
    gettext_noop("已经知晓审批机关告知的全部内容；"),
    gettext_noop("自身已经符合审批机关告知的审批条件；"),
    gettext_noop("在承诺期限内按照要求提交约定的材料；"),
    gettext_noop(
        "未履行承诺的，愿意承担相应的法律责任，审批机关可以依法撤销审批决定，"
        "并将失信情况纳入诚信体系；"
    ),
    gettext_noop("所作承诺是本人（单位）的真实意思表示。"),
)


def commitment(case: Case, *, when: dt.datetime, promised: list) -> list:
    story = [
        _p(
            _("审批机关告知：申请“%(item)s”应当符合以下条件：%(conditions)s")
            % {"item": case.item_name, "conditions": case.version.conditions or "—"}
        ),
        _p(_("申请人%(who)s郑重承诺：") % {"who": applicant_line(case)}),
    ]
    for i, clause in enumerate(COMMITMENT_CLAUSES, 1):
        story.append(_p(f"{i}. {_(clause)}"))
    if promised:
        story += [
            Spacer(1, 2 * mm),
            _p(
                _("承诺于%(due)s前补交以下材料：")
                % {"due": _due(case.commitment_due, case.commitment_due_provisional)},
            ),
            _table(
                [_("序号"), _("承诺补交材料")],
                [[str(i), m.name] for i, m in enumerate(promised, 1)],
                [14 * mm, 152 * mm],
            ),
        ]
    story += [
        Spacer(1, 8 * mm),
        Paragraph(
            _esc(_("申请人（签字或盖章）：____________　　　　审批机关（盖章）：____________")),
            _BODY,
        ),
        Paragraph(
            _esc(_("签署时间：%(date)s") % {"date": _date(case.commitment_signed_at)}), _BODY
        ),
    ]
    return story


def suspension(case: Case, *, when: dt.datetime, procedure) -> list:
    return [
        _addressee(case),
        _p(
            _(
                "你（单位）申请的“%(item)s”（受理日期%(accepted)s），依法需要进行%(kind)s。"
                "根据%(law)s第四十五条的规定，%(kind)s所需时间不计算在办理时限内。"
            )
            % {
                "item": case.item_name,
                "accepted": _date(case.accepted_on),
                "kind": procedure.get_kind_display(),
                "law": LICENSING_LAW,
            }
        ),
        _p(_("事由：%(reason)s") % {"reason": procedure.reason}),
        _p(
            _("%(kind)s预计需要%(days)s个工作日。")
            % {"kind": procedure.get_kind_display(), "days": procedure.expected_days}
        ),
        *(
            [
                _p(
                    _(
                        "根据%(law)s第四十七条的规定，本机关将于%(date)s前组织听证，并提前七日通知听证的时间、地点。"
                    )
                    % {"law": LICENSING_LAW, "date": _date(procedure.hold_by)}
                )
            ]
            if procedure.hold_by
            else []
        ),
        _p(
            _("办理时限自%(date)s起暂停计算，%(kind)s结束后恢复计算，并重新告知办结日期。")
            % {"date": _date(procedure.started_on), "kind": procedure.get_kind_display()}
        ),
    ]


def extension(case: Case, *, when: dt.datetime, ext) -> list:
    story = [
        _addressee(case),
        _p(
            _(
                "你（单位）申请的“%(item)s”，因%(reason)s，不能在原定期限内作出决定。"
                "根据%(law)s第四十二条的规定，经本机关负责人（%(approver)s）批准，办理期限延长%(days)s个工作日。"
            )
            % {
                "item": case.item_name,
                "reason": ext.reason,
                "law": LICENSING_LAW,
                "days": ext.days,
                "approver": ext.approved_by.display_name if ext.approved_by else "—",
            }
        ),
    ]
    if case.status == "suspended":  # the date moves again when the procedure ends
        story.append(_p(_("办件正在特别程序中，延长后的办结日期将在特别程序结束后另行告知。")))
    else:
        due = _due(case.due_date, case.due_date_provisional)
        story.append(_p(_("延长后的办结日期为%(due)s。") % {"due": due}))
        story += _provisional_note(case.due_date_provisional)
    return story


def revocation(
    case: Case, *, when: dt.datetime, promised: list, finding: str | None = None
) -> list:
    if finding:  # the check afterwards found the promise false
        return [
            _addressee(case),
            _p(
                _(
                    "你（单位）于%(signed)s以告知承诺方式申请“%(item)s”。经核查，"
                    "你（单位）所作承诺与实际情况不符：%(finding)s。"
                )
                % {
                    "signed": _date(case.commitment_signed_at),
                    "item": case.item_name,
                    "finding": finding,
                }
            ),
            _p(
                _(
                    "根据告知承诺书的约定，本机关依法撤销于%(decided)s作出的审批决定"
                    "（%(number)s），并将失信情况纳入诚信记录。"
                )
                % {"decided": _date(case.decided_at), "number": case.decision_number or "—"}
            ),
            _p(_(_REMEDY)),
        ]
    return [
        _addressee(case),
        _p(
            _(
                "你（单位）于%(signed)s以告知承诺方式申请“%(item)s”，并承诺于%(due)s前补交约定材料。"
                "截至期限届满，下列材料仍未提交：%(names)s。"
            )
            % {
                "signed": _date(case.commitment_signed_at),
                "item": case.item_name,
                "due": _date(case.commitment_due),
                "names": "、".join(m.name for m in promised) or "—",
            }
        ),
        _p(
            _(
                "根据告知承诺书的约定，本机关依法撤销于%(decided)s作出的审批决定，并将失信情况纳入诚信记录。"
            )
            % {"decided": _date(case.decided_at)}
        ),
        _p(
            _(
                "如不服本决定，可以自收到本告知书之日起六十日内依法申请行政复议，"
                "或者在六个月内依法向人民法院提起行政诉讼。"
            )
        ),
    ]


def completion(case: Case, *, when: dt.datetime, delivery) -> list:
    rows = [
        [_("事项"), case.item_name],
        [_("申请人"), applicant_line(case)],
        [_("受理日期"), _date(case.accepted_on or case.received_at)],
        [
            _("承诺办结日期"),
            _due(case.due_date, case.due_date_provisional) if case.due_date else _("即办"),
        ],
        [_("决定"), f"{case.get_decision_display()}　{case.decision_opinion}".strip()],
        [_("决定时间"), _date(case.decided_at)],
        [_("出件方式"), delivery.get_method_display()],
    ]
    if delivery.method == "post":
        rows.append([_("邮件号"), delivery.tracking_number or "—"])
    else:
        rows += [
            [_("领取人"), delivery.collector_name],
            [
                _("身份核验"),
                _("已核验，凭委托书代领")
                if delivery.entrusted
                else _("已核验本人或登记代办人证件"),
            ],
            [_("签名记录"), _("已签名") if delivery.signature else "—"],
        ]
    rows.append([_("出件时间"), _date(delivery.delivered_at)])
    table = pdf.key_value_table(rows)
    story = [table]
    if delivery.method == "window":
        story += [
            Spacer(1, 10 * mm),
            Paragraph(_esc(_("领取人签名：____________　　　　经办人：____________")), _BODY),
        ]
    return story


def _basis(case: Case) -> str:
    return case.version.legal_basis.strip() or LICENSING_LAW


def decision_grant(case: Case, *, when: dt.datetime) -> list:
    story = [
        Paragraph(_esc(case.decision_number), _META),
        _addressee(case),
        _p(
            _(
                "你（单位）于%(date)s提出的“%(item)s”申请，本机关于%(accepted)s依法受理。"
                "经审查，申请符合法定条件、标准。根据%(basis)s，本机关决定准予行政许可。"
            )
            % {
                "date": _date(case.received_at),
                "item": case.item_name,
                "accepted": _date(case.accepted_on or case.received_at),
                "basis": _basis(case),
            }
        ),
    ]
    if case.decision_opinion:
        story.append(_p(_("审查意见：%(opinion)s") % {"opinion": case.decision_opinion}))
    story.append(
        _p(
            _(
                "根据%(law)s第四十四条的规定，本机关将于%(due)s前向你（单位）颁发、送达行政许可证件"
                "（结果）。送达方式：%(how)s。"
            )
            % {
                "law": LICENSING_LAW,
                "due": _due(case.certificate_due, case.certificate_due_provisional),
                "how": _delivery_text(case),
            }
        )
    )
    story += _provisional_note(case.certificate_due_provisional)
    story.append(_p(_(_REMEDY)))
    return story


def decision_refuse(case: Case, *, when: dt.datetime) -> list:
    return [
        Paragraph(_esc(case.decision_number), _META),
        _addressee(case),
        _p(
            _(
                "你（单位）于%(date)s提出的“%(item)s”申请，本机关于%(accepted)s依法受理。"
                "经审查，本机关决定不予行政许可。"
            )
            % {
                "date": _date(case.received_at),
                "item": case.item_name,
                "accepted": _date(case.accepted_on or case.received_at),
            }
        ),
        _p(_("理由：%(reason)s") % {"reason": case.decision_opinion or "—"}),
        _p(_("依据：%(basis)s") % {"basis": _basis(case)}),
        _p(_("根据%(law)s第三十八条的规定，特此书面告知。") % {"law": LICENSING_LAW}),
        _p(_(_REMEDY)),
    ]


def withdrawal(case: Case, *, when: dt.datetime) -> list:
    return [
        _addressee(case),
        _p(
            _(
                "你（单位）于%(date)s提出的“%(item)s”申请，已于%(when)s书面申请撤回。"
                "本机关同意撤回，该申请终结办理，办理时限不再计算。"
            )
            % {"date": _date(case.received_at), "item": case.item_name, "when": _date(when)}
        ),
        _p(_("撤回理由：%(reason)s") % {"reason": case.ended_reason}),
        _p(
            _(
                "已收取的申请材料原件当场退还申请人，复印件及本确认书随办件归档。"
                "撤回后如需办理，可重新提出申请。"
            )
        ),
        Spacer(1, 8 * mm),
        Paragraph(_esc(_("申请人（签字或盖章）：____________　　　　经办人：____________")), _BODY),
    ]


def termination(case: Case, *, when: dt.datetime) -> list:
    return [
        _addressee(case),
        _p(
            _(
                "“%(item)s”申请（收件日期%(date)s）因%(ground)s，已无作出行政许可决定的必要，"
                "本机关决定终止办理。"
            )
            % {
                "item": case.item_name,
                "date": _date(case.received_at),
                "ground": case.get_termination_ground_display(),
            }
        ),
        _p(_("情况说明：%(reason)s") % {"reason": case.ended_reason}),
        _p(_("已收取的申请材料原件可由继受人凭有效证明领回，复印件随办件归档。")),
        _p(_(_REMEDY)),
    ]


def payment_slip(case: Case, *, when: dt.datetime) -> list:
    """收款单: what the bank window in the hall collects, in figures and in words."""
    amount = case.fee_due
    label = next(
        (e["label"] for e in case.version.fee_amounts if Decimal(e["amount"]) == amount), ""
    )
    rows = [
        [_("事项"), case.item_name],
        [_("缴款人"), applicant_line(case)],
        [_("收费项目"), f"{label}（{case.version.fee}）" if label else case.version.fee],
        [_("金额（小写）"), _("¥%(amount)s 元") % {"amount": amount}],
        [_("金额（大写）"), cn2an.an2cn(str(amount), "rmb")],
        [_("开单时间"), _date(when)],
    ]
    return [
        pdf.key_value_table(rows),
        Spacer(1, 4 * mm),
        _p(
            _(
                "请持本收款单到本中心银行缴费窗口缴纳，或在窗口以现金、银行卡缴纳；"
                "缴费后凭缴费凭证领取办理结果。行政事业性收费以财政票据为准。"
            )
        ),
    ]


_BUILDERS = {
    DocumentKind.ACCEPTANCE: acceptance,
    DocumentKind.SUPPLEMENT: supplement,
    DocumentKind.REFUSAL: refusal,
    DocumentKind.COMMITMENT: commitment,
    DocumentKind.SUSPENSION: suspension,
    DocumentKind.EXTENSION: extension,
    DocumentKind.REVOCATION: revocation,
    DocumentKind.COMPLETION: completion,
    DocumentKind.DECISION_GRANT: decision_grant,
    DocumentKind.DECISION_REFUSE: decision_refuse,
    DocumentKind.WITHDRAWAL: withdrawal,
    DocumentKind.TERMINATION: termination,
    DocumentKind.SUPPLEMENT_LAPSED: supplement_lapsed,
    DocumentKind.PAYMENT_SLIP: payment_slip,
}


def render(kind: str, case: Case, *, when: dt.datetime, **context) -> bytes:
    with translation.override("zh-hans"):
        body = _BUILDERS[DocumentKind(kind)](case, when=when, **context)
        return _frame(case, kind, body, when=when)
