"""The real-world indicator set (tests/data/realworld): extraction over its texts, and its gold."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from compare.indicators import extract_indicators
from compare.structure import read_plan

REALWORLD = Path(__file__).parent / "data" / "realworld"


def manifest(folder: Path = REALWORLD) -> pd.DataFrame:
    return pd.read_csv(folder / "manifest.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def gold(folder: Path = REALWORLD, *, split: str | None = None) -> pd.DataFrame:
    table = pd.read_csv(folder / "gold.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    if split is not None:
        docs = set(manifest(folder).query("split == @split")["doc"])
        table = table[table["doc"].isin(docs)]
    return table


def extract(folder: Path = REALWORLD, *, split: str | None = None, with_manifest: bool = True) -> pd.DataFrame:
    """Indicators of every text of the set (or of one split). ``with_manifest`` gives the
    extractor each text's date, place and level as ``compare build`` does from a manifest;
    without it, the extractor reads them from the text as ``compare extract`` does."""
    tables = []
    for row in manifest(folder).itertuples():
        if split is not None and row.split != split:
            continue
        plan = read_plan(folder / "texts" / f"{row.doc}.txt")
        options = dict(issued=row.issued or None, place=row.place, level=row.level) if with_manifest else {}
        tables.append(extract_indicators(plan, **options))
    return pd.concat(tables, ignore_index=True)
