"""answers: the question page in kiosk layout (/knowledge/<center>/ask/), which
works without JavaScript and is spoken in elderly mode with it, and the
call-back a citizen leaves when the answer was not sure enough."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.catalog.models import ServiceItem
from govhall.core.actors import ANONYMOUS
from govhall.core.errors import DomainError
from govhall.core.throttle import client_address, failure_add, failures
from govhall.core.web import center_or_404

from ..enquiries.services import enquiry_create
from . import services

EXAMPLES = (
    "办营业执照要带什么",
    "社保卡丢了怎么办",
    "护照多久能办好",
    "公积金在哪个窗口办",
    "几点开门",
)
CALLBACKS_PER_HOUR = 5


@require_http_methods(["GET"])
def ask_page(request, center: str):
    found = center_or_404(center)
    q = request.GET.get("q", "")
    answer = error = None
    if "q" in request.GET:
        try:
            answer = services.ask(center=found, q=q, item=request.GET.get("item", ""))
        except DomainError as exc:
            error = exc
    context = {
        "center": found,
        "q": q[:200],
        "answer": answer,
        "error": error,
        "examples": EXAMPLES,
        "item": request.GET.get("item", "")[:40],
    }
    return render(request, "knowledge/ask.html", context, status=error.status if error else 200)


@require_POST
def ask_callback(request, center: str):
    """A phone left for a call-back: an unclaimed online enquiry (origin "ask")."""
    found = center_or_404(center)
    q = request.POST.get("q", "")[:200]
    back = reverse("knowledge:ask_page", args=[found.code]) + "#callback"
    address = client_address(request)
    if failures("ask-callback", address) >= CALLBACKS_PER_HOUR:
        messages.error(request, gettext("提交过于频繁，请稍后再试或拨打咨询电话"))
        return HttpResponseRedirect(back)
    code = request.POST.get("item", "").strip()[:40]
    item = ServiceItem.objects.filter(code=code).first() if code else None
    try:
        enquiry = enquiry_create(
            actor=ANONYMOUS,  # the citizen's own hand-over, even on a staff-signed kiosk
            center=found,
            channel="online",
            question=q,
            phone=request.POST.get("phone", ""),
            item=item,
            origin="ask",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        for message in exc.fields.values():
            messages.error(request, message)
        return HttpResponseRedirect(back)
    failure_add("ask-callback", address, seconds=3600)
    messages.success(
        request,
        gettext("已收到，咨询编号 %(number)s，工作人员将尽快回电。") % {"number": enquiry.number},
    )
    return HttpResponseRedirect(back)
