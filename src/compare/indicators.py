"""Numeric baselines and targets extracted from plans, each with the sentence it came from.

:func:`extract_indicators` reads a cleaned plan (:class:`~compare.structure.CleanPlan`) and returns
one row per fact (``INDICATOR_COLUMNS``). ``evidence`` is always ``raw[start:end]``: the plan's own
text. The work is done in stages, each testable on its own:

1. The document's context (:func:`infer_context`): its date (given, or :func:`document_date`),
   horizon and base year, whether it plans or reports, whose plan it is.
2. Numbers as written become plain numbers (:mod:`compare.numbers`), then values are found with
   their unit and comparator (:func:`find_values`).
3. Values are linked to metrics (registry aliases, longest first) clause by clause: the nearest
   metric before a value, enumerations (分别), trajectories (从A提高到B), asides (81岁(2020年为80.2岁)),
   reference levels (较2015年的75.6岁), elided names, another place's figure.
4. Kind, year and scope are decided from cue words (:mod:`compare.cues`, a data file), the periods
   and years of the sentence, paragraph and title, and the document's context.
5. Tables flattened one cell or one row per line are read by column roles (:func:`extract_from_cells`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from compare.cues import FIVE_YEAR_PLANS, CueBook, CueMatch, default_cues, period_years, periods_in
from compare.errors import expect
from compare.numbers import arabic_dates, arabic_numbers, may_rewrite
from compare.registry import OTHER, AliasMatch, MetricMatcher, default_matcher, normalize_name
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
    "scope",
    "scope_raw",
    "source",
    "evidence",
    "para_id",
    "start",
    "end",
    "flags",
)
COMPARATORS = ("=", ">=", "<=", ">", "<", "~", "range", "qualitative", "change", "annual_change")
SCOPES = ("plan", "national", "province", "other")

# --- vocabulary of the grammar (words, not reference data) -----------------------------------

_NUMBER = r"\d+(?:\.\d+)?"
# Units as plans write them -> canonical unit. Longest first in the pattern.
_UNITS = {
    "/10万": "/10万",
    "/10万人": "/10万",
    "人/10万人": "/10万",  # 孕产妇死亡率平均为14.13人/10万人
    "人/10万": "/10万",
    "/100000": "/10万",  # 20.91/100000
    "/十万": "/10万",
    "/1000": "‰",  # 婴儿死亡率3.21/1000
    "/万": "/万",
    "‰": "‰",
    "/‰": "‰",  # 6.44/‰
    "/千": "‰",  # 婴儿死亡率为2.53/千 (not 个/千人: see _UNIT_PATTERN)
    "%": "%",
    "个百分点": "个百分点",
    "百分点": "个百分点",
    "岁": "岁",
    "周岁": "岁",
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
_UNIT_PATTERN = "|".join(
    "/千(?![人常户])" if unit == "/千" else re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True)
)
_VALUE = re.compile(
    # The look-ahead (the characters a value can start with) spares the engine trying every
    # comparator word at every position; it does not change what matches.
    r"(?=[不超高大低少小约逾突≥≤><＞＜\d])"
    rf"(?P<before>不低于|不少于|不高于|不超过|超过|突破|高于|大于|低于|少于|小于|约|逾|超|≥|≤|>|<|＞|＜)?"
    rf"(?P<number>{_NUMBER})(?P<unit>{_UNIT_PATTERN})?"
    rf"(?P<after>及以上|及以下|以上|以下|以内|左右)?"
)
_RANGE = re.compile(r"\s*(?:~|～|—|–|-|－|至|到)\s*\d")  # right after a number
# The high end of a range: 20%-22%, 80岁至81岁, 3.76~5.54‰.
_RANGE_HIGH = re.compile(rf"\s*(?:~|～|—|–|-|－|至|到)\s*(?P<number>{_NUMBER})(?P<unit>{_UNIT_PATTERN})?")
_FLUCTUATION = re.compile(r"(?:之间)?(?:波动|浮动|徘徊)")
_RANGE_DASHES = "~～—–-－"  # before a number (white space between allowed)
_YEAR_NUMBER = re.compile(r"(19|20)\d{2}")
_YEAR_WORD = re.compile(r"\s*年")
_AGE_ENDS_CLAUSE = re.compile(r"(?:左右)?(?:[，,；;。)）”]|$)")
_LIST_GOES_ON = re.compile(r"[、和及与]")
_BARE_NUMBER_END = re.compile(r"[，,；;。:：)）(（、和]")
_BEFORE = {"不低于": ">=", "不少于": ">=", "≥": ">=", "不高于": "<=", "不超过": "<=", "≤": "<=",
           "超过": ">", "突破": ">", "逾": ">", "超": ">", "高于": ">", "大于": ">", ">": ">", "＞": ">",
           "低于": "<", "少于": "<", "小于": "<", "<": "<", "＜": "<", "约": "~"}
_AFTER = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "左右": "~"}
# The verbs of a change (one list: the patterns below that name a change use it).
_CHANGE_VERBS = "提高|提升|增加|增长|上升|下降|降低|减少|延长|缩短"
# The words that name another place's figure (全省, 全国平均 …) in a comparison.
_OTHER_PLACE_WORDS = "全国|全省|全市|全区|全县|我国|本省|本市|省|市"
_CHANGE_VERB = re.compile(rf"({_CHANGE_VERBS})(了)?$")
_CHANGE_NOUN = re.compile(rf"({_CHANGE_VERBS})(比例|幅度)(为|达到|达)?$")
_ANNUAL = re.compile(rf"(每年|年均|逐年)(平均)?({_CHANGE_VERBS})$")
_DECREASE = re.compile(r"下降|降低|减少|降|缩短")
_QUALITATIVE_PHRASES = (
    "同比例提高|逐步提高|逐步提升|稳步提高|稳步提升|持续提高|持续提升|不断提高|不断提升|显著提高|显著提升|明显提高|明显提升"
    "|进一步提高|进一步提升|有所提高|稳中有降|持续下降|逐步下降|逐年下降|持续降低|逐步降低|进一步降低|有效降低|明显下降|保持在较高水平|保持较高水平|全覆盖|稳中有升|只升不降"
)
_QUALITATIVE = re.compile(f"({_QUALITATIVE_PHRASES})")
_QUALITATIVE_BEFORE = re.compile(r"(不断提高|逐步提高|持续提高|进一步提高|提高|降低|提升)$")
# A year phrase; not a reference year (较2015年下降30%) nor a range start (2015年至2019年).
# (The look-ahead only lets the engine skip positions that cannot start a year quickly.)
# (年 followed by a month is a date: 2020年10月, 2020年1-6月; by another number, the year of a value:
# 健康中国行动2022年77.7岁的目标.)
_YEAR = re.compile(r"(?=[12])(?<![\d较比与由从])((?:19|20)\d{2})\s*年(?!\d{1,2}\s*(?:月|至|—|-|~)|至|—|-|~|的?基础)")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_PLAN_END = re.compile(r"“?(十[一二三四五]五)”?(?:时期|规划)?(?:末|期末)")
# A national population census dates what it measured (第六次人口普查, 六普): its year.
_CENSUS = re.compile(r"第([一二三四五六七])次(?:全国)?人口普查|(?<![一二三四五六七])([四五六七])普(?=数据|资料|时|[，,。）)])")
# A year written without 年 before the place a report is about (据2010安庆城区…数据显示,
# 2023鄂州市居民健康素养监测报告): not a count (2012个社区 …), whose counter comes first.
_YEAR_BEFORE_PLACE = re.compile(
    r"(?<![\d.较比与由从])((?:19|20)\d{2})(?=(?![个家名人张所项次例万亿元户床辆台座处支批篇件条余多])"
    r"[\u4e00-\u9fff]{1,5}?(?:省|市|县|区|州|旗|盟))"
)
_CENSUS_YEARS = dict(zip("一二三四五六七", (1953, 1964, 1982, 1990, 2000, 2010, 2020), strict=True))
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")  # 預(yù)期, 預（yù）期
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
# Verbs after which a number of years is a target, not an age band (为 and 在 are not: 为40岁以上…).
_AGE_VALUE_VERB = re.compile(r"(?:达到|提高到|提升到|提高至|提升至|增加到|增长到|增至|增加至|升至|保持在|稳定在|维持在)了?$")
_ENUMERATION_SPLIT = re.compile(r"、|和|及|与|以及")
_REVIEW_HEADING = re.compile(r"发展基础|发展回顾|现状|主要成就|取得成效|工作回顾|基本情况|十三五|“十三五”|回顾")
_DENOMINATOR_PREFIX = re.compile(r"^(每?(?:千|万|十万|10万|百)(?:常住|户籍)?(?:人口|人均|人|名居民|名)?(?:拥有)?)(?!元|人次)")
_COUNTED_UNITS = ("个", "家", "所", "人", "张", "辆", "人次", "万人", "万")
_SHARED_VALUE = re.compile(r"(?<![人年])均(?=达到|达|不低于|不少于|提高到|控制在|保持在|超过|在|为)")
_STARTS_WITH_VERB = re.compile(r"^(?:并|且|力争|均|要|应|已|分别)?(?:达到|达|提高到|提升到|提高至|提升至|增至|增加到|增加至|升至|下降到|下降至|降低到|降至|降为|控制在|保持在|稳定在|维持在|为|超过|不低于|不少于|不高于|不超过)")
# Nothing but a time and a verb before a value: 到2025年力争达到….
_THROUGHOUT = re.compile(r"连年|连续|持续|一直|始终|均保持|保持在")
# A sentence (or a paragraph) that opens with the five years up to now: 这五年，… 五年来，…
_SPAN_BACK_FROM_NOW = re.compile(r"\s*(?:这五年|五年来|过去五年)")
# An era, not a year: a level of 建国初期, 和平解放初期 or 1949年前 is of no year the text states.
_UNDATED_ERA = re.compile(r"(?:和平)?解放初期|解放前|建国初期|建国前|新中国成立(?:之?初期?|前)|(?:19|20)\d{2}年(?:以)?前")
_QUOTED_PLAN = re.compile(r"(?:实现|完成|达到)了?(?:[^，。；]{0,6})《(?P<title>[^》]{2,60})》(?:中|提出的|确定的|规定的)")
_ONLY_A_VERB = re.compile(
    r"而?(?:(?:到|至)?(?:19|20)\d{2}年(?:底|末)?)?(?:第[一二三四五六七八九十]+次(?:全国)?人口普查时?)?(?:并|且|力争|均|要|应|已|将|预计)*"
    r"(?:达到|达|为|提高到|提升到|提高至|提升至|增至|增加到|升至|下降到|下降至|降低到|降至|降为|控制在|保持在|稳定在|维持在|超过"
    r"|目标值?为|目标是)了?"  # 2020年…为78.5岁，2025年目标为80岁
)
# 3.新生儿、婴儿…: an item number is not part of a name (5岁以下 is: no point after the 5)
_LEADING_NOISE = re.compile(r"^(?:\d{1,2}[.．、](?!\d)|(?:到|至|截至)?(?:19|20)\d{2}年(?:底|末)?|力争|确保|实现|全市|全县|全区|城乡|并|且|使|将|其中)*")


class Value(NamedTuple):
    """A value found in normalized text (a tuple: one is made for every number read)."""

    start: int
    end: int
    number: float
    unit: str
    comparator: str
    text: str
    high: float | None = None  # the high end of a range (comparator "range")


@dataclass(frozen=True)
class DocumentContext:
    """What a plan says about itself: target year (horizon), baseline year, its own date, whether
    it plans or reports (``kind`` plan|report), and whose plan it is (``place``, ``level``
    nation|province|local)."""

    horizon: int | None = None
    baseline_year: int | None = None
    issued_year: int | None = None
    kind: str = "plan"
    place: str = ""
    level: str = ""
    period: tuple[int, int] | None = None  # the period a report's title names (“十三五”…成绩单)


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
    scope: str = "plan"
    scope_raw: str = ""


# --- values ------------------------------------------------------------------------------


def find_values(text: str) -> list[Value]:
    """Numeric values in normalized text, with their unit and comparator.

    Years (2025年), ages and bands (3岁以下婴幼儿), types (2型), denominators (每10万, /10万) and
    fluctuation bands (在3.76~5.54‰之间波动) are not values. A range (20%-22%, 80岁至81岁) is one
    value with comparator ``range``: ``number`` is its low end, ``high`` its high end.
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
        if previous in ("每", "第", "/") or previous.isalpha() and previous.isascii():
            continue
        if previous == "." or previous.isdigit():
            continue
        if unit_text == "人" and text.startswith("均", match.end("unit")):
            continue  # 1人均预期寿命: a serial number before 人均, not 1 person
        if _DATE_AT.match(text, start) or len(number) > 9:
            continue  # a date (2021-09-18) or an identifier (索引号 00511755800…), not a value
        if _dash_before(text, start):
            continue  # the high end of a range read with its low end
        high = None
        range_high = _RANGE_HIGH.match(text, match.end("unit") if unit_text else number_end) if not after else None
        if range_high:
            if _FLUCTUATION.match(text, range_high.end()) or text.startswith("年", range_high.end()):
                continue  # a band the level moves in, or a span of years: not a level
            if not unit_text and _YEAR_NUMBER.fullmatch(number) and _YEAR_NUMBER.fullmatch(range_high.group("number")):
                continue  # (2021-2025): a span of years
            high = float(range_high.group("number"))
            unit_text = unit_text or range_high.group("unit") or ""
            end = range_high.end()
            tail = _VALUE_TAIL.match(text, end)
            after = tail.group() or None if tail else None
            end = tail.end() if tail else end
        elif _RANGE.match(text, number_end):
            continue
        if unit_text in ("岁", "周岁") and "." not in number and not _AGE_ENDS_CLAUSE.match(text, end):
            # A whole age followed by more words is an age band (3岁以下婴幼儿, 65岁老年人; never
            # 85.49岁(男性…): ages of bands are whole) unless a
            # target verb comes right before it or 分别 lists it: 人均预期寿命达到79.5岁、健康预期
            # 寿命达到70岁, 分别达到79.5岁和70岁, 达到83.2岁 千人床位数…
            verb_before = _AGE_VALUE_VERB.search(text, 0, match.start())
            listed = _LIST_GOES_ON.match(text, end) and (verb_before or text.find("分别", 0, start) >= 0)
            if not listed and not (verb_before and not after) and not _LEVEL_OF_WHOM.match(text, end):
                continue
        if unit_text == "" and not after and not before and high is None:
            # A bare number counts only at a clause end (table cells, "比例为0"): not 2型, 0—3岁.
            if end < len(text) and not _BARE_NUMBER_END.match(text, end):
                continue
        comparator = "="
        if before:
            comparator = _BEFORE[before]
        if after:
            comparator = _AFTER[after]
        if high is not None:
            comparator = "range"
        values.append(Value(match.start(), end, float(number), _UNITS.get(unit_text, unit_text), comparator,
                            text[match.start():end], high))
    return values


