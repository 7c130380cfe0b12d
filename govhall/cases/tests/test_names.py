"""Issue 10, finding 6: a case's applicant, proxy and collector names refuse
control and format characters and emoji (core.names), in the API, the web
intake and the service."""

import pytest

from govhall.cases import services
from govhall.cases.models import Case
from govhall.cases.tests.test_api import api, body  # noqa: F401 (fixture)
from govhall.core.errors import ValidationFailed


@pytest.mark.parametrize("name", ["张三\u202e", "李四😀"])
def test_intake_refuses_the_name_with_a_field_error(api, name):  # noqa: F811
    payload = body(api, applicant={**body(api)["applicant"], "name": name})
    resp = api["call"]("post", "/api/v1/cases", payload)
    assert resp.status_code == 422, resp.json()
    fields = resp.json()["error"]["fields"]
    assert set(fields) == {"applicant.name"} and "字符" in fields["applicant.name"]
    proxy = body(api, proxy={"name": name, "id_number": "11010519491231002X"})
    assert "proxy.name" in api["call"]("post", "/api/v1/cases", proxy).json()["error"]["fields"]
    assert not Case.objects.exists()


def test_the_service_refuses_it_whatever_the_caller(api):  # noqa: F811
    with pytest.raises(ValidationFailed) as exc:
        services.case_intake(
            actor=api["clerk"],
            center=api["center"],
            item_code=api["promise"].code,
            applicant={**body(api)["applicant"], "name": "张三\u202e"},
            materials=body(api)["materials"],
        )
    assert "applicant.name" in exc.value.fields
    assert not Case.objects.exists()
