"""Fees (000 第六条; 002 二(七); 001 A.1.6): assessed from the item's standard with a
收款单, paid in cash, by card, at the bank window or online, by the applicant,
the proxy or an assistant; refunds; no result while a fee is outstanding; a free
item takes no payment. Services and the API's bad input."""

from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.cases import services
from govhall.cases.models import CaseStatus, DocumentKind, Payment
from govhall.cases.tests.factories import at, id_number, intake, item, tokens
from govhall.cases.tests.pdftext import pdf_text
from govhall.catalog.services import clean_fee_amounts
from govhall.core.errors import Conflict, InvalidTransition, ValidationFailed

STANDARD = [{"label": "住宅类", "amount": "80.00"}, {"label": "非住宅类", "amount": "550.00"}]


@pytest.fixture
def paid_item(w):
    return item(w["lead"], w["center"], mode="promise", days=5, fee_amounts=STANDARD)


def _decided(w, it):
    case = intake(w, it, now=at(2025, 3, 3))
    return services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="")


def _deliver(w, case):
    return services.case_deliver(
        actor=w["clerk"],
        case=case,
        collector_name="张晓明",
        collector_id_number=id_number(),
        signature="已签字",
    )


def test_assess_issue_the_slip_pay_and_hand_out(w, paid_item):
    case = _decided(w, paid_item)
    with pytest.raises(ValidationFailed) as exc:
        services.case_fee_assess(actor=w["clerk"], case=case, amount="100")
    assert exc.value.code == "amount_not_in_standard"
    case = services.case_fee_assess(actor=w["clerk"], case=case, amount="80")
    assert case.fee_due == Decimal("80.00") and services.outstanding(case) == 80
    text = pdf_text(bytes(case.documents.get(kind=DocumentKind.PAYMENT_SLIP).content))
    assert "收款单" in text and "捌拾元整" in text and "住宅类" in text and "银行缴费窗口" in text
    with pytest.raises(Conflict) as exc:
        _deliver(w, case)
    assert exc.value.code == "fee_unpaid"
    with pytest.raises(ValidationFailed) as exc:
        services.case_payment_record(actor=w["clerk"], case=case, amount="550", method="cash")
    assert exc.value.code == "amount_mismatch"
    payment = services.case_payment_record(
        actor=w["clerk"], case=case, amount="80.00", method="bank_slip"
    )
    assert payment.received_by == w["clerk"].user and payment.payer == "applicant"
    with pytest.raises(Conflict) as exc:
        services.case_payment_record(actor=w["clerk"], case=case, amount="80", method="cash")
    assert exc.value.code == "already_paid"
    case = _deliver(w, case)
    assert case.status == CaseStatus.COMPLETED


def test_an_assistant_pays_in_cash_without_a_prior_assessment(w, paid_item):
    case = _decided(w, paid_item)
    payment = services.case_payment_record(
        actor=w["clerk"], case=case, amount="550", method="cash", payer="assistant"
    )
    case.refresh_from_db()
    assert case.fee_due == Decimal("550.00") and payment.get_payer_display() == "帮办代办员代缴"
    assert services.outstanding(case) == 0


def test_a_refund_makes_the_fee_due_again_and_is_written_once(w, paid_item):
    case = _decided(w, paid_item)
    payment = services.case_payment_record(actor=w["clerk"], case=case, amount="550", method="card")
    payment = services.case_payment_refund(
        actor=w["clerk"], payment=payment, reason="误按非住宅类收费"
    )
    case.refresh_from_db()
    assert payment.refunded_at and case.fee_due is None and services.paid_total(case) == 0
    with pytest.raises(InvalidTransition):
        services.case_payment_refund(actor=w["clerk"], payment=payment, reason="再退一次")
    services.case_payment_record(actor=w["clerk"], case=case, amount="80", method="cash")
    case.refresh_from_db()
    assert services.outstanding(case) == 0 and Payment.objects.filter(case=case).count() == 2


def test_a_free_item_takes_no_payment_and_nothing_changes(w):
    case = _decided(w, w["promise"])
    with pytest.raises(Conflict) as exc:
        services.case_payment_record(actor=w["clerk"], case=case, amount="10", method="cash")
    assert exc.value.code == "no_fee"
    assert not Payment.objects.exists()
    assert _deliver(w, case).status == CaseStatus.COMPLETED  # nothing owed


def test_no_payment_once_the_case_is_closed(w, paid_item):
    case = intake(w, paid_item, now=at(2025, 3, 3))
    services.case_withdraw(actor=w["clerk"], case=case, reason="不办了")
    with pytest.raises(InvalidTransition):
        services.case_payment_record(actor=w["clerk"], case=case, amount="80", method="cash")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "label": st.text(min_size=1, max_size=40).filter(str.strip),
                "amount": st.decimals(min_value="0.01", max_value="100000", places=2),
            }
        ),
        max_size=10,
    )
)
def test_fee_standards_keep_two_places_and_their_labels(entries):
    cleaned = clean_fee_amounts(entries)
    assert [Decimal(e["amount"]) for e in cleaned] == [e["amount"] for e in entries]
    assert all(e["amount"].count(".") == 1 and len(e["amount"].split(".")[1]) == 2 for e in cleaned)


@pytest.mark.parametrize(
    "bad",
    [
        "80",
        [{"label": "x"}],
        [{"label": "", "amount": "1"}],
        [{"label": "x", "amount": "0"}],
        [{"label": "x", "amount": "abc"}],
        [{"label": "x", "amount": "100000.01"}],
        [{"label": "x", "amount": "1", "extra": 1}],
        [{"label": "x", "amount": "1"}] * 11,
    ],
)
def test_bad_fee_standards_are_refused(bad):
    with pytest.raises(ValueError):
        clean_fee_amounts(bad)


def _post(token, path, body):
    resp = Client().post(
        path, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    return resp.status_code, resp.json()


def test_api_payments_and_their_bad_input(w, paid_item):
    t = tokens(w)
    case = _decided(w, paid_item)
    url = f"/api/v1/cases/{case.number}/payments"
    for body in (
        {},
        {"amount": "80"},
        {"amount": "-80", "method": "cash"},
        {"amount": "80.001", "method": "cash"},
        {"amount": "80", "method": "cheque"},
        {"amount": "abc", "method": "cash"},
    ):
        status, data = _post(t["clerk"], url, body)
        assert status == 422 and set(data["error"]) == {"code", "message", "fields"}, body
    status, data = _post(t["clerk"], url, {"amount": "100", "method": "cash"})
    assert status == 422 and data["error"]["code"] == "amount_not_in_standard"
    status, data = _post(t["other_clerk"], url, {"amount": "80", "method": "cash"})
    assert status == 404
    status, data = _post(t["reviewer"], url, {"amount": "80", "method": "cash"})
    assert status == 403
    assert not Payment.objects.exists()
    status, data = _post(t["clerk"], url, {"amount": "80", "method": "online"})
    assert status == 201 and data["outstanding"] == "0.00" and data["fee_due"] == "80.00"
    free = _decided(w, w["promise"])
    status, data = _post(
        t["clerk"], f"/api/v1/cases/{free.number}/payments", {"amount": "80", "method": "cash"}
    )
    assert status == 409 and data["error"]["code"] == "no_fee"
    detail = (
        Client()
        .get(f"/api/v1/cases/{case.number}", headers={"Authorization": f"Bearer {t['clerk']}"})
        .json()
    )
    assert detail["fee_paid"] == "80.00" and detail["fee_outstanding"] == "0.00"
