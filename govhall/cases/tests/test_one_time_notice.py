"""一次性告知 (004 第八条2, 001 B.2): each notice names every material still
missing or wrong, and never again one that was already accepted."""

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.cases import services
from govhall.cases.models import CaseStatus, DocumentKind
from govhall.cases.tests.factories import checklist, intake
from govhall.cases.tests.pdftext import pdf_text
from govhall.core.errors import ValidationFailed

STATUSES = st.sampled_from(["provided", "missing", "wrong"])


def _wanted_in_notice(case) -> set[str]:
    doc = case.documents.filter(kind=DocumentKind.SUPPLEMENT).order_by("-id").first()
    wanted = pdf_text(bytes(doc.content)).partition("以下材料已收取")[0]
    return {m.name for m in case.materials.all() if m.name in wanted}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rounds=st.lists(st.lists(STATUSES, min_size=5, max_size=5), min_size=1, max_size=4))
def test_a_notice_never_asks_again_for_what_was_accepted(w, rounds):
    with transaction.atomic():
        item = w["promise"]
        first = rounds[0]
        entries = [
            {**e, "status": s, "note": "需更正" if s == "wrong" else ""}
            for e, s in zip(checklist(item), first, strict=True)
        ]
        case = intake(w, item, materials=entries)
        required = {m.name for m in case.materials.all() if m.required}
        accepted: set[str] = set()
        for statuses in [*rounds[1:], ["provided"] * 5]:
            accepted |= {m.name for m in case.materials.all() if m.status == "provided"}
            case.refresh_from_db()
            if case.status != CaseStatus.SUPPLEMENT:
                break
            wanted = _wanted_in_notice(case)
            # Every required material not yet accepted, and nothing accepted before.
            assert wanted == required - accepted
            assert not wanted & accepted
            lines = [m for m in case.materials.all() if m.name in wanted]
            if accepted:  # asking again for an accepted one is refused
                again = sorted(accepted)[0]
                try:
                    services.case_supplement(
                        actor=w["clerk"],
                        case=case,
                        materials=[{"material": again, "status": "missing"}],
                    )
                except ValidationFailed as exc:
                    assert exc.code == "material_already_accepted"
                else:
                    raise AssertionError("an accepted material was checked again")
            case = services.case_supplement(
                actor=w["clerk"],
                case=case,
                materials=[
                    {"material": m.material_id, "status": s, "note": "需更正"}
                    for m, s in zip(lines, statuses, strict=False)
                ],
            )
        case.refresh_from_db()
        assert case.status == CaseStatus.ACCEPTED  # the last round brought everything
        transaction.set_rollback(True)
