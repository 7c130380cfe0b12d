"""chat: reads. The live queue of a centre, the conversations of the member of
staff, and the citizen's own by its token."""

from __future__ import annotations

from django.db.models import QuerySet

from govhall.core.actors import Actor
from govhall.core.models import Center

from .models import ChatSession, ChatStatus


def queue(center: Center) -> QuerySet[ChatSession]:
    return (
        ChatSession.objects.filter(center=center, status=ChatStatus.WAITING)
        .prefetch_related("messages")
        .order_by("created_at", "pk")
    )


def serving(actor: Actor, center: Center) -> QuerySet[ChatSession]:
    """The conversations the actor is in (an overseer: every one being served)."""
    rows = ChatSession.objects.filter(center=center, status=ChatStatus.TAKEN).select_related(
        "taken_by", "enquiry"
    )
    if actor.can(center, "enquiry.oversee"):
        return rows.order_by("taken_at")
    if actor.user is None:
        return rows.none()
    return rows.filter(taken_by=actor.user).order_by("taken_at")


def by_token(token: str) -> ChatSession | None:
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return ChatSession.objects.filter(token=token).select_related("center").first()


def waiting_count(actor: Actor, center: Center) -> int:
    return queue(center).count()
