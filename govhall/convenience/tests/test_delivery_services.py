"""Free delivery end to end against the database: a case posted at the output
window becomes a parcel, the address is checked against the area, the day's
manifest is compiled and sent before the pick-up time (after it, the next
working day's), the courier picks up, tracks, delivers or returns, and the
month's statement is reconciled with every difference listed."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.cases.tests.factories import at
from govhall.convenience.delivery import areas, reconcile, services
from govhall.convenience.delivery.models import Manifest, Parcel, ParcelStatus
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.models import Event

from . import delivery_factories as df

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return df.world()


def test_a_posted_case_becomes_one_parcel_and_a_window_case_none(w):
    case = df.posted_case(w)
    parcel = Parcel.objects.get(case=case)
    assert parcel.status == ParcelStatus.PENDING
    assert (parcel.city, parcel.district) == ("上海", "松江区")
    assert parcel.recipient_name == "张晓明" and parcel.number.startswith("SJ-YJ20261102-")
    # The event carries no address or name.
    event = Event.objects.get(kind="delivery.parcel_registered")
    assert "松江" not in str(event.payload) and "张" not in str(event.payload)
    window = df.cf.intake(w, w["promise"], now=at(2026, 11, 2, 9))
    assert not Parcel.objects.filter(case=window).exists()


def test_an_address_outside_the_area_is_held_and_fixed_or_sent_to_the_window(w):
    parcel = Parcel.objects.get(case=df.posted_case(w, address="北京市朝阳区建国路1号"))
    assert parcel.status == ParcelStatus.HOLD and "北京" in parcel.hold_reason
    with pytest.raises(ValidationFailed) as err:
        services.parcel_address_set(
            actor=w["clerk"], parcel=parcel, address="南京市鼓楼区中山路1号"
        )
    assert err.value.code == "outside_area" and "address" in err.value.fields
    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.HOLD and parcel.address == "北京市朝阳区建国路1号"
    with pytest.raises(ValidationFailed):
        services.parcel_address_set(actor=w["clerk"], parcel=parcel, address=ADDR_OK, phone="12345")
    with pytest.raises(PermissionDenied):
        services.parcel_address_set(actor=w["other_clerk"], parcel=parcel, address=ADDR_OK)
    services.parcel_address_set(
        actor=w["clerk"], parcel=parcel, address=ADDR_OK, phone="13900001111"
    )
    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.PENDING and parcel.city == "嘉兴"
    assert parcel.recipient_phone == "13900001111"
    other = Parcel.objects.get(case=df.posted_case(w, address="文三路90号"))
    assert other.status == ParcelStatus.HOLD
    with pytest.raises(ValidationFailed):
        services.parcel_to_window(actor=w["clerk"], parcel=other, reason="")
    services.parcel_to_window(actor=w["clerk"], parcel=other, reason="申请人改为窗口领取")
    other.refresh_from_db()
    assert other.status == ParcelStatus.WINDOW


ADDR_OK = "浙江省嘉兴市南湖区中山东路1号"


def test_manifest_before_and_after_the_pickup_time(w):
    p1 = Parcel.objects.get(case=df.posted_case(w))
    monday = at(2026, 11, 2, 14)
    manifest = services.manifest_compile(actor=w["clerk"], center=w["center"], now=monday)
    assert manifest.day == dt.date(2026, 11, 2) and manifest.parcel_count == 1
    services.parcel_unlist(actor=w["clerk"], parcel=p1)
    with pytest.raises(ValidationFailed):  # nothing on it
        services.manifest_send(actor=w["clerk"], manifest=manifest, now=monday)
    manifest = services.manifest_compile(actor=w["clerk"], center=w["center"], now=monday)
    late = at(2026, 11, 2, 17)
    with pytest.raises(Conflict) as err:
        services.manifest_send(actor=w["clerk"], manifest=manifest, now=late)
    assert err.value.code == "pickup_passed"
    # Compiled again after 16:30 the parcels move to Tuesday's manifest (the stale one goes).
    tuesday = services.manifest_compile(actor=w["clerk"], center=w["center"], now=late)
    assert tuesday.day == dt.date(2026, 11, 3)
    assert not Manifest.objects.filter(pk=manifest.pk).exists()
    sent = services.manifest_send(actor=w["admin"], manifest=tuesday, now=late)
    assert sent.status == "sent" and sent.sent_by == w["admin"].user
    p1.refresh_from_db()
    assert p1.status == ParcelStatus.SENT and p1.fee_fen == 1000 and p1.sends == 1
    event = Event.objects.get(kind="delivery.manifest_sent")  # the outbox row for the partner
    assert event.payload["parcels"] == [p1.number] and event.payload["pickup"] == "16:30"
    with pytest.raises(InvalidTransition):
        services.manifest_send(actor=w["admin"], manifest=tuesday, now=late)
    with pytest.raises(InvalidTransition):  # locked: the address no longer changes
        services.parcel_address_set(actor=w["clerk"], parcel=p1, address=ADDR_OK)
    # Tuesday's manifest is sent: a parcel compiled on Tuesday morning goes on Wednesday's.
    df.posted_case(w, at=at(2026, 11, 3, 8))
    wednesday = services.manifest_compile(
        actor=w["clerk"], center=w["center"], now=at(2026, 11, 3, 12)
    )
    assert wednesday.day == dt.date(2026, 11, 4)


def test_friday_evening_goes_to_monday_and_a_setting_moves_the_pickup(w):
    df.posted_case(w, at=at(2026, 11, 6, 9))
    manifest = services.manifest_compile(
        actor=w["clerk"], center=w["center"], now=at(2026, 11, 6, 17)
    )
    assert manifest.day == dt.date(2026, 11, 9)
    w["center"].settings = {"delivery.pickup_time": "18:00"}
    w["center"].save()
    assert services.dispatch_day(w["center"], at(2026, 11, 9, 17)) == dt.date(2026, 11, 9)


def _sent(w, n=1, day=(2026, 11, 2)):
    parcels = [Parcel.objects.get(case=df.posted_case(w, at=at(*day, 8))) for _ in range(n)]
    manifest = services.manifest_compile(actor=w["clerk"], center=w["center"], now=at(*day, 13))
    services.manifest_send(actor=w["clerk"], manifest=manifest, now=at(*day, 14))
    return parcels


def test_the_courier_picks_up_tracks_delivers_and_returns(w):
    p1, p2, p3 = _sent(w, 3)
    courier, t = w["courier"], at(2026, 11, 2, 16)
    with pytest.raises(NotFound):  # another centre's courier
        services.parcel_pick_up(actor=w["other_courier"], number=p1.number, now=t)
    with pytest.raises(InvalidTransition):  # not picked up yet
        services.parcel_deliver(
            actor=courier, number=p1.number, tracking_number="1180012345678", now=t
        )
    with pytest.raises(ValidationFailed):
        services.parcel_pick_up(actor=courier, number=p1.number, tracking_number="bad no!", now=t)
    with pytest.raises(ValidationFailed):  # before the manifest was sent
        services.parcel_pick_up(actor=courier, number=p1.number, at=at(2026, 11, 2, 13), now=t)
    services.parcel_pick_up(
        actor=courier, number=p1.number.lower(), tracking_number="1180012345678", now=t
    )
    services.parcel_pick_up(actor=courier, number=p2.number, now=t)
    services.parcel_pick_up(actor=courier, number=p3.number, now=t)
    with pytest.raises(InvalidTransition):
        services.parcel_pick_up(actor=courier, number=p1.number, now=t)
    with pytest.raises(Conflict):
        services.parcel_track(actor=courier, number=p2.number, tracking_number="1180012345678")
    with pytest.raises(ValidationFailed) as err:  # delivered needs a tracking number
        services.parcel_deliver(actor=courier, number=p2.number, now=at(2026, 11, 3, 10))
    assert err.value.code == "tracking_required"
    services.parcel_track(actor=courier, number=p2.number, tracking_number="1180012345679")
    later = at(2026, 11, 3, 10)
    services.parcel_deliver(actor=courier, number=p1.number, now=later)
    services.parcel_deliver(actor=courier, number=p2.number, now=later)
    with pytest.raises(ValidationFailed):  # a return needs its reason
        services.parcel_return(actor=courier, number=p3.number, note="  ", now=later)
    with pytest.raises(ValidationFailed):  # not in the future
        services.parcel_deliver(
            actor=courier,
            number=p3.number,
            tracking_number="1180012345670",
            at=later + dt.timedelta(hours=1),
            now=later,
        )
    services.parcel_return(
        actor=courier, number=p3.number, note="查无此人", tracking_number="1180012345670", now=later
    )
    with pytest.raises(PermissionDenied):  # the clerk is not the courier
        services.parcel_deliver(actor=w["clerk"], number=p3.number, now=later)
    p3.refresh_from_db()
    assert p3.status == ParcelStatus.RETURNED and p3.return_reason == "查无此人"
    services.parcel_collect(
        actor=w["clerk"], parcel=p3, note="本人持证领取", now=at(2026, 11, 4, 10)
    )
    p3.refresh_from_db()
    assert p3.status == ParcelStatus.COLLECTED
    assert [p.status for p in Parcel.objects.filter(pk__in=[p1.pk, p2.pk])] == ["delivered"] * 2


def _statement_csv(rows, total=None) -> bytes:
    lines = ["邮件号,寄件编号,件数,金额"] + [",".join(map(str, r)) for r in rows]
    if total:
        lines.append(",".join(["合计", "", *map(str, total)]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_reconciliation_finds_every_planted_difference_csv_and_xlsx(w):
    parcels = _sent(w, 4)
    for i, p in enumerate(parcels):
        services.parcel_pick_up(
            actor=w["courier"],
            number=p.number,
            tracking_number=f"11800000000{i}",
            now=at(2026, 11, 2, 16),
        )
    rows = [
        ("118000000000", parcels[0].number, 1, "10.00"),
        ("118000000001", parcels[1].number, 1, "12.00"),  # amount
        ("118000000002", parcels[2].number, 2, "10.00"),  # count
        ("118000000009", "", 1, "10.00"),  # not ours
        ("118000000000", parcels[0].number, 1, "10.00"),  # duplicate
    ]  # parcels[3] is missing from their side
    record = reconcile.reconciliation_upload(
        actor=w["clerk"],
        center=w["center"],
        month="2026-11",
        filename="11月对账单.csv",
        content=_statement_csv(rows, total=(6, "55.00")),
        now=at(2026, 12, 1, 9),
    )
    kinds = sorted(d["kind"] for d in record.differences)
    assert kinds == [
        "amount_mismatch",
        "count_mismatch",
        "duplicate",
        "missing_ours",
        "missing_theirs",
        "total_mismatch",
    ]
    assert record.our_count == 4 and record.our_amount_fen == 4000 and record.matched == 1
    missing = next(d for d in record.differences if d["kind"] == "missing_theirs")
    assert missing["parcel"] == parcels[3].number

    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["邮政寄递月结对账单"])
    sheet.append(["邮件号", "寄件编号", "件数", "金额（元）"])
    for i, p in enumerate(parcels):
        sheet.append([f"11800000000{i}", p.number, 1, 10])
    buffer = io.BytesIO()
    book.save(buffer)
    clean = reconcile.reconciliation_upload(
        actor=w["admin"],
        center=w["center"],
        month="2026-11",
        filename="nov.xlsx",
        content=buffer.getvalue(),
        now=at(2026, 12, 1, 9),
    )
    assert clean.balanced and clean.matched == 4 and clean.their_amount_fen == 4000


@pytest.mark.parametrize(
    "filename,content,code",
    [
        ("a.csv", b"", "statement_invalid"),
        ("a.pdf", b"%PDF-1.4", "statement_invalid"),
        ("a.xlsx", b"not a zip", "statement_invalid"),
        ("a.xlsx", b"PK\x03\x04garbage", "statement_invalid"),
        ("a.csv", b"PK\x03\x04zip", "statement_invalid"),
        ("a.csv", "名称,数量\n甲,1\n".encode(), "statement_invalid"),
        ("a.csv", "邮件号,金额\n118000000000,abc\n".encode(), "statement_invalid"),
        ("a.csv", "邮件号,金额\n11800 0000,1\n".encode(), "statement_invalid"),
        ("a.csv", b"\xff\xfe\x00\x00" * 10, "statement_invalid"),
        ("a.csv", b"x" * (reconcile.MAX_BYTES + 1), "statement_invalid"),
    ],
)
def test_a_bad_statement_is_refused_and_nothing_kept(w, filename, content, code):
    with pytest.raises(ValidationFailed) as err:
        reconcile.reconciliation_upload(
            actor=w["clerk"],
            center=w["center"],
            month="2026-11",
            filename=filename,
            content=content,
        )
    assert err.value.code == code
    assert not w["center"].delivery_reconciliations.exists()


def test_reconciliation_month_and_rights(w):
    body = _statement_csv([])
    for month in ("2026-13", "abc", "", "2099-01"):
        with pytest.raises(ValidationFailed):
            reconcile.reconciliation_upload(
                actor=w["clerk"], center=w["center"], month=month, filename="a.csv", content=body
            )
    with pytest.raises(PermissionDenied):
        reconcile.reconciliation_upload(
            actor=w["courier"], center=w["center"], month="2026-11", filename="a.csv", content=body
        )


CITIES = st.sampled_from(sorted(areas.CITIES))


@settings(max_examples=60, deadline=None)
@given(
    city=CITIES,
    data=st.data(),
    spell=st.booleans(),
    street=st.text("路街巷号弄0123456789", min_size=4, max_size=20),
)
def test_every_district_of_the_area_reads_back(city, data, spell, street):
    province, districts = areas.CITIES[city]
    district = data.draw(st.sampled_from(districts))
    prefix = "" if province == city else (f"{province}省" if spell else "")
    head = f"{city}市" if spell or province == city else city
    dest = areas.parse(f"{prefix}{head}{district}{street}")
    assert (dest.city, dest.district, dest.detail) == (city, district, street)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_with_a_reason(text):
    try:
        dest = areas.parse(text)
    except areas.OutsideArea as exc:
        assert exc.code and exc.reason
    else:
        assert dest.city in areas.DEFAULT_AREA
