"""The workplace shell: login, logout, password, the workbench."""

from django.urls import path

from . import auth_views, workplace

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.change_password, name="password_change"),
    path("workplace/", workplace.workbench, name="workplace"),
    path("workplace/center/", workplace.center_switch, name="workplace_center"),
]
