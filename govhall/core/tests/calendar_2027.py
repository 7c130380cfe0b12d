"""A made-up 2027 schedule for tests (the State Council has not published the
real one): New Year's Day and the Monday after off, Saturday 9 January worked."""

import datetime as dt

from govhall.core import services

SCHEDULE = [
    (dt.date(2027, 1, 1), "holiday", "元旦"),
    (dt.date(2027, 1, 4), "holiday", "元旦"),
    (dt.date(2027, 1, 9), "workday", "元旦"),
]


def weekdays_after(start: dt.date, days: int) -> dt.date:
    """The `days`-th Monday–Friday after `start`: the provisional rule."""
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5
    return day


def add_2027(actor=None):
    return services.calendar_year_add(year=2027, days=SCHEDULE, source="test", actor=actor)
