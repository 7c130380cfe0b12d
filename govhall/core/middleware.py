"""Keeps every failure under /api/ in the error shape of API.md, including the
ones Django answers before the API sees the request (unknown path, wrong
method, CSRF, an unhandled exception)."""

from __future__ import annotations

import json
import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
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


KEPT_HEADERS = ("Allow", "Retry-After")


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
        shaped = _shaped(response.status_code)
        for header in KEPT_HEADERS:  # a 405's Allow (RFC 9110), a 429's Retry-After
            if response.has_header(header):
                shaped[header] = response[header]
        return shaped

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig) and request.path.startswith("/api/"):
            return _shaped(413)  # a multipart body read by the view: no traceback
        if request.path.startswith("/api/"):
            log.exception("unhandled error in %s %s", request.method, request.path)
            return _shaped(500)
        return None


class RequestBodyGuardMiddleware:
    """Refuses, before any view reads it, a body that no view could store:
    - over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 (Django would raise RequestDataTooBig
      deep inside the view: a 500 and a traceback);
    - with a NUL character in the path, the query or the body, whatever the
      content type (text/plain and no content type too: the API parses any body
      as JSON): 400, since PostgreSQL cannot store a NUL in text. In a multipart
      body the form fields are checked and the file contents left alone (no
      view stores an upload as text)."""

    BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refused = 400 if self._has_nul(request) else None
        except RequestDataTooBig:
            refused = 413
        except (SuspiciousOperation, MultiPartParserError):
            refused = 400  # too many fields, a broken multipart body
        if refused is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return _shaped(refused)
        return HttpResponse(_(_CODES[refused][1]), status=refused, content_type="text/plain")

    def _has_nul(self, request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return True
        if request.method not in self.BODY_METHODS:
            return False
        if request.content_type == "multipart/form-data":
            return any(
                "\x00" in key or any("\x00" in v for v in values)
                for key, values in request.POST.lists()
            )
        body = request.body  # RequestDataTooBig past the limit
        if request.content_type == "application/x-www-form-urlencoded":
            return b"\x00" in body or b"%00" in body  # %00 is a NUL only when form-encoded
        return b"\x00" in body or b"\\u0000" in body  # raw, or escaped in JSON
