"""From the long indicator table to the comparison researchers want: plan × metric, with the nation.

:func:`align_metrics` gives one row per document × metric: the plan's baseline and target (with
their evidence) and two separate questions about them.

- **Level against the nation** (``level_vs_nation``): the plan's target minus the national level
  *of the same year* (:func:`compare.benchmarks.benchmark_level`: the national figure of that
  year, else the national path interpolated between its nearest years, else a national pace),
  signed so that positive means a better level than the nation's. A high starting level earns a
  positive value without any effort, so it is never called ambition.
- **Ambition** (``plan_change_per_year`` against ``national_change_per_year`` over the same
  years): how fast the plan means to improve, beside how fast the nation means to over the same
  span. ``pace_vs_nation`` is their difference and ``pace_ratio`` their ratio, both signed so that
  positive (and a ratio above 1) means improving faster than the nation.

Only rates are compared with the nation: head counts and totals (``measure == "count"``) are shown
as they are. Metrics a plan does not state are rows with ``stated`` False and nothing filled in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from compare.benchmarks import benchmark_level, benchmark_pace, default_benchmarks
from compare.errors import expect
from compare.registry import load_registry

ALIGNED_COLUMNS = (
    "doc_id", "city", "city_zh", "doc_type", "completeness", "horizon", "metric_id", "name_zh", "name_en", "unit",
    "direction", "measure", "stated",
    "baseline_year", "baseline_value", "baseline_evidence",
    "target_year", "target_value", "target_comparator", "target_words", "target_evidence",
    "national_baseline_year", "national_baseline", "national_baseline_method",
    "national_year", "national_target", "national_method", "national_status", "national_source", "national_wording",
    "national_pace", "level_vs_nation", "plan_change_per_year", "national_change_per_year", "pace_vs_nation",
    "pace_ratio", "flags", "note",
)
LEVEL_COMPARATORS = ("=", ">=", "<=", ">", "<", "~", "range")
_SOURCE_RANK = {"table": 0, "prose": 1}
_SINCE = re.compile(r"(?:^|;)since:(\d{4})")
_WORDS = re.compile(r"(?:^|;)words:([^;]*)")


def _pick(facts: pd.DataFrame, *, prefer_year: int | None, latest: bool) -> pd.Series | None:
    """The fact that best states a metric: a level over a change over words, the preferred year,
    the table."""
    if facts.empty:
        return None
    level_rank = np.where(facts["comparator"].isin(LEVEL_COMPARATORS), 0,
                          np.where(facts["comparator"] == "qualitative", 2, 1))
    ranked = facts.assign(
        _level=level_rank,
        _year_match=(facts["year"] != prefer_year).fillna(True).astype(int) if prefer_year else 0,
        _year=-facts["year"].fillna(0) if latest else facts["year"].fillna(9999),
        _source=facts["source"].map(_SOURCE_RANK).fillna(2),
    ).sort_values(["_level", "_year_match", "_year", "_source", "start"], kind="stable")
    return ranked.iloc[0]


def align_metrics(
    indicators: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    registry: pd.DataFrame | None = None,
    benchmarks: pd.DataFrame | None = None,
    scope: str | None = "plan",
) -> pd.DataFrame:
    """One row per document × metric, plan figures beside national ones (``ALIGNED_COLUMNS``).

    Only the plan's own figures are aligned (``scope == "plan"``): a city text's quotes of the
    nation, its province or another place are not its targets. ``scope=None`` keeps every row.

    ``indicators`` and ``documents`` are the clean tables (:func:`compare.load_indicators`,
    :func:`compare.load_documents`). ``metrics`` defaults to every registry metric some plan
    states; ``doc_ids`` to every document; ``benchmarks`` to the packaged national benchmarks
    (:func:`compare.benchmarks.load_benchmarks`; a province's file of the same shape works too).

    The national figures are those of the plan's own years, never of another year
    (``national_method``: ``same_year``, ``interpolated``, ``pace``; empty where the nation has no
    figure that year). ``flags`` lists what a reader must know: ``target_below_baseline``,
    ``target_derived`` (a change converted to a level from the plan's own base value),
    ``national_interpolated``, ``national_derived``, ``national_unconfirmed``, ``national_pace``,
    ``count_not_compared``, ``incomplete_text``.
    """
    expect(indicators, pd.DataFrame, "indicators", "the indicators table (compare.load_indicators)")
    expect(documents, pd.DataFrame, "documents", "the documents table (compare.load_documents)")
    if isinstance(metrics, str) or isinstance(doc_ids, str):
        raise TypeError("metrics and doc_ids must be lists of ids, e.g. metrics=['life_expectancy'], not a string")
    registry = load_registry() if registry is None else registry
    registry = registry.set_index("metric_id", drop=False)
    benchmarks = default_benchmarks() if benchmarks is None else benchmarks
    if scope is not None and "scope" in indicators.columns:
        indicators = indicators[indicators["scope"] == scope]
    registered = indicators[indicators["metric_id"].isin(registry.index)]
    if metrics is None:
        metrics = [m for m in registry.index if m in set(registered["metric_id"])]
    unknown = [m for m in metrics if m not in registry.index]
    if unknown:
        raise KeyError(f"not in the metric registry: {', '.join(unknown)}")
    documents = documents if doc_ids is None else documents[documents["doc_id"].isin(doc_ids)]
    rows = []
    for document in documents.itertuples():
        horizon = None if pd.isna(document.horizon) else int(document.horizon)
        own = registered[registered["doc_id"] == document.doc_id]
        for metric_id in metrics:
            metric = registry.loc[metric_id]
            facts = own[own["metric_id"] == metric_id]
            target = _pick(facts[facts["kind"] == "target"], prefer_year=horizon, latest=True)
            baselines = facts[facts["kind"] == "baseline"]
            if target is not None and pd.notna(target["year"]):
                earlier = baselines[baselines["year"] < target["year"]]
                baselines = earlier if not earlier.empty else baselines
            baseline = _pick(baselines, prefer_year=None, latest=True)
            rows.append(_aligned_row(document, horizon, metric, baseline, target, facts, benchmarks))
    return pd.DataFrame(rows, columns=list(ALIGNED_COLUMNS))


def _year(fact: pd.Series | None) -> int | None:
    return None if fact is None or pd.isna(fact["year"]) else int(fact["year"])


def _value(fact: pd.Series | None) -> float | None:
    return None if fact is None or pd.isna(fact["value"]) else float(fact["value"])


def _derived_level(target: pd.Series, facts: pd.DataFrame, unit: str) -> float | None:
    """The level a change target means when the plan states the level it starts from:
    较2015年下降30% with the plan's 2015 value. None otherwise."""
    since = _SINCE.search(str(target["flags"]))
    if target["comparator"] != "change" or since is None or pd.isna(target["value"]):
        return None
    base = facts[(facts["kind"] == "baseline") & (facts["year"] == int(since.group(1)))
                 & facts["comparator"].isin(LEVEL_COMPARATORS) & facts["value"].notna()]
    if base.empty:
        return None
    start, change = float(base.iloc[0]["value"]), float(target["value"])
    if target["unit"] == "%" and unit != "%" or "relative" in str(target["flags"]):
        return round(start * (1 + change / 100), 6)
    if target["unit"] in (unit, "个百分点"):
        return round(start + change, 6)
    return None


def _aligned_row(document, horizon, metric, baseline, target, facts, benchmarks) -> dict:
    target_year, baseline_year = _year(target), _year(baseline)
    baseline_value = _value(baseline) if baseline is not None and baseline["comparator"] in LEVEL_COMPARATORS else None
    notes, flags = [], []
    comparator = None if target is None else target["comparator"]
    target_value = _value(target)
    level_target = target_value if comparator in LEVEL_COMPARATORS else None
    words = _WORDS.search(str(target["flags"])) if target is not None else None
    if comparator == "qualitative":
        notes.append("qualitative target (no number)")
    elif comparator in ("change", "annual_change"):
        derived = _derived_level(target, facts, metric["unit"])
        if derived is not None:
            level_target = derived
            flags.append("target_derived")
            notes.append(f"target {target_value:+g}{target['unit']} converted to the level {derived:g}")
        else:
            notes.append(f"target is a {comparator.replace('_', ' ')}, not a level")
    sign = 1 if metric["direction"] == "higher_is_better" else -1
    comparable = metric["measure"] == "rate"
    if not comparable:
        flags.append("count_not_compared")
    national_target = national_base = None
    if comparable and target_year is not None:
        national_target = benchmark_level(metric["metric_id"], target_year, kind="target", benchmarks=benchmarks)
    if comparable and baseline_year is not None:
        national_base = benchmark_level(metric["metric_id"], baseline_year, kind="baseline", benchmarks=benchmarks)
    pace = benchmark_pace(metric["metric_id"], year=target_year, benchmarks=benchmarks) if (
        comparable and target_year is not None) else None
    for figure in (national_target, national_base):
        if figure is not None and figure.method != "same_year":
            flags.append(f"national_{'interpolated' if figure.method == 'interpolated' else 'pace'}")
        if figure is not None and figure.status != "printed":
            flags.append(f"national_{figure.status}")
    level_vs_nation = None
    if level_target is not None and national_target is not None:
        level_vs_nation = round(sign * (level_target - national_target.value), 6) + 0.0  # never -0.0
    plan_rate = national_rate = pace_vs_nation = pace_ratio = None
    span = (target_year - baseline_year) if target_year and baseline_year else 0
    if span > 0 and level_target is not None and baseline_value is not None:
        plan_rate = round((level_target - baseline_value) / span, 6)
        if sign * (level_target - baseline_value) < 0:
            flags.append("target_below_baseline")
    elif comparator == "annual_change" and target_value is not None and target["unit"] in (metric["unit"], "个百分点"):
        plan_rate = target_value
    if plan_rate is not None and comparable and baseline_year is not None and target_year is not None:
        start = benchmark_level(metric["metric_id"], baseline_year, kind="baseline", benchmarks=benchmarks)
        end = benchmark_level(metric["metric_id"], target_year, kind="target", benchmarks=benchmarks)
        if start is not None and end is not None and target_year > baseline_year:
            national_rate = round((end.value - start.value) / (target_year - baseline_year), 6)
        elif pace is not None:
            national_rate = float(pace["pace"])
    if plan_rate is not None and national_rate is not None:
        pace_vs_nation = round(sign * (plan_rate - national_rate), 6) + 0.0
        if sign * national_rate > 0:
            pace_ratio = round(plan_rate / national_rate, 6)
    if target is not None and baseline is None:
        notes.append("no baseline stated")
    if "unit_conflict" in str(target["flags"] if target is not None else ""):
        notes.append("table unit contradicts the registry unit")
    completeness = getattr(document, "completeness", None)
    completeness = "full" if completeness is None or pd.isna(completeness) or not completeness else completeness
    if completeness != "full":
        flags.append("incomplete_text")
    stated = target is not None or baseline is not None
    if not stated:
        notes.append("not stated in this plan" if completeness == "full" else "not in the text we have")
    return {
        "doc_id": document.doc_id,
        "city": document.city,
        "city_zh": document.city_zh,
        "doc_type": document.doc_type,
        "completeness": completeness,
        "horizon": horizon,
        "metric_id": metric["metric_id"],
        "name_zh": metric["name_zh"],
        "name_en": metric["name_en"],
        "unit": metric["unit"],
        "direction": metric["direction"],
        "measure": metric["measure"],
        "stated": stated,
        "baseline_year": baseline_year,
        "baseline_value": baseline_value,
        "baseline_evidence": None if baseline is None else baseline["evidence"],
        "target_year": target_year,
        "target_value": target_value,
        "target_comparator": comparator,
        "target_words": words.group(1) if words else None,
        "target_evidence": None if target is None else target["evidence"],
        "national_baseline_year": None if national_base is None else national_base.year,
        "national_baseline": None if national_base is None else national_base.value,
        "national_baseline_method": None if national_base is None else national_base.method,
        "national_year": None if national_target is None else national_target.year,
        "national_target": None if national_target is None else national_target.value,
        "national_method": None if national_target is None else national_target.method,
        "national_status": None if national_target is None else national_target.status,
        "national_source": None if national_target is None else national_target.sources,
        "national_wording": None if national_target is None else national_target.wording,
        "national_pace": None if pace is None else float(pace["pace"]),
        "level_vs_nation": level_vs_nation,
        "plan_change_per_year": plan_rate,
        "national_change_per_year": national_rate,
        "pace_vs_nation": pace_vs_nation,
        "pace_ratio": pace_ratio,
        "flags": ";".join(dict.fromkeys(flags)),
        "note": "; ".join(notes),
    }


def coverage_matrix(aligned: pd.DataFrame) -> pd.DataFrame:
    """Documents × metrics: the target year a plan states ('qualitative' when no number), '' if none."""
    def label(row) -> str:
        if not row["stated"]:
            return ""
        if row["target_comparator"] == "qualitative":
            return "qualitative"
        if pd.notna(row["target_year"]):
            return str(int(row["target_year"]))
        return f"baseline {int(row['baseline_year'])}" if pd.notna(row["baseline_year"]) else "baseline"

    labelled = aligned.assign(label=aligned.apply(label, axis=1))
    matrix = labelled.pivot(index="doc_id", columns="metric_id", values="label")
    order = list(dict.fromkeys(aligned["metric_id"]))
    return matrix.reindex(columns=order).fillna("")


def missing_metrics(aligned: pd.DataFrame) -> pd.DataFrame:
    """The requested (document, metric) pairs a plan does not state — never filled in."""
    return aligned.loc[~aligned["stated"], ["doc_id", "metric_id", "name_zh"]].reset_index(drop=True)


def national_gap_summary(aligned: pd.DataFrame) -> pd.DataFrame:
    """Per metric: how many plans can be compared with the nation on level and on pace, and how
    many are better than the nation on each (two different questions: see the module)."""
    numeric = aligned.dropna(subset=["level_vs_nation"])
    level = numeric.groupby(["metric_id", "name_zh"], sort=False).agg(
        plans=("doc_id", "count"), level_better_than_nation=("level_vs_nation", lambda g: int(np.sum(g > 0))))
    paced = aligned.dropna(subset=["pace_vs_nation"]).groupby(["metric_id", "name_zh"], sort=False).agg(
        plans_with_pace=("doc_id", "count"), faster_than_nation=("pace_vs_nation", lambda g: int(np.sum(g > 0))))
    summary = level.join(paced, how="outer").reset_index()
    for column in ("plans", "level_better_than_nation", "plans_with_pace", "faster_than_nation"):
        summary[column] = summary[column].fillna(0).astype(int)
    return summary


def _plan_names(documents: pd.DataFrame) -> pd.Series:
    from compare.plotting import plan_labels

    return plan_labels(documents)


def _format_value(value, comparator=None, unit="") -> str:
    if comparator == "qualitative":
        return "定性 qualitative"
    if value is None or pd.isna(value):
        return ""
    symbol = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "≈", "change": "Δ", "annual_change": "Δ/年 "}
    return f"{symbol.get(comparator, '')}{value:g}{unit}"


_FLAG_WORDS = {
    "target_below_baseline": "目标低于自身基线 target below own baseline",
    "target_derived": "目标由变化量推算 target derived from a change",
    "national_interpolated": "全国值为插值 national figure interpolated",
    "national_pace": "全国值由年均变化推算 national figure from a yearly pace",
    "national_derived": "全国值为推算 national figure derived",
    "national_unconfirmed": "全国值未核实 national figure unconfirmed",
    "count_not_compared": "总量指标不与全国比较 a count: not compared",
    "incomplete_text": "文本不完整 incomplete text",
}


def _signed(value, digits: int = 2) -> str:
    if value is None or pd.isna(value):
        return ""
    text = f"{value:+.{digits}f}"
    return text.replace("-", "−") if float(text) != 0 else f"{0:.{digits}f}"


def comparison_view(aligned: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The aligned table as a reader sees it: one row per plan × stated metric, Chinese and
    English headers; level against the nation and pace against the nation as two columns."""
    names = _plan_names(documents)
    stated = aligned[aligned["stated"]]
    rows = []
    year = lambda y: "" if y is None or pd.isna(y) else f" ({int(y)})"  # noqa: E731
    for row in stated.itertuples():
        national = _format_value(row.national_target) + year(row.national_year)
        if national and row.national_method not in (None, "same_year") and not pd.isna(row.national_method):
            national += " 插值" if row.national_method == "interpolated" else " 按年均变化"
        if not pd.isna(row.national_pace) and row.national_pace is not None:
            national = (national + "; " if national else "") + f"每年 {row.national_pace:+g}"
        rows.append({
            "规划 plan": names.get(row.doc_id, row.doc_id),
            "指标 metric": f"{row.name_zh} ({row.unit})",
            "基线 baseline": _format_value(row.baseline_value) + year(row.baseline_year),
            "目标 target": (f"定性 qualitative：{row.target_words}" if row.target_comparator == "qualitative"
                          and row.target_words else _format_value(row.target_value, row.target_comparator))
                         + year(row.target_year),
            "同年全国 national, same year": national,
            "水平差 level vs nation": _signed(row.level_vs_nation),
            "规划年均变化 plan change/yr": _signed(row.plan_change_per_year, 3),
            "全国年均变化 nation change/yr": _signed(row.national_change_per_year, 3),
            "进度差 pace vs nation": _signed(row.pace_vs_nation, 3),
            "说明 notes": "; ".join([_FLAG_WORDS.get(f, f) for f in str(row.flags or "").split(";") if f]
                                     + ([row.note] if row.note else [])),
        })
    return pd.DataFrame(rows)


_METHOD_WORDS = {"same_year": "同年 same year", "interpolated": "插值 interpolated", "pace": "按年均变化 from a pace"}
_STATUS_WORDS = {"printed": "原文印有 printed", "derived": "推算 derived", "unconfirmed": "未核实 unconfirmed"}


def national_sources_view(aligned: pd.DataFrame, *, benchmarks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every national figure the aligned table uses, once: the level, how it was obtained, its
    status, its source document and the wording as printed — the source note under a comparison."""
    benchmarks = default_benchmarks() if benchmarks is None else benchmarks
    wanted = {}
    for kind, year_column in (("target", "national_year"), ("baseline", "national_baseline_year")):
        for row in aligned.dropna(subset=[year_column]).itertuples():
            wanted.setdefault((row.metric_id, int(getattr(row, year_column)), kind), f"{row.name_zh} ({row.unit})")
    table = []
    for (metric_id, year, kind), name in wanted.items():
        figure = benchmark_level(metric_id, year, kind=kind, benchmarks=benchmarks)
        table.append({
            "指标 metric": name,
            "年份 year": year,
            "类型 kind": {"target": "目标 target", "baseline": "已达 reached"}[figure.kind],
            "全国 national": f"{figure.value:g}",
            "方法 method": _METHOD_WORDS[figure.method],
            "状态 status": _STATUS_WORDS[figure.status],
            "来源 source": figure.sources,
            "原文 wording": figure.wording,
        })
    columns = ["指标 metric", "年份 year", "类型 kind", "全国 national", "方法 method", "状态 status", "来源 source",
               "原文 wording"]
    return pd.DataFrame(table, columns=columns).drop_duplicates().sort_values(
        ["指标 metric", "年份 year", "类型 kind"], kind="stable").reset_index(drop=True)


def evidence_view(
    indicators: pd.DataFrame, documents: pd.DataFrame, *, metrics: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every number of the chosen metrics with the sentence of the plan it came from."""
    names = _plan_names(documents)
    chosen = indicators if metrics is None else indicators[indicators["metric_id"].isin(metrics)]
    chosen = chosen[chosen["doc_id"].isin(documents["doc_id"])]
    return pd.DataFrame({
        "规划 plan": chosen["doc_id"].map(names),
        "指标 metric": chosen["metric_raw"],
        "类型 kind": chosen["kind"].map({"baseline": "基线 baseline", "target": "目标 target"}),
        "年份 year": chosen["year"].astype("string").fillna(""),
        "数值 value": [_format_value(v, c, u) for v, c, u in zip(chosen["value"], chosen["comparator"], chosen["unit"], strict=True)],
        "来源 source": chosen["source"].map({"prose": "正文 prose", "table": "表格 table"}),
        "原文 evidence": chosen["evidence"].str.replace(r"\s+", " ", regex=True),
        "位置 offsets": chosen["start"].astype(str) + "–" + chosen["end"].astype(str),
    }).reset_index(drop=True)


def add_plan(
    documents: pd.DataFrame,
    indicators: pd.DataFrame,
    plan,
    facts: pd.DataFrame,
    *,
    city: str | None = None,
    city_zh: str | None = None,
    doc_type: str = "other",
    horizon: int | None = None,
    completeness: str = "full",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus tables with one more plan (a :class:`~compare.structure.CleanPlan` and its
    extracted ``facts``), ready for :func:`align_metrics`. The inputs are not changed; a plan
    already in ``documents`` is replaced."""
    from compare.indicators import infer_context

    horizon = horizon or infer_context(plan).horizon
    row = {"doc_id": plan.doc_id, "city": city or plan.doc_id, "city_zh": city_zh or city or plan.doc_id,
           "doc_type": doc_type, "horizon": horizon, "completeness": completeness}
    documents = pd.concat([documents[documents["doc_id"] != plan.doc_id], pd.DataFrame([row])], ignore_index=True)
    documents["horizon"] = documents["horizon"].astype("Int64")
    indicators = pd.concat([indicators[indicators["doc_id"] != plan.doc_id], facts], ignore_index=True)
    return documents, indicators
