"""12345 work orders (001 4.6.1): the inbound delivery with its idempotency key
and the platform's number unique per centre, assignment, the deadline, the
answer queued in the core outbox; a complaint kept distinct."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from govhall.core.actors import actor_for_token
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import OutboxMessage, Role
from govhall.core.outbox import enqueue
from govhall.feedback.services.complaints import complaint_receive

from ..workorders import services
from ..workorders.models import WorkOrder, WorkOrderStatus
from .enquiry_factories import bearer, integration, local, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kw(db):
    return world()


def receive(kw, ref="12345-0001", **extra):
    token, _h = integration(kw["center"])
    args = {"kind": "question", "content": "新生儿医保在哪里办？", "phone": "13867005521", **extra}
    return services.workorder_receive(
        actor=actor_for_token(token), center=kw["center"], ref=ref, **args
    )


def test_deadline_assign_answer_and_the_outbox(kw):
    order = receive(kw, now=local(2026, 11, 13, 10, 0))  # a Friday
    assert order.source == "inbound" and order.status == WorkOrderStatus.RECEIVED
    assert order.due_date == dt.date(2026, 11, 18)  # 3 working days
    hotline = kw["actors"][Role.HOTLINE]
    with pytest.raises(InvalidTransition):
        services.workorder_answer(actor=hotline, order=order, answer="先答")
    order = services.workorder_assign(actor=hotline, order=order, assignee=kw[Role.CLERK])
    assert services.warning(order, dt.date(2026, 11, 17)) == "yellow"
    assert services.warning(order, dt.date(2026, 11, 19)) == "red"
    order = services.workorder_answer(actor=hotline, order=order, answer="可在医保窗口办理。")
    assert order.status == WorkOrderStatus.ANSWERED and services.warning(order) == ""
    msg = OutboxMessage.objects.get()
    assert msg.destination == "12345" and msg.state == "pending" and msg.kind == "workorder.answer"
    assert msg.payload["ref"] == "12345-0001" and msg.payload["answer"] == "可在医保窗口办理。"
    assert "13867005521" not in json.dumps(msg.payload)  # the platform has the caller already
    with pytest.raises(InvalidTransition):
        services.workorder_answer(actor=hotline, order=order, answer="再答")
    # The order's own deadline wins over the setting.
    own = receive(kw, ref="12345-0002", due_date=dt.date(2030, 1, 4))
    assert own.due_date == dt.date(2030, 1, 4) and not own.due_provisional


def test_outbox_enqueue_is_once_per_key_and_refuses_personal_data(kw):
    from django.db import transaction

    with transaction.atomic():
        a = enqueue(center=kw["center"], destination="12345", kind="k", payload={"a": 1}, key="x")
        b = enqueue(center=kw["center"], destination="12345", kind="k", payload={"a": 2}, key="x")
    assert a.pk == b.pk and OutboxMessage.objects.get().payload == {"a": 1}
    with transaction.atomic(), pytest.raises(ValueError):
        enqueue(center=kw["center"], destination="12345", kind="k", payload={"phone": "1"}, key="y")


def test_same_order_twice_is_a_conflict_per_centre(kw):
    receive(kw)
    with pytest.raises(Conflict):
        receive(kw)
    token, _h = integration(kw["other"])
    services.workorder_receive(
        actor=actor_for_token(token),
        center=kw["other"],
        ref="12345-0001",
        kind="request",
        content="求助",
    )
    assert WorkOrder.objects.count() == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"ref": ""},
        {"ref": "有中文"},
        {"ref": "x" * 41},
        {"kind": "rant"},
        {"content": "？！。"},
        {"content": "x" * 1001},
        {"phone": "00"},
        {"due_date": dt.date(2020, 1, 1)},
    ],
)
def test_bad_orders_are_refused(kw, bad):
    with pytest.raises(ValidationFailed):
        receive(kw, **{"ref": "12345-9", **bad})
    assert not WorkOrder.objects.exists()


def test_a_complaint_order_is_registered_as_a_complaint_and_linked(kw):
    order = receive(kw, ref="12345-TS-1", kind="complaint", content="窗口人员态度差")
    hotline = kw["actors"][Role.HOTLINE]
    with pytest.raises(ValidationFailed) as exc:
        services.workorder_mark_complaint(actor=hotline, order=order)
    assert exc.value.code == "complaint_not_registered"
    complaint = complaint_receive(
        actor=hotline,
        center=kw["center"],
        channel="hotline",
        content="窗口人员态度差",
        hotline_ref=order.ref,
    )
    order = services.workorder_mark_complaint(actor=hotline, order=order)
    assert (
        order.status == WorkOrderStatus.TRANSFERRED and order.complaint_number == complaint.number
    )


def test_inbound_api_needs_its_key_and_the_integration_token(kw):
    c, code = Client(), kw["center"].code
    url = f"/api/v1/centers/{code}/workorders/inbound"
    _t, h = integration(kw["center"])
    body = {
        "ref": "12345-77",
        "kind": "request",
        "content": "想预约周六办理",
        "phone": "13712340987",
    }
    r = c.post(url, json.dumps(body), content_type="application/json", **h)
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_required"
    keyed = {**h, "HTTP_IDEMPOTENCY_KEY": "delivery-1"}
    first = c.post(url, json.dumps(body), content_type="application/json", **keyed)
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "received" and first.json()["phone"] == "137****0987"
    again = c.post(url, json.dumps(body), content_type="application/json", **keyed)
    assert again.status_code == 201 and again.json() == first.json()
    other_key = {**h, "HTTP_IDEMPOTENCY_KEY": "delivery-2"}
    dup = c.post(url, json.dumps(body), content_type="application/json", **other_key)
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "workorder_duplicate"
    # Another centre's token, a staff token, nothing.
    _t2, h2 = integration(kw["other"])
    r = c.post(
        url, json.dumps(body), content_type="application/json", **h2, HTTP_IDEMPOTENCY_KEY="d"
    )
    assert r.status_code == 403
    r = c.post(url, json.dumps(body), content_type="application/json", **bearer(kw, Role.HOTLINE))
    assert r.status_code == 403
    bad = {**body, "ref": "12345-78", "content": "x" * 1001}
    r = c.post(url, json.dumps(bad), content_type="application/json", **h, HTTP_IDEMPOTENCY_KEY="e")
    assert r.status_code == 422 and set(r.json()["error"]) == {"code", "message", "fields"}
    assert WorkOrder.objects.count() == 1


def test_staff_api_enters_assigns_and_answers(kw):
    c, code = Client(), kw["center"].code
    h = bearer(kw, Role.HOTLINE)
    body = {"ref": "12345-80", "kind": "question", "content": "居住证签注要本人到场吗？"}
    r = c.post(
        f"/api/v1/centers/{code}/workorders", json.dumps(body), content_type="application/json", **h
    )
    assert r.status_code == 201 and r.json()["source"] == "manual"
    base = f"/api/v1/centers/{code}/workorders/12345-80"
    r = c.post(
        f"{base}/assign", json.dumps({"assignee": "nobody"}), content_type="application/json", **h
    )
    assert r.status_code == 422
    r = c.post(
        f"{base}/assign",
        json.dumps({"department": kw["dept"].code}),
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200 and r.json()["status"] == "assigned"
    r = c.post(f"{base}/answer", json.dumps({"answer": ""}), content_type="application/json", **h)
    assert r.status_code == 422
    r = c.post(
        f"{base}/answer",
        json.dumps({"answer": "不需要，家属可代办。"}),
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200 and r.json()["answer_queued"] is True
    assert c.get(f"/api/v1/centers/{code}/workorders", **h).json() == []
    assert (
        c.get(f"/api/v1/centers/{code}/workorders", **bearer(kw, Role.RECEPTION)).status_code == 403
    )


def test_the_assignee_answers_their_order_and_nobody_else_without_the_hotline(kw):
    order = receive(kw, ref="12345-90")
    hotline = kw["actors"][Role.HOTLINE]
    order = services.workorder_assign(actor=hotline, order=order, assignee=kw[Role.CLERK])
    from ..workorders import selectors

    assert list(selectors.visible(kw["actors"][Role.CLERK], kw["center"])) == [order]
    assert not selectors.visible(kw["actors"]["clerk2"], kw["center"]).exists()
    with pytest.raises(PermissionDenied):
        services.workorder_answer(actor=kw["actors"]["clerk2"], order=order, answer="我来答")
    with pytest.raises(PermissionDenied):
        services.workorder_assign(
            actor=kw["actors"][Role.CLERK], order=order, assignee=kw["clerk2"]
        )
    order = services.workorder_answer(
        actor=kw["actors"][Role.CLERK], order=order, answer="可以代办。"
    )
    assert order.answered_by == kw[Role.CLERK] and order.outbox.state == "pending"


def test_pages_enter_assign_to_a_department_and_show_the_complaint_box(kw):
    from django.urls import reverse

    code = kw["center"].code
    c = Client()
    c.force_login(kw[Role.HOTLINE])
    url = reverse("knowledge:workorders", args=[code])
    r = c.post(url, {"ref": "12345-P1", "kind": "question", "content": "！！", "phone": ""})
    assert r.status_code == 422 and not WorkOrder.objects.exists()
    r = c.post(
        url,
        {
            "ref": "12345-P1",
            "kind": "complaint",
            "content": "窗口排队太久没人管",
            "due_date": "bad",
        },
    )
    assert r.status_code == 422 and not WorkOrder.objects.exists()
    r = c.post(url, {"ref": "12345-P1", "kind": "complaint", "content": "窗口排队太久没人管"})
    assert r.status_code == 302
    page = reverse("knowledge:workorder", args=[code, "12345-P1"])
    assert "data-complaint-box" in c.get(page).content.decode()
    c.post(
        reverse("knowledge:workorder_assign", args=[code, "12345-P1"]), {"to": f"d:{kw['dept'].pk}"}
    )
    assert WorkOrder.objects.get().department == kw["dept"]
    html = c.get(url).content.decode()
    assert kw["dept"].name in html and "12345-P1" in html
    # The department's clerk finds it on their desk; the reception does not.
    clerk = Client()
    clerk.force_login(kw["dept_clerk"])
    assert "12345-P1" in clerk.get(reverse("knowledge:enquiries", args=[code])).content.decode()
    assert clerk.get(page).status_code == 200 and clerk.get(url).status_code == 403
    clerk.force_login(kw[Role.RECEPTION])
    assert clerk.get(page).status_code == 404
