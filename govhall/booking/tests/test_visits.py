"""Home visits (上门服务): requested, approved by the centre, at least two staff
assigned before a date is set, and the outcome recorded (004 第六条3)."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from govhall.booking import services
from govhall.booking.models import HomeVisit, VisitStatus
from govhall.core.actors import ANONYMOUS
from govhall.core.errors import DomainError
from govhall.core.models import Event, Notification, Role
from govhall.core.tests import factories as f

PHONE = "13912345678"


@pytest.fixture
def visit(bh):
    return services.home_visit_request(
        actor=ANONYMOUS,
        center=bh["center"],
        name="刘奶奶",
        phone=PHONE,
        address="松川区中山路 12 弄 3 号 401 室",
        reason="卧床，行动不便",
        id_number="11010519491231002X",
        item_code=bh["pension"].code,
    )


@pytest.fixture
def admin(bh):
    return f.actor(f.staff(Role.CENTER_ADMIN, center_=bh["center"]))


def two_staff(bh):
    return [f.staff(Role.ASSISTANT, center_=bh["center"]) for _ in range(2)]


def test_the_whole_visit(bh, visit, admin):
    assert visit.status == VisitStatus.REQUESTED and visit.number.startswith("SM")
    assert visit.channel == "web"
    services.home_visit_decide(actor=admin, visit=visit, approve=True, note="符合条件")
    staff = two_staff(bh)
    services.home_visit_assign(actor=admin, visit=visit, staff=staff)
    when = timezone.now() + dt.timedelta(days=2)
    visit = services.home_visit_schedule(actor=admin, visit=visit, when=when)
    assert visit.status == VisitStatus.SCHEDULED
    assert Notification.objects.filter(key__startswith=f"visit:{visit.pk}:scheduled").exists()
    went = f.actor(staff[0])
    visit = services.home_visit_complete(actor=went, visit=visit, outcome="已现场核验并受理")
    assert visit.status == VisitStatus.DONE and visit.done_at
    payloads = json.dumps(list(Event.objects.values_list("payload", flat=True)), ensure_ascii=False)
    assert "刘奶奶" not in payloads and "中山路" not in payloads and PHONE not in payloads


def test_one_staff_member_is_not_enough(bh, visit, admin):
    services.home_visit_decide(actor=admin, visit=visit, approve=True)
    with pytest.raises(DomainError) as refused:
        services.home_visit_assign(actor=admin, visit=visit, staff=two_staff(bh)[:1])
    assert refused.value.code == "visit_needs_two_staff"
    with pytest.raises(DomainError) as refused:
        services.home_visit_schedule(
            actor=admin, visit=visit, when=timezone.now() + dt.timedelta(days=1)
        )
    assert refused.value.code == "visit_needs_two_staff"
    assert HomeVisit.objects.get().status == VisitStatus.APPROVED


def test_staff_of_another_centre_cannot_be_sent(bh, visit, admin):
    services.home_visit_decide(actor=admin, visit=visit, approve=True)
    outsider = f.staff(Role.ASSISTANT, center_=f.center(f.district(), code="VX"))
    with pytest.raises(DomainError) as refused:
        services.home_visit_assign(actor=admin, visit=visit, staff=[two_staff(bh)[0], outsider])
    assert refused.value.status == 422
    assert not HomeVisit.objects.get().staff.exists()


def test_steps_out_of_order_and_by_the_wrong_people(bh, visit, admin):
    with pytest.raises(DomainError) as refused:  # not approved yet
        services.home_visit_assign(actor=admin, visit=visit, staff=two_staff(bh))
    assert refused.value.code == "invalid_transition"
    with pytest.raises(DomainError) as refused:  # a clerk does not approve
        services.home_visit_decide(actor=bh["clerk"], visit=visit, approve=True)
    assert refused.value.status == 403
    with pytest.raises(DomainError) as refused:  # a refusal needs its reason
        services.home_visit_decide(actor=admin, visit=visit, approve=False)
    assert refused.value.status == 422
    services.home_visit_decide(actor=admin, visit=visit, approve=False, note="可由家属代办")
    assert Notification.objects.filter(key=f"visit:{visit.pk}:rejected").exists()
    with pytest.raises(DomainError) as refused:
        services.home_visit_complete(actor=admin, visit=visit, outcome="x")
    assert refused.value.code == "invalid_transition"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": ""}, "name"),
        ({"address": ""}, "address"),
        ({"address": "长" * 201}, "address"),
        ({"reason": ""}, "reason"),
        ({"phone": "110"}, "phone"),
        ({"id_number": "123"}, "id_number"),
        ({"item_code": "NOPE"}, "item"),
    ],
)
def test_bad_requests(bh, change, field):
    body = {
        "name": "刘奶奶",
        "phone": PHONE,
        "address": "中山路 12 弄",
        "reason": "卧床",
        **change,
    }
    with pytest.raises(DomainError) as refused:
        services.home_visit_request(actor=ANONYMOUS, center=bh["center"], **body)
    assert field in refused.value.fields
    assert not HomeVisit.objects.exists()


def test_the_api_walk(bh, client, admin):
    from govhall.core.models import TokenKind
    from govhall.core.services import token_create

    raw = token_create(kind=TokenKind.STAFF, user=admin.user, center=bh["center"])[1]
    auth = {"Authorization": f"Bearer {raw}"}
    made = client.post(
        f"/api/v1/centers/{bh['center'].code}/home-visits",
        {"name": "刘奶奶", "phone": PHONE, "address": "中山路 12 弄", "reason": "卧床"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    number = made.json()["number"]
    base = f"/api/v1/home-visits/{number}"
    post = lambda path, body: client.post(  # noqa: E731
        base + path, body, content_type="application/json", headers=auth
    )
    assert post("/decide", {"approve": True}).status_code == 200
    staff = two_staff(bh)
    assert post("/assign", {"staff": [staff[0].username, "ghost"]}).status_code == 422
    assert post("/assign", {"staff": [u.username for u in staff]}).status_code == 200
    when = (timezone.now() + dt.timedelta(days=1)).isoformat()
    scheduled = post("/schedule", {"when": when})
    assert scheduled.status_code == 200 and scheduled.json()["status"] == "scheduled"
    assert len(scheduled.json()["staff"]) == 2
    done = post("/complete", {"outcome": "已办结"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert (
        client.post(
            base + "/decide", {"approve": True}, content_type="application/json"
        ).status_code
        == 401
    )
