"""The provider interface every payment adapter implements."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from govhall.core.errors import DomainError, ValidationFailed

from ..models import PaymentMethod

if TYPE_CHECKING:
    from ..payment_models import PaymentOrder


class SignatureRefused(DomainError):
    """The notification is not signed by the provider: 401, nothing read."""

    status = 401
    code = "signature_invalid"


class BadNotification(ValidationFailed):
    """Signed, but not a notification this provider sends: 422."""

    code = "bad_notification"


@dataclass(frozen=True)
class Instructions:
    """What the applicant pays with: a URL to open, a text to render as a QR
    code, a line to read out. Stored on the order; no personal data."""

    pay_url: str = ""
    qr_text: str = ""
    text: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Notification:
    """A verified report that an order was paid."""

    reference: str  # our PaymentOrder.reference
    amount: Decimal
    paid_at: dt.datetime  # aware
    provider_txn: str  # the provider's own transaction number


class Provider:
    """A payment provider. Subclasses set `code` (stable, in the notify URL),
    `label` and the `methods` their payments are recorded as."""

    code: str = ""
    label: str = ""
    methods: tuple[str, ...] = (PaymentMethod.ONLINE,)

    def create_order(self, order: PaymentOrder) -> Instructions:
        """Register `order` (reference, amount, expires_at) with the provider and
        say how the applicant pays it. Raises a DomainError when it cannot."""
        raise NotImplementedError

    def verify_notification(self, body: bytes, headers) -> Notification:
        """The raw request body and its headers, checked before anything is read:
        SignatureRefused on a bad signature, BadNotification on a bad body."""
        raise NotImplementedError
