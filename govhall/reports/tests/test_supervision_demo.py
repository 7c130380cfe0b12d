"""The demo's supervision: at SC-QZX an approved guide change left unpublished,
a case past its committed date and window 3 late on the last working morning,
that finding closed by its clerk with a note; loaded again, nothing added."""

import pytest
from django.core.management import call_command

from govhall.core.models import Center
from govhall.reports.supervision import demo
from govhall.reports.supervision.models import Finding, FindingKind, FindingState

pytestmark = pytest.mark.django_db


def test_demo_findings_are_real_and_loading_twice_adds_none(capsys):
    call_command("demo_data")
    capsys.readouterr()
    qzx = Center.objects.get(code="SC-QZX")
    kinds = set(Finding.objects.filter(center=qzx).values_list("kind", flat=True))
    assert {FindingKind.PUBLISH_LATE, FindingKind.CASE_OVERDUE} <= kinds
    assert FindingKind.CASE_PROCESS not in kinds  # the demo's cases went by the book
    late = Finding.objects.get(center=qzx, kind=FindingKind.PUBLISH_LATE)
    assert "审核通过" in late.detail and late.owner.username == "qzx_admin"
    # The planted case (qzx_clerk2's), and the online application the demo left
    # unanswered 8 working days: deemed accepted from receipt, a 1-day item, late.
    overdue = Finding.objects.filter(center=qzx, kind=FindingKind.CASE_OVERDUE)
    assert sorted(f.owner.username for f in overdue) == ["qzx_admin", "qzx_clerk2"]
    assert any("住房公积金提取" in f.subject for f in overdue)
    (closed,) = Finding.objects.filter(center=qzx, state=FindingState.CLOSED)
    assert closed.kind == FindingKind.WINDOW_LATE and "3号窗口" in closed.subject
    assert closed.closed_by == closed.owner and "提前 10 分钟" in closed.close_note
    # Windows 9-17 have posts but are not in service: no finding for them.
    assert Finding.objects.filter(kind=FindingKind.WINDOW_LATE).count() == 1
    before = Finding.objects.count()
    demo.load({c.code: c for c in Center.objects.all()})
    assert Finding.objects.count() == before
