"""Demo: 高雅琴 (qzx_clerk9) stepped out to a meeting a little while ago and is
expected back later today, so the whereabouts board shows 暂离 at her windows
(A at 14, B at 8) and 韩冬梅 (qzx_bdc), the other post of both, serving there. Relative to now;
running it again the same day adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User

from . import services
from .models import Away, AwayReason

AWAY_USER = "qzx_clerk9"


def _round5(at: dt.datetime) -> dt.datetime:
    at = at.replace(second=0, microsecond=0)
    return at + dt.timedelta(minutes=-at.minute % 5)


def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    user = User.objects.filter(username=AWAY_USER).first()
    if center is None or user is None:
        return
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if Away.objects.filter(center=center, user=user, started_at__gte=midnight).exists():
        return
    actor = actor_for_user(user)
    # A record left open on an earlier day: she came back that day.
    for old in Away.objects.filter(center=center, user=user, returned_at__isnull=True):
        services.away_end(actor=actor, center=center, user=user, now=old.expected_back_at)
    started = max(now - dt.timedelta(minutes=25), midnight)
    back = min(
        _round5(now + dt.timedelta(minutes=95)), midnight + dt.timedelta(hours=23, minutes=59)
    )
    if back <= now + dt.timedelta(minutes=1):
        return  # just before midnight: nobody steps out for a meeting now
    services.away_start(
        actor=actor,
        center=center,
        reason=AwayReason.MEETING,
        note="区政务办周例会",
        expected_back_at=back,
        accept_uncovered=True,
        now=started,
    )
