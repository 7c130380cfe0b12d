"""tasks: the rectification tasks of a centre: assign, close with evidence, verify.
Readers: standards.read; the owner of a task sees and closes theirs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.web import center_or_404, need

from ..web import date_from, owner_from, serve, staff_of
from . import selectors, services
from .models import TaskStatus


def _context(actor, center, status="open", error=None) -> dict:
    can_read = actor.can(center, "standards.read")
    tasks = selectors.tasks_of(center, status)
    if not can_read:  # the owner's own tasks only
        tasks = tasks.filter(owner=actor.user)
    return {
        "center": center,
        "page": "tasks",
        "status": status,
        "tasks": list(tasks),
        "can_read": can_read,
        "can_manage": actor.can(center, "standards.manage"),
        "can_verify": actor.can(center, "standards.manage")
        or actor.can(center, "standards.review"),
        "me": actor.user,
        "staff": staff_of(center) if actor.can(center, "standards.manage") else [],
        "error": error,
        "statuses": selectors.FILTERS,
    }


def _list(request, center: str, *capabilities: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *capabilities)
    if refusal:
        return refusal
    status = request.GET.get("status", "open")
    status = status if status in selectors.FILTERS else "open"
    return render(request, "standards/tasks.html", _context(actor, found, status))


@require_GET
def task_list(request, center: str):
    """Every task of the centre (the admin, the district)."""
    return _list(request, center, "standards.read")


@require_GET
def task_list_mine(request, center: str):
    """The tasks one owns, for anyone at the centre who was given one."""
    return _list(request, center, "standards.read", "staff.self")


def _task(found, pk):
    task = selectors.task_for(found, pk)
    if task is None:
        raise Http404
    return task


def _back(found, task):
    # The owner's own list works for everyone who may act on a task.
    url = reverse("standards:tasks_mine", args=[found.code])
    return redirect(f"{url}?status=all#task-{task.pk}")


def _refused(request, actor, found, exc):
    return render(
        request, "standards/tasks.html", _context(actor, found, "all", exc), status=exc.status
    )


@require_POST
def task_assign(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    task = _task(found, pk)
    owner_text, due_text = request.POST.get("owner", ""), request.POST.get("due", "")
    owner, due = owner_from(found, owner_text), date_from(due_text)
    try:
        if owner_text and owner is None:
            raise ValidationFailed(
                gettext("请选择本中心的责任人"), fields={"owner": gettext("无效")}
            )
        if due_text and due is None:
            raise ValidationFailed(gettext("整改期限无效"), fields={"due": gettext("无效的日期")})
        services.task_assign(actor=actor, task=task, owner=owner, due=due)
    except DomainError as exc:
        return _refused(request, actor, found, exc)
    messages.success(request, gettext("已指派。"))
    return _back(found, task)


@require_POST
def task_close(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage", "staff.self")
    if refusal:
        return refusal
    task = _task(found, pk)
    try:
        services.task_close(
            actor=actor,
            task=task,
            note=request.POST.get("note", "")[:4000],
            evidence=request.FILES.get("evidence"),
        )
    except DomainError as exc:
        return _refused(request, actor, found, exc)
    messages.success(request, gettext("已提交整改情况，待验收。"))
    return _back(found, task)


@require_POST
def task_verify(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage", "standards.review")
    if refusal:
        return refusal
    task = _task(found, pk)
    accept = request.POST.get("decision") != "refuse"
    try:
        services.task_verify(
            actor=actor, task=task, note=request.POST.get("note", "")[:4000], accept=accept
        )
    except DomainError as exc:
        return _refused(request, actor, found, exc)
    messages.success(request, gettext("已验收。") if accept else gettext("已退回重新整改。"))
    return _back(found, task)


@require_GET
def task_evidence(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.read", "staff.self")
    if refusal:
        return refusal
    task = _task(found, pk)
    mine = actor.user is not None and task.owner_id == actor.user.pk
    if not (mine or actor.can(found, "standards.read")) or task.status == TaskStatus.OPEN:
        raise Http404
    ext = task.evidence.name.rsplit(".", 1)[-1] if task.evidence else "bin"
    return serve(task.evidence, task.evidence_type, f"task-{task.pk}.{ext}")
