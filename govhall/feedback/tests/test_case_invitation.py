"""A closed case opens its own evaluation, found from the public progress page."""

from django.core.cache import cache

from govhall.cases.tests.factories import intake, world

from ..models import Evaluation, Subject


def test_a_closed_case_opens_one_evaluation(db, client):
    cache.clear()
    w = world()
    case = intake(w, w["instant"])  # 即办: decided and handed over at the window
    assert case.status == "completed"
    evaluation = Evaluation.objects.get(case=case)
    assert evaluation.subject == Subject.CASE
    assert evaluation.reference == case.number
    assert evaluation.person_hash == case.applicant_id_hash
    page = client.post(
        "/cases/progress/", {"number": case.number, "check_code": case.check_code}
    ).content.decode()
    assert f"/e/{evaluation.token}/" in page
