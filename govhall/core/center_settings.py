"""Per-centre settings. Where the seeds differ, a rule is a setting whose default
is the seed's value (DOMAIN.md); a centre overrides it in `Center.settings`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Setting:
    default: Any
    label: Any
    minimum: int | None = None
    maximum: int | None = None


SETTINGS: dict[str, Setting] = {
    "queue.max_recalls": Setting(2, _("同一号码最多重呼次数"), 0, 10),
    "queue.no_show_reinstate_minutes": Setting(30, _("过号后可恢复的时限（分钟）"), 0, 480),
    "queue.no_show_reinstate_behind": Setting(3, _("过号恢复后排在几人之后"), 0, 50),
    # Off: every window calls 绿色通道 tickets first, across its queues (004 第六条1).
    # On: only the 扶助(为老) window does; the others call them in their plain turn.
    "queue.priority_only_assist_window": Setting(
        False, _("绿色通道号仅由扶助（为老）专窗优先呼叫")
    ),
    "queue.default_service_minutes": Setting(6, _("无历史数据时的单件办理分钟数"), 1, 120),
    "queue.elderly_age": Setting(60, _("绿色通道年龄（周岁）"), 50, 100),
    # "Your turn is near": one SMS when this many people (or fewer) are ahead.
    "queue.near_turn_ahead": Setting(3, _("前面还剩几人时短信提醒"), 0, 30),
    # Opening hours (Center.opening_hours) bound ticket issuing; a 24-hour
    # self-service hall, or a demo, takes tickets at any time.
    "queue.issue_early_minutes": Setting(30, _("开放前多少分钟可取号"), 0, 180),
    "queue.issue_any_time": Setting(False, _("不限取号时间（24小时自助区或演示）")),
    "booking.days_ahead": Setting(7, _("可提前预约的工作日数"), 1, 60),
    "booking.min_lead_minutes": Setting(30, _("最晚提前多少分钟预约"), 0, 2880),
    "booking.cancel_before_minutes": Setting(30, _("最晚在开始前多少分钟取消"), 0, 2880),
    "booking.per_person_per_day": Setting(2, _("每人每天最多预约次数"), 1, 10),
    "booking.per_person_per_item": Setting(1, _("每人同一事项最多有效预约数"), 1, 10),
    "booking.check_in_early_minutes": Setting(30, _("最早提前多少分钟签到"), 0, 240),
    "booking.check_in_late_minutes": Setting(15, _("最晚迟到多少分钟可签到"), 0, 240),
    "booking.no_show_limit": Setting(2, _("爽约几次暂停网上预约"), 1, 20),
    "booking.no_show_window_days": Setting(30, _("爽约统计天数"), 1, 365),
    "booking.suspend_days": Setting(30, _("暂停网上预约天数"), 1, 365),
    # Cases (办件): the defaults; Licensing Law art. 42 for the extension.
    "cases.warning_days": Setting(2, _("办件黄色预警：承诺办结日前几个工作日"), 0, 30),
    "cases.extension_days": Setting(10, _("延期办理可延长的工作日"), 1, 30),
    "cases.extension_days_joint": Setting(15, _("并联（联合、统一）办理可延长的工作日"), 1, 30),
    # Licensing Law art. 47: a hearing within 20 days of the request.
    "cases.hearing_days": Setting(20, _("听证申请后组织听证的期限（工作日）"), 1, 60),
    "cases.commitment_days": Setting(20, _("告知承诺补交材料期限（工作日）"), 1, 120),
    # No seed sets the 补正 period: a local rule, 20 working days from the notice.
    "cases.supplement_days": Setting(20, _("一次性告知单的补正期限（工作日）"), 1, 120),
    # Licensing Law art. 44: the certificate within 10 working days of the decision.
    "cases.certificate_days": Setting(10, _("作出决定后颁发、送达证件的期限（工作日）"), 1, 30),
    # 不见面审批: Licensing Law art. 32 — corrections told within 5 days of receipt,
    # or the application counts as accepted from receipt; the uploads' limits.
    "cases.precheck_days": Setting(5, _("网上申请预审期限（工作日）"), 1, 5),
    "cases.online_file_mb": Setting(5, _("网上申请每个文件大小上限（MB）"), 1, 20),
    "cases.online_files_per_material": Setting(3, _("网上申请每项材料文件数上限"), 1, 10),
    # Evaluations (001 6.6.1.3; Shanghai: a real-name bad rating is answered within 1 working day).
    "feedback.token_days": Setting(15, _("评价链接有效天数"), 1, 90),
    "feedback.pad_minutes": Setting(5, _("窗口评价器显示待评价服务的分钟数"), 1, 60),
    "feedback.contact_days": Setting(1, _("实名差评联系评价人时限（工作日）"), 1, 10),
    "feedback.rectify_days": Setting(5, _("差评整改时限（工作日）"), 1, 30),
    "feedback.warning_days": Setting(1, _("差评整改临期预警：期限前几个工作日"), 0, 10),
    # Complaints (003 四(二)5: a reply promised within a set time).
    "complaints.reply_days": Setting(5, _("投诉承诺答复时限（工作日）"), 1, 60),
    "complaints.warning_days": Setting(1, _("投诉答复临期预警：期限前几个工作日"), 0, 10),
    # Training (001 B.6.5): how many times a failed candidate may retake an exam.
    "training.exam_retakes": Setting(2, _("培训考试不及格可补考次数"), 0, 10),
    # 持证上岗 (003 §四(一)3(3)): a certificate is flagged this many days before it expires.
    "staff.certificate_warning_days": Setting(30, _("上岗证书到期预警天数"), 1, 365),
    # 暂离 is a short step away from the window, within the day; longer is leave.
    "staff.away_max_minutes": Setting(240, _("暂离最长分钟数（更久须请假）"), 15, 600),
    # Staff tenure (003 §四(一)3: comprehensive-window staff 2 years, staff dispatched
    # by a department 1 year; 001 C.2.7: dispatched staff 2 years) and the month's
    # written notice of a staff change (001 C.2.8).
    "staff.tenure_comprehensive_months": Setting(24, _("综合窗口人员最短在岗期限（月）"), 0, 120),
    "staff.tenure_dispatched_months": Setting(12, _("部门派驻人员最短在岗期限（月）"), 0, 120),
    "staff.change_notice_days": Setting(30, _("人员调整须提前书面申请的天数"), 0, 365),
    # Attendance (001 附录D D.1: at the window 10 minutes before it opens).
    "staff.arrive_before_minutes": Setting(10, _("工作人员应在窗口开放前多少分钟到岗"), 0, 60),
    # --- standards self-audit (std-audit): 表18's rules are reviewed yearly; a gap's
    # rectification task is due this many days after the audit opens it.
    "standards.rules_review_days": Setting(365, _("制度文件复审周期（天）"), 30, 1825),
    "standards.task_due_days": Setting(30, _("自查整改任务默认期限（天）"), 1, 365),
    # --- convenience: printing, lost property, lending (000 第十四-二十条, 001 6.4.4.2)
    "print.hours": Setting("08:30-11:30,13:00-17:00", _("免费文印服务时间（工作日）")),
    "print.daily_sheets": Setting(10, _("每人每天免费文印张数"), 1, 200),
    "print.computer_minutes": Setting(5, _("公用电脑每次使用分钟数"), 1, 60),
    "lost.keep_days": Setting(90, _("遗失物品保管期（天），期满可申请注销"), 1, 3650),
    # Free express delivery (convenience/delivery, 000 第二十四、二十六条): the area's
    # cities (Shanghai and the G60 corridor), the postal partner's daily pick-up
    # time (HH:MM) and what the centre pays the partner per parcel (reconciliation).
    "delivery.area": Setting(
        ["上海", "嘉兴", "杭州", "金华", "苏州", "湖州", "宣城", "芜湖", "合肥"],
        _("免费寄送投递区域（城市）"),
    ),
    "delivery.pickup_time": Setting("16:30", _("邮政每日揽收时间（时:分）")),
    "delivery.fee_fen": Setting(1000, _("每件寄送费（分，中心支付）"), 0, 100000),
    # Planning (001 6.4.1.1: staff matched to the flow of people): the service
    # target windows are sized for (a share called within N minutes, and a mean
    # wait when set), and the weeks of history the arrivals forecast reads.
    "planning.target_percent": Setting(
        80, _("服务目标：多少比例的办事群众在时限内被叫号（％）"), 50, 99
    ),
    "planning.target_minutes": Setting(15, _("服务目标：叫号时限（分钟）"), 1, 120),
    "planning.target_mean_minutes": Setting(
        0, _("服务目标：平均等候不超过（分钟，0为不限）"), 0, 120
    ),
    "planning.forecast_weeks": Setting(8, _("到达量预测参考的最近周数"), 2, 26),
    # Enquiries, 12345 work orders (knowledge: 001 B.1, B.2.5, 4.6.1): a question not
    # answered on the spot is called back within this many working days, a 12345
    # order answered within its own deadline or this many working days.
    "enquiry.callback_days": Setting(1, _("咨询回电时限（工作日）"), 0, 10),
    "workorder.reply_days": Setting(3, _("12345 工单答复时限（工作日）"), 1, 30),
    "workorder.warning_days": Setting(1, _("12345 工单临期预警：期限前几个工作日"), 0, 10),
    # Standards: upkeep (001 6.4.3.3), emergency plans (6.4.4.4), rounds (002 三(一)).
    "standards.upkeep_remind_days": Setting(7, _("设施设备维保到期前几天提醒"), 0, 90),
    "standards.upkeep_fix_days": Setting(7, _("维保故障整改期限（天）"), 1, 90),
    "standards.plan_review_months": Setting(12, _("应急预案修订周期（月）"), 1, 60),
    "standards.rounds_per_week": Setting(1, _("每周至少巡查次数"), 1, 14),
    "standards.finding_fix_days": Setting(5, _("巡查问题默认整改期限（天）"), 1, 60),
    # Efficiency supervision (reports/supervision, 001 6.6.2.2): an approved guide
    # change is published within N working days (004 第二条); a finding is due
    # N working days after it is found; a window counts late this many minutes
    # after the hall opens.
    "supervision.publish_days": Setting(5, _("指南变更审核通过后应发布的工作日数"), 1, 30),
    "supervision.fix_days": Setting(5, _("监督发现整改期限（工作日）"), 1, 60),
    "supervision.window_grace_minutes": Setting(
        10, _("开放后多少分钟窗口未开视为未按时开放"), 0, 120
    ),
}


def center_setting(center, name: str) -> Any:
    spec = SETTINGS[name]
    value = (center.settings or {}).get(name, spec.default)
    if isinstance(spec.default, bool):
        return bool(value)
    if isinstance(spec.default, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            return spec.default
        if spec.minimum is not None:
            value = max(spec.minimum, value)
        if spec.maximum is not None:
            value = min(spec.maximum, value)
    return value


# --- archives (cases/archives, 001 6.5.1; GB/T 18894): retention by item or approval
# mode (`key=code` pairs; codes Y, D30, D10), else the default. No seed sets the
# centre's custody period: a local choice, one full year after the filing year,
# then the archives go to the archive office.
SETTINGS.update(
    {
        "archives.retention_default": Setting("D30", _("档案默认保管期限（Y 永久、D30、D10）")),
        "archives.retention_rules": Setting(
            "instant=D10",
            _("按审批方式或事项编码的保管期限（如 instant=D10, 事项编码=Y，逗号分隔）"),
        ),
        "archives.custody_years": Setting(
            1, _("档案在中心保管年数（归档年度后满几年移交档案室，本地规定）"), 0, 10
        ),
    }
)
