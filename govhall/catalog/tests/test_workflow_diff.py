"""The review page's diff (diff.py): pure, on snapshots, so hypothesis can try
many guides. A version against itself has no changes; every changed field is
reported; the marked text is the text (nothing lost, nothing unescaped)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.catalog.diff import MATERIAL_KEYS, diff, inline
from govhall.catalog.models import ApprovalMode, ItemType, MaterialForm
from govhall.catalog.services import GUIDE_FIELDS

# Chinese, Latin, digits, the characters HTML cares about, and newlines.
ALPHABET = st.sampled_from(list("申请受理审核发证材料原件复印件ab12<>&\"' \n、（）"))
TEXT = st.text(ALPHABET, max_size=40)

FIELD_VALUES = {
    "name": TEXT,
    "item_type": st.sampled_from(ItemType.values),
    "approval_mode": st.sampled_from(ApprovalMode.values),
    "legal_basis": TEXT,
    "conditions": TEXT,
    "process": st.lists(TEXT, max_size=6),
    "statutory_days": st.integers(0, 365),
    "committed_days": st.integers(0, 365),
    "fee": TEXT,
    "fee_amounts": st.lists(
        st.fixed_dictionaries(
            {
                "label": st.sampled_from(["住宅类", "非住宅类", "工本费"]),
                "amount": st.sampled_from(["10.00", "80.00", "550.00"]),
            }
        ),
        max_size=3,
    ),
    "consult_phone": TEXT,
    "complaint_phone": TEXT,
    "online_application": st.booleans(),
    "change_summary": TEXT,
}
MATERIAL = st.fixed_dictionaries(
    {
        "name": TEXT,
        "form": st.sampled_from(MaterialForm.values),
        "count": st.integers(1, 99),
        "required": st.booleans(),
        "notes": TEXT,
    }
)
SNAPSHOT = st.fixed_dictionaries(
    {
        "fields": st.fixed_dictionaries(FIELD_VALUES),
        "parallel": st.lists(st.sampled_from(["区人社局", "区医保局", "区卫健委"]), unique=True),
        "materials": st.lists(MATERIAL, max_size=6),
    }
)


def _plain(marked: str) -> str:
    """The text a marked side shows, tags removed."""
    text = re.sub(r"</?(ins|del)[^>]*>", "", str(marked)).replace("<br>", "\n")
    return html.unescape(text)


@settings(max_examples=150, deadline=None)
@given(SNAPSHOT)
def test_a_version_against_itself_has_no_changes(s):
    d = diff(s, s)
    assert not d.has_changes and d.changed == []
    assert all(r.kind == "same" and not r.moved for r in d.materials)
    for row in d.fields:
        assert "<ins" not in row.new and "<del" not in row.old
    assert len(d.materials) == len(s["materials"])


@settings(max_examples=150, deadline=None)
@given(SNAPSHOT, st.data())
def test_every_changed_field_appears(old, data):
    changed = data.draw(st.sets(st.sampled_from(GUIDE_FIELDS), min_size=1))
    fields = dict(old["fields"])
    for key in changed:
        fields[key] = data.draw(FIELD_VALUES[key].filter(lambda v, k=key: v != old["fields"][k]))
    new = {**old, "fields": fields}
    d = diff(old, new)
    assert set(d.changed) == changed
    for row in d.fields:
        if row.key in changed:
            assert "<ins" in row.new or "<del" in row.old, row.key


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_each_side_of_an_inline_diff_is_its_own_text(a, b):
    old, new = inline(a, b)
    assert _plain(old) == a and _plain(new) == b
    assert "<ins" not in old and "<del" not in new
    # Everything the citizen typed is escaped: the only tags are ours.
    assert not re.search(r"<(?!/?(ins|del|br)\b)", str(old) + str(new))
    if a != b:
        assert "<ins>" in new or "<del>" in old


@settings(max_examples=100, deadline=None)
@given(st.lists(MATERIAL, min_size=1, max_size=6, unique_by=lambda m: m["name"]), st.data())
def test_material_lines_added_and_removed_are_marked(lines, data):
    drop = data.draw(st.integers(0, len(lines) - 1))
    extra = {"name": "新增材料（独有名称）", "form": "copy", "count": 1, "required": True}
    extra["notes"] = ""
    fields = {k: data.draw(v) for k, v in FIELD_VALUES.items()}
    old = {"fields": fields, "parallel": [], "materials": lines}
    kept = [m for i, m in enumerate(lines) if i != drop]
    new = {"fields": fields, "parallel": [], "materials": [*kept, extra]}
    d = diff(old, new)
    assert d.changed == ["materials"]
    assert d.count("added") + d.count("changed") >= 1
    assert d.count("removed") + d.count("changed") >= 1
    # Every line of either version is shown once, on its own side.
    assert len([r for r in d.materials if r.old]) == len(lines)
    assert len([r for r in d.materials if r.new]) == len(kept) + 1
    for row in d.materials:
        assert len(row.old or row.new) == len(MATERIAL_KEYS)


def test_a_reordered_line_is_moved_not_changed():
    a = {"name": "身份证", "form": "original", "count": 1, "required": True, "notes": ""}
    b = {**a, "name": "户口簿"}
    c = {**a, "name": "申请表"}
    fields = {"name": "x", "process": []}
    d = diff(
        {"fields": fields, "parallel": [], "materials": [a, b, c]},
        {"fields": fields, "parallel": [], "materials": [c, a, b]},
    )
    assert [r.kind for r in d.materials] == ["same", "same", "same"]
    assert [r.moved for r in d.materials] == [True, False, False]
    assert d.changed == ["materials"]


def test_a_never_published_item_is_shown_without_marks():
    new = {
        "fields": {"name": "新事项", "process": ["申请"], "committed_days": 3},
        "parallel": ["区人社局"],
        "materials": [
            {"name": "申请表", "form": "original", "count": 1, "required": True, "notes": ""}
        ],
    }
    d = diff(None, new)
    assert not d.has_changes
    assert all("<ins" not in r.new for r in d.fields)
    assert [r.kind for r in d.materials] == ["same"] and not d.materials[0].old
