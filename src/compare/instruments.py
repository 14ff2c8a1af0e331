"""Policy instruments (Rothwell & Zegveld: supply, environment, demand), coded per policy clause.

The unit of coding is the policy clause as the health-policy literature uses it: a sentence of the
plan's text, cut further at ``；`` (each numbered item or clause that states an action). Each unit
keeps ``doc_id, para_id, unit_id`` and its ``start, end`` offsets into the raw text, with its
heading path. :func:`code_instruments` gives each unit that states an action the sub-instruments
whose cue words it holds (``data/instruments.csv``, documented in docs/instruments.md), with the
words as evidence; a unit that states no action (background, statistics, achievements already
made, slogans without a means) gets none, and says so (``no_action``). Whether a clause states an
action is decided by :class:`ActionClassifier`, a logistic regression over the hand-written rules
below, the clause's heading path and its pairs of adjacent characters, fitted on the development
part of the hand-coded clauses (``data/action_model.csv``: one weight per feature, so each
decision can be read back).
"""

from __future__ import annotations

import csv
import heapq
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

import numpy as np
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
# (Every alternative starts with a literal character, so that the regular expression engine can
# skip ahead to the first characters: measured 5x faster than a leading character class or ^.)
_FRAMING = re.compile(
    r"制定本(?:规划|方案|计划|行动计划|实施方案|意见)|编制《|特制定|印发给你们|现将《|请认真(?:组织)?(?:贯彻|实施|执行)"
    r"|征求意见|主要发展指标$"
)
_FRAMING_START = re.compile(r"[(（]?(?:责任单位|牵头单位)|—")  # matched at the clause's start
_END_MARK = re.compile(r"[。；;！!？?]\s*$")
# A number that is not planned (no 到20XX年, 力争, 不低于 …): a statistic or an achievement.
_TARGET = re.compile(r"到20\d\d|至20\d\d|20\d\d年(?:底|末)?[，,]?(?:全|力争|实现|达到)|力争|不低于|不高于|不少于|不超过|"
                     r"以上|以下|以内|控制在|预计|确保|目标|分别达到|提高到|提升到|降低到|下降到|降至|达到")
_NUMBER = re.compile(r"\d")
# Words of a report on the past, when nothing in the clause looks forward: trajectories from a
# past year, changes already made, rankings, targets already met.
_LOOKS_BACK = re.compile(
    r"由(?:20\d\d年|\d)|从(?:20\d\d年|\d)|较20\d\d年|比20\d\d年|提高了|下降了|降低了|增长了|增加了|分别为|分别达\d|位居|领先|连年|均低于|均高于|"
    r"实现了?.{0,8}目标|达到发达国家|推进顺利|持续深化|成效|显著增强|稳步推进|稳步提升|不断提升|明显提升"
)
_LOOKS_FORWARD = re.compile(r"到20\d\d|至20\d\d|力争|将|确保|预计|目标值|不低于|不高于|以上|以下|末[，,]")
# An outcome stated without a means: 居民健康水平显著提高。 传染病防控能力稳步提升。
# (matched at the clause's start)
_OUTCOME_ONLY = re.compile(r"[^，,；;]{2,24}?(?:显著|稳步|不断|持续|明显|全面|进一步|更加)?"
                           r"(?:提高|提升|增强|改善|完善|优化|健全|加强|扩大|降低|下降)[。；;]?$")
