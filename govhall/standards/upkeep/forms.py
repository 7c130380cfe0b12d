"""Forms of the upkeep pages: they parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Cycle, InstallationKind, MaintenanceResult

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstallationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=80)
    kind = forms.ChoiceField(label=_("类别"), choices=InstallationKind.choices)
    zone = forms.IntegerField(label=_("所在区域"), required=False, min_value=1)
    location = forms.CharField(label=_("具体位置"), max_length=80, required=False)
    keeper = forms.IntegerField(label=_("责任人"), required=False, min_value=1)
    cycle = forms.ChoiceField(label=_("维保周期"), choices=Cycle.choices)
    every_days = forms.IntegerField(label=_("间隔天数"), required=False, min_value=1, max_value=730)
    since = forms.DateField(label=_("启用日期"), widget=DATE)


class MaintenanceForm(forms.Form):
    done_on = forms.DateField(label=_("维保日期"), widget=DATE)
    result = forms.ChoiceField(
        label=_("结果"), choices=MaintenanceResult.choices, widget=forms.RadioSelect
    )
    worker = forms.CharField(label=_("维保人员/单位"), max_length=80, required=False)
    note = forms.CharField(label=_("情况说明"), max_length=300, required=False)
    attachment = forms.FileField(
        label=_("照片或报告（JPG/PNG/PDF，不超过8MB）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
