"""Case pages: the public progress page; intake at a window, the case page with
the steps the viewer may take, the reviewers' work list and the centre admin's
open cases. Thin: reads through selectors, changes through services."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.catalog.models import ApprovalMode
from govhall.catalog.selectors import items_at_center, published_item
from govhall.core import hooks
from govhall.core.errors import DomainError, NotFound, PermissionDenied
from govhall.core.fields import mask_phone
from govhall.core.models import Center, Department, Role, TokenKind, User
from govhall.core.throttle import client_address
from govhall.core.web import denied, qr_svg, request_actor
from govhall.hall.models import Window
from govhall.queueing.selectors import window_current_ticket

from . import selectors, services
from .models import (
    WITHDRAWABLE,
    Case,
    CaseStatus,
    Delivery,
    Extension,
    MaterialStatus,
    ParallelAnswer,
    Payer,
    Payment,
    PaymentMethod,
    PaymentOrderStatus,
    ProcedureKind,
    TerminationGround,
)


@require_http_methods(["GET", "POST"])
def progress(request):
    """Public: a case's progress by its number and check code; no personal data.
    The code is sent in the body (POST), never in a URL that browsers, proxies and
    logs keep; a notice's QR code carries the number alone (?number=)."""
    source = request.POST if request.method == "POST" else request.GET
    number = (source.get("number") or "")[:60]
    code = (request.POST.get("check_code") or "")[:24]
    context = {"number": number.strip(), "case": None, "error": None}
    status = 200
    if number and code:
        try:
            case = selectors.case_progress(number, code, address=client_address(request))
        except DomainError as exc:  # not found, or too many wrong codes
            context["error"], status = exc.message, exc.status
        else:
            context["case"], context["timeline"] = case, selectors.public_timeline(case)
            context["evaluation"] = hooks.first("rating.open", case=case)
    return render(request, "cases/progress.html", context, status=status)


# --- staff pages -----------------------------------------------------------------------


def _actor(request):
    actor = request_actor(request)
    if not actor.is_authenticated:
        return None, denied(request, gettext("请先登录，或用设备令牌绑定本设备"), 401)
    return actor, None


