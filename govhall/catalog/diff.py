"""A submitted guide against the published one, for the centre's review: every
guide field and every material line side by side, the differences marked
(<del> on the published side, <ins> on the submitted side). Text is compared
character by character (Chinese has no spaces to split words on) with difflib;
a choice, a number or a yes/no is marked as a whole.

Every piece of text is escaped before it is marked safe (`_esc`).

Works on snapshots (plain dicts), so it is pure and the property tests need no
database: `snapshot(version)` takes one from a saved version."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from .models import ApprovalMode, ItemType, ItemVersion, MaterialForm
from .services import GUIDE_FIELDS

# Fields shown as text and compared character by character.
TEXT_FIELDS = (
    "name",
    "legal_basis",
    "conditions",
    "fee",
    "consult_phone",
    "complaint_phone",
    "change_summary",
)
CHOICES = {"item_type": ItemType, "approval_mode": ApprovalMode}
DAYS = ("statutory_days", "committed_days")
MATERIAL_KEYS = ("name", "form", "count", "required", "notes")
# Material lines this alike (difflib ratio of their names) are one line renamed.
RENAMED = 0.5


def snapshot(version: ItemVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "fields": {f: getattr(version, f) for f in GUIDE_FIELDS},
        "parallel": sorted(d.name for d in version.parallel_departments.all()),
        "materials": [
            {k: getattr(m, k) for k in MATERIAL_KEYS}
            for m in version.materials.order_by("position", "id")
        ],
    }


@dataclass
class FieldRow:
    key: str
    label: str
    old: SafeString
    new: SafeString
    changed: bool


@dataclass
class MaterialRow:
    kind: str  # same, changed, added, removed
    old: list[SafeString] = field(default_factory=list)  # one cell per MATERIAL_KEYS
    new: list[SafeString] = field(default_factory=list)
    moved: bool = False  # the line's place in the list changed


@dataclass
class Diff:
    fields: list[FieldRow]
    materials: list[MaterialRow]

    @property
    def changed(self) -> list[str]:
        keys = [r.key for r in self.fields if r.changed]
        if any(r.kind != "same" or r.moved for r in self.materials):
            keys.append("materials")
        return keys

    @property
    def has_changes(self) -> bool:
        return bool(self.changed)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.materials if r.kind == kind)


# --- text ------------------------------------------------------------------------


def _esc(text: str) -> str:
    return str(escape(text)).replace("\n", "<br>")


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes with one-character islands of sameness folded into the
    change around them, so 审核通过 → 审批通过后 reads as one edit, not confetti."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[list] = []
    for i, (tag, i1, i2, j1, j2) in enumerate(ops):
        island = (
            tag == "equal"
            and 0 < i < len(ops) - 1
            and i2 - i1 <= 1
            and ops[i - 1][0] != "equal"
            and ops[i + 1][0] != "equal"
        )
        tag = "replace" if island else tag
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1][0] = "replace"
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(m) for m in merged]


def inline(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both sides, escaped, the removed parts in <del>, the added in <ins>."""
    a: list[str] = []
    b: list[str] = []
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            a.append(_esc(old[i1:i2]))
            b.append(_esc(new[j1:j2]))
            continue
        if i2 > i1:
            a.append(f"<del>{_esc(old[i1:i2])}</del>")
        if j2 > j1:
            b.append(f"<ins>{_esc(new[j1:j2])}</ins>")
    return mark_safe("".join(a)), mark_safe("".join(b))


def _mark(tag: str, text: str) -> SafeString:
    return mark_safe(f"<{tag}>{_esc(text)}</{tag}>" if text else "")


def _whole(old: str, new: str, changed: bool) -> tuple[SafeString, SafeString]:
    if not changed:
        return mark_safe(_esc(old)), mark_safe(_esc(new))
    return _mark("del", old), _mark("ins", new)


def _steps(old: list[str], new: list[str]) -> tuple[SafeString, SafeString]:
    """The process as two numbered lists, steps aligned line by line."""
    a: list[str] = []
    b: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            a += [_esc(s) for s in old[i1:i2]]
            b += [_esc(s) for s in new[j1:j2]]
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            x, y = inline(old[i1 + k], new[j1 + k])
            a.append(x)
            b.append(y)
        a += [f'<del class="line">{_esc(s)}</del>' for s in old[i1 + pairs : i2]]
        b += [f'<ins class="line">{_esc(s)}</ins>' for s in new[j1 + pairs : j2]]

    def ol(lines: list[str]) -> SafeString:
        items = "".join(f"<li>{line}</li>" for line in lines)
        return mark_safe(f'<ol class="steps">{items}</ol>' if lines else "")

    return ol(a), ol(b)


# --- fields ----------------------------------------------------------------------


def _label(key: str) -> str:
    if key == "parallel":
        return str(gettext_lazy("并联审批部门"))
    return str(ItemVersion._meta.get_field(key).verbose_name)


def _days(n: int) -> str:
    return ngettext("%(n)s 个工作日", "%(n)s 个工作日", n) % {"n": n} if n else gettext("当场办结")