# A statement of what something is (健康是促进人的全面发展的必然要求): background, unless it directs.
_COPULA = re.compile(r"[^，,。；;]{1,12}?是")  # matched at the clause's start
_DIRECTIVE = re.compile(r"要(?!求)|应|必须|将|需(?!求)|务必")
# Verbs that only state the level a target commits to: a clause whose action words are all of
# these (居民电子健康档案开放率达到90%以上) is a target and nothing else, whatever service it names
# (codebook rule 5).
_TARGET_VERBS = frozenset("力争|实现|达到|控制|降低|减少|提高|提升|增加|扩大|改善|普及|确保|全面".split("|"))
_MEANS = re.compile(longest_first_pattern([w for w in _ACTION_WORDS if w not in _TARGET_VERBS]))
# The opening that states the plan's guiding ideas and aims (以…为指导, 坚持…方针): the plan's goal
# set out, as the literature codes it (目标规划).
_GUIDING = re.compile(r"为指导|为统领|指导思想|总体要求|工作方针")
# The hand-written rules, each one feature of the action classifier (named in square brackets).
_RULES = {"directive": _DIRECTIVE, "reported": _REPORTED, "number": _NUMBER,
          "target": _TARGET, "looks_back": _LOOKS_BACK, "looks_forward": _LOOKS_FORWARD,
          "action_word": _ACTION, "guiding": _GUIDING}
_FLAG_FEATURES = {name: f"[{name}]" for name in (*_RULES, "review_heading", "framing", "outcome_only", "copula",
                                                 "unended", "rules_act")}
# A heading over a review of what was done (发展基础, 主要成效, 工作总结…): its clauses report.
_REVIEW_HEADING = re.compile(r"发展基础|工作基础|现实基础|发展现状|现状|成效|成就|成绩|回顾|总结|进展|取得|完成情况|工作情况|亮点")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_CODE_POINTS = 0x110000
ACTION_MODEL_COLUMNS = ("feature", "weight")
INTERCEPT = "(intercept)"


class _Pairs(NamedTuple):
    """The distinct weighed character pairs of a batch of texts, grouped by text: ``owner[i]`` is
    the text of pair ``i``, ``index[i]`` its place in the weight table."""

    owner: np.ndarray
    index: np.ndarray


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
    """Whether a clause states an action rather than reporting what was done, framing the
    document or stating an outcome without a means (the packaged :class:`ActionClassifier`)."""
    return bool(default_action_model().predict([simplified(text).strip()])[0])


def _rule_flags(text: str, heading: str = "") -> dict[str, bool]:
    """Which hand-written rules fire on a clause in simplified characters (and its heading path),
    and what they say together (``rules_act``: it holds an action word or a target, and no sign of
    framing, report or bare outcome)."""
    flags = {name: pattern.search(text) is not None for name, pattern in _RULES.items()}
    flags["review_heading"] = _under_review_heading(heading)
    flags["framing"] = _FRAMING.search(text) is not None or _FRAMING_START.match(text) is not None
    flags["outcome_only"] = _OUTCOME_ONLY.match(text) is not None
    flags["copula"] = _COPULA.match(text) is not None
    flags["unended"] = not _END_MARK.search(text) and len(text) <= 40
    flags["rules_act"] = not (
        flags["framing"] or flags["unended"]
        or (flags["copula"] and not flags["directive"])
        or flags["reported"]  # an achievement reported, not a means of the plan
        or (flags["number"] and not flags["target"] and not flags["directive"])  # a statistic
        or (flags["looks_back"] and not flags["looks_forward"])
        or (flags["outcome_only"] and not flags["number"])
    ) and (flags["action_word"] or (flags["number"] and flags["target"]))
    return flags


@lru_cache(maxsize=1024)
def _under_review_heading(heading: str) -> bool:
    """Whether a heading path is over a review of what was done (a plan's clauses share a few)."""
    return _REVIEW_HEADING.search(heading) is not None


def is_a_target(text: str) -> bool:
    """Whether a clause commits to a level (到2025年…达到80岁, 不低于24%): an environment-side
    ``goals_planning`` instrument whatever else it names."""
    return bool(_NUMBER.search(text) and _TARGET.search(text))


