"""Evaluations (好差评) and the rectification of bad ones (差评整改).

Every finished ticket and every closed case opens one evaluation (一次一评) in
the transaction that finishes it; its token reaches the citizen by the window's
rating pad, the QR code on the slip or notice, and an SMS link. Only the citizen
rates: a staff session and every device token but the rating pad's are refused
(001 D.16: 工作人员不得代替服务对象作出评价). A rating of 2 or 1 (差评) opens a
rectification record, tracked to closure on working-day deadlines (001 6.6.1.3)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.booking.models import Booking
from govhall.cases.models import Case
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.events import emit
from govhall.core.identity import parse_phone
from govhall.core.links import absolute_url
from govhall.core.models import TokenKind
from govhall.core.notify import notify
from govhall.core.notify import official as _official
from govhall.core.services import sweep_each
from govhall.core.workdays import WorkingCalendar, deadline_warning
from govhall.queueing.models import Ticket

from ..models import (
    BAD_LEVELS,
    BadReason,
    Evaluation,
    Finding,
    RaterView,
    RatingChannel,
    Rectification,
    RectificationStatus,
    Subject,
    WarningLevel,
    indicators_for,
    reasons_for,
)

log = logging.getLogger(__name__)

COMMENT_MAX = 500
TEXT_MAX = 2000
HANDLERS = "rectification.handle"  # the centre's 好差评 desk
REVIEWERS = "rectification.review"  # the district decides a contested finding


def rating_url(evaluation: Evaluation) -> str:
    return absolute_url(reverse("rate", args=[evaluation.token]))


# --- invitations ---------------------------------------------------------------------


def _invite(*, center, now: dt.datetime, phone: str, text=None, **fields) -> Evaluation:
    days = center_setting(center, "feedback.token_days")
    evaluation = Evaluation.objects.create(
        center=center,
        served_at=now,
        expires_at=now + dt.timedelta(days=days),
        contact_phone=phone or "",
        **fields,
    )
    emit(
        "evaluation.invited",
        center=center,
        aggregate=evaluation,
        payload={
            "subject": evaluation.subject,
            "reference": evaluation.reference,
            "window_code": evaluation.window.code if evaluation.window else None,
        },
    )
    notify(
        center=center,
        key=f"evaluation:{evaluation.pk}:invite",
        channel="sms",
        recipient=evaluation.contact_phone,
        body=_official(
            text
            or _(
                "【%(center)s】您办理的“%(item)s”已完成，欢迎对本次服务作出评价：%(url)s（%(days)s 天内有效）"
            ),
            center=center.name,
            item=evaluation.item_name or evaluation.reference,
            url=rating_url(evaluation),
            days=days,
        ),
    )
    return evaluation


def evaluation_invite_ticket(*, ticket: Ticket, now: dt.datetime) -> Evaluation:
    """Called by the queue in the transaction that finishes the ticket."""
    existing = Evaluation.objects.filter(ticket=ticket).first()
    if existing is not None:
        return existing
    item = ticket.item
    version = item.published_version if item else None
    staff = ticket.served_by
    return _invite(
        center=ticket.center,
        now=now,
        phone=ticket.phone,
        subject=Subject.TICKET,
        ticket=ticket,
        reference=ticket.number,
        item=item,
        item_name=version.name if version else ticket.queue.name,
        department_id=item.department_id if item else None,
        window=ticket.window,
        staff=staff,
        staff_number=staff.staff_number if staff else "",
        person_hash=ticket.id_number_hash or "",
    )


def evaluation_invite_case(*, case: Case, now: dt.datetime) -> Evaluation:
    """Called by case handling in the transaction that closes the case."""
    existing = Evaluation.objects.filter(case=case).first()
    if existing is not None:
        return existing
    staff = case.received_by
    return _invite(
        center=case.center,
        now=now,
        phone=case.phone,
        subject=Subject.CASE,
        case=case,
        reference=case.number,
        item=case.item,
        item_name=case.item_name,
        department_id=case.department_id,
        window=case.window,
        staff=staff,
        staff_number=staff.staff_number if staff else "",
        person_hash=case.applicant_id_hash or "",
    )


KEPT_TEXT = _(
    "【%(center)s】感谢您按预约到中心办理“%(item)s”。欢迎对本次预约服务作出评价：%(url)s（%(days)s 天内有效）"
)
MISSED_TEXT = _(
    "【%(center)s】您预约办理“%(item)s”未能到场。如预约中遇到不便，欢迎对预约服务作出评价：%(url)s（%(days)s 天内有效）"
)


def evaluation_invite_booking(*, booking, now: dt.datetime, kept: bool) -> Evaluation:
    """The booking service itself (001 4.7.3 预约服务“好差评”): ease of booking,
    kept on time. Once per booking, after it was kept (its ticket served) or
    missed; the text carries the rating link. The reference is the booked time:
    the booking code opens the booking and never goes into an event."""
    existing = Evaluation.objects.filter(booking=booking).first()
    if existing is not None:
        return existing
    item = booking.item
    version = item.published_version
    return _invite(
        center=booking.center,
        now=now,
        phone=booking.phone,
        text=KEPT_TEXT if kept else MISSED_TEXT,
        subject=Subject.BOOKING,
        booking=booking,
        reference=timezone.localtime(booking.slot.start).strftime("%Y-%m-%d %H:%M"),
        item=item,
        item_name=version.name if version else item.code,
        department_id=item.department_id,
        staff=booking.booked_by,
        staff_number=booking.booked_by.staff_number if booking.booked_by else "",
        person_hash=booking.id_number_hash or "",
    )


def on_booking_event(*, event, obj) -> None:
    """Subscribed in apps.py to booking.kept and booking.no_show (booking is a
    floor below and does not import feedback); runs in their transaction."""
    booking = (
        Booking.objects.select_related(
            "center", "item__published_version", "slot", "booked_by", "ticket"
        )
        .filter(pk=event.aggregate_id)
        .first()
    )
    if booking is None:
        return
    kept = event.kind == "booking.kept"
    # When it happened, not when the event row was written.
    when = (
        booking.ticket.finished_at if kept and booking.ticket else booking.no_show_at
    ) or event.created_at
    evaluation_invite_booking(booking=booking, now=when, kept=kept)


def on_ticket_finished(*, event, obj: Ticket) -> None:
    """Subscribed to ticket.finished: 一次一评, the rating pad shows it."""
    evaluation_invite_ticket(ticket=obj, now=obj.finished_at or event.created_at)


def on_case_closed(*, event, obj: Case) -> None:
    """Subscribed to the closing events of a case (completed, refused, revoked)."""
    evaluation_invite_case(case=obj, now=obj.closed_at or event.created_at)


# --- rating ------------------------------------------------------------------------------


def _require_citizen(actor: Actor, evaluation: Evaluation) -> None:
    """Staff never rate for a citizen: a staff user (session or token) and every
    device but the rating pad of the window that served are refused."""
    if actor.is_staff_user or actor.kind == TokenKind.STAFF:
        raise PermissionDenied(_("工作人员不能代替群众评价"), code="staff_cannot_rate")
    if actor.kind == "anonymous":
        return
    if actor.kind != TokenKind.EVALUATOR:
        raise PermissionDenied(_("该设备不能提交评价"), code="device_cannot_rate")
    if actor.token.center_id != evaluation.center_id or (
        actor.window_id and actor.window_id != evaluation.window_id
    ):
        raise PermissionDenied(_("评价器只能提交本窗口的评价"), code="forbidden_window")


def _level(value, field: str, errors: dict, *, required: bool) -> int | None:
    if value is None or value == "":
        if required:
            errors[field] = _("请选择满意程度")
        return None
    if isinstance(value, bool):
        errors[field] = _("满意程度须为 1 至 5")
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = _("满意程度须为 1 至 5")
        return None
    if number != value and str(number) != str(value).strip():
        errors[field] = _("满意程度须为 1 至 5")
        return None
    if not 1 <= number <= 5:
        errors[field] = _("满意程度须为 1 至 5")
        return None
    return number


def evaluation_lookup(token: str) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related("center", "window").filter(token=str(token)[:64]).first()
    )
    if evaluation is None:
        raise NotFound(_("评价链接无效"), code="evaluation_not_found")
    return evaluation


@transaction.atomic
def evaluation_rate(
    *,
    actor: Actor,
    token: str,
    level,
    indicators: dict | None = None,
    reasons: list | None = None,
    comment: str = "",
    contact_phone: str = "",
    now: dt.datetime | None = None,
) -> Evaluation:
    """Rate a service once. Level 5 非常满意 … 1 非常不满意; a bad rating (2, 1)
    names at least one reason and opens a rectification."""
    evaluation = evaluation_lookup(token)
    _require_citizen(actor, evaluation)
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("center", "window")
        .get(pk=evaluation.pk)
    )
    now = now or timezone.now()
    if evaluation.rated_at is not None:
        raise Conflict(_("本次服务已评价，每次服务只能评价一次"), code="already_rated")
    if now >= evaluation.expires_at:
        raise Conflict(_("评价已过有效期"), code="evaluation_expired")

    errors: dict = {}
    level = _level(level, "level", errors, required=True)
    scores = {}
    allowed = [key for key, _label in indicators_for(evaluation.subject)]
    if indicators is not None and not isinstance(indicators, dict):
        errors["indicators"] = _("格式有误")
    for key, value in (indicators or {}).items() if isinstance(indicators, dict) else ():
        if key not in allowed:
            errors[f"indicators.{str(key)[:30]}"] = _("没有这项评价指标")
            continue
        scores[key] = _level(value, f"indicators.{key}", errors, required=False)
    reasons = reasons or []
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        errors["reasons"] = _("格式有误")
        reasons = []
    reason_values = [value for value, _label in reasons_for(evaluation.subject)]
    unknown = [r for r in reasons if r not in reason_values]
    if unknown:
        errors["reasons"] = _("没有这个差评原因：%(reason)s") % {"reason": unknown[0][:30]}
    bad = level in BAD_LEVELS
    if level is not None and not bad and reasons:
        errors["reasons"] = _("只有“不满意”或“非常不满意”需要选择原因")
    if bad and not reasons and "reasons" not in errors:
        errors["reasons"] = _("请至少选择一个不满意的原因")
    comment = (comment or "").strip() if isinstance(comment, str) else None
    if comment is None:
        errors["comment"] = _("格式有误")
    elif len(comment) > COMMENT_MAX:
        errors["comment"] = _("不能超过 %(n)s 个字") % {"n": COMMENT_MAX}
    phone = ""
    if contact_phone:
        try:
            phone = parse_phone(str(contact_phone)[:20])
        except ValidationFailed:
            errors["contact_phone"] = _("手机号码格式不正确")
    if errors:
        raise ValidationFailed(_("评价内容有误"), code="invalid_rating", fields=errors)

    evaluation.level = level
    for key in allowed:  # each indicator's value is its field's name
        setattr(evaluation, key, scores.get(key))
    evaluation.reasons = sorted(set(reasons), key=BadReason.values.index)
    evaluation.comment = comment or ""
    evaluation.channel = (
        RatingChannel.PAD if actor.kind == TokenKind.EVALUATOR else RatingChannel.WEB
    )
    if phone:
        evaluation.contact_phone = phone
    evaluation.real_name = bool(evaluation.contact_phone or evaluation.person_hash)
    evaluation.rated_at = now
    evaluation.save()
    emit(
        "evaluation.rated",
        center=evaluation.center,
        aggregate=evaluation,
        payload={
            "level": level,
            "bad": bad,
            "channel": evaluation.channel,
            "window_code": evaluation.window.code if evaluation.window else None,
        },
    )
    if bad:
        _open_rectification(evaluation, now)
    return evaluation


# --- rectification -------------------------------------------------------------------


def _open_rectification(evaluation: Evaluation, now: dt.datetime) -> Rectification:
    cal = WorkingCalendar()
    today = timezone.localdate(now)
    center = evaluation.center
    rectification = Rectification(
        evaluation=evaluation, center=center, real_name=evaluation.real_name, opened_at=now
    )
    _set_dues(rectification, cal, today)
    rectification.save()
    _emit(rectification, "rectification.opened")
    return rectification


def _set_dues(rectification: Rectification, cal: WorkingCalendar, opened: dt.date) -> None:
    """Contact a real-name rater within feedback.contact_days, rectify within
    feedback.rectify_days, both counted from the day the rectification opened."""
    center = rectification.center
    if rectification.real_name:
        rectification.contact_due, rectification.contact_due_provisional = cal.deadline(
            opened, center_setting(center, "feedback.contact_days")
        )
    rectification.rectify_due, rectification.rectify_due_provisional = cal.deadline(
        opened, center_setting(center, "feedback.rectify_days")
    )


@transaction.atomic
def rectifications_recompute_provisional() -> int:
    """A year was added to the holiday table: open rectifications whose dates
    were counted on weekdays alone are counted again, each change an event."""
    cal, count = WorkingCalendar(), 0
    rows = Rectification.objects.select_for_update().filter(
        Q(contact_due_provisional=True) | Q(rectify_due_provisional=True),
        status__in=OPEN_STATUSES,
    )

    def state(r):
        return r.contact_due, r.contact_due_provisional, r.rectify_due, r.rectify_due_provisional

    for rectification in rows.select_related("center"):
        previous = state(rectification)
        _set_dues(rectification, cal, timezone.localdate(rectification.opened_at))
        if state(rectification) == previous:
            continue  # still counted over a missing year
        rectification.save(
            update_fields=[
                "contact_due",
                "contact_due_provisional",
                "rectify_due",
                "rectify_due_provisional",
            ]
        )
        _emit(rectification, "rectification.due_recomputed", previous=previous[2].isoformat())
        count += 1
    return count


def _emit(rectification: Rectification, kind: str, **extra) -> None:
    emit(
        kind,
        center=rectification.center,
        aggregate=rectification,
        payload={"status": rectification.status, "real_name": rectification.real_name, **extra},
    )


def _text(value, field: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise ValidationFailed(_("请填写完整"), fields={field: _("必填")})
    if len(text) > limit:
        raise ValidationFailed(
            _("内容过长"), fields={field: _("不能超过 %(n)s 个字") % {"n": limit}}
        )
    return text


def _locked(actor: Actor, rectification: Rectification, capability: str) -> Rectification:
    actor.require(rectification.center, capability)
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("center", "evaluation")
        .get(pk=rectification.pk)
    )


def _require_status(rectification: Rectification, *allowed: str) -> None:
    if rectification.status not in allowed:
        raise InvalidTransition(
            _("当前状态（%(status)s）不能执行此操作")
            % {"status": rectification.get_status_display()}
        )


def _after_settled(rectification: Rectification, now: dt.datetime) -> None:
    """A settled record goes on to the reply when the rater can be reached, else closes."""
    if rectification.real_name:
        rectification.status = RectificationStatus.TO_REPLY
    else:
        rectification.status = RectificationStatus.CLOSED
        rectification.closed_at = now
        rectification.warning = WarningLevel.NONE


@transaction.atomic
def rectification_contact(
    *, actor: Actor, rectification: Rectification, note: str, now: dt.datetime | None = None
) -> Rectification:
    """The first call to a real-name rater (Shanghai: within 1 working day)."""
    rectification = _locked(actor, rectification, HANDLERS)
    if not rectification.real_name:
        raise InvalidTransition(_("匿名评价无法联系评价人"), code="anonymous_rating")
    if rectification.contacted_at is not None:
        raise InvalidTransition(_("已记录联系情况"), code="already_contacted")
    _require_status(
        rectification,
        RectificationStatus.OPEN,
        RectificationStatus.APPEALING,
        RectificationStatus.RECTIFYING,
    )
    rectification.contact_note = _text(note, "note")
    rectification.contacted_at = now or timezone.now()
    rectification.handled_by = actor.user
    rectification.save()
    _emit(rectification, "rectification.contacted")
    return rectification


@transaction.atomic
def rectification_classify(
    *,
    actor: Actor,
    rectification: Rectification,
    finding: str,
    note: str,
    now: dt.datetime | None = None,
) -> Rectification:
    """After verification: objective (属实) goes to rectification; not founded
    (不属实) goes to the district supervisor for review (申诉)."""
    rectification = _locked(actor, rectification, HANDLERS)
    _require_status(rectification, RectificationStatus.OPEN)
    if rectification.real_name and rectification.contacted_at is None:
        raise InvalidTransition(_("请先联系评价人，再作核实认定"), code="contact_first")
    if finding not in Finding.values:
        raise ValidationFailed(_("请选择核实结论"), fields={"finding": _("无效的核实结论")})
    rectification.finding_note = _text(note, "note")
    rectification.finding = finding
    rectification.classified_at = now or timezone.now()
    rectification.handled_by = actor.user
    rectification.status = (
        RectificationStatus.RECTIFYING
        if finding == Finding.OBJECTIVE
        else RectificationStatus.APPEALING
    )
    rectification.save()
    _emit(rectification, "rectification.classified", finding=finding)
    return rectification


@transaction.atomic
def rectification_review(
    *,
    actor: Actor,
    rectification: Rectification,
    upheld: bool,
    opinion: str,
    now: dt.datetime | None = None,
) -> Rectification:
    """The district supervisor decides a 不属实 finding: upheld, the bad rating
    is set aside (no rectification); rejected, it is objective and is rectified."""
    rectification = _locked(actor, rectification, REVIEWERS)
    _require_status(rectification, RectificationStatus.APPEALING)
    if not isinstance(upheld, bool):
        raise ValidationFailed(_("请选择审核结论"), fields={"upheld": _("必填")})
    now = now or timezone.now()
    rectification.review_opinion = _text(opinion, "opinion")
    rectification.appeal_upheld = upheld
    rectification.reviewed_at = now
    rectification.reviewed_by = actor.user
    if upheld:
        _after_settled(rectification, now)
    else:
        rectification.finding = Finding.OBJECTIVE
        rectification.status = RectificationStatus.RECTIFYING
    rectification.save()
    _emit(rectification, "rectification.reviewed", upheld=upheld)
    return rectification


@transaction.atomic
def rectification_rectify(
    *, actor: Actor, rectification: Rectification, measures: str, now: dt.datetime | None = None
) -> Rectification:
    rectification = _locked(actor, rectification, HANDLERS)
    _require_status(rectification, RectificationStatus.RECTIFYING)
    now = now or timezone.now()
    rectification.measures = _text(measures, "measures")
    rectification.rectified_at = now
    rectification.handled_by = actor.user
    _after_settled(rectification, now)
    rectification.save()
    _emit(rectification, "rectification.rectified")
    return rectification


@transaction.atomic
def rectification_reply(
    *, actor: Actor, rectification: Rectification, text: str, now: dt.datetime | None = None
) -> Rectification:
    """The answer to the rater: what was found and what was done."""
    rectification = _locked(actor, rectification, HANDLERS)
    _require_status(rectification, RectificationStatus.TO_REPLY)
    rectification.reply = _text(text, "text", limit=COMMENT_MAX)
    rectification.replied_at = now or timezone.now()
    rectification.handled_by = actor.user
    rectification.status = RectificationStatus.REPLIED
    rectification.save()
    evaluation = rectification.evaluation
    notify(
        center=rectification.center,
        key=f"rectification:{rectification.pk}:reply",
        channel="sms",
        recipient=evaluation.contact_phone,
        body=_official(
            _("【%(center)s】关于您对“%(item)s”的评价，处理情况如下：%(reply)s"),
            center=rectification.center.name,
            item=evaluation.item_name or evaluation.reference,
            reply=rectification.reply,
        ),
    )
    _emit(rectification, "rectification.replied")
    return rectification


@transaction.atomic
def rectification_close(
    *,
    actor: Actor,
    rectification: Rectification,
    rater_view: str,
    now: dt.datetime | None = None,
) -> Rectification:
    """The rater's view of the fix, asked on a return call, closes the record."""
    rectification = _locked(actor, rectification, HANDLERS)
    _require_status(rectification, RectificationStatus.REPLIED)
    if rater_view not in RaterView.values:
        raise ValidationFailed(_("请选择评价人意见"), fields={"rater_view": _("无效的评价人意见")})
    rectification.rater_view = rater_view
    rectification.status = RectificationStatus.CLOSED
    rectification.closed_at = now or timezone.now()
    rectification.warning = WarningLevel.NONE
    rectification.handled_by = actor.user
    rectification.save()
    _emit(rectification, "rectification.closed", rater_view=rater_view)
    return rectification