_DATE_AT = re.compile(r"(?:19|20)\d{2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}|(?:19|20)\d{2}年\d{1,2}月")
_LEVEL_OF_WHOM = re.compile(r"的(?:目标|水平|平均水平)")
_VALUE_TAIL = re.compile(r"(?:及以上|及以下|以上|以下|以内|左右)?")


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
    if _CHANGE_NOUN.search(before):  # 下降比例为18.5%, 提高幅度达到5%
        return "change", (-1 if _DECREASE.search(before) else 1) * value.number
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


_TRAILING_VERBS = re.compile(r"(达到|提高到|提升到|增至|增加到|升至|下降到|降低到|降至|降为|控制在|保持在|稳定在|维持在|达|为|不低于|不少于|不高于|不超过|低于|高于|少于|大于|小于|超过|分别|均|要|应|力争)+$")


def _clean_metric_raw(text: str) -> str:
    text = _LEADING_NOISE.sub("", text.strip(" ，,、。"))
    return _TRAILING_VERBS.sub("", text)


def _without_titles(text: str) -> str:
    """``text`` with book titles (《…》) blanked out, same length: their years date nothing."""
    return _BOOK_TITLE.sub(lambda m: "□" * len(m.group()), text) if "《" in text else text


def _years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of year phrases outside book titles; the end of a five-year plan
    (“十三五”末) is its last year."""
    masked = _without_titles(text)
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(masked)]
    if not years:
        years = [(m.start(), int(m.group(1))) for m in _YEAR_BEFORE_PLACE.finditer(masked)]
    if "五" in masked:
        ends = [(m.start(), FIVE_YEAR_PLANS[m.group(1)][1]) for m in _PLAN_END.finditer(masked)]
        years = sorted(years + ends) if ends else years
    if "普" in masked:
        censuses = [(m.start(), _CENSUS_YEARS[m.group(1) or m.group(2)]) for m in _CENSUS.finditer(masked)]
        # 2010年第六次人口普查 names one year twice
        years = sorted(years + [(at, year) for at, year in censuses
                                if not any(year == named and 0 < at - named_at <= 6 for named_at, named in years)])
    return years


@dataclass
class _Context:
    document: DocumentContext
    review_section: bool
    paragraph_year: int | None
    paragraph_period: tuple[int, int] | None = None
    year_carried: bool = False  # the paragraph year is the year a report's paragraph before dated
    planned_year: int | None = None  # a report's paragraph: the last year ahead of its date it named


def _kind_and_year(
    year: int | None, year_source: str, context: _Context, role: str | None = None
) -> tuple[str, int | None, str]:
    """Kind (baseline|target), year and where the year came from, for a value.

    ``role`` is the aspect cue nearest before the value (``reached``: 已, 截至, 去年 …; ``planned``:
    力争, 到2025年 …; None). A reached level is a baseline whatever its year; a planned one a target.
    Without a cue the year decides, against the document's date and base year; without a year,
    the paragraph's year, then the section (a review section states baselines), then the kind of
    document (a report states levels reached, a plan levels planned for its horizon).
    """
    document = context.document
    if (year is None and role == "planned" and context.planned_year is not None
            and (context.paragraph_year is None or context.paragraph_year <= (document.issued_year or 0))):
        # 截至2015年…达到76岁, “到2020年…”, 全科医生数将达到两人: a planned level takes the year ahead
        year, year_source = context.planned_year, "paragraph"
    if year is None and context.paragraph_year is not None and not (context.year_carried and role == "planned"):
        year, year_source = context.paragraph_year, "paragraph"
    reference = document.issued_year or document.baseline_year
    if reference is None and context.review_section and context.paragraph_period is not None:
        reference = context.paragraph_period[1]  # 发展基础: “十三五”时期…提高到2020年77.6岁
    if role == "reached":
        return "baseline", year, year_source or "unstated"
    if role == "planned" and not (context.review_section and year is not None and reference and year <= reference):
        if year is None:
            return "target", document.horizon, "horizon"
        return "target", year, year_source
    if year is None and context.review_section:
        return "baseline", document.baseline_year, "section"
    if document.kind == "report":  # news, work reports, bulletins: levels reached unless planned
        if year is not None and document.issued_year is not None and year > document.issued_year:
            return "target", year, year_source
        return "baseline", year, year_source or "unstated"
    if year is None:
        return "target", document.horizon, "horizon"
    if context.review_section and (reference is None or year <= reference):
        return "baseline", year, year_source
    if document.baseline_year is not None and year <= document.baseline_year:
        return "baseline", year, year_source
    if document.issued_year is not None and year < document.issued_year:
        return "baseline", year, year_source
    return "target", year, year_source


def _before_the_plan(year: int | None, document: DocumentContext) -> bool:
    """Whether ``year`` lies before a plan's base year (or, base year unknown, two years before it
    was issued, as a plan of 2022 starts from 2020): a level of that year belongs to the period the
    plan looks back on."""
    if year is None or document.kind == "report":
        return False
    base = document.baseline_year if document.baseline_year is not None else (
        document.issued_year - 2 if document.issued_year is not None else None)
    return base is not None and year < base


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
    rf"(?:从|由)(?:(?P<y1>(?:19|20)\d{{2}})年(?:底|末)?(?:的)?)?(?P<v1>[^；;到至]*?{_NUMBER}[^；;到至]*?)"
    rf"(?P<verb>提高|提升|增加|增长|上升|下降|降低|减少|降|增|升)了?(?:到|至|为)(?:(?P<y2>(?:19|20)\d{{2}})年(?:底|末)?(?:的)?)?(?P<v2>.*)"
)
_DIGIT = re.compile(r"\d")
# A heading that states a value: a number with a unit or a percentage after a target verb.
_STATES_A_VALUE = re.compile(r"(?:达到|达|提高到|提升到|降至|降低到|下降到|控制在|保持在|为|不低于|不高于|[：:])\s*[≤≥<>]?\s*\d")
_LEADING_COMPARATOR = re.compile("|".join(sorted(_BEFORE, key=len, reverse=True)))
# A level stated in brackets after a value: 81岁(2020年为80.2岁), 4.5‰(目前6.2‰).
_LEVEL_ASIDE = re.compile(
    r"\((?P<who>全国|全省|我国|国家)?(?P<when>(?:19|20)\d{2}年(?:底|末)?|目前|现在|当前|现状|基期|“?十[一二三四五]五”?(?:时期|期间|末))"
    r"(?:为|是|达到|达|:|,)?(?P<value>[^()]{1,24}?)\)"
)
# Notes in brackets that say nothing of the value: 81岁(预期性).
# At a sentence's end, another place's levels for the metrics the sentence listed:
# …分别为2.72‰、3.96‰、5.32/10万,…优于全省平均水平(省同期指标分别为3.21‰、5.4‰、9.27/10万)。
_LISTED_ASIDE = re.compile(r"\((?P<who>[^()]{0,12}?)分别为(?P<values>[^()]{3,60})\)(?=[。；;.]?\s*$)")
_ASIDE_WHO = re.compile(r"(全国|全省|我国|国家)?(.*)")
_NATURE_ASIDE = re.compile(r"\((?:预期性|约束性|预期|约束)(?:指标)?\)")
# A figure of someone else the value is compared with: 高于全国平均水平(29.7%), 超过杭州(82.1岁).
_COMPARISON = re.compile(
    r"(?:略高于|略低于|高于|低于|高出|低出|超出|优于|好于|超过|领先于|领先|接近|快于|慢于)"
    r"(?P<who>[\u4e00-\u9fff]{1,12}?)(?:的)?(?:平均水平|平均值|平均|水平)?(?:的)?(?:为)?\(?$"
)
# A clause that gives the same metric's value for another place: 全国为77.9岁, 我市为80.1岁.
_SAME_METRIC_ELSEWHERE = re.compile(
    r"^[、和及与]?\(?(?:而|其中)?(?:(?P<group>男性|女性|男|女|城镇|农村|城市)(?:居民)?(?:为|达到|达|是)?|(?P<who>[\u4e00-\u9fff]{1,8}?)(?:为|达到|达|是))$"
)
# Words that frame a change without naming a metric: 比五年前下降, 较2015年提高.
_CHANGE_FRAME = re.compile(r"(?:(?:比|较|与)(?:(?:19|20)\d{2}年(?:底|末)?|[一二三四五六七八九十\d]+年前|上年|去年|同期|基期)?(?:相比)?"
                           rf"(?:的水平|的)?□*)?(?:分别)?(?:{_CHANGE_VERBS})(?:了)?|[，,、]")
# A national standard quoted with its year: 健康中国行动2022年.
_QUOTED_STANDARD = re.compile(r"^(?:(?:19|20)\d{2}年)?(?:的)?(?:目标值?|要求)?(?:为|的)?[≤≥<>]?$")
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}(?:省|市|县|区|州|盟|旗|自治区)")
# A gap to another place's figure, right before a value: not a level of anyone.
_GAP = re.compile(
    r"(?:比(?P<than>[\u4e00-\u9fff、]{1,10}?)(?:平均水平|平均值|平均)?(?:高出|高|低|低出|多|少|快)"
    r"|(?:高于|低于|高出|低出|超出|优于|好于|领先)(?P<over>[\u4e00-\u9fff、]{1,10}?)(?:平均水平|平均值|平均|水平))了?(?:分别)?$"
)
# A gap to another place right before the value: 比全省多2张, 比全国平均水平高1.2岁.
_GAP_TO_PLACE = re.compile(
    rf"(?:比(?:{_OTHER_PLACE_WORDS})(?:的)?(?:平均水平|平均值|平均)?(?:高出|高|低|低出|多|少)"
    rf"|(?:高出|低出|超出)(?:{_OTHER_PLACE_WORDS})(?:的)?(?:平均水平|平均值|平均)?)了?(?:分别)?$"  # 高出全国1.7岁
)
# A comparison with another place's level right before the metric's name: 高于全市平均期望寿命1.86岁.
_GAP_BEFORE_NAME = re.compile(
    rf"(?:高于|低于|高出|低出|超出|优于|好于|领先|比)(?:{_OTHER_PLACE_WORDS})(?:的)?(?:平均)?(?:水平)?$"
)
# A sub-population named right before a metric: 男性人均预期寿命, 牧民人均预期寿命, 农村孕产妇死亡率.
_SUB_POPULATION_HINT = re.compile(r"[男女牧农城]")
_BREAKDOWN_OPENS = re.compile(r"\(?其中[，,]?(?:男性|女性|男|女|城镇|农村|城市)")
_SUB_POPULATION = re.compile(r"(男性|女性|男|女|牧民|农牧民|农民|农村|城镇|城市)(?:居民)?(?=人均|平均|期望|预期|孕产妇|婴儿|5岁|五岁|新生儿|居民健康素养|健康素养)")
_GROUP_BEFORE_VALUE = re.compile(r"(男性|女性|男|女|农村|城镇|城市)(?:居民)?(?:为|达到|达|是)?$")
# 城市 right after a place's own name is the end of a city's name (共青城市居民, 晋城市居民), not the
# urban population; after 全省, 我国, 其中 or in a list (农村和城市居民) it is.
_URBAN_AFTER = re.compile(r"(?:全|我|本)[国省市区县州]$|其中$|[、和与及，,（(]$")


def _ends_a_place_name(sentence: str, group: re.Match) -> bool:
    start = group.start(1)
    return (group.group(1) == "城市" and start > 0 and _HAN.match(sentence, start - 1) is not None
            and _URBAN_AFTER.search(sentence, max(0, start - 2), start) is None)


# A sub-area of the plan's own place named before a metric: 新城片区每千常住人口床位数….
_SUB_AREA_SUFFIX = re.compile(r"(?:片区|新区|新城|园区|开发区|高新区|主城区|示范区|功能区)等?")
_HAN_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,6}$")
# After a value, words that make it someone's target: …≤7.5‰的目标.
_IS_A_TARGET_AFTER = re.compile(r"(?:的)?(?:目标|目标值|要求)")
# A planned year: 到2025年, 至2025年末.
_TO_YEAR = re.compile(r"(?<![截年高升降低少长加])(?:到|至)((?:19|20)\d{2})\s*年")
_OWN_PLACE_WORDS = ("我市", "本市", "我县", "本县", "我区", "本区", "我省", "本省", "全市", "全县", "全区", "全州", "全盟", "全旗")
_RELATIVE_CHANGE = re.compile(r"(较|比)(?:(?:19|20)\d{2}年|上年|去年|基期)?(?:的水平)?$")


def _year_before(years: list[tuple[int, int]], position: int) -> int | None:
    """The last year phrase starting at or before ``position`` of the sentence."""
    for start, year in reversed(years):
        if start <= position:
            return year
    return None


class _Read(NamedTuple):
    """A fact as read from a sentence, before it is placed in the plan."""

    metric_id: str
    raw: str
    kind: str
    value: float | None
    unit: str
    comparator: str
    year: int | None
    year_source: str
    scope: str = "plan"
    scope_raw: str = ""
    flags: tuple[str, ...] = ()


_CHANGE_SINCE = re.compile(r"(?:[较比与]|相较于|相比于|在(?=\d{4}年(?:底|末)?的?基础上))(?P<year>(?:19|20)\d{2})年")


def _last_match(pattern: re.Pattern, text: str, end: int) -> re.Match | None:
    """The last match of ``pattern`` that ends before ``end``."""
    last = None
    for match in pattern.finditer(text, 0, end):
        last = match
    return last


# Words after a level, in its sentence, that say it was reached: 提前达到…的目标, 较2020年提升了0.78岁.
_REACHED_AFTER = re.compile(
    rf"提前(?:达到|实现|完成)|[较比](?:19|20)\d{{2}}年[^，,。；;]{{0,10}}?(?:{_CHANGE_VERBS})了"
)
_CLAUSE_END = re.compile(r"[；;。]")
_COMPARISON_OPENS = re.compile(r"(?:较|比|相较于|相比于|与|同)$")
_COMPARISON_CLOSES = re.compile(rf"(?:{_CHANGE_VERBS})了?[\d.]")
_YEAR_LIST = re.compile(r"(?:19|20)\d{2}年(?:底|末)?(?:[、和及与](?:19|20)\d{2}年(?:底|末)?)+[，,]?$")
_REFERENCE_YEAR = re.compile(r"[较比](?:19|20)\d{2}年")
_REFERENCE = re.compile(
    r"(?:较|比)(?P<year>(?:19|20)\d{2})年(?:底|末)?(?:的)?(?:水平)?\(?"
    r"(?P<values>(?!提高|下降|降低|上升|增长|增加|减少|提升)[^，,；;()提下降上增减]{1,40}?\d[^，,；;()提下降上增减]*?)\)?"
    r"(?=(?:分别)?(?:明显|大幅|显著|进一步|持续)?(?:提高|提升|下降|降低|上升|增长|增加|减少))"
)
_VALUE_SEPARATORS = re.compile(r"[\d.%‰/万岁人张个、和及与～~—\-]")
_COMPARED_YEAR = re.compile(r"(?:与|和|同)((?:19|20)\d{2})年(?:底|末)?相比[，,]?(?:分别)?$")
# A sentence that opens with the years it compares frames every trajectory in it.
_COMPARISON_FRAME = re.compile(r"(?:(?:19|20)\d{2}年(?:底|末)?)?[，,]?(?:与|和|同)((?:19|20)\d{2})年(?:底|末)?相比")
# A report that says what follows comes from a plan (根据规划, 按照《…规划》): unlike 规划提出,…,
# which brings in one statement, it frames the sentences after it.
_QUOTES_A_PLAN = re.compile(r"(?:根据|按照)(?:规划|《[^》]{0,40}(?:规划|方案|纲要)》)")
_INNER_YEAR = re.compile(r"\(即?((?:19|20)\d{2})年\)")
_TRAJECTORY_GOES_ON = re.compile(r"(?:大幅|分别|逐步|持续|明显)?(?:下降|降低|减少|提高|提升|增加|增长|上升|降)了?(?:到|至)")


_VALUE_AFTER_COLON = re.compile(r"\s*[≤≥<>＜＞]?\d")


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """(offset, clause) of a sentence cut at commas, semicolons and colons, except a comma inside
    a trajectory (分别由2016年的109.9/10万、13.87‰,下降到2019年的63.68/10万、8.9‰) and a colon
    before a value (婴儿死亡率：3.21‰)."""
    clauses, start = [], 0
    for match in _CLAUSE_SPLIT.finditer(sentence):
        if match.group() in ",，" and _TRAJECTORY_GOES_ON.match(sentence, match.end()) and (
            "由" in sentence[start : match.start()] or "从" in sentence[start : match.start()]
        ):
            continue
        if match.group() in "：:" and _VALUE_AFTER_COLON.match(sentence, match.end()):
            continue  # 婴儿死亡率：3.21‰ names the value it gives

        clauses.append((start, sentence[start : match.start()]))
        start = match.end()
    clauses.append((start, sentence[start:]))
    return clauses


_ASIDES = re.compile(rf"\((?P<dated>(?:19|20)\d{{2}})年(?:的)?(?:数据|数|值|统计数|测算)?\)|{_LEVEL_ASIDE.pattern}")


def _take_asides(sentence: str) -> tuple[str, list[tuple[int, str, Value | None]]]:
    """The sentence without bracketed level asides and nature notes, and the asides as
    (position in the returned sentence, when, value)."""
    if "(" not in sentence:
        return sentence, []
    sentence = _NATURE_ASIDE.sub("", sentence)
    asides = []
    pieces, last, removed = [], 0, 0
    for match in _ASIDES.finditer(sentence):
        if match.group("dated"):  # 74.70岁(2019年数据): the year of the value before it
            value = None
        else:
            values = find_values(match.group("value"))
            if len(values) != 1:
                continue
            value = values[0]
        pieces.append(sentence[last : match.start()])
        when = match.group("dated") or (match.group("who") or "") + match.group("when")
        asides.append((match.start() - removed, when, value))
        removed += match.end() - match.start()
        last = match.end()
    if not asides:
        return sentence, []
    pieces.append(sentence[last:])
    return "".join(pieces), asides


class _SentenceReader:
    """Pairs metrics with values inside one normalized sentence, and decides for each value its
    kind, year and scope from the cues before it and the document's context."""

    def __init__(self, matcher: MetricMatcher, context: _Context, cues: CueBook):
        self.matcher = matcher
        self.context = context
        self.cues = cues

    def read(self, sentence: str, years: list[tuple[int, int]] | None = None, *,
             previous_metric: AliasMatch | None = None) -> list[_Read]:
        """Facts of the sentence. ``years`` is ``_years_in(sentence)`` when the caller has it;
        ``previous_metric`` the last metric the sentence before named, which a breakdown
        (…期望寿命为78.88岁。其中男性76.93岁) goes on with."""
        listed_aside = _LISTED_ASIDE.search(sentence) if "分别" in sentence and "(" in sentence else None
        if listed_aside is not None:
            sentence = sentence[: listed_aside.start()] + sentence[listed_aside.end() :]  # read after the sentence
        masked, asides = _take_asides(sentence)
        if asides or years is None:
            years = _years_in(masked)
        self.last_metric: AliasMatch | None = previous_metric if _BREAKDOWN_OPENS.match(sentence) else None
        self.quoted_owner: str | None = None
        self._time_words: tuple | None = None
        self._periods: tuple | None = None
        masked, references = self._reference_levels(masked)
        self.sentence, self.years, self.asides = masked, years, asides
        self.carried_clause = ""  # the clause that named the carried metric(s)
        facts: list[_Read] = []
        clauses = self._split_after_trajectories(_clauses(masked))
        carried_metric = None  # a metric named in a clause without a value: 水平显著提高,达到32%
        carried_offset = 0
        self.trajectory_years: tuple[int | None, int | None] = (None, None)
        # "水平显著提高,达到32%": a qualitative statement the next clause makes numeric is not kept.
        pending_qualitative: list[_Read] = []
        for offset, clause in clauses:
            metrics = self.matcher.find(clause)
            if not _DIGIT.search(clause):
                # Values and trajectories need a digit: a clause without one can only state a
                # qualitative target or name the metric a later clause gives a value to.
                facts.extend(pending_qualitative)
                pending_qualitative = []
                if metrics:
                    pending_qualitative = self._qualitative(clause, offset, metrics)
                    carried_metric, carried_offset = metrics[-1], offset
                    self.carried_clause = clause
                continue
            values = find_values(clause)
            if metrics:
                values = [v for v in values if not any(m.start <= v.start < m.end for m in metrics)]
            if "《" in clause:  # 《中国居民膳食指南(2022)》: a number in a book title is no value
                titles = [m.span() for m in _BOOK_TITLE.finditer(clause)]
                values = [v for v in values if not any(start < v.start < end for start, end in titles)]
            trajectory = self._trajectory(clause, offset, metrics, carried_metric)
            if trajectory:
                facts.extend(trajectory)
                carried_metric = None
                continue
            if not values:
                facts.extend(pending_qualitative)
                pending_qualitative = self._qualitative(clause, offset, metrics)
                if metrics:
                    carried_metric, carried_offset = metrics[-1], offset
                continue
            if "分别" not in clause and len(values) >= 2 and (paired := self._paired(clause, offset, metrics, values)):
                facts.extend(paired)  # 孕产妇死亡率、婴儿死亡率持续控制在10/10万和6‰以下
                continue
            if "分别" in clause and len(values) >= 2 and (by_year := self._years_listed(clause, offset, values)):
                facts.extend(by_year)  # 其中2021年、2022年和2023年分别规划3.85张、4.10张和4.28张
                continue
            if "分别" in clause and len(values) >= 2:
                listed = self._enumeration(clause, offset, metrics, values)
                if listed:
                    facts.extend(listed)
                    carried_metric = None
                    continue
            shared = _SHARED_VALUE.search(clause) if "均" in clause else None
            if shared and len(values) == 1:
                items = [i for i in _ENUMERATION_SPLIT.split(_clean_metric_raw(clause[: shared.start()])) if i]
                if len(items) >= 2:
                    value = values[0]
                    for item in expand_enumeration(items, self.matcher):
                        facts.extend(self._facts(self.matcher.lookup(item) or OTHER, item, value, clause, offset, offset))
                    carried_metric = None
                    continue
            for index, value in enumerate(values):
                previous_end = values[index - 1].end if index else 0
                candidates = [m for m in metrics if previous_end <= m.start and m.end <= value.start]
                if candidates and self._named_between(clause, candidates[-1].end, value.start):
                    candidates = []  # 每万人口全科医生数、卫生总费用占GDP(8.25%): another name comes between
                if candidates and _GAP_TO_PLACE.search(clause, max(previous_end, value.start - 12), value.start):
                    continue  # 每千人拥有医院床位数比全省多2张: a gap to the province, not a level
                if candidates and _GAP_BEFORE_NAME.search(clause, max(0, candidates[-1].start - 10),
                                                          candidates[-1].start) and self._is_gap(
                        facts, candidates[-1].metric_id, value):
                    continue  # 高于全市平均期望寿命1.86岁: a gap to another place's level, not a level
                scope_start = offset
                who = None
                if candidates and (listed := self._listed_before(clause, previous_end, candidates[-1])):
                    # 高血压、糖尿病患者规范管理率达65%以上: the value holds for every listed item
                    for item in listed[:-1]:
                        facts.extend(self._facts(self.matcher.exact(item), item, value, clause, offset, offset))
                    metric = candidates[-1]
                    metric_id, raw = metric.metric_id, metric.text
                elif candidates:
                    metric = candidates[-1]
                    metric_id, raw = metric.metric_id, metric.text
                elif index == 0 and not metrics and carried_metric is not None and _STARTS_WITH_VERB.match(clause):
                    metric_id, raw = carried_metric.metric_id, carried_metric.text
                    scope_start = carried_offset
                    pending_qualitative = [f for f in pending_qualitative if f.metric_id != metric_id]
                elif (gap := _GAP.search(clause, max(previous_end, value.start - 16), value.start)) is not None:
                    if self.last_metric is None or not self._is_level_elsewhere(facts, self.last_metric.metric_id, value):
                        continue  # 高于全国平均水平3.06岁, 比全国平均水平高出7.19个百分点: a gap, not a level
                    # …达到79.01岁,高于全国平均值76.7岁: a number the size of the level just read is
                    # the other place's level
                    metric_id, raw = self.last_metric.metric_id, self.last_metric.text
                    who = gap.group("than") or gap.group("over")
                elif (elided := self._elided(clause, previous_end, value)) is not None:
                    metric_id, raw = elided
                elif self.last_metric is not None and (who := self._elsewhere(clause, previous_end, value)):
                    if self._is_gap(facts, self.last_metric.metric_id, value):
                        continue  # …81.2岁,高于全省1.5岁: a gap to the province, not its level
                    metric_id, raw = self.last_metric.metric_id, self.last_metric.text
                elif self.last_metric is not None and self._changes_last(clause, previous_end, value):
                    # …为82.43岁,比五年前增加0.40岁: the change is the same metric's
                    metric_id, raw = self.last_metric.metric_id, self.last_metric.text
                elif index == 0 and not metrics and self.last_metric is not None and _ONLY_A_VERB.fullmatch(
                    clause, 0, value.start
                ):
                    # …达到81岁；到2025年，力争达到82岁: the same metric, a later level
                    metric_id, raw = self.last_metric.metric_id, self.last_metric.text
                elif index > 0 and self.last_metric is not None and clause[previous_end : previous_end + 1] == "、" and (
                        _ONLY_A_VERB.fullmatch(clause, previous_end + 1, value.start)):
                    # …较2020年提高1.16岁、达到79.72岁: the level after its change
                    metric_id, raw = self.last_metric.metric_id, self.last_metric.text
                else:
                    raw = self._other_name(clause, previous_end, value)
                    if raw is None:
                        continue
                    # 每万人口拥有2.7名以上全科医生: the counted noun completes a registry name
                    metric_id = self.matcher.lookup(raw) or self.matcher.exact(raw + "数") or OTHER
                    # The last name named: a registry one (每千户籍人口医疗机构床位数) lends its
                    # denominator to the names listed after it; an unregistered one ends the list.
                    self.last_metric = AliasMatch(value.start, value.start, metric_id, raw) if metric_id != OTHER else None
                facts.extend(self._facts(metric_id, raw, value, clause, offset, scope_start, who=who))
                if candidates:
                    self.last_metric = candidates[-1]
            carried_metric = None
        if listed_aside is not None:
            facts.extend(self._listed_aside(listed_aside, facts))
        return references + facts + pending_qualitative

    def _role_with_outcome(self, position: int, role: str | None = "") -> str | None:
        """The aspect cue's role (:meth:`_role`, unless the caller has it); without one,
        ``reached`` when the sentence goes on to say so (提升到2024年的31.92%，提前达到…目标;
        78.38岁，较2020年提升了0.78岁)."""
        if role == "":
            _, role = self._role(position)
        if role is None and (done := _REACHED_AFTER.search(self.sentence, position)) and not _CLAUSE_END.search(
                self.sentence, position, done.start()):
            return "reached"
        return role

    def _dating_year(self, position: int) -> int | None:
        """The year that dates a value: the last year phrase before it, except the year of a
        comparison the sentence has closed (相较于2020年…81.50岁,增长了0.71岁,其中男性为80.00岁:
        80.00 is not of 2020), which gives way to the year before it."""
        for start, year in reversed(self.years):
            if start > position:
                continue
            if _COMPARISON_OPENS.search(self.sentence, max(0, start - 3), start) and _COMPARISON_CLOSES.search(
                    self.sentence, start, position + 1):
                continue
            if _QUOTED_YEAR.search(self.sentence, max(0, start - 2), start) and _CLAUSE_END.search(
                    self.sentence, start, position):
                continue  # 提前达到健康中国行动2022年≤18/10万的目标;婴儿死亡率为1.98‰: that standard's year
            return year
        return None

    @staticmethod
    def _is_gap(facts: list[_Read], metric_id: str, value: Value) -> bool:
        """After 高于全市平均期望寿命 / 低于全省孕产妇死亡率, a number far below the plan's own
        level just read is the gap (85.49岁…1.86岁); one of its size is the other place's level
        (16.72/10万, 低于全省…18.4/10万)."""
        own = [f for f in facts if f.metric_id == metric_id and f.scope == "plan" and f.value]
        return bool(own) and value.number < 0.5 * own[-1].value

    @staticmethod
    def _is_level_elsewhere(facts: list[_Read], metric_id: str, value: Value) -> bool:
        """After 高于全国平均值, a number of the size of the plan's own level just read is the
        other place's level (79.01岁…76.7岁), a smaller one the gap (…3.06岁)."""
        own = [f for f in facts if f.metric_id == metric_id and f.scope == "plan" and f.value]
        return bool(own) and not _SentenceReader._is_gap(facts, metric_id, value)

    def _split_after_trajectories(self, clauses: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """A trajectory reads to the end of its clause: cut the clause before a metric that follows
        it after 、 (…从5.28‰降到2030年的≤5‰、孕产妇死亡率降低到12/10万)."""
        result = []
        for offset, clause in clauses:
            if ("从" not in clause and "由" not in clause) or "、" not in clause:
                result.append((offset, clause))
                continue
            start = 0
            for metric in self.matcher.find(clause):
                if metric.start > 1 and clause[metric.start - 1] == "、" and not _HAN.match(clause[metric.start - 2]):
                    result.append((offset + start, clause[start : metric.start - 1]))
                    start = metric.start
            result.append((offset + start, clause[start:]))
        return result

    def _reference_levels(self, sentence: str) -> tuple[str, list[_Read]]:
        """Levels of a reference year a change is measured from: 较2015年的75.6岁提高了2.1岁,
        较2020年(77.56岁)上升0.39岁, 较2015年4.35‰、5.91‰分别下降…. They are baselines of the
        metrics named before them, and are blanked out of the sentence (□) so that only the
        change is read there."""
        if ("较" not in sentence and "比" not in sentence) or not _REFERENCE_YEAR.search(sentence):
            return sentence, []
        facts: list[_Read] = []
        for match in _REFERENCE.finditer(sentence):
            values = find_values(match.group("values"))
            named = self.matcher.find(sentence[: match.start()])
            if not values or len(named) < len(values) or _TWO_HAN.search(_VALUE_SEPARATORS.sub("", match.group("values"))):
                continue
            year = int(match.group("year"))
            clause_start = max(sentence.rfind(mark, 0, match.start()) for mark in "，,；;") + 1
            scope, scope_raw = self._scope(clause_start, match.start(), sentence=sentence)
            for metric, value in zip(named[-len(values) :], values, strict=True):
                facts.append(_Read(metric.metric_id, metric.text, "baseline", value.number, value.unit, "=", year,
                                   "sentence", scope, scope_raw))
            start, end = match.span("values")
            sentence = sentence[:start] + "□" * (end - start) + sentence[end:]
        return sentence, facts

    # --- deciding kind, year and scope ---

    def _decide(self, position: int, year: int | None, year_source: str, *, after: str = "",
                scope: str = "plan") -> tuple[str, int | None, str, tuple[str, ...]]:
        """Kind, year, year source and flags of a value at ``position`` of the sentence."""
        cue, role = self._role(position)
        if scope != "plan" and _IS_A_TARGET_AFTER.match(after):
            role = "planned"  # 实现健康中国行动2022年婴儿死亡率≤7.5‰的目标
        elif role is None:
            role = self._role_with_outcome(position, role)
        quoted = _QUOTED_PLAN.search(self.sentence, 0, position) if "《" in self.sentence else None
        if quoted is not None and "目标" in self.sentence[position:]:
            # 提前实现了《…“十三五”规划》中婴儿死亡率下降到6.3‰的目标: that plan's target
            role = "planned"
            title = quoted.group("title")
            plan_period = period_years(title) or next((FIVE_YEAR_PLANS[n] for n in FIVE_YEAR_PLANS if n in title), None)
            dated_after_quote = any(quoted.start() <= at < position for at, _ in self.years)
            if plan_period is not None and not dated_after_quote:
                year, year_source = plan_period[1], "sentence"
            owner = _PLACE_IN_TITLE.match(title)
            if owner is not None and not title.startswith(self.context.document.place or "\0"):
                self.quoted_owner = owner.group("place")  # 《浙江省卫生事业发展十二五规划》 quoted by a city
        flags: tuple[str, ...] = ()
        # 去年已达到79.33岁: the last cue that dates (去年) need not be the last cue (已)
        dating = next((c for c in reversed(self._time_words[1]) if c.end <= position and c.cue.year_offset is not None),
                      None)
        if dating is not None and role is not None and dating.cue.role == role:
            cue = dating
        relative = year is None and cue is not None and cue.cue.year_offset is not None and cue.cue.role == role
        era = _last_match(_UNDATED_ERA, self.sentence, position) if role != "planned" else None
        if era is not None and not any(era.end() <= at < position for at, _ in self.years):
            return "baseline", None, "unstated", flags  # 由和平解放初期的35.5岁提高至…: no year
        throughout = _THROUGHOUT.search(self.sentence, max(0, position - 12), position)
        if year is None and role != "planned" and not relative and not throughout:
            # A level reported for a period (“十三五”时期…达到81.51岁, 2012年至2021年…) is the
            # level at its end; one held throughout it (连年超过81岁) has no single year.
            period = self._period(position)
            if period is not None and not self._under_way(period):
                year, year_source = period[1], "period"
            # (a period under way when a report was written — a “十四五” review of 2025 — ends
            # later than its levels: they are of a year the text does not say; a period the
            # report opens, 十四五 in 2021, is planned for its end)
        if relative:
            issued = self.context.document.issued_year
            if issued is not None:
                year, year_source = issued + cue.cue.year_offset, "relative"
            else:
                flags = ("year:relative_unknown",)
                kind = "baseline" if role == "reached" else "target"
                return kind, None, "", flags
        if year is None and role == "planned" and (ahead := self._period(position)) is not None and (
                self.context.document.issued_year is not None and ahead[1] >= self.context.document.issued_year):
            year, year_source = ahead[1], "period"  # “十五五”时期…提升到80岁以上; 2026年主要工作: 力争…达81.2岁
        past = self._period(position) if throughout and year is None and role != "planned" else None
        reference = self.context.document.issued_year or self.context.document.baseline_year
        if past is not None and reference is not None and past[1] <= reference:
            return "baseline", None, "unstated", flags  # held throughout a period already past
        context = replace(self.context, paragraph_year=None) if throughout and year is None else self.context
        kind, year, year_source = _kind_and_year(year, year_source, context, role)
        return kind, year, year_source, flags

    def _role(self, position: int) -> tuple[CueMatch | None, str | None]:
        """The aspect cue nearest before ``position`` and its role; a planned year (到2025年)
        after the cue makes the value planned."""
        if self._time_words is None or self._time_words[0] is not self.sentence:
            # The sentence's cues and planned years, found once: a sentence has several values.
            self._time_words = (self.sentence, self.cues.aspects(self.sentence), list(_TO_YEAR.finditer(self.sentence)))
        _, cues, planned_years = self._time_words
        cue = next((c for c in reversed(cues) if c.end <= position), None)
        planned_year = next((m for m in reversed(planned_years) if m.end() <= position), None)
        role = cue.cue.role if cue else None
        issued = self.context.document.issued_year
        if planned_year is not None and issued is not None and int(planned_year.group(1)) <= issued:
            planned_year = None  # 至2018年末 in a text of 2019: a date reached, not a plan
        if planned_year is not None and (cue is None or planned_year.start() > cue.start):
            role = "planned"
        self.planned_year = int(planned_year.group(1)) if planned_year is not None else None
        return cue, role

    def _sentence_period(self, position: int) -> tuple[int, int] | None:
        """The period named earlier in the sentence than ``position``, if any."""
        if self._periods is None or self._periods[0] is not self.sentence:
            self._periods = (self.sentence, periods_in(_without_titles(self.sentence)))  # once a sentence
        return next((years for _, end, years in reversed(self._periods[1]) if end <= position), None)

    def _under_way(self, period: tuple[int, int]) -> bool:
        """Whether a report was written while ``period`` ran (a “十四五” review of 2024): its levels
        are of a year the text does not say, not of the period's end."""
        issued = self.context.document.issued_year
        return self.context.document.kind == "report" and issued is not None and period[0] + 1 < issued <= period[1]

    def _period(self, position: int) -> tuple[int, int] | None:
        """The period a value at ``position`` is stated for: named earlier in the sentence, else
        in the paragraph, else (for a report) in the document's title."""
        period = self._sentence_period(position)
        if period is None:
            period = self.context.paragraph_period
        if period is None and self.context.document.kind == "report":
            period = self.context.document.period
        return period

    def _scope(self, start: int, end: int, who: str | None = None, *, sentence: str | None = None) -> tuple[str, str]:
        """Whose figure a value is, from the words in ``sentence[start:end]`` (default: the sentence
        being read), or from ``who``, the place a comparison names."""
        document = self.context.document
        sentence = self.sentence if sentence is None else sentence
        text = who if who is not None else sentence
        span = (0, len(who)) if who is not None else (start, end)
        if who is None and _SUB_POPULATION_HINT.search(sentence, start, end):
            # 男性人均预期寿命…, or the group right before the value (居民健康素养水平男性39.21%): a
            # group's figure, whatever place it is of (全市男性, 全省城市居民)
            for group in (_SUB_POPULATION.search(sentence, start, end), _GROUP_BEFORE_VALUE.search(sentence, start, end)):
                if group is not None and not _ends_a_place_name(sentence, group):
                    return "other", group.group(1)
        cue = self.cues.scope(text, *span)
        if cue is not None:
            role = cue.cue.role
            # 全省 in a provincial plan (or one whose level is unknown) is the plan's own figure.
            if (role, document.level) in (("national", "nation"), ("province", "province"), ("province", "")):
                role = "plan"
            return role, "" if role == "plan" else cue.cue.text
        if who is not None:
            if who in _OWN_PLACE_WORDS or (document.place and who in document.place):
                return "plan", ""
            return "other", who
        for area in _SUB_AREA_SUFFIX.finditer(sentence, start, end):
            if (name := _HAN_BEFORE.search(sentence, start, area.start())) is not None:
                return "other", name.group() + area.group()
        return "plan", ""

    def _named_between(self, clause: str, start: int, end: int) -> bool:
        """Whether another name is listed between a metric and its value (、 then words that are
        not a place: 、卫生总费用占GDP, but not 全国、全省)."""
        listed = clause.rfind("、", start, end)
        if listed < 0:
            return False
        words = _NOT_A_NAME.sub("", clause[listed + 1 : end])
        return bool(_TWO_HAN.search(words))

    def _listed_before(self, clause: str, previous_end: int, metric: AliasMatch) -> list[str]:
        """Items listed before a metric that share its suffix (高血压、糖尿病患者规范管理率), as
        registry names; [] when there are none."""
        if metric.start < 2 or clause[metric.start - 1] not in "、和":
            return []
        head = _clean_metric_raw(clause[previous_end : metric.end])
        items = [item for item in _ENUMERATION_SPLIT.split(head) if item]
        if len(items) < 2:
            return []
        expanded = expand_enumeration(items, self.matcher)
        return expanded if all(self.matcher.exact(item) for item in expanded) else []

    def _changes_last(self, clause: str, previous_end: int, value: Value) -> bool:
        """Whether a value without a metric is a change of the last metric (比五年前下降2.8%)."""
        comparator, _ = _verb_comparator(clause[max(previous_end, value.start - 8) : value.start], value)
        return comparator in ("change", "annual_change") and not _TWO_HAN.search(
            _CHANGE_FRAME.sub("", clause[previous_end : value.start]))

    def _elided(self, clause: str, previous_end: int, value: Value) -> tuple[str, str] | None:
        """每千常住人口床位6.71张、执业(助理)医师2.78人: a name after a listed value shares the
        denominator of the metric before it."""
        if self.last_metric is None or previous_end == 0 or not clause.startswith("、", previous_end):
            return None
        prefix = _DENOMINATOR_PREFIX.match(self.last_metric.text)
        name = _clean_metric_raw(clause[previous_end + 1 : value.start])
        if prefix is None or not _TWO_HAN.search(name):
            return None
        for candidate in (prefix.group(1) + name, prefix.group(1) + name + "数"):
            metric_id = self.matcher.exact(candidate) or self.matcher.exact(candidate.replace("拥有", ""))
            if metric_id:
                return metric_id, candidate
        return None

    def _elsewhere(self, clause: str, previous_end: int, value: Value) -> str | None:
        """The place a value without a metric is given for (高于全国平均水平(29.7%), 全国为77.9岁):
        the value is then the sentence's last metric's, for that place."""
        before = clause[previous_end : value.start]
        if self.last_metric is not None and not units_agree(value.unit, self.matcher.unit(self.last_metric.metric_id)):
            return None  # 低于全国6010元: not the last metric's unit, not its figure
        comparison = _COMPARISON.search(before)
        if comparison is not None:
            return comparison.group("who")
        quoted = self.cues.scope(before)
        if quoted is not None and quoted.cue.role in ("national", "province") and not _TWO_HAN.search(
            before, quoted.end
        ) or (quoted is not None and _QUOTED_STANDARD.search(before, quoted.end)):
            return quoted.cue.text  # 达到并超过健康中国行动2022年77.7岁的目标
        same = _SAME_METRIC_ELSEWHERE.match(before)
        if same is not None and same.group("group"):
            return same.group("group")  # 其中，男性75.24岁，女性81.12岁
        if same is not None and (self.cues.scope(same.group("who")) or same.group("who") in _OWN_PLACE_WORDS
                                 or _PLACE_NAME.fullmatch(same.group("who"))):
            return same.group("who")  # 全国为77.9岁, 通辽市为71.57岁
        return None

    def _facts(self, metric_id: str, raw: str, value: Value, clause: str, offset: int, scope_start: int,
               *, who: str | None = None, comparator_text: str | None = None) -> list[_Read]:
        """The fact of one value (and of a level aside right after it)."""
        before = comparator_text if comparator_text is not None else clause[max(0, value.start - 8) : value.start]
        comparator, number = _verb_comparator(before, value)
        position = offset + value.start
        year = self._dating_year(position)
        scope, scope_raw = self._scope(scope_start, position, who)
        after = clause[value.end : value.end + 4]
        self.quoted_owner = None
        kind, year, year_source, flags = self._decide(position, year, "sentence" if year is not None else "",
                                                      after=after, scope=scope)
        if self.quoted_owner is not None and scope == "plan":
            owner = self.quoted_owner
            level = "province" if owner.endswith(("省", "自治区")) and self.context.document.level != "province" else "other"
            scope, scope_raw = level, owner
        unit = value.unit
        if comparator in ("change", "annual_change") and _RELATIVE_CHANGE.search(clause, 0, value.start):
            flags = (*flags, "relative")
        if comparator == "change" and (since := _last_match(_CHANGE_SINCE, self.sentence, position)):
            flags = (*flags, f"since:{since.group('year')}")  # 较2015年下降30%: the level it starts from
        if value.high is not None:
            flags = (*flags, f"range_high:{value.high:g}")
        facts = [_Read(metric_id, raw, kind, number, unit, comparator, year, year_source, scope, scope_raw, flags)]
        end = offset + value.end
        for aside_position, when, aside in self.asides:
            if aside_position == end and aside is None:
                facts[0] = facts[0]._replace(year=int(when), year_source="aside")
            elif aside_position == end:
                who, when = _ASIDE_WHO.match(when).groups()
                aside_scope, aside_scope_raw = self._scope(0, 0, who) if who else (scope, scope_raw)
                plan_period = period_years(when + ("期间" if when.endswith("末") else ""))
                if plan_period is not None:
                    aside_year = plan_period[1]
                elif when[:1].isdigit():
                    aside_year = int(when[:4])
                else:
                    aside_year = self.context.document.issued_year
                aside_flags = () if aside_year is not None else ("year:relative_unknown",)
                facts.append(_Read(metric_id, raw, "baseline", aside.number, aside.unit, aside.comparator,
                                   aside_year, "aside" if aside_year else "", aside_scope, aside_scope_raw, aside_flags))
        return facts

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

    def _listed_aside(self, aside: re.Match, facts: list[_Read]) -> list[_Read]:
        """Another place's levels for the last metrics the sentence gave levels of, in order,
        of the same year (同期); [] unless there are as many such metrics as values."""
        values = find_values(aside.group("values"))
        levels = [f for f in facts if f.scope == "plan" and f.comparator not in ("change", "annual_change")
                  and f.metric_id != OTHER and f.value is not None]
        named = levels[-len(values):] if values else []
        if len(named) != len(values) or len({f.metric_id for f in named}) != len(named):
            return []
        who = aside.group("who")
        # 省同期指标: the province's (as 全省 says)
        scope, scope_raw = self._scope(0, 0, "全" + who if who.startswith("省") else who) if who else ("other", "")
        if scope == "plan":
            return []  # the plan's own figures again
        dated = _YEAR.search(aside.group("who"))
        return [_Read(fact.metric_id, fact.raw, "baseline", value.number, value.unit or fact.unit, value.comparator,
                      int(dated.group(1)) if dated else fact.year, "aside" if dated else fact.year_source, scope, scope_raw)
                for fact, value in zip(named, values, strict=True)]

    def _trajectory(self, clause: str, offset: int, metrics: list[AliasMatch], carried) -> list[_Read]:
        """从A提高到B: two facts, A the earlier level and B the later one. Lists pair in order:
        A、B、C从a1、b1、c1下降到a2、b2、c2."""
        if "从" not in clause and "由" not in clause:
            return []  # the pattern starts with one of them; a plain search costs more
        match = _TRAJECTORY.search(clause)
        if not match:
            return []
        first, second = find_values(match.group("v1")), find_values(match.group("v2"))
        if not first or not second:
            return []
        before = [m for m in metrics if m.end <= match.start()]
        items = []
        if len(first) > 1 and len(first) == len(second) and len(before) < len(first):
            # 孕产妇、婴儿、5岁以下儿童死亡率分别从…: an enumeration with a shared suffix or prefix,
            # in this clause or in the clause that named the metrics (床位数、执业(助理)医师数…，
            # 与2015年相比，分别从…)
            for head in (clause[: match.start()], self.carried_clause if carried is not None else ""):
                head = _clean_metric_raw(head.replace("分别", ""))
                items = [i for i in _ENUMERATION_SPLIT.split(head) if i]
                items = expand_enumeration(items, self.matcher) if len(items) == len(first) else []
                if items and all(self.matcher.lookup(item) for item in items):
                    break
                items = []
        if len(first) > 1 and len(first) == len(second) and len(before) >= len(first):
            named = [(m.metric_id, m.text) for m in before[-len(first) :]]
        elif items:
            named = [(self.matcher.lookup(item) or OTHER, item) for item in items]
        else:
            first, second = first[:1], second[:1]
            # 居民期望寿命连年超过81岁,从2015年的81.33岁提高到…: the sentence's last metric
            metric = before[-1] if before else carried or (self.last_metric if not _TWO_HAN.search(
                _LEADING_NOISE.sub("", clause[: match.start()])) else None)
            if metric is None:
                name = _clean_metric_raw(clause[: match.start()])
                if not _TWO_HAN.search(name):
                    return []
                named = [(self.matcher.lookup(name) or OTHER, name)]
            else:
                named = [(metric.metric_id, metric.text)]
        year1 = int(match.group("y1")) if match.group("y1") else None
        year2 = int(match.group("y2")) if match.group("y2") else None
        if year1 is None and (inner := _INNER_YEAR.search(match.group("v1"))):
            year1 = int(inner.group(1))  # 由和平解放初期(即1951年)的35.5岁
        if year1 is None and (plan_end := _PLAN_END.search(match.group("v1"))):
            year1 = FIVE_YEAR_PLANS[plan_end.group(1)][1]  # 从“十一五”末的76.5岁
        second_end = offset + match.start("v2") + second[0].end
        aside_year = next((int(when) for at, when, aside in self.asides if aside is None and at == second_end), None)
        if year2 is None and aside_year is not None:
            year2 = aside_year  # 由73.35岁增长到74.70岁(2019年数据)
            period = self._period(offset + match.start())
            year1 = year1 if year1 is not None or period is None else period[0]
        if year1 is None and (compared := _COMPARED_YEAR.search(self.sentence, 0, offset + match.start())):
            year1 = int(compared.group(1))  # 与2015年相比,分别从4.61张…增长到5.94张
        elif year1 is None and (frame := _COMPARISON_FRAME.match(self.sentence)):
            year1 = int(frame.group(1))  # 2020年与2015年相比,…;婴儿死亡率从6.9‰下降到4.2‰: the whole sentence
        position = offset + match.start()
        now = self.cues.aspect(match.group("v2"), 0, 4)
        if year2 is None and now is not None and now.cue.year_offset == 0:
            # 从十二五期间A降至现在的B: B is of the document's year; A, over a period, has none
            year2 = self.context.document.issued_year
            self.trajectory_years = (None, year2)
        elif year1 is None and year2 is None:
            period = self._period(position)
            dated = _year_before(self.years, position)
            if self.trajectory_years != (None, None):  # 从2015年的A提高到2020年的B,C从X下降到Y
                year1, year2 = self.trajectory_years
            elif period is not None and (dated is None or self._sentence_period(position) is not None):
                # “十四五”以来…从79.1岁提高到81.2岁 in a report of 2024: the end is not the period's
                year1, year2 = period[0], None if self._under_way(period) else period[1]
            elif dated is not None:
                # 截至2015年…,婴儿死亡率由A下降到B: the sentence's own year beats a period known
                # only from the paragraph or the title
                year2 = dated
        # A year given by an aside to one value (74.70岁(2019年数据)) is that value's alone.
        self.trajectory_years = (year1, year2 if aside_year is None else (self._period(position) or (None, None))[1])
        scope, scope_raw = self._scope(offset, position)
        role = self._role_with_outcome(position)
        if year2 is None and role == "planned" and self.planned_year is not None:
            year2 = self.planned_year  # 到2020年…从2015年的76.7岁提高至78岁
        elif year2 is None and year1 is not None:
            dated = _year_before(self.years, position)  # 2019年,全区…由2015年的74.31岁提高到75.9岁
            if (dated is None and role != "planned" and (period := self._period(position)) is not None
                    and not self._under_way(period)):
                dated = period[1]  # “十二五”期间…从“十一五”末的76.5岁提高到77.92岁
            year2 = dated if dated is not None and dated > year1 else None
        kind2, y2, source2 = _kind_and_year(year2, "sentence" if year2 else "", self.context, role)
        if source2 == "horizon" and role != "planned" and _before_the_plan(year1, self.context.document):
            # 床位数从2015年的5.66张增加至7.38张 in a plan of 2022: a trajectory from before the
            # plan's own base year is the last period's review; its end was reached, year unstated
            kind2, y2, source2 = "baseline", None, "unstated"
        facts = []
        for (metric_id, raw), low, high in zip(named, first, second, strict=False):
            facts.append(_Read(metric_id, raw, "baseline", low.number, low.unit or high.unit, "=", year1,
                               "sentence" if year1 else "unstated", scope, scope_raw))
            facts.append(_Read(metric_id, raw, kind2, high.number, high.unit or low.unit, high.comparator,
                               y2, source2, scope, scope_raw))
        if named:
            self.last_metric = next((m for m in reversed(before)), self.last_metric)
        return facts

    def _paired(self, clause: str, offset: int, metrics: list[AliasMatch], values: list[Value]) -> list[_Read]:
        """Metrics listed, then as many values listed after one verb (A、B控制在x和y以下): paired
        in order as with 分别. [] unless every metric comes before the first value and nothing
        but 、/和 stands between the values."""
        if len(metrics) != len(values) or any(m.end > values[0].start for m in metrics):
            return []
        listed = ("、", "和", "及", "与")
        if any(clause[a.end : b.start] not in listed for a, b in zip(metrics, metrics[1:], strict=False)):
            return []
        if any(clause[a.end : b.start].strip() not in listed for a, b in zip(values, values[1:], strict=False)):
            return []
        verb_text = clause[metrics[-1].end : values[0].start]
        facts = []
        for metric, value in zip(metrics, values, strict=True):
            read = self._facts(metric.metric_id, metric.text, value, clause, offset, offset, comparator_text=verb_text)
            comparator = read[0].comparator
            if comparator == "=" and values[-1].comparator not in ("=", "range"):
                comparator = values[-1].comparator  # …10/10万和6‰以下: the bound holds for both
            if comparator == "=" and "控制在" in verb_text:
                comparator = "<="
            facts.append(read[0]._replace(comparator=comparator))
            facts.extend(read[1:])
        self.last_metric = metrics[-1]
        return facts

    def _years_listed(self, clause: str, offset: int, values: list[Value]) -> list[_Read]:
        """Values listed year by year for one metric: 2021年、2022年分别为… (the sentence's last
        metric), 到2023年底和2030年，全区居民健康素养水平分别不低于24%和30% (the metric named)."""
        head = clause[: clause.index("分别")]
        named = self.matcher.find(head)
        listed = _YEAR_LIST.search(head)
        if listed is None and len(named) == 1:
            listed = _YEAR_LIST.search(self.sentence, 0, offset)
        metric = named[0] if len(named) == 1 else self.last_metric if not named else None
        if listed is None or metric is None:
            return []
        years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", listed.group())]
        if len(years) != len(values):
            return []
        after = clause[clause.index("分别") + 2 :]
        lead = _LEADING_COMPARATOR.match(after.lstrip("为达到在"))  # 分别不低于24%和30%: for both
        facts = []
        for year, value in zip(years, values, strict=True):
            read = self._facts(metric.metric_id, metric.text, value, clause, offset, offset)
            if lead and read[0].comparator == "=":
                read[0] = read[0]._replace(comparator=_BEFORE[lead.group()])
            kind, year, source = _kind_and_year(year, "sentence", self.context, self._role(offset + value.start)[1])
            facts.append(read[0]._replace(kind=kind, year=year, year_source=source))
        return facts

    def _enumeration(self, clause: str, offset: int, metrics: list[AliasMatch], values: list[Value]) -> list[_Read]:
        head = clause[: clause.index("分别")]
        items = [item for item in _ENUMERATION_SPLIT.split(_clean_metric_raw(head)) if item]
        items = expand_enumeration(items, self.matcher) if items else items
        if len(items) != len(values):
            items = [m.text for m in metrics if m.end <= clause.index("分别")]
        if len(items) != len(values) and not metrics and not _TWO_HAN.search(_CHANGE_FRAME.sub("", head)):
            # …分别为3.21‰、9.27/10万，较2015年…分别下降26.21%、11.38%: the metrics named before
            earlier = self.matcher.find(self.sentence[:offset])
            items = [m.text for m in earlier[-len(values) :]] if len(earlier) >= len(values) else items
        if len(items) != len(values):
            return []
        after_start = clause.index("分别") + 2
        after = clause[after_start:]
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
        # The verb after 分别 holds for every value: 分别下降到3%、5%.
        verb_text = clause[after_start : values[0].start]
        for item, value in zip(items, values, strict=False):
            metric_id = self.matcher.lookup(item) or OTHER
            read = self._facts(metric_id, item, value, clause, offset, offset, comparator_text=verb_text)
            first = read[0]
            comparator = first.comparator
            if tail_comparator and comparator == "=":
                comparator = tail_comparator
            if "控制在" in after and comparator == "=":
                comparator = "<="
            facts.append(first._replace(comparator=comparator))
            facts.extend(read[1:])
        return facts

    def _qualitative(self, clause: str, offset: int, metrics: list[AliasMatch]) -> list[_Read]:
        facts = []
        for metric in metrics:
            after = clause[metric.end : metric.end + 12]
            before = clause[max(0, metric.start - 6) : metric.start]
            words = _QUALITATIVE.search(after) or _QUALITATIVE_BEFORE.search(before)
            if words:
                position = offset + metric.start
                year = _year_before(self.years, offset + len(clause))
                scope, scope_raw = self._scope(offset, position)
                kind, y, source, flags = self._decide(offset + len(clause), year, "sentence" if year else "", scope=scope)
                if kind == "target":  # the words (显著提高) travel as a flag: a qualitative target is shown as words
                    facts.append(_Read(metric.metric_id, metric.text, kind, None, "", "qualitative", y, source,
                                       scope, scope_raw, (*flags, f"words:{words.group()}")))
        return facts


# Asides that interrupt a metric name: 医疗服务收入(不含药品、耗材…)占医疗收入的比例.
_ASIDE = re.compile(r"\((?:不含|含|包括|包含|除)[^()]*\)")


def _normalize_sentence(text: str) -> str:
    """Text as matched: simplified characters, no pinyin glosses (預(yù)期), no asides, no spaces."""
    return _normalize_simplified(simplified(text))


# Pinyin glosses and asides open with a bracket; normalize_name changes only white space,
# full-width brackets and Ⅲ. A text with none of these is its own normalization.
_CHANGED_BY_NORMALIZING = re.compile(r"[\s(（）［］【】Ⅲ]")


def _normalize_simplified(text: str, *, in_words: bool = True) -> str:
    """:func:`_normalize_sentence` of a text already converted to simplified characters.
    ``in_words`` False says :func:`may_rewrite` is already known false (for the whole paragraph)."""
    if in_words:
        text = arabic_numbers(text)
    if "%。" in text:
        text = _GARBLED_PER_MILLE.sub("‰", text)
    if "。" in text:
        text = _GARBLED_DECIMAL.sub(".", text)
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


# Words after 、 that name no metric: places and verbs (力争达到全国、全省77.3岁).
_NOT_A_NAME = re.compile(r"全国|全省|全市|全区|全县|我国|平均水平|平均|水平|达到|达|为|均|分别|力争|[^\u4e00-\u9fff]")
_QUOTED_YEAR = re.compile(r"(?:行动|纲要|规划)$")
_PERIOD_MARK = re.compile(r"五”?(?:期间|时期|以来)|\d年\s*(?:至|到|—|–|-)")


# ‰ garbled into %。 by some sites: 婴儿死亡率降至2.46%。,5岁以下儿童死亡率… The 。 ends no sentence there.
_GARBLED_PER_MILLE = re.compile(r"%。(?=[,，、；;)）]|分别|和)")
# A decimal point garbled into 。 (提升到25。4%): a digit on each side and a rate's unit after.
_GARBLED_DECIMAL = re.compile(r"(?<=\d)。(?=\d{1,2}(?:%|‰|岁))")


def _sentences(text: str, converted: str | None) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph, not cut at a garbled ‰ (%。 followed by a comma or 分别)."""
    spans = split_sentences(text)
    if converted is None or ("%。" not in converted and not _GARBLED_DECIMAL.search(converted)):
        return spans
    merged = [spans[0]] if spans else []
    for start, end in spans[1:]:
        garbled = converted.rfind("%。", merged[-1][0], merged[-1][1])
        if garbled >= merged[-1][1] - 3 and _GARBLED_PER_MILLE.match(converted, garbled):  # …%。 or …%。)
            merged[-1] = (merged[-1][0], end)
        elif _GARBLED_DECIMAL.match(converted, merged[-1][1] - 1):  # …提升到25。|4%
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _heading_period(heading_path: tuple[str, ...]) -> tuple[int, int] | None:
    """The period the nearest heading names (（一）“十二五”期间…取得的成就), else None."""
    for heading in reversed(heading_path):
        if ("五" in heading or "年" in heading) and (period := _period_of_heading(heading)) is not None:
            return period
    return None


@lru_cache(maxsize=1024)
def _period_of_heading(heading: str) -> tuple[int, int] | None:
    """The period a heading names (“十二五”期间…, 2016—2020年…), or the one year it is about
    (三、2026年主要工作, （一）2021年工作回顾)."""
    heading = simplified(heading)
    period = period_years(heading)
    if period is None and len(years := _YEAR_OF_HEADING.findall(heading)) == 1:
        period = (int(years[0]),) * 2
    return period


_YEAR_OF_HEADING = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\d)")


def _no_sentence_read(converted: str, matcher: MetricMatcher, in_words: bool) -> bool:
    """Whether none of a paragraph's sentences can be read, judged on the whole paragraph (in
    simplified characters): most paragraphs have no number, some are a bare number.
    ``in_words`` is ``may_rewrite(converted)``."""
    if not _MAY_BE_READ.search(converted):
        return not in_words  # values in words (为零, 逾九成) have no digit until rewritten
    if _CHANGED_BY_NORMALIZING.search(converted):
        return False  # normalizing a sentence may join words: read sentence by sentence
    # Each sentence, normalized, is now a slice of the paragraph: what the paragraph lacks, all
    # of its sentences lack. A sentence with a digit needs a Chinese character (_HAN) or a
    # metric; one without needs a target word and a metric.
    if _DIGIT.search(converted):
        return not _HAN.search(converted) and not matcher.mentions(converted)
    if in_words:
        return False  # values in words: read sentence by sentence
    return not _STATES_A_TARGET.search(converted) or not matcher.mentions(converted)


_RATE_UNITS = frozenset(("%", "‰", "/10万", "/万"))
_COUNT_UNITS = frozenset(("人", "张", "个", "岁", "元", "天", "万人", "亿人", "万元", "亿元"))


def _incompatible(written: str, registry_unit: str) -> bool:
    """A rate written where the registry counts (or the reverse), or things counted where the
    registry counts years (129个县市区的出生预期寿命): not the same quantity."""
    return (written in _RATE_UNITS and registry_unit in _COUNT_UNITS) or (
        written in _COUNT_UNITS and registry_unit in _RATE_UNITS) or (
        "岁" in (written, registry_unit) and written in _COUNT_UNITS and written != registry_unit)


def _placed(fact: _Read, matcher: MetricMatcher, source: str, para_id: int, start: int, end: int,
            flags: tuple[str, ...] = ()) -> _Fact:
    """A fact read from a sentence or table row, with its registry unit and provenance.

    A level takes the registry's unit (a contradicting written unit is flagged); a change keeps
    its own unit: 较2020年下降30% is −30 %, not −30 ‰.
    """
    metric_id, unit, comparator = fact.metric_id, fact.unit, fact.comparator
    all_flags = list(flags)
    if fact.year_source and fact.year_source != "sentence":
        all_flags.append(f"year:{fact.year_source}")
    all_flags.extend(fact.flags)
    if (metric_id != OTHER and source == "prose" and comparator not in ("change", "annual_change")
            and _incompatible(unit, matcher.unit(metric_id))):
        # 每万人口全科医生数…(8.25%): a share is not a head count per 10,000; but a count named
        # with a percentage is the registry's share of it when there is one (…锻炼的人数达到42.3%)
        metric_id = (matcher.share_of(metric_id) if unit == "%" else None) or OTHER
    if metric_id != OTHER and comparator not in ("change", "annual_change") and unit == "个百分点":
        metric_id = OTHER  # 比全国健康素养水平高出2.81个百分点: points are a difference, never a level
    if (metric_id != OTHER and comparator not in ("change", "annual_change") and fact.value is not None
            and fact.value > 100 and matcher.unit(metric_id) == "%"):
        metric_id = OTHER  # 居民健康素养水平提升到254% (25.4 with its point lost): no share's level
    if metric_id != OTHER:
        registry_unit = matcher.unit(metric_id)
        if comparator in ("change", "annual_change"):
            unit = unit or registry_unit
        else:
            if unit and not units_agree(unit, registry_unit) and comparator != "qualitative":
                all_flags.append(f"unit_conflict:{unit}")
            unit = registry_unit
    return _Fact(metric_id, fact.raw, fact.kind, fact.year, fact.value, unit, comparator, source, para_id,
                 start, end, all_flags, fact.scope, fact.scope_raw)


def extract_from_prose(
    paragraph: Paragraph,
    plan: CleanPlan,
    *,
    context: DocumentContext,
    matcher: MetricMatcher,
    cues: CueBook | None = None,
    converted: str | None = None,
    carried_year: int | None = None,
) -> list[_Fact]:
    """Facts stated in the sentences of a text paragraph.

    ``converted`` is the paragraph's text in simplified characters when the caller has it
    (see :func:`_simplified_texts`); without it the paragraph is converted here.
    """
    facts: list[_Fact] = []
    cues = cues or default_cues()
    text = paragraph.text.text
    if converted is None:
        converted = _simplified_texts([text])[0]
    # Values in words (为零, 十万分之八) have no digit until rewritten (compare.numbers); a
    # paragraph that may_rewrite rules out holds no sentence that needs it (its tests only search).
    in_words = converted is None or may_rewrite(converted)
    if converted is not None and _no_sentence_read(converted, matcher, in_words):
        return facts
    review = None
    previous_metric: tuple[AliasMatch | None, int] | None = None
    paragraph_year, planned_year = carried_year, None
    # （一）“十二五”期间卫生与健康发展取得的成就: the period a heading names holds for its text
    # 这五年/五年来 under 一、“十四五”时期…回顾: a span counted back from the text's date, which the
    # heading's period does not date (past five years without dates: year unstated)
    paragraph_period = None if _SPAN_BACK_FROM_NOW.match(text) else _heading_period(paragraph.heading_path)
    # Paragraph-wide checks first: most paragraphs name no period and write no number in words.
    periods = converted is None or (("五" in converted or "年" in converted) and _PERIOD_MARK.search(converted) is not None)
    for start, end in _sentences(text, converted):
        if converted is not None and _SPAN_BACK_FROM_NOW.match(converted, start, end):
            # …的五年。这五年，…达到79.4岁: counted back from now; neither the period named before
            # nor a year an earlier sentence named dates it
            paragraph_period, paragraph_year = None, None
        elif periods and converted is not None and _PERIOD_MARK.search(converted, start, end):
            # “十三五”时期，…圆满完成。全市人均预期寿命达到78.12岁: the period holds for the paragraph
            paragraph_period = period_years(arabic_dates(_without_titles(converted[start:end]))) or paragraph_period
        sentence = converted[start:end] if converted is not None else simplified(text[start:end])
        if not _MAY_BE_READ.search(sentence) and not (in_words and may_rewrite(sentence)):
            continue
        normalized = _normalize_simplified(sentence, in_words=in_words)
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
        reader = _SentenceReader(
            matcher, _Context(context, review, paragraph_year, paragraph_period, paragraph_year == carried_year,
                              planned_year), cues
        )
        follows = previous_metric is not None and not text[previous_metric[1] : start].strip()
        read = reader.read(normalized, years, previous_metric=previous_metric[0] if follows else None)
        previous_metric = (reader.last_metric, end)  # for the sentence right after this one
        if read:
            raw_start, raw_end = paragraph.text.raw_span(start, end)
        for fact in read:
            facts.append(_placed(fact, matcher, "prose", paragraph.para_id, raw_start, raw_end))
        # A year of a quoted standard (健康中国行动2022年…的目标) dates nothing after it.
        own_years = [year for at, year in years if not _QUOTED_YEAR.search(normalized, max(0, at - 2), at)
                     and not (context.kind == "report" and _UNDATED_ERA.match(normalized, at))]  # 1949年前: an era
        if context.kind == "report" and context.issued_year is not None and not _QUOTES_A_PLAN.search(normalized):
            # 到2035年建成健康中国 in a report dates nothing it goes on to report as reached; but
            # 根据规划,到2015年,… dates the plan's targets the report goes on to quote
            ahead = [year for year in own_years if year > context.issued_year]
            planned_year = ahead[-1] if ahead else planned_year
            own_years = [year for year in own_years if year <= context.issued_year]
        if own_years:
            paragraph_year = own_years[-1]
    return facts


# --- tables --------------------------------------------------------------------------------

_YEAR_LABEL = re.compile(
    r"^((?:19|20)\d{2})\s*年?(?:底|末)?\s*(目标值?|基期值?|基数|现状值?|预期值?|预期目标|完成情况|完成值|实际值|实现值|"
    r"规划目标|规划值|水平|值)?$"
)
# 基期水平(2020年), 目标值（2025年）, 基期水平2020年) with a bracket lost in the flattening
_QUALIFIED_YEAR_LABEL = re.compile(
    r"^(?:目标值?|基期值?|基期水平|基数|基线值?|现状值?|现状水平|预期值?|预期目标|完成情况|完成值|实际值|规划目标|规划值)"
    r"[(（]?(?:19|20)\d{2}\s*年?(?:底|末)?[)）]?$"
)
_QUALIFIER_LABEL = re.compile(r"^(目标值?|基期值?|基数|现状值?|预期值?|预期目标|完成情况|完成值|实际值|实现值|规划目标|规划值)$")
_VALUE_LABEL = re.compile(r"^(目标值?|基期值?|基期水平|基数|基线值?|现状值?|现状水平|预期值?|完成情况|实际值|规划目标)$")
_ROLE_LABELS = {
    "category": re.compile(r"^(领域|类别|分类|类型|维度|方面)$"),
    "serial": re.compile(r"^(序号|编号|序)$"),
    "name": re.compile(r"^(指标|指标名称|主要指标|具体指标|指标内容|指标项目|项目|指标名)$"),
    "unit": re.compile(r"^(单位|计量单位|指标单位)$"),
    "nature": re.compile(r"^(属性|指标属性|指标性质|性质|指标类型)$"),
    "other": re.compile(r"^(备注|牵头单位|责任单位|责任部门|牵头部门|说明)$"),
}
_NATURE = re.compile(r"^(预期性|约束性|预期|约束)$")
_NAME_UNIT = re.compile(r"[（(]\s*([^（()）]*?)\s*[)）]\s*$")
# 婴儿死亡率(  /  居民健康素养水平(%: a unit bracket the flattening cut off at the line end
_CUT_NAME_UNIT = re.compile(r"\(([^()]{0,6})$")
_EMPTY_CELL = re.compile(r"^[—–\-－/／\s]*$")
_NOTE_CELL = re.compile(r"^[(（][^()（）]*[)）]$")
_UNIT_CELL = re.compile(
    r"^(?:1?/10万|1?/万|1/1000|‰|%|％|岁|周岁|人|名|张|个|元|元/人|天|日|年|万人|亿人|亿元|万元|家|所|分钟|小时|人次|"
    r"个百分点|百分点|人/千人|张/千人|名/万人|人/万人|张/万人|个/千人)$"
)
_CELL_YEAR = re.compile(r"\(((?:19|20)\d{2})年(?:底|末)?(?:数据|值)?\)")
_CELL_PLACE = re.compile(r"\(([\u4e00-\u9fff]{2,8}(?:省|市|县|区|州|盟|旗))\)")
_REFERENCE_LEVEL = re.compile(r"(?:比|较)((?:19|20)\d{2})年[(]([^()]+)[)]")
_MIN_TABLE_CELLS = 8
# A header names a year, a value column or the indicator column (in either script).
_HEADER_HINT = re.compile(r"^\s*(?:(?:19|20)\d{2}\s*年|[^\n]{0,4}(?:指标|指標|目标|目標|基期|现状|現狀|序号|序號))", re.M)


@dataclass(frozen=True)
class _Cell:
    text: str  # normalized: simplified, no pinyin glosses or white space
    raw_start: int
    raw_end: int
    para_id: int


@dataclass(frozen=True)
class _Column:
    role: str  # category, serial, name, unit, value, nature, other
    label: str
    kind: str = ""
    year: int | None = None


def _split_cells(raw: str, lines: list[tuple[int, int, int]]) -> list[_Cell]:
    """The cells of table lines (raw start, raw end, para_id): each line whole, or the pieces a row
    written on one line is cut into by |, tabs, ideographic or runs of spaces. One OpenCC call
    for all of them."""
    pieces = []
    for start, end, para_id in lines:
        if len(_ROW_SEPARATOR.findall(raw, start, end)) < 2:  # one cell, whatever spaces it holds
            cell = _CELL_TRIM.fullmatch(raw, start, end)  # 2022年 |: a cell closed by its border
            pieces.append((cell.start(1), cell.end(1), para_id) if cell and cell.group(1) else (start, end, para_id))
        else:
            pieces.extend((m.start(), m.end(), para_id) for m in _CELL_PIECE.finditer(raw, start, end))
    texts = [raw[start:end].replace("\n", " ") for start, end, _ in pieces]
    converted = simplified("\n".join(texts)).split("\n") if texts else []
    if len(converted) != len(texts):
        converted = [simplified(text) for text in texts]
    cells = []
    for (start, end, para_id), text in zip(pieces, converted, strict=True):
        text = _normalize_simplified(text)
        if text:
            cells.append(_Cell(text, start, end, para_id))
    return cells


_CELL_TRIM = re.compile(r"[\s|｜]*(.*?)[\s|｜]*", re.S)
_CELL_PIECE = re.compile(r"[^\s|｜\u3000](?:[^\t\n|｜\u3000 ]| (?! ))*")


def _cells_of_table(paragraph: Paragraph, raw: str) -> list[_Cell]:
    """The cells of a ``table`` paragraph (a 表 caption followed by one cell, or one row, per line)."""
    lines, position = [], 0
    text = paragraph.text.text
    for separator in re.finditer(re.escape(TABLE_CELL_SEPARATOR), text):
        if separator.start() == position or separator.end() >= len(text):
            continue
        ends = paragraph.text.raw_span(position, separator.start())[1]
        starts = paragraph.text.raw_span(separator.end(), separator.end() + 1)[0]
        if "\n" not in raw[ends:starts]:
            continue  # a | of a row written on one line (1 | 人均预期寿命 | 岁 | 78.5 | 80), not between lines
        lines.append((*paragraph.text.raw_span(position, separator.start()), paragraph.para_id))
        position = separator.end()
    lines.append((*paragraph.text.raw_span(position, len(text)), paragraph.para_id))
    return _split_cells(raw, lines)


def _row_on_one_line(paragraph: Paragraph, raw: str) -> bool:
    if "。" in paragraph.text.text:
        return False  # a sentence, not a row (the cheap test first: most long lines are prose)
    start, end = paragraph.raw_span
    return len(_ROW_SEPARATOR.findall(raw, start, end)) >= 2


_ROW_SEPARATOR = re.compile(r"[\t|｜\u3000]| {2,}")


def _may_be_cell(paragraph: Paragraph, raw: str, *, in_table: bool = False) -> bool:
    """Whether a paragraph can be a table cell or row: short, or a row on one line; inside a
    table whose header has been seen, any line that is not a sentence (a long list of
    责任单位 is one cell)."""
    text = paragraph.text.text
    if paragraph.kind != "text" or text.rstrip().endswith("。"):
        return False
    return len(text) <= (160 if in_table else 48) or _row_on_one_line(paragraph, raw)


def cell_runs(plan: CleanPlan) -> list[list[_Cell]]:
    """The cells of tables flattened one cell (or one row) per line without a 表 caption: runs of
    short lines with at least eight cells, beginning with a header that names a value column
    (2020年, 目标值 …)."""
    runs, current, in_table = [], [], False
    for paragraph in [*plan.paragraphs, None]:
        if paragraph is not None and _may_be_cell(paragraph, plan.raw, in_table=in_table):
            current.append(paragraph)
            in_table = in_table or bool(_YEAR_LABEL.match(paragraph.text.text.strip(" |｜")))
            continue
        in_table = False
        if current and _HEADER_HINT.search("\n".join(p.text.text for p in current)):
            cells = _split_cells(plan.raw, [(*p.raw_span, p.para_id) for p in current])
            start = next((i for i, cell in enumerate(cells) if _header_label(cell.text)), None)
            if start is not None and len(cells) - start >= _MIN_TABLE_CELLS and _header_end([c.text for c in cells[start:]]):
                runs.append(cells[start:])
        current = []
    return runs


def _header_label(text: str) -> bool:
    return bool(_is_value_label(text) or any(pattern.match(text) for pattern in _ROLE_LABELS.values()))


def _is_value_label(text: str) -> bool:
    return bool(_YEAR_LABEL.match(text) or _VALUE_LABEL.match(text) or _QUALIFIED_YEAR_LABEL.match(text))


def _header_end(texts: list[str]) -> int:
    """How many leading cells are the header; 0 when they name no value column."""
    end, values = 0, 0
    while end < len(texts) and _header_label(texts[end]) or (end and end < len(texts) and _QUALIFIER_LABEL.match(texts[end])):
        if _is_value_label(texts[end]):
            values += 1
        end += 1
    return end if values else 0


def _columns(labels: list[str], context: DocumentContext) -> list[_Column]:
    """The columns a header names; a year cell followed by 完成情况/规划目标 is one column."""
    merged: list[str] = []
    for label in labels:
        if merged and _QUALIFIER_LABEL.match(label) and re.fullmatch(r"(?:19|20)\d{2}\s*年?", merged[-1]):
            merged[-1] += label
        else:
            merged.append(label)
    columns = []
    for label in merged:
        role = next((r for r, pattern in _ROLE_LABELS.items() if pattern.match(label)), None)
        columns.append(_Column(role or "value", label))
    values = [c for c in columns if c.role == "value"]
    plain = all(re.fullmatch(r"(?:19|20)\d{2}\s*年?", c.label) for c in values)
    typed = []
    for column in columns:
        if column.role != "value":
            typed.append(column)
            continue
        year_match = re.search(r"(?:19|20)\d{2}", column.label)
        year = int(year_match.group()) if year_match else None
        if re.search(r"目标|规划|预期", column.label):
            kind = "target"
        elif re.search(r"完成|实际|现状|基期|基数|基线|实现", column.label):
            kind = "baseline"
        elif plain and len(values) > 1:
            kind = "baseline" if column is values[0] else "target"
        elif year is not None and (
            (context.baseline_year is not None and year <= context.baseline_year)
            or (context.issued_year is not None and year < context.issued_year)
        ):
            kind = "baseline"
        else:
            kind = "target"
        if year is None:
            year = context.baseline_year if kind == "baseline" else context.horizon
        typed.append(_Column("value", column.label, kind, year))
    return typed


def _is_name(text: str, matcher: MetricMatcher) -> bool:
    if _NATURE.match(text) or _UNIT_CELL.match(text) or _NOTE_CELL.match(text) or _EMPTY_CELL.match(text):
        return False
    if _DIGIT.search(_NAME_UNIT.sub("", text)) and not matcher.mentions(text):
        return False
    return bool(_TWO_HAN.search(text)) and not _QUALITATIVE.fullmatch(text)


def _may_name(text: str) -> bool:
    """A cell after a serial number that can be a row's name (每千人拥有3岁以下婴幼儿托位 holds a digit)."""
    return bool(_TWO_HAN.search(text)) and not (_NATURE.match(text) or _UNIT_CELL.match(text))


