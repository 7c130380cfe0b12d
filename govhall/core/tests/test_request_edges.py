"""Finding 6 of issue 10 (edges of the request): a JSON body over 2.5 MB was a
500 with a traceback; the NUL guard skipped `Content-Type: text/plain` (the NUL
was stored); a 405 had no `Allow`."""

import logging

import pytest
from django.test import RequestFactory

from govhall.core.middleware import RequestBodyGuardMiddleware
from govhall.core.models import ApiToken
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db
BIG = b'{"username": "clerk", "password": "' + b"x" * (3 * 1024 * 1024) + b'"}'


def test_a_body_over_the_limit_is_a_413_in_the_error_shape(client, caplog):
    with caplog.at_level(logging.INFO):
        resp = client.post("/api/v1/auth/token", BIG, content_type="application/json")
    assert resp.status_code == 413
    assert resp.json()["error"]["code"] == "payload_too_large"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_a_big_body_with_any_content_type_under_api(client, content_type):
    resp = client.post("/api/v1/appointments", BIG, content_type=content_type)
    assert resp.status_code == 413 and resp.json()["error"]["code"] == "payload_too_large"


def test_a_big_body_to_a_page_is_a_plain_413(client):
    resp = client.post("/admin/login/", BIG, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 413 and not resp["Content-Type"].startswith("application/json")


NUL_BODIES = [
    ("text/plain", b'{"username": "clerk\\u0000", "password": "pw-123456-x"}'),
    ("text/plain", b'{"username": "clerk\x00", "password": "pw-123456-x"}'),
    ("", b'{"username": "clerk\\u0000", "password": "pw-123456-x"}'),
    ("application/octet-stream", b'{"username": "clerk\\u0000", "password": "x"}'),
    ("application/json; charset=utf-8", b'{"username": "clerk\\u0000", "password": "x"}'),
]


@pytest.mark.parametrize(("content_type", "raw"), NUL_BODIES)
def test_the_nul_guard_holds_for_every_content_type(client, content_type, raw):
    f.user("clerk")
    resp = client.generic("POST", "/api/v1/auth/token", raw, content_type=content_type)
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "bad_request"
    assert not ApiToken.objects.exists()


def test_the_nul_guard_reads_multipart_fields_and_leaves_files_alone():
    from django.core.files.uploadedfile import SimpleUploadedFile

    guard = RequestBodyGuardMiddleware(lambda request: None)
    rf = RequestFactory()
    field = rf.post("/cases/intake/", {"name": "张\x00三"})
    assert guard._has_nul(field)
    upload = rf.post("/x/", {"name": "张三", "scan": SimpleUploadedFile("a.pdf", b"%PDF\x00\x01")})
    assert not guard._has_nul(upload)


def test_a_405_carries_allow_in_the_error_shape(client):
    resp = client.get("/api/v1/auth/token")
    assert resp.status_code == 405
    assert resp.json()["error"]["code"] == "method_not_allowed"
    assert resp["Allow"] == "POST"
    resp = client.delete("/api/v1/centers")
    assert resp.status_code == 405 and resp["Allow"] == "GET"
