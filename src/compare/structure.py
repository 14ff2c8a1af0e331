"""Plan structure: paragraphs with their heading paths, and sentences.

A plan becomes a list of :class:`Paragraph` records. Headings are paragraphs too (``kind`` is
``heading``), so no text is lost; body paragraphs carry the path of headings above them,
e.g. ``第七章 加快建设中医药服务强市 / 第二节 充分发挥中医药独特优势``. A flattened table
(``表 N`` followed by one cell per line) becomes one ``table`` paragraph whose cells are joined
by `` | ``.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from compare.cleaning import (
    Line,
    LineTable,
    Removed,
    furniture_of_table,
    heading_ranks_of_starts,
    removed_of_table,
    repair,
    repair_converted,
    simplified_each,
    unused_joiner,
)
from compare.errors import PlanInputError, expect
from compare.mapped import MappedText
from compare.reading import read_plan_text

HEADING_SEPARATOR = " / "
TABLE_CELL_SEPARATOR = " | "

_SENTENCE_END = "。！？!?"
_CLAUSE_END = _SENTENCE_END + "；;：:…"
# "…达到90%以上。    11.完善…": numbered items run together on one line.
# (The look-behind follows the first space it checks, the same match as "(?<=[。！？；])[ …]+":
# the pattern starts with the characters it can match, so the regex engine skips to them
# instead of trying the look-behind at every character.)
_RUN_TOGETHER_ITEM = re.compile(
    r"[ \t\u00a0\u3000](?<=[。！？；][ \t\u00a0\u3000])[ \t\u00a0\u3000]*"
    r"(?=\d{1,2}(?:、|[.．](?!\d))|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
)
_MAX_HEADING_CHARS = 60
_MAX_RUN_IN_HEADING_CHARS = 45
_MAX_TABLE_CELL_CHARS = 60
_MIN_BROKEN_LINE_CHARS = 40
# Hard-wrapped text (wrap_width): lines of this many columns or more are looked at; the wrap
# width must be reached, within the slack, by this share of them (and by this many lines), and
# may be passed by this share.
_WRAP_MIN_COLUMNS = 40
_WRAP_SLACK = 4
_WRAP_SHARE = 0.5
_WRAP_MIN_LINES = 4
_WRAP_MIN_FULL = 3  # lines that reach the width
_WRAP_MAX_COLUMNS = 160  # 80 CJK characters: wider lines are paragraphs, not a page's width
_WRAP_WIDER_SHARE = 0.05
_BOX_RANK = 8  # 专栏 N / 表 N
_MARKER_WITH_SPACE = re.compile(r"^(第\S+?[章节编]|第\S+?部分|专栏\s*\d+|表\s*\d+)\s*")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a plan.

    ``kind`` is ``heading``, ``text`` or ``table``; ``heading_path`` lists the headings above
    it (a heading's own path ends with itself); ``line`` is the raw line it starts on.
    """

    para_id: int
    kind: str
    heading_path: tuple[str, ...]
    text: MappedText
    line: int

    @property
    def level(self) -> int:
        """Depth in the plan's outline: the number of headings in its path."""
        return len(self.heading_path)

    @property
    def raw_span(self) -> tuple[int, int]:
        return self.text.raw_span()


