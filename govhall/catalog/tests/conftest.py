import pytest

from govhall.core.models import CenterLevel, Role
from govhall.core.tests import factories as f


@pytest.fixture
def world(db):
    """A district with a centre, a department, its reviewer and the centre admin."""
    d = f.district("SC", "松川区")
    center = f.center(d, code="SC-QZX", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    dept = f.department(d, code="SCJ")
    return {
        "district": d,
        "center": center,
        "dept": dept,
        "dept_staff": f.actor(f.staff(Role.REVIEWER, center_=center, department_=dept)),
        "center_admin": f.actor(f.staff(Role.CENTER_ADMIN, center_=center)),
        "clerk": f.actor(f.staff(Role.CLERK, center_=center)),
    }
