"""English is complete: every string marked for translation in the code and
templates is in the English catalogue, translated, not fuzzy, and compiled."""

import ast
import gettext
import re
from concurrent.futures import ThreadPoolExecutor
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


_GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "_g",
    "N_",
}  # the last two: aliases xgettext would miss


def _python_msgids(source: str) -> set[str]:
    """The literal first argument of every gettext call, with implicitly
    concatenated pieces joined as Python (and makemessages) join them."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _GETTEXT_NAMES
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def _po_unescape(msgid: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), msgid)


_TPL = re.compile(r'{%\s*translate\s+"([^"]+)"|{%\s*translate\s+\'([^\']+)\'')


def test_marked_strings_are_in_the_catalogue():
    known = {_po_unescape(msgid) for msgid, _, _ in _entries()}
    sources = [
        path.read_text(encoding="utf-8")
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]
    # Parsed in a fresh thread: after Playwright's greenlets have run in this one,
    # CPython 3.11.7's ast.parse can fail with "AST constructor recursion depth
    # mismatch" (its depth counter is per thread; greenlet switches skew it).
    with ThreadPoolExecutor(max_workers=1) as pool:
        marked = set().union(*pool.map(_python_msgids, sources))
    for path in ROOT.rglob("*.html"):
        for a, b in _TPL.findall(path.read_text(encoding="utf-8")):
            marked.add(_po_unescape((a or b).replace("%", "%%")))
    assert sorted(marked - known) == []
    assert len(marked) > 300
