"""The centre's queues and its windows' calling profiles set in the workplace
(issue 12 §1): services with audit and event, the calling order follows the
profile, refusals while tickets wait or a window serves, and the pages."""

import pytest
from django.urls import reverse

from govhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog, Event, Role
from govhall.core.tests import factories as f
from govhall.hall import services as hall_services
from govhall.hall.models import Window
from govhall.queueing import services
from govhall.queueing.models import Queue, TicketStatus, WindowQueue
from govhall.queueing.tests.factories import hall as make_hall
from govhall.queueing.tests.factories import queue as make_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def h(db):
    h = make_hall()
    center = h["center"]
    h["admin"] = f.actor(f.staff(Role.CENTER_ADMIN, center_=center))
    h["supervisor"] = f.actor(f.staff(Role.SUPERVISOR, district_=center.district))
    other = make_hall("O")
    h["other"] = other
    h["other_admin"] = f.actor(f.staff(Role.CENTER_ADMIN, center_=other["center"]))
    return h


def _take(h, item="licence"):
    return services.ticket_issue(actor=h["reception"], center=h["center"], item_code=h[item].code)


def _profile(window):
    return list(window.profile.order_by("position").values_list("queue__prefix", flat=True))


# --- queues ---------------------------------------------------------------------------------


def test_a_queue_is_created_with_its_items_audited_and_announced(h):
    q = services.queue_create(
        actor=h["admin"],
        center=h["center"],
        code="cjq",
        name="出件",
        prefix="c",
        items=[h["licence"]],
    )
    assert (q.code, q.prefix, list(q.items.all())) == ("CJQ", "C", [h["licence"]])
    event = Event.objects.get(kind="queue.configured")
    assert event.payload["queue"] == "CJQ" and event.payload["action"] == "created"
    assert AuditLog.objects.get(action="queue.created").detail["items"] == [h["licence"].code]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"code": "QA"}, "code"),  # taken at this centre
        ({"code": ""}, "code"),
        ({"code": "有空格 X"}, "code"),
        ({"code": "X" * 33}, "code"),
        ({"prefix": "A"}, "prefix"),  # taken
        ({"prefix": "ABC"}, "prefix"),
        ({"prefix": "1"}, "prefix"),
        ({"prefix": ""}, "prefix"),
        ({"name": ""}, "name"),
        ({"name": "名" * 61}, "name"),
        ({"position": -1}, "position"),
        ({"position": "1"}, "position"),
        ({"position": 1000}, "position"),
    ],
)
def test_bad_queues_are_refused_and_nothing_is_written(h, kw, field):
    args = {"code": "NEW", "name": "新队列", "prefix": "N", "position": 5, "items": []}
    with pytest.raises(ValidationFailed) as exc:
        services.queue_create(actor=h["admin"], center=h["center"], **{**args, **kw})
    assert field in exc.value.fields
    assert Queue.objects.filter(center=h["center"]).count() == 2
    assert not Event.objects.filter(kind="queue.configured").exists()


def test_another_centres_item_and_a_refused_name(h):
    foreign = h["other"]["licence"]
    with pytest.raises(ValidationFailed) as exc:
        services.queue_create(
            actor=h["admin"], center=h["center"], code="N", name="新", prefix="N", items=[foreign]
        )
    assert "items" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.queue_create(
            actor=h["admin"], center=h["center"], code="N", name="新\u200b", prefix="N"
        )
    assert exc.value.code == "invalid_name"


def test_a_queue_is_changed_and_the_next_ticket_takes_the_new_prefix(h):
    services.queue_update(
        actor=h["admin"], queue=h["qa"], name="证照", prefix="Z", position=1, items=[h["licence"]]
    )
    assert _take(h).number.startswith("Z")
    log = AuditLog.objects.get(action="queue.updated")
    assert log.detail["before"]["prefix"] == "A" and log.detail["after"]["prefix"] == "Z"


def test_a_queue_with_waiting_tickets_is_not_deactivated(h):
    ticket = _take(h)
    with pytest.raises(Conflict) as exc:
        services.queue_deactivate(actor=h["admin"], queue=h["qa"])
    assert exc.value.code == "queue_has_waiting"
    assert Queue.objects.get(pk=h["qa"].pk).is_active
    services.ticket_cancel(actor=h["reception"], ticket=ticket)
    assert not services.queue_deactivate(actor=h["admin"], queue=h["qa"]).is_active
    assert Event.objects.filter(kind="queue.configured", payload__action="deactivated").exists()
    assert services.queue_activate(actor=h["admin"], queue=h["qa"]).is_active


