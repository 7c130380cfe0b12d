from django.urls import path

from . import views

urlpatterns = [
    path("<str:center>/attendance/clock/", views.clock, name="attendance_clock"),
    path("<str:center>/attendance/me/", views.mine, name="attendance_mine"),
    path("<str:center>/attendance/today/", views.today, name="attendance_today"),
    path("<str:center>/attendance/ledger/", views.ledger, name="attendance_ledger"),
    path("<str:center>/attendance/ledger.xlsx", views.ledger_xlsx, name="attendance_ledger_xlsx"),
    path(
        "<str:center>/attendance/ledger/<str:staff_number>/",
        views.person,
        name="attendance_person",
    ),
    path("<str:center>/attendance/excuses/", views.excuses, name="attendance_excuses"),
    path("<str:center>/attendance/manage/", views.manage, name="attendance_manage"),
]
