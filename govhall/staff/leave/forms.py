"""Forms of the leave pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.core.models import User

from .days import Part, span
from .models import LeaveKind

START_PARTS = [(Part.AM, _("上午起")), (Part.PM, _("下午起"))]
END_PARTS = [(Part.PM, _("至下午（全天）")), (Part.AM, _("至上午（半天）"))]


class LeaveRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("请假类别"), choices=LeaveKind.choices)
    start_date = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_part = forms.ChoiceField(label=_("开始"), choices=START_PARTS, initial=Part.AM)
    start_time = forms.TimeField(
        label=_("开始时刻（按小时请假时填）"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end_date = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_part = forms.ChoiceField(label=_("结束"), choices=END_PARTS, initial=Part.PM)
    end_time = forms.TimeField(
        label=_("结束时刻（按小时请假时填）"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    reason = forms.CharField(
        label=_("请假事由"), max_length=200, widget=forms.TextInput(attrs={"size": 50})
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = span(
            data["start_date"],
            data["start_part"],
            data["end_date"],
            data["end_part"],
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
        )
        if end <= start:
            self.add_error("end_date", _("结束时间须晚于开始时间"))
        data["start"], data["end"] = start, end
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("不批准的理由"), max_length=200)


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.staff_number} {obj.display_name}".strip()


class FileForm(forms.Form):
    cover = StaffChoice(label=_("顶岗人员"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["cover"].queryset = staff


class LeadAbsenceForm(forms.Form):
    lead = StaffChoice(label=_("首席代表"), queryset=User.objects.none())
    start_date = forms.DateField(
        label=_("离岗开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("离岗结束日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("离岗事由"), max_length=200, widget=forms.TextInput(attrs={"size": 50})
    )
    deputy = StaffChoice(
        label=_("临时负责人（离岗两天以上必填）"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, leads=None, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leads is not None:
            self.fields["lead"].queryset = leads
        if staff is not None:
            self.fields["deputy"].queryset = staff

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", _("结束日期不能早于开始日期"))
        return data
