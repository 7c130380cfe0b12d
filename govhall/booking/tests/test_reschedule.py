"""改约: a booking moves to another free slot of the same item in one
transaction (the old place freed, the new one claimed as a booking claims it);
the reminders follow the new time; a text and an event. The citizen moves with
the code and phone number up to the cancelling deadline, reception at any time
with a reason. Every refusal leaves the booking and both slots as they were."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from govhall.booking.models import Booking, BookingStatus, Slot, Suspension
from govhall.booking.rescheduling import booking_reschedule
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate, id_number
from govhall.core.errors import DomainError
from govhall.core.models import AuditLog, Event, Notification, NotificationStatus, Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f

OCT8, OCT9 = dt.date(2026, 10, 8), dt.date(2026, 10, 9)
PHONE = "13912345678"
NOW = at(EVE, 10)


@pytest.fixture
def moved(bh):
    slots = generate(bh, EVE)
    bh["old"] = next(s for s in slots if s.date == OCT8)
    bh["new"] = next(s for s in slots if s.date == OCT9 and s.start.hour == 2)  # 10:00 local
    bh["booking"] = book(bh, bh["old"], now=NOW, person=id_number(), phone=PHONE)
    return bh


def _places(*slots):
    return [Slot.objects.get(pk=s.pk).booked for s in slots]


def _refused(**kw) -> DomainError:
    with pytest.raises(DomainError) as caught:
        booking_reschedule(now=kw.pop("now", NOW), **kw)
    return caught.value


def test_a_move_frees_the_old_place_claims_the_new_and_follows_with_the_reminders(moved):
    booking, old, new = moved["booking"], moved["old"], moved["new"]
    assert _places(old, new) == [1, 0]
    done = booking_reschedule(code=booking.code, phone=PHONE, slot_id=new.pk, now=NOW)
    assert done.slot_id == new.pk and done.code == booking.code
    assert done.status == BookingStatus.BOOKED and _places(old, new) == [0, 1]

    event = Event.objects.get(kind="booking.rescheduled")
    assert event.payload == {
        "booking": booking.pk,
        "from_slot": old.pk,
        "slot": new.pk,
        "by_centre": False,
    }
    rows = Notification.objects.filter(key__startswith=f"booking:{booking.pk}:")
    old_keys = {f"booking:{booking.pk}:{k}" for k in ("day_before", "hour_before")}
    assert {r.status for r in rows if r.key in old_keys} == {NotificationStatus.CANCELLED}
    fresh = {r.key.rsplit(":", 1)[1]: r for r in rows if ":moved" in r.key}
    assert set(fresh) == {"confirm", "day_before", "hour_before"}
    assert all(r.status == NotificationStatus.PENDING for r in fresh.values())
    assert "改为2026-10-09 10:00" in fresh["confirm"].body and booking.code in fresh["confirm"].body
    assert fresh["day_before"].not_before == at(dt.date(2026, 10, 8), 9)
    assert booking.code not in json.dumps(event.payload)


def test_moving_twice_and_back_keeps_one_place_and_fresh_reminders(moved):
    booking, old, new = moved["booking"], moved["old"], moved["new"]
    booking_reschedule(code=booking.code, phone=PHONE, slot_id=new.pk, now=NOW)
    booking_reschedule(code=booking.code, phone=PHONE, slot_id=old.pk, now=NOW)
    assert _places(old, new) == [1, 0]
    pending = Notification.objects.filter(
        key__startswith=f"booking:{booking.pk}:", status=NotificationStatus.PENDING
    )
    assert sorted(r.key.rsplit(":", 1)[1] for r in pending) == [
        "confirm",
        "day_before",
        "hour_before",
    ]
    assert "改为2026-10-08 09:00" in pending.get(key__endswith=":confirm").body


def test_reception_moves_at_any_time_with_a_reason_told_to_the_person(moved):
    booking, new = moved["booking"], moved["new"]
    late = moved["old"].start - dt.timedelta(minutes=5)  # past the citizen's deadline
    refused = _refused(code=booking.code, actor=moved["reception"], slot_id=new.pk, now=late)
    assert refused.code == "validation_error" and "reason" in refused.fields
    booking_reschedule(
        code=booking.code, actor=moved["reception"], slot_id=new.pk, reason="窗口设备检修", now=late
    )
    text = Notification.objects.get(key__contains=":moved", key__endswith=":confirm").body
    assert "因“窗口设备检修”，中心已将您2026-10-08 09:00的预约改为2026-10-09 10:00" in text
    log = AuditLog.objects.get(action="booking.reschedule")
    assert log.detail["reason"] == "窗口设备检修" and log.actor == moved["reception"].user
    assert Event.objects.get(kind="booking.rescheduled").payload["by_centre"] is True


def test_the_wrong_phone_number_looks_like_a_missing_booking(moved):
    refused = _refused(code=moved["booking"].code, phone="13800000000", slot_id=moved["new"].pk)
    assert refused.code == "booking_not_found" and refused.status == 404
    assert _refused(code="NOPE", phone=PHONE, slot_id=moved["new"].pk).status == 404


def test_another_centres_slot_is_not_found(moved):
    other = booking_hall("OT")
    foreign = generate(other, EVE)[-1]
    refused = _refused(code=moved["booking"].code, phone=PHONE, slot_id=foreign.pk)
    assert refused.code == "slot_not_found"
    assert _places(moved["old"], foreign) == [1, 0]


def test_a_full_slot_is_409_and_nothing_moves(moved):
    for _ in range(3):
        book(moved, moved["new"], now=NOW)
    refused = _refused(code=moved["booking"].code, phone=PHONE, slot_id=moved["new"].pk)
    assert (refused.status, refused.code) == (409, "slot_full")
    assert _places(moved["old"], moved["new"]) == [1, 3]
    assert Booking.objects.get(pk=moved["booking"].pk).slot_id == moved["old"].pk
    assert not Event.objects.filter(kind="booking.rescheduled").exists()


def test_past_the_deadline_the_citizen_is_sent_to_the_phone(moved):
    late = moved["old"].start - dt.timedelta(minutes=29)  # cancel_before_minutes = 30
    refused = _refused(code=moved["booking"].code, phone=PHONE, slot_id=moved["new"].pk, now=late)
    assert (refused.status, refused.code) == (409, "reschedule_too_late")


@pytest.mark.parametrize("slot", ["abc", None, True, 0, -1, 2**63, 1.5])
def test_malformed_slots_are_422(moved, slot):
    refused = _refused(code=moved["booking"].code, phone=PHONE, slot_id=slot)
    assert refused.status == 422 and "slot" in refused.fields


def test_the_same_slot_a_past_slot_and_a_cancelled_booking(moved):
    booking = moved["booking"]
    assert _refused(code=booking.code, phone=PHONE, slot_id=moved["old"].pk).code == "same_slot"
    today = next(s for s in Slot.objects.filter(date=EVE).order_by("start"))
    assert _refused(code=booking.code, phone=PHONE, slot_id=today.pk).code == "slot_past"
    booking.status = BookingStatus.CANCELLED
    booking.save()
    refused = _refused(code=booking.code, phone=PHONE, slot_id=moved["new"].pk)
    assert (refused.status, refused.code) == (409, "invalid_transition")


def test_the_per_day_limit_still_applies(moved):
    center = moved["center"]
    center.settings = {
        **center.settings,
        "booking.per_person_per_day": 1,
        "booking.per_person_per_item": 2,
    }
    center.save()
    person = id_number()
    first = book(moved, moved["old"], now=NOW, person=person, phone=PHONE)
    other_oct9 = next(s for s in Slot.objects.filter(date=OCT9).order_by("start"))
    book(moved, other_oct9, now=NOW, person=person, phone=PHONE)
    refused = _refused(code=first.code, phone=PHONE, slot_id=moved["new"].pk)
    assert (refused.status, refused.code) == (409, "booking_limit")


def test_reception_of_another_centre_cannot_move_it(moved):
    stranger = f.actor(f.staff(Role.RECEPTION, center_=f.center(f.district())))
    refused = _refused(
        code=moved["booking"].code, actor=stranger, slot_id=moved["new"].pk, reason="改期"
    )
    assert refused.status == 403


# --- the API ----------------------------------------------------------------------


def _post(client, code, body, **headers):
    return client.post(
        f"/api/v1/appointments/{code}/reschedule",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_the_api_moves_for_the_phone_number_and_for_reception(client, moved):
    booking, new = moved["booking"], moved["new"]
    with time_machine.travel(NOW, tick=False):
        resp = _post(client, booking.code, {"phone": PHONE, "slot": new.pk})
        assert resp.status_code == 200, resp.content
        assert resp.json()["start"] == "2026-10-09T10:00:00+08:00"
        raw = token_create(
            kind=TokenKind.STAFF, user=moved["reception"].user, center=moved["center"]
        )[1]
        bearer = {"Authorization": f"Bearer {raw}"}
        assert _post(client, booking.code, {"slot": moved["old"].pk}, **bearer).status_code == 422
        resp = _post(
            client, booking.code, {"slot": moved["old"].pk, "reason": "来电改期"}, **bearer
        )
        assert resp.status_code == 200 and resp.json()["start"] == "2026-10-08T09:00:00+08:00"


@pytest.mark.parametrize(
    "body",
    [{}, {"phone": PHONE}, {"phone": PHONE, "slot": "x"}, {"phone": PHONE, "slot": 0}, [], "x"],
)
def test_the_api_refuses_malformed_bodies_in_the_error_shape(client, moved, body):
    with time_machine.travel(NOW, tick=False):
        resp = _post(client, moved["booking"].code, body)
    assert resp.status_code in (400, 422) and set(resp.json()["error"]) == {
        "code",
        "message",
        "fields",
    }


def test_the_api_speaks_english_when_asked(client, moved):
    for _ in range(3):
        book(moved, moved["new"], now=NOW)
    with time_machine.travel(NOW, tick=False):
        resp = _post(
            client,
            moved["booking"].code,
            {"phone": PHONE, "slot": moved["new"].pk},
            **{"Accept-Language": "en"},
        )
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "slot_full"
    assert resp.json()["error"]["message"].isascii()


# --- the web pages ---------------------------------------------------------------


def test_the_manage_page_moves_the_booking_it_opened(client, moved):
    booking, new = moved["booking"], moved["new"]
    url = reverse("booking:reschedule")
    with time_machine.travel(NOW, tick=False):
        assert client.get(url)["Location"] == reverse("booking:manage")  # not looked up yet
        client.post(
            reverse("booking:manage"), {"action": "lookup", "code": booking.code, "phone": PHONE}
        )
        manage = client.get(reverse("booking:manage") + f"?code={booking.code}").content.decode()
        assert url in manage
        page = client.get(url + "?day=2026-10-09").content.decode()
        assert f'value="{new.pk}"' in page and PHONE not in page
        full = client.post(url, {"slot": "nonsense"})
        assert full.status_code == 422
        resp = client.post(url, {"slot": new.pk})
        assert resp.status_code == 302 and PHONE not in resp["Location"]
        assert "已改约到 2026-10-09 10:00" in client.get(resp["Location"]).content.decode()
    assert Booking.objects.get(pk=booking.pk).slot_id == new.pk


def test_reception_moves_from_the_day_list(client, moved):
    booking, new = moved["booking"], moved["new"]
    client.force_login(moved["reception"].user)
    url = reverse("booking:staff_reschedule", args=[moved["center"].code, booking.code])
    with time_machine.travel(NOW, tick=False):
        day = client.get(reverse("booking:today", args=[moved["center"].code]) + "?date=2026-10-08")
        assert url in day.content.decode()
        assert client.post(url, {"slot": new.pk}).status_code == 422  # no reason
        resp = client.post(url, {"slot": new.pk, "reason": "本人来电改期"})
        assert resp.status_code == 302 and "date=2026-10-09" in resp["Location"]
    assert Booking.objects.get(pk=booking.pk).slot_id == new.pk
    client.force_login(f.staff(Role.RECEPTION, center_=f.center(f.district())))
    assert client.get(url).status_code == 403


def test_a_suspended_person_cannot_move_online_but_reception_can(moved):
    booking = moved["booking"]
    Suspension.objects.create(
        center=moved["center"],
        id_number_hash=booking.id_number_hash,
        id_number_masked=booking.id_number.masked,
        starts_at=NOW - dt.timedelta(days=1),
        ends_at=NOW + dt.timedelta(days=20),
        reason="爽约",
    )
    refused = _refused(code=booking.code, phone=PHONE, slot_id=moved["new"].pk)
    assert (refused.status, refused.code) == (403, "booking_suspended")
    booking_reschedule(
        code=booking.code, actor=moved["reception"], slot_id=moved["new"].pk, reason="来电", now=NOW
    )
    assert Booking.objects.get(pk=booking.pk).slot_id == moved["new"].pk
