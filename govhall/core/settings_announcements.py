"""The centre's announcements in the workplace (issue 12 §1; 000 第八条): the
current, coming and past ones, adding and changing one, ending one now and
withdrawing one not yet begun. A centre admin (hall.manage) changes; a
district supervisor reads (report.read). Thin: core.services changes, and
announcement_problems is the one place the rules live."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .errors import DomainError, ValidationFailed
from .models import SCREEN_FIELDS, Announcement
from .web import center_or_404, need

READ = ("hall.manage", "report.read")
PAST_SHOWN = 20
SCREENS = [
    ("display", _("叫号显示屏")),
    ("kiosk", _("自助取号机")),
    ("guide", _("办事指南页面")),
]


class _Moment(forms.SplitDateTimeField):
    """A day typed as YYYY-MM-DD and a time as HH:MM: the pickers of some
    browsers show MM/DD/YYYY and AM/PM, which the hall does not use."""

    def __init__(self, *, hint: str, **kwargs):
        widget = forms.SplitDateTimeWidget(
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={
                "class": "yyyymmdd",
                "maxlength": 10,
                "placeholder": "2026-01-05",
                "inputmode": "numeric",
            },
            time_attrs={
                "class": "hhmm",
                "maxlength": 5,
                "placeholder": hint,
                "inputmode": "numeric",
            },
        )
        super().__init__(
            input_date_formats=["%Y-%m-%d", "%Y/%m/%d"],
            input_time_formats=["%H:%M", "%H:%M:%S"],
            widget=widget,
            require_all_fields=False,
            **kwargs,
        )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=40)
    text = forms.CharField(
        label=_("内容"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 300}),
    )
    starts_at = _Moment(label=_("开始时间"), hint="09:00")
    ends_at = _Moment(label=_("结束时间"), hint="17:00")
    screens = forms.MultipleChoiceField(
        label=_("显示位置"),
        choices=SCREENS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, is_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = is_new

    def clean(self):
        data = super().clean()
        # The service's rules, beside the fields they concern; the service
        # checks them again when it saves.
        problems = services.announcement_problems(
            title=data.get("title") or "",
            text=data.get("text") or "",
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            screens=data.get("screens") or [],
            is_new=self.is_new,
        )
        for field, message in problems.items():
            field = "screens" if field == "on_display" else field
            if field not in self.errors:
                self.add_error(field, str(message))
        return data


def _initial(announcement: Announcement | None) -> dict:
    if announcement is None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {
            "starts_at": now,
            "ends_at": now.replace(hour=17, minute=0) if now.hour < 17 else None,
            "screens": [s for s, _label in SCREENS],
        }
    return {
        "title": announcement.title,
        "text": announcement.text,
        "starts_at": timezone.localtime(announcement.starts_at),
        "ends_at": timezone.localtime(announcement.ends_at),
        "screens": [s for s, f in SCREEN_FIELDS.items() if getattr(announcement, f)],
    }


def _announcement(center, pk: int) -> Announcement:
    found = Announcement.objects.filter(center=center, pk=pk).first()
    if found is None:
        raise Http404
    return found


def _screens_of(a: Announcement) -> list[str]:
    labels = dict(SCREENS)
    return [str(labels[s]) for s, f in SCREEN_FIELDS.items() if getattr(a, f)]


def _list_context(actor, center, form=None, error=None) -> dict:
    now = timezone.now()
    rows = Announcement.objects.filter(center=center)
    current = list(rows.filter(starts_at__lte=now, ends_at__gt=now).order_by("-starts_at", "-id"))
    coming = list(rows.filter(starts_at__gt=now).order_by("starts_at", "id"))
    past = list(rows.filter(ends_at__lte=now).order_by("-ends_at", "-id")[:PAST_SHOWN])
    for a in current + coming + past:
        a.screen_labels = _screens_of(a)
    return {
        "center": center,
        "page": "announcements",
        "can_change": actor.can(center, "hall.manage"),
        "groups": [
            ("current", _("正在显示"), current),
            ("coming", _("即将显示"), coming),
            ("past", _("已结束"), past),
        ],
        "form": form or AnnouncementForm(initial=_initial(None), is_new=True),
        "error": error,
    }


def _save(actor, center, form, announcement=None) -> Announcement:
    if not form.is_valid():
        raise ValidationFailed(gettext("公告信息有误，请按提示修改。"))
    data = form.cleaned_data
    return services.announcement_save(
        actor=actor,
        center=center,
        title=data["title"],
        text=data["text"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        screens=data["screens"],
        announcement=announcement,
    )


def _apply(form, exc: DomainError) -> None:
    for field, message in exc.fields.items():
        field = "screens" if field == "on_display" else field
        if field in form.fields and field not in form.errors:
            form.add_error(field, str(message))


@require_http_methods(["GET", "POST"])
def announcements(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    if request.method == "GET":
        return render(request, "core/settings/announcements.html", _list_context(actor, found))
    form = AnnouncementForm(request.POST, is_new=True)
    try:
        saved = _save(actor, found, form)
    except DomainError as exc:
        _apply(form, exc)
        context = _list_context(actor, found, form, exc)
        return render(request, "core/settings/announcements.html", context, status=exc.status)
    messages.success(request, gettext("已发布公告：%(t)s") % {"t": saved.title})
    return redirect("settings:announcements", found.code)


@require_http_methods(["GET", "POST"])
def announcement_edit(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    announcement = _announcement(found, pk)
    form = AnnouncementForm(request.POST or None, initial=_initial(announcement), is_new=False)
    error, status = None, 200
    if request.method == "POST":
        try:
            _save(actor, found, form, announcement)
        except DomainError as exc:
            _apply(form, exc)
            error, status = exc, exc.status
        else:
            messages.success(request, gettext("公告已保存。"))
            return redirect("settings:announcements", found.code)
    context = {
        "center": found,
        "page": "announcements",
        "can_change": actor.can(found, "hall.manage"),
        "announcement": announcement,
        "screen_labels": _screens_of(announcement),
        "form": form,
        "error": error,
    }
    return render(request, "core/settings/announcement_edit.html", context, status=status)


@require_POST
def announcement_end(request, center: str, pk: int):
    return _step(request, center, pk, services.announcement_end, gettext("已结束公告：%(t)s"))


@require_POST
def announcement_withdraw(request, center: str, pk: int):
    return _step(request, center, pk, services.announcement_withdraw, gettext("已撤销公告：%(t)s"))


def _step(request, center, pk, step, done):
    found = center_or_404(center)
    actor, refusal = need(request, found, "hall.manage")
    if refusal:
        return refusal
    announcement = _announcement(found, pk)
    try:
        step(actor=actor, announcement=announcement)
    except DomainError as exc:
        context = _list_context(actor, found, None, exc)
        return render(request, "core/settings/announcements.html", context, status=exc.status)
    messages.success(request, done % {"t": announcement.title})
    return redirect("settings:announcements", found.code)
