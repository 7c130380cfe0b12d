"""Proof in the suite (issue 10): schemathesis over `/api/v1/openapi.json` as
three callers (anonymous, a centre admin's staff token, a kiosk token) on the
demo district (centres, items, queues, windows, a day of traffic, cases,
bookings). Every answer must be declared in the document and match its
schema, and none may be a 5xx.

Bounded so the run takes a minute or two on a small machine: a few examples per
operation and caller, no shrinking, no example database. Path parameters and
body fields are drawn half the time from the demo's real codes, so the run gets
past the 404 and reaches the services."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from govhall.booking import services as booking_services
from govhall.booking.models import Booking, HomeVisit, Slot
from govhall.booking.tests.factories import id_number
from govhall.cases.models import Case
from govhall.cases.tests.factories import checklist, person
from govhall.catalog.models import ServiceItem
from govhall.core.actors import ANONYMOUS
from govhall.core.errors import DomainError
from govhall.core.models import Center, Department, TokenKind, User
from govhall.core.services import token_create
from govhall.demo.loader import DEMO_PASSWORD, load_demo
from govhall.feedback.models import Complaint, Evaluation, Rectification
from govhall.hall.models import Window, WindowState
from govhall.queueing.models import Queue, Ticket, WindowQueue

pytestmark = pytest.mark.django_db

PHONE = "13800138000"
EXAMPLES = 25  # per operation and caller (positive and negative cases mixed)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The event stream never ends by itself; its own tests cover it.
SKIP_PATH_SUFFIXES = ("/events",)


def _known() -> dict[str, list]:
    """Real values for the parameter and body field names the API uses."""
    qzx = Center.objects.get(code="SC-QZX")
    tickets = list(Ticket.objects.order_by("-pk").values_list("pk", flat=True)[:20])
    return {
        "center": ["SC-QZX", "SC-YX"],
        "item": list(ServiceItem.objects.values_list("code", flat=True)[:20]),
        "window": list(Window.objects.filter(center=qzx).values_list("code", flat=True)[:10]),
        "queue": list(Queue.objects.filter(center=qzx).values_list("code", flat=True)),
        "ticket_id": tickets,
        "ticket": tickets,
        "number": [
            *Case.objects.values_list("number", flat=True)[:10],
            *Complaint.objects.values_list("number", flat=True)[:5],
            *HomeVisit.objects.values_list("number", flat=True)[:5],
        ],
        "code": list(Booking.objects.values_list("code", flat=True)[:10]) or ["X"],
        "token": list(Evaluation.objects.values_list("token", flat=True)[:10]),
        "track_token": list(Ticket.objects.values_list("track_token", flat=True)[:10]),
        "record_id": list(Rectification.objects.values_list("pk", flat=True)[:5]),
        "department": list(Department.objects.values_list("code", flat=True)[:5]),
        "slot": list(qzx.slots.values_list("pk", flat=True)[:10]),
        "step": ["contact", "classify", "review", "rectify", "reply", "close"],
        "username": ["qzx_clerk1", "qzx_admin"],
        # Valid personal data, so that creations get past validation.
        "id_number": [id_number(), id_number(dt.date(1950, 1, 2))],
        "phone": [PHONE],
        "check_code": list(Case.objects.values_list("check_code", flat=True)[:5]),
        "date": sorted({s.start.date().isoformat() for s in qzx.slots.all()[:20]}),
        "name": ["张三", "欧阳晓明"],
        "level": [5, 3, 1],
        "decision": ["approve", "reject"],
    }


def _callers() -> dict[str, list[dict[str, str]]]:
    """Each caller's headers; the staff caller is, case by case, the centre's
    admin or a clerk at the windows (they reach different services)."""
    qzx = Center.objects.get(code="SC-QZX")

    def bearer(**kw) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_create(**kw)[1]}"}

    staff = [
        bearer(kind=TokenKind.STAFF, user=User.objects.get(username=name))
        for name in ("qzx_admin", "qzx_clerk1")
    ]
    return {"anonymous": [{}], "staff": staff, "kiosk": [bearer(kind=TokenKind.KIOSK, center=qzx)]}


def _bookings(count: int = 4) -> list[Booking]:
    """A few appointments made with PHONE, so lookups and check-ins find one."""
    made = []
    slots = Slot.objects.filter(center__code="SC-QZX", start__gt=timezone.now()).order_by("start")
    for slot in slots.select_related("center", "queue")[:40]:
        item = slot.queue.items.filter(published_version__isnull=False).first()
        if item is None:
            continue
        try:
            made.append(
                booking_services.booking_create(
                    actor=ANONYMOUS,
                    center=slot.center,
                    item_code=item.code,
                    slot_id=slot.pk,
                    name="张三",
                    id_number=id_number(),
                    phone=PHONE,
                )
            )
        except DomainError:
            continue
        if len(made) == count:
            break
    return made


def _key(name: str) -> str:
    return name.lower().removeprefix("x-").replace("-", "_")


def _realistic(operation, case, data, known: dict[str, list]) -> None:
    """Half the time, put a real code where the generator put a random one (in
    the path, the query, the headers and the top of a JSON body), and add an
    optional parameter the generator left out."""
    for where in ("query", "headers"):
        container = getattr(case, where) or {}
        for param in getattr(operation, where):
            key = _key(param.name)
            if param.name not in container and known.get(key) and data.draw(st.booleans()):
                container[param.name] = data.draw(st.sampled_from(known[key]))
        setattr(case, where, container)
    containers = [case.path_parameters, case.query, case.headers]
    if isinstance(case.body, dict):
        containers.append(case.body)
    for container in containers:
        for name in list(container or {}):
            key = _key(name)
            if known.get(key) and data.draw(st.booleans(), label=f"real {name}"):
                container[name] = data.draw(st.sampled_from(known[key]))


def _run_operation(
    operation, callers, known, failures: list, statuses: Counter, reached: Counter
) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=strategy, data=st.data())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, data):
        _realistic(operation, case, data, known)
        for caller, choices in callers.items():
            headers = data.draw(st.sampled_from(choices), label=caller)
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            if response.status_code < 300:
                reached[operation.label] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as exc:  # keep it and go on: one report at the end
                failures.append(
                    f"{operation.label} as {caller}: {response.status_code} "
                    f"{type(exc).__name__}: {str(exc)[:900]}"
                )

    run()


@pytest.fixture
def wsgi_app():
    """The project's WSGI handler on the test database. Like Django's test client,
    it must not close the connection at the end of each request (that would end
    the test's transaction, and an in-memory SQLite database with it)."""
    from govhall.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_whole_schema_as_three_callers_gives_no_5xx_and_no_schema_violation(wsgi_app):
    load_demo()
    _bookings()
    known, callers = _known(), _callers()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    failures: list[str] = []
    statuses: Counter = Counter()
    reached: Counter = Counter()  # 2xx answers per operation
    operations = 0
    labels: list[str] = []
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.endswith(SKIP_PATH_SUFFIXES):
            continue
        operations += 1
        labels.append(operation.label)
        _run_operation(operation, callers, known, failures, statuses, reached)
    seconds = time.monotonic() - started
    print(
        f"schemathesis: {operations} operations, {sum(statuses.values())} requests, "
        f"{dict(sorted(statuses.items()))} by status, {seconds:.0f}s; "
        f"{len(reached)} operations answered 2xx at least once; never: "
        + ", ".join(label for label in labels if not reached[label])
    )
    assert operations >= 60
    assert not [s for s in statuses if s >= 500]
    assert failures == [], "\n".join(failures)


def _window_for(queue_code: str) -> Window:
    """An open window serving the queue with nobody at it."""
    busy = Ticket.objects.filter(status__in=["called", "serving"]).values("window")
    link = (
        WindowQueue.objects.filter(queue__code=queue_code, queue__center__code="SC-QZX")
        .filter(window__state=WindowState.OPEN)
        .exclude(window__in=busy)
        .select_related("window")
        .first()
    )
    return link.window


def test_the_device_contract_answers_as_declared(wsgi_app):
    """The fuzzing above rarely gets a whole flow through; this walks the flows
    of API.md with valid requests and validates each answer the same way, so
    every 2xx the devices rely on is proven to match its declared schema."""
    load_demo()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    qzx = Center.objects.get(code="SC-QZX")
    kiosk = {"Authorization": f"Bearer {token_create(kind=TokenKind.KIOSK, center=qzx)[1]}"}
    item = ServiceItem.objects.filter(queues__center=qzx).order_by("code").first()
    failures: list[str] = []

    def call(method: str, path: str, expect: int, headers=None, **parts):
        case = schema[path][method].Case(**parts)
        response = case.call(headers=headers or {})
        try:
            case.validate_response(response, checks=CHECKS, headers=headers or {})
        except FailureGroup as exc:
            failures.append(f"{method} {path}: {response.status_code} {str(exc)[:600]}")
        assert response.status_code == expect, (method, path, response.text[:300])
        try:
            return response.json()
        except ValueError:  # a PDF, or nothing (204)
            return None

    center = {"center": "SC-QZX"}
    call("GET", "/api/v1/centers", 200)
    call("GET", "/api/v1/centers/{center}/items", 200, path_parameters=center)
    call("GET", "/api/v1/items/{item}", 200, path_parameters={"item": item.code})
    call("GET", "/api/v1/centers/{center}/queues", 200, path_parameters=center)
    call("GET", "/api/v1/centers/{center}/windows", 200, kiosk, path_parameters=center)
    ticket = call(
        "POST",
        "/api/v1/centers/{center}/tickets",
        201,
        kiosk,
        path_parameters=center,
        body={"item": item.code, "phone": PHONE},
    )
    call(
        "GET",
        "/api/v1/tickets/track/{track_token}",
        200,
        path_parameters={"track_token": ticket["track_token"]},
    )
    window = _window_for(ticket["queue"])
    terminal = {
        "Authorization": "Bearer "
        + token_create(kind=TokenKind.WINDOW, center=qzx, window=window)[1]
    }
    at_window = {"window": window.code}
    called = call(
        "POST", "/api/v1/windows/{window}/call-next", 200, terminal, path_parameters=at_window
    )["ticket"]
    steps = {"ticket_id": called["id"]}
    call("POST", "/api/v1/tickets/{ticket_id}/recall", 200, terminal, path_parameters=steps)
    call("POST", "/api/v1/tickets/{ticket_id}/start", 200, terminal, path_parameters=steps)
    call("POST", "/api/v1/tickets/{ticket_id}/finish", 200, terminal, path_parameters=steps)
    call("POST", "/api/v1/windows/{window}/pause", 200, terminal, path_parameters=at_window)
    call("POST", "/api/v1/windows/{window}/resume", 200, terminal, path_parameters=at_window)

    slot = next(
        s
        for s in call(
            "GET",
            "/api/v1/centers/{center}/slots",
            200,
            path_parameters=center,
            query={"item": item.code},
        )
        if s["remaining"]
    )
    booked = call(
        "POST",
        "/api/v1/appointments",
        201,
        body={
            "center": "SC-QZX",
            "item": item.code,
            "slot": slot["id"],
            "name": "张三",
            "id_number": id_number(),
            "phone": PHONE,
        },
    )
    code = {"code": booked["code"]}
    call("GET", "/api/v1/appointments/{code}", 200, {"X-Phone": PHONE}, path_parameters=code)
    call(
        "POST",
        "/api/v1/appointments/{code}/lookup",
        200,
        path_parameters=code,
        body={"phone": PHONE},
    )
    call(
        "POST",
        "/api/v1/appointments/{code}/cancel",
        200,
        path_parameters=code,
        body={"phone": PHONE},
    )

    clerk = {
        "Authorization": "Bearer "
        + token_create(kind=TokenKind.STAFF, user=User.objects.get(username="qzx_clerk1"))[1]
    }
    promise = (
        ServiceItem.objects.filter(
            stationings__center=qzx, published_version__approval_mode="promise"
        )
        .order_by("published_version__committed_days", "code")
        .first()
    )
    made = call(
        "POST",
        "/api/v1/cases",
        201,
        clerk,
        body={
            "center": "SC-QZX",
            "item": promise.code,
            "applicant": person(),
            "materials": checklist(promise),
        },
    )
    number = {"number": made["number"]}
    detail = call("GET", "/api/v1/cases/{number}", 200, clerk, path_parameters=number)
    document_id = int(detail["documents"][0]["url"].rstrip("/").split("/")[-1])
    call(
        "GET",
        "/api/v1/cases/{number}/documents/{document_id}",
        200,
        clerk,
        path_parameters={**number, "document_id": document_id},
    )
    call(
        "GET",
        "/api/v1/cases/progress/{number}",
        200,
        path_parameters=number,
        query={"check_code": made["check_code"]},
    )
    # The rating pad at that window: the service just finished, then its rating.
    pad = {
        "Authorization": "Bearer "
        + token_create(kind=TokenKind.EVALUATOR, center=qzx, window=window)[1]
    }
    pending = call(
        "GET", "/api/v1/windows/{window}/pending-evaluation", 200, pad, path_parameters=at_window
    )
    rating = {"token": pending["token"]}
    call("GET", "/api/v1/evaluations/{token}", 200, path_parameters=rating)
    call("POST", "/api/v1/evaluations/{token}", 201, path_parameters=rating, body={"level": 5})
    call(
        "POST",
        "/api/v1/auth/token",
        201,
        body={"username": "qzx_clerk1", "password": DEMO_PASSWORD},
    )
    assert failures == [], "\n".join(failures)