def _center(code: str) -> Center:
    try:
        return selectors.center_for(code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _case(actor, number: str) -> Case:
    try:
        return selectors.case_for_actor(actor, number)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _checklist(post, lines) -> list[dict]:
    """Form fields m<pk>_status / m<pk>_note, one per line: a guide Material at
    intake, a CaseMaterial line afterwards (which names its material)."""
    return [
        {
            "material": getattr(line, "material_id", line.pk),
            "status": post.get(f"m{line.pk}_status", ""),
            "note": post.get(f"m{line.pk}_note", "")[:300],
        }
        for line in lines
    ]


def _with_posted(materials: list, post) -> list:
    """Each material with what the clerk chose for it before an error sent the
    form back: a status is never defaulted, so a re-submitted form cannot accept
    an incomplete file unseen."""
    for m in materials:
        m.posted_status = post.get(f"m{m.pk}_status", "")
        m.posted_note = post.get(f"m{m.pk}_note", "")[:300]
    return materials


def window_intake(request, code: str):
    """前台综合受理 at a window: the item, the applicant, the checklist of the
    item's published materials, and the outcome."""
    if "\x00" in code:
        raise Http404
    window = Window.objects.select_related("center").filter(code=code[:32]).first()
    if window is None:
        raise Http404
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    try:
        actor.require(window.center, "case.intake")
        if actor.kind == TokenKind.WINDOW and actor.window_id != window.pk:
            raise PermissionDenied(gettext("窗口令牌只能操作本窗口"))
    except PermissionDenied as exc:
        return denied(request, exc.message, 403)
    ticket = window_current_ticket(window)
    item_code = (request.POST.get("item") or request.GET.get("item") or "")[:40]
    if not item_code and ticket is not None and ticket.item is not None:
        item_code = ticket.item.code
    item = None
    if item_code:
        try:
            item = published_item(item_code)
        except NotFound:
            item = None
    context = {
        "window": window,
        "ticket": ticket,
        "items": items_at_center(window.center),
        "item": item,
        "materials": _with_posted(
            list(item.published_version.materials.all()) if item else [], request.POST
        ),
        "statuses": MaterialStatus.choices,
        "form": request.POST,
        "commit_mode": bool(
            item and item.published_version.approval_mode == ApprovalMode.NOTIFY_COMMIT
        ),
    }
    if request.method != "POST" or item is None:
        return render(request, "cases/intake.html", context)
    post = request.POST
    refusing = post.get("outcome") == "refuse"
    try:
        case = services.case_intake(
            actor=actor,
            center=window.center,
            item_code=item.code,
            ticket_id=ticket.pk if ticket and post.get("use_ticket") else None,
            applicant={
                "kind": post.get("kind", ""),
                "name": post.get("name", "")[:100],
                "id_number": post.get("id_number", "")[:40] or None,
                "credit_code": post.get("credit_code", "")[:40] or None,
                "phone": post.get("phone", "")[:20],
            },
            materials=[] if refusing else _checklist(post, context["materials"]),
            proxy={"name": post["proxy_name"][:100], "id_number": post.get("proxy_id", "")[:40]}
            if post.get("proxy_name")
            else None,
            delivery={
                "method": post.get("delivery", "window"),
                "address": post.get("address", "")[:200],
            },
            refusal_reason=post.get("refusal_reason", "")[:2000] if refusing else "",
            commitment=bool(post.get("commitment")) and not refusing,
        )
    except DomainError as exc:
        context.update(error=exc.message, fields=exc.fields)
        return render(request, "cases/intake.html", context, status=exc.status)
    return redirect("cases:case", number=case.number)


def _viewer(actor, case: Case) -> dict:
    """What the viewer may do on the case page."""
    is_clerk = actor.can(case.center, "case.intake")
    is_lead = services.is_reviewer(actor, case.center, case.department)
    ext = Extension.objects.filter(case=case).first()
    own_tasks = [
        t
        for t in case.parallel_tasks.select_related("department")
        if not t.answer and services.is_reviewer(actor, case.center, t.department)
    ]
    status = case.status
    delivered = Delivery.objects.filter(case=case).exists()
    can_approve = bool(
        ext
        and ext.approved_at is None
        and actor.user is not None
        and ext.requested_by_id != actor.user.pk
        and (is_lead or actor.can(case.center, "case.oversee"))
    )
    withdrawable = status in WITHDRAWABLE
    false_promise_open = case.approval_mode == "notify_commit" and status in (
        CaseStatus.COMMITTED,
        CaseStatus.DECIDED,
        CaseStatus.COMPLETED,
    )
    can_terminate = (is_clerk or is_lead) and (withdrawable or false_promise_open)
    grounds = [
        (value, label)
        for value, label in TerminationGround.choices
        if (value == TerminationGround.FALSE_PROMISE) == false_promise_open
    ]
    has_actions = (
        (is_clerk and withdrawable)
        or can_terminate
        or (is_clerk and status in (CaseStatus.SUPPLEMENT, CaseStatus.COMMITTED))
        or (is_clerk and not delivered and status == CaseStatus.DECIDED)
        or (is_lead and status in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED))
        or can_approve
        or bool(own_tasks)
    )
    return {
        "is_clerk": is_clerk,
        "is_lead": is_lead,
        "delivered": delivered,
        "has_actions": has_actions,
        "fee_standard": case.version.fee_amounts,
        "fee_payable": is_clerk and bool(case.version.fee_amounts) and status in services.PAYABLE,
        "fee_outstanding": services.outstanding(case),
        "fee_paid": services.paid_total(case),
        "payments": case.payments.select_related("window", "received_by"),
        # Online payment codes (issue 13): the latest few, newest first.
        "payment_orders": case.payment_orders.order_by("-created_at", "-id")[:5],
        **_pending_order(case),
        "payment_methods": PaymentMethod.choices,
        "payers": Payer.choices,
        "withdrawable": withdrawable,
        "can_terminate": can_terminate,
        "termination_grounds": grounds,
        "certificate_overdue": bool(
            case.certificate_due
            and not delivered
            and case.status in (CaseStatus.DECIDED, CaseStatus.COMMITTED)
            and timezone.localdate() > case.certificate_due
        ),
        "extension": ext,
        "can_approve_extension": can_approve,
        "own_tasks": own_tasks,
    }


