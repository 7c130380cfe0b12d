"""Enquiries (首问负责, 001 B.1, B.2.5): the call-back clock, the first
responder through hand-overs, the API row of API.md with bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from govhall.core.actors import ANONYMOUS
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog, Event, Role
from govhall.core.tests import factories as f
from govhall.core.workdays import WorkingCalendar

from ..enquiries import selectors, services
from ..enquiries.models import Enquiry, EnquiryStatus
from .enquiry_factories import bearer, local, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kw(db):
    return world()


def create(kw, who=Role.RECEPTION, **kw_args):
    args = {"channel": "desk", "question": "社保卡怎么补办？", **kw_args}
    return services.enquiry_create(actor=kw["actors"][who], center=kw["center"], **args)


# --- the clock ----------------------------------------------------------------------------


def test_callback_due_one_working_day_on_inside_opening_hours(kw):
    center = kw["center"]
    # Friday afternoon → Monday, same time.
    assert services.callback_due_from(center, local(2026, 11, 13, 15, 20)) == local(
        2026, 11, 16, 15, 20
    )
    # After closing (17:00) → the next working day's close, not 17:45.
    assert services.callback_due_from(center, local(2026, 11, 13, 17, 45)) == local(
        2026, 11, 16, 17, 0
    )
    # Before opening → the next working day's opening.
    assert services.callback_due_from(center, local(2026, 11, 17, 7, 30)) == local(
        2026, 11, 18, 9, 0
    )
    # National Day week: asked on the last day before it, called back after it.
    due = services.callback_due_from(center, local(2026, 9, 30, 10, 0))
    assert WorkingCalendar().is_working_day(due.date()) and due.date() > dt.date(2026, 10, 7)
    center.settings = {**center.settings, "enquiry.callback_days": 3}
    assert services.callback_due_from(center, local(2026, 11, 13, 10, 0)).date() == dt.date(
        2026, 11, 18
    )


class CallbackClockProperties(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(
        st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 20)),
        st.integers(min_value=0, max_value=4),
    )
    def test_due_is_an_open_moment_after_the_question(self, naive, days):
        center = f.center()
        center.settings = {"enquiry.callback_days": days}
        at = timezone.make_aware(naive)
        due = services.callback_due_from(center, at)
        cal = WorkingCalendar()
        local_due = timezone.localtime(due)
        assert cal.is_working_day(local_due.date())
        assert dt.time(9, 0) <= local_due.time() <= dt.time(17, 0)
        assert cal.working_days_between(timezone.localdate(at), local_due.date()) >= days
        if days:
            assert due > at


# --- create, hand over, close -----------------------------------------------------------


def test_answered_on_the_spot_is_closed_and_no_call_back(kw):
    e = create(kw, answer="带身份证到3号窗口。")
    assert e.status == EnquiryStatus.CLOSED and e.callback_due is None
    assert e.first_responder == kw[Role.RECEPTION] and e.closed_at
    assert e.number.startswith(f"{kw['center'].code}-ZX")


def test_open_with_phone_gets_a_call_back_due_and_overdue_warns(kw):
    asked = local(2026, 11, 13, 15, 0)
    e = create(kw, phone="138 0571 6688", now=asked, item=kw["item"])
    assert e.status == EnquiryStatus.OPEN and e.callback_due == local(2026, 11, 16, 15, 0)
    assert Enquiry.objects.get(pk=e.pk).phone == "13805716688"
    reception = kw["actors"][Role.RECEPTION]
    before, after = local(2026, 11, 16, 14, 0), local(2026, 11, 16, 15, 1)
    assert not services.is_overdue(e, before) and services.is_overdue(e, after)
    assert list(selectors.overdue(reception, kw["center"], after)) == [e]
    assert not selectors.overdue(reception, kw["center"], before).exists()
    # The overseer sees it too; another clerk does not.
    assert selectors.overdue(kw["actors"][Role.DUTY_MANAGER], kw["center"], after).count() == 1
    assert not selectors.overdue(kw["actors"]["clerk2"], kw["center"], after).exists()
    # Event payloads carry neither the question nor the phone.
    for ev in Event.objects.filter(aggregate_id=str(e.pk), kind__startswith="enquiry."):
        text = json.dumps(ev.payload, ensure_ascii=False)
        assert "社保卡" not in text and "6688" not in text
    # Landlines are call-back numbers too.
    assert create(kw, channel="phone", phone="0571-88886666").phone == "0571-88886666"


def test_hand_over_keeps_the_first_responder_responsible(kw):
    clerk, clerk2 = kw["actors"][Role.CLERK], kw["actors"]["clerk2"]
    e = create(kw, who=Role.CLERK, channel="window", phone="13905710001")
    e = services.enquiry_hand_over(actor=clerk, enquiry=e, to_user=kw["clerk2"], note="请核实")
    assert e.status == EnquiryStatus.HANDED_OVER and e.first_responder == kw[Role.CLERK]
    # Still in the first responder's list, and now in the colleague's.
    assert e in selectors.mine(clerk, kw["center"]) and e in selectors.mine(clerk2, kw["center"])
    # The colleague hands it on to a department; both hand-overs are recorded.
    e = services.enquiry_hand_over(actor=clerk2, enquiry=e, to_department=kw["dept"])
    assert [(h.from_user, h.to_user, h.to_department) for h in e.handovers.all()] == [
        (kw[Role.CLERK], kw["clerk2"], None),
        (kw["clerk2"], None, kw["dept"]),
    ]
    # clerk2 no longer holds it; the department's clerk does; the first responder still does.
    assert e not in selectors.mine(clerk2, kw["center"])
    assert e in selectors.mine(kw["actors"]["dept_clerk"], kw["center"])
    with pytest.raises(PermissionDenied):
        services.enquiry_close(actor=clerk2, enquiry=e, answer="x")
    e = services.enquiry_close(
        actor=clerk, enquiry=e, answer="部门已答复：可以办理。", called_back=True
    )
    assert e.status == EnquiryStatus.CLOSED and e.called_back_at and e.closed_by == kw[Role.CLERK]
    with pytest.raises(InvalidTransition):
        services.enquiry_hand_over(actor=clerk, enquiry=e, to_user=kw["clerk2"])
    with pytest.raises(InvalidTransition):
        services.enquiry_close(actor=clerk, enquiry=e, answer="again")


def test_hand_over_refuses_bad_targets(kw):
    clerk = kw["actors"][Role.CLERK]
    e = create(kw, who=Role.CLERK)
    for target in (
        {},
        {"to_user": kw["clerk2"], "to_department": kw["dept"]},
        {"to_user": kw["other_clerk"]},
        {"to_user": kw[Role.CLERK]},  # already holds it
        {"to_department": f.department(f.district())},
    ):
        with pytest.raises(ValidationFailed):
            services.enquiry_hand_over(actor=clerk, enquiry=e, **target)
    assert not e.handovers.exists()


def test_unclaimed_online_question_is_taken_by_the_first_to_pick_it_up(kw):
    e = services.enquiry_create(
        actor=ANONYMOUS,
        center=kw["center"],
        channel="online",
        question="残疾人补贴多久发放？",
        phone="13588889999",
        origin="ask",
    )
    assert e.status == EnquiryStatus.UNCLAIMED and e.first_responder is None and e.callback_due
    assert e in selectors.unclaimed(kw["center"])
    assert selectors.waiting_count(kw["actors"][Role.HOTLINE], kw["center"]) == 1
    e = services.enquiry_take(actor=kw["actors"][Role.HOTLINE], enquiry=e)
    assert e.status == EnquiryStatus.OPEN and e.first_responder == kw[Role.HOTLINE]
    with pytest.raises(InvalidTransition):
        services.enquiry_take(actor=kw["actors"][Role.RECEPTION], enquiry=e)
    # A citizen may not record a desk question, nor an online one without a phone.
    with pytest.raises(PermissionDenied):
        services.enquiry_create(actor=ANONYMOUS, center=kw["center"], channel="desk", question="x")
    with pytest.raises(ValidationFailed):
        services.enquiry_create(
            actor=ANONYMOUS, center=kw["center"], channel="online", question="问题", origin="ask"
        )


def test_phone_reveal_is_audited_and_only_for_whoever_works_on_it(kw):
    e = create(kw, phone="13805716688")
    assert services.enquiry_phone_reveal(actor=kw["actors"][Role.RECEPTION], enquiry=e) == (
        "13805716688"
    )
    assert AuditLog.objects.filter(action="enquiry.phone_read", object_id=str(e.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        services.enquiry_phone_reveal(actor=kw["actors"]["clerk2"], enquiry=e)


@pytest.mark.parametrize(
    "bad",
    [
        {"question": ""},
        {"question": "   "},
        {"question": "问" * 1000},
        {"question": "？？？！！。。。……"},
        {"question": "!!!???"},
        {"channel": "fax"},
        {"phone": "12345"},
        {"phone": "call me"},
        {"answer": "x" * 1001},
        {"question": None},
        {"question": 42},
    ],
)
def test_bad_input_is_refused_without_a_record(kw, bad):
    with pytest.raises((ValidationFailed, PermissionDenied)):
        create(kw, **bad)
    assert not Enquiry.objects.exists()


def test_roles_without_enquiry_take_are_refused(kw):
    with pytest.raises(PermissionDenied):
        create(kw, who="print")
    with pytest.raises(PermissionDenied) as exc:
        services.enquiry_create(
            actor=kw["actors"]["other_clerk"], center=kw["center"], channel="desk", question="问"
        )
    assert exc.value.code == "forbidden_center"
    with pytest.raises(ValidationFailed):
        create(kw, item=kw["item_elsewhere"])  # not stationed here


# --- the API (API.md: POST /api/v1/centers/{center}/enquiries) ------------------------------


def post(client, url, body, headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_api_row_as_written(kw):
    c, url = Client(), f"/api/v1/centers/{kw['center'].code}/enquiries"
    for who in (Role.RECEPTION, Role.CLERK, Role.HOTLINE):
        r = post(
            c,
            url,
            {"channel": "phone", "question": "周六开门吗？", "phone": "13805716688"},
            bearer(kw, who),
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["status"] == "open" and body["first_responder"] == kw[who].username
        assert body["number"].startswith(kw["center"].code) and body["callback_due"]
        assert body["phone"] == "138****6688"
    r = post(
        c,
        url,
        {"channel": "desk", "question": "哪里取号？", "item": "IT-KQ-1"},
        bearer(kw, Role.RECEPTION),
    )
    assert r.status_code == 201 and r.json()["callback_due"] is None
    # The same Idempotency-Key and body: the first result, no second record.
    headers = {**bearer(kw, Role.RECEPTION), "HTTP_IDEMPOTENCY_KEY": "k-1"}
    first = post(c, url, {"channel": "desk", "question": "复印在哪？"}, headers)
    again = post(c, url, {"channel": "desk", "question": "复印在哪？"}, headers)
    assert first.json()["number"] == again.json()["number"]
    assert Enquiry.objects.count() == 5


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"channel": "desk", "question": ""}, 422, None),
        ({"channel": "desk", "question": "问" * 1000}, 422, "too_long"),
        ({"channel": "desk", "question": "？？？！！！"}, 422, "no_text"),
        ({"channel": "pigeon", "question": "问"}, 422, None),
        ({"question": "问"}, 422, None),
        ({"channel": "desk", "question": 5}, 422, None),
        ({"channel": "desk", "question": "问", "phone": "abc"}, 422, "phone_invalid"),
        ({"channel": "desk", "question": "问", "item": "NOPE"}, 422, "item_not_found"),
        ({"channel": "desk", "question": "问", "item": "IT-KQ-2"}, 422, "item_not_in_center"),
    ],
)
def test_api_bad_input_gets_the_error_shape(kw, body, status, code):
    r = post(
        Client(), f"/api/v1/centers/{kw['center'].code}/enquiries", body, bearer(kw, Role.RECEPTION)
    )
    assert r.status_code == status, r.content
    error = r.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    if code:
        assert error["code"] == code
    assert not Enquiry.objects.exists()


def test_api_another_centres_code_and_wrong_callers(kw):
    c = Client()
    body = {"channel": "desk", "question": "问题"}
    r = post(c, f"/api/v1/centers/{kw['other'].code}/enquiries", body, bearer(kw, Role.RECEPTION))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden_center"
    r = post(c, "/api/v1/centers/NOPE/enquiries", body, bearer(kw, Role.RECEPTION))
    assert r.status_code == 404 and r.json()["error"]["code"] == "center_not_found"
    r = post(c, f"/api/v1/centers/{kw['center'].code}/enquiries", body, bearer(kw, "print"))
    assert r.status_code == 403
    r = post(c, f"/api/v1/centers/{kw['center'].code}/enquiries", body, {})
    assert r.status_code == 401 and "error" in r.json()
    r = c.post(
        f"/api/v1/centers/{kw['center'].code}/enquiries",
        "{not json",
        content_type="application/json",
        **bearer(kw, Role.RECEPTION),
    )
    assert r.status_code in (400, 422) and "error" in r.json()
    assert not Enquiry.objects.exists()


def test_api_hand_over_close_and_steps_out_of_order(kw):
    c, base = Client(), f"/api/v1/centers/{kw['center'].code}/enquiries"
    h = bearer(kw, Role.CLERK)
    number = post(
        c, base, {"channel": "window", "question": "能否异地办？", "phone": "13905710001"}, h
    ).json()["number"]
    r = post(c, f"{base}/{number}/hand-over", {"to_user": kw["other_clerk"].username}, h)
    assert r.status_code == 422 and r.json()["error"]["code"] == "handover_not_in_center"
    r = post(
        c, f"{base}/{number}/hand-over", {"to_department": kw["dept"].code, "note": "请核实"}, h
    )
    assert r.status_code == 200 and r.json()["status"] == "handed_over"
    assert r.json()["first_responder"] == kw[Role.CLERK].username
    r = post(c, f"{base}/{number}/take", {}, h)
    assert r.status_code == 409
    r = post(c, f"{base}/{number}/close", {"answer": "！！！"}, h)
    assert r.status_code == 422
    r = post(c, f"{base}/{number}/close", {"answer": "可以", "called_back": "yes"}, h)
    assert r.status_code == 422
    r = post(c, f"{base}/{number}/close", {"answer": "可以异地办理", "called_back": True}, h)
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = post(c, f"{base}/{number}/close", {"answer": "再答"}, h)
    assert r.status_code == 409
    # Another clerk of the centre cannot see it; another centre's clerk neither.
    r = post(c, f"{base}/{number}/close", {"answer": "再答"}, bearer(kw, "clerk2"))
    assert r.status_code == 404
    assert c.get(base, **bearer(kw, Role.CLERK)).status_code == 200


# --- the pages ----------------------------------------------------------------------------


def test_desk_and_detail_pages_record_hand_over_and_close(kw):
    from django.urls import reverse

    code = kw["center"].code
    c = Client()
    c.force_login(kw[Role.CLERK])
    desk = reverse("knowledge:enquiries", args=[code])
    r = c.post(desk, {"channel": "window", "question": "", "phone": ""})
    assert r.status_code == 422 and not Enquiry.objects.exists()
    r = c.post(desk, {"channel": "window", "question": "长" * 1000})
    assert r.status_code == 422 and not Enquiry.objects.exists()
    r = c.post(
        desk, {"channel": "window", "question": "异地医保备案怎么办？", "phone": "13905710001"}
    )
    assert r.status_code == 302 and r["Location"].endswith("?channel=window")
    e = Enquiry.objects.get()
    page = reverse("knowledge:enquiry", args=[code, e.number])
    c.post(
        reverse("knowledge:enquiry_hand_over", args=[code, e.number]),
        {"to": f"u:{kw['clerk2'].pk}"},
    )
    e.refresh_from_db()
    assert e.status == "handed_over" and e.holder == kw["clerk2"]
    html = c.get(page).content.decode()
    assert kw["clerk2"].display_name in html and "138" not in html and "139****0001" in html
    r = c.post(reverse("knowledge:enquiry_phone", args=[code, e.number]))
    assert "13905710001" in r.content.decode()
    assert AuditLog.objects.filter(action="enquiry.phone_read").count() == 1
    c.post(reverse("knowledge:enquiry_close", args=[code, e.number]), {"answer": "？？"})
    e.refresh_from_db()
    assert e.status == "handed_over"
    c.post(
        reverse("knowledge:enquiry_close", args=[code, e.number]),
        {"answer": "可网上备案", "called_back": "1"},
    )
    e.refresh_from_db()
    assert e.status == "closed" and e.called_back_at
    # clerk2 held it last and still reads it; the reception (never held it) does
    # not find it, and another centre's clerk is refused the centre.
    other = Client()
    other.force_login(kw["clerk2"])
    assert other.get(page).status_code == 200
    other.force_login(kw[Role.RECEPTION])
    assert other.get(page).status_code == 404
    other.force_login(kw["other_clerk"])
    assert other.get(page).status_code == 403
    # The workbench entry counts the overdue call-back and says so.
    from govhall.core.navigation import links

    late = create(kw, phone="13805716688", now=timezone.now() - dt.timedelta(days=10))
    row = next(
        x
        for x in links(kw["actors"][Role.RECEPTION], kw["center"], with_waiting=True)
        if x["key"] == "knowledge.enquiries"
    )
    assert row["waiting"] == 1 and "1" in row["note"] and late.callback_due < timezone.now()
