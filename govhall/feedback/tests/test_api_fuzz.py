"""No rating body, however malformed, produces a 500 or a half-written rating:
anything but a 201 leaves the evaluation unrated and opens no rectification."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..models import Evaluation, Rectification
from .factories import serve

TEXT = st.text(max_size=30) | st.text(alphabet=st.sampled_from("a\x00'\"中１X-5 "), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=10,
)
LEVELS = st.integers(-3, 9) | st.sampled_from(["1", "5", " 2", "٣", "2.0"]) | JSON
BODIES = st.fixed_dictionaries(
    {},
    optional={
        "level": LEVELS,
        "indicators": JSON
        | st.dictionaries(st.sampled_from(["efficiency", "skill", "attitude"]), LEVELS),
        "reasons": JSON | st.lists(st.sampled_from(["slow", "attitude", "other", "x"]), max_size=3),
        "comment": JSON,
        "contact_phone": JSON | st.just("13912345678"),
    },
)


def test_rating_bodies_never_500_nor_half_written(client, h):
    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=BODIES)
    def check(body):
        evaluation = Evaluation.objects.filter(ticket__isnull=False, rated_at__isnull=True).first()
        evaluation = evaluation or serve(h)
        resp = client.post(
            f"/api/v1/evaluations/{evaluation.token}",
            json.dumps(body),
            content_type="application/json",
        )
        assert resp.status_code in (201, 400, 422), (body, resp.content)
        assert "error" in resp.json() or resp.status_code == 201
        evaluation.refresh_from_db()
        if resp.status_code == 201:
            assert 1 <= evaluation.level <= 5
            assert Rectification.objects.filter(evaluation=evaluation).exists() == (
                evaluation.level <= 2
            )
        else:
            assert evaluation.rated_at is None
            assert not Rectification.objects.filter(evaluation=evaluation).exists()

    check()