def test_only_the_centres_admin_changes_queues(h):
    for who in ("clerk", "supervisor", "other_admin"):
        with pytest.raises(PermissionDenied):
            services.queue_create(actor=h[who], center=h["center"], code="N", name="新", prefix="N")
        with pytest.raises((PermissionDenied, NotFound)):
            services.queue_deactivate(actor=h[who], queue=h["qa"])
        with pytest.raises((PermissionDenied, NotFound)):
            services.window_profile_set(actor=h[who], window=h["w1"], queues=[h["qb"]])
    assert Queue.objects.get(pk=h["qa"].pk).is_active and _profile(h["w1"]) == ["A", "B"]


# --- profiles ---------------------------------------------------------------------------------


def test_a_profile_sets_the_calling_order(h):
    a, b = _take(h, "licence"), _take(h, "pension")
    services.window_profile_set(actor=h["admin"], window=h["w1"], queues=[h["qb"], h["qa"]])
    assert _profile(h["w1"]) == ["B", "A"]
    h["w1"].refresh_from_db()
    called = services.ticket_call_next(actor=h["clerk"], window=h["w1"])
    assert called.pk == b.pk and a.status == TicketStatus.WAITING  # B first though A came first
    event = Event.objects.get(kind="window.profile_changed")
    assert event.payload == {"window": 1, "window_code": h["w1"].code, "queues": ["QB", "QA"]}
    assert AuditLog.objects.get(action="window.profile_set").detail == {
        "before": ["QA", "QB"],
        "after": ["QB", "QA"],
    }


def test_bad_profiles_are_refused_and_the_old_one_stays(h):
    inactive = make_queue(h["center"], "X")
    inactive.is_active = False
    inactive.save()
    foreign = h["other"]["qa"]
    for queues in ([h["qa"], h["qa"]], [foreign], [inactive], [h["qa"]] * 21, ["QA"]):
        with pytest.raises(ValidationFailed):
            services.window_profile_set(actor=h["admin"], window=h["w1"], queues=queues)
    assert _profile(h["w1"]) == ["A", "B"]


def test_a_window_serving_a_ticket_or_with_transfers_waiting_is_not_deactivated(h):
    _take(h)
    ticket = services.ticket_call_next(actor=h["clerk"], window=h["w1"])
    with pytest.raises(Conflict) as exc:
        hall_services.window_deactivate(actor=h["admin"], window=h["w1"])
    assert exc.value.code == "window_busy"
    services.ticket_finish(actor=h["clerk"], ticket=ticket)
    waiting = _take(h)
    services.ticket_transfer(actor=h["clerk"], ticket=waiting, window=h["w2"])
    with pytest.raises(Conflict) as exc:
        hall_services.window_deactivate(actor=h["admin"], window=h["w2"])
    assert exc.value.code == "window_has_transfers"
    assert Window.objects.get(pk=h["w2"].pk).is_active
    assert not hall_services.window_deactivate(actor=h["admin"], window=h["w1"]).is_active


# --- the pages ----------------------------------------------------------------------------------


def _login(client, h, who="admin"):
    client.force_login(h[who].user)


def test_adding_a_queue_and_a_profile_through_the_pages(client, h):
    _login(client, h)
    code = h["center"].code
    url = reverse("queues:list", args=[code])
    assert 'data-queue="QA"' in client.get(url).content.decode()
    data = {
        "code": "CJ",
        "name": "出件",
        "prefix": "C",
        "position": "9",
        "items": [str(h["pension"].pk)],
    }
    assert client.post(url, data).status_code == 302
    new = Queue.objects.get(center=h["center"], code="CJ")
    profile = reverse("queues:profile", args=[code, h["w2"].code])
    assert (
        client.post(
            profile, {f"q-{new.pk}": "1", f"q-{h['qa'].pk}": "2", f"q-{h['qb'].pk}": ""}
        ).status_code
        == 302
    )
    assert _profile(h["w2"]) == ["C", "A"]


