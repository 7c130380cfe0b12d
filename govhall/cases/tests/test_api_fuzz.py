"""No input, however malformed, produces a 500 (API.md "Conventions")."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.cases.models import Case
from govhall.cases.tests.factories import checklist, person, tokens

# Plain text, and text made of the characters that break things: NUL (which
# PostgreSQL refuses in a parameter), quotes, CJK, full-width digits.
TEXT = st.text(max_size=30) | st.text(alphabet=st.sampled_from("a\x00'\"中１X- "), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    [
        "center",
        "item",
        "ticket",
        "applicant",
        "materials",
        "proxy",
        "delivery",
        "commitment",
        "refusal_reason",
    ]
)


def _nested(w):
    """Valid bodies with one nested value replaced: reaches the services."""
    return st.builds(
        lambda name, note, reason: {
            "applicant": person(name=name),
            "materials": [{**m, "status": "wrong", "note": note} for m in checklist(w["promise"])],
            "refusal_reason": reason,
        },
        TEXT,
        TEXT,
        TEXT,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(replacements=st.dictionaries(FIELDS, JSON, min_size=1, max_size=3))
def test_malformed_intakes_never_500(client, w, replacements):
    raw = w.setdefault("raw_tokens", tokens(w))["clerk"]
    body = {
        "center": w["center"].code,
        "item": w["promise"].code,
        "applicant": person(),
        "materials": checklist(w["promise"]),
        **replacements,
    }
    before = Case.objects.count()
    resp = client.post(
        "/api/v1/cases",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert resp.status_code < 500, resp.content
    if resp.status_code >= 400:
        assert set(resp.json()["error"]) == {"code", "message", "fields"}
        assert Case.objects.count() == before


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_nested_values_never_500(client, w, data):
    raw = w.setdefault("raw_tokens", tokens(w))["clerk"]
    body = {"center": w["center"].code, "item": w["promise"].code, **data.draw(_nested(w))}
    resp = client.post(
        "/api/v1/cases",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert resp.status_code < 500, resp.content


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(number=TEXT, code=TEXT)
def test_lookups_by_number_never_500(client, w, number, code):
    number = number.replace("/", "")
    raw = w.setdefault("raw_tokens", tokens(w))["clerk"]
    nul = "\x00" in number + code  # refused up front by the NUL guard
    progress = client.get(f"/api/v1/cases/progress/x{number}", {"check_code": code})
    assert progress.status_code in ((400,) if nul else (404, 429))
    staff = client.get(f"/api/v1/cases/x{number}", headers={"Authorization": f"Bearer {raw}"})
    assert staff.status_code == (400 if "\x00" in number else 404)
    page = client.post("/cases/progress/", {"number": number, "check_code": code})
    assert page.status_code in ((400,) if nul else (200, 404, 429))
    worklist = client.get(
        f"/api/v1/centers/x{number}/cases", headers={"Authorization": f"Bearer {raw}"}
    )
    # A clerk holds neither case.review nor case.oversee: the gate refuses first
    # (404 when the text cut the path short: "?" or "#" in it).
    assert worklist.status_code in ((400,) if "\x00" in number else (403, 404))
