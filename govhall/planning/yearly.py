"""The yearly view (001 附录C C.3.2): the staffing norm from the year's case
volume against the staff the centre has. The volume is the cases received in
the year; a year still running is carried to its end at the pace so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from govhall.cases.models import Case
from govhall.core.models import CenterLevel
from govhall.queueing.models import Ticket
from govhall.staff.norms import StaffingNorm, c32_norm
from govhall.staff.profiles.models import StaffKind, StaffProfile


@dataclass(frozen=True)
class YearView:
    year: int
    cases: int  # received so far in the year
    projected: int  # carried to the year's end (= cases for a past year)
    tickets: int
    elapsed_days: int
    norm: StaffingNorm
    staff: int
    by_kind: list[tuple[str, int]]
    applies: bool  # C.3.2 is written for town centres

    @property
    def short(self) -> int:
        return max(0, self.norm.low - self.staff)


def year_view(actor, center, year: int, today: dt.date) -> YearView:
    actor.require(center, "planning.read")
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = Case.objects.filter(center=center, received_at__year=year).count()
    tickets = Ticket.objects.filter(center=center, service_date__year=year).count()
    if year < today.year:
        elapsed, projected = (last - first).days + 1, cases
    else:
        elapsed = max(1, (min(today, last) - first).days + 1)
        projected = round(cases * ((last - first).days + 1) / elapsed)
    staff = StaffProfile.objects.filter(center=center, is_active=True)
    kinds = dict(staff.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    by_kind = [(str(label), kinds.get(value, 0)) for value, label in StaffKind.choices]
    return YearView(
        year=year,
        cases=cases,
        projected=projected,
        tickets=tickets,
        elapsed_days=elapsed,
        norm=c32_norm(projected),
        staff=sum(kinds.values()),
        by_kind=by_kind,
        applies=center.level == CenterLevel.TOWN,
    )
