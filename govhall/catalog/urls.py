from django.urls import path

from . import views, workflow_views

app_name = "catalog"
urlpatterns = [
    path("", views.centers, name="centers"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("items/<str:code>/print/", views.guide_print, name="guide_print"),
    # The guide workflow in the workplace (workflow_views.py): the department's side...
    path("work/<str:center>/drafts/", workflow_views.drafts, name="wf_drafts"),
    path("work/<str:center>/drafts/<str:code>/new/", workflow_views.draft_new, name="wf_draft_new"),
    path("work/<str:center>/versions/<int:pk>/", workflow_views.edit, name="wf_edit"),
    path(
        "work/<str:center>/versions/<int:pk>/materials/",
        workflow_views.materials,
        name="wf_materials",
    ),
    path("work/<str:center>/versions/<int:pk>/submit/", workflow_views.submit, name="wf_submit"),
    # ...and the centre's.
    path("work/<str:center>/review/", workflow_views.queue, name="wf_queue"),
    path("work/<str:center>/review/<int:pk>/", workflow_views.review, name="wf_review"),
    path("work/<str:center>/review/<int:pk>/publish/", workflow_views.publish, name="wf_publish"),
    path("<str:center>/", views.center_items, name="center_items"),
]
