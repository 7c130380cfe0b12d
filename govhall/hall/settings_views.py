"""The windows settings pages: the centre's windows, adding one, changing it,
taking it out of service. A centre admin (hall.manage) changes; a district
supervisor reads (report.read). Thin: services change, the forms only read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.web import center_or_404, need

from . import services
from .models import Window
from .settings_forms import WindowCreateForm, WindowForm

READ = ("hall.manage", "report.read")


def _window(center, code: str) -> Window:
    """A window of this centre; another centre's looks the same as none."""
    window = Window.objects.filter(center=center, code=code[:32]).first()
    if window is None:
        raise Http404
    return window


def _apply(form, exc: DomainError) -> None:
    for field, message in exc.fields.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, str(message))


def _proposed(center, number) -> str:
    text = str(number or "").strip()
    if not text.isdigit() or not 1 <= int(text) <= services.NUMBER_MAX:
        return ""
    return services.proposed_code(center, int(text))


def _list_context(actor, center, form=None, error=None) -> dict:
    windows = list(
        Window.objects.filter(center=center).select_related("zone").order_by("-is_active", "number")
    )
    if form is None:
        number = services.next_number(center)
        form = WindowCreateForm(
            center=center,
            initial={"number": number, "name": gettext("%(n)s号窗口") % {"n": number}},
        )
    return {
        "center": center,
        "page": "windows",
        "can_change": actor.can(center, "hall.manage"),
        "windows": windows,
        "form": form,
        "error": error,
        "proposed": _proposed(center, form["number"].value()),
    }


@require_http_methods(["GET", "POST"])
def windows(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    if request.method == "GET":
        return render(request, "hall/settings/windows.html", _list_context(actor, found))
    form = WindowCreateForm(request.POST, center=found)
    try:
        if not form.is_valid():
            return _refused(request, actor, found, form)
        data = form.cleaned_data
        zone = found.zones.filter(pk=data["zone"]).first() if data["zone"] else None
        window = services.window_create(
            actor=actor,
            center=found,
            number=data["number"],
            name=data["name"],
            type=data["type"],
            domain=data["domain"],
            zone=zone,
            code=data["code"],
        )
    except DomainError as exc:
        _apply(form, exc)
        context = _list_context(actor, found, form, exc)
        return render(request, "hall/settings/windows.html", context, status=exc.status)
    messages.success(
        request, gettext("已新增窗口：%(w)s（编码 %(c)s）") % {"w": window, "c": window.code}
    )
    return redirect("windows:list", found.code)


def _refused(request, actor, center, form):
    context = _list_context(
        actor, center, form, {"message": gettext("窗口信息有误，请按提示修改。")}
    )
    return render(request, "hall/settings/windows.html", context, status=422)


@require_http_methods(["GET", "POST"])
def window_edit(request, center: str, code: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    window = _window(found, code)
    initial = {
        "number": window.number,
        "name": window.name,
        "type": window.type,
        "domain": window.domain,
        "zone": window.zone_id,
    }
    form = WindowForm(request.POST or None, center=found, initial=initial)
    error, status = None, 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _invalid()
            data = form.cleaned_data
            zone = found.zones.filter(pk=data["zone"]).first() if data["zone"] else None
            services.window_update(
                actor=actor,
                window=window,
                number=data["number"],
                name=data["name"],
                type=data["type"],
                domain=data["domain"],
                zone=zone,
            )
        except DomainError as exc:
            _apply(form, exc)
            error, status = exc, exc.status
        else:
            messages.success(request, gettext("窗口已保存。"))
            return redirect("windows:list", found.code)
    context = {
        "center": found,
        "page": "windows",
        "can_change": actor.can(found, "hall.manage"),
        "window": window,
        "form": form,
        "error": error,
    }
    return render(request, "hall/settings/window_edit.html", context, status=status)


def _invalid() -> ValidationFailed:
    return ValidationFailed(gettext("窗口信息有误，请按提示修改。"))


@require_POST
def window_deactivate(request, center: str, code: str):
    return _switch(request, center, code, services.window_deactivate, gettext("已停用：%(w)s"))


@require_POST
def window_activate(request, center: str, code: str):
    return _switch(request, center, code, services.window_activate, gettext("已启用：%(w)s"))


def _switch(request, center, code, step, done):
    found = center_or_404(center)
    actor, refusal = need(request, found, "hall.manage")
    if refusal:
        return refusal
    window = _window(found, code)
    try:
        step(actor=actor, window=window)
    except DomainError as exc:
        context = _list_context(actor, found, None, exc)
        return render(request, "hall/settings/windows.html", context, status=exc.status)
    messages.success(request, done % {"w": window})
    return redirect("windows:list", found.code)
