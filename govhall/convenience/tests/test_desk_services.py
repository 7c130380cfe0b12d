"""Printing, lost property and lending end to end through their services, on a
real database: the hours and quota refusals, the scope rule, the public computer,
the lost item's life with the claimant's ID check, lending and what is out."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.convenience.lending import selectors as lending_selectors
from govhall.convenience.lending import services as lending
from govhall.convenience.lost import selectors as lost_selectors
from govhall.convenience.lost import services as lost
from govhall.convenience.lost.models import LostItem, LostStatus
from govhall.convenience.printing import rules
from govhall.convenience.printing import services as printing
from govhall.convenience.printing.models import JobStatus, PrintJob
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog, Holiday, HolidayKind

from .desk_world import ALICE, BOB, SATURDAY, TUESDAY, at, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return world()


def job(w, *, now, sheets=2, who=ALICE, item="promise", **kw):
    code = w[item].code if item in w else item
    return printing.print_job_record(
        actor=w["print"],
        center=w["center"],
        sheets=sheets,
        purpose="申请表",
        id_number=who,
        item=code,
        now=now,
        **kw,
    )


def test_jobs_count_against_the_daily_quota_and_the_refusal_is_logged(w):
    job(w, now=at(TUESDAY, "08:40"), sheets=6)
    job(w, now=at(TUESDAY, "09:00"), sheets=4)
    with pytest.raises(Conflict) as refused:
        job(w, now=at(TUESDAY, "09:10"), sheets=1)
    assert refused.value.code == "print_quota_exceeded"
    assert "今日已用 10 张" in str(refused.value.message)
    job(w, now=at(TUESDAY, "09:20"), sheets=10, who=BOB)  # another person's own quota
    job(w, now=at(TUESDAY + dt.timedelta(days=1), "09:00"), sheets=10)  # a new day
    log = PrintJob.objects.filter(center=w["center"], day=TUESDAY)
    assert log.filter(status=JobStatus.DONE).count() == 3
    refusal = log.get(status=JobStatus.REFUSED)
    assert refusal.refusal_code == "print_quota_exceeded" and refusal.sheets == 1
    assert refusal.id_number.masked.startswith("310") and "*" in refusal.person_label


def test_the_room_is_closed_at_lunch_after_hours_on_weekends_and_holidays(w):
    for when in (
        at(TUESDAY, "08:29"),
        at(TUESDAY, "12:00"),
        at(TUESDAY, "17:00"),
        at(SATURDAY, "10:00"),
    ):
        with pytest.raises(Conflict) as refused:
            job(w, now=when)
        assert refused.value.code == "print_closed"
    assert "不是工作日" in str(refused.value.message)
    wednesday = TUESDAY + dt.timedelta(days=1)
    Holiday.objects.create(date=wednesday, kind=HolidayKind.HOLIDAY, name="测试假日")
    with pytest.raises(Conflict):
        job(w, now=at(wednesday, "10:00"))
    # A 调休 Sunday is a working day of the centre's calendar.
    sunday = SATURDAY + dt.timedelta(days=1)
    Holiday.objects.create(date=sunday, kind=HolidayKind.WORKDAY, name="调休")
    assert job(w, now=at(sunday, "10:00")).status == JobStatus.DONE
    assert job(w, now=at(TUESDAY, "16:59"), who=BOB).status == JobStatus.DONE
    assert PrintJob.objects.filter(refusal_code="print_closed").count() == 5


def test_hours_and_quota_are_centre_settings(w):
    center = w["center"]
    center.settings = {**center.settings, "print.hours": "12:00-13:00", "print.daily_sheets": 3}
    center.save()
    assert job(w, now=at(TUESDAY, "12:30"), sheets=3).status == JobStatus.DONE
    with pytest.raises(Conflict) as refused:
        job(w, now=at(TUESDAY, "12:40"), sheets=1)
    assert refused.value.code == "print_quota_exceeded"
    with pytest.raises(Conflict):
        job(w, now=at(TUESDAY, "09:00"), who=BOB)
    center.settings["print.hours"] = "nonsense"  # unreadable: the seed's hours
    center.save()
    assert rules.hours(center) == [(dt.time(8, 30), dt.time(11, 30)), (dt.time(13), dt.time(17))]


def test_only_business_at_the_centre_is_printed_free(w):
    with pytest.raises(ValidationFailed) as no_item:
        job(w, now=at(TUESDAY, "09:00"), item=None)
    assert no_item.value.code == "print_out_of_scope"
    with pytest.raises(ValidationFailed) as elsewhere:
        job(w, now=at(TUESDAY, "09:00"), item="elsewhere")
    assert elsewhere.value.code == "print_out_of_scope" and "未进驻本中心" in str(
        elsewhere.value.message
    )
    with pytest.raises(ValidationFailed) as stale:
        job(w, now=at(TUESDAY, "09:00"), item=None, ticket="A999")
    assert stale.value.code == "print_out_of_scope"
    assert PrintJob.objects.filter(refusal_code="print_out_of_scope").count() == 3
    assert not PrintJob.objects.filter(status=JobStatus.DONE).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"sheets": 0},
        {"sheets": "3"},
        {"sheets": True},
        {"sheets": 501},
        {"purpose": ""},
        {"purpose": "x" * 101},
        {"purpose": "申请\u202e表"},
        {"who": "310117198504123012"},
        {"who": None},
        {"item": "NO-SUCH-ITEM"},
        {"kind": "fax"},
        {"ticket": "A" * 13, "who": None},
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(w, bad):
    args = {"sheets": 2, "purpose": "申请表", "who": ALICE, "item": w["promise"].code}
    args.update(bad)
    with pytest.raises(ValidationFailed) as refused:
        printing.print_job_record(
            actor=w["print"],
            center=w["center"],
            sheets=args["sheets"],
            purpose=args["purpose"],
            id_number=args["who"],
            item=args["item"],
            kind=args.get("kind", "print"),
            ticket=args.get("ticket"),
            now=at(TUESDAY, "09:00"),
        )
    assert refused.value.fields
    assert not PrintJob.objects.exists()


def test_another_centres_print_room_and_the_desk_may_not_log(w):
    with pytest.raises(PermissionDenied):
        printing.print_job_record(
            actor=w["other_print"],
            center=w["center"],
            sheets=1,
            purpose="x",
            id_number=ALICE,
            item=w["promise"].code,
            now=at(TUESDAY, "09:00"),
        )
    with pytest.raises(PermissionDenied):
        printing.print_job_record(
            actor=w["desk"],
            center=w["center"],
            sheets=1,
            purpose="x",
            id_number=ALICE,
            item=w["promise"].code,
            now=at(TUESDAY, "09:00"),
        )
    assert not PrintJob.objects.exists()


def test_the_public_computer_one_at_a_time_and_the_overrun_kept(w):
    start = at(TUESDAY, "09:00")
    session = printing.computer_start(
        actor=w["print"], center=w["center"], purpose="下载表格", now=start
    )
    assert session.limit_minutes == 5
    with pytest.raises(Conflict) as busy:
        printing.computer_start(actor=w["print"], center=w["center"], purpose="查询", now=start)
    assert busy.value.code == "computer_busy"
    ended = printing.computer_end(
        actor=w["print"], session=session, now=start + dt.timedelta(minutes=7, seconds=30)
    )
    assert ended.overrun_seconds == 150
    assert AuditLog.objects.filter(action="print.computer_overrun").count() == 1
    with pytest.raises(InvalidTransition):
        printing.computer_end(actor=w["print"], session=session, now=start)
    short = printing.computer_start(
        actor=w["print"], center=w["center"], purpose="查询", now=start + dt.timedelta(minutes=10)
    )
    assert (
        printing.computer_end(
            actor=w["print"], session=short, now=start + dt.timedelta(minutes=13)
        ).overrun_seconds
        == 0
    )
    with pytest.raises(Conflict) as closed:
        printing.computer_start(
            actor=w["print"], center=w["center"], purpose="x", now=at(SATURDAY, "10:00")
        )
    assert closed.value.code == "print_closed"


def test_documents_left_in_the_print_room_become_lost_property(w):
    item = printing.print_left_behind(
        actor=w["print"],
        center=w["center"],
        description="营业执照复印件一份",
        now=at(TUESDAY, "10:00"),
    )
    assert item.category == "document" and item.status == LostStatus.STORED
    assert item.storage_place == "总服务台"


# --- lost property ---------------------------------------------------------------------


def _png(ink=True) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(10, 50), (290, 60)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def register(w, **kw):
    args = dict(
        actor=w["desk"],
        center=w["center"],
        category="bag",
        description="黑色双肩包",
        found_place="一楼等候区",
        found_at=timezone.now() - dt.timedelta(hours=1),
    )
    args.update(kw)
    return lost.lost_register(**args)


def test_lost_item_registered_stored_and_claimed_with_the_owners_id(w):
    item = register(
        w, category="document", description="身份证 310117198504123019 张三", owner_id_number=ALICE
    )
    assert item.status == LostStatus.REGISTERED and item.number.endswith("-001")
    item = lost.lost_store(actor=w["desk"], item=item, storage_place="总服务台A柜")
    assert item.status == LostStatus.STORED
    with pytest.raises(Conflict) as wrong:
        lost.lost_claim(actor=w["desk"], item=item, name="李四", id_number=BOB, signature=_png())
    assert wrong.value.code == "lost_claim_id_mismatch"
    assert AuditLog.objects.filter(action="lost.claim_refused").count() == 1
    item.refresh_from_db()
    assert item.status == LostStatus.STORED and not item.claimant_name
    with pytest.raises(ValidationFailed):
        lost.lost_claim(
            actor=w["desk"], item=item, name="张三", id_number=ALICE, signature=_png(ink=False)
        )
    item = lost.lost_claim(
        actor=w["desk"],
        item=item,
        name="张三",
        id_number=ALICE,
        phone="13912345678",
        signature=_png(),
    )
    assert item.status == LostStatus.CLAIMED and item.claimant_id_number.masked == (
        ALICE[:3] + "*" * 11 + ALICE[-4:]
    )
    with pytest.raises(InvalidTransition):
        lost.lost_claim(actor=w["desk"], item=item, name="张三", id_number=ALICE)
    full = lost.lost_reveal(actor=w["desk"], item=item, field="claimant_id_number")
    assert full == ALICE
    assert AuditLog.objects.filter(action="personal_data.revealed").count() == 1


def test_unknown_owner_any_claimant_is_recorded(w):
    item = register(w, storage_place="B柜")
    item = lost.lost_claim(actor=w["desk"], item=item, name="王五", id_number=BOB)
    assert item.claimant_id_number_hash and item.status == LostStatus.CLAIMED


def test_write_off_after_the_keeping_period_needs_the_admin(w):
    young = register(w, storage_place="B柜")
    with pytest.raises(Conflict) as early:
        lost.lost_writeoff_request(actor=w["desk"], item=young)
    assert early.value.code == "lost_keep_period"
    old = register(w, storage_place="B柜", found_at=timezone.now() - dt.timedelta(days=91))
    old = lost.lost_writeoff_request(actor=w["desk"], item=old)
    assert old.status == LostStatus.WRITEOFF_REQUESTED
    with pytest.raises(PermissionDenied):
        lost.lost_writeoff_decide(actor=w["desk"], item=old, approve=True, note="销毁")
    with pytest.raises(ValidationFailed):
        lost.lost_writeoff_decide(actor=w["admin"], item=old, approve=True, note="")
    back = lost.lost_writeoff_decide(actor=w["admin"], item=old, approve=False)
    assert back.status == LostStatus.STORED
    lost.lost_writeoff_request(actor=w["desk"], item=back)
    gone = lost.lost_writeoff_decide(actor=w["admin"], item=back, approve=True, note="移交派出所")
    assert gone.status == LostStatus.WRITTEN_OFF and gone.written_off_by == w["admin"].user
    with pytest.raises(InvalidTransition):
        lost.lost_writeoff_decide(actor=w["admin"], item=gone, approve=True, note="x")


def test_the_public_list_shows_no_personal_data(w):
    register(w, category="document", description="身份证 张三 310117198504123019")
    register(w, category="bag", description="黑色包，失主：李四，电话13912345678")
    claimed = register(w, description="已认领的伞")
    lost.lost_claim(actor=w["desk"], item=claimed, name="王五", id_number=BOB)
    texts = [lost_selectors.public_description(i) for i in lost_selectors.public_list(w["center"])]
    assert len(texts) == 2
    joined = " ".join(texts)
    assert "张三" not in joined and "李四" not in joined
    assert "310117" not in joined and "13912345678" not in joined


@pytest.mark.parametrize(
    "bad",
    [
        {"category": "gold"},
        {"description": ""},
        {"description": "x" * 201},
        {"found_place": ""},
        {"found_at": "2026-12-01"},
        {"found_at": timezone.now() + dt.timedelta(days=1)},
        {"owner_id_number": "12345"},
        {"photo": b"GIF89a not a picture"},
        {"photo": b"\x89PNG\r\n\x1a\n" + b"0" * 100},
    ],
)
def test_bad_lost_input_writes_nothing(w, bad):
    with pytest.raises(ValidationFailed):
        register(w, **bad)
    assert not LostItem.objects.exists()


def test_a_photo_is_checked_by_content_and_reencoded(w):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 10, 10)).save(out, "PNG")
    item = register(w, photo=out.getvalue())
    assert bytes(item.photo)[:3] == b"\xff\xd8\xff"  # stored as a fresh JPEG


# --- lending -----------------------------------------------------------------------------


def test_lend_return_and_what_is_out_at_closing(w):
    center = w["center"]
    chair = lending.lending_item_add(
        actor=w["desk"], center=center, kind="wheelchair", label="轮椅1号"
    )
    with pytest.raises(ValidationFailed):
        lending.lend(actor=w["desk"], item=chair, name="", phone="")
    with pytest.raises(ValidationFailed):
        lending.lend(actor=w["desk"], item=chair, name="王阿姨", phone="12345")
    yesterday = timezone.now() - dt.timedelta(days=1)
    loan = lending.lend(
        actor=w["desk"], item=chair, name="王秀英", phone="13761234567", now=yesterday
    )
    with pytest.raises(Conflict) as out:
        lending.lend(actor=w["desk"], item=chair, name="李德胜")
    assert out.value.code == "lending_item_out"
    assert list(lending_selectors.out_at_closing(center)) == [loan]
    back = lending.lending_return(actor=w["desk"], loan=loan)
    assert back.returned_at >= back.lent_at
    with pytest.raises(InvalidTransition):
        lending.lending_return(actor=w["desk"], loan=loan)
    assert not lending_selectors.open_loans(center).exists()
    with pytest.raises(Conflict):
        lending.lending_item_add(actor=w["desk"], center=center, kind="wheelchair", label="轮椅1号")
    with pytest.raises(PermissionDenied):
        lending.lend(actor=w["other_print"], item=chair, name="张三")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 23), st.integers(0, 59)),
        min_size=1,
        max_size=4,
    )
)
def test_hours_parse_exactly_the_intervals_written(spans):
    text = ",".join(f"{a:02d}:{b:02d}-{c:02d}:{d:02d}" for a, b, c, d in spans)
    parsed = rules.parse_hours(text)
    pairs = sorted((dt.time(a, b), dt.time(c, d)) for a, b, c, d in spans)
    valid = all(s < e for s, e in pairs) and all(x[1] <= y[0] for x, y in itertools.pairwise(pairs))
    assert (parsed == pairs) if valid else parsed is None


def test_a_ticket_of_today_brings_its_item_and_its_persons_quota(w):
    from govhall.queueing import services as queueing
    from govhall.queueing.tests.factories import queue

    queue(w["center"], "A", w["promise"])
    morning = at(TUESDAY, "09:00")
    with_id = queueing.ticket_issue(
        actor=w["desk"],
        center=w["center"],
        item_code=w["promise"].code,
        id_number=ALICE,
        now=morning,
    )
    bare = queueing.ticket_issue(
        actor=w["desk"], center=w["center"], item_code=w["promise"].code, now=morning
    )
    first = printing.print_job_record(
        actor=w["print"],
        center=w["center"],
        sheets=8,
        purpose="申请表",
        ticket=with_id.number.lower(),
        now=at(TUESDAY, "09:30"),
    )
    assert first.item == w["promise"] and first.ticket == with_id
    # The same person by ID number: the ticket's quota is theirs.
    with pytest.raises(Conflict):
        job(w, now=at(TUESDAY, "09:40"), sheets=3)
    other = printing.print_job_record(
        actor=w["print"],
        center=w["center"],
        sheets=10,
        purpose="复印",
        ticket=bare.number,
        now=at(TUESDAY, "09:45"),
    )
    assert other.person_key == f"ticket:{bare.pk}" and other.person_label == bare.number
    with pytest.raises(ValidationFailed) as yesterday:
        printing.print_job_record(
            actor=w["print"],
            center=w["center"],
            sheets=1,
            purpose="复印",
            ticket=bare.number,
            now=at(TUESDAY + dt.timedelta(days=1), "09:00"),
        )
    assert yesterday.value.code == "print_out_of_scope"
