"""The exchange pages (reports/exchange) for the capability walk."""

MANAGE = ("exchange.manage",)

PAGES = {
    "reports:exchange": (MANAGE, True),
    "reports:exchange_message": (MANAGE, False),
    "reports:exchange_resend": (MANAGE, False),
    "reports:exchange_receiver": (MANAGE, False),
}
POSTS_ONLY = {"reports:exchange_resend", "reports:exchange_receiver"}
