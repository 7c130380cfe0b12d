"""Complaints (投诉): receiving on every channel, the promised reply date in
working days, the life of a complaint, the state machine, who may act, the
warnings and the month's figures."""

import datetime as dt
import json
import re

import chinese_calendar
import pytest
import time_machine

from govhall.core.actors import ANONYMOUS, actor_for_user
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.models import AuditLog, Event, Notification
from govhall.feedback.models import Complaint, ComplaintStatus
from govhall.feedback.selectors import complaints as selectors
from govhall.feedback.services import complaints as services

from .complaint_factories import CONTENT, NAME, PHONE, at, receive, walk, world


@pytest.fixture
def w(db):
    return world()


def official(start: dt.date, days: int) -> dt.date:
    """The oracle: the `days`-th working day after `start` by chinese_calendar."""
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= chinese_calendar.is_workday(day)
    return day


# --- receiving -------------------------------------------------------------------------------


def test_receive_on_each_channel(w):
    now = at(2025, 3, 3)
    window = receive(w, channel="window", now=now)
    hotline = receive(w, channel="hotline", actor=w["integration"], now=now)
    by_admin = receive(w, channel="hotline", actor=w["admin"], hotline_ref="GD-1", now=now)
    online = services.complaint_receive(
        actor=ANONYMOUS, center=w["center"], channel="online", content="网上投诉内容", now=now
    )
    assert [c.channel for c in (window, hotline, by_admin, online)] == [
        "window",
        "hotline",
        "hotline",
        "online",
    ]
    assert window.received_by == w["reception_user"] and online.received_by is None
    assert window.staff == w["subject_user"] and window.window == w["w1"]
    assert window.complainant_name == NAME and window.complainant_phone == PHONE
    assert online.complainant_phone == "" and online.staff is None
    assert hotline.hotline_ref.startswith("GD") and window.hotline_ref == ""
    assert all(c.status == ComplaintStatus.RECEIVED for c in (window, hotline, online))
    # An SMS to the complainant who left a phone: the number and the promised date.
    sms = Notification.objects.get(key=f"complaint:{window.pk}:received")
    assert window.number in sms.body and "2025年3月10日" in sms.body
    assert not Notification.objects.filter(key=f"complaint:{online.pk}:received").exists()
    assert Event.objects.filter(kind="complaint.received").count() == 4


def test_number_format_and_uniqueness(w):
    code = w["center"].code
    first = receive(w, now=at(2025, 3, 3))
    second = receive(w, now=at(2025, 3, 4))
    elsewhere = receive(w, now=at(2025, 3, 4))
    assert re.fullmatch(rf"{re.escape(code)}-TS2025\d{{5}}", first.number)
    assert first.number == f"{code}-TS202500001" and second.number == f"{code}-TS202500002"
    other = services.complaint_receive(
        actor=ANONYMOUS, center=w["other_center"], channel="online", content="另一中心"
    )
    assert other.number.startswith(w["other_center"].code + "-TS")
    next_year = receive(w, now=at(2026, 1, 5))
    assert next_year.number == f"{code}-TS202600001"
    numbers = [c.number for c in (first, second, elsewhere, other, next_year)]
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize(
    "day",
    [dt.date(2025, 9, 26), dt.date(2025, 9, 30), dt.date(2025, 1, 24), dt.date(2025, 4, 30)],
    ids=str,
)
def test_reply_due_in_working_days_around_holidays(w, day):
    with time_machine.travel(at(day.year, day.month, day.day, 16), tick=False):
        complaint = receive(w)
    assert complaint.reply_due == official(day, 5)


