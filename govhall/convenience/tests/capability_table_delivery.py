"""The free-delivery pages for the capability walk (core/tests/test_capabilities.py)."""

PAGES = {
    "convenience:delivery_desk": (("delivery.manage",), True),
    "convenience:delivery_compile": (("delivery.manage",), True),
    "convenience:delivery_send": (("delivery.manage",), False),
    "convenience:delivery_manifest_pdf": (("delivery.manage", "delivery.courier"), False),
    "convenience:delivery_address": (("delivery.manage",), False),
    "convenience:delivery_to_window": (("delivery.manage",), False),
    "convenience:delivery_unlist": (("delivery.manage",), False),
    "convenience:delivery_collect": (("delivery.manage",), False),
    "convenience:delivery_courier": (("delivery.courier",), True),
    "convenience:delivery_reconciliation": (("delivery.manage",), True),
    "convenience:delivery_reconciliation_detail": (("delivery.manage",), False),
}
POSTS_ONLY = {
    "convenience:delivery_compile",
    "convenience:delivery_send",
    "convenience:delivery_address",
    "convenience:delivery_to_window",
    "convenience:delivery_unlist",
    "convenience:delivery_collect",
}
