"""Theme coding and per-plan theme shares (the codebook in ``compare/data/themes.csv``).

Every paragraph is coded by the codebook's keywords, matched on the project's segmentation:
each keyword is segmented with the same segmenter as the text, and keyword token sequences are
matched on the paragraph's tokens longest match first and without overlap, so 医养 does not
match inside 医养结合 and no word counts twice. A paragraph can carry several themes, weighted
by their numbers of matches; a paragraph without a match is ``uncoded``.

A plan's theme shares are shares of its *coded* text by characters: each body paragraph's
characters are split across its themes by weight. Headings are labels, not text, and are left
out; tables count. Bootstrap intervals resample the plan's paragraphs.

Nothing here imports jieba at import time; keywords are segmented when a coder is fitted.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import itertools
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np
import pandas as pd

from compare.errors import PlanInputError, expect
from compare.resources import data_path

if TYPE_CHECKING:  # pragma: no cover
    from compare.segmentation import Segmenter

CODEBOOK_COLUMNS = (
    "theme_id",
    "label_zh",
    "label_en",
    "definition",
    "include",
    "exclude",
    "keywords",
)
# Cells that must not be empty: what the coder and the output tables need.
_REQUIRED_CELLS = ("theme_id", "label_zh", "label_en", "keywords")
KEYWORD_SEPARATOR = "|"
UNCODED = "uncoded"
_THEME_ID = re.compile(r"[a-z][a-z0-9_]*")
# Column names of the coded-paragraph table that a theme id must not take.
_RESERVED_IDS = frozenset(
    {UNCODED, "doc_id", "para_id", "kind", "text", "tokens", "n_chars", "n_matches", "theme_id"}
)

THEMES_FILE = "themes.csv"
THEME_SHARE_COLUMNS = (
    "doc_id",
    "theme_id",
    "label_zh",
    "label_en",
    "share",
    "share_low",
    "share_high",
    "uncoded_share",
)
CLI_COLUMNS = ("doc_id", "theme_id", "share", "share_low", "share_high", "uncoded_share")
SUMMARY_COLUMNS = (
    "doc_id",
    "n_units",
    "n_chars",
    "coded_chars",
    "uncoded_share",
    "effective_themes",
    "effective_themes_low",
    "effective_themes_high",
)
_FLOAT_COLUMNS = {
    "share",
    "share_low",
    "share_high",
    "uncoded_share",
    "effective_themes",
    "effective_themes_low",
    "effective_themes_high",
}
_INT_COLUMNS = {"n_units", "n_chars", "coded_chars"}

DEFAULT_N_BOOT = 1000
# Words matched in one numpy pass: far more than a plan has, few enough to bound a corpus's memory.
_WORDS_PER_PASS = 200_000
DEFAULT_CONFIDENCE = 0.90
_WHITE_SPACE = re.compile(r"\s+")


# --- the codebook -------------------------------------------------------------------------


def default_codebook_path() -> Path:
    """The packaged codebook, ``compare/data/themes.csv``."""
    return data_path("themes.csv")


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate a theme codebook; one row per theme, in file order.

    Columns: the seven codebook columns, with ``keywords`` as a tuple of strings, plus
    ``line`` (the line of the file the theme's row starts on). Every problem raises
    :class:`~compare.errors.PlanInputError` naming the file and, where it has one, the line:
    a missing column, a row with the wrong number of fields, an empty ``theme_id``, label or
    keyword list, an empty keyword (``a||b``), a theme id that is not ``snake_case`` or is
    used twice, and a keyword listed twice in a theme or in two themes.
    """
    path = Path(path) if path is not None else default_codebook_path()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanInputError(path, "codebook not found") from None
    except OSError as error:
        raise PlanInputError(path, f"cannot read the codebook: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise PlanInputError(
            path, "the codebook is not UTF-8 text; save it as a UTF-8 CSV"
        ) from None
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, None)
    if header is None:
        raise PlanInputError(path, "the codebook is empty", line=1)
    header = [name.strip() for name in header]
    missing = [column for column in CODEBOOK_COLUMNS if column not in header]
    if missing:
        raise PlanInputError(path, f"missing column(s): {', '.join(missing)}", line=1)
    rows: list[dict] = []
    theme_lines: dict[str, int] = {}
    keyword_owner: dict[str, tuple[str, int]] = {}
    line = reader.line_num + 1
    for values in reader:
        start, line = line, reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            raise PlanInputError(
                path, f"expected {len(header)} fields, found {len(values)}", line=start
            )
        row = {name: value.strip() for name, value in zip(header, values, strict=True)}
        for column in _REQUIRED_CELLS:
            if not row[column]:
                raise PlanInputError(path, f"empty {column}", line=start)
        theme_id = row["theme_id"]
        if not _THEME_ID.fullmatch(theme_id) or theme_id in _RESERVED_IDS:
            raise PlanInputError(
                path,
                f"theme_id {theme_id!r} must be lower-case letters, digits and '_' "
                f"(and not one of {', '.join(sorted(_RESERVED_IDS))})",
                line=start,
            )
        if theme_id in theme_lines:
            raise PlanInputError(
                path,
                f"theme_id {theme_id!r} already used on line {theme_lines[theme_id]}",
                line=start,
            )
        theme_lines[theme_id] = start
        keywords = [keyword.strip() for keyword in row["keywords"].split(KEYWORD_SEPARATOR)]
        for position, keyword in enumerate(keywords, start=1):
            if not keyword:
                raise PlanInputError(
                    path,
                    f"theme {theme_id!r}: keyword {position} is empty "
                    f"(two '{KEYWORD_SEPARATOR}' in a row, or one at the start or end)",
                    line=start,
                )
            key = _keyword_key(keyword)
            if key in keyword_owner:
                owner, owner_line = keyword_owner[key]
                where = (
                    "twice in this theme"
                    if owner == theme_id
                    else (f"also in theme {owner!r} on line {owner_line}")
                )
                raise PlanInputError(
                    path,
                    f"theme {theme_id!r}: keyword {keyword!r} is listed {where}; "
                    "a keyword may belong to one theme only",
                    line=start,
                )
            keyword_owner[key] = (theme_id, start)
        row["keywords"] = tuple(keywords)
        row["line"] = start
        rows.append(row)
    if not rows:
        raise PlanInputError(path, "the codebook has no themes", line=line)
    table = pd.DataFrame(rows, columns=[*CODEBOOK_COLUMNS, "line"])
    table.attrs["path"] = str(path)
    return table


