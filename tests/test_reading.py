from pathlib import Path

import pytest
from conftest import JIAXING, RAW

from compare import PlanInputError, read_plan
from compare.reading import decode_plan_bytes


def _paragraph_texts(plan):
    return [p.text.text for p in plan.paragraphs]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_other_encodings_read_like_utf8(tmp_path, encoding):
    text = (RAW / f"{JIAXING}.txt").read_text(encoding="utf-8")
    if encoding == "gbk":  # GBK has no no-break space; the plan's spacing does not matter here
        text = text.replace("\xa0", " ")
    converted = tmp_path / "plan.txt"
    converted.write_bytes(text.encode(encoding))
    plan = read_plan(converted)
    reference = read_plan(RAW / f"{JIAXING}.txt")
    if encoding == "gbk":
        assert _paragraph_texts(plan) == _paragraph_texts(reference)
        return
    assert _paragraph_texts(plan) == _paragraph_texts(reference)
    assert plan.encoding == ("utf-8" if encoding == "utf-8-sig" else "gb18030")
    # Offsets are character offsets into the decoded text, whatever the bytes were.
    assert [p.raw_span for p in plan.paragraphs] == [p.raw_span for p in reference.paragraphs]


def test_empty_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    with pytest.raises(PlanInputError, match=r"empty\.txt: file is empty"):
        read_plan(empty)


def test_binary_file_is_refused(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff")
    with pytest.raises(PlanInputError, match=r"scan\.txt: file is binary"):
        read_plan(binary)


def test_undecodable_bytes_name_file_and_line():
    data = "第一行\n第二行\n".encode() + b"\x80\x80\xff\n"
    with pytest.raises(PlanInputError) as caught:
        decode_plan_bytes(data, path=Path("bad.txt"))
    assert str(caught.value).startswith("bad.txt:3: cannot decode")


def test_missing_file(tmp_path):
    with pytest.raises(PlanInputError, match="not found"):
        read_plan(tmp_path / "nope.txt")


def test_file_of_only_furniture_is_an_error(tmp_path):
    furniture = tmp_path / "page.txt"
    furniture.write_text("首页\n返回首页\n【打印本页】 【关闭本页】\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match="no plan text left"):
        read_plan(furniture)
