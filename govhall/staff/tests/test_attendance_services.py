"""Excuses at the service desk, force majeure, clock faults and added punches,
presence, the centre's day, the ledger (and that its workbook has the same
numbers), and the pages' refusals of bad input."""

import datetime as dt
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from govhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog
from govhall.core.months import Month
from govhall.core.tests import factories as f
from govhall.staff import presence
from govhall.staff.attendance import selectors, services
from govhall.staff.attendance.export import columns
from govhall.staff.attendance.models import Excuse, ForceMajeure, Punch
from govhall.staff.tests.attendance_factories import local, world

pytestmark = pytest.mark.django_db
NOV = Month(dt.date(2026, 11, 1))


@pytest.fixture
def w(db):
    return world()


def device(w):
    from govhall.core.actors import actor_for_token

    return actor_for_token(w["device"])


def punch(w, user, kind, at):
    return services.punch_record(
        actor=device(w), staff_number=user.staff_number, kind=kind, at=at, now=at
    )[0]


def test_an_excuse_is_recorded_before_the_time_and_covers_the_lateness(w):
    desk = f.actor(w["reception"])
    clerk = w["clerk"]
    with pytest.raises(ValidationFailed) as late:
        services.excuse_record(
            actor=desk,
            center=w["center"],
            staff_number=clerk.staff_number,
            kind="late",
            expected_at=local(2026, 11, 18, 9, 30),
            reason="取件",
            now=local(2026, 11, 18, 8, 55),
        )
    assert late.value.code == "excuse_after_the_time"
    with pytest.raises(PermissionDenied):
        services.excuse_record(
            actor=f.actor(w["clerk2"]),
            center=w["center"],
            staff_number=clerk.staff_number,
            kind="late",
            expected_at=local(2026, 11, 18, 9, 30),
            reason="取件",
            now=local(2026, 11, 18, 8, 0),
        )
    with pytest.raises(PermissionDenied):  # not one's own
        services.excuse_record(
            actor=desk,
            center=w["center"],
            staff_number=w["reception"].staff_number,
            kind="late",
            expected_at=local(2026, 11, 18, 9, 30),
            reason="取件",
            now=local(2026, 11, 18, 8, 0),
        )
    with pytest.raises(ValidationFailed) as sat:
        services.excuse_record(
            actor=desk,
            center=w["center"],
            staff_number=clerk.staff_number,
            kind="late",
            expected_at=local(2026, 11, 21, 9, 30),
            reason="取件",
            now=local(2026, 11, 21, 8, 0),
        )
    assert sat.value.code == "not_a_working_day"
    services.excuse_record(
        actor=desk,
        center=w["center"],
        staff_number=clerk.staff_number,
        kind="late",
        expected_at=local(2026, 11, 18, 9, 30),
        reason="到人社局取联办件材料",
        now=local(2026, 11, 18, 8, 20),
    )
    with pytest.raises(Conflict):
        services.excuse_record(
            actor=desk,
            center=w["center"],
            staff_number=clerk.staff_number,
            kind="late",
            expected_at=local(2026, 11, 18, 9, 40),
            reason="again",
            now=local(2026, 11, 18, 8, 21),
        )
    p = punch(w, clerk, "in", local(2026, 11, 18, 9, 24))
    assert selectors.punch_outcome(p, now=local(2026, 11, 18, 9, 24)) == (0, 0, "excused")
    punch(w, clerk, "out", local(2026, 11, 18, 17, 5))
    t = selectors.person_month(w["center"], clerk, NOV, now=local(2026, 11, 18, 18)).totals
    assert (t.late_count, t.excused, t.days_worked) == (0, 1, 1)
    assert AuditLog.objects.filter(action="attendance.excused").count() == 1


def test_force_majeure_takes_lateness_and_absence_away_for_those_named(w):
    admin = f.actor(w["admin"])
    with pytest.raises(ValidationFailed):
        services.force_majeure_record(
            actor=admin, center=w["center"], day=dt.date(2026, 11, 18), reason="暴雨"
        )
    with pytest.raises(ValidationFailed):  # another centre's person
        services.force_majeure_record(
            actor=admin,
            center=w["center"],
            day=dt.date(2026, 11, 18),
            reason="暴雨",
            users=[w["stranger"]],
        )
    with pytest.raises(PermissionDenied):
        services.force_majeure_record(
            actor=f.actor(w["reception"]),
            center=w["center"],
            day=dt.date(2026, 11, 18),
            reason="暴雨",
            everyone=True,
        )
    services.force_majeure_record(
        actor=admin,
        center=w["center"],
        day=dt.date(2026, 11, 18),
        reason="地铁9号线故障",
        users=[w["clerk"]],
        now=local(2026, 11, 18, 10),
    )
    punch(w, w["clerk"], "in", local(2026, 11, 18, 9, 20))
    punch(w, w["clerk2"], "in", local(2026, 11, 18, 9, 20))
    for u in (w["clerk"], w["clerk2"]):
        punch(w, u, "out", local(2026, 11, 18, 17, 1))
    month = {
        p.profile.user_id: p.totals
        for p in selectors.ledger(admin, w["center"], NOV, now=local(2026, 11, 18, 20)).people
    }
    assert (month[w["clerk"].pk].late_count, month[w["clerk"].pk].force_majeure) == (0, 1)
    assert (month[w["clerk2"].pk].late_count, month[w["clerk2"].pk].late_minutes) == (1, 30)
    assert month[w["admin"].pk].absences == 13  # no punch on any working day to the 18th
    assert ForceMajeure.objects.count() == 1


