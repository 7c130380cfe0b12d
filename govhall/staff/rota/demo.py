"""The rota's demo at SC-QZX: 何勇 (qzx_duty) and a capable clerk of the windows
(qzx_clerk2) named duty managers, the rota laid out from today to the end of
next month (December 2026 at least), a pending staff change (a clerk leaving at
the end of January 2027, a new clerk starting a week before) and an earlier
request refused for the minimum tenure. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import Membership, Role, User
from govhall.core.months import Month, month_of

from ..profiles.models import StaffKind, StaffProfile
from . import services
from .models import DutyManager, StaffChange

SUCCESSOR = ("qzx_newhire", "邓雨欣", "SC0901")
# A fictitious number, like the loader's: the duty call's SMS reaches the clerk.
CLERK2_MOBILE = "13800000003"


def _successor(center, colleague: User) -> User:
    username, name, number = SUCCESSOR
    # The demo's one password: the colleague's hash (the loader set it).
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"last_name": name, "staff_number": number, "password": colleague.password},
    )
    Membership.objects.get_or_create(user=user, role=Role.CLERK, center=center)
    # Their profile is made ahead with the planned start (the consent keeps it).
    StaffProfile.objects.get_or_create(
        user=user,
        center=center,
        defaults={"kind": StaffKind.COMPREHENSIVE, "started_on": dt.date(2027, 1, 22)},
    )
    return user


def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    if center is None:
        return
    users = {u.username: u for u in User.objects.filter(username__startswith="qzx_")}
    if not {"qzx_admin", "qzx_duty", "qzx_clerk1", "qzx_clerk2"} <= set(users):
        return
    admin = actor_for_user(users["qzx_admin"])
    clerk2 = users["qzx_clerk2"]
    if not clerk2.mobile:
        clerk2.mobile = CLERK2_MOBILE
        clerk2.save(update_fields=["mobile"])
    for username in ("qzx_duty", "qzx_clerk2"):
        if not DutyManager.objects.filter(center=center, user=users[username]).exists():
            services.duty_manager_name(actor=admin, center=center, user=users[username])

    today = timezone.localdate()
    this = month_of(today)
    months = {this, Month(this.following_first), Month(dt.date(2026, 12, 1))}
    for month in sorted(months, key=lambda m: m.first):
        if month.following_first > today:
            services.rota_generate(actor=admin, center=center, month=month, today=today)

    successor = _successor(center, users["qzx_clerk1"])
    # The pending change: written on 27 November 2026, first in, then out.
    if not StaffChange.objects.filter(center=center, leaving=users["qzx_clerk1"]).exists():
        written = dt.date(2026, 11, 27)
        services.staff_change_request(
            actor=admin,
            center=center,
            leaving=users["qzx_clerk1"],
            reason="派出单位工作调动，调回区政务服务管理办公室",
            requested_on=written,
            end_on=dt.date(2027, 1, 29),
            successor=successor,
            successor_start_on=dt.date(2027, 1, 22),
            today=written,
        )
    # The earlier one, refused: 22 months into a two-year post, nobody to come in.
    if not StaffChange.objects.filter(center=center, leaving=clerk2).exists():
        written = dt.date(2025, 9, 1)
        early = services.staff_change_request(
            actor=admin,
            center=center,
            leaving=clerk2,
            reason="本人申请调回原单位",
            requested_on=written,
            end_on=dt.date(2025, 12, 31),
            successor=None,
            successor_start_on=dt.date(2025, 12, 24),
            today=written,
        )
        services.staff_change_decide(
            actor=admin,
            change=early,
            consent=False,
            reason="综合窗口人员在岗未满两年，且未落实接替人员，不同意调整",
            today=dt.date(2025, 9, 5),
        )
