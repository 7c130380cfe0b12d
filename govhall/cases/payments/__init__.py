"""Payment providers as adapters (issue 13): the seam between a case's fee and
whoever collects it online. A provider turns our order into what the applicant
pays with (`create_order`), and a provider's notification into a verified
`Notification` (`verify_notification`); services/payment_orders.py does the rest.

Which providers exist is the setting GOVHALL_PAYMENT_PROVIDERS (dotted class
paths); the default is the built-in "told" provider alone (told.py)."""

from .base import (  # noqa: F401
    BadNotification,
    Instructions,
    Notification,
    Provider,
    SignatureRefused,
)
from .registry import provider, providers  # noqa: F401
