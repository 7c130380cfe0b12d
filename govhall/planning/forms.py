"""The planning page's choices (GET): the day, the queue and the what-ifs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanForm(forms.Form):
    date = forms.DateField(label=_("日期"), required=False)
    queue = forms.CharField(label=_("队列"), required=False, max_length=32)
    extra = forms.IntegerField(label=_("增开窗口"), required=False, min_value=0, max_value=20)
    faster = forms.IntegerField(
        label=_("办理提速（％）"), required=False, min_value=0, max_value=50
    )
    more = forms.IntegerField(
        label=_("到达量变化（％）"), required=False, min_value=-50, max_value=100
    )
    merge = forms.CharField(label=_("合并队列"), required=False, max_length=32)
    simulate = forms.BooleanField(label=_("仿真验证"), required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
