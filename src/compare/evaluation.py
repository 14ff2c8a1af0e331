"""Scoring extracted indicator facts against hand-annotated gold facts.

A *level fact* is a baseline or target level (not a change, not a qualitative target). It is
identified by document, metric, kind, year and value, as the project's quality figures are
defined: duplicates of one fact count once, and a level with a wrong year or kind is both a
false positive and a miss. ``docs/indicators.md`` reports these figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from compare.registry import load_registry

LEVEL_COMPARATORS = ("=", ">=", "<=", ">", "<", "~", "range")
FACT_KEY = ("doc_id", "metric_id", "kind", "year", "value")


def core_metrics(registry: pd.DataFrame | None = None) -> list[str]:
    """Ids of the registry's core metrics (``core`` column = ``yes``): the fixed headline set."""
    registry = load_registry() if registry is None else registry
    if "core" not in registry.columns:
        return registry["metric_id"].tolist()
    return registry.loc[registry["core"].eq("yes"), "metric_id"].tolist()


def level_facts(table: pd.DataFrame, *, metrics: list[str] | None = None) -> pd.DataFrame:
    """The distinct level facts of an indicator or gold table (``doc`` is read as ``doc_id``)."""
    table = table.rename(columns={"doc": "doc_id"})
    levels = table[table["comparator"].isin(LEVEL_COMPARATORS) & table["kind"].isin(("baseline", "target"))]
    if metrics is not None:
        levels = levels[levels["metric_id"].isin(metrics)]
    keys = pd.DataFrame({
        "doc_id": levels["doc_id"].astype(str),
        "metric_id": levels["metric_id"].astype(str),
        "kind": levels["kind"].astype(str),
        "year": pd.to_numeric(levels["year"], errors="coerce").astype("Int64"),
        "value": pd.to_numeric(levels["value"], errors="coerce").round(4),
    })
    return keys.drop_duplicates().reset_index(drop=True)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int
    missed: pd.DataFrame  # gold level facts not extracted
    spurious: pd.DataFrame  # extracted level facts not in the gold set

    def __str__(self) -> str:
        return (f"precision {self.precision:.3f} recall {self.recall:.3f} "
                f"(tp {self.true_positives}, fp {self.false_positives}, fn {self.false_negatives})")


def score_facts(predicted: pd.DataFrame, gold: pd.DataFrame, *, metrics: list[str] | None = None) -> Score:
    """Precision and recall of ``predicted`` level facts against ``gold`` ones (see the module)."""
    found = level_facts(predicted, metrics=metrics)
    expected = level_facts(gold, metrics=metrics)
    # Gold lists only the documents it covers: facts of other documents are not scored.
    found = found[found["doc_id"].isin(set(expected["doc_id"]))]
    merged = found.merge(expected, how="outer", on=list(FACT_KEY), indicator=True)
    tp = int((merged["_merge"] == "both").sum())
    spurious = merged[merged["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)
    missed = merged[merged["_merge"] == "right_only"].drop(columns="_merge").reset_index(drop=True)
    precision = tp / (tp + len(spurious)) if tp + len(spurious) else 1.0
    recall = tp / (tp + len(missed)) if tp + len(missed) else 1.0
    return Score(precision, recall, tp, len(spurious), len(missed), missed, spurious)
