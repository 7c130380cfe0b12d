"""暂离 forms: the reason, the time one expects to be back today, a note."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AwayReason
from .services import NOTE_MAX


def default_back(now: dt.datetime | None = None) -> dt.time:
    """Half an hour from now, on the next 5 minutes."""
    later = timezone.localtime(now or timezone.now()) + dt.timedelta(minutes=30)
    later += dt.timedelta(minutes=-later.minute % 5)
    return later.time().replace(second=0, microsecond=0)


class AwayForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("暂离事由"), choices=AwayReason.choices, widget=forms.RadioSelect
    )
    back_at = forms.TimeField(
        label=_("预计返回时间"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("当天内的时间"),
    )
    note = forms.CharField(label=_("说明"), max_length=NOTE_MAX, required=False)
    # Set by the confirm button shown with the uncovered-window warning.
    accept_uncovered = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def expected_back_at(self, now: dt.datetime | None = None) -> dt.datetime:
        today = timezone.localdate(now or timezone.now())
        return dt.datetime.combine(
            today, self.cleaned_data["back_at"], tzinfo=timezone.get_current_timezone()
        )


class AwayForForm(AwayForm):
    """The centre marks someone away: who, by staff number."""

    staff_number = forms.CharField(label=_("工号"), max_length=32)

    field_order = ["staff_number", "reason", "back_at", "note"]
