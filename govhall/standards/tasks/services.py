"""tasks: every change of state of a rectification task, keyword-only, in a transaction.

Other features open tasks through `task_open` (a new task every call) or
`task_ensure` (the unfinished task of the same centre, source and ref, or a new
one: what a re-run audit or a recurring finding wants). `actor=None` is the
system (a scheduled job)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Membership, User

from ..uploads import check_upload, evidence_path
from .models import UNFINISHED, RectificationTask, TaskSource, TaskStatus

TITLE_MAX = 200
NOTE_MAX = 2000
REF_MAX = 80
OPENERS = ("standards.manage", "inspection.do", "standards.review")
VERIFIERS = ("standards.manage", "standards.review")


def _payload(task: RectificationTask) -> dict:
    return {"task": task.pk, "source": task.source, "ref": task.ref, "status": task.status}


def _user(actor: Actor | None) -> User | None:
    return getattr(actor, "user", None)


def _text(value: str, field: str, limit: int, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(_("请填写必填项"), fields={field: _("必填")})
    if len(value) > limit:
        raise ValidationFailed(_("内容过长"), fields={field: _("不超过%(n)d字") % {"n": limit}})
    return value


def _owner(center: Center, owner: User | None) -> User | None:
    if owner is None:
        return None
    if not (owner.is_active and Membership.objects.filter(center=center, user=owner).exists()):
        raise ValidationFailed(
            _("责任人须是本中心在岗人员"), code="owner_not_staff", fields={"owner": _("无效")}
        )
    return owner


def _due(due) -> dt.date | None:
    if due is not None and not isinstance(due, dt.date):
        raise ValidationFailed(_("整改期限无效"), fields={"due": _("无效的日期")})
    return due


def _lock(task: RectificationTask) -> RectificationTask:
    return RectificationTask.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def task_open(
    *,
    actor: Actor | None,
    center: Center,
    source: str,
    ref: str,
    title: str,
    description: str = "",
    owner: User | None = None,
    due: dt.date | None = None,
    now: dt.datetime | None = None,
) -> RectificationTask:
    """A new rectification task of `center` (always a new one; see task_ensure)."""
    if actor is not None:
        actor.require(center, *OPENERS)
    if source not in TaskSource.values:
        raise ValidationFailed(_("来源无效"), fields={"source": _("无效的来源")})
    task = RectificationTask.objects.create(
        center=center,
        source=source,
        ref=_text(ref, "ref", REF_MAX, required=True),
        title=_text(title, "title", TITLE_MAX, required=True),
        description=_text(description, "description", NOTE_MAX, required=False),
        owner=_owner(center, owner),
        due=_due(due),
        created_at=now or timezone.now(),
        created_by=_user(actor),
    )
    emit("rectification_task.opened", center=center, aggregate=task, payload=_payload(task))
    audit("rectification_task.opened", actor=actor, center=center, obj=task)
    return task


@transaction.atomic
def task_ensure(
    *,
    actor: Actor | None,
    center: Center,
    source: str,
    ref: str,
    title: str,
    description: str = "",
    owner: User | None = None,
    due: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[RectificationTask, bool]:
    """The unfinished task of (centre, source, ref), or a new one: (task, created).
    The centre's row is locked first so two audits at once open one task."""
    Center.objects.select_for_update().filter(pk=center.pk).first()
    existing = RectificationTask.objects.filter(
        center=center, source=source, ref=ref, status__in=UNFINISHED
    ).first()
    if existing is not None:
        return existing, False
    task = task_open(
        actor=actor,
        center=center,
        source=source,
        ref=ref,
        title=title,
        description=description,
        owner=owner,
        due=due,
        now=now,
    )
    return task, True


@transaction.atomic
def task_assign(
    *, actor: Actor, task: RectificationTask, owner: User | None, due: dt.date | None
) -> RectificationTask:
    """Name the owner and the deadline of an open task."""
    actor.require(task.center, "standards.manage")
    task = _lock(task)
    if task.status != TaskStatus.OPEN:
        raise InvalidTransition(_("只有待整改的任务可以指派"), code="task_not_open")
    task.owner = _owner(task.center, owner)
    task.due = _due(due)
    task.save(update_fields=["owner", "due"])
    emit("rectification_task.assigned", center=task.center, aggregate=task, payload=_payload(task))
    audit("rectification_task.assigned", actor=actor, center=task.center, obj=task)
    return task


@transaction.atomic
def task_close(
    *,
    actor: Actor,
    task: RectificationTask,
    note: str,
    evidence=None,
    now: dt.datetime | None = None,
) -> RectificationTask:
    """The owner (or the centre admin) reports the gap rectified, with a note and
    optionally a photo or PDF (`evidence`: an uploaded file)."""
    center = task.center
    if not actor.can_see(center):
        actor.require(center, "standards.manage")
    is_owner = actor.user is not None and actor.user.pk == task.owner_id
    if not is_owner:
        actor.require(center, "standards.manage")
    task = _lock(task)
    if task.status != TaskStatus.OPEN:
        raise InvalidTransition(_("该任务已完成整改"), code="task_not_open")
    task.close_note = _text(note, "note", NOTE_MAX, required=True)
    if evidence is not None:
        ext, ctype = check_upload(evidence, field="evidence")
        task.evidence.save(evidence_path("tasks", center.pk, ext), evidence, save=False)
        task.evidence_type = ctype
    task.status = TaskStatus.DONE
    task.closed_at = now or timezone.now()
    task.closed_by = actor.user
    task.save()
    emit("rectification_task.closed", center=center, aggregate=task, payload=_payload(task))
    audit("rectification_task.closed", actor=actor, center=center, obj=task)
    return task


@transaction.atomic
def task_verify(
    *,
    actor: Actor,
    task: RectificationTask,
    note: str = "",
    accept: bool = True,
    now: dt.datetime | None = None,
) -> RectificationTask:
    """The admin or the district confirms the rectification (verified), or refuses
    it with a reason (back to open). Nobody verifies their own closing."""
    actor.require(task.center, *VERIFIERS)
    task = _lock(task)
    if task.status != TaskStatus.DONE:
        raise InvalidTransition(_("只有已整改的任务可以验收"), code="task_not_done")
    if actor.user is not None and actor.user.pk == task.closed_by_id:
        raise PermissionDenied(_("不能验收自己完成的整改"), code="verify_own")
    note = _text(note, "note", NOTE_MAX, required=not accept)
    task.verify_note = note
    if accept:
        task.status = TaskStatus.VERIFIED
        task.verified_at = now or timezone.now()
        task.verified_by = actor.user
        kind = "rectification_task.verified"
    else:
        task.status = TaskStatus.OPEN
        task.closed_at = None
        task.closed_by = None
        kind = "rectification_task.reopened"
    task.save()
    emit(kind, center=task.center, aggregate=task, payload=_payload(task))
    audit(kind, actor=actor, center=task.center, obj=task)
    return task
