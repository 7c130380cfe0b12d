"""The admin's forms that set a password for someone else (creating the account,
resetting its password): the user must then choose their own at the next login
(the workplace's first-login change)."""

from __future__ import annotations

from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm


class _SetByAdmin:
    def set_password_and_save(self, user, commit=True, **kwargs):
        # Someone else knows this password now.
        user.must_change_password = True
        return super().set_password_and_save(user, commit=commit, **kwargs)


class UserAddForm(_SetByAdmin, AdminUserCreationForm):
    pass


class PasswordResetForm(_SetByAdmin, AdminPasswordChangeForm):
    pass
