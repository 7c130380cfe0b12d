"""Forms of the emergency pages: they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONTACT_ROWS = 6


class PlanForm(forms.Form):
    title = forms.CharField(label=_("预案名称"), max_length=100)
    version = forms.CharField(label=_("版本号"), max_length=20)
    reviewed_on = forms.DateField(label=_("审定日期"), widget=DATE)
    steps = forms.CharField(
        label=_("处置步骤（每行一步）"), max_length=4000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(CONTACT_ROWS):
            self.fields[f"duty_{n}"] = forms.CharField(max_length=40, required=False)
            self.fields[f"name_{n}"] = forms.CharField(max_length=40, required=False)
            self.fields[f"phone_{n}"] = forms.CharField(max_length=20, required=False)

    def contact_rows(self):
        return [
            (self[f"duty_{n}"], self[f"name_{n}"], self[f"phone_{n}"]) for n in range(CONTACT_ROWS)
        ]

    def contacts(self) -> list[dict]:
        data = self.cleaned_data
        rows = []
        for n in range(CONTACT_ROWS):
            row = {k: data.get(f"{k}_{n}", "") for k in ("duty", "name", "phone")}
            if any(row.values()):
                rows.append(row)
        return rows


class DrillForm(forms.Form):
    held_on = forms.DateField(label=_("演练日期"), widget=DATE)
    participants = forms.IntegerField(label=_("参演人数"), min_value=1, max_value=2000)
    duration_minutes = forms.IntegerField(label=_("用时（分钟）"), min_value=1, max_value=1440)
    scenario = forms.CharField(label=_("演练情景"), max_length=300)
    findings = forms.CharField(
        label=_("发现问题（每行一条，生成整改任务）"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    owner = forms.IntegerField(label=_("整改责任人"), required=False, min_value=1)
    due = forms.DateField(label=_("整改期限"), required=False, widget=DATE)
