"""The `/api/v1` NinjaAPI: throttling and the one error shape of
API.md, `{"error": {"code", "message", "fields"}}`, for every failure."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from govhall.core.errors import DomainError
from govhall.core.openapi import GovHallAPI

log = logging.getLogger(__name__)


class LocalTimeEncoder(NinjaJSONEncoder):
    """Times leave in ISO 8601 with the centre's +08:00 offset (API.md), not UTC."""

    def default(self, o):
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat()
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


api = GovHallAPI(
    title="GovHall API",
    version="1",
    description=gettext("政务服务中心综合管理平台：设备与系统对接接口"),
    urls_namespace="api-v1",
    docs_url="/docs",
    # Served from our static files (ninja is an installed app), with no call out
    # to the public validator: the docs work on a centre's closed network.
    docs=Swagger(settings={"validatorUrl": None}),
    openapi_url="/openapi.json",
    renderer=LocalTimeRenderer(),
    throttle=[
        AnonRateThrottle(settings.GOVHALL_PUBLIC_RATE),
        AuthRateThrottle(settings.GOVHALL_AUTH_RATE),
    ],
)


def error_response(request, status: int, code: str, message, fields=None):
    body = {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {k: str(v) for k, v in (fields or {}).items()},
        }
    }
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    fields = {}
    for err in exc.errors:
        # loc is like ("body", "payload", "applicant", "name"); drop the wrappers.
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        key = ".".join(loc) or "body"
        fields.setdefault(key, _field_message(err))
    return error_response(request, 422, "validation_error", _("请求参数有误"), fields)


def _field_message(err: dict) -> str:
    kind = err.get("type", "")
    if kind.startswith("govhall_"):  # our own validators give their own message
        return str(err.get("msg") or _("取值无效"))
    if kind == "missing":
        return str(_("必填"))
    if kind.startswith("string_too_long"):
        return str(_("内容过长"))
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return str(_("类型不正确"))
    return str(_("取值无效"))


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return error_response(request, 401, "unauthorized", _("未登录或令牌无效"))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "not_found", _("资源不存在"))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 429:
        return error_response(request, 429, "rate_limited", _("请求过于频繁，请稍后再试"))
    if exc.status_code == 400 and str(exc).startswith("Cannot parse"):
        return error_response(request, 400, "malformed_json", _("请求体不是有效的 JSON"))
    if exc.status_code == 403:
        return error_response(request, 403, "forbidden", _("无权访问"))
    return error_response(request, exc.status_code, "bad_request", _("请求有误"))


@api.exception_handler(Exception)
def _unexpected(request, exc):
    # A bug: logged with its traceback (no request body: it may hold personal data).
    log.exception("unhandled error in %s %s", request.method, request.path)
    return error_response(request, 500, "server_error", _("服务器内部错误"))


def _register_routers() -> None:
    from govhall.assist.api import router as assist_router
    from govhall.booking.api import router as booking_router
    from govhall.cases.api import router as cases_router
    from govhall.cases.api_payments import router as payments_router
    from govhall.catalog.api import router as catalog_router
    from govhall.convenience.api import router as convenience_router
    from govhall.core.api import router as core_router
    from govhall.feedback.api.complaints import router as complaints_router
    from govhall.feedback.api.evaluations import router as evaluations_router
    from govhall.knowledge.api import router as knowledge_router
    from govhall.planning.api import router as planning_router
    from govhall.queueing.api import router as queueing_router
    from govhall.reports.api import router as reports_router
    from govhall.staff.api import router as staff_router
    from govhall.standards.api import router as standards_router

    api.add_router("", core_router)
    api.add_router("", catalog_router)
    api.add_router("", queueing_router)
    api.add_router("", cases_router)
    api.add_router("", payments_router)
    api.add_router("", booking_router)
    api.add_router("", evaluations_router)
    api.add_router("", complaints_router)
    api.add_router("", staff_router)
    api.add_router("", assist_router)
    api.add_router("", convenience_router)
    api.add_router("", knowledge_router)
    api.add_router("", standards_router)
    api.add_router("", planning_router)
    api.add_router("", reports_router)


_register_routers()
