"""The archive pages (归档登记簿, 移交, 销毁) for the capability walk."""

OVERSEE = ("case.oversee",)
PAGES = {
    "cases:archives": (OVERSEE, True),
    "cases:archive_reveal": (OVERSEE, False),
    "cases:archive_transfer": (OVERSEE, True),
    "cases:archive_transfer_pdf": (OVERSEE, False),
    "cases:archive_destruction": (OVERSEE, True),
    "cases:archive_destruction_pdf": (OVERSEE, False),
}
POSTS_ONLY = {"cases:archive_reveal"}
PUBLIC_API: set[str] = set()
