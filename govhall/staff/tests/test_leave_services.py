"""Leave (001 E.2) through its services: each step, each refusal, the A/B rule."""

import datetime as dt
from decimal import Decimal

import pytest

from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event
from govhall.core.tests.factories import actor
from govhall.staff import posts, presence
from govhall.staff.leave import selectors, services
from govhall.staff.leave.models import LeaveRequest, LeaveStatus
from govhall.staff.tests.leave_factories import BEFORE, day, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def ask(w, who, start=None, end=None, kind="personal", now=BEFORE):
    return services.leave_request(
        actor=actor(w[who]),
        center=w["center"],
        kind=kind,
        start=start or day(0),
        end=end or day(1),
        reason="家中有事",
        now=now,
    )


def approved(w, who, **kw):
    leave = ask(w, who, **kw)
    approver = "lead" if leave.department_id else "admin"
    return services.leave_approve(actor=actor(w[approver]), leave=leave, now=BEFORE)


def test_the_whole_way_request_approve_file_effect_return_early(w):
    leave = ask(w, "sent", end=day(3))  # Mon-Wed
    assert leave.status == LeaveStatus.REQUESTED and leave.department == w["dept"]
    assert leave.days == Decimal("3")
    assert list(selectors.approvable(actor(w["lead"]), w["center"])) == [leave]
    services.leave_approve(actor=actor(w["lead"]), leave=leave, now=BEFORE)
    services.leave_file(actor=actor(w["duty"]), leave=leave, now=BEFORE)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.FILED and leave.filed_by == w["duty"]
    noon = day(1) + dt.timedelta(hours=12)
    status, until, label = presence.status_at(w["center"], [w["sent"].pk], noon)[w["sent"].pk]
    assert (status, until, label) == ("leave", day(3), "事假")
    back = day(1) + dt.timedelta(hours=14)
    services.leave_return(actor=actor(w["sent"]), leave=leave, now=back)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.RETURNED and leave.end == back
    assert leave.planned_end == day(3) and leave.days == Decimal("2")
    assert presence.status_at(w["center"], [w["sent"].pk], day(2))[w["sent"].pk][0] == "off"
    kinds = list(
        Event.objects.filter(aggregate_id=str(leave.pk), kind__startswith="leave.").values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["leave.requested", "leave.approved", "leave.filed", "leave.returned"]


def test_the_home_department_approves_and_the_centre_admin_its_own_staff(w):
    sent, own = ask(w, "sent"), ask(w, "c")
    with pytest.raises(PermissionDenied):
        services.leave_approve(actor=actor(w["admin"]), leave=sent)  # the department has a lead
    with pytest.raises(PermissionDenied):
        services.leave_approve(actor=actor(w["lead"]), leave=own)
    with pytest.raises(PermissionDenied):
        services.leave_approve(actor=actor(w["c"]), leave=own)  # a clerk holds no leave.approve
    assert list(selectors.approvable(actor(w["admin"]), w["center"])) == [own]
    services.leave_approve(actor=actor(w["admin"]), leave=own)
    services.leave_approve(actor=actor(w["lead"]), leave=sent)


def test_the_lead_does_not_approve_their_own_leave_the_centre_admin_does(w):
    mine = ask(w, "lead")
    with pytest.raises(PermissionDenied):
        services.leave_approve(actor=actor(w["lead"]), leave=mine)
    assert list(selectors.approvable(actor(w["admin"]), w["center"])) == [mine]
    services.leave_approve(actor=actor(w["admin"]), leave=mine)


def test_rejecting_needs_a_reason_and_tells_why(w):
    leave = ask(w, "c")
    with pytest.raises(ValidationFailed) as exc:
        services.leave_reject(actor=actor(w["admin"]), leave=leave, reason="  ")
    assert "reason" in exc.value.fields
    services.leave_reject(actor=actor(w["admin"]), leave=leave, reason="月底业务高峰，请改期")
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.REJECTED and leave.decision_note == "月底业务高峰，请改期"


def test_steps_out_of_order_are_invalid_transitions(w):
    leave = ask(w, "c")
    with pytest.raises(InvalidTransition):
        services.leave_file(actor=actor(w["duty"]), leave=leave)  # not approved yet
    with pytest.raises(InvalidTransition):
        services.leave_return(
            actor=actor(w["c"]),
            leave=leave,
            now=day(
                0,
            )
            + dt.timedelta(hours=9),
        )
    services.leave_approve(actor=actor(w["admin"]), leave=leave)
    with pytest.raises(InvalidTransition):
        services.leave_approve(actor=actor(w["admin"]), leave=leave)
    services.leave_file(actor=actor(w["duty"]), leave=leave, now=BEFORE)
    with pytest.raises(InvalidTransition):
        services.leave_return(actor=actor(w["c"]), leave=leave, now=BEFORE)  # not started
    with pytest.raises(InvalidTransition):
        services.leave_cancel(actor=actor(w["c"]), leave=leave, now=day(0) + dt.timedelta(hours=9))
    services.leave_return(actor=actor(w["c"]), leave=leave, now=day(2))
    with pytest.raises(InvalidTransition):
        services.leave_return(actor=actor(w["c"]), leave=leave, now=day(2))


def test_cancel_before_it_starts_by_the_person_or_the_centre_not_someone_else(w):
    leave = approved(w, "c")
    with pytest.raises(PermissionDenied):
        services.leave_cancel(actor=actor(w["a"]), leave=leave, now=BEFORE)
    services.leave_cancel(actor=actor(w["c"]), leave=leave, now=BEFORE)
    assert LeaveRequest.objects.get(pk=leave.pk).status == LeaveStatus.CANCELLED
    other = approved(w, "c")  # the dates are free again
    services.leave_file(actor=actor(w["duty"]), leave=other, now=BEFORE)
    services.leave_cancel(actor=actor(w["duty"]), leave=other, now=BEFORE)
    with pytest.raises(InvalidTransition):
        services.leave_cancel(actor=actor(w["c"]), leave=other, now=BEFORE)


def test_bad_input_is_refused_and_nothing_is_written(w):
    cases = [
        {"kind": "holiday"},
        {"reason": ""},
        {"reason": "很" * 201},
        {"start": day(1), "end": day(0)},
        {"start": day(0), "end": day(400)},
    ]
    for bad in cases:
        args = {"kind": "personal", "start": day(0), "end": day(1), "reason": "有事", **bad}
        with pytest.raises(ValidationFailed):
            services.leave_request(actor=actor(w["c"]), center=w["center"], **args)
    assert not LeaveRequest.objects.exists()


def test_an_overlapping_second_request_is_a_conflict(w):
    ask(w, "c", start=day(0), end=day(2))
    with pytest.raises(Conflict) as exc:
        ask(w, "c", start=day(1), end=day(3))
    assert exc.value.code == "leave_overlap"
    ask(w, "c", start=day(2), end=day(3))  # the next day is free


def test_another_centres_actor_is_refused(w):
    other = world()
    leave = ask(w, "c")
    with pytest.raises(PermissionDenied):
        services.leave_approve(actor=actor(other["admin"]), leave=leave)
    with pytest.raises(PermissionDenied):
        services.leave_request(
            actor=actor(other["c"]),
            center=w["center"],
            kind="sick",
            start=day(0),
            end=day(1),
            reason="x",
        )


# --- the A/B rule (001 B.4) ---------------------------------------------------------------


def test_a_leave_that_would_uncover_a_window_is_refused(w):
    first = approved(w, "a")
    services.leave_file(actor=actor(w["duty"]), leave=first, now=BEFORE)  # B is there
    second = approved(w, "b", start=day(0) + dt.timedelta(hours=12), end=day(1))
    assert [x.name for x in services.uncovered(second)] == ["1号窗口", "2号窗口"]
    with pytest.raises(ValidationFailed) as exc:
        services.leave_file(actor=actor(w["duty"]), leave=second, now=BEFORE)
    assert exc.value.code == "window_uncovered" and "cover" in exc.value.fields
    assert LeaveRequest.objects.get(pk=second.pk).status == LeaveStatus.APPROVED


def test_a_named_cover_lets_it_pass_and_serves_the_window(w):
    first = approved(w, "a")
    services.leave_file(actor=actor(w["duty"]), leave=first, now=BEFORE)
    noon = day(0) + dt.timedelta(hours=10)
    assert posts.serving(w["w1"], noon).user == w["b"]  # B takes over
    second = approved(w, "b")
    services.leave_file(actor=actor(w["duty"]), leave=second, cover=w["c"], now=BEFORE)
    found = posts.serving(w["w1"], noon)
    assert (found.user, found.post) == (w["c"], "cover")


def test_a_cover_who_is_away_too_does_not_count(w):
    services.leave_file(actor=actor(w["duty"]), leave=approved(w, "a"), now=BEFORE)
    services.leave_file(actor=actor(w["duty"]), leave=approved(w, "c"), now=BEFORE)
    second = approved(w, "b")
    with pytest.raises(ValidationFailed):
        services.leave_file(actor=actor(w["duty"]), leave=second, cover=w["c"], now=BEFORE)
    with pytest.raises(ValidationFailed):
        services.leave_file(actor=actor(w["duty"]), leave=second, cover=w["b"], now=BEFORE)


def test_the_requester_is_told_which_windows_would_be_uncovered(w):
    services.leave_file(actor=actor(w["duty"]), leave=approved(w, "a"), now=BEFORE)
    mine = ask(w, "b")
    assert {x.pk for x in services.uncovered(mine)} == {w["w1"].pk, w["w2"].pk}
    assert services.uncovered(mine, cover=w["c"]) == []


def test_nobody_files_their_own_leave(w):
    leave = approved(w, "duty")
    with pytest.raises(PermissionDenied):
        services.leave_file(actor=actor(w["duty"]), leave=leave, now=BEFORE)
    services.leave_file(actor=actor(w["admin"]), leave=leave, now=BEFORE)


# --- the lead's absence (C.2.7) -----------------------------------------------------------


def report(w, first, last, deputy=None, who="lead"):
    return services.lead_absence_report(
        actor=actor(w[who]),
        center=w["center"],
        lead=w["lead"],
        start_date=first,
        end_date=last,
        reason="市局业务培训",
        deputy=w[deputy] if deputy else None,
        now=BEFORE,
    )


def test_more_than_two_days_needs_a_deputy(w):
    mon = day(0).date()
    with pytest.raises(ValidationFailed) as exc:
        report(w, mon, mon + dt.timedelta(days=2))
    assert "deputy" in exc.value.fields
    absence = report(w, mon, mon + dt.timedelta(days=2), deputy="sent")
    assert absence.days == 3 and absence.deputy == w["sent"]
    status = presence.status_at(w["center"], [w["lead"].pk], day(1))[w["lead"].pk]
    assert status[0] == "leave" and status[1] == day(3)
    # Friday to Monday is two working days: no deputy needed.
    fri = mon + dt.timedelta(days=11)
    assert report(w, fri, fri + dt.timedelta(days=3)).days == 2


def test_lead_absence_refusals(w):
    mon = day(0).date()
    with pytest.raises(ValidationFailed):
        report(w, mon + dt.timedelta(days=1), mon)  # end before start
    with pytest.raises(ValidationFailed):
        report(w, mon + dt.timedelta(days=5), mon + dt.timedelta(days=6))  # a weekend
    with pytest.raises(PermissionDenied):
        report(w, mon, mon, who="sent")  # not the lead, no leave.approve
    with pytest.raises(PermissionDenied):
        report(w, mon, mon, who="duty")
    report(w, mon, mon, who="admin")  # the centre records it for the lead
    with pytest.raises(Conflict):
        report(w, mon, mon + dt.timedelta(days=1))
    absences = selectors.lead_absences_current_and_coming(w["center"], mon)
    assert absences.count() == 1


def test_away_today_and_the_monthly_report(w):
    services.leave_file(
        actor=actor(w["duty"]),
        leave=approved(w, "a", end=day(0) + dt.timedelta(hours=12)),
        now=BEFORE,
    )
    services.leave_file(
        actor=actor(w["duty"]), leave=approved(w, "sent", start=day(-3), end=day(2)), now=BEFORE
    )
    ask(w, "c")  # not filed: not away, not reported
    assert {x.user for x in selectors.away_on(w["center"], day(0).date())} == {w["a"], w["sent"]}
    assert selectors.away_count(w["center"], day(0).date()) == 2
    groups = selectors.monthly_report(w["center"], day(0).date())
    assert [g["department"] for g in groups] == [None, w["dept"].name]
    assert [(r["user"], r["days"]) for r in groups[0]["rows"]] == [(w["a"], Decimal("0.5"))]
    # Friday 28 Feb and Mon-Tue in March: only March's two days count in March.
    assert groups[1]["rows"][0]["days"] == Decimal("2") and groups[1]["total"] == Decimal("2")
