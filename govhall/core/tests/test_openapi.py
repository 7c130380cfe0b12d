"""The OpenAPI document declares every error status with the one error shape
(API.md "Conventions"; issue 10 finding 6), and no two schemas share a name."""

from collections import defaultdict

import pytest
from ninja import Schema

from govhall.core.openapi import ALWAYS, WRITES, declare_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    return resp.json()


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_declares_its_errors_in_the_error_shape(document):
    ops = list(_operations(document))
    assert len(ops) >= 60
    for path, method, operation in ops:
        declared = {int(s) for s in operation["responses"]}
        wanted = set(ALWAYS) | (set(WRITES) if method == "post" else set())
        assert wanted <= declared, (method, path, sorted(declared))
        for status in wanted:
            content = operation["responses"][str(status)]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, status)


def test_the_error_shape_is_a_component(document):
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["required"] == ["error"]
    assert schemas["Error"]["properties"]["error"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert schemas["ErrorDetail"]["required"] == ["code", "message", "fields"]


def test_an_endpoints_own_declaration_of_a_status_is_kept():
    own = {"description": "mine", "content": {}}
    schema = {"paths": {"/x": {"post": {"responses": {200: {}, 409: own}}}}}
    declare_errors(schema)
    responses = schema["paths"]["/x"]["post"]["responses"]
    assert responses[409] is own
    assert {400, 401, 403, 404, 413, 422, 429} <= set(responses)


def test_no_two_schemas_share_a_name(document):
    """ninja keys components by class name: a second `MaterialOut` silently
    replaced the first, and the guide's materials were declared as a case's
    (schemathesis found the 200 of GET /items/{item} violating its schema)."""
    by_name = defaultdict(set)
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("govhall."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert clashes == {}
    assert "CaseMaterialOut" in document["components"]["schemas"]


def test_the_guide_materials_are_declared_as_the_guide_gives_them(document):
    guide = document["components"]["schemas"]["GuideOut"]
    ref = guide["properties"]["materials"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert "form" in document["components"]["schemas"][ref]["properties"]


def test_a_document_is_declared_as_the_pdf_it_is(document):
    get = document["paths"]["/api/v1/cases/{number}/documents/{document_id}"]["get"]
    assert set(get["responses"]["200"]["content"]) == {"application/pdf"}
    assert "401" in get["responses"] and "404" in get["responses"]


def test_the_event_stream_and_the_bearer_scheme_are_in_the_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    stream = schema["paths"]["/api/v1/centers/{center}/events"]["get"]
    assert "text/event-stream" in stream["responses"]["200"]["content"]
    assert {p["name"] for p in stream["parameters"]} >= {"center", "Last-Event-ID"}
    assert schema["components"]["securitySchemes"]["Needs"] == {"type": "http", "scheme": "bearer"}
    assert schema["paths"]["/api/v1/cases/{number}"]["get"]["security"] == [{"Needs": []}]
    # A public read needs no token.
    assert "security" not in schema["paths"]["/api/v1/centers"]["get"]
