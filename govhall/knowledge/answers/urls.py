from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/ask/", views.ask_page, name="ask_page"),
    path("<str:center>/ask/callback/", views.ask_callback, name="ask_callback"),
]
