"""Cleaning a plan: page furniture out, extraction noise repaired, raw offsets kept.

The entry point is :func:`clean_plan`. It works on the decoded raw text line by line:

1. :func:`find_furniture` marks lines that are not plan content (navigation, share/print links,
   ``索引号 / 发布机构 / 公开方式`` header blocks, a table of contents) and says why for each,
   so nothing is dropped silently.
2. :mod:`compare.structure` turns the remaining lines into paragraphs with heading paths.
3. :func:`repair` fixes extraction noise inside each paragraph on a :class:`MappedText`, so every
   clean character still points at its raw characters.

A plan has a hundred lines and paragraphs or more, so the work is done for all of them at once
wherever the result is provably the same as one at a time: lines are columns of a
:class:`LineTable`, texts are converted to simplified with one OpenCC call
(:func:`simplified_each`), and the paragraphs of a plan are repaired together
(:func:`repair_many`, :func:`repair_converted`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

import numpy as np

from compare.mapped import MappedText
from compare.resources import furniture, simplified

# --- repairs -------------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation, full-width forms, general punctuation quotes and dashes.
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u205e"
_ASCII_PUNCT = r"!-/:-@\[-`{-~"
_SPACE = "[ \t\r\n\u00a0\u3000\u2002-\u200b\ufeff]"

_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0b]")
# 2。8 -> 2.8, but not "…达到100。2.加强…" where 。 ends a sentence before a numbered item.
# The look-behind comes after the full stop it checks (the same match as "(?<=\d)[。．]…"), so
# the pattern starts with the characters it can match and the regex engine skips to them
# instead of trying the look-behind at every character of the text.
_DECIMAL_FULL_STOP = re.compile(r"[。．](?<=\d[。．])(?=\d)(?!\d{1,2}[.．、](?!\d))")
# White space that PDF extraction or web copy put next to Chinese text: 健 康, “十四五” 卫生, 2022 年.
# Written as "(?<=A)S+(?=B)|(?<=C)S+(?=D)" would say the same; starting with the white space
# (and looking back over it) is much faster, as above.
_SPACE_NEAR_CJK = re.compile(
    rf"{_SPACE}(?:"
    rf"(?<=[{_CJK}{_CJK_PUNCT}]{_SPACE}){_SPACE}*(?=[{_CJK}{_CJK_PUNCT}{_ASCII_PUNCT}0-9A-Za-z])"
    rf"|(?<=[{_ASCII_PUNCT}0-9A-Za-z]{_SPACE}){_SPACE}*(?=[{_CJK}{_CJK_PUNCT}])"
    ")"
)
_SPACE_RUN = re.compile(f"{_SPACE}+")


def _to_ascii(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def to_simplified(text: MappedText) -> MappedText:
    """Traditional characters as simplified (OpenCC ``t2s``); the raw mapping is kept.

    Conversion is almost always character for character, and then every simplified character
    points at the traditional character it came from. Where a phrase conversion changes the
    length, the texts are aligned: unchanged characters keep their own raw span, and each
    character of a changed run points at the whole raw span of the run it replaced.
    """
    return _with_conversion(text, simplified(text.text))


def _with_conversion(text: MappedText, converted: str) -> MappedText:
    """``text`` replaced by its conversion ``converted``, raw mapping kept (see :func:`to_simplified`)."""
    if converted == text.text:
        return text
    if len(converted) == len(text.text):
        return MappedText(converted, text.starts, text.ends)
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    matcher = difflib.SequenceMatcher(None, text.text, converted, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        count = new_end - new_start
        if tag == "equal" or (tag == "replace" and count == old_end - old_start):
            starts.append(text.starts[old_start:old_end])
            ends.append(text.ends[old_start:old_end])
        elif count:
            if old_end > old_start:  # a run replaced by one of another length
                span_start, span_end = text.starts[old_start], text.ends[old_end - 1]
            else:  # pure insertion: anchor on the next (or previous) character
                anchor = min(old_start, len(text.text) - 1)
                span_start = span_end = text.starts[anchor]
            starts.append(np.full(count, span_start, dtype=np.int64))
            ends.append(np.full(count, span_end, dtype=np.int64))
    if not starts:
        return MappedText.concat([])
    return MappedText(converted, np.concatenate(starts), np.concatenate(ends))


def simplified_each(texts: list[str]) -> list[str]:
    """``[simplified(text) for text in texts]`` with one OpenCC call instead of one per text.

    OpenCC converts by longest dictionary match, and no dictionary entry holds a line break
    (its dictionaries are line-based text files), so texts joined by newlines convert exactly
    as they do one by one. Texts that hold a newline themselves are converted one by one.
    """
    if len(texts) < 2 or any("\n" in text for text in texts):
        return [simplified(text) for text in texts]
    converted = simplified("\n".join(texts)).split("\n")
    if len(converted) != len(texts):  # cannot happen with OpenCC's dictionaries; stay exact anyway
        return [simplified(text) for text in texts]
    return converted


def repair(text: MappedText) -> MappedText:
    """Repair extraction noise without changing meaning; the raw mapping is kept.

    Traditional characters become simplified (:func:`to_simplified`), full-width digits and
    letters become ASCII, a full stop between digits becomes a decimal point, white space next
    to Chinese characters is removed and other white space runs become one space. Punctuation
    such as ，。（） is left as written.
    """
    text = to_simplified(text)
    text = text.sub(_FULLWIDTH_ALNUM, _to_ascii)
    text = text.sub(_DECIMAL_FULL_STOP, ".")
    text = text.sub(_SPACE_NEAR_CJK, "")
    text = text.sub(_SPACE_RUN, " ")
    return text.strip()


# Characters that join texts repaired together. None of them is matched by a repair pattern, in
# a character class or a look-around (no digit, letter, punctuation, CJK or white space), so
# each text is repaired as if alone; the first one that occurs in none of the texts is used.
_JOINERS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08"


def unused_joiner(text: str) -> str | None:
    """A character of ``_JOINERS`` that ``text`` does not contain, or None."""
    return next((joiner for joiner in _JOINERS if joiner not in text), None)


def _joined(texts: list[str]) -> tuple[str, str] | None:
    """``(joiner, joiner.join(texts))`` for the first of ``_JOINERS`` that no text holds, or None
    (also for fewer than two texts)."""
    for joiner in _JOINERS:
        joined = joiner.join(texts)
        if joined.count(joiner) == len(texts) - 1 > 0:
            return joiner, joined
    return None


def repair_many(texts: list[MappedText]) -> list[MappedText]:
    """``[repair(text) for text in texts]``, with one OpenCC call and one pass of each repair
    over all texts together (much faster for the many short paragraphs of a plan)."""
    originals = [text.text for text in texts]
    joined = _joined(originals)
    if joined is None:
        return [repair(text) for text in texts]
    joiner = joined[0]
    gap = np.zeros(1, dtype=np.int64)  # the raw position of a joiner, never used
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    for text in texts:
        starts += [text.starts, gap]
        ends += [text.ends, gap]
    return repair_converted(
        originals, simplified_each(originals), np.concatenate(starts[:-1]), np.concatenate(ends[:-1]), joiner
    )


def repair_converted(
    originals: list[str], converted: list[str], starts: np.ndarray, ends: np.ndarray, joiner: str
) -> list[MappedText]:
    """:func:`repair` of each of ``originals``, given each one's simplified conversion.

    ``starts``/``ends`` are the raw spans of ``joiner.join(originals)`` (one unused position
    per joiner); ``joiner`` is one of ``_JOINERS`` and in no text. The texts are repaired
    together, joined by ``joiner``, which no repair matches or looks at.
    """
    if joiner not in _JOINERS:
        raise ValueError(f"{joiner!r} is not a joiner the repair patterns ignore")
    if all(len(new) == len(old) for new, old in zip(converted, originals, strict=True)):
        text = MappedText(joiner.join(converted), starts, ends)
    else:  # a phrase conversion changed a length: align that text on its own
        joined = MappedText(joiner.join(originals), starts, ends)
        pieces: list[MappedText] = []
        offset = 0
        for old, new in zip(originals, converted, strict=True):
            if pieces:
                pieces.append(joined[offset - 1 : offset])  # the joiner
            pieces.append(_with_conversion(joined[offset : offset + len(old)], new))
            offset += len(old) + 1
        text = MappedText.concat(pieces)
    text = _repair_noise(text)
    repaired: list[MappedText] = []
    offset = 0
    for part in text.text.split(joiner):  # each text, stripped as repair() strips it
        left = part.lstrip()
        kept = left.rstrip()
        begin = offset + len(part) - len(left)
        end = begin + len(kept)
        repaired.append(MappedText(kept, text.starts[begin:end], text.ends[begin:end]))
        offset += len(part) + 1
    return repaired


# --- the repairs after conversion, with numpy over the code points -------------------------
#
# Scanning a whole plan with the repair patterns costs more than the rest of the repair: the
# look-arounds are tried at every character. A table of what each character is (white space,
# Chinese, Latin, ...) gives the same answers for a whole text in a few numpy operations:
# full-width forms and decimal full stops are rare, and where one may be the pattern runs as
# before; white space is handled run by run (see _remove_space_near_cjk).

_BMP = 0x10000  # the table covers the Basic Multilingual Plane; index _BMP stands for every other code point
# Bits of the character table. Chinese and Latin are the classes the look-arounds of
# _SPACE_NEAR_CJK test: [_CJK _CJK_PUNCT] and [_ASCII_PUNCT 0-9A-Za-z].
_IS_SPACE, _IS_FULLWIDTH, _IS_DIGIT, _IS_FULL_STOP, _IS_CHINESE, _IS_LATIN = 1, 2, 4, 8, 16, 32
_IDEOGRAPHIC_SPACE = 0x3000  # the one character that is white space and Chinese punctuation


@cache
def _character_table() -> np.ndarray:
    """For each BMP code point, the bits of the character classes it is in. Beyond the BMP
    nothing is white space, full-width, a full stop, Chinese or Latin; a digit maybe (the
    decimal pattern decides)."""
    every_char = np.arange(_BMP, dtype=np.uint32).tobytes().decode("utf-32-le", errors="surrogatepass")
    table = np.zeros(_BMP + 1, dtype=np.uint8)
    for bit, char_class in (
        (_IS_SPACE, _SPACE),
        (_IS_FULLWIDTH, _FULLWIDTH_ALNUM.pattern),
        (_IS_DIGIT, r"\d"),
        (_IS_FULL_STOP, "[。．]"),
        (_IS_CHINESE, f"[{_CJK}{_CJK_PUNCT}]"),
        (_IS_LATIN, f"[{_ASCII_PUNCT}0-9A-Za-z]"),
    ):
        table[[match.start() for match in re.finditer(char_class, every_char)]] |= bit
    table[_BMP] = _IS_DIGIT
    # _remove_space_near_cjk relies on this: no white space but U+3000 is Chinese or Latin.
    both = np.flatnonzero((table[:_BMP] & _IS_SPACE) & (table[:_BMP] >> 4)).tolist()
    if both != [_IDEOGRAPHIC_SPACE]:
        raise AssertionError(f"white space that is also Chinese or Latin: {both}")
    return table


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)


def _character_bits(code_points: np.ndarray) -> np.ndarray:
    """The :func:`_character_table` bits of each code point."""
    return np.take(_character_table(), code_points, mode="clip")  # beyond the BMP: the last entry


def _run_bounds(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the maximal runs of true values of the boolean array ``flags``."""
    padded = np.concatenate(([False], flags, [False]))
    bounds = np.flatnonzero(padded[1:] != padded[:-1])
    return bounds[::2], bounds[1::2]


