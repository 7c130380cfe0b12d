"""lending: the desk's page (thin): what can be lent, what is out, lend and take back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError, NotFound
from govhall.core.fields import mask_phone
from govhall.core.web import center_or_404, need

from ..text import mask_name
from ..web import int_or_none, refused
from . import selectors, services
from .models import LendKind

TEMPLATE = "convenience/lending.html"


def _loan_row(loan, late_ids) -> dict:
    return {
        "loan": loan,
        "borrower": mask_name(loan.borrower_name),
        "phone": mask_phone(loan.borrower_phone) if loan.borrower_phone else "",
        "late": loan.pk in late_ids,
    }


def _context(center, form=None) -> dict:
    now = timezone.now()
    today = timezone.localdate(now)
    out = list(selectors.open_loans(center))
    late_ids = set(selectors.out_at_closing(center, now).values_list("pk", flat=True))
    out_items = {loan.item_id for loan in out}
    return {
        "center": center,
        "items": [{"item": i, "out": i.pk in out_items} for i in selectors.items(center)],
        "out": [_loan_row(loan, late_ids) for loan in out],
        "late_count": len(late_ids),
        "closing": selectors.closing_time(center, today),
        "returned": [_loan_row(loan, set()) for loan in selectors.returned_on(center, today)[:50]],
        "kinds": LendKind.choices,
        "form": form or {},
    }


def _back(center):
    return HttpResponseRedirect(reverse("convenience:lending", args=[center.code]))


@require_GET
def desk(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "lending.record")
    if refusal:
        return refusal
    return render(request, TEMPLATE, _context(found))


@require_POST
def lend(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "lending.record")
    if refusal:
        return refusal
    post = request.POST
    try:
        item = selectors.item_at(found, int_or_none(post.get("item")))
        loan = services.lend(
            actor=actor,
            item=item,
            name=post.get("name", ""),
            phone=post.get("phone", ""),
            note=post.get("note", ""),
        )
    except NotFound as exc:
        exc.fields = {"item": str(exc.message)}
        return refused(request, TEMPLATE, _context(found, post), exc)
    except DomainError as exc:
        return refused(request, TEMPLATE, _context(found, post), exc)
    messages.success(request, _("%(item)s 已借出") % {"item": loan.item.label})
    return _back(found)


@require_POST
def give_back(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "lending.record")
    if refusal:
        return refusal
    try:
        loan = services.lending_return(actor=actor, loan=selectors.loan_at(found, pk))
    except DomainError as exc:
        return refused(request, TEMPLATE, _context(found), exc)
    messages.success(request, _("%(item)s 已归还") % {"item": loan.item.label})
    return _back(found)


@require_POST
def item_add(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "lending.record")
    if refusal:
        return refusal
    post = request.POST
    try:
        item = services.lending_item_add(
            actor=actor,
            center=found,
            kind=post.get("kind", ""),
            label=post.get("label", ""),
            place=post.get("place", ""),
        )
    except DomainError as exc:
        return refused(request, TEMPLATE, _context(found, post), exc)
    messages.success(request, _("已添加 %(item)s") % {"item": item.label})
    return _back(found)
