"""Question answering over the centre's published guides and articles, pure
functions: what the citizen asks about (intent), which guide or article answers
it (retrieval), and how sure we are (confidence).

Retrieval is BM25-shaped: every content word of the question is matched
against each document's phrases with the catalog search's tiers (word, prefix,
pinyin, initials, substring: catalog/search.py), plus the pinyin of Chinese
words so that homophone typos (社宝卡, 营业执找) still match; a word's weight is
its inverse document frequency, so 社保卡 counts more than 办理. A document's
score is the weighted share of the question it covers (0..1)."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from govhall.catalog import search

# --- intents: what about the item is asked ------------------------------------------

INTENTS: dict[str, tuple[str, ...]] = {
    "materials": (
        "带什么",
        "带啥",
        "要带",
        "带哪些",
        "材料",
        "资料",
        "证件",
        "准备什么",
        "准备啥",
        "需要什么",
        "要什么",
        "要啥",
        "需要哪些",
        "提供什么",
        "带上",
        "准备哪些",
    ),
    "time": (
        "多久",
        "多长时间",
        "几天",
        "多少天",
        "时限",
        "什么时候能",
        "啥时候能",
        "多快",
        "办好",
        "办完",
        "拿到",
        "能拿",
        "出证",
        "工作日",
        "要等",
    ),
    "windows": ("窗口", "几号", "柜台"),
    "fee": ("多少钱", "收费", "费用", "收钱", "要钱", "花钱", "免费", "工本费", "几块", "价格"),
    "hours": (
        "几点",
        "开门",
        "关门",
        "上班时间",
        "下班",
        "营业时间",
        "开放时间",
        "办公时间",
        "周末",
        "星期六",
        "星期天",
        "周六",
        "周日",
        "中午",
        "午休",
    ),
    "address": ("地址", "在哪里", "在哪儿", "怎么走", "怎么去", "位置", "坐车", "地铁", "停车"),
    "conditions": ("条件", "资格", "能不能办", "可以办吗", "符合", "谁能办", "能办吗"),
    "process": ("流程", "步骤", "手续", "程序", "怎么办理", "怎么弄", "咋办"),
    "phone": ("电话", "热线", "联系方式"),
}
# Where the centre, not an item, answers (its opening hours and address).
CENTRE_INTENTS = ("hours", "address")

# Words that say nothing about which item: the catalog's filler and the question's frame.
STOPWORDS = set(search.FILLER) | set(
    (
        "什么 啥 哪些 哪个 哪 多少 多 几 吗 呢 吧 啊 呀 嘛 么 是 有 没 没有 不 都 也 还 就 才 又"
        " 给 把 被 让 对 从 到 向 为 跟 这 那 这个 那个 您 你 他 她 它 我们 你们 咱 俺 人 事"
        " 东西 一 下 些 应该 必须 得 该 能够 可不可以 能不能 是不是 有没有 请 问 问下 问问"
        " 帮 帮忙 告诉 知道 了解 咨询 一般 大概 大约 现在 今天 明天 时候 时间 哪里 那里 这里"
        " 里 上 中 后 前 自己 家里 孩子 老人 本人 一起 同时 还是 或者 然后 如果 要是 想问"
        " 怎么办 怎么样 怎么 怎样 咋 咋样 多久 办好 办完 好 行 可以 手续 流程 如何 该怎么"
        " 业务 相关 关于 方面 情况 问题 地方 需 带 准备 提供 拿 交 弄 搞 整 用 去 来 找 走"
        " 哪儿 能 要 需要 想 想要 办 办理 处理 申请 申领 处 所 个 的 了 和 与 及 或 在 会"
    ).split()
)

# An item whose name says it replaces, changes or ends something is not what a
# citizen means by plainly "办营业执照": it needs its own word in the question.
SECONDARY_ACTIONS = {
    "遗失": ("丢", "遗失", "掉", "补", "找不到", "没了", "坏", "挂失"),
    "补": ("丢", "遗失", "掉", "补", "找不到", "没了", "坏", "挂失", "换"),
    "变更": ("变更", "改", "变", "换", "更改", "修改"),
    "注销": ("注销", "关", "销户", "不干", "撤销", "停业", "解押", "还清"),
    "再次": ("再次", "续", "再", "签注", "又"),
    "转移接续": ("转", "转移", "迁"),
    "查询": ("查", "查询", "打印", "证明"),
    # A bundle (一件事) is asked for by its occasion, not by one of its parts.
    "一件事": (
        "一件事",
        "公司",
        "企业",
        "开办",
        "注册",
        "退休",
        "身后",
        "去世",
        "丧葬",
        "二手房",
        "联办",
        "刻章",
        "水电",
    ),
}
SECONDARY_PENALTY = 0.85


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


@lru_cache(maxsize=1)
def _pinyin_stopwords() -> frozenset[str]:
    """The frame words as pinyin, for questions typed in pinyin ("zenme ban")."""
    out = set()
    for word in STOPWORDS | {w for words in INTENTS.values() for w in words}:
        full, _initials = search._pinyin(word)
        if full:
            out.add(full)
    return frozenset(out)


def intents(question: str) -> list[str]:
    """The intents the question names, in INTENTS order; pinyin counts too."""
    text = search.normalise(question)
    plain = re.sub(r"\s+", "", _fold(question))
    found = []
    for intent, keys in INTENTS.items():
        for key in keys:
            if key in plain or (text.isascii() and search._pinyin(key)[0] in text):
                found.append(intent)
                break
    return found


@lru_cache(maxsize=1)
def _intent_keys() -> tuple[str, ...]:
    """Every intent's words, longest first, to be cut out of the question."""
    keys = {k for ks in INTENTS.values() for k in ks}
    return tuple(sorted(keys, key=len, reverse=True))