def _keyword_key(keyword: str) -> str:
    """What makes two keywords the same: case and white space do not count."""
    return _WHITE_SPACE.sub("", keyword).lower()


def _as_codebook(codebook: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    if isinstance(codebook, pd.DataFrame):
        return codebook
    return load_codebook(codebook)


# --- matching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One keyword found in a token list: tokens ``[start, end)``."""

    start: int
    end: int
    keyword: str
    theme_id: str


def _normalise_token(token: str) -> str:
    return token.lower()


def _words(unit: str | Sequence[str]) -> list[str]:
    """The normalised tokens of a unit: a space-joined string or a token list."""
    if not isinstance(unit, str):
        return [_normalise_token(t) for t in unit]
    # Lower-casing the whole string equals lower-casing each token: no character lower-cases
    # to white space, and white space is neither cased nor case-ignorable, so it does not
    # change the one context-dependent mapping (final sigma). tests/test_themes.py checks both.
    return unit.lower().split()


_Found = tuple[int, str]  # (theme index, keyword) of a keyword's token sequence
_Span = tuple[int, int, _Found]  # (start, length in tokens, found) of one keyword occurrence
# A word's code (see ThemeCoder.fit): theme index + 1 in the low bits, then two flags.
_THEME_CODE = (1 << 24) - 1
_FIRST_OF_LONGER = 1 << 25
_SECOND_OF_LONGER = 1 << 24


class ThemeCoder:
    """Keyword theme coder (scikit-learn style).

    Parameters
    ----------
    codebook:
        Path of a codebook CSV, a table from :func:`load_codebook`, or ``None`` for the
        packaged codebook.
    segmenter:
        The :class:`~compare.segmentation.Segmenter` the keywords are segmented with; it must
        be the one the text was segmented with. ``None``: the project's default segmenter.

    :meth:`fit` reads the codebook and segments its keywords; it learns ``codebook_`` (the
    validated table), ``theme_ids_``, ``keyword_tokens_`` (keyword -> token tuple) and
    ``max_keyword_tokens_``. Fitting needs no data; ``X`` and ``y`` are accepted and ignored.
    """

    def __init__(
        self,
        codebook: str | Path | pd.DataFrame | None = None,
        *,
        segmenter: Segmenter | None = None,
    ):
        self.codebook = codebook
        self.segmenter = segmenter

    def fit(self, X=None, y=None) -> ThemeCoder:  # noqa: N803 (scikit-learn naming)
        from compare.segmentation import default_segmenter

        table = _as_codebook(self.codebook)
        path = table.attrs.get("path", "<codebook>")
        segmenter = self.segmenter or default_segmenter()
        patterns: dict[tuple[str, ...], _Found] = {}
        keyword_tokens: dict[str, tuple[str, ...]] = {}
        for index, row in enumerate(table.itertuples(index=False)):
            for keyword in row.keywords:
                tokens = tuple(_normalise_token(t) for t in segmenter.tokens(keyword))
                if not tokens:
                    raise PlanInputError(
                        path,
                        f"theme {row.theme_id!r}: keyword {keyword!r} has no words after segmentation",
                        line=getattr(row, "line", None),
                    )
                if tokens in patterns and patterns[tokens][0] != index:
                    other = table.iloc[patterns[tokens][0]]
                    raise PlanInputError(
                        path,
                        f"theme {row.theme_id!r}: keyword {keyword!r} segments to the same words "
                        f"({' '.join(tokens)}) as {patterns[tokens][1]!r} in theme {other['theme_id']!r}",
                        line=getattr(row, "line", None),
                    )
                patterns.setdefault(tokens, (index, keyword))
                keyword_tokens[keyword] = tokens
        self.codebook_ = table
        self.theme_ids_ = tuple(table["theme_id"])
        self.keyword_tokens_ = keyword_tokens
        self.max_keyword_tokens_ = max(len(t) for t in patterns)
        self._patterns = patterns
        # Look-up tables for matching a whole plan with one dictionary look-up per token: a
        # word's code holds the theme (index + 1; 0 for none) of the one-token keyword it is,
        # plus flags if it is the first or the second word of a longer keyword. Only where a
        # first word is followed by a second word are the tokens compared with the longer
        # keywords, starting with the lengths of those that begin with the pair.
        self._one_token = {
            pattern[0]: found for pattern, found in patterns.items() if len(pattern) == 1
        }
        codes = {word: theme + 1 for word, (theme, _) in self._one_token.items()}
        lengths: dict[tuple[str, str], set[int]] = {}
        for pattern in patterns:
            if len(pattern) > 1:
                codes[pattern[0]] = codes.get(pattern[0], 0) | _FIRST_OF_LONGER
                codes[pattern[1]] = codes.get(pattern[1], 0) | _SECOND_OF_LONGER
                lengths.setdefault(pattern[:2], set()).add(len(pattern))
        self._word_codes = codes
        self._longer_lengths = {pair: sorted(found) for pair, found in lengths.items()}
        self._theme_labels = tuple(
            (str(row.label_zh), str(row.label_en)) for row in table.itertuples(index=False)
        )
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "codebook_"):
            raise RuntimeError("this ThemeCoder is not fitted yet; call fit() first")

    def _scan(self, words: list[str | None]) -> tuple[np.ndarray, list[_Span]]:
        """The keyword matches in ``words``: normalised tokens, where ``None`` ends a unit (no
        keyword matches across it) and ends the list.

        Every keyword occurrence is a candidate; they are taken longest first (in characters),
        then most tokens, then leftmost, each unless it overlaps one already taken. A one-token
        occurrence outside every longer occurrence overlaps nothing and is always taken, so only
        the tokens of longer occurrences are contested. Returns the theme (index + 1; 0 for
        none) of the uncontested one-token match at each position, and the matches (start,
        length, (theme index, keyword)) taken among the contested tokens.
        """
        codes = np.fromiter(
            map(self._word_codes.get, words, itertools.repeat(0)), dtype=np.intp, count=len(words)
        )
        longer_lengths, patterns = self._longer_lengths, self._patterns
        # Candidates as (-characters, -tokens, start, tokens, found): sorted on the first three
        # (unique), they come in the order they are taken in.
        longer: list[tuple[int, int, int, int, _Found]] = []
        pair_starts = ((codes[:-1] & _FIRST_OF_LONGER) != 0) & (
            (codes[1:] & _SECOND_OF_LONGER) != 0
        )
        for start in np.flatnonzero(pair_starts).tolist():
            for length in longer_lengths.get((words[start], words[start + 1]), ()):
                if start + length > len(words):
                    break
                pattern = tuple(words[start : start + length])
                found = patterns.get(pattern)
                if found is not None:
                    longer.append((-sum(map(len, pattern)), -length, start, length, found))
        one_token = codes & _THEME_CODE
        if not longer:
            return one_token, []
        covered = list({i for *_, start, length, _ in longer for i in range(start, start + length)})
        competing = longer + [
            (-len(words[i]), -1, i, 1, self._one_token[words[i]]) for i in covered if one_token[i]
        ]
        competing.sort(key=lambda candidate: candidate[:3])
        taken: set[int] = set()
        chosen: list[_Span] = []
        for *_, start, length, found in competing:
            tokens = range(start, start + length)
            if taken.isdisjoint(tokens):
                taken.update(tokens)
                chosen.append((start, length, found))
        one_token[covered] = 0
        return one_token, chosen

    def _count_matrix(self, units: Sequence[str | Sequence[str]]) -> np.ndarray:
        """Matches per unit and theme, ``(units, themes)`` int64; a unit is a space-joined
        string or a token list. Units are matched in passes of about ``_WORDS_PER_PASS`` words:
        one pass per plan in a build, bounded memory on a whole corpus."""
        self._check_fitted()
        counts, batch, batch_words = [], [], 0
        for unit in units:
            unit_words = _words(unit)
            batch.append(unit_words)
            batch_words += len(unit_words) + 1
            if batch_words >= _WORDS_PER_PASS:
                counts.append(self._count_pass(batch))
                batch, batch_words = [], 0
        if batch or not counts:
            counts.append(self._count_pass(batch))
        return counts[0] if len(counts) == 1 else np.vstack(counts)

    def _count_pass(self, units: list[list[str]]) -> np.ndarray:
        n_themes = len(self.theme_ids_)
        words: list[str | None] = []
        unit_sizes = []
        for unit_words in units:
            words += unit_words
            words.append(None)
            unit_sizes.append(len(unit_words) + 1)
        unit_of = np.repeat(np.arange(len(unit_sizes)), unit_sizes)  # unit of each position
        one_token, chosen = self._scan(words)
        found = np.flatnonzero(one_token)
        cells = [unit_of[found] * n_themes + one_token[found] - 1]
        if chosen:
            starts = np.array([start for start, _, _ in chosen], dtype=np.intp)
            themes = np.array([theme for _, _, (theme, _) in chosen], dtype=np.intp)
            cells.append(unit_of[starts] * n_themes + themes)
        flat = np.bincount(np.concatenate(cells), minlength=len(unit_sizes) * n_themes)
        return flat.astype(np.int64, copy=False).reshape(len(unit_sizes), n_themes)

    def matches(self, tokens: Sequence[str]) -> list[Match]:
        """Keyword matches in ``tokens``: longest first (in characters), then leftmost; no overlaps.

        Returned in text order.
        """
        self._check_fitted()
        words: list[str | None] = [*_words(list(tokens)), None]
        one_token, chosen = self._scan(words)
        chosen += [(i, 1, self._one_token[words[i]]) for i in np.flatnonzero(one_token).tolist()]
        return [
            Match(start, start + length, keyword, self.theme_ids_[theme])
            for start, length, (theme, keyword) in sorted(chosen, key=lambda span: span[0])
        ]

    def counts(self, tokens: Sequence[str]) -> np.ndarray:
        """Number of keyword matches per theme (in ``theme_ids_`` order)."""
        return self._count_matrix([list(tokens)])[0]

    def code(self, tokens: Sequence[str]) -> dict[str, float]:
        """Theme weights of one unit: proportional to matches, summing to 1; ``{}`` if uncoded."""
        counts = self.counts(tokens)
        total = counts.sum()
        if total == 0:
            return {}
        return {
            theme: float(c / total) for theme, c in zip(self.theme_ids_, counts, strict=True) if c
        }

    def transform(self, tokens: pd.DataFrame | Iterable[Sequence[str] | str]) -> pd.DataFrame:
        """Theme weights per unit.

        ``tokens`` is a tokens table (``tokens`` column of space-joined words; other columns such
        as ``doc_id`` and ``para_id`` are kept in front) or an iterable of token lists or
        space-joined strings. Returns one row per unit: the kept columns, ``n_matches`` and one
        float column per theme holding its weight (all zero for an uncoded unit).
        """
        self._check_fitted()
        if isinstance(tokens, pd.DataFrame):
            if "tokens" not in tokens.columns:
                raise ValueError("the tokens table needs a 'tokens' column of space-joined words")
            keep = tokens.drop(columns="tokens").reset_index(drop=True).copy()
            units = tokens["tokens"].tolist()
        else:
            units = list(tokens)
            keep = pd.DataFrame(index=pd.RangeIndex(len(units)))
        counts = self._count_matrix(units)
        n_matches, weights = _unit_weights(counts)
        keep["n_matches"] = n_matches
        weight_table = pd.DataFrame(weights, columns=list(self.theme_ids_), index=keep.index)
        coded = pd.concat([keep, weight_table], axis=1)
        # Plain tuples only: pandas compares attrs when concatenating tables.
        coded.attrs = {
            "theme_ids": self.theme_ids_,
            "theme_labels": dict(zip(self.theme_ids_, self._theme_labels, strict=True)),
        }
        return coded