def action_features(text: str, *, heading: str = "") -> set[str]:
    """The features the action classifier weighs for a clause in simplified characters: each
    hand-written rule that fires, in square brackets (``[reported]``, ``[looks_back]``; with the
    clause's ``heading`` path, ``[review_heading]`` under 发展基础, 主要成效 …), and each pair of
    adjacent characters with every number written 0 (``由0``, ``0年``, ``加强``). The classifier
    is fitted on these; it scores and explains a plan's clauses all at once, to the same sums."""
    rules = {_FLAG_FEATURES[name] for name, fires in _rule_flags(text, heading).items() if fires}
    text = _DIGITS.sub("0", text)
    return rules | set(map(str.__add__, text, text[1:]))


class ActionClassifier:
    """Does a clause state an action? A logistic regression (scikit-learn style: ``fit``,
    ``predict``, ``decision_function``) over :func:`action_features`. Fitted, it is a table of
    weights (``weights_``, with the intercept under ``(intercept)``): a clause's score is the sum of
    the weights of its features, it acts when the score is above 0, and :meth:`explain` lists the
    features that decided it. The packaged model (:func:`default_action_model`) is fitted on the
    development part of the hand-coded clauses; ``make action-model`` fits it again."""

    def __init__(self, *, C: float = 1.0, min_df: int = 2):  # noqa: N803 (scikit-learn's name)
        self.C = C
        self.min_df = min_df

    def fit(self, texts, labels, *, headings=None) -> ActionClassifier:
        """Fit on clauses in simplified characters (with their heading paths) and whether each
        states an action; classes are weighted by their frequency (few clauses of real excerpts act)."""
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression

        texts = list(texts)
        vectorizer = CountVectorizer(analyzer=lambda clause: action_features(clause[0], heading=clause[1]),
                                     binary=True, min_df=self.min_df)
        features = vectorizer.fit_transform(list(zip(texts, headings or [""] * len(texts), strict=True)))
        model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000)
        model.fit(features, np.asarray(labels, dtype=bool))
        weights = pd.Series(model.coef_[0], index=vectorizer.get_feature_names_out()).round(6)
        return self._with_weights(pd.concat([pd.Series({INTERCEPT: round(float(model.intercept_[0]), 6)}),
                                             weights[weights != 0].sort_index()]))

    def _with_weights(self, weights: pd.Series) -> ActionClassifier:
        self.weights_ = weights
        # Weights in millionths (they are rounded to six places): sums are exact in any order.
        self._lookup = {feature: round(weight * 1e6) for feature, weight in weights.items()}
        # A dense table of pair weights over the characters the pairs use (index 0: any other
        # character, whose pairs weigh 0), so a plan's pairs are weighed by array lookups.
        pairs = {f: w for f, w in self._lookup.items() if len(f) == 2}
        chars = sorted({c for pair in pairs for c in pair})
        self._char_index = np.zeros(_CODE_POINTS, dtype=np.int32)
        self._char_index[[ord(c) for c in chars]] = np.arange(1, len(chars) + 1)
        self._width = len(chars) + 1
        self._pair_weights = np.zeros(self._width ** 2)
        self._pair_names = {}
        self._pair_rank = np.zeros(self._width ** 2, dtype=np.int64)  # the pair's place in name order
        for rank, (pair, weight) in enumerate(sorted(pairs.items())):
            at = int(self._char_index[ord(pair[0])]) * self._width + int(self._char_index[ord(pair[1])])
            self._pair_weights[at], self._pair_names[at], self._pair_rank[at] = weight, pair, rank
        return self

    def decision_function(self, texts, *, headings=None) -> np.ndarray:
        """The score of each clause (in simplified characters; ``headings``: their heading paths):
        above 0, it states an action."""
        texts = list(texts)
        flags = [_rule_flags(text, heading) for text, heading in zip(texts, headings or [""] * len(texts), strict=True)]
        return self._scores(texts, flags)

    def _scores(self, texts: list[str], flags: list[dict[str, bool]], pairs: _Pairs | None = None) -> np.ndarray:
        pairs = pairs or self._pairs(texts)
        rules = [sum(self._lookup.get(_FLAG_FEATURES[name], 0) for name, fires in f.items() if fires) for f in flags]
        pair_sums = np.bincount(pairs.owner, weights=self._pair_weights[pairs.index], minlength=len(texts))
        return (self._lookup[INTERCEPT] + np.array(rules, dtype=np.float64) + pair_sums) / 1e6

    def _pairs(self, texts: list[str]) -> _Pairs:
        """The distinct weighed character pairs of each text, all texts at once: the pairs of a
        whole plan are looked up together (per clause in Python, this step alone doubled the time
        of the instrument stage)."""
        if not texts:
            return _Pairs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        code_points = np.frombuffer(_DIGITS.sub("0", "\0".join(t.replace("\0", "") for t in texts)).encode("utf-32-le"),
                                    dtype="<u4")
        owner = np.cumsum(code_points == 0)[:-1]  # the text a pair starts in
        chars = self._char_index[code_points]
        pairs = chars[:-1].astype(np.int64) * self._width + chars[1:]
        weighed = self._pair_weights[pairs] != 0  # a separator or an unknown character weighs 0
        keys = owner[weighed] * self._pair_weights.size + pairs[weighed]
        # Once per text, in text order (a hash table: twice as fast as np.unique's sort here).
        distinct = keys[~pd.Series(keys).duplicated().to_numpy()]
        owner = distinct // self._pair_weights.size
        return _Pairs(owner, distinct % self._pair_weights.size)

    def predict(self, texts, *, headings=None) -> np.ndarray:
        return self.decision_function(texts, headings=headings) > 0

    def explain(self, text: str, *, heading: str = "", top: int = 3) -> list[tuple[str, float]]:
        """The ``top`` features of a clause that pushed its score furthest the way it went (ties:
        in name order)."""
        flags, pairs = [_rule_flags(text, heading)], self._pairs([text])
        acts = self._scores([text], flags, pairs) > 0
        return self._deciding(flags, pairs, acts, [0], top=top)[0]

    def _deciding(self, flags: list[dict[str, bool]], pairs: _Pairs, acts: np.ndarray, texts: list[int], *,
                  top: int = 3) -> list[list[tuple[str, float]]]:
        """The deciding features of ``texts`` (indices) of a batch: of its rule features and its
        ``top`` strongest pairs (found for the whole batch at once), the ``top`` strongest."""
        sign = np.where(acts, 1, -1)
        wanted = np.zeros(len(acts), dtype=bool)
        wanted[texts] = True
        mine = np.flatnonzero(wanted[pairs.owner])  # the pairs of these texts, still grouped by text
        owner, index = pairs.owner[mine], pairs.index[mine]
        key = -sign[owner] * self._pair_weights[index]
        order = np.lexsort((self._pair_rank[index], key, owner))
        first = np.searchsorted(owner, owner)  # where each text's pairs begin
        strongest = order[np.arange(len(order)) - first[order] < top]
        chosen: dict[int, list[tuple[int, str]]] = {}
        for text, weight, at in zip(owner[strongest].tolist(), key[strongest].astype(np.int64).tolist(),
                                    index[strongest].tolist(), strict=True):
            chosen.setdefault(text, []).append((weight, self._pair_names[at]))
        decided = []
        for k in texts:
            present = [(-int(sign[k]) * self._lookup[feature], feature) for name, fires in flags[k].items()
                       if fires and (feature := _FLAG_FEATURES[name]) in self._lookup]
            present += chosen.get(k, [])
            decided.append([(feature, -int(sign[k]) * weight / 1e6) for weight, feature in heapq.nsmallest(top, present)])
        return decided

    def to_csv(self, path: str | Path) -> None:
        self.weights_.rename_axis(ACTION_MODEL_COLUMNS[0]).rename(ACTION_MODEL_COLUMNS[1]).to_csv(
            path, lineterminator="\n")

    @classmethod
    def from_csv(cls, path: str | Path | None = None) -> ActionClassifier:
        """A fitted classifier from its weight table (default: the packaged ``action_model.csv``);
        errors name the file and line."""
        path = Path(path) if path is not None else data_path("action_model.csv")
        table = pd.read_csv(path, dtype={"feature": str}, keep_default_na=False)
        if tuple(table.columns) != ACTION_MODEL_COLUMNS:
            raise PlanInputError(path, f"columns must be {', '.join(ACTION_MODEL_COLUMNS)}", line=1)
        weight = pd.to_numeric(table["weight"], errors="coerce")
        if weight.isna().any():
            raise PlanInputError(path, "weight is not a number", line=int(weight.isna().to_numpy().argmax()) + 2)
        if INTERCEPT not in set(table["feature"]):
            raise PlanInputError(path, f"no {INTERCEPT} row", line=1)
        return cls()._with_weights(pd.Series(weight.to_numpy(), index=table["feature"].to_numpy()))