def _outside(size: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which of ``size`` positions lie in none of the ordered, disjoint spans ``[start, end)``."""
    bounds = np.empty(2 * len(starts) + 2, dtype=np.int64)
    bounds[0], bounds[-1] = 0, size
    bounds[1:-1:2], bounds[2:-1:2] = starts, ends
    outside = np.zeros(len(bounds) - 1, dtype=bool)
    outside[::2] = True
    return np.repeat(outside, np.diff(bounds))


def _replace(text: str, starts: list[int], ends: list[int], new: str) -> str:
    """``text`` with each of the ordered, disjoint spans ``[start, end)`` replaced by ``new``."""
    pieces = [text[kept_from:start] for kept_from, start in zip([0, *ends], starts, strict=False)]
    return new.join(pieces) + new + text[ends[-1] :] if pieces else text


def _repair_noise(text: MappedText) -> MappedText:
    """The same as the substitutions of :func:`repair` after conversion, in turn:
    ``_FULLWIDTH_ALNUM``, ``_DECIMAL_FULL_STOP``, ``_SPACE_NEAR_CJK``, ``_SPACE_RUN``."""
    code_points = _code_points(text.text)
    bits = _character_bits(code_points)
    original = text
    if (bits & _IS_FULLWIDTH).any():
        text = text.sub(_FULLWIDTH_ALNUM, _to_ascii)
    # A decimal full stop has a digit on both sides (full-width digits are digits before and
    # after the step above).
    digit = (bits & _IS_DIGIT) != 0
    if (((bits[1:-1] & _IS_FULL_STOP) != 0) & digit[:-2] & digit[2:]).any():
        text = text.sub(_DECIMAL_FULL_STOP, ".")
    if text is not original:  # a repair above changed characters (sub returns its text unchanged)
        code_points = _code_points(text.text)
        bits = _character_bits(code_points)
    return _collapse_space_runs(*_remove_space_near_cjk(text, code_points, bits))


def _remove_space_near_cjk(
    text: MappedText, code_points: np.ndarray, bits: np.ndarray
) -> tuple[MappedText, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    """``text.sub(_SPACE_NEAR_CJK, "")``: the result, its code points and bits, and its runs of
    white space when known (else None).

    A match is white space only, so it lies inside one maximal run of white space. In a run
    without an ideographic space (the one white space that is also Chinese), the look-behinds
    can only hold at the run's first character and the look-aheads only after its last: the
    pattern removes the whole run when Chinese is before it and Chinese or Latin after it, or
    Latin before and Chinese after, and nothing of it otherwise. Runs with an ideographic space
    are searched with the pattern, at each of their characters, as scanning the text would.
    """
    run_starts, run_ends = _run_bounds((bits & _IS_SPACE) != 0)
    if not run_starts.size:
        return text, code_points, bits, (run_starts, run_ends)
    size = len(code_points)
    before = np.where(run_starts > 0, bits[run_starts - 1], 0)  # nothing before the text
    after = np.where(run_ends < size, bits[np.minimum(run_ends, size - 1)], 0)  # nor after it
    chinese_before, latin_before = (before & _IS_CHINESE) != 0, (before & _IS_LATIN) != 0
    chinese_after, latin_after = (after & _IS_CHINESE) != 0, (after & _IS_LATIN) != 0
    whole = (chinese_before & (chinese_after | latin_after)) | (latin_before & chinese_after)
    ideographic_at = np.flatnonzero(code_points == _IDEOGRAPHIC_SPACE)
    if not ideographic_at.size:
        if not whole.any():
            return text, code_points, bits, (run_starts, run_ends)
        removed_starts, removed_ends = run_starts[whole], run_ends[whole]
        kept = _outside(size, removed_starts, removed_ends)
        shorter = _replace(text.text, removed_starts.tolist(), removed_ends.tolist(), "")
        # The runs left, moved left by the characters removed before them.
        removed_before = np.cumsum(np.where(whole, run_ends - run_starts, 0))
        left_starts, left_ends = (run_starts - removed_before)[~whole], (run_ends - removed_before)[~whole]
        runs = (left_starts, left_ends)
    else:
        ideographic = np.zeros(run_starts.size, dtype=bool)
        ideographic[np.searchsorted(run_starts, ideographic_at, side="right") - 1] = True
        starts_list, ends_list = run_starts[whole & ~ideographic].tolist(), run_ends[whole & ~ideographic].tolist()
        for run_start, run_end in zip(run_starts[ideographic].tolist(), run_ends[ideographic].tolist(), strict=True):
            position = run_start
            while position < run_end:
                match = _SPACE_NEAR_CJK.match(text.text, position)
                if match is None:
                    position += 1
                else:
                    starts_list.append(position)
                    ends_list.append(match.end())
                    position = match.end()
        if not starts_list:
            return text, code_points, bits, (run_starts, run_ends)
        order = sorted(range(len(starts_list)), key=starts_list.__getitem__)
        starts_list, ends_list = [starts_list[k] for k in order], [ends_list[k] for k in order]
        kept = _outside(size, np.array(starts_list, dtype=np.int64), np.array(ends_list, dtype=np.int64))
        shorter = _replace(text.text, starts_list, ends_list, "")
        runs = None  # what is left of a run may be anywhere in it
    return MappedText(shorter, text.starts[kept], text.ends[kept]), code_points[kept], bits[kept], runs


def _collapse_space_runs(
    text: MappedText, code_points: np.ndarray, bits: np.ndarray, runs: tuple[np.ndarray, np.ndarray] | None
) -> MappedText:
    """``text.sub(_SPACE_RUN, " ")``: each maximal run of white space (``runs``, or found here
    when None) becomes one space that maps to the run's whole raw span (a run that is one space
    already stays)."""
    run_starts, run_ends = runs if runs is not None else _run_bounds((bits & _IS_SPACE) != 0)
    changed = (run_ends - run_starts > 1) | (code_points[run_starts] != ord(" "))
    if not changed.any():
        return text
    run_starts, run_ends = run_starts[changed], run_ends[changed]
    ends = text.ends.copy()
    ends[run_starts] = text.ends[run_ends - 1]
    kept = _outside(len(code_points), run_starts + 1, run_ends)  # the first character of each run
    collapsed = _replace(text.text, run_starts.tolist(), run_ends.tolist(), " ")
    return MappedText(collapsed, text.starts[kept], ends[kept])


def normalize_line(line: str) -> str:
    """A line as used for matching: simplified, repaired, no white space at all."""
    return _SPACE_RUN.sub("", _FULLWIDTH_ALNUM.sub(_to_ascii, simplified(line)))


# --- lines and furniture -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One raw line: 1-based number, raw ``[start, end)`` without the line break."""

    number: int
    start: int
    end: int
    text: str
    simplified: str = ""  # the line in simplified characters, for recognising furniture

    @property
    def key(self) -> str:
        """Simplified, white space collapsed to single spaces and stripped: for look-ups, so
        首頁 and 索引號 on a traditional page are furniture too."""
        return _SPACE_RUN.sub(" ", self.simplified or self.text).strip()

    @property
    def blank(self) -> bool:
        return not self.key


