"""chat: the pages (thin)."""

from django.shortcuts import render

from govhall.core.web import center_or_404, throttle_public_posts


@throttle_public_posts
def chat_start(request, center: str):
    found = center_or_404(center)
    question = (request.GET.get("q") or "")[:500]
    return render(request, "knowledge/chat/start.html", {"center": found, "question": question})
