"""The metric registry (``data/metrics.csv``): comparable metrics and their aliases.

National benchmarks are a separate, sourced table: :mod:`compare.benchmarks`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

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
    "measure",
)
DIRECTIONS = ("higher_is_better", "lower_is_better")
# rate: comparable across places (per capita, per 1000, a share); count: a head count or total
# (亿人, 万人, 亿元) that depends on the population and is never compared with another place's.
MEASURES = ("rate", "count")
OTHER = "other"

_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]", "【": "[", "】": "]"})
# str.translate walks a non-ASCII string character by character in Python objects (~3 µs for a
# sentence); most texts have no full-width bracket, and a search for one is ten times cheaper.
_WIDE_BRACKET = re.compile("[（）［］【】]")
_SPACES = re.compile(r"\s+")


def normalize_name(text: str) -> str:
    """A metric name as matched: no white space, ASCII brackets, Ⅲ written as III, and 逝世率
    (a reposting site's synonym spinning of 死亡率: 婴儿逝世率) as 死亡率."""
    if _WIDE_BRACKET.search(text):
        text = text.translate(_BRACKETS)
    text = _SPACES.sub("", text).replace("Ⅲ", "III")
    return text.replace("逝世率", "死亡率") if "逝世率" in text else text


def load_registry(path: str | Path | None = None) -> pd.DataFrame:
    """The metric registry as a DataFrame, validated.

    Raises :class:`PlanInputError` naming the file and line for a missing column, a duplicate
    ``metric_id``, an unknown ``direction`` or ``measure``, or an alias claimed by two metrics.
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
        if row["measure"] not in MEASURES:
            raise PlanInputError(path, f"measure {row['measure']!r} is not one of {MEASURES}", line=line)
        for alias in [row["name_zh"], *row["aliases"].split("|")]:
            key = normalize_name(alias)
            if key and owners.setdefault(key, row["metric_id"]) != row["metric_id"]:
                raise PlanInputError(
                    path, f"alias {alias!r} of {row['metric_id']!r} already belongs to {owners[key]!r}", line=line
                )
    return table


def longest_first_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, the longest one where several start at
    the same place: the same matches as ``"|".join(sorted(words, key=len, reverse=True))``.

    The words are laid out as a trie (人(?:均(?:预期寿命|健康预期寿命)|…)…), so at each position
    the engine follows one branch per character instead of trying every word in turn: about four
    times faster for a few hundred aliases. Branches of a node start with different characters,
    so at most one can go on; a word ending inside a longer one is a greedy optional tail, tried
    longest first and given up only when the longer words all fail.
    """
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}  # a word ends here

    def branches(node: dict) -> str:
        alternatives = [re.escape(character) + tail(child) for character, child in node.items() if character]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    def tail(node: dict) -> str:
        if len(node) == 1 and "" in node:
            return ""
        return f"(?:{branches(node)})?" if "" in node else branches(node)

    return "|".join(re.escape(character) + tail(child) for character, child in trie.items())


def load_alias_variants(path: str | Path | None = None) -> list[tuple[str, ...]]:
    """Sets of interchangeable wordings inside metric names (``data/alias_variants.csv``:
    每千常住人口 / 每千人口 / 每千人 …): an alias written with one is matched with any other."""
    path = Path(path) if path is not None else data_path("alias_variants.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if list(table.columns) != ["wordings", "note"]:
        raise PlanInputError(path, "columns must be wordings, note", line=1)
    sets = []
    for index, wordings in enumerate(table["wordings"]):
        words = tuple(normalize_name(word) for word in wordings.split("|") if word)
        if len(words) < 2:
            raise PlanInputError(path, "a row needs two wordings or more, |-separated", line=index + 2)
        sets.append(words)
    return sets


def _with_variants(aliases: dict[str, str], variant_sets: list[tuple[str, ...]]) -> dict[str, str]:
    """``aliases`` (normalized name -> metric) with every alias also written with each other
    wording of the sets it uses (the longest wording found at the first place one is). A variant
    that is another metric's alias, or that two metrics would share, is left out."""
    variants: dict[str, set[str]] = {}
    names = dict(aliases)
    for words in variant_sets:
        pattern = re.compile(longest_first_pattern(words))
        for alias, metric_id in list(names.items()):
            found = pattern.search(alias)
            if found is None:
                continue
            for word in words:
                variant = alias[: found.start()] + word + alias[found.end() :]
                if variant not in aliases:
                    variants.setdefault(variant, set()).add(metric_id)
                    names.setdefault(variant, metric_id)
    return aliases | {variant: owners.pop() for variant, owners in variants.items() if len(owners) == 1}


class AliasMatch(NamedTuple):
    """A metric mention (a tuple: one is made for every mention found)."""

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
        self._aliases = _with_variants(aliases, load_alias_variants())
        aliases = self._aliases
        self._units = dict(zip(registry["metric_id"], registry["unit"], strict=True))
        # A head count written as a percentage is its share: 经常参加体育锻炼的人数达到42.3% is
        # 经常参加体育锻炼人数比例 when the registry holds both.
        self._shares = {owner: aliases[alias + suffix] for alias, owner in aliases.items()
                        for suffix in ("比例", "占比", "比重") if aliases.get(alias + suffix, owner) != owner}
        self._pattern = re.compile(longest_first_pattern(aliases))

    def find(self, text: str) -> list[AliasMatch]:
        """Metric mentions in ``text`` (already normalized with :func:`normalize_name`)."""
        return [AliasMatch(m.start(), m.end(), self._aliases[m.group()], m.group()) for m in self._pattern.finditer(text)]

    def share_of(self, metric_id: str) -> str | None:
        """The registry's share metric of a head-count metric (named as the count + 比例), else None."""
        return self._shares.get(metric_id)

    def mentions(self, text: str) -> bool:
        """Whether :meth:`find` would find anything in ``text`` (without building the matches)."""
        return self._pattern.search(text) is not None

    def exact(self, name: str) -> str | None:
        """The metric whose alias is exactly ``name``, else None."""
        return self._aliases.get(normalize_name(name))

    def lookup(self, name: str) -> str | None:
        """The metric a whole name denotes (exact alias, else the longest alias it contains)."""
        key = normalize_name(name)
        if key in self._aliases:
            return self._aliases[key]
        found = self.find(key)
        # (每千常住人口…, 每千人口拥有… are aliases already: data/alias_variants.csv)
        if not found and not key.endswith("数") and key + "数" in self._aliases:
            return self._aliases[key + "数"]  # 每千人医生(4人) is 每千人医生数
        return max(found, key=lambda m: m.end - m.start).metric_id if found else None

    def unit(self, metric_id: str) -> str:
        """The registry's canonical unit of a metric."""
        return self._units[metric_id]


@cache
def default_matcher() -> MetricMatcher:
    return MetricMatcher(load_registry())
