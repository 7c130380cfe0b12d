"""audit: running the self-audit (a snapshot, each gap a rectification task) and
the evidence of the rows no data can tell (uploaded, then confirmed by another)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import Conflict, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, User

from ..tasks import services as tasks
from ..uploads import check_upload, evidence_path
from . import selectors
from .models import AuditRun, Evidence, Requirement

NOTE_MAX = 200


def _items_json(result: selectors.Compliance) -> list[dict]:
    return [selectors.item_dict(i) for i in result.items]


@transaction.atomic
def audit_run(
    *,
    actor: Actor,
    center: Center,
    owner: User | None = None,
    due: dt.date | None = None,
    now: dt.datetime | None = None,
) -> AuditRun:
    """Compute the centre's compliance now, keep it, and turn every mandatory gap
    into a rectification task (one per gap: a task still open for it is kept)."""
    actor.require(center, "standards.manage")
    now = now or timezone.now()
    if due is not None and due < timezone.localdate(now):
        raise ValidationFailed(_("整改期限不能早于今天"), fields={"due": _("早于今天")})
    due = due or timezone.localdate(now) + dt.timedelta(
        days=center_setting(center, "standards.task_due_days")
    )
    result = selectors.compliance(center, now)
    opened = 0
    for item in result.gaps:
        _task, created = tasks.task_ensure(
            actor=actor,
            center=center,
            source="audit",
            ref=item.requirement.ref,
            title=str(item.requirement.text)[:200],
            description=f"{item.requirement.section}：{item.found}"[:2000],
            owner=owner,
            due=due,
            now=now,
        )
        opened += created
    run = AuditRun.objects.create(
        center=center,
        level=center.level,
        run_at=now,
        run_by=actor.user,
        score=result.score,
        counts={
            "mandatory": result.mandatory.as_dict(),
            "optional": result.optional.as_dict(),
            "sections": {s.name: s.mandatory.as_dict() for s in result.sections},
        },
        items=_items_json(result),
        tasks_opened=opened,
    )
    payload = {"run": run.pk, "score": str(run.score), "gaps": len(result.gaps), "opened": opened}
    emit("standards.audit_run", center=center, aggregate=run, payload=payload)
    audit("standards.audit_run", actor=actor, center=center, obj=run, detail=payload)
    return run


@transaction.atomic
def evidence_upload(
    *, actor: Actor, center: Center, requirement: Requirement, file, note: str = ""
) -> Evidence:
    """A photo or PDF for a requirement (type read from its bytes, size limited)."""
    actor.require(center, "standards.manage")
    if requirement is None:
        raise ValidationFailed(_("请选择要求"), fields={"ref": _("无效的要求")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_("说明过长"), fields={"note": _("不超过200字")})
    ext, ctype = check_upload(file, field="file")
    evidence = Evidence(
        center=center,
        requirement=requirement,
        content_type=ctype,
        size=file.size,
        note=note,
        uploaded_at=timezone.now(),
        uploaded_by=actor.user,
    )
    evidence.file.save(evidence_path("evidence", center.pk, ext), file, save=False)
    evidence.save()
    payload = {"evidence": evidence.pk, "ref": requirement.ref}
    emit("standards.evidence_uploaded", center=center, aggregate=evidence, payload=payload)
    audit("standards.evidence_uploaded", actor=actor, center=center, obj=evidence)
    return evidence


@transaction.atomic
def evidence_confirm(*, actor: Actor, evidence: Evidence, now=None) -> Evidence:
    """Someone other than the uploader (the admin or the district) confirms it."""
    actor.require(evidence.center, "standards.manage", "standards.review")
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.confirmed_at is not None:
        raise Conflict(_("该佐证已确认"), code="evidence_confirmed")
    if actor.user is not None and actor.user.pk == evidence.uploaded_by_id:
        raise PermissionDenied(_("上传人不能确认自己上传的佐证"), code="confirm_own")
    evidence.confirmed_at = now or timezone.now()
    evidence.confirmed_by = actor.user
    evidence.save(update_fields=["confirmed_at", "confirmed_by"])
    payload = {"evidence": evidence.pk, "ref": evidence.requirement.ref}
    emit(
        "standards.evidence_confirmed", center=evidence.center, aggregate=evidence, payload=payload
    )
    audit("standards.evidence_confirmed", actor=actor, center=evidence.center, obj=evidence)
    return evidence
