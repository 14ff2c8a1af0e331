"""Policy instruments (Rothwell & Zegveld: supply, environment, demand), coded per policy clause.

The unit of coding is the policy clause as the health-policy literature uses it: a sentence of the
plan's text, cut further at ``；`` (each numbered item or clause that states an action). Each unit
keeps ``doc_id, para_id, unit_id`` and its ``start, end`` offsets into the raw text, with its
heading path. :func:`code_instruments` gives each unit that states an action the sub-instruments
whose cue words it holds (``data/instruments.csv``, documented in docs/instruments.md), with the
words as evidence; a unit that states no action (background, statistics, achievements already
made, slogans without a means) gets none, and says so (``no_action``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from compare.errors import PlanInputError, expect
from compare.resources import data_path, simplified
from compare.structure import CleanPlan, split_sentences

INSTRUMENT_TYPES = ("supply", "environment", "demand")
CODEBOOK_COLUMNS = ("type", "sub_instrument", "name_zh", "definition", "include", "exclude", "cues", "example")
UNIT_COLUMNS = ("doc_id", "para_id", "unit_id", "start", "end", "heading_path", "text")
CODE_COLUMNS = ("doc_id", "unit_id", "start", "end", "type", "sub_instrument", "evidence")

# A clause states an action when it holds one of these (in simplified characters): a verb of
# doing, building, requiring or encouraging as plans write them. Without one it is background,
# a statistic or a slogan.
_ACTION = re.compile(
    "加强|推进|推动|建立|建设|健全|完善|实施|开展|落实|提高|提升|强化|深化|促进|支持|鼓励|引导|规范|"
    "加大|加快|实行|推行|推广|发展|培养|培训|引进|打造|构建|创建|组织|制定|出台|探索|优化|扩大|"
    "保障|确保|严格|禁止|严禁|提供|设立|配置|增加|改善|普及|倡导|宣传|落实|督导|考核|评估|监测|"
    "整合|统筹|协调|创新|试点|示范|购买|委托|力争|实现|达到|控制|降低|减少|做好|抓好|全面"
)
# Achievements and statistics: a clause that reports what was done is no instrument of the plan.
_REPORTED = re.compile(r"已(?:经)?|累计|取得|成功创建|圆满完成|先后|共有|截至|“十三五”期间|“十三五”时期|过去五年")
_CLAUSE_CUT = re.compile(r"[；;]")
# A statement of what something is (健康是促进人的全面发展的必然要求): background, unless it directs.
_COPULA = re.compile(r"^[^，,。；;]{1,12}?是")
_DIRECTIVE = re.compile(r"要(?!求)|应|必须|将|需(?!求)|务必")


@dataclass(frozen=True)
class Instrument:
    type: str
    sub_instrument: str
    name_zh: str
    cues: tuple[str, ...]


def load_instruments(path: str | Path | None = None) -> list[Instrument]:
    """The instrument codebook (``data/instruments.csv``), validated: known types, unique
    sub-instruments, cue words present. Errors name the file and line."""
    path = Path(path) if path is not None else data_path("instruments.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in CODEBOOK_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise PlanInputError(path, f"missing column(s): {', '.join(missing)}", line=1)
        instruments, seen = [], set()
        for line, row in enumerate(reader, start=2):
            if row["type"] not in INSTRUMENT_TYPES:
                raise PlanInputError(path, f"type {row['type']!r} is not one of {INSTRUMENT_TYPES}", line=line)
            if row["sub_instrument"] in seen:
                raise PlanInputError(path, f"duplicate sub_instrument {row['sub_instrument']!r}", line=line)
            cues = tuple(c for c in row["cues"].split("|") if c)
            if not cues:
                raise PlanInputError(path, f"{row['sub_instrument']!r} has no cue words", line=line)
            seen.add(row["sub_instrument"])
            instruments.append(Instrument(row["type"], row["sub_instrument"], row["name_zh"], cues))
    return instruments


@cache
def default_instruments() -> tuple[Instrument, ...]:
    return tuple(load_instruments())


def instrument_units(plan: CleanPlan) -> pd.DataFrame:
    """The policy clauses of a plan (``UNIT_COLUMNS``): each sentence of its text paragraphs, cut
    at ``；``, with raw offsets (``plan.raw[start:end]`` is the clause) and its heading path."""
    expect(plan, CleanPlan, "plan", "a CleanPlan (from compare.read_plan or compare.clean_plan)")
    rows = []
    for paragraph in plan.paragraphs:
        if paragraph.kind != "text":
            continue
        text = paragraph.text.text
        for start, end in split_sentences(text):
            pieces, at = [], start
            for cut in _CLAUSE_CUT.finditer(text, start, end):
                pieces.append((at, cut.end()))
                at = cut.end()
            pieces.append((at, end))
            for piece_start, piece_end in pieces:
                if not text[piece_start:piece_end].strip(" ，,；;。"):
                    continue
                raw_start, raw_end = paragraph.text.raw_span(piece_start, piece_end)
                rows.append((plan.doc_id, paragraph.para_id, len(rows) + 1, raw_start, raw_end,
                             " / ".join(paragraph.heading_path), plan.raw[raw_start:raw_end].strip()))
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))


def states_an_action(text: str) -> bool:
    """Whether a clause states an action (see ``_ACTION``) rather than reporting what was done."""
    text = simplified(text)
    if _COPULA.search(text) and not _DIRECTIVE.search(text):
        return False
    return bool(_ACTION.search(text)) and not _REPORTED.search(text)


def code_units(units: pd.DataFrame, *, instruments: tuple[Instrument, ...] | list[Instrument] | None = None
               ) -> pd.DataFrame:
    """One row per unit × instrument found (``CODE_COLUMNS``); units that state an action but hold
    no cue get ``type`` = ``uncoded``; units that state no action get ``no_action``. ``evidence``
    lists the cue words found, |-separated."""
    expect(units, pd.DataFrame, "units", "the DataFrame of compare.instruments.instrument_units")
    instruments = tuple(instruments or default_instruments())
    patterns = [(i, re.compile("|".join(sorted(map(re.escape, i.cues), key=len, reverse=True)))) for i in instruments]
    rows = []
    for unit in units.itertuples(index=False):
        text = simplified(unit.text)
        base = (unit.doc_id, unit.unit_id, unit.start, unit.end)
        if not states_an_action(text):
            rows.append((*base, "no_action", "", ""))
            continue
        found = [(i, sorted(set(m.group() for m in p.finditer(text)))) for i, p in patterns]
        found = [(i, words) for i, words in found if words]
        if not found:
            rows.append((*base, "uncoded", "", ""))
        for instrument, words in found:
            rows.append((*base, instrument.type, instrument.sub_instrument, "|".join(words)))
    return pd.DataFrame(rows, columns=list(CODE_COLUMNS))


def code_instruments(plan: CleanPlan) -> pd.DataFrame:
    """The coded clauses of one plan: :func:`code_units` of :func:`instrument_units`."""
    return code_units(instrument_units(plan))