@dataclass(frozen=True)
class Removed:
    """A raw line cleaned away, and why."""

    line: int
    raw_start: int
    raw_end: int
    reason: str
    text: str


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class LineTable:
    """The lines of a text as columns: what cleaning works on, without an object per line.

    Row ``i`` is the line :func:`split_lines` returns at index ``i``: ``numbers``, ``starts``,
    ``ends``, ``texts`` and ``simplified`` are its fields, ``keys`` its :attr:`Line.key`.
    ``own`` is each line's text converted to simplified on its own, as :func:`normalize_line`
    and :func:`heading_rank` convert it (``Line.simplified`` is cut from the conversion of the
    whole text, which in rare cases differs); None where not needed.
    """

    numbers: list[int]
    starts: list[int]
    ends: list[int]
    texts: list[str]
    simplified: list[str]
    keys: list[str]
    own: list[str] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    @classmethod
    def of_raw(cls, raw: str) -> LineTable:
        """The lines of ``raw`` (``\\r\\n`` and ``\\r`` end a line too), with two OpenCC calls at most."""
        converted = simplified(raw)
        if "\r" in raw:
            texts, starts = [], []
            for match in _LINE.finditer(raw):
                if not match.group():
                    break
                starts.append(match.start())
                texts.append(match.group().rstrip("\r\n"))
            own = simplified_each(texts)
        else:
            texts = raw.split("\n")
            if not texts[-1]:  # nothing after the last line break
                texts.pop()
            starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0)) if texts else []
            # Lines convert exactly as one by one (see simplified_each), so the conversion of
            # the whole text holds each line's own conversion.
            own = converted.split("\n")[: len(texts)]
            if converted.count("\n") != raw.count("\n"):  # cannot happen; stay exact anyway
                own = simplified_each(texts)
        ends = [start + len(text) for start, text in zip(starts, texts, strict=True)]
        if len(converted) != len(raw):
            line_simplified = own
        elif "\r" not in raw and all(len(new) == len(text) for new, text in zip(own, texts, strict=True)):
            # Each line's own conversion is the whole conversion between two newlines, and with
            # no length changed that is the whole conversion cut at the line's raw offsets.
            line_simplified = own
        else:  # Line.simplified: the whole conversion cut at the raw offsets
            line_simplified = [converted[start:end] for start, end in zip(starts, ends, strict=True)]
        keys = _keys([new or text for new, text in zip(line_simplified, texts, strict=True)])
        return cls(list(range(1, len(texts) + 1)), starts, ends, texts, line_simplified, keys, own)

    @classmethod
    def of_lines(cls, lines: list[Line], *, with_own: bool = True) -> LineTable:
        """The table of ``lines`` (``own`` converted with one OpenCC call, if asked for)."""
        texts = [line.text for line in lines]
        return cls(
            [line.number for line in lines],
            [line.start for line in lines],
            [line.end for line in lines],
            texts,
            [line.simplified for line in lines],
            [line.key for line in lines],
            simplified_each(texts) if with_own else None,
        )

    def lines(self) -> list[Line]:
        """The rows as :class:`Line` objects."""
        return [
            Line(*row)
            for row in zip(self.numbers, self.starts, self.ends, self.texts, self.simplified, strict=True)
        ]