# What people say for what the guides write (丢了 for 遗失, 取 for 提取): a word
# also matches as any of these.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "丢": ("遗失", "补办", "补领", "补发", "挂失", "补"),
    "丢了": ("遗失", "补办", "补领", "补发", "挂失", "补"),
    "掉": ("遗失", "补办", "补领", "补发", "挂失"),
    "掉了": ("遗失", "补办", "补领", "补发", "挂失"),
    "找不到": ("遗失", "补办", "补领", "补发", "挂失"),
    "坏": ("补换", "换卡"),
    "坏了": ("补换", "换卡"),
    "取": ("提取",),
    "取钱": ("提取",),
    "拿": ("提取", "领"),
    "领": ("申领", "领取"),
    "领钱": ("申领", "待遇"),
    "开": ("开具", "设立", "开办"),
    "改": ("变更",),
    "换": ("补换", "变更", "换卡"),
    "关": ("注销",),
    "关掉": ("注销",),
    "退": ("退休", "退税"),
    "生孩子": ("生育",),
    "生小孩": ("生育",),
    "看病": ("就医", "医疗"),
    "小孩": ("新生儿",),
    "宝宝": ("新生儿",),
    "娃": ("新生儿",),
    "老婆": ("结婚",),
    "老公": ("结婚",),
    "买房": ("购房",),
    "租房子": ("租房",),
    "房子": ("房屋", "房产"),
    "开店": ("个体户", "个体工商户"),
    "公司": ("企业",),
    "出国": ("护照",),
    "证明": ("证明", "开具"),
}


@dataclass(frozen=True)
class Term:
    """A content word of the question, or a run of them read as one (营业执找)."""

    text: str
    pinyin: str
    parts: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # its synonyms


