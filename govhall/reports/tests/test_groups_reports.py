# ruff: noqa: F811 (the world fixture is imported, pytest passes it by name)
"""The special-groups report and the two ledgers: figures from the raw rows,
staff names masked, nothing of the rater or complainant, one centre's rows only."""

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.feedback.models import Complaint, ComplaintChannel, Evaluation, Rectification, Subject
from govhall.queueing.models import SpecialGroup
from govhall.reports import tables
from govhall.reports.groups.ledgers import mask_name
from govhall.reports.periods import Period

from .assessment_world import aw, serve, world  # noqa: F401

pytestmark = pytest.mark.django_db
PERIOD = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31), "month")


def test_special_groups_tickets(aw):
    t = serve(aw["center"], aw["queue"], aw["window"], aw["a"], dt.date(2026, 10, 13), 5, wait=2)
    t.special_group, t.priority = SpecialGroup.ELDERLY, True
    t.save()
    other = world("g_")
    serve(other["center"], other["queue"], other["window"], other["a"], dt.date(2026, 10, 13), 5)
    report = tables.get("special_groups")
    assert report.needs == frozenset({"report.read"})
    first, assists, visits = report.build(aw["actor"], [aw["center"]], PERIOD)
    rows = {r["group"]: r for r in first.rows}
    assert rows["老年人"] == {"group": "老年人", "issued": 1, "served": 1, "mean_wait": 2.0}
    assert rows["绿色通道（合计）"]["issued"] == 1
    assert rows["全部取号（对照）"]["issued"] == 7  # this centre's 6 + 1, not the other's
    assert rows["残疾人"]["mean_wait"] is None
    assert {r["kind"] for r in assists.rows} >= {"帮办", "代办"}
    assert sum(r["visits"] for r in visits.rows) == 0


def _bad_review(w, when):
    e = Evaluation.objects.create(
        center=w["center"],
        subject=Subject.TICKET,
        reference="A001",
        item_name="社保卡补办",
        window=w["window"],
        staff=w["a"],
        staff_number=w["a"].staff_number,
        served_at=when,
        expires_at=when + dt.timedelta(days=15),
        contact_phone="13900001111",
        level=1,
        comment="等太久 13900001111",
        real_name=True,
        rated_at=when,
    )
    return Rectification.objects.create(
        evaluation=e,
        center=w["center"],
        real_name=True,
        opened_at=when,
        rectify_due=dt.date(2026, 10, 20),
        reply="已核实，电话 13900001111 回访",
        replied_at=when + dt.timedelta(days=1),
    )


def test_ledgers_masked_and_scoped(aw):
    when = dt.datetime(2026, 10, 14, 10, tzinfo=dt.UTC)
    _bad_review(aw, when)
    other = world("l_")
    _bad_review(other, when)
    Complaint.objects.create(
        center=aw["center"],
        number="TS-1",
        channel=ComplaintChannel.WINDOW,
        received_at=when,
        complainant_name="李四",
        complainant_phone="13900002222",
        content="窗口人员态度差",
        reply_due=dt.date(2026, 10, 21),
        assignee=aw["b"],
        replied_at=when + dt.timedelta(days=2),
    )
    [bad] = tables.get("bad_reviews_ledger").build(aw["actor"], [aw["center"]], PERIOD)
    assert len(bad.rows) == 1
    row = bad.rows[0]
    assert row["staff"] == "甲*" and row["real_name"] == "是" and row["level"] == "非常不满意"
    assert "13900001111" not in str(bad.rows)
    [complaints] = tables.get("complaints_ledger").build(aw["actor"], [aw["center"]], PERIOD)
    [c] = complaints.rows
    assert c["handler"] == "乙*" and c["on_time"] == "是" and c["deadline"] == "2026-10-21"
    assert "李四" not in str(c) and "13900002222" not in str(c)
    # The other centre's admin reads none of these through their own scope.
    [bad_b] = tables.get("bad_reviews_ledger").build(
        actor_for_user(other["admin"]), [aw["center"]], PERIOD
    )
    assert bad_b.rows == []
    assert timezone.now()


def test_mask_name():
    assert mask_name("张伟") == "张*" and mask_name("欧阳娜娜") == "欧***" and mask_name("") == ""


def test_printable_page(aw, client):
    client.force_login(aw["admin"])
    page = client.get(f"/reports/{aw['center'].code}/special-groups/?month=2026-10")
    assert page.status_code == 200
    text = page.content.decode()
    assert "特殊群体取号与等候" in text and "全部取号（对照）" in text
    for bad in ("2026-13", "garbage", "x" * 300):
        assert (
            client.get(f"/reports/{aw['center'].code}/special-groups/?month={bad}").status_code
            == 422
        )
    other = world("p_")
    client.force_login(other["admin"])
    assert client.get(f"/reports/{aw['center'].code}/special-groups/").status_code == 403
