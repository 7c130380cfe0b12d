"""Reports benchmark: `make bench` runs `.venv/bin/python bench/reports.py`.

A generated year (2025) of a large district on PostgreSQL, in its own database
(govhall_bench_reports, dropped at the end): 12 centres, ~750,000 tickets,
~150,000 cases, ~300,000 ratings (with their rectification records), written
by INSERT … SELECT over generate_series, each row a copy of one row made
through the project's own code with the varying columns replaced. Then:
- the end-of-day facts for every centre and day of the year (timed);
- p95 of 20 loads of: a month's centre summary, the district's month summary
  (every centre and the total) and a year's monthly table as xlsx, from the
  facts, and the same figures computed over the raw rows (the baseline).
Writes its section of docs/benchmarks.md (<!-- bench:reports -->).
A benchmark, not a test: it asserts nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
DB = "govhall_bench_reports"
os.environ["DATABASE_URL"] = f"{PG}/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("GOVHALL_DATA_KEY", "bench")

import psycopg  # noqa: E402


def _admin(sql: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


RESUME = bool(os.environ.get("BENCH_RESUME"))  # reuse a kept database (BENCH_KEEP=1 before)
if __name__ == "__main__" and not RESUME:
    _admin(f"DROP DATABASE IF EXISTS {DB}")
    _admin(f"CREATE DATABASE {DB}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from govhall.core.models import Center, CenterLevel, Role, User  # noqa: E402

YEAR = 2025
FIRST, LAST = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
CENTERS, QUEUES, WINDOWS = 12, 3, 8
TICKETS_A_DAY, CASES_A_DAY, RATINGS_A_DAY = 240, 48, 96  # per centre and working day
LOADS = 20
WORKERS = 3  # 2 CPUs: the database works in its own processes beside them
MONTH = (dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 30))
DOC = ROOT / "docs" / "benchmarks.md"


# --- the district, made through the project's own code ---------------------------------


def world() -> dict:
    from govhall.cases.services import case_intake
    from govhall.cases.tests import factories as cf
    from govhall.core.services import calendar_seed
    from govhall.core.tests import factories as f
    from govhall.feedback.models import Evaluation, Rectification
    from govhall.queueing.models import Ticket
    from govhall.queueing.tests.factories import queue, window

    t0 = time.perf_counter()
    calendar_seed()
    print(f"calendar {time.perf_counter() - t0:.0f} s", flush=True)
    d = f.district(code="BR", name="基准区")
    centers = [
        f.center(d, code=f"BR-{i + 1:02d}", level=CenterLevel.DISTRICT_COMPREHENSIVE)
        for i in range(CENTERS)
    ]
    dept = f.department(d, code="BR-DEP")
    items = [
        cf.item(dept, *centers, mode=mode, days=days, name=name)
        for mode, days, name in (
            ("instant", 0, "个体工商户名称变更"),
            ("promise", 5, "食品经营许可"),
            ("promise", 10, "建设工程规划许可"),
            ("remote", 3, "营业执照遗失补领"),
        )
    ]
    print(f"items {time.perf_counter() - t0:.0f} s", flush=True)
    queues, windows, staff = [], [], []
    for c in centers:
        qs = [queue(c, "ABC"[i], *items, name=f"{'ABC'[i]}类业务") for i in range(QUEUES)]
        queues += qs
        windows += [window(c, n + 1, *qs) for n in range(WINDOWS)]
        # Window staff as plain rows: a password hash each would take minutes.
        staff += User.objects.bulk_create(
            User(username=f"{c.code}-clerk{n}", first_name=f"{c.code}窗口{n}", password="!")
            for n in range(WINDOWS)
        )
    c0 = centers[0]
    clerk = f.actor(f.staff(Role.CLERK, center_=c0))
    case = case_intake(
        actor=clerk,
        center=c0,
        item_code=items[1].code,
        applicant=cf.person(),
        materials=cf.checklist(items[1]),
    )
    now = dt.datetime(YEAR, 1, 2, 9, tzinfo=dt.UTC)
    ticket = Ticket.objects.create(
        center=c0,
        queue=queues[0],
        service_date=FIRST,
        seq=0,
        number="T0",
        status="done",
        channel="kiosk",
        sort_at=now,
        issued_at=now,
    )
    rating = Evaluation.objects.create(
        center=c0,
        subject="ticket",
        reference="T0",
        served_at=now,
        expires_at=now,
        level=1,
        channel="pad",
        rated_at=now,
    )
    rect = Rectification.objects.create(
        evaluation=rating, center=c0, real_name=False, opened_at=now, rectify_due=FIRST
    )
    return {
        "district": d,
        "centers": centers,
        "items": items,
        "versions": [i.published_version_id for i in items],
        "modes": [i.published_version.approval_mode for i in items],
        "queues": queues,
        "windows": windows,
        "staff": staff,
        "templates": {"ticket": ticket.pk, "case": case.pk, "rating": rating.pk, "rect": rect.pk},
    }


def _columns(table: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name=%s "
            "ORDER BY ordinal_position",
            [table],
        )
        return [r[0] for r in cur.fetchall()]


def clone(table: str, template: int, series: str, overrides: dict, params: list) -> int:
    """INSERT INTO table SELECT <the template's columns, overridden> FROM series."""
    cols = [c for c in _columns(table) if c != "id"]
    exprs = [overrides.get(c, f"t.{c}") for c in cols]
    sql = (
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
        f"FROM {table} t, ({series % tuple(params)}) g WHERE t.id = {int(template)}"
    )
    with connection.cursor() as cur:
        cur.execute(sql)  # no parameters: the % of the expressions stay modulo
        return cur.rowcount


