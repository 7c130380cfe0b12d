"""core.events.subscribe: handlers run inside the emitting transaction, so what
they write stands or falls with the change."""

import pytest
from django.db import transaction

from govhall.core import events
from govhall.core.models import AuditLog, Event
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    seen = []

    def on_thing(*, event, obj):
        seen.append((event.kind, obj))
        events.audit("thing.followed", center=event.center, obj=obj)

    events.subscribe("test.thing", on_thing)
    events.subscribe("test.thing", on_thing)  # twice is once
    yield seen
    events._handlers["test.thing"].remove(on_thing)


def test_a_handler_runs_once_with_the_event_and_its_object(handler):
    center = f.center()
    with transaction.atomic():
        events.emit("test.thing", center=center, aggregate=center)
    assert handler == [("test.thing", center)]
    assert AuditLog.objects.filter(action="thing.followed").count() == 1


def test_what_a_handler_writes_is_rolled_back_with_the_change(handler):
    center = f.center()
    with pytest.raises(RuntimeError), transaction.atomic():
        events.emit("test.thing", center=center, aggregate=center)
        raise RuntimeError("the change fails after its event")
    assert not Event.objects.filter(kind="test.thing").exists()
    assert not AuditLog.objects.filter(action="thing.followed").exists()


def test_other_kinds_do_not_reach_the_handler(handler):
    with transaction.atomic():
        events.emit("test.other", center=None)
    assert handler == []


def test_feedback_subscribes_to_the_finished_ticket_and_the_closing_case():
    kinds = {kind for kind, fns in events._handlers.items() if fns}
    assert {"ticket.finished", "case.completed", "case.refused", "case.revoked"} <= kinds
