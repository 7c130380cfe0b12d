"""Issue 10, finding 6: booking and home-visit names refuse control and format
characters and emoji (core.names), in the API schema and the forms."""

import pytest
from pydantic import ValidationError

import govhall.api  # noqa: F401 (loads the routers first: the app routers import it)
from govhall.booking.api import BookingIn, VisitIn
from govhall.booking.forms import BookForm, PersonForm, VisitForm

BAD = ["王\u202e五", "王五😀", "王\u200b五"]


@pytest.mark.parametrize("name", BAD)
def test_the_schemas_refuse_the_name(name):
    booking = {"center": "C", "item": "I", "slot": 1, "id_number": "x", "phone": "x"}
    with pytest.raises(ValidationError) as exc:
        BookingIn(**booking, name=name)
    assert exc.value.errors()[0]["loc"] == ("name",)
    with pytest.raises(ValidationError):
        VisitIn(name=name, phone="x", address="x", reason="x")


@pytest.mark.parametrize("form_class", [PersonForm, BookForm, VisitForm])
@pytest.mark.parametrize("name", BAD)
def test_the_forms_refuse_the_name(form_class, name):
    form = form_class(data={"name": name})
    form.is_valid()
    assert "name" in form.errors
    form = form_class(data={"name": "王五"})
    form.is_valid()
    assert "name" not in form.errors
