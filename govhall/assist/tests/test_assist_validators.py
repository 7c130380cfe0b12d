"""The signature pad's PNG and the bank-window amount: whatever arrives is a
value or a ValidationFailed, never another exception."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.core.errors import ValidationFailed

from ..services import _amount
from ..signatures import PREFIX, parse_signature
from .factories import signature


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: PREFIX + b.hex())))
def test_any_signature_text_is_refused_cleanly(value):
    try:
        parse_signature(value)
    except ValidationFailed as exc:
        assert exc.code == "signature_invalid"


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=1, max_size=2000))
def test_any_bytes_after_the_png_magic_are_refused_cleanly(tail):
    try:
        parse_signature(b"\x89PNG\r\n\x1a\n" + tail)
    except ValidationFailed as exc:
        assert exc.code == "signature_invalid"


def test_a_drawn_signature_passes_and_a_blank_one_does_not():
    assert parse_signature(signature()).startswith(b"\x89PNG")
    try:
        parse_signature(signature(blank=True))
    except ValidationFailed as exc:
        assert "签名为空" in str(exc.message)
    else:
        raise AssertionError("a blank pad was accepted")


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.none()))
def test_amounts_are_positive_money_or_refused(value):
    try:
        amount = _amount(value)
    except ValidationFailed as exc:
        assert "amount" in exc.fields
    else:
        assert Decimal("0") < amount <= Decimal("100000")
        assert amount.as_tuple().exponent >= -2
