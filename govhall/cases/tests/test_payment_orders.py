"""Online payment orders through a payment provider (issue 13): the clerk's code,
the provider's signed notification recording one Payment through the window's
path, and every refusal answering in the error shape with nothing changed."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from govhall.cases import selectors, services
from govhall.cases.models import CaseStep, Payment, PaymentOrder, Step
from govhall.cases.payments import providers
from govhall.cases.payments.told import ToldProvider
from govhall.cases.tests.factories import intake, item, tokens
from govhall.core.errors import Conflict
from govhall.core.models import Event

SECRET = "told-secret-for-tests"
STANDARD = [{"label": "住宅类", "amount": "80.00"}, {"label": "非住宅类", "amount": "550.00"}]


@pytest.fixture(autouse=True)
def told_secret(settings):
    settings.GOVHALL_PAYMENT_TOLD_SECRET = SECRET


@pytest.fixture
def case(w):
    paid = item(w["lead"], w["center"], mode="promise", days=5, fee_amounts=STANDARD)
    case = services.case_decide(
        actor=w["reviewer"], case=intake(w, paid), decision="approve", opinion=""
    )
    return services.case_fee_assess(actor=w["clerk"], case=case, amount="80")


def _body(order, **over) -> bytes:
    notice = {
        "reference": order.reference,
        "amount": str(order.amount),
        "paid_at": timezone.localtime().isoformat(),
        "txn": "T20261201000001",
        **over,
    }
    return json.dumps(notice).encode()


def _notify(body: bytes, headers=None, provider="told"):
    headers = ToldProvider.sign(body) if headers is None else headers
    resp = Client().post(
        f"/api/v1/payments/{provider}/notify",
        body,
        content_type="application/json",
        headers=headers,
    )
    return resp.status_code, resp.json()


def _unchanged(case, order, status="pending"):
    order.refresh_from_db()
    assert order.status == status and order.payment is None
    assert not Payment.objects.filter(case=case).exists()
    assert services.outstanding(case) == Decimal("80.00")


def test_a_code_paid_online_records_one_payment_through_the_windows_path(w, case):
    order = services.payment_order_create(actor=w["clerk"], case=case)
    assert order.status == "pending" and order.amount == Decimal("80.00")
    assert order.reference in order.instructions["text"] and order.reference.startswith("GP")
    assert order.expires_at - order.created_at == dt.timedelta(minutes=30)
    status, data = _notify(_body(order))
    assert status == 200 and data["status"] == "paid"
    payment = Payment.objects.get(case=case)
    assert (payment.method, payment.payer, payment.amount) == ("online", "applicant", Decimal("80"))
    assert payment.window is None and payment.received_by is None
    order.refresh_from_db()
    assert order.payment == payment and order.provider_txn == "T20261201000001"
    assert CaseStep.objects.filter(case=case, step=Step.PAID).count() == 1
    assert services.outstanding(case) == 0
    assert Event.objects.filter(kind="case.paid").count() == 1
    # 收费对账: the centre's online statement expects it (no window took it).
    day = timezone.localdate(payment.paid_at)
    online = [r for r in selectors.closing_comparison(case.center, day) if r["method"] == "online"]
    assert [(r["window"], r["expected"]) for r in online] == [(None, Decimal("80.00"))]
    # The provider tells again (its retry): the same answer, still one payment.
    status, again = _notify(_body(order))
    assert status == 200 and again == data
    assert Payment.objects.filter(case=case).count() == 1
    # Another transaction on the same code is a double charge, never a second payment.
    status, data = _notify(_body(order, txn="T20261201000002"))
    assert status == 409 and data["error"]["code"] == "payment_order_paid"
    assert Payment.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-GovHall-Timestamp": "1", "X-GovHall-Signature": "sha256=00"},
        "wrong-secret",
        "stale",
        {"X-GovHall-Timestamp": "\u00b2", "X-GovHall-Signature": "sha256=00"},
        "non-ascii-signature",
    ],
)
def test_a_badly_signed_notification_is_a_401_and_changes_nothing(w, case, headers):
    order = services.payment_order_create(actor=w["clerk"], case=case)
    body = _body(order)
    if headers == "wrong-secret":
        from govhall.core.outbox_sign import sign_headers

        headers = sign_headers("not-the-secret", body, timezone.now().timestamp())
    elif headers == "non-ascii-signature":
        headers = {**ToldProvider.sign(body), "X-GovHall-Signature": "sha256=\u00e9"}
    elif headers == "stale":
        headers = ToldProvider.sign(body, now=timezone.now().timestamp() - 3600)
    status, data = _notify(body, headers)
    assert status == 401 and set(data["error"]) == {"code", "message", "fields"}
    assert data["error"]["code"] in {"signature_missing", "timestamp_stale", "signature_invalid"}
    _unchanged(case, order)


def test_no_secret_configured_refuses_everything(w, case, settings):
    order = services.payment_order_create(actor=w["clerk"], case=case)
    body = _body(order)
    headers = ToldProvider.sign(body)
    settings.GOVHALL_PAYMENT_TOLD_SECRET = ""
    status, data = _notify(body, headers)
    assert status == 401 and data["error"]["code"] == "signature_missing"
    _unchanged(case, order)


@pytest.mark.parametrize(
    "over, status, code",
    [
        ({"amount": "550.00"}, 422, "amount_mismatch"),
        ({"amount": "abc"}, 422, "bad_notification"),
        ({"paid_at": "2026-12-01T10:00:00"}, 422, "bad_notification"),
        ({"txn": ""}, 422, "bad_notification"),
        ({"extra": 1}, 422, "bad_notification"),
        ({"reference": "GP000000NOSUCH"}, 404, "payment_order_not_found"),
    ],
)
def test_a_wrong_notification_is_refused_in_the_error_shape(w, case, over, status, code):
    order = services.payment_order_create(actor=w["clerk"], case=case)
    got, data = _notify(_body(order, **over))
    assert (got, data["error"]["code"]) == (status, code)
    assert set(data["error"]) == {"code", "message", "fields"}
    _unchanged(case, order)


def test_bad_bodies_and_an_unknown_provider(w, case):
    order = services.payment_order_create(actor=w["clerk"], case=case)
    for body in (b"", b"not json", b"[]", b'{"reference": 1}', "中文".encode()):
        status, data = _notify(body)
        assert status == 422 and data["error"]["code"] == "bad_notification", body
    status, data = _notify(_body(order), provider="alipay")
    assert status == 404 and data["error"]["code"] == "provider_not_found"
    _unchanged(case, order)
    assert set(providers()) == {"told"}


def test_an_expired_or_voided_code_is_refused_and_recorded_nowhere(w, case):
    then = timezone.now() - dt.timedelta(minutes=31)
    order = services.payment_order_create(actor=w["clerk"], case=case, now=then)
    status, data = _notify(_body(order))  # past its time, before the sweep ran
    assert status == 409 and data["error"]["code"] == "payment_order_expired"
    _unchanged(case, order)
    assert services.payment_orders_expire() == {"expired": 1, "errors": 0}
    assert services.payment_orders_expire() == {"expired": 0, "errors": 0}  # twice: safe
    _unchanged(case, order, "expired")
    assert Event.objects.filter(kind="case.payment_order_expired").count() == 1
    status, data = _notify(_body(order))
    assert status == 409 and data["error"]["code"] == "payment_order_expired"
    fresh = services.payment_order_create(actor=w["clerk"], case=case)
    services.payment_order_cancel(actor=w["clerk"], order=fresh)
    status, data = _notify(_body(fresh))
    assert status == 409 and data["error"]["code"] == "payment_order_cancelled"
    _unchanged(case, fresh, "cancelled")


def test_a_recent_code_is_not_expired(w, case):
    order = services.payment_order_create(actor=w["clerk"], case=case)
    assert services.payment_orders_expire() == {"expired": 0, "errors": 0}
    order.refresh_from_db()
    assert order.status == "pending"


def test_no_code_for_a_free_item_an_unassessed_or_paid_case_or_twice(w, case):
    free = services.case_decide(
        actor=w["reviewer"], case=intake(w, w["promise"]), decision="approve", opinion=""
    )
    with pytest.raises(Conflict) as exc:
        services.payment_order_create(actor=w["clerk"], case=free)
    assert exc.value.code == "no_fee"
    paid = item(w["lead"], w["center"], mode="promise", days=5, fee_amounts=STANDARD)
    unassessed = services.case_decide(
        actor=w["reviewer"], case=intake(w, paid), decision="approve", opinion=""
    )
    with pytest.raises(Conflict) as exc:
        services.payment_order_create(actor=w["clerk"], case=unassessed)
    assert exc.value.code == "fee_not_assessed"
    first = services.payment_order_create(actor=w["clerk"], case=case)
    with pytest.raises(Conflict) as exc:
        services.payment_order_create(actor=w["clerk"], case=case)
    assert exc.value.code == "payment_order_pending"
    # Cash at the window voids the code: paying it afterwards is refused.
    services.case_payment_record(actor=w["clerk"], case=case, amount="80", method="cash")
    first.refresh_from_db()
    assert first.status == "cancelled"
    with pytest.raises(Conflict) as exc:
        services.payment_order_create(actor=w["clerk"], case=case)
    assert exc.value.code == "already_paid"
    status, data = _notify(_body(first))
    assert status == 409 and data["error"]["code"] == "payment_order_cancelled"
    assert PaymentOrder.objects.count() == 1 and Payment.objects.filter(case=case).count() == 1


def test_one_provider_transaction_pays_one_code(w, case):
    first = services.payment_order_create(actor=w["clerk"], case=case)
    assert _notify(_body(first))[0] == 200
    first.refresh_from_db()
    services.case_payment_refund(actor=w["clerk"], payment=first.payment, reason="误收")
    services.case_fee_assess(actor=w["clerk"], case=case, amount="80")
    second = services.payment_order_create(actor=w["clerk"], case=case)
    status, data = _notify(_body(second))  # the first payment's transaction again
    assert status == 409 and data["error"]["code"] == "provider_txn_used"
    second.refresh_from_db()
    assert second.status == "pending" and Payment.objects.filter(case=case).count() == 1
    assert _notify(_body(second, txn="T20261201000009"))[0] == 200
    assert services.outstanding(case) == 0


def _post(token, path, body):
    resp = Client().post(
        path, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    return resp.status_code, resp.json()


def test_api_a_clerk_makes_a_code_and_others_cannot(w, case):
    t = tokens(w)
    url = f"/api/v1/cases/{case.number}/payment-orders"
    assert _post(t["reviewer"], url, {})[0] == 403
    assert _post(t["other_clerk"], url, {})[0] == 404
    status, data = _post(t["clerk"], url, {"provider": "alipay"})
    assert status == 422 and data["error"]["code"] == "provider_not_found"
    assert not PaymentOrder.objects.exists()
    status, data = _post(t["clerk"], url, {})
    assert status == 201 and data["status"] == "pending" and data["amount"] == "80.00"
    assert data["number"] == case.number and data["reference"] in data["instructions"]["text"]
    assert data["instructions"]["qr_text"].startswith("govhall-pay:told:")
    status, data = _post(t["clerk"], url, {})
    assert status == 409 and data["error"]["code"] == "payment_order_pending"


def test_the_case_page_offers_the_code_and_shows_it_paid(w, case):
    client = Client()
    client.force_login(w["clerk"].user)
    page = client.get(f"/cases/c/{case.number}/").content.decode()
    assert "线上支付（生成缴费码）" in page
    resp = client.post(f"/cases/c/{case.number}/act/", {"step": "pay_online"})
    assert resp.status_code == 302
    order = PaymentOrder.objects.get(case=case)
    page = client.get(f"/cases/c/{case.number}/").content.decode()
    assert order.reference in page and "待支付" in page and "线上支付（生成缴费码）" not in page
    assert _notify(_body(order))[0] == 200
    page = client.get(f"/cases/c/{case.number}/").content.decode()
    assert "已支付" in page and "已缴 80.00 元" in page
