"""Every change of an enquiry (首问负责制, 001 B.1, B.2.5).

State machine (EnquiryStatus)::

    unclaimed ─ take ─► open ─ hand over ─► handed_over ─┐
                         │  ◄──── (hand over again) ─────┘
                         └──────── close (answer, call back) ──► closed

An enquiry answered on the spot is created closed. One that is not gets the
citizen's contact and a call-back due time (`enquiry.callback_days` working days,
inside the centre's opening hours); the first responder stays responsible through
every hand-over until it is closed. Questions and phones are free text and
personal: events carry the number, channel and status only."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem, Stationing
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.identity import parse_phone
from govhall.core.models import Center, Department, Membership, User
from govhall.core.opening import intervals_on
from govhall.core.services import counter_next
from govhall.core.workdays import WorkingCalendar

from .models import OPEN_STATUSES, Enquiry, EnquiryChannel, EnquiryHandover, EnquiryStatus

QUESTION_MAX = 500
ANSWER_MAX = 1000
NOTE_MAX = 200
ORIGIN_MAX = 20
# A landline with its area code (0571-88886666) or without (88886666): phone
# enquiries come from fixed lines too, and a call-back needs only a number.
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}|\d{7,8}")
# The longest a centre is closed in a row (Spring Festival) is about nine days.
_LOOKAHEAD_DAYS = 21


# --- input ------------------------------------------------------------------------------


def clean_text(value, field: str, *, limit: int, required: bool = True) -> str:
    """Free text a person typed: NUL removed, trimmed, within `limit`, and (when
    required) holding at least one letter, digit or character: a line of
    punctuation is not a question."""
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(_("类型不正确"), fields={field: _("应为文本")})
    text = (value or "").replace("\x00", "").strip()
    if not text:
        if required:
            raise ValidationFailed(_("请填写内容"), code="required", fields={field: _("必填")})
        return ""
    if len(text) > limit:
        raise ValidationFailed(
            _("内容过长"),
            code="too_long",
            fields={field: _("不能超过 %(n)s 个字符") % {"n": limit}},
        )
    if not any(ch.isalnum() for ch in text):
        raise ValidationFailed(
            _("请用文字说明"), code="no_text", fields={field: _("不能只有标点或符号")}
        )
    return text


def clean_phone(value, field: str = "phone") -> str:
    """A mainland mobile, or a landline for a call-back; "" when none."""
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(_("类型不正确"), fields={field: _("应为文本")})
    raw = (value or "").replace("\x00", "").strip()
    if not raw:
        return ""
    compact = re.sub(r"[\s()（）]", "", raw)
    if _LANDLINE.fullmatch(compact):
        return compact
    try:
        return parse_phone(compact)
    except ValidationFailed as exc:
        message = _("请填写手机号码或带区号的固定电话")
        raise ValidationFailed(message, code=exc.code, fields={field: message}) from exc


def _check_item(center: Center, item: ServiceItem | None) -> None:
    if item is None:
        return
    if not Stationing.objects.filter(center=center, item=item, active=True).exists():
        raise ValidationFailed(
            _("该事项未进驻本中心"), code="item_not_in_center", fields={"item": _("取值无效")}
        )


def _staff_of(center: Center, user: User | None) -> bool:
    return bool(
        user and user.is_active and Membership.objects.filter(center=center, user=user).exists()
    )


# --- the call-back clock ------------------------------------------------------------------


def callback_due_from(center: Center, at: dt.datetime, cal: WorkingCalendar | None = None):
    """When a call-back promised at `at` is due: `enquiry.callback_days` working
    days later at the same time of day, but inside that day's opening hours (not
    after its close; the first open day when the centre is shut that day)."""
    cal = cal or WorkingCalendar()
    local = timezone.localtime(at)
    day = cal.add_working_days(local.date(), center_setting(center, "enquiry.callback_days"))
    tz = timezone.get_current_timezone()
    for _offset in range(_LOOKAHEAD_DAYS):
        intervals = intervals_on(center, day)
        if intervals and cal.is_working_day(day):
            opens, closes = intervals[0][0], intervals[-1][1]
            time = min(max(local.time(), opens), closes)
            return dt.datetime.combine(day, time, tzinfo=tz)
        day += dt.timedelta(days=1)
    # A centre without opening hours: the same time, N working days on.
    return dt.datetime.combine(day, local.time(), tzinfo=tz)


def is_overdue(enquiry: Enquiry, now: dt.datetime | None = None) -> bool:
    return bool(
        enquiry.status in OPEN_STATUSES
        and enquiry.callback_due
        and enquiry.callback_due < (now or timezone.now())
    )


# --- events -------------------------------------------------------------------------------


def _emit(kind: str, enquiry: Enquiry, **extra) -> None:
    payload = {
        "enquiry": enquiry.pk,
        "number": enquiry.number,
        "channel": enquiry.channel,
        "status": enquiry.status,
        "callback_due": enquiry.callback_due.isoformat() if enquiry.callback_due else None,
        **extra,
    }
    emit(kind, center=enquiry.center, aggregate=enquiry, payload=payload)


def _new_number(center: Center, day: dt.date) -> str:
    seq = counter_next(f"enquiry:{center.pk}:{day.year}")
    return f"{center.code}-ZX{day.year}{seq:06d}"


# --- create -------------------------------------------------------------------------------


@transaction.atomic
def enquiry_create(
    *,
    actor: Actor,
    center: Center,
    channel: str,
    question: str,
    phone: str = "",
    item: ServiceItem | None = None,
    origin: str = "",
    answer: str = "",
    now: dt.datetime | None = None,
) -> Enquiry:
    """Record a question. The actor (a member of staff) is its first responder;
    with `answer` it was answered on the spot and is closed at once, without it
    stays open, with a call-back due when a phone was left.

    A question the citizen left online without staff (the Q&A's hand-over,
    `origin` "ask") has no first responder yet: it waits `unclaimed`, with its
    call-back clock running, until a member of staff takes it (enquiry_take)."""
    if channel not in EnquiryChannel.values:
        raise ValidationFailed(
            _("咨询渠道应为 desk、window、phone、online 或 hotline"),
            code="invalid_channel",
            fields={"channel": _("取值无效")},
        )
    unclaimed = actor.user is None
    if unclaimed:
        # The citizen's own hand-over: online only, and a phone to call back on.
        if channel != EnquiryChannel.ONLINE or not origin:
            raise PermissionDenied(_("咨询须由工作人员登记"), code="forbidden_role")
    else:
        actor.require(center, "enquiry.take")
    question = clean_text(question, "question", limit=QUESTION_MAX)
    phone = clean_phone(phone)
    answer = clean_text(answer, "answer", limit=ANSWER_MAX, required=False)
    origin = clean_text(origin, "origin", limit=ORIGIN_MAX, required=False)
    if unclaimed and not phone:
        raise ValidationFailed(
            _("请留下联系电话，工作人员将回电答复"),
            code="phone_required",
            fields={"phone": _("必填")},
        )
    if unclaimed and answer:
        raise ValidationFailed(_("待认领的咨询不能直接办结"), fields={"answer": _("取值无效")})
    _check_item(center, item)
    now = now or timezone.now()
    enquiry = Enquiry(
        center=center,
        number=_new_number(center, timezone.localdate(now)),
        channel=channel,
        origin=origin,
        question=question,
        item=item,
        phone=phone,
        created_at=now,
    )
    if unclaimed:
        enquiry.status = EnquiryStatus.UNCLAIMED
        enquiry.callback_due = callback_due_from(center, now)
    else:
        enquiry.first_responder = actor.user
        enquiry.holder = actor.user
        enquiry.taken_at = now
        if answer:
            enquiry.status = EnquiryStatus.CLOSED
            enquiry.answer, enquiry.answered_by, enquiry.answered_at = answer, actor.user, now
            enquiry.closed_at, enquiry.closed_by = now, actor.user
        else:
            enquiry.status = EnquiryStatus.OPEN
            if phone:
                enquiry.callback_due = callback_due_from(center, now)
    enquiry.save()
    _emit("enquiry.created", enquiry, origin=origin)
    return enquiry


# --- take, hand over, close -------------------------------------------------------------


def _locked(enquiry: Enquiry) -> Enquiry:
    return Enquiry.objects.select_for_update().select_related("center").get(pk=enquiry.pk)


def may_work_on(actor: Actor, enquiry: Enquiry) -> bool:
    """The first responder, whoever holds it now (a colleague, or staff of the
    department it was handed to), or an overseer of the centre."""
    center = enquiry.center
    if actor.can(center, "enquiry.oversee"):
        return True
    if not actor.can(center, "enquiry.take") or actor.user is None:
        return False
    uid = actor.user.pk
    if uid in (enquiry.first_responder_id, enquiry.holder_id):
        return True
    return bool(enquiry.holder_department_id and enquiry.holder_department_id in actor.departments)


def _require_work(actor: Actor, enquiry: Enquiry) -> None:
    actor.require(enquiry.center, "enquiry.take", "enquiry.oversee")
    if not may_work_on(actor, enquiry):
        raise PermissionDenied(
            _("该咨询由首问责任人负责，您不是其承办人"), code="not_enquiry_holder"
        )


@transaction.atomic
def enquiry_take(*, actor: Actor, enquiry: Enquiry, now: dt.datetime | None = None) -> Enquiry:
    """A member of staff takes an unclaimed online question: they become its
    first responder (首问责任人)."""
    actor.require(enquiry.center, "enquiry.take")
    if actor.user is None:
        raise PermissionDenied(_("只有工作人员可以认领"), code="staff_only")
    enquiry = _locked(enquiry)
    if enquiry.status != EnquiryStatus.UNCLAIMED:
        raise InvalidTransition(_("该咨询已有人认领"), code="enquiry_already_taken")
    now = now or timezone.now()
    enquiry.status = EnquiryStatus.OPEN
    enquiry.first_responder = enquiry.holder = actor.user
    enquiry.taken_at = now
    enquiry.save(update_fields=["status", "first_responder", "holder", "taken_at"])
    _emit("enquiry.taken", enquiry)
    return enquiry


@transaction.atomic
def enquiry_hand_over(
    *,
    actor: Actor,
    enquiry: Enquiry,
    to_user: User | None = None,
    to_department: Department | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Enquiry:
    """Hand the question to a colleague or a department (B.1: 转交). The first
    responder stays responsible; the hand-over is recorded."""
    _require_work(actor, enquiry)
    enquiry = _locked(enquiry)
    if enquiry.status not in (EnquiryStatus.OPEN, EnquiryStatus.HANDED_OVER):
        raise InvalidTransition(_("只有未办结的咨询可以转交"), code="enquiry_not_open")
    if (to_user is None) == (to_department is None):
        raise ValidationFailed(
            _("请选择转交的同事或部门（二选一）"),
            code="handover_target",
            fields={"to": _("必填")},
        )
    center = enquiry.center
    if to_user is not None:
        if not _staff_of(center, to_user):
            raise ValidationFailed(
                _("只能转交给本中心在岗工作人员"),
                code="handover_not_in_center",
                fields={"to": _("不是本中心工作人员")},
            )
        if to_user.pk == enquiry.holder_id:
            raise ValidationFailed(
                _("该咨询已由此人承办"), code="handover_same", fields={"to": _("取值无效")}
            )
    if to_department is not None and to_department.district_id != center.district_id:
        raise ValidationFailed(
            _("部门不属于本行政区"),
            code="handover_not_in_center",
            fields={"to": _("取值无效")},
        )
    note = clean_text(note, "note", limit=NOTE_MAX, required=False)
    now = now or timezone.now()
    EnquiryHandover.objects.create(
        enquiry=enquiry,
        from_user=actor.user,
        to_user=to_user,
        to_department=to_department,
        note=note,
        at=now,
    )
    enquiry.status = EnquiryStatus.HANDED_OVER
    enquiry.holder, enquiry.holder_department = to_user, to_department
    enquiry.save(update_fields=["status", "holder", "holder_department"])
    _emit(
        "enquiry.handed_over",
        enquiry,
        to_user=to_user.pk if to_user else None,
        to_department=to_department.pk if to_department else None,
    )
    return enquiry


@transaction.atomic
def enquiry_close(
    *,
    actor: Actor,
    enquiry: Enquiry,
    answer: str,
    called_back: bool = False,
    now: dt.datetime | None = None,
) -> Enquiry:
    """Record the answer and close. `called_back`: the answer was given by the
    promised call-back (needs the phone left with it)."""
    _require_work(actor, enquiry)
    enquiry = _locked(enquiry)
    if enquiry.status not in (EnquiryStatus.OPEN, EnquiryStatus.HANDED_OVER):
        code = "enquiry_closed" if enquiry.status == EnquiryStatus.CLOSED else "enquiry_unclaimed"
        raise InvalidTransition(_("该咨询不能办结：已办结或尚未认领"), code=code)
    answer = clean_text(answer, "answer", limit=ANSWER_MAX)
    if called_back and not enquiry.phone:
        raise ValidationFailed(
            _("该咨询未留联系电话，无法登记回电"),
            code="no_phone",
            fields={"called_back": _("取值无效")},
        )
    now = now or timezone.now()
    enquiry.answer, enquiry.answered_by, enquiry.answered_at = answer, actor.user, now
    if called_back:
        enquiry.called_back_at = now
    enquiry.status = EnquiryStatus.CLOSED
    enquiry.closed_at, enquiry.closed_by = now, actor.user
    enquiry.save()
    overdue = bool(enquiry.callback_due and now > enquiry.callback_due)
    _emit("enquiry.closed", enquiry, called_back=called_back, late=overdue)
    return enquiry


def enquiry_phone_reveal(*, actor: Actor, enquiry: Enquiry) -> str:
    """The whole phone number, for the call-back; every such read is audited."""
    _require_work(actor, enquiry)
    with transaction.atomic():
        audit(
            "enquiry.phone_read",
            actor=actor,
            center=enquiry.center,
            obj=enquiry,
            detail={"number": enquiry.number},
        )
    return enquiry.phone
