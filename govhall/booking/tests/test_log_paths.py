"""Django logs the path of every refused request ("Not Found: /api/v1/appointments/
AB12CD34"): the booking code, a tracking token or a `?phone=` must not reach
the log that way (issue 10 finding 8)."""

import logging

import pytest

from govhall.core.logmask import MaskSecretsFilter, mask_paths

PHONE = "13912345678"


@pytest.fixture
def console_filter():
    """The filter as settings.LOGGING puts it on the console handler."""
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    assert any(isinstance(f, MaskSecretsFilter) for f in handler.filters)
    return handler


@pytest.mark.django_db
def test_a_refused_lookup_leaves_no_code_or_number_in_the_log(client, console_filter, caplog):
    caplog.handler.addFilter(MaskSecretsFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/api/v1/appointments/AB12CD34?phone={PHONE}")
        client.get("/api/v1/tickets/track/Xk3_9fQzabcdefgh")
    assert "Not Found" in caplog.text
    assert "AB12CD34" not in caplog.text and "Xk3_9fQzabcdefgh" not in caplog.text
    assert "/api/v1/appointments/A***" in caplog.text


@pytest.mark.parametrize(
    "line, hidden",
    [
        ('"GET /api/v1/appointments/AB12CD34?phone=13912345678 HTTP/1.1" 404', ["AB12CD34", PHONE]),
        ("GET /api/v1/cases/progress/QZX-1?check_code=482913", ["482913"]),
        ("Not Found: /t/Xk3_9fQz-abc/", ["Xk3_9fQz-abc"]),
        ("GET /e/tokenvalue123/ 200", ["tokenvalue123"]),
        ("GET /booking/b/ZZZZYYYY/booking.ics", ["ZZZZYYYY"]),
    ],
)
def test_secrets_in_paths_and_queries_are_masked(line, hidden):
    masked = mask_paths(line)
    assert [h for h in hidden if h in masked] == []
    assert masked.split(" ")[0] == line.split(" ")[0]  # the rest of the line stays


def test_an_ordinary_path_is_left_alone():
    line = "GET /api/v1/centers/SC-QZX/queues 200"
    assert mask_paths(line) == line