@dataclass(frozen=True)
class CleanPlan:
    """A plan after cleaning: raw text, paragraphs, and what was cleaned away."""

    doc_id: str
    raw: str
    encoding: str
    paragraphs: list[Paragraph]
    removed: list[Removed] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The clean text, one paragraph per line."""
        return "\n".join(p.text.text for p in self.paragraphs)


def heading_label(text: str) -> str:
    """A heading as shown in a path: trailing full stop dropped, one space after 第X章/专栏 N."""
    label = text.rstrip("。.；; ")
    marker = _MARKER_WITH_SPACE.match(label)  # anchored: matches once at most
    if marker is None:
        return label.strip()
    return (_WHITE_SPACE.sub(" ", marker.group(1)) + " " + label[marker.end() :]).strip()


_WHITE_SPACE = re.compile(r"\s+")


# A stripped piece of a raw line, ``(start, end, text)`` with ``text == raw[start:end]``.
_Piece = tuple[int, int, str]
_START, _END, _TEXT = 0, 1, 2


class _Block(NamedTuple):
    kind: str
    rank: int | None
    pieces: list[_Piece]  # grows while lines are read
    line: int


def _stripped(raw: str, start: int, end: int) -> _Piece:
    """``raw[start:end]`` without leading and trailing white space."""
    text = raw[start:end]
    left = text.lstrip()
    kept = left.rstrip()
    start += len(text) - len(left)
    return start, start + len(kept), kept


def _segments(table: LineTable, raw: str, skip: dict[int, str]) -> list[tuple[int, _Piece]]:
    """Kept non-blank lines as stripped pieces, with run-together numbered items split apart."""
    # The pattern never matches across a line break (nor looks past one), so one search of the
    # whole text finds what a search of each line would.
    item_breaks = [match.span() for match in _RUN_TOGETHER_ITEM.finditer(raw)]
    item_breaks.append((len(raw) + 1, len(raw) + 1))  # after every line: ends the searches below
    next_break = 0
    segments = []
    for i, (number, line_start, line_end, key) in enumerate(
        zip(table.numbers, table.starts, table.ends, table.keys, strict=True)
    ):
        if not key or i in skip:
            continue
        while item_breaks[next_break][0] < line_start:
            next_break += 1  # in a line that is not kept
        if item_breaks[next_break][0] >= line_end:
            text = raw[line_start:line_end]  # the whole line (most lines), stripped
            left = text.lstrip()
            kept = left.rstrip()
            start = line_start + len(text) - len(left)
            segments.append((number, (start, start + len(kept), kept)))
            continue
        begin = line_start
        while item_breaks[next_break][0] < line_end:
            match_start, match_end = item_breaks[next_break]
            segments.append((number, _stripped(raw, begin, match_start)))
            begin = match_end
            next_break += 1
        segments.append((number, _stripped(raw, begin, line_end)))
    return segments


_HEADING_STOPS = re.compile(f"[{_SENTENCE_END}；;]")
_SENTENCE_STOP = re.compile(f"[{_SENTENCE_END}]")
# A numbered line of three clauses or more (二、目前我县托位数共有295个,平均每千人口2.02个,与…) is
# a numbered sentence, not a heading.
_CLAUSE_COMMAS = re.compile("[，,]")


def _split_heading(raw: str, piece: _Piece, rank: int) -> tuple[int | None, _Piece | None, _Piece | None]:
    """(rank, heading part, body part) of a line that starts with a heading marker of ``rank``;
    a run-in heading ``1.标题。正文`` is split."""
    start, end, text = piece
    stripped = text.rstrip("。 ")
    if (len(stripped) <= _MAX_HEADING_CHARS and not _HEADING_STOPS.search(stripped)
            and len(_CLAUSE_COMMAS.findall(stripped)) < 2):
        return rank, piece, None
    stop = _SENTENCE_STOP.search(text)
    if stop is not None and stop.end() <= _MAX_RUN_IN_HEADING_CHARS and text[stop.end() :].strip():
        split = start + stop.end()
        return rank, (start, split, text[: stop.end()]), _stripped(raw, split, end)
    return None, None, piece


def _is_table_cell(text: str, rank: int | None) -> bool:
    return len(text) <= _MAX_TABLE_CELL_CHARS and not text.endswith("。") and rank is None


def _breaks_mid_sentence(before: str, after: str) -> bool:
    """A Chinese sentence cut by a line break: no clause end before, Chinese text on both sides."""
    last, first = before.rstrip()[-1], after.lstrip()[0]
    return last not in _CLAUSE_END and _is_cjk(last) and (_is_cjk(first) or first in "，,、")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def columns(text: str) -> float:
    """The width of a line as a page or terminal shows it: two columns a CJK character, one an
    ASCII one (from the UTF-8 length, so a two-byte character counts one and a half)."""
    return (len(text) + len(text.encode("utf-8", "surrogatepass"))) / 2


def wrap_width(widths: list[float]) -> float | None:
    """The width (in :func:`columns`) lines were hard-wrapped at, or None if they were not.

    Text copied from a PDF viewer, saved by pdftotext or sent by mail breaks every line at one
    width, mid-sentence and even mid-number (达到81.|3岁): most of its long lines end within
    :data:`_WRAP_SLACK` columns of the widest, and hardly any line is wider. A text whose lines are
    its paragraphs has lines of every length."""
    long = sorted(width for width in widths if width >= _WRAP_MIN_COLUMNS)
    if len(long) < _WRAP_MIN_LINES:
        return None
    width = long[int(len(long) * (1 - _WRAP_WIDER_SHARE))]  # a few lines (a URL, a table row) may be wider
    near = sum(width - _WRAP_SLACK <= w <= width + _WRAP_SLACK for w in long)
    return width if near >= max(_WRAP_MIN_FULL, _WRAP_SHARE * len(long)) and width <= _WRAP_MAX_COLUMNS else None


def _blocks(raw: str, segments: list[tuple[int, _Piece]], *, line_starts: dict[int, int] | None = None,
            wrap: float | None = None) -> list[_Block]:
    """Heading, text and table blocks of the segments; in text hard-wrapped at ``wrap`` columns
    (``line_starts``: each line number's raw start), a line that fills the width goes on in the
    next one."""
    blocks: list[_Block] = []
    in_table = False
    open_text: list[_Piece] | None = None  # the pieces of the last block, when it is text
    # Heading ranks of all segments at once: one OpenCC call instead of one per line (a
    # segment is stripped already).
    ranks = heading_ranks_of_starts([segment[_TEXT][:16] for _, segment in segments])
    full_line_before = False  # the segment before ends the line before this one at the wrap width
    for (line_number, segment), segment_rank in zip(segments, ranks, strict=True):
        if wrap is not None and line_starts is not None:
            # An indented line, or one after a blank line, starts a paragraph.
            goes_on = (full_line_before and open_text is not None and line_number - 1 in line_starts
                       and not raw[line_starts[line_number - 1]:line_starts[line_number]].isspace()
                       and columns(raw[line_starts[line_number] : segment[_START]]) < 2)
            full_line_before = _fills(raw, line_starts[line_number], segment, wrap)
            if goes_on and (segment_rank is None or open_text[-1][_TEXT][-1] not in _SENTENCE_END):
                open_text.append(segment)  # a full line went on here (a number may be cut: 81.|3岁)
                continue
        if segment_rank is None:
            rank, heading, body = None, None, segment
        else:
            rank, heading, body = _split_heading(raw, segment, segment_rank)
            if full_line_before and body is None and segment[_TEXT][-1] not in _SENTENCE_END:
                rank, heading, body = None, None, segment  # a numbered paragraph that goes on, not a heading
        if in_table and heading is None and _is_table_cell(segment[_TEXT], segment_rank):
            blocks[-1].pieces.append(segment)
            continue
        in_table = False
        if heading is not None:
            blocks.append(_Block("heading", rank, [heading], line_number))
            open_text = None
            if rank == _BOX_RANK and heading[_TEXT].lstrip().startswith("表") and body is None:
                blocks.append(_Block("table", None, [], line_number))
                in_table = True
        if body is None:
            continue
        if (
            heading is None
            and open_text is not None
            # (in hard-wrapped text the last line may be the short end of a long one)
            and (len(open_text[-1][_TEXT]) if wrap is None else sum(len(p[_TEXT]) for p in open_text))
            >= _MIN_BROKEN_LINE_CHARS
            and _breaks_mid_sentence(open_text[-1][_TEXT], body[_TEXT])
        ):
            open_text.append(body)  # a sentence broken across lines
        else:
            open_text = [body]
            blocks.append(_Block("text", None, open_text, line_number))
    # A 表 caption with no cells after it is just a heading.
    return [b for b in blocks if b.pieces]


def _repaired_units(raw: str, units: list[list[_Piece]], table: LineTable) -> list[MappedText]:
    """:func:`~compare.cleaning.repair` of each unit (pieces run together), all at once."""
    if not units:
        return []
    joiner = unused_joiner(raw)
    if joiner is None:  # every joiner occurs in the raw text: repair unit by unit
        return [
            repair(MappedText.concat([MappedText.from_raw(raw, start, end) for start, end, _ in unit]))
            for unit in units
        ]
    originals = [unit[0][_TEXT] if len(unit) == 1 else "".join(text for _, _, text in unit) for unit in units]
    # Raw positions of the joined units, built in one go: piece k covers output positions
    # offset[k] .. offset[k] + length[k] and maps them to start[k] onwards; the joiner
    # between units is a one-character piece whose raw position (-1) is never used.
    starts_of_pieces: list[int] = []
    lengths_of_pieces: list[int] = []
    for unit in units:
        for start, end, _ in unit:
            starts_of_pieces.append(start)
            lengths_of_pieces.append(end - start)
        starts_of_pieces.append(-1)
        lengths_of_pieces.append(1)
    piece_starts = np.array(starts_of_pieces[:-1], dtype=np.int64)
    lengths = np.array(lengths_of_pieces[:-1], dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    starts = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(piece_starts - offsets, lengths)
    return repair_converted(originals, _simplified_units(units, originals, table), starts, starts + 1, joiner)


def _simplified_units(units: list[list[_Piece]], originals: list[str], table: LineTable) -> list[str]:
    """The simplified conversion of each unit's text (``originals``).

    A unit that is a whole line converts as the line did (its own conversion, in ``table``);
    the others, with one OpenCC call."""
    converted: list[str | None] = [None] * len(units)
    if table.own is not None:
        line_at = dict(zip(table.starts, range(len(table)), strict=True))
        for k, unit in enumerate(units):
            if len(unit) == 1:
                line = line_at.get(unit[0][_START])
                if line is not None and table.ends[line] == unit[0][_END]:
                    converted[k] = table.own[line]
    rest = [k for k, new in enumerate(converted) if new is None]
    for k, new in zip(rest, simplified_each([originals[k] for k in rest]), strict=True):
        converted[k] = new
    return converted  # type: ignore[return-value]


def structure_lines(raw: str, lines: list[Line], skip: dict[int, str]) -> list[Paragraph]:
    """Paragraphs with heading paths from the raw lines that are not furniture."""
    return _paragraphs(raw, LineTable.of_lines(lines, with_own=False), skip)


def _fills(raw: str, line_start: int, segment: _Piece, wrap: float) -> bool:
    """Whether a segment reaches the wrap width of its line."""
    return columns(raw[line_start : segment[_END]]) >= wrap - _WRAP_SLACK


def _paragraphs(raw: str, table: LineTable, skip: dict[int, str]) -> list[Paragraph]:
    """:func:`structure_lines` of the lines of ``table``."""
    kept = [i for i, key in enumerate(table.keys) if key and i not in skip]
    wrap = wrap_width([columns(raw[table.starts[i]:table.ends[i]].rstrip()) for i in kept])
    line_starts = dict(zip(table.numbers, table.starts, strict=True)) if wrap is not None else None
    blocks = _blocks(raw, _segments(table, raw, skip), line_starts=line_starts, wrap=wrap)
    # Every piece to repair: a table cell alone, the lines of another block run together.
    units: list[list[_Piece]] = []
    for block in blocks:
        if block.kind == "table":
            units.extend([piece] for piece in block.pieces)
        else:
            units.append(block.pieces)
    repaired = iter(_repaired_units(raw, units, table))
    paragraphs: list[Paragraph] = []
    open_headings: list[tuple[int, str]] = []
    heading_path: tuple[str, ...] = ()
    for block in blocks:
        if block.kind == "table":
            cells = [next(repaired) for _ in block.pieces]
            joined: list[MappedText] = []
            for cell in cells:
                if joined:
                    # Each separator is anchored on the cell just before it. (One separator anchored
                    # on the first cell, reused for every gap, pointed back into the first cell, so
                    # the clean-to-raw mapping ran backwards from the third cell on.)
                    joined.append(MappedText(TABLE_CELL_SEPARATOR, *_anchor(joined[-1], TABLE_CELL_SEPARATOR)))
                joined.append(cell)
            text = MappedText.concat(joined)
        else:
            text = next(repaired)
        if not text.text:
            continue
        if block.kind == "heading":
            assert block.rank is not None
            while open_headings and open_headings[-1][0] >= block.rank:
                open_headings.pop()
            open_headings.append((block.rank, heading_label(text.text)))
            heading_path = tuple(label for _, label in open_headings)
        paragraphs.append(
            Paragraph(len(paragraphs) + 1, block.kind, heading_path, text, block.line)
        )
    return paragraphs


def _anchor(cell: MappedText, separator: str) -> tuple[np.ndarray, np.ndarray]:
    """Raw positions for an inserted separator: it points at the end of the cell before it."""
    end = int(cell.ends[-1]) if len(cell) else 0
    positions = np.full(len(separator), end, dtype=np.int64)
    return positions, positions


def clean_plan(raw: str, *, doc_id: str = "", encoding: str = "utf-8") -> CleanPlan:
    """Clean decoded plan text into paragraphs with heading paths and raw offsets.

    Returns a :class:`CleanPlan`; ``removed`` lists every line cleaned away with its reason.
    """
    table = LineTable.of_raw(raw)
    skip = furniture_of_table(table)
    paragraphs = _paragraphs(raw, table, skip)
    return CleanPlan(doc_id, raw, encoding, paragraphs, removed_of_table(table, skip))


_CJK = re.compile("[\u4e00-\u9fff]")


def read_plan(path: str | Path, *, doc_id: str | None = None, max_bytes: int | None = None) -> CleanPlan:
    """Read and clean one plan file: text (UTF-8, GB18030/GBK, Big5), HTML, .docx or PDF.

    The file is read with :func:`~compare.reading.read_plan_text` (``max_bytes`` is its size
    limit; see docs/ingestion.md); ``raw`` is the text it returns. ``doc_id`` defaults to the
    file name without its extension. Raises :class:`~compare.errors.PlanInputError` naming the
    file when it cannot be read or holds no plan text after cleaning.
    """
    expect(path, (str, os.PathLike), "path", "a file path (str or pathlib.Path; for text in memory, clean_plan)")
    path = Path(path)
    raw, encoding = read_plan_text(path, max_bytes=max_bytes)
    plan = clean_plan(raw, doc_id=doc_id or path.stem, encoding=encoding)
    if not plan.paragraphs:
        raise PlanInputError(path, "no plan text left after removing page furniture")
    if not _CJK.search(plan.text):
        warnings.warn(f"{path}: no Chinese text; plancompare reads Chinese plans, so little will be found",
                      stacklevel=2)
    return plan


_SENTENCE = re.compile(rf"[^{_SENTENCE_END}]+(?:[{_SENTENCE_END}]+[”’」』\"')）]*)?|[{_SENTENCE_END}]+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of a paragraph (ending at 。！？ and closing quotes)."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans
