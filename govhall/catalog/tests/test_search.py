"""Search matches Chinese words, full pinyin and initials, ignoring case and
full/half width."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.catalog.search import normalise, query_terms, search_text
from govhall.catalog.selectors import items_at_center
from govhall.catalog.tests.factories import published_item


@pytest.fixture
def items(world):
    c, d = world["center"], world["dept"]
    return {
        "gt": published_item(d, c, code="SCJ-0001", name="个体工商户营业执照设立登记"),
        "lost": published_item(d, c, code="SCJ-0002", name="营业执照遗失补领"),
        "food": published_item(d, c, code="SCJ-0003", name="食品经营许可"),
        "gjj": published_item(
            d, c, code="GJJ-0001", name="住房公积金提取（购房）", domain="housing_fund"
        ),
        "elsewhere": published_item(d, code="SCJ-0009", name="营业执照变更登记"),
    }


@pytest.mark.parametrize(
    "q,expected",
    [
        ("yyzz", {"gt", "lost"}),
        ("YYZZ", {"gt", "lost"}),
        ("ＹＹＺＺ", {"gt", "lost"}),
        ("营业执照", {"gt", "lost"}),
        ("yingyezhizhao", {"gt", "lost"}),
        ("营业 遗失", {"lost"}),
        ("spjy", {"food"}),
        ("公积金 购房", {"gjj"}),
        ("（购房）", {"gjj"}),
        ("scj-0003", {"food"}),
        ("", {"gt", "lost", "food", "gjj"}),
        ("不存在的事项", set()),
        ("%", {"gt", "lost", "food", "gjj"}),
    ],
)
def test_queries(world, items, q, expected):
    found = {k for k, v in items.items() if v in items_at_center(world["center"], q=q)}
    assert found == expected


def test_domain_filter(world, items):
    found = list(items_at_center(world["center"], domain="housing_fund"))
    assert found == [items["gjj"]]


def test_unpublished_and_withdrawn_items_are_not_listed(world, items):
    from govhall.catalog import services

    services.stationing_set(
        actor=world["center_admin"], item=items["food"], center=world["center"], active=False
    )
    assert items["food"] not in items_at_center(world["center"])


@given(st.text(max_size=30))
def test_normalise_is_idempotent_and_width_blind(text):
    once = normalise(text)
    assert normalise(once) == once
    assert normalise(text.upper()) == normalise(text.lower()) or not text.isascii()


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12))
def test_full_width_query_equals_half_width(text):
    full = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert query_terms(full) == query_terms(text) == [text]


def test_search_text_keeps_parts_apart():
    text = search_text("营业执照", "SCJ-1")
    assert "|yyzz|" in text and "|scj1|" in text
