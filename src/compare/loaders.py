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
                    "n_paragraphs", "n_removed_lines", "start", "end"}
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
    table = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; rebuild with 'compare build'")
    for column in table.columns:
        if column in float_columns:
            table[column] = pd.to_numeric(table[column].replace("", "nan")).astype("float64")
        elif column in _INTEGER_COLUMNS:
            table[column] = table[column].astype("int64")
        elif column in _NULLABLE_YEAR_COLUMNS:
            table[column] = pd.to_numeric(table[column].replace("", pd.NA)).astype("Int64")
        elif column in _NULLABLE_FLOAT_COLUMNS:
            table[column] = pd.to_numeric(table[column].replace("", pd.NA)).astype("Float64")
        else:
            table[column] = table[column].astype("string")
    return table


def load_documents(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per plan: manifest fields, encoding, sizes and the raw file's SHA-256."""
    return load_table("documents.csv", DOCUMENT_COLUMNS, folder)


def load_paragraphs(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per paragraph: heading path, level, kind, clean text and raw offsets."""
    return load_table("paragraphs.csv", PARAGRAPH_COLUMNS, folder)


def load_tokens(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per paragraph: its words as one space-joined string."""
    return load_table("tokens.csv", TOKEN_COLUMNS, folder)


def load_removed(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per raw line cleaned away (page furniture), with the reason."""
    return load_table("removed.csv", REMOVED_COLUMNS, folder)


def load_indicators(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per numeric baseline or target, with metric, year, value and its evidence."""
    return load_table("indicators.csv", INDICATOR_COLUMNS, folder)
