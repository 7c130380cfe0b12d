"""Finding 5 of issue 10: a window left serving a ticket could not learn which
one from the API. `GET /api/v1/windows/{window}` tells its terminal."""

from govhall.core.models import Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.tests.test_api import _take, api  # noqa: F401 (fixture)


def _now(api, window, token):  # noqa: F811
    return api["call"]("get", f"/api/v1/windows/{window.code}", token=token)


def test_a_restarted_terminal_learns_its_ticket(api):  # noqa: F811
    w1, raw = api["w1"], api["window_raw"]
    idle = _now(api, w1, raw)
    assert idle.status_code == 200
    body = idle.json()
    assert body["code"] == w1.code and body["state"] == "open" and body["ticket"] is None
    assert body["queues"] == ["QA", "QB"]
    number = _take(api).json()["number"]
    called = api["call"]("post", f"/api/v1/windows/{w1.code}/call-next", token=raw).json()
    assert _now(api, w1, raw).json()["ticket"]["status"] == "called"
    api["call"]("post", f"/api/v1/tickets/{called['ticket']['id']}/start", token=raw)
    serving = _now(api, w1, raw).json()["ticket"]
    assert serving["number"] == number and serving["status"] == "serving"
    api["call"]("post", f"/api/v1/tickets/{called['ticket']['id']}/finish", token=raw)
    assert _now(api, w1, raw).json()["ticket"] is None


def test_only_that_window_and_the_centres_clerks_may_ask(api):  # noqa: F811
    w1, w2 = api["w1"], api["w2"]
    clerk = token_create(kind=TokenKind.STAFF, user=api["clerk"].user)[1]
    assert _now(api, w1, clerk).status_code == 200
    other = _now(api, w2, api["window_raw"])
    assert other.status_code == 403 and other.json()["error"]["code"] == "forbidden_window"
    assert _now(api, w1, api["kiosk_raw"]).status_code == 403  # a kiosk has no window
    stranger_centre = f.center(f.district())
    stranger = token_create(
        kind=TokenKind.STAFF, user=f.staff(Role.CLERK, center_=stranger_centre)
    )[1]
    assert _now(api, w1, stranger).status_code == 404
    assert api["call"]("get", "/api/v1/windows/NOPE", token=clerk).status_code == 404


def test_anonymous_is_refused(client, api):  # noqa: F811
    assert client.get(f"/api/v1/windows/{api['w1'].code}").status_code == 401
