"""Every demo staff member of a centre gets a profile: the kind follows the
role they hold there (a clerk sent by a department is dispatched staff),
reviewers and department leads belong to their department. Start dates spread
over the years people really arrived; window staff work under certificates
(持证上岗, 003 §四(一)3(3)), one of them about to expire and one just expired,
so the flags can be seen."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.models import Department, Membership, Role

from .models import Certificate, StaffKind, StaffProfile

KIND_OF_ROLE = {
    Role.CLERK: StaffKind.COMPREHENSIVE,
    Role.RECEPTION: StaffKind.RECEPTION,
    Role.ASSISTANT: StaffKind.ASSISTANT,
    Role.REVIEWER: StaffKind.BACK_OFFICE,
    Role.DEPT_LEAD: StaffKind.DISPATCHED,
    Role.CENTER_ADMIN: StaffKind.MANAGEMENT,
    Role.DUTY_MANAGER: StaffKind.COMPREHENSIVE,
}

# Window staff sent by a department (their home department approves their leave).
HOME_DEPARTMENTS = {
    "qzx_rsj": "RSJ",
    "qzx_bdc": "BDC",
    "qzx_scj": "SCJ",
    "qzx_crj": "CRJ",
    "qzx_swj": "SWJ",
}

# username -> (started at the centre, title)
DETAILS = {
    "qzx_admin": (dt.date(2019, 3, 1), "中心副主任"),
    "qzx_reception": (dt.date(2020, 6, 15), "导服组长"),
    "qzx_clerk1": (dt.date(2019, 9, 2), "综窗组长"),
    "qzx_clerk2": (dt.date(2021, 4, 6), ""),
    "qzx_clerk3": (dt.date(2022, 7, 1), ""),
    "qzx_clerk4": (dt.date(2020, 11, 16), ""),
    "qzx_clerk5": (dt.date(2023, 3, 1), ""),
    "qzx_clerk6": (dt.date(2024, 8, 19), ""),
    "qzx_clerk7": (dt.date(2021, 10, 8), ""),
    "qzx_clerk8": (dt.date(2025, 2, 10), ""),
    "qzx_clerk9": (dt.date(2022, 12, 5), ""),
    "qzx_clerk10": (dt.date(2025, 9, 1), ""),
    "qzx_clerk11": (dt.date(2026, 3, 2), ""),
    "qzx_clerk12": (dt.date(2026, 7, 6), ""),
    "qzx_rsj": (dt.date(2023, 1, 3), "业务骨干"),
    "qzx_bdc": (dt.date(2022, 5, 9), ""),
    "qzx_scj": (dt.date(2024, 4, 1), ""),
    "qzx_crj": (dt.date(2021, 6, 21), ""),
    "qzx_swj": (dt.date(2025, 5, 12), ""),
    "qzx_assistant": (dt.date(2023, 10, 9), ""),
    "qzx_duty": (dt.date(2020, 2, 17), "值班长"),
    "lead_rsj": (dt.date(2022, 3, 1), "首席代表"),
    "yx_admin": (dt.date(2019, 5, 6), "中心主任"),
    "yx_reception": (dt.date(2021, 8, 2), ""),
    "yx_clerk1": (dt.date(2022, 1, 10), ""),
}
DEFAULT_START = dt.date(2024, 3, 1)

SKILL = "政务服务综合窗口办事员（四级）"
PERMIT = "政务服务窗口上岗证"


def _certificates(username: str, today: dt.date) -> list[tuple[str, str, dt.date, dt.date | None]]:
    """(name, number, issued, expires): the skill level (C.1.3) does not
    expire; the centre's window permit runs three years."""
    started = DETAILS.get(username, (DEFAULT_START, ""))[0]
    issued = max(started, today - dt.timedelta(days=900))
    number = f"SC-ZC-{started.year}-{sum(map(ord, username)) % 1000:03d}"
    permit = (PERMIT, number, issued, issued + dt.timedelta(days=3 * 365))
    if username == "qzx_clerk2":  # renewing soon
        expires = today + dt.timedelta(days=18)
        permit = (PERMIT, number, expires - dt.timedelta(days=3 * 365), expires)
    if username == "qzx_bdc":  # lapsed last week: flagged in red
        expires = today - dt.timedelta(days=6)
        permit = (PERMIT, number, expires - dt.timedelta(days=3 * 365), expires)
    skill = (SKILL, f"S{started.year}{sum(map(ord, username)) % 100000:05d}", started, None)
    return [skill, permit]


def load(centers: dict) -> None:
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.all()}
    memberships = Membership.objects.filter(
        center__in=centers.values(), role__in=list(KIND_OF_ROLE)
    ).select_related("user", "department")
    for m in memberships.order_by("user__staff_number"):
        username = m.user.username
        started, title = DETAILS.get(username, (DEFAULT_START, ""))
        kind = KIND_OF_ROLE[m.role]
        department = m.department
        if username in HOME_DEPARTMENTS:
            kind, department = StaffKind.DISPATCHED, departments[HOME_DEPARTMENTS[username]]
        profile, created = StaffProfile.objects.get_or_create(
            user=m.user,
            center=m.center,
            defaults={
                "kind": kind,
                "department": department,
                "started_on": started,
                "title": title,
            },
        )
        if created and m.role == Role.CLERK:
            for name, number, issued, expires in _certificates(username, today):
                Certificate.objects.get_or_create(
                    profile=profile,
                    name=name,
                    defaults={"number": number, "issued_on": issued, "expires_on": expires},
                )
