"""From the long indicator table to the comparison researchers want: city × metric, with the nation.

:func:`align_metrics` gives one row per document × metric: the plan's baseline and target (with
their evidence), the national baseline and target from the registry, the gap to the national
target signed so that positive means more ambitious than the nation, and the implied annual
change. Metrics a plan does not state are rows with ``stated`` False and nothing filled in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from compare.registry import load_registry

NATIONAL_YEARS = (2020, 2025, 2030)
ALIGNED_COLUMNS = (
    "doc_id", "city", "city_zh", "doc_type", "horizon", "metric_id", "name_zh", "name_en", "unit",
    "direction", "stated", "baseline_year", "baseline_value", "baseline_evidence",
    "target_year", "target_value", "target_comparator", "target_evidence",
    "national_baseline_year", "national_baseline", "national_target_year", "national_target",
    "gap_to_national", "implied_annual_change", "note",
)
_SOURCE_RANK = {"table": 0, "prose": 1}


def _pick(facts: pd.DataFrame, *, prefer_year: int | None, latest: bool) -> pd.Series | None:
    """The fact that best states a metric: numeric over qualitative, the preferred year, the table."""
    if facts.empty:
        return None
    ranked = facts.assign(
        _numeric=facts["value"].isna().astype(int),
        _year_match=(facts["year"] != prefer_year).fillna(True).astype(int) if prefer_year else 0,
        _year=-facts["year"].fillna(0) if latest else facts["year"].fillna(9999),
        _source=facts["source"].map(_SOURCE_RANK).fillna(2),
    ).sort_values(["_numeric", "_year_match", "_year", "_source", "start"], kind="stable")
    return ranked.iloc[0]


def _national(metric: pd.Series, year: int | None) -> tuple[int | None, float | None]:
    """The registry's national figure for the first benchmark year at or after ``year``."""
    candidates = [y for y in NATIONAL_YEARS if pd.notna(metric[f"national_{y}"])]
    if not candidates:
        return None, None
    later = [y for y in candidates if year is None or y >= year]
    chosen = later[0] if later else candidates[-1]
    return chosen, float(metric[f"national_{chosen}"])


def align_metrics(
    indicators: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    registry: pd.DataFrame | None = None,
    scope: str | None = "plan",
) -> pd.DataFrame:
    """One row per document × metric, plan figures beside national ones (``ALIGNED_COLUMNS``).

    Only the plan's own figures are aligned (``scope == "plan"``): a city text's quotes of the
    nation, its province or another place are not its targets. ``scope=None`` keeps every row.

    ``indicators`` and ``documents`` are the clean tables (:func:`compare.load_indicators`,
    :func:`compare.load_documents`). ``metrics`` defaults to every registry metric some plan
    states; ``doc_ids`` to every document. ``gap_to_national`` is the plan's numeric target minus
    the national target for the first benchmark year at or after the plan's target year, with the
    sign turned for lower-is-better metrics: positive means more ambitious than the nation. Notes
    say where horizons differ, a target is qualitative or a change, or the baseline is missing.
    """
    registry = load_registry() if registry is None else registry
    registry = registry.set_index("metric_id", drop=False)
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
            baseline = _pick(facts[facts["kind"] == "baseline"], prefer_year=None, latest=True)
            target = _pick(facts[facts["kind"] == "target"], prefer_year=horizon, latest=True)
            rows.append(_aligned_row(document, horizon, metric, baseline, target))
    return pd.DataFrame(rows, columns=list(ALIGNED_COLUMNS))


