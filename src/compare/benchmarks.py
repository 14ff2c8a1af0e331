"""National (or provincial) benchmarks as a sourced time series, and the benchmark's level at any year.

``data/national_benchmarks.csv`` holds one row per metric × year × kind (``baseline`` = a level
reached, ``target`` = a planned level) with the document it comes from, the wording as printed
and a ``status``: ``printed`` (the figure is printed in the document, or in a text quoting it: ``url``
says which text it was checked against), ``derived`` (computed from printed figures, e.g. 77.93 +
"1岁左右"; the note says how) or ``unconfirmed`` (not yet found printed). A target printed as a
change (``comparator`` ``change``) is kept as printed beside the level derived from it; a target
worded as a yearly change (``annual_change``: 每年降低0.5个百分点) has an empty ``value`` and its
``pace``, and its level at a year is derived from the latest level before it.

:func:`benchmark_level` answers "what was the benchmark at year Y?" the way a careful comparison
needs it: the figure of that very year, else the path drawn linearly between the two nearest
years that have one (``interpolated``), else a level derived from a pace (``pace``); never a
figure of another year. A province's benchmarks are a file of the same shape
(:func:`load_benchmarks` with a path, ``jurisdiction`` naming it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from compare.errors import PlanInputError
from compare.resources import data_path

BENCHMARK_COLUMNS = (
    "jurisdiction", "metric_id", "year", "kind", "value", "unit", "comparator", "pace", "source", "issued",
    "wording", "status", "url", "note",
)
KINDS = ("baseline", "target")
STATUSES = ("printed", "derived", "unconfirmed")
LEVEL_COMPARATORS = ("=", ">=", "<=", ">", "<", "~")
# change: a printed change (在2020年基础上继续提高1岁左右, 比2015年降低10%), value = the signed change;
# annual_change: a yearly pace (每年降低0.5个百分点以上), pace = the signed change, value empty.
COMPARATORS = (*LEVEL_COMPARATORS, "change", "annual_change", "qualitative")
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


class BenchmarkLevel(NamedTuple):
    """The benchmark's level of one metric at one year, and how it was obtained.

    ``method``: ``same_year`` (a figure of that year), ``interpolated`` (linear between
    ``years``), ``pace`` (a yearly change applied to the level of ``years[0]``). ``status`` is the
    weakest status of the rows used (an interpolation between a printed and a derived figure is
    derived). ``sources`` and ``wording`` join those of the rows used.
    """

    year: int
    value: float
    kind: str
    method: str
    years: tuple[int, ...]
    status: str
    sources: str
    wording: str


def load_benchmarks(path: str | Path | None = None, *, registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """The benchmark table, validated: ``year`` as Int64, ``value`` and ``pace`` as Float64.

    Raises :class:`PlanInputError` naming the file and line for a missing column, an unknown
    kind, status or comparator, a number that is not one, a row with neither value nor pace, or
    (with ``registry``) a metric the registry does not know.
    """
    path = Path(path) if path is not None else data_path("national_benchmarks.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in BENCHMARK_COLUMNS if c not in table.columns]
    if missing:
        raise PlanInputError(path, f"missing column(s): {', '.join(missing)}", line=1)
    known = None if registry is None else set(registry["metric_id"])
    seen: dict[tuple, int] = {}
    for index, row in enumerate(table.itertuples(index=False)):
        line = index + 2
        for column, allowed in (("kind", KINDS), ("status", STATUSES), ("comparator", COMPARATORS)):
            if getattr(row, column) not in allowed:
                raise PlanInputError(path, f"{column} {getattr(row, column)!r} is not one of {allowed}", line=line)
        for column in ("year", "value", "pace"):
            text = getattr(row, column)
            try:
                if text or column == "year":
                    int(text) if column == "year" else float(text)
            except ValueError:
                raise PlanInputError(path, f"{column} {text!r} is not a number", line=line) from None
        if row.comparator == "annual_change" and (not row.pace or row.value):
            raise PlanInputError(path, "an annual_change row has a pace and no value", line=line)
        if row.comparator not in ("annual_change", "qualitative") and not row.value:
            raise PlanInputError(path, f"a {row.comparator!r} row needs a value", line=line)
        if known is not None and row.metric_id not in known:
            raise PlanInputError(path, f"metric_id {row.metric_id!r} is not in the metric registry", line=line)
        key = (row.jurisdiction, row.metric_id, row.year, row.kind, row.source, row.comparator in LEVEL_COMPARATORS)
        if key in seen:
            raise PlanInputError(path, f"the same metric, year, kind and source as line {seen[key]}", line=line)
        seen[key] = line
    table["year"] = table["year"].astype(int).astype("Int64")
    for column in ("value", "pace"):
        table[column] = pd.to_numeric(table[column].replace("", pd.NA)).astype("Float64")
    return table


@cache
def default_benchmarks() -> pd.DataFrame:
    return load_benchmarks()


def _ranked(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Rows of one metric and year, best first: the wanted kind, then the surest status, then
    the latest document."""
    return rows.assign(
        _kind=(rows["kind"] != kind).astype(int),
        _status=rows["status"].map(_STATUS_RANK),
        _issued=rows["issued"],
    ).sort_values(["_kind", "_status", "_issued"], ascending=[True, True, False], kind="stable")


