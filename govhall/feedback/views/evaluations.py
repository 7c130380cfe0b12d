"""Evaluation pages: the window's rating pad (a tablet facing the citizen, paired
with an evaluator token), the citizen's rating page (QR code or SMS link; phone
first, elderly mode), the rectification work list and record, the supervisor's
review list, the figures, and the public disclosure (评价结果公开).

Thin: reads through selectors, every change through services; a refused change
is shown on the page with its status, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from govhall.core.actors import Actor
from govhall.core.errors import DomainError
from govhall.core.events import audit
from govhall.core.fields import mask_phone
from govhall.core.models import Center, District, Role, TokenKind
from govhall.core.months import parse_month
from govhall.core.web import center_or_404, need_role, request_actor, throttle_public_posts

from ..models import (
    BadReason,
    Evaluation,
    Finding,
    Indicator,
    Level,
    RaterView,
    RectificationStatus,
)
from ..selectors import evaluations as selectors
from ..services import evaluations as services

WORKERS = services.WORKERS


def _rating_context(evaluation: Evaluation, *, action: str, posted=None, error=None) -> dict:
    posted = posted or {}
    return {
        "evaluation": evaluation,
        "action": action,
        "levels": Level.choices,
        "indicators": Indicator.choices,
        "reasons": BadReason.choices,
        "posted_level": posted.get("level", ""),
        "posted_reasons": posted.getlist("reasons") if hasattr(posted, "getlist") else [],
        "posted_indicators": {k: posted.get(k, "") for k in Indicator.values},
        "posted_comment": posted.get("comment", ""),
        "posted_phone": posted.get("contact_phone", ""),
        "error": error,
        "comment_max": services.COMMENT_MAX,
    }


def _rate_from_post(actor: Actor, evaluation: Evaluation, post) -> Evaluation:
    return services.evaluation_rate(
        actor=actor,
        token=evaluation.token,
        level=post.get("level", "")[:3],
        indicators={k: post[k][:3] for k in Indicator.values if post.get(k)},
        reasons=[r[:30] for r in post.getlist("reasons")[:20]],
        comment=post.get("comment", "")[: services.COMMENT_MAX + 1],
        contact_phone=post.get("contact_phone", "").strip()[:20],
    )


# --- the citizen's rating page ----------------------------------------------------------


@throttle_public_posts
def rate(request, token: str):
    try:
        evaluation = services.evaluation_lookup(token)
    except DomainError as exc:
        raise Http404(str(exc.message)) from exc
    actor = request_actor(request)
    context = _rating_context(evaluation, action=request.path)
    status = 200
    if actor.is_staff_user or actor.kind not in ("anonymous", TokenKind.EVALUATOR):
        # 001 D.16: staff may not rate for the citizen, not even open the form.
        context["refusal"] = gettext("工作人员不能代替群众评价。请让办事群众用自己的手机扫码评价。")
        return render(request, "feedback/rate.html", context, status=403)
    if request.method == "POST":
        try:
            _rate_from_post(actor, evaluation, request.POST)
        except DomainError as exc:
            context = _rating_context(
                evaluation, action=request.path, posted=request.POST, error=exc
            )
            status = exc.status
        else:
            return redirect("rate", evaluation.token)
    evaluation.refresh_from_db()
    context["evaluation"] = evaluation
    context["expired"] = evaluation.rated_at is None and evaluation.expires_at <= timezone.now()
    return render(request, "feedback/rate.html", context, status=status)


# --- the rating pad -------------------------------------------------------------------


def _pad_actor(request):
    actor = request_actor(request)
    if actor.kind != TokenKind.EVALUATOR or not actor.window_id:
        message = gettext("评价器页面只能在已绑定评价器令牌的设备上打开")
        return None, render(request, "core/denied.html", {"message": message}, status=403)
    return actor, None


def pad(request):
    actor, refusal = _pad_actor(request)
    if refusal:
        return refusal
    window = actor.token.window
    evaluation = selectors.pending_for_window(window)
    context = {"window": window, "center": window.center, "pending": evaluation}
    if evaluation is not None:
        context.update(
            _rating_context(
                evaluation, action=reverse("feedback:pad_rate", args=[evaluation.token])
            )
        )
    template = "feedback/pad.html"
    if request.htmx:
        template += "#screen"
    return render(request, template, context)


@require_POST
def pad_rate(request, token: str):
    actor, refusal = _pad_actor(request)
    if refusal:
        return refusal
    window = actor.token.window
    context = {"window": window, "center": window.center}
    # htmx swaps only 2xx answers: the pad shows a refusal in place.
    htmx_status = (lambda status: 200) if request.htmx else (lambda status: status)
    try:
        evaluation = services.evaluation_lookup(token)
        _rate_from_post(actor, evaluation, request.POST)
    except DomainError as exc:
        if exc.code in ("already_rated", "evaluation_expired", "evaluation_not_found"):
            context["notice"] = exc.message
            return render(
                request, "feedback/pad.html#screen", context, status=htmx_status(exc.status)
            )
        context["pending"] = evaluation
        context.update(
            _rating_context(evaluation, action=request.path, posted=request.POST, error=exc)
        )
        return render(request, "feedback/pad.html#screen", context, status=htmx_status(exc.status))
    context["thanks"] = True
    return render(request, "feedback/pad.html#screen", context)


# --- rectification ------------------------------------------------------------------------


def rectification_list(request, center: str):
    found = center_or_404(center)
    actor, refusal = need_role(request, found, *WORKERS)
    if refusal:
        return refusal
    status = request.GET.get("status", "open")
    month = parse_month(request.GET.get("month"), timezone.localdate())
    context = {
        "center": found,
        "records": selectors.rectifications(actor, center=found, status=status)[:200],
        "status": status,
        "statuses": RectificationStatus.choices,
        "rates": selectors.rates(selectors.rated_in([found], month.start, month.end)),
        "month": month.first,
    }
    return render(request, "feedback/rectification_list.html", context)


def _form_data(post) -> dict:
    """A step form's fields as the services take them (the review's radio → bool)."""
    return {**post.dict(), "upheld": {"yes": True, "no": False}.get(post.get("upheld", ""))}


def _record_context(actor: Actor, record, *, reveal: bool = False, **extra) -> dict:
    evaluation = record.evaluation
    phone = evaluation.contact_phone
    if phone and reveal and actor.has_role(record.center, Role.CENTER_ADMIN):
        # The desk needs the number to call the rater; every full read is logged.
        audit("evaluation.phone_read", actor=actor, center=record.center, obj=evaluation)
    else:
        phone = mask_phone(phone) if phone else ""
    return {
        "record": record,
        "phone": phone,
        "phone_masked": not reveal,
        "reasons_display": [
            BadReason(r).label for r in evaluation.reasons if r in BadReason.values
        ],
        "evaluation": record.evaluation,
        "center": record.center,
        "deadline": services.next_deadline(record),
        "findings": Finding.choices,
        "views": RaterView.choices,
        "can_handle": actor.has_role(record.center, Role.CENTER_ADMIN),
        "can_review": actor.has_role(record.center, Role.SUPERVISOR),
        **extra,
    }


def rectification_page(request, pk: int):
    actor = request_actor(request)
    if not actor.is_staff_user:
        message = gettext("请先登录")
        return render(request, "core/denied.html", {"message": message}, status=401)
    try:
        record = selectors.rectification(actor, pk)
        actor.require_role(record.center, *WORKERS)
    except DomainError as exc:
        return render(request, "core/denied.html", {"message": exc.message}, status=exc.status)
    status = 200
    context = {}
    if request.method == "POST":
        step = services.RECTIFICATION_STEPS.get(request.POST.get("step", ""))
        try:
            if step is None:
                raise Http404
            step(actor, record, _form_data(request.POST))
        except DomainError as exc:
            context["error"] = exc
            status = exc.status
        else:
            messages.success(request, gettext("已保存"))
            return redirect("feedback:rectification", record.pk)
        record.refresh_from_db()
    reveal = request.GET.get("reveal") == "phone"
    return render(
        request,
        "feedback/rectification.html",
        _record_context(actor, record, reveal=reveal, **context),
        status=status,
    )


def appeal_list(request, district: str):
    actor = request_actor(request)
    found = District.objects.filter(code=district[:32]).first()
    if found is None:
        raise Http404
    centers = list(Center.objects.filter(district=found))
    if not actor.is_staff_user or not any(actor.has_role(c, Role.SUPERVISOR) for c in centers):
        message = gettext("只有区主管部门可以审核不属实申诉")
        return render(request, "core/denied.html", {"message": message}, status=403)
    records = selectors.appeals(actor).filter(center__in=centers)
    return render(request, "feedback/appeals.html", {"district": found, "records": records})


@require_POST
def appeal_decide(request, pk: int):
    actor = request_actor(request)
    try:
        record = selectors.rectification(actor, pk)
        services.RECTIFICATION_STEPS["review"](actor, record, _form_data(request.POST))
    except DomainError as exc:
        return render(request, "core/denied.html", {"message": exc.message}, status=exc.status)
    messages.success(request, gettext("审核结论已保存"))
    return redirect("feedback:appeals", record.center.district.code)


# --- figures and public disclosure -------------------------------------------------------


def figures(request, center: str):
    found = center_or_404(center)
    actor, refusal = need_role(request, found, *WORKERS)
    if refusal:
        return refusal
    month = parse_month(request.GET.get("month"), timezone.localdate())
    rated = selectors.rated_in([found], month.start, month.end)
    context = {
        "center": found,
        "month": month.first,
        "previous": month.previous,
        "following": month.following,
        "rates": selectors.rates(rated),
        "by": {
            "department": selectors.satisfaction(rated, "department"),
            "window": selectors.satisfaction(rated, "window"),
            "staff": selectors.satisfaction(rated, "staff"),
        },
        "district": selectors.satisfaction(
            selectors.rated_in(
                actor.scoped(Center.objects.filter(district=found.district_id), "pk"),
                month.start,
                month.end,
            ),
            "center",
        ),
    }
    return render(request, "feedback/figures.html", context)


def public(request, center: str):
    """评价结果公开 (001 6.6.1.3: 评价内容应主动公开): no names, no numbers."""
    found = center_or_404(center)
    month = parse_month(request.GET.get("month"), timezone.localdate())
    rated = selectors.rated_in([found], month.start, month.end)
    context = {
        "center": found,
        "month": month.first,
        "previous": month.previous,
        "following": month.following,
        "rates": selectors.rates(rated),
        "overall": selectors.satisfaction(rated, "center"),
        "by_department": selectors.satisfaction(rated, "department"),
        "by_window": selectors.satisfaction(rated, "window"),
        "comments": selectors.public_comments(rated),
    }
    return render(request, "feedback/public.html", context)


urlpatterns = [
    path("pad/", pad, name="pad"),
    path("pad/rate/<str:token>/", pad_rate, name="pad_rate"),
    path("center/<str:center>/rectifications/", rectification_list, name="rectifications"),
    path("rectifications/<int:pk>/", rectification_page, name="rectification"),
    path("district/<str:district>/appeals/", appeal_list, name="appeals"),
    path("appeals/<int:pk>/", appeal_decide, name="appeal_decide"),
    path("center/<str:center>/figures/", figures, name="figures"),
    path("center/<str:center>/public/", public, name="public"),
]
