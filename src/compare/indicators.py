"""Numeric baselines and targets extracted from plans, each with the sentence it came from.

:func:`extract_indicators` reads a cleaned plan (:class:`~compare.structure.CleanPlan`) and returns
one row per fact (``INDICATOR_COLUMNS``). Prose is read sentence by sentence and clause by clause:
metric mentions (registry aliases, longest first) are paired with the values that follow them,
enumerations with 分别 pair in order, trajectories (从A提高到B) give two facts. Flattened tables
after a ``表 N`` caption are read row by row, the year columns from the header. ``evidence`` is
always ``raw[start:end]``: the plan's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from compare.registry import OTHER, MetricMatcher, default_matcher, normalize_name
from compare.resources import simplified
from compare.structure import TABLE_CELL_SEPARATOR, CleanPlan, Paragraph, split_sentences

INDICATOR_COLUMNS = (
    "doc_id",
    "metric_id",
    "metric_raw",
    "kind",
    "year",
    "value",
    "unit",
    "comparator",
    "source",
    "evidence",
    "para_id",
    "start",
    "end",
    "flags",
)
COMPARATORS = ("=", ">=", "<=", ">", "<", "~", "qualitative", "change", "annual_change")

# --- vocabulary of the grammar (words, not reference data) -----------------------------------

_NUMBER = r"\d+(?:\.\d+)?"
# Units as plans write them -> canonical unit. Longest first in the pattern.
_UNITS = {
    "/10万": "/10万",
    "/10万人": "/10万",
    "/万": "/万",
    "‰": "‰",
    "%": "%",
    "个百分点": "%",
    "岁": "岁",
    "人": "人",
    "名": "人",
    "张": "张",
    "个": "个",
    "天": "天",
    "元": "元",
    "万元": "万元",
    "亿元": "亿元",
    "亿人": "亿人",
    "万人": "万人",
    "万人次": "万人次",
    "万": "万",
    "人次": "人次",
    "分钟": "分钟",
    "小时": "小时",
    "家": "家",
    "所": "所",
    "辆": "辆",
    "倍": "倍",
    "件/千人": "件/千人",
    "份/百万人": "份/百万人",
}
_UNIT_PATTERN = "|".join(map(re.escape, sorted(_UNITS, key=len, reverse=True)))
_VALUE = re.compile(
    # The look-ahead (the characters a value can start with) spares the engine trying every
    # comparator word at every position; it does not change what matches.
    r"(?=[不超高大低少小约≥≤><＞＜\d])"
    rf"(?P<before>不低于|不少于|不高于|不超过|超过|高于|大于|低于|少于|小于|约|≥|≤|>|<|＞|＜)?"
    rf"(?P<number>{_NUMBER})(?P<unit>{_UNIT_PATTERN})?"
    rf"(?P<after>及以上|及以下|以上|以下|以内|左右)?"
)
_RANGE = re.compile(r"\s*(?:~|～|—|–|-|－|至|到)\s*\d")  # right after a number
_RANGE_DASHES = "~～—–-－"  # before a number (white space between allowed)
_YEAR_NUMBER = re.compile(r"(19|20)\d{2}")
_YEAR_WORD = re.compile(r"\s*年")
_AGE_ENDS_CLAUSE = re.compile(r"(?:左右)?(?:[，,；;。]|$)")
_LIST_GOES_ON = re.compile(r"[、和及与]")
_BARE_NUMBER_END = re.compile(r"[，,；;。:：)）、和]")
_BEFORE = {"不低于": ">=", "不少于": ">=", "≥": ">=", "不高于": "<=", "不超过": "<=", "≤": "<=",
           "超过": ">", "高于": ">", "大于": ">", ">": ">", "＞": ">",
           "低于": "<", "少于": "<", "小于": "<", "<": "<", "＜": "<", "约": "~"}
_AFTER = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "左右": "~"}
_CHANGE_VERB = re.compile(r"(提高|提升|增加|增长|上升|下降|降低|减少)(了)?$")
_ANNUAL = re.compile(r"(每年|年均|逐年)(平均)?(提高|提升|增加|增长|上升|下降|降低|减少)$")
_TARGET_VERB_BEFORE = re.compile(r"(提高到|提升到|提高至|提升至|增加到|增长到|下降到|下降至|降低到|降低至|降到|降至|减少到|达到|达|为|控制在|保持在|稳定在|维持在|超过|不低于|不少于|不高于|不超过|低于|高于|少于|大于|小于|约|在)$")
_DECREASE = re.compile(r"下降|降低|减少|降")
_QUALITATIVE_PHRASES = (
    "同比例提高|逐步提高|逐步提升|稳步提高|稳步提升|持续提高|持续提升|不断提高|不断提升|显著提高|显著提升|明显提高|明显提升"
    "|进一步提高|进一步提升|有所提高|稳中有降|持续下降|逐步下降|逐年下降|持续降低|逐步降低|进一步降低|有效降低|明显下降|保持在较高水平|保持较高水平|全覆盖|稳中有升|只升不降"
)
_QUALITATIVE = re.compile(f"({_QUALITATIVE_PHRASES})")
_QUALITATIVE_BEFORE = re.compile(r"(不断提高|逐步提高|持续提高|进一步提高|提高|降低|提升)$")
# A year phrase; not a reference year (较2015年下降30%) nor a range start (2015年至2019年).
# (The look-ahead only lets the engine skip positions that cannot start a year quickly.)
_YEAR = re.compile(r"(?=[12])(?<![\d较比与])((?:19|20)\d{2})\s*年(?!\d|至|—|-|~)")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
# Verbs after which a number of years is a target, not an age band (为 and 在 are not: 为40岁以上…).
_AGE_VALUE_VERB = re.compile(r"(?:达到|提高到|提升到|提高至|提升至|增加到|增长到|保持在|稳定在|维持在)$")
_ENUMERATION_SPLIT = re.compile(r"、|和|及|与|以及")
_REVIEW_HEADING = re.compile(r"发展基础|发展回顾|现状|主要成就|取得成效|工作回顾|基本情况|十三五|“十三五”|回顾")
_DENOMINATOR_PREFIX = re.compile(r"^(每(?:千|万|十万|10万|百)(?:常住)?(?:人口|人|名居民|名)?(?:拥有)?)")
_COUNTED_UNITS = ("个", "家", "所", "人", "张", "辆", "人次", "万人", "万")
_SHARED_VALUE = re.compile(r"(?<![人年])均(?=达到|达|不低于|不少于|提高到|控制在|保持在|超过|在|为)")
_STARTS_WITH_VERB = re.compile(r"^(?:并|且|力争|均|要|应)?(?:达到|达|提高到|提升到|提高至|提升至|下降到|下降至|降低到|降至|控制在|保持在|稳定在|维持在|为|超过|不低于|不少于|不高于|不超过)")
_LEADING_NOISE = re.compile(r"^(?:到|至|截至)?(?:(?:19|20)\d{2}年(?:底|末)?)?(?:力争|确保|实现|全市|全县|全区|城乡|并|且|使|将|其中)*")


@dataclass(frozen=True)
class Value:
    start: int
    end: int
    number: float
    unit: str
    comparator: str
    text: str


@dataclass(frozen=True)
class DocumentContext:
    """What a plan's dates say: target year (horizon), baseline year and issue year."""

    horizon: int | None = None
    baseline_year: int | None = None
    issued_year: int | None = None


