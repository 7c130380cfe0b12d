"""Forms of the assist pages (the services check everything again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.core.models import User

from .models import Kind, MemberKind, Skill


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("服务类别"), choices=Kind.choices)
    id_number = forms.CharField(
        label=_("身份证号码（读卡或输入，可不填）"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话（可不填）"), max_length=20, required=False)
    item = forms.ChoiceField(label=_("办理事项（可不填）"), required=False)
    language = forms.CharField(
        label=_("语种或方言（外语、方言服务时填）"), max_length=40, required=False
    )
    note = forms.CharField(
        label=_("需求说明"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—")] + [(i.code, str(i)) for i in items]


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.staff_number} {obj.display_name}".strip()


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=MemberKind.choices)
    user = StaffChoice(
        label=_("工作人员账号（志愿者可不选）"), queryset=User.objects.none(), required=False
    )
    name = forms.CharField(label=_("姓名（不选账号时填）"), max_length=50, required=False)
    skills = forms.MultipleChoiceField(
        label=_("服务技能"), choices=Skill.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(label=_("外语语种"), max_length=100, required=False)
    dialects = forms.CharField(label=_("方言"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    active = forms.BooleanField(label=_("在岗"), required=False, initial=True)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["user"].queryset = staff
