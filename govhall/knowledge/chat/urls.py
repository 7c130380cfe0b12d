from django.urls import path

from . import views

urlpatterns = [
    # The citizen's page (no account); ?q= prefills the question (the Q&A's 转人工).
    path("<str:center>/chat/", views.chat_start, name="chat_start"),
]
