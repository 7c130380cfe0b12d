from django.urls import path

from . import kiosk_views, reschedule_views, views

app_name = "booking"
urlpatterns = [
    # Citizens: the fixed paths first, then the ones that start with a centre's code.
    path("manage/", views.manage, name="manage"),
    path("manage/reschedule/", reschedule_views.citizen_reschedule, name="reschedule"),
    path("b/<str:code>/", views.confirmation, name="confirmation"),
    path("b/<str:code>/booking.ics", views.ics, name="ics"),
    path("<str:center>/", views.items, name="items"),
    path("<str:center>/home-visit/", views.home_visit, name="home_visit"),
    path("<str:center>/home-visit/sent/", views.visit_sent, name="visit_sent"),
    # Kiosk
    path("<str:center>/check-in/", views.kiosk_check_in, name="kiosk_check_in"),
    path("<str:center>/kiosk/", kiosk_views.kiosk_items, name="kiosk_items"),
    path("<str:center>/kiosk/slip/<str:code>/", kiosk_views.kiosk_slip, name="kiosk_slip"),
    path("<str:center>/kiosk/<str:item>/", kiosk_views.kiosk_item, name="kiosk_item"),
    # Reception
    path("<str:center>/today/", views.today, name="today"),
    path("<str:center>/today/check-in/", views.today_check_in, name="today_check_in"),
    path("<str:center>/today/cancel/", views.today_cancel, name="today_cancel"),
    path("<str:center>/today/hotline/", views.today_hotline, name="today_hotline"),
    path(
        "<str:center>/today/<str:code>/reschedule/",
        reschedule_views.staff_reschedule,
        name="staff_reschedule",
    ),
    path(
        "<str:center>/suspensions/<int:pk>/lift/",
        views.suspension_lift,
        name="suspension_lift",
    ),
    path("<str:center>/visits/", views.visits, name="visits"),
    path("<str:center>/visits/<str:number>/<str:step>/", views.visit_action, name="visit_action"),
    # The centre admin's slot configuration
    path("<str:center>/slots/", views.slots_admin, name="slots"),
    path("<str:center>/slots/templates/", views.template_add, name="template_add"),
    path(
        "<str:center>/slots/templates/<int:pk>/deactivate/",
        views.template_deactivate,
        name="template_deactivate",
    ),
    path("<str:center>/slots/blackouts/", views.blackout_add, name="blackout_add"),
    # Last: an item's days and slots, and the booking form
    path("<str:center>/<str:item>/", views.item_slots, name="item"),
]
