"""不见面审批 pages. Citizens (no account, phone first, elderly mode): the items
that may be applied for online, the application with its uploads, and the
online 补正 by case number and check code. Clerks (case.intake at the centre):
the applications waiting for their pre-check with their age, and the pre-check
of one with its files. Thin: reads through online_selectors, changes through
services; a refused change is shown on the page with its status."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError, NotFound, PermissionDenied
from govhall.core.events import audit
from govhall.core.fields import mask_phone
from govhall.core.throttle import client_address
from govhall.core.web import center_or_404, need, throttle_public_posts

from . import online_selectors, services
from .models import CaseStatus, MaterialStatus
from .online_uploads import CONTENT_TYPES
from .views import _checklist

# --- citizen ----------------------------------------------------------------------------


def _limits(center) -> dict:
    return {
        "mb": center_setting(center, "cases.online_file_mb"),
        "per": center_setting(center, "cases.online_files_per_material"),
        "days": center_setting(center, "cases.precheck_days"),
    }


@require_GET
def items(request, center: str):
    found = center_or_404(center[:32])
    return render(
        request,
        "cases/online_items.html",
        {"center": found, "items": online_selectors.online_items(found), **_limits(found)},
    )


def _files(request, materials) -> dict[int, list]:
    return {m.pk: request.FILES.getlist(f"m{m.pk}")[:20] for m in materials}


def _errors(exc: DomainError, lines=()) -> dict:
    """The service's field names as the form's (applicant.name -> name); a
    material's error (m<id>) goes on its line as `error`."""
    errors = {key.split(".")[-1]: value for key, value in (exc.fields or {}).items()}
    for line in lines:
        line.error = errors.get(f"m{getattr(line, 'material_id', line.pk)}", "")
    return errors


@require_http_methods(["GET", "POST"])
@throttle_public_posts
def apply(request, center: str, item: str):
    found = center_or_404(center[:32])
    try:
        it = online_selectors.online_item(found, item)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    materials = list(it.published_version.materials.all())
    post = request.POST
    context = {
        "center": found,
        "item": it,
        "v": it.published_version,
        "materials": materials,
        "form": post,
        "errors": {},
        **_limits(found),
    }
    if request.method != "POST":
        return render(request, "cases/online_apply.html", context)
    try:
        case = services.online_apply(
            center=found,
            item_code=it.code,
            applicant={
                "kind": "person",
                "name": post.get("name", "")[:100],
                "id_number": post.get("id_number", "")[:40] or None,
                "phone": post.get("phone", "")[:20],
            },
            files=_files(request, materials),
            delivery={
                "method": post.get("delivery", "window"),
                "address": post.get("address", "")[:200],
            },
        )
    except DomainError as exc:
        context.update(error=exc.message, errors=_errors(exc, materials))
        return render(request, "cases/online_apply.html", context, status=exc.status)
    return render(
        request,
        "cases/online_received.html",
        {"center": found, "case": case, "phone": mask_phone(case.phone)},
    )


@require_http_methods(["GET", "POST"])
@throttle_public_posts
def supplement(request):
    """网上补正: the number and check code first (counted like the progress
    page's), then the lines the one-time notice named, each with its uploads."""
    post = request.POST
    number = (post.get("number") or request.GET.get("number") or "")[:60].strip()
    code = (post.get("check_code") or "")[:24]
    context = {"number": number, "check_code": code, "case": None, "errors": {}}
    if request.method != "POST":
        return render(request, "cases/online_supplement.html", context)
    try:
        case = online_selectors.case_for_applicant(number, code, address=client_address(request))
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "cases/online_supplement.html", context, status=exc.status)
    wanted = [m for m in case.materials.all() if m.required and m.status != MaterialStatus.PROVIDED]
    context.update(case=case, wanted=wanted, **_limits(case.center))
    if case.status != CaseStatus.SUPPLEMENT or case.source != "online":
        context["closed"] = True
        return render(request, "cases/online_supplement.html", context)
    if post.get("step") != "upload":
        return render(request, "cases/online_supplement.html", context)
    files = {m.material_id: request.FILES.getlist(f"m{m.material_id}")[:20] for m in wanted}
    try:
        services.online_resupply(case=case, files=files)
    except DomainError as exc:
        context.update(error=exc.message, errors=_errors(exc, wanted))
        return render(request, "cases/online_supplement.html", context, status=exc.status)
    context.update(done=True, case=case)
    return render(request, "cases/online_supplement.html", context)


# --- clerks -----------------------------------------------------------------------------


def precheck_list(request, center: str):
    found = center_or_404(center[:32])
    actor, refusal = need(request, found, "case.intake")
    if refusal:
        return refusal
    context = {
        "center": found,
        "cases": online_selectors.precheck_queue(actor, found),
        "recent": online_selectors.recent_online(actor, found),
        "days": center_setting(found, "cases.precheck_days"),
    }
    return render(request, "cases/online_precheck_list.html", context)


def _detail(actor, case, **extra) -> dict:
    files = online_selectors.uploads(case)
    lines = list(case.materials.select_related("material"))
    for line in lines:
        line.files = files.get(line.pk, [])
    name = case.applicant_name
    return {
        "case": case,
        "center": case.center,
        "lines": lines,
        "to_check": online_selectors.lines_to_check(case),
        "statuses": MaterialStatus.choices,
        "applicant": name[:1] + "*" * (len(name) - 1),
        "identifier": case.applicant_id_number.masked if case.applicant_id_number else "",
        "phone": mask_phone(case.phone),
        "age": online_selectors.age(case),
        "can_read": actor.can(case.center, "case.read"),
        "waiting": case.status == CaseStatus.PRECHECK,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def precheck(request, center: str, number: str):
    found = center_or_404(center[:32])
    actor, refusal = need(request, found, "case.intake")
    if refusal:
        return refusal
    try:
        case = online_selectors.online_case(actor, found, number[:48])
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("step") == "refuse":
                services.online_refuse(actor=actor, case=case, reason=post.get("reason", "")[:2000])
            elif post.get("step") == "precheck":
                lines = online_selectors.lines_to_check(case)
                services.online_precheck(actor=actor, case=case, materials=_checklist(post, lines))
            else:
                raise Http404
        except DomainError as exc:
            case.refresh_from_db()
            context = _detail(actor, case, error=exc.message, fields=exc.fields, form=post)
            return render(request, "cases/online_precheck.html", context, status=exc.status)
        return redirect("cases:online_case", center=found.code, number=case.number)
    return render(request, "cases/online_precheck.html", _detail(actor, case))


def precheck_file(request, center: str, number: str, upload_id: int):
    """One uploaded file, as checked and stored; every read is audited (an ID
    card scan is personal data)."""
    found = center_or_404(center[:32])
    actor, refusal = need(request, found, "case.intake")
    if refusal:
        return refusal
    try:
        case = online_selectors.online_case(actor, found, number[:48])
        upload = online_selectors.upload(case, upload_id)
    except (NotFound, PermissionDenied) as exc:
        raise Http404(str(exc.message)) from exc
    audit(
        "case.upload_read",
        actor=actor,
        center=found,
        obj=upload,
        detail={"number": case.number, "upload": upload.pk},
    )
    response = HttpResponse(
        online_selectors.upload_content(upload), content_type=CONTENT_TYPES[upload.kind]
    )
    response["Content-Disposition"] = f'inline; filename="{case.number}-{upload.pk}.{upload.kind}"'
    response["Cache-Control"] = "private, no-store"
    if upload.kind != "pdf":  # (a CSP would stop the browser's own PDF viewer)
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return response
