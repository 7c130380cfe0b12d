"""The assist pages (thin: they call services and selectors).

- the desk (帮办代办台): take a request, the open requests with their clocks;
- a request: its steps by kind and state, the 代办 papers;
- the team: members with their skills and load, the departments' coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.cases.models import Document, MaterialStatus
from govhall.catalog.models import ServiceItem
from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.events import audit
from govhall.core.fields import mask_phone
from govhall.core.models import Department
from govhall.core.web import center_or_404, need

from . import selectors, services
from .forms import MemberForm, RequestForm
from .models import Coordinator, HandoverKind, Kind, Status, TeamMember


def _items(center):
    return (
        ServiceItem.objects.filter(
            stationings__center=center,
            stationings__active=True,
            published_version__isnull=False,
        )
        .distinct()
        .select_related("published_version")
        .order_by("code")
    )


def _fail_form(form, exc: DomainError) -> None:
    for field, message in exc.fields.items():
        form.add_error(field if field in form.fields else None, message)
    if not exc.fields:
        form.add_error(None, exc.message)


@require_http_methods(["GET", "POST"])
def desk(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "assist.request")
    if refusal:
        return refusal
    form = RequestForm(request.POST or None, items=_items(found))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.request_create(
                    actor=actor,
                    center=found,
                    kind=data["kind"],
                    id_number=data["id_number"] or None,
                    phone=data["phone"] or None,
                    item_code=data["item"] or None,
                    name=data["name"],
                    language=data["language"],
                    note=data["note"],
                )
            except DomainError as exc:
                _fail_form(form, exc)
                status = exc.status
            else:
                who = created.assigned_to.name if created.assigned_to else gettext("待分派")
                messages.success(
                    request,
                    gettext("已登记 %(number)s（%(kind)s），服务人员：%(who)s")
                    % {"number": created.number, "kind": created.get_kind_display(), "who": who},
                )
                return HttpResponseRedirect(reverse("assist:desk", args=[found.code]))
        else:
            status = 422
    context = {"center": found, "form": form, "staff": actor.is_staff_user}
    if actor.is_staff_user:  # a paired kiosk posts requests, it reads none
        context.update(
            open=list(selectors.open_requests(found)),
            mine={r.pk for r in selectors.mine(actor, found)},
            done=list(selectors.closed_today(found, timezone.localdate())[:30]),
            can_work=actor.can(found, "assist.work"),
        )
    return render(request, "assist/desk.html", context, status=status)


def _materials(req):
    if req.item is None or req.item.published_version is None:
        return []
    rows = []
    wanted = set(services.outstanding(req)) if req.status == Status.AWAITING_MATERIALS else None
    for m in req.item.published_version.materials.all():
        state = req.checklist.get(str(m.pk))
        rows.append(
            {
                "m": m,
                "status": state[0] if state else "",
                "label": MaterialStatus(state[0]).label if state else "",
                "note": state[1] if state else "",
                "recheck": wanted is None or m.pk in wanted,
            }
        )
    return rows


def _detail_context(actor, req, **extra):
    center = req.center
    return {
        "center": center,
        "r": req,
        "id_masked": req.id_number.masked if req.id_number else "",
        "phone_masked": mask_phone(req.phone) if req.phone else "",
        "materials": _materials(req),
        "statuses": MaterialStatus.choices,
        "items": _items(center) if req.kind == Kind.DAIBAN and req.item is None else [],
        "handovers": {h.kind: h for h in req.handovers.all()},
        "entrustment": getattr(req, "entrustment", None),
        "payments": list(req.payments.all()),
        "case_documents": list(req.case.documents.order_by("created_at", "id")) if req.case else [],
        "candidates": selectors.candidates(center, req.kind, req.language),
        "coordinators": selectors.coordinator_for(req),
        "can_work": actor.can(center, "assist.work"),
        "can_manage": selectors.manages(actor, req, center),
        "can_cancel": actor.can(center, "assist.request") or actor.can(center, "assist.work"),
        "is_daiban": req.kind == Kind.DAIBAN,
        "HANDOVER_RETURN": HandoverKind.RETURN,
        "HANDOVER_INTAKE": HandoverKind.INTAKE,
        **extra,
    }


def detail(request, center: str, number: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "assist.request", "assist.manage")
    if refusal:
        return refusal
    if not actor.is_staff_user:
        raise Http404("staff only")
    req = selectors.request_by_number(found, number)
    return render(request, "assist/request.html", _detail_context(actor, req))


def _checklist(post, rows) -> list[dict]:
    out = []
    for row in rows:
        if not row["recheck"]:
            continue
        pk = row["m"].pk
        status = post.get(f"m{pk}_status", "")
        out.append({"material": pk, "status": status, "note": post.get(f"m{pk}_note", "")[:300]})
    return out


def _act(actor, req, post) -> str:
    step = post.get("step", "")
    if step == "assign":
        member = TeamMember.objects.filter(center=req.center, pk=_int(post.get("member"))).first()
        if member is None:
            raise ValidationFailed(gettext("请选择服务人员"), fields={"member": gettext("必填")})
        services.request_assign(actor=actor, request=req, member=member)
        return gettext("已分派给 %(name)s。") % {"name": member.name}
    if step == "item":
        services.request_set_item(actor=actor, request=req, item_code=post.get("item", "")[:40])
        return gettext("已确定代办事项，请逐项审查材料。")
    if step == "start":
        services.request_start(actor=actor, request=req)
        return gettext("已开始服务。")
    if step == "finish":
        services.request_finish(actor=actor, request=req, outcome=post.get("outcome", "")[:600])
        return gettext("服务已完成。")
    if step == "cancel":
        services.request_cancel(actor=actor, request=req, reason=post.get("reason", "")[:300])
        return gettext("已取消。")
    if step == "check":
        done = services.daiban_check(
            actor=actor,
            request=req,
            materials=_checklist(post, _materials(req)),
            name=post.get("name", "")[:60],
            id_number=post.get("id_number", "")[:40],
            phone=post.get("phone", "")[:20],
            item_code=post.get("item", "")[:40],
        )
        if done.status == Status.AWAITING_MATERIALS:
            return gettext("材料不齐全，已出具一次性告知单。")
        return gettext("材料齐全，请办理材料交接并签订委托协议。")
    if step == "entrust":
        services.daiban_entrust(actor=actor, request=req, signature=post.get("signature", ""))
        return gettext("材料已交接，委托协议已签订。")
    if step == "submit":
        done = services.daiban_submit(actor=actor, request=req)
        return gettext("已递交办件 %(number)s。") % {"number": done.case.number}
    if step == "return":
        items = [line.strip() for line in post.get("items", "")[:3000].splitlines()]
        services.daiban_return(
            actor=actor,
            request=req,
            items=[i for i in items if i],
            note=post.get("note", "")[:400],
            signature=post.get("signature", ""),
        )
        return gettext("已办结交接。")
    if step == "payment":
        services.payment_record(
            actor=actor,
            request=req,
            amount=post.get("amount", "")[:20],
            purpose=post.get("purpose", "")[:120],
            receipt_number=post.get("receipt_number", "")[:60],
            signature=post.get("signature", ""),
        )
        return gettext("代缴费用已登记。")
    raise ValidationFailed(gettext("未知的操作"), fields={"step": gettext("取值无效")})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def act(request, center: str, number: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "assist.request", "assist.manage")
    if refusal:
        return refusal
    if not actor.is_staff_user:
        raise Http404("staff only")
    req = selectors.request_by_number(found, number)
    try:
        done = _act(actor, req, request.POST)
    except DomainError as exc:
        req.refresh_from_db()
        context = _detail_context(
            actor,
            req,
            error=exc.message,
            fields=exc.fields,
            step=request.POST.get("step", ""),
            posted=request.POST,
        )
        return render(request, "assist/request.html", context, status=exc.status)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("assist:request", args=[found.code, req.number]))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def paper(request, center: str, number: str, kind: str):
    """The entrustment agreement or a hand-over record (they name the person:
    every read is audited)."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "assist.work")
    if refusal:
        return refusal
    req = selectors.request_by_number(found, number)
    if kind == "entrustment":
        record = getattr(req, "entrustment", None)
    elif kind in HandoverKind.values:
        record = req.handovers.filter(kind=kind).first()
    else:
        record = None
    if record is None:
        raise Http404("no such paper")
    audit("assist.paper_read", actor=actor, center=found, obj=req, detail={"paper": kind})
    return _pdf(record.document, f"{req.number}-{kind}.pdf")


