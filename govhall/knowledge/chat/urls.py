from django.urls import path

from . import views

urlpatterns = [
    path("chat/<str:token>/", views.chat_room, name="chat_room"),
    path("chat/<str:token>/thread/", views.chat_room_thread, name="chat_room_thread"),
    # The citizen's page (no account); ?q= prefills the question (the Q&A's 转人工).
    path("<str:center>/chat/", views.chat_start, name="chat_start"),
    # The staff's live queue.
    path("<str:center>/chat-desk/", views.chat_desk, name="chat_desk"),
    path("<str:center>/chat-desk/queue/", views.chat_queue, name="chat_queue"),
    path("<str:center>/chat-desk/<int:pk>/thread/", views.chat_thread, name="chat_thread"),
    path("<str:center>/chat-desk/<int:pk>/take/", views.chat_take, name="chat_take"),
    path("<str:center>/chat-desk/<int:pk>/reply/", views.chat_reply, name="chat_reply"),
    path("<str:center>/chat-desk/<int:pk>/close/", views.chat_close, name="chat_close"),
]
