"""One rule for every name a person types (applicant, proxy, booking,
complainant, staff names): letters, marks, digits, punctuation and spaces only.
Control and format characters (U+202E turns the text around on screen and in
printed notices), private-use and surrogate code points, symbols and emoji are
refused with a field error. Used by the Pydantic schemas, the Django forms and
the services alike, so no path round them stores such a name."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from .errors import ValidationFailed

# C*: control, format (bidi overrides, zero-width joiners), private use,
# surrogates, unassigned; Z[lp]: line and paragraph separators; S*: symbols,
# emoji among them; Me: enclosing marks (keycaps).
REFUSED_CATEGORIES = frozenset(
    {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Sm", "Sc", "Sk", "So", "Me"}
)
SPACES = frozenset({" ", "\u3000"})  # the ASCII and the ideographic space


def refused_character(ch: str) -> bool:
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return True  # variation selectors: what turns a character into an emoji
    category = unicodedata.category(ch)
    if category == "Cn" and 0x20000 <= code <= 0x3FFFF:
        return False  # the ideographic planes: CJK added after this Python's Unicode
    if category == "Zs":
        return ch not in SPACES
    return category in REFUSED_CATEGORIES


def name_problem(value: str) -> str | None:
    """The translated reason a name is refused, or None when it is fine."""
    if any(refused_character(ch) for ch in value):
        return _("姓名或名称含有不允许的字符（控制字符、格式字符、符号或表情）")
    return None


def check_name(value: str, field: str) -> str:
    """For services: the name, or ValidationFailed with a field error."""
    problem = name_problem(value or "")
    if problem:
        raise ValidationFailed(problem, code="invalid_name", fields={field: problem})
    return value


def validate_name(value: str) -> None:
    """Django validator (forms)."""
    problem = name_problem(value or "")
    if problem:
        raise ValidationError(problem, code="invalid_name")


def _pydantic_name(value: str) -> str:
    problem = name_problem(value)
    if problem:
        raise PydanticCustomError("govhall_invalid_name", problem)
    return value


NameStr = Annotated[str, AfterValidator(_pydantic_name)]


# Free text shown to the public (announcements): symbols are fine (℃, →, ☎),
# but not what hides or reorders text on a screen.
CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def control_problem(value: str, *, newlines: bool = False) -> str | None:
    """The translated reason a text is refused (control or format characters),
    or None. `newlines` lets a multi-line text keep its line breaks."""
    for ch in value or "":
        if newlines and ch == "\n":
            continue
        if unicodedata.category(ch) in CONTROL_CATEGORIES:
            return _("内容含有不允许的控制字符或格式字符")
    return None
