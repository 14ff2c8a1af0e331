"""The metric registry (``data/metrics.csv``): comparable metrics, their aliases and national benchmarks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from compare.errors import PlanInputError
from compare.resources import data_path

REGISTRY_COLUMNS = (
    "metric_id",
    "name_zh",
    "name_en",
    "aliases",
    "unit",
    "denominator",
    "direction",
    "domain",
    "national_2020",
    "national_2025",
    "national_2030",
    "national_source",
    "national_note",
)
DIRECTIONS = ("higher_is_better", "lower_is_better")
OTHER = "other"

_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]", "【": "[", "】": "]"})
_SPACES = re.compile(r"\s+")


def normalize_name(text: str) -> str:
    """A metric name as matched: no white space, ASCII brackets, Ⅲ written as III."""
    return _SPACES.sub("", text.translate(_BRACKETS)).replace("Ⅲ", "III")


def load_registry(path: str | Path | None = None) -> pd.DataFrame:
    """The metric registry as a DataFrame, validated; national figures as floats.

    Raises :class:`PlanInputError` naming the file and line for a missing column, a duplicate
    ``metric_id``, an unknown ``direction`` or an alias claimed by two metrics.
    """
    path = Path(path) if path is not None else data_path("metrics.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in REGISTRY_COLUMNS if c not in table.columns]
    if missing:
        raise PlanInputError(path, f"missing column(s): {', '.join(missing)}", line=1)
    owners: dict[str, str] = {}
    for index, row in table.iterrows():
        line = int(index) + 2
        if table["metric_id"].iloc[: int(index)].eq(row["metric_id"]).any():
            raise PlanInputError(path, f"duplicate metric_id {row['metric_id']!r}", line=line)
        if row["direction"] not in DIRECTIONS:
            raise PlanInputError(path, f"direction {row['direction']!r} is not one of {DIRECTIONS}", line=line)
        for alias in [row["name_zh"], *row["aliases"].split("|")]:
            key = normalize_name(alias)
            if key and owners.setdefault(key, row["metric_id"]) != row["metric_id"]:
                raise PlanInputError(
                    path, f"alias {alias!r} of {row['metric_id']!r} already belongs to {owners[key]!r}", line=line
                )
    for column in ("national_2020", "national_2025", "national_2030"):
        table[column] = pd.to_numeric(table[column].replace("", pd.NA), errors="raise").astype("Float64")
    return table


@dataclass(frozen=True)
class AliasMatch:
    start: int
    end: int
    metric_id: str
    text: str


class MetricMatcher:
    """Finds registry metrics in normalized text: longest alias first, no overlaps."""

    def __init__(self, registry: pd.DataFrame):
        self.registry = registry.set_index("metric_id", drop=False)
        aliases: dict[str, str] = {}
        for row in registry.itertuples():
            for alias in [row.name_zh, *row.aliases.split("|")]:
                key = normalize_name(alias)
                if key:
                    aliases[key] = row.metric_id
        self._aliases = aliases
        self._units = dict(zip(registry["metric_id"], registry["unit"], strict=True))
        ordered = sorted(aliases, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered)))

    def find(self, text: str) -> list[AliasMatch]:
        """Metric mentions in ``text`` (already normalized with :func:`normalize_name`)."""
        return [AliasMatch(m.start(), m.end(), self._aliases[m.group()], m.group()) for m in self._pattern.finditer(text)]

    def exact(self, name: str) -> str | None:
        """The metric whose alias is exactly ``name``, else None."""
        return self._aliases.get(normalize_name(name))

    def lookup(self, name: str) -> str | None:
        """The metric a whole name denotes (exact alias, else the longest alias it contains)."""
        key = normalize_name(name)
        if key in self._aliases:
            return self._aliases[key]
        found = self.find(key)
        return max(found, key=lambda m: m.end - m.start).metric_id if found else None

    def unit(self, metric_id: str) -> str:
        """The registry's canonical unit of a metric."""
        return self._units[metric_id]


@cache
def default_matcher() -> MetricMatcher:
    return MetricMatcher(load_registry())
