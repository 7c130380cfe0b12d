"""Queueing factories: a centre with queues, open windows and published items."""

from __future__ import annotations

import itertools

from govhall.catalog.tests.factories import published_item
from govhall.core.models import Center, CenterLevel, Role, TokenKind
from govhall.core.services import calendar_seed, token_create
from govhall.core.tests import factories as f
from govhall.hall.models import Window, WindowState, WindowType
from govhall.queueing.models import Queue, WindowQueue

_seq = itertools.count(1)


def queue(center: Center, prefix: str, *items, name: str = "") -> Queue:
    q = Queue.objects.create(
        center=center,
        code=f"Q{prefix}",
        name=name or f"{prefix}类业务",
        prefix=prefix,
        position=next(_seq),
    )
    q.items.add(*items)
    return q


def window(
    center: Center,
    number: int,
    *queues: Queue,
    type=WindowType.COMPREHENSIVE,
    state=WindowState.OPEN,
) -> Window:
    w = Window.objects.create(
        center=center,
        code=f"{center.code}-W{number:02d}",
        number=number,
        name=f"{number}号窗口",
        type=type,
        state=state,
    )
    for position, q in enumerate(queues):
        WindowQueue.objects.create(window=w, queue=q, position=position)
    return w


def hall(prefix_code: str = "H") -> dict:
    """A centre with two queues (A: licences, B: social security), three windows
    and the staff who work them."""
    calendar_seed()
    d = f.district()
    center = f.center(d, code=f"{prefix_code}-C", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    dept = f.department(d)
    licence = published_item(dept, center, name="营业执照遗失补领")
    pension = published_item(
        dept, center, name="城乡居民养老保险参保登记", domain="social_security"
    )
    qa, qb = queue(center, "A", licence), queue(center, "B", pension)
    clerk = f.staff(Role.CLERK, center_=center)
    return {
        "center": center,
        "dept": dept,
        "licence": licence,
        "pension": pension,
        "qa": qa,
        "qb": qb,
        "w1": window(center, 1, qa, qb),
        "w2": window(center, 2, qb, qa),
        "assist": window(center, 9, qa, qb, type=WindowType.ASSIST),
        "clerk": f.actor(clerk),
        "reception": f.actor(f.staff(Role.RECEPTION, center_=center)),
        "kiosk_raw": token_create(kind=TokenKind.KIOSK, center=center)[1],
    }
