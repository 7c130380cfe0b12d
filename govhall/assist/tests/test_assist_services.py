"""Assist services against a real database: every kind of request end to end,
the 代办 of 001 A.2.2-A.2.3 (one-time notice, hand-over, entrustment, the case,
the return), paying at the bank window, the team, home visits, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govhall.booking import services as booking
from govhall.cases import services as cases
from govhall.cases.models import CaseStatus, DocumentKind
from govhall.core.actors import ANONYMOUS
from govhall.core.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.hooks import first
from govhall.core.models import AuditLog, Event

from .. import services
from ..models import AssistRequest, Entrustment, Handover, Payment, Status
from . import factories as af

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return af.world()


def _lines(item, overrides=None):
    overrides = overrides or {}
    return [
        {
            "material": m.pk,
            "status": overrides.get(m.name, ("provided", ""))[0],
            "note": overrides.get(m.name, ("", ""))[1],
        }
        for m in item.published_version.materials.all()
    ]


def test_a_bangban_from_the_desk_goes_to_the_least_loaded_and_ends_with_times(w):
    first_one = services.request_create(
        actor=w["reception"], center=w["center"], kind="bangban", id_number=af.elderly_id()
    )
    assert first_one.elderly and first_one.status == Status.ASSIGNED
    assert first_one.channel == "desk"
    # the assistant has one open now; the English volunteer (bangban too) has none
    second = services.request_create(actor=w["clerk"], center=w["center"], kind="bangban")
    assert second.assigned_to == w["m_english"] and second.channel == "window"
    assert not second.elderly
    services.request_start(actor=w["assistant"], request=first_one)
    done = services.request_finish(
        actor=w["assistant"], request=first_one, outcome="陪同至综合窗口3办结"
    )
    assert done.status == Status.DONE
    assert done.requested_at <= done.assigned_at <= done.started_at <= done.done_at
    kinds = list(
        Event.objects.filter(
            aggregate_type="assist.assistrequest", aggregate_id=str(done.pk)
        ).values_list("kind", flat=True)
    )
    assert kinds == ["assist.requested", "assist.assigned", "assist.started", "assist.done"]
    for event in Event.objects.filter(kind__startswith="assist."):
        text = str(event.payload)
        assert af.elderly_id() not in text and "李" not in text
    assert AuditLog.objects.filter(action="assist.done", object_id=str(done.pk)).exists()


def test_language_help_goes_by_skill_and_waits_when_nobody_speaks_it(w):
    sign = services.request_create(actor=w["reception"], center=w["center"], kind="sign_language")
    assert sign.assigned_to == w["m_sign"]
    english = services.request_create(
        actor=w["reception"], center=w["center"], kind="foreign_language", language="英语"
    )
    assert english.assigned_to == w["m_english"]
    japanese = services.request_create(
        actor=w["reception"], center=w["center"], kind="foreign_language", language="日语"
    )
    assert japanese.status == Status.REQUESTED and japanese.assigned_to is None
    with pytest.raises(ValidationFailed) as exc:
        services.request_assign(actor=w["admin"], request=japanese, member=w["m_english"])
    assert exc.value.code == "member_lacks_skill"
    written = services.request_create(actor=w["reception"], center=w["center"], kind="written")
    assert written.assigned_to is not None  # anyone can write
    # a volunteer has no account: any assistant of the centre records the work
    services.request_start(actor=w["assistant"], request=sign)
    with pytest.raises(PermissionDenied):
        services.request_start(actor=w["other_assistant"], request=english)


def test_daiban_incomplete_gets_the_cases_one_time_notice_then_goes_through(w):
    item = w["promise"]
    req = af.daiban(w)
    assert req.assigned_to == w["m_assistant"] and req.elderly
    missing = {"经营场所证明": ("missing", ""), "卫生许可证明": ("wrong", "复印件不清晰")}
    req = services.daiban_check(actor=w["assistant"], request=req, materials=_lines(item, missing))
    assert req.status == Status.AWAITING_MATERIALS
    case = req.case
    assert case.status == CaseStatus.SUPPLEMENT
    assert case.documents.filter(kind=DocumentKind.SUPPLEMENT).count() == 1
    assert sorted(services.outstanding(req)) == sorted(
        m.pk for m in item.published_version.materials.all() if m.name in missing
    )
    # the entrustment waits for complete materials
    with pytest.raises(InvalidTransition):
        services.daiban_entrust(actor=w["assistant"], request=req, signature=af.signature())
    # the person comes back: only the outstanding lines are checked
    again = [{"material": pk, "status": "provided", "note": ""} for pk in services.outstanding(req)]
    req = services.daiban_check(actor=w["assistant"], request=req, materials=again)
    assert req.status == Status.CHECKED
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPLEMENT  # not accepted before the entrustment
    req = services.daiban_entrust(actor=w["assistant"], request=req, signature=af.signature())
    assert req.status == Status.ENTRUSTED
    agreement = Entrustment.objects.get(request=req)
    assert bytes(agreement.document).startswith(b"%PDF")
    intake = Handover.objects.get(request=req, kind="intake")
    assert len(intake.items) == 5 and bytes(intake.signature).startswith(b"\x89PNG")
    req = services.daiban_submit(actor=w["assistant"], request=req)
    case.refresh_from_db()
    assert req.status == Status.IN_PROGRESS and case.status == CaseStatus.ACCEPTED
    answer = first("case.assist", case=case)
    assert answer["kind"] == "daiban" and answer["assistant"] == w["m_assistant"].name
    # the hand-back waits for the decision
    with pytest.raises(Conflict) as exc:
        services.daiban_return(
            actor=w["assistant"], request=req, items=["许可证"], signature=af.signature()
        )
    assert exc.value.code == "case_not_finished"
    cases.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="同意")
    req = services.daiban_return(
        actor=w["assistant"],
        request=req,
        items=["许可证正本1份", "申请材料原件"],
        signature=af.signature(),
    )
    assert req.status == Status.DONE and req.done_at >= req.started_at
    assert bytes(Handover.objects.get(request=req, kind="return").document).startswith(b"%PDF")


def test_daiban_complete_is_taken_in_by_the_assistant_and_the_fee_paid_at_the_bank(w):
    req = af.daiban(w)
    req = services.daiban_check(actor=w["assistant"], request=req, materials=_lines(w["promise"]))
    assert req.status == Status.CHECKED and req.case is None
    req = services.daiban_entrust(actor=w["assistant"], request=req, signature=af.signature())
    req = services.daiban_submit(actor=w["assistant"], request=req)
    assert req.case.status == CaseStatus.ACCEPTED and req.case.received_by == w["assistant"].user
    pay = services.payment_record(
        actor=w["assistant"],
        request=req,
        amount="45.50",
        purpose="证照工本费",
        receipt_number="NS-20261201-0088",
        signature=af.signature(),
    )
    assert pay.amount == Decimal("45.50") and pay.paid_by == w["assistant"].user
    with pytest.raises(Conflict):
        services.payment_record(
            actor=w["assistant"],
            request=req,
            amount="45.50",
            purpose="证照工本费",
            receipt_number="NS-20261201-0088",
            signature=af.signature(),
        )
    for bad in ["0", "-3", "abc", "1.234", "1e9", "NaN", ""]:
        with pytest.raises(ValidationFailed):
            services.payment_record(
                actor=w["assistant"],
                request=req,
                amount=bad,
                purpose="工本费",
                receipt_number="R-0001",
                signature=af.signature(),
            )
    assert Payment.objects.filter(request=req).count() == 1


@pytest.mark.parametrize(
    "field,value",
    [
        ("kind", "massage"),
        ("id_number", "310117198506121230"),
        ("phone", "12345"),
        ("item_code", "NOPE"),
        ("note", "长" * 301),
        ("language", "语" * 41),
        ("name", "<script>"),
    ],
)
def test_bad_requests_are_refused_with_the_field_and_nothing_written(w, field, value):
    values = {"kind": "bangban", field: value}
    with pytest.raises(ValidationFailed) as exc:
        services.request_create(actor=w["reception"], center=w["center"], **values)
    assert exc.value.fields
    assert not AssistRequest.objects.exists()


def test_who_may_do_what_and_steps_out_of_order(w):
    with pytest.raises(PermissionDenied):
        services.request_create(actor=w["other_clerk"], center=w["center"], kind="bangban")
    with pytest.raises(PermissionDenied):
        services.request_create(actor=ANONYMOUS, center=w["center"], kind="bangban")
    req = af.daiban(w)
    with pytest.raises(PermissionDenied):  # reception takes requests, does not work them
        services.daiban_check(actor=w["reception"], request=req, materials=[])
    with pytest.raises(InvalidTransition):
        services.daiban_submit(actor=w["assistant"], request=req)
    with pytest.raises(InvalidTransition):  # a 代办 is not "started" and "finished"
        services.request_start(actor=w["assistant"], request=req)
    bad = [{"material": 999999, "status": "provided"}]
    with pytest.raises(ValidationFailed) as exc:
        services.daiban_check(actor=w["assistant"], request=req, materials=bad)
    assert exc.value.code == "invalid_checklist"
    with pytest.raises(ValidationFailed) as exc:
        services.daiban_check(actor=w["assistant"], request=req, materials=[])
    assert exc.value.code == "checklist_incomplete"
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED and not req.checklist and req.case is None
    req = services.daiban_check(actor=w["assistant"], request=req, materials=_lines(w["promise"]))
    for sig in [af.signature(blank=True), "", "data:image/png;base64,!!!", "data:text/html,x"]:
        with pytest.raises(ValidationFailed) as exc:
            services.daiban_entrust(actor=w["assistant"], request=req, signature=sig)
        assert exc.value.code == "signature_invalid"
    req.refresh_from_db()
    assert req.status == Status.CHECKED and not Entrustment.objects.exists()
    with pytest.raises(ValidationFailed):
        services.request_cancel(actor=w["reception"], request=req, reason=" ")
    services.request_cancel(actor=w["reception"], request=req, reason="本人改日再来")
    with pytest.raises(InvalidTransition):
        services.request_cancel(actor=w["reception"], request=req, reason="again")


def test_the_department_coordinator_assigns_only_its_own_items(w):
    req = af.daiban(w)  # the lead department's item
    services.request_assign(actor=w["dept_lead"], request=req, member=w["m_assistant"])
    other = services.request_create(actor=w["reception"], center=w["center"], kind="bangban")
    with pytest.raises(PermissionDenied):
        services.request_assign(actor=w["dept_lead"], request=other, member=w["m_english"])
    services.coordinator_name(
        actor=w["dept_lead"], center=w["center"], department=w["lead"], user=w["dept_lead"].user
    )
    with pytest.raises(PermissionDenied):
        services.coordinator_name(
            actor=w["dept_lead"], center=w["center"], department=w["p1"], user=w["dept_lead"].user
        )
    with pytest.raises(PermissionDenied):  # the team is the centre's
        services.member_save(
            actor=w["dept_lead"], center=w["center"], kind="volunteer", name="赵", skills=["peiban"]
        )


def test_team_member_rules(w):
    admin, center = w["admin"], w["center"]
    bad = [
        {"kind": "assistant", "skills": ["daiban"]},  # an assistant needs an account
        {"kind": "volunteer", "name": "赵敏", "skills": []},
        {"kind": "volunteer", "name": "赵敏", "skills": ["flying"]},
        {"kind": "volunteer", "name": "赵敏", "skills": ["foreign_language"]},  # which language?
        {"kind": "volunteer", "name": "赵敏", "skills": ["dialect"]},
        {"kind": "volunteer", "user": w["other_clerk"].user, "skills": ["peiban"]},
    ]
    before = w["m_assistant"].center.assist_team.count()
    for values in bad:
        with pytest.raises(DomainError):
            services.member_save(actor=admin, center=center, **values)
    with pytest.raises(Conflict):
        services.member_save(
            actor=admin,
            center=center,
            kind="assistant",
            user=w["assistant"].user,
            skills=["daiban"],
        )
    assert center.assist_team.count() == before


def test_an_approved_home_visit_becomes_a_request_and_ends_with_it(w):
    visit = booking.home_visit_request(
        actor=ANONYMOUS,
        center=w["center"],
        name="刘奶奶",
        phone="13912345678",
        address="中山路12弄3号401室",
        reason="卧床，行动不便",
        id_number="11010519491231002X",
    )
    assert not AssistRequest.objects.exists()
    booking.home_visit_decide(actor=w["admin"], visit=visit, approve=True)
    req = AssistRequest.objects.get(home_visit=visit)
    assert req.kind == "home_visit" and req.channel == "home_visit" and req.elderly
    assert req.assigned_to == w["m_assistant"]  # staff go, not volunteers
    booking.home_visit_cancel(actor=w["admin"], visit=visit, reason="家属代为前来")
    req.refresh_from_db()
    assert req.status == Status.CANCELLED


def test_a_withdrawn_entrustment_hands_the_materials_back_signed(w):
    req = af.daiban(w)
    req = services.daiban_check(actor=w["assistant"], request=req, materials=_lines(w["promise"]))
    req = services.daiban_entrust(actor=w["assistant"], request=req, signature=af.signature())
    with pytest.raises(InvalidTransition) as exc:
        services.request_cancel(actor=w["reception"], request=req, reason="不办了")
    assert exc.value.code == "materials_held"
    req = services.daiban_return(
        actor=w["assistant"], request=req, items=["全部申请材料"], signature=af.signature()
    )
    assert req.status == Status.CANCELLED and req.case is None
    assert Handover.objects.filter(request=req, kind="return").exists()


def test_the_assistants_bank_payment_pays_the_entrusted_cases_fee(w):
    from govhall.cases.models import Payment as CasePayment
    from govhall.cases.services import outstanding
    from govhall.cases.tests.factories import item

    fees = [{"label": "登记费", "amount": "80.00"}]
    charged = item(w["lead"], w["center"], mode="promise", days=5, fee_amounts=fees)
    req = af.daiban(w, item_code=charged.code)
    req = services.daiban_check(actor=w["assistant"], request=req, materials=_lines(charged))
    req = services.daiban_entrust(actor=w["assistant"], request=req, signature=af.signature())
    req = services.daiban_submit(actor=w["assistant"], request=req)
    paying = {
        "actor": w["assistant"],
        "request": req,
        "purpose": "登记费",
        "receipt_number": "NS-20261201-0099",
        "signature": af.signature(),
    }
    with pytest.raises(ValidationFailed):  # not one of the guide's amounts
        services.payment_record(amount="45", **paying)
    assert not Payment.objects.filter(request=req).exists()
    assert not CasePayment.objects.filter(case=req.case).exists()
    services.payment_record(amount="80", **paying)
    case_payment = CasePayment.objects.get(case=req.case)
    assert (case_payment.method, case_payment.payer) == ("bank_slip", "assistant")
    assert outstanding(req.case) == 0
