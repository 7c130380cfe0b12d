"""`?month=` on every monthly page: any text gives a month whose bounds and
neighbours are valid, so no value can make a page fail."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from govhall.core.months import parse_month

TODAY = dt.date(2026, 11, 23)


def test_a_month_and_its_neighbours():
    month = parse_month("2026-12", TODAY)
    assert (month.first, month.previous, month.following) == (
        dt.date(2026, 12, 1),
        "2026-11",
        "2027-01",
    )
    assert month.start.isoformat() == "2026-12-01T00:00:00+08:00"
    assert month.end.isoformat() == "2027-01-01T00:00:00+08:00"


def test_bad_or_far_values_give_this_month():
    for value in ("", None, "2026", "2026-13", "x-y", "9999-12", "0001-01", "1999-12", "3000-01"):
        assert parse_month(value, TODAY).first == dt.date(2026, 11, 1), value


@given(st.text(max_size=12) | st.from_regex(r"-?\d{1,5}-\d{1,3}", fullmatch=True))
def test_any_text_gives_valid_bounds_and_links(value):
    month = parse_month(value, TODAY)
    assert month.start < month.end
    for link in (month.previous, month.following, str(month)):
        assert parse_month(link, TODAY).first.strftime("%Y-%m") == link
