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
from compare.registry import longest_first_pattern
from compare.resources import data_path, simplified
from compare.structure import CleanPlan, split_sentences

INSTRUMENT_TYPES = ("supply", "environment", "demand")
CODEBOOK_COLUMNS = ("type", "sub_instrument", "name_zh", "definition", "include", "exclude", "cues", "example")
UNIT_COLUMNS = ("doc_id", "para_id", "unit_id", "start", "end", "heading_path", "text")
CODE_COLUMNS = ("doc_id", "unit_id", "start", "end", "type", "sub_instrument", "evidence")
# instruments.csv in data/clean: the coded clauses with their paragraph (to join the theme coding)
# and the clause as it stands in the raw file (so every cell of a cross-table can be read back)
INSTRUMENT_TABLE_COLUMNS = ("doc_id", "para_id", "unit_id", "start", "end", "type", "sub_instrument", "evidence",
                            "clause")

# A clause states an action when it holds one of these (in simplified characters): a verb of
# doing, building, requiring or encouraging as plans write them. Without one it is background,
# a statistic or a slogan.
_ACTION_WORDS = "|".join((
    "加强|推进|推动|建立|建设|健全|完善|实施|开展|落实|提高|提升|强化|深化|促进|支持|鼓励|引导|规范|加大|加快|实行|推行|推广|发展|培养|培训|引进",
    "打造|构建|创建|组织|制定|出台|探索|优化|扩大|保障|确保|严格|禁止|严禁|提供|设立|配置|增加|改善|普及|倡导|宣传|督导|考核|评估|监测|整合|统筹",
    "协调|创新|试点|示范|购买|委托|力争|实现|达到|控制|降低|减少|做好|抓好|全面",
)).split("|")
_ACTION = re.compile(longest_first_pattern(_ACTION_WORDS))
# Achievements and statistics: a clause that reports what was done is no instrument of the plan.
_REPORTED = re.compile(r"已(?:经)?|累计|取得|成功创建|圆满完成|先后|共有|截至|“十三五”期间|“十三五”时期|过去五年")
_CLAUSE_CUT = re.compile(r"[；;]")
# Document furniture and framing that states no means: a title or heading line without an end
# mark, a slogan line (——服务体系更加完善), the preamble that says why and on what basis the
# plan is made (为…根据…制定本规划), the transmittal notice, a note of units in charge.
_FRAMING = re.compile(
    r"制定本(?:规划|方案|计划|行动计划|实施方案|意见)|编制《|特制定|印发给你们|现将《|请认真(?:组织)?(?:贯彻|实施|执行)"
    r"|^\(?责任单位|^[(（]?牵头单位|^——|^—|征求意见|主要发展指标$"
)
_END_MARK = re.compile(r"[。；;！!？?]\s*$")
# A number that is not planned (no 到20XX年, 力争, 不低于 …): a statistic or an achievement.
_TARGET = re.compile(r"到20\d\d|至20\d\d|20\d\d年(?:底|末)?[，,]?(?:全|力争|实现|达到)|力争|不低于|不高于|不少于|不超过|"
                     r"以上|以下|以内|控制在|预计|确保|目标|分别达到|提高到|提升到|降低到|下降到|降至|达到")
_NUMBER = re.compile(r"\d")
# Words of a report on the past, when nothing in the clause looks forward: trajectories from a
# past year, changes already made, rankings, targets already met.
_LOOKS_BACK = re.compile(
    r"[由从较比]20\d\d年|[由从]\d|提高了|下降了|降低了|增长了|增加了|分别为|分别达\d|位居|领先|连年|均低于|均高于|"
    r"实现了?.{0,8}目标|达到发达国家|推进顺利|持续深化|成效|显著增强|稳步推进|稳步提升|不断提升|明显提升"
)
_LOOKS_FORWARD = re.compile(r"到20\d\d|至20\d\d|力争|将|确保|预计|目标值|不低于|不高于|以上|以下|末[，,]")
# An outcome stated without a means: 居民健康水平显著提高。 传染病防控能力稳步提升。
_OUTCOME_ONLY = re.compile(r"^[^，,；;]{2,24}?(?:显著|稳步|不断|持续|明显|全面|进一步|更加)?"
                           r"(?:提高|提升|增强|改善|完善|优化|健全|加强|扩大|降低|下降)[。；;]?$")
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


def _clause_spans(plan: CleanPlan):
    """(paragraph, start, end) of each clause, in the paragraph's clean text."""
    for paragraph in plan.paragraphs:
        if paragraph.kind != "text":
            continue
        text = paragraph.text.text
        for start, end in split_sentences(text):
            at = start
            for cut in [*_CLAUSE_CUT.finditer(text, start, end), None]:
                piece_end = cut.end() if cut is not None else end
                if text[at:piece_end].strip(" ，,；;。"):
                    yield paragraph, at, piece_end
                at = piece_end