def _arr(values) -> str:
    return "(ARRAY[" + ",".join(str(int(v)) for v in values) + "])"


DAYS = f"""
SELECT c, d::date AS day, s, random() AS r1, random() AS r2, random() AS r3, random() AS r4
FROM generate_series(0, {CENTERS - 1}) c,
     generate_series(DATE '{FIRST}', DATE '{LAST}', interval '1 day') d,
     generate_series(1, %d) s
WHERE extract(isodow FROM d) < 6
"""
LOCAL = "((g.day + time '09:00') AT TIME ZONE 'Asia/Shanghai')"


def generate(w: dict) -> dict:
    centers = _arr(c.pk for c in w["centers"])
    queues = _arr(q.pk for q in w["queues"])
    windows = _arr(x.pk for x in w["windows"])
    staff = _arr(u.pk for u in w["staff"])
    items = _arr(i.pk for i in w["items"])
    versions = _arr(w["versions"])
    modes = "(ARRAY[" + ",".join(f"'{m}'" for m in w["modes"]) + "])"
    issued = f"({LOCAL} + g.r1 * interval '7 hours')"
    wait = "(-ln(1 - g.r2 * 0.999) * interval '12 minutes')"
    called = f"({issued} + {wait})"
    service = "(interval '3 minutes' + g.r4 * interval '12 minutes')"
    done = "g.r3 < 0.85"
    win = f"{windows}[g.c * {WINDOWS} + (g.s % {WINDOWS}) + 1]"
    counts = {}
    counts["tickets"] = clone(
        "queueing_ticket",
        w["templates"]["ticket"],
        DAYS,
        {
            "center_id": f"{centers}[g.c + 1]",
            "queue_id": f"{queues}[g.c * {QUEUES} + (g.s % {QUEUES}) + 1]",
            "item_id": f"{items}[(g.s % 4) + 1]",
            "service_date": "g.day",
            "seq": "g.s",
            "number": "'A' || g.s",
            "status": f"CASE WHEN {done} THEN 'done' WHEN g.r3 < 0.92 THEN 'no_show' "
            "WHEN g.r3 < 0.96 THEN 'cancelled' ELSE 'expired' END",
            "channel": "CASE WHEN g.s % 3 = 0 THEN 'reception' ELSE 'kiosk' END",
            "special_group": "CASE WHEN g.s % 17 = 0 THEN 'elderly' ELSE '' END",
            "track_token": "substr(md5(random()::text || g.c || g.day || g.s), 1, 32)",
            "sort_at": issued,
            "issued_at": issued,
            "called_at": f"CASE WHEN g.r3 < 0.96 THEN {called} END",
            "first_called_at": f"CASE WHEN g.r3 < 0.96 THEN {called} END",
            "started_at": f"CASE WHEN {done} THEN {called} END",
            "finished_at": f"CASE WHEN {done} THEN {called} + {service} END",
            "no_show_at": f"CASE WHEN g.r3 >= 0.85 AND g.r3 < 0.92 THEN {called} END",
            "window_id": f"CASE WHEN g.r3 < 0.96 THEN {win} END",
            "served_by_id": f"CASE WHEN {done} THEN {staff}[g.c * {WINDOWS} + (g.s % {WINDOWS}) + 1] END",
        },
        [TICKETS_A_DAY],
    )
    received = f"({LOCAL} + g.r1 * interval '8 hours')"
    due = "(g.day + (CASE WHEN g.s % 4 = 0 THEN 0 WHEN g.s % 4 = 2 THEN 10 ELSE 5 END))"
    closed = f"({received} + g.r2 * interval '9 days')"
    counts["cases"] = clone(
        "cases_case",
        w["templates"]["case"],
        DAYS,
        {
            "center_id": f"{centers}[g.c + 1]",
            "number": "'BR' || g.c || '-' || g.day || '-' || g.s",
            "seq": "(extract(doy FROM g.day)::int * 1000 + g.s)",
            "item_id": f"{items}[(g.s % 4) + 1]",
            "version_id": f"{versions}[(g.s % 4) + 1]",
            "approval_mode": f"{modes}[(g.s % 4) + 1]",
            "received_at": received,
            "accepted_on": "g.day",
            "due_date": due,
            "status": "CASE WHEN g.r3 < 0.8 THEN 'completed' ELSE 'accepted' END",
            "closed_at": f"CASE WHEN g.r3 < 0.8 THEN {closed} END",
            "decided_at": f"CASE WHEN g.r3 < 0.8 THEN {closed} END",
            "window_id": win,
        },
        [CASES_A_DAY],
    )
    level = "CASE WHEN g.r1 < 0.7 THEN 5 WHEN g.r1 < 0.85 THEN 4 WHEN g.r1 < 0.95 THEN 3 WHEN g.r1 < 0.98 THEN 2 ELSE 1 END"
    rated = f"({LOCAL} + g.r2 * interval '8 hours')"
    counts["ratings"] = clone(
        "feedback_evaluation",
        w["templates"]["rating"],
        DAYS,
        {
            "center_id": f"{centers}[g.c + 1]",
            "token": "substr(md5(random()::text || g.c || g.day || g.s), 1, 32)",
            "reference": "'R' || g.s",
            "item_id": f"{items}[(g.s % 4) + 1]",
            "window_id": win,
            "staff_id": f"{staff}[g.c * {WINDOWS} + (g.s % {WINDOWS}) + 1]",
            "level": level,
            "real_name": "g.r3 < 0.5",
            "served_at": rated,
            "expires_at": rated,
            "rated_at": rated,
        },
        [RATINGS_A_DAY],
    )
    rect = w["templates"]["rect"]
    cols = [c for c in _columns("feedback_rectification") if c != "id"]
    over = {
        "evaluation_id": "e.id",
        "center_id": "e.center_id",
        "real_name": "e.real_name",
        "opened_at": "e.rated_at",
        "rectify_due": "(e.rated_at AT TIME ZONE 'Asia/Shanghai')::date + 5",
        "finding": "CASE WHEN e.id % 3 = 0 THEN 'unfounded' ELSE 'objective' END",
        "replied_at": "CASE WHEN e.id % 5 <> 0 THEN e.rated_at + interval '1 day' END",
        "rectified_at": "CASE WHEN e.id % 4 <> 0 THEN e.rated_at + interval '2 days' END",
    }
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO feedback_rectification ({', '.join(cols)}) "
            f"SELECT {', '.join(over.get(c, 't.' + c) for c in cols)} "
            "FROM feedback_rectification t, feedback_evaluation e "
            f"WHERE t.id = {int(rect)} AND e.level <= 2 AND e.id <> {int(w['templates']['rating'])}"
        )
        counts["rectifications"] = cur.rowcount
        # The templates themselves are not part of the year.
        cur.execute("DELETE FROM feedback_rectification WHERE id = %s", [rect])
        cur.execute("DELETE FROM feedback_evaluation WHERE id = %s", [w["templates"]["rating"]])
        cur.execute("DELETE FROM queueing_ticket WHERE id = %s", [w["templates"]["ticket"]])
        cur.execute("ANALYZE")
    return counts


