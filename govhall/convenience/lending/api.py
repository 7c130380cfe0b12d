"""Lending's API: lend, take back, what is out."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.selectors import center_by_code

from ..text import mask_name
from . import selectors, services
from .models import Loan

router = Router(tags=["convenience"])


class LoanIn(Schema):
    item: int
    name: str = Field(max_length=50)
    phone: str = Field("", max_length=20)
    note: str = Field("", max_length=100)


class LoanOut(Schema):
    id: int
    item: str
    kind: str
    borrower: str  # masked
    lent_at: dt.datetime
    returned_at: dt.datetime | None


def loan_out(loan: Loan) -> dict:
    return {
        "id": loan.pk,
        "item": loan.item.label,
        "kind": loan.item.kind,
        "borrower": mask_name(loan.borrower_name),
        "lent_at": loan.lent_at,
        "returned_at": loan.returned_at,
    }


@router.post(
    "/centers/{center}/loans",
    response={201: LoanOut},
    auth=Needs("lending.record"),
    summary="便民物品借出",
)
def lend(request, center: str, payload: LoanIn):
    found = center_by_code(center)
    request.auth.require(found, "lending.record")
    loan = services.lend(
        actor=request.auth,
        item=selectors.item_at(found, payload.item),
        name=payload.name,
        phone=payload.phone,
        note=payload.note,
    )
    return Status(201, loan_out(loan))


@router.post(
    "/loans/{loan_id}/return",
    response=LoanOut,
    auth=Needs("lending.record"),
    summary="便民物品归还",
)
def give_back(request, loan_id: int):
    loan = request.auth.get_scoped(Loan.objects.select_related("item", "center"), pk=loan_id)
    return loan_out(services.lending_return(actor=request.auth, loan=loan))


@router.get(
    "/centers/{center}/loans/out",
    response=list[LoanOut],
    auth=Needs("lending.record"),
    summary="未归还的借用物品",
)
def still_out(request, center: str):
    found = center_by_code(center)
    request.auth.require(found, "lending.record")
    return [loan_out(loan) for loan in selectors.open_loans(found)]
