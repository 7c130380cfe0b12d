"""Cases taken in when the clock runs past the holiday table (finding 7): on
2026-12-01 a 30-working-day item is accepted with a provisional (预计) committed
date, shown as such on the notice, the pages and the API, and recomputed once
2027 is added. Runs on SQLite and PostgreSQL."""

import datetime as dt

import pytest
import time_machine

from govhall.cases import services
from govhall.cases.models import Case, CaseStatus, ParallelTask
from govhall.cases.tests.factories import at, checklist, intake, item, person, tokens
from govhall.cases.tests.pdftext import pdf_text
from govhall.core.models import AuditLog, Event, Notification
from govhall.core.tests.calendar_2027 import add_2027, weekdays_after

DEC_1 = dt.date(2026, 12, 1)
# 22 working days left in December 2026, then 8 in January 2027: on weekdays
# alone the 12th; on the test schedule (1 and 4 Jan off, Sat 9 worked) the 13th.
PROVISIONAL_DUE, FIRM_DUE = dt.date(2027, 1, 12), dt.date(2027, 1, 13)


@pytest.fixture
def thirty(w):
    return item(w["lead"], w["center"], mode="promise", days=30)


def test_a_thirty_day_case_is_taken_in_on_1_december(w, thirty):
    with time_machine.travel(at(2026, 12, 1), tick=False):
        case = intake(w, thirty)
    assert case.status == CaseStatus.ACCEPTED
    assert case.due_date == PROVISIONAL_DUE == weekdays_after(DEC_1, 30)
    assert case.due_date_provisional
    text = pdf_text(case.documents.get(kind="acceptance").content)
    assert "2027年1月12日（预计）" in text and "尚未公布" in text


def test_a_case_inside_the_table_is_firm_and_the_notice_says_nothing(w):
    case = intake(w, w["promise"], now=at(2026, 12, 1))  # 5 days: 8 December
    assert case.due_date == dt.date(2026, 12, 8) and not case.due_date_provisional
    assert "预计）" not in pdf_text(case.documents.get(kind="acceptance").content)


@pytest.mark.parametrize(
    "days, last_firm", [(5, dt.date(2026, 12, 24)), (3, dt.date(2026, 12, 28))]
)
def test_short_items_are_taken_in_after_their_old_cut_off(w, days, last_firm):
    it = item(w["lead"], w["center"], mode="promise", days=days)
    firm = intake(w, it, now=at(last_firm.year, last_firm.month, last_firm.day))
    late = intake(w, it, now=at(2026, 12, 31))
    assert not firm.due_date_provisional
    assert late.due_date_provisional and late.due_date == weekdays_after(
        dt.date(2026, 12, 31), days
    )


def test_the_api_says_provisional_beside_the_date(client, w, thirty):
    token = tokens(w)["clerk"]
    body = {
        "center": w["center"].code,
        "item": thirty.code,
        "applicant": person(),
        "materials": checklist(thirty),
    }
    auth = {"Authorization": f"Bearer {token}"}
    with time_machine.travel(at(2026, 12, 1), tick=False):
        resp = client.post("/api/v1/cases", body, content_type="application/json", headers=auth)
    assert resp.status_code == 201, resp.json()
    out = resp.json()
    assert out["committed_date"] == "2027-01-12" and out["committed_date_provisional"] is True
    detail = client.get(f"/api/v1/cases/{out['number']}", headers=auth).json()
    assert detail["due_date_provisional"] is True and detail["days_left"] is not None
    progress = client.get(
        f"/api/v1/cases/progress/{out['number']}", {"check_code": out["check_code"]}
    ).json()
    assert progress["committed_date_provisional"] is True


def test_the_progress_page_marks_the_date(client, w, thirty):
    with time_machine.travel(at(2026, 12, 1), tick=False):
        case = intake(w, thirty)
        page = client.post(
            "/cases/progress/", {"number": case.number, "check_code": case.check_code}
        )
    assert page.status_code == 200
    assert "2027-01-12 （预计）" in page.content.decode()


