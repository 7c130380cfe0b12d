"""Issue 10 finding 8: the job worker's log printed whole SMS texts with their
links and codes. The demo gateways (the log and the outbox file) keep the
Chinese text and mask the number, the booking code and every link's path."""

import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.booking.models import CODE_ALPHABET
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, generate, id_number
from govhall.core import notify
from govhall.core.models import Notification

PHONE = "13912345678"


@pytest.fixture
def booked(bh):
    slot = generate(bh, EVE)[-1]
    return book(bh, slot, now=at(EVE, 10), person=id_number(), phone=PHONE)


def _leaks(text: str, booking) -> list[str]:
    secrets = [booking.code, PHONE, "?code=", "/booking/manage"]
    return [s for s in secrets if s in text]


def test_the_console_gateway_logs_the_message_masked(booked, settings, caplog):
    settings.GOVHALL_SMS_BACKEND = "govhall.core.notify.ConsoleSms"
    body = Notification.objects.get(key__endswith=":confirm").body
    assert booked.code in body  # the citizen's SMS itself carries the code
    with caplog.at_level(logging.INFO, logger="govhall.core.notify"):
        assert notify.notifications_send(now=at(EVE, 10, 1)) == 1
    assert _leaks(caplog.text, booked) == []
    assert "139****5678" in caplog.text and f"({len(body)} chars)" in caplog.text
    assert "预约" in caplog.text  # still says which message went out


def test_the_outbox_file_holds_the_message_masked(booked, settings, tmp_path):
    settings.GOVHALL_SMS_BACKEND = "govhall.core.notify.FileSms"
    settings.GOVHALL_OUTBOX_FILE = tmp_path / "outbox.jsonl"
    notify.notifications_send(now=at(EVE, 10, 1))
    text = (tmp_path / "outbox.jsonl").read_text(encoding="utf-8")
    assert _leaks(text, booked) == []
    line = json.loads(text.splitlines()[0])
    assert line["to"] == "139****5678" and line["length"] > 20


class Quoting:
    """A gateway whose error quotes the message it refused."""

    def send(self, recipient, subject, body):
        raise ValueError(f"refused {recipient}: {body}")


def test_a_gateway_error_is_kept_masked(booked, settings, caplog):
    settings.GOVHALL_SMS_BACKEND = f"{__name__}.Quoting"
    with caplog.at_level(logging.INFO):
        notify.notifications_send(now=at(EVE, 10, 1))
    row = Notification.objects.get(key__endswith=":confirm")
    assert row.last_error.startswith("ValueError: refused 1***")
    assert _leaks(row.last_error + caplog.text, booked) == []


@given(
    code=st.text(alphabet=CODE_ALPHABET, min_size=8, max_size=8),
    before=st.sampled_from(["预约码", "预约码：", "code ", "（"]),
    token=st.text(alphabet="abcdefghijkABCDEF0123456789-_", min_size=8, max_size=43),
)
def test_no_code_or_link_token_survives_masking(code, before, token):
    text = f"【中心】{before}{code}。查询：https://gov.example.cn/t/{token}/ 谢谢"
    masked = notify.mask_message(text)
    assert code not in masked and token not in masked
    assert "https://gov.example.cn/…" in masked and masked.startswith("【中心】")
