"""The names of a day's keys, as they were that day (one small query per
dimension; a choice's label from its TextChoices)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def _choices(subject: str, dimension: str):
    from govhall.assist.models import Kind
    from govhall.booking.models import BookingChannel
    from govhall.cases.models import Source
    from govhall.catalog.models import ApprovalMode
    from govhall.feedback.models import ComplaintChannel, RatingChannel
    from govhall.knowledge.enquiries.models import EnquiryChannel
    from govhall.queueing.models import Channel, SpecialGroup

    return {
        ("tickets", "channel"): Channel,
        ("tickets", "group"): SpecialGroup,
        ("bookings", "channel"): BookingChannel,
        ("cases", "mode"): ApprovalMode,
        ("cases", "channel"): Source,
        ("evaluations", "channel"): RatingChannel,
        ("complaints", "channel"): ComplaintChannel,
        ("enquiries", "channel"): EnquiryChannel,
        ("assist", "kind"): Kind,
    }.get((subject, dimension))


def _objects(dimension: str, keys: list[str]) -> dict[str, str]:
    from govhall.catalog.models import ServiceItem
    from govhall.core.models import Department, User
    from govhall.hall.models import Window
    from govhall.queueing.models import Queue

    ids = [int(k) for k in keys if str(k).isdigit()]
    if dimension == "queue":
        return {str(q.pk): q.name for q in Queue.objects.filter(pk__in=ids)}
    if dimension == "window":
        return {
            str(w.pk): _("%(n)s号窗口 %(name)s") % {"n": w.number, "name": w.name}
            for w in Window.objects.filter(pk__in=ids)
        }
    if dimension == "staff":
        return {str(u.pk): u.get_full_name() or u.username for u in User.objects.filter(pk__in=ids)}
    if dimension == "item":
        items = ServiceItem.objects.filter(pk__in=ids).values_list(
            "pk", "code", "published_version__name"
        )
        return {str(pk): name or code for pk, code, name in items}
    if dimension == "department":
        return {str(d.pk): d.name for d in Department.objects.filter(pk__in=ids)}
    return {}


def label_for(center, subject: str, dimension: str, keys: list[str]) -> dict[str, str]:
    if dimension == "all":
        return {"": center.name}
    if dimension == "hour":
        return {k: f"{int(k):02d}:00" for k in keys}
    choices = _choices(subject, dimension)
    if choices is not None:
        names = dict(choices.choices)
        return {k: str(names.get(k, k)) for k in keys}
    return _objects(dimension, keys) if keys else {}
