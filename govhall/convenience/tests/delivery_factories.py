"""Free-delivery factories: the cases world, a courier, cases posted at the output window."""

from __future__ import annotations

import datetime as dt

from govhall.cases import services as cases
from govhall.cases.tests import factories as cf
from govhall.core.models import Role
from govhall.core.tests import factories as f

ADDRESS = "上海市松江区中山中路100弄5号301室"


def world() -> dict:
    w = cf.world()
    w["courier"] = f.actor(f.staff(Role.COURIER, center_=w["center"]))
    w["other_courier"] = f.actor(f.staff(Role.COURIER, center_=w["other"]))
    return w


def posted_case(w: dict, *, address: str = ADDRESS, at: dt.datetime | None = None, **applicant):
    """A case taken in for post, decided and handed over at the output window:
    the cases event makes it a parcel."""
    at = at or cf.at(2026, 11, 2, 9)
    case = cf.intake(
        w,
        w["promise"],
        now=at,
        delivery={"method": "post", "address": address},
        applicant=cf.person(**applicant),
    )
    cases.case_decide(
        actor=w["reviewer"],
        case=case,
        decision="approve",
        opinion="同意",
        now=at + dt.timedelta(hours=2),
    )
    cases.case_deliver(actor=w["clerk"], case=case, now=at + dt.timedelta(hours=3))
    case.refresh_from_db()
    return case
