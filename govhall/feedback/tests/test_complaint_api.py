"""The complaint endpoints: registration by staff and by the 12345 integration
token, the steps of handling, and bad input answered in the error shape of
API.md with nothing created. No 500s."""

import pytest

from govhall.core.models import Event
from govhall.feedback.models import Complaint, ComplaintStatus

from .complaint_factories import CONTENT, NAME, PHONE, receive, tokens, walk, world


@pytest.fixture
def api(client, db):
    w = world()
    w["tokens"] = tokens(w)

    def call(method, url, body=None, token="reception", raw=None, **headers):
        if token:
            headers["Authorization"] = f"Bearer {w['tokens'].get(token, token)}"
        if method == "get":
            return client.get(url, headers=headers)
        data = raw if raw is not None else (body or {})
        return client.post(url, data, content_type="application/json", headers=headers)

    w["call"] = call
    w["url"] = f"/api/v1/centers/{w['center'].code}/complaints"
    return w


def body(api, **over):
    return {
        "channel": "window",
        "content": CONTENT,
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "staff_number": api["subject_user"].staff_number,
        "window": api["w1"].code,
        **over,
    }


def assert_error(resp, status, code=None):
    assert resp.status_code == status, resp.content
    error = resp.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    if code:
        assert error["code"] == code, error
    return error


def test_register_at_the_window_masks_the_complainant(api):
    resp = api["call"]("post", api["url"], body(api))
    assert resp.status_code == 201, resp.json()
    out = resp.json()
    assert out["number"].startswith(api["center"].code + "-TS")
    assert out["status"] == "received" and out["channel"] == "window"
    assert out["reply_due"] and out["received_at"].endswith("+08:00")
    assert out["phone"] == "139****5678" and out["complainant"] == "李**"
    assert out["window"] == api["w1"].code and out["staff_number"] == body(api)["staff_number"]
    assert out["receipt_url"].endswith(
        f"/feedback/complaints/receipt/{Complaint.objects.get().receipt_token}/"
    )
    assert NAME not in resp.content.decode() and PHONE not in resp.content.decode()
    again = api["call"]("get", f"/api/v1/complaints/{out['number']}", token="admin")
    assert again.status_code == 200 and again.json()["number"] == out["number"]
    assert PHONE not in again.content.decode() and NAME not in again.content.decode()


def test_12345_transfer_by_integration_token_is_idempotent(api):
    payload = body(api, channel="hotline", hotline_ref="GD20250303001")
    headers = {"Idempotency-Key": "k-1"}
    first = api["call"]("post", api["url"], payload, token="integration", **headers)
    assert first.status_code == 201, first.json()
    again = api["call"]("post", api["url"], payload, token="integration", **headers)
    assert again.status_code == 201 and again.json()["number"] == first.json()["number"]
    # A retry without the key is caught by the work order number.
    dup = api["call"]("post", api["url"], payload, token="integration")
    assert_error(dup, 409, "hotline_ref_duplicate")
    assert Complaint.objects.count() == 1
    got = api["call"]("get", f"/api/v1/complaints/{first.json()['number']}", token="integration")
    assert got.status_code == 200 and got.json()["hotline_ref"] == "GD20250303001"


def test_full_life_over_the_api(api):
    number = api["call"]("post", api["url"], body(api)).json()["number"]
    base = f"/api/v1/complaints/{number}"
    handler = api["handler_user"].staff_number
    resp = api["call"]("post", f"{base}/assign", {"assignee": handler}, token="admin")
    assert resp.status_code == 200 and resp.json()["assignee"] == handler
    resp = api["call"](
        "post", f"{base}/investigate", {"investigation": "属实", "founded": True}, token="handler"
    )
    assert resp.status_code == 200 and resp.json()["status"] == "investigating"
    assert resp.json()["founded"] is True
    resp = api["call"]("post", f"{base}/reply", {"reply": "已整改"}, token="handler")
    assert resp.status_code == 200 and resp.json()["status"] == "replied"
    resp = api["call"]("post", f"{base}/return-visit", {"satisfaction": "satisfied"}, token="admin")
    assert resp.status_code == 200 and resp.json()["status"] == "closed"
    assert resp.json()["closed_at"]


MALFORMED = [
    ("{not json", "malformed_json", 400),
    ('{"channel": "window"}', "validation_error", 422),  # no content
    ('{"channel": "window", "content": ""}', "validation_error", 422),
    ('{"channel": "fax", "content": "x"}', "validation_error", 422),
    ('{"channel": 5, "content": "x"}', "validation_error", 422),
    ('{"channel": "window", "content": ["x"]}', "validation_error", 422),
    ('{"channel": "window", "content": "x", "complainant_phone": 13912345678}', None, 422),
    ('{"channel": "window", "content": "x", "complainant_phone": "12"}', "phone_invalid", 422),
    ('{"channel": "window", "content": "x", "window": "NOPE"}', "window_not_found", 422),
    ('{"channel": "window", "content": "x", "window": "a\\u0000b"}', None, None),
    ('{"channel": "hotline", "content": "x"}', "validation_error", 422),  # no work order
    ('{"channel": "window", "content": "\\u0000"}', None, None),
    ("[]", None, 422),
    ("null", None, 422),
    ('"text"', None, 422),
    ("", None, None),
]


