"""Forms of the attendance pages: they parse and bound what is typed; the rules
(who, when, before the time) are the services', whose field errors are put
back on the form by `apply_error`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError

from .models import ExcuseKind, PunchKind
from .services import DEVICE_MAX, REASON_MAX


def apply_error(form: forms.Form, exc: DomainError) -> None:
    for name, message in exc.fields.items():
        target = name if name in form.fields else None
        if target is None and name == "staff_number" and "person" in form.fields:
            target = "person"
        form.add_error(target, str(message))
    if not exc.fields:
        form.add_error(None, str(exc.message))


def _local_datetime(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _people(profiles):
    return [("", "---------")] + [
        (p.user.staff_number, f"{p.user.staff_number} {p.user.display_name}")
        for p in profiles
        if p.user.staff_number
    ]


class _WithPeople(forms.Form):
    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _people(profiles)


class ExcuseForm(_WithPeople):
    person = forms.ChoiceField(label=_("报备人员"))
    kind = forms.ChoiceField(label=_("类型"), choices=ExcuseKind.choices)
    expected_at = _local_datetime(_("预计到岗（或离岗）时间"))
    reason = forms.CharField(label=_("事由"), max_length=REASON_MAX)


class ManualPunchForm(_WithPeople):
    person = forms.ChoiceField(label=_("人员"))
    kind = forms.ChoiceField(label=_("类型"), choices=PunchKind.choices)
    at = _local_datetime(_("打卡时间"))
    reason = forms.CharField(label=_("补录原因"), max_length=REASON_MAX)
    fault = forms.TypedChoiceField(
        label=_("对应设备故障"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, faults=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fault"].choices = [("", _("（无）"))] + [(f.pk, str(f)) for f in faults]


class FaultForm(forms.Form):
    device = forms.CharField(label=_("设备"), max_length=DEVICE_MAX, initial=_("一楼大厅考勤机"))
    started_at = _local_datetime(_("故障开始"))
    ended_at = _local_datetime(_("恢复时间（未恢复可不填）"), required=False)
    description = forms.CharField(label=_("故障情况"), max_length=REASON_MAX)


class ForceMajeureForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("原因"), max_length=REASON_MAX)
    everyone = forms.BooleanField(label=_("适用全体人员"), required=False)
    people = forms.MultipleChoiceField(
        label=_("适用人员"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = _people(profiles)[1:]
