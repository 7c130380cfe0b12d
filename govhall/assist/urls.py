from django.urls import path

from . import views

app_name = "assist"
urlpatterns = [
    path("<str:center>/", views.desk, name="desk"),
    path("<str:center>/team/", views.team, name="team"),
    path("<str:center>/kiosk/", views.kiosk, name="kiosk"),
    path("<str:center>/r/<str:number>/", views.detail, name="request"),
    path("<str:center>/r/<str:number>/act/", views.act, name="act"),
    path("<str:center>/r/<str:number>/paper/<str:kind>.pdf", views.paper, name="paper"),
    path(
        "<str:center>/r/<str:number>/case-doc/<int:document_id>/",
        views.case_document,
        name="case_document",
    ),
]
