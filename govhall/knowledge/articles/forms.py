"""Forms of the article pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.catalog.search import split_aliases

from .models import ArticleKind


class ArticleForm(forms.Form):
    department = forms.TypedChoiceField(label=_("编写部门"), coerce=int)
    kind = forms.ChoiceField(label=_("类型"), choices=ArticleKind.choices)
    title = forms.CharField(
        label=_("标题"), max_length=120, widget=forms.TextInput(attrs={"size": 60})
    )
    questions = forms.CharField(
        label=_("常见问法（每行一种）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    answer = forms.CharField(
        label=_("解答"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    items = forms.CharField(
        label=_("关联事项编码（用顿号或逗号分隔）"), max_length=400, required=False
    )
    review_by = forms.DateField(label=_("复核日期"), widget=forms.DateInput(attrs={"type": "date"}))
    change_summary = forms.CharField(label=_("变更说明"), max_length=300, required=False)

    def __init__(self, *args, departments=(), with_department=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_department:
            self.fields["department"].choices = [(d.pk, d.name) for d in departments]
        else:
            del self.fields["department"]

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k] for k in ("kind", "title", "questions", "answer", "review_by", "change_summary")
        }

    def item_codes(self) -> list[str]:
        return split_aliases(self.cleaned_data.get("items", ""))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("publish", _("发布")), ("return", _("退回"))])
    note = forms.CharField(label=_("审核意见"), max_length=300, required=False)
