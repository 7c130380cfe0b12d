"""The summary rows of API.md "Reports and exchange": a centre's figures for a
period (report.read: the centre's admin, the district's supervisor) and every
centre of a district side by side with the district's total (report.district)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Router

from govhall.core.auth import Needs
from govhall.core.errors import NotFound, PermissionDenied
from govhall.core.models import Center, District
from govhall.core.selectors import center_by_code

from ..periods import parse
from .summary import district_summary, summary

router = Router(tags=["reports"])


def _period(request):
    return parse(request.GET.get("from"), request.GET.get("to"))


@router.get(
    "/centers/{center}/reports/summary",
    auth=Needs("report.read"),
    summary="中心一个统计周期的汇总数字（中心管理员、区主管部门）",
)
def center_summary(request, center: str):
    found = center_by_code(center[:32])
    request.auth.require(found, "report.read")
    period = _period(request)
    return {
        "center": found.code,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        **summary([found], period),
    }


@router.get(
    "/districts/{district}/reports/summary",
    auth=Needs("report.district"),
    summary="全区各中心的汇总数字及全区合计（区主管部门）",
)
def district_summary_api(request, district: str):
    found = District.objects.filter(code=district[:32]).first()
    if found is None:
        raise NotFound(
            _("行政区不存在"), code="district_not_found", fields={"district": district[:32]}
        )
    centers = list(Center.objects.filter(district=found, is_active=True).order_by("code"))
    actor = request.auth
    if not centers or not all(actor.can(c, "report.district") for c in centers):
        raise PermissionDenied(
            _("无权查看该行政区的统计"), code="forbidden_district", fields={"district": found.code}
        )
    period = _period(request)
    return {"district": found.code, "name": found.name, **district_summary(centers, period)}