def _levels(benchmarks: pd.DataFrame, metric_id: str, kind: str) -> dict[int, pd.Series]:
    """Year → the row whose numeric level stands for that year (qualitative rows and paces have none)."""
    rows = benchmarks[(benchmarks["metric_id"] == metric_id) & benchmarks["value"].notna()
                      & benchmarks["comparator"].isin(LEVEL_COMPARATORS)]
    return {int(year): _ranked(group, kind).iloc[0] for year, group in rows.groupby("year", sort=True)}


def _joined(rows: list[pd.Series]) -> tuple[str, str, str]:
    status = max((row["status"] for row in rows), key=_STATUS_RANK.__getitem__)
    sources = "; ".join(dict.fromkeys(row["source"] for row in rows))
    wording = "; ".join(f"{int(row['year'])}: {row['wording']}" for row in rows)
    return status, sources, wording


def benchmark_level(
    metric_id: str, year: int, *, kind: str = "target", benchmarks: pd.DataFrame | None = None
) -> BenchmarkLevel | None:
    """The benchmark's level of ``metric_id`` at ``year`` (see :class:`BenchmarkLevel`), else None.

    ``kind`` says which figure stands for a year that has both a level reached and a planned one
    (compare a plan's target with the national target of its year, its baseline with the
    national level reached). Between two years with figures the level is interpolated; after
    the last figure only a pace (每年降低0.5个百分点) carries it on, up to the pace's own year.
    """
    benchmarks = default_benchmarks() if benchmarks is None else benchmarks
    levels = _levels(benchmarks, metric_id, kind)
    if year in levels:
        row = levels[year]
        return BenchmarkLevel(year, float(row["value"]), row["kind"], "same_year", (year,),
                              *_joined([row]))
    paced = _paced(benchmarks, metric_id, year, levels)
    if paced is not None:
        return paced
    before = [y for y in levels if y < year]
    after = [y for y in levels if y > year]
    if not before or not after:
        return None
    low, high = levels[before[-1]], levels[after[0]]
    share = (year - before[-1]) / (after[0] - before[-1])
    value = float(low["value"]) + share * (float(high["value"]) - float(low["value"]))
    return BenchmarkLevel(year, round(value, 6), kind, "interpolated", (before[-1], after[0]),
                          *_joined([low, high]))


def _pace_row(benchmarks: pd.DataFrame, metric_id: str, year: int) -> pd.Series | None:
    """The pace target of the first year at or after ``year`` (the best one of that year)."""
    paces = benchmarks[(benchmarks["metric_id"] == metric_id) & benchmarks["pace"].notna()
                       & (benchmarks["year"] >= year)]
    if paces.empty:
        return None
    first = paces[paces["year"] == paces["year"].min()]
    return _ranked(first, "target").iloc[0]


def _paced(benchmarks: pd.DataFrame, metric_id: str, year: int, levels: dict[int, pd.Series]) -> BenchmarkLevel | None:
    """A level carried on by a pace target whose span covers ``year``: the pace's year is the
    end of the span, the latest level before ``year`` its start."""
    pace = _pace_row(benchmarks, metric_id, year)
    starts = [y for y in levels if y < year]
    if pace is None or not starts:
        return None
    start = levels[starts[-1]]
    value = float(start["value"]) + float(pace["pace"]) * (year - starts[-1])
    _, sources, wording = _joined([start, pace])
    return BenchmarkLevel(year, round(value, 6), "target", "pace", (starts[-1], int(pace["year"])),
                          "derived", sources, wording)


def benchmark_pace(metric_id: str, *, year: int, benchmarks: pd.DataFrame | None = None) -> pd.Series | None:
    """The pace target (a yearly change, ``pace``) that holds at ``year``, else None."""
    return _pace_row(default_benchmarks() if benchmarks is None else benchmarks, metric_id, year)
