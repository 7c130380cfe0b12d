from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from govhall.api import api
from govhall.core.web import pair_device
from govhall.feedback.views import evaluations as evaluation_views
from govhall.queueing import views as queueing_views

admin.site.site_header = "GovHall 政务服务中心综合管理平台"
admin.site.site_title = "GovHall"
admin.site.index_title = "管理后台"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="catalog:centers", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("govhall.core.urls")),
    # SSE lives outside ninja: an async streaming view (ASGI).
    path("api/v1/centers/<str:center>/events", queueing_views.center_events, name="events"),
    path("api/v1/", api.urls),
    path("device/pair/", pair_device, name="pair-device"),
    path("hall/", include("govhall.queueing.urls")),
    path("duty/", include("govhall.hall.urls")),
    path("t/<str:token>/", queueing_views.track, name="track"),
    # The rating link of the QR code and the SMS: short, no account.
    path("e/<str:token>/", evaluation_views.rate, name="rate"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("guide/", include("govhall.catalog.urls")),
    path("cases/", include("govhall.cases.urls")),
    path("booking/", include("govhall.booking.urls")),
    path("feedback/", include("govhall.feedback.urls")),
    path("staff/", include("govhall.staff.urls")),
    path("assist/", include("govhall.assist.urls")),
    path("convenience/", include("govhall.convenience.urls")),
    path("knowledge/", include("govhall.knowledge.urls")),
    path("standards/", include("govhall.standards.urls")),
    path("planning/", include("govhall.planning.urls")),
    path("reports/", include("govhall.reports.urls")),
    # The centre's settings: hours and rules (core), windows (hall), queues (queueing).
    path("settings/", include("govhall.core.settings_urls")),
    path("settings/", include("govhall.hall.settings_urls")),
    path("settings/", include("govhall.queueing.settings_urls")),
]