def _display(key: str, value: Any) -> str:
    if key in CHOICES:
        return str(CHOICES[key](value).label) if value in CHOICES[key].values else str(value)
    if key in DAYS:
        return _days(int(value or 0))
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if key == "fee_amounts":
        return "；".join(f"{e['label']} {e['amount']}元" for e in value or []) or gettext("不收费")
    return "" if value is None else str(value)


def _field_row(key: str, old: Any, new: Any, *, published: bool) -> FieldRow:
    changed = published and old != new
    if key == "process":
        x, y = _steps(list(old or []) if changed else list(new or []), list(new or []))
        x = x if published else mark_safe("")
    elif key in TEXT_FIELDS and changed:
        x, y = inline(str(old or ""), str(new or ""))
    else:
        x, y = _whole(_display(key, old) if published else "", _display(key, new), changed)
    return FieldRow(key=key, label=_label(key), old=x, new=y, changed=changed)


def _parallel_row(old: list[str], new: list[str], *, published: bool) -> FieldRow:
    gone = [f"<del>{_esc(n)}</del>" if n not in new else _esc(n) for n in old]
    came = [f"<ins>{_esc(n)}</ins>" if published and n not in old else _esc(n) for n in new]
    return FieldRow(
        key="parallel_departments",
        label=_label("parallel"),
        old=mark_safe("、".join(gone)),
        new=mark_safe("、".join(came)),
        changed=published and sorted(old) != sorted(new),
    )


# --- materials -------------------------------------------------------------------


def _cell(key: str, value: Any) -> str:
    if key == "form":
        return str(MaterialForm(value).label) if value in MaterialForm.values else str(value)
    if key == "required":
        return gettext("是") if value else gettext("否")
    return str(value)


def _align(old: list[dict], new: list[dict]) -> dict[int, int]:
    """new index -> old index: the same name first, then the likeliest rename."""
    match: dict[int, int] = {}
    free = list(range(len(old)))
    for j, m in enumerate(new):
        i = next((i for i in free if old[i]["name"] == m["name"]), None)
        if i is not None:
            match[j] = i
            free.remove(i)
    for j, m in enumerate(new):
        if j in match or not free:
            continue

        def ratio(i: int, name: str = m["name"]) -> float:
            return difflib.SequenceMatcher(None, old[i]["name"], name).ratio()

        best = max(free, key=ratio)
        if ratio(best) >= RENAMED:
            match[j] = best
            free.remove(best)
    return match


def _in_order(olds: list[int]) -> set[int]:
    """The old indices of the longest run kept in order: the others moved."""
    best: list[list[int]] = []
    for k, x in enumerate(olds):
        prev = [best[p] for p in range(k) if olds[p] < x]
        best.append([*max(prev, key=len, default=[]), x])
    return set(max(best, key=len, default=[]))


def _material_rows(old: list[dict], new: list[dict], *, published: bool) -> list[MaterialRow]:
    if not published:
        return [
            MaterialRow(kind="same", new=[mark_safe(_esc(_cell(k, m[k]))) for k in MATERIAL_KEYS])
            for m in new
        ]
    match = _align(old, new)
    kept = _in_order([match[j] for j in sorted(match)])
    rows: list[tuple[tuple, MaterialRow]] = []
    for j, m in enumerate(new):
        i = match.get(j)
        if i is None:
            cells = [_mark("ins", _cell(k, m[k])) for k in MATERIAL_KEYS]
            rows.append(((j, 0), MaterialRow(kind="added", new=cells)))
            continue
        o = old[i]
        a: list[SafeString] = []
        b: list[SafeString] = []
        for k in MATERIAL_KEYS:
            if k in ("name", "notes") and o[k] != m[k]:
                x, y = inline(str(o[k]), str(m[k]))
            else:
                x, y = _whole(_cell(k, o[k]), _cell(k, m[k]), o[k] != m[k])
            a.append(x)
            b.append(y)
        kind = "same" if all(o[k] == m[k] for k in MATERIAL_KEYS) else "changed"
        rows.append(((j, 0), MaterialRow(kind=kind, old=a, new=b, moved=i not in kept)))
    # A removed line goes back near where it stood: after its old predecessor's row.
    where = {i: j for j, i in match.items()}
    for i in sorted(set(range(len(old))) - set(match.values())):
        anchor = max((where[p] for p in range(i) if p in where), default=-1)
        cells = [_mark("del", _cell(k, old[i][k])) for k in MATERIAL_KEYS]
        rows.append(((anchor, 1, i), MaterialRow(kind="removed", old=cells)))
    return [row for _at, row in sorted(rows, key=lambda r: r[0])]


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> Diff:
    """`new` (the submitted version) against `old` (the published one; None
    when the item was never published: nothing to compare, nothing marked)."""
    published = old is not None
    base = old or {"fields": {}, "parallel": [], "materials": []}
    rows = []
    for key in GUIDE_FIELDS:
        rows.append(
            _field_row(key, base["fields"].get(key), new["fields"].get(key), published=published)
        )
        if key == "complaint_phone":
            rows.append(_parallel_row(base["parallel"], new["parallel"], published=published))
    materials = _material_rows(base["materials"], new["materials"], published=published)
    return Diff(fields=rows, materials=materials)


def versions_diff(published: ItemVersion | None, submitted: ItemVersion) -> Diff:
    return diff(snapshot(published), snapshot(submitted))
