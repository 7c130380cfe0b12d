"""enquiries: reads, scoped to what the actor may see.

A member of staff sees the enquiries they are first responder of or hold now
(themselves or through their department); an overseer (centre admin, duty
manager) sees every enquiry of the centre."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import NotFound
from govhall.core.models import Center

from .models import OPEN_STATUSES, Enquiry, EnquiryStatus


def _base(center: Center) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(center=center).select_related(
        "center", "first_responder", "holder", "holder_department", "item"
    )


def mine(actor: Actor, center: Center) -> QuerySet[Enquiry]:
    """What the actor answers for: first responder, or holding it now."""
    if actor.user is None:
        return Enquiry.objects.none()
    q = Q(first_responder=actor.user) | Q(holder=actor.user)
    if actor.departments:
        q |= Q(holder_department__in=actor.departments)
    return _base(center).filter(q)


def visible(actor: Actor, center: Center) -> QuerySet[Enquiry]:
    if actor.can(center, "enquiry.oversee"):
        return _base(center)
    return mine(actor, center)


def open_for(actor: Actor, center: Center) -> QuerySet[Enquiry]:
    return (
        visible(actor, center)
        .filter(status__in=OPEN_STATUSES)
        .order_by("callback_due", "created_at")
    )


def unclaimed(center: Center) -> QuerySet[Enquiry]:
    return _base(center).filter(status=EnquiryStatus.UNCLAIMED).order_by("created_at")


def overdue(actor: Actor, center: Center, now: dt.datetime | None = None) -> QuerySet[Enquiry]:
    """Open enquiries whose call-back is past due (shown red, counted on the
    workbench): the actor's own, or the centre's for an overseer, and the
    unclaimed online ones every taker may pick up."""
    now = now or timezone.now()
    late = Q(status__in=OPEN_STATUSES, callback_due__lt=now)
    own = visible(actor, center).filter(late)
    if actor.can(center, "enquiry.take"):
        own = own | _base(center).filter(late, status=EnquiryStatus.UNCLAIMED)
    return own.distinct()


def waiting_count(actor: Actor, center: Center) -> int:
    """The workbench count: overdue call-backs plus unclaimed questions."""
    now = timezone.now()
    ids = set(overdue(actor, center, now).values_list("pk", flat=True))
    if actor.can(center, "enquiry.take"):
        ids |= set(unclaimed(center).values_list("pk", flat=True))
    return len(ids)


def enquiry_for(actor: Actor, center: Center, number: str) -> Enquiry:
    found = None
    if "\x00" not in number and len(number) <= 40:
        found = visible(actor, center).filter(number=number).first()
        if found is None and actor.can(center, "enquiry.take"):
            found = unclaimed(center).filter(number=number).first()
    if found is None:
        raise NotFound(_("咨询不存在或无权查看"))
    return found
