"""Keys for personal data, derived from GOVHALL_DATA_KEY: one for encryption
(Fernet: AES-128-CBC + HMAC), one for the keyed lookup hash, so that a hash
leaked with the database cannot be reversed by hashing every possible ID."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derive(purpose: bytes) -> bytes:
    master = settings.GOVHALL_DATA_KEY.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@cache
def _fernet(master: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"govhall/encrypt/v1")))


@cache
def _lookup_key(master: str) -> bytes:
    return _derive(b"govhall/lookup/v1")


def encrypt(plain: str) -> str:
    return _fernet(settings.GOVHALL_DATA_KEY).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.GOVHALL_DATA_KEY).decrypt(token.encode()).decode()


def lookup_hash(normalised: str) -> str:
    key = _lookup_key(settings.GOVHALL_DATA_KEY)
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def encrypt_bytes(plain: bytes) -> bytes:
    """A file of personal data (an uploaded ID card scan) encrypted at rest."""
    return _fernet(settings.GOVHALL_DATA_KEY).encrypt(plain)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet(settings.GOVHALL_DATA_KEY).decrypt(bytes(token))
