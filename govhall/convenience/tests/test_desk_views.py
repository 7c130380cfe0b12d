"""Every form of the desk's pages with bad input: the page again with the error
(code, message, fields) and a 4xx, nothing changed; another centre's object is a 404."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from govhall.convenience.lending import services as lending
from govhall.convenience.lending.models import LendingItem, Loan
from govhall.convenience.lost import services as lost
from govhall.convenience.lost.models import LostItem, LostStatus
from govhall.convenience.printing.models import ComputerSession, PrintJob
from govhall.core.models import Role
from govhall.core.tests import factories as f

from .desk_world import ALICE, TUESDAY, at, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    w = world()
    code = w["center"].code
    w["client"] = Client()
    w["client"].force_login(w["print"].user)
    w["desk_client"] = Client()
    w["desk_client"].force_login(w["desk"].user)
    w["base"] = f"/convenience/print/{code}/"
    w["lost"] = f"/convenience/lost/{code}/"
    w["lending"] = f"/convenience/lending/{code}/"
    return w


def snapshot():
    return (
        PrintJob.objects.count(),
        ComputerSession.objects.count(),
        list(LostItem.objects.values_list("status", "storage_place")),
        LendingItem.objects.count(),
        Loan.objects.filter(returned_at=None).count(),
    )


def refused(response, code=None):
    assert 400 <= response.status_code < 500, response.status_code
    text = response.content.decode()
    assert 'class="cv-msg error"' in text
    if code:
        assert f'data-code="{code}"' in text


def test_print_room_forms_with_bad_input(w):
    c = w["client"]
    good = {"id_number": ALICE, "sheets": "2", "purpose": "申请表", "item": w["promise"].code}
    with time_machine.travel(at(TUESDAY, "09:30"), tick=False):
        assert c.get(w["base"]).status_code == 200
        before = snapshot()
        for bad in (
            {"sheets": "two"},
            {"sheets": ""},
            {"purpose": ""},
            {"id_number": "123"},
            {"item": "NOPE"},
            {"id_number": "", "ticket": ""},
            {"kind": "fax"},
        ):
            refused(c.post(w["base"] + "job/", {**good, **bad}))
        refused(c.post(w["base"] + "computer/", {"computer_purpose": ""}))
        refused(c.post(w["base"] + "computer/", {"computer_purpose": "x", "computer_ticket": "Z9"}))
        refused(c.post(w["base"] + "computer/999999/end/"))
        refused(c.post(w["base"] + "left-behind/", {"left_description": ""}))
        assert snapshot() == before
        refused(c.post(w["base"] + "job/", {**good, "sheets": "11"}), "print_quota_exceeded")
        assert c.post(w["base"] + "job/", good).status_code == 302
    assert PrintJob.objects.filter(status="done").count() == 1


def test_lost_and_lending_forms_with_bad_input(w):
    c = w["desk_client"]
    item = lost.lost_register(
        actor=w["desk"],
        center=w["center"],
        category="bag",
        description="黑色包",
        found_place="大厅",
        found_at=at(TUESDAY, "09:00"),
        owner_id_number=ALICE,
        now=at(TUESDAY, "09:10"),
    )
    chair = lending.lending_item_add(
        actor=w["desk"], center=w["center"], kind="wheelchair", label="轮椅1号"
    )
    with time_machine.travel(at(TUESDAY, "10:00"), tick=False):
        before = snapshot()
        good = {
            "category": "bag",
            "description": "伞",
            "found_place": "大厅",
            "found_at": "2026-12-01T09:00",
        }
        for bad in (
            {"category": ""},
            {"found_at": "soon"},
            {"description": "x" * 201},
            {"found_at": "2027-12-01T09:00"},
            {"owner_id_number": "123"},
        ):
            refused(c.post(w["lost"] + "register/", {**good, **bad}))
        detail = f"{w['lost']}{item.pk}/"
        refused(c.post(detail + "store/", {"storage_place": ""}))
        refused(c.post(detail + "claim/", {"name": "张三", "id_number": ALICE}))  # no signature
        refused(c.post(detail + "claim/", {"name": "", "id_number": ALICE}))
        refused(
            c.post(
                detail + "claim/",
                {"name": "张三", "id_number": ALICE, "signature": "data:image/png;base64,!!"},
            )
        )
        refused(c.post(detail + "writeoff/"), "lost_keep_period")
        assert c.post(detail + "decide/", {"decision": "approve"}).status_code == 403
        refused(c.post(detail + "reveal/", {"field": "password"}))
        refused(c.post(w["lending"] + "lend/", {"item": "999999", "name": "张三"}))
        refused(c.post(w["lending"] + "lend/", {"item": str(chair.pk), "name": ""}))
        refused(
            c.post(w["lending"] + "lend/", {"item": str(chair.pk), "name": "张三", "phone": "1"})
        )
        refused(c.post(w["lending"] + "items/", {"kind": "car", "label": "x"}))
        refused(c.post(w["lending"] + "items/", {"kind": "wheelchair", "label": "轮椅1号"}))
        refused(c.post(w["lending"] + "999999/return/"))
        assert snapshot() == before
        item.refresh_from_db()
        assert item.status == LostStatus.REGISTERED
        other_desk = f.actor(f.staff(Role.RECEPTION, center_=w["other"]))
        other = lost.lost_register(
            actor=other_desk,
            center=w["other"],
            category="bag",
            description="x",
            found_place="y",
            found_at=at(TUESDAY, "09:00"),
            now=at(TUESDAY, "09:10"),
        )
        assert c.get(f"{w['lost']}999999/").status_code == 404
        assert c.get(f"{w['lost']}{other.pk}/").status_code == 404
        assert c.post(f"{w['lost']}{other.pk}/store/", {"storage_place": "A"}).status_code == 404
