from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("<str:center>/", views.day, name="day"),
    path("<str:center>/year/", views.year, name="year"),
]
