"""前台综合受理: the outcomes of intake and the 补正 loop (004 第八条2, 003 §四(二)5)."""

import pytest
from django.db import connection

from govhall.cases import services
from govhall.cases.models import Case, CaseStatus, DocumentKind, MaterialStatus, Source
from govhall.cases.tests.factories import at, checklist, company, intake, person
from govhall.core.errors import InvalidTransition, NotFound, ValidationFailed

MISSING = {"经营场所证明": ("missing", ""), "申请表": ("wrong", "未签字")}


def test_complete_materials_are_accepted_with_a_notice(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    assert case.status == CaseStatus.ACCEPTED
    assert case.number == "SJ-2025-000001"
    assert len(case.check_code) == 8 and case.check_code.isdigit()
    assert case.accepted_on.isoformat() == "2025-03-03"
    assert case.due_date.isoformat() == "2025-03-10"  # 5 working days from 4 March
    assert case.version == w["promise"].published_version
    assert case.source == Source.WALK_IN
    assert [d.kind for d in case.documents.all()] == [DocumentKind.ACCEPTANCE]
    assert case.materials.filter(status=MaterialStatus.PROVIDED).count() == 5


def test_numbers_are_unique_per_centre_and_year(w):
    a = intake(w, w["promise"], now=at(2025, 12, 31))
    b = intake(w, w["promise"], now=at(2025, 12, 31))
    c = intake(w, w["promise"], now=at(2026, 1, 5))
    d = intake(w, w["promise"], now=at(2026, 1, 5), actor=w["other_clerk"], center=w["other"])
    assert [x.number for x in (a, b, c, d)] == [
        "SJ-2025-000001",
        "SJ-2025-000002",
        "SJ-2026-000001",
        "JJ-2026-000001",
    ]


def test_incomplete_materials_get_one_notice_naming_all_of_them(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3), overrides=MISSING)
    assert case.status == CaseStatus.SUPPLEMENT
    assert case.accepted_on is None and case.due_date is None
    wanted = {m.name for m in services._outstanding(case)}
    assert wanted == {"经营场所证明", "申请表"}
    assert [d.kind for d in case.documents.all()] == [DocumentKind.SUPPLEMENT]


def test_supplement_checks_only_what_was_asked_for(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3), overrides=MISSING)
    ids = {m.name: m.material_id for m in case.materials.all()}
    # A material accepted at intake cannot be checked (and asked for) again.
    with pytest.raises(ValidationFailed) as exc:
        services.case_supplement(
            actor=w["clerk"],
            case=case,
            materials=[
                {"material": ids["申请人有效身份证件"], "status": "wrong", "note": "x"},
                {"material": ids["经营场所证明"], "status": "provided"},
                {"material": ids["申请表"], "status": "provided"},
            ],
        )
    assert exc.value.code == "material_already_accepted"
    # Each outstanding line must be checked.
    with pytest.raises(ValidationFailed) as exc:
        services.case_supplement(
            actor=w["clerk"],
            case=case,
            materials=[{"material": ids["申请表"], "status": "provided"}],
        )
    assert exc.value.code == "checklist_incomplete"
    case = services.case_supplement(
        actor=w["clerk"],
        case=case,
        materials=[
            {"material": ids["经营场所证明"], "status": "provided"},
            {"material": "申请表", "status": "wrong", "note": "仍未签字"},
        ],
        now=at(2025, 3, 5),
    )
    assert case.status == CaseStatus.SUPPLEMENT
    assert {m.name for m in services._outstanding(case)} == {"申请表"}
    case = services.case_supplement(
        actor=w["clerk"],
        case=case,
        materials=[{"material": ids["申请表"], "status": "provided"}],
        now=at(2025, 3, 6),
    )
    assert case.status == CaseStatus.ACCEPTED
    assert case.accepted_on.isoformat() == "2025-03-06"  # the clock starts on acceptance
    kinds = list(case.documents.values_list("kind", flat=True))
    assert kinds == ["supplement", "supplement", "acceptance"]
    assert case.materials.get(name="申请表").rounds == 3


def test_optional_material_missing_does_not_block(w):
    case = intake(w, w["promise"], overrides={"其他补充说明": ("missing", "")})
    assert case.status == CaseStatus.ACCEPTED


def test_refusal_at_intake_and_after_supplement(w):
    refused = intake(
        w,
        w["promise"],
        materials=[],
        refusal_reason="申请事项不属于本机关职权范围（许可法第三十二条）",
    )
    assert refused.status == CaseStatus.REFUSED and refused.closed_at is not None
    assert refused.documents.get().kind == DocumentKind.REFUSAL
    assert hasattr(refused, "archive")
    waiting = intake(w, w["promise"], overrides=MISSING)
    waiting = services.case_refuse(actor=w["clerk"], case=waiting, reason="申请人不具备主体资格")
    assert waiting.status == CaseStatus.REFUSED
    with pytest.raises(InvalidTransition):
        services.case_refuse(actor=w["clerk"], case=waiting, reason="再次")


