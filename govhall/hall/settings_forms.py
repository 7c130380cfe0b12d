"""Forms of the windows settings page (the service checks everything again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.catalog.domains import Domain
from govhall.core.names import validate_name

from . import services
from .models import WindowType


class WindowForm(forms.Form):
    number = forms.IntegerField(label=_("窗口号"), min_value=1, max_value=services.NUMBER_MAX)
    name = forms.CharField(
        label=_("名称"), max_length=services.NAME_MAX, validators=[validate_name]
    )
    type = forms.ChoiceField(label=_("类型"), choices=WindowType.choices)
    domain = forms.ChoiceField(
        label=_("领域"), choices=[("", "—"), *Domain.choices], required=False
    )
    zone = forms.TypedChoiceField(label=_("功能区"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", "—")] + [
            (z.pk, z.name) for z in center.zones.order_by("code")
        ]


class WindowCreateForm(WindowForm):
    code = forms.CharField(
        label=_("编码"),
        max_length=32,
        required=False,
        help_text=_("设备按编码识别窗口；不填则自动生成，如 QZX-W07"),
    )