@pytest.mark.parametrize(
    "data",
    [
        {"q-QA": "1"},
        {"q-999999": "1"},  # no such queue here
        {"q-{a}": "x"},
        {"q-{a}": "0"},
        {"q-{a}": "100"},
        {"q-{a}": "1", "q-{b}": "1"},  # the same order twice
        {"q-{o}": "1"},  # another centre's queue
    ],
)
def test_bad_profile_input_re_renders_and_changes_nothing(client, h, data):
    _login(client, h)
    ids = {"a": h["qa"].pk, "b": h["qb"].pk, "o": h["other"]["qa"].pk}
    data = {k.format(**ids): v for k, v in data.items()}
    response = client.post(reverse("queues:profile", args=[h["center"].code, h["w1"].code]), data)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert _profile(h["w1"]) == ["A", "B"]


@pytest.mark.parametrize(
    "data",
    [
        {"code": "QA", "name": "重复", "prefix": "Q", "position": "1"},
        {"code": "N1", "name": "x", "prefix": "A", "position": "1"},
        {"code": "N1", "name": "", "prefix": "N", "position": "1"},
        {"code": "N1", "name": "x", "prefix": "N", "position": "abc"},
        {"code": "N1", "name": "x" * 61, "prefix": "N", "position": "1"},
        {"code": "N1", "name": "x", "prefix": "N", "position": "1", "items": ["abc"]},
        {"code": "N1", "name": "x", "prefix": "N", "position": "1", "items": ["999999"]},
        {},
    ],
)
def test_bad_queue_input_re_renders_and_adds_nothing(client, h, data):
    _login(client, h)
    data = dict(data)
    response = client.post(reverse("queues:list", args=[h["center"].code]), data)
    assert response.status_code == 422
    assert Queue.objects.filter(center=h["center"]).count() == 2


def test_editing_and_deactivating_a_queue_through_the_pages(client, h):
    _login(client, h)
    code = h["center"].code
    edit = reverse("queues:edit", args=[code, h["qa"].pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"name": "证照", "prefix": "B", "position": "1"}).status_code == 422
    ok = client.post(
        edit, {"name": "证照", "prefix": "Z", "position": "1", "items": [str(h["licence"].pk)]}
    )
    assert ok.status_code == 302 and Queue.objects.get(pk=h["qa"].pk).prefix == "Z"
    _take(h)
    refused = client.post(reverse("queues:deactivate", args=[code, h["qa"].pk]))
    assert refused.status_code == 409 and "等候" in refused.content.decode()
    assert Queue.objects.get(pk=h["qa"].pk).is_active


def test_another_centres_queue_and_window_are_not_found(client, h):
    _login(client, h)
    code = h["center"].code
    other = h["other"]
    assert client.get(reverse("queues:edit", args=[code, other["qa"].pk])).status_code == 404
    assert client.post(reverse("queues:deactivate", args=[code, other["qa"].pk])).status_code == 404
    assert client.get(reverse("queues:profile", args=[code, other["w1"].code])).status_code == 404
    assert (
        client.post(reverse("queues:profile", args=[code, other["w1"].code]), {}).status_code == 404
    )
    assert Queue.objects.get(pk=other["qa"].pk).is_active


def test_the_supervisor_reads_and_the_clerk_is_refused(client, h):
    code = h["center"].code
    _login(client, h, "supervisor")
    page = client.get(reverse("queues:list", args=[code]))
    assert page.status_code == 200 and 'type="submit"' not in page.content.decode()
    assert client.get(reverse("queues:profile", args=[code, h["w1"].code])).status_code == 200
    assert (
        client.post(
            reverse("queues:profile", args=[code, h["w1"].code]), {f"q-{h['qb'].pk}": "1"}
        ).status_code
        == 403
    )
    _login(client, h, "clerk")
    assert client.get(reverse("queues:list", args=[code])).status_code == 403
    assert _profile(h["w1"]) == ["A", "B"]


def test_the_guide_lists_a_window_once_it_calls_the_items_queue(client, h):
    window = hall_services.window_create(
        actor=h["admin"], center=h["center"], number=12, name="出件窗口", type="output"
    )
    url = reverse("catalog:guide", args=[h["licence"].code])
    assert f'data-window="{window.code}"' not in client.get(url).content.decode()
    services.window_profile_set(actor=h["admin"], window=window, queues=[h["qa"]])
    assert f'data-window="{window.code}"' in client.get(url).content.decode()
    assert WindowQueue.objects.filter(window=window).count() == 1
