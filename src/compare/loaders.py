"""Reading the clean tables back, with pinned dtypes.

Each loader takes the folder explicitly; without one it uses ``$COMPARE_DATA``, else the nearest
``data/clean`` above the working directory (so notebooks in ``notebooks/`` find it), else the
repository this package was installed from in editable mode.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from compare.corpus import (
    DOCUMENT_COLUMNS,
    INDICATOR_COLUMNS,
    PARAGRAPH_COLUMNS,
    REMOVED_COLUMNS,
    TOKEN_COLUMNS,
)
from compare.output import check_stamp

_INTEGER_COLUMNS = {"para_id", "level", "raw_start", "raw_end", "line", "n_raw_chars", "n_chars",
                    "n_paragraphs", "n_removed_lines", "start", "end", "unit_id"}
_NULLABLE_YEAR_COLUMNS = {"horizon", "baseline_year", "year"}
_NULLABLE_FLOAT_COLUMNS = {"value"}


def default_clean_dir() -> Path:
    """The clean-data folder used when a loader is given none."""
    if os.environ.get("COMPARE_DATA"):
        return Path(os.environ["COMPARE_DATA"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data" / "clean"
        if (candidate / "documents.csv").is_file():
            return candidate
    source_checkout = Path(__file__).resolve().parents[2] / "data" / "clean"
    if (source_checkout / "documents.csv").is_file():
        return source_checkout
    raise FileNotFoundError(
        "no data/clean folder found: pass the folder, set COMPARE_DATA, or run 'compare build'"
    )


def load_table(
    name: str, columns: tuple[str, ...], folder: str | Path | None, *, float_columns: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Read the clean table ``name``, check its columns and pin dtypes by column name.

    Counts and offsets become ``int64``, years ``Int64``, ``value`` ``Float64``, the
    ``float_columns`` ``float64`` (empty cells NaN), everything else ``string``.
    """
    path = Path(folder) / name if folder is not None else default_clean_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: not found; run 'compare build' first")
    content = path.read_bytes()
    check_stamp(path, content)  # a table of another build than its neighbours is refused
    if content and not content.endswith(b"\n"):
        raise ValueError(f"{path}: ends in the middle of a row (the file was cut short); run 'compare build'")
    try:
        table = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not a table compare can read ({str(error).strip()}); run 'compare build'") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; rebuild with 'compare build'")
    for column in table.columns:
        try:
            table[column] = _typed(table[column], column, float_columns)
        except (ValueError, TypeError):
            values = table[column]
            bad = next(i for i, v in enumerate(values) if not _fits(v, column, float_columns))
            raise ValueError(f"{path}: row {bad + 1} after the header, column {column}: {values.iloc[bad]!r} is not "
                             f"{'an integer' if column in _INTEGER_COLUMNS else 'a number'}") from None
    return table


def _typed(values: pd.Series, column: str, float_columns: frozenset[str]) -> pd.Series:
    if column in float_columns:
        return pd.to_numeric(values.replace("", "nan")).astype("float64")
    if column in _INTEGER_COLUMNS:
        return values.astype("int64")
    if column in _NULLABLE_YEAR_COLUMNS:
        return pd.to_numeric(values.replace("", pd.NA)).astype("Int64")
    if column in _NULLABLE_FLOAT_COLUMNS:
        return pd.to_numeric(values.replace("", pd.NA)).astype("Float64")
    return values.astype("string")


def _fits(value: str, column: str, float_columns: frozenset[str]) -> bool:
    """Whether one cell converts as its column requires (to find the line of the one that does not)."""
    try:
        _typed(pd.Series([value], dtype="string" if column not in _INTEGER_COLUMNS else object), column,
               float_columns)
    except (ValueError, TypeError):
        return False
    return True


def load_documents(folder: str | Path | None = None, *, cities: list[str] | None = None) -> pd.DataFrame:
    """One row per plan: manifest fields, encoding, sizes and the raw file's SHA-256.

    ``cities`` keeps the plans of those cities only (None or empty: all); a city the table does
    not hold is an error, so that a misspelt name does not silently drop its plans.
    """
    documents = load_table("documents.csv", DOCUMENT_COLUMNS, folder)
    if not cities:
        return documents
    unknown = sorted(set(cities) - set(documents["city"]))
    if unknown:
        known = ", ".join(sorted(documents["city"].dropna().unique()))
        raise ValueError(f"no plan of {', '.join(unknown)} in documents.csv (cities: {known})")
    return documents[documents["city"].isin(cities)].reset_index(drop=True)


def load_paragraphs(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per paragraph: heading path, level, kind, clean text and raw offsets."""
    return load_table("paragraphs.csv", PARAGRAPH_COLUMNS, folder)


def load_tokens(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per paragraph: its words as one space-joined string."""
    return load_table("tokens.csv", TOKEN_COLUMNS, folder)


def load_removed(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per raw line cleaned away (page furniture), with the reason."""
    return load_table("removed.csv", REMOVED_COLUMNS, folder)


def load_instrument_codes(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per clause × policy instrument found (``no_action``/``uncoded`` rows for clauses
    without one), with the cue words as evidence and raw offsets (docs/instruments.md)."""
    from compare.instruments import INSTRUMENT_TABLE_COLUMNS

    return load_table("instruments.csv", INSTRUMENT_TABLE_COLUMNS, folder)


def load_indicators(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per numeric baseline or target, with metric, year, value and its evidence."""
    return load_table("indicators.csv", INDICATOR_COLUMNS, folder)
