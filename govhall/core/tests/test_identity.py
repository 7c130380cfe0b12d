"""ID numbers and credit codes: pure functions, no database."""

import os
from datetime import date, timedelta

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from govhall.core.errors import ValidationFailed
from govhall.core.identity import (
    CreditCode,
    IdNumber,
    age_on,
    check_digit,
    credit_code_check_char,
    parse_credit_code,
    parse_id_number,
)

# ValidationFailed str()s its lazy message, which reads USE_I18N. Under pytest-django
# the real settings are already loaded; run alone (-p no:django) a bare config will do.
if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
    settings.configure(USE_I18N=False)

TODAY = date(2025, 6, 15)  # fixed, so "future" means the same thing on every run
SAMPLE = "11010519491231002X"  # the published GB 11643 example
RESIDENT_REGIONS = [
    *range(11, 16),
    *range(21, 24),
    *range(31, 38),
    *range(41, 47),
    *range(50, 55),
    *range(61, 66),
    71,
    81,
    82,
    83,
]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_id(first17: str) -> str:
    return first17 + check_digit(first17)


def code_of(raw: str, **kw) -> str:
    with pytest.raises(ValidationFailed) as exc:
        parse_id_number(raw, today=TODAY, **kw)
    assert set(exc.value.fields) == {"id_number"}
    return exc.value.code


# --- resident identity card ----------------------------------------------------


def test_published_sample():
    n = parse_id_number(SAMPLE, today=TODAY)
    assert n == IdNumber(SAMPLE, "resident", date(1949, 12, 31), "F")
    assert n.masked == "110***********002X"


def test_stdnum_doc_sample_and_male():
    n = parse_id_number("360426199101010071", today=TODAY)
    assert (n.birth_date, n.sex, n.kind) == (date(1991, 1, 1), "M", "resident")


def test_check_digit_known_values():
    assert check_digit(SAMPLE[:17]) == "X"
    assert check_digit("36042619910101007") == "1"
    with pytest.raises(ValueError):
        check_digit("1101051949123100")  # 16 digits
    with pytest.raises(ValueError):
        check_digit("11010519491231_02")  # int(..., 13) in stdnum would accept "_"


def test_wrong_checksum():
    assert code_of(SAMPLE[:17] + "1") == "id_number_checksum"


def test_impossible_date():
    assert code_of(make_id("31010119990230123")) == "id_number_birth_date"


def test_birth_date_before_1900():
    assert code_of(make_id("31010118991231123")) == "id_number_birth_date"


def test_future_birth_date():
    tomorrow = make_id("31010120250616123")
    assert code_of(tomorrow) == "id_number_birth_date"
    # born today is fine
    assert parse_id_number(make_id("31010120250615123"), today=TODAY).age_on(TODAY) == 0


def test_today_defaults_to_real_today():
    future = date.today() + timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        parse_id_number(make_id(f"310101{future:%Y%m%d}123"))
    assert exc.value.code == "id_number_birth_date"


@pytest.mark.parametrize(
    "raw",
    [
        "110105491231002",  # old 15-digit number
        "11010519491231002",
        "11010519491231002X1",
        "1101051949123100AX",
        "X10105194912310021",
        "",
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits: not folded by NFKC
    ],
)
def test_format(raw):
    assert code_of(raw) == "id_number_format"


def test_region():
    assert code_of(make_id("00010519491231002")) == "id_number_region"
    assert code_of(make_id("72010519491231002")) == "id_number_region"
    for prefix in ("71", "81", "82", "83"):
        assert parse_id_number(make_id(prefix + "010519491231002"), today=TODAY)


def test_full_width_lower_case_and_spaces_normalised():
    raw = " １１０１０５ １９４９１２３１ ００２ｘ\n"
    assert parse_id_number(raw, today=TODAY).value == SAMPLE
    assert parse_id_number(SAMPLE.lower(), today=TODAY).value == SAMPLE


def test_permanent_residence_2023():
    # 9 + Shanghai (31) + USA (840) + 1985-07-20 + sequence 123
    value = make_id("93184019850720123")
    n = parse_id_number(value, today=TODAY)
    assert (n.kind, n.birth_date, n.sex, n.value) == (
        "permanent_residence",
        date(1985, 7, 20),
        "M",
        value,
    )
    assert code_of(make_id("97184019850720123")) == "id_number_region"  # no such province
    assert code_of(make_id("98184019850720123")) == "id_number_region"  # mainland only
    wrong = "0" if value[17] == "X" else "X"
    assert code_of(value[:17] + wrong) == "id_number_checksum"


def test_mask_str_and_repr_hide_the_number():
    n = parse_id_number(SAMPLE, today=TODAY)
    assert n.masked == SAMPLE[:3] + "*" * 11 + SAMPLE[-4:]
    assert len(n.masked) == 18
    for text in (str(n), repr(n), f"{n}", f"{n!r}", str([n]), repr({"who": n})):
        assert SAMPLE not in text
        assert SAMPLE[3:14] not in text  # the birth date part stays hidden too
        assert n.masked in text


