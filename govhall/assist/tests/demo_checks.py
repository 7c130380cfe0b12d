"""The demo's assist data (checked by test_assist_browser's demo test): the
team with skills, coordinators, requests in every state at SC-QZX with times in order, the 代办 under way with its papers and case;
loaded twice, nothing added."""

from govhall.cases.models import CaseStatus, DocumentKind
from govhall.core.hooks import first
from govhall.core.models import Center

from .. import demo
from ..models import AssistRequest, Coordinator, Status, TeamMember


def check_demo():
    """Called by the browser test right after it loads the demo (one load of
    the whole demo for both)."""
    counts = (AssistRequest.objects.count(), TeamMember.objects.count())
    demo.load({c.code: c for c in Center.objects.all()})
    assert (AssistRequest.objects.count(), TeamMember.objects.count()) == counts
    qzx = AssistRequest.objects.filter(center__code="SC-QZX")
    assert set(Status.values) <= set(qzx.values_list("status", flat=True))
    assert TeamMember.objects.filter(user__username="qzx_assistant", active=True).exists()
    assert Coordinator.objects.filter(user__username="lead_rsj").exists()
    for r in qzx:
        times = [
            t
            for t in (r.requested_at, r.assigned_at, r.started_at, r.done_at or r.cancelled_at)
            if t
        ]
        assert times == sorted(times), r.number
    going = qzx.get(status=Status.IN_PROGRESS)
    assert going.case.status == CaseStatus.ACCEPTED and going.entrustment.document
    assert going.handovers.filter(kind="intake").exists()
    assert first("case.assist", case=going.case)["number"] == going.number
    waiting = qzx.get(status=Status.AWAITING_MATERIALS)
    assert waiting.case.documents.filter(kind=DocumentKind.SUPPLEMENT).exists()
    assert qzx.filter(payments__isnull=False).exists()
