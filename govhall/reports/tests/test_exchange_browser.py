"""The centre admin logs in through /login/, finds the failed message counted on
the workbench, opens the exchange page (counts, receivers, messages) and resends
the failed one. The messages were really sent to a receiver on 127.0.0.1."""

from __future__ import annotations

import pytest
from django.db import transaction
from playwright.sync_api import expect

from govhall.conftest import login_page, screenshot
from govhall.core import outbox
from govhall.core.models import OutboxReceiver, OutboxState, Role
from govhall.core.outbox_send import outbox_send_due
from govhall.core.tests import factories as f

from .exchange_receiver import SECRET, Receiver, closed_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_sees_what_failed_and_resends_it(live_server, browser):
    center = f.center(code="SC-EX")
    admin = f.staff(Role.CENTER_ADMIN, center_=center, username="ex_admin")
    admin.last_name = "王建华"
    admin.save()
    live = Receiver().start()
    try:
        OutboxReceiver.objects.create(
            center=center, destination="booking_platform", url=live.url, secret=SECRET
        )
        OutboxReceiver.objects.create(
            center=center,
            destination="provincial_rating",
            url=f"http://127.0.0.1:{closed_port()}/rating",
            secret=SECRET,
        )
        with transaction.atomic():
            for i, kind in enumerate(("ticket.issued", "ticket.called", "booking.created")):
                outbox.enqueue(
                    center=center,
                    destination="booking_platform",
                    kind=kind,
                    key=f"booking_platform:{i}",
                    payload={"number": f"A00{i}"},
                )
            outbox.enqueue(
                center=center,
                destination="provincial_rating",
                kind="evaluation.rated",
                key="provincial_rating:9",
                payload={"level": 5},
            )
            outbox.enqueue(
                center=center,
                destination="12345",
                kind="workorder.answer",
                key="12345:answer:1",
                payload={"ref": "GD1"},
            )
        live.status = 400
        outbox_send_due(limit=1)  # the first is refused for good
        live.status = 200
        outbox_send_due()
        failed = center.outbox_messages.get(state=OutboxState.FAILED)

        page = login_page(browser, live_server.url, "ex_admin", "pw-123456-x")
        entry = page.locator(".bench a.card[data-key='reports.exchange']").first
        expect(entry).to_contain_text("对外数据交换")
        expect(entry).to_contain_text("1")
        entry.click()
        expect(page.locator("h1")).to_contain_text("对外数据交换")
        expect(page.locator("[data-counts] [data-state=failed] b")).to_have_text("1")
        expect(page.locator("[data-counts] [data-state=sent] b")).to_have_text("2")
        expect(page.locator("tr[data-state=pending]")).to_have_count(2)
        expect(page.locator("tr[data-destination=booking_platform]")).to_contain_text(live.url)
        screenshot(page, "exchange-overview")

        page.locator(f"tr[data-message='{failed.pk}'] button").click()
        expect(page.locator("[data-state]").first).to_have_text("待发送")
        expect(page.locator(".notice")).to_contain_text("已重新排队发送")
        screenshot(page, "exchange-message")
        outbox_send_due()
        failed.refresh_from_db()
        assert failed.state == OutboxState.SENT
        assert live.keys().count(failed.key) == 1
    finally:
        live.stop()
