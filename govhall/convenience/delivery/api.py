"""The free-delivery endpoints of API.md: the day's manifest for the courier and
the output window, and the courier's three steps. Thin: services decide."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.errors import NotFound
from govhall.core.selectors import center_by_code

from . import pdf, selectors, services
from .models import ManifestStatus, Parcel

router = Router(tags=["convenience"])
READERS = Needs("delivery.manage", "delivery.courier")
PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


class DeliveryRow(Schema):
    number: str
    case: str
    recipient_masked: str
    destination_city: str
    status: str


class ManifestOut(Schema):
    date: dt.date
    manifest: str | None
    status: str
    sent_at: dt.datetime | None
    pickup_time: str
    deliveries: list[DeliveryRow]
    pdf: str


class ParcelStepIn(Schema):
    tracking_number: str | None = Field(None, max_length=30)
    at: dt.datetime | None = None
    note: str | None = Field(None, max_length=200)
    model_config = {"extra": "forbid"}


class ParcelOut(Schema):
    number: str
    case: str
    status: str
    tracking_number: str
    picked_up_at: dt.datetime | None
    delivered_at: dt.datetime | None
    returned_at: dt.datetime | None
    return_reason: str


def _manifest(request, center: str, date: dt.date | None):
    found = center_by_code(center)
    request.auth.require(found, "delivery.manage", "delivery.courier")
    day = date or timezone.localdate()
    manifest = selectors.manifest_of(found, day)
    # The courier sees a manifest once it is sent to the partner, not the window's draft.
    if manifest and not request.auth.can(found, "delivery.manage"):
        manifest = manifest if manifest.status == ManifestStatus.SENT else None
    return found, day, manifest


@router.get(
    "/centers/{center}/deliveries/manifest",
    response=ManifestOut,
    auth=READERS,
    summary="当日免费寄送清单（邮政揽收员、中心管理员）",
)
def manifest(request, center: str, date: dt.date | None = None):
    found, day, m = _manifest(request, center, date)
    link = reverse("api-v1:delivery_manifest_pdf", args=[found.code]) + f"?date={day}"
    return {
        "date": day,
        "manifest": m.number if m else None,
        "status": m.status if m else "none",
        "sent_at": m.sent_at if m else None,
        "pickup_time": services.pickup_time(found).strftime("%H:%M"),
        "deliveries": [
            {
                "number": p.number,
                "case": p.case_number,
                "recipient_masked": selectors.mask_name(p.recipient_name),
                "destination_city": p.city,
                "status": p.status,
            }
            for p in selectors.manifest_parcels(m)
        ],
        "pdf": request.build_absolute_uri(link),
    }


@router.get(
    "/centers/{center}/deliveries/manifest.pdf",
    auth=READERS,
    url_name="delivery_manifest_pdf",
    summary="当日免费寄送清单（PDF）",
    openapi_extra={"responses": {200: {"description": "OK", "content": PDF}}},
)
def manifest_pdf(request, center: str, date: dt.date | None = None):
    _found, _day, m = _manifest(request, center, date)
    if m is None:
        raise NotFound(_("该日没有寄送清单"), code="manifest_not_found")
    response = HttpResponse(pdf.render(m), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{m.number}.pdf"'
    return response


def parcel_out(p: Parcel) -> dict:
    return {
        "number": p.number,
        "case": p.case_number,
        "status": p.status,
        "tracking_number": p.tracking_number,
        "picked_up_at": p.picked_up_at,
        "delivered_at": p.delivered_at,
        "returned_at": p.returned_at,
        "return_reason": p.return_reason,
    }


_COURIER = Needs("delivery.courier")


@router.post(
    "/deliveries/{number}/picked-up", response=ParcelOut, auth=_COURIER, summary="揽收寄件"
)
def picked_up(request, number: str, payload: ParcelStepIn):
    return parcel_out(services.parcel_pick_up(actor=request.auth, number=number, **payload.dict()))


@router.post("/deliveries/{number}/delivered", response=ParcelOut, auth=_COURIER, summary="妥投")
def delivered(request, number: str, payload: ParcelStepIn):
    return parcel_out(services.parcel_deliver(actor=request.auth, number=number, **payload.dict()))


@router.post(
    "/deliveries/{number}/returned",
    response=ParcelOut,
    auth=_COURIER,
    summary="退回窗口（须写原因）",
)
def returned(request, number: str, payload: ParcelStepIn):
    return parcel_out(services.parcel_return(actor=request.auth, number=number, **payload.dict()))
