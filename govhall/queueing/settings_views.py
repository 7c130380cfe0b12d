"""The queues settings pages: the centre's queues (their items and number
prefixes), adding and changing one, taking it out of service, and each
window's calling profile. A centre admin (hall.manage) changes; a district
supervisor reads (report.read). Thin: services change."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from govhall.catalog.models import ServiceItem
from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.names import validate_name
from govhall.core.web import center_or_404, need
from govhall.hall.models import Window

from . import configuration, services
from .models import Queue, WindowQueue

READ = ("hall.manage", "report.read")


class QueueForm(forms.Form):
    name = forms.CharField(
        label=_("名称"), max_length=configuration.NAME_MAX, validators=[validate_name]
    )
    prefix = forms.CharField(label=_("号码前缀"), max_length=2)
    position = forms.IntegerField(
        label=_("排序"), min_value=0, max_value=configuration.POSITION_MAX, initial=0
    )
    items = forms.TypedMultipleChoiceField(
        label=_("办理事项"), coerce=int, required=False, choices=()
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(i.pk, i.label) for i in items]


class QueueCreateForm(QueueForm):
    code = forms.CharField(label=_("编码"), max_length=32, help_text=_("如 SHBZ，设定后不再修改"))


def _items(center) -> list[ServiceItem]:
    items = list(
        ServiceItem.objects.filter(stationings__center=center, stationings__active=True)
        .select_related("published_version")
        .order_by("domain", "code")
        .distinct()
    )
    for item in items:
        version = item.published_version
        item.label = f"{version.name if version else item.code}"
    return items


def _queue(center, pk: int) -> Queue:
    queue = Queue.objects.filter(center=center, pk=pk).first()
    if queue is None:
        raise Http404
    return queue


def _window(center, code: str) -> Window:
    window = Window.objects.filter(center=center, code=code[:32]).first()
    if window is None:
        raise Http404
    return window


def _apply(form, exc: DomainError) -> None:
    for field, message in exc.fields.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, str(message))


def _invalid() -> ValidationFailed:
    return ValidationFailed(gettext("队列信息有误，请按提示修改。"))


def _chosen(center, ids) -> list[ServiceItem]:
    return list(ServiceItem.objects.filter(pk__in=ids or []))


def _list_context(actor, center, form=None, error=None) -> dict:
    items = _items(center)
    queues = list(
        Queue.objects.filter(center=center)
        .prefetch_related("items")
        .order_by("-is_active", "position", "code")
    )
    windows = list(Window.objects.filter(center=center).order_by("-is_active", "number"))
    links = WindowQueue.objects.filter(window__center=center).select_related("queue")
    profiles: dict[int, list[Queue]] = {}
    for link in links.order_by("position", "id"):
        profiles.setdefault(link.window_id, []).append(link.queue)
    for w in windows:
        w.calls = profiles.get(w.pk, [])
    form = form or QueueCreateForm(items=items)
    return {
        "center": center,
        "page": "queues",
        "can_change": actor.can(center, "hall.manage"),
        "queues": queues,
        "chosen": {str(v) for v in (form["items"].value() or [])},
        "windows": windows,
        "form": form,
        "items": items,
        "error": error,
    }


@require_http_methods(["GET", "POST"])
def queues(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    if request.method == "GET":
        return render(request, "queueing/settings/queues.html", _list_context(actor, found))
    form = QueueCreateForm(request.POST, items=_items(found))
    try:
        if not form.is_valid():
            raise _invalid()
        data = form.cleaned_data
        queue = services.queue_create(
            actor=actor,
            center=found,
            code=data["code"],
            name=data["name"],
            prefix=data["prefix"],
            position=data["position"],
            items=_chosen(found, data["items"]),
        )
    except DomainError as exc:
        _apply(form, exc)
        context = _list_context(actor, found, form, exc)
        return render(request, "queueing/settings/queues.html", context, status=exc.status)
    messages.success(request, gettext("已新增队列：%(q)s") % {"q": queue})
    return redirect("queues:list", found.code)


@require_http_methods(["GET", "POST"])
def queue_edit(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    queue = _queue(found, pk)
    items = _items(found)
    initial = {
        "name": queue.name,
        "prefix": queue.prefix,
        "position": queue.position,
        "items": list(queue.items.values_list("pk", flat=True)),
    }
    form = QueueForm(request.POST or None, items=items, initial=initial)
    error, status = None, 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _invalid()
            data = form.cleaned_data
            services.queue_update(
                actor=actor,
                queue=queue,
                name=data["name"],
                prefix=data["prefix"],
                position=data["position"],
                items=_chosen(found, data["items"]),
            )
        except DomainError as exc:
            _apply(form, exc)
            error, status = exc, exc.status
        else:
            messages.success(request, gettext("队列已保存。"))
            return redirect("queues:list", found.code)
    chosen = {str(v) for v in (form["items"].value() or [])}
    context = {
        "center": found,
        "page": "queues",
        "can_change": actor.can(found, "hall.manage"),
        "queue": queue,
        "form": form,
        "items": items,
        "chosen": chosen,
        "error": error,
    }
    return render(request, "queueing/settings/queue_edit.html", context, status=status)


@require_POST
def queue_deactivate(request, center: str, pk: int):
    return _switch(request, center, pk, services.queue_deactivate, gettext("已停用：%(q)s"))


@require_POST
def queue_activate(request, center: str, pk: int):
    return _switch(request, center, pk, services.queue_activate, gettext("已启用：%(q)s"))


def _switch(request, center, pk, step, done):
    found = center_or_404(center)
    actor, refusal = need(request, found, "hall.manage")
    if refusal:
        return refusal
    queue = _queue(found, pk)
    try:
        step(actor=actor, queue=queue)
    except DomainError as exc:
        context = _list_context(actor, found, None, exc)
        return render(request, "queueing/settings/queues.html", context, status=exc.status)
    messages.success(request, done % {"q": queue})
    return redirect("queues:list", found.code)


# --- a window's calling profile ---------------------------------------------------------


def _profile_rows(center, window, typed: dict | None = None) -> list[dict]:
    current = {
        link.queue_id: n + 1 for n, link in enumerate(window.profile.order_by("position", "id"))
    }
    rows = []
    for q in Queue.objects.filter(center=center).order_by("-is_active", "position", "code"):
        order = typed.get(str(q.pk), "") if typed is not None else current.get(q.pk, "")
        rows.append({"queue": q, "order": order})
    return rows


def _profile_from_post(center, post) -> tuple[list[Queue] | None, dict, str | None]:
    """The queues in the typed order, what was typed, and why it cannot be read."""
    typed, ordered = {}, []
    known = {str(q.pk): q for q in Queue.objects.filter(center=center)}
    for key, value in post.items():
        if not key.startswith("q-"):
            continue
        qid, raw = key[2:], value.strip()[:4]
        typed[qid] = raw
        if not raw:
            continue
        if qid not in known:
            return None, typed, gettext("只能选择本中心的队列")
        if not raw.isdigit() or not 1 <= int(raw) <= 99:
            return None, typed, gettext("顺序应为 1 至 99 的整数")
        ordered.append((int(raw), known[qid]))
    numbers = [n for n, _q in ordered]
    if len(set(numbers)) != len(numbers):
        return None, typed, gettext("两个队列的顺序相同，请给每个队列不同的顺序")
    return [q for _n, q in sorted(ordered, key=lambda p: p[0])], typed, None


@require_http_methods(["GET", "POST"])
def profile(request, center: str, code: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    window = _window(found, code)
    error, status, typed = None, 200, None
    if request.method == "POST":
        chosen, typed, problem = _profile_from_post(found, request.POST)
        try:
            if problem:
                raise ValidationFailed(problem, code="invalid_profile", fields={"queues": problem})
            services.window_profile_set(actor=actor, window=window, queues=chosen)
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, gettext("已保存 %(w)s 的呼叫队列。") % {"w": window})
            return redirect("queues:profile", found.code, window.code)
    context = {
        "center": found,
        "page": "queues",
        "can_change": actor.can(found, "hall.manage"),
        "window": window,
        "rows": _profile_rows(found, window, typed),
        "error": error,
    }
    return render(request, "queueing/settings/profile.html", context, status=status)
