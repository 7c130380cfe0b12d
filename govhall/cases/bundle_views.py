"""一件事 and 转办 pages: the centre's bundle settings, the bundle intake at a
window, the bundle page with its combined notice and one output, and the
transfer form's POST. Thin: reads through selectors, changes through services."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.catalog.selectors import items_at_center
from govhall.core.errors import DomainError, PermissionDenied
from govhall.core.models import TokenKind
from govhall.core.web import denied, need
from govhall.hall.models import Window

from . import selectors, services
from .models import Bundle, BundleApplication, MaterialStatus
from .views import _actor, _case, _center


def _bundle_form(post) -> dict:
    return {
        "name": post.get("name", "")[:60],
        "description": post.get("description", "")[:300],
        "item_codes": [c[:40] for c in post.getlist("items")][:20],
        "active": bool(post.get("active")),
    }


@require_http_methods(["GET", "POST"])
def bundle_settings(request, center: str, bundle_id: int | None = None):
    """一件事 settings of a centre: the list, and a form to create or edit one
    from the items stationed there (catalog.manage)."""
    found = _center(center)
    actor, refusal = need(request, found, "catalog.manage")
    if refusal:
        return refusal
    bundle = None
    if bundle_id is not None:
        bundle = Bundle.objects.filter(pk=bundle_id, center=found).first()
        if bundle is None:
            raise Http404
    context = {
        "center": found,
        "bundles": Bundle.objects.filter(center=found).prefetch_related("entries__item"),
        "bundle": bundle,
        "items": items_at_center(found),
        "chosen": [e.item.code for e in bundle.entries.select_related("item")] if bundle else [],
        "form": {"name": bundle.name, "description": bundle.description, "active": bundle.active}
        if bundle
        else {"active": True},
    }
    if request.method == "POST":
        form = _bundle_form(request.POST)
        try:
            saved = services.bundle_save(actor=actor, center=found, bundle=bundle, **form)
        except DomainError as exc:
            context.update(error=exc.message, fields=exc.fields, form=form)
            context["chosen"] = form["item_codes"]
            return render(request, "cases/bundle_settings.html", context, status=exc.status)
        return redirect("cases:bundle_edit", center=found.code, bundle_id=saved.pk)
    return render(request, "cases/bundle_settings.html", context)


def _window(request, code: str):
    if "\x00" in code:
        raise Http404
    window = Window.objects.select_related("center").filter(code=code[:32]).first()
    if window is None:
        raise Http404
    actor, refusal = _actor(request)
    if refusal:
        return None, None, refusal
    try:
        actor.require(window.center, "case.intake")
        if actor.kind == TokenKind.WINDOW and actor.window_id != window.pk:
            raise PermissionDenied(gettext("窗口令牌只能操作本窗口"))
    except PermissionDenied as exc:
        return None, None, denied(request, exc.message, 403)
    return actor, window, None


@require_http_methods(["GET", "POST"])
def bundle_intake(request, code: str):
    """一件事 at a window: one form (the applicant once, each shared material
    once), one intake making a case per item."""
    actor, window, refusal = _window(request, code)
    if refusal:
        return refusal
    bundles = Bundle.objects.filter(center=window.center, active=True)
    raw = (request.POST.get("bundle") or request.GET.get("bundle") or "")[:12]
    bundle = bundles.filter(pk=int(raw)).first() if raw.isdigit() else None
    materials = services.bundle_materials(bundle) if bundle else []
    for i, m in enumerate(materials):
        m["key"] = f"u{i}"
        m["posted_status"] = request.POST.get(f"u{i}_status", "")
        m["posted_note"] = request.POST.get(f"u{i}_note", "")[:300]
    context = {
        "window": window,
        "bundles": bundles,
        "bundle": bundle,
        "items": services.bundle_items(bundle) if bundle else [],
        "materials": materials,
        "statuses": MaterialStatus.choices,
        "form": request.POST,
    }
    if request.method != "POST" or bundle is None:
        return render(request, "cases/bundle_intake.html", context)
    post = request.POST
    try:
        application = services.bundle_intake(
            actor=actor,
            center=window.center,
            bundle=bundle,
            applicant={
                "kind": post.get("kind", ""),
                "name": post.get("name", "")[:100],
                "id_number": post.get("id_number", "")[:40] or None,
                "credit_code": post.get("credit_code", "")[:40] or None,
                "phone": post.get("phone", "")[:20],
            },
            materials=[
                {"material": m["name"], "status": m["posted_status"], "note": m["posted_note"]}
                for m in materials
            ],
            proxy={"name": post["proxy_name"][:100], "id_number": post.get("proxy_id", "")[:40]}
            if post.get("proxy_name")
            else None,
            delivery={
                "method": post.get("delivery", "window"),
                "address": post.get("address", "")[:200],
            },
        )
    except DomainError as exc:
        context.update(error=exc.message, fields=exc.fields)
        return render(request, "cases/bundle_intake.html", context, status=exc.status)
    return redirect("cases:bundle", number=application.number)


def _application(actor, number: str) -> BundleApplication:
    """A bundle the actor may read: one of whose cases they may read."""
    if not number or len(number) > 48 or "\x00" in number:
        raise Http404
    application = BundleApplication.objects.select_related("center").filter(number=number).first()
    if application is None:
        raise Http404
    readable = selectors.readable(actor).filter(bundle_member__application=application)
    if not readable.exists():
        raise Http404
    return application


def _bundle_context(actor, application, **extra) -> dict:
    progress = services.bundle_progress(application)
    visible = set(
        selectors.readable(actor)
        .filter(bundle_member__application=application)
        .values_list("pk", flat=True)
    )
    for c in progress["cases"]:
        c.visible = c.pk in visible
        c.clock = selectors.clock(c)
    first = progress["cases"][0]
    return {
        "application": application,
        "progress": progress,
        "is_clerk": actor.can(application.center, "case.intake"),
        "wanted": services.bundle_wanted(application),
        "statuses": MaterialStatus.choices,
        "post_delivery": first.delivery_method == "post",
        **extra,
    }


def bundle_page(request, number: str):
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    application = _application(actor, number[:48])
    return render(request, "cases/bundle_page.html", _bundle_context(actor, application))


def bundle_notice(request, number: str):
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    application = _application(actor, number[:48])
    response = HttpResponse(bytes(application.notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.number}.pdf"'
    return response


@require_POST
def bundle_deliver(request, number: str):
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    application = _application(actor, number[:48])
    post = request.POST
    try:
        services.bundle_deliver(
            actor=actor,
            application=application,
            collector_name=post.get("collector_name", "")[:100],
            collector_id_number=post.get("collector_id_number", "")[:40],
            signature=post.get("signature", "")[:200_000],
            entrusted=bool(post.get("entrusted")),
            tracking_number=post.get("tracking_number", "")[:40],
        )
    except DomainError as exc:
        context = _bundle_context(actor, application, error=exc.message, fields=exc.fields)
        return render(request, "cases/bundle_page.html", context, status=exc.status)
    return redirect("cases:bundle", number=application.number)


@require_POST
def bundle_supplement(request, number: str):
    """补正 of the bundle: each missing material checked once for every case."""
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    application = _application(actor, number[:48])
    post = request.POST
    wanted = services.bundle_wanted(application)
    try:
        services.bundle_supplement(
            actor=actor,
            application=application,
            materials=[
                {
                    "material": w["name"],
                    "status": post.get(f"w{i}_status", ""),
                    "note": post.get(f"w{i}_note", "")[:300],
                }
                for i, w in enumerate(wanted)
            ],
        )
    except DomainError as exc:
        context = _bundle_context(actor, application, error=exc.message, fields=exc.fields)
        return render(request, "cases/bundle_page.html", context, status=exc.status)
    return redirect("cases:bundle", number=application.number)


@require_POST
def case_transfer(request, number: str):
    """转办 from the case page."""
    actor, refusal = _actor(request)
    if refusal:
        return refusal
    case = _case(actor, number[:48])
    try:
        services.case_transfer(
            actor=actor,
            case=case,
            department=request.POST.get("department", "")[:32],
            reason=request.POST.get("reason", "")[:2000],
        )
    except DomainError as exc:
        from .views import _case_context

        case.refresh_from_db()
        context = _case_context(actor, case, error=exc.message, fields=exc.fields)
        return render(request, "cases/case.html", context, status=exc.status)
    # The transferrer may no longer read the case (another department's now).
    if selectors.readable(actor).filter(pk=case.pk).exists():
        return redirect("cases:case", number=case.number)
    return redirect("cases:worklist", center=case.center.code)
