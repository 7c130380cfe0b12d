"""Scoping: another centre's staff see nothing of a case; one department never
decides another's."""

import pytest

from govhall.cases import selectors, services
from govhall.cases.tests.factories import intake
from govhall.core.errors import NotFound, PermissionDenied


def test_another_centre_cannot_read_or_act(w):
    case = intake(w, w["promise"])
    for actor in (w["other_clerk"], w["other_reviewer"]):
        with pytest.raises(NotFound):
            selectors.case_for_actor(actor, case.number)
    # Even handed the object, the services refuse.
    with pytest.raises(PermissionDenied):
        services.case_decide(actor=w["other_reviewer"], case=case, decision="approve", opinion="")
    with pytest.raises(PermissionDenied):
        services.case_supplement(actor=w["other_clerk"], case=case, materials=[])
    with pytest.raises(PermissionDenied):
        selectors.open_cases(w["other_clerk"], w["center"])
    with pytest.raises(PermissionDenied):
        selectors.reviewer_worklist(w["other_reviewer"], w["center"])


def test_worklists(w):
    mine = intake(w, w["promise"])
    parallel = intake(w, w["parallel"])
    intake(w, w["promise"], overrides={"申请表": ("missing", "")})  # not with the back office
    lead = selectors.reviewer_worklist(w["reviewer"], w["center"])
    assert [c.number for c in lead] == [mine.number, parallel.number]  # by due date
    assert all(c.clock["running"] for c in lead)
    assert [c.number for c in selectors.reviewer_worklist(w["p1_actor"], w["center"])] == [
        parallel.number
    ]
    admin = selectors.open_cases(w["admin"], w["center"])
    assert len(admin) == 3
