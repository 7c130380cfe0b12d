import pytest

from govhall.core.models import Role
from govhall.core.tests import factories as f


@pytest.fixture
def two_centers(db):
    """Two centres of one district, each with a clerk, plus a supervisor."""
    d = f.district()
    a, b = f.center(d, code="CA"), f.center(d, code="CB")
    return {
        "district": d,
        "a": a,
        "b": b,
        "clerk_a": f.staff(Role.CLERK, center_=a),
        "clerk_b": f.staff(Role.CLERK, center_=b),
        "supervisor": f.staff(Role.SUPERVISOR, district_=d),
    }
