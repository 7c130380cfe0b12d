"""The workbook of any report (API.md): the same tables as the page."""

from django.utils.translation import gettext_lazy as _
from ninja import Router

from govhall.core.auth import Needs
from govhall.core.errors import NotFound
from govhall.core.selectors import center_by_code

from .. import tables
from .views import xlsx_response

router = Router(tags=["reports"])


@router.get(
    "/centers/{center}/reports/{report}.xlsx",
    auth=Needs("report.read"),
    summary="报表导出（xlsx）",
)
def report_xlsx(request, center: str, report: str):
    found = center_by_code(center)
    chosen = tables.get(report[:64])
    if chosen is None or chosen.district:
        raise NotFound(_("没有这个报表"), code="report_not_found")
    request.auth.require(found, *chosen.needs)
    return xlsx_response(chosen, request.auth, found, request.GET)
