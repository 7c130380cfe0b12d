"""The closing count (日结对账, 002 二(七)): the drawers and the statements
counted at closing are compared with the payments the cases recorded; bad
input is refused and nothing is written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from govhall.cases import selectors, services
from govhall.cases.closing_models import ClosingCount
from govhall.cases.models import Case
from govhall.cases.tests.factories import at, intake, item
from govhall.core.errors import PermissionDenied, ValidationFailed
from govhall.queueing.tests.factories import window as make_window

DAY = dt.date(2025, 3, 4)
STANDARD = [{"label": "住宅类", "amount": "80.00"}, {"label": "非住宅类", "amount": "550.00"}]


@pytest.fixture
def paid(w):
    """Three payments on DAY at window 1 (cash 80, cash 550, bank slip 80) and
    a cash refund of 80 the same day."""
    it = item(w["lead"], w["center"], mode="promise", days=5, fee_amounts=STANDARD)
    w["w1"] = make_window(w["center"], 1)
    made = []
    for amount, method in (("80", "cash"), ("550", "cash"), ("80", "bank_slip")):
        case = intake(w, it, now=at(2025, 3, 3))
        Case.objects.filter(pk=case.pk).update(window=w["w1"])
        case.refresh_from_db()
        made.append(
            services.case_payment_record(
                actor=w["clerk"], case=case, amount=amount, method=method, now=at(2025, 3, 4, 9)
            )
        )
    services.case_payment_refund(
        actor=w["admin"], payment=made[0], reason="重复缴费", now=at(2025, 3, 4, 15)
    )
    return w


def _rows(w):
    return {
        (r["window"].number if r["window"] else None, r["method"]): r
        for r in selectors.closing_comparison(w["center"], DAY)
    }


def test_counts_are_compared_with_the_payments_and_a_recount_replaces(paid):
    w = paid
    rows = _rows(w)
    assert rows[(1, "cash")]["expected"] == Decimal("550.00")  # 80 + 550 − 80 refunded
    assert rows[(None, "bank_slip")]["expected"] == Decimal("80.00")
    assert rows[(1, "cash")]["difference"] is None
    services.closing_count_record(
        actor=w["admin"],
        center=w["center"],
        day=DAY,
        method="cash",
        counted="540",
        window=w["w1"],
        note="少10元",
    )
    services.closing_count_record(
        actor=w["admin"], center=w["center"], day=DAY, method="bank_slip", counted="80.00"
    )
    rows = _rows(w)
    assert rows[(1, "cash")]["difference"] == Decimal("-10.00")
    assert rows[(None, "bank_slip")]["difference"] == 0
    services.closing_count_record(
        actor=w["admin"],
        center=w["center"],
        day=DAY,
        method="cash",
        counted="550",
        window=w["w1"],
    )
    assert _rows(w)[(1, "cash")]["difference"] == 0
    assert ClosingCount.objects.count() == 2


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"method": "cash", "counted": "-1"}, "counted"),
        ({"method": "cash", "counted": "abc"}, "counted"),
        ({"method": "cash", "counted": "NaN"}, "counted"),
        ({"method": "cash", "counted": "1e9"}, "counted"),
        ({"method": "cheque", "counted": "1"}, "method"),
        ({"method": "cash", "counted": "1", "window": None}, "window"),
        ({"method": "bank_slip", "counted": "1", "window": "w1"}, "window"),
        ({"method": "cash", "counted": "1", "day": dt.date(2999, 1, 1)}, "day"),
        ({"method": "cash", "counted": "1", "note": "长" * 301}, "note"),
    ],
)
def test_bad_counts_are_refused_and_nothing_is_written(paid, kwargs, field):
    w = paid
    args = {"window": "w1", "day": DAY, **kwargs}
    args["window"] = w[args["window"]] if args["window"] else None
    with pytest.raises(ValidationFailed) as exc:
        services.closing_count_record(actor=w["admin"], center=w["center"], **args)
    assert field in exc.value.fields
    assert not ClosingCount.objects.exists()


def test_only_the_centre_admin_counts_and_another_centres_window_is_refused(paid):
    w = paid
    with pytest.raises(PermissionDenied):
        services.closing_count_record(
            actor=w["clerk"],
            center=w["center"],
            day=DAY,
            method="cash",
            counted="1",
            window=w["w1"],
        )
    far = make_window(w["other"], 9)
    with pytest.raises(ValidationFailed):
        services.closing_count_record(
            actor=w["admin"], center=w["center"], day=DAY, method="cash", counted="1", window=far
        )
    assert not ClosingCount.objects.exists()


def test_the_page_records_a_count_and_refuses_bad_input(paid):
    w = paid
    client = Client()
    client.force_login(w["admin"].user)
    path = f"/cases/center/{w['center'].code}/receipts/"
    post = {"date": DAY.isoformat(), "window": w["w1"].pk, "method": "cash", "counted": "540"}
    assert client.post(path, post).status_code == 302
    page = client.get(path, {"date": DAY.isoformat()}).content.decode()
    assert "-10.00" in page and "550.00" in page
    for bad in ({"counted": "x"}, {"window": "999999"}, {"window": "abc"}, {"method": "cheque"}):
        response = client.post(path, {**post, **bad})
        assert response.status_code == 422
    assert ClosingCount.objects.get().counted == Decimal("540.00")


def test_results_awaiting_handout_with_the_certificate_clock(paid):
    w = paid
    decided = [
        services.case_decide(actor=w["reviewer"], case=c, decision="approve", opinion="")
        for c in Case.objects.filter(center=w["center"]).order_by("pk")[:2]
    ]
    rows = selectors.awaiting_handout(w["clerk"], w["center"])
    assert [c.number for c in rows] == sorted(
        (c.number for c in decided), key=lambda n: Case.objects.get(number=n).certificate_due
    )
    assert all(c.certificate_due and c.certificate_left is not None for c in rows)
    client = Client()
    client.force_login(w["clerk"].user)
    page = client.get(f"/cases/center/{w['center'].code}/handout/").content.decode()
    assert decided[0].number in page and decided[0].decision_number in page
    with pytest.raises(PermissionDenied):
        selectors.awaiting_handout(w["other_clerk"], w["center"])