def instrument_units(plan: CleanPlan) -> pd.DataFrame:
    """The policy clauses of a plan (``UNIT_COLUMNS``): each sentence of its text paragraphs, cut
    at ``；``, with raw offsets (``plan.raw[start:end]`` is the clause) and its heading path."""
    expect(plan, CleanPlan, "plan", "a CleanPlan (from compare.read_plan or compare.clean_plan)")
    rows = []
    for paragraph, start, end in _clause_spans(plan):
        raw_start, raw_end = paragraph.text.raw_span(start, end)
        rows.append((plan.doc_id, paragraph.para_id, len(rows) + 1, raw_start, raw_end,
                     " / ".join(paragraph.heading_path), plan.raw[raw_start:raw_end].strip()))
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))


def states_an_action(text: str) -> bool:
    """Whether a clause states an action (see ``_ACTION``) rather than reporting what was done,
    framing the document or stating an outcome without a means."""
    return _acts(simplified(text).strip())


def _acts(text: str) -> bool:
    """:func:`states_an_action` of a clause already in simplified characters."""
    if _FRAMING.search(text) or (not _END_MARK.search(text) and len(text) <= 40):
        return False
    if _COPULA.search(text) and not _DIRECTIVE.search(text):
        return False
    if _REPORTED.search(text) or (_NUMBER.search(text) and not _TARGET.search(text) and not _DIRECTIVE.search(text)):
        return False  # a statistic or an achievement reported, not a means of the plan
    if _LOOKS_BACK.search(text) and not _LOOKS_FORWARD.search(text):
        return False
    if _OUTCOME_ONLY.search(text) and not _NUMBER.search(text):
        return False
    return bool(_ACTION.search(text)) or is_a_target(text)


def is_a_target(text: str) -> bool:
    """Whether a clause commits to a level (到2025年…达到80岁, 不低于24%): an environment-side
    ``goals_planning`` instrument whatever else it names."""
    return bool(_NUMBER.search(text) and _TARGET.search(text))


def code_units(units: pd.DataFrame, *, instruments: tuple[Instrument, ...] | list[Instrument] | None = None
               ) -> pd.DataFrame:
    """One row per unit × instrument found (``CODE_COLUMNS``); units that state an action but hold
    no cue get ``type`` = ``uncoded``; units that state no action get ``no_action``. ``evidence``
    lists the cue words found, |-separated."""
    expect(units, pd.DataFrame, "units", "the DataFrame of compare.instruments.instrument_units")
    instruments = tuple(instruments or default_instruments())
    index = _cue_index(instruments)
    rows = []
    for unit in units.itertuples(index=False):
        base = (unit.doc_id, unit.para_id, unit.unit_id, unit.start, unit.end)
        rows.extend((*base, *code, unit.text) for code in _codes(simplified(unit.text).strip(), instruments, index))
    return pd.DataFrame(rows, columns=list(INSTRUMENT_TABLE_COLUMNS))[list(CODE_COLUMNS)]


@cache
def _cue_index(instruments: tuple[Instrument, ...]) -> tuple[re.Pattern, dict[str, list[Instrument]]]:
    """One pattern for every cue (longest first) and the instruments each cue belongs to."""
    owners: dict[str, list[Instrument]] = {}
    for instrument in instruments:
        for cue in instrument.cues:
            owners.setdefault(cue, []).append(instrument)
    return re.compile(longest_first_pattern(owners)), owners  # a trie: one branch per character


def _codes(text: str, instruments: tuple[Instrument, ...], index: tuple) -> list[tuple[str, str, str]]:
    """(type, sub_instrument, evidence) of a clause in simplified characters, in codebook order;
    ``index`` is :func:`_cue_index` of ``instruments``."""
    if not _acts(text):
        return [("no_action", "", "")]
    pattern, owners = index
    words: dict[str, set[str]] = {}
    for match in pattern.finditer(text):
        for instrument in owners[match.group()]:
            words.setdefault(instrument.sub_instrument, set()).add(match.group())
    if is_a_target(text) and "goals_planning" not in words:
        words["goals_planning"] = {_TARGET.search(text).group()}
    codes = [(i.type, i.sub_instrument, "|".join(sorted(words[i.sub_instrument])))
             for i in instruments if i.sub_instrument in words]
    return codes or [("uncoded", "", "")]


