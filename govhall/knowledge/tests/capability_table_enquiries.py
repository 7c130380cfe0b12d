"""The enquiry, 12345 work order and online chat pages for the capability walk
(core/tests/test_capabilities.py). The API routes declare `Needs(...)` and are
walked without a declaration here."""

PAGES = {
    "knowledge:enquiries": (("enquiry.take", "enquiry.oversee"), True),
    "knowledge:enquiry": (("enquiry.take", "enquiry.oversee"), False),
    "knowledge:enquiry_take": (("enquiry.take", "enquiry.oversee"), False),
    "knowledge:enquiry_hand_over": (("enquiry.take", "enquiry.oversee"), False),
    "knowledge:enquiry_close": (("enquiry.take", "enquiry.oversee"), False),
    "knowledge:enquiry_phone": (("enquiry.take", "enquiry.oversee"), False),
    "knowledge:workorders": (("workorder.handle",), True),
    "knowledge:workorder": (("workorder.handle", "enquiry.take"), False),
    "knowledge:workorder_assign": (("workorder.handle",), False),
    "knowledge:workorder_answer": (("workorder.handle", "enquiry.take"), False),
    "knowledge:workorder_complaint": (("workorder.handle",), False),
    # The citizen's pages: no account (posts throttled; the room by its token).
    "knowledge:chat_start": ("public",),
    "knowledge:chat_room": ("public",),
    "knowledge:chat_room_thread": ("public",),
    "knowledge:chat_desk": (("chat.answer",), True),
    "knowledge:chat_queue": (("chat.answer",), True),
    "knowledge:chat_thread": (("chat.answer",), False),
    "knowledge:chat_take": (("chat.answer",), False),
    "knowledge:chat_reply": (("chat.answer",), False),
    "knowledge:chat_close": (("chat.answer",), False),
}
POSTS_ONLY = {
    "knowledge:enquiry_take",
    "knowledge:enquiry_hand_over",
    "knowledge:enquiry_close",
    "knowledge:enquiry_phone",
    "knowledge:workorder_assign",
    "knowledge:workorder_answer",
    "knowledge:workorder_complaint",
    "knowledge:chat_take",
    "knowledge:chat_reply",
    "knowledge:chat_close",
}
