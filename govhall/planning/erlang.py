"""Erlang C (M/M/c): the chance of waiting, the share called within a time, the
mean wait and the fewest windows that meet a service target.

Computed through the Erlang B recursion B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)),
which never forms a! or a^c and so stays stable for a hundred windows and more;
C = c·B / (c - a·(1 - B)) when a < c (Erlang C from Erlang B). Rates are per minute."""

from __future__ import annotations

import math
from dataclasses import dataclass


def erlang_b(c: int, a: float) -> float:
    """Blocking probability of c servers offered a Erlangs (M/M/c/c)."""
    if c < 0 or a < 0:
        raise ValueError("c and a must not be negative")
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """The chance an arrival waits (M/M/c, offered load a = λ/μ); 1 when c <= a."""
    if a <= 0:
        return 0.0
    if c <= a:
        return 1.0
    b = erlang_b(c, a)
    return c * b / (c - a * (1 - b))


def service_level(c: int, lam: float, mu: float, t: float) -> float:
    """Share of arrivals called within t minutes: 1 - C·e^{-(cμ-λ)t}."""
    if lam <= 0:
        return 1.0
    a = lam / mu
    if c <= a:
        return 0.0
    return 1.0 - erlang_c(c, a) * math.exp(-(c * mu - lam) * t)


def mean_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in the queue, minutes (infinite when c <= a)."""
    if lam <= 0:
        return 0.0
    a = lam / mu
    if c <= a:
        return math.inf
    return erlang_c(c, a) / (c * mu - lam)


@dataclass(frozen=True)
class Target:
    """The centre's service target: `share` of people called within `minutes`,
    and, when `mean_minutes` is set, a mean wait no longer than it."""

    share: float = 0.8
    minutes: float = 15.0
    mean_minutes: float | None = None

    def met(self, c: int, lam: float, mu: float) -> bool:
        if service_level(c, lam, mu, self.minutes) < self.share:
            return False
        return self.mean_minutes is None or mean_wait(c, lam, mu) <= self.mean_minutes


def windows_needed(lam: float, mu: float, target: Target) -> int:
    """The fewest open windows that meet the target; never below the offered load
    (a window fewer than λ/μ lets the line grow without end)."""
    if lam <= 0:
        return 0
    a = lam / mu
    c = max(1, math.floor(a) + 1)  # the first stable count
    # Square-root staffing meets any target short of 100 % within a few √a
    # more; the bound only guards against a target that cannot be met.
    bound = c + math.ceil(20 * math.sqrt(a)) + 100
    while not target.met(c, lam, mu):
        c += 1
        if c > bound:
            raise ValueError("the target cannot be met")
    return c
