"""Issue 10, finding 6: a complainant's name refuses control and format
characters and emoji (core.names), in the API and the forms."""

from govhall.feedback.forms import ComplaintOnlineForm, ComplaintStaffForm
from govhall.feedback.models import Complaint
from govhall.feedback.tests.test_complaint_api import api, body  # noqa: F401 (fixture)


def test_the_api_refuses_the_name(api):  # noqa: F811
    for name in ("李\u202e四", "李四😀"):
        resp = api["call"]("post", api["url"], body(api, complainant_name=name))
        assert resp.status_code == 422 and "complainant_name" in resp.json()["error"]["fields"]
    assert not Complaint.objects.exists()


def test_the_forms_refuse_the_name():
    for form_class in (ComplaintOnlineForm, ComplaintStaffForm):
        form = form_class(data={"content": "窗口态度差", "complainant_name": "李\u202e四"})
        assert not form.is_valid() and "complainant_name" in form.errors
        form = form_class(data={"content": "窗口态度差", "complainant_name": "阿卜杜·热合曼"})
        form.is_valid()
        assert "complainant_name" not in form.errors
