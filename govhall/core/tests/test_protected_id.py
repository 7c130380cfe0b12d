"""ID numbers at rest: encrypted, a keyed hash beside them, masked on display,
every unmasked read audited."""

import pytest
from django.core import serializers
from django.db import connection, transaction

from govhall.core.actors import ANONYMOUS, actor_for_user
from govhall.core.errors import PermissionDenied, ValidationFailed
from govhall.core.fields import id_lookup_hash
from govhall.core.models import AuditLog, User
from govhall.core.services import id_number_reveal
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db
NUMBER = "11010519491231002X"


def _raw_column(user):
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, id_number_hash FROM core_user WHERE id = %s", [user.pk])
        return cur.fetchone()


def test_stored_encrypted_with_lookup_hash():
    u = f.user(id_number=NUMBER)
    cipher, digest = _raw_column(u)
    assert NUMBER not in cipher and "1949" not in cipher
    assert digest == id_lookup_hash(NUMBER) and NUMBER not in digest
    # Lookup works for the same number typed differently (lower-case x, full width).
    assert User.objects.get(id_number_hash=id_lookup_hash("11010519491231002x")) == u
    assert (
        User.objects.get(id_number_hash=id_lookup_hash("１１０１０５１９４９１２３１００２Ｘ")) == u
    )


def test_two_encryptions_differ_but_hash_the_same():
    a, b = f.user(id_number=NUMBER), f.user(id_number=NUMBER)
    assert _raw_column(a)[0] != _raw_column(b)[0]
    assert _raw_column(a)[1] == _raw_column(b)[1]


def test_loaded_value_is_masked_by_default():
    u = User.objects.get(pk=f.user(id_number=NUMBER).pk)
    assert str(u.id_number) == "110***********002X"
    assert NUMBER not in repr(u.id_number) and NUMBER not in f"{u.id_number}"
    assert u.id_number.birth_date.isoformat() == "1949-12-31"


def test_serialisation_carries_the_masked_form():
    u = f.user(id_number=NUMBER)
    dumped = serializers.serialize("json", User.objects.filter(pk=u.pk))
    assert NUMBER not in dumped and "110***********002X" in dumped


def test_invalid_number_is_refused_and_nothing_saved():
    with pytest.raises(ValidationFailed) as err, transaction.atomic():
        f.user("bad", id_number="110105194912310021")
    assert err.value.code == "id_number_checksum"
    assert not User.objects.filter(username="bad").exists()


def test_clearing_clears_the_hash():
    u = f.user(id_number=NUMBER)
    u.id_number = None
    u.save()
    assert _raw_column(u) == (None, "")


def test_unmasked_read_is_audited_and_staff_only(two_centers):
    subject = f.user(id_number=NUMBER)
    viewer = actor_for_user(two_centers["clerk_a"])
    assert id_number_reveal(actor=viewer, obj=subject, reason="核验身份") == NUMBER
    entry = AuditLog.objects.get(action="personal_data.revealed")
    assert entry.actor == two_centers["clerk_a"] and entry.detail["field"] == "id_number"
    assert NUMBER not in str(entry.detail)
    with pytest.raises(PermissionDenied):
        id_number_reveal(actor=ANONYMOUS, obj=subject)