@cache
def default_action_model() -> ActionClassifier:
    return ActionClassifier.from_csv()


def _states_only_a_goal(text: str, flags: dict[str, bool]) -> bool:
    """A clause that commits to a level and names no means besides the level (居民电子健康档案开放率
    达到90%以上), or sets out the plan's guiding ideas (以…为指导): ``goals_planning`` alone, not
    the services or tools it names on the way (codebook rule 5). ``flags``: :func:`_rule_flags`."""
    return flags["guiding"] or (flags["number"] and flags["target"] and not _MEANS.search(text))


def code_units(units: pd.DataFrame, *, instruments: tuple[Instrument, ...] | list[Instrument] | None = None
               ) -> pd.DataFrame:
    """One row per unit × instrument found (``CODE_COLUMNS``); units that state an action but hold
    no cue get ``type`` = ``uncoded``; units that state no action get ``no_action``. ``evidence``
    lists the cue words found, |-separated."""
    expect(units, pd.DataFrame, "units", "the DataFrame of compare.instruments.instrument_units")
    instruments = tuple(instruments or default_instruments())
    index = _cue_index(instruments)
    texts = [simplified(text).strip() for text in units["text"]]
    rows = [(unit.doc_id, unit.para_id, unit.unit_id, unit.start, unit.end, *code, unit.text)
            for unit, codes in zip(units.itertuples(index=False),
                                   _codes(texts, [simplified(h) for h in units["heading_path"]], instruments, index),
                                   strict=True)
            for code in codes]
    return pd.DataFrame(rows, columns=list(INSTRUMENT_TABLE_COLUMNS))[list(CODE_COLUMNS)]


