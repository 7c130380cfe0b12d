"""The leave pages with good and bad input: bad input is a 4xx and changes nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from govhall.core.tests.factories import actor
from govhall.staff.leave import services
from govhall.staff.leave.models import LeadAbsence, LeaveRequest, LeaveStatus
from govhall.staff.tests.leave_factories import BEFORE, MONDAY, day, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(w, name, *args):
    return f"/staff/leave/{w['center'].code}/{name}" + "".join(f"{a}/" for a in args)


GOOD = {
    "kind": "personal",
    "start_date": "2031-03-03",
    "start_part": "am",
    "end_date": "2031-03-04",
    "end_part": "am",
    "reason": "办理房产过户",
}


def approved(w, who):
    leave = services.leave_request(
        actor=actor(w[who]),
        center=w["center"],
        kind="personal",
        start=day(0),
        end=day(1),
        reason="有事",
        now=BEFORE,
    )
    approver = "lead" if leave.department_id else "admin"
    return services.leave_approve(actor=actor(w[approver]), leave=leave, now=BEFORE)


def test_a_clerk_requests_leave_on_the_form(w):
    c = client_for(w["c"])
    assert c.get(url(w, "mine/")).status_code == 200
    response = c.post(url(w, "mine/"), GOOD)
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert (leave.user, leave.days, leave.status) == (w["c"], Decimal("1.5"), "requested")


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": ""},
        {"kind": "holiday"},
        {"reason": ""},
        {"reason": "长" * 201},
        {"start_date": "not-a-date"},
        {"start_time": "25:99"},
        {"end_date": "2031-03-01"},  # end before start
        {"start_part": "noon"},
    ],
)
def test_bad_request_input_rerenders_the_form_and_writes_nothing(w, bad):
    response = client_for(w["c"]).post(url(w, "mine/"), {**GOOD, **bad})
    assert response.status_code == 422
    assert b"errorlist" in response.content
    assert not LeaveRequest.objects.exists()


def test_the_uncovered_windows_are_told_to_the_requester(w):
    services.leave_file(actor=actor(w["duty"]), leave=approved(w, "a"), now=BEFORE)
    response = client_for(w["b"]).post(url(w, "mine/"), GOOD, follow=True)
    assert "将无人在岗" in response.content.decode() and "1号窗口" in response.content.decode()


def test_another_centres_leave_and_someone_elses_are_refused(w):
    other = world()
    theirs = approved(other, "c")
    mine = approved(w, "c")
    # another centre's leave through this centre's URL: not found
    response = client_for(w["admin"]).post(url(w, "", theirs.pk, "cancel"))
    assert response.status_code == 404
    # another centre's admin on this centre's page: refused
    assert client_for(other["admin"]).get(url(w, "filing/")).status_code == 403
    # a colleague's leave
    assert client_for(w["a"]).post(url(w, "", mine.pk, "cancel")).status_code == 403
    assert client_for(w["a"]).post(url(w, "", mine.pk, "return")).status_code == 403
    assert LeaveRequest.objects.get(pk=mine.pk).status == LeaveStatus.APPROVED


def test_steps_out_of_order_on_the_pages_are_409(w):
    leave = services.leave_request(
        actor=actor(w["c"]),
        center=w["center"],
        kind="sick",
        start=day(0),
        end=day(1),
        reason="就医",
        now=BEFORE,
    )
    admin = client_for(w["admin"])
    assert admin.post(url(w, "", leave.pk, "file"), {}).status_code == 409
    assert client_for(w["c"]).post(url(w, "", leave.pk, "return")).status_code == 409
    assert admin.post(url(w, "", leave.pk, "decide"), {"action": "reject"}).status_code == 422
    assert admin.post(url(w, "", leave.pk, "decide"), {"action": "maybe"}).status_code == 400
    lead = client_for(w["lead"])  # not the lead's to approve: the centre's own staff
    assert lead.post(url(w, "", leave.pk, "decide"), {"action": "approve"}).status_code == 403
    assert LeaveRequest.objects.get(pk=leave.pk).status == LeaveStatus.REQUESTED
    assert admin.post(url(w, "", leave.pk, "decide"), {"action": "approve"}).status_code == 302
    assert admin.post(url(w, "", leave.pk, "decide"), {"action": "approve"}).status_code == 409


def test_filing_shows_the_uncovered_windows_and_needs_a_cover(w):
    services.leave_file(actor=actor(w["duty"]), leave=approved(w, "a"), now=BEFORE)
    second = approved(w, "b")
    duty = client_for(w["duty"])
    page = duty.get(url(w, "filing/")).content.decode()
    assert "将无人在岗" in page and "1号窗口" in page and "（期间不在岗）" in page
    response = duty.post(url(w, "", second.pk, "file"), {"cover": ""})
    assert response.status_code == 422 and "请指定" in response.content.decode()
    assert duty.post(url(w, "", second.pk, "file"), {"cover": "abc"}).status_code == 422
    assert duty.post(url(w, "", second.pk, "file"), {"cover": "99999"}).status_code == 422
    assert duty.post(url(w, "", second.pk, "file"), {"cover": str(w["a"].pk)}).status_code == 422
    assert LeaveRequest.objects.get(pk=second.pk).status == LeaveStatus.APPROVED
    ok = duty.post(url(w, "", second.pk, "file"), {"cover": str(w["c"].pk)})
    assert ok.status_code == 302
    second.refresh_from_db()
    assert second.status == LeaveStatus.FILED and second.cover == w["c"]


def test_approvals_are_scoped_to_the_approvers_department(w):
    sent, own = approved(w, "sent"), approved(w, "c")
    for leave in (sent, own):
        LeaveRequest.objects.filter(pk=leave.pk).update(status=LeaveStatus.REQUESTED)
    lead_page = client_for(w["lead"]).get(url(w, "approvals/")).content.decode()
    admin_page = client_for(w["admin"]).get(url(w, "approvals/")).content.decode()
    assert f'data-leave="{sent.pk}"' in lead_page and f'data-leave="{own.pk}"' not in lead_page
    assert f'data-leave="{own.pk}"' in admin_page and f'data-leave="{sent.pk}"' not in admin_page
    assert client_for(w["c"]).get(url(w, "approvals/")).status_code == 403


def test_the_monthly_report_and_its_workbook_have_the_same_numbers(w):
    services.leave_file(actor=actor(w["duty"]), leave=approved(w, "a"), now=BEFORE)
    services.leave_file(actor=actor(w["duty"]), leave=approved(w, "sent"), now=BEFORE)
    admin = client_for(w["admin"])
    page = admin.get(url(w, "report/"), {"month": "2031-03"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "中心自有人员" in html and w["dept"].name in html
    book = admin.get(f"/staff/leave/{w['center'].code}/report.xlsx", {"month": "2031-03"})
    assert book.status_code == 200
    rows = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    data = [r for r in rows[2:] if r[1]]
    assert sorted((r[0], r[1], r[4]) for r in data) == sorted(
        [("中心自有人员", w["a"].staff_number, 1.0), (w["dept"].name, w["sent"].staff_number, 1.0)]
    )
    for bad in ("2031-13", "march", "1899-01"):
        assert admin.get(url(w, "report/"), {"month": bad}).status_code == 400
    assert client_for(w["c"]).get(url(w, "report/")).status_code == 403


def test_the_lead_reports_an_absence_on_the_form(w):
    lead = client_for(w["lead"])
    assert lead.get(url(w, "lead-absence/")).status_code == 200
    first = MONDAY + dt.timedelta(days=7)
    form = {
        "lead": str(w["lead"].pk),
        "start_date": first.isoformat(),
        "end_date": (first + dt.timedelta(days=2)).isoformat(),
        "reason": "参加业务培训",
    }
    response = lead.post(url(w, "lead-absence/"), form)
    assert response.status_code == 422 and "临时负责人" in response.content.decode()
    assert lead.post(url(w, "lead-absence/"), {**form, "end_date": "2031-03-01"}).status_code == 422
    assert lead.post(url(w, "lead-absence/"), {**form, "lead": str(w["a"].pk)}).status_code == 422
    assert not LeadAbsence.objects.exists()
    ok = lead.post(url(w, "lead-absence/"), {**form, "deputy": str(w["sent"].pk)})
    assert ok.status_code == 302
    absence = LeadAbsence.objects.get()
    assert absence.days == 3 and absence.deputy == w["sent"]
    away = client_for(w["duty"]).get(url(w, "away/")).content.decode()
    assert "参加业务培训" in away


def test_who_is_away_today_is_for_staff_read(w):
    assert client_for(w["c"]).get(url(w, "away/")).status_code == 403
    assert client_for(w["duty"]).get(url(w, "away/")).status_code == 200
