"""The payment providers' notification (cases/api_payments.py) for the capability
walk: no token, the provider's signature instead."""

PUBLIC_API = {"POST /payments/{provider}/notify"}
