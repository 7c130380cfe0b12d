"""Efficiency supervision (001 6.6.2.2): each automatic check against real rows
(a problem found, its absence not), one finding per standing problem, the cause
gone, the close-out state machine with its refusals, scoping, the pages, the
report, and the working-day deadline arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.cases.models import CaseStep, Document, DocumentKind, Step
from govhall.cases.tests import factories as cf
from govhall.catalog import services as catalog
from govhall.catalog.models import ItemVersion, Stationing
from govhall.catalog.tests.factories import superuser
from govhall.core.actors import actor_for_user
from govhall.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import Event, Role
from govhall.core.services import calendar_seed
from govhall.core.tests import factories as f
from govhall.core.workdays import WorkingCalendar
from govhall.hall.models import WindowPost
from govhall.queueing.tests.factories import window as make_window
from govhall.reports.periods import Period
from govhall.reports.supervision import checks, selectors, services
from govhall.reports.supervision.hooks import build
from govhall.reports.supervision.models import Finding, FindingKind, FindingState

pytestmark = pytest.mark.django_db
TZ = cf.SHANGHAI


def _run(w, day, hour=10, minute=0):
    now = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)
    return services.supervision_run(center=w["center"], day=day, now=now)


def _kind(w, kind):
    return list(Finding.objects.filter(center=w["center"], kind=kind))


@pytest.fixture
def w(db):
    return cf.world()


# --- (1) the guide's elements -------------------------------------------------------


def test_a_guide_without_its_complaint_phone_is_found_and_owned_by_the_department_lead(w):
    lead = f.staff(Role.DEPT_LEAD, center_=w["center"], department_=w["lead"])
    day = timezone.localdate()
    _run(w, day)
    assert _kind(w, FindingKind.GUIDE_INCOMPLETE) == []  # the world's guides are complete
    bare = cf.item(w["lead"], w["center"], complaint_phone="", legal_basis="")
    _run(w, day)
    (found,) = _kind(w, FindingKind.GUIDE_INCOMPLETE)
    assert found.key == f"guide:{bare.code}" and found.ref == "004 第二条"
    assert "投诉电话" in found.detail and "设立依据" in found.detail
    assert found.owner == lead
    assert found.deadline == WorkingCalendar().add_working_days(day, 5)
    # The other centre does not station it: nothing there.
    assert not Finding.objects.filter(center=w["other"]).exists()


# --- (2) an approved change not published in time ----------------------------------


def _approved_change(w, approved_at):
    root = actor_for_user(superuser())
    version = catalog.version_new_draft(actor=root, item=w["promise"])
    catalog.version_update(actor=root, version=version, changes={"fee": "不收费（2026年起）"})
    catalog.version_submit(actor=root, version=version)
    catalog.version_review(actor=root, version=version, approve=True)
    ItemVersion.objects.filter(pk=version.pk).update(reviewed_at=approved_at)
    return version


def test_an_approved_change_left_unpublished_past_five_working_days_then_published(w):
    version = _approved_change(w, cf.at(2026, 11, 2))  # a Monday
    _run(w, dt.date(2026, 11, 9))  # 5 working days later: still in time
    assert _kind(w, FindingKind.PUBLISH_LATE) == []
    result = _run(w, dt.date(2026, 11, 11))  # 7 working days: 2 late
    (found,) = _kind(w, FindingKind.PUBLISH_LATE)
    assert found in result.opened and "已逾期2个工作日" in found.detail
    assert found.owner == w["admin"].user  # the reviewer (root) works nowhere: the admin
    assert len(_run(w, dt.date(2026, 11, 11)).opened) == 0  # idempotent
    catalog.version_publish(actor=actor_for_user(superuser()), version=version)
    result = _run(w, dt.date(2026, 11, 12))
    found.refresh_from_db()
    assert result.cause_gone == [found] and found.cause_gone_at is not None
    assert found.state == FindingState.OPEN  # still needs its close-out


# --- (3) cases overdue -----------------------------------------------------------------


def test_an_accepted_case_past_its_due_date_is_overdue_and_not_a_day_before(w):
    case = cf.intake(w, w["promise"], now=cf.at(2026, 11, 2))
    assert case.due_date == dt.date(2026, 11, 9)
    _run(w, dt.date(2026, 11, 9))
    assert _kind(w, FindingKind.CASE_OVERDUE) == []
    _run(w, dt.date(2026, 11, 11))
    (found,) = _kind(w, FindingKind.CASE_OVERDUE)
    assert found.subject.startswith(case.number) and found.key == f"overdue:{case.number}"
    assert found.owner == w["clerk"].user  # no back-office step yet: the clerk who took it in


# --- (4) the process: steps and notices --------------------------------------------------


def test_a_regular_case_has_no_process_finding_one_without_its_notice_has(w):
    ok = cf.intake(w, w["promise"])
    cf.intake(w, w["instant"])  # 即办: accepted and decided at once, no acceptance notice
    _run(w, timezone.localdate())
    assert _kind(w, FindingKind.CASE_PROCESS) == []
    Document.objects.filter(case=ok, kind=DocumentKind.ACCEPTANCE).delete()
    _run(w, timezone.localdate())
    (found,) = _kind(w, FindingKind.CASE_PROCESS)
    assert found.key == f"process:{ok.number}:no_acceptance"
    assert found.detail == "已受理但未出具受理通知书" and found.owner == w["clerk"].user


def test_a_decision_recorded_before_the_acceptance_is_out_of_order(w):
    case = cf.intake(w, w["promise"])
    accepted = case.steps.get(step=Step.ACCEPTED)
    CaseStep.objects.create(
        case=case, step=Step.DECIDED, at=accepted.at - dt.timedelta(hours=1), actor=None
    )
    _run(w, timezone.localdate())
    keys = {x.key.rsplit(":", 1)[1] for x in _kind(w, FindingKind.CASE_PROCESS)}
    assert keys == {"decided_before_accepted", "no_decision_document"}


def test_process_rules_one_by_one():
    t0 = dt.datetime(2026, 11, 2, 10, tzinfo=TZ)
    later = t0 + dt.timedelta(hours=1)

    def rules(status, steps, documents, mode="promise"):
        found = checks.process_problems(
            status=status, approval_mode=mode, steps=steps, documents=set(documents)
        )
        return {r for r, _, _ in found}

    assert rules("refused", [(Step.REFUSED, t0, 1)], []) == {"no_refusal"}
    assert rules("refused", [(Step.REFUSED, t0, 1)], [DocumentKind.REFUSAL]) == set()
    assert rules("supplement", [(Step.SUPPLEMENT_REQUESTED, t0, 1)], []) == {"no_supplement"}
    done = [(Step.ACCEPTED, t0, 1), (Step.DELIVERED, later, 1)]
    assert rules("completed", done, [DocumentKind.ACCEPTANCE]) == {
        "completed_undecided",
        "delivered_undecided",
    }
    full = [(Step.ACCEPTED, t0, 1), (Step.DECIDED, later, 2), (Step.DELIVERED, later, 1)]
    docs = [DocumentKind.ACCEPTANCE, DocumentKind.DECISION_GRANT]
    assert rules("completed", full, docs) == set()
    commit = [(Step.COMMITTED, t0, 1), (Step.DECIDED, t0, 1)]
    assert rules("decided", commit, [DocumentKind.DECISION_GRANT], "notify_commit") == set()
    assert rules("decided", [(Step.DECIDED, t0, 1)], [DocumentKind.DECISION_GRANT]) == {
        "decided_unaccepted"
    }


# --- (5) windows not open at opening --------------------------------------------------


def _staffed_window(w, number=7, used=True):
    """A window with its A post, opened and closed a week before (in service)."""
    window = make_window(w["center"], number, state="closed")
    WindowPost.objects.create(window=window, post="A", user=w["clerk"].user, on_duty=True)
    if used:
        _window_event(window, "window.open", dt.datetime(2026, 10, 27, 8, 55, tzinfo=TZ))
        _window_event(window, "window.close", dt.datetime(2026, 10, 27, 17, 5, tzinfo=TZ))
    return window


def _window_event(window, kind, at):
    from django.db import transaction

    from govhall.core.events import emit

    with transaction.atomic():
        event = emit(kind, center=window.center, aggregate=window, payload={})
    Event.objects.filter(pk=event.pk).update(at=at)


def test_a_staffed_window_not_opened_by_opening_plus_grace_is_late(w):
    window = _staffed_window(w)
    day = dt.date(2026, 11, 3)  # a Tuesday; the hall opens 09:00
    _run(w, day, 9, 5)  # within the 10 minutes' grace: not yet judged
    assert _kind(w, FindingKind.WINDOW_LATE) == []
    _run(w, day, 9, 15)
    (found,) = _kind(w, FindingKind.WINDOW_LATE)
    assert found.key == f"window:{window.code}:2026-11-03" and found.owner == w["clerk"].user
    assert "7号窗口" in found.subject and found.ref == "001 附录D D.1"
    # A fact of its day: a later run does not mark it gone, nor open it twice.
    _run(w, day, 11)
    found.refresh_from_db()
    assert found.cause_gone_at is None and len(_kind(w, FindingKind.WINDOW_LATE)) == 1


def test_a_window_opened_before_opening_is_not_late_nor_one_without_staff(w):
    window = _staffed_window(w)
    make_window(w["center"], 8, state="closed")  # nobody on its posts: not expected open
    _staffed_window(w, 9, used=False)  # posts on paper, never opened: a spare window
    day = dt.date(2026, 11, 3)
    _window_event(window, "window.open", dt.datetime(2026, 11, 3, 8, 50, tzinfo=TZ))
    _run(w, day, 9, 30)
    assert _kind(w, FindingKind.WINDOW_LATE) == []
    # Opened then closed again before the grace ran out: late.
    _window_event(window, "window.close", dt.datetime(2026, 11, 3, 9, 2, tzinfo=TZ))
    _run(w, day, 9, 30)
    assert len(_kind(w, FindingKind.WINDOW_LATE)) == 1
    assert _run(w, dt.date(2026, 11, 7), 10).opened == []  # Saturday: the hall is closed


# --- the state machine -------------------------------------------------------------------


@pytest.fixture
def found(w):
    cf.item(w["lead"], w["center"], consult_phone="")
    _run(w, timezone.localdate())
    (finding,) = _kind(w, FindingKind.GUIDE_INCOMPLETE)
    assert finding.owner == w["admin"].user
    return finding


def test_the_owner_closes_once_and_another_verifies(w, found):
    owner = f.staff(Role.CLERK, center_=w["center"])
    services.finding_reassign(actor=w["admin"], finding=found, owner=owner)
    with pytest.raises(PermissionDenied):  # a clerk who is not its owner
        services.finding_close(actor=w["clerk"], finding=found, note="已补充")
    with pytest.raises(ValidationFailed):
        services.finding_close(actor=f.actor(owner), finding=found, note="  ")
    with pytest.raises(ValidationFailed):
        services.finding_close(actor=f.actor(owner), finding=found, note="长" * 2001)
    with pytest.raises(ValidationFailed):
        services.finding_close(actor=f.actor(owner), finding=found, note=12)
    closed = services.finding_close(actor=f.actor(owner), finding=found, note="已补充咨询电话")
    assert closed.state == FindingState.CLOSED and closed.closed_by == owner
    with pytest.raises(InvalidTransition):
        services.finding_close(actor=w["admin"], finding=found, note="再次")
    with pytest.raises(InvalidTransition):
        services.finding_reassign(actor=w["admin"], finding=found, owner=owner)
    verified = services.finding_verify(actor=w["admin"], finding=found)
    assert verified.state == FindingState.VERIFIED
    kinds = list(
        Event.objects.filter(aggregate_type="reports.finding", aggregate_id=str(found.pk))
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "supervision.finding_opened",
        "supervision.finding_reassigned",
        "supervision.finding_closed",
        "supervision.finding_verified",
    ]


def test_refusals_another_centre_own_verification_and_bad_owners(w, found):
    with pytest.raises(NotFound):
        services.finding_close(actor=w["other_clerk"], finding=found, note="x")
    with pytest.raises(NotFound):
        services.finding_reassign(actor=w["other_clerk"], finding=found, owner=None)
    with pytest.raises(ValidationFailed):  # not a member of the centre
        services.finding_reassign(actor=w["admin"], finding=found, owner=w["other_clerk"].user)
    with pytest.raises(ValidationFailed):
        services.finding_reassign(
            actor=w["admin"], finding=found, owner=w["clerk"].user, deadline="2026-01-01"
        )
    with pytest.raises(PermissionDenied):  # reassigning is the admin's
        services.finding_reassign(actor=w["clerk"], finding=found, owner=w["clerk"].user)
    with pytest.raises(InvalidTransition):
        services.finding_verify(actor=w["admin"], finding=found)  # still open
    services.finding_close(actor=w["admin"], finding=found, note="已补充")
    with pytest.raises(PermissionDenied):
        services.finding_verify(actor=w["admin"], finding=found)  # one's own close-out
    with pytest.raises(PermissionDenied):
        services.supervision_run(center=w["center"], actor=w["clerk"])


def test_a_closed_finding_whose_cause_returns_after_going_opens_anew(w, found):
    services.finding_close(actor=w["admin"], finding=found, note="已补充")
    _run(w, timezone.localdate())  # the cause stands: nothing new
    assert len(_kind(w, FindingKind.GUIDE_INCOMPLETE)) == 1
    stationing = Stationing.objects.get(item__code=found.key.split(":")[1], center=w["center"])
    Stationing.objects.filter(pk=stationing.pk).update(active=False)
    _run(w, timezone.localdate())
    found.refresh_from_db()
    assert found.cause_gone_at is not None
    Stationing.objects.filter(pk=stationing.pk).update(active=True)
    _run(w, timezone.localdate())
    assert len(_kind(w, FindingKind.GUIDE_INCOMPLETE)) == 2


# --- scoping, pages, report ---------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_pages_scoped_filtered_and_closed_with_bad_input(w, found):
    code, other = w["center"].code, w["other"].code
    admin = _client(w["admin"].user)
    page = admin.get(reverse("reports:supervision", args=[code]))
    assert page.status_code == 200 and f'data-finding="{found.pk}"' in page.content.decode()
    page = admin.get(reverse("reports:supervision", args=[code]) + "?kind=case_overdue&state=x")
    assert f'data-finding="{found.pk}"' not in page.content.decode()
    # Centre B's admin: neither the list nor the finding through B's address.
    b_admin = _client(f.staff(Role.CENTER_ADMIN, center_=w["other"]))
    assert b_admin.get(reverse("reports:supervision", args=[code])).status_code == 403
    assert (
        b_admin.get(reverse("reports:supervision_finding", args=[other, found.pk])).status_code
        == 404
    )
    assert (
        b_admin.post(
            reverse("reports:supervision_close", args=[other, found.pk]), {"note": "x"}
        ).status_code
        == 404
    )
    close = reverse("reports:supervision_close", args=[code, found.pk])
    assert admin.post(close, {"note": ""}).status_code == 422
    assert admin.post(close, {"note": "长" * 2001}).status_code == 422
    assert admin.post(close, {}).status_code == 422
    assert admin.get(close).status_code == 405
    reassign = reverse("reports:supervision_reassign", args=[code, found.pk])
    assert admin.post(reassign, {"owner": "abc"}).status_code == 422
    assert admin.post(reassign, {"owner": w["clerk"].user.pk, "deadline": "x"}).status_code == 422
    # A clerk at the centre who owns nothing: the detail is not theirs.
    clerk = _client(w["clerk"].user)
    detail = reverse("reports:supervision_finding", args=[code, found.pk])
    assert clerk.get(detail).status_code == 404
    assert admin.post(reassign, {"owner": w["clerk"].user.pk}).status_code == 302
    assert clerk.get(detail).status_code == 200
    mine = clerk.get(reverse("reports:supervision_mine", args=[code])).content.decode()
    assert f'data-finding="{found.pk}"' in mine
    assert clerk.post(close, {"note": "已补充咨询电话"}).status_code == 302
    found.refresh_from_db()
    assert found.state == FindingState.CLOSED
    assert clerk.post(close, {"note": "again"}).status_code == 409
    run = admin.post(reverse("reports:supervision_run", args=[code]))
    assert run.status_code == 302
    assert clerk.post(reverse("reports:supervision_run", args=[code])).status_code == 403


def test_district_view_and_the_report(w, found):
    supervisor = f.staff(Role.SUPERVISOR, district_=w["center"].district)
    url = reverse("reports:supervision_district", args=[w["center"].district.code])
    page = _client(supervisor).get(url).content.decode()
    assert 'data-center="SJ"' in page and 'data-center="JJ"' in page
    assert _client(w["admin"].user).get(url).status_code == 403
    assert (
        _client(supervisor).get(url.replace(w["center"].district.code, "nope")).status_code == 404
    )
    day = found.opened_on
    (table,) = build(w["admin"], [w["center"]], Period(day, day))
    row = next(r for r in table.rows if r["label"] == "办事指南要素不全")
    assert (row["opened"], row["closed"], row["overdue"]) == (1, 0, 0)
    assert table.total["opened"] == 1
    (other_table,) = build(w["admin"], [w["other"]], Period(day, day))
    assert other_table.total["opened"] == 0
    # Its deadline passed unclosed: overdue in the period that holds the deadline.
    later = found.deadline + dt.timedelta(days=1)
    figures = selectors.period_figures([w["center"]], found.deadline, found.deadline, later)
    assert next(r for r in figures if r["kind"] == found.kind)["overdue"] == 1


# --- the deadline arithmetic --------------------------------------------------------------


@pytest.fixture
def calendar(db):
    calendar_seed()
    return f.center()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(day=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), days=st.integers(1, 60))
def test_a_finding_is_due_the_settings_working_days_after_it_is_found(calendar, day, days):
    calendar.settings = {"supervision.fix_days": days}
    due, provisional = services.finding_deadline(calendar, day)
    cal = WorkingCalendar()
    assert due > day and cal.is_working_day(due)
    assert cal.working_days_between(day, due) == days
    # Not a day earlier: the day before the deadline has one working day fewer.
    assert cal.working_days_between(day, due - dt.timedelta(days=1)) == days - 1
    assert provisional == cal.provisional_between(day, due)
