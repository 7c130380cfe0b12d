"""The demo has guide changes on the workflow's pages, made through the
services, and loading it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.test import Client

from govhall.catalog import demo_workflow
from govhall.catalog.models import ItemVersion, VersionStatus
from govhall.core.models import User
from govhall.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def _open() -> list[tuple[str, str]]:
    return sorted(
        ItemVersion.objects.exclude(status__in=(VersionStatus.PUBLISHED,)).values_list(
            "item__code", "status"
        )
    )


# The supervision demo leaves one approved change unpublished for its finding.
OPEN = [("MZJ-0001", "approved"), ("RSJ-0003", "returned"), ("SCJ-0003", "submitted")]


def test_the_demo_has_a_change_to_review_and_one_returned_and_loads_twice():
    call_command("demo_data", verbosity=0)
    assert _open() == OPEN
    load_demo()  # the loader again, over what it loaded
    assert demo_workflow.load() == 0
    assert _open() == OPEN
    submitted = ItemVersion.objects.get(item__code="SCJ-0003", status="submitted")
    assert submitted.submitted_by.username == "review_scj" and submitted.publish_due

    admin, reviewer = Client(), Client()
    admin.force_login(User.objects.get(username="qzx_admin"))
    reviewer.force_login(User.objects.get(username="review_rsj"))
    queue = admin.get("/guide/work/SC-QZX/review/").content.decode()
    assert "SCJ-0003" in queue and "企业营业执照变更登记" in queue
    review = admin.get(f"/guide/work/SC-QZX/review/{submitted.pk}/")
    assert set(review.context["diff"].changed) == {"process", "change_summary", "materials"}
    drafts = reviewer.get("/guide/work/SC-QZX/drafts/").content.decode()
    assert "RSJ-0003" in drafts and "中心退回，待修改" in drafts and "SCJ-0003" not in drafts
