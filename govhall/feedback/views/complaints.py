"""Complaint pages (投诉, 003 四(二)5; 002 三(三) 投诉协调窗口).

Citizens (no account, phone first, elderly mode): the online complaint form and
the receipt page reached by its token, with the 回执 PDF. Staff (logged in):
the centre's work list with the month's figures, the form of the complaint
window and of 12345 transfers, and the complaint page with the step forms its
status allows.

Thin: reads through selectors, every change through services; a refused
change (`DomainError`) is shown on the page with its status, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from govhall.core.actors import ANONYMOUS
from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.fields import mask_phone
from govhall.core.models import Center
from govhall.core.months import parse_month
from govhall.core.web import need, qr_svg, request_actor, throttle_public_posts
from govhall.core.workdays import WorkingCalendar
from govhall.hall.models import Window

from .. import forms
from ..documents import mask_name, receipt_pdf
from ..models import ComplaintChannel, ComplaintStatus
from ..selectors import complaints as selectors
from ..services import complaints as services


def _problem(request, exc: DomainError, center: Center | None = None, *, citizen: bool = False):
    return render(
        request,
        "feedback/complaint_problem.html",
        {"problem": exc, "center": center, "citizen": citizen},
        status=exc.status,
    )


def _windows(center: Center):
    return Window.objects.filter(center=center, is_active=True).order_by("number")


def _window(center: Center, code: str) -> Window | None:
    if not code:
        return None
    found = _windows(center).filter(code=code[:32].replace("\x00", "")).first()
    if found is None:
        raise ValidationFailed(
            gettext("窗口不存在"), code="window_not_found", fields={"window": gettext("取值无效")}
        )
    return found


# --- citizen -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@throttle_public_posts
def complaint_online(request, center: str):
    """网上投诉: the public form; on success, the receipt page."""
    try:
        found = selectors.center_for(center)
    except DomainError as exc:
        return _problem(request, exc, citizen=True)
    windows = list(_windows(found))
    form = forms.ComplaintOnlineForm(request.POST or None, windows=windows)
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_receive(
                    actor=ANONYMOUS,  # the public page files as the person, online
                    center=found,
                    channel=ComplaintChannel.ONLINE,
                    content=data["content"],
                    complainant_name=data["complainant_name"],
                    complainant_phone=data["complainant_phone"],
                    staff_number=data["staff_number"],
                    window=_window(found, data["window"]),
                )
            except DomainError as exc:
                error, status = exc, exc.status
                forms.apply_error(form, exc)
            else:
                return redirect("feedback:complaint_receipt", complaint.receipt_token)
        else:
            status = 422
    context = {
        "center": found,
        "form": form,
        "error": error,
        "reply_days": center_setting(found, "complaints.reply_days"),
    }
    return render(request, "feedback/complaint_online.html", context, status=status)


def complaint_receipt(request, token: str):
    """The complainant's page: number, status, the promised date, the result
    once replied, and the receipt PDF. No personal data beyond the masked contact."""
    try:
        complaint = selectors.complaint_by_receipt(token)
    except DomainError as exc:
        return _problem(request, exc, citizen=True)
    url = services.receipt_url(complaint)
    context = {
        "c": complaint,
        "center": complaint.center,
        "name": mask_name(complaint.complainant_name),
        "phone": mask_phone(complaint.complainant_phone) if complaint.complainant_phone else "",
        "answered": complaint.status in (ComplaintStatus.REPLIED, ComplaintStatus.CLOSED),
        "qr": qr_svg(url),
        "url": url,
    }
    return render(request, "feedback/complaint_receipt.html", context)


def complaint_receipt_pdf(request, token: str):
    try:
        complaint = selectors.complaint_by_receipt(token)
    except DomainError as exc:
        return _problem(request, exc, citizen=True)
    response = HttpResponse(receipt_pdf(complaint), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="complaint-{complaint.number}.pdf"'
    return response


# --- staff -----------------------------------------------------------------------------------


def complaints(request, center: str):
    """The centre's complaints: open ones first, warnings highlighted, the
    month's figures at the top (for those who oversee the centre)."""
    try:
        found = selectors.center_for(center)
    except DomainError as exc:
        return _problem(request, exc)
    actor, refusal = need(request, found, "complaint.read")
    if refusal:
        return refusal
    status = request.GET.get("status", "open")
    status = status if status in (*ComplaintStatus.values, "all") else "open"
    today = timezone.localdate()
    month = parse_month(request.GET.get("month", ""), today)
    overseer = actor.can(found, "complaint.oversee")
    context = {
        "center": found,
        "rows": selectors.work_list(actor, found, status="" if status == "all" else status),
        "status": status,
        "filters": [
            ("open", gettext("未办结")),
            *ComplaintStatus.choices,
            ("all", gettext("全部")),
        ],
        "figures": selectors.monthly_figures(
            found, month.first.year, month.first.month, today=today
        )
        if overseer
        else None,
        "month": month.first,
        "prev_month": month.previous,
        "next_month": month.following,
        "channels": ComplaintChannel.choices,
        "can_receive": actor.can(found, "complaint.intake"),
        "section": "list",
    }
    return render(request, "feedback/complaint_list.html", context)


