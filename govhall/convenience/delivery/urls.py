from django.urls import path

from . import views

P = "delivery/<str:center>/"
urlpatterns = [
    path(P, views.desk, name="delivery_desk"),
    path(P + "compile/", views.compile_, name="delivery_compile"),
    path(P + "manifest/<int:pk>/send/", views.send, name="delivery_send"),
    path(P + "manifest/<str:day>.pdf", views.manifest_pdf, name="delivery_manifest_pdf"),
    path(P + "parcel/<str:number>/address/", views.address, name="delivery_address"),
    path(P + "parcel/<str:number>/window/", views.to_window, name="delivery_to_window"),
    path(P + "parcel/<str:number>/unlist/", views.unlist, name="delivery_unlist"),
    path(P + "parcel/<str:number>/collect/", views.collect, name="delivery_collect"),
    path(P + "courier/", views.courier, name="delivery_courier"),
    path(P + "reconcile/", views.reconciliation, name="delivery_reconciliation"),
    path(
        P + "reconcile/<int:pk>/",
        views.reconciliation_detail,
        name="delivery_reconciliation_detail",
    ),
]
