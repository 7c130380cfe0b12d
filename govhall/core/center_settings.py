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
    "queue.priority_across_queues": Setting(False, _("普通窗口跨队列优先呼叫绿色通道号")),
    "queue.default_service_minutes": Setting(6, _("无历史数据时的单件办理分钟数"), 1, 120),
    "queue.elderly_age": Setting(60, _("绿色通道年龄（周岁）"), 50, 100),
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