# --- the end-of-day facts, a worker per few centres ---------------------------------------


def _write_centre(job: tuple[int, dt.date, dt.date]) -> tuple[int, float, int]:
    """A centre's days, a month per pass (facts_write_range, as the backfill
    command does); with BENCH_RESUME, a centre whose days are all there is skipped."""
    from govhall.reports.facts.models import DailyFact
    from govhall.reports.facts.services import facts_write_range

    center_id, first, last = job
    connections.close_all()
    center = Center.objects.get(pk=center_id)
    days = (last - first).days + 1
    if RESUME and DailyFact.objects.filter(center=center).values("day").distinct().count() >= days:
        return 0, 0.0, 0
    t0 = time.perf_counter()
    rows = facts_write_range(center=center, start=first, end=last)
    return rows, time.perf_counter() - t0, days


def one_day_at_a_time(center, first: dt.date, days: int = 10) -> float:
    """ms per centre-day when each day is computed alone (the nightly job's
    two days; before ranges, the backfill too): the baseline of the range."""
    from govhall.reports.facts.services import facts_write_day

    t0 = time.perf_counter()
    for offset in range(days):
        facts_write_day(center=center, day=first + dt.timedelta(days=offset))
    return 1000 * (time.perf_counter() - t0) / days


def write_facts(centers, first=FIRST, last=LAST) -> dict:
    connections.close_all()
    t0 = time.perf_counter()
    with ProcessPoolExecutor(WORKERS) as pool:
        results = list(pool.map(_write_centre, [(c.pk, first, last) for c in centers]))
    wall = time.perf_counter() - t0
    days = max(1, sum(d for _r, _s, d in results))
    return {
        "rows": sum(r for r, _s, _d in results),
        "wall": wall,
        "per_day_ms": 1000 * sum(s for _r, s, _d in results) / days,
        "days": days,
    }