def terms(question: str) -> list[Term]:
    """The question's content words: jieba words minus the frame, with each
    run of adjacent content words also kept whole."""
    text = _fold(question)[:200]
    for key in _intent_keys():
        text = text.replace(key, " ")
    pieces = search.words(text)
    pinyin_stop = _pinyin_stopwords()
    out: list[Term] = []
    run: list[str] = []

    def flush():
        if len(run) > 1:
            joined = "".join(run)
            out.append(Term(joined, search._pinyin(joined)[0], tuple(run)))
        run.clear()

    for piece in pieces:
        intent_word = any(
            piece == k or (len(piece) > 1 and piece in k) for ks in INTENTS.values() for k in ks
        )
        if piece in STOPWORDS or intent_word or (piece.isascii() and piece in pinyin_stop):
            flush()
            continue
        if piece.isdigit() and len(piece) < 4:
            flush()
            continue
        out.append(Term(piece, search._pinyin(piece)[0], (), SYNONYMS.get(piece, ())))
        run.append(piece)
    flush()
    # Pinyin typed with spaces ("she bao ka", "yi di jiu yi"): the syllables,
    # frame words included, also read as one word standing for the kept ones.
    ascii_all = [p for p in pieces if p.isascii() and not p.isdigit()]
    kept = tuple(t.text for t in out if t.text.isascii() and not t.parts)
    if len(ascii_all) > 1:
        out.append(Term("".join(ascii_all), "", kept or (ascii_all[0],)))
    return out


# --- documents -------------------------------------------------------------------------


@dataclass
class Doc:
    kind: str  # "item" or "article"
    code: str
    title: str
    phrases: tuple[tuple[search.Phrase, float], ...]
    body: str = ""  # the rest of its text, matched by substring only, weakly
    taken: int = 0
    items: tuple[str, ...] = ()  # an article's linked items
    payload: dict = field(default_factory=dict)


def doc(kind: str, code: str, title: str, weighted, *, body="", taken=0, items=(), payload=None):
    phrases = tuple((search.prepare(t), w) for t, w in weighted if search.normalise(t))
    return Doc(
        kind, code, title, phrases, search.normalise(body), taken, tuple(items), payload or {}
    )


BODY = 0.3  # a word found only in an article's answer or a guide's conditions


_BLUR = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"))


@lru_cache(maxsize=65536)
def blur(pinyin: str) -> str:
    """Pinyin with the sounds many speakers do not tell apart folded (zh/z,
    ch/c, sh/s, -ng/-n), so 护造 reads as 护照."""
    for a, b in _BLUR:
        pinyin = pinyin.replace(a, b)
    return pinyin


@lru_cache(maxsize=65536)
def _han_pinyin_match(pinyin: str, phrase: search.Phrase) -> float:
    """A Chinese word whose sound matches the phrase's: a homophone typo."""
    if len(pinyin) < 4:
        return 0.0
    if pinyin in phrase.word_pinyin or pinyin == phrase.pinyin:
        return search.PINYIN
    if len(pinyin) >= 6 and pinyin in phrase.pinyin:
        return search.PINYIN_PART + 15
    fuzzy = blur(pinyin)
    if fuzzy == blur(phrase.pinyin) or any(fuzzy == blur(p) for p in phrase.word_pinyin):
        return search.PINYIN_PREFIX
    return 0.0


# The catalog's match tiers read as how surely a word names the document: a
# pinyin or initials match is as sure as a word once it is a whole word.
TIERS = (
    (search.EXACT, 1.0),
    (search.WORD, 0.95),
    (search.PREFIX, 0.85),
    (search.PINYIN, 0.85),
    (search.PINYIN_PREFIX, 0.7),
    (search.INITIALS, 0.8),
    (search.INITIALS_PREFIX, 0.6),
    (search.SUBSTRING, 0.6),
    (search.PINYIN_PART, 0.35),
)
SYNONYM = 0.9  # a synonym's match counts a little less than the word's own


def _sure(score: float) -> float:
    for floor, value in TIERS:
        if score >= floor:
            return value
    return 0.0


def _phrase_match(text: str, pinyin: str, d: Doc) -> float:
    best = 0.0
    for phrase, weight in d.phrases:
        score = search.match(text, phrase)
        if not score and pinyin and not text.isascii():
            score = _han_pinyin_match(pinyin, phrase)
        best = max(best, _sure(score) * weight)
    return best


