"""The feedback app's workplace pages (core.navigation)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.models import Role
from govhall.core.navigation import Entry, register

from .models import RectificationStatus
from .selectors import complaints as complaint_selectors
from .selectors import evaluations as evaluation_selectors
from .services.complaints import OPEN

# The list admits anyone of the centre (each sees what is assigned to them; the
# overseers see every complaint).
COMPLAINT_ROLES = tuple(Role.values)


def _open_rectifications(actor, center) -> int:
    return (
        evaluation_selectors.rectifications(actor, center=center)
        .exclude(status=RectificationStatus.CLOSED)
        .count()
    )


def _open_complaints(actor, center) -> int:
    visible = complaint_selectors.visible(actor).filter(center=center, status__in=OPEN)
    return visible.count()


def _appeals(actor, center) -> int:
    return evaluation_selectors.appeals(actor).filter(center__district=center.district_id).count()


def register_entries() -> None:
    register(
        Entry(
            key="feedback.rectifications",
            label=_("差评整改"),
            needs=frozenset({"rectification.read"}),
            url="feedback:rectifications",
            waiting=_open_rectifications,
            section="feedback",
            order=10,
        ),
        Entry(
            key="feedback.complaints",
            label=_("投诉工作台"),
            needs=frozenset({"complaint.read"}),
            url="feedback:complaints",
            waiting=_open_complaints,
            section="feedback",
            order=20,
        ),
        Entry(
            key="feedback.figures",
            label=_("满意度统计"),
            needs=frozenset({"rectification.read"}),
            url="feedback:figures",
            section="feedback",
            order=30,
        ),
        Entry(
            key="feedback.appeals",
            label=_("不属实复核"),
            needs=frozenset({"rectification.review"}),
            url="feedback:appeals",
            waiting=_appeals,
            section="feedback",
            order=40,
            district=True,
        ),
    )
