"""Identity numbers: the resident identity card (GB 11643-1999), the 2023
foreigner's permanent residence card, and the unified social credit code
(GB 32100-2015). Check characters come from python-stdnum; the format,
birth-date and region rules that stdnum leaves out (or gets too strict) are here."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc

from .errors import ValidationFailed

# [0-9], not \d: \d also matches e.g. Arabic-Indic digits, which NFKC leaves alone.
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
# Province-level codes of GB/T 2260 (mainland), which also issue permanent residence cards.
_MAINLAND = {
    *range(11, 16),
    *range(21, 24),
    *range(31, 38),
    *range(41, 47),
    *range(50, 55),
    *range(61, 66),
}
# Resident numbers also use 71/81/82 (Taiwan, Hong Kong, Macao) and 83 (residence
# permits for Taiwan residents).
_RESIDENT_REGIONS = _MAINLAND | {71, 81, 82, 83}
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def _fail_id(code: str, message) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={"id_number": message})


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in full years (周岁). Born on 29 Feb: a year older on 1 Mar in common years."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of GB 11643 for the first 17 digits."""
    # stdnum uses int(..., 13), which would also take "_" or non-ASCII digits.
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    return ric.calc_check_digit(first17 + "0")  # stdnum expects the check slot present


@dataclass(frozen=True)
class IdNumber:
    value: str
    kind: str  # "resident" or "permanent_residence"
    birth_date: dt.date
    sex: str  # "M" or "F"

    @property
    def masked(self) -> str:
        return f"{self.value[:3]}{'*' * 11}{self.value[-4:]}"

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    # Never the full number in logs, templates or exceptions by accident.
    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"IdNumber({self.masked})"


def _normalise(raw: str) -> str:
    # NFKC folds full-width digits and Ｘ; spaces and dashes are typing noise.
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", raw or "")).upper()


def normalise_typed_code(raw: str) -> str:
    """A number or code as people type it from a slip or an SMS (case numbers,
    check codes, complaint numbers): full-width folded to half-width, spaces
    dropped, upper case. Dashes stay: they are part of our numbers."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", raw or "")).upper()


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise an 18-character ID number (old 15-digit ones are refused).

    Not stdnum's ric.validate: its county lookup rejects permanent residence
    cards and counties missing from its table."""
    value = _normalise(raw)
    if not _ID_SHAPE.fullmatch(value):
        raise _fail_id("id_number_format", _("证件号码应为18位，最后一位可为X"))
    if check_digit(value[:17]) != value[17]:
        raise _fail_id("id_number_checksum", _("身份证号码校验位不正确"))
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth < _EARLIEST_BIRTH or birth > (today or dt.date.today()):
        raise _fail_id("id_number_birth_date", _("证件号码中的出生日期无效"))
    if value[0] == "9":
        # 2023 permanent residence card: 9 + issuing province (2) + nationality (3)
        # + birth date; only mainland provinces issue it. No province code starts with 9.
        kind, region, allowed = "permanent_residence", int(value[1:3]), _MAINLAND
    else:
        kind, region, allowed = "resident", int(value[:2]), _RESIDENT_REGIONS
    if region not in allowed:
        raise _fail_id("id_number_region", _("证件号码中的地区代码无效"))
    return IdNumber(
        value=value, kind=kind, birth_date=birth, sex="M" if int(value[16]) % 2 else "F"
    )


# --- unified social credit code (统一社会信用代码) ----------------------------

# Authority and type (1-2) may be letters (e.g. N 农业, Y 其他), so stdnum's
# "first 8 are digits" is too strict; 3-8 is the GB/T 2260 division code.
_USCC_CHARS = "0-9A-HJ-NP-RTUW-Y"  # no I O Z S V
_USCC_SHAPE = re.compile(f"[{_USCC_CHARS}]{{2}}[0-9]{{6}}[{_USCC_CHARS}]{{10}}")


@dataclass(frozen=True)
class CreditCode:
    value: str
    registration_authority: str
    org_type: str

    def __str__(self) -> str:
        return self.value


def credit_code_check_char(first17: str) -> str:
    """GB 32100 check character: weights 3**i mod 31, via stdnum."""
    # stdnum zips with 17 weights, so a longer input would silently pass.
    if not re.fullmatch(f"[{_USCC_CHARS}]{{17}}", first17):
        raise ValueError("credit_code_check_char needs 17 code characters")
    return uscc.calc_check_digit(first17)


def parse_credit_code(raw: str) -> CreditCode:
    value = _normalise(raw)
    if not _USCC_SHAPE.fullmatch(value):
        message = _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）")
        raise ValidationFailed(message, code="credit_code_format", fields={"credit_code": message})
    if credit_code_check_char(value[:17]) != value[17]:
        message = _("统一社会信用代码校验位不正确")
        raise ValidationFailed(
            message, code="credit_code_checksum", fields={"credit_code": message}
        )
    return CreditCode(value=value, registration_authority=value[0], org_type=value[1])


# --- mainland mobile numbers ------------------------------------------------

_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def parse_phone(raw: str) -> str:
    """An 11-digit mainland mobile number; +86 and separators are tolerated."""
    value = _normalise(raw).removeprefix("+86").removeprefix("0086")
    if not _MOBILE.fullmatch(value):
        message = _("手机号码应为11位大陆手机号")
        raise ValidationFailed(message, code="phone_invalid", fields={"phone": message})
    return value
