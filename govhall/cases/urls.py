from django.urls import path

from . import bundle_views, handout_views, receipts_views, views

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
    path("center/<str:center>/handout/", handout_views.handout, name="handout"),
    # 一件事 and 转办
    path("center/<str:center>/bundles/", bundle_views.bundle_settings, name="bundles"),
    path(
        "center/<str:center>/bundles/<int:bundle_id>/",
        bundle_views.bundle_settings,
        name="bundle_edit",
    ),
    path("window/<str:code>/bundle/", bundle_views.bundle_intake, name="bundle_intake"),
    path("b/<str:number>/", bundle_views.bundle_page, name="bundle"),
    path("b/<str:number>/notice/", bundle_views.bundle_notice, name="bundle_notice"),
    path("b/<str:number>/deliver/", bundle_views.bundle_deliver, name="bundle_deliver"),
    path("b/<str:number>/supplement/", bundle_views.bundle_supplement, name="bundle_supplement"),
    path("c/<str:number>/transfer/", bundle_views.case_transfer, name="transfer"),
]

# 不见面审批 (online_views.py)
from . import online_views  # noqa: E402

urlpatterns += [
    path("online/<str:center>/", online_views.items, name="online_items"),
    path("online/<str:center>/apply/<str:item>/", online_views.apply, name="online_apply"),
    path("online-supplement/", online_views.supplement, name="online_supplement"),
    path("center/<str:center>/online/", online_views.precheck_list, name="online_precheck"),
    path("center/<str:center>/online/<str:number>/", online_views.precheck, name="online_case"),
    path(
        "center/<str:center>/online/<str:number>/file/<int:upload_id>/",
        online_views.precheck_file,
        name="online_file",
    ),
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