def _unit_weights(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Matches per unit and theme -> (matches per unit, theme weights per unit summing to 1;
    all zero for a unit without a match)."""
    n_matches = counts.sum(axis=1)
    return n_matches, counts / np.maximum(n_matches, 1)[:, None]


# --- units and shares -----------------------------------------------------------------------


def count_chars(text: str) -> int:
    """Characters of a unit as counted for shares: the clean text without white space."""
    # str.split() splits on exactly the characters ``\s`` matches, and is much faster.
    return len("".join(text.split()))


def code_paragraphs(
    paragraphs: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    codebook: str | Path | pd.DataFrame | None = None,
    coder: ThemeCoder | None = None,
) -> pd.DataFrame:
    """The coded units of a corpus: one row per body paragraph (text or table; not headings).

    ``paragraphs`` and ``tokens`` are the clean tables (``load_paragraphs()``,
    ``load_tokens()``), joined on ``doc_id`` and ``para_id``. Returns ``doc_id``, ``para_id``,
    ``kind``, ``n_chars`` (characters without white space), ``n_matches`` and one weight
    column per theme. Pass a fitted ``coder`` to reuse its segmented keywords.
    """
    for name, table, columns in (
        ("paragraphs", paragraphs, ("doc_id", "para_id", "kind", "text")),
        ("tokens", tokens, ("doc_id", "para_id", "tokens")),
    ):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ValueError(f"{name} table is missing column(s) {', '.join(missing)}")
    coder = coder if coder is not None else ThemeCoder(codebook).fit()
    units = paragraphs.loc[paragraphs["kind"] != "heading", ["doc_id", "para_id", "kind", "text"]]
    joined = units.merge(
        tokens[["doc_id", "para_id", "tokens"]],
        on=["doc_id", "para_id"],
        how="left",
        validate="1:1",
    )
    if joined["tokens"].isna().any():
        lost = (
            joined.loc[joined["tokens"].isna(), ["doc_id", "para_id"]]
            .head(3)
            .to_records(index=False)
        )
        raise ValueError(f"paragraphs without tokens (rebuild with 'compare build'): {list(lost)}")
    joined["n_chars"] = joined["text"].map(count_chars).astype("int64")
    return coder.transform(joined[["doc_id", "para_id", "kind", "n_chars", "tokens"]])


def _theme_ids(coded: pd.DataFrame) -> tuple[str, ...]:
    """The theme columns of a coded table: as recorded by the coder, else those after n_matches."""
    theme_ids = coded.attrs.get("theme_ids")
    if theme_ids is None:
        if "n_matches" not in coded.columns:
            raise ValueError("not a coded table: no 'n_matches' column (use code_paragraphs)")
        theme_ids = coded.columns[list(coded.columns).index("n_matches") + 1 :]
    return tuple(theme_ids)


def _doc_seed(random_state: int | None, doc_id: str) -> np.random.Generator:
    """A generator per document, so adding a plan does not change the others' intervals."""
    if random_state is None:
        return np.random.default_rng()
    doc_key = int.from_bytes(hashlib.sha256(str(doc_id).encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng(np.random.SeedSequence([int(random_state), doc_key]))


def _shares(char_weights: np.ndarray) -> np.ndarray:
    """Rows of theme character totals -> rows of shares (NaN where nothing is coded)."""
    totals = char_weights.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, char_weights / np.where(totals > 0, totals, 1), np.nan)


def effective_number(shares: np.ndarray) -> np.ndarray:
    """exp(Shannon entropy) of share vectors (last axis): 1 for one theme, k for k equal themes."""
    shares = np.asarray(shares, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(shares > 0, shares * np.log(np.where(shares > 0, shares, 1)), 0.0)
    entropy = -terms.sum(axis=-1)
    return np.where(np.isnan(shares).all(axis=-1), np.nan, np.exp(entropy))


@dataclass(frozen=True)
class _PlanEstimate:
    doc_id: str
    n_units: int
    n_chars: int
    coded_chars: int
    shares: np.ndarray
    low: np.ndarray
    high: np.ndarray
    # The effective number of themes and its interval: only computed when asked for (NaN else).
    effective: float = math.nan
    effective_low: float = math.nan
    effective_high: float = math.nan

    @property
    def uncoded_share(self) -> float:
        return 1 - self.coded_chars / self.n_chars if self.n_chars else math.nan


def _check_bootstrap(n_boot: int, confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie between 0 and 1, got {confidence}")
    if n_boot < 0:
        raise ValueError(f"n_boot must be 0 or more, got {n_boot}")


def _resampled_totals(
    rng: np.random.Generator, char_weights: np.ndarray, n_boot: int
) -> np.ndarray:
    """Theme character totals of ``n_boot`` resamples of the units (rows of ``char_weights``,
    drawn with replacement): ``(n_boot, themes)``."""
    n = len(char_weights)
    # How often each unit is drawn in each replicate: bincount over flat indices (same
    # distribution as a multinomial, ten times faster).
    picks = rng.integers(0, n, size=(n_boot, n))
    picks += np.arange(n_boot)[:, None] * n
    draws = np.bincount(picks.ravel(), minlength=n_boot * n).reshape(n_boot, n)  # (boot, units)
    # Counts as floats (exact) so the product is one plain BLAS call: numpy's mixed
    # int64 @ float64 product gives the same numbers, only much more slowly.
    with _single_threaded_blas():
        return draws.astype(np.float64) @ char_weights


@lru_cache(maxsize=1)
def _blas_libraries():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover (comes with scikit-learn)
        return None
    return ThreadpoolController().select(user_api="blas")


def _single_threaded_blas() -> contextlib.AbstractContextManager:
    """One BLAS thread for the bootstrap product: it is too small to gain from threads, and on
    a busy machine waking OpenBLAS's second thread for every plan cost several times the
    product itself (0.5 ms against 0.14 ms). Threads only split the rows, so the numbers are
    the same (the worker processes of ``compare build`` run with one thread anyway)."""
    libraries = _blas_libraries()
    return contextlib.nullcontext() if libraries is None else libraries.limit(limits=1)


def _percentiles(values: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """``np.percentile(values, q, axis=0)`` for ``values`` without NaN: the same "linear"
    interpolation step by step, so the same numbers bit for bit, but from one sort instead of
    numpy's partitioning around each index it needs, which costs several times more here."""
    n = len(values)
    ordered = np.sort(values, axis=0)
    virtual = (n - 1) * np.true_divide(q, 100)  # fractional positions in the ordered values
    below = np.floor(virtual)
    above = below + 1
    at_end = virtual >= n - 1
    below[at_end] = above[at_end] = -1  # at or past the largest value: take it
    below, above = below.astype(np.intp), above.astype(np.intp)
    gamma = (virtual - below)[:, None]
    low, high = ordered[below], ordered[above]
    step = high - low
    result = low + step * gamma
    np.subtract(high, step * (1 - gamma), out=result, where=gamma >= 0.5)
    return result


def _estimate(
    doc_id: str,
    chars: np.ndarray,
    weights: np.ndarray,
    *,
    n_boot: int,
    confidence: float,
    random_state: int | None,
    effective: bool = False,
) -> _PlanEstimate:
    """Shares, bootstrap intervals and (with ``effective``) the effective number of themes of
    one plan from its units' characters and theme weights."""
    # Column-major weights, as pandas hands out a coded table's theme columns: the sums per
    # theme below then run over contiguous memory (pairwise summation), which fixes their last
    # bits; any caller gets the same numbers as the table path.
    weights = np.asfortranarray(weights)
    char_weights = chars[:, None] * weights  # (units, themes)
    shares = _shares(char_weights.sum(axis=0))
    coded_chars = int(round(char_weights.sum()))
    low = high = np.full(len(shares), np.nan)
    eff_low = eff_high = math.nan
    if n_boot > 0 and len(chars) > 0:
        totals = _resampled_totals(_doc_seed(random_state, doc_id), char_weights, n_boot)
        coded = totals.sum(axis=-1, keepdims=True)
        # A replicate that drew only uncoded units has no shares (NaN in _shares); the
        # percentiles ignore it, so leave it out rather than pay for NaN-aware percentiles.
        # Per theme the same values remain, hence the same percentiles, bit for bit.
        has_text = coded[:, 0] > 0
        if has_text.any():
            if not has_text.all():
                totals, coded = totals[has_text], coded[has_text]
            boot = totals / coded  # as _shares computes them where something is coded
            tail = (1 - confidence) / 2 * 100
            low, high = _percentiles(boot, [tail, 100 - tail])
            if effective:
                eff_low, eff_high = np.percentile(effective_number(boot), [tail, 100 - tail])
    return _PlanEstimate(
        doc_id=doc_id,
        n_units=len(chars),
        n_chars=int(chars.sum()),
        coded_chars=coded_chars,
        shares=shares,
        low=np.asarray(low, dtype=float),
        high=np.asarray(high, dtype=float),
        effective=float(effective_number(shares)) if effective else math.nan,
        effective_low=float(eff_low),
        effective_high=float(eff_high),
    )


def _estimates(
    coded: pd.DataFrame,
    *,
    n_boot: int,
    confidence: float,
    random_state: int | None,
    effective: bool = False,
) -> tuple[tuple[str, ...], list[_PlanEstimate]]:
    _check_bootstrap(n_boot, confidence)
    theme_ids = _theme_ids(coded)
    estimates = []
    for doc_id, group in coded.groupby("doc_id", sort=True):
        estimates.append(
            _estimate(
                str(doc_id),
                group["n_chars"].to_numpy(dtype=float),
                group[list(theme_ids)].to_numpy(dtype=float),
                n_boot=n_boot,
                confidence=confidence,
                random_state=random_state,
                effective=effective,
            )
        )
    return theme_ids, estimates


def _share_rows(
    estimate: _PlanEstimate, theme_ids: Sequence[str], labels: Sequence[tuple[str, str]]
) -> list[tuple]:
    """One plan's rows of the theme-share table (``THEME_SHARE_COLUMNS``), plain Python values."""
    uncoded_share = estimate.uncoded_share
    return [
        (estimate.doc_id, theme_id, label_zh, label_en, share, low, high, uncoded_share)
        for theme_id, (label_zh, label_en), share, low, high in zip(
            theme_ids,
            labels,
            estimate.shares.tolist(),
            estimate.low.tolist(),
            estimate.high.tolist(),
            strict=True,
        )
    ]


def theme_share_rows(
    doc_id: str,
    kinds: Sequence[str],
    texts: Sequence[str],
    token_strings: Sequence[str],
    *,
    coder: ThemeCoder | None = None,
    n_boot: int = DEFAULT_N_BOOT,
    confidence: float = DEFAULT_CONFIDENCE,
    random_state: int | None = 0,
) -> list[tuple]:
    """The theme-share rows of one plan, without tables: what
    ``theme_shares(code_paragraphs(...))`` returns for it, as tuples in ``THEME_SHARE_COLUMNS``
    order of plain values (``str`` and ``float``, NaN for a missing share).

    ``kinds``, ``texts`` and ``token_strings`` run parallel over the plan's paragraphs: the
    paragraph kind (``heading``, ``text`` or ``table``), its clean text and its space-joined
    tokens. Headings are left out, as in :func:`code_paragraphs`; a plan with nothing but
    headings has no rows. Pass a fitted ``coder`` to reuse its segmented keywords.
    """
    if not len(kinds) == len(texts) == len(token_strings):
        raise ValueError(
            f"kinds, texts and token_strings differ in length: "
            f"{len(kinds)}, {len(texts)}, {len(token_strings)}"
        )
    _check_bootstrap(n_boot, confidence)
    coder = coder if coder is not None else ThemeCoder().fit()
    units = [i for i, kind in enumerate(kinds) if kind != "heading"]
    if not units:
        return []
    counts = coder._count_matrix([token_strings[i] for i in units])
    chars = np.array([count_chars(texts[i]) for i in units], dtype=float)
    estimate = _estimate(
        str(doc_id),
        chars,
        _unit_weights(counts)[1],
        n_boot=n_boot,
        confidence=confidence,
        random_state=random_state,
    )
    return _share_rows(estimate, coder.theme_ids_, coder._theme_labels)


def theme_shares(
    coded: pd.DataFrame,
    *,
    n_boot: int = DEFAULT_N_BOOT,
    confidence: float = DEFAULT_CONFIDENCE,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Per-plan theme shares from coded units (:func:`code_paragraphs`).

    One row per document and theme (documents sorted, themes in codebook order):
    ``doc_id, theme_id, label_zh, label_en, share, share_low, share_high, uncoded_share``.
    ``share`` is the theme's share of the plan's coded characters (a document's shares sum to
    1; all NaN if nothing in it is coded); ``share_low``/``share_high`` bound a percentile
    bootstrap interval (``confidence``, default 90%) from ``n_boot`` resamples of the plan's
    units; ``uncoded_share`` is the share of the plan's characters in uncoded units. With an
    integer ``random_state`` the result is deterministic, and each document's resamples depend
    only on the seed and its own ``doc_id``.
    """
    expect(coded, pd.DataFrame, "coded", "the DataFrame of compare.code_paragraphs")
    theme_ids, estimates = _estimates(
        coded, n_boot=n_boot, confidence=confidence, random_state=random_state
    )
    known = coded.attrs.get("theme_labels", {})
    labels = [known.get(theme_id, ("", "")) for theme_id in theme_ids]
    rows = [row for estimate in estimates for row in _share_rows(estimate, theme_ids, labels)]
    return _typed(pd.DataFrame(rows, columns=list(THEME_SHARE_COLUMNS)))


def theme_summary(
    coded: pd.DataFrame,
    *,
    n_boot: int = DEFAULT_N_BOOT,
    confidence: float = DEFAULT_CONFIDENCE,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """One row per plan: units, characters, coded characters, uncoded share, and the effective
    number of themes (exp of the Shannon entropy of the shares) with its bootstrap interval.

    Uses the same resamples as :func:`theme_shares` for the same seed. Resampling repeats
    some units and drops others, which lowers diversity, so this percentile interval leans low
    and can sit just below the point estimate for a plan whose themes are already evenly spread.
    """
    _, estimates = _estimates(
        coded, n_boot=n_boot, confidence=confidence, random_state=random_state, effective=True
    )
    rows = [
        (
            e.doc_id,
            e.n_units,
            e.n_chars,
            e.coded_chars,
            e.uncoded_share,
            e.effective,
            e.effective_low,
            e.effective_high,
        )
        for e in estimates
    ]
    return _typed(pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS)))


def corpus_theme_shares(
    paragraphs: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    codebook: str | Path | pd.DataFrame | None = None,
    n_boot: int = DEFAULT_N_BOOT,
    confidence: float = DEFAULT_CONFIDENCE,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Theme shares of every plan in the clean tables (``THEME_SHARE_COLUMNS``); deterministic.

    :func:`code_paragraphs` followed by :func:`theme_shares`; this is the ``themes.csv`` table.
    """
    coded = code_paragraphs(paragraphs, tokens, codebook=codebook)
    return theme_shares(coded, n_boot=n_boot, confidence=confidence, random_state=random_state)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    for column in table.columns:
        if column in _FLOAT_COLUMNS:
            table[column] = table[column].astype("float64")
        elif column in _INT_COLUMNS:
            table[column] = table[column].astype("int64")
        else:
            table[column] = table[column].astype("string")
    return table


def load_themes(folder: str | Path | None = None) -> pd.DataFrame:
    """The theme-share table ``data/clean/themes.csv`` (written by ``compare build``).

    Pinned dtypes: ids and labels ``string``, shares ``float64`` (an empty cell is NaN). The
    folder is found as for the other loaders (:func:`compare.loaders.default_clean_dir`).
    """
    from compare.loaders import load_table

    return load_table(
        THEMES_FILE, THEME_SHARE_COLUMNS, folder, float_columns=frozenset(_FLOAT_COLUMNS)
    )


# --- plan files (the CLI) -----------------------------------------------------------------


def plan_tables(
    files: Iterable[str | Path], *, segmenter: Segmenter | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Paragraphs and tokens tables (as in ``data/clean``) for plan files; doc_id = file stem.

    Every file is read before anything is segmented, so a bad file fails fast. Two files with
    the same stem raise :class:`PlanInputError`.
    """
    from compare.corpus import PARAGRAPH_COLUMNS, TOKEN_COLUMNS, paragraph_rows
    from compare.segmentation import default_segmenter
    from compare.structure import read_plan

    plans = []
    seen: dict[str, Path] = {}
    for file in files:
        path = Path(file)
        plan = read_plan(path)
        if plan.doc_id in seen:
            raise PlanInputError(
                path, f"doc_id {plan.doc_id!r} is also the name of {seen[plan.doc_id]}"
            )
        seen[plan.doc_id] = path
        plans.append(plan)
    segmenter = segmenter or default_segmenter()
    paragraph_table, token_rows = [], []
    for plan in plans:
        paragraph_table.extend(paragraph_rows(plan))
        token_rows.extend(
            (plan.doc_id, p.para_id, " ".join(segmenter.tokens(p.text.text)))
            for p in plan.paragraphs
        )
    return (
        pd.DataFrame(paragraph_table, columns=list(PARAGRAPH_COLUMNS)),
        pd.DataFrame(token_rows, columns=list(TOKEN_COLUMNS)),
    )


def themes_command(
    files: Sequence[str | Path],
    *,
    codebook: str | Path | None = None,
    out: TextIO = sys.stdout,
    n_boot: int = DEFAULT_N_BOOT,
    random_state: int = 0,
) -> int:
    """``compare themes FILE...``: print CSV ``doc_id, theme_id, share, share_low, share_high,
    uncoded_share``, one row per theme per document; returns the exit code.

    The codebook is validated and every plan read before anything is segmented, so bad input
    fails fast. Shares are printed with 6 decimals; a plan with no coded text has empty share
    cells.
    """
    table = load_codebook(codebook)
    paragraphs, tokens = plan_tables(files)
    coded = code_paragraphs(paragraphs, tokens, coder=ThemeCoder(table).fit())
    shares = theme_shares(coded, n_boot=n_boot, random_state=random_state)
    shares[list(CLI_COLUMNS)].to_csv(out, index=False, float_format="%.6f", lineterminator="\n")
    return 0