@cache
def _cue_index(instruments: tuple[Instrument, ...]) -> tuple[re.Pattern, dict[str, list[Instrument]]]:
    """One pattern for every cue (longest first) and the instruments each cue belongs to."""
    owners: dict[str, list[Instrument]] = {}
    for instrument in instruments:
        for cue in instrument.cues:
            owners.setdefault(cue, []).append(instrument)
    return re.compile(longest_first_pattern(owners)), owners  # a trie: one branch per character


def _codes(texts: list[str], headings: list[str], instruments: tuple[Instrument, ...], index: tuple
           ) -> list[list[tuple[str, str, str]]]:
    """For each clause in simplified characters (under its heading path), its (type,
    sub_instrument, evidence) in codebook order; ``index`` is :func:`_cue_index` of
    ``instruments``. A clause that states no action has as evidence the features that decided it
    (:meth:`ActionClassifier.explain`)."""
    model = default_action_model()
    flags = [_rule_flags(text, heading) for text, heading in zip(texts, headings, strict=True)]
    pairs = model._pairs(texts)
    acts = model._scores(texts, flags, pairs) > 0
    silent = np.flatnonzero(~acts).tolist()
    reasons = dict(zip(silent, model._deciding(flags, pairs, acts, silent), strict=True))
    cued = [k for k, acting in enumerate(acts.tolist()) if acting and not _states_only_a_goal(texts[k], flags[k])]
    cues = dict(zip(cued, _cue_words([texts[k] for k in cued], index[0]), strict=True))
    return [_clause_codes(text, flag, cues.get(k, ()), instruments, index[1]) if acting
            else [("no_action", "", "|".join(feature for feature, _ in reasons[k]))]
            for k, (text, flag, acting) in enumerate(zip(texts, flags, acts.tolist(), strict=True))]


