"""The workplace's navigation, contributed by the apps (NetBox-style).

Each app declares its staff pages in its own `navigation.py` and registers them
from `AppConfig.ready()`; the staff base template and the workbench read the
registry, so a new app adds its pages without touching a central template. An
entry names the capabilities that open it (core/capabilities.py, the same table
the page itself asks, so a link is never offered to whom the page refuses), how
to build its URL for a centre, and what waits there for the user (a count on the
workbench)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .models import Center, Role

# Sections of the navigation, in the order they are shown.
SECTIONS = (
    "hall",
    "cases",
    "feedback",
    "booking",
    "catalog",
    "staff",
    "attendance",
    "training",
    "assist",
    "convenience",
    "knowledge",
    "standards",
    "planning",
    "settings",
    "reports",
    "assessment",
    "supervision",
)
# What the workbench and the bar call each section.
SECTION_LABELS = {
    "hall": _("大厅与叫号"),
    "cases": _("办件"),
    "feedback": _("评价与投诉"),
    "booking": _("预约与上门"),
    "catalog": _("办事指南"),
    "staff": _("人员与岗位"),
    "attendance": _("考勤与请假"),
    "training": _("培训与考试"),
    "assist": _("帮办代办"),
    "convenience": _("便民服务"),
    "knowledge": _("咨询与知识库"),
    "standards": _("标准与巡查"),
    "planning": _("人员调配"),
    "settings": _("中心设置"),
    "reports": _("统计"),
    "assessment": _("绩效考核"),
    "supervision": _("效能监督"),
}


@dataclass(frozen=True)
class Entry:
    key: str  # unique, e.g. "cases.worklist"
    label: str  # gettext_lazy
    # Any one of these capabilities at the centre shows the entry; None: every
    # staff user of the centre.
    needs: frozenset[str] | None
    # A URL name taking the centre's code, or a callable (actor, center) -> URL or
    # None (None: nothing for this user here, e.g. a clerk without a window).
    url: str | Callable[[Actor, Center], str | None]
    # (actor, center) -> how many things wait for this user; None: no count.
    waiting: Callable[[Actor, Center], int] | None = None
    # (actor, center) -> a short line under the label on the workbench (today's
    # duty manager on the rota's entry); None: no line.
    note: Callable[[Actor, Center], str | None] | None = None
    section: str = "hall"
    order: int = 100
    # A district-wide page (the supervisor's): shown once, not per centre.
    district: bool = False

    def url_for(self, actor: Actor, center: Center) -> str | None:
        if callable(self.url):
            return self.url(actor, center)
        arg = center.district.code if self.district else center.code
        return reverse(self.url, args=[arg])


_entries: dict[str, Entry] = {}


def register(*entries: Entry) -> None:
    """Add or replace entries by key (ready() may run more than once in tests)."""
    for entry in entries:
        _entries[entry.key] = entry


def registered() -> list[Entry]:
    return sorted(
        _entries.values(),
        key=lambda e: (SECTIONS.index(e.section) if e.section in SECTIONS else 99, e.order),
    )


def roles_at(actor: Actor, center: Center) -> frozenset[str]:
    """The roles the actor holds at `center`; a superuser holds every role."""
    if actor.is_superuser:
        return frozenset(Role.values)
    return actor.roles.get(center.pk, frozenset())


def visible(actor: Actor, center: Center, entries: Iterable[Entry] | None = None) -> list[Entry]:
    return [
        e
        for e in (registered() if entries is None else entries)
        if (
            actor.can_see(center) if e.needs is None else any(actor.can(center, c) for c in e.needs)
        )
    ]


def links(actor: Actor, center: Center, *, with_waiting: bool = False) -> list[dict]:
    """The pages the actor may open at `center`: label, URL and (on the workbench)
    what waits there. Entries without a URL for this user are left out."""
    rows = []
    for entry in visible(actor, center):
        url = entry.url_for(actor, center)
        if not url:
            continue
        row = {
            "key": entry.key,
            "label": entry.label,
            "url": url,
            "section": entry.section,
            "section_label": SECTION_LABELS.get(entry.section, ""),
        }
        if with_waiting and entry.waiting is not None:
            row["waiting"] = entry.waiting(actor, center)
        if with_waiting and entry.note is not None:
            row["note"] = entry.note(actor, center)
        rows.append(row)
    return rows
