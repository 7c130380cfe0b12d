"""差评整改: a real-name bad rating opens a record with working-day deadlines
(contact within 1, rectify within 5, across the 2026 National Day), steps in
order, the supervisor's review of 不属实, the sweep's warnings, and the two 100%
figures moving as records close."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event

from ..models import Evaluation, Finding, RectificationStatus
from ..selectors import evaluations as selectors
from ..services import evaluations as services
from .factories import PHONE, at, serve

CITIZEN = None  # the public rater: an anonymous actor


@pytest.fixture
def anonymous():
    from govhall.core.actors import ANONYMOUS

    return ANONYMOUS


def _bad(h, anonymous, *, when, phone=PHONE, level=2):
    with time_machine.travel(when, tick=False):
        evaluation = serve(h, phone=phone, now=timezone.now())
        services.evaluation_rate(
            actor=anonymous, token=evaluation.token, level=level, reasons=["slow"]
        )
    evaluation.refresh_from_db()
    return evaluation.rectification


def test_real_name_bad_rating_deadlines_in_working_days(h, anonymous):
    # Rated on Wednesday 30 September 2026; 1-7 October are the National Day
    # holidays and Saturday 10 October is a make-up working day (调休).
    record = _bad(h, anonymous, when=at(2026, 9, 30, 15))
    assert record.real_name is True
    assert record.status == RectificationStatus.OPEN
    assert record.contact_due == dt.date(2026, 10, 8)
    assert record.rectify_due == dt.date(2026, 10, 13)  # 8, 9, 10 (Sat), 12, 13
    assert Event.objects.filter(kind="rectification.opened").count() == 1


def test_deadlines_follow_the_centre_settings(h, anonymous):
    h["center"].settings = {
        **h["center"].settings,
        "feedback.contact_days": 2,
        "feedback.rectify_days": 3,
    }
    h["center"].save()
    record = _bad(h, anonymous, when=at(2026, 9, 30, 15))
    assert record.contact_due == dt.date(2026, 10, 9)
    assert record.rectify_due == dt.date(2026, 10, 10)


def test_a_weekend_rating_counts_from_the_next_working_day(h, anonymous):
    # Served on Friday 20 November, rated from home on Sunday the 22nd.
    with time_machine.travel(at(2026, 11, 20, 16), tick=False):
        evaluation = serve(h, phone=PHONE, now=timezone.now())
    with time_machine.travel(at(2026, 11, 22, 20), tick=False):
        services.evaluation_rate(actor=anonymous, token=evaluation.token, level=1, reasons=["slow"])
    record = Evaluation.objects.get(pk=evaluation.pk).rectification
    assert record.contact_due == dt.date(2026, 11, 23)
    assert record.rectify_due == dt.date(2026, 11, 27)


def test_steps_in_order_and_figures_move(h, anonymous):
    admin = h["admin"]
    record = _bad(h, anonymous, when=at(2026, 11, 2, 10))
    anonymous_record = _bad(h, anonymous, when=at(2026, 11, 2, 11), phone=None)

    def figures():
        rated = selectors.rated_in([h["center"]], at(2026, 11, 1, 0), at(2026, 12, 1, 0))
        return selectors.rates(rated, today=dt.date(2026, 11, 2))

    start = figures()
    assert (start.bad, start.real_name_bad, start.replied, start.reply_rate) == (2, 1, 0, 0.0)
    assert start.rectification_rate is None  # nothing classified yet
    assert start.open_records == 2

    # Out of order: classify before contacting a real-name rater.
    with pytest.raises(InvalidTransition) as exc:
        services.rectification_classify(
            actor=admin, rectification=record, finding=Finding.OBJECTIVE, note="核实"
        )
    assert exc.value.code == "contact_first"
    for step in (
        lambda: services.rectification_rectify(actor=admin, rectification=record, measures="x"),
        lambda: services.rectification_reply(actor=admin, rectification=record, text="x"),
        lambda: services.rectification_close(
            actor=admin, rectification=record, rater_view="satisfied"
        ),
        lambda: services.rectification_review(
            actor=h["supervisor"], rectification=record, upheld=True, opinion="x"
        ),
    ):
        with pytest.raises(InvalidTransition):
            step()
    # A clerk is not the 好差评 desk.
    with pytest.raises(PermissionDenied):
        services.rectification_contact(actor=h["clerk"], rectification=record, note="电话联系")
    with pytest.raises(ValidationFailed):
        services.rectification_contact(actor=admin, rectification=record, note="   ")

    services.rectification_contact(actor=admin, rectification=record, note="已电话联系，了解情况")
    services.rectification_classify(
        actor=admin, rectification=record, finding=Finding.OBJECTIVE, note="等候超时属实"
    )
    services.rectification_classify(
        actor=admin, rectification=anonymous_record, finding=Finding.OBJECTIVE, note="属实"
    )
    mid = figures()
    assert (mid.objective, mid.rectified, mid.rectification_rate) == (2, 0, 0.0)

    services.rectification_rectify(actor=admin, rectification=record, measures="增开窗口")
    record.refresh_from_db()
    assert record.status == RectificationStatus.TO_REPLY
    services.rectification_rectify(actor=admin, rectification=anonymous_record, measures="培训")
    anonymous_record.refresh_from_db()
    assert anonymous_record.status == RectificationStatus.CLOSED  # nobody to reply to
    assert figures().rectification_rate == 100.0
    assert figures().reply_rate == 0.0

    services.rectification_reply(actor=admin, rectification=record, text="已增开窗口，感谢监督")
    assert figures().reply_rate == 100.0
    assert figures().open_records == 1
    with pytest.raises(ValidationFailed):
        services.rectification_close(actor=admin, rectification=record, rater_view="happy")
    services.rectification_close(actor=admin, rectification=record, rater_view="satisfied")
    record.refresh_from_db()
    assert record.status == RectificationStatus.CLOSED and record.closed_at
    assert figures().open_records == 0
    # The reply reached the rater by SMS; no event carries the phone.
    from govhall.core.models import Notification

    assert Notification.objects.filter(key=f"rectification:{record.pk}:reply").exists()
    assert PHONE not in str(list(Event.objects.values_list("payload", flat=True)))


def test_not_founded_goes_to_the_supervisor(h, anonymous):
    admin, supervisor = h["admin"], h["supervisor"]
    upheld = _bad(h, anonymous, when=at(2026, 11, 2, 10))
    rejected = _bad(h, anonymous, when=at(2026, 11, 2, 11))
    for record in (upheld, rejected):
        services.rectification_contact(actor=admin, rectification=record, note="已联系")
        services.rectification_classify(
            actor=admin, rectification=record, finding=Finding.UNFOUNDED, note="监控显示等候 3 分钟"
        )
        record.refresh_from_db()
        assert record.status == RectificationStatus.APPEALING
    assert list(selectors.appeals(supervisor)) == [upheld, rejected]
    # The centre cannot decide its own appeal.
    with pytest.raises(PermissionDenied):
        services.rectification_review(actor=admin, rectification=upheld, upheld=True, opinion="x")
    services.rectification_review(
        actor=supervisor, rectification=upheld, upheld=True, opinion="经查监控，不属实"
    )
    services.rectification_review(
        actor=supervisor, rectification=rejected, upheld=False, opinion="证据不足，按属实整改"
    )
    upheld.refresh_from_db()
    rejected.refresh_from_db()
    assert upheld.status == RectificationStatus.TO_REPLY and upheld.rectified_at is None
    assert rejected.status == RectificationStatus.RECTIFYING
    assert rejected.finding == Finding.OBJECTIVE
    rated = selectors.rated_in([h["center"]], at(2026, 11, 1, 0), at(2026, 12, 1, 0))
    figures = selectors.rates(rated)
    assert (figures.unfounded, figures.unfounded_rate) == (1, 50.0)
    assert (figures.objective, figures.rectification_rate) == (1, 0.0)
    assert list(selectors.appeals(supervisor)) == []


def test_the_sweep_warns_before_each_deadline_and_flags_the_late(h, anonymous):
    record = _bad(h, anonymous, when=at(2026, 11, 2, 10))  # Monday
    assert (record.contact_due, record.rectify_due) == (dt.date(2026, 11, 3), dt.date(2026, 11, 9))

    def sweep(day):
        with time_machine.travel(at(*day, 9), tick=False):
            counts = services.rectifications_sweep()
        record.refresh_from_db()
        return counts

    assert sweep((2026, 11, 2))["yellow"] == 1  # the contact is due tomorrow
    assert record.warning == "yellow"
    assert sweep((2026, 11, 2)) == {"yellow": 0, "red": 0, "cleared": 0, "errors": 0}
    assert sweep((2026, 11, 4))["red"] == 1  # nobody called: late
    services.rectification_contact(actor=h["admin"], rectification=record, note="已联系")
    assert sweep((2026, 11, 4))["cleared"] == 1  # now the rectification deadline counts
    assert record.warning == ""
    assert sweep((2026, 11, 6))["yellow"] == 1  # Monday the 9th is one working day away
    assert sweep((2026, 11, 10))["red"] == 1
    rated = selectors.rated_in([h["center"]], at(2026, 11, 1, 0), at(2026, 12, 1, 0))
    assert selectors.rates(rated, today=dt.date(2026, 11, 10)).late_records == 1
    kinds = list(
        Event.objects.filter(kind="rectification.warning")
        .order_by("id")  # in the order written (PostgreSQL returns no order unasked)
        .values_list("payload", flat=True)
    )
    assert [k["level"] for k in kinds] == ["yellow", "red", "", "yellow", "red"]
