"""The clean tables as one Excel workbook for spreadsheet users, safe to open.

The CSV files stay exact (evidence equals the raw text, whatever it starts with); a spreadsheet
program may run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula. The workbook
written here stores every text cell as text (never a formula), keeps numbers as numbers, the
evidence and its offsets as they are, and gives each sheet headers in words (中文 English).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from compare.errors import PlanInputError


def workbook_sheets(clean_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The sheets of :func:`export_workbook`: the comparison with the nation, every indicator,
    theme shares and the documents."""
    from compare.align import align_metrics
    from compare.loaders import load_documents, load_indicators
    from compare.themes import load_themes

    documents = load_documents(clean_dir)
    indicators = load_indicators(clean_dir)
    return {
        "对齐 comparison": align_metrics(indicators, documents),
        "指标 indicators": indicators,
        "主题 themes": load_themes(clean_dir),
        "文件 documents": documents,
    }


def export_workbook(out: str | Path, *, clean_dir: str | Path | None = None) -> Path:
    """Write the clean tables to the workbook ``out`` (``.xlsx``), whole or not at all."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise PlanInputError(out, "writing .xlsx needs openpyxl: pip install 'plancompare[xlsx]'") from None
    from compare.report import column_labels

    out = Path(out)
    labels = column_labels()
    workbook = Workbook(write_only=True)
    for title, table in workbook_sheets(clean_dir).items():
        sheet = workbook.create_sheet(title)
        sheet.append([labels.get(str(column), str(column)) for column in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([_cell(sheet, value) for value in row])
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out


def _cell(sheet, value):
    """A value as a workbook cell: missing → empty, numbers as numbers, text always as text."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # =SUM(…) in a plan's text stays text: never a formula
    return cell
