"""The staffing norm of a town centre (001 附录C, C.3.2): at least 25 staff; a
centre taking more than 20,000 cases a year adds 2 to 3 for every further full
10,000. Planning (the yearly view) and standards (the self-audit) both read it,
so it lives here, below them, as a pure function of the year's case count."""

from __future__ import annotations

from dataclasses import dataclass

BASE_STAFF = 25
BASE_CASES = 20_000
STEP_CASES = 10_000
STEP_STAFF = (2, 3)


@dataclass(frozen=True)
class StaffingNorm:
    yearly_cases: int
    steps: int  # full 10,000s above 20,000
    low: int  # the fewest staff the norm asks (2 per step)
    high: int  # the most it suggests (3 per step)


def c32_norm(yearly_cases: int) -> StaffingNorm:
    """C.3.2 "每超过1万件宜增配2名~3名": a step counts once a further 10,000 is
    complete (30,000 cases: one step; 29,999: none)."""
    if yearly_cases < 0:
        raise ValueError("yearly_cases must not be negative")
    steps = max(0, yearly_cases - BASE_CASES) // STEP_CASES
    return StaffingNorm(
        yearly_cases=yearly_cases,
        steps=steps,
        low=BASE_STAFF + STEP_STAFF[0] * steps,
        high=BASE_STAFF + STEP_STAFF[1] * steps,
    )
