"""Every change of a complaint (投诉, 003 四(二)5; 002 三(三) 投诉协调窗口).

State machine (ComplaintStatus)::

    received ─ assign ─► assigned ─ investigate ─► investigating ─ reply ─► replied
       ▲  (re-assign while assigned)   (findings may be revised)              │
                                                                   return visit
                                                                              ▼
                                                                           closed

The reply is promised by `reply_due` (`complaints.reply_days` working days
after the day of receipt); the sweep raises a yellow warning
`complaints.warning_days` working days before it and a red one after it.

Each function is one transaction: who may act, then the state machine (a step
out of order is a 409 whatever the input), then the input, then the row is
locked and checked again. Events carry no personal data: the complainant's
name, phone and the complaint text stay out of them."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.cases.models import WarningLevel
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.events import audit, emit
from govhall.core.identity import parse_phone
from govhall.core.links import absolute_url
from govhall.core.models import Center, Membership, User
from govhall.core.names import check_name
from govhall.core.notify import notify
from govhall.core.notify import official as _official
from govhall.core.services import counter_next, sweep_each
from govhall.core.workdays import WARNING_RANK, WorkingCalendar, deadline_warning, with_mark
from govhall.hall.models import Window

from ..models import Complaint, ComplaintChannel, ComplaintStatus, RaterView

log = logging.getLogger(__name__)

CONTENT_MAX = 2000
NAME_MAX = 50
STAFF_NUMBER_MAX = 32
HOTLINE_REF_MAX = 40
TEXT_MAX = 2000


OPEN = (ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED, ComplaintStatus.INVESTIGATING)


# --- helpers ------------------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _clean_text(value, field: str, *, limit: int, required: bool = True, label=None) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(_("类型不正确"), fields={field: _("应为文本")})
    # NUL is never text a person meant, and PostgreSQL refuses it.
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationFailed(
            _("请填写%(what)s") % {"what": label or field}, fields={field: _("必填")}
        )
    if len(text) > limit:
        raise ValidationFailed(
            _("内容过长"), fields={field: _("不能超过 %(n)s 个字符") % {"n": limit}}
        )
    return text


def receipt_url(complaint: Complaint) -> str:
    path = reverse("feedback:complaint_receipt", args=[complaint.receipt_token])
    return absolute_url(path)


def _sms(complaint: Complaint, key: str, template, **params) -> None:
    if not complaint.complainant_phone:
        return
    notify(
        center=complaint.center,
        key=f"complaint:{complaint.pk}:{key}",
        channel="sms",
        recipient=complaint.complainant_phone,
        body=_official(
            template,
            center=complaint.center.name,
            number=complaint.number,
            url=receipt_url(complaint),
            **params,
        ),
    )


def _emit(kind: str, complaint: Complaint, **extra) -> None:
    payload = {
        "complaint": complaint.pk,
        "number": complaint.number,
        "channel": complaint.channel,
        "status": complaint.status,
        "reply_due": complaint.reply_due.isoformat(),
        "reply_due_provisional": complaint.reply_due_provisional,
        **extra,
    }
    emit(kind, center=complaint.center, aggregate=complaint, payload=payload)


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("center", "assignee", "staff", "window")
        .get(pk=complaint.pk)
    )


def _require_status(complaint: Complaint, *allowed: str) -> None:
    if complaint.status not in allowed:
        raise InvalidTransition(
            _("投诉当前状态为“%(status)s”，不能执行此操作")
            % {"status": complaint.get_status_display()},
            code="complaint_invalid_transition",
        )


def _precheck(complaint: Complaint, *allowed: str) -> None:
    """The state machine's answer before the input is validated (checked again
    under the lock): a step out of order is a 409 whatever the body says."""
    complaint.refresh_from_db(fields=["status"])
    _require_status(complaint, *allowed)


def is_handler(actor: Actor, complaint: Complaint) -> bool:
    """The centre admin, or the staff member the complaint is assigned to."""
    if actor.is_superuser:
        return True
    if not actor.can_see(complaint.center_id):
        return False
    if actor.can(complaint.center_id, "complaint.handle"):
        return True
    return actor.user is not None and actor.user.pk == complaint.assignee_id


def _require_handler(actor: Actor, complaint: Complaint) -> None:
    actor.require(complaint.center, "complaint.read")
    complaint.refresh_from_db(fields=["assignee"])  # the caller's copy may be stale
    if not is_handler(actor, complaint):
        raise PermissionDenied(
            _("只有承办人或中心管理员可以办理该投诉"), code="forbidden_not_handler"
        )


def _staff_of_center(center: Center, user: User) -> bool:
    return user.is_active and Membership.objects.filter(user=user, center=center).exists()


# --- receive ------------------------------------------------------------------------------


def _new_number(center: Center, day: dt.date) -> str:
    seq = counter_next(f"complaint:{center.pk}:{day.year}")
    return f"{center.code}-TS{day.year}{seq:05d}"


def _check_channel_actor(actor: Actor, center: Center, channel: str) -> None:
    if channel == ComplaintChannel.ONLINE:
        return  # the public form: no account needed
    if not actor.is_authenticated:
        raise PermissionDenied(
            _("窗口和热线投诉须由工作人员登记"), code="forbidden_role", fields={}
        )
    if channel == ComplaintChannel.WINDOW:
        actor.require(center, "complaint.intake")
    else:
        actor.require(center, "complaint.hotline")


@transaction.atomic
def complaint_receive(
    *,
    actor: Actor,
    center: Center,
    channel: str,
    content: str,
    complainant_name: str = "",
    complainant_phone: str = "",
    staff_number: str = "",
    window: Window | None = None,
    hotline_ref: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """登记投诉: the 事由, the staff number concerned and the contact, with a
    promised reply date (the 受理回执单's promise)."""
    if channel not in ComplaintChannel.values:
        raise ValidationFailed(
            _("投诉渠道应为 window、hotline 或 online"),
            code="invalid_channel",
            fields={"channel": _("取值无效")},
        )
    _check_channel_actor(actor, center, channel)
    content = _clean_text(content, "content", limit=CONTENT_MAX, label=_("投诉事由"))
    name = _clean_text(complainant_name, "complainant_name", limit=NAME_MAX, required=False)
    check_name(name, "complainant_name")
    phone = _clean_text(complainant_phone, "complainant_phone", limit=30, required=False)
    if phone:
        try:
            phone = parse_phone(phone)
        except ValidationFailed as exc:
            raise ValidationFailed(
                exc.message, code=exc.code, fields={"complainant_phone": exc.message}
            ) from exc
    staff_number = _clean_text(staff_number, "staff_number", limit=STAFF_NUMBER_MAX, required=False)
    hotline_ref = _clean_text(
        hotline_ref,
        "hotline_ref",
        limit=HOTLINE_REF_MAX,
        required=channel == ComplaintChannel.HOTLINE,
        label=_("12345 工单号"),
    )
    if channel != ComplaintChannel.HOTLINE:
        hotline_ref = ""
    if window is not None and window.center_id != center.pk:
        raise ValidationFailed(
            _("窗口不属于该中心"),
            code="window_not_in_center",
            fields={"window": _("窗口不属于该中心")},
        )
    staff = None
    if staff_number:
        staff = (
            User.objects.filter(staff_number=staff_number, memberships__center=center)
            .distinct()
            .first()
        )
    now = _now(now)
    today = timezone.localdate(now)
    reply_due, provisional = WorkingCalendar().deadline(
        today, center_setting(center, "complaints.reply_days")
    )
    # The centre's counter row stays locked until this transaction ends, so a
    # 12345 transfer sent twice at once is checked after the first committed.
    number = _new_number(center, today)
    if hotline_ref and Complaint.objects.filter(center=center, hotline_ref=hotline_ref).exists():
        raise Conflict(
            _("该 12345 工单已登记"),
            code="hotline_ref_duplicate",
            fields={"hotline_ref": hotline_ref},
        )
    complaint = Complaint.objects.create(
        center=center,
        number=number,
        channel=channel,
        hotline_ref=hotline_ref,
        received_at=now,
        received_by=actor.user,
        complainant_name=name,
        complainant_phone=phone,
        content=content,
        staff_number=staff_number,
        staff=staff,
        window=window,
        reply_due=reply_due,
        reply_due_provisional=provisional,
        status=ComplaintStatus.RECEIVED,
    )
    audit(
        "complaint.received",
        actor=actor,
        center=center,
        obj=complaint,
        detail={"number": complaint.number, "channel": channel},
    )
    _emit("complaint.received", complaint)
    _sms(
        complaint,
        "received",
        _("【%(center)s】您的投诉已受理，编号%(number)s，我们将于%(due)s前答复您。查询：%(url)s"),
        due=_due_text(complaint),
    )
    return complaint


def _due_text(complaint: Complaint) -> str:
    due = complaint.reply_due
    return with_mark(f"{due.year}年{due.month}月{due.day}日", complaint.reply_due_provisional)


@transaction.atomic
def complaints_recompute_provisional() -> int:
    """A year was added to the holiday table: open complaints whose reply date
    was counted on weekdays alone are counted again; a moved date is texted."""
    cal, count = WorkingCalendar(), 0
    rows = Complaint.objects.select_for_update().filter(status__in=OPEN, reply_due_provisional=True)
    for complaint in rows.select_related("center"):
        previous = complaint.reply_due
        complaint.reply_due, complaint.reply_due_provisional = cal.deadline(
            timezone.localdate(complaint.received_at),
            center_setting(complaint.center, "complaints.reply_days"),
        )
        if (complaint.reply_due, complaint.reply_due_provisional) == (previous, True):
            continue  # still counted over a missing year
        complaint.save(update_fields=["reply_due", "reply_due_provisional"])
        _emit("complaint.due_recomputed", complaint, previous=previous.isoformat())
        if complaint.reply_due != previous:
            _sms(
                complaint,
                f"due:{complaint.reply_due.isoformat()}",
                _(
                    "【%(center)s】按国家节假日安排，您的投诉%(number)s答复日期调整为%(due)s。查询：%(url)s"
                ),
                due=_due_text(complaint),
            )
        count += 1
    return count


# --- handling -------------------------------------------------------------------------------


@transaction.atomic
def complaint_assign(
    *, actor: Actor, complaint: Complaint, assignee: User, now: dt.datetime | None = None
) -> Complaint:
    """分派 to a staff member of the centre (re-assignment is allowed until the
    investigation is recorded). Only the centre admin assigns."""
    actor.require(complaint.center, "complaint.handle")
    _precheck(complaint, ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED)
    if not isinstance(assignee, User) or not _staff_of_center(complaint.center, assignee):
        raise ValidationFailed(
            _("承办人须为本中心在岗工作人员"),
            code="assignee_not_in_center",
            fields={"assignee": _("不是本中心工作人员")},
        )
    now = _now(now)
    complaint = _lock(complaint)
    _require_status(complaint, ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED)
    if complaint.staff_id and complaint.staff_id == assignee.pk:
        raise ValidationFailed(
            _("被投诉人不能承办针对本人的投诉"),
            code="assignee_is_subject",
            fields={"assignee": _("被投诉人须回避")},
        )
    complaint.assignee = assignee
    complaint.assigned_at = now
    complaint.status = ComplaintStatus.ASSIGNED
    complaint.save(update_fields=["assignee", "assigned_at", "status"])
    _emit("complaint.assigned", complaint, assignee=assignee.pk)
    return complaint


@transaction.atomic
def complaint_investigate(
    *,
    actor: Actor,
    complaint: Complaint,
    investigation: str,
    founded: bool,
    now: dt.datetime | None = None,
) -> Complaint:
    """调查核实: what was found and whether the complaint is founded (属实).
    Can be revised until the reply is given."""
    _require_handler(actor, complaint)
    _precheck(complaint, ComplaintStatus.ASSIGNED, ComplaintStatus.INVESTIGATING)
    investigation = _clean_text(
        investigation, "investigation", limit=TEXT_MAX, label=_("调查核实情况")
    )
    if not isinstance(founded, bool):
        raise ValidationFailed(
            _("请认定投诉是否属实"), code="founded_required", fields={"founded": _("应为是或否")}
        )
    complaint = _lock(complaint)
    _require_status(complaint, ComplaintStatus.ASSIGNED, ComplaintStatus.INVESTIGATING)
    complaint.investigation = investigation
    complaint.founded = founded
    complaint.status = ComplaintStatus.INVESTIGATING
    complaint.save(update_fields=["investigation", "founded", "status"])
    _emit("complaint.investigated", complaint, founded=founded)
    return complaint


@transaction.atomic
def complaint_reply(
    *, actor: Actor, complaint: Complaint, reply: str, now: dt.datetime | None = None
) -> Complaint:
    """答复投诉人: the result, told by SMS (when a phone was given) and on the
    receipt page."""
    _require_handler(actor, complaint)
    _precheck(complaint, ComplaintStatus.INVESTIGATING)
    reply = _clean_text(reply, "reply", limit=TEXT_MAX, label=_("答复内容"))
    now = _now(now)
    complaint = _lock(complaint)
    _require_status(complaint, ComplaintStatus.INVESTIGATING)
    complaint.reply = reply
    complaint.replied_at = now
    complaint.status = ComplaintStatus.REPLIED
    complaint.save(update_fields=["reply", "replied_at", "status"])
    on_time = timezone.localdate(now) <= complaint.reply_due
    _emit("complaint.replied", complaint, on_time=on_time)
    _sms(
        complaint,
        "replied",
        _("【%(center)s】您的投诉（编号%(number)s）已办理完毕，处理结果请查看：%(url)s"),
    )
    return complaint


@transaction.atomic
def complaint_return_visit(
    *,
    actor: Actor,
    complaint: Complaint,
    satisfaction: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """回访: the complainant's view of the reply; closes the complaint."""
    _require_handler(actor, complaint)
    _precheck(complaint, ComplaintStatus.REPLIED)
    if satisfaction not in RaterView.values:
        raise ValidationFailed(
            _("满意度取值无效"),
            code="invalid_satisfaction",
            fields={"satisfaction": _("取值无效")},
        )
    note = _clean_text(
        note,
        "note",
        limit=TEXT_MAX,
        required=satisfaction in (RaterView.DISSATISFIED, RaterView.UNREACHABLE),
        label=_("回访情况"),
    )
    now = _now(now)
    complaint = _lock(complaint)
    _require_status(complaint, ComplaintStatus.REPLIED)
    complaint.satisfaction = satisfaction
    complaint.return_visit_note = note
    complaint.return_visit_at = complaint.closed_at = now
    complaint.status = ComplaintStatus.CLOSED
    complaint.save(
        update_fields=[
            "satisfaction",
            "return_visit_note",
            "return_visit_at",
            "closed_at",
            "status",
        ]
    )
    _emit("complaint.closed", complaint, satisfaction=satisfaction)
    return complaint


@transaction.atomic
def complaint_contact_reveal(*, actor: Actor, complaint: Complaint) -> dict[str, str]:
    """The complainant's name and phone in full, for the handler who must call
    back (回访). Every such read is written to the audit log."""
    _require_handler(actor, complaint)
    if not actor.is_staff_user:
        raise PermissionDenied(_("仅工作人员可查看联系方式"))
    audit(
        "personal_data.revealed",
        actor=actor,
        center=complaint.center,
        obj=complaint,
        detail={"field": "complainant_contact"},
    )
    return {"name": complaint.complainant_name, "phone": complaint.complainant_phone}


# --- the reply clock -------------------------------------------------------------------------


def warning_for(complaint: Complaint, today: dt.date, cal: WorkingCalendar | None = None) -> str:
    """The level `today` calls for: red after the promised date, yellow within
    the centre's threshold of working days before it."""
    threshold = center_setting(complaint.center, "complaints.warning_days")
    return deadline_warning(complaint.reply_due, today, threshold, cal)


@transaction.atomic
def complaint_warn(
    *, complaint: Complaint, today: dt.date | None = None, now: dt.datetime | None = None
) -> str | None:
    """Raise the warning to what `today` calls for. Returns the new level, or
    None when nothing changed (safe to run twice)."""
    now = _now(now)
    today = today or timezone.localdate(now)
    complaint = _lock(complaint)
    if complaint.status not in OPEN:
        return None
    level = warning_for(complaint, today)
    if WARNING_RANK[level] <= WARNING_RANK[complaint.warning]:
        return None
    complaint.warning = level
    complaint.warned_at = now
    complaint.save(update_fields=["warning", "warned_at"])
    _emit("complaint.warning", complaint, level=str(level))
    return str(level)


def complaints_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduled sweep over open complaints, each in its own short
    transaction; safe to run twice."""
    now = _now(now)
    today = timezone.localdate(now)
    counts = {"yellow": 0, "red": 0, "errors": 0}
    running = Complaint.objects.filter(status__in=OPEN).exclude(warning=WarningLevel.RED)
    for level in sweep_each(
        running,
        lambda c: complaint_warn(complaint=c, today=today, now=now),
        counts,
        "complaint warning",
    ):
        if level:
            counts[level] += 1
    return counts
