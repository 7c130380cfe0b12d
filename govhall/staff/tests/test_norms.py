from hypothesis import given
from hypothesis import strategies as st

from govhall.staff.norms import c32_norm


def test_c32_norm_at_the_seed_figures():
    assert (c32_norm(0).low, c32_norm(0).high) == (25, 25)
    assert (c32_norm(20_000).low, c32_norm(20_000).high) == (25, 25)
    assert (c32_norm(29_999).low, c32_norm(29_999).high) == (25, 25)
    assert (c32_norm(30_000).low, c32_norm(30_000).high) == (27, 28)
    assert (c32_norm(45_000).low, c32_norm(45_000).high) == (29, 31)


@given(st.integers(min_value=0, max_value=10_000_000), st.integers(min_value=0, max_value=100_000))
def test_c32_norm_never_falls_as_cases_grow(cases, more):
    a, b = c32_norm(cases), c32_norm(cases + more)
    assert 25 <= a.low <= a.high
    assert a.low <= b.low and a.high <= b.high
