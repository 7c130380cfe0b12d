"""lost: the service desk's pages (register, keep, claim with the ID check and a
signature, write-off) and the public list (招领公告). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need

from ..text import mask_name
from ..web import local_datetime, refused
from . import rules, selectors, services
from .models import Category, LostItem, LostStatus

DESK = "convenience/lost_desk.html"
DETAIL = "convenience/lost_detail.html"


def _desk_context(center, request, form=None, *, status=None) -> dict:
    status = request.GET.get("status", "") if status is None else status
    counts = selectors.counts(center)
    return {
        "center": center,
        "status": status if status in LostStatus.values else "",
        "statuses": [(v, label, counts.get(v, 0)) for v, label in LostStatus.choices],
        "categories": Category.choices,
        "rows": selectors.desk_list(center, status)[:300],
        "form": form or {},
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }


def _item(center, pk) -> LostItem:
    item = LostItem.objects.filter(center=center, pk=pk).select_related("center").first()
    if item is None:
        raise Http404
    return item


def _detail_context(item, actor, **extra) -> dict:
    return {
        "center": item.center,
        "item": item,
        "writeoff_from": rules.writeoff_from(item),
        "keep_days": rules.keep_days(item.center),
        "can_manage": actor.can(item.center, "lost.manage"),
        "claimant_masked": mask_name(item.claimant_name),
        "form": {},
        **extra,
    }


def _to_detail(item):
    return HttpResponseRedirect(
        reverse("convenience:lost_detail", args=[item.center.code, item.pk])
    )


@require_GET
def desk(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "lost.register", "lost.manage")
    if refusal:
        return refusal
    return render(request, DESK, _desk_context(found, request))


def writeoffs(request, center: str):
    """The write-offs waiting for the centre admin's approval (lost.manage only:
    the desk's own filter shows them to the desk, but approving is not theirs)."""
    found = center_or_404(center)
    _actor, refusal = need(request, found, "lost.manage")
    if refusal:
        return refusal
    return render(
        request, DESK, _desk_context(found, request, status=LostStatus.WRITEOFF_REQUESTED)
    )


@require_POST
def register(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "lost.register")
    if refusal:
        return refusal
    post = request.POST
    try:
        item = services.lost_register(
            actor=actor,
            center=found,
            category=post.get("category", ""),
            description=post.get("description", ""),
            found_place=post.get("found_place", ""),
            found_at=local_datetime(post.get("found_at", ""), "found_at"),
            found_by=post.get("found_by", ""),
            storage_place=post.get("storage_place", ""),
            owner_id_number=post.get("owner_id_number") or None,
            photo=request.FILES.get("photo"),
        )
    except DomainError as exc:
        return refused(request, DESK, _desk_context(found, request, post), exc)
    messages.success(request, _("已登记遗失物品 %(n)s") % {"n": item.number})
    return _to_detail(item)


@require_GET
def detail(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "lost.register", "lost.manage")
    if refusal:
        return refusal
    return render(request, DETAIL, _detail_context(_item(found, pk), actor))


def _step(request, center, pk, cap, run, done_message):
    found = center_or_404(center)
    actor, refusal = need(request, found, cap)
    if refusal:
        return refusal
    item = _item(found, pk)
    try:
        item = run(actor, item)
    except DomainError as exc:
        return refused(request, DETAIL, _detail_context(item, actor, form=request.POST), exc)
    messages.success(request, done_message)
    return _to_detail(item)


@require_POST
def store(request, center: str, pk: int):
    return _step(
        request,
        center,
        pk,
        "lost.register",
        lambda actor, item: services.lost_store(
            actor=actor, item=item, storage_place=request.POST.get("storage_place", "")
        ),
        _("已入库保管"),
    )


@require_POST
def claim(request, center: str, pk: int):
    return _step(
        request,
        center,
        pk,
        "lost.register",
        lambda actor, item: services.lost_claim(
            actor=actor,
            item=item,
            name=request.POST.get("name", ""),
            id_number=request.POST.get("id_number", ""),
            phone=request.POST.get("phone", ""),
            signature=request.POST.get("signature") or None,
            require_signature=True,
        ),
        _("已认领，认领人已签名"),
    )


@require_POST
def writeoff_request(request, center: str, pk: int):
    return _step(
        request,
        center,
        pk,
        "lost.register",
        lambda actor, item: services.lost_writeoff_request(actor=actor, item=item),
        _("已申请注销，待中心管理员审批"),
    )


@require_POST
def writeoff_decide(request, center: str, pk: int):
    approve = request.POST.get("decision") == "approve"
    return _step(
        request,
        center,
        pk,
        "lost.manage",
        lambda actor, item: services.lost_writeoff_decide(
            actor=actor, item=item, approve=approve, note=request.POST.get("note", "")
        ),
        _("已批准注销") if approve else _("已退回，继续保管"),
    )


@require_POST
def reveal(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "lost.register")
    if refusal:
        return refusal
    item = _item(found, pk)
    field = request.POST.get("field", "")
    try:
        value = services.lost_reveal(actor=actor, item=item, field=field)
    except DomainError as exc:
        return refused(request, DETAIL, _detail_context(item, actor), exc)
    return render(request, DETAIL, _detail_context(item, actor, revealed={field: value}))


def _image(request, center, pk, attr, content_type):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "lost.register", "lost.manage")
    if refusal:
        return refusal
    data = getattr(_item(found, pk), attr)
    if not data:
        raise Http404
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def photo(request, center: str, pk: int):
    return _image(request, center, pk, "photo", "image/jpeg")


@require_GET
def signature(request, center: str, pk: int):
    return _image(request, center, pk, "signature", "image/png")


@require_GET
def public(request, center: str):
    """招领公告: category, a description without personal data, where and when found,
    how to claim. No account."""
    found = center_or_404(center)
    rows = [
        {
            "item": item,
            "description": selectors.public_description(item),
            "found_on": timezone.localdate(item.found_at),
        }
        for item in selectors.public_list(found)[:200]
    ]
    return render(request, "convenience/lost_public.html", {"center": found, "rows": rows})
