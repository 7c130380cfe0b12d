"""delivery: the pages (thin). The output window's desk (addresses, the day's
manifest, returned parcels), the courier's phone page, the month's reconciliation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.events import audit
from govhall.core.web import center_or_404, need

from . import pdf, reconcile, selectors, services
from .models import Manifest, ManifestStatus, ParcelStatus

MANAGE, COURIER = "delivery.manage", "delivery.courier"


def _desk_url(center) -> str:
    return reverse("convenience:delivery_desk", args=[center.code])


def _desk_context(center, now=None) -> dict:
    now = now or timezone.now()
    day = services.dispatch_day(center, now)
    today = timezone.localdate(now)
    groups = selectors.at_window(center)
    current = selectors.manifest_of(center, day)
    # Today's list, when it is sent and new parcels already go on the next one.
    todays = selectors.manifest_of(center, today) if today != day else None
    sheets = [
        {"manifest": m, "parcels": selectors.manifest_parcels(m)} for m in (todays, current) if m
    ]
    return {
        "center": center,
        "groups": groups,
        "hold": groups[ParcelStatus.HOLD],
        "pending": groups[ParcelStatus.PENDING],
        "returned": groups[ParcelStatus.RETURNED],
        "day": day,
        "rolled": day != today,
        "manifest": current,
        "sheets": sheets,
        "pickup": services.pickup_time(center).strftime("%H:%M"),
        "area": "、".join(services.area_of(center)),
        "recent": selectors.manifests_recent(center),
    }


def _desk(request, center, actor, *, status=200, error=None, parcel=None, address=""):
    context = _desk_context(center)
    # The cards the window acts on show the recipient in full (to phone them): audited.
    shown = [p.number for p in context["hold"] + context["returned"]]
    if shown:
        audit(
            "delivery.recipients_read",
            actor=actor,
            center=center,
            detail={"parcels": shown[:50]},
        )
    for p in context["pending"] + [p for sheet in context["sheets"] for p in sheet["parcels"]]:
        p.masked = selectors.mask_name(p.recipient_name)
    context.update(error=error, error_parcel=parcel, error_address=address)
    return render(request, "convenience/delivery/desk.html", context, status=status)


@require_GET
def desk(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    return _desk(request, found, actor)


def _parcel_or_404(center, number: str):
    parcel = selectors.parcel_at(center, number)
    if parcel is None:
        raise Http404
    return parcel


def _act(request, center: str, step, done, *, number: str | None = None):
    """Run one desk step; on refusal the desk again with the reason, nothing changed."""
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    parcel = _parcel_or_404(found, number) if number is not None else None
    try:
        step(actor, found, parcel)
    except DomainError as exc:
        return _desk(
            request,
            found,
            actor,
            status=exc.status,
            error=exc,
            parcel=parcel,
            address=request.POST.get("address", "")[:300],
        )
    messages.success(request, done)
    return HttpResponseRedirect(_desk_url(found))


@require_POST
def address(request, center: str, number: str):
    def step(actor, found, parcel):
        services.parcel_address_set(
            actor=actor,
            parcel=parcel,
            address=request.POST.get("address", ""),
            recipient_name=request.POST.get("recipient_name") or None,
            phone=request.POST.get("phone") or None,
        )

    return _act(request, center, step, gettext("地址已核对，寄件待编入清单。"), number=number)


@require_POST
def to_window(request, center: str, number: str):
    def step(actor, found, parcel):
        services.parcel_to_window(actor=actor, parcel=parcel, reason=request.POST.get("reason", ""))

    return _act(
        request, center, step, gettext("已改为窗口领取，请通知申请人到窗口领取。"), number=number
    )


@require_POST
def unlist(request, center: str, number: str):
    def step(actor, found, parcel):
        services.parcel_unlist(actor=actor, parcel=parcel)

    return _act(request, center, step, gettext("已移出清单。"), number=number)


@require_POST
def collect(request, center: str, number: str):
    def step(actor, found, parcel):
        services.parcel_collect(actor=actor, parcel=parcel, note=request.POST.get("note", ""))

    return _act(request, center, step, gettext("退件已由申请人在窗口领取。"), number=number)


@require_POST
def compile_(request, center: str):
    def step(actor, found, _parcel):
        services.manifest_compile(actor=actor, center=found)

    return _act(request, center, step, gettext("清单已编制，请核对后发送邮政。"))


@require_POST
def send(request, center: str, pk: int):
    def step(actor, found, _parcel):
        manifest = Manifest.objects.filter(center=found, pk=pk).first()
        if manifest is None:
            raise Http404
        services.manifest_send(actor=actor, manifest=manifest)

    return _act(request, center, step, gettext("清单已锁定并发送邮政，等待揽收。"))


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


@require_GET
def manifest_pdf(request, center: str, day: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE, COURIER)
    if refusal:
        return refusal
    manifest = selectors.manifest_of(found, _day(day))
    if manifest is None or (
        not actor.can(found, MANAGE) and manifest.status != ManifestStatus.SENT
    ):
        raise Http404
    response = HttpResponse(pdf.render(manifest), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{manifest.number}.pdf"'
    return response


# --- the courier's phone page ---------------------------------------------------------------


def _courier_page(request, found, *, status=200, error=None, number=""):
    today = timezone.localdate()
    manifest = selectors.manifest_of(found, today)
    context = {
        "center": found,
        "today": today,
        "manifest": manifest if manifest and manifest.status == ManifestStatus.SENT else None,
        "open": selectors.courier_open(found),
        "recent": selectors.courier_recent(found),
        "error": error,
        "number": number,
        "pickup": services.pickup_time(found).strftime("%H:%M"),
    }
    for parcel in context["open"] + context["recent"]:
        parcel.masked = selectors.mask_name(parcel.recipient_name)
    return render(request, "convenience/delivery/courier.html", context, status=status)


COURIER_STEPS = {
    "pick-up": (services.parcel_pick_up, gettext_noop("已揽收")),
    "track": (services.parcel_track, gettext_noop("邮件号已录入")),
    "delivered": (services.parcel_deliver, gettext_noop("已登记妥投")),
    "returned": (services.parcel_return, gettext_noop("已登记退回，寄件将退回发证窗口")),
}


@require_http_methods(["GET", "POST"])
def courier(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, COURIER)
    if refusal:
        return refusal
    if request.method == "GET":
        return _courier_page(request, found)
    step = request.POST.get("step", "pick-up")
    if step not in COURIER_STEPS:
        return _courier_page(request, found, status=400, error=gettext("未知的操作"))
    number = request.POST.get("number", "").strip()[:40]
    service, done = COURIER_STEPS[step]
    kwargs = {"tracking_number": request.POST.get("tracking_number", "")}
    if step != "track":
        kwargs["note"] = request.POST.get("note", "")
    if selectors.parcel_at(found, number.upper()) is None:
        return _courier_page(
            request, found, status=404, error=gettext("本中心没有该寄件编号"), number=number
        )
    try:
        parcel = service(actor=actor, number=number, **kwargs)
    except DomainError as exc:
        return _courier_page(request, found, status=exc.status, error=exc, number=number)
    messages.success(request, f"{parcel.number} {gettext(done)}")
    return HttpResponseRedirect(reverse("convenience:delivery_courier", args=[found.code]))


# --- month-end reconciliation -----------------------------------------------------------------


def _last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@require_http_methods(["GET", "POST"])
def reconciliation(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    status, error = 200, None
    month = request.POST.get("month") or _last_month().strftime("%Y-%m")
    if request.method == "POST":
        upload = request.FILES.get("statement")
        try:
            if upload is None:
                raise reconcile._bad(gettext("请选择对账单文件"))
            if upload.size > reconcile.MAX_BYTES:
                raise reconcile._bad(gettext("对账单文件不能超过 2 MB"))
            record = reconcile.reconciliation_upload(
                actor=actor,
                center=found,
                month=month,
                filename=upload.name,
                content=upload.read(),
            )
        except DomainError as exc:
            status, error = exc.status, exc
        else:
            messages.success(request, gettext("对账完成。"))
            return HttpResponseRedirect(
                reverse("convenience:delivery_reconciliation_detail", args=[found.code, record.pk])
            )
    try:
        shown = reconcile.parse_month(month)
    except DomainError:
        shown = _last_month()
    records = list(selectors.reconciliations(found))
    for r in records:
        r.our_yuan, r.their_yuan = _yuan(r.our_amount_fen), _yuan(r.their_amount_fen)
    context = {
        "center": found,
        "month": month[:7],
        "error": error,
        "records": records,
        "summary": selectors.month_summary(found, shown),
        "shown": shown,
        "taken": selectors.taken_in_month(found, shown).count(),
        "fee": f"{services.fee_fen(found) / 100:.2f}",
    }
    return render(request, "convenience/delivery/reconcile.html", context, status=status)


# Differences whose two sides are amounts (fen): shown in yuan.
MONEY = {"amount_mismatch", "missing_ours", "missing_theirs"}


def _yuan(fen) -> str:
    try:
        return f"¥{int(fen) / 100:.2f}"
    except (TypeError, ValueError):
        return str(fen or "")


@require_GET
def reconciliation_detail(request, center: str, pk: int):
    found = center_or_404(center)
    _actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    record = found.delivery_reconciliations.filter(pk=pk).select_related("uploaded_by").first()
    if record is None:
        raise Http404
    rows = [
        {
            **d,
            "label": reconcile.KIND_LABELS.get(d["kind"], d["kind"]),
            "ours": _yuan(d["ours"]) if d["kind"] in MONEY else d["ours"],
            "theirs": _yuan(d["theirs"]) if d["kind"] in MONEY else d["theirs"],
        }
        for d in record.differences
    ]
    figures = {
        "our_amount": _yuan(record.our_amount_fen),
        "their_amount": _yuan(record.their_amount_fen),
    }
    context = {"center": found, "record": record, "rows": rows, **figures}
    return render(request, "convenience/delivery/reconciliation.html", context)