def _cue_words(texts: list[str], pattern: re.Pattern) -> list[list[str]]:
    """The cue words in each text, found in one pass over the texts joined (a search per clause
    costs the instrument stage a sixth more)."""
    texts = [text.replace("\0", "") for text in texts]
    ends = list(accumulate(len(text) + 1 for text in texts))  # where each text's separator is
    found: list[list[str]] = [[] for _ in texts]
    for match in pattern.finditer("\0".join(texts)):
        found[bisect_right(ends, match.start())].append(match.group())
    return found


def _clause_codes(text: str, flags: dict[str, bool], cues, instruments: tuple[Instrument, ...],
                  owners: dict[str, list[Instrument]]) -> list[tuple[str, str, str]]:
    """The codes of a clause that states an action: the instruments whose ``cues`` (the cue
    words it holds) belong to."""
    words: dict[str, set[str]] = {}
    for cue in cues:
        for instrument in owners[cue]:
            words.setdefault(instrument.sub_instrument, set()).add(cue)
    if "goals_planning" not in words and (flags["guiding"] or (flags["number"] and flags["target"])):
        goal = _TARGET.search(text) if flags["number"] and flags["target"] else _GUIDING.search(text)
        words["goals_planning"] = {goal.group()}
    codes = [(i.type, i.sub_instrument, "|".join(sorted(words[i.sub_instrument])))
             for i in instruments if i.sub_instrument in words]
    return codes or [("uncoded", "", "")]


def instrument_rows(plan: CleanPlan) -> list[tuple]:
    """The rows of ``instruments.csv`` (``INSTRUMENT_TABLE_COLUMNS``) for one plan. Each text
    paragraph is converted to simplified characters once (OpenCC keeps lengths), not each clause."""
    instruments = default_instruments()
    units, clauses, headings, converted, heading_of = [], [], [], {}, {}
    for paragraph, start, end in _clause_spans(plan):
        if paragraph.para_id not in converted:
            path = " / ".join(paragraph.heading_path)
            if path not in heading_of:  # the paragraphs of a section share their heading path
                heading_of[path] = simplified(path)
            converted[paragraph.para_id] = (simplified(paragraph.text.text), heading_of[path])
        text, heading = converted[paragraph.para_id]
        clause = text[start:end] if len(text) == len(paragraph.text.text) else simplified(paragraph.text.text[start:end])
        raw_start, raw_end = paragraph.text.raw_span(start, end)
        units.append((plan.doc_id, paragraph.para_id, len(units) + 1, raw_start, raw_end))
        clauses.append(clause.strip())
        headings.append(heading)
    return [(*base, *code, plan.raw[base[3]:base[4]])
            for base, codes in zip(units, _codes(clauses, headings, instruments, _cue_index(instruments)), strict=True)
            for code in codes]


def code_instruments(plan: CleanPlan) -> pd.DataFrame:
    """The coded clauses of one plan: :func:`code_units` of :func:`instrument_units`."""
    return code_units(instrument_units(plan))


def instrument_shares(codes: pd.DataFrame, *, level: str = "type", n_boot: int = 1000, seed: int = 0
                      ) -> pd.DataFrame:
    """Per plan: the share of its action clauses that use each instrument ``type`` (or
    ``sub_instrument``), with a 90% bootstrap interval over clauses; a clause using two types
    counts for both, so shares may add up to more than 1. ``codes`` is instruments.csv."""
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