def _rows(cells: list[_Cell], columns: list[_Column], matcher: MetricMatcher) -> list[tuple[int, int]]:
    """(first cell, one past the last cell) of each row: rows start at serial numbers 1, 2, 3 …
    followed by a name, else at names; cells after a 预期性/约束性 cell label the next rows."""
    roles = [c.role for c in columns]
    starts = []
    if "serial" in roles:
        expected = 1
        for index in range(len(cells) - 1):
            if cells[index].text == str(expected) and _may_name(cells[index + 1].text):
                starts.append(index)
                expected += 1
    if not starts:
        after_values = True
        for index, cell in enumerate(cells):
            if _is_name(cell.text, matcher) and after_values and (matcher.mentions(cell.text) or len(cell.text) >= 4):
                starts.append(index)
                after_values = False
            elif not _is_name(cell.text, matcher) and not _NOTE_CELL.match(cell.text):
                after_values = True
    return list(zip(starts, [*starts[1:], len(cells)], strict=True)) if starts else []


def extract_from_cells(
    cells: list[_Cell], *, context: DocumentContext, matcher: MetricMatcher
) -> list[_Fact]:
    """Facts of a flattened indicator table: the header names each column's role (category,
    serial, name, unit, value columns with their year and kind, nature); each row's cells are
    then told apart by what they hold (a unit, a note, a value, 预期性/约束性), not by position."""
    header = _header_end([c.text for c in cells])
    if not header:
        return []
    columns = _columns([c.text for c in cells[:header]], context)
    value_columns = [c for c in columns if c.role == "value"]
    header_texts = {c.text for c in cells[:header]}
    body = [c for c in cells[header:] if c.text not in header_texts]  # a header repeated on a new page
    facts: list[_Fact] = []
    has_category = any(c.role == "category" for c in columns)
    for first, stop in _rows(body, columns, matcher):
        row = body[first:stop]
        while len(row) > 1 and (row[0].text.isdigit() or (
                has_category and not matcher.lookup(row[0].text) and matcher.lookup(row[1].text))):
            row = row[1:]  # the serial number; a category written on every row (健康水平 | 人均预期寿命…)
        name_cell, rest = row[0], row[1:]
        name = name_cell.text
        mentions = matcher.find(name)
        inline = ""
        if mentions and _DIGIT.search(name, mentions[-1].end):
            # 婴儿死亡率 4.5‰(目前6.2‰): the name cell holds the value (and the current level)
            name, inline = name[: mentions[-1].end], name[mentions[-1].end :]
        unit_match = _NAME_UNIT.search(name) or _CUT_NAME_UNIT.search(name)
        table_unit = _UNITS.get(unit_match.group(1), unit_match.group(1)) if unit_match else ""
        bare_name = _CUT_NAME_UNIT.sub("", _NAME_UNIT.sub("", name)).strip()
        nature, value_cells, last = "", [], 0
        for index, cell in enumerate(rest):
            if _NATURE.match(cell.text):
                nature, last = cell.text, index
                break  # what follows labels the next rows (健康 / 水平)
            if _UNIT_CELL.match(cell.text):
                table_unit = _UNITS.get(cell.text.lstrip("1"), cell.text.lstrip("1"))
            elif _NOTE_CELL.match(cell.text):
                continue
            elif _EMPTY_CELL.match(cell.text) or _DIGIT.search(cell.text) or _table_values(cell.text):
                value_cells.append(cell)
            last = index
        end_cell = rest[last] if rest else name_cell
        metric_id = matcher.lookup(bare_name) or OTHER
        flags_base = [f"nature:{nature}"] if nature else []
        if len(value_cells) > len(value_columns):
            # A cell broken over lines: the extra pieces belong to the first value column.
            extra = len(value_cells) - len(value_columns) + 1
            joined = ",".join(c.text for c in value_cells[:extra])
            value_cells = [_Cell(joined, value_cells[0].raw_start, value_cells[extra - 1].raw_end,
                                 value_cells[0].para_id), *value_cells[extra:]]
        if inline and not value_cells:
            value_cells = [_Cell(inline, name_cell.raw_start, name_cell.raw_end, name_cell.para_id)]
        assigned = value_columns[len(value_columns) - len(value_cells) :]
        items = split_enumeration(bare_name, matcher)
        for column, cell in zip(assigned, value_cells, strict=False):
            flags = list(flags_base)
            if len(value_cells) < len(value_columns):
                flags.append("column_assumed")
            for year, level in _reference_levels(cell.text):
                facts.append(_placed(_Read(metric_id, bare_name, "baseline", level.number, level.unit or table_unit,
                                           level.comparator, year, "table"), matcher, "table", name_cell.para_id,
                                     name_cell.raw_start, end_cell.raw_end, tuple(flags)))
            current = _LEVEL_ASIDE.search(cell.text)
            if current is not None and len(found := find_values(current.group("value"))) == 1:
                when = current.group("when")
                year = int(when[:4]) if when[:1].isdigit() else context.issued_year
                facts.append(_placed(_Read(metric_id, bare_name, "baseline", found[0].number, found[0].unit or table_unit,
                                           found[0].comparator, year, "table" if year else ""), matcher, "table",
                                     name_cell.para_id, name_cell.raw_start, end_cell.raw_end, tuple(flags)))
            # 78.5(2021年): the value's own year; 35(邵阳市): another place's figure
            dated = _CELL_YEAR.search(cell.text)
            place = _CELL_PLACE.search(cell.text)
            year = int(dated.group(1)) if dated else column.year
            scope = ("other", place.group(1)) if place and place.group(1) not in (context.place or "") else ("plan", "")
            text = _CELL_PLACE.sub("", _CELL_YEAR.sub("", cell.text)) if dated or place else cell.text
            parsed = _table_values(_REFERENCE_LEVEL.sub("", _LEVEL_ASIDE.sub("", text)))
            names = _assign_items(items, [label for label, *_ in parsed]) if len(items) > 1 else None
            for position, (label, number, unit, comparator) in enumerate(parsed):
                row_metric, raw = metric_id, bare_name
                if names is not None:
                    raw = names[position]
                    row_metric = matcher.exact(raw) or metric_id
                elif label:
                    raw = f"{bare_name}({label})"
                read = _Read(row_metric, raw, column.kind, number, unit or table_unit, comparator, year,
                             "table" if year is not None else "", *scope)
                cell_flags = (*flags, f"words:{text.replace(';', '，')}") if comparator == "qualitative" else tuple(flags)
                facts.append(_placed(read, matcher, "table", name_cell.para_id, name_cell.raw_start,
                                     end_cell.raw_end, cell_flags))
    return facts