def _keys(texts: list[str]) -> list[str]:
    """:attr:`Line.key` of each (simplified) line text: one substitution over all of them."""
    joined = _joined(texts)
    if joined is None:
        return [_SPACE_RUN.sub(" ", text).strip() for text in texts]
    joiner, text = joined
    return [key.strip() for key in _one_space_per_run(text).split(joiner)]


def _one_space_per_run(text: str) -> str:
    """``_SPACE_RUN.sub(" ", text)``: every run of white space as one space."""
    code_points = _code_points(text)
    run_starts, run_ends = _run_bounds((_character_bits(code_points) & _IS_SPACE) != 0)
    changed = (run_ends - run_starts > 1) | (code_points[run_starts] != ord(" "))  # not one space
    if not changed.any():
        return text
    return _replace(text, run_starts[changed].tolist(), run_ends[changed].tolist(), " ")


def split_lines(raw: str) -> list[Line]:
    """Raw text as lines with offsets (``\\r\\n`` and ``\\r`` are treated as line ends too)."""
    return LineTable.of_raw(raw).lines()


_CN_NUMBER = "[一二三四五六七八九十百零〇两]+"
# Heading markers by rank: a heading pops every open heading of the same or a lower rank.
HEADING_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第(?:{_CN_NUMBER}|\d+)(?:编|部分)")),
    (1, re.compile(rf"^第(?:{_CN_NUMBER}|\d+)章")),
    (2, re.compile(rf"^第(?:{_CN_NUMBER}|\d+)节")),
    (3, re.compile(rf"^{_CN_NUMBER}[、]")),
    (4, re.compile(rf"^[（(]{_CN_NUMBER}[）)]")),
    (5, re.compile(r"^\d{1,2}(?:、|[.．](?!\d))")),
    (6, re.compile(r"^[（(]\d{1,2}[）)]")),
    (7, re.compile("^[\u2460-\u2473]")),
    (8, re.compile(r"^(?:专栏|表)\s*\d{1,2}(?!\d)")),
)


