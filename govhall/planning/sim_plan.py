"""A day's plan handed to the simulation: one ciw node per group of windows
whose calling profiles share a queue, each queue's people at its group's node
(priority tickets by their share, appointments at their booked half hour), and
each group's windows open per half hour as rostered."""

from __future__ import annotations

from dataclasses import dataclass

from .plan import DayPlan
from .roster import Desk
from .simulate import Stream, simulate_day


def groups(desks: list[Desk], queue_ids: list[int]) -> list[tuple[set[int], set[int]]]:
    """(window ids, queue ids) of each group: windows joined by a queue they both call."""
    wanted = set(queue_ids)
    out: list[tuple[set[int], set[int]]] = []
    for d in desks:
        qs = set(d.queues) & wanted
        if not qs:
            continue
        joined = [g for g in out if g[1] & qs]
        windows, queues = {d.window_id}, set(qs)
        for g in joined:
            windows |= g[0]
            queues |= g[1]
            out.remove(g)
        out.append((windows, queues))
    return out


@dataclass(frozen=True)
class SimResult:
    runs: int
    mean_wait: list[float | None]
    within_target: list[float | None]  # share called within the target minutes
    unserved_queues: list[int]  # queues no window calls


def simulate_plan(plan: DayPlan, desks: list[Desk], *, runs: int = 30, seed: int = 1) -> SimResult:
    parts = groups(desks, plan.queue_ids)
    node_of = {q: n for n, (_w, qs) in enumerate(parts) for q in qs}
    pooled: dict[int, dict] = {}
    for q in plan.queue_ids:
        if q not in node_of or q not in plan.by_queue:
            continue
        walk, appt = plan.by_queue[q]
        mean, sd, no_show, priority = plan.service_by_queue[q]
        node = pooled.setdefault(
            node_of[q], {"rates": [0.0] * len(walk), "appt": [], "mix": [], "ns": 0.0, "pr": 0.0}
        )
        weight = sum(walk) + sum(appt)
        node["rates"] = [r + w / 30.0 for r, w in zip(node["rates"], walk, strict=True)]
        for i, expected in enumerate(appt):
            # Appointments come at their half hour's start, as booked.
            node["appt"] += [30.0 * i] * round(expected)
        node["mix"].append((weight, mean, sd))
        node["ns"] += weight * no_show
        node["pr"] += sum(walk) * priority
    streams = []
    for n, node in pooled.items():
        weight = sum(w for w, _m, _s in node["mix"]) or 1.0
        walk_total = sum(node["rates"]) * 30.0 or 1.0
        streams.append(
            Stream(
                node=n,
                rates=node["rates"],
                priority_share=node["pr"] / walk_total,
                appointments=node["appt"],
                service_mean=sum(w * m for w, m, _s in node["mix"]) / weight,
                service_sd=None,
                no_show_share=node["ns"] / weight,
                mix=tuple(m for m in node["mix"] if m[0] > 0),
            )
        )
    servers = []
    for n, (windows, _qs) in enumerate(parts):
        counts = [sum(1 for w in r.served if w in windows) for r in plan.rosters]
        if n == 0:
            counts = [c + plan.whatif.extra_windows for c in counts]
        servers.append(counts)
    outcome = simulate_day(streams, servers, runs=runs, seed=seed) if streams else None
    minutes = plan.target.minutes if plan.target else 15.0
    slots = len(plan.rows)
    return SimResult(
        runs=runs,
        mean_wait=[outcome.mean_wait(i) if outcome else None for i in range(slots)],
        within_target=[outcome.share_within(i, minutes) if outcome else None for i in range(slots)],
        unserved_queues=[q for q in plan.queue_ids if q not in node_of],
    )
