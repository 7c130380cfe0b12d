"""Finding 6 of issue 10 (names): names accepted emoji and U+202E (right-to-left
override). One rule in core.names refuses control, format, private-use and
surrogate characters, symbols and emoji, with a field error; the schemas, forms
and services of the apps use it (their own test_names.py files)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from govhall.core.errors import ValidationFailed
from govhall.core.names import NameStr, check_name, name_problem, validate_name

FOUND = ["张三\u202e", "李四😀", "王\u200d五", "赵\x07六", "钱\ufe0f", "孙\ue000", "周🇨🇳"]
GOOD = [
    "张三",
    "阿卜杜·热合曼",
    "O'Brien-Smith",
    "Zoë Müller",
    "欧阳　娜娜",
    "上海某某有限公司（浦东分公司）",
    "𰻞",
]
names = TypeAdapter(NameStr)


@pytest.mark.parametrize("name", FOUND)
def test_the_names_found_are_refused_by_every_form_of_the_rule(name):
    from django.core.exceptions import ValidationError

    assert name_problem(name)
    with pytest.raises(PydanticError) as exc:
        names.validate_python(name)
    assert exc.value.errors()[0]["type"] == "govhall_invalid_name"
    with pytest.raises(ValidationFailed) as refused:
        check_name(name, "applicant.name")
    assert "applicant.name" in refused.value.fields
    with pytest.raises(ValidationError):
        validate_name(name)


@pytest.mark.parametrize("name", GOOD)
def test_real_names_pass(name):
    assert name_problem(name) is None
    assert names.validate_python(name) == name
    assert check_name(name, "name") == name
    validate_name(name)


name_chars = st.characters(
    categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Nd", "Pd", "Po", "Ps", "Pe"),
    exclude_characters="\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f",
).filter(lambda ch: not 0xE0100 <= ord(ch) <= 0xE01EF)
bad_chars = st.characters(categories=("Cc", "Cf", "Co", "Sm", "Sc", "Sk", "So", "Me", "Zl", "Zp"))


@given(st.text(name_chars | st.sampled_from(" \u3000"), min_size=1, max_size=30))
def test_letters_marks_digits_punctuation_and_spaces_pass(name):
    assert name_problem(name) is None


@given(st.text(name_chars, max_size=10), bad_chars, st.text(name_chars, max_size=10))
def test_one_refused_character_anywhere_refuses_the_name(before, bad, after):
    name = before + bad + after
    assert name_problem(name)
    with pytest.raises(PydanticError):
        names.validate_python(name)
