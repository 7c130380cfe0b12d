"""Hall pages through the Django test client: kiosk, slip, tracker, console,
display board, day report, and who may open them."""

import pytest

from govhall.core.models import Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.models import Ticket, TicketStatus

ELDER = "11010519491231002X"


def _pair(client, raw):
    return client.post("/device/pair/", {"token": raw})


@pytest.fixture
def kiosk(client, hall):
    _pair(client, hall["kiosk_raw"])
    return client


def test_pairing_sends_the_device_home(client, hall):
    resp = _pair(client, hall["kiosk_raw"])
    assert resp.status_code == 302 and resp["Location"].endswith(
        f"/hall/{hall['center'].code}/kiosk/"
    )
    bad = client.post("/device/pair/", {"token": "gh_wrong"})
    assert bad.status_code == 400


def test_kiosk_take_slip_and_track(kiosk, hall):
    page = kiosk.get(f"/hall/{hall['center'].code}/kiosk/", {"domain": "market_regulation"})
    html = page.content.decode()
    assert "营业执照遗失补领" in html and "长辈模式" in html
    resp = kiosk.post(
        f"/hall/{hall['center'].code}/kiosk/take/",
        {"item": hall["licence"].code, "id_number": ELDER},
    )
    ticket = Ticket.objects.get()
    assert resp.status_code == 302 and ticket.priority
    slip = kiosk.get(resp["Location"]).content.decode()
    assert "A001" in slip and "<svg" in slip and "绿色通道" in slip and ELDER not in slip
    track = kiosk.get(f"/t/{ticket.track_token}/").content.decode()
    assert "A001" in track and "前面还有 0 人" in track


def test_kiosk_bad_id_number_is_explained(kiosk, hall):
    resp = kiosk.post(
        f"/hall/{hall['center'].code}/kiosk/take/",
        {"item": hall["licence"].code, "id_number": "110105194912310021"},
    )
    assert resp.status_code == 422 and "校验位不正确" in resp.content.decode()
    assert not Ticket.objects.exists()


def test_kiosk_special_group_ignored_from_a_kiosk_but_taken_from_reception(client, kiosk, hall):
    kiosk.post(
        f"/hall/{hall['center'].code}/kiosk/take/",
        {"item": hall["licence"].code, "special_group": "disabled", "special_reason": "x"},
    )
    assert not Ticket.objects.get().priority
    staff = f.staff(Role.RECEPTION, center_=hall["center"])
    client.force_login(staff)
    client.session.pop("govhall_device_token", None)
    from django.test import Client

    reception = Client()
    reception.force_login(staff)
    reception.post(
        f"/hall/{hall['center'].code}/kiosk/take/",
        {"item": hall["licence"].code, "special_group": "disabled", "special_reason": "轮椅"},
    )
    assert Ticket.objects.filter(priority=True, special_group="disabled").count() == 1


def test_anonymous_gets_401_not_the_kiosk(client, hall):
    assert client.get(f"/hall/{hall['center'].code}/kiosk/").status_code == 401
    assert client.get(f"/hall/{hall['w1'].code}/window/").status_code in (401, 404)
    assert client.get(f"/hall/window/{hall['w1'].code}/").status_code == 401


def test_console_walk(client, hall):
    raw = token_create(kind=TokenKind.WINDOW, center=hall["center"], window=hall["w1"])[1]
    _pair(client, raw)
    Ticket.objects.all().delete()
    from govhall.queueing import services

    services.ticket_issue(
        actor=hall["reception"], center=hall["center"], item_code=hall["licence"].code
    )
    base = f"/hall/window/{hall['w1'].code}/"
    assert "呼叫下一位" in client.get(base).content.decode()
    html = client.post(base + "call/", headers={"HX-Request": "true"}).content.decode()
    assert 'id="panel"' in html and "A001" in html and "<html" not in html
    ticket = Ticket.objects.get()
    for step in ("recall", "start", "finish"):
        client.post(base + f"{step}/", {"ticket": ticket.pk}, headers={"HX-Request": "true"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    html = client.post(
        base + "finish/", {"ticket": ticket.pk}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "不能执行此操作" in html  # an illegal step is explained, nothing changes
    assert client.post(base + "nonsense/", {"ticket": ticket.pk}).status_code == 404
    assert client.post(base + "finish/", {"ticket": "abc"}).status_code == 404


def test_window_token_cannot_open_another_console(client, hall):
    raw = token_create(kind=TokenKind.WINDOW, center=hall["center"], window=hall["w1"])[1]
    _pair(client, raw)
    assert client.get(f"/hall/window/{hall['w2'].code}/").status_code == 403


def test_display_and_day_report(client, hall):
    from govhall.queueing import services

    t = services.ticket_issue(
        actor=hall["reception"], center=hall["center"], item_code=hall["licence"].code
    )
    services.ticket_call_next(actor=hall["clerk"], window=hall["w1"])
    _pair(client, token_create(kind=TokenKind.DISPLAY, center=hall["center"])[1])
    html = client.get(f"/hall/{hall['center'].code}/display/").content.decode()
    assert t.number in html and "等候人数" in html
    # The display device may not see the admin's figures.
    assert client.get(f"/hall/{hall['center'].code}/today/").status_code == 403
    admin = f.staff(Role.CENTER_ADMIN, center_=hall["center"])
    from django.test import Client

    boss = Client()
    boss.force_login(admin)
    report = boss.get(f"/hall/{hall['center'].code}/today/").content.decode()
    assert "全中心" in report and "排队统计" in report
    assert boss.get(f"/hall/{hall['center'].code}/today/", {"date": "garbage"}).status_code == 200


def test_hub_lists_only_my_centres(client, hall):
    other = f.center()
    clerk = f.staff(Role.CLERK, center_=hall["center"])
    assert client.get("/hall/").status_code == 401
    client.force_login(clerk)
    html = client.get("/hall/").content.decode()
    assert hall["center"].name in html and other.name not in html
    assert hall["w1"].code in html


def test_paired_device_is_sent_home_from_the_hub(client, hall):
    _pair(client, hall["kiosk_raw"])
    resp = client.get("/hall/")
    assert resp.status_code == 302 and resp["Location"].endswith("/kiosk/")


def test_zone_board_shows_its_own_windows(client, hall):
    from govhall.hall.models import Zone
    from govhall.queueing import services

    zone = Zone.objects.create(center=hall["center"], code="Z2", name="二楼", kind="windows")
    hall["w2"].zone = zone
    hall["w2"].save()
    services.ticket_issue(
        actor=hall["reception"], center=hall["center"], item_code=hall["licence"].code
    )
    services.ticket_call_next(actor=hall["clerk"], window=hall["w1"])
    _pair(client, token_create(kind=TokenKind.DISPLAY, center=hall["center"])[1])
    whole = client.get(f"/hall/{hall['center'].code}/display/").content.decode()
    upstairs = client.get(f"/hall/{hall['center'].code}/display/", {"zone": "Z2"}).content.decode()
    assert "A001" in whole and "A001" not in upstairs and "二楼" in upstairs
    assert 'data-windows="2"' in upstairs
