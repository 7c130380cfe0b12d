"""The two 工作台账 of 001 6.6.1.3 read from feedback's selectors: every bad
review of the period with its reply and rectification, and every complaint with
its handler, deadline and close. Staff names are masked (张*); the rater's and
the complainant's details are never read."""

from __future__ import annotations

from django.utils import timezone

from govhall.feedback.selectors import complaints as complaint_selectors
from govhall.feedback.selectors.evaluations import public_comment, rectifications

from .figures import bounds


def mask_name(name: str) -> str:
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def _date(value):
    return timezone.localdate(value).isoformat() if value else ""


def _yes(value: bool) -> str:
    from django.utils.translation import gettext

    return gettext("是") if value else gettext("否")


def bad_reviews(actor, centers, period) -> list[dict]:
    start, end = bounds(period)
    rows = []
    for center in centers:
        records = (
            rectifications(actor, center=center)
            .filter(evaluation__rated_at__gte=start, evaluation__rated_at__lt=end)
            .select_related("evaluation__staff")
            .order_by("evaluation__rated_at", "pk")
        )
        for r in records:
            e = r.evaluation
            rows.append(
                {
                    "rated": _date(e.rated_at),
                    "center": center.name,
                    "window": e.window.name if e.window else "",
                    "staff": mask_name(e.staff.display_name) if e.staff else "",
                    "item": e.item_name,
                    "level": e.get_level_display(),
                    "real_name": _yes(r.real_name),
                    "finding": r.get_finding_display() if r.finding else "",
                    "reply": public_comment(r.reply)[:120],
                    "replied": _date(r.replied_at),
                    "status": r.get_status_display(),
                    "rectify_due": r.rectify_due.isoformat(),
                    "rectified": _date(r.rectified_at),
                    "closed": _date(r.closed_at),
                }
            )
    return rows


def complaints(actor, centers, period) -> list[dict]:
    start, end = bounds(period)
    qs = (
        complaint_selectors.visible(actor)
        .filter(center__in=centers, received_at__gte=start, received_at__lt=end)
        .order_by("received_at", "pk")
    )
    rows = []
    for c in qs:
        closed = timezone.localdate(c.replied_at) if c.replied_at else None
        rows.append(
            {
                "number": c.number,
                "received": _date(c.received_at),
                "center": c.center.name,
                "channel": c.get_channel_display(),
                "subject": public_comment(c.content)[:40],
                "window": c.window.name if c.window else "",
                "handler": mask_name(c.assignee.display_name) if c.assignee else "",
                "deadline": c.reply_due.isoformat(),
                "replied": closed.isoformat() if closed else "",
                "closed": _date(c.closed_at),
                "status": c.get_status_display(),
                "on_time": _yes(closed <= c.reply_due) if closed else "",
                "founded": "" if c.founded is None else _yes(c.founded),
            }
        )
    return rows