def test_company_applicant_and_proxy(w):
    case = intake(
        w,
        w["promise"],
        applicant=company(),
        proxy={"name": "李四", "id_number": "11010519491231002X"},
        delivery={"method": "post", "address": "上海市松江区测试路1号"},
    )
    assert case.applicant_kind == "company" and case.credit_code.startswith("91310117")
    assert case.source == Source.PROXY and case.proxy_id_hash
    assert case.delivery_method == "post"
    with connection.cursor() as cur:  # what is on disk: ciphertext, no plain value
        cur.execute(
            "SELECT delivery_address, proxy_name, applicant_name, phone FROM cases_case"
            " WHERE id = %s",
            [case.pk],
        )
        raw = " ".join(cur.fetchone())
    assert "测试路" not in raw and "李四" not in raw and "13812345678" not in raw
    assert "上海测试餐饮" not in raw


@pytest.mark.parametrize(
    "applicant,code",
    [
        (company(credit_code="91310117MA1J3QW800"), "credit_code_checksum"),
        (company(credit_code="short"), "credit_code_format"),
        (company(credit_code=""), "validation_error"),
        (person(id_number="310117198506121230"), "id_number_checksum"),
        (person(phone="12345"), "phone_invalid"),
        (person(kind="robot"), "validation_error"),
    ],
)
def test_bad_applicants_change_nothing(w, applicant, code):
    with pytest.raises(ValidationFailed) as exc:
        intake(w, w["promise"], applicant=applicant)
    assert exc.value.code == code
    assert all(k.startswith("applicant.") for k in exc.value.fields)
    assert not Case.objects.exists()


def test_unpublished_unknown_and_unstationed_items(w):
    from govhall.catalog import services as catalog
    from govhall.catalog.tests.factories import guide, superuser
    from govhall.core.actors import actor_for_user

    draft = catalog.item_create(
        actor=actor_for_user(superuser()),
        code="DRAFT-1",
        department=w["lead"],
        domain="market_regulation",
        guide=guide(),
    )
    with pytest.raises(ValidationFailed) as exc:
        intake(w, draft, materials=[])
    assert exc.value.code == "item_not_published"
    with pytest.raises(ValidationFailed) as exc:  # 告知承诺 item is not stationed at the town
        intake(w, w["commit"], actor=w["other_clerk"], center=w["other"])
    assert exc.value.code == "item_not_served"
    draft.code = "NOPE"
    with pytest.raises(NotFound):
        intake(w, draft, materials=[])
    assert not Case.objects.exists()


def test_checklist_must_cover_the_guide(w):
    items = checklist(w["promise"])
    with pytest.raises(ValidationFailed) as exc:
        intake(w, w["promise"], materials=items[:-2])
    assert exc.value.code == "checklist_incomplete"
    with pytest.raises(ValidationFailed) as exc:
        intake(w, w["promise"], materials=[*items, {"material": 999999, "status": "provided"}])
    assert exc.value.code == "invalid_checklist"
    wrong_without_note = [*items[1:], {**items[0], "status": "wrong"}]
    with pytest.raises(ValidationFailed) as exc:
        intake(w, w["promise"], materials=wrong_without_note)
    assert "materials[4].note" in exc.value.fields
    assert not Case.objects.exists()


def test_from_the_ticket_being_served(w):
    from govhall.queueing import services as queueing
    from govhall.queueing.tests.factories import queue, window

    q = queue(w["center"], "Z", w["promise"])
    win = window(w["center"], 7, q)
    ticket = queueing.ticket_issue(
        actor=w["clerk"], center=w["center"], item_code=w["promise"].code
    )
    with pytest.raises(ValidationFailed) as exc:  # still waiting: not being served
        intake(w, w["promise"], ticket_id=ticket.pk)
    assert exc.value.code == "ticket_not_serving"
    queueing.ticket_call_next(actor=w["clerk"], window=win)
    case = intake(w, w["promise"], ticket_id=ticket.pk)
    assert case.source == Source.TICKET and case.ticket == ticket and case.window == win


def test_only_clerks_of_the_centre_take_cases_in(w):
    from govhall.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        intake(w, w["promise"], actor=w["other_clerk"])
    with pytest.raises(PermissionDenied):
        intake(w, w["promise"], actor=w["reviewer"])
    assert not Case.objects.exists()


def test_case_keeps_the_guide_version_it_came_in_under(w):
    from govhall.catalog import services as catalog
    from govhall.catalog.tests.factories import superuser
    from govhall.core.actors import actor_for_user

    case = intake(w, w["promise"], now=at(2025, 3, 3))
    root = actor_for_user(superuser())
    draft = catalog.version_new_draft(actor=root, item=w["promise"])
    catalog.version_update(
        actor=root, version=draft, changes={"committed_days": 3, "name": "新名称"}
    )
    catalog.version_submit(actor=root, version=draft)
    catalog.version_review(actor=root, version=draft, approve=True)
    catalog.version_publish(actor=root, version=draft)
    case.refresh_from_db()
    assert case.version.number == 1 and case.committed_days == 5
    assert case.item_name != "新名称"
    # A checklist made against the old guide's materials is refused...
    with pytest.raises(ValidationFailed):
        intake(w, w["promise"], now=at(2025, 3, 3))
    w["promise"].refresh_from_db()  # ...one against the current guide is taken
    newer = intake(w, w["promise"], now=at(2025, 3, 3))
    assert newer.version.number == 2 and newer.due_date.isoformat() == "2025-03-06"
