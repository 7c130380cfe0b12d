"""Forms of the training pages: they parse and bound what is typed; the rules
(times, invitees of the centre, the answer key's shape, the uncovered windows)
are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError
from govhall.core.models import Center, Department
from govhall.staff.profiles.models import StaffKind

from .models import QuestionKind, TrainingKind, TrainingSession
from .services import Audience, center_staff

LETTERS = "ABCDEFGH"


def apply_error(form: forms.Form, exc: DomainError) -> None:
    for name, message in exc.fields.items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, str(message))


def _staff_choices(center: Center):
    return [(u.pk, f"{u.staff_number} {u.display_name}".strip()) for u in center_staff(center)]


class MonthField(forms.DateField):
    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=100)
    first_month = MonthField(label=_("起始月份"))
    last_month = MonthField(label=_("结束月份"))
    note = forms.CharField(
        label=_("说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(forms.Form):
    topic = forms.CharField(label=_("培训主题"), max_length=100)
    kind = forms.ChoiceField(label=_("培训类别"), choices=TrainingKind.choices)
    trainer = forms.CharField(label=_("授课人"), max_length=60)
    place = forms.CharField(label=_("培训地点"), max_length=100)
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time"}))
    audience = forms.ChoiceField(
        label=_("参训对象"),
        widget=forms.RadioSelect,
        choices=[
            (Audience.ALL, _("全体工作人员")),
            (Audience.KIND, _("按人员类别")),
            (Audience.DEPARTMENT, _("按派驻部门")),
            (Audience.PEOPLE, _("指定人员")),
        ],
        initial=Audience.PEOPLE,
    )
    staff_kind = forms.ChoiceField(
        label=_("人员类别"), choices=[("", "—"), *StaffKind.choices], required=False
    )
    department = forms.ModelChoiceField(
        label=_("派驻部门"), queryset=Department.objects.none(), required=False
    )
    people = forms.TypedMultipleChoiceField(
        label=_("参训人员"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_uncovered = forms.BooleanField(
        label=_("已知晓上述窗口无人值守，并已另行安排"), required=False
    )

    def __init__(self, *args, center: Center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            staff_profiles__center=center
        ).distinct()
        self.fields["people"].choices = _staff_choices(center)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            tz = timezone.get_current_timezone()
            data["starts_at"] = dt.datetime.combine(day, start, tz)
            data["ends_at"] = dt.datetime.combine(day, end, tz)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("结束时间须晚于开始时间"))
        return data


class AttendanceForm(forms.Form):
    """One mark and note per invitation: `mark_<user id>`, `note_<user id>`."""

    MARKS = [("present", _("出席")), ("absent", _("缺席")), ("excused", _("请假"))]

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for inv in self.invitations:
            self.fields[f"mark_{inv.user_id}"] = forms.ChoiceField(
                label=inv.user.display_name,
                choices=self.MARKS,
                required=False,
                widget=forms.RadioSelect,
                initial=inv.attendance if inv.attendance != "pending" else None,
            )
            self.fields[f"note_{inv.user_id}"] = forms.CharField(
                label=_("备注"), max_length=200, required=False, initial=inv.note
            )

    def rows(self):
        for inv in self.invitations:
            yield inv, self[f"mark_{inv.user_id}"], self[f"note_{inv.user_id}"]

    def marks(self) -> dict[int, str]:
        return {
            inv.user_id: self.cleaned_data[f"mark_{inv.user_id}"]
            for inv in self.invitations
            if self.cleaned_data.get(f"mark_{inv.user_id}")
        }

    def notes(self) -> dict[int, str]:
        return {
            inv.user_id: self.cleaned_data.get(f"note_{inv.user_id}", "")
            for inv in self.invitations
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class ExamForm(forms.Form):
    title = forms.CharField(label=_("考试名称"), max_length=100)
    session = forms.ModelChoiceField(
        label=_("对应培训（选填）"), queryset=TrainingSession.objects.none(), required=False
    )
    pass_mark = forms.IntegerField(label=_("及格分（满分100）"), min_value=1, max_value=100)
    time_limit_minutes = forms.IntegerField(label=_("考试时长（分钟）"), min_value=1, max_value=240)
    is_probation = forms.BooleanField(label=_("新入职人员试用期考核"), required=False)

    def __init__(self, *args, center: Center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = TrainingSession.objects.filter(center=center).exclude(
            status="cancelled"
        )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("题目"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    options = forms.CharField(
        label=_("选项（每行一个；判断题不填）"),
        max_length=1700,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    correct = forms.CharField(
        label=_("正确答案（字母，如 A 或 ACD；判断题 A=正确 B=错误）"), max_length=8
    )
    points = forms.IntegerField(label=_("分值"), min_value=1, max_value=100, initial=1)

    def clean_correct(self):
        value = self.cleaned_data["correct"].strip().upper().replace(",", "").replace(" ", "")
        if not value or any(ch not in LETTERS for ch in value):
            raise forms.ValidationError(_("请用字母 A-H 标出正确答案"))
        return {LETTERS.index(ch) for ch in value}

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines()]


class CandidatesForm(forms.Form):
    candidates = forms.TypedMultipleChoiceField(
        label=_("考生"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, center: Center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = _staff_choices(center)
