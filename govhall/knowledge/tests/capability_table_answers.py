"""The question answering's pages and API for the capability walk."""

PUBLIC = "public"
PAGES = {
    "knowledge:ask_page": (PUBLIC,),
    "knowledge:ask_callback": (PUBLIC,),
}
POSTS_ONLY = {"knowledge:ask_callback"}
PUBLIC_API = {"GET /centers/{center}/ask"}
