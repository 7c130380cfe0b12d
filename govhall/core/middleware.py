"""Keeps every failure under /api/ in the error shape of API.md, including the
ones Django answers before the API sees the request (unknown path, wrong
method, CSRF, an unhandled exception)."""

from __future__ import annotations

import json
import logging

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

log = logging.getLogger(__name__)

_CODES = {
    400: ("bad_request", gettext_noop("请求有误")),
    401: ("unauthorized", gettext_noop("未登录或令牌无效")),
    403: ("forbidden", gettext_noop("无权访问")),
    404: ("not_found", gettext_noop("资源不存在")),
    405: ("method_not_allowed", gettext_noop("不支持该请求方法")),
    413: ("payload_too_large", gettext_noop("请求体过大")),
    415: ("unsupported_media_type", gettext_noop("不支持的内容类型")),
    429: ("rate_limited", gettext_noop("请求过于频繁，请稍后再试")),
    500: ("server_error", gettext_noop("服务器内部错误")),
}


def _shaped(status: int) -> JsonResponse:
    code, message = _CODES.get(status, _CODES[500] if status >= 500 else _CODES[400])
    return JsonResponse(
        {"error": {"code": code, "message": _(message), "fields": {}}}, status=status
    )


class ApiErrorShapeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if getattr(response, "streaming", False):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            try:
                if "error" in json.loads(response.content):
                    return response
            except ValueError:
                pass
        return _shaped(response.status_code)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            log.exception("unhandled error in %s %s", request.method, request.path)
            return _shaped(500)
        return None


class NulCharacterGuardMiddleware:
    """A NUL character in the path, the query or a JSON/form body is refused with
    400: PostgreSQL cannot store one in text and would answer with an error
    (a 500) deep inside whatever view received it. File uploads are left alone."""

    TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return _shaped(400)
            return HttpResponseBadRequest(_(_CODES[400][1]))
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return True
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in self.TEXT_BODIES:
            try:
                body = request.body
            except Exception:  # too large: Django's own check answers it later
                return False
            if request.content_type == "application/json":
                return b"\x00" in body or b"\\u0000" in body
            return b"\x00" in body or b"%00" in body  # %00 is a NUL only when form-encoded
        return False
