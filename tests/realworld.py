"""The real-world indicator set (tests/data/realworld): extraction over its texts, and its gold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from compare.indicators import extract_indicators
from compare.structure import clean_plan, read_plan

REALWORLD = Path(__file__).parent / "data" / "realworld"


def manifest(folder: Path = REALWORLD) -> pd.DataFrame:
    return pd.read_csv(folder / "manifest.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def gold(folder: Path = REALWORLD, *, split: str | None = None) -> pd.DataFrame:
    table = pd.read_csv(folder / "gold.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    if split is not None:
        docs = set(manifest(folder).query("split == @split")["doc"])
        table = table[table["doc"].isin(docs)]
    return table


def hard_wrapped(text: str, width: int) -> str:
    """``text`` with every line broken at ``width`` CJK characters (twice as many ASCII ones), as
    pdftotext, a PDF viewer's copy or a mail program leave it: mid-sentence, mid-number."""
    lines = []
    for line in text.split("\n"):
        piece, columns = "", 0
        for char in line:
            char_columns = 2 if ord(char) >= 0x1100 else 1
            if columns + char_columns > 2 * width:
                lines.append(piece)
                piece, columns = "", 0
            piece += char
            columns += char_columns
        lines.append(piece)
    return "\n".join(lines)


def in_words(text: str) -> str:
    """``text`` with every level before 岁, ‰ or % written in Chinese numerals (81.3岁 -> 八十一点三岁),
    as some news and reports write them."""
    import re

    import cn2an

    return re.sub(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)(?=岁|‰|%)", lambda m: cn2an.an2cn(m.group(1)), text)


def full_width_brackets(text: str) -> str:
    """``text`` with ASCII brackets written full-width, as most Chinese documents write them."""
    return text.replace("(", "（").replace(")", "）")


def colons(text: str) -> str:
    """``text`` with ``为`` between a name and its value written as a colon (婴儿死亡率：3.21‰)."""
    import re

    return re.sub(r"(率|寿命|数|水平)为(\d)", r"\1：\2", text)


def extract(folder: Path = REALWORLD, *, split: str | None = None, with_manifest: bool = True,
            transform: Callable[[str], str] | None = None) -> pd.DataFrame:
    """Indicators of every text of the set (or of one split). ``with_manifest`` gives the
    extractor each text's date, place and level as ``compare build`` does from a manifest;
    without it, the extractor reads them from the text as ``compare extract`` does.
    ``transform``: a rewriting of each text applied first (:func:`hard_wrapped`, :func:`in_words`
    …): the same facts written another way."""
    tables = []
    for row in manifest(folder).itertuples():
        if split is not None and row.split != split:
            continue
        path = folder / "texts" / f"{row.doc}.txt"
        plan = read_plan(path) if transform is None else clean_plan(
            transform(path.read_text(encoding="utf-8")), doc_id=row.doc)
        options = dict(issued=row.issued or None, place=row.place, level=row.level) if with_manifest else {}
        tables.append(extract_indicators(plan, **options))
    return pd.concat(tables, ignore_index=True)