def test_a_fault_and_the_punch_the_centre_adds_marked_with_who_and_why(w):
    admin = f.actor(w["admin"])
    now = local(2026, 11, 18, 10)
    fault = services.device_fault_report(
        actor=admin,
        center=w["center"],
        device="一楼考勤机",
        started_at=local(2026, 11, 18, 8, 30),
        ended_at=local(2026, 11, 18, 9),
        description="黑屏",
        now=now,
    )
    with pytest.raises(ValidationFailed):  # outside the fault
        services.punch_add(
            actor=admin,
            center=w["center"],
            staff_number=w["clerk"].staff_number,
            kind="in",
            at=local(2026, 11, 18, 9, 30),
            reason="故障",
            fault=fault,
            now=now,
        )
    with pytest.raises(ValidationFailed):  # no reason
        services.punch_add(
            actor=admin,
            center=w["center"],
            staff_number=w["clerk"].staff_number,
            kind="in",
            at=local(2026, 11, 18, 8, 40),
            reason="  ",
            fault=fault,
            now=now,
        )
    with pytest.raises(PermissionDenied):  # not for oneself
        services.punch_add(
            actor=admin,
            center=w["center"],
            staff_number=w["admin"].staff_number,
            kind="in",
            at=local(2026, 11, 18, 8, 40),
            reason="故障",
            fault=fault,
            now=now,
        )
    with pytest.raises(NotFound):
        services.punch_add(
            actor=admin,
            center=w["center"],
            staff_number=w["stranger"].staff_number,
            kind="in",
            at=local(2026, 11, 18, 8, 40),
            reason="故障",
            fault=fault,
            now=now,
        )
    added = services.punch_add(
        actor=admin,
        center=w["center"],
        staff_number=w["clerk"].staff_number,
        kind="in",
        at=local(2026, 11, 18, 8, 40),
        reason="考勤机故障，值班长核实已到岗",
        fault=fault,
        now=now,
    )
    assert (added.source, added.added_by, added.fault) == ("manual", w["admin"], fault)
    log = AuditLog.objects.get(action="attendance.punch_added")
    assert log.actor == w["admin"] and log.detail["reason"].startswith("考勤机故障")
    with pytest.raises(Conflict):
        services.punch_add(
            actor=admin,
            center=w["center"],
            staff_number=w["clerk"].staff_number,
            kind="in",
            at=local(2026, 11, 18, 8, 40, 30),
            reason="again",
            fault=fault,
            now=now,
        )
    assert Punch.objects.count() == 1


def test_presence_says_who_is_in_now(w):
    clerk = w["clerk"]
    ids = [clerk.pk, w["clerk2"].pk]
    punch(w, clerk, "in", local(2026, 11, 18, 8, 40))
    assert presence.present_at(w["center"], ids, local(2026, 11, 18, 10)) == {clerk.pk}
    assert presence.present_at(w["center"], ids, local(2026, 11, 18, 8, 30)) == set()
    punch(w, clerk, "out", local(2026, 11, 18, 17, 2))
    assert presence.present_at(w["center"], ids, local(2026, 11, 18, 17, 5)) == set()
    status = presence.status_at(w["center"], ids, local(2026, 11, 18, 10))
    assert status[clerk.pk][0] == presence.Status.AT_POST


def test_the_centres_day_and_a_leads_department_only(w):
    at = local(2026, 11, 18, 9, 30)
    punch(w, w["clerk"], "in", local(2026, 11, 18, 8, 40))
    punch(w, w["reviewer"], "in", local(2026, 11, 18, 9, 1))
    board = selectors.today_board(f.actor(w["admin"]), w["center"], now=at)
    names = {k: {row[0].user_id for row in v} for k, v in board.items() if k != "counted"}
    assert names["in"] == {w["clerk"].pk, w["reviewer"].pk}
    assert names["late"] == {w["reviewer"].pk}
    assert w["clerk2"].pk in names["not_in"]
    lead = selectors.today_board(f.actor(w["lead"]), w["center"], now=at)
    assert {row[0].user_id for row in lead["in"]} == {w["reviewer"].pk}
    assert not lead["not_in"]


def _fill_month(w):
    # Three working days of November for the clerks; a Saturday's duty.
    for day in (16, 17, 18):
        punch(w, w["clerk"], "in", local(2026, 11, day, 8, 40 + day - 16))
        punch(w, w["clerk"], "out", local(2026, 11, day, 17, 3))
        punch(w, w["clerk2"], "in", local(2026, 11, day, 8, 52))
    punch(w, w["clerk2"], "out", local(2026, 11, 17, 16, 10))
    punch(w, w["clerk"], "in", local(2026, 11, 21, 8, 45))
    punch(w, w["clerk"], "out", local(2026, 11, 21, 12, 5))