# --- the figures: from the facts, and over the raw rows -----------------------------------


def raw_metrics(center_ids: list[int], start: dt.date, end: dt.date, by: str) -> dict:
    """{group: {subject: metrics}} straight from the raw rows, grouped by
    `by` ("center" or "month"), in the facts' metric names so figures() reads both."""
    lo = f"(DATE '{start}' + time '00:00') AT TIME ZONE 'Asia/Shanghai'"
    hi = f"(DATE '{end + dt.timedelta(days=1)}' + time '00:00') AT TIME ZONE 'Asia/Shanghai'"
    ids = ",".join(str(i) for i in center_ids)

    def g(day_expr):
        if by == "all":
            return "0"
        return "center_id" if by == "center" else f"to_char({day_expr}, 'YYYY-MM')"

    local = "({}) AT TIME ZONE 'Asia/Shanghai'"
    out: dict = defaultdict(dict)
    wait = "EXTRACT(EPOCH FROM first_called_at - issued_at)"
    svc = "EXTRACT(EPOCH FROM finished_at - started_at)"
    queries = {
        "tickets": f"""
            SELECT {g("service_date")} k, count(*) issued,
              count(*) FILTER (WHERE status='done') served,
              count(*) FILTER (WHERE no_show_at IS NOT NULL) no_show,
              count(*) FILTER (WHERE first_called_at >= issued_at) waited,
              sum({wait}) FILTER (WHERE first_called_at >= issued_at) wait_seconds,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY LEAST(floor({wait} / 60), 240))
                FILTER (WHERE first_called_at >= issued_at) p90,
              count(*) FILTER (WHERE status='done' AND finished_at >= started_at) service_count,
              sum({svc}) FILTER (WHERE status='done' AND finished_at >= started_at) service_seconds
            FROM queueing_ticket WHERE center_id IN ({ids})
              AND service_date BETWEEN DATE '{start}' AND DATE '{end}' GROUP BY 1""",
        "cases_accepted": f"""
            SELECT {g("accepted_on")} k, count(*) accepted FROM cases_case
            WHERE center_id IN ({ids}) AND accepted_on BETWEEN DATE '{start}' AND DATE '{end}'
            GROUP BY 1""",
        "cases_completed": f"""
            SELECT {g(local.format("closed_at"))} k, count(*) completed,
              count(*) FILTER (WHERE due_date IS NULL OR
                due_date >= ({local.format("closed_at")})::date) on_time
            FROM cases_case WHERE center_id IN ({ids}) AND status='completed'
              AND closed_at >= {lo} AND closed_at < {hi} GROUP BY 1""",
        "cases_overdue": f"""
            SELECT {g("due_date + 1")} k, count(*) overdue FROM cases_case
            WHERE center_id IN ({ids}) AND accepted_on IS NOT NULL
              AND due_date + 1 BETWEEN DATE '{start}' AND DATE '{end}'
              AND (decided_at IS NULL OR decided_at >= ((due_date + 1) + time '00:00') AT TIME ZONE 'Asia/Shanghai')
              AND (closed_at IS NULL OR closed_at >= ((due_date + 1) + time '00:00') AT TIME ZONE 'Asia/Shanghai')
            GROUP BY 1""",
        "evaluations": f"""
            SELECT {g(local.format("e.rated_at")).replace("center_id", "e.center_id")} k,
              count(*) count,
              count(*) FILTER (WHERE e.level >= 3) satisfied,
              count(r.id) bad,
              count(*) FILTER (WHERE r.real_name) bad_real_name,
              count(*) FILTER (WHERE r.real_name AND r.replied_at IS NOT NULL) bad_real_name_replied,
              count(*) FILTER (WHERE r.finding='objective') bad_objective,
              count(*) FILTER (WHERE r.finding='objective' AND r.rectified_at IS NOT NULL)
                bad_objective_rectified
            FROM feedback_evaluation e LEFT JOIN feedback_rectification r ON r.evaluation_id = e.id
            WHERE e.center_id IN ({ids}) AND e.rated_at >= {lo} AND e.rated_at < {hi}
            GROUP BY 1""",
        "complaints": f"""
            SELECT {g(local.format("received_at"))} k, count(*) received FROM feedback_complaint
            WHERE center_id IN ({ids}) AND received_at >= {lo} AND received_at < {hi} GROUP BY 1""",
        "bookings": f"""
            SELECT {g(local.format("created_at"))} k, count(*) made FROM booking_booking
            WHERE center_id IN ({ids}) AND created_at >= {lo} AND created_at < {hi} GROUP BY 1""",
    }
    with connection.cursor() as cur:
        for name, sql in queries.items():
            cur.execute(sql)
            cols = [c.name for c in cur.description]
            subject = name.split("_")[0]
            for row in cur.fetchall():
                rec = dict(zip(cols, row, strict=True))
                k = rec.pop("k")
                p90 = rec.pop("p90", None)
                m = out[k].setdefault(subject, {})
                m.update({c: float(v) for c, v in rec.items() if v})
                if p90 is not None:
                    m["wait_hist"] = {str(int(p90)): 1}  # figures() reads the p90 from it
    return out