def test_reply_due_worked_example_national_day(w):
    # Tue 30 Sep 2025: 1-8 Oct are holidays, Sat 11 Oct a make-up working day.
    with time_machine.travel(at(2025, 9, 30, 17), tick=False):
        complaint = receive(w)
    assert complaint.reply_due == dt.date(2025, 10, 14)
    w["center"].settings = {**w["center"].settings, "complaints.reply_days": 3}
    w["center"].save()
    with time_machine.travel(at(2025, 9, 30, 17), tick=False):
        shorter = receive(w)
    assert shorter.reply_due == dt.date(2025, 10, 11)  # the 调休 Saturday counts


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"content": ""}, "content"),
        ({"content": "   "}, "content"),
        ({"content": "长" * 2001}, "content"),
        ({"complainant_name": "名" * 51}, "complainant_name"),
        ({"complainant_phone": "12345"}, "complainant_phone"),
        ({"staff_number": "9" * 33}, "staff_number"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(w, over, field):
    with pytest.raises(ValidationFailed) as exc:
        receive(w, **over)
    assert exc.value.status == 422 and field in exc.value.fields
    assert (
        not Complaint.objects.exists()
        and not Event.objects.filter(kind__startswith="complaint").exists()
    )


def test_channel_window_and_hotline_rules(w):
    with pytest.raises(ValidationFailed) as exc:
        receive(w, channel="email")
    assert exc.value.code == "invalid_channel"
    with pytest.raises(ValidationFailed) as exc:
        receive(w, channel="window", window=w["other"]["w1"])
    assert exc.value.code == "window_not_in_center"
    with pytest.raises(ValidationFailed) as exc:
        receive(w, channel="hotline", hotline_ref="")
    assert "hotline_ref" in exc.value.fields
    receive(w, channel="hotline", hotline_ref="GD-42")
    with pytest.raises(Conflict) as exc:
        receive(w, channel="hotline", hotline_ref="GD-42", actor=w["integration"])
    assert exc.value.code == "hotline_ref_duplicate" and exc.value.status == 409
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "channel"),
    [
        ("anonymous", "window"),
        ("anonymous", "hotline"),
        ("clerk", "window"),
        ("clerk", "hotline"),
        ("integration", "window"),
        ("other_admin", "window"),
    ],
)
def test_wrong_role_cannot_register(w, who, channel):
    actor = {"anonymous": ANONYMOUS}.get(who) or w[who]
    with pytest.raises(PermissionDenied) as exc:
        receive(w, actor=actor, channel=channel)
    assert exc.value.status == 403
    assert not Complaint.objects.exists()


def test_staff_number_resolves_only_to_staff_of_the_centre(w):
    unknown = receive(w, staff_number="NOPE-1")
    assert unknown.staff is None and unknown.staff_number == "NOPE-1"
    elsewhere = receive(w, staff_number=w["other_admin_user"].staff_number)
    assert elsewhere.staff is None


# --- the life of a complaint ---------------------------------------------------------------


def test_full_life_writes_events_without_personal_data(w):
    complaint = receive(w, channel="window", now=at(2025, 3, 3))
    assert complaint.reply_due == dt.date(2025, 3, 10)
    complaint = walk(w, complaint, to="closed", now=at(2025, 3, 5))
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.assignee == w["handler_user"] and complaint.founded is True
    assert complaint.replied_at == at(2025, 3, 5) and complaint.closed_at == at(2025, 3, 5)
    assert complaint.satisfaction == "satisfied"
    events = Event.objects.filter(
        aggregate_type="feedback.complaint", aggregate_id=str(complaint.pk)
    ).order_by("id")
    assert [e.kind for e in events] == [
        "complaint.received",
        "complaint.assigned",
        "complaint.investigated",
        "complaint.replied",
        "complaint.closed",
    ]
    assert all(e.center_id == w["center"].pk for e in events)
    assert events[3].payload["on_time"] is True
    dumped = json.dumps([e.payload for e in events], ensure_ascii=False)
    for secret in (NAME, PHONE, CONTENT[:10], "录像", "批评教育"):
        assert secret not in dumped
    # The reply goes to the complainant by SMS, once.
    sms = Notification.objects.get(key=f"complaint:{complaint.pk}:replied")
    assert complaint.number in sms.body and complaint.receipt_token in sms.body


