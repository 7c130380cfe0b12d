"""Search text for items: Chinese words, full pinyin and pinyin initials
(`yyzz` finds 营业执照), case- and width-insensitive."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """NFKC folds full-width letters and digits to half-width; then lower-case
    and drop spaces and punctuation, so 'ＹＹ-ZZ', '（购房）' and 'yyzz', '购房'
    fold alike on both sides of the match."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return _NON_WORD.sub("", folded).replace("_", "")


def _pinyin_forms(text: str) -> tuple[str, str]:
    chinese = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    if not chinese:
        return "", ""
    # lazy_pinyin uses its phrase dictionary, so 银行 reads yinhang, not yinxing.
    syllables = lazy_pinyin(chinese, style=Style.NORMAL, errors="ignore")
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def search_text(*parts: str) -> str:
    """The text stored beside a version: each part, plus the pinyin of its
    Chinese characters, separated so that a match never spans two parts."""
    out = []
    for part in parts:
        plain = normalise(part)
        if not plain:
            continue
        full, initials = _pinyin_forms(part)
        out.extend(x for x in (plain, full, initials) if x)
    return "|" + "|".join(out) + "|"


def query_terms(q: str) -> list[str]:
    """Whitespace separates terms (all must match); each term is normalised."""
    terms = [normalise(t) for t in unicodedata.normalize("NFKC", q or "").split()]
    return [t for t in terms if t][:8]
