from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/supervision/", views.finding_list, name="supervision"),
    path("<str:center>/supervision/mine/", views.finding_list_mine, name="supervision_mine"),
    path("<str:center>/supervision/run/", views.run_now, name="supervision_run"),
    path("<str:center>/supervision/<int:pk>/", views.finding_detail, name="supervision_finding"),
    path("<str:center>/supervision/<int:pk>/close/", views.finding_close, name="supervision_close"),
    path(
        "<str:center>/supervision/<int:pk>/verify/",
        views.finding_verify,
        name="supervision_verify",
    ),
    path(
        "<str:center>/supervision/<int:pk>/reassign/",
        views.finding_reassign,
        name="supervision_reassign",
    ),
    path(
        "district/<str:district>/supervision/",
        views.district_view,
        name="supervision_district",
    ),
]