def _aligned_row(document, horizon, metric, baseline, target) -> dict:
    target_year = None if target is None or pd.isna(target["year"]) else int(target["year"])
    baseline_year = None if baseline is None or pd.isna(baseline["year"]) else int(baseline["year"])
    national_target_year, national_target = _national(metric, target_year or horizon)
    national_baseline = metric["national_2020"]
    notes = []
    target_value = None
    comparator = None
    if target is not None:
        comparator = target["comparator"]
        if pd.notna(target["value"]):
            target_value = float(target["value"])
        if comparator == "qualitative":
            notes.append("qualitative target (no number)")
        elif comparator in ("change", "annual_change"):
            notes.append(f"target is a {comparator.replace('_', ' ')}, not a level")
    baseline_value = None if baseline is None or pd.isna(baseline["value"]) else float(baseline["value"])
    level_target = target_value if comparator not in ("change", "annual_change", "qualitative") else None
    gap = None
    if level_target is not None and national_target is not None:
        sign = 1 if metric["direction"] == "higher_is_better" else -1
        gap = round(sign * (level_target - national_target), 6)
        if national_target_year != target_year:
            notes.append(f"plan horizon {target_year} vs national {national_target_year}")
    implied = None
    if level_target is not None and baseline_value is not None and baseline_year and target_year and target_year > baseline_year:
        implied = round((level_target - baseline_value) / (target_year - baseline_year), 6)
    if target is not None and baseline is None:
        notes.append("no baseline stated")
    if "unit_conflict" in str(target["flags"] if target is not None else ""):
        notes.append("table unit contradicts the registry unit")
    stated = target is not None or baseline is not None
    if not stated:
        notes.append("not stated in this plan")
    return {
        "doc_id": document.doc_id,
        "city": document.city,
        "city_zh": document.city_zh,
        "doc_type": document.doc_type,
        "horizon": horizon,
        "metric_id": metric["metric_id"],
        "name_zh": metric["name_zh"],
        "name_en": metric["name_en"],
        "unit": metric["unit"],
        "direction": metric["direction"],
        "stated": stated,
        "baseline_year": baseline_year,
        "baseline_value": baseline_value,
        "baseline_evidence": None if baseline is None else baseline["evidence"],
        "target_year": target_year,
        "target_value": target_value,
        "target_comparator": comparator,
        "target_evidence": None if target is None else target["evidence"],
        "national_baseline_year": 2020 if pd.notna(national_baseline) else None,
        "national_baseline": None if pd.isna(national_baseline) else float(national_baseline),
        "national_target_year": national_target_year,
        "national_target": national_target,
        "gap_to_national": gap,
        "implied_annual_change": implied,
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
    """Per metric: how many plans state a numeric target, and how many beat the national one."""
    numeric = aligned.dropna(subset=["gap_to_national"])
    return (
        numeric.groupby(["metric_id", "name_zh"], sort=False)
        .agg(plans=("doc_id", "count"), ahead_of_nation=("gap_to_national", lambda g: int(np.sum(g > 0))))
        .reset_index()
    )


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


def comparison_view(aligned: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The aligned table as a reader sees it: one row per plan × stated metric, Chinese headers."""
    names = _plan_names(documents)
    stated = aligned[aligned["stated"]]
    rows = []
    for row in stated.itertuples():
        year = lambda y: "" if y is None or pd.isna(y) else f" ({int(y)})"  # noqa: E731
        rows.append({
            "规划 plan": names.get(row.doc_id, row.doc_id),
            "指标 metric": f"{row.name_zh} ({row.unit})",
            "基线 baseline": _format_value(row.baseline_value) + year(row.baseline_year),
            "目标 target": _format_value(row.target_value, row.target_comparator) + year(row.target_year),
            "全国基线 national 2020": _format_value(row.national_baseline),
            "全国目标 national target": _format_value(row.national_target) + year(row.national_target_year),
            "与全国目标差距 gap": "" if pd.isna(row.gap_to_national) else f"{row.gap_to_national:+.2f}",
            "说明 note": row.note,
        })
    return pd.DataFrame(rows)


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
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus tables with one more plan (a :class:`~compare.structure.CleanPlan` and its
    extracted ``facts``), ready for :func:`align_metrics`. The inputs are not changed; a plan
    already in ``documents`` is replaced."""
    from compare.indicators import infer_context

    horizon = horizon or infer_context(plan).horizon
    row = {"doc_id": plan.doc_id, "city": city or plan.doc_id, "city_zh": city_zh or city or plan.doc_id,
           "doc_type": doc_type, "horizon": horizon}
    documents = pd.concat([documents[documents["doc_id"] != plan.doc_id], pd.DataFrame([row])], ignore_index=True)
    documents["horizon"] = documents["horizon"].astype("Int64")
    indicators = pd.concat([indicators[indicators["doc_id"] != plan.doc_id], facts], ignore_index=True)
    return documents, indicators