# The steps by name, for the work-list page and the API: `data` holds the step's
# fields (note, finding, upheld as a bool, opinion, measures, text, rater_view).
RECTIFICATION_STEPS = {
    "contact": lambda actor, record, data: rectification_contact(
        actor=actor, rectification=record, note=data.get("note", "")
    ),
    "classify": lambda actor, record, data: rectification_classify(
        actor=actor,
        rectification=record,
        finding=data.get("finding") or "",
        note=data.get("note", ""),
    ),
    "review": lambda actor, record, data: rectification_review(
        actor=actor,
        rectification=record,
        upheld=data.get("upheld"),
        opinion=data.get("opinion", ""),
    ),
    "rectify": lambda actor, record, data: rectification_rectify(
        actor=actor, rectification=record, measures=data.get("measures", "")
    ),
    "reply": lambda actor, record, data: rectification_reply(
        actor=actor, rectification=record, text=data.get("text", "")
    ),
    "close": lambda actor, record, data: rectification_close(
        actor=actor, rectification=record, rater_view=data.get("rater_view") or ""
    ),
}


# --- deadlines ---------------------------------------------------------------------------

OPEN_STATUSES = (
    RectificationStatus.OPEN,
    RectificationStatus.APPEALING,
    RectificationStatus.RECTIFYING,
    RectificationStatus.TO_REPLY,
)


