from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/workorders/", views.orders, name="workorders"),
    path("<str:center>/workorders/<str:ref>/", views.detail, name="workorder"),
    path("<str:center>/workorders/<str:ref>/assign/", views.assign, name="workorder_assign"),
    path("<str:center>/workorders/<str:ref>/answer/", views.answer, name="workorder_answer"),
    path(
        "<str:center>/workorders/<str:ref>/complaint/",
        views.mark_complaint,
        name="workorder_complaint",
    ),
]
