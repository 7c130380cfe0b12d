"""Forms of the complaint pages. They only parse and bound what is typed; every
domain rule (phone format, who may act, the state machine) is the services',
whose field errors are put back on the form by `apply_error`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError
from govhall.core.names import validate_name

from .models import ComplaintChannel, RaterView
from .services.complaints import CONTENT_MAX, HOTLINE_REF_MAX, NAME_MAX, STAFF_NUMBER_MAX, TEXT_MAX


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """A service's field errors onto the form's fields (the message is shown at
    the top of the page)."""
    for field, message in exc.fields.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, str(message))


def _text(label, max_length, required=True, **kw):
    return forms.CharField(label=label, max_length=max_length, required=required, **kw)


class ComplaintOnlineForm(forms.Form):
    """The citizen's form: no account; the contact is optional but asked for."""

    content = _text(_("投诉事由"), CONTENT_MAX, widget=forms.Textarea)
    staff_number = _text(_("被投诉人工号（选填）"), STAFF_NUMBER_MAX, required=False)
    window = forms.ChoiceField(label=_("涉及窗口（选填）"), required=False)
    complainant_name = _text(
        _("您的姓名（选填）"), NAME_MAX, required=False, validators=[validate_name]
    )
    complainant_phone = _text(_("手机号码（选填，用于告知处理结果）"), 20, required=False)

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].choices = [("", _("不清楚或不涉及窗口"))] + [
            (w.code, w.name) for w in windows
        ]


STAFF_CHANNELS = [
    (ComplaintChannel.WINDOW, ComplaintChannel.WINDOW.label),
    (ComplaintChannel.HOTLINE, ComplaintChannel.HOTLINE.label),
]


class ComplaintStaffForm(ComplaintOnlineForm):
    channel = forms.ChoiceField(label=_("投诉渠道"), choices=STAFF_CHANNELS)
    hotline_ref = _text(_("12345 工单号"), HOTLINE_REF_MAX, required=False)
    complainant_name = _text(_("投诉人姓名"), NAME_MAX, required=False, validators=[validate_name])
    complainant_phone = _text(_("联系电话"), 20, required=False)
    staff_number = _text(_("被投诉人工号"), STAFF_NUMBER_MAX, required=False)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("承办人"), coerce=int)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            (u.pk, f"{u.staff_number or u.username} {u.get_full_name()}".strip()) for u in staff
        ]


class InvestigateForm(forms.Form):
    investigation = _text(_("调查核实情况"), TEXT_MAX, widget=forms.Textarea)
    founded = forms.TypedChoiceField(
        label=_("投诉是否属实"),
        choices=[("yes", _("属实")), ("no", _("不属实"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class ReplyForm(forms.Form):
    reply = _text(_("答复内容"), TEXT_MAX, widget=forms.Textarea)


class ReturnVisitForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("投诉人满意度"), choices=RaterView.choices, widget=forms.RadioSelect
    )
    note = _text(_("回访情况"), TEXT_MAX, required=False, widget=forms.Textarea)


class ComplaintLookupForm(forms.Form):
    """凭投诉编号查询: the number on the receipt and the phone left with it."""

    number = _text(_("投诉编号"), 60)
    phone = _text(_("联系电话"), 20)
