"""A day of the hall simulated with ciw, for what Erlang C cannot see: priority
tickets (绿色通道) called first, appointments arriving at their booked times
and called before walk-ins, windows that serve several queues (the windows
whose calling profiles share a queue pool them: one ciw node per such group),
the number of windows open changing through the day (breaks, leave, A/B posts)
and the line left at the end of a half hour carried into the next.

Time is in minutes of opening: a midday closure is cut out of the timeline
(people in line at 12:00 are called from 13:00, their wait counted in open
minutes). Arrivals stop at closing; those still in line are served after it,
as a centre does (延时服务), and their waits count."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

import ciw

OVERTIME = 240.0  # minutes after closing the windows keep serving the line


@dataclass(frozen=True)
class Stream:
    """One queue's people at one node: walk-in and priority rates per minute for
    each half hour, appointment arrival times, service mean and spread."""

    node: int
    rates: list[float]
    priority_share: float
    appointments: list[float]
    service_mean: float
    service_sd: float | None
    no_show_share: float = 0.0
    exponential: bool = False  # M/M/c: exponential service (the check against Erlang C)
    # Several queues pooled at one node (every window there calls them all):
    # (weight, mean, sd) of each queue's service; one stream keeps ciw's classes
    # few, which is what its run time grows with.
    mix: tuple[tuple[float, float, float | None], ...] = ()


@dataclass
class Outcome:
    waits: list[list[float]] = field(default_factory=list)  # per half hour, per run flattened

    def mean_wait(self, slot: int) -> float | None:
        w = self.waits[slot]
        return sum(w) / len(w) if w else None

    def share_within(self, slot: int, minutes: float) -> float | None:
        w = self.waits[slot]
        return sum(1 for x in w if x <= minutes) / len(w) if w else None


def _one(mean: float, sd: float | None, exponential: bool):
    m = max(mean, 0.1)
    if exponential or not sd:
        return ciw.dists.Exponential(rate=1.0 / m)
    sd = max(sd, 0.05 * m)
    return ciw.dists.Gamma(shape=(m / sd) ** 2, scale=sd * sd / m)


def _service(stream: Stream):
    if stream.mix:
        total = sum(w for w, _m, _s in stream.mix)
        main = ciw.dists.MixtureDistribution(
            [_one(m, s, stream.exponential) for _w, m, s in stream.mix],
            [w / total for w, _m, _s in stream.mix],
        )
    else:
        main = _one(stream.service_mean, stream.service_sd, stream.exponential)
    if stream.no_show_share <= 0:
        return main
    # A no-show holds the window about a minute (the call and the wait for them).
    return ciw.dists.MixtureDistribution(
        [ciw.dists.Deterministic(1.0), main], [stream.no_show_share, 1 - stream.no_show_share]
    )


def _poisson(rates: list[float], slot_minutes: float):
    if not any(r > 0 for r in rates):
        return None
    ends = [slot_minutes * (i + 1) for i in range(len(rates))]
    return ciw.dists.PoissonIntervals(rates=rates, endpoints=ends, max_sample_date=ends[-1])


def _sequential(times: list[float]):
    if not times:
        return None
    times = sorted(times)
    gaps = [times[0]] + [b - a for a, b in itertools.pairwise(times)]
    return ciw.dists.Sequential([*gaps, float("inf")])


def _network(streams: list[Stream], servers: list[list[int]], slot_minutes: float):
    nodes = len(servers)
    arrivals, services, priorities, routing = {}, {}, {}, {}
    for i, s in enumerate(streams):
        walk = [r * (1 - s.priority_share) for r in s.rates]
        prio = [r * s.priority_share for r in s.rates]
        for kind, dist, rank in (
            ("p", _poisson(prio, slot_minutes), 0),
            ("a", _sequential(s.appointments), 1),
            ("w", _poisson(walk, slot_minutes), 2),
        ):
            name = f"{kind}{i}"
            arrivals[name] = [dist if n == s.node else None for n in range(nodes)]
            services[name] = [_service(s) for _n in range(nodes)]
            priorities[name] = rank
            routing[name] = [[0.0] * nodes for _n in range(nodes)]
    schedules = []
    for counts in servers:
        # One shift per run of equal counts: a shift change sends every window
        # off duty after its customer and brings fresh ones, which would add
        # windows for a moment each half hour.
        numbers, ends = [], []
        for k, n in enumerate(counts):
            if numbers and numbers[-1] == n:
                ends[-1] = slot_minutes * (k + 1)
            else:
                numbers.append(n)
                ends.append(slot_minutes * (k + 1))
        ends[-1] += OVERTIME  # the last half hour's windows serve the line left
        # ciw wants at least one server somewhere in a schedule; zero throughout
        # is a node nobody staffs (its people wait to the end).
        schedules.append(ciw.Schedule(numbers_of_servers=numbers, shift_end_dates=ends))
    return ciw.create_network(
        arrival_distributions=arrivals,
        service_distributions=services,
        number_of_servers=schedules,
        priority_classes=priorities,
        routing=routing,
    )


def simulate_day(
    streams: list[Stream],
    servers: list[list[int]],
    *,
    runs: int,
    seed: int = 1,
    slot_minutes: float = 30.0,
) -> Outcome:
    """`servers[node][slot]`: windows open at each node in each half hour.
    Seeded: the same inputs give the same outcome."""
    slots = len(servers[0]) if servers else 0
    out = Outcome(waits=[[] for _ in range(slots)])
    if not streams or not slots:
        return out
    end = slot_minutes * slots
    state = random.getstate()
    try:
        for run in range(runs):
            ciw.seed(seed + run)
            network = _network(streams, servers, slot_minutes)
            sim = ciw.Simulation(network)
            sim.simulate_until_max_time(end + OVERTIME)
            for r in sim.get_all_records():
                if r.record_type == "service" and r.arrival_date < end:
                    out.waits[min(slots - 1, int(r.arrival_date // slot_minutes))].append(
                        r.waiting_time
                    )
            # Still in line when the overtime ran out: waited at least until then.
            for node in sim.nodes[1:-1]:
                for ind in node.all_individuals:
                    if ind.arrival_date < end and not ind.server:
                        out.waits[min(slots - 1, int(ind.arrival_date // slot_minutes))].append(
                            end + OVERTIME - ind.arrival_date
                        )
    finally:
        random.setstate(state)
    return out