def _pending_order(case: Case) -> dict:
    order = case.payment_orders.filter(status=PaymentOrderStatus.PENDING).first()
    code = order and (order.instructions.get("pay_url") or order.instructions.get("qr_text"))
    return {"pending_order": order, "pending_qr": qr_svg(code) if code else ""}


def _case_context(actor, case: Case, **extra) -> dict:
    outstanding = [
        m for m in case.materials.all() if m.required and m.status != MaterialStatus.PROVIDED
    ]
    name = case.applicant_name
    return {
        "case": case,
        "applicant": name if case.applicant_kind == "company" else name[:1] + "*" * (len(name) - 1),
        "identifier": case.credit_code
        or (case.applicant_id_number.masked if case.applicant_id_number else ""),
        "phone": mask_phone(case.phone),
        "clock": selectors.clock(case),
        "materials": case.materials.all(),
        "outstanding": outstanding,
        "statuses": MaterialStatus.choices,
        "procedures": ProcedureKind.choices,
        "answers": [c for c in ParallelAnswer.choices if c[0]],
        "tasks": case.parallel_tasks.select_related("department", "answered_by"),
        "opinions": case.opinions.select_related("author", "department"),
        "timeline": case.steps.select_related("department"),
        "documents": case.documents.order_by("created_at", "id").only("pk", "kind", "created_at"),
        "department_staff": User.objects.filter(
            memberships__role=Role.REVIEWER,
            memberships__center=case.center,
            memberships__department=case.department,
        ).distinct(),
        "status": CaseStatus,
        # Taken through by a 代办 (assist answers; cases never imports it).
        "assist": hooks.first("case.assist", case=case),
        **_viewer(actor, case),
        **extra,
    }


def case_page(request, number: str):
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    case = _case(actor, number[:48])
    return render(request, "cases/case.html", _case_context(actor, case))