def instrument_rows(plan: CleanPlan) -> list[tuple]:
    """The rows of ``instruments.csv`` (``INSTRUMENT_TABLE_COLUMNS``) for one plan. Each text
    paragraph is converted to simplified characters once (OpenCC keeps lengths), not each clause."""
    instruments = default_instruments()
    index = _cue_index(instruments)
    rows, unit_id, converted = [], 0, {}
    for paragraph, start, end in _clause_spans(plan):
        text = converted.get(paragraph.para_id)
        if text is None:
            text = converted[paragraph.para_id] = simplified(paragraph.text.text)
        clause = text[start:end] if len(text) == len(paragraph.text.text) else simplified(paragraph.text.text[start:end])
        unit_id += 1
        raw_start, raw_end = paragraph.text.raw_span(start, end)
        base = (plan.doc_id, paragraph.para_id, unit_id, raw_start, raw_end)
        rows.extend((*base, *code, plan.raw[raw_start:raw_end])
                    for code in _codes(clause.strip(), instruments, index))
    return rows


def code_instruments(plan: CleanPlan) -> pd.DataFrame:
    """The coded clauses of one plan: :func:`code_units` of :func:`instrument_units`."""
    return code_units(instrument_units(plan))


def instrument_shares(codes: pd.DataFrame, *, level: str = "type", n_boot: int = 1000, seed: int = 0
                      ) -> pd.DataFrame:
    """Per plan: the share of its action clauses that use each instrument ``type`` (or
    ``sub_instrument``), with a 90% bootstrap interval over clauses; a clause using two types
    counts for both, so shares may add up to more than 1. ``codes`` is instruments.csv."""
    import numpy as np

    expect(codes, pd.DataFrame, "codes", "the instruments table (compare.load_instrument_codes)")
    acting = codes[~codes["type"].isin(["no_action"])]
    rows = []
    for doc_id, plan in acting.groupby("doc_id", sort=True):
        units = sorted(plan["unit_id"].unique())
        used = plan[plan["type"] != "uncoded"].groupby(level)["unit_id"].apply(set)
        index = {unit: k for k, unit in enumerate(units)}
        rng = np.random.default_rng([seed, *map(ord, doc_id)])
        draws = rng.integers(0, len(units), size=(n_boot, len(units)))
        for name, members in used.items():
            hit = np.zeros(len(units))
            hit[[index[u] for u in members]] = 1
            boot = hit[draws].mean(axis=1)
            rows.append((doc_id, name, len(members), len(units), round(hit.mean(), 6),
                         round(float(np.percentile(boot, 5)), 6), round(float(np.percentile(boot, 95)), 6)))
    return pd.DataFrame(rows, columns=["doc_id", level, "n_units", "n_action_units", "share", "share_low",
                                       "share_high"])


def instrument_theme_table(codes: pd.DataFrame, coded_paragraphs: pd.DataFrame, *, level: str = "type",
                           by_plan: bool = False) -> pd.DataFrame:
    """The instrument × theme cross-table: for each instrument ``type`` (or ``sub_instrument``)
    and theme, the number of clauses and their share of the instrument's clauses. A clause's theme
    is its paragraph's top theme (``coded_paragraphs`` from :func:`compare.code_paragraphs`); a
    paragraph no theme codes is ``uncoded``. Every cell can be traced back with
    :func:`instrument_clauses`."""
    expect(codes, pd.DataFrame, "codes", "the instruments table (compare.load_instrument_codes)")
    themes = [c for c in coded_paragraphs.columns if c not in ("doc_id", "para_id", "kind", "n_chars", "n_matches")]
    top = coded_paragraphs.assign(theme=coded_paragraphs[themes].idxmax(axis=1).where(
        coded_paragraphs[themes].max(axis=1) > 0, "uncoded"))[["doc_id", "para_id", "theme"]]
    coded = codes[~codes["type"].isin(["no_action", "uncoded"])].merge(top, on=["doc_id", "para_id"], how="left")
    coded["theme"] = coded["theme"].fillna("uncoded")
    keys = (["doc_id"] if by_plan else []) + [level, "theme"]
    table = coded.drop_duplicates([*keys, "doc_id", "unit_id"]).groupby(keys).size().rename("n_units").reset_index()
    totals = table.groupby([*keys[:-1]])["n_units"].transform("sum")
    return table.assign(share=(table["n_units"] / totals).round(6))


def instrument_clauses(codes: pd.DataFrame, *, doc_id: str, value: str, level: str = "type") -> pd.DataFrame:
    """The clauses behind one cell: a plan's clauses coded ``value``, each with its raw text,
    offsets and evidence words."""
    chosen = codes[(codes["doc_id"] == doc_id) & (codes[level] == value)]
    return chosen.reset_index(drop=True)