def _reference_levels(cell: str) -> list[tuple[int, Value]]:
    """比2015年(24.31)降低10个百分点: the level of the reference year, in brackets."""
    levels = []
    for match in _REFERENCE_LEVEL.finditer(cell):
        values = find_values(match.group(2))
        if len(values) == 1:
            levels.append((int(match.group(1)), values[0]))
    return levels


def extract_from_table(
    paragraph: Paragraph,
    plan: CleanPlan,
    *,
    context: DocumentContext,
    matcher: MetricMatcher,
) -> list[_Fact]:
    """Facts of a ``table`` paragraph (see :func:`extract_from_cells`)."""
    return extract_from_cells(_cells_of_table(paragraph, plan.raw), context=context, matcher=matcher)


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


# A table cell that states a direction or a relative level instead of a number.
_QUALITATIVE_CELL = re.compile(r"提高|提升|下降|降低|稳定|持平|改善|保持|不低于|不高于|达到|高于|低于|市定|省定|下达|建成|目标值|平均水平|全覆盖")


def _table_values(cell: str) -> list[tuple[str, float | None, str, str]]:
    """(label, number, unit, comparator) of a table cell: '<4.8', '同比例提高', '城镇80左右,居民70'."""
    values = find_values(cell)
    if not values:
        if _QUALITATIVE.search(cell) or _QUALITATIVE_CELL.search(cell):
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


