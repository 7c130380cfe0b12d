"""Every demo staff member of a centre gets a profile: the kind follows the
role they hold there, reviewers and department leads belong to their department."""

from __future__ import annotations

import datetime as dt

from govhall.core.models import Membership, Role

from .models import StaffKind, StaffProfile

KIND_OF_ROLE = {
    Role.CLERK: StaffKind.COMPREHENSIVE,
    Role.RECEPTION: StaffKind.RECEPTION,
    Role.ASSISTANT: StaffKind.ASSISTANT,
    Role.REVIEWER: StaffKind.BACK_OFFICE,
    Role.DEPT_LEAD: StaffKind.DISPATCHED,
    Role.CENTER_ADMIN: StaffKind.MANAGEMENT,
    Role.DUTY_MANAGER: StaffKind.COMPREHENSIVE,
}


def load(centers: dict) -> None:
    started = dt.date(2024, 3, 1)
    memberships = Membership.objects.filter(
        center__in=centers.values(), role__in=list(KIND_OF_ROLE)
    ).select_related("user")
    for m in memberships.order_by("user__staff_number"):
        StaffProfile.objects.get_or_create(
            user=m.user,
            center=m.center,
            defaults={
                "kind": KIND_OF_ROLE[m.role],
                "department": m.department,
                "started_on": started,
            },
        )
