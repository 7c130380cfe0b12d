"""The formulas: every part in 0..100 whatever the figures, weights validated,
the total a weighted mean, and competition ranks stable under reordering."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.reports.assessment import formulas

counts = st.integers(min_value=0, max_value=10_000)
maybe_mean = st.one_of(st.none(), st.floats(min_value=0, max_value=10_000))


def within(x):
    return 0.0 <= x <= 100.0


@given(rated=counts, extra=counts, bad=counts)
def test_quality_in_range(rated, extra, bad):
    satisfied = min(extra, rated)
    assert within(formulas.quality(rated=rated, satisfied=satisfied, bad_counted=bad))


def test_quality_examples():
    assert formulas.quality(rated=0, satisfied=0, bad_counted=0) == 100
    assert formulas.quality(rated=10, satisfied=9, bad_counted=1) == 80
    assert formulas.quality(rated=5, satisfied=0, bad_counted=5) == 0


@given(
    mean=maybe_mean,
    center=maybe_mean,
    served=counts,
    center_served=maybe_mean,
    cases=counts,
    on_time=counts,
)
def test_efficiency_in_range(mean, center, served, center_served, cases, on_time):
    score = formulas.efficiency(
        mean_service=mean,
        center_mean_service=center,
        served=served,
        center_mean_served=center_served,
        cases=cases,
        cases_on_time=min(on_time, cases),
    )
    assert within(score)


def test_efficiency_examples():
    # Twice as slow as the centre, half the centre's volume, every case on time.
    parts = formulas.efficiency_parts(
        mean_service=600,
        center_mean_service=300,
        served=5,
        center_mean_served=10,
        cases=4,
        cases_on_time=4,
    )
    assert parts == {"speed": 50.0, "volume": 50.0, "on_time": 100.0}
    assert (
        formulas.efficiency(
            mean_service=None,
            center_mean_service=None,
            served=0,
            center_mean_served=None,
            cases=0,
            cases_on_time=0,
        )
        == 100
    )


@given(late=counts, early=counts, missing=counts, absences=counts)
def test_attendance_in_range(late, early, missing, absences):
    assert within(formulas.attendance(late=late, early=early, missing=missing, absences=absences))


@given(invited=counts, attended=counts, scores=st.lists(st.integers(0, 100), max_size=5))
def test_training_in_range(invited, attended, scores):
    value = formulas.training(invited=invited, attended=min(attended, invited), exam_scores=scores)
    assert within(value)


weights = st.fixed_dictionaries({p: st.integers(-50, 150) for p in formulas.PARTS})
scores = st.fixed_dictionaries({p: st.floats(0, 100) for p in formulas.PARTS})


@given(w=weights, s=scores)
def test_weights_validated_and_total_in_range(w, s):
    problems = formulas.weights_problems(w)
    valid = all(0 <= v <= 100 for v in w.values()) and sum(w.values()) == 100
    assert (not problems) == valid
    if valid:
        total = formulas.total(s, w)
        assert within(total)
        assert min(s.values()) - 0.06 <= total <= max(s.values()) + 0.06


def test_weights_wrong_types():
    assert formulas.weights_problems({"quality": "40"})["quality"] == "integer"
    assert formulas.weights_problems({p: True for p in formulas.PARTS})["quality"] == "integer"
    assert formulas.weights_problems({}) == {p: "integer" for p in formulas.PARTS}


@given(st.lists(st.sampled_from([50.0, 60.0, 60.0, 70.5, 90.0]), min_size=1, max_size=12))
def test_ranking_ties_and_stability(totals):
    rows = [formulas.Ranked(i, f"S{i:03d}", t) for i, t in enumerate(totals)]
    ranked = formulas.ranks(rows)
    shuffled = rows[:]
    random.Random(len(rows)).shuffle(shuffled)
    assert formulas.ranks(shuffled) == ranked  # the order given does not matter
    for row in rows:
        better = sum(1 for other in rows if other.total > row.total)
        assert ranked[row.key] == better + 1  # competition ranking: ties share, next skips


part_scores = st.fixed_dictionaries({p: st.floats(0, 100) for p in formulas.PARTS})
known_parts = st.sets(st.sampled_from(formulas.PARTS))


@given(st.lists(st.tuples(part_scores, known_parts), max_size=8))
def test_fill_missing(people):
    before = [dict(scores) for scores, _known in people]
    formulas.fill_missing(people)
    for (scores, known), old in zip(people, before, strict=True):
        for part in formulas.PARTS:
            assert within(scores[part])
            if part in known:
                assert scores[part] == old[part]  # figures of one's own are kept
            else:
                having = [o[part] for o, (_s, k) in zip(before, people, strict=True) if part in k]
                expected = sum(having) / len(having) if having else 100.0
                assert scores[part] == pytest.approx(expected, abs=0.06)