def test_revisions_allowed_before_the_next_step(w):
    complaint = receive(w)
    services.complaint_assign(actor=w["admin"], complaint=complaint, assignee=w["bystander"].user)
    services.complaint_assign(actor=w["admin"], complaint=complaint, assignee=w["handler_user"])
    complaint.refresh_from_db()
    assert complaint.assignee == w["handler_user"]
    services.complaint_investigate(
        actor=w["handler"], complaint=complaint, investigation="初步", founded=False
    )
    services.complaint_investigate(
        actor=w["handler"], complaint=complaint, investigation="复核后属实", founded=True
    )
    complaint.refresh_from_db()
    assert complaint.founded is True and complaint.investigation == "复核后属实"


def _snapshot(complaint):
    complaint.refresh_from_db()
    fields = [f.attname for f in Complaint._meta.concrete_fields]
    return {f: getattr(complaint, f) for f in fields}


def _attempt(w, complaint, step):
    if step == "assign":
        services.complaint_assign(actor=w["admin"], complaint=complaint, assignee=w["handler_user"])
    elif step == "investigate":
        services.complaint_investigate(
            actor=w["admin"], complaint=complaint, investigation="x", founded=True
        )
    elif step == "reply":
        services.complaint_reply(actor=w["admin"], complaint=complaint, reply="x")
    else:
        services.complaint_return_visit(
            actor=w["admin"], complaint=complaint, satisfaction="satisfied"
        )


ALLOWED = {
    "received": {"assign"},
    "assigned": {"assign", "investigate"},
    "investigating": {"investigate", "reply"},
    "replied": {"return_visit"},
    "closed": set(),
}


@pytest.mark.parametrize("status", list(ALLOWED))
def test_every_step_out_of_order_is_409_and_changes_nothing(w, status):
    complaint = receive(w)
    if status != "received":
        complaint = walk(w, complaint, to=status)
    for step in {"assign", "investigate", "reply", "return_visit"} - ALLOWED[status]:
        before, events = _snapshot(complaint), Event.objects.count()
        with pytest.raises(InvalidTransition) as exc:
            _attempt(w, complaint, step)
        assert exc.value.status == 409, step
        assert _snapshot(complaint) == before and Event.objects.count() == events


def test_out_of_order_is_409_even_with_bad_input(w):
    complaint = receive(w)
    with pytest.raises(InvalidTransition):
        services.complaint_reply(actor=w["admin"], complaint=complaint, reply="")
    with pytest.raises(InvalidTransition):
        services.complaint_return_visit(actor=w["admin"], complaint=complaint, satisfaction="?")


