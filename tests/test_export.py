"""compare export --xlsx: one workbook for spreadsheet users, where plan text can never run as a formula."""

import openpyxl
from conftest import RAW

from compare import build, load_indicators
from compare.cli import main


def test_text_that_looks_like_a_formula_stays_text_and_evidence_stays_exact(tmp_path, segment_cache, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("manifest.csv", "panzhihua-2022-health-development-plan.txt"):
        (raw / name).write_bytes((RAW / name).read_bytes())
    lines = (raw / "manifest.csv").read_text(encoding="utf-8").splitlines()
    (raw / "manifest.csv").write_text("\n".join([lines[0], *[line for line in lines if line.startswith("panzhihua")]])
                                      + "\n", encoding="utf-8")
    plan = raw / "panzhihua-2022-health-development-plan.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n=HYPERLINK(\"http://x\",\"点击\")到2025年，人均预期寿命达到80岁。\n",
                    encoding="utf-8")
    build(raw, tmp_path / "clean", cache_dir=segment_cache)
    evidence = load_indicators(tmp_path / "clean")["evidence"]
    hostile = evidence[evidence.str.startswith("=HYPERLINK")].iloc[0]  # the CSV keeps the raw text exactly

    assert main(["export", "--xlsx", str(tmp_path / "out.xlsx"), "--clean", str(tmp_path / "clean")]) == 0
    workbook = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert workbook.sheetnames == ["对齐 comparison", "指标 indicators", "主题 themes", "文件 documents"]
    sheet = workbook["指标 indicators"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["文件 document", "指标 metric", "原文指标名 metric as written"] and "原文 evidence" in headers
    column = headers.index("原文 evidence")
    cells = [row[column] for row in sheet.iter_rows(min_row=2) if str(row[column].value).startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" and cell.value == hostile for cell in cells)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    values = [row[headers.index("数值 value")].value for row in sheet.iter_rows(min_row=2)]
    assert 80 in values or 80.0 in values  # numbers stay numbers
