"""Every change of an online conversation (网上人工服务, 001 4.6.2).

    waiting ─ take ─► taken ─ close ─► closed

The citizen starts it with a question (no account; the page throttles posts)
and may add to it until it is closed. Taking it makes the member of staff its
first responder: an Enquiry (channel online, origin "chat") is recorded at that
moment, and closing the conversation closes the enquiry with the answers given.
Events carry the conversation's id and status: never its text or its token."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import emit
from govhall.core.models import Center

from ..enquiries import services as enquiries
from ..enquiries.models import EnquiryChannel
from .models import ChatMessage, ChatSession, ChatStatus

TEXT_MAX = enquiries.QUESTION_MAX
# A conversation is short: past this many messages the citizen is asked to
# call or come in (and a runaway script is stopped).
MESSAGES_MAX = 40


def _emit(kind: str, session: ChatSession) -> None:
    emit(
        kind,
        center=session.center,
        aggregate=session,
        payload={"chat": session.pk, "status": session.status},
    )


def _add(session: ChatSession, text: str, *, author=None, now: dt.datetime) -> ChatMessage:
    if session.messages.count() >= MESSAGES_MAX:
        raise ValidationFailed(
            _("本次咨询消息已达上限，请拨打中心电话或到现场咨询"), code="chat_too_long"
        )
    return ChatMessage.objects.create(
        session=session, from_staff=author is not None, author=author, text=text, at=now
    )


@transaction.atomic
def chat_start(*, center: Center, question: str, now: dt.datetime | None = None) -> ChatSession:
    """A citizen's typed question joins the live queue of the staff on duty."""
    text = enquiries.clean_text(question, "question", limit=TEXT_MAX)
    now = now or timezone.now()
    session = ChatSession.objects.create(
        center=center, token=secrets.token_urlsafe(24), created_at=now
    )
    _add(session, text, now=now)
    _emit("chat.waiting", session)
    return session


def _locked(session: ChatSession) -> ChatSession:
    return ChatSession.objects.select_for_update().select_related("center").get(pk=session.pk)


@transaction.atomic
def chat_citizen_post(
    *, session: ChatSession, text: str, now: dt.datetime | None = None
) -> ChatMessage:
    text = enquiries.clean_text(text, "text", limit=TEXT_MAX)
    session = _locked(session)
    if session.status == ChatStatus.CLOSED:
        raise InvalidTransition(_("本次咨询已结束，如有新问题请重新发起"), code="chat_closed")
    message = _add(session, text, now=now or timezone.now())
    _emit("chat.message", session)
    return message


@transaction.atomic
def chat_take(*, actor: Actor, session: ChatSession, now: dt.datetime | None = None):
    """The member of staff takes the conversation and becomes the first
    responder of the enquiry it is recorded as."""
    actor.require(session.center, "chat.answer")
    if actor.user is None:
        raise PermissionDenied(_("只有工作人员可以接待"), code="staff_only")
    session = _locked(session)
    if session.status != ChatStatus.WAITING:
        raise InvalidTransition(_("该咨询已由其他工作人员接待"), code="chat_already_taken")
    now = now or timezone.now()
    first = session.messages.filter(from_staff=False).first()
    session.enquiry = enquiries.enquiry_create(
        actor=actor,
        center=session.center,
        channel=EnquiryChannel.ONLINE,
        question=first.text if first else "",
        origin="chat",
        now=now,
    )
    session.status, session.taken_by, session.taken_at = ChatStatus.TAKEN, actor.user, now
    session.save(update_fields=["status", "taken_by", "taken_at", "enquiry"])
    _emit("chat.taken", session)
    return session


def _require_taker(actor: Actor, session: ChatSession) -> None:
    actor.require(session.center, "chat.answer")
    if actor.user is None or (
        session.taken_by_id != actor.user.pk and not actor.can(session.center, "enquiry.oversee")
    ):
        raise PermissionDenied(_("该咨询由其他工作人员接待"), code="not_chat_taker")


@transaction.atomic
def chat_reply(
    *, actor: Actor, session: ChatSession, text: str, now: dt.datetime | None = None
) -> ChatMessage:
    _require_taker(actor, session)
    text = enquiries.clean_text(text, "text", limit=enquiries.ANSWER_MAX)
    session = _locked(session)
    if session.status != ChatStatus.TAKEN:
        raise InvalidTransition(_("请先接待该咨询，或咨询已结束"), code="chat_not_taken")
    message = _add(session, text, author=actor.user, now=now or timezone.now())
    _emit("chat.message", session)
    return message


@transaction.atomic
def chat_close(*, actor: Actor, session: ChatSession, now: dt.datetime | None = None):
    """End the conversation; its enquiry closes with the answers given."""
    _require_taker(actor, session)
    session = _locked(session)
    if session.status != ChatStatus.TAKEN:
        raise InvalidTransition(_("只有服务中的咨询可以结束"), code="chat_not_taken")
    replies = [m.text for m in session.messages.filter(from_staff=True)]
    if not replies:
        raise ValidationFailed(_("请先答复群众再结束"), code="chat_unanswered")
    now = now or timezone.now()
    answer = "\n".join(replies)
    if len(answer) > enquiries.ANSWER_MAX:
        answer = answer[: enquiries.ANSWER_MAX - 1] + "…"
    enquiries.enquiry_close(actor=actor, enquiry=session.enquiry, answer=answer, now=now)
    session.status, session.closed_at = ChatStatus.CLOSED, now
    session.save(update_fields=["status", "closed_at"])
    _emit("chat.closed", session)
    return session