def _raw_summary(center_ids, start, end, total: bool = False):
    """Per centre, and (for the district) the total, which needs its own p90."""
    from govhall.reports.facts.summary import figures

    out = {k: figures(m) for k, m in raw_metrics(center_ids, start, end, "center").items()}
    if total:
        out["total"] = figures(raw_metrics(center_ids, start, end, "all").get(0, {}))
    return out


COLUMNS = [
    ("month", "月份"),
    ("tickets", "取号"),
    ("served", "办结"),
    ("no_shows", "过号"),
    ("wait_mean", "平均等候（分）"),
    ("wait_p90", "90%等候（分）"),
    ("service_mean", "平均办理（分）"),
    ("accepted", "受理办件"),
    ("completed", "办结办件"),
    ("on_time_rate", "按时办结率"),
    ("overdue", "超期"),
    ("ratings", "评价"),
    ("satisfaction", "满意率"),
    ("bad", "差评"),
]


def _row(month: str, s: dict) -> list:
    return [
        month,
        s["tickets"],
        s["served"],
        s["no_shows"],
        s["wait"]["mean_minutes"],
        s["wait"]["p90_minutes"],
        s["service"]["mean_minutes"],
        s["cases"]["accepted"],
        s["cases"]["completed"],
        s["cases"]["on_time_rate"],
        s["cases"]["overdue"],
        s["evaluations"]["count"],
        s["evaluations"]["satisfaction_rate"],
        s["evaluations"]["bad"],
    ]


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "按月统计"
    sheet.append([label for _k, label in COLUMNS])
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def year_table_facts(centers) -> bytes:
    from govhall.reports.facts.schema import merge
    from govhall.reports.facts.selectors import facts_rows
    from govhall.reports.facts.summary import figures

    parts: dict = defaultdict(lambda: defaultdict(list))
    for subject in ("tickets", "bookings", "cases", "evaluations", "complaints"):
        for _c, day, _k, _l, metrics in facts_rows(centers, subject, "all", FIRST, LAST):
            parts[day.strftime("%Y-%m")][subject].append(metrics)
    rows = [
        _row(month, figures({s: merge(ms) for s, ms in parts[month].items()}))
        for month in sorted(parts)
    ]
    return _xlsx(rows)