def test_adding_2027_recomputes_and_clears_the_flag(w, thirty):
    with time_machine.travel(at(2026, 12, 1), tick=False):
        case = intake(w, thirty)
        parallel = intake(
            w, item(w["lead"], w["center"], mode="parallel", days=30, parallel=[w["p1"]])
        )
        firm = intake(w, w["promise"])
        add_2027(actor=w["admin"])
    case.refresh_from_db()
    assert (case.due_date, case.due_date_provisional) == (FIRM_DUE, False)
    task = ParallelTask.objects.get(case=parallel)
    assert (task.due_date, task.due_date_provisional) == (FIRM_DUE, False)
    assert Case.objects.get(pk=firm.pk).due_date == dt.date(2026, 12, 8)  # untouched
    moved = Event.objects.filter(kind="case.due_recomputed", aggregate_id=str(case.pk)).get()
    assert moved.payload["previous"] == "2027-01-12" and moved.payload["due_date"] == "2027-01-13"
    assert Notification.objects.filter(key=f"case:{case.pk}:due:2027-01-13").count() == 1
    audit = AuditLog.objects.get(action="calendar.changed")
    assert audit.detail["years"] == [2027] and audit.detail["cases"] == 2


def test_a_suspension_and_the_extension_keep_the_flag_right(w, thirty):
    with time_machine.travel(at(2026, 12, 1), tick=False):
        case = intake(w, thirty)
        services.case_suspend(
            expected_days=10, actor=w["reviewer"], case=case, kind="auction", reason="拍卖"
        )
    with time_machine.travel(at(2026, 12, 3), tick=False):
        case = services.case_resume(actor=w["reviewer"], case=case)
    assert case.due_date == weekdays_after(DEC_1, 32) and case.due_date_provisional
    add_2027()
    case.refresh_from_db()
    assert not case.due_date_provisional and case.due_date == dt.date(2027, 1, 15)


def test_a_commitment_deadline_is_provisional_and_recomputed(w):
    overrides = {"经营场所证明": ("missing", "")}  # due in 20 working days
    with time_machine.travel(at(2026, 12, 15), tick=False):
        case = intake(w, w["commit"], overrides=overrides, commitment=True)
    assert case.status == CaseStatus.COMMITTED and case.commitment_due_provisional
    assert case.commitment_due == weekdays_after(dt.date(2026, 12, 15), 20)
    assert "（预计）" in pdf_text(case.documents.get(kind="commitment").content)
    add_2027()
    case.refresh_from_db()
    assert not case.commitment_due_provisional
    assert case.commitment_due == dt.date(2027, 1, 13)


def test_the_nightly_recheck_catches_a_date_that_raced_the_year_and_is_quiet_after(w, thirty):
    from govhall.core import tasks
    from govhall.core.models import CalendarYear, Holiday
    from govhall.core.tests.calendar_2027 import SCHEDULE

    with time_machine.travel(at(2026, 12, 1), tick=False):
        case = intake(w, thirty)
        assert tasks.recheck_provisional_deadlines.call_local()["cases"] == 0  # nothing moves
        # The year lands without the service (a request that read the table before it).
        Holiday.objects.bulk_create([Holiday(date=d, kind=k, name=n) for d, k, n in SCHEDULE])
        CalendarYear.objects.create(year=2027, source="test")
        assert tasks.recheck_provisional_deadlines.call_local()["cases"] == 1
        assert tasks.recheck_provisional_deadlines.call_local()["cases"] == 0
    case.refresh_from_db()
    assert (case.due_date, case.due_date_provisional) == (FIRM_DUE, False)
    assert Event.objects.filter(kind="case.due_recomputed").count() == 1
    assert AuditLog.objects.filter(action="calendar.changed").count() == 1
