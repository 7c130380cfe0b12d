"""Input checks the convenience desk's features share: a required short text,
an optional ID number, a person's name masked for the pages."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from govhall.core.errors import ValidationFailed
from govhall.core.identity import IdNumber, parse_id_number
from govhall.core.names import control_problem


def short_text(value, field: str, *, limit: int, required: bool = True, newlines=False) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(_("请求参数有误"), fields={field: _("应为文字")})
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写必填项"), fields={field: _("必填")})
    if len(text) > limit:
        message = _("不超过 %(n)s 字") % {"n": limit}
        raise ValidationFailed(message, fields={field: message})
    problem = control_problem(text, newlines=newlines)
    if problem:
        raise ValidationFailed(problem, fields={field: problem})
    return text


def optional_id(value, field: str = "id_number", today: dt.date | None = None) -> IdNumber | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ValidationFailed(_("证件号码有误"), fields={field: _("证件号码有误")})
    try:
        return parse_id_number(value, today=today)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, code=exc.code, fields={field: exc.message}) from exc


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: names on lists are masked."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""
