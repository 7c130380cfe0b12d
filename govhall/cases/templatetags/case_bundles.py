"""Bits of the case pages that belong to 一件事 and 转办, kept out of views.py:
the public progress line of a bundle member, and the 首问负责 / transfer block
of the staff case page."""

from django import template

from govhall.core.models import Department
from govhall.core.web import request_actor

from .. import services
from ..models import BundleMember

register = template.Library()


@register.inclusion_tag("cases/bundle_progress_line.html")
def bundle_line(case):
    """On the public progress page: the bundle the case belongs to and its
    progress, which is the slowest case's (no other case's number is shown)."""
    member = BundleMember.objects.filter(case=case).select_related("application").first()
    if member is None:
        return {"progress": None}
    return {
        "application": member.application,
        "progress": services.bundle_progress(member.application),
    }


@register.inclusion_tag("cases/bundle_case_block.html", takes_context=True)
def case_responsibility(context, case):
    """首问责任人, the transfers so far, the bundle link and, for the current
    department's reviewers and the centre admin, the transfer form."""
    actor = request_actor(context["request"])
    may_transfer = case.status in services.TRANSFERABLE and (
        actor.can(case.center, "case.oversee")
        or (
            actor.can(case.center, "case.review")
            and services.is_reviewer(actor, case.center, case.department)
        )
    )
    member = BundleMember.objects.filter(case=case).select_related("application").first()
    return {
        "case": case,
        "first": case.received_by,
        "transfers": case.transfers.select_related("from_department", "to_department", "by"),
        "may_transfer": may_transfer,
        "departments": Department.objects.filter(district=case.center.district_id).exclude(
            pk=case.department_id
        )
        if may_transfer
        else [],
        "application": member.application if member else None,
        "csrf_token": context.get("csrf_token"),
    }
