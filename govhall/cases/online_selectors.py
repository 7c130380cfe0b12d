"""Reads of online applications (不见面审批): the items that allow them, the
pre-check queue of a centre (case.intake holders there), the lines a round of
uploads asks the clerk to check, and the applicant's own case by its check code."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ApprovalMode, ServiceItem
from govhall.core import crypto
from govhall.core.actors import Actor
from govhall.core.errors import NotFound
from govhall.core.models import Center
from govhall.core.workdays import WorkingCalendar

from . import selectors
from .models import Case, CaseMaterial, CaseStatus, MaterialStatus, OnlineUpload, Source, Step


def online_items(center: Center) -> QuerySet[ServiceItem]:
    """Published items stationed at the centre whose guide allows online application."""
    return (
        ServiceItem.objects.filter(
            stationings__center=center,
            stationings__active=True,
            published_version__isnull=False,
        )
        .filter(
            Q(published_version__online_application=True)
            | Q(published_version__approval_mode=ApprovalMode.REMOTE)
        )
        .select_related("published_version", "department")
        .order_by("code")
        .distinct()
    )


def online_item(center: Center, code: str) -> ServiceItem:
    item = online_items(center).filter(code=selectors.usable_key(code, 40)).first()
    if item is None:
        raise NotFound(_("该事项不支持网上申请"), code="item_not_found")
    return item


def current_round(case: Case) -> int:
    return case.online_uploads.aggregate(n=Max("round"))["n"] or 0


def lines_to_check(case: Case) -> list[CaseMaterial]:
    """The lines uploaded in the latest round and not accepted yet: at first
    every uploaded material, after a supplement only what it asked for."""
    latest = current_round(case)
    ids = set(case.online_uploads.filter(round=latest).values_list("line_id", flat=True).distinct())
    return [
        line
        for line in case.materials.select_related("material")
        if line.pk in ids and line.status != MaterialStatus.PROVIDED
    ]


def precheck_start(case: Case) -> dt.date:
    """The day the pre-check's days count from: the latest online 补正, else receipt."""
    back = case.steps.filter(step=Step.SUPPLEMENT_RETURNED).order_by("-at").first()
    return timezone.localdate(back.at if back else case.received_at)


def _queue(actor: Actor, center: Center) -> QuerySet[Case]:
    actor.require(center, "case.intake")
    return Case.objects.filter(center=center, source=Source.ONLINE, status=CaseStatus.PRECHECK)


def precheck_count(actor: Actor, center: Center) -> int:
    return _queue(actor, center).count()


def age(case: Case, cal: WorkingCalendar | None = None, today: dt.date | None = None) -> dict:
    """Working days since the pre-check's days began, and whether they ran out."""
    cal, today = cal or WorkingCalendar(), today or timezone.localdate()
    return {
        "days": cal.working_days_between(precheck_start(case), today),
        "overdue": bool(case.precheck_due and today > case.precheck_due),
    }


def precheck_queue(actor: Actor, center: Center) -> list[Case]:
    """Waiting for the pre-check, oldest first, each with its age in working days."""
    cal, today = WorkingCalendar(), timezone.localdate()
    rows = list(_queue(actor, center).select_related("item", "department").order_by("received_at"))
    for case in rows:
        case.age = age(case, cal, today)
    return rows


def recent_online(actor: Actor, center: Center, limit: int = 20) -> list[Case]:
    """The latest online applications already answered (for the list's second table)."""
    actor.require(center, "case.intake")
    return list(
        Case.objects.filter(center=center, source=Source.ONLINE)
        .exclude(status=CaseStatus.PRECHECK)
        .select_related("item")
        .order_by("-received_at")[:limit]
    )


def online_case(actor: Actor, center: Center, number: str) -> Case:
    """An online application of the centre, for a holder of case.intake there;
    another centre's case is the same 404 as a missing one."""
    actor.require(center, "case.intake")
    case = (
        Case.objects.select_related("center", "item", "version", "department")
        .filter(center=center, source=Source.ONLINE, number=selectors.usable_key(number))
        .first()
    )
    if case is None:
        raise NotFound(_("对象不存在或无权访问"))
    return case


def uploads(case: Case) -> dict[int, list[OnlineUpload]]:
    """line id -> its files, metadata only (the content stays in the database)."""
    out: dict[int, list[OnlineUpload]] = {}
    for u in case.online_uploads.defer("content").order_by("round", "id"):
        out.setdefault(u.line_id, []).append(u)
    return out


def upload(case: Case, upload_id: int) -> OnlineUpload:
    found = case.online_uploads.filter(pk=upload_id).first()
    if found is None:
        raise NotFound(_("文件不存在"), code="file_not_found")
    return found


def upload_content(upload: OnlineUpload) -> bytes:
    return crypto.decrypt_bytes(
        OnlineUpload.objects.values_list("content", flat=True).get(pk=upload.pk)
    )


def case_for_applicant(number: str, check_code: str, *, address: str) -> Case:
    """The applicant's own case by number and check code, with the progress
    page's counting of wrong codes (selectors.case_progress)."""
    return selectors.case_progress(number, check_code, address=address)
