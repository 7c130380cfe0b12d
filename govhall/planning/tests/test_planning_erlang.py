"""Erlang C against published values, windows_needed's floor, and the ciw
simulation against Erlang C on the plain M/M/c case."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.planning import erlang
from govhall.planning.simulate import Stream, simulate_day


def test_erlang_c_against_published_values():
    # Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked
    # Example" (https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm):
    # 100 calls in 30 minutes, 180 s handling, A = 10 Erlangs; with 11 agents the
    # chance to wait Pw = 68.21 %; 80 % answered in 20 s needs 14 agents (88.84 %).
    lam, mu = 100 / 30, 1 / 3  # per minute
    assert abs(erlang.erlang_c(11, 10) - 0.6821) < 5e-5
    assert abs(erlang.service_level(14, lam, mu, 20 / 60) - 0.8884) < 5e-4
    assert erlang.windows_needed(lam, mu, erlang.Target(0.8, 20 / 60)) == 14
    # Closed forms (Kleinrock, Queueing Systems I, §3.5): M/M/1 waits with
    # probability ρ and for ρ/(μ-λ); M/M/2 at a = 1 waits with probability 1/3.
    assert abs(erlang.erlang_c(1, 0.5) - 0.5) < 1e-12
    assert abs(erlang.mean_wait(1, 0.5, 1.0) - 1.0) < 1e-12
    assert abs(erlang.erlang_c(2, 1.0) - 1 / 3) < 1e-12
    # Erlang B, the textbook table value B(5, 2) = 0.0367 (ITU-T E.800 tables).
    assert abs(erlang.erlang_b(5, 2.0) - 0.0367) < 1e-4
    # Stable where the factorials would overflow a float.
    assert 0 < erlang.erlang_c(400, 380) < 1


@settings(max_examples=60, deadline=None)
@given(
    lam=st.floats(0.0, 20.0, allow_nan=False),
    service=st.floats(0.5, 40.0),
    share=st.sampled_from([0.5, 0.8, 0.9, 0.95]),
    minutes=st.sampled_from([1.0, 5.0, 15.0, 30.0]),
)
def test_windows_needed_never_below_the_offered_load(lam, service, share, minutes):
    target = erlang.Target(share, minutes)
    mu = 1 / service
    c = erlang.windows_needed(lam, mu, target)
    load = lam * service  # arrivals per minute × minutes each: the windows kept busy
    assert c >= load and (lam == 0 or c > load)
    assert target.met(c, lam, mu) if lam else c == 0
    if c > 1 and c - 1 > load:
        assert not target.met(c - 1, lam, mu)  # the fewest


def test_simulation_agrees_with_erlang_c_on_plain_mmc():
    """Constant Poisson arrivals, exponential service, c windows all day: the
    simulated share called within 5 minutes and the mean wait agree with
    Erlang C within 0.04 and 15 % (the first hour is warm-up, left out)."""
    lam, mu, c, slots = 0.8, 0.1, 10, 16
    stream = Stream(
        node=0,
        rates=[lam] * slots,
        priority_share=0.0,
        appointments=[],
        service_mean=1 / mu,
        service_sd=None,
        exponential=True,
    )
    out = simulate_day([stream], [[c] * slots], runs=40, seed=11)
    waits = [w for slot in out.waits[2:-1] for w in slot]
    share = sum(w <= 5 for w in waits) / len(waits)
    assert abs(share - erlang.service_level(c, lam, mu, 5)) < 0.04
    mean = sum(waits) / len(waits)
    assert math.isclose(mean, erlang.mean_wait(c, lam, mu), rel_tol=0.15)
    # Seeded: the same inputs give the same days.
    again = simulate_day([stream], [[c] * slots], runs=40, seed=11)
    assert again.waits == out.waits


def test_simulation_sees_priority_and_breaks():
    """Priority tickets are called first; a half hour with no window open lets
    the line grow (what Erlang C per half hour cannot show)."""
    common = dict(node=0, appointments=[], service_mean=10.0, service_sd=5.0)
    busy = Stream(rates=[0.55] * 8, priority_share=0.2, **common)
    out = simulate_day([busy], [[6] * 8], runs=20, seed=5)
    closed = simulate_day([busy], [[6, 6, 6, 0, 6, 6, 6, 6]], runs=20, seed=5)
    assert (closed.mean_wait(3) or 0) > (out.mean_wait(3) or 0) + 5
    assert (closed.mean_wait(4) or 0) > (out.mean_wait(4) or 0)
