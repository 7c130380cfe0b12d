"""`Idempotency-Key` for every POST under /api/: the same key with the same body
returns the first answer, never a second record. The key is claimed with a row
before the request runs, so two concurrent retries cannot both create."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyRecord

MAX_KEY = 200
KEEP = dt.timedelta(hours=24)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not request.path.startswith("/api/") or key is None:
            return self.get_response(request)
        if not key.strip() or len(key) > MAX_KEY:
            return _error(400, "invalid_idempotency_key", _("Idempotency-Key 应为 1 到 200 个字符"))
        credentials = request.headers.get("Authorization", "anonymous")
        scope = hashlib.sha256(credentials.encode()).hexdigest()
        digest = hashlib.sha256(request.path.encode() + b"\0" + request.body).hexdigest()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, key=key, request_hash=digest)
        except IntegrityError:
            return self._replay(scope, key, digest)
        response = self.get_response(request)
        if response.status_code >= 500 or getattr(response, "streaming", False):
            record.delete()  # a failure of ours: let the retry run again
        else:
            record.status = response.status_code
            record.content_type = response.get("Content-Type", "")
            record.body = response.content
            record.save(update_fields=["status", "content_type", "body"])
        return response

    def _replay(self, scope: str, key: str, digest: str) -> HttpResponse:
        record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if record is None or record.status is None:
            return _error(409, "idempotency_in_progress", _("相同 Idempotency-Key 的请求正在处理"))
        if record.request_hash != digest:
            return _error(422, "idempotency_key_reused", _("该 Idempotency-Key 已用于另一个请求"))
        response = HttpResponse(
            bytes(record.body), status=record.status, content_type=record.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response


def purge_expired(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - KEEP
    return IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()[0]