def test_age_around_birthday():
    born = date(1990, 6, 15)
    assert age_on(born, date(2020, 6, 14)) == 29
    assert age_on(born, date(2020, 6, 15)) == 30
    n = parse_id_number(make_id("31010119900615123"), today=TODAY)
    assert (n.age_on(date(2020, 6, 14)), n.age_on(date(2020, 6, 15))) == (29, 30)


def test_age_leap_day():
    born = date(2000, 2, 29)
    assert age_on(born, date(2001, 2, 28)) == 0
    assert age_on(born, date(2001, 3, 1)) == 1
    assert age_on(born, date(2004, 2, 28)) == 3
    assert age_on(born, date(2004, 2, 29)) == 4


# --- properties ----------------------------------------------------------------

births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
regions = st.builds(
    lambda p, rest: f"{p:02d}{rest:04d}",
    st.sampled_from(RESIDENT_REGIONS),
    st.integers(0, 9999),
)
sequences = st.integers(0, 999).map(lambda s: f"{s:03d}")


@st.composite
def valid_ids(draw):
    birth = draw(births)
    return make_id(f"{draw(regions)}{birth:%Y%m%d}{draw(sequences)}"), birth


@given(births, regions, sequences)
def test_built_number_round_trips(birth, region, seq):
    value = make_id(f"{region}{birth:%Y%m%d}{seq}")
    n = parse_id_number(value, today=TODAY)
    assert (n.value, n.birth_date, n.kind) == (value, birth, "resident")
    assert n.sex == ("M" if int(seq[-1]) % 2 else "F")
    assert parse_id_number(value.lower(), today=TODAY) == n


@given(valid_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_change_fails(id_and_birth, pos, char):
    value, _birth = id_and_birth
    if value[pos] == char:
        char = "1" if char != "1" else "2"
    changed = value[:pos] + char + value[pos + 1 :]
    with pytest.raises(ValidationFailed):
        parse_id_number(changed, today=TODAY)


@given(births, st.dates(min_value=date(1900, 1, 1)), st.dates(min_value=date(1900, 1, 1)))
def test_age_is_monotonic(born, d1, d2):
    d1, d2 = sorted((d1, d2))
    assert age_on(born, d1) <= age_on(born, d2)


@given(births, st.integers(1, 120))
def test_age_steps_by_one_on_each_birthday(born, years):
    try:
        birthday = born.replace(year=born.year + years)
    except ValueError:  # 29 Feb in a common year: the birthday counts on 1 Mar
        birthday = date(born.year + years, 3, 1)
    assert age_on(born, birthday) == years
    assert age_on(born, birthday - timedelta(days=1)) == years - 1


# --- unified social credit code ---------------------------------------------------


def test_known_credit_codes():
    for value in ("91350100M000100Y43", "91110000600037341L"):
        c = parse_credit_code(value)
        assert c == CreditCode(value, "9", "1")
    assert credit_code_check_char("91350100M000100Y4") == "3"


def test_credit_code_normalised():
    assert parse_credit_code(" ９１３５０１００ｍ０００１００ｙ４３ ").value == "91350100M000100Y43"


def credit_code_error(raw: str) -> str:
    with pytest.raises(ValidationFailed) as exc:
        parse_credit_code(raw)
    assert set(exc.value.fields) == {"credit_code"}
    return exc.value.code


def test_credit_code_wrong_check():
    assert credit_code_error("91350100M000100Y44") == "credit_code_checksum"


@pytest.mark.parametrize("letter", "IOZSV")
def test_credit_code_forbidden_letters(letter):
    assert credit_code_error(f"91350100M000100{letter}43") == "credit_code_format"


@pytest.mark.parametrize(
    "raw",
    ["91350100M000100Y4", "91350100M000100Y433", "913501A0M000100Y43", "", "91350100M00010-Y43"],
)
def test_credit_code_format(raw):
    assert credit_code_error(raw) == "credit_code_format"


def test_credit_code_check_char_rejects_bad_input():
    for bad in ("91350100M000100Y", "91350100M000100Y43", "91350100M000100I4"):
        with pytest.raises(ValueError):
            credit_code_check_char(bad)


uscc_bodies = st.builds(
    lambda head, area, org: head + area + org,
    st.text(USCC_CHARS, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(USCC_CHARS, min_size=9, max_size=9),
)


@given(uscc_bodies)
def test_credit_code_round_trips(body):
    value = body + credit_code_check_char(body)
    c = parse_credit_code(value.lower())
    assert (c.value, c.registration_authority, c.org_type) == (value, body[0], body[1])


@given(uscc_bodies, st.integers(0, 17), st.sampled_from(USCC_CHARS))
def test_credit_code_single_change_fails(body, pos, char):
    value = body + credit_code_check_char(body)
    if value[pos] == char:
        char = "1" if char != "1" else "2"
    with pytest.raises(ValidationFailed):
        parse_credit_code(value[:pos] + char + value[pos + 1 :])
