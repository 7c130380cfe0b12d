from django.urls import path

from . import receipts_views, views

app_name = "cases"
urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("window/<str:code>/intake/", views.window_intake, name="intake"),
    path("c/<str:number>/", views.case_page, name="case"),
    path("c/<str:number>/act/", views.case_action, name="act"),
    path("c/<str:number>/doc/<int:document_id>/", views.case_document, name="document"),
    path("center/<str:center>/work/", views.worklist, name="worklist"),
    path("center/<str:center>/open/", views.open_cases, name="open"),
    path("center/<str:center>/receipts/", receipts_views.receipts, name="receipts"),
]

# 归档登记簿, 移交, 销毁 (archives/, 001 6.5.1)
from .archives import views as archive_views  # noqa: E402

urlpatterns += [
    path("center/<str:center>/archives/", archive_views.register, name="archives"),
    path(
        "center/<str:center>/archives/r/<str:number>/reveal/",
        archive_views.reveal,
        name="archive_reveal",
    ),
    path("center/<str:center>/archives/transfer/", archive_views.transfer, name="archive_transfer"),
    path(
        "center/<str:center>/archives/transfer/<int:batch>/list.pdf",
        archive_views.transfer_pdf,
        name="archive_transfer_pdf",
    ),
    path(
        "center/<str:center>/archives/destruction/",
        archive_views.destruction,
        name="archive_destruction",
    ),
    path(
        "center/<str:center>/archives/destruction/<int:request_id>/list.pdf",
        archive_views.destruction_pdf,
        name="archive_destruction_pdf",
    ),
]
