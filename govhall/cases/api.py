"""Case endpoints: the three of API.md ("Cases") exactly as written, and the
rest of the case's life for window terminals and back-office clients. Thin:
every change is a service call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core import hooks
from govhall.core.auth import Needs
from govhall.core.errors import NotFound
from govhall.core.fields import mask_phone
from govhall.core.links import absolute_url
from govhall.core.models import Department, User
from govhall.core.names import NameStr
from govhall.core.throttle import client_address

from . import selectors, services
from .models import Case, DocumentKind, ProcedureKind

router = Router(tags=["cases"])


class ApplicantIn(Schema):
    kind: Literal["person", "company"]
    name: NameStr = Field(min_length=1, max_length=100)
    id_number: str | None = Field(None, max_length=40)
    credit_code: str | None = Field(None, max_length=40)
    phone: str = Field(min_length=1, max_length=20)


class MaterialIn(Schema):
    # The material's id in the published guide, or its exact name there.
    material: int | str = Field(union_mode="smart")
    status: Literal["provided", "missing", "wrong"]
    note: str = Field("", max_length=300)


class ProxyIn(Schema):
    name: NameStr = Field(min_length=1, max_length=100)
    id_number: str = Field(min_length=1, max_length=40)


class DeliveryIn(Schema):
    method: Literal["window", "post"] = "window"
    address: str = Field("", max_length=200)


class CaseIn(Schema):
    center: str = Field(min_length=1, max_length=32)
    item: str = Field(min_length=1, max_length=40)
    ticket: int | None = None
    applicant: ApplicantIn
    materials: list[MaterialIn] = Field(default_factory=list, max_length=200)
    proxy: ProxyIn | None = None
    delivery: DeliveryIn | None = None
    refusal_reason: str = Field("", max_length=2000)
    commitment: bool = False


class DocumentOut(Schema):
    kind: str
    name: str
    url: str


class CaseOut(Schema):
    number: str
    status: str
    committed_date: dt.date | None
    committed_date_provisional: bool  # counted on weekdays alone: shown 预计
    check_code: str
    decision: str
    documents: list[DocumentOut]
    # Licensing Law art. 32: an online application unanswered within the days.
    deemed_accepted: bool = False


def document_url(case: Case, doc_id: int) -> str:
    path = reverse("api-v1:case_document", kwargs={"number": case.number, "document_id": doc_id})
    return absolute_url(path)


def case_out(case: Case) -> dict:
    return {
        "number": case.number,
        "status": case.status,
        "committed_date": case.due_date,
        "committed_date_provisional": case.due_date_provisional,
        "check_code": case.check_code,
        "decision": case.decision,
        "deemed_accepted": case.deemed_accepted,
        "documents": [
            {"kind": kind, "name": str(DocumentKind(kind).label), "url": document_url(case, pk)}
            for pk, kind in case.documents.order_by("created_at", "id").values_list("pk", "kind")
        ],
    }


@router.post(
    "/cases", response={201: CaseOut}, auth=Needs("case.intake"), summary="前台综合受理（收件）"
)
def intake(request, payload: CaseIn):
    case = services.case_intake(
        actor=request.auth,
        center=selectors.center_for(payload.center),
        item_code=payload.item,
        ticket_id=payload.ticket,
        applicant=payload.applicant.dict(),
        materials=[m.dict() for m in payload.materials],
        proxy=payload.proxy.dict() if payload.proxy else None,
        delivery=payload.delivery.dict() if payload.delivery else None,
        refusal_reason=payload.refusal_reason,
        commitment=payload.commitment,
    )
    return Status(201, case_out(case))


class DecisionIn(Schema):
    decision: Literal["approve", "reject"]
    opinion: str = Field("", max_length=2000)


def _case(request, number: str) -> Case:
    return selectors.case_for_actor(request.auth, number)


@router.post(
    "/cases/{number}/decision",
    response=CaseOut,
    auth=Needs("case.review"),
    summary="审批决定（承办部门）",
)
def decide(request, number: str, payload: DecisionIn):
    case = services.case_decide(
        actor=request.auth,
        case=_case(request, number),
        decision=payload.decision,
        opinion=payload.opinion,
    )
    return case_out(case)


class StepOut(Schema):
    step: str
    label: str
    at: dt.datetime


class ProgressOut(Schema):
    number: str
    item: str
    status: str
    status_name: str
    committed_date: dt.date | None
    committed_date_provisional: bool
    timeline: list[StepOut]
    deemed_accepted: bool = False


def _progress_out(case: Case) -> dict:
    return {
        "number": case.number,
        "item": case.item_name,
        "status": case.status,
        "status_name": str(case.get_status_display()),
        "committed_date": case.due_date,
        "committed_date_provisional": case.due_date_provisional,
        "timeline": selectors.public_timeline(case),
        "deemed_accepted": case.deemed_accepted,
    }


@router.get(
    "/cases/progress/{number}", response=ProgressOut, summary="凭办件编号和查询码查询进度（公开）"
)
def progress(request, number: str, check_code: str = ""):
    """API.md's lookup; the check code in the query string. Clients that can
    should POST /cases/progress instead, so the code stays out of URLs and logs."""
    return _progress_out(
        selectors.case_progress(number, check_code, address=client_address(request))
    )


class ProgressIn(Schema):
    number: str = Field(min_length=1, max_length=60)
    check_code: str = Field(min_length=1, max_length=24)


@router.post(
    "/cases/progress",
    response=ProgressOut,
    summary="凭办件编号和查询码查询进度（公开，查询码在请求体中）",
)
def progress_by_body(request, payload: ProgressIn):
    return _progress_out(
        selectors.case_progress(payload.number, payload.check_code, address=client_address(request))
    )


# --- the rest of the case's life ----------------------------------------------------------


class CaseMaterialOut(Schema):
    material: int
    name: str
    required: bool
    status: str
    note: str


class ParallelOut(Schema):
    department: str
    department_name: str
    answer: str
    reason: str
    due_date: dt.date | None
    due_date_provisional: bool


class CaseDetailOut(CaseOut):
    center: str
    item: str
    item_name: str
    approval_mode: str
    department: str
    applicant_kind: str
    applicant: str
    applicant_identifier: str
    phone: str
    delivery_method: str
    received_at: dt.datetime
    accepted_on: dt.date | None
    due_date: dt.date | None
    due_date_provisional: bool
    days_left: int | None
    warning: str
    commitment_due: dt.date | None
    commitment_due_provisional: bool
    decision: str
    decision_number: str
    certificate_due: dt.date | None
    certificate_due_provisional: bool
    ended_reason: str
    termination_ground: str
    fee_standard: list[dict]
    fee_due: Decimal | None
    fee_paid: Decimal
    fee_outstanding: Decimal
    materials: list[CaseMaterialOut]
    parallel: list[ParallelOut]
    timeline: list[StepOut]
    # {kind, kind_label, number, assistant} when a 代办 took the case through
    # (core.hooks "case.assist", answered by assist); else null.
    assist: dict | None = None


def case_detail(case: Case) -> dict:
    """Staff view: personal data masked (the full ID number only through the
    audited reveal)."""
    name = case.applicant_name
    masked_name = name if case.applicant_kind == "company" else name[:1] + "*" * (len(name) - 1)
    identifier = case.credit_code or (
        case.applicant_id_number.masked if case.applicant_id_number else ""
    )
    return {
        **case_out(case),
        "center": case.center.code,
        "item": case.item.code,
        "item_name": case.item_name,
        "approval_mode": case.approval_mode,
        "department": case.department.code,
        "applicant_kind": case.applicant_kind,
        "applicant": masked_name,
        "applicant_identifier": identifier,
        "phone": mask_phone(case.phone),
        "delivery_method": case.delivery_method,
        "received_at": case.received_at,
        "accepted_on": case.accepted_on,
        "due_date": case.due_date,
        "due_date_provisional": case.due_date_provisional,
        "days_left": selectors.clock(case)["days_left"],
        "warning": case.warning,
        "commitment_due": case.commitment_due,
        "commitment_due_provisional": case.commitment_due_provisional,
        "decision": case.decision,
        "decision_number": case.decision_number,
        "certificate_due": case.certificate_due,
        "certificate_due_provisional": case.certificate_due_provisional,
        "ended_reason": case.ended_reason,
        "termination_ground": case.termination_ground,
        "fee_standard": case.version.fee_amounts,
        "fee_due": case.fee_due,
        "fee_paid": services.paid_total(case),
        "fee_outstanding": services.outstanding(case),
        "materials": [
            {
                "material": m.material_id,
                "name": m.name,
                "required": m.required,
                "status": m.status,
                "note": m.note,
            }
            for m in case.materials.all()
        ],
        "parallel": [
            {
                "department": t.department.code,
                "department_name": t.department.name,
                "answer": t.answer,
                "reason": t.reason,
                "due_date": t.due_date,
                "due_date_provisional": t.due_date_provisional,
            }
            for t in case.parallel_tasks.select_related("department")
        ],
        "timeline": selectors.public_timeline(case),
        "assist": hooks.first("case.assist", case=case),
    }


@router.get(
    "/cases/{number}",
    response=CaseDetailOut,
    auth=Needs("case.read", "case.read.department", "case.read.window"),
    summary="办件详情",
)
def detail(request, number: str):
    return case_detail(_case(request, number))


PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


@router.get(
    "/cases/{number}/documents/{document_id}",
    auth=Needs("case.read", "case.read.department", "case.read.window"),
    url_name="case_document",
    summary="文书（PDF）",
    openapi_extra={"responses": {200: {"description": "OK", "content": PDF}}},
)
def document(request, number: str, document_id: int):
    case = _case(request, number)
    doc = services.case_document_open(actor=request.auth, case=case, document_id=document_id)
    response = HttpResponse(bytes(doc.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}-{doc.kind}.pdf"'
    return response


class ChecklistIn(Schema):
    materials: list[MaterialIn] = Field(max_length=200)


@router.post(
    "/cases/{number}/supplement", response=CaseDetailOut, auth=Needs("case.intake"), summary="补正"
)
def supplement(request, number: str, payload: ChecklistIn):
    case = services.case_supplement(
        actor=request.auth,
        case=_case(request, number),
        materials=[m.dict() for m in payload.materials],
    )
    return case_detail(case)


@router.post(
    "/cases/{number}/commitment",
    response=CaseDetailOut,
    auth=Needs("case.intake"),
    summary="补交承诺材料",
)
def commitment(request, number: str, payload: ChecklistIn):
    case = services.case_commitment_fulfil(
        actor=request.auth,
        case=_case(request, number),
        materials=[m.dict() for m in payload.materials],
    )
    return case_detail(case)


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


@router.post(
    "/cases/{number}/refuse", response=CaseDetailOut, auth=Needs("case.intake"), summary="不予受理"
)
def refuse(request, number: str, payload: ReasonIn):
    case = services.case_refuse(
        actor=request.auth, case=_case(request, number), reason=payload.reason
    )
    return case_detail(case)


@router.post(
    "/cases/{number}/withdraw",
    response=CaseDetailOut,
    auth=Needs("case.intake"),
    summary="申请人撤回申请（决定作出前，窗口受理）",
)
def withdraw(request, number: str, payload: ReasonIn):
    case = services.case_withdraw(
        actor=request.auth, case=_case(request, number), reason=payload.reason
    )
    return case_detail(case)


class TerminateIn(Schema):
    ground: Literal["applicant_died", "applicant_dissolved", "false_promise"]
    reason: str = Field(min_length=1, max_length=2000)


@router.post(
    "/cases/{number}/terminate",
    response=CaseDetailOut,
    auth=Needs("case.intake", "case.review"),
    summary="终止办理（申请人死亡、单位终止），或告知承诺不实撤销决定",
)
def terminate(request, number: str, payload: TerminateIn):
    case = services.case_terminate(
        actor=request.auth,
        case=_case(request, number),
        ground=payload.ground,
        reason=payload.reason,
    )
    return case_detail(case)


class PaymentIn(Schema):
    amount: Decimal = Field(gt=0, le=100_000, decimal_places=2)
    method: Literal["cash", "card", "bank_slip", "online"]
    payer: Literal["applicant", "proxy", "assistant"] = "applicant"


class PaymentOut(Schema):
    id: int
    number: str
    amount: Decimal
    method: str
    payer: str
    paid_at: dt.datetime
    fee_due: Decimal
    outstanding: Decimal


@router.post(
    "/cases/{number}/payments",
    response={201: PaymentOut},
    auth=Needs("case.intake"),
    summary="记录缴费（金额为按收费标准应缴的余额）",
)
def pay(request, number: str, payload: PaymentIn):
    case = _case(request, number)
    payment = services.case_payment_record(
        actor=request.auth,
        case=case,
        amount=payload.amount,
        method=payload.method,
        payer=payload.payer,
    )
    case.refresh_from_db()
    return 201, {
        "id": payment.pk,
        "number": case.number,
        "amount": payment.amount,
        "method": payment.method,
        "payer": payment.payer,
        "paid_at": payment.paid_at,
        "fee_due": case.fee_due,
        "outstanding": services.outstanding(case),
    }


class OpinionIn(Schema):
    opinion: str = Field(min_length=1, max_length=2000)


@router.post(
    "/cases/{number}/opinions",
    response=CaseDetailOut,
    auth=Needs("case.review"),
    summary="审查意见",
)
def opinion(request, number: str, payload: OpinionIn):
    case = _case(request, number)
    services.case_opinion(actor=request.auth, case=case, text=payload.opinion)
    return case_detail(case)


class SuspendIn(Schema):
    kind: ProcedureKind
    reason: str = Field(min_length=1, max_length=2000)
    # Art. 45: how long the procedure takes, told to the applicant in writing.
    expected_days: int = Field(ge=1, le=250)


@router.post(
    "/cases/{number}/suspend",
    response=CaseDetailOut,
    auth=Needs("case.review"),
    summary="特别程序（暂停计时）",
)
def suspend(request, number: str, payload: SuspendIn):
    case = _case(request, number)
    services.case_suspend(
        actor=request.auth,
        case=case,
        kind=payload.kind,
        reason=payload.reason,
        expected_days=payload.expected_days,
    )
    return case_detail(case)


@router.post(
    "/cases/{number}/resume", response=CaseDetailOut, auth=Needs("case.review"), summary="恢复计时"
)
def resume(request, number: str):
    return case_detail(services.case_resume(actor=request.auth, case=_case(request, number)))


@router.post(
    "/cases/{number}/extension",
    response=CaseDetailOut,
    auth=Needs("case.review"),
    summary="申请延期",
)
def extension_request(request, number: str, payload: ReasonIn):
    case = _case(request, number)
    services.case_extension_request(actor=request.auth, case=case, reason=payload.reason)
    return case_detail(case)


@router.post(
    "/cases/{number}/extension/approve",
    response=CaseDetailOut,
    auth=Needs("case.extension.approve"),
    summary="批准延期",
)
def extension_approve(request, number: str):
    case = services.case_extension_approve(actor=request.auth, case=_case(request, number))
    return case_detail(case)


class InspectionIn(Schema):
    inspectors: list[str] = Field(min_length=2, max_length=10)  # usernames
    findings: str = Field(min_length=1, max_length=2000)
    inspected_on: dt.date | None = None


@router.post(
    "/cases/{number}/inspections",
    response=CaseDetailOut,
    auth=Needs("case.review"),
    summary="现场核查记录（两人以上）",
)
def inspection(request, number: str, payload: InspectionIn):
    case = _case(request, number)
    users = list(User.objects.filter(username__in=payload.inspectors, is_active=True))
    if len(users) != len(set(payload.inspectors)):
        raise NotFound(
            _("核查人员不存在"), code="inspector_not_found", fields={"inspectors": _("含未知人员")}
        )
    services.case_inspect(
        actor=request.auth,
        case=case,
        inspectors=users,
        findings=payload.findings,
        inspected_on=payload.inspected_on,
    )
    return case_detail(case)


class AnswerIn(Schema):
    answer: Literal["agree", "disagree", "forward"]
    reason: str = Field("", max_length=2000)


@router.post(
    "/cases/{number}/parallel/{department}",
    response=CaseDetailOut,
    auth=Needs("case.review"),
    summary="并联审批部门答复",
)
def parallel(request, number: str, department: str, payload: AnswerIn):
    case = _case(request, number)
    found = Department.objects.filter(code=selectors.usable_key(department, 32)).first()
    if found is None:
        raise NotFound(_("部门不存在"), code="department_not_found")
    services.parallel_answer(
        actor=request.auth,
        case=case,
        department=found,
        answer=payload.answer,
        reason=payload.reason,
    )
    return case_detail(case)


class DeliverIn(Schema):
    collector_name: NameStr = Field("", max_length=100)
    collector_id_number: str = Field("", max_length=40)
    signature: str = Field("", max_length=200_000)
    entrusted: bool = False
    tracking_number: str = Field("", max_length=40)


@router.post(
    "/cases/{number}/deliver", response=CaseDetailOut, auth=Needs("case.intake"), summary="出件"
)
def deliver(request, number: str, payload: DeliverIn):
    case = services.case_deliver(actor=request.auth, case=_case(request, number), **payload.dict())
    return case_detail(case)


class WorkItemOut(Schema):
    number: str
    item_name: str
    status: str
    department: str
    due_date: dt.date | None
    due_date_provisional: bool
    days_left: int | None
    warning: str


@router.get(
    "/centers/{center}/cases",
    response=list[WorkItemOut],
    auth=Needs("case.review", "case.oversee"),
    summary="待办办件（审批人员）或在办办件（中心管理员）",
)
def worklist(request, center: str, scope: Literal["mine", "open"] = "mine"):
    found = selectors.center_for(center)
    actor = request.auth
    cases = (
        selectors.open_cases(actor, found)
        if scope == "open"
        else selectors.reviewer_worklist(actor, found)
    )
    return [
        {
            "number": c.number,
            "item_name": c.item_name,
            "status": c.status,
            "department": c.department.code,
            "due_date": c.due_date,
            "due_date_provisional": c.due_date_provisional,
            "days_left": c.clock["days_left"],
            "warning": c.warning,
        }
        for c in cases
    ]


# --- 转办 (bundle and transfer helpers; kept at the end of the file) -----------------------


class CaseTransferIn(Schema):
    department: str = Field(min_length=1, max_length=32)
    reason: str = Field(min_length=1, max_length=2000)


class TransferOut(Schema):
    number: str
    status: str
    department: str
    department_name: str
    from_department: str
    due_date: dt.date | None
    due_date_provisional: bool
    # 首问负责: the clerk who took the case in stays the one the applicant deals with.
    received_by: str
    transferred_at: dt.datetime
    reason: str


@router.post(
    "/cases/{number}/transfer",
    response=TransferOut,
    auth=Needs("case.review", "case.oversee"),
    summary="转办（改派承办部门）",
)
def transfer(request, number: str, payload: CaseTransferIn):
    case = _case(request, number)
    t = services.case_transfer(
        actor=request.auth, case=case, department=payload.department, reason=payload.reason
    )
    case.refresh_from_db()
    first = case.received_by
    return {
        "number": case.number,
        "status": case.status,
        "department": t.to_department.code,
        "department_name": t.to_department.name,
        "from_department": t.from_department.code,
        "due_date": case.due_date,
        "due_date_provisional": case.due_date_provisional,
        "received_by": (first.get_full_name() or first.username) if first else "",
        "transferred_at": t.at,
        "reason": t.reason,
    }