def term_match(term: Term, d: Doc) -> float:
    """How well one term matches a document, 0..1."""
    best = _phrase_match(term.text, term.pinyin, d)
    for other in term.also:
        if best >= SYNONYM:
            break
        best = max(best, SYNONYM * _phrase_match(other, "", d))
    if best < BODY and len(term.text) >= 2 and term.text in d.body:
        best = BODY
    return min(best, 1.0)


@dataclass
class Hit:
    doc: Doc
    score: float


def rank(question: str, docs: list[Doc]) -> list[Hit]:
    """Documents by the weighted share of the question they cover, best first."""
    found = terms(question)
    if not found or not docs:
        return []
    n = len(docs)
    matrix = [[term_match(t, d) for t in found] for d in docs]
    weights = []
    for j in range(len(found)):
        df = sum(1 for row in matrix if row[j] >= 0.5)
        weight = math.log(1 + (n + 1) / (1 + df))
        # A word no document has at all counts less: often the citizen's own
        # circumstance (机器, 磁条), not what they ask about.
        if not any(row[j] > 0 for row in matrix):
            weight *= UNKNOWN_WORD
        weights.append(weight)
    # A run read whole stands for its parts: count the better of the two once.
    groups: list[tuple[int, list[int]]] = []
    index = {t.text: j for j, t in enumerate(found) if not t.parts}
    covered: set[int] = set()
    for j, t in enumerate(found):
        if t.parts:
            members = [index[p] for p in t.parts if p in index]
            groups.append((j, members))
            covered.update(members)
    singles = [j for j in range(len(found)) if not found[j].parts and j not in covered]
    most = max((d.taken for d in docs), default=0)
    plain = search.normalise(question)
    core = _core(question)
    hits = []
    for d, row in zip(docs, matrix, strict=False):
        got = total = 0.0
        for j in singles:
            got += weights[j] * row[j]
            total += weights[j]
        for whole, members in groups:
            part_w = sum(weights[m] for m in members) or weights[whole]
            part_got = sum(weights[m] * row[m] for m in members)
            got += max(part_got, part_w * row[whole])
            total += part_w
        score = got / total if total else 0.0
        if score <= 0:
            continue
        if any(len(p.text) >= 3 and p.text in core for p, w in d.phrases if w >= 0.9):
            score += WHOLE_PHRASE
        if d.kind == "item" and _secondary(d.title, plain):
            score *= SECONDARY_PENALTY
        if d.taken and most:
            score += 0.02 * math.log1p(d.taken) / math.log1p(most)
        hits.append(Hit(d, score))
    hits.sort(key=lambda h: (-h.score, h.doc.kind != "item", h.doc.code))
    return hits


UNKNOWN_WORD = 0.6

# A name, alias or asked question found whole in the question ("交医保").
WHOLE_PHRASE = 0.15


def _core(question: str) -> str:
    text = _fold(question)[:200]
    for key in _intent_keys():
        text = text.replace(key, " ")
    return search.normalise(text)


def _secondary(title: str, question: str) -> bool:
    for word, asked in SECONDARY_ACTIONS.items():
        if word in title and not any(a in question for a in asked):
            return True
    return False


# --- confidence -----------------------------------------------------------------------

HANDOFF_BELOW = 0.5


def same_answer(a: Doc, b: Doc) -> bool:
    """An item and an article about it answer alike: no doubt between them."""
    return (
        (a.kind, a.code) == (b.kind, b.code)
        or (a.kind == "article" and b.code in a.items)
        or (b.kind == "article" and a.code in b.items)
    )


def confidence(hits: list[Hit]) -> float:
    """The top document's coverage, lowered when another answer is almost as good."""
    if not hits:
        return 0.0
    top = hits[0]
    rival = next((h for h in hits[1:] if not same_answer(top.doc, h.doc)), None)
    margin = top.score - (rival.score if rival else 0.0)
    sure = min(1.0, top.score) * (0.45 + 0.55 * min(1.0, margin / 0.2))
    return round(max(0.0, min(1.0, sure)), 2)
