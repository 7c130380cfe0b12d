"""The admin app with the project's site: every registration goes through
ScopedAdminSite, so a ModelAdmin without the scoped base is for superusers only."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "govhall.core.admin_scope.ScopedAdminSite"
