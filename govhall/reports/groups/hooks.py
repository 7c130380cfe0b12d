"""The special-groups report and the two ledgers as registered reports (the
generic page and its xlsx draw them; groups' own page prints them)."""

from django.utils.translation import gettext_lazy as _

from .. import tables
from ..tables import Column, Report, Table
from . import figures, ledgers


def _groups(actor, centers, period) -> list[Table]:
    ticket_rows = figures.tickets(centers, period)
    return [
        Table(
            title=str(_("特殊群体取号与等候")),
            columns=[
                Column("group", _("群体"), "text"),
                Column("issued", _("取号")),
                Column("served", _("办结")),
                Column("mean_wait", _("平均等候"), "minutes"),
            ],
            rows=ticket_rows,
            chart={"kind": "bar", "x": "group", "series": ["issued", "served"]},
            note=str(_("绿色通道号优先呼叫（000 第四条）；末行为全部取号，供对照等候时间。")),
        ),
        Table(
            title=str(_("帮办代办服务（按类别和群体）")),
            columns=[
                Column("kind", _("服务类别"), "text"),
                Column("requests", _("申请")),
                Column("done", _("已完成")),
                Column("elderly", _("老年人")),
                Column("others", _("其他群众")),
            ],
            rows=figures.assists(centers, period),
            chart={"kind": "bar", "x": "kind", "series": ["elderly", "others"]},
        ),
        Table(
            title=str(_("上门服务")),
            columns=[Column("status", _("状态"), "text"), Column("visits", _("件数"))],
            rows=figures.home_visits(centers, period),
            chart={"kind": "pie", "x": "status", "series": ["visits"]},
        ),
    ]


def _bad_reviews(actor, centers, period) -> list[Table]:
    return [
        Table(
            title=str(_("差评工作台账")),
            columns=[
                Column("rated", _("评价日期"), "date"),
                Column("center", _("中心"), "text"),
                Column("window", _("窗口"), "text"),
                Column("staff", _("经办人"), "text"),
                Column("item", _("事项"), "text"),
                Column("level", _("评价等级"), "text"),
                Column("real_name", _("实名"), "text"),
                Column("finding", _("核实结论"), "text"),
                Column("reply", _("回复内容"), "text"),
                Column("replied", _("回复日期"), "date"),
                Column("status", _("整改状态"), "text"),
                Column("rectify_due", _("整改期限"), "date"),
                Column("rectified", _("整改完成"), "date"),
                Column("closed", _("办结日期"), "date"),
            ],
            rows=ledgers.bad_reviews(actor, centers, period),
            note=str(_("001 6.6.1.3：实名差评回复率、客观差评整改率均应达到100%。")),
        )
    ]


def _complaints(actor, centers, period) -> list[Table]:
    return [
        Table(
            title=str(_("投诉工作台账")),
            columns=[
                Column("number", _("投诉编号"), "text"),
                Column("received", _("登记日期"), "date"),
                Column("center", _("中心"), "text"),
                Column("channel", _("渠道"), "text"),
                Column("subject", _("投诉事由"), "text"),
                Column("window", _("窗口"), "text"),
                Column("handler", _("承办人"), "text"),
                Column("deadline", _("承诺答复日期"), "date"),
                Column("replied", _("答复日期"), "date"),
                Column("closed", _("办结日期"), "date"),
                Column("status", _("状态"), "text"),
                Column("on_time", _("按时答复"), "text"),
                Column("founded", _("属实"), "text"),
            ],
            rows=ledgers.complaints(actor, centers, period),
        )
    ]


REPORTS = (
    Report(
        name="special_groups",
        title=_("特殊群体服务月报"),
        needs=frozenset({"report.read"}),
        build=_groups,
        order=40,
    ),
    Report(
        name="bad_reviews_ledger",
        title=_("差评工作台账"),
        needs=frozenset({"report.read"}),
        build=_bad_reviews,
        order=41,
    ),
    Report(
        name="complaints_ledger",
        title=_("投诉工作台账"),
        needs=frozenset({"report.read"}),
        build=_complaints,
        order=42,
    ),
)


def connect() -> None:
    tables.register(*REPORTS)
