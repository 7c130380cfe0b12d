"""Demo online human service at SC-QZX: one citizen waiting in the live queue.
Idempotent: made only while the centre has no conversation yet."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from . import services
from .models import ChatSession


@transaction.atomic
def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    if center is None or ChatSession.objects.filter(center=center).exists():
        return
    services.chat_start(
        center=center,
        question="你好，我想问一下办理居住证需要本人到场吗？可以让家人代办吗？",
        now=timezone.now() - dt.timedelta(minutes=3),
    )