def test_the_ledger_counts_and_its_workbook_has_the_same_numbers(w):
    _fill_month(w)
    now = local(2026, 11, 30, 20)
    with time_machine.travel(now, tick=False):
        admin = f.actor(w["admin"])
        ledger = selectors.ledger(admin, w["center"], NOV, now=now)
        by = {p.profile.user_id: p.totals for p in ledger.people}
        clerk, clerk2 = by[w["clerk"].pk], by[w["clerk2"].pk]
        assert (clerk.days_worked, clerk.late_count, clerk.duty_days, clerk.absences) == (
            3,
            0,
            1,
            18,
        )
        assert (clerk2.late_count, clerk2.late_minutes, clerk2.early_count, clerk2.missing) == (
            3,
            6,
            1,
            2,
        )
        client = Client()
        client.force_login(w["admin"])
        page = client.get(f"/staff/{w['center'].code}/attendance/ledger/?month=2026-11")
        assert page.status_code == 200
        xlsx = client.get(f"/staff/{w['center'].code}/attendance/ledger.xlsx?month=2026-11")
        assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    keys = [k for k, _n in columns()]
    for person in ledger.people:
        row = rows[person.profile.user.staff_number]
        assert list(row[3:]) == [getattr(person.totals, k) for k in keys]
        html = page.content.decode()
        assert f'data-staff="{person.profile.user.staff_number}"' in html
    total_row = [r for r in rows.values() if r[1] == "" or r[1] is None][-1]
    assert list(total_row[3:]) == [getattr(ledger.total, k) for k in keys]
    dept_rows = list(book.worksheets[1].iter_rows(min_row=3, values_only=True))
    assert sum(r[1] for r in dept_rows) == len(ledger.people)
    assert sum(r[2 + keys.index("late_minutes")] for r in dept_rows) == ledger.total.late_minutes


def test_a_department_lead_sees_their_department_only(w):
    _fill_month(w)
    lead = selectors.ledger(f.actor(w["lead"]), w["center"], NOV, now=local(2026, 11, 18, 20))
    assert [p.profile.user_id for p in lead.people] == [w["reviewer"].pk]
    client = Client()
    client.force_login(w["lead"])
    code = w["center"].code
    assert (
        client.get(f"/staff/{code}/attendance/ledger/{w['clerk'].staff_number}/").status_code == 404
    )
    assert (
        client.get(f"/staff/{code}/attendance/ledger/{w['reviewer'].staff_number}/").status_code
        == 200
    )


def test_pages_refuse_bad_input_with_the_form_and_write_nothing(w):
    code = w["center"].code
    desk = Client()
    desk.force_login(w["reception"])
    r = desk.post(
        f"/staff/{code}/attendance/excuses/", {"person": "", "kind": "late", "reason": ""}
    )
    assert r.status_code == 400 and "field" not in r.content.decode()[:0]
    r = desk.post(
        f"/staff/{code}/attendance/excuses/",
        {
            "person": w["stranger"].staff_number,
            "kind": "late",
            "expected_at": "2026-11-18T09:30",
            "reason": "x",
        },
    )
    assert r.status_code == 400  # not a choice
    r = desk.post(
        f"/staff/{code}/attendance/excuses/",
        {
            "person": w["clerk"].staff_number,
            "kind": "late",
            "expected_at": "2020-01-01T09:30",
            "reason": "x" * 201,
        },
    )
    assert r.status_code == 400
    assert not Excuse.objects.exists()
    admin = Client()
    admin.force_login(w["admin"])
    r = admin.post(
        f"/staff/{code}/attendance/manage/",
        {
            "action": "punch",
            "person": w["clerk"].staff_number,
            "kind": "in",
            "at": "2026-11-18T08:40",
            "reason": "",
        },
    )
    assert r.status_code == 400
    r = admin.post(f"/staff/{code}/attendance/manage/", {"action": "nope"})
    assert r.status_code == 400
    r = admin.post(
        f"/staff/{code}/attendance/manage/",
        {"action": "fault", "device": "x", "started_at": "2999-01-01T08:00", "description": "黑屏"},
    )
    assert r.status_code == 422 and "时间无效" in r.content.decode()
    assert not Punch.objects.exists()
    clerk = Client()
    clerk.force_login(w["clerk"])
    r = clerk.post(f"/staff/{code}/attendance/clock/", {"kind": "lunch"})
    assert r.status_code == 422 and not Punch.objects.exists()
    r = clerk.post(f"/staff/{code}/attendance/clock/", {"kind": "in"})
    assert r.status_code == 302 and Punch.objects.get().source == "self"
    other = w["other"].code
    assert clerk.post(f"/staff/{other}/attendance/clock/", {"kind": "in"}).status_code == 403