def year_table_raw(centers) -> bytes:
    from govhall.reports.facts.summary import figures

    by_month = raw_metrics([c.pk for c in centers], FIRST, LAST, "month")
    return _xlsx([_row(m, figures(by_month[m])) for m in sorted(by_month)])


def p95(fn) -> tuple[float, float]:
    times = []
    for _ in range(LOADS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[min(len(times) - 1, int(0.95 * len(times)))], statistics.median(times)


def main() -> None:
    from govhall.reports.facts.summary import district_summary, summary
    from govhall.reports.periods import Period

    t0 = time.perf_counter()
    if RESUME:
        from govhall.cases.models import Case
        from govhall.feedback.models import Evaluation, Rectification
        from govhall.queueing.models import Ticket

        centers = list(Center.objects.filter(code__startswith="BR-").order_by("code"))
        counts = {
            "tickets": Ticket.objects.count(),
            "cases": Case.objects.count(),
            "ratings": Evaluation.objects.count(),
            "rectifications": Rectification.objects.count(),
        }
        gen = float(os.environ.get("BENCH_GENERATED_S", "0"))
    else:
        call_command("migrate", verbosity=0)
        w = world()
        counts = generate(w)
        gen = time.perf_counter() - t0
        centers = w["centers"]
    print("generated", counts, f"{gen:.0f} s", flush=True)
    # BENCH_FACTS_MONTH=1: only the benchmark month's facts (a loaded machine)
    if os.environ.get("BENCH_FACTS_MONTH"):
        facts = write_facts(centers, *MONTH)
    else:
        facts = write_facts(centers)
    print("facts", facts, flush=True)
    alone_ms = one_day_at_a_time(centers[0], MONTH[0])
    print("one day at a time", f"{alone_ms:.0f} ms per centre-day", flush=True)
    connections.close_all()
    month = Period(*MONTH)
    c0 = centers[0]
    ids = [c.pk for c in centers]
    # The same figures both ways (the benchmark checks it agrees before timing).
    same_centre = summary([c0], month) == _raw_summary([c0.pk], *MONTH)[c0.pk]
    year_facts, year_raw = year_table_facts(centers), year_table_raw(centers)
    loads = {
        "centre month summary": (
            lambda: summary([c0], month),
            lambda: _raw_summary([c0.pk], *MONTH),
        ),
        "district month summary (12 centres + total)": (
            lambda: district_summary(centers, month),
            lambda: _raw_summary(ids, *MONTH, total=True),
        ),
        "year's monthly table as xlsx (district)": (
            lambda: year_table_facts(centers),
            lambda: year_table_raw(centers),
        ),
    }
    results = []
    for name, (from_facts, from_raw) in loads.items():
        f95, fmed = p95(from_facts)
        r95, rmed = p95(from_raw)
        results.append((name, f95, fmed, r95, rmed))
        print(name, f"facts p95 {f95 * 1000:.1f} ms", f"raw p95 {r95 * 1000:.1f} ms", flush=True)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(DISTINCT (center_id, day)) FROM reports_dailyfact")
        fact_rows, covered = cur.fetchone()
        cur.execute(f"SELECT pg_size_pretty(pg_database_size('{DB}'))")
        size = cur.fetchone()[0]
    lines = [
        "## Reports: daily facts against the raw rows (bench/reports.py)",
        "",
        f"A generated year ({YEAR}) of one district on PostgreSQL: {CENTERS} centres, "
        f"{counts['tickets']:,} tickets, {counts['cases']:,} cases, {counts['ratings']:,} "
        f"ratings ({counts['rectifications']:,} bad ones with their rectification records), "
        f"database {size}; generated by INSERT … SELECT generate_series in {gen:.0f} s. "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs.",
        "",
        f"End-of-day facts written in this run: {facts['days']:,} centre-days, "
        f"{facts['rows']:,} rows ({fact_rows:,} in the table, {covered:,} of "
        f"{len(centers) * ((LAST - FIRST).days + 1):,} centre-days of the year): {facts['wall']:.0f} s wall "
        f"with {WORKERS} processes, {facts['per_day_ms']:.0f} ms per centre-day "
        "(every subject and dimension of one centre's day), computed a month per pass "
        f"(compute_range); each day computed alone costs {alone_ms:.0f} ms per centre-day "
        f"({alone_ms / max(facts['per_day_ms'], 0.001):.1f}× the range, 10 days of June "
        "measured in the same run).",
        "",
        f"p95 and median of {LOADS} loads each, June for the month (seconds):",
        "",
        "| load | from the facts p95 | median | over the raw rows p95 | median | raw / facts |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, f95, fmed, r95, rmed in results:
        lines.append(
            f"| {name} | {f95:.3f} | {fmed:.3f} | {r95:.3f} | {rmed:.3f} | {r95 / f95:.1f}× |"
        )
    lines += [
        "",
        f"The centre's month from the facts equals the one over the raw rows: {same_centre}. "
        f"The year's workbook: {len(year_facts):,} bytes from the facts, "
        f"{len(year_raw):,} over the raw rows. Targets (issue 15): a month's report and the "
        "district's dashboard under 1 s, a year's monthly table as xlsx under 5 s.",
        "The raw baseline is the same figures by aggregate SQL straight over the tickets, "
        "cases and ratings (percentile_disc for the p90), grouped per centre or per month; "
        "the facts read one row per centre, day and subject.",
    ]
    write_section(DOC, "reports", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):
            _admin(f"DROP DATABASE IF EXISTS {DB}")
