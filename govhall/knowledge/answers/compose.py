"""The answer in words, from the guide's own fields (materials, committed
working days, accepting windows, fee, conditions, process) or the article's
text, and the centre's own facts (opening hours, address)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from govhall.catalog import selectors as catalog
from govhall.core import hooks
from govhall.core.models import Center


def weekdays() -> list[str]:
    return [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]


ARTICLE_CHARS = 300
WINDOWS_SHOWN = 4
# Words every kind of window and item share: they tell no window apart.
_GENERIC = {"窗口", "综合", "登记", "申请", "申领", "办理", "服务", "许可", "证明", "专窗"}


def item_url(code: str) -> str:
    return reverse("catalog:guide", args=[code])


def article_url(center: Center, code: str) -> str:
    return reverse("knowledge:article_public", args=[center.code, code])


def opening_hours(center: Center) -> str:
    """周一至周五 09:00-12:00、13:30-17:00, runs of weekdays with the same hours joined."""
    hours = center.opening_hours or {}
    groups: list[tuple[list[int], str]] = []
    for day in range(7):
        spans = "、".join(f"{a}-{b}" for a, b in hours.get(str(day), []))
        if not spans:
            continue
        if groups and groups[-1][1] == spans and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], spans))
    if not groups:
        return _("暂无开放时间信息")
    parts = []
    labels = weekdays()
    for days, spans in groups:
        names = [labels[d] for d in days]
        label = names[0] if len(names) == 1 else _("%(a)s至%(b)s") % {"a": names[0], "b": names[-1]}
        parts.append(f"{label} {spans}")
    return "；".join(parts)


def centre_facts(center: Center, intents: list[str]) -> str:
    out = []
    if "hours" in intents:
        out.append(
            _("%(center)s开放时间：%(hours)s（法定节假日除外）。")
            % {"center": center.name, "hours": opening_hours(center)}
        )
    if "address" in intents:
        if center.address:
            out.append(_("地址：%(address)s。") % {"address": center.address})
        if center.phone:
            out.append(_("咨询电话：%(phone)s。") % {"phone": center.phone})
    return "".join(out)


def _windows(item, center: Center) -> list[dict]:
    found = [w for part in hooks.gather("catalog.guide_windows", item=item) for w in part]
    return [w for w in found if w.get("center") == center.code]


def _materials(v) -> str:
    lines = []
    for n, m in enumerate(v.materials.order_by("position", "id"), start=1):
        extra = [str(m.get_form_display())]
        if m.count > 1:
            extra.append(_("%(n)s份") % {"n": m.count})
        if not m.required:
            extra.append(_("视情况提供"))
        lines.append(f"{n}. {m.name}（{'，'.join(extra)}）")
    if not lines:
        return _("办理「%(name)s」无需提交申请材料。") % {"name": v.name}
    return _("办理「%(name)s」需要准备：") % {"name": v.name} + "；".join(lines) + "。"


def _time(v) -> str:
    if v.committed_days == 0:
        return _("「%(name)s」是即办件，材料齐全、符合条件的当场办结。") % {"name": v.name}
    text = _("「%(name)s」承诺 %(days)s 个工作日内办结") % {
        "name": v.name,
        "days": v.committed_days,
    }
    if v.statutory_days:
        text += _("（法定时限 %(days)s 个工作日）") % {"days": v.statutory_days}
    return text + _("，自受理之日起计算。")


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return {text[i : i + 2] for i in range(len(text) - 1)} - _GENERIC


def _window_text(item, v, center: Center) -> str:
    windows = _windows(item, center)
    if not windows:
        return _("「%(name)s」请先到总服务台取号，工作人员会引导您到受理窗口。") % {"name": v.name}
    # The windows whose name speaks of the item (出入境综合窗口 for a passport)
    # first, then the general ones; other items' special windows last.
    about = _bigrams(
        " ".join([v.name, item.aliases, str(item.get_domain_display()), item.department.short_name])
    )

    def order(w):
        name = w.get("name", "")
        special = any(k in name for k in ("专窗", "出件", "专用"))
        return (-len(_bigrams(name) & about), special, w["number"])

    windows = sorted(windows, key=order)
    shown = windows[:WINDOWS_SHOWN]
    names = "、".join(
        _("%(n)s号窗口") % {"n": w["number"]} + (f"（{w['name']}）" if w.get("name") else "")
        for w in shown
    )
    if len(windows) > len(shown):
        names += _("等 %(n)s 个窗口") % {"n": len(windows)}
    return _("「%(name)s」在%(center)s%(windows)s受理，请先取号，叫到号后到窗口办理。") % {
        "name": v.name,
        "center": center.name,
        "windows": names,
    }


def _summary(item, v) -> str:
    count = v.materials.count()
    parts = [_("「%(name)s」由%(dept)s办理") % {"name": v.name, "dept": item.department.name}]
    if v.committed_days:
        parts.append(_("承诺 %(days)s 个工作日办结") % {"days": v.committed_days})
    else:
        parts.append(_("即办件，当场办结"))
    parts.append(_("需要材料 %(n)s 项") % {"n": count})
    parts.append(_("收费：%(fee)s") % {"fee": v.fee})
    return "，".join(parts) + _("。详细内容请看办事指南。")


def item_answer(code: str, intents: list[str], center: Center) -> str:
    item = catalog.published_item(code)
    v = item.published_version
    out = []
    for intent in intents:
        if intent == "materials":
            out.append(_materials(v))
        elif intent == "time":
            out.append(_time(v))
        elif intent == "windows":
            out.append(_window_text(item, v, center))
        elif intent == "fee":
            out.append(_("「%(name)s」收费标准：%(fee)s。") % {"name": v.name, "fee": v.fee})
        elif intent == "conditions" and v.conditions:
            out.append(_("受理条件：%(text)s") % {"text": v.conditions})
        elif intent == "process" and v.process:
            out.append(_("办理流程：%(steps)s。") % {"steps": " → ".join(v.process)})
        elif intent == "phone" and v.consult_phone:
            out.append(_("咨询电话：%(phone)s。") % {"phone": v.consult_phone})
    facts = centre_facts(center, intents)
    if not out:
        out.append(_summary(item, v))
    return "".join(out) + facts


def article_answer(answer: str) -> str:
    text = answer.strip()
    if len(text) > ARTICLE_CHARS:
        text = text[:ARTICLE_CHARS].rstrip() + "……"
    return text
