"""`govhall demo-data` loads a complete, real-looking district."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govhall.catalog.domains import Domain
from govhall.catalog.models import ApprovalMode, ServiceItem, VersionStatus
from govhall.core.models import Center, Membership, Role, User
from govhall.core.selectors import announcements_current
from govhall.hall.models import Window, WindowType

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo_data")
    return capsys.readouterr().out


def test_two_centres_of_two_levels(demo):
    assert dict(Center.objects.values_list("code", "level")) == {
        "SC-QZX": "district",
        "SC-YX": "town",
    }


def test_items_cover_every_domain_and_mode_and_are_published(demo):
    items = ServiceItem.objects.select_related("published_version")
    assert items.count() >= 40
    assert all(i.published_version.status == VersionStatus.PUBLISHED for i in items)
    domains = Counter(i.domain for i in items)
    assert set(domains) >= set(Domain.values) - {"other"}
    modes = Counter(i.published_version.approval_mode for i in items)
    assert set(modes) == set(ApprovalMode.values)
    assert all(i.published_version.materials.exists() for i in items)


def test_every_window_type_at_the_district_centre(demo):
    types = set(Window.objects.filter(center__code="SC-QZX").values_list("type", flat=True))
    assert types == set(WindowType.values)
    town = set(Window.objects.filter(center__code="SC-YX").values_list("type", flat=True))
    # 001 tables 5 and 6: mandatory at a town centre.
    assert town >= {"comprehensive", "output", "cross_province", "instant", "assist"}


def test_staff_of_every_role_can_log_in(demo, client):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    for user in User.objects.all():
        assert user.check_password("govhall-demo-2026")
    assert "qzx_clerk1" in demo and "govhall-demo-2026" in demo


def test_yyzz_finds_business_licence_items(demo, client):
    body = client.get("/api/v1/centers/SC-QZX/items", {"q": "yyzz"}).json()
    assert len(body) >= 3 and all("营业执照" in i["name"] for i in body)


def test_refuses_a_database_that_has_centres(demo):
    with pytest.raises(CommandError):
        call_command("demo_data")
    call_command("demo_data", if_empty=True)  # make demo runs it every time
    assert Center.objects.count() == 2


def test_every_queue_can_be_booked(demo):
    from govhall.booking.models import Slot, SlotTemplate
    from govhall.queueing.models import Queue

    booked_queues = set(SlotTemplate.objects.values_list("queue", flat=True))
    assert booked_queues == set(Queue.objects.values_list("pk", flat=True))
    # Slots exist for the bookable days from today on.
    assert Slot.objects.exists()


def test_cases_ratings_and_complaints_to_show(demo, client):
    from govhall.cases.models import Case
    from govhall.feedback.models import Complaint, Evaluation, Rectification

    assert {c.status for c in Case.objects.all()} >= {
        "accepted",
        "supplement",
        "completed",
        "committed",
    }
    assert Case.objects.filter(approval_mode="parallel").exists()
    assert Evaluation.objects.filter(rated_at__isnull=False).count() >= 8
    assert Rectification.objects.filter(finding="objective").count() == 1
    assert Complaint.objects.count() == 2
    # The command prints a case to try on the public progress page.
    case = Case.objects.order_by("pk").first()
    assert case.number in demo and case.check_code in demo
    page = client.post("/cases/progress/", {"number": case.number, "check_code": case.check_code})
    assert page.status_code == 200 and case.item_name in page.content.decode()


def test_the_district_centre_shows_its_elderly_service_notice(demo, client):
    center = Center.objects.get(code="SC-QZX")
    for screen in ("display", "kiosk", "guide"):
        assert [a.title[:4] for a in announcements_current(center, screen)] == ["为老服务"]
    assert "为老助残服务专窗" in client.get("/guide/SC-QZX/").content.decode()
