"""The convenience desk's test world: a centre with its print room, service desk
and admin, an item stationed there and one stationed only at the other centre."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.cases.tests import factories as cf
from govhall.core.identity import check_digit
from govhall.core.models import Role
from govhall.core.tests import factories as f

# A Tuesday in the print room's morning; a Saturday.
TUESDAY = dt.date(2026, 12, 1)
SATURDAY = dt.date(2026, 12, 5)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))


def id_number(base17: str) -> str:
    return base17 + check_digit(base17)


ALICE = id_number("31011719850412301")
BOB = id_number("31011719920830122")


def world() -> dict:
    w = cf.world()
    center = w["center"]
    w["print"] = f.actor(f.staff(Role.PRINT_ROOM, center_=center))
    w["desk"] = f.actor(f.staff(Role.RECEPTION, center_=center))
    w["other_print"] = f.actor(f.staff(Role.PRINT_ROOM, center_=w["other"]))
    w["elsewhere"] = cf.item(w["lead"], w["other"], mode="instant", days=0)
    return w
