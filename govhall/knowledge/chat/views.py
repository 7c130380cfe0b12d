"""Online human service pages: the citizen's (no account; large type; the page
follows its conversation by the token in its URL) and the staff's live queue,
where a conversation is taken and answered in the same page. The lists poll
with htmx every few seconds; the forms are plain posts, so nothing depends on
the polling but its freshness."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need, throttle_public_posts

from ..enquiries.views import error_text
from . import selectors, services
from .models import ChatSession

ANSWER = ("chat.answer",)


# --- the citizen --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@throttle_public_posts
def chat_start(request, center: str):
    found = center_or_404(center)
    question, error, status = (request.GET.get("q") or "")[:500], "", 200
    if request.method == "POST":
        question = request.POST.get("question", "")
        try:
            session = services.chat_start(center=found, question=question)
        except DomainError as exc:
            error, status = error_text(exc), 422
        else:
            return HttpResponseRedirect(reverse("knowledge:chat_room", args=[session.token]))
    return render(
        request,
        "knowledge/chat/start.html",
        {"center": found, "question": question[:500], "error": error},
        status=status,
    )


def _session_by_token(token: str) -> ChatSession:
    session = selectors.by_token(token)
    if session is None:
        raise Http404
    return session


@require_http_methods(["GET", "POST"])
@throttle_public_posts
def chat_room(request, token: str):
    session = _session_by_token(token)
    error, status = "", 200
    if request.method == "POST":
        try:
            services.chat_citizen_post(session=session, text=request.POST.get("text", ""))
        except DomainError as exc:
            error, status = error_text(exc), 422
        else:
            return HttpResponseRedirect(reverse("knowledge:chat_room", args=[session.token]))
    return render(
        request,
        "knowledge/chat/room.html",
        {"session": session, "center": session.center, "error": error},
        status=status,
    )


def chat_room_thread(request, token: str):
    """The conversation, for the citizen page's polling."""
    session = _session_by_token(token)
    return render(request, "knowledge/chat/_citizen_thread.html", {"session": session})


# --- the staff ----------------------------------------------------------------------------


def _desk_context(actor, found) -> dict:
    return {
        "center": found,
        "queue": selectors.queue(found),
        "serving": selectors.serving(actor, found),
        "me": actor.user,
    }


def chat_desk(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *ANSWER)
    if refusal:
        return refusal
    return render(request, "knowledge/chat/desk.html", _desk_context(actor, found))


def chat_queue(request, center: str):
    """The waiting questions, for the desk's polling."""
    found = center_or_404(center)
    actor, refusal = need(request, found, *ANSWER)
    if refusal:
        return refusal
    return render(request, "knowledge/chat/_queue.html", _desk_context(actor, found))


def _staff_session(actor, found, pk: int) -> ChatSession:
    session = ChatSession.objects.filter(center=found, pk=pk).select_related("center").first()
    if session is None:
        raise Http404
    return session


def chat_thread(request, center: str, pk: int):
    """One conversation's messages, for the desk's polling."""
    found = center_or_404(center)
    actor, refusal = need(request, found, *ANSWER)
    if refusal:
        return refusal
    session = _staff_session(actor, found, pk)
    return render(request, "knowledge/chat/_staff_thread.html", {"s": session, "center": found})


def _act(request, center: str, pk: int, step):
    found = center_or_404(center)
    actor, refusal = need(request, found, *ANSWER)
    if refusal:
        return refusal
    session = _staff_session(actor, found, pk)
    try:
        text = step(actor, session)
    except DomainError as exc:
        messages.warning(request, error_text(exc))
    else:
        if text:
            messages.success(request, text)
    return HttpResponseRedirect(reverse("knowledge:chat_desk", args=[found.code]) + f"#chat-{pk}")


@require_POST
def chat_take(request, center: str, pk: int):
    def step(actor, session):
        session = services.chat_take(actor=actor, session=session)
        return gettext("已接入，登记为咨询 %(n)s（您是首问责任人）") % {"n": session.enquiry.number}

    return _act(request, center, pk, step)


@require_POST
def chat_reply(request, center: str, pk: int):
    def step(actor, session):
        services.chat_reply(actor=actor, session=session, text=request.POST.get("text", ""))
        return ""

    return _act(request, center, pk, step)


@require_POST
def chat_close(request, center: str, pk: int):
    def step(actor, session):
        session = services.chat_close(actor=actor, session=session)
        return gettext("已结束会话，咨询 %(n)s 已办结") % {"n": session.enquiry.number}

    return _act(request, center, pk, step)
