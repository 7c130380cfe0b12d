"""English is complete: every string marked for translation in the code and
templates is in the English catalogue, translated, not fuzzy, and compiled."""

import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

_ENTRY = re.compile(
    r'(#,[^\n]*\n)?(?:#\|[^\n]*\n)*msgid ((?:"[^\n]*"\n)+)(?:msgid_plural (?:"[^\n]*"\n)+)?'
    r'((?:msgstr(?:\[\d\])? (?:"[^\n]*"\n)+)+)'
)


def _unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts).encode("latin-1", "backslashreplace").decode("unicode_escape")


def _entries() -> list[tuple[str, list[str], bool]]:
    text = PO.read_text(encoding="utf-8") + "\n"
    out = []
    for flags, msgid, msgstrs in _ENTRY.findall(text):
        msgid_text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', msgid))
        strs = [
            "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
            for s in re.split(r"msgstr(?:\[\d\])? ", msgstrs)
            if s.strip()
        ]
        out.append((msgid_text, strs, "fuzzy" in flags))
    return out


def test_every_entry_translated_and_not_fuzzy():
    entries = [e for e in _entries() if e[0]]  # the header has an empty msgid
    assert len(entries) > 300
    bad = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert bad == []


def test_compiled_catalogue_matches_the_po():
    with MO.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    assert catalog.gettext("申请材料") == "Required materials"
    missing = [
        msgid
        for msgid, strs, _ in _entries()
        if msgid and "\\" not in msgid and catalog.gettext(msgid) == msgid and strs[0] != msgid
    ]
    assert missing == []


_PY = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"')
_TPL = re.compile(r'{%\s*translate\s+"([^"]+)"|{%\s*translate\s+\'([^\']+)\'')


def test_marked_strings_are_in_the_catalogue():
    known = {msgid for msgid, _, _ in _entries()}
    marked = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        marked |= set(_PY.findall(path.read_text(encoding="utf-8")))
    for path in ROOT.rglob("*.html"):
        for a, b in _TPL.findall(path.read_text(encoding="utf-8")):
            marked.add((a or b).replace("%", "%%"))
    assert sorted(marked - known) == []
