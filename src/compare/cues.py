"""Cue words that decide whose figure a value is and whether it was reached or is planned.

The words are reference data (``data/indicator_cues.csv``, documented in ``docs/indicators.md``):
``reached`` (已, 截至, 去年, “十三五”期间 …: a level reported as reached), ``planned`` (力争, 预计, 将,
目标值 …), ``national``/``province``/``other``/``plan`` (whose figure: 全国, 全省, 全市 …). A cue may
carry a ``year_offset`` relative to the document's date (去年 = −1, 目前 = 0).

:class:`CueBook` finds the cues in a text (the last one before a position, or all of them);
:func:`period_years` and :func:`periods_in` read the periods a text names (2015年至2020年,
“十三五”期间).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from compare.errors import PlanInputError
from compare.registry import longest_first_pattern
from compare.resources import data_path

CUE_ROLES = ("reached", "planned", "national", "province", "other", "plan")
ASPECT_ROLES = ("reached", "planned")
SCOPE_ROLES = ("national", "province", "other", "plan")


class Cue(NamedTuple):
    text: str
    role: str
    year_offset: int | None


class CueMatch(NamedTuple):
    start: int
    end: int
    cue: Cue


class CueBook:
    """The cue words, with one longest-first pattern per group of roles."""

    def __init__(self, cues: list[Cue]):
        self.cues = {cue.text: cue for cue in cues}
        self._aspect = re.compile(longest_first_pattern(c.text for c in cues if c.role in ASPECT_ROLES))
        self._scope = re.compile(longest_first_pattern(c.text for c in cues if c.role in SCOPE_ROLES))

    def aspect(self, text: str, start: int = 0, end: int | None = None) -> CueMatch | None:
        """The last reached/planned cue in ``text[start:end]``."""
        return self._last(self._aspect, text, start, len(text) if end is None else end)

    def aspects(self, text: str) -> list[CueMatch]:
        """Every reached/planned cue in ``text``, in order."""
        return [CueMatch(m.start(), m.end(), self.cues[m.group()]) for m in self._aspect.finditer(text)]

    def scope(self, text: str, start: int = 0, end: int | None = None) -> CueMatch | None:
        """The last scope cue in ``text[start:end]``."""
        return self._last(self._scope, text, start, len(text) if end is None else end)

    def _last(self, pattern: re.Pattern, text: str, start: int, end: int) -> CueMatch | None:
        found = None
        for match in pattern.finditer(text, start, end):
            found = match
        return CueMatch(found.start(), found.end(), self.cues[found.group()]) if found else None


def load_cues(path: str | Path | None = None) -> CueBook:
    """The cue words of ``path`` (default: the packaged ``indicator_cues.csv``), validated."""
    path = Path(path) if path is not None else data_path("indicator_cues.csv")
    cues = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("cue", "role", "year_offset") if c not in (reader.fieldnames or [])]
        if missing:
            raise PlanInputError(path, f"missing column(s): {', '.join(missing)}", line=1)
        for line, row in enumerate(reader, start=2):
            if row["role"] not in CUE_ROLES:
                raise PlanInputError(path, f"role {row['role']!r} is not one of {CUE_ROLES}", line=line)
            offset = row["year_offset"].strip()
            if offset and not re.fullmatch(r"-?\d", offset):
                raise PlanInputError(path, f"year_offset {offset!r} is not a small integer", line=line)
            cues.append(Cue(row["cue"], row["role"], int(offset) if offset else None))
    return CueBook(cues)


@cache
def default_cues() -> CueBook:
    return load_cues()


FIVE_YEAR_PLANS = {"十一五": (2005, 2010), "十二五": (2010, 2015), "十三五": (2015, 2020), "十四五": (2020, 2025),
                   "十五五": (2025, 2030)}
_PERIOD = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年?\s*(?:至|到|—|–|-|－|~|～)+\s*(?P<y2>(?:19|20)\d{2})\s*年"
    r"|“?(?P<plan>十[一二三四五]五)”?(?:期间|时期|以来)"
)


def periods_in(text: str) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, (first year, last year)) of every period named in ``text``."""
    found = []
    for match in _PERIOD.finditer(text):
        years = FIVE_YEAR_PLANS[match.group("plan")] if match.group("plan") else (int(match.group("y1")), int(match.group("y2")))
        found.append((match.start(), match.end(), years))
    return found


def period_years(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """The last period named in ``text[start:end]``: ``2015年至2020年`` or ``“十三五”期间`` → (2015, 2020)."""
    found = None
    for match in _PERIOD.finditer(text, start, len(text) if end is None else end):
        found = match
    if found is None:
        return None
    if found.group("plan"):
        return FIVE_YEAR_PLANS[found.group("plan")]
    return int(found.group("y1")), int(found.group("y2"))
