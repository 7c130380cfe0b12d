from django.urls import path

from . import handout_views, receipts_views, views

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
]
