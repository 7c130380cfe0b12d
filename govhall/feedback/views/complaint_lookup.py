"""凭投诉编号查询: a citizen finds their complaint by its number and the phone
left with it (what the receipt promises), then sees the receipt page. Throttled
per address like every public form; a wrong pair says nothing about which half
was wrong."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from govhall.core.errors import DomainError
from govhall.core.web import throttle_public_posts

from .. import forms
from ..selectors import complaints as selectors


@require_http_methods(["GET", "POST"])
@throttle_public_posts
def complaint_lookup(request):
    # The number may come from the receipt's link (?number=); the phone never
    # travels in a URL.
    form = forms.ComplaintLookupForm(
        request.POST or None, initial={"number": request.GET.get("number", "")[:60]}
    )
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                found = selectors.complaint_for_citizen(
                    form.cleaned_data["number"], form.cleaned_data["phone"]
                )
            except DomainError as exc:
                error, status = exc, exc.status
            else:
                return redirect("feedback:complaint_receipt", found.receipt_token)
        else:
            status = 422
    return render(
        request, "feedback/complaint_lookup.html", {"form": form, "error": error}, status=status
    )


urlpatterns = [path("complaints/lookup/", complaint_lookup, name="complaint_lookup")]