def _steps(actor, case: Case, post) -> None:
    step = post.get("step", "")
    if step == "supplement":
        services.case_supplement(actor=actor, case=case, materials=_checklist(post, _lines(case)))
    elif step == "commitment":
        services.case_commitment_fulfil(
            actor=actor, case=case, materials=_checklist(post, _lines(case))
        )
    elif step == "refuse":
        services.case_refuse(actor=actor, case=case, reason=post.get("reason", "")[:2000])
    elif step == "opinion":
        services.case_opinion(actor=actor, case=case, text=post.get("opinion", "")[:2000])
    elif step == "decide":
        services.case_decide(
            actor=actor,
            case=case,
            decision=post.get("decision", ""),
            opinion=post.get("opinion", "")[:2000],
        )
    elif step == "suspend":
        services.case_suspend(
            actor=actor,
            case=case,
            kind=post.get("kind", ""),
            reason=post.get("reason", "")[:2000],
            expected_days=_int(post.get("expected_days")),
        )
    elif step == "resume":
        services.case_resume(actor=actor, case=case)
    elif step == "extension":
        services.case_extension_request(
            actor=actor, case=case, reason=post.get("reason", "")[:2000]
        )
    elif step == "extension_approve":
        services.case_extension_approve(actor=actor, case=case)
    elif step == "inspect":
        ids = [i for i in post.getlist("inspectors") if i.isdigit()][:10]
        try:
            inspected_on = dt.date.fromisoformat(post.get("inspected_on", ""))
        except ValueError:
            inspected_on = None
        services.case_inspect(
            actor=actor,
            case=case,
            inspectors=list(User.objects.filter(pk__in=ids)),
            findings=post.get("findings", "")[:2000],
            inspected_on=inspected_on,
        )
    elif step == "answer":
        department = Department.objects.filter(pk=_int(post.get("department"))).first()
        if department is None:
            raise NotFound(gettext("部门不存在"))
        services.parallel_answer(
            actor=actor,
            case=case,
            department=department,
            answer=post.get("answer", ""),
            reason=post.get("reason", "")[:2000],
        )
    elif step == "fee_assess":
        services.case_fee_assess(actor=actor, case=case, amount=post.get("amount", "")[:20])
    elif step == "pay":
        services.case_payment_record(
            actor=actor,
            case=case,
            amount=post.get("amount", "")[:20],
            method=post.get("method", ""),
            payer=post.get("payer", ""),
        )
    elif step == "pay_online":
        services.payment_order_create(actor=actor, case=case)
    elif step == "pay_online_cancel":
        order = case.payment_orders.filter(pk=_int(post.get("order"))).first()
        if order is None:
            raise NotFound(gettext("缴费订单不存在"))
        services.payment_order_cancel(actor=actor, order=order)
    elif step == "refund":
        payment = Payment.objects.filter(case=case, pk=_int(post.get("payment"))).first()
        if payment is None:
            raise NotFound(gettext("缴费记录不存在"))
        services.case_payment_refund(
            actor=actor, payment=payment, reason=post.get("reason", "")[:2000]
        )
    elif step == "withdraw":
        services.case_withdraw(actor=actor, case=case, reason=post.get("reason", "")[:2000])
    elif step == "terminate":
        services.case_terminate(
            actor=actor,
            case=case,
            ground=post.get("ground", ""),
            reason=post.get("reason", "")[:2000],
        )
    elif step == "deliver":
        services.case_deliver(
            actor=actor,
            case=case,
            collector_name=post.get("collector_name", "")[:100],
            collector_id_number=post.get("collector_id_number", "")[:40],
            signature=post.get("signature", "")[:200_000],
            entrusted=bool(post.get("entrusted")),
            tracking_number=post.get("tracking_number", "")[:40],
        )
    else:
        raise Http404


def _lines(case: Case):
    return [m for m in case.materials.all() if m.required and m.status != MaterialStatus.PROVIDED]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def case_action(request, number: str):
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    case = _case(actor, number[:48])
    try:
        _steps(actor, case, request.POST)
    except DomainError as exc:
        case.refresh_from_db()
        context = _case_context(actor, case, error=exc.message, fields=exc.fields)
        return render(request, "cases/case.html", context, status=exc.status)
    return redirect("cases:case", number=case.number)


def case_document(request, number: str, document_id: int):
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    case = _case(actor, number[:48])
    try:
        doc = services.case_document_open(actor=actor, case=case, document_id=document_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    response = HttpResponse(bytes(doc.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}-{doc.kind}.pdf"'
    return response


def worklist(request, center: str):
    """A reviewer's cases at a centre, nearest due date first, with warnings."""
    found = _center(center)
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    try:
        cases = selectors.reviewer_worklist(actor, found)
    except PermissionDenied as exc:
        return denied(request, exc.message, 403)
    return render(
        request,
        "cases/worklist.html",
        {"center": found, "cases": cases, "title": gettext("待审批办件"), "mine": True},
    )


def open_cases(request, center: str):
    """The centre admin's view: every open case and its clock."""
    found = _center(center)
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    try:
        cases = selectors.open_cases(actor, found)
    except PermissionDenied as exc:
        return denied(request, exc.message, 403)
    return render(
        request,
        "cases/worklist.html",
        {"center": found, "cases": cases, "title": gettext("在办办件"), "mine": False},
    )
