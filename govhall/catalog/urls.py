from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.centers, name="centers"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("items/<str:code>/print/", views.guide_print, name="guide_print"),
    path("<str:center>/", views.center_items, name="center_items"),
]
