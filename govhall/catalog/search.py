"""Search in the words people use: an item is found by its name, its everyday
aliases (社保卡 for 社会保障卡申领及补换), its code, department and domain; by
Chinese words (jieba), by full pinyin and by the initials of a word (`sbk`,
`yyzz`), case- and width-blind. Results are ranked by how well they match, then
by how often the item is taken at the centre.

Pure functions over prepared phrases; the selectors read the rows. A phrase is
prepared once per distinct text (memoised), so a query costs one read of the
centre's items and a scan of their prepared phrases."""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import jieba
from pypinyin import Style, lazy_pinyin

_NON_WORD = re.compile(r"[^\w]+")
_HAN = re.compile(r"[\u3400-\u9fff]")

# Words the segmenter must keep whole, so that a query and an alias split alike
# (jieba's own dictionary cuts 社保卡 but not 医保卡 or 港澳通行证).
EVERYDAY_WORDS = (
    "社保卡",
    "医保卡",
    "社保",
    "医保",
    "公积金",
    "身份证",
    "户口本",
    "营业执照",
    "个体户",
    "房产证",
    "不动产证",
    "港澳通行证",
    "台湾通行证",
    "港澳台",
    "出生证明",
    "新生儿",
    "残疾证",
    "低保",
    "养老金",
    "退休",
    "报销",
    "异地就医",
    "个税",
    "补办",
    "签注",
    "二手房",
    "过户",
)

# What people say around the words that matter ("我要办护照"): never required to match.
FILLER = frozenset(
    "我 我要 我想 想 要 想要 怎么 怎样 如何 办 办理 去 在 哪里 哪儿 的 了 吗 呢 请问 一下 需要 可以 能"
    " 个 和 及 与 或".split()
)

# Match tiers (DESIGN: exact name/alias > word > prefix > pinyin > initials > substring).
EXACT = 100.0
WORD = 80.0
PREFIX = 70.0
PINYIN = 60.0
PINYIN_PREFIX = 55.0
INITIALS = 50.0
INITIALS_PREFIX = 45.0
SUBSTRING = 35.0
PINYIN_PART = 25.0
CLOSENESS = 5.0  # at most, for a query covering more of the phrase
POPULARITY = 6.0  # at most, for the centre's most taken item; below a tier step
SPLIT_PENALTY = 0.9  # a query matched word by word is a little less sure


