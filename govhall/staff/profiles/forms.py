"""Forms of the staff profiles: they check the shape of the input; the rules
are the services' (their errors come back onto the form's fields)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, Department, Role
from govhall.hall.models import Post

from .models import StaffKind
from .services import CENTER_ROLES

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
MOBILE = RegexValidator(r"^1\d{10}$", _("请输入11位手机号码"))


def _departments(center: Center):
    return Department.objects.filter(district=center.district_id).order_by("code")


class _ProfileFields(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=40)
    kind = forms.ChoiceField(label=_("人员类别"), choices=StaffKind.choices)
    department = forms.ModelChoiceField(
        label=_("派驻部门"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("（本中心人员）"),
    )
    title = forms.CharField(label=_("职务"), max_length=40, required=False)
    started_on = forms.DateField(label=_("进驻日期"), widget=DATE)

    def __init__(self, *args, center: Center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(center)


class ProfileCreateForm(_ProfileFields):
    username = forms.CharField(label=_("登录用户名"), max_length=30)
    staff_number = forms.CharField(label=_("工号"), max_length=32)
    role = forms.ChoiceField(
        label=_("角色"), choices=[(r, Role(r).label) for r in CENTER_ROLES], initial=Role.CLERK
    )
    mobile = forms.CharField(
        label=_("手机号码"), max_length=11, required=False, validators=[MOBILE]
    )
    field_order = [
        "username",
        "full_name",
        "staff_number",
        "role",
        "kind",
        "department",
        "title",
        "started_on",
        "mobile",
    ]


class ProfileEditForm(_ProfileFields):
    pass


class ProfileEndForm(forms.Form):
    ended_on = forms.DateField(label=_("离岗日期"), widget=DATE)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("照片（JPG/PNG，不超过2MB）"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class CertificateForm(forms.Form):
    name = forms.CharField(label=_("证书名称"), max_length=60)
    number = forms.CharField(label=_("证书编号"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("发证日期"), widget=DATE)
    expires_on = forms.DateField(label=_("有效期至"), widget=DATE, required=False)


class PostForm(forms.Form):
    window = forms.CharField(max_length=32)
    post = forms.ChoiceField(choices=Post.choices)
    # Empty: nobody holds the post.
    user = forms.IntegerField(required=False, min_value=1)
