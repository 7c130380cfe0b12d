"""The guide workflow in the workplace, out of the Django admin (004 第二条: the
department applies, the centre reviews, the change is published within 5
working days).

The department's side (gated by catalog.draft: the departments' back-office
reviewers and their leads at the centre; the services then allow only the
item's own department): its items with the published version and the one in the workflow,
a new draft from the published guide, the guide and its materials, submission.
The centre's side (catalog.manage): the queue of submitted and approved
versions with their publication deadline, the review page with the submitted
version beside the published one, approve or return, publish.

Thin: reads through selectors, every change through services; a refused step
(`DomainError`) is shown on the page with its status, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import (
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.models import Center
from govhall.core.web import center_or_404, need

from . import selectors, services
from .diff import versions_diff
from .models import ItemVersion, ServiceItem, VersionStatus
from .workflow_forms import GuideForm, ReviewForm, apply_error, material_lines

DRAFTING = "catalog.draft"  # the department: its back office and its lead
MANAGING = "catalog.manage"


def _problem(request, exc: DomainError, center: Center, back: str = ""):
    context = {"problem": exc, "center": center, "back": back}
    return render(request, "catalog/workflow/problem.html", context, status=exc.status)


def _frozen(version: ItemVersion) -> InvalidTransition:
    return InvalidTransition(
        gettext("只有草稿或退回的版本可以修改"), fields={"status": version.get_status_display()}
    )


def _department_version(actor, center: Center, pk: int) -> ItemVersion:
    """A version of the actor's own department in the centre's district."""
    version = selectors.district_version(center, pk)
    if not services.may_draft(actor, version.item.department):
        raise PermissionDenied(
            gettext("仅事项所属部门可编辑和提交指南"), code="forbidden_department"
        )
    return version


# --- the department's side ----------------------------------------------------------


def drafts(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, DRAFTING)
    if refusal:
        return refusal
    rows = selectors.department_items(actor, found)
    context = {
        "center": found,
        "rows": rows,
        "returned": [v for _item, v in rows if v and v.status == VersionStatus.RETURNED],
        "no_department": not actor.departments and not actor.is_superuser,
    }
    return render(request, "catalog/workflow/drafts.html", context)


@require_POST
def draft_new(request, center: str, code: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, DRAFTING)
    if refusal:
        return refusal
    item = ServiceItem.objects.filter(code=code[:40], department__district=found.district_id)
    item = item.select_related("department").first()
    if item is None:
        raise Http404
    try:
        version = services.version_new_draft(actor=actor, item=item)
    except DomainError as exc:
        return _problem(request, exc, found, back="drafts")
    messages.success(request, gettext("已从现行版本复制出新草稿，请修改后提交中心审核。"))
    return redirect("catalog:wf_edit", found.code, version.pk)


def _edit_page(request, found, version, form, *, error=None, status=200):
    context = {
        "center": found,
        "v": version,
        "item": version.item,
        "form": form,
        "error": error,
        "materials": version.materials.order_by("position", "id"),
        "published": version.item.published_version,
    }
    return render(request, "catalog/workflow/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def edit(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, DRAFTING)
    if refusal:
        return refusal
    try:
        version = _department_version(actor, found, pk)
    except DomainError as exc:
        return _problem(request, exc, found, back="drafts")
    department = version.item.department
    if request.method == "GET":
        form = GuideForm(initial=GuideForm.initial_for(version), department=department)
        return _edit_page(request, found, version, form)
    if not version.is_editable:
        return _problem(request, _frozen(version), found, back="drafts")
    form = GuideForm(request.POST, department=department)
    if not form.is_valid():
        return _edit_page(request, found, version, form, status=422)
    try:
        services.version_update(actor=actor, version=version, changes=form.changes())
    except ValidationFailed as exc:
        apply_error(form, exc)
        version.refresh_from_db()
        return _edit_page(request, found, version, form, error=exc, status=exc.status)
    except DomainError as exc:
        return _problem(request, exc, found, back="drafts")
    messages.success(request, gettext("指南已保存。"))
    return redirect("catalog:wf_edit", found.code, version.pk)


@require_http_methods(["GET", "POST"])
def materials(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, DRAFTING)
    if refusal:
        return refusal
    try:
        version = _department_version(actor, found, pk)
    except DomainError as exc:
        return _problem(request, exc, found, back="drafts")
    if not version.is_editable:
        if request.method == "GET":  # the version page shows its materials read-only
            return redirect("catalog:wf_edit", found.code, version.pk)
        return _problem(request, _frozen(version), found, back="drafts")
    formset = material_lines(version, request.POST if request.method == "POST" else None)
    error, status = None, 200
    if request.method == "POST":
        if formset.is_valid():
            try:
                services.version_set_materials(
                    actor=actor, version=version, materials=formset.lines()
                )
            except ValidationFailed as exc:
                error, status = exc, exc.status
            except DomainError as exc:
                return _problem(request, exc, found, back="drafts")
            else:
                messages.success(request, gettext("申请材料已保存。"))
                return redirect("catalog:wf_edit", found.code, version.pk)
        else:
            status = 422
    context = {"center": found, "v": version, "item": version.item, "formset": formset}
    context["error"] = error
    return render(request, "catalog/workflow/materials.html", context, status=status)


@require_POST
def submit(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, DRAFTING)
    if refusal:
        return refusal
    try:
        version = _department_version(actor, found, pk)
        services.version_submit(actor=actor, version=version)
    except ValidationFailed as exc:
        form = GuideForm(initial=GuideForm.initial_for(version), department=version.item.department)
        return _edit_page(request, found, version, form, error=exc, status=exc.status)
    except DomainError as exc:
        return _problem(request, exc, found, back="drafts")
    messages.success(request, gettext("已提交中心审核。"))
    return redirect("catalog:wf_drafts", found.code)


# --- the centre's side -----------------------------------------------------------------


def _is_overdue(version: ItemVersion, today) -> bool:
    return bool(version.overdue_flagged_at) or bool(
        version.publish_due and version.publish_due < today
    )


def queue(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, MANAGING)
    if refusal:
        return refusal
    today = timezone.localdate()
    rows = [(v, _is_overdue(v, today)) for v in selectors.review_queue(found)]
    context = {
        "center": found,
        "submitted": [r for r in rows if r[0].status == VersionStatus.SUBMITTED],
        "approved": [r for r in rows if r[0].status == VersionStatus.APPROVED],
        "today": today,
    }
    return render(request, "catalog/workflow/queue.html", context)


def _base_for(version: ItemVersion) -> ItemVersion | None:
    """What the version is compared with: the guide the public sees now (for a
    published version, the one it replaced)."""
    published = version.item.published_version
    if published is not None and published.pk != version.pk:
        return published
    return (
        version.item.versions.filter(number__lt=version.number, status=VersionStatus.SUPERSEDED)
        .order_by("-number")
        .first()
    )


def _review_page(request, found, version, form, *, error=None, status=200):
    base = _base_for(version)
    context = {
        "center": found,
        "v": version,
        "item": version.item,
        "base": base,
        "diff": versions_diff(base, version),
        "form": form,
        "error": error,
        "overdue": _is_overdue(version, timezone.localdate()),
    }
    return render(request, "catalog/workflow/review.html", context, status=status)


@require_http_methods(["GET", "POST"])
def review(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGING)
    if refusal:
        return refusal
    try:
        version = selectors.district_version(found, pk)
    except NotFound as exc:
        return _problem(request, exc, found, back="queue")
    if request.method == "GET":
        return _review_page(request, found, version, ReviewForm())
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _review_page(request, found, version, form, status=422)
    approve = form.cleaned_data["decision"] == ReviewForm.APPROVE
    try:
        services.version_review(
            actor=actor, version=version, approve=approve, note=form.cleaned_data["note"]
        )
    except ValidationFailed as exc:
        apply_error(form, exc)
        return _review_page(request, found, version, form, error=exc, status=exc.status)
    except DomainError as exc:
        return _problem(request, exc, found, back="queue")
    if approve:
        messages.success(request, gettext("审核通过，请在发布期限内发布。"))
        return redirect("catalog:wf_review", found.code, version.pk)
    messages.success(request, gettext("已退回部门修改。"))
    return redirect("catalog:wf_queue", found.code)


@require_POST
def publish(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGING)
    if refusal:
        return refusal
    try:
        version = selectors.district_version(found, pk)
        services.version_publish(actor=actor, version=version)
    except DomainError as exc:
        return _problem(request, exc, found, back="queue")
    messages.success(
        request,
        gettext("已发布：%(name)s 第 %(n)s 版，办事指南即日起按新版本公开。")
        % {"name": version.name, "n": version.number},
    )
    return redirect("catalog:wf_queue", found.code)