def next_deadline(rectification: Rectification) -> dt.date | None:
    """The deadline that matters now: contacting a real-name rater first, then
    the rectification (and the reply, due by the same date)."""
    if rectification.status not in OPEN_STATUSES:
        return None
    if rectification.real_name and rectification.contacted_at is None:
        return rectification.contact_due
    return rectification.rectify_due


@transaction.atomic
def rectification_warn(*, rectification: Rectification, today: dt.date) -> str | None:
    """Set the warning that `today` calls for on the current deadline; returns the
    new level when it changed, else None (safe to run twice)."""
    rectification = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("center")
        .get(pk=rectification.pk)
    )
    threshold = center_setting(rectification.center, "feedback.warning_days")
    level = deadline_warning(next_deadline(rectification), today, threshold)
    if level == rectification.warning:
        return None
    rectification.warning = level
    rectification.warned_at = timezone.now()
    rectification.save(update_fields=["warning", "warned_at"])
    _emit(rectification, "rectification.warning", level=level)
    return level or "cleared"


def rectifications_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduled sweep: a warning before each deadline, a flag on what is late.
    Each record in its own short transaction."""
    today = timezone.localdate(now or timezone.now())
    counts = {"yellow": 0, "red": 0, "cleared": 0, "errors": 0}
    records = Rectification.objects.filter(status__in=OPEN_STATUSES)
    for level in sweep_each(
        records,
        lambda r: rectification_warn(rectification=r, today=today),
        counts,
        "rectification warning",
    ):
        if level:
            counts[level] += 1
    return counts
