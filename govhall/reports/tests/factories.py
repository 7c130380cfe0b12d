"""Factories for the reports app: daily facts written directly (metrics named as
in facts/schema.METRICS), so the pages are tested without the end-of-day job."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from govhall.reports.facts.models import DailyFact
from govhall.reports.facts.schema import METRICS, merge


def fact(
    center,
    day: date,
    subject: str,
    dimension: str = "all",
    key: str = "",
    label: str = "",
    **metrics,
):
    unknown = set(metrics) - set(METRICS[subject])
    assert not unknown, f"not metrics of {subject}: {unknown}"
    return DailyFact.objects.update_or_create(
        center=center,
        day=day,
        subject=subject,
        dimension=dimension,
        key=key,
        defaults={"label": label, "metrics": metrics, "computed_at": timezone.now()},
    )[0]


QUEUES = [("A", "综合受理"), ("B", "不动产登记"), ("C", "社保医保"), ("D", "税务")]
STAFF = [("11", "王丽"), ("12", "李强"), ("13", "张敏"), ("14", "陈静"), ("15", "刘洋")]
ITEMS = [
    ("I1", "城乡居民养老保险参保登记"),
    ("I2", "不动产抵押登记"),
    ("I3", "个体工商户设立登记"),
    ("I4", "居民医保参保缴费"),
    ("I5", "营业执照变更"),
]
DEPARTMENTS = [
    ("RS", "区人社局"),
    ("ZR", "区自然资源局"),
    ("SC", "区市场监管局"),
    ("YB", "区医保局"),
]
CHANNELS = [("kiosk", "自助取号机"), ("wechat", "微信"), ("desk", "前台"), ("booking", "预约")]
GROUPS = [("elderly", "老年人"), ("disabled", "残疾人"), ("military", "军人及家属")]


def _tickets(rng: random.Random, issued: int) -> dict:
    served = int(issued * rng.uniform(0.86, 0.95))
    no_show = max(0, int(issued * rng.uniform(0.02, 0.06)))
    hist = {}
    for _ in range(served):
        minute = min(240, max(0, int(rng.gammavariate(2.0, 6.0))))
        hist[str(minute)] = hist.get(str(minute), 0) + 1
    wait = sum(int(k) * n for k, n in hist.items()) * 60 + served * 25
    return {
        "issued": issued,
        "served": served,
        "no_show": no_show,
        "cancelled": max(0, issued - served - no_show - 3) // 4,
        "waited": served,
        "wait_seconds": wait,
        "wait_hist": hist,
        "service_count": served,
        "service_seconds": served * rng.randint(420, 720),
    }


def _split(rng: random.Random, total: int, keys: list) -> list[int]:
    weights = [rng.uniform(0.5, 2.0) for _ in keys]
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[0] += total - sum(parts)
    return parts


class _Rows(list):
    """Collects month_of_facts' rows for one bulk insert (update_or_create per row
    took seconds for a month)."""

    def __init__(self, center):
        super().__init__()
        self.center, self.now = center, timezone.now()

    def __call__(self, center, day, subject, dimension="all", key="", label="", **metrics):
        assert not set(metrics) - set(METRICS[subject]), metrics
        self.append(
            DailyFact(
                center=center,
                day=day,
                subject=subject,
                dimension=dimension,
                key=key,
                label=label,
                metrics=metrics,
                computed_at=self.now,
            )
        )


def month_of_facts(center, start: date, days: int = 30, seed: int = 1) -> None:
    """A plausible month: tickets by every dimension (the 'all' row the sum of the
    keys), bookings, cases, evaluations, complaints and the services; weekends closed."""
    fact = _Rows(center)
    rng = random.Random(seed)
    for n in range(days):
        day = start + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        issued = rng.randint(160, 260)
        by_queue = []
        for (key, label), part in zip(QUEUES, _split(rng, issued, QUEUES), strict=True):
            m = _tickets(rng, part)
            by_queue.append(m)
            fact(center, day, "tickets", "queue", key, label, **m)
        total = merge(by_queue)
        fact(center, day, "tickets", "all", **total)
        for dim, keys in (
            ("window", [(str(i), f"{i}号窗口") for i in range(1, 7)]),
            ("staff", STAFF),
            ("item", ITEMS),
            ("channel", CHANNELS),
            ("group", GROUPS),
        ):
            share = issued if dim not in ("group", "item") else issued // 5
            for (key, label), part in zip(keys, _split(rng, share, keys), strict=True):
                fact(center, day, "tickets", dim, key, label, **_tickets(rng, part))
        hours = list(range(9, 17))
        for hour, part in zip(hours, _split(rng, issued, hours), strict=True):
            fact(center, day, "tickets", "hour", str(hour), "", **_tickets(rng, part))
        made = rng.randint(20, 45)
        kept = made - rng.randint(1, 6)
        fact(center, day, "bookings", made=made, kept=kept, no_show=made - kept - 1, cancelled=1)
        for (key, label), part in zip(CHANNELS[:3], _split(rng, made, CHANNELS[:3]), strict=True):
            fact(center, day, "bookings", "channel", key, label, made=part, kept=max(0, part - 1))
        case_rows = []
        for (key, label), (dkey, dlabel) in zip(ITEMS, [*DEPARTMENTS, DEPARTMENTS[0]], strict=True):
            accepted = rng.randint(5, 25)
            completed = rng.randint(3, accepted)
            late = rng.randint(0, 1)
            m = {
                "received": accepted + 1,
                "accepted": accepted,
                "refused": 1,
                "completed": completed,
                "on_time": completed - late,
                "late": late,
                "immediate": accepted // 3,
                "online": accepted // 4,
            }
            case_rows.append((dkey, dlabel, m))
            fact(center, day, "cases", "item", key, label, **m)
        for dkey, dlabel in DEPARTMENTS:
            fact(
                center,
                day,
                "cases",
                "department",
                dkey,
                dlabel,
                **merge(m for k, _l, m in case_rows if k == dkey),
            )
        cases = merge(m for *_x, m in case_rows)
        fact(center, day, "cases", **cases)
        fact(
            center,
            day,
            "cases",
            "mode",
            "window",
            "窗口受理",
            accepted=cases["accepted"] - cases["online"],
        )
        fact(center, day, "cases", "mode", "online", "网上受理", accepted=cases["online"])
        count = rng.randint(80, 140)
        bad = rng.randint(0, 3)
        ev = {
            "count": count,
            "satisfied": count - bad - rng.randint(0, 4),
            "bad": bad,
            "bad_real_name": bad,
            "bad_real_name_replied": bad,
            "bad_objective": min(bad, 1),
            "bad_objective_rectified": min(bad, 1),
        }
        fact(center, day, "evaluations", **ev)
        fact(center, day, "evaluations", "channel", "pad", "评价器", **ev)
        received = rng.randint(0, 2)
        fact(center, day, "complaints", received=received, closed=received, closed_on_time=received)
        fact(center, day, "assist", requests=rng.randint(3, 9), done=rng.randint(2, 3))
        fact(center, day, "assist", "kind", "help", "帮办", requests=4, done=3)
        fact(
            center,
            day,
            "printing",
            jobs=rng.randint(10, 30),
            sheets=rng.randint(40, 120),
            refused=0,
        )
        fact(
            center,
            day,
            "deliveries",
            parcels=rng.randint(2, 10),
            delivered=rng.randint(1, 2),
            returned=0,
        )
        fact(center, day, "enquiries", received=rng.randint(15, 40), closed=rng.randint(10, 15))
        fact(center, day, "enquiries", "channel", "phone", "电话", received=10, closed=9)
    DailyFact.objects.bulk_create(fact)