@dataclass
class _Fact:
    metric_id: str
    metric_raw: str
    kind: str
    year: int | None
    value: float | None
    unit: str
    comparator: str
    source: str
    para_id: int
    start: int
    end: int
    flags: list[str] = field(default_factory=list)


# --- values ------------------------------------------------------------------------------


def find_values(text: str) -> list[Value]:
    """Numeric values in normalized text, with their unit and comparator.

    Years (2025年), ages and bands (3岁以下婴幼儿), types (2型) and denominators (每10万) are
    not values.
    """
    values = []
    # The look-arounds below use pos/endpos instead of slices: no copies of the text per number.
    for match in _VALUE.finditer(text):
        before, number, unit_text, after = match.group("before", "number", "unit", "after")
        unit_text = unit_text or ""
        start, number_end, end = match.start("number"), match.end("number"), match.end()
        if len(number) == 4 and _YEAR_NUMBER.fullmatch(number) and _YEAR_WORD.match(text, number_end):
            continue
        previous = text[start - 1] if start else ""
        if previous in ("每", "第") or previous.isalpha() and previous.isascii():
            continue
        if previous == "." or previous.isdigit():
            continue
        if _RANGE.match(text, number_end) or _dash_before(text, start):
            continue  # a range (3.76~5.54‰) describes fluctuation, not a baseline or a target
        if unit_text in ("岁", "周岁") and not _AGE_ENDS_CLAUSE.match(text, end):
            # An age in a list is still a value when a target verb or 分别 says so: without this,
            # 人均预期寿命达到79.5岁、健康预期寿命达到70岁 and 分别达到79.5岁和70岁 silently lost 79.5.
            listed = _LIST_GOES_ON.match(text, end) and (
                _AGE_VALUE_VERB.search(text, 0, match.start()) or text.find("分别", 0, start) >= 0
            )
            if not listed:
                continue  # an age or age band: 3岁以下婴幼儿, 65岁老年人, 40岁以上、…人群
        if unit_text == "" and not after and not before:
            # A bare number counts only at a clause end (table cells, "比例为0"): not 2型, 0—3岁.
            if end < len(text) and not _BARE_NUMBER_END.match(text, end):
                continue
        comparator = "="
        if before:
            comparator = _BEFORE[before]
        if after:
            comparator = _AFTER[after]
        values.append(Value(match.start(), end, float(number), _UNITS.get(unit_text, unit_text), comparator, match.group()))
    return values


def _dash_before(text: str, position: int) -> bool:
    """Whether a dash, then only white space, comes right before ``position`` (…~5.54‰)."""
    position -= 1
    while position >= 0 and text[position].isspace():
        position -= 1
    return position >= 0 and text[position] in _RANGE_DASHES


_EVERY_YEAR_ENDS = re.compile(r"(每年|年均)(平均)?$")
_TO_ENDS = re.compile(r"(到|至)$")
_CAPPED_ENDS = re.compile(r"控制在$")


def _verb_comparator(text_before: str, value: Value) -> tuple[str, float]:
    """Comparator and signed number, given the words right before the value."""
    before = text_before[-8:]
    if _ANNUAL.search(before) or _EVERY_YEAR_ENDS.search(before):
        sign = -1 if _DECREASE.search(before) else 1
        return "annual_change", sign * value.number
    change = _CHANGE_VERB.search(before)
    if change and not _TO_ENDS.search(before):
        sign = -1 if _DECREASE.search(change.group(1)) else 1
        return "change", sign * value.number
    if value.comparator != "=":
        if _CAPPED_ENDS.search(before) and value.comparator == "=":
            return "<=", value.number
        return value.comparator, value.number
    if _CAPPED_ENDS.search(before):
        return "<=", value.number
    return "=", value.number


