"""core.events.subscribe: a higher app acts on a lower app's event without the
lower app importing it; the handler runs inside emit(), in the emitting
transaction, so its writes exist if and only if the change does."""

import pytest
from django.db import transaction

from govhall.core import events
from govhall.core.models import Event
from govhall.core.tests import factories as f


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(events, "_HANDLERS", {})
    return events._HANDLERS


def _echo(event):
    events.emit("test.echoed", center=event.center, payload={"of": event.pk})


def test_a_handler_runs_in_the_emitting_transaction(db, registry):
    center = f.center(f.district())
    events.subscribe("test.happened", _echo)
    events.subscribe("test.happened", _echo)  # ready() run twice keeps one
    assert registry["test.happened"] == [_echo]
    with transaction.atomic():
        first = events.emit("test.happened", center=center)
    assert list(Event.objects.filter(kind="test.echoed").values_list("payload", flat=True)) == [
        {"of": first.pk}
    ]
    with pytest.raises(RuntimeError), transaction.atomic():
        events.emit("test.happened", center=center)
        raise RuntimeError("the change fails")
    assert Event.objects.filter(kind="test.echoed").count() == 1


def test_a_failing_handler_undoes_the_change(db, registry):
    center = f.center(f.district())

    def refuse(event):
        raise ValueError("no")

    events.subscribe("test.happened", refuse)
    with pytest.raises(ValueError), transaction.atomic():
        events.emit("test.happened", center=center)
    assert not Event.objects.filter(kind="test.happened").exists()


def test_other_kinds_are_not_handled(db, registry):
    center = f.center(f.district())
    events.subscribe("test.happened", _echo)
    with transaction.atomic():
        events.emit("test.other", center=center)
    assert not Event.objects.filter(kind="test.echoed").exists()