@require_http_methods(["GET", "POST"])
def complaint_new(request, center: str):
    """The complaint window's form, also for complaints transferred by 12345."""
    try:
        found = selectors.center_for(center)
    except DomainError as exc:
        return _problem(request, exc)
    actor, refusal = need(request, found, "complaint.intake")
    if refusal:
        return refusal
    form = forms.ComplaintStaffForm(request.POST or None, windows=list(_windows(found)))
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_receive(
                    actor=actor,
                    center=found,
                    channel=data["channel"],
                    content=data["content"],
                    complainant_name=data["complainant_name"],
                    complainant_phone=data["complainant_phone"],
                    staff_number=data["staff_number"],
                    window=_window(found, data["window"]),
                    hotline_ref=data["hotline_ref"],
                )
            except DomainError as exc:
                error, status = exc, exc.status
                forms.apply_error(form, exc)
            else:
                messages.success(
                    request,
                    gettext("投诉已登记，编号 %(number)s。请打印回执单交投诉人。")
                    % {"number": complaint.number},
                )
                return redirect("feedback:complaint", complaint.number)
        else:
            status = 422
    context = {
        "center": found,
        "form": form,
        "error": error,
        "reply_days": center_setting(found, "complaints.reply_days"),
        "can_receive": True,
        "section": "new",
    }
    return render(request, "feedback/complaint_new.html", context, status=status)


def _detail_context(actor, complaint, **extra) -> dict:
    handler = services.is_handler(actor, complaint)
    admin = actor.can(complaint.center, "complaint.handle")
    s = complaint.status
    staff = list(selectors.assignable_staff(complaint.center).exclude(pk=complaint.staff_id or 0))
    founded = "" if complaint.founded is None else ("yes" if complaint.founded else "no")
    return {
        "c": complaint,
        "center": complaint.center,
        "name": mask_name(complaint.complainant_name),
        "phone": mask_phone(complaint.complainant_phone) if complaint.complainant_phone else "",
        "days_left": selectors.days_left(complaint, timezone.localdate(), WorkingCalendar()),
        "can_assign": admin and s in (ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED),
        "can_investigate": handler
        and s in (ComplaintStatus.ASSIGNED, ComplaintStatus.INVESTIGATING),
        "can_reply": handler and s == ComplaintStatus.INVESTIGATING,
        "can_visit": handler and s == ComplaintStatus.REPLIED,
        "can_reveal": handler
        and actor.is_staff_user
        and s != ComplaintStatus.CLOSED
        and bool(complaint.complainant_phone or complaint.complainant_name),
        "assign_form": extra.pop("assign_form", None)
        or forms.AssignForm(staff=staff, initial={"assignee": complaint.assignee_id}),
        "investigate_form": extra.pop("investigate_form", None)
        or forms.InvestigateForm(
            initial={"investigation": complaint.investigation, "founded": founded}
        ),
        "reply_form": extra.pop("reply_form", None) or forms.ReplyForm(),
        "visit_form": extra.pop("visit_form", None) or forms.ReturnVisitForm(),
        "can_receive": actor.can(complaint.center, "complaint.intake"),
        **extra,
    }