# All markers as one pattern, one group per rank in rank order: the first alternative that
# matches is the first marker that matches.
_ANY_HEADING_MARKER = re.compile(
    "|".join(f"({pattern.pattern})" for _, pattern in HEADING_MARKERS)
)


def heading_rank(text: str) -> int | None:
    """Rank of the heading marker that starts ``text`` (0 = 第X编 … 8 = 专栏/表), else None.

    Traditional markers (第X節, 專欄) count too."""
    return heading_ranks_of_starts([text.strip()[:16]])[0]


def heading_ranks(texts: list[str]) -> list[int | None]:
    """``[heading_rank(text) for text in texts]``, with one OpenCC call for all texts."""
    return heading_ranks_of_starts([text.strip()[:16] for text in texts])


def heading_ranks_of_starts(starts: list[str]) -> list[int | None]:
    """:func:`heading_ranks` of texts given as ``text.strip()[:16]``."""
    return [
        # Most lines start with no marker's first character: no pattern to try.
        _rank_of_simplified(start) if start[:1] in _HEADING_INITIALS or start[:1].isdecimal() else None
        for start in simplified_each(starts)
    ]


def _rank_of_simplified(start: str) -> int | None:
    match = _ANY_HEADING_MARKER.match(start)
    return None if match is None else HEADING_MARKERS[match.lastindex - 1][0]


