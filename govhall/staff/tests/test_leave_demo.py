"""The demo's leave: clerk1 away today with B serving window 1, a request waiting
for lead_rsj, a past leave returned, the lead away 3 days with a deputy; twice
loaded, nothing added."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import Center, User
from govhall.hall.models import Window
from govhall.staff import posts
from govhall.staff.leave import demo, selectors
from govhall.staff.leave.days import local
from govhall.staff.leave.models import LeadAbsence, LeaveRequest, LeaveStatus

pytestmark = pytest.mark.django_db


def test_demo_leave_is_there_once(capsys):
    call_command("demo_data")  # refuses a second run; the leave loader runs again itself
    demo.load({c.code: c for c in Center.objects.all()})
    capsys.readouterr()
    assert LeaveRequest.objects.count() == 3 and LeadAbsence.objects.count() == 1
    sick = LeaveRequest.objects.get(user__username="qzx_clerk4")
    assert sick.status == LeaveStatus.FILED and sick.cover.username == "qzx_duty"
    at = local(timezone.localtime(sick.start).date(), timezone.datetime.min.time()).replace(hour=10)
    window = Window.objects.get(center__code="SC-QZX", number=4)
    assert posts.serving(window, at).user.username == "qzx_clerk5"  # B takes over
    lead = actor_for_user(User.objects.get(username="lead_rsj"))
    waiting = list(selectors.approvable(lead, sick.center))
    assert [x.user.username for x in waiting] == ["qzx_rsj"]  # the dispatched RSJ clerk
    past = LeaveRequest.objects.get(user__username="qzx_clerk6")
    assert past.status == LeaveStatus.RETURNED and past.end < past.planned_end
    absence = LeadAbsence.objects.get()
    assert absence.days == 3 and absence.deputy.username == "review_rsj"
