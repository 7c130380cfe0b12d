"""A model field for ID numbers: encrypted at rest, a keyed hash beside it for
lookup, and an `IdNumber` in Python whose str() is the masked form."""

from __future__ import annotations

import datetime

from django.db import models

from . import crypto
from .identity import IdNumber, parse_id_number


class EncryptedIdNumberField(models.TextField):
    def __init__(self, *args, hash_field: str, **kwargs):
        self.hash_field = hash_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["hash_field"] = self.hash_field
        return name, path, args, kwargs

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, IdNumber):
            return value or None
        return parse_id_number(value)

    def from_db_value(self, value, expression, connection):
        if not value:
            return None
        # Stored values were validated on the way in; a birth date check against
        # "today" is not repeated when reading.
        return parse_id_number(crypto.decrypt(value), today=_FAR_FUTURE)

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        setattr(model_instance, self.hash_field, crypto.lookup_hash(value.value) if value else "")
        return value

    def get_prep_value(self, value):
        value = self.to_python(value)
        return crypto.encrypt(value.value) if value else None

    def value_to_string(self, obj):
        # Serialisation (dumpdata) carries the masked form, never the number.
        value = self.value_from_object(obj)
        return value.masked if value else ""


_FAR_FUTURE = datetime.date(9999, 12, 31)


def id_lookup_hash(raw: str) -> str:
    """The hash to filter on: `Model.objects.filter(id_number_hash=id_lookup_hash(x))`."""
    return crypto.lookup_hash(parse_id_number(raw).value)


class EncryptedCharField(models.TextField):
    """A short personal value (a phone number) encrypted at rest; no lookup."""

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else ""

    def get_prep_value(self, value):
        return crypto.encrypt(value) if value else ""


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"