# What a heading marker starts with, besides a digit (\d, which is str.isdecimal): 第, a Chinese
# number, an opening bracket, a circled number, 专栏 or 表.
_HEADING_INITIALS = frozenset("第一二三四五六七八九十百零〇两（(专表" + "".join(map(chr, range(0x2460, 0x2474))))


_INDEX_NUMBER = re.compile(r"^[0-9A-Z]{6,}\s*[-/]\s*[0-9A-Z/-]+$")
_DATE_ONLY = re.compile(
    r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# "首页 > 政务公开 > 法规文件": at least two separators with space around them.
_BREADCRUMB = re.compile(r"(?:(?:^|\s)[>＞»]\s+\S+.*){2,}")
_ATTACHMENT_FILE = re.compile(r"\.(?:docx?|pdf|xlsx?|wps|ofd|zip|rar)$", re.IGNORECASE)
_COLOPHON = re.compile(r"^\S.{0,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
_SENTENCE_PUNCT = re.compile("[。：:！？；;!?]")
_TITLE_LIKE = re.compile(r"(?:通知|规划|方案|意见|要点|纲要|办法|计划|决定|细则|报告|行动)[”\"》」』]?$")


# A metadata header line (索引号：… 发布机构：… 成文日期：…) is short; a longer line with sentence
# punctuation is text that happens to start with a label.
_LONGEST_METADATA_LINE = 300


@cache
def _label_initials() -> frozenset[str]:
    """The characters a line matched by :func:`_label_pattern` can start with: the first
    character of a label, or the colon after an empty label (a key starts with no white space)."""
    labels = furniture()["label"]
    return frozenset(label[:1] or colon for label in labels for colon in ":：")


@cache
def _label_pattern() -> re.Pattern[str]:
    labels = sorted(furniture()["label"], key=len, reverse=True)
    return re.compile(r"^(?:{})\s*[:：]".format("|".join(map(re.escape, labels))))


def _furniture_reason(key: str, label_pattern: re.Pattern[str]) -> str | None:
    """Why a line (collapsed text) is furniture wherever it stands, or None."""
    # Each pattern is tried only on lines holding a character it needs: most lines are plan text.
    vocabulary = furniture()
    if (key[:1] in _label_initials() and ("：" in key or ":" in key) and label_pattern.match(key)
            and (len(key) <= _LONGEST_METADATA_LINE or not _SENTENCE_PUNCT.search(key))):
        # 索引号：… is a header field; a whole plan saved as one line that starts with it is not
        return "metadata header"
    if key in vocabulary["line"]:
        return vocabulary["line"][key]
    if key in vocabulary["value"]:
        return "metadata header"
    if (">" in key or "＞" in key or "»" in key) and _BREADCRUMB.search(key) and not _SENTENCE_PUNCT.search(key):
        return "navigation"
    if "." in key[-5:] and _ATTACHMENT_FILE.search(key) and len(key) <= 150:  # ends with .pdf, .docx …
        return "attachment file name"
    if key.endswith("印发") and _COLOPHON.match(key):
        return "colophon (印发 line)"
    return None


def _is_strong_header_line(key: str) -> bool:
    return bool(_INDEX_NUMBER.match(key) or _DATE_ONLY.match(key))


def _is_weak_header_line(key: str) -> bool:
    """Short, unpunctuated lines that sit between metadata lines at the top of a web page."""
    return len(key) <= 60 and not _SENTENCE_PUNCT.search(key) and not _TITLE_LIKE.search(key)


def find_furniture(lines: list[Line]) -> dict[int, str]:
    """Index of every furniture line -> the reason it is not plan content."""
    return furniture_of_table(LineTable.of_lines(lines))


def furniture_of_table(table: LineTable) -> dict[int, str]:
    """:func:`find_furniture` of the lines of ``table`` (which needs ``own``)."""
    if table.own is None:
        raise ValueError("finding furniture needs each line's own conversion (LineTable.own)")
    keys = table.keys
    label_pattern = _label_pattern()
    reasons: dict[int, str] = {}
    for i in _furniture_candidates(keys):
        key = keys[i]
        if not key:
            continue
        reason = _furniture_reason(key, label_pattern)
        if reason is None:
            continue
        reasons[i] = reason
        # "索引号:" alone on its line: the value follows on the next non-blank line.
        if reason == "metadata header" and _ENDS_WITH_COLON.fullmatch(key) and label_pattern.fullmatch(key):
            following = next((j for j in range(i + 1, len(keys)) if keys[j]), None)
            if following is not None and _furniture_reason(keys[following], label_pattern) is None:
                if len(keys[following]) <= 80 and "。" not in keys[following]:
                    reasons[following] = "metadata header"
    reasons.update(_leading_header_block(keys, reasons))
    reasons.update(_table_of_contents(keys, table.own, reasons))
    return reasons


_ENDS_WITH_COLON = re.compile(r".*[:：]")
def _furniture_candidates(keys: list[str]) -> list[int]:
    """Indexes of the lines that may be furniture wherever they stand (in order): a line of
    the vocabulary, with a colon (a label) or a breadcrumb separator, or ending like a file
    name or 印发; for every other line :func:`_furniture_reason` is None."""
    vocabulary = furniture()
    lines, values = vocabulary["line"], vocabulary["value"]
    return [
        i for i, key in enumerate(keys)
        if key in lines or key in values or "：" in key or ":" in key or ">" in key or "＞" in key
        or "»" in key or "." in key[-5:] or key.endswith("印发")
    ]


def _leading_header_block(keys: list[str], known: dict[int, str]) -> dict[int, str]:
    """Unlabelled metadata at the top of a page (index number, issuer, dates, 主动公开 …).

    The block runs from the first line while lines stay short and unpunctuated, and is cut after
    its last line that is certainly metadata; it counts only with two such lines.
    """
    strong: list[int] = []
    block: list[int] = []
    for i, key in enumerate(keys):
        if not key:
            continue
        if i in known or _is_strong_header_line(key):
            strong.append(i)
        elif not _is_weak_header_line(key):
            break
        block.append(i)
    if len(strong) < 2:
        return {}
    certain = set(strong)
    return {
        i: known.get(i, "metadata header" if i in certain else "page header")
        for i in block
        if i <= strong[-1]
    }


def _normalized_lines(own: list[str]) -> list[str]:
    """:func:`normalize_line` of every line, given each line's own simplified text.

    Both repairs run once over all lines joined by a character neither pattern matches."""
    joined_lines = _joined(own)
    if joined_lines is None:
        return [_SPACE_RUN.sub("", _FULLWIDTH_ALNUM.sub(_to_ascii, text)) for text in own]
    joiner, joined = joined_lines
    bits = _character_bits(_code_points(joined))
    if (bits & _IS_FULLWIDTH).any():
        joined = _FULLWIDTH_ALNUM.sub(_to_ascii, joined)  # no white space made or removed
    run_starts, run_ends = _run_bounds((bits & _IS_SPACE) != 0)
    if run_starts.size:
        joined = _replace(joined, run_starts.tolist(), run_ends.tolist(), "")
    return joined.split(joiner)


_PAGE_NUMBER_AT_END = re.compile(r"\d+$")


def _table_of_contents(keys: list[str], own: list[str], known: dict[int, str]) -> dict[int, str]:
    """A 目录 line and the heading lines after it that the body repeats later."""
    # Only a line holding 目 and 录 can normalise to 目录 (the repairs add ASCII or remove white space).
    start = next(
        (i for i, text in enumerate(own) if "录" in text and "目" in text and i not in known
         and _SPACE_RUN.sub("", _FULLWIDTH_ALNUM.sub(_to_ascii, text)) == "目录"),
        None,
    )
    if start is None:
        return {}
    normalized = _normalized_lines(own)
    # One string of all lines, each after a newline, so "a later line starts with the entry"
    # is a single substring search from the next line on.
    joined = "".join("\n" + text for text in normalized)
    line_offsets = [0]
    for text in normalized:
        line_offsets.append(line_offsets[-1] + 1 + len(text))
    entries: list[int] = []
    repeated = 0
    for i in range(start + 1, len(keys)):
        if not keys[i] or i in known:
            continue
        entry = _PAGE_NUMBER_AT_END.sub("", normalized[i])  # trailing page number
        is_repeated = bool(entry) and joined.find("\n" + entry, line_offsets[i + 1]) != -1
        if not is_repeated and heading_rank(keys[i]) is None:
            break
        repeated += is_repeated
        entries.append(i)
    if repeated < 3:
        return {}
    return {i: "table of contents" for i in [start, *entries]}


def removed_lines(lines: list[Line], reasons: dict[int, str]) -> list[Removed]:
    """The furniture lines as records, in raw order."""
    return [
        Removed(lines[i].number, lines[i].start, lines[i].end, reason, lines[i].text.strip())
        for i, reason in sorted(reasons.items())
    ]


def removed_of_table(table: LineTable, reasons: dict[int, str]) -> list[Removed]:
    """:func:`removed_lines` of the lines of ``table``."""
    return [
        Removed(table.numbers[i], table.starts[i], table.ends[i], reason, table.texts[i].strip())
        for i, reason in sorted(reasons.items())
    ]
