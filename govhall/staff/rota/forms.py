"""Forms of the rota and staff-change pages: they parse and bound what is typed;
the rules (turns, leave, profiles, a month ahead, first in then out, tenure)
are the services'."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError, ValidationFailed

from .services import REASON_MAX

ID_MAX = 2**62


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """A service's field errors onto the form's fields."""
    for field, message in exc.fields.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, str(message))


def form_error(form: forms.Form) -> ValidationFailed:
    """A form's errors as a refusal the page shows, each with its field's label."""
    fields = {k: " ".join(str(m) for m in v) for k, v in form.errors.items()}
    parts = [f"{form.fields[k].label}：{m}" if k in form.fields else m for k, m in fields.items()]
    return ValidationFailed("；".join(parts), fields=fields)


def _person(label, required=True):
    return forms.IntegerField(label=label, min_value=1, max_value=ID_MAX, required=required)


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("月份"),
        max_length=7,
        validators=[RegexValidator(r"^(2\d{3})-(0[1-9]|1[0-2])$", _("格式为 2026-12"))],
    )


class NameForm(forms.Form):
    user = _person(_("工作人员"))


class SetDayForm(forms.Form):
    date = forms.DateField(label=_("日期"))
    user = _person(_("值班长"))


class SwapForm(forms.Form):
    first = forms.DateField(label=_("第一天"))
    second = forms.DateField(label=_("第二天"))


class ChangeForm(forms.Form):
    leaving = _person(_("调离人员"))
    reason = forms.CharField(label=_("调整原因"), max_length=REASON_MAX)
    requested_on = forms.DateField(label=_("书面申请日期"))
    end_on = forms.DateField(label=_("拟离岗日期"))
    # Empty: the successor is still to be named (待定).
    successor = _person(_("接替人员"), required=False)
    successor_start_on = forms.DateField(label=_("接替人员到岗日期"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("决定"), choices=[("consent", _("同意")), ("refuse", _("不同意"))]
    )
    reason = forms.CharField(label=_("意见"), max_length=REASON_MAX, required=False)
    successor = _person(_("接替人员"), required=False)
