"""The demo's efficiency supervision: at SC-QZX, problems as they really happen —
a guide change the centre approved seven working days ago and never published
(004 第二条), a case accepted twelve working days ago and still open past its
committed date, window 3 opened at 09:26 on the last working morning — then
the checks run as the morning job would, and the window's finding is closed by
its clerk with a note. Safe to run twice: a centre with findings is left alone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.events import emit
from govhall.core.identity import check_digit
from govhall.core.models import Center, Event, User
from govhall.core.workdays import WorkingCalendar

from . import checks, services
from .models import Finding, FindingKind

CENTER = "SC-QZX"
CHANGED_ITEM_DOMAIN = "civil_affairs"
LATE_WINDOW = 3


def _previous_working_day(day: dt.date, back: int = 1) -> dt.date:
    cal = WorkingCalendar()
    while back:
        day -= dt.timedelta(days=1)
        back -= cal.is_working_day(day)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _window_event(window, kind: str, at: dt.datetime) -> None:
    """The console's event of that morning (the demo's windows were set open
    directly), dated when it happened."""
    event = emit(
        kind,
        center=window.center,
        aggregate=window,
        payload={"window": window.number, "window_code": window.code, "state": "open"},
    )
    Event.objects.filter(pk=event.pk).update(at=at)


def _mornings(center: Center, day: dt.date, today: dt.date, now: dt.datetime) -> None:
    """Every window in use (open now) opened a few minutes before the hall on `day` (but
    window 3, at 09:26) and closed after it; the windows open now opened today."""
    opens = checks.opening_time(center, day)
    for window in [] if opens is None else center.windows.filter(is_active=True, state="open"):
        late = window.number == LATE_WINDOW and center.code == CENTER
        _window_event(window, "window.open", opens + dt.timedelta(minutes=26 if late else -8))
        _window_event(window, "window.close", _at(day, 17, 5))
    opens_today = checks.opening_time(center, today)
    if opens_today and opens_today - dt.timedelta(minutes=8) < now:
        for window in center.windows.filter(is_active=True, state="open"):
            _window_event(window, "window.open", opens_today - dt.timedelta(minutes=8))


def _unpublished_change(center: Center, approved: dt.datetime) -> None:
    from govhall.catalog import services as catalog
    from govhall.catalog.models import OPEN, ServiceItem

    item = (
        ServiceItem.objects.filter(
            stationings__center=center,
            stationings__active=True,
            published_version__isnull=False,
            domain=CHANGED_ITEM_DOMAIN,
        )
        .exclude(versions__status__in=OPEN)
        .select_related("department")
        .order_by("code")
        .first()
    )
    author = User.objects.filter(username="review_mzj").first()
    admin = User.objects.get(username="qzx_admin")
    if item is None:
        return
    writer = actor_for_user(author) if author else actor_for_user(admin)
    if not catalog.may_draft(writer, item.department):
        writer = actor_for_user(User.objects.get(username="admin"))
    draft = catalog.version_new_draft(actor=writer, item=item)
    catalog.version_update(
        actor=writer,
        version=draft,
        changes={"change_summary": "咨询电话调整为民政服务热线，办理流程增加网上预审"},
    )
    catalog.version_submit(actor=writer, version=draft)
    catalog.version_review(actor=actor_for_user(admin), version=draft, approve=True)
    type(draft).objects.filter(pk=draft.pk).update(
        submitted_at=approved - dt.timedelta(days=1), reviewed_at=approved
    )


def _overdue_case(center: Center, received: dt.datetime) -> None:
    from govhall.cases import services as cases
    from govhall.catalog.models import ServiceItem

    item = (
        ServiceItem.objects.filter(
            stationings__center=center,
            stationings__active=True,
            published_version__approval_mode="promise",
            published_version__committed_days__gte=3,
            published_version__committed_days__lte=10,
        )
        .order_by("code")
        .first()
    )
    if item is None:
        return
    first17 = "310117197204180" + "16"
    cases.case_intake(
        actor=actor_for_user(User.objects.get(username="qzx_clerk2")),
        center=center,
        item_code=item.code,
        applicant={
            "kind": "person",
            "name": "孙海涛",
            "id_number": first17 + check_digit(first17),
            "phone": "13800139001",
        },
        materials=[
            {"material": m.pk, "status": "provided", "note": ""}
            for m in item.published_version.materials.all()
        ],
        now=received,
    )


def load(centers: dict) -> None:
    center = centers.get(CENTER)
    if center is None or Finding.objects.filter(center=center).exists():
        return
    now = timezone.now()
    today = timezone.localdate(now)
    yesterday = _previous_working_day(today)
    with transaction.atomic():
        _mornings(center, yesterday, today, now)
        _unpublished_change(center, _at(_previous_working_day(today, 7), 15, 20))
        _overdue_case(center, _at(_previous_working_day(today, 12), 10, 15))
    # The morning run of the last working day, then today's (as the job does).
    services.supervision_run(center=center, day=yesterday, now=_at(yesterday, 9, 15))
    services.supervision_run(center=center, day=today, now=now)
    late = Finding.objects.filter(center=center, kind=FindingKind.WINDOW_LATE).first()
    if late is not None and late.owner is not None:
        services.finding_close(
            actor=actor_for_user(late.owner),
            finding=late,
            note="当天叫号终端开机更新系统，9:26 开窗；已与信息科约定更新改在下班后进行，"
            "本人今后提前 10 分钟到岗开窗。",
            now=_at(yesterday, 11, 40),
        )
    for center_ in centers.values():
        if center_.pk != center.pk:
            with transaction.atomic():
                _mornings(center_, yesterday, today, now)
            services.supervision_run(center=center_, day=today, now=now)
