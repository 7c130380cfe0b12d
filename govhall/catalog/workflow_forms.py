"""Forms of the guide workflow's pages: the department's guide and materials
(every field of services.GUIDE_FIELDS, the parallel departments, the material
lines) and the centre's review. The forms check shape and length; the rules
across fields (承诺时限 within 法定时限, 即办件 at 0) stay in the services, whose
field errors land back on these forms (`apply_error`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError
from govhall.core.models import Department

from .models import ApprovalMode, ItemType, ItemVersion, MaterialForm

STEP_MAX, STEPS_MAX = 200, 30
MATERIALS_MAX = 40


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """A service's field errors onto the form's fields (the message is shown at the top)."""
    for name, message in exc.fields.items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, str(message))


def _days(label):
    return forms.IntegerField(
        label=label, min_value=0, max_value=365, help_text=_("工作日；0 表示当场办结")
    )


class GuideForm(forms.Form):
    name = forms.CharField(label=_("事项名称"), max_length=120)
    item_type = forms.ChoiceField(label=_("事项类型"), choices=ItemType.choices)
    approval_mode = forms.ChoiceField(label=_("办理模式"), choices=ApprovalMode.choices)
    legal_basis = forms.CharField(
        label=_("设立依据"), max_length=5000, required=False, widget=forms.Textarea
    )
    conditions = forms.CharField(
        label=_("受理条件"), max_length=5000, required=False, widget=forms.Textarea
    )
    process = forms.CharField(
        label=_("办理流程"),
        max_length=STEP_MAX * STEPS_MAX,
        widget=forms.Textarea,
        help_text=_("每行一个步骤"),
    )
    statutory_days = _days(_("法定办结时限（工作日）"))
    committed_days = _days(_("承诺办结时限（工作日）"))
    fee = forms.CharField(label=_("收费标准"), max_length=300, help_text=_("不收费的写“不收费”"))
    # The amounts a clerk assesses at intake (cases' 收款单); empty: the item is free.
    fee_amounts = forms.CharField(
        label=_("收费金额"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项：收费名称 金额（元），如“住宅登记费 80”；不收费的留空"),
    )
    consult_phone = forms.CharField(label=_("咨询电话"), max_length=40, required=False)
    complaint_phone = forms.CharField(label=_("投诉电话"), max_length=40, required=False)
    online_application = forms.BooleanField(
        label=_("可网上申请（不见面审批）"),
        required=False,
        help_text=_("申请人可在网上提交申请并上传材料，经预审受理"),
    )
    parallel_departments = forms.MultipleChoiceField(
        label=_("并联审批部门"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
    )
    change_summary = forms.CharField(
        label=_("变更说明"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("写明改了什么、为什么改，供中心审核"),
    )

    def __init__(self, *args, department: Department, **kwargs):
        super().__init__(*args, **kwargs)
        others = Department.objects.filter(district=department.district_id).exclude(
            pk=department.pk
        )
        self.fields["parallel_departments"].choices = [
            (d.code, d.name) for d in others.order_by("code")
        ]

    @classmethod
    def initial_for(cls, version: ItemVersion) -> dict:
        names = [f for f in cls.base_fields if f not in ("process", "parallel_departments")]
        initial = {f: getattr(version, f) for f in names}
        initial["process"] = "\n".join(version.process or [])
        initial["fee_amounts"] = "\n".join(
            f"{fee['label']} {fee['amount']}" for fee in version.fee_amounts or []
        )
        initial["parallel_departments"] = [d.code for d in version.parallel_departments.all()]
        return initial

    def clean_process(self) -> list[str]:
        steps = [s.strip() for s in self.cleaned_data["process"].splitlines() if s.strip()]
        if not steps:
            raise ValidationError(_("请至少填写一个办理步骤"))
        if len(steps) > STEPS_MAX:
            raise ValidationError(_("办理步骤不能超过 %(n)s 个") % {"n": STEPS_MAX})
        if any(len(s) > STEP_MAX for s in steps):
            raise ValidationError(_("每个步骤不能超过 %(n)s 个字符") % {"n": STEP_MAX})
        return steps

    def clean_fee_amounts(self) -> list[dict]:
        """Lines of "名称 金额" as the [{label, amount}] the service checks (the
        amount is the last word, so a name may hold spaces)."""
        fees = []
        for line in self.cleaned_data["fee_amounts"].splitlines():
            line = line.strip().replace("：", " ").replace("元", " ").strip()
            if not line:
                continue
            label, _sep, amount = line.rpartition(" ")
            if not label.strip() or not amount:
                raise ValidationError(_("第 %(n)s 项应写成“收费名称 金额”") % {"n": len(fees) + 1})
            fees.append({"label": label.strip(), "amount": amount})
        return fees

    def changes(self) -> dict:
        """What services.version_update takes."""
        return dict(self.cleaned_data)


class MaterialLineForm(forms.Form):
    name = forms.CharField(label=_("材料名称"), max_length=200)
    form = forms.ChoiceField(
        label=_("材料形式"), choices=MaterialForm.choices, initial=MaterialForm.ORIGINAL
    )
    count = forms.IntegerField(label=_("份数"), min_value=1, max_value=99, initial=1)
    required = forms.BooleanField(label=_("必需"), required=False, initial=True)
    notes = forms.CharField(label=_("备注"), max_length=300, required=False)
    # Not edited here, carried along so saving the lines keeps it.
    sample_url = forms.URLField(
        label=_("样表链接"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.HiddenInput,
    )


class _MaterialLines(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The kept lines in their new order, as services.version_set_materials takes them."""
        return [
            {k: v for k, v in f.cleaned_data.items() if k not in ("ORDER", "DELETE")}
            for f in self.ordered_forms
        ]


MaterialLines = forms.formset_factory(
    MaterialLineForm,
    formset=_MaterialLines,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=MATERIALS_MAX,
    validate_max=True,
    absolute_max=MATERIALS_MAX + 10,
)


def material_lines(version: ItemVersion, data=None) -> _MaterialLines:
    initial = [
        {
            "name": m.name,
            "form": m.form,
            "count": m.count,
            "required": m.required,
            "notes": m.notes,
            "sample_url": m.sample_url,
            "ORDER": n,
        }
        for n, m in enumerate(version.materials.order_by("position", "id"), 1)
    ]
    return MaterialLines(data, initial=initial, prefix="m")


class ReviewForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[(APPROVE, _("审核通过")), (RETURN, _("退回部门修改"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审核意见"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必填，写明需修改之处"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("退回时须填写审核意见"))
        return data
