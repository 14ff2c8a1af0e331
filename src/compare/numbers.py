"""Numbers as plans write them, rewritten as plain Arabic numbers before values are read.

Full-width digits (８０．５％), thousands separators (12,500张), Chinese numerals in value positions
(为零, 达到八十一岁, 三点二), fractions (十万分之八, 千分之五点五, 百分之八十), Chinese years (二〇二五年) and
note marks after a value (80岁①, 80岁[1], 80岁*, “81岁”) all become what the value grammar of
:mod:`compare.indicators` reads. The conversion of a Chinese numeral itself is cn2an's (a
maintained converter); this module only finds where a numeral stands for a value.

The rewritten text is used for matching only: provenance is the sentence's raw span, so the
rewrite may change the text's length.
"""

from __future__ import annotations

import re

import cn2an

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％‰～－＜＞", "0123456789.%‰~-<>")
_WIDE = re.compile("[０-９．％～－＜＞]")
# 12,500 / 1,200,000: groups of exactly three digits; not 3.5,120 (a list after a decimal).
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d.]|,\d)")
_NUMERAL = "零〇一二两三四五六七八九十百千万"
# A fraction: 十万分之八 -> 8/10万, 千分之五点五 -> 5.5‰, 百分之八十 -> 80%.
# (10万分之十: the denominator in digits, the numerator in words.)
_FRACTION = re.compile(rf"(十万|10万|万|千|百)分之([{_NUMERAL}]+(?:点[零〇一二三四五六七八九]+)?)")
_FRACTION_UNIT = {"十万": "/10万", "10万": "/10万", "万": "/万", "千": "‰", "百": "%"}
# A numeral where a value stands: after a verb of level, before a unit or the clause's end.
_VALUE_NUMERAL = re.compile(
    rf"(?<=[为到达至在于过降])([{_NUMERAL}]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?=岁|人|张|个|%|‰|以上|以下|左右|[，。；,;、）)]|$)"
)
# A numeral in words with a decimal point stands for a value wherever it stands (a list, after 的
# or 了: 分别为二点七二‰、三点九六‰, 较2015年的七十五点六岁提高了二点零二岁); a whole number after 、,
# 了 or 的 does when a unit of a level follows it.
_DECIMAL_NUMERAL = re.compile(
    rf"(?<![{_NUMERAL}点])([{_NUMERAL}]+点[零〇一二三四五六七八九]+)(?=岁|人|张|个|%|‰|/|以上|以下|左右|[，。；,;、）)]|$)"
)
_LISTED_NUMERAL = re.compile(rf"(?<=[、了的])([{_NUMERAL}]+)(?=岁|%|‰)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# 逾九成, 超过八成: tenths as a share (not 成立, 成效: a numeral must come right before 成).
_TENTHS = re.compile(r"(?<=[逾超过近达约])([一二三四五六七八九])成(?![立效果为功就])")
# 孕产妇零死亡, 孕产妇实现零死亡, 实现孕产妇零死亡: that mortality rate is 0.
_ZERO_DEATHS = re.compile(r"(孕产妇|婴儿|新生儿)(?:实现了?)?零死亡")
# Marks after a value: footnote numbers, asterisks; quotes around a value.
_NOTE_MARK = re.compile(r"(?<=[\d%‰岁人张个元天])(?:[①-⑳]|\[\d{1,2}\]|\*+)")
_MARK_CHARACTER = re.compile(r"[①-⑳*\[]")
# A comma lost between a value and a name that starts with a digit: 5.95%5岁以下儿童死亡率.
_RUN_ON_NAME = re.compile(r"(?<=\d[%‰])(?=\d{1,2}岁以下)")
_QUOTED = re.compile(r"[“\"]([<>≤≥]?\d+(?:\.\d+)?[%‰岁人张个元天]?)[”\"]")


def _arabic(numeral: str) -> str:
    number = cn2an.cn2an(numeral, "normal")
    return f"{number:g}" if isinstance(number, float) else str(number)


def _fraction(match: re.Match) -> str:
    return _arabic(match.group(2)) + _FRACTION_UNIT[match.group(1)]


def _value_numeral(match: re.Match) -> str:
    following = match.string[match.end() : match.end() + 2]
    if "点" not in match.group(1) and (following[:1] == "个" or (following[:1] in ("人", "张") and _HAN.match(following, 1))):
        return match.group(1)  # 为一个人口群体, 一人一档: a count of things, not a value (达到两人 is one)
    try:
        return _arabic(match.group(1))
    except ValueError:
        return match.group(1)  # not a well-formed numeral (十四五, 一二): left as written


_CHINESE_DATE = re.compile(
    r"([零〇一二三四五六七八九]{4})年(?:([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?)?"
)


def _chinese_date(match: re.Match) -> str:
    try:
        year = _arabic(match.group(1))
        month = f"{_arabic(match.group(2))}月" if match.group(2) else ""
        day = f"{_arabic(match.group(3))}日" if match.group(3) else ""
    except ValueError:
        return match.group()
    return f"{year}年{month}{day}"


def arabic_dates(text: str) -> str:
    """``text`` with dates in Chinese numerals written in digits (二〇二二年三月二十九日 ->
    2022年3月29日, 二〇一五年 -> 2015年), as formal documents date themselves and title bulletins."""
    return _CHINESE_DATE.sub(_chinese_date, text) if ("〇" in text or "零" in text) and "年" in text else text


def may_rewrite(text: str) -> bool:
    """Whether :func:`arabic_numbers` may change ``text`` (a cheap test for a whole paragraph:
    rare characters first, then the two-character shapes a rewrite needs; it may say yes where
    nothing changes, never no where something would)."""
    return (
        _REWRITE_CHARACTER.search(text) is not None
        or "分之" in text
        or ("," in text and _THOUSANDS_HINT.search(text) is not None)
        or ("成" in text and _TENTHS_HINT.search(text) is not None)
        or (("“" in text or '"' in text) and _QUOTED_HINT.search(text) is not None)
        or (("*" in text or "[" in text) and _MARK_HINT.search(text) is not None)
        or _NUMERAL_AFTER_VERB.search(text) is not None
        or ("点" in text and _DECIMAL_HINT.search(text) is not None)
        or _LISTED_NUMERAL_HINT.search(text) is not None
        or ("岁以下" in text and _RUN_ON_NAME.search(text) is not None)
    )


_REWRITE_CHARACTER = re.compile("[０-９．％～－＜＞①-⑳零〇]")
_THOUSANDS_HINT = re.compile(r"\d,\d")
_TENTHS_HINT = re.compile("[一二三四五六七八九]成")
_QUOTED_HINT = re.compile(r"[“\"][<>≤≥]?\d")
_MARK_HINT = re.compile(r"[\d%‰岁人张个元天](?:\*|\[\d)")
_NUMERAL_AFTER_VERB = re.compile(f"[为到达至在于过降][{_NUMERAL}]")
_DECIMAL_HINT = re.compile(f"[{_NUMERAL}]点[零〇一二三四五六七八九]")
_LISTED_NUMERAL_HINT = re.compile(f"[、了的][{_NUMERAL}]+[岁%‰]")


def arabic_numbers(text: str) -> str:
    """``text`` with the numbers of values written in plain Arabic digits (see the module).

    Each rewrite runs only where a plain character test says it may apply: most sentences need
    none of them."""
    if not may_rewrite(text):
        return text
    if _WIDE.search(text):
        text = text.translate(_FULL_WIDTH)
    if "," in text:
        text = _THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    if "分之" in text:
        text = _FRACTION.sub(_fraction, text)
    if "〇" in text or "零" in text:
        text = arabic_dates(text)
        text = _ZERO_DEATHS.sub(r"\1死亡率为0", text)
    if "成" in text:
        text = _TENTHS.sub(lambda m: f"{int(_arabic(m.group(1))) * 10}%", text)
    if _NUMERAL_AFTER_VERB.search(text):
        text = _VALUE_NUMERAL.sub(_value_numeral, text)
    if "点" in text:
        text = _DECIMAL_NUMERAL.sub(_value_numeral, text)
    if _LISTED_NUMERAL_HINT.search(text):
        text = _LISTED_NUMERAL.sub(_value_numeral, text)
    if _MARK_CHARACTER.search(text):
        text = _NOTE_MARK.sub("", text)
    if "“" in text or '"' in text:
        text = _QUOTED.sub(r"\1", text)
    if "岁以下" in text:
        text = _RUN_ON_NAME.sub("，", text)
    return text

