"""Forms of the booking pages: they only parse and bound what is typed (length,
number, date, time); every domain rule is the services' (ID checksum, phone
format, capacity, the two-staff rule …), whose field errors are put back on the
form by `apply_error`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.names import validate_name

from .models import Weekday
from .services import NAME_MAX, TEXT_MAX


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """A service's field errors onto the form's fields (its message is shown at
    the top of the page)."""
    for field, message in exc.fields.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, str(message))


def form_error(form: forms.Form) -> ValidationFailed:
    """A form's errors as a refusal the page can show, each with its field's label."""
    fields = {k: " ".join(str(m) for m in v) for k, v in form.errors.items()}
    parts = [f"{form.fields[k].label}：{m}" if k in form.fields else m for k, m in fields.items()]
    return ValidationFailed("；".join(parts), fields=fields)


def _text(label, max_length, required=True, **kw):
    return forms.CharField(label=label, max_length=max_length, required=required, **kw)


class PersonForm(forms.Form):
    name = _text(_("姓名"), NAME_MAX, validators=[validate_name])
    id_number = _text(_("身份证号码"), 20)
    phone = _text(_("手机号码"), 20)


class BookForm(PersonForm):
    slot = forms.IntegerField(label=_("时段"), min_value=1, max_value=2**62)


class KioskBookForm(forms.Form):
    """At the kiosk: ID number and phone; the name only if the person wants."""

    id_number = _text(_("身份证号码"), 20)
    phone = _text(_("手机号码"), 20)
    name = _text(_("姓名（选填）"), NAME_MAX, required=False, validators=[validate_name])
    slot = forms.IntegerField(label=_("时段"), min_value=1, max_value=2**62)


class RescheduleForm(forms.Form):
    slot = forms.IntegerField(label=_("新时段"), min_value=1, max_value=2**62)
    reason = _text(_("改约原因"), 200, required=False)


class HotlineForm(BookForm):
    item = _text(_("事项"), 40)


class LookupForm(forms.Form):
    code = _text(_("预约码"), 8, min_length=8)
    phone = _text(_("手机号码"), 20)


class ReasonForm(forms.Form):
    reason = _text(_("原因"), 200)


class CitizenCancelForm(forms.Form):
    code = _text(_("预约码"), 8)
    reason = _text(_("取消原因"), 200, required=False)


class CodeForm(forms.Form):
    code = _text(_("预约码"), 8)


class CheckInForm(forms.Form):
    code = _text(_("预约码"), 8, required=False)
    id_number = _text(_("身份证号码"), 20, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("code") and not data.get("id_number"):
            raise forms.ValidationError(_("请输入预约码或身份证号码"))
        return data


class VisitForm(forms.Form):
    name = _text(_("姓名"), NAME_MAX, validators=[validate_name])
    phone = _text(_("手机号码"), 20)
    address = _text(_("上门地址"), 200)
    reason = _text(_("不能到场的原因"), TEXT_MAX)
    id_number = _text(_("身份证号码（选填）"), 20, required=False)
    item = _text(_("办理事项（选填）"), 40, required=False)


class TemplateForm(forms.Form):
    queue = forms.IntegerField(label=_("队列"), min_value=1, max_value=2**62)
    item = _text(_("限定事项"), 40, required=False)
    weekday = forms.TypedChoiceField(label=_("星期"), choices=Weekday.choices, coerce=int)
    start = forms.TimeField(label=_("开始时间"))
    end = forms.TimeField(label=_("结束时间"))
    capacity = forms.IntegerField(label=_("可预约人数"), min_value=1, max_value=500)


class BlackoutForm(forms.Form):
    date = forms.DateField(label=_("日期"))
    reason = _text(_("原因"), 200)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核"), choices=[("approve", _("同意上门")), ("refuse", _("不予上门"))]
    )
    note = _text(_("审核意见"), TEXT_MAX, required=False)


class AssignForm(forms.Form):
    staff = forms.TypedMultipleChoiceField(label=_("上门人员"), coerce=int)

    def __init__(self, *args, staff_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = staff_choices


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(label=_("上门时间"))


class OutcomeForm(forms.Form):
    outcome = _text(_("办理结果"), 2000)
