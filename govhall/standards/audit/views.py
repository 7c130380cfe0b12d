"""audit: the self-audit page, its printable report, evidence, and the district's
side-by-side view. Thin: services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.models import District
from govhall.core.web import center_or_404, denied, need, request_actor

from ..tasks.models import UNFINISHED, RectificationTask
from ..web import date_from, owner_from, serve, staff_of
from . import report, selectors, services
from .checks import MET, NOT_APPLICABLE, NOT_MET, UNCHECKED

SHOWS = ("gaps", "all", "optional", "evidence")


def _shown(result, show: str):
    for section in result.sections:
        if show == "all":
            rows = [i for i in section.items if i.applies != "–"]
        elif show == "optional":
            rows = [i for i in section.items if i.applies == "○"]
        elif show == "evidence":
            rows = [i for i in section.items if i.requirement.check_kind == "evidence"]
            rows = [i for i in rows if i.applies != "–"]
        else:
            rows = [i for i in section.items if i.gap]
        if rows:
            yield section, rows


def _context(actor, center, *, show="gaps", error=None) -> dict:
    result = selectors.compliance(center)
    tasks = {
        t.ref: t
        for t in RectificationTask.objects.filter(
            center=center, source="audit", status__in=UNFINISHED
        )
    }
    for item in result.items:
        item.task = tasks.get(item.requirement.ref)
    return {
        "center": center,
        "result": result,
        "show": show,
        "shown": list(_shown(result, show)),
        "can_manage": actor.can(center, "standards.manage"),
        "can_confirm": actor.can(center, "standards.manage")
        or actor.can(center, "standards.review"),
        "can_review": actor.can(center, "standards.review"),
        "staff": staff_of(center) if actor.can(center, "standards.manage") else [],
        "runs": selectors.runs(center, 5),
        "open_tasks": len(tasks),
        "error": error,
        "statuses": (MET, NOT_MET, UNCHECKED, NOT_APPLICABLE),
    }


@require_GET
def audit_page(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.read")
    if refusal:
        return refusal
    show = request.GET.get("show", "gaps")
    show = show if show in SHOWS else "gaps"
    return render(request, "standards/audit.html", _context(actor, found, show=show))


def _refused(request, actor, center, exc: DomainError):
    context = _context(actor, center, show="gaps", error=exc)
    return render(request, "standards/audit.html", context, status=exc.status)


@require_POST
def audit_run(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    owner_text, due_text = request.POST.get("owner", ""), request.POST.get("due", "")
    owner, due = owner_from(found, owner_text), date_from(due_text)
    try:
        if owner_text and owner is None:
            raise ValidationFailed(
                gettext("请选择本中心的责任人"), fields={"owner": gettext("无效")}
            )
        if due_text and due is None:
            raise ValidationFailed(gettext("整改期限无效"), fields={"due": gettext("无效的日期")})
        run = services.audit_run(actor=actor, center=found, owner=owner, due=due)
    except DomainError as exc:
        return _refused(request, actor, found, exc)
    messages.success(
        request,
        gettext("自查完成：得分 %(s)s，新开整改任务 %(n)d 项。")
        % {"s": run.score, "n": run.tasks_opened},
    )
    return redirect("standards:audit", found.code)


@require_POST
def evidence_upload(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    requirement = selectors.requirement(request.POST.get("ref", ""))
    try:
        services.evidence_upload(
            actor=actor,
            center=found,
            requirement=requirement,
            file=request.FILES.get("file"),
            note=request.POST.get("note", "")[:400],
        )
    except DomainError as exc:
        return _refused(request, actor, found, exc)
    messages.success(request, gettext("佐证已上传，待确认。"))
    return redirect(f"{_audit_url(found)}?show=evidence")


def _audit_url(center) -> str:
    from django.urls import reverse

    return reverse("standards:audit", args=[center.code])


@require_POST
def evidence_confirm(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage", "standards.review")
    if refusal:
        return refusal
    try:
        evidence = selectors.evidence_for(found, pk)
    except DomainError as exc:
        raise Http404 from exc
    try:
        services.evidence_confirm(actor=actor, evidence=evidence)
    except DomainError as exc:
        return _refused(request, actor, found, exc)
    messages.success(request, gettext("佐证已确认。"))
    return redirect(f"{_audit_url(found)}?show=evidence")


@require_GET
def evidence_file(request, center: str, pk: int):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "standards.read")
    if refusal:
        return refusal
    try:
        evidence = selectors.evidence_for(found, pk)
    except DomainError as exc:
        raise Http404 from exc
    ext = evidence.file.name.rsplit(".", 1)[-1]
    return serve(evidence.file, evidence.content_type, f"evidence-{evidence.pk}.{ext}")


@require_GET
def report_pdf(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "standards.read")
    if refusal:
        return refusal
    body = report.render(selectors.compliance(found))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="audit-{found.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def district_view(request, district: str):
    """Every centre of the district side by side (the supervisor, standards.review)."""
    actor = request_actor(request)
    found = District.objects.filter(code=district[:32]).first()
    if found is None:
        raise Http404
    if not actor.is_authenticated:
        return denied(request, gettext("请先登录，或用设备令牌绑定本设备"), 401)
    centers = selectors.district_centers(actor, found)
    if not centers:
        return denied(request, gettext("只有区主管部门可以查看各中心的标准自查"), 403)
    rows = []
    for center in centers:
        result = selectors.compliance(center)
        open_tasks = RectificationTask.objects.filter(center=center, status__in=UNFINISHED)
        rows.append(
            {
                "center": center,
                "result": result,
                "open_tasks": open_tasks.count(),
                "overdue": sum(1 for t in open_tasks if t.overdue),
                "last_run": selectors.last_run(center),
                "sections": result.sections,
            }
        )
    names = [s.name for s in rows[0]["sections"]] if rows else []
    by_center = [{s.name: s for s in row["sections"]} for row in rows]
    matrix = [(name, [sections.get(name) for sections in by_center]) for name in names]
    matrix = [(n, cells) for n, cells in matrix if any(c and c.mandatory.counted for c in cells)]
    return render(
        request, "standards/district.html", {"district": found, "rows": rows, "matrix": matrix}
    )
