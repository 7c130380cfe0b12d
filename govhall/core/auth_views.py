"""The staff login of the workplace (every role, not only the admin's staff
accounts), logout and the password change. Lockout is django-axes': every
authenticate(request=...) is counted, and a locked login gets the lockout page
(core.lockout)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .services import password_change


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续失败 %(limit)s 次后，账号将锁定一段时间。"),
        "inactive": _("该账号已停用，请联系中心管理员。"),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class LoginView(auth_views.LoginView):
    """next= is honoured only for a path of this site (Django's
    url_has_allowed_host_and_scheme); anything else lands on the workbench."""

    template_name = "core/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LogoutView(auth_views.LogoutView):  # POST only (Django 5)
    next_page = "login"


class ChangeForm(PasswordChangeForm):
    def save(self, commit=True):
        return password_change(user=self.user, password=self.cleaned_data["new_password1"])


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request):
    """Also the first-login change: the session guard sends a user whose password
    an administrator set here until they choose their own."""
    form = ChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay logged in
        messages.success(request, gettext("密码已修改。"))
        return redirect("workplace")
    context = {"form": form, "forced": request.user.must_change_password}
    return render(request, "core/password_change.html", context, status=400 if form.errors else 200)
