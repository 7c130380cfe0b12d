"""English is complete: every string marked for translation in the code and
templates is in the English catalogue, translated, not fuzzy, and compiled."""

import gettext
import json
import re
import subprocess
import sys
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


# The literal first argument of every gettext call, with implicitly concatenated
# pieces joined as Python (and makemessages) join them. Run in a fresh
# interpreter: in this one, earlier tests (Hypothesis raises and restores the
# recursion limit, Playwright switches greenlet stacks) can leave CPython
# 3.11.7's ast module failing with "AST constructor recursion depth mismatch".
_MSGIDS_SCRIPT = """
import ast, json, sys
names = set(json.loads(sys.argv[1]))
found = set()
for path in sys.argv[2:]:
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
json.dump(sorted(found), sys.stdout)
"""


def _python_msgids(paths: list[Path]) -> set[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _MSGIDS_SCRIPT,
            json.dumps(sorted(_GETTEXT_NAMES)),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout))


def _po_unescape(msgid: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), msgid)


_TPL = re.compile(r'{%\s*translate\s+"([^"]+)"|{%\s*translate\s+\'([^\']+)\'')


def test_marked_strings_are_in_the_catalogue():
    known = {_po_unescape(msgid) for msgid, _, _ in _entries()}
    marked = _python_msgids(
        [
            path
            for path in ROOT.rglob("*.py")
            if "tests" not in path.parts and "migrations" not in path.parts
        ]
    )
    for path in ROOT.rglob("*.html"):
        for a, b in _TPL.findall(path.read_text(encoding="utf-8")):
            marked.add(_po_unescape((a or b).replace("%", "%%")))
    assert sorted(marked - known) == []
    assert len(marked) > 300