@pytest.mark.parametrize(("raw", "code", "status"), MALFORMED)
def test_bad_registrations_are_4xx_and_create_nothing(api, raw, code, status):
    resp = api["call"]("post", api["url"], raw=raw)
    if status is None:
        assert 400 <= resp.status_code < 500
        assert set(resp.json()["error"]) == {"code", "message", "fields"}
    else:
        assert_error(resp, status, code)
    assert not Complaint.objects.exists()
    assert not Event.objects.filter(kind__startswith="complaint").exists()


def test_content_of_100000_chars(api):
    resp = api["call"]("post", api["url"], body(api, content="长" * 100_000))
    error = assert_error(resp, 422, "validation_error")
    assert "content" in error["fields"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("token", "status", "code"),
    [
        (None, 401, "unauthorized"),
        ("gh_not-a-token", 401, "unauthorized"),
        ("handler", 403, "forbidden_role"),  # a clerk does not register complaints
        ("kiosk", 403, "forbidden_role"),
        ("other_admin", 403, "forbidden_center"),
    ],
)
def test_who_may_register(api, token, status, code):
    resp = api["call"]("post", api["url"], body(api), token=token)
    assert_error(resp, status, code)
    assert not Complaint.objects.exists()


def test_unknown_centre_and_number(api):
    assert_error(api["call"]("post", "/api/v1/centers/NOPE/complaints", body(api)), 404)
    assert_error(api["call"]("get", "/api/v1/complaints/NOPE", token="admin"), 404)
    assert_error(api["call"]("get", "/api/v1/complaints/" + "9" * 300, token="admin"), 404)
    assert_error(
        api["call"]("post", "/api/v1/complaints/NOPE/reply", {"reply": "x"}, token="admin"), 404
    )


def test_another_centres_complaint_is_404(api):
    complaint = receive(api)
    for path in ("", "/assign", "/investigate", "/reply", "/return-visit"):
        url = f"/api/v1/complaints/{complaint.number}{path}"
        resp = api["call"]("get" if not path else "post", url, {}, token="other_admin")
        if path:  # a body that would pass validation for each step
            resp = api["call"](
                "post",
                url,
                {
                    "assignee": "x",
                    "investigation": "x",
                    "founded": True,
                    "reply": "x",
                    "satisfaction": "basic",
                },
                token="other_admin",
            )
        assert_error(resp, 404, "complaint_not_found")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED


def test_steps_out_of_order_and_wrong_types(api):
    complaint = receive(api)
    base = f"/api/v1/complaints/{complaint.number}"
    events = Event.objects.count()
    assert_error(
        api["call"]("post", f"{base}/reply", {"reply": "太早"}, token="admin"),
        409,
        "complaint_invalid_transition",
    )
    assert_error(
        api["call"]("post", f"{base}/return-visit", {"satisfaction": "basic"}, token="admin"),
        409,
    )
    assert_error(
        api["call"](
            "post", f"{base}/investigate", {"investigation": "x", "founded": True}, token="admin"
        ),
        409,
    )
    # Wrong types and unknown values.
    assert_error(
        api["call"](
            "post", f"{base}/investigate", {"investigation": "x", "founded": "maybe"}, token="admin"
        ),
        422,
    )
    assert_error(
        api["call"](
            "post", f"{base}/investigate", {"investigation": "x", "founded": "true"}, token="admin"
        ),
        422,
    )
    assert_error(api["call"]("post", f"{base}/assign", {"assignee": 5}, token="admin"), 422)
    assert_error(
        api["call"]("post", f"{base}/assign", {"assignee": "nobody"}, token="admin"),
        422,
        "assignee_not_in_center",
    )
    assert_error(
        api["call"]("post", f"{base}/return-visit", {"satisfaction": "great"}, token="admin"), 422
    )
    assert_error(api["call"]("post", f"{base}/assign", raw="{", token="admin"), 400)
    # Wrong role: reception cannot assign.
    handler = api["handler_user"].staff_number
    assert_error(
        api["call"]("post", f"{base}/assign", {"assignee": handler}, token="reception"),
        403,
        "forbidden_role",
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.assignee is None
    assert Event.objects.count() == events
    # Closed: every step is a 409.
    walk(api, complaint, to="closed")
    for step, payload in [
        ("assign", {"assignee": handler}),
        ("investigate", {"investigation": "x", "founded": False}),
        ("reply", {"reply": "x"}),
        ("return-visit", {"satisfaction": "basic"}),
    ]:
        assert_error(api["call"]("post", f"{base}/{step}", payload, token="admin"), 409)


def test_clerks_read_only_what_is_assigned_to_them(api):
    complaint = receive(api)
    url = f"/api/v1/complaints/{complaint.number}"
    assert_error(api["call"]("get", url, token="handler"), 404)
    assert_error(api["call"]("get", url, token="bystander"), 404)
    walk(api, complaint, to="assigned")
    assert api["call"]("get", url, token="handler").status_code == 200
    assert_error(api["call"]("get", url, token="integration"), 404)  # not a 12345 transfer