def normalise(text: str) -> str:
    """NFKC folds full-width letters and digits to half-width; then lower-case
    and drop spaces and punctuation, so 'ＹＹ-ZZ', '（购房）' and 'yyzz', '购房'
    fold alike on both sides of the match."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return _NON_WORD.sub("", folded).replace("_", "")


@cache
def _tokenizer() -> jieba.Tokenizer:
    """jieba reads its dictionary from the installed package (no network); its
    model cache goes to the temp directory, and works without it."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in EVERYDAY_WORDS:
        tokenizer.add_word(word, freq=50000)
    return tokenizer


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order (jieba's precise mode)."""
    out = []
    for piece in _tokenizer().lcut(unicodedata.normalize("NFKC", text or "").lower()):
        piece = normalise(piece)
        if piece:
            out.append(piece)
    return out


def _pinyin(word: str) -> tuple[str, str]:
    """Full pinyin and initials of a word's Chinese characters ("", "" if none)."""
    if not _HAN.search(word):
        return "", ""
    # Per word, so lazy_pinyin's phrase dictionary reads 银行 yinhang, not yinxing.
    syllables = [s for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


@dataclass(frozen=True)
class Phrase:
    """One searchable text of an item, prepared: its normalised form, its
    words (with the sub-words of jieba's search mode) and their pinyin."""

    text: str
    words: frozenset[str]
    pinyin: str
    initials: str
    word_pinyin: frozenset[str]
    word_initials: frozenset[str]


@lru_cache(maxsize=32768)
def prepare(text: str) -> Phrase:
    plain = normalise(text)
    found = {normalise(w) for w in _tokenizer().lcut_for_search(plain)} - {""}
    forms = [_pinyin(w) for w in found]
    full, initials = _pinyin(plain)
    return Phrase(
        text=plain,
        words=frozenset(found),
        pinyin=full,
        initials=initials,
        word_pinyin=frozenset(p for p, _ in forms if p),
        word_initials=frozenset(i for _, i in forms if len(i) > 1),
    )


def _closeness(term: str, target: str) -> float:
    return CLOSENESS * len(term) / max(len(target), len(term))


def match(term: str, phrase: Phrase) -> float:
    """How well one normalised query term matches one phrase (0: not at all)."""
    text = phrase.text
    if not term or not text:
        return 0.0
    if term == text:
        return EXACT + CLOSENESS
    if term in phrase.words:
        return WORD + _closeness(term, text)
    if text.startswith(term):
        return PREFIX + _closeness(term, text)
    if term.isascii():
        if term == phrase.pinyin or term in phrase.word_pinyin:
            return PINYIN + _closeness(term, phrase.pinyin)
        if len(term) >= 2 and (
            phrase.pinyin.startswith(term) or any(p.startswith(term) for p in phrase.word_pinyin)
        ):
            return PINYIN_PREFIX + _closeness(term, phrase.pinyin)
        if term == phrase.initials or term in phrase.word_initials:
            return INITIALS + _closeness(term, phrase.initials)
        if len(term) >= 2 and phrase.initials.startswith(term):
            return INITIALS_PREFIX + _closeness(term, phrase.initials)
    if term in text:
        return SUBSTRING + _closeness(term, text)
    if term.isascii() and (
        (len(term) >= 3 and term in phrase.pinyin) or (len(term) >= 2 and term in phrase.initials)
    ):
        return PINYIN_PART
    return 0.0


@dataclass(frozen=True)
class Entry:
    """An item as the search sees it: its phrases with a weight each (a name
    or alias counts fully, a department or domain name less) and how often it
    was taken at the centre."""

    key: int
    phrases: tuple[tuple[Phrase, float], ...]
    taken: int = 0


def entry(key: int, weighted: Iterable[tuple[str, float]], taken: int = 0) -> Entry:
    phrases = tuple((prepare(text), weight) for text, weight in weighted if normalise(text))
    return Entry(key=key, phrases=phrases, taken=taken)


def _best(term: str, item: Entry) -> float:
    return max((match(term, p) * w for p, w in item.phrases), default=0.0)


def _term_score(term: str, parts: list[str], item: Entry) -> float:
    """A term matches whole, or else word by word: every word that is not
    filler must match somewhere in the item ("社保卡 补换" in one breath)."""
    whole = _best(term, item)
    if whole or len(parts) < 2:
        return whole
    needed = [p for p in parts if p not in FILLER] or parts
    scores = [_best(p, item) for p in needed]
    if not all(scores):
        return 0.0
    return SPLIT_PENALTY * sum(scores) / len(scores)


@dataclass(frozen=True)
class Query:
    terms: tuple[tuple[str, tuple[str, ...]], ...]  # (term, its words)
    joined: tuple[str, tuple[str, ...]] | None  # "she bao ka" also read as one term


def parse(q: str) -> Query:
    """Whitespace separates terms (all must match); a term is normalised and
    segmented. Text with no letters or digits ("%") is no query at all."""
    raw = unicodedata.normalize("NFKC", q or "")[:100].split()[:8]
    terms = tuple((normalise(t), tuple(words(t))) for t in raw if normalise(t))
    joined = None
    if len(terms) > 1:
        text = "".join(t for t, _ in terms)
        joined = (text, tuple(words(text)))
    return Query(terms=terms, joined=joined)


def query_terms(q: str) -> list[str]:
    return [t for t, _ in parse(q).terms]


def score(query: Query, item: Entry, most_taken: int = 0) -> float:
    """0 when some term does not match; else the mean term score plus a
    popularity bonus that orders items within a tier, never across tiers."""
    if not query.terms:
        return 0.0
    scores = [_term_score(t, list(parts), item) for t, parts in query.terms]
    total = sum(scores) / len(scores) if all(scores) else 0.0
    if query.joined:
        total = max(total, _term_score(query.joined[0], list(query.joined[1]), item))
    if not total:
        return 0.0
    if item.taken and most_taken:
        total += POPULARITY * math.log1p(item.taken) / math.log1p(most_taken)
    return total


def rank(q: str, items: Iterable[Entry]) -> list[tuple[int, float]]:
    """The keys of matching items, best first, with their scores."""
    query = parse(q)
    items = list(items)
    most = max((i.taken for i in items), default=0)
    scored = [(i.key, score(query, i, most)) for i in items]
    return sorted(((k, s) for k, s in scored if s > 0), key=lambda ks: -ks[1])


_ALIAS_SEPARATORS = re.compile(r"[、,，;；/|\s]+")


def split_aliases(text: str) -> list[str]:
    """Aliases as stored: separated by 、 , ， ; ； / or white space."""
    return [a for a in _ALIAS_SEPARATORS.split(unicodedata.normalize("NFKC", text or "")) if a]


def search_text(*parts: str) -> str:
    """The text stored beside a version (normalised parts with their pinyin),
    for lookups in the database; ranking uses the prepared phrases above."""
    out = []
    for part in parts:
        phrase = prepare(part)
        out.extend(x for x in (phrase.text, phrase.pinyin, phrase.initials) if x)
    return "|" + "|".join(out) + "|"
