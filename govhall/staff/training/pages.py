"""One render for the training pages: the tabs the user may open at the centre."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govhall.core.web import request_actor

TABS = (
    ("plan", _("培训计划"), "staff:training_plan", "training.manage"),
    ("sessions", _("培训场次"), "staff:training_sessions", "training.manage"),
    ("exams", _("考试"), "staff:training_exams", "training.manage"),
    ("records", _("培训档案"), "staff:training_records", "staff.read"),
    ("mine", _("我的培训"), "staff:training_mine", "staff.self"),
)


def page(request, template: str, context: dict, status: int = 200):
    center = context["center"]
    actor = request_actor(request)
    context["tabs"] = [
        {"key": key, "label": label, "url": reverse(name, args=[center.code])}
        for key, label, name, cap in TABS
        if actor.can(center, cap) and (cap != "staff.self" or actor.user is not None)
    ]
    return render(request, f"staff/training/{template}", context, status=status)
