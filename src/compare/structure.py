"""Plan structure: paragraphs with their heading paths, and sentences.

A plan becomes a list of :class:`Paragraph` records. Headings are paragraphs too (``kind`` is
``heading``), so no text is lost; body paragraphs carry the path of headings above them,
e.g. ``第七章 加快建设中医药服务强市 / 第二节 充分发挥中医药独特优势``. A flattened table
(``表 N`` followed by one cell per line) becomes one ``table`` paragraph whose cells are joined
by `` | ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from compare.cleaning import (
    Line,
    Removed,
    find_furniture,
    heading_rank,
    removed_lines,
    repair,
    split_lines,
)
from compare.errors import PlanInputError
from compare.mapped import MappedText
from compare.reading import read_plan_text

HEADING_SEPARATOR = " / "
TABLE_CELL_SEPARATOR = " | "

_SENTENCE_END = "。！？!?"
_CLAUSE_END = _SENTENCE_END + "；;：:…"
# "…达到90%以上。    11.完善…": numbered items run together on one line.
_RUN_TOGETHER_ITEM = re.compile(
    r"(?<=[。！？；])[ \t\u00a0\u3000]+"
    r"(?=\d{1,2}(?:、|[.．](?!\d))|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
)
_MAX_HEADING_CHARS = 60
_MAX_RUN_IN_HEADING_CHARS = 45
_MAX_TABLE_CELL_CHARS = 60
_MIN_BROKEN_LINE_CHARS = 40
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
    return _MARKER_WITH_SPACE.sub(lambda m: re.sub(r"\s+", " ", m.group(1)) + " ", label, count=1).strip()


@dataclass
class _Block:
    kind: str
    rank: int | None
    pieces: list[MappedText]
    line: int


def _segments(lines: list[Line], raw: str, skip: dict[int, str]) -> list[tuple[int, MappedText]]:
    """Kept non-blank lines as mapped text, with run-together numbered items split apart."""
    segments = []
    for i, line in enumerate(lines):
        if i in skip or line.blank:
            continue
        mapped = MappedText.from_raw(raw, line.start, line.end)
        begin = 0
        for match in _RUN_TOGETHER_ITEM.finditer(mapped.text):
            segments.append((line.number, mapped[begin : match.start()].strip()))
            begin = match.end()
        segments.append((line.number, mapped[begin:].strip()))
    return segments


def _split_heading(text: MappedText) -> tuple[int | None, MappedText | None, MappedText | None]:
    """(rank, heading part, body part) of a line; a run-in heading ``1.标题。正文`` is split."""
    rank = heading_rank(text.text)
    if rank is None:
        return None, None, text
    stripped = text.text.rstrip("。 ")
    if len(stripped) <= _MAX_HEADING_CHARS and not re.search(f"[{_SENTENCE_END}；;]", stripped):
        return rank, text, None
    stop = re.search(f"[{_SENTENCE_END}]", text.text)
    if stop is not None and stop.end() <= _MAX_RUN_IN_HEADING_CHARS and text.text[stop.end() :].strip():
        return rank, text[: stop.end()], text[stop.end() :].strip()
    return None, None, text


def _is_table_cell(text: str) -> bool:
    return len(text) <= _MAX_TABLE_CELL_CHARS and not text.endswith("。") and heading_rank(text) is None


def _breaks_mid_sentence(before: str, after: str) -> bool:
    """A Chinese sentence cut by a line break: no clause end before, Chinese text on both sides."""
    last, first = before.rstrip()[-1], after.lstrip()[0]
    return last not in _CLAUSE_END and _is_cjk(last) and (_is_cjk(first) or first in "，,、")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _blocks(segments: list[tuple[int, MappedText]]) -> list[_Block]:
    blocks: list[_Block] = []
    in_table = False
    for line_number, segment in segments:
        rank, heading, body = _split_heading(segment)
        if in_table and heading is None and _is_table_cell(segment.text):
            blocks[-1].pieces.append(segment)
            continue
        in_table = False
        if heading is not None:
            blocks.append(_Block("heading", rank, [heading], line_number))
            if rank == _BOX_RANK and heading.text.lstrip().startswith("表") and body is None:
                blocks.append(_Block("table", None, [], line_number))
                in_table = True
        if body is None:
            continue
        previous = blocks[-1] if blocks else None
        if (
            heading is None
            and previous is not None
            and previous.kind == "text"
            and len(previous.pieces[-1].text) >= _MIN_BROKEN_LINE_CHARS
            and _breaks_mid_sentence(previous.pieces[-1].text, body.text)
        ):
            previous.pieces.append(body)  # a sentence broken across lines
        else:
            blocks.append(_Block("text", None, [body], line_number))
    # A 表 caption with no cells after it is just a heading.
    return [b for b in blocks if b.pieces]


def structure_lines(raw: str, lines: list[Line], skip: dict[int, str]) -> list[Paragraph]:
    """Paragraphs with heading paths from the raw lines that are not furniture."""
    paragraphs: list[Paragraph] = []
    open_headings: list[tuple[int, str]] = []
    for block in _blocks(_segments(lines, raw, skip)):
        if block.kind == "table":
            cells = [repair(piece) for piece in block.pieces]
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
            text = repair(MappedText.concat(block.pieces))
        if not text.text:
            continue
        if block.kind == "heading":
            assert block.rank is not None
            while open_headings and open_headings[-1][0] >= block.rank:
                open_headings.pop()
            open_headings.append((block.rank, heading_label(text.text)))
        paragraphs.append(
            Paragraph(
                para_id=len(paragraphs) + 1,
                kind=block.kind,
                heading_path=tuple(label for _, label in open_headings),
                text=text,
                line=block.line,
            )
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
    lines = split_lines(raw)
    skip = find_furniture(lines)
    paragraphs = structure_lines(raw, lines, skip)
    return CleanPlan(doc_id, raw, encoding, paragraphs, removed_lines(lines, skip))


def read_plan(path: str | Path, *, doc_id: str | None = None, max_bytes: int | None = None) -> CleanPlan:
    """Read and clean one plan file: text (UTF-8, GB18030/GBK, Big5), HTML, .docx or PDF.

    The file is read with :func:`~compare.reading.read_plan_text` (``max_bytes`` is its size
    limit; see docs/ingestion.md); ``raw`` is the text it returns. ``doc_id`` defaults to the
    file name without its extension. Raises :class:`~compare.errors.PlanInputError` naming the
    file when it cannot be read or holds no plan text after cleaning.
    """
    path = Path(path)
    raw, encoding = read_plan_text(path, max_bytes=max_bytes)
    plan = clean_plan(raw, doc_id=doc_id or path.stem, encoding=encoding)
    if not plan.paragraphs:
        raise PlanInputError(path, "no plan text left after removing page furniture")
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
