"""The report pages, the workbooks, the district view, the live dashboard and the
monthly report, on facts written by the factory (not the end-of-day job)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from govhall.core.actors import actor_for_user
from govhall.core.models import Role, TokenKind
from govhall.core.navigation import visible
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.services import ticket_issue
from govhall.queueing.tests import factories as qf
from govhall.reports import tables
from govhall.reports.dashboard import live, tasks
from govhall.reports.dashboard.models import MonthlyReport
from govhall.reports.facts.models import DailyFact
from govhall.reports.facts.schema import merge, percentile

from .factories import fact, month_of_facts

pytestmark = pytest.mark.django_db


def _month_ago() -> date:
    """The first day of the month before last (wholly past, not today's)."""
    first = timezone.localdate().replace(day=1)
    return ((first - timedelta(days=1)).replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def world():
    d = f.district()
    a, b = f.center(d), f.center(d)
    month = _month_ago()
    month_of_facts(a, month, days=31, seed=1)
    month_of_facts(b, month, days=31, seed=2)
    admin = f.staff(Role.CENTER_ADMIN, center_=a)
    return {
        "district": d,
        "a": a,
        "b": b,
        "month": month,
        "admin": admin,
        "supervisor": f.staff(Role.SUPERVISOR, district_=d),
    }


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _cells(html: str, key: str, tfoot=True) -> list[str]:
    part = html.split("<tfoot>")[1].split("</tfoot>")[0] if tfoot else html
    return re.findall(rf'data-key="{key}">([^<]*)<', part)


def _month_query(month: date) -> str:
    return f"period=month&date={month:%Y-%m-%d}"


def _in_month(center, month, subject, dimension):
    end = (month + timedelta(days=32)).replace(day=1)
    return DailyFact.objects.filter(
        center=center, subject=subject, dimension=dimension, day__gte=month, day__lt=end
    )


def test_page_workbook_and_facts_agree(world):
    a, month = world["a"], world["month"]
    page = _client(world["admin"]).get(f"/reports/{a.code}/tickets-queue/?{_month_query(month)}")
    assert page.status_code == 200
    html = page.content.decode()
    facts = merge(x.metrics for x in _in_month(a, month, "tickets", "queue"))
    # the total row on the page: the facts' sums and the figures derived from them
    assert _cells(html, "issued")[0] == str(facts["issued"])
    assert _cells(html, "served")[0] == str(facts["served"])
    assert _cells(html, "wait_p90")[0] == f"{percentile(facts['wait_hist'], 0.9):.1f}"
    assert _cells(html, "wait_mean")[0] == f"{facts['wait_seconds'] / facts['waited'] / 60:.1f}"
    assert "echarts.min.js" in html and 'id="rep-charts"' in html
    assert "综合受理" in html  # the facts' label
    link = re.search(r'id="xlsx" href="([^"]+)"', html).group(1).replace("&amp;", "&")

    # the page's link (session) and the API (bearer) give the same workbook
    raw = token_create(kind=TokenKind.STAFF, user=world["admin"])[1]
    api = Client(headers={"Authorization": f"Bearer {raw}"}).get(
        f"/api/v1/centers/{a.code}/reports/tickets-queue.xlsx?from={month:%Y-%m-%d}"
        f"&to={(month + timedelta(days=32)).replace(day=1) - timedelta(days=1):%Y-%m-%d}"
    )
    for response in (_client(world["admin"]).get(link), api):
        assert response.status_code == 200, response.content[:200]
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[2]]
        total = [c.value for c in sheet[sheet.max_row]]
        assert total[0] == "合计"
        assert total[header.index("取号")] == facts["issued"]
        assert total[header.index("90%等候（分）")] == percentile(facts["wait_hist"], 0.9)
        assert sheet.cell(sheet.max_row, header.index("平均等候（分）") + 1).number_format == "0.0"
        assert len(book.worksheets) == 2  # the table and the comparison with last month


def test_every_registered_report_opens_and_exports(world):
    a, month = world["a"], world["month"]
    client = _client(world["admin"])
    for name, report in tables.REPORTS.items():
        if report.district or "report.read" not in report.needs:
            continue
        page = client.get(f"/reports/{a.code}/{name}/?{_month_query(month)}")
        assert page.status_code == 200, name
        book = client.get(f"/reports/{a.code}/{name}.xlsx?{_month_query(month)}")
        assert book.status_code == 200, name
        assert load_workbook(io.BytesIO(book.content)).worksheets, name


def test_the_comparison_is_with_the_month_before(world):
    a, month = world["a"], world["month"]
    before = (month - timedelta(days=1)).replace(day=1)
    fact(a, before + timedelta(days=3), "complaints", received=4, closed=2, closed_on_time=1)
    html = (
        _client(world["admin"])
        .get(f"/reports/{a.code}/complaints/?{_month_query(month)}")
        .content.decode()
    )
    now = merge(x.metrics for x in _in_month(a, month, "complaints", "all"))["received"]
    compare = html.split("与上期对比")[1]
    row = compare.split("受理投诉")[1].split("</tr>")[0]
    values = re.findall(r'data-key="(\w+)">([^<]*)<', row)
    assert dict(values)["now"] == str(now) and dict(values)["before"] == "4"
    assert dict(values)["delta"] == (f"+{now - 4}" if now > 4 else str(now - 4))


@pytest.mark.parametrize(
    "query,code",
    [
        ("from=2026-05-10&to=2026-05-01", "bad_period"),
        ("from=2000-01-01&to=2020-01-01", "period_too_long"),
        ("from=2026-13-01&to=2026-14-01", "bad_date"),
        ("period=month&date=yesterday", "bad_date"),
        ("period=fortnight", "bad_period"),
        ("from=2026-05-01", "bad_period"),
    ],
)
def test_a_bad_period_is_a_422_with_its_message(world, query, code):
    a = world["a"]
    page = _client(world["admin"]).get(f"/reports/{a.code}/tickets-hour/?{query}")
    assert page.status_code == 422 and f'data-code="{code}"' in page.content.decode()
    raw = token_create(kind=TokenKind.STAFF, user=world["admin"])[1]
    api = Client(headers={"Authorization": f"Bearer {raw}"}).get(
        f"/api/v1/centers/{a.code}/reports/tickets-hour.xlsx?{query}"
    )
    assert api.status_code == 422 and api.json()["error"]["code"] == code
    district = _client(world["supervisor"]).get(
        f"/reports/district/{world['district'].code}/?{query}"
    )
    assert district.status_code == 422


def test_another_centre_or_district_is_refused(world):
    a, b = world["a"], world["b"]
    client = _client(world["admin"])
    assert client.get(f"/reports/{b.code}/tickets-queue/").status_code == 403
    assert client.get(f"/reports/{b.code}/tickets-queue.xlsx").status_code == 403
    assert client.get(f"/reports/{a.code}/no-such-report/").status_code == 404
    assert client.get(f"/reports/{a.code}/live/").status_code == 200  # admin: report.live
    assert client.get(f"/reports/district/{world['district'].code}/").status_code == 403
    raw = token_create(kind=TokenKind.STAFF, user=world["admin"])[1]
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get(f"/api/v1/centers/{b.code}/reports/summary.xlsx").status_code == 403
    assert api.get(f"/api/v1/centers/{a.code}/reports/nope.xlsx").status_code == 404
    other = f.staff(Role.SUPERVISOR, district_=f.district())
    assert _client(other).get(f"/reports/district/{world['district'].code}/").status_code == 403
    assert _client(other).get(f"/reports/{a.code}/summary/").status_code == 403
    duty = f.staff(Role.DUTY_MANAGER, center_=a)
    assert _client(duty).get(f"/reports/{a.code}/summary/").status_code == 403
    assert _client(duty).get(f"/reports/{b.code}/live/").status_code == 403


def test_the_district_side_by_side_ranked(world):
    a, b, month = world["a"], world["b"], world["month"]
    client = _client(world["supervisor"])
    html = client.get(
        f"/reports/district/{world['district'].code}/?{_month_query(month)}&rank=tickets"
    ).content.decode()
    issued = {
        c: merge(x.metrics for x in _in_month(c, month, "tickets", "all"))["issued"] for c in (a, b)
    }
    first, second = sorted((a, b), key=lambda c: -issued[c])
    assert html.index(f'data-center="{first.code}"') < html.index(f'data-center="{second.code}"')
    assert _cells(html, "tickets", tfoot=False)[:2] == [str(issued[first]), str(issued[second])]
    assert f"/reports/{first.code}/summary/" in html  # the drill-down
    by_wait = client.get(
        f"/reports/district/{world['district'].code}/?{_month_query(month)}&rank=wait_p90"
    )
    assert by_wait.status_code == 200


def test_the_live_hall_and_the_same_weekday_usual(world):
    h = qf.hall("LV")
    center = h["center"]
    qf.window(center, 5, h["qa"], state="paused")
    for _ in range(3):
        ticket_issue(actor=h["reception"], center=center, item_code=h["licence"].code)
    today = timezone.localdate()
    for weeks in (1, 2):
        day = today - timedelta(days=7 * weeks)
        fact(center, day, "tickets", issued=100 * weeks)
        fact(center, day, "tickets", "hour", "0", "", issued=10 * weeks)
        fact(center, day, "tickets", "hour", "23", "", issued=90 * weeks)
    hall = live.hall_now(center)
    assert hall["waiting"] == 3 and hall["issued"] == 3
    assert hall["open"] == 3 and hall["paused"] == 1
    assert hall["longest_wait"] is not None and hall["longest_wait"] >= 0
    assert hall["usual"]["days"] == 2 and hall["usual"]["whole_day"] == 150
    hour = timezone.localtime().hour
    assert hall["usual"]["so_far"] == (15 if hour < 23 else 150)
    duty = f.staff(Role.DUTY_MANAGER, center_=center)
    client = _client(duty)
    page = client.get(f"/reports/{center.code}/live/")
    html = page.content.decode()
    # The panel follows the centre's event stream (live.js), a minute's poll behind it.
    assert page.status_code == 200 and 'hx-trigger="live-refresh, every 60s"' in html
    assert f'data-stream="/api/v1/centers/{center.code}/events"' in html and "live.js" in html
    panel = client.get(f"/reports/{center.code}/live/panel/").content.decode()
    assert 'data-figure="waiting">3<' in panel


def test_the_monthly_report_job_and_the_workbench(world, settings):
    from govhall.conftest import pdf_screenshot

    a, month = world["a"], world["month"]
    assert tasks.make_last_month(month + timedelta(days=40)) == 2  # both centres
    assert tasks.make_last_month(month + timedelta(days=40)) == 0  # safe to run twice
    report = MonthlyReport.objects.get(center=a, month=month)
    assert bytes(report.pdf).startswith(b"%PDF")
    assert (
        report.figures["tickets"]
        == merge(x.metrics for x in _in_month(a, month, "tickets", "all"))["issued"]
    )
    pdf_screenshot(bytes(report.pdf), "reports-monthly-pdf")
    actor = actor_for_user(world["admin"])
    entry = next(e for e in visible(actor, a) if e.key == "reports.monthly")
    assert entry.waiting(actor, a) == 1 and f"{month.month}月" in entry.note(actor, a)
    client = _client(world["admin"])
    listing = client.get(f"/reports/{a.code}/monthly/").content.decode()
    assert f'data-month="{month:%Y-%m}"' in listing
    pdf = client.get(f"/reports/{a.code}/monthly/{report.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert entry.waiting(actor, a) == 0  # seen
    # on demand: a past month again; this month and a malformed one refused
    assert (
        client.post(f"/reports/{a.code}/monthly/make/", {"month": f"{month:%Y-%m}"}).status_code
        == 302
    )
    assert MonthlyReport.objects.filter(center=a).count() == 1
    client.post(f"/reports/{a.code}/monthly/make/", {"month": f"{timezone.localdate():%Y-%m}"})
    client.post(f"/reports/{a.code}/monthly/make/", {"month": "2026-99"})
    assert MonthlyReport.objects.filter(center=a).count() == 1
    assert client.get(f"/reports/{world['b'].code}/monthly/").status_code == 403
    other = MonthlyReport.objects.get(center=world["b"])
    assert client.get(f"/reports/{a.code}/monthly/{other.pk}.pdf").status_code == 404


def test_workbench_entries_need_what_their_pages_check():
    from govhall.reports.dashboard.navigation import ENTRIES

    needs = {e.key: e.needs for e in ENTRIES}
    assert needs == {
        "reports.index": {"report.read"},
        "reports.live": {"report.live"},
        "reports.monthly": {"report.read"},
        "reports.district": {"report.district"},
    }


def test_a_registered_district_report_is_served_for_the_district(world):
    from govhall.reports.tables import REPORTS, Column, Report, Table

    def build(actor, centers, period):
        rows = [{"center": c.name, "n": i} for i, c in enumerate(centers, 1)]
        return [
            Table(
                title="各中心",
                columns=[Column("center", "中心", "text"), Column("n", "数", "int")],
                rows=rows,
                total={"center": "合计", "n": sum(r["n"] for r in rows)},
            )
        ]

    REPORTS["probe-district"] = Report(
        name="probe-district",
        title="区级探针",
        district=True,
        needs=frozenset({"report.district"}),
        build=build,
    )
    try:
        code = world["district"].code
        sup = _client(world["supervisor"])
        page = sup.get(f"/reports/district/{code}/probe-district/")
        assert page.status_code == 200 and world["b"].name in page.content.decode()
        book = load_workbook(
            io.BytesIO(sup.get(f"/reports/district/{code}/probe-district.xlsx").content)
        )
        assert [c.value for c in book.worksheets[0][book.worksheets[0].max_row]] == ["合计", 3]
        assert (
            _client(world["admin"]).get(f"/reports/district/{code}/probe-district/").status_code
            == 403
        )
        assert sup.get(f"/reports/{world['a'].code}/probe-district/").status_code == 404
    finally:
        REPORTS.pop("probe-district")


def test_a_month_in_progress_is_compared_day_for_day(world):
    from govhall.reports.periods import named

    a = world["a"]
    today = timezone.localdate()
    month = named("month", today)
    before = month.previous()
    # The same first days of last month count; the rest of last month does not.
    fact(a, before.start, "complaints", received=3)
    if before.days > today.day:
        fact(a, before.start + timedelta(days=today.day), "complaints", received=50)
    now, then = month.like_for_like(today)
    assert (now.start, now.end) == (month.start, today)
    assert then.start == before.start and then.days == min(now.days, before.days)
    html = _client(world["admin"]).get(f"/reports/{a.code}/complaints/").content.decode()
    row = html.split("与上期对比")[1].split("受理投诉")[1].split("</tr>")[0]
    assert dict(re.findall(r'data-key="(\w+)">([^<]*)<', row))["before"] == "3"
    # A period wholly past keeps the whole period before it.
    assert before.like_for_like(today) == (before, before.previous())
