"""Scoring extracted indicator facts and instrument codes against hand-coded gold.

A *level fact* is a baseline or target level (not a change, not a qualitative target). It is
identified by document, metric, kind, year and value, as the project's quality figures are
defined: duplicates of one fact count once, and a level with a wrong year or kind is both a
false positive and a miss. ``docs/indicators.md`` reports these figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from compare.instruments import INSTRUMENT_TYPES, code_units, load_instruments
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


def coded_clauses(folder, *, split: str | None = None) -> pd.DataFrame:
    """The hand-coded clauses of ``folder`` (``units.csv`` with the adjudicated ``codes`` of
    ``adjudicated.csv``, as in ``tests/data/instruments``), optionally of one ``split``, with
    ``types``: the set of instrument types the codes belong to (empty for ``none``)."""
    from pathlib import Path

    folder = Path(folder)
    units = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
    codes = pd.read_csv(folder / "adjudicated.csv", dtype=str, keep_default_na=False)[["unit", "codes"]]
    clauses = units.merge(codes, on="unit", how="left", validate="one_to_one")
    if clauses["codes"].isna().any():
        raise ValueError(f"{folder / 'adjudicated.csv'}: no codes for {clauses.loc[clauses['codes'].isna(), 'unit'].iloc[0]}")
    type_of = {i.sub_instrument: i.type for i in load_instruments()}
    clauses["types"] = [frozenset() if c == "none" else frozenset(type_of[s] for s in c.split("|"))
                        for c in clauses["codes"]]
    return clauses if split is None else clauses[clauses["split"] == split].reset_index(drop=True)


def tool_types(clauses: pd.DataFrame) -> list[frozenset]:
    """The instrument types :func:`compare.instruments.code_units` gives each clause."""
    units = pd.DataFrame({"doc_id": range(len(clauses)), "para_id": 0, "unit_id": 0, "start": 0, "end": 0,
                          "heading_path": clauses["heading_path"].to_numpy(), "text": clauses["text"].to_numpy()})
    codes = code_units(units)
    used = codes[codes["type"].isin(INSTRUMENT_TYPES)].groupby("doc_id")["type"].agg(frozenset)
    return [used.get(k, frozenset()) for k in range(len(clauses))]


def instrument_agreement(gold: list[frozenset], coded: list[frozenset]) -> dict[str, float]:
    """Cohen's kappa per type (present or not), of action vs none, and the share of clauses whose
    set of types is exactly the gold set (``accuracy``), as docs/instruments.md reports them."""
    from sklearn.metrics import cohen_kappa_score

    figures = {t: cohen_kappa_score([t in g for g in gold], [t in c for c in coded]) for t in INSTRUMENT_TYPES}
    figures["action"] = cohen_kappa_score([bool(g) for g in gold], [bool(c) for c in coded])
    figures["accuracy"] = sum(g == c for g, c in zip(gold, coded, strict=True)) / len(gold)
    return {name: round(float(value), 3) for name, value in figures.items()}