_LABELLED_DATE = re.compile(
    r"(?:成文日期|发布日期|发文日期|印发日期|公开日期|发布时间|日期)\s*[:：]?\s*"
    r"((?:19|20)\d{2})\s*(?:[-./年])\s*(\d{1,2})\s*(?:[-./月])\s*(\d{1,2})"
)
_PAGE_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*\d{1,2}:\d{2}")
_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_REPORT_TITLE = re.compile(r"提前实现|报告|总结|公报|通报|发布会|年鉴|综述|成就|成绩|回顾|监测|白皮书|蓝皮书")
_BULLETIN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年[^。，,]{0,30}(?:统计公报|公报|年鉴|统计年报)$")
_BULLETIN = re.compile(r"《[^》]{0,12}?((?:19|20)\d{2})年[^》]{0,40}(?:统计公报|公报|年鉴|报告)》")
_NATIONAL_TITLE = re.compile(r"^(?:关于印发)?《?“?(?:全国|国家|国务院|健康中国)|国民健康规划")
_NEWS_MARK = re.compile(r"来源|记者|日电|新华社|编辑|发布时间|新闻|消息|通讯员|日讯|网讯|报讯|日\s*\d{1,2}:\d{2}")
# A text without a plan title and without 到20XX年 is a report when it presents findings
# (数据显示, 监测, 测算, 发布…), levels reached (已达, 目前, 去年, 截至) or levels of a year it names,
# and plans nothing (力争, 将达, 目标 …).
# 调查失业率 names an indicator, not a finding; 年末全市共有…, 比上年增长 is a bulletin's wording.
_REPORTS_FINDINGS = re.compile(
    r"显示|监测|测算|统计|发布|公布|宣布|出炉|普查|调查(?!失业率)|报告|通报|分析|年末全|[比较]上年"
    r"|已(?:经|建成|达到?|实现|有)|目前|去年|截至"
)
_ANNUAL_WORDING = re.compile(r"年末全[市州县区省盟旗]|全年[^。]{0,40}?比上年")
_ISSUING_NOTICE = re.compile(r"关于印发([^。\n,，;；]{2,60}?(?:规划|方案|要点|意见|计划|纲要))的通知")
_PLANS_AHEAD = re.compile(r"力争|控制在|将(?:达|提高|提升|降|坚持|实现|建成|推进|加快)|努力|预计|目标值|确保|争取|未来|预期性|约束性")
_PLAN_TITLE = re.compile(r"规划|方案|要点|意见|计划|纲要")
_PLACE_IN_TITLE = re.compile(
    r"^(?:关于)?(?:印发)?《?“?(?P<place>[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|特别行政区|省|市|州|盟|县|区|旗))"
)