def test_wrong_roles_are_403(w):
    complaint = receive(w)
    for actor in (w["reception"], w["handler"], w["integration"]):
        with pytest.raises(PermissionDenied):
            services.complaint_assign(actor=actor, complaint=complaint, assignee=w["handler_user"])
    walk(w, complaint, to="assigned")
    # Only the assignee or a centre admin investigates, replies and visits back.
    for actor in (w["bystander"], w["reception"], w["integration"], w["other_admin"]):
        with pytest.raises(PermissionDenied) as exc:
            services.complaint_investigate(
                actor=actor, complaint=complaint, investigation="x", founded=True
            )
        assert exc.value.status == 403
    with pytest.raises(PermissionDenied):
        services.complaint_contact_reveal(actor=w["bystander"], complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ASSIGNED and complaint.investigation == ""


def test_assignee_rules(w):
    complaint = receive(w)
    with pytest.raises(ValidationFailed) as exc:
        services.complaint_assign(
            actor=w["admin"], complaint=complaint, assignee=w["other_admin_user"]
        )
    assert exc.value.code == "assignee_not_in_center"
    with pytest.raises(ValidationFailed) as exc:
        services.complaint_assign(actor=w["admin"], complaint=complaint, assignee=w["subject_user"])
    assert exc.value.code == "assignee_is_subject"
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.assignee is None


def test_return_visit_needs_a_note_when_not_satisfied(w):
    complaint = walk(w, receive(w), to="replied")
    with pytest.raises(ValidationFailed) as exc:
        services.complaint_return_visit(
            actor=w["handler"], complaint=complaint, satisfaction="dissatisfied"
        )
    assert "note" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.complaint_return_visit(
            actor=w["handler"], complaint=complaint, satisfaction="happy"
        )
    services.complaint_return_visit(
        actor=w["handler"], complaint=complaint, satisfaction="unreachable", note="三次未接通"
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED


def test_contact_reveal_is_audited(w):
    complaint = walk(w, receive(w), to="assigned")
    contact = services.complaint_contact_reveal(actor=w["handler"], complaint=complaint)
    assert contact == {"name": NAME, "phone": PHONE}
    log = AuditLog.objects.get(action="personal_data.revealed")
    assert log.actor == w["handler_user"] and log.object_id == str(complaint.pk)


# --- reads and scope -----------------------------------------------------------------------


def test_another_centres_complaint_is_404(w):
    complaint = receive(w)
    with pytest.raises(NotFound):
        selectors.complaint_for_actor(w["other_admin"], complaint.number)
    with pytest.raises(NotFound):
        selectors.complaint_for_actor(w["other_admin"], "\x00")
    assert selectors.complaint_for_actor(w["admin"], complaint.number) == complaint


def test_clerks_see_only_what_is_assigned_to_them(w):
    mine = walk(w, receive(w), to="assigned")
    theirs = receive(w)
    assert selectors.work_list(w["handler"], w["center"], status="") == [mine]
    assert selectors.work_list(w["bystander"], w["center"], status="") == []
    with pytest.raises(NotFound):
        selectors.complaint_for_actor(w["bystander"], theirs.number)
    with pytest.raises(NotFound):  # the person complained about does not read it
        selectors.complaint_for_actor(actor_for_user(w["subject_user"]), mine.number)
    assert set(selectors.work_list(w["reception"], w["center"], status="")) == {mine, theirs}
    with pytest.raises(PermissionDenied):
        selectors.work_list(w["other_admin"], w["center"])
    # The 12345 integration token reads the hotline transfers only.
    hotline = receive(w, channel="hotline", actor=w["integration"])
    assert selectors.work_list(w["integration"], w["center"], status="") == [hotline]


def test_receipt_lookup(w):
    complaint = receive(w)
    assert selectors.complaint_by_receipt(complaint.receipt_token) == complaint
    for bad in ("", "nope", "\x00", "x" * 500):
        with pytest.raises(NotFound):
            selectors.complaint_by_receipt(bad)


# --- warnings ------------------------------------------------------------------------------


def test_sweep_warns_yellow_then_red_and_is_idempotent(w):
    # Received Mon 3 Mar 2025: due Mon 10 Mar (5 working days).
    late = receive(w, now=at(2025, 3, 3))
    answered = walk(w, receive(w, now=at(2025, 3, 3)), to="replied", now=at(2025, 3, 4))
    fresh = receive(w, now=at(2025, 3, 7))  # due Fri 14 Mar
    assert services.complaints_sweep(now=at(2025, 3, 6)) == {"yellow": 0, "red": 0, "errors": 0}
    assert services.complaints_sweep(now=at(2025, 3, 7)) == {"yellow": 1, "red": 0, "errors": 0}
    assert services.complaints_sweep(now=at(2025, 3, 7, 15)) == {
        "yellow": 0,
        "red": 0,
        "errors": 0,
    }
    late.refresh_from_db()
    assert late.warning == "yellow"
    assert services.complaints_sweep(now=at(2025, 3, 11)) == {"yellow": 0, "red": 1, "errors": 0}
    assert services.complaints_sweep(now=at(2025, 3, 11)) == {"yellow": 0, "red": 0, "errors": 0}
    for c in (late, answered, fresh):
        c.refresh_from_db()
    assert (late.warning, answered.warning, fresh.warning) == ("red", "", "")
    kinds = list(
        Event.objects.filter(kind="complaint.warning").values_list("payload__level", flat=True)
    )
    assert kinds == ["yellow", "red"]


def test_red_straight_away_when_first_swept_after_the_date(w):
    complaint = receive(w, now=at(2025, 3, 3))
    assert services.complaint_warn(complaint=complaint, today=dt.date(2025, 3, 12)) == "red"
    assert services.complaint_warn(complaint=complaint, today=dt.date(2025, 3, 13)) is None


# --- figures -------------------------------------------------------------------------------


def test_monthly_figures_move_as_complaints_are_replied(w):
    center = w["center"]
    a = receive(w, now=at(2025, 3, 3))  # due 10 Mar
    b = receive(w, channel="hotline", actor=w["integration"], now=at(2025, 3, 3))
    c = services.complaint_receive(
        actor=ANONYMOUS, center=center, channel="online", content="x", now=at(2025, 3, 4)
    )
    receive(w, now=at(2025, 2, 27))  # February: not this month
    figures = selectors.monthly_figures(center, 2025, 3, today=dt.date(2025, 3, 5))
    assert figures["received"] == 3
    assert figures["by_channel"] == {"window": 1, "hotline": 1, "online": 1}
    assert figures["replied"] == 0 and figures["on_time_rate"] is None
    assert figures["overdue_open"] == 0

    walk(w, a, to="replied", now=at(2025, 3, 10, 16))  # on the promised day: on time
    figures = selectors.monthly_figures(center, 2025, 3, today=dt.date(2025, 3, 12))
    assert (figures["replied"], figures["replied_on_time"], figures["on_time_rate"]) == (1, 1, 1.0)
    assert figures["overdue_open"] == 3  # b, c (due 10 and 11 Mar) and February's

    walk(w, b, to="replied", now=at(2025, 3, 12), founded=False)  # late
    figures = selectors.monthly_figures(center, 2025, 3, today=dt.date(2025, 3, 12))
    assert (figures["replied"], figures["replied_on_time"], figures["on_time_rate"]) == (2, 1, 0.5)
    assert figures["founded"] == 1 and figures["overdue_open"] == 2

    services.complaint_return_visit(
        actor=w["admin"], complaint=a, satisfaction="basic", now=at(2025, 3, 13)
    )
    services.complaint_return_visit(
        actor=w["admin"],
        complaint=b,
        satisfaction="dissatisfied",
        note="仍不满意",
        now=at(2025, 3, 13),
    )
    walk(w, c, to="replied", now=at(2025, 3, 13))
    services.complaint_return_visit(
        actor=w["admin"],
        complaint=c,
        satisfaction="unreachable",
        note="无法接通",
        now=at(2025, 3, 14),
    )
    figures = selectors.monthly_figures(center, 2025, 3, today=dt.date(2025, 3, 14))
    assert figures["return_visits"] == 2  # the unreachable one is left out
    assert figures["satisfaction_rate"] == 0.5
    assert figures["replied"] == 3 and figures["on_time_rate"] == round(1 / 3, 4)
    assert selectors.monthly_figures(w["other_center"], 2025, 3)["received"] == 0


def test_the_hourly_job_runs_the_sweep(w):
    from govhall.feedback.tasks import sweep_complaints

    complaint = receive(w, now=at(2025, 3, 3))
    sweep_complaints()  # HUEY_IMMEDIATE in tests: runs now, "today" is long after 10 Mar 2025
    complaint.refresh_from_db()
    assert complaint.warning == "red"
