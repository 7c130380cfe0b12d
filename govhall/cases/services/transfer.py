"""转办: a case routed to the wrong back office goes to the right department,
with a reason. The clock is not touched (the applicant's due date stands), and
the clerk who took it in stays the one responsible to the applicant (首问负责,
001 B.1)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import InvalidTransition, NotFound, PermissionDenied
from govhall.core.models import Department

from ..models import Case, CaseStatus, CaseTransfer, Step
from .base import MAX_TEXT, _acting_user, _emit, _lock, _now, _precheck, _step, is_reviewer
from .intake import _clean_text

# In the back office: accepted, or stopped for a special procedure.
TRANSFERABLE = (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)


def _require_transferer(actor: Actor, case: Case) -> None:
    if actor.can(case.center, "case.oversee"):
        return
    actor.require(case.center, "case.review", "case.oversee")
    if not is_reviewer(actor, case.center, case.department):
        raise PermissionDenied(
            _("只有该办件当前承办部门的审批人员或中心管理员可以转办"),
            code="forbidden_department",
        )


@transaction.atomic
def case_transfer(
    *,
    actor: Actor,
    case: Case,
    department: Department | str,
    reason: str,
    now: dt.datetime | None = None,
) -> CaseTransfer:
    _require_transferer(actor, case)
    _precheck(case, *TRANSFERABLE)
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    if isinstance(department, str):
        code = department.strip()
        department = (
            Department.objects.filter(code=code, district=case.center.district_id).first()
            if code and len(code) <= 32 and "\x00" not in code
            else None
        )
    if department is None or department.district_id != case.center.district_id:
        raise NotFound(
            _("部门不存在"), code="department_not_found", fields={"department": _("无效")}
        )
    now = _now(now)
    case = _lock(case)
    _precheck(case, *TRANSFERABLE)
    if department.pk == case.department_id:
        raise InvalidTransition(
            _("办件已由该部门承办，无需转办"),
            code="same_department",
            fields={"department": _("与当前承办部门相同")},
        )
    if case.parallel_tasks.filter(department=department).exists():
        raise InvalidTransition(
            _("该部门是本办件的并联审批部门，不能转为承办部门"),
            code="department_is_parallel",
            fields={"department": _("并联审批部门")},
        )
    previous = case.department
    transfer = CaseTransfer.objects.create(
        case=case,
        from_department=previous,
        to_department=department,
        by=_acting_user(actor),
        at=now,
        reason=reason,
    )
    case.department = department
    case.save(update_fields=["department"])  # due date, accepted_on and clock untouched
    _step(
        case,
        Step.TRANSFERRED,
        at=now,
        actor=actor,
        department=department,
        note=_("由%(from)s转至%(to)s：%(reason)s")
        % {"from": previous.name, "to": department.name, "reason": reason},
    )
    _emit("case.transferred", case, from_department=previous.code, transfer=transfer.pk)
    return transfer