def units_agree(written: str, registry_unit: str) -> bool:
    """A unit as written agrees with the registry's (万 stands for 万人 or 万元)."""
    return not written or written == registry_unit or (written == "万" and registry_unit.startswith("万"))


# --- prose ---------------------------------------------------------------------------------


_TRAILING_VERBS = re.compile(r"(达到|提高到|提升到|下降到|降低到|降至|控制在|保持在|稳定在|维持在|达|为|不低于|不少于|不高于|不超过|低于|高于|少于|大于|小于|超过|分别|均|要|应|力争)+$")


def _clean_metric_raw(text: str) -> str:
    text = _LEADING_NOISE.sub("", text.strip(" ，,、。"))
    return _TRAILING_VERBS.sub("", text)


def _years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of year phrases outside book titles."""
    masked = _BOOK_TITLE.sub(lambda m: "□" * len(m.group()), text) if "《" in text else text
    return [(m.start(), int(m.group(1))) for m in _YEAR.finditer(masked)]


@dataclass
class _Context:
    document: DocumentContext
    review_section: bool
    paragraph_year: int | None


def _kind_and_year(year: int | None, year_source: str, context: _Context) -> tuple[str, int | None, str]:
    document = context.document
    if year is None and context.paragraph_year is not None:
        year, year_source = context.paragraph_year, "paragraph"
    if year is None and context.review_section:
        return "baseline", document.baseline_year, "section"
    if year is None:
        return "target", document.horizon, "horizon"
    reference = document.issued_year or document.baseline_year
    if context.review_section and (reference is None or year <= reference):
        return "baseline", year, year_source
    if document.baseline_year is not None and year <= document.baseline_year:
        return "baseline", year, year_source
    if document.issued_year is not None and year < document.issued_year:
        return "baseline", year, year_source
    return "target", year, year_source


def _propagate_prefix(items: list[str]) -> list[str]:
    """每千人口床位数、执业(助理)医师数: the shared denominator applies to every item."""
    prefix = _DENOMINATOR_PREFIX.match(items[0]) if items else None
    if not prefix:
        return items
    return [items[0]] + [item if _DENOMINATOR_PREFIX.match(item) else prefix.group(1) + item for item in items[1:]]


def expand_enumeration(items: list[str], matcher: MetricMatcher) -> list[str]:
    """Complete the items of 'A、B和C…': a shared denominator prefix (每千人口床位数、执业(助理)医师数)
    and a shared suffix (主要食品、主要农产品质量安全抽检合格率; 高血压和2型糖尿病患者规范管理服务率)
    are given to the items that lack them, when that makes a registry name."""
    items = _propagate_prefix(items)
    last = items[-1]
    expanded = []
    for item in items[:-1]:
        if not matcher.exact(item):
            item = next((item + last[k:] for k in range(1, len(last)) if matcher.exact(item + last[k:])), item)
        expanded.append(item)
    return [*expanded, last]


def split_enumeration(name: str, matcher: MetricMatcher) -> list[str]:
    """A name that lists several registry metrics, as its items; else ``[name]``."""
    if matcher.exact(name):
        return [name]
    items = [item for item in _ENUMERATION_SPLIT.split(name) if item]
    if len(items) < 2:
        return [name]
    expanded = expand_enumeration(items, matcher)
    return expanded if all(matcher.exact(item) for item in expanded) else [name]


_COUNT_WORD_ENDS = re.compile(r"(至少|不少于|累计|共|新增)$")
_COUNTED_NOUN = re.compile(r"(?:的)?([\u4e00-\u9fff()“”]{2,24}?)(?=[，,；;。、]|$)")
_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}")
_TRAJECTORY = re.compile(
    rf"(?:从|由)(?:(?P<y1>(?:19|20)\d{{2}})年(?:的)?)?(?P<v1>[^，,；;到至]*?{_NUMBER}[^，,；;到至]*?)"
    rf"(?P<verb>提高|提升|增加|增长|上升|下降|降低|减少|降)(?:到|至)(?:(?P<y2>(?:19|20)\d{{2}})年(?:的)?)?(?P<v2>.*)"
)
_DIGIT = re.compile(r"\d")
_LEADING_COMPARATOR = re.compile("|".join(sorted(_BEFORE, key=len, reverse=True)))


def _year_before(years: list[tuple[int, int]], position: int) -> int | None:
    """The last year phrase starting at or before ``position`` of the sentence."""
    for start, year in reversed(years):
        if start <= position:
            return year
    return None


class _SentenceReader:
    """Pairs metrics with values inside one normalized sentence."""

    def __init__(self, matcher: MetricMatcher, context: _Context):
        self.matcher = matcher
        self.context = context

    def read(
        self, sentence: str, years: list[tuple[int, int]] | None = None
    ) -> list[tuple[str, str, str | None, float | None, str, str, int | None, str]]:
        """Facts as (metric_id, metric_raw, kind, value, unit, comparator, year, year_source).

        ``years`` is ``_years_in(sentence)`` when the caller has it already.
        """
        facts = []
        if years is None:
            years = _years_in(sentence)
        clauses = []
        position = 0
        for piece in _CLAUSE_SPLIT.split(sentence):
            clauses.append((position, piece))
            position += len(piece) + 1
        carried_metric = None  # a metric named in a clause without a value: 水平显著提高,达到32%
        self.trajectory_years: tuple[int | None, int | None] = (None, None)
        # "水平显著提高,达到32%": a qualitative statement the next clause makes numeric is not kept.
        pending_qualitative: list = []
        for offset, clause in clauses:
            metrics = self.matcher.find(clause)
            if not _DIGIT.search(clause):
                # Values and trajectories need a digit: a clause without one can only state a
                # qualitative target or name the metric a later clause gives a value to.
                facts.extend(pending_qualitative)
                pending_qualitative = []
                if metrics:
                    sentence_year = _year_before(years, offset + len(clause))
                    year_source = "sentence" if sentence_year is not None else ""
                    pending_qualitative = self._qualitative(clause, metrics, sentence_year, year_source)
                    carried_metric = metrics[-1]
                continue
            values = find_values(clause)
            if metrics:
                values = [v for v in values if not any(m.start <= v.start < m.end for m in metrics)]
            sentence_year = _year_before(years, offset + (values[0].start if values else len(clause)))
            year_source = "sentence" if sentence_year is not None else ""
            trajectory = self._trajectory(clause, metrics, carried_metric, years, offset)
            if trajectory:
                facts.extend(trajectory)
                carried_metric = None
                continue
            if not values:
                facts.extend(pending_qualitative)
                pending_qualitative = self._qualitative(clause, metrics, sentence_year, year_source)
                carried_metric = metrics[-1] if metrics else carried_metric
                continue
            if "分别" in clause and len(values) >= 2:
                facts.extend(self._enumeration(clause, metrics, values, sentence_year, year_source))
                carried_metric = None
                continue
            shared = _SHARED_VALUE.search(clause) if "均" in clause else None
            if shared and len(values) == 1:
                items = [i for i in _ENUMERATION_SPLIT.split(_clean_metric_raw(clause[: shared.start()])) if i]
                if len(items) >= 2:
                    value = values[0]
                    comparator, number = _verb_comparator(clause[: value.start], value)
                    kind, year, source = _kind_and_year(sentence_year, year_source, self.context)
                    for item in expand_enumeration(items, self.matcher):
                        facts.append((self.matcher.lookup(item) or OTHER, item, kind, number, value.unit, comparator, year, source))
                    carried_metric = None
                    continue
            for index, value in enumerate(values):
                previous_end = values[index - 1].end if index else 0
                candidates = [m for m in metrics if previous_end <= m.start and m.end <= value.start]
                comparator, number = _verb_comparator(clause[max(0, value.start - 8) : value.start], value)
                if candidates:
                    metric = candidates[-1]
                    metric_id, raw = metric.metric_id, metric.text
                elif index == 0 and not metrics and carried_metric is not None and _STARTS_WITH_VERB.match(clause):
                    metric_id, raw = carried_metric.metric_id, carried_metric.text
                    pending_qualitative = [f for f in pending_qualitative if f[0] != metric_id]
                else:
                    raw = self._other_name(clause, previous_end, value)
                    if raw is None:
                        continue
                    metric_id = self.matcher.lookup(raw) or OTHER
                kind, year, source = _kind_and_year(sentence_year, year_source, self.context)
                facts.append((metric_id, raw, kind, number, value.unit, comparator, year, source))
            carried_metric = None
        return facts + pending_qualitative

    def _other_name(self, clause: str, previous_end: int, value: Value) -> str | None:
        """Name of an unregistered metric from the words around the value.

        '医疗废物处置在线监管率达95%' -> the words before; '80%的县级医院达到…' -> the words after
        的; '建设2个区域医疗中心' -> verb and counted noun; None when there are no such words.
        """
        after = clause[value.end :]
        noun = _COUNTED_NOUN.match(after)
        if after.startswith("的") and noun:
            return noun.group(1)
        counted = noun is not None and value.unit in _COUNTED_UNITS
        if not counted and not _TWO_HAN.search(clause, previous_end, value.start):
            return None  # cleaning only cuts the words' ends: it cannot make two characters meet
        before = _clean_metric_raw(_COUNT_WORD_ENDS.sub("", clause[previous_end : value.start]))
        if counted:
            return before + noun.group(1)
        return before if _TWO_HAN.search(before) else None

    def _trajectory(self, clause, metrics, carried, years, offset):
        if "从" not in clause and "由" not in clause:
            return []  # the pattern starts with one of them; a plain search costs more
        match = _TRAJECTORY.search(clause)
        if not match:
            return []
        first, second = find_values(match.group("v1")), find_values(match.group("v2"))
        if not first or not second:
            return []
        before = [m for m in metrics if m.end <= match.start()]
        metric = before[-1] if before else carried
        if metric is None:
            name = _clean_metric_raw(clause[: match.start()])
            metric_id, raw = (self.matcher.lookup(name) or OTHER), name
            if not _TWO_HAN.search(name):
                return []
        else:
            metric_id, raw = metric.metric_id, metric.text
        facts = []
        year1 = int(match.group("y1")) if match.group("y1") else None
        year2 = int(match.group("y2")) if match.group("y2") else None
        if year1 is None and year2 is None:  # 从2015年的A提高到2020年的B,C从X下降到Y: same years
            year1, year2 = self.trajectory_years
        else:
            self.trajectory_years = (year1, year2)
        kind1, y1, source1 = ("baseline", year1, "sentence") if year1 else ("baseline", None, "unstated")
        kind2, y2, source2 = _kind_and_year(year2, "sentence" if year2 else "", self.context)
        facts.append((metric_id, raw, kind1, first[0].number, first[0].unit or second[0].unit, "=", y1, source1))
        facts.append((metric_id, raw, kind2, second[0].number, second[0].unit or first[0].unit,
                      second[0].comparator, y2, source2))
        return facts

    def _enumeration(self, clause, metrics, values, year, year_source):
        head = clause[: clause.index("分别")]
        items = [item for item in _ENUMERATION_SPLIT.split(_clean_metric_raw(head)) if item]
        items = expand_enumeration(items, self.matcher) if items else items
        if len(items) != len(values):
            items = [m.text for m in metrics if m.end <= clause.index("分别")]
        if len(items) != len(values):
            return []
        after = clause[clause.index("分别") + 2 :]
        tail_comparator = next((_AFTER[w] for w in ("及以上", "及以下", "以上", "以下", "以内", "左右") if after.rstrip("。").endswith(w)), None)
        lead = _LEADING_COMPARATOR.match(after.lstrip("为达到在"))
        if lead:  # 分别少于11分钟和15分钟: the comparator before the first value holds for all
            tail_comparator = tail_comparator or _BEFORE[lead.group()]
        # A word cut from the front as noise (城乡, 全市) may begin the first item's registry name:
        # 城乡居民达到《国民体质测定标准》合格以上的人数比例、人均预期寿命分别… lost its metric without it.
        trimmed = head.strip(" ，,、。")
        noise = trimmed[: len(trimmed) - len(_LEADING_NOISE.sub("", trimmed, count=1))]
        if noise and items and not self.matcher.exact(items[0]) and self.matcher.exact(noise + items[0]):
            items = [noise + items[0], *items[1:]]
        facts = []
        for item, value in zip(items, values, strict=False):
            metric_id = self.matcher.lookup(item) or OTHER
            comparator, number = _verb_comparator(after[: max(0, value.start - len(clause) + len(after))], value)
            if tail_comparator and comparator == "=":
                comparator = tail_comparator
            if "控制在" in after and comparator == "=":
                comparator = "<="
            kind, y, source = _kind_and_year(year, year_source, self.context)
            facts.append((metric_id, item, kind, number, value.unit, comparator, y, source))
        return facts

    def _qualitative(self, clause, metrics, year, year_source):
        facts = []
        for metric in metrics:
            after = clause[metric.end : metric.end + 12]
            before = clause[max(0, metric.start - 6) : metric.start]
            if _QUALITATIVE.search(after) or _QUALITATIVE_BEFORE.search(before):
                kind, y, source = _kind_and_year(year, year_source, self.context)
                if kind == "target":
                    facts.append((metric.metric_id, metric.text, kind, None, "", "qualitative", y, source))
        return facts


# Asides that interrupt a metric name: 医疗服务收入(不含药品、耗材…)占医疗收入的比例.
_ASIDE = re.compile(r"\((?:不含|含|包括|包含|除)[^()]*\)")


def _normalize_sentence(text: str) -> str:
    """Text as matched: simplified characters, no pinyin glosses (預(yù)期), no asides, no spaces."""
    return _normalize_simplified(simplified(text))


# Pinyin glosses and asides open with a bracket; normalize_name changes only white space,
# full-width brackets and Ⅲ. A text with none of these is its own normalization.
_CHANGED_BY_NORMALIZING = re.compile(r"[\s(（）［］【】Ⅲ]")


def _normalize_simplified(text: str) -> str:
    """:func:`_normalize_sentence` of a text already converted to simplified characters."""
    if not _CHANGED_BY_NORMALIZING.search(text):
        return text
    return _ASIDE.sub("", normalize_name(_PINYIN.sub("", text)))


def _simplified_texts(texts: list[str]) -> list[str | None]:
    """Each text in simplified characters, as its sentences convert one by one; None where not.

    One OpenCC call for all the texts instead of one per sentence (each call costs ~3 µs
    besides the conversion). Slices of the result are the sentences' own conversions: t2s maps
    phrases of Chinese characters only, never across the punctuation or white space that ends
    a sentence (nor the line break joining the texts), and keeps their length
    (tests/test_indicators.py checks this). Should a conversion change the length, None tells
    the caller to convert each sentence on its own.
    """
    joined = "\n".join(texts)
    converted = simplified(joined)
    if len(converted) != len(joined):
        return [None] * len(texts)
    slices, position = [], 0
    for text in texts:
        slices.append(converted[position : position + len(text)])
        position += len(text) + 1
    return slices


# Without a digit, a sentence is read only for one of these words, and then only when it names a
# registry metric (all it can yield is a qualitative target). A plain list of words: the regex
# engine skips quickly to their first characters.
_STATES_A_TARGET = re.compile(f"{_QUALITATIVE_PHRASES}|提高|降低|提升")
# Each of those words holds one of these characters (tests/test_indicators.py checks it), and
# normalizing only deletes characters (spaces, pinyin, asides) or rewrites brackets and Ⅲ: a
# sentence of simplified text without a digit or one of them is not read, nor even normalized.
_MAY_BE_READ = re.compile(r"[\d提降升保覆]")
# Every fact but a registry metric's needs a Chinese character in its sentence: the name before
# the value, the noun after 的 or a counted unit (个, 家…), 分别, 均, 从…提高到; a year needs 年.
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _no_sentence_read(converted: str, matcher: MetricMatcher) -> bool:
    """Whether none of a paragraph's sentences can be read, judged on the whole paragraph (in
    simplified characters): most paragraphs have no number, some are a bare number."""
    if not _MAY_BE_READ.search(converted):
        return True
    if _CHANGED_BY_NORMALIZING.search(converted):
        return False  # normalizing a sentence may join words: read sentence by sentence
    # Each sentence, normalized, is now a slice of the paragraph: what the paragraph lacks, all
    # of its sentences lack. A sentence with a digit needs a Chinese character (_HAN) or a
    # metric; one without needs a target word and a metric.
    if _DIGIT.search(converted):
        return not _HAN.search(converted) and not matcher.mentions(converted)
    return not _STATES_A_TARGET.search(converted) or not matcher.mentions(converted)


def extract_from_prose(
    paragraph: Paragraph,
    plan: CleanPlan,
    *,
    context: DocumentContext,
    matcher: MetricMatcher,
    converted: str | None = None,
) -> list[_Fact]:
    """Facts stated in the sentences of a text paragraph.

    ``converted`` is the paragraph's text in simplified characters when the caller has it
    (see :func:`_simplified_texts`); without it the paragraph is converted here.
    """
    facts: list[_Fact] = []
    text = paragraph.text.text
    if converted is None:
        converted = _simplified_texts([text])[0]
    if converted is not None and _no_sentence_read(converted, matcher):
        return facts
    review = None
    paragraph_year = None
    for start, end in split_sentences(text):
        if converted is not None:
            if not _MAY_BE_READ.search(converted, start, end):
                continue
            sentence = converted[start:end]
        else:
            sentence = simplified(text[start:end])
            if not _MAY_BE_READ.search(sentence):
                continue
        normalized = _normalize_simplified(sentence)
        if _DIGIT.search(normalized):
            if not _HAN.search(normalized) and not matcher.mentions(normalized):
                continue  # a bare number such as a table cell on its own line: see _HAN
            years = _years_in(normalized)
        elif not _STATES_A_TARGET.search(normalized):
            continue  # nothing to read: no number, no qualitative target
        elif not matcher.mentions(normalized):
            continue  # without a number only a registry metric's qualitative target is read
        else:
            years = []
        if review is None:
            review = bool(_REVIEW_HEADING.search(" ".join(paragraph.heading_path)))
        reader = _SentenceReader(matcher, _Context(context, review, paragraph_year))
        read = reader.read(normalized, years)
        if read:
            raw_start, raw_end = paragraph.text.raw_span(start, end)
        for metric_id, raw, kind, number, unit, comparator, year, year_source in read:
            unit = unit or (matcher.unit(metric_id) if metric_id != OTHER else "")
            flags = [f"year:{year_source}"] if year_source and year_source != "sentence" else []
            if metric_id != OTHER:
                registry_unit = matcher.unit(metric_id)
                if not units_agree(unit, registry_unit) and comparator != "qualitative":
                    flags.append(f"unit_conflict:{unit}")
                unit = registry_unit
            facts.append(_Fact(metric_id, raw, kind, year, number, unit, comparator, "prose",
                               paragraph.para_id, raw_start, raw_end, flags))
        if years:
            paragraph_year = years[-1][1]
    return facts


# --- tables --------------------------------------------------------------------------------

_HEADER_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年?(?:目标值?|基期值?|基数|现状|预期)?$")
_NATURE = re.compile(r"^(预期性|约束性|预期|约束)$")
_SERIAL = re.compile(r"^\d{1,3}$")
_NAME_UNIT = re.compile(r"[（(]\s*([^（()）]*?)\s*[)）]\s*$")


def _table_cells(paragraph: Paragraph) -> list[tuple[str, int, int]]:
    """(cell text, clean start, clean end) of a table paragraph."""
    cells, position = [], 0
    text = paragraph.text.text
    for cell in text.split(TABLE_CELL_SEPARATOR):
        cells.append((cell, position, position + len(cell)))
        position += len(cell) + len(TABLE_CELL_SEPARATOR)
    return cells


def extract_from_table(
    paragraph: Paragraph,
    plan: CleanPlan,
    *,
    context: DocumentContext,
    matcher: MetricMatcher,
) -> list[_Fact]:
    """Facts of a flattened indicator table: header year columns, then numbered rows."""
    cells = _table_cells(paragraph)
    year_columns = [i for i, (text, _, _) in enumerate(cells[:12]) if _HEADER_YEAR.match(text)]
    if not year_columns:
        return []
    years = [int(_HEADER_YEAR.match(cells[i][0]).group(1)) for i in year_columns]
    kinds = ["baseline" if i == 0 and len(years) > 1 else "target" for i in range(len(years))]
    facts: list[_Fact] = []
    rows = _table_rows(cells, year_columns[-1] + 1)
    for first, name_index, stop in rows:
        name = cells[name_index][0]
        nature_index = next((i for i in range(name_index + 1, stop) if _NATURE.match(cells[i][0])), None)
        nature = cells[nature_index][0] if nature_index is not None else ""
        value_cells = cells[name_index + 1 : nature_index if nature_index is not None else stop]
        if nature_index is not None:
            stop = nature_index + 1  # cells after it are the next row's domain label (健康 / 生活)
        unit_match = _NAME_UNIT.search(name)
        table_unit = _UNITS.get(unit_match.group(1), unit_match.group(1)) if unit_match else ""
        bare_name = _NAME_UNIT.sub("", name).strip()
        metric_id = matcher.lookup(bare_name) or OTHER
        raw_start, _ = paragraph.text.raw_span(cells[first][1], cells[first][2])
        _, raw_end = paragraph.text.raw_span(cells[stop - 1][1], cells[stop - 1][2])
        flags_base = [f"nature:{nature}"] if nature else []
        if len(value_cells) > len(years):
            # A cell broken over lines: the extra pieces belong to the first year column.
            extra = len(value_cells) - len(years) + 1
            merged = ",".join(c[0] for c in value_cells[:extra])
            value_cells = [(merged, value_cells[0][1], value_cells[extra - 1][2]), *value_cells[extra:]]
        columns = list(range(len(years)))[len(years) - len(value_cells) :]
        items = split_enumeration(bare_name, matcher)
        for column, (cell_text, _, _) in zip(columns, value_cells, strict=False):
            flags = list(flags_base)
            if len(value_cells) < len(years):
                flags.append("column_assumed")
            parsed = _table_values(_normalize_sentence(cell_text))
            names = _assign_items(items, [label for label, *_ in parsed]) if len(items) > 1 else None
            for position, (label, number, unit, comparator) in enumerate(parsed):
                unit = unit or table_unit
                row_metric, raw = metric_id, bare_name
                if names is not None:
                    raw = names[position]
                    row_metric = matcher.exact(raw) or metric_id
                elif label:
                    raw = f"{bare_name}({label})"
                row_flags = list(flags)
                if row_metric != OTHER:
                    registry_unit = matcher.unit(row_metric)
                    if not units_agree(unit, registry_unit) and comparator != "qualitative":
                        row_flags.append(f"unit_conflict:{unit}")
                    unit = registry_unit
                facts.append(_Fact(row_metric, raw, kinds[column], years[column], number, unit, comparator,
                                   "table", paragraph.para_id, raw_start, raw_end, row_flags))
    return facts


def _assign_items(items: list[str], labels: list[str]) -> list[str] | None:
    """Which enumerated metric each labelled value of a cell belongs to (城镇80左右,居民70).

    A label found inside an item's name goes to that item; the rest are matched in order.
    Returns None when the counts differ.
    """
    if len(labels) != len(items):
        return None
    assigned: list[str | None] = [next((i for i in items if label and label in i), None) for label in labels]
    free = [i for i in items if i not in assigned]
    return [item if item is not None else free.pop(0) for item in assigned]


def _is_name_cell(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]{2}", text)) and not _NATURE.match(text)


def _table_rows(cells: list[tuple[str, int, int]], begin: int) -> list[tuple[int, int, int]]:
    """(first cell, name cell, one past the last cell) of each row after the header.

    Rows start at serial numbers 1, 2, 3 … each followed by a name; a table without a serial
    column is cut after each 预期性/约束性 cell instead, its name being the first long cell.
    """
    starts = []
    expected = 1
    for index in range(begin, len(cells) - 1):
        if cells[index][0] == str(expected) and _is_name_cell(cells[index + 1][0]):
            starts.append(index)
            expected += 1
    if starts:
        bounds = [*starts[1:], len(cells)]
        return [(start, start + 1, stop) for start, stop in zip(starts, bounds, strict=False)]
    rows, first = [], begin
    for index in range(begin, len(cells)):
        if _NATURE.match(cells[index][0]):
            names = [i for i in range(first, index) if _is_name_cell(cells[i][0]) and len(cells[i][0]) >= 4]
            if names:
                rows.append((first, names[0], index + 1))
            first = index + 1
    return rows


def _table_values(cell: str) -> list[tuple[str, float | None, str, str]]:
    """(label, number, unit, comparator) of a table cell: '<4.8', '同比例提高', '城镇80左右,居民70'."""
    values = find_values(cell)
    if not values:
        if _QUALITATIVE.search(cell) or re.search(r"提高|下降|降低|稳定|持平", cell):
            return [("", None, "", "qualitative")]
        return []
    results = []
    previous_end = 0
    for value in values:
        before = cell[previous_end : value.start]
        label = re.sub(r"(稳定在|保持在|控制在|力争|每年|年均|降低|下降|提高|[，,、])", "", before)
        comparator, number = _verb_comparator(before, value)
        results.append((label if re.fullmatch(r"[\u4e00-\u9fff]{1,6}", label or "") else "", number, value.unit, comparator))
        previous_end = value.end
    return results


# --- documents ------------------------------------------------------------------------------

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"[（(]((?:19|20)\d{2})\s*[—–\-－~至到]+\s*((?:19|20)\d{2})\s*年?[)）]")
_FIVE_YEAR_PLANS = {"十二五": (2015, 2010), "十三五": (2020, 2015), "十四五": (2025, 2020), "十五五": (2030, 2025)}


def infer_context(
    plan: CleanPlan,
    *,
    horizon: int | None = None,
    baseline_year: int | None = None,
    issued: str | int | None = None,
) -> DocumentContext:
    """Dates of a plan: given values win; the rest is read from its title and opening text.

    ``十四五`` in the title gives horizon 2025 and baseline 2020; ``2022年…工作要点`` gives 2022;
    ``(2020—2022年)`` gives 2022; the issue year is the latest ``YYYY年M月D日`` before the first
    heading.
    """
    opening = []
    for paragraph in plan.paragraphs:
        if paragraph.kind == "heading":
            break
        opening.append(paragraph.text.text)
    head = "\n".join(opening[:12])
    issued_year = int(str(issued)[:4]) if issued else None
    if issued_year is None:
        dates = [int(y) for y in re.findall(r"((?:19|20)\d{2})年\d{1,2}月\d{1,2}日", head)]
        issued_year = max(dates) if dates else None
    title_like = [t for t in opening if re.search(r"规划|方案|要点|意见|计划|纲要", t) and len(t) <= 80]
    for name, (plan_horizon, plan_baseline) in _FIVE_YEAR_PLANS.items():
        if any(name in t for t in title_like):
            horizon = horizon or plan_horizon
            baseline_year = baseline_year or plan_baseline
            break
    for text in title_like:
        period = _PERIOD.search(text)
        if period and horizon is None:
            horizon = int(period.group(2))
        year = _TITLE_YEAR.search(text)
        if year and horizon is None and re.search(r"要点|计划", text):
            horizon = int(year.group(1))
    if horizon is None:
        targets = [int(y) for y in re.findall(r"到((?:19|20)\d{2})\s*年", plan.text)]
        horizon = min(targets) if targets else issued_year
    if baseline_year is None and horizon is not None and issued_year is not None and horizon == issued_year:
        baseline_year = horizon - 1
    return DocumentContext(horizon=horizon, baseline_year=baseline_year, issued_year=issued_year)


def _merge_table_and_prose(facts: list[_Fact]) -> list[_Fact]:
    """The same registry fact in a table and in prose is one row (the table's) citing both."""
    table = {(f.metric_id, f.kind, f.year, f.value): f for f in facts if f.source == "table" and f.metric_id != OTHER}
    kept = []
    for fact in facts:
        key = (fact.metric_id, fact.kind, fact.year, fact.value)
        if fact.source == "prose" and fact.metric_id != OTHER and key in table:
            table[key].flags.append(f"also_prose:{fact.start}-{fact.end}")
            continue
        kept.append(fact)
    return kept


def extract_indicators(
    plan: CleanPlan,
    *,
    horizon: int | None = None,
    baseline_year: int | None = None,
    issued: str | int | None = None,
    matcher: MetricMatcher | None = None,
) -> pd.DataFrame:
    """Every numeric baseline and target of a cleaned plan, one row per fact.

    Columns ``INDICATOR_COLUMNS``: ``metric_id`` from the registry (``other`` with the plan's
    own name in ``metric_raw`` when none fits), ``kind`` baseline|target, ``year``, ``value``
    (empty for qualitative targets; the change for ``change``/``annual_change``), ``unit`` (the
    registry's), ``comparator``, ``source`` prose|table, ``evidence`` = ``raw[start:end]``,
    ``para_id`` and ``flags`` (``;``-separated: where the year came from, ``unit_conflict:…``,
    ``nature:约束性``, ``also_prose:start-end``, ``column_assumed``).
    """
    rows = indicator_rows(plan, horizon=horizon, baseline_year=baseline_year, issued=issued, matcher=matcher)
    if not rows:
        table = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
        table["year"] = table["year"].astype("Int64")
        table["value"] = table["value"].astype("Float64")
        return table
    # Column by column: pandas infers each column once, not row by row, and the nullable
    # year and value arrays are built directly instead of converted after the fact.
    columns = dict(zip(INDICATOR_COLUMNS, map(list, zip(*rows, strict=True)), strict=True))
    columns["year"] = pd.array(columns["year"], dtype="Int64")
    columns["value"] = pd.array(columns["value"], dtype="Float64")
    return pd.DataFrame(columns)


def indicator_rows(
    plan: CleanPlan,
    *,
    horizon: int | None = None,
    baseline_year: int | None = None,
    issued: str | int | None = None,
    matcher: MetricMatcher | None = None,
) -> list[tuple]:
    """The rows of :func:`extract_indicators` as plain tuples (``INDICATOR_COLUMNS`` order; a
    missing year or value is ``None``), for callers that need no DataFrame."""
    matcher = matcher or default_matcher()
    context = infer_context(plan, horizon=horizon, baseline_year=baseline_year, issued=issued)
    facts: list[_Fact] = []
    prose = [paragraph for paragraph in plan.paragraphs if paragraph.kind == "text"]
    converted = iter(_simplified_texts([paragraph.text.text for paragraph in prose]))
    for paragraph in plan.paragraphs:
        if paragraph.kind == "table":
            facts.extend(extract_from_table(paragraph, plan, context=context, matcher=matcher))
        elif paragraph.kind == "text":
            facts.extend(extract_from_prose(paragraph, plan, context=context, matcher=matcher,
                                            converted=next(converted)))
    facts = _merge_table_and_prose(facts)
    seen = set()
    rows = []
    for fact in facts:
        key = (fact.metric_id, fact.metric_raw, fact.kind, fact.year, fact.value, fact.comparator, fact.start)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            (plan.doc_id, fact.metric_id, fact.metric_raw, fact.kind, fact.year, fact.value, fact.unit,
             fact.comparator, fact.source, plan.raw[fact.start : fact.end], fact.para_id, fact.start,
             fact.end, ";".join(fact.flags))
        )
    return rows