# Steps whose form's cleaned data are the service's keyword arguments.
_FORM_STEPS = {
    "investigate": (forms.InvestigateForm, services.complaint_investigate),
    "reply": (forms.ReplyForm, services.complaint_reply),
    "return_visit": (forms.ReturnVisitForm, services.complaint_return_visit),
}


def _step(actor, complaint, post) -> None:
    """Run the step the form names; a form that does not validate is raised
    with the refusal, so the page shows it again with the input."""
    step = post.get("step", "")
    if step == "assign":
        staff = selectors.assignable_staff(complaint.center)
        form = forms.AssignForm(post, staff=staff)
        if not form.is_valid():
            raise _invalid(form, step)
        services.complaint_assign(
            actor=actor,
            complaint=complaint,
            assignee=staff.get(pk=form.cleaned_data["assignee"]),
        )
        return
    if step in _FORM_STEPS:
        form_class, service = _FORM_STEPS[step]
        form = form_class(post)
        if not form.is_valid():
            raise _invalid(form, step)
        service(actor=actor, complaint=complaint, **form.cleaned_data)
        return
    raise ValidationFailed(gettext("未知的操作"), code="unknown_step")


class _FormInvalid(ValidationFailed):
    def __init__(self, form, step: str):
        fields = {k: " ".join(str(m) for m in v) for k, v in form.errors.items()}
        super().__init__(gettext("请检查填写的内容"), fields=fields)
        self.form, self.step = form, step


def _invalid(form, step: str) -> _FormInvalid:
    return _FormInvalid(form, step)


_FORM_KEYS = {
    "assign": "assign_form",
    "investigate": "investigate_form",
    "reply": "reply_form",
    "return_visit": "visit_form",
}


@require_http_methods(["GET", "POST"])
def complaint(request, number: str):
    """One complaint with the step forms its status allows the viewer."""
    actor = request_actor(request)
    if not actor.is_authenticated:
        message = gettext("请先登录，或用设备令牌绑定本设备")
        return render(request, "core/denied.html", {"message": message}, status=401)
    try:
        found = selectors.complaint_for_actor(actor, number)
    except DomainError as exc:
        return _problem(request, exc)
    if request.method == "GET":
        return render(request, "feedback/complaint_detail.html", _detail_context(actor, found))
    if request.POST.get("step") == "reveal":
        try:
            contact = services.complaint_contact_reveal(actor=actor, complaint=found)
        except DomainError as exc:
            return _problem(request, exc)
        context = _detail_context(actor, found, contact=contact)
        return render(request, "feedback/complaint_detail.html", context)
    try:
        _step(actor, found, request.POST)
    except DomainError as exc:
        found.refresh_from_db()
        extra = {"error": exc}
        if isinstance(exc, _FormInvalid):
            extra[_FORM_KEYS[exc.step]] = exc.form
        context = _detail_context(actor, found, **extra)
        return render(request, "feedback/complaint_detail.html", context, status=exc.status)
    messages.success(request, gettext("已保存"))
    return redirect("feedback:complaint", found.number)


urlpatterns = [
    path("center/<str:center>/complaints/", complaints, name="complaints"),
    path("center/<str:center>/complaints/new/", complaint_new, name="complaint_new"),
    path("center/<str:center>/complain/", complaint_online, name="complaint_online"),
    path("complaints/receipt/<str:token>/", complaint_receipt, name="complaint_receipt"),
    path(
        "complaints/receipt/<str:token>/pdf/", complaint_receipt_pdf, name="complaint_receipt_pdf"
    ),
    path("complaints/<str:number>/", complaint, name="complaint"),
]