def document_date(plan: CleanPlan) -> str | None:
    """The document's own date as ``YYYY-MM-DD``, read from its text; None when it has none.

    A labelled date (成文日期, 发布日期 …) wins; else the last line that is only a date (the
    closing date of a government document); else the latest full date in the opening text.
    """
    raw = arabic_dates(plan.raw)  # 二〇二二年三月二十九日, as formal documents date themselves
    labelled = _LABELLED_DATE.search(raw) if "日期" in raw or "时间" in raw else None
    if labelled:
        return "{}-{:02d}-{:02d}".format(*map(int, labelled.groups()))
    lines = [m for p in plan.paragraphs if len(p.text.text) <= 20 and (m := _DATE_LINE.match(arabic_dates(p.text.text)))]
    if lines:
        return "{}-{:02d}-{:02d}".format(*map(int, lines[-1].groups()))
    opening = []
    for paragraph in plan.paragraphs:
        if paragraph.kind == "heading":
            break
        opening.append(paragraph.text.text)
    dates = re.findall(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日", arabic_dates("\n".join(opening[:12])))
    if dates:
        return "{}-{:02d}-{:02d}".format(*map(int, max(dates, key=lambda d: tuple(map(int, d)))))
    # A page's own date line near its top: 2021-03-30 08:51, 2021年06月07日16:00, 2019/09/25.
    stamp = _PAGE_DATE.search(raw, 0, 400)
    if stamp:
        return "{}-{:02d}-{:02d}".format(*map(int, stamp.groups()))
    return None


def _level_of(place: str, level: str) -> str:
    """nation | province | local, from a manifest's admin level or a place name."""
    level = level.lower()
    if "nation" in level or place in ("全国", "中国", "我国"):
        return "nation"
    if "province" in level or "autonomous_region" in level or place.endswith(("省", "自治区")):
        return "province"
    if level or place:
        return "local"
    return ""


def infer_context(
    plan: CleanPlan,
    *,
    horizon: int | None = None,
    baseline_year: int | None = None,
    issued: str | int | None = None,
    place: str | None = None,
    level: str | None = None,
) -> DocumentContext:
    """What a plan says about itself: given values win; the rest is read from its title and text.

    ``十四五`` in the title gives horizon 2025 and baseline 2020; ``2022年…工作要点`` gives 2022;
    ``(2020—2022年)`` gives 2022; the document's date is :func:`document_date`. A title such as
    ``…工作报告``/``…统计公报`` makes a report (levels without a year are reached, not planned);
    its leading place name (``杭州市…``) the plan's own place.
    """
    opening = []
    for paragraph in plan.paragraphs:
        if paragraph.kind == "heading":
            break
        opening.append(paragraph.text.text)
    issued_date = str(issued) if issued else None
    if issued_date is None:
        issued_date = document_date(plan)
    issued_year = int(issued_date[:4]) if issued_date else None
    lines = [t for t in (opening or [p.text.text for p in plan.paragraphs[:3]]) if len(t) <= 80 and "\n" not in t]
    title_like = arabic_dates(simplified("\n".join(lines))).split("\n") if lines else []  # 二〇二三年…统计公报
    plan_titles = [t for t in title_like if _PLAN_TITLE.search(t) and not t.endswith("。")]
    # 附件:关于印发天津市儿童发展“十四五”规划的通知, wherever it stands, says which plan the text is
    plan_titles += [title for p in plan.paragraphs if ("印发" in p.text.text or "印發" in p.text.text)
                    for title in _ISSUING_NOTICE.findall(simplified(p.text.text))]
    for name, (plan_baseline, plan_horizon) in FIVE_YEAR_PLANS.items():
        if any(name in t for t in plan_titles):
            horizon = horizon or plan_horizon
            baseline_year = baseline_year or plan_baseline
            break
    for text in plan_titles:
        period = _PERIOD.search(text)
        if period and horizon is None:
            horizon = int(period.group(2))
        year = _TITLE_YEAR.search(text)
        if year and horizon is None and re.search(r"要点|计划", text):
            horizon = int(year.group(1))
    text = plan.text  # joined anew at each access
    # 到2025年 opens a plan's target; 提升到2024年的31.92% ends a trajectory and 2010年到2020年 is a span:
    # neither plans anything.
    planned_years = [int(y) for y in re.findall(r"(?<![高升加长降低少达增年])到((?:19|20)\d{2})\s*年", text)]
    # A text whose opening names no plan reports levels (news, work reports, bulletins).
    opening_text = arabic_dates(simplified(text[:600]))
    kind = "plan"
    if not any(_PLAN_TITLE.search(t) and not t.endswith("。") for t in title_like[:4]) and (any(
        _REPORT_TITLE.search(t) and not t.endswith("。") for t in title_like[:8]
    ) or _NEWS_MARK.search(opening_text, 0, 300)):
        kind = "report"
    if kind == "plan" and not plan_titles and not planned_years:
        readable = _PINYIN.sub("", simplified(text))  # 監(jiān)測 is 监测
        if (_REPORTS_FINDINGS.search(readable) or _YEAR.search(_without_titles(readable))) and not _PLANS_AHEAD.search(readable):
            # 报告显示,2019年我区居民平均期望寿命为83.33岁, 2012年至2021年…从75.11岁增至78.06岁: findings
            # or dated levels, nothing planned
            kind = "report"
    period = next((p for t in title_like[:3] if (p := period_years(t)) is not None), None)
    if period is None:
        period = next((FIVE_YEAR_PLANS[name] for t in title_like[:3] for name in FIVE_YEAR_PLANS if name in t), None)
    if period is None and kind == "report" and title_like:
        # 2023年以来宁夏人均预期寿命提高到77.3岁 dates the report; 2020年,安徽省人均寿命将达77.3岁 does not
        # 2026年河北省政府工作报告 is delivered in 2026 and plans 2026: what it reports is older
        title_year = None if _PLANS_AHEAD.search(title_like[0]) or "工作报告" in title_like[0] else _TITLE_YEAR.search(
            title_like[0])
        period = (int(title_year.group(1)),) * 2 if title_year else None
    if period is None and kind == "report":
        # 导航菜单 / 泸州市2021年国民经济和社会发展统计公报: a bulletin's title under site furniture
        titled = next((m for t in title_like[:4] if (m := _BULLETIN_TITLE.search(t)) and not t.endswith("。")), None)
        period = (int(titled.group(1)),) * 2 if titled else None
    if period is None and kind == "report":
        # 市卫健委发布《2024年太原市卫生健康事业发展统计公报》: the figures are of that year
        bulletin = _BULLETIN.search(opening_text)
        period = (int(bulletin.group(1)),) * 2 if bulletin else None
    if (period is None and kind == "report" and issued_date is not None and len(issued_date) >= 7
            and int(issued_date[5:7]) <= 6 and _ANNUAL_WORDING.search(simplified(text))):
        # 年末全州…, 全年…比上年增长: an annual bulletin, published in the first half of the year
        # after the one it reports
        period = (issued_year - 1,) * 2
    if horizon is None and kind == "plan":
        # A plan's horizon is its nearest 到20XX年, else the five-year plan a heading or caption
        # names (宝应县“十四五”卫生健康主要发展指标); a report has none: its levels are dated.
        named = next((FIVE_YEAR_PLANS[n] for p in plan.paragraphs if len(p.text.text) <= 40
                      and not p.text.text.endswith("。") for n in FIVE_YEAR_PLANS if n in p.text.text), None)
        horizon = min(planned_years) if planned_years else named[1] if named else issued_year
        baseline_year = baseline_year or (named[0] if named and not planned_years else None)
    if baseline_year is None and horizon is not None and issued_year is not None and horizon == issued_year:
        baseline_year = horizon - 1
    if not place:
        for text in title_like[:3]:
            found_place = _PLACE_IN_TITLE.match(text)
            if found_place:
                place = found_place.group("place")
                break
    if not place and any(_NATIONAL_TITLE.search(t) and not t.endswith("。") for t in title_like[:3]):
        place = "全国"
    place = place or ""
    return DocumentContext(horizon=horizon, baseline_year=baseline_year, issued_year=issued_year, kind=kind,
                           place=place, level=_level_of(place, level or ""), period=period)


def _drop_undated_repeats(facts: list[_Fact], headline: int | None) -> list[_Fact]:
    """A level stated again without its year (北京居民人均期望寿命已达83.93岁) is one fact with the
    dated statement of it; so is a headline (the first paragraph) whose year was only assumed."""
    def undated(fact: _Fact) -> bool:
        # a headline's year not written in it (year:horizon, year:relative …) was only assumed
        return fact.year is None or (fact.para_id == headline and any(f.startswith("year:") for f in fact.flags))

    def key(fact: _Fact) -> tuple:
        kind = None if fact.para_id == headline else fact.kind  # a headline's kind is a guess too
        return fact.metric_id, kind, fact.value, fact.scope

    dated = {(f.metric_id, f.kind, f.value, f.scope) for f in facts if not undated(f) and f.value is not None}
    dated |= {(m, None, v, s) for m, _, v, s in dated}
    return [f for f in facts if not undated(f) or f.metric_id == OTHER or f.value is None or key(f) not in dated]


def _merge_table_and_prose(facts: list[_Fact]) -> list[_Fact]:
    """The same registry fact in a table and in prose is one row (the table's) citing both."""
    table = {(f.metric_id, f.kind, f.year, f.value, f.scope): f for f in facts
             if f.source == "table" and f.metric_id != OTHER}
    kept = []
    for fact in facts:
        key = (fact.metric_id, fact.kind, fact.year, fact.value, fact.scope)
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
    place: str | None = None,
    level: str | None = None,
    matcher: MetricMatcher | None = None,
    cues: CueBook | None = None,
) -> pd.DataFrame:
    """Every numeric baseline and target of a cleaned plan, one row per fact.

    Columns ``INDICATOR_COLUMNS``: ``metric_id`` from the registry (``other`` with the plan's
    own name in ``metric_raw`` when none fits), ``kind`` baseline|target, ``year``, ``value``
    (empty for qualitative targets; the change for ``change``/``annual_change``), ``unit`` (the
    registry's), ``comparator``, ``source`` prose|table, ``evidence`` = ``raw[start:end]``,
    ``para_id`` and ``flags`` (``;``-separated: where the year came from, ``unit_conflict:…``,
    ``nature:约束性``, ``also_prose:start-end``, ``column_assumed``, ``range_high:22``, ``relative``,
    ``since:2015``, ``words:显著提高``),
    ``scope`` (whose figure: ``plan``, ``national``, ``province``, ``other``) and ``scope_raw`` (the
    words that say so).

    ``issued`` (``YYYY[-MM[-DD]]``) is the document's date: it decides whether a dated level was
    reached or planned and what 去年/目前 mean; without it the date is read from the text
    (:func:`document_date`), and where there is none relative years stay empty
    (``year:relative_unknown``). ``place``/``level`` (nation|province|local) say whose plan it is,
    so that 全省 in a provincial plan is the plan's own figure.
    """
    expect(plan, CleanPlan, "plan", "a CleanPlan (from compare.read_plan or compare.clean_plan)")
    rows = indicator_rows(plan, horizon=horizon, baseline_year=baseline_year, issued=issued, place=place,
                          level=level, matcher=matcher, cues=cues)
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
    place: str | None = None,
    level: str | None = None,
    matcher: MetricMatcher | None = None,
    cues: CueBook | None = None,
) -> list[tuple]:
    """The rows of :func:`extract_indicators` as plain tuples (``INDICATOR_COLUMNS`` order; a
    missing year or value is ``None``), for callers that need no DataFrame."""
    matcher = matcher or default_matcher()
    cues = cues or default_cues()
    context = infer_context(plan, horizon=horizon, baseline_year=baseline_year, issued=issued, place=place,
                            level=level)
    facts: list[_Fact] = []
    carried_year = None
    in_cell_runs = set()
    for cells in cell_runs(plan):
        facts.extend(extract_from_cells(cells, context=context, matcher=matcher))
        in_cell_runs.update(cell.para_id for cell in cells)
    prose = [paragraph for paragraph in plan.paragraphs if paragraph.kind == "text"]
    converted = iter(_simplified_texts([paragraph.text.text for paragraph in prose]))
    for paragraph in plan.paragraphs:
        if paragraph.kind == "table":
            facts.extend(extract_from_table(paragraph, plan, context=context, matcher=matcher))
        elif paragraph.kind == "text" and paragraph.para_id in in_cell_runs:
            next(converted)
        elif paragraph.kind == "heading" and _STATES_A_VALUE.search(paragraph.text.text) and matcher.mentions(
                normalize_name(paragraph.text.text)):
            # (一)全区居民健康素养水平提高到26%以上。: a numbered item that states a value reads as one
            facts.extend(extract_from_prose(paragraph, plan, context=context, matcher=matcher, cues=cues))
        elif paragraph.kind == "text":
            read = extract_from_prose(paragraph, plan, context=context, matcher=matcher, cues=cues,
                                      converted=next(converted), carried_year=carried_year)
            facts.extend(read)
            if context.kind == "report" and read:
                # In a report, a paragraph without a year (孕产妇死亡率…分别为…) goes on with the year
                # of the levels the paragraph before it dated (2020年,人均预期寿命为77.52岁).
                dated = [f.year for f in read if f.scope == "plan" and f.kind == "baseline" and f.year is not None
                         and not any(flag.startswith("year:") and flag != "year:period" for flag in f.flags)]
                carried_year = dated[-1] if dated else None
    headline = plan.paragraphs[0].para_id if plan.paragraphs else None
    facts = _drop_undated_repeats(_merge_table_and_prose(facts), headline)
    seen = set()
    rows = []
    for fact in facts:
        key = (fact.metric_id, fact.metric_raw, fact.kind, fact.year, fact.value, fact.comparator, fact.scope,
               fact.start)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            (plan.doc_id, fact.metric_id, fact.metric_raw, fact.kind, fact.year, fact.value, fact.unit,
             fact.comparator, fact.scope, fact.scope_raw, fact.source, plan.raw[fact.start : fact.end],
             fact.para_id, fact.start, fact.end, ";".join(fact.flags))
        )
    return rows
