"""`Idempotency-Key` for every POST under /api/: the same key with the same
body returns the first answer, never a second record. The key is claimed with a
row before the request runs, so two concurrent retries cannot both create.

Only a completed answer is kept: a 429 or a 5xx frees the key at once, and a
claim whose request died unfinished (the process was killed) is free again after
GOVHALL_IDEMPOTENCY_STALE_SECONDS. The request runs in one transaction with the
storing of its answer, so a request killed mid-way leaves neither its records
nor its answer behind, and the retry that takes the key over runs it afresh."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyRecord

MAX_KEY = 200
KEEP = dt.timedelta(hours=24)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


def canonical_body(body: bytes, content_type: str) -> bytes:
    """The body as compared between retries: JSON in one canonical form (sorted
    keys, no whitespace), so the same document spelt otherwise is the same
    request; anything else, and JSON that does not parse, byte for byte."""
    if content_type == "application/json":
        try:
            value = json.loads(body)
        except ValueError:
            return body
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return body


def _kept(response) -> bool:
    """A completed answer, worth replaying: not a refusal to try (429), not a
    request we could not authenticate (401: a stale or wrong signature, fixed
    and retried under the same key, must be heard), not a failure of ours
    (5xx), not a stream."""
    status = response.status_code
    return status not in (401, 429) and status < 500 and not getattr(response, "streaming", False)


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
        body = canonical_body(request.body, request.content_type)
        digest = hashlib.sha256(request.path.encode() + b"\0" + body).hexdigest()
        record = self._claim(scope, key, digest)
        if isinstance(record, HttpResponse):
            return record
        kept = False
        with transaction.atomic():
            # Hold the claim while the request runs: a retry that finds it stale
            # (a slow but live request) waits on this lock instead of running the
            # request a second time, then finds the answer stored.
            list(IdempotencyRecord.objects.select_for_update().filter(pk=record.pk).values("pk"))
            response = self.get_response(request)
            if _kept(response):
                record.status = response.status_code
                record.content_type = response.get("Content-Type", "")
                record.body = response.content
                record.save(update_fields=["status", "content_type", "body"])
                kept = True
            elif response.status_code >= 500:
                transaction.set_rollback(True)  # never a half-written record
        if not kept:
            IdempotencyRecord.objects.filter(pk=record.pk, status__isnull=True).delete()
        return response

    def _claim(self, scope: str, key: str, digest: str) -> IdempotencyRecord | HttpResponse:
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(scope=scope, key=key, request_hash=digest)
        except IntegrityError:
            pass
        record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if record is None:  # freed between our insert and this read: the retry may retry
            return _error(409, "idempotency_in_progress", _("相同 Idempotency-Key 的请求正在处理"))
        if record.status is None:
            if self._take_over(record, digest):
                return record
            try:  # the live request we waited for may have answered, or freed the key
                record.refresh_from_db()
            except IdempotencyRecord.DoesNotExist:
                return _error(
                    409, "idempotency_in_progress", _("相同 Idempotency-Key 的请求正在处理")
                )
        if record.status is None:
            return _error(409, "idempotency_in_progress", _("相同 Idempotency-Key 的请求正在处理"))
        if record.request_hash != digest:
            return _error(422, "idempotency_key_reused", _("该 Idempotency-Key 已用于另一个请求"))
        response = HttpResponse(
            bytes(record.body), status=record.status, content_type=record.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _take_over(record: IdempotencyRecord, digest: str) -> bool:
        """A claim older than the stale time belongs to a request that died: one
        retry (the single UPDATE that still matches) takes it over."""
        now = timezone.now()
        cutoff = now - dt.timedelta(seconds=settings.GOVHALL_IDEMPOTENCY_STALE_SECONDS)
        taken = IdempotencyRecord.objects.filter(
            pk=record.pk, status__isnull=True, created_at__lt=cutoff
        ).update(created_at=now, request_hash=digest)
        if taken:
            record.created_at, record.request_hash = now, digest
        return bool(taken)


def purge_expired(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.GOVHALL_IDEMPOTENCY_STALE_SECONDS)
    done = IdempotencyRecord.objects.filter(status__isnull=False, created_at__lt=now - KEEP)
    dead = IdempotencyRecord.objects.filter(status__isnull=True, created_at__lt=stale)
    return done.delete()[0] + dead.delete()[0]
