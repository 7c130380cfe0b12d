"""The derived figures of the facts' additive metrics (schema.METRICS): means are
sums over counts, p90 comes from the summed histogram, rates are part over
whole. Pages, workbooks, the district view and the monthly PDF all read these,
so a figure is computed one way only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..facts.schema import percentile, ratio
from ..facts.summary import figures as facts_figures
from ..tables import Column


def _minutes(seconds, count):
    value = ratio(seconds or 0, count or 0)
    return None if value is None else round(value / 60, 1)


def _p90(m: dict):
    return percentile(m.get("wait_hist") or {}, 0.9)


def _rate(part: str, whole: str):
    return lambda m: ratio(m.get(part, 0), m.get(whole, 0))


# subject -> [(column key, label, kind, value of a metrics dict)]; the first is
# the subject's headline count (what rows are ranked and charted by).
FIGURES: dict[str, list[tuple]] = {
    "tickets": [
        ("issued", _("取号"), "int", lambda m: m.get("issued", 0)),
        ("served", _("办结"), "int", lambda m: m.get("served", 0)),
        ("no_show", _("过号"), "int", lambda m: m.get("no_show", 0)),
        ("cancelled", _("取消"), "int", lambda m: m.get("cancelled", 0)),
        (
            "wait_mean",
            _("平均等候（分）"),
            "minutes",
            lambda m: _minutes(m.get("wait_seconds"), m.get("waited")),
        ),
        ("wait_p90", _("90%等候（分）"), "minutes", _p90),
        (
            "service_mean",
            _("平均办理（分）"),
            "minutes",
            lambda m: _minutes(m.get("service_seconds"), m.get("service_count")),
        ),
    ],
    "bookings": [
        ("made", _("预约"), "int", lambda m: m.get("made", 0)),
        ("kept", _("履约"), "int", lambda m: m.get("kept", 0)),
        ("no_show", _("爽约"), "int", lambda m: m.get("no_show", 0)),
        ("cancelled", _("取消"), "int", lambda m: m.get("cancelled", 0)),
        ("kept_rate", _("履约率"), "percent", _rate("kept", "made")),
    ],
    "cases": [
        ("received", _("收件"), "int", lambda m: m.get("received", 0)),
        ("accepted", _("受理"), "int", lambda m: m.get("accepted", 0)),
        ("refused", _("不予受理"), "int", lambda m: m.get("refused", 0)),
        ("completed", _("办结"), "int", lambda m: m.get("completed", 0)),
        ("on_time", _("按时办结"), "int", lambda m: m.get("on_time", 0)),
        ("late", _("超期办结"), "int", lambda m: m.get("late", 0)),
        ("on_time_rate", _("按时办结率"), "percent", _rate("on_time", "completed")),
        ("immediate", _("即办件"), "int", lambda m: m.get("immediate", 0)),
        ("online", _("网上受理"), "int", lambda m: m.get("online", 0)),
    ],
    "evaluations": [
        ("count", _("评价"), "int", lambda m: m.get("count", 0)),
        ("satisfied", _("满意"), "int", lambda m: m.get("satisfied", 0)),
        ("satisfaction_rate", _("满意率"), "percent", _rate("satisfied", "count")),
        ("bad", _("差评"), "int", lambda m: m.get("bad", 0)),
        (
            "reply_rate",
            _("实名差评回访率"),
            "percent",
            _rate("bad_real_name_replied", "bad_real_name"),
        ),
        (
            "rectify_rate",
            _("有效差评整改率"),
            "percent",
            _rate("bad_objective_rectified", "bad_objective"),
        ),
    ],
    "complaints": [
        ("received", _("受理投诉"), "int", lambda m: m.get("received", 0)),
        ("closed", _("办结"), "int", lambda m: m.get("closed", 0)),
        ("closed_on_time", _("按时办结"), "int", lambda m: m.get("closed_on_time", 0)),
        ("on_time_rate", _("按时办结率"), "percent", _rate("closed_on_time", "closed")),
    ],
    "assist": [
        ("requests", _("帮办申请"), "int", lambda m: m.get("requests", 0)),
        ("done", _("已完成"), "int", lambda m: m.get("done", 0)),
    ],
    "printing": [
        ("jobs", _("打印任务"), "int", lambda m: m.get("jobs", 0)),
        ("sheets", _("张数"), "int", lambda m: m.get("sheets", 0)),
        ("refused", _("拒绝"), "int", lambda m: m.get("refused", 0)),
    ],
    "deliveries": [
        ("parcels", _("寄递件"), "int", lambda m: m.get("parcels", 0)),
        ("delivered", _("已送达"), "int", lambda m: m.get("delivered", 0)),
        ("returned", _("退回"), "int", lambda m: m.get("returned", 0)),
    ],
    "enquiries": [
        ("received", _("咨询"), "int", lambda m: m.get("received", 0)),
        ("closed", _("已办结"), "int", lambda m: m.get("closed", 0)),
        ("callback_overdue", _("回访逾期"), "int", lambda m: m.get("callback_overdue", 0)),
    ],
}


def columns(subject: str) -> list[Column]:
    return [Column(key, label, kind) for key, label, kind, _f in FIGURES[subject]]


def figures(subject: str, metrics: dict) -> dict:
    """{column key: value} of one metrics dict."""
    return {key: value(metrics) for key, _l, _k, value in FIGURES[subject]}


def headline(subject: str) -> str:
    return FIGURES[subject][0][0]


def summary_figures(metrics: dict[str, dict]) -> dict:
    """API.md's summary dict from each subject's period totals ({subject: metrics}):
    the very function the summary endpoints use, so the dashboard cannot differ."""
    return facts_figures(metrics)
