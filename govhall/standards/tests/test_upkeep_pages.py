"""The upkeep, emergency and rounds pages and API answer bad input with 422 (the
error shape on the API), nothing half-written; another centre's objects are 404;
phones are masked unless revealed by those who act; files go out only to readers."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from govhall.core.models import AuditLog, TokenKind
from govhall.core.services import token_create
from govhall.core.tests.factories import actor
from govhall.core.workdays import is_working_day
from govhall.standards.emergency import services as plans
from govhall.standards.rounds import services as rounds
from govhall.standards.rounds.models import RoundCheck
from govhall.standards.upkeep import services
from govhall.standards.upkeep.models import Installation, MaintenanceLog

from .upkeep_world import fake_photo, hall_world, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = hall_world()
    w["inst"] = services.installation_add(
        actor=actor(w["admin"]),
        center=w["center"],
        name="灭火器",
        kind="fire",
        cycle="monthly",
        since=dt.date(2026, 1, 1),
        keeper=w["duty"],
    )
    return w


def browser(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def bearer(user) -> Client:
    return Client(
        headers={"Authorization": f"Bearer {token_create(kind=TokenKind.STAFF, user=user)[1]}"}
    )


def test_maintenance_form_refuses_bad_input_and_keeps_nothing(w):
    c = browser(w["admin"])
    url = reverse("standards:upkeep_record", args=[w["center"].code, w["inst"].pk])
    assert c.post(url, {"done_on": "", "result": "ok"}).status_code == 422
    assert c.post(url, {"done_on": "2026-13-40", "result": "ok"}).status_code == 422
    assert c.post(url, {"done_on": "2026-03-01", "result": "exploded"}).status_code == 422
    r = c.post(url, {"done_on": "2026-03-01", "result": "failed", "note": ""})
    assert r.status_code == 422 and "必填" in r.content.decode()
    r = c.post(url, {"done_on": "2026-03-01", "result": "ok", "attachment": fake_photo()})
    assert r.status_code == 422 and "只接受JPG、PNG照片或PDF文件" in r.content.decode()
    assert MaintenanceLog.objects.count() == 0
    r = c.post(url, {"done_on": "2026-03-01", "result": "ok", "attachment": photo()})
    assert r.status_code == 302
    log = MaintenanceLog.objects.get()
    file_url = reverse("standards:upkeep_log_file", args=[w["center"].code, log.pk])
    got = browser(w["supervisor"]).get(file_url)
    assert got.status_code == 200 and got["Content-Type"] == "image/jpeg"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert browser(w["clerk"]).get(file_url).status_code == 403
    # another centre's admin: refused at the gate; the other centre's URL: not found
    assert (
        browser(w["other_admin"]).post(url, {"done_on": "2026-03-01", "result": "ok"}).status_code
        == 403
    )
    other = reverse("standards:upkeep_record", args=[w["other"].code, w["inst"].pk])
    assert (
        browser(w["other_admin"]).post(other, {"done_on": "2026-03-01", "result": "ok"}).status_code
        == 404
    )


def test_installation_and_cleaning_forms(w):
    c = browser(w["admin"])
    add = reverse("standards:upkeep_add", args=[w["center"].code])
    assert (
        c.post(
            add, {"name": "", "kind": "fire", "cycle": "monthly", "since": "2026-01-01"}
        ).status_code
        == 422
    )
    r = c.post(add, {"name": "x" * 81, "kind": "fire", "cycle": "monthly", "since": "2026-01-01"})
    assert r.status_code == 422
    r = c.post(add, {"name": "AED", "kind": "aed", "cycle": "days", "since": "2026-01-01"})
    assert r.status_code == 422  # days without a number
    r = c.post(
        add,
        {
            "name": "AED",
            "kind": "aed",
            "cycle": "quarterly",
            "since": "2026-01-01",
            "zone": w["other_zone"].pk,
        },
    )
    assert r.status_code == 302  # another centre's zone is not offered: left empty
    assert Installation.objects.get(name="AED").zone is None
    page = c.get(reverse("standards:upkeep", args=[w["center"].code]))
    assert page.status_code == 200 and "AED" in page.content.decode()
    clean = reverse("standards:cleaning", args=[w["center"].code])
    duty = browser(w["duty"])
    assert duty.post(clean, {"zone": "abc", "item": ["a"]}).status_code == 422
    assert duty.post(clean, {"zone": w["other_zone"].pk, "item": ["a"]}).status_code == 422
    assert duty.post(clean, {"zone": w["zones"][0].pk, "item": ["zz"]}).status_code == 422
    assert duty.post(clean, {"zone": w["zones"][0].pk, "item": ["a", "b"]}).status_code == 302
    assert "2/6" in duty.get(clean).content.decode()
    assert (
        browser(w["supervisor"]).post(clean, {"zone": w["zones"][0].pk, "item": ["a"]}).status_code
        == 403
    )
    assert duty.get(clean + "?day=garbage").status_code == 200


def test_phones_are_masked_and_revealed_with_an_audit_row(w):
    plans.plan_save(
        actor=actor(w["admin"]),
        center=w["center"],
        kind="fire",
        title="火灾预案",
        steps="报警\n疏散",
        version="V1",
        reviewed_on=dt.date(2026, 3, 1),
        contacts=[{"duty": "总指挥", "name": "王", "phone": "13812345678"}],
    )
    page = reverse("standards:emergency_plan", args=[w["center"].code, "fire"])
    body = browser(w["supervisor"]).get(page).content.decode()
    assert "138****5678" in body and "13812345678" not in body and "查看完整号码" not in body
    reveal = reverse("standards:emergency_reveal", args=[w["center"].code, "fire"])
    assert browser(w["supervisor"]).post(reveal).status_code == 403
    shown = browser(w["duty"]).post(reveal)
    assert shown.status_code == 200 and "13812345678" in shown.content.decode()
    assert AuditLog.objects.filter(action="emergency_plan.contacts_revealed").count() == 1
    bad = browser(w["admin"]).post(
        page,
        {
            "title": "火灾预案",
            "version": "V1",
            "reviewed_on": "2026-03-01",
            "steps": "报警\n疏散",
            "duty_0": "总指挥",
            "name_0": "王",
        },
    )
    assert bad.status_code == 422 and "与现行版本相同" in bad.content.decode()
    assert (
        browser(w["admin"])
        .get(reverse("standards:emergency_plan", args=[w["center"].code, "flood"]))
        .status_code
        == 404
    )
    drill = reverse("standards:emergency_drill", args=[w["center"].code, "fire"])
    assert (
        browser(w["admin"])
        .post(
            drill,
            {
                "held_on": "2026-11-01",
                "participants": "-3",
                "duration_minutes": "10",
                "scenario": "x",
            },
        )
        .status_code
        == 422
    )
    api = bearer(w["supervisor"]).get(f"/api/v1/centers/{w['center'].code}/emergency-plans")
    assert api.status_code == 200
    fire = next(p for p in api.json() if p["kind"] == "fire")
    assert fire["contacts"][0]["phone"] == "138****5678" and fire["steps"] == ["报警", "疏散"]
    assert sum(p["state"] == "missing" for p in api.json()) == 6


def test_the_round_pages_and_api(w):
    r = rounds.round_plan(
        actor=actor(w["admin"]),
        center=w["center"],
        planned_on=dt.date.today(),
        slot="morning",
        walker=w["duty"],
    )
    duty = browser(w["duty"])
    check = reverse("standards:round_check", args=[w["center"].code, r.pk])
    assert duty.post(check, {"item": "D1", "ok": "maybe"}).status_code == 422
    assert duty.post(check, {"item": "ZZ", "ok": "1"}).status_code == 422
    assert (
        duty.post(
            check, {"item": "D1", "ok": "0", "note": "迟到", "photo": fake_photo()}
        ).status_code
        == 422
    )
    assert (
        duty.post(check, {"item": "D1", "ok": "0", "note": "迟到", "due": "soon"}).status_code
        == 422
    )
    assert RoundCheck.objects.count() == 0
    ok = duty.post(
        check,
        {
            "item": "D1",
            "ok": "0",
            "note": "2人迟到",
            "photo": photo(),
            "owner": w["clerk"].pk,
            "due": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert ok.status_code == 302
    c = RoundCheck.objects.get()
    assert c.photo and c.owner == w["clerk"]
    walk = duty.get(reverse("standards:round_walk", args=[w["center"].code, r.pk]))
    assert walk.status_code == 200 and 'capture="environment"' in walk.content.decode()
    closing = duty.post(reverse("standards:round_close", args=[w["center"].code, r.pk]))
    assert closing.status_code == 422 and "未检查" in closing.content.decode()
    # the API: error shape for bad input, the verdicts, the close
    api = bearer(w["duty"])
    base = f"/api/v1/centers/{w['center'].code}/rounds/{r.pk}"
    bad = api.post(f"{base}/checks", {"item": "D2", "ok": False}, content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()["error"]) == {"code", "message", "fields"}
    assert "note" in bad.json()["error"]["fields"]
    wrong = api.post(
        f"{base}/checks", {"item": "D2", "ok": "perhaps"}, content_type="application/json"
    )
    assert wrong.status_code == 422 and "error" in wrong.json()
    assert api.post(f"{base}/checks", "not json", content_type="application/json").status_code in (
        400,
        422,
    )
    from govhall.standards.rounds import checklist

    for code in checklist.codes()[1:]:
        got = api.post(
            f"{base}/checks", {"item": code, "ok": True}, content_type="application/json"
        )
        assert got.status_code == 200, got.content
    closed = api.post(f"{base}/close", {"summary": "好"}, content_type="application/json")
    assert (
        closed.status_code == 200
        and closed.json()["status"] == "closed"
        and closed.json()["findings"] == 1
    )
    again = api.post(f"{base}/close", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "round_not_walking"
    week = api.get(f"/api/v1/centers/{w['center'].code}/rounds")
    assert [x["id"] for x in week.json()] == [r.pk]
    assert (
        bearer(w["other_admin"]).get(f"/api/v1/centers/{w['center'].code}/rounds").status_code
        == 403
    )
    assert api.get(f"/api/v1/centers/{w['other'].code}/rounds/{r.pk}/close").status_code == 405
    assert (
        api.post(
            f"/api/v1/centers/{w['center'].code}/rounds/999999/close",
            {},
            content_type="application/json",
        ).status_code
        == 404
    )
    photo_url = reverse("standards:round_photo", args=[w["center"].code, c.pk])
    assert browser(w["supervisor"]).get(photo_url).status_code == 200
    assert (
        browser(w["other_admin"])
        .get(reverse("standards:round_photo", args=[w["other"].code, c.pk]))
        .status_code
        == 404
    )


def test_upkeep_api(w):
    api = bearer(w["admin"])
    url = f"/api/v1/centers/{w['center'].code}/upkeep"
    rows = api.get(url).json()
    assert rows[0]["name"] == "灭火器" and rows[0]["state"] == "overdue"
    post = f"{url}/{w['inst'].pk}/maintenance"
    bad = api.post(
        post, {"done_on": "2026-03-01", "result": "failed"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "note" in bad.json()["error"]["fields"]
    assert (
        api.post(
            post, {"done_on": "yesterday", "result": "ok"}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        api.post(
            post,
            {"done_on": "2026-03-01", "result": "ok", "note": "x" * 301},
            content_type="application/json",
        ).status_code
        == 422
    )
    ok = api.post(post, {"done_on": "2026-03-01", "result": "ok"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["next_due"] == "2026-04-01"
    assert (
        bearer(w["supervisor"])
        .post(post, {"done_on": "2026-03-01", "result": "ok"}, content_type="application/json")
        .status_code
        == 403
    )
    assert bearer(w["other_admin"]).get(url).status_code == 403
    assert api.get("/api/v1/centers/" + "x" * 40 + "/upkeep").status_code == 404


def test_the_workbench_counts_what_waits(w):
    from govhall.core.navigation import links

    def waiting(user, key):
        rows = links(actor(user), w["center"], with_waiting=True)
        return next((r.get("waiting") for r in rows if r["key"] == key), None)

    assert waiting(w["admin"], "standards.upkeep") == 1  # the extinguisher, overdue
    assert waiting(w["admin"], "standards.emergency") == 7  # no plan yet
    today_counts = 2 if is_working_day(dt.date.today()) else 0  # two zones unchecked
    assert waiting(w["duty"], "standards.cleaning") == today_counts
    assert waiting(w["supervisor"], "standards.cleaning") == 0  # not theirs to sign
    assert waiting(w["clerk"], "standards.upkeep") is None  # not offered
    rounds.round_plan(
        actor=actor(w["admin"]),
        center=w["center"],
        planned_on=dt.date.today(),
        slot="afternoon",
        walker=w["duty"],
    )
    assert waiting(w["duty"], "standards.rounds") == 1