def case_document(request, center: str, number: str, document_id: int):
    """The notice of the linked case (the one-time notice the check issued)."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "assist.work")
    if refusal:
        return refusal
    req = selectors.request_by_number(found, number)
    doc = Document.objects.filter(case=req.case_id, pk=document_id).first() if req.case_id else None
    if doc is None:
        raise Http404("no such document")
    audit(
        "case.document_read",
        actor=actor,
        center=found,
        obj=doc,
        detail={"number": req.case.number, "kind": doc.kind, "via": req.number},
    )
    return _pdf(doc.content, f"{req.case.number}-{doc.kind}.pdf")


@require_http_methods(["GET", "POST"])
def team(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "assist.manage")
    if refusal:
        return refusal
    staff = selectors.centre_staff(found)
    form = MemberForm(None, staff=staff, initial={"active": True})
    status, error = 200, None
    editing = None
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op == "member":
                editing = TeamMember.objects.filter(
                    center=found, pk=_int(request.POST.get("member"))
                ).first()
                form = MemberForm(request.POST, staff=staff)
                if not form.is_valid():
                    status = 422
                else:
                    data = form.cleaned_data
                    services.member_save(
                        actor=actor,
                        center=found,
                        member=editing,
                        kind=data["kind"],
                        user=data["user"],
                        name=data["name"],
                        skills=list(data["skills"]),
                        languages=data["languages"],
                        dialects=data["dialects"],
                        active=data["active"],
                        note=data["note"],
                    )
                    messages.success(request, gettext("队员信息已保存。"))
                    return HttpResponseRedirect(reverse("assist:team", args=[found.code]))
            elif op == "coordinator":
                department = Department.objects.filter(
                    pk=_int(request.POST.get("department")), district=found.district_id
                ).first()
                user = staff.filter(pk=_int(request.POST.get("user"))).first()
                if department is None or user is None:
                    status, error = 422, gettext("请选择部门和协调人")
                else:
                    services.coordinator_name(
                        actor=actor, center=found, department=department, user=user
                    )
                    messages.success(request, gettext("已确定部门协调人。"))
                    return HttpResponseRedirect(reverse("assist:team", args=[found.code]))
            elif op == "coordinator_remove":
                found_c = Coordinator.objects.filter(
                    center=found, pk=_int(request.POST.get("coordinator"))
                ).first()
                if found_c is None:
                    status, error = 404, gettext("协调人不存在")
                else:
                    services.coordinator_remove(actor=actor, coordinator=found_c)
                    messages.success(request, gettext("已撤销部门协调人。"))
                    return HttpResponseRedirect(reverse("assist:team", args=[found.code]))
            else:
                status, error = 422, gettext("未知的操作")
        except DomainError as exc:
            status = exc.status
            if op == "member":
                _fail_form(form, exc)
            else:
                error = exc.message
    departments = Department.objects.filter(district=found.district_id).order_by("code")
    context = {
        "center": found,
        "members": list(selectors.team(found)),
        "coordinators": list(selectors.coordinators(found)),
        "departments": departments,
        "staff": staff,
        "form": form,
        "editing": editing,
        "error": error,
        "full": selectors.manages(actor, None, found),
        # A department's coordinator (A.1.5): the open requests of its items.
        "department_requests": list(
            selectors.open_requests(found).filter(department__in=actor.departments)
        ),
    }
    return render(request, "assist/team.html", context, status=status)


KIOSK_KINDS = [
    Kind.BANGBAN,
    Kind.PEIBAN,
    Kind.SIGN_LANGUAGE,
    Kind.FOREIGN_LANGUAGE,
    Kind.WRITTEN,
    Kind.DIALECT,
]


@require_http_methods(["GET", "POST"])
def kiosk(request, center: str):
    """The kiosk's "需要帮办": one press (an ID card number optional: the
    elderly are served first) and the team is told; no phone, no account."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "assist.request")
    if refusal:
        return refusal
    context = {"center": found, "kinds": [(k, Kind(k).label) for k in KIOSK_KINDS]}
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind", "")[:20]
        try:
            if kind not in KIOSK_KINDS:
                raise ValidationFailed(gettext("请选择服务类别"), fields={"kind": gettext("必填")})
            context["done"] = services.request_create(
                actor=actor,
                center=found,
                kind=kind,
                id_number=request.POST.get("id_number", "")[:40] or None,
            )
        except DomainError as exc:
            context["error"], status = exc.fields.get("id_number") or exc.message, exc.status
    return render(request, "assist/kiosk.html", context, status=status)
