"""Readers for Word, PDF, web pages, Big5 and traditional characters (docs/ingestion.md).

Every fixture is built here from the seed texts in data/raw, and each format must give the same
indicators as the seed text itself.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pytest
from conftest import JIAXING, PANZHIHUA, RAW

from compare import PlanInputError, extract_indicators, read_manifest, read_plan, read_plan_text
from compare.cleaning import heading_rank, to_simplified
from compare.mapped import MappedText
from compare.reading import PLAN_SUFFIXES, chinese_plausibility, decode_plan_bytes, pdf_text_quality

JIAXING_CONTEXT = {"horizon": 2027}
EXCERPT_CONTEXT = {"horizon": 2025, "baseline_year": 2020}
_NATURE = re.compile(r"^(预期性|约束性)$")


# --- seeds ---------------------------------------------------------------------------------


def _lines(doc_id: str) -> list[str]:
    text = (RAW / f"{doc_id}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _facts(path, **context) -> Counter:
    """(metric_id, kind, year, value) of every indicator of a plan file, with multiplicity."""
    rows = extract_indicators(read_plan(path), **context)
    return Counter(
        (row.metric_id, row.kind, None if row.year is None or row.year != row.year else int(row.year),
         None if row.value is None or row.value != row.value else float(row.value))
        for row in rows.astype(object).where(rows.notna(), None).itertuples()
    )


@lru_cache(maxsize=1)
def _jiaxing_facts() -> Counter:
    return _facts(RAW / f"{JIAXING}.txt", **JIAXING_CONTEXT)


@lru_cache(maxsize=1)
def _panzhihua_excerpt():
    """Panzhihua's 第三节 发展目标 with 表1: the raw lines, and the table as rows.

    Returns ``(raw_lines, before, caption, header, rows, after)``; ``rows`` are
    ``[domain, serial, name, 2020, 2025, nature]`` (a cell broken over lines holds a newline).
    """
    lines = (RAW / f"{PANZHIHUA}.txt").read_text(encoding="utf-8").splitlines()
    caption = next(i for i, line in enumerate(lines) if re.match(r"表\s*1(?!\d)", line.strip()))
    start = max(i for i in range(caption) if lines[i].strip().startswith("第三节"))
    cells, end = [], caption + 1
    while end < len(lines):
        text = lines[end].strip()
        if text:
            if len(text) > 60 or text.endswith("。"):
                break
            cells.append(text)
        end += 1
    header, body, rows, domain, i = cells[:6], cells[6:], [], "", 0
    while i < len(body):
        pending = []
        while not body[i].isdigit():
            pending.append(body[i])
            i += 1
        domain = "".join(pending) or domain
        serial, name = body[i], body[i + 1]
        i += 2
        values = []
        while not _NATURE.match(body[i]):
            values.append(body[i])
            i += 1
        nature = body[i]
        i += 1
        if len(values) > 2:
            values = ["\n".join(values[:-1]), values[-1]]
        first, second = ["", *values] if len(values) == 1 else [*values, "", ""][:2]
        rows.append([domain, serial, name, first, second, nature])
    before = [line.strip() for line in lines[start:caption] if line.strip()]
    return lines[start : end + 1], before, lines[caption].strip(), header, rows, [lines[end].strip()]


@pytest.fixture
def excerpt_txt(tmp_path):
    raw_lines = _panzhihua_excerpt()[0]
    path = tmp_path / "excerpt.txt"
    path.write_text("\n".join(raw_lines) + "\n", encoding="utf-8")
    return path


def test_excerpt_has_the_table_facts(excerpt_txt):
    facts = _facts(excerpt_txt, **EXCERPT_CONTEXT)
    assert ("life_expectancy", "baseline", 2020, 78.84) in facts
    assert ("life_expectancy", "target", 2025, 79.5) in facts
    assert len(facts) > 40


# --- Word ----------------------------------------------------------------------------------


def _docx_of_lines(lines, path):
    import docx

    document = docx.Document()
    for line in lines:
        rank = heading_rank(line)
        if rank is not None and len(line) <= 30:
            document.add_heading(line, level=min(rank, 8) + 1 if rank < 8 else 3)
        else:
            document.add_paragraph(line)
    document.save(path)


def test_docx_gives_the_same_indicators_as_text(tmp_path):
    path = tmp_path / "jiaxing.docx"
    _docx_of_lines(_lines(JIAXING), path)
    text, encoding = read_plan_text(path)
    assert encoding == "docx"
    assert "一、总体要求\n" in text  # headings kept as lines
    assert _facts(path, **JIAXING_CONTEXT) == _jiaxing_facts()


def _excerpt_docx(path):
    import docx

    _, before, caption, header, rows, after = _panzhihua_excerpt()
    document = docx.Document()
    for line in before:
        if line.startswith("第三节"):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    document.add_paragraph(caption)
    table = document.add_table(rows=1 + len(rows), cols=6)
    for column, text in enumerate(header):
        table.cell(0, column).text = text
    for r, row in enumerate(rows, start=1):
        for column, text in enumerate(row[1:], start=1):
            first, *more = text.split("\n")
            cell = table.cell(r, column)
            cell.text = first
            for piece in more:  # a cell of two paragraphs
                cell.add_paragraph(piece)
    r = 1
    while r <= len(rows):  # the domain column: one merged cell per domain
        last = r
        while last + 1 <= len(rows) and rows[last][0] == rows[r - 1][0]:
            last += 1
        table.cell(r, 0).text = rows[r - 1][0]
        if last > r:
            table.cell(r, 0).merge(table.cell(last, 0))
        r = last + 1
    for line in after:
        document.add_paragraph(line)
    document.save(path)


def test_docx_tables_stand_in_place_one_cell_per_line(tmp_path, excerpt_txt):
    path = tmp_path / "excerpt.docx"
    _excerpt_docx(path)
    text, _ = read_plan_text(path)
    lines = text.splitlines()
    caption = next(i for i, line in enumerate(lines) if line.startswith("表"))
    # The table follows its caption, before the note that follows it in the document.
    assert lines[caption + 1 : caption + 7] == ["领域", "序号", "主要指标", "2020年", "2025年", "指标性质"]
    assert lines[caption + 7 : caption + 13] == ["健康水平", "1", "人均预期寿命 \xa0(岁)", "78.84", "79.5", "预期性"]
    assert lines.count("健康水平") == 1  # a merged cell once
    assert lines[-1].startswith("2025 年孕产妇死亡率")
    assert _facts(path, **EXCERPT_CONTEXT) == _facts(excerpt_txt, **EXCERPT_CONTEXT)


def test_docx_reads_tracked_insertions_and_content_controls(tmp_path):
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_paragraph("到2025年，")
    body = document.element.body
    sectPr = body[-1]
    sectPr.addprevious(parse_xml(
        f'<w:p {w}><w:r><w:t>人均预期寿命达到</w:t></w:r><w:ins w:id="1" w:author="a">'
        '<w:r><w:t>80岁</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>79岁</w:delText>'
        '</w:r></w:del><w:r><w:tab/><w:t>。</w:t></w:r></w:p>'))
    sectPr.addprevious(parse_xml(
        f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>婴儿死亡率控制在4‰以下。</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert read_plan_text(path)[0] == "到2025年，\n人均预期寿命达到80岁\t。\n婴儿死亡率控制在4‰以下。\n"


def test_broken_word_files_are_clear_errors(tmp_path):
    fake = tmp_path / "plan.docx"
    fake.write_text("不是 Word 文件", encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"plan\.docx: not a readable \.docx Word file"):
        read_plan_text(fake)
    old = tmp_path / "plan.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 old word")
    with pytest.raises(PlanInputError, match=r"plan\.doc: old binary Word \.doc .* save it as \.docx"):
        read_plan_text(old)


# --- PDF -----------------------------------------------------------------------------------


def _pdf_font():
    from compare.plotting import cjk_font_path

    packaged = cjk_font_path()
    # A TrueType font: fpdf2 embeds it with a ToUnicode map pdfplumber reads. (The packaged
    # Noto Sans CJK SC is CFF-based; fpdf2 gives it an embedded encoding CMap that pdfminer
    # cannot read, so that PDF has no extractable text.)
    font = packaged.with_name("SimHei.ttf") if packaged is not None else None
    if font is None or not font.is_file():
        pytest.skip("no TrueType CJK font (SimHei.ttf from mplfonts) to write a PDF with")
    return font


def _fpdf():
    from fpdf import FPDF

    class Document(FPDF):
        def footer(self):  # page numbers, as government PDFs have them
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 10, f"— {self.page_no()} —", align="C")

    pdf = Document(format="A4")
    pdf.add_font("cjk", fname=str(_pdf_font()))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("cjk", size=11)
    return pdf


def _write_paragraphs(pdf, lines):
    for line in lines:
        heading = heading_rank(line) is not None and len(line) <= 30
        # Body paragraphs start with a two-character indent, headings do not.
        pdf.multi_cell(0, 7, line if heading else "\u3000\u3000" + line, new_x="LMARGIN", new_y="NEXT")


def _jiaxing_pdf(path):
    pdf = _fpdf()
    _write_paragraphs(pdf, _lines(JIAXING))
    pdf.output(str(path))


def test_pdf_gives_the_same_indicators_as_text(tmp_path):
    path = tmp_path / "jiaxing.pdf"
    _jiaxing_pdf(path)
    text, encoding = read_plan_text(path)
    assert encoding == "pdf"
    # Lines wrapped by the page width are joined back into their paragraphs (across pages
    # too), page numbers are dropped, headings stay lines of their own.
    extracted = {re.sub(r"\s+", "", line) for line in text.splitlines()}
    seed = [re.sub(r"\s+", "", line) for line in _lines(JIAXING)]
    assert sum(line in extracted for line in seed) >= 0.95 * len(seed)
    assert "一、总体要求" in extracted and not any(re.fullmatch(r"—\d+—", line) for line in extracted)
    assert _facts(path, **JIAXING_CONTEXT) == _jiaxing_facts()


def _excerpt_pdf(path):
    _, before, caption, header, rows, after = _panzhihua_excerpt()
    pdf = _fpdf()
    _write_paragraphs(pdf, before)
    pdf.multi_cell(0, 7, caption, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    with pdf.table(col_widths=(12, 8, 60, 16, 30, 14), text_align="LEFT", first_row_as_headings=False) as table:
        table.row(header)
        for r, row in enumerate(rows):
            cells = table.row()
            if r == 0 or rows[r - 1][0] != row[0]:
                span = sum(1 for other in rows if other[0] == row[0])
                cells.cell(row[0], rowspan=span)
            for text in row[1:]:
                cells.cell(text)
    pdf.set_font("cjk", size=11)
    _write_paragraphs(pdf, after)
    pdf.output(str(path))


def test_pdf_tables_stand_in_place_one_cell_per_line(tmp_path, excerpt_txt):
    path = tmp_path / "excerpt.pdf"
    _excerpt_pdf(path)
    text, _ = read_plan_text(path)
    lines = text.splitlines()
    caption = next(i for i, line in enumerate(lines) if line.startswith("表"))
    assert lines[caption + 1 : caption + 7] == ["领域", "序号", "主要指标", "2020年", "2025年", "指标性质"]
    assert lines.count("健康水平") == 1
    assert _facts(path, **EXCERPT_CONTEXT) == _facts(excerpt_txt, **EXCERPT_CONTEXT)


def test_framed_box_in_a_pdf_is_text_not_a_table(tmp_path):
    pdf = _fpdf()
    box = ["专栏1 健康城市建设", "1.健康社区。建成健康社区50个。", "2.健康学校。建成健康学校30所。"]
    top = pdf.get_y()
    pdf.multi_cell(0, 8, "\n".join(box), new_x="LMARGIN", new_y="NEXT")
    pdf.rect(pdf.l_margin - 2, top - 2, pdf.epw + 4, pdf.get_y() - top + 4)  # the frame
    path = tmp_path / "box.pdf"
    pdf.output(str(path))
    assert read_plan_text(path)[0].splitlines() == box


def test_scanned_pdf_is_refused(tmp_path):
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1200, 400), "white")
    font = ImageFont.truetype(str(_pdf_font()), 40)
    for row, line in enumerate(_lines(JIAXING)[8:13]):
        ImageDraw.Draw(image).text((20, 20 + 70 * row), line[:28], fill="black", font=font)
    picture = tmp_path / "page.png"
    image.save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=190)
    scanned = tmp_path / "scanned.pdf"
    pdf.output(str(scanned))
    with pytest.raises(PlanInputError) as caught:
        read_plan(scanned)
    assert str(caught.value) == (
        f"{scanned}: PDF has no usable text layer (no text found on any of its 1 pages: "
        "scanned images?); OCR it first"
    )


def test_pdf_with_broken_font_map_is_refused(tmp_path):
    good = tmp_path / "good.pdf"
    _jiaxing_pdf(good)
    data = good.read_bytes()
    # Without a ToUnicode map and the embedded font, glyph ids cannot be mapped to characters:
    # pdfminer reports every glyph as (cid:NNN), as with broken font maps in the wild.
    assert data.count(b"/ToUnicode") == 1 and data.count(b"/FontFile2") == 1
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX").replace(b"/FontFile2", b"/FontFileX"))
    with pytest.raises(PlanInputError, match=r"broken\.pdf: PDF has no usable text layer "
                                             r"\(CJK 0%, \d+% \(cid:…\) garbage\); OCR it first"):
        read_plan(broken)


def test_pdf_quality_measures():
    assert pdf_text_quality("健康(cid:12)(cid:13) 2025") == (2 / 8, 2 / 8, 8)
    assert pdf_text_quality(" \n") == (0.0, 0.0, 0)


def test_not_a_pdf_is_a_clear_error(tmp_path):
    fake = tmp_path / "plan.pdf"
    fake.write_bytes(b"%PDF-1.4 truncated")
    with pytest.raises(PlanInputError, match=r"plan\.pdf: (not a readable PDF|PDF has no usable text layer)"):
        read_plan_text(fake)


# --- HTML ----------------------------------------------------------------------------------


def _gov_page(title, body_lines, table_html="", table_after=None):
    """A government web page: navigation, breadcrumb, metadata, share links, related files, footer."""
    escape = html.escape
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(title)}_嘉兴市人民政府</title><script>var _hmt=[];</script>",
        "<style>.nav a{margin:0 8px}</style></head><body>",
        '<div class="top"><a href="/">无障碍</a> <a href="/old">长者模式</a> <span>欢迎访问嘉兴市人民政府门户网站</span></div>',
        '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>'
        '<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>',
        '<div class="search"><form><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>',
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a>法规文件</a></div>',
        '<table class="meta"><tr><td>索引号：</td><td>002546445/2024-464835</td><td>公开方式：</td><td>主动公开</td></tr>',
        "<tr><td>发文文号：</td><td>嘉政办发〔2024〕5号</td><td>成文日期：</td><td>2024-02-21</td></tr></table>",
        f'<div class="article"><h1 class="title">{escape(title)}</h1>',
        '<div class="info">发布日期：2024-02-28 09:41 信息来源：市政府办公室 浏览次数：<span>1234</span></div>',
        '<div class="content" id="zoom">',
    ]
    for line in body_lines:
        parts.append(f'<p style="text-indent:2em">{escape(line)}</p>')
        if line == table_after:
            parts.append(table_html)
    parts += [
        "</div>",
        '<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>',
        '<div class="tools"><a href="javascript:print()">【打印本页】</a> <a>【关闭窗口】</a></div>',
        '<div class="related"><h3>相关文件</h3><ul><li><a href="/a">嘉兴市人民政府办公室关于印发嘉兴市医疗卫生服务体系规划的通知</a></li>'
        '<li><a href="/b">《关于推进嘉兴市卫生健康现代化建设的实施意见》政策解读</a></li></ul></div></div>',
        '<div class="footer"><p>主办单位：嘉兴市人民政府办公室 承办单位：嘉兴市大数据发展管理局</p>'
        "<p>网站标识码：3304000001 浙ICP备05011036号 浙公网安备 33040202000123号</p>"
        '<p>联系电话：0573-82520000 <a href="/map">网站地图</a> <a href="/contact">联系我们</a></p></div>',
        "</body></html>",
    ]
    return "\n".join(parts)


def test_html_boilerplate_is_removed_and_plan_kept(tmp_path):
    lines = _lines(JIAXING)
    title = "嘉兴市人民政府办公室关于推进嘉兴市卫生健康现代化建设的实施意见"
    body = lines[lines.index("各县(市、区)人民政府,市政府各部门、直属各单位:") :]
    path = tmp_path / "jiaxing.html"
    path.write_text(_gov_page(title, body), encoding="utf-8")
    text, encoding = read_plan_text(path)
    assert encoding == "utf-8"
    assert text.splitlines()[0] == title  # the page title, without the site name
    for furniture in ("政务服务", "网站标识码", "分享到", "相关文件", "请输入关键字", "长者模式"):
        assert furniture not in text
    # Every paragraph kept (trafilatura collapses runs of white space).
    assert {re.sub(r"\s+", " ", line) for line in body} <= set(text.splitlines())
    assert _facts(path, **JIAXING_CONTEXT) == _jiaxing_facts()


def test_html_tables_are_kept_one_cell_per_line(tmp_path, excerpt_txt):
    _, before, caption, header, rows, after = _panzhihua_excerpt()
    escape = html.escape
    table = ['<table border="1"><tbody>', "<tr>" + "".join(f"<td>{escape(h)}</td>" for h in header) + "</tr>"]
    for r, row in enumerate(rows):
        cells = []
        if r == 0 or rows[r - 1][0] != row[0]:
            span = sum(1 for other in rows if other[0] == row[0])
            cells.append(f'<td rowspan="{span}">{escape(row[0])}</td>')
        cells += ["<td>" + "<br>".join(map(escape, text.split("\n"))) + "</td>" for text in row[1:]]
        table.append("<tr>" + "".join(cells) + "</tr>")
    table.append("</tbody></table>")
    path = tmp_path / "excerpt.html"
    path.write_text(_gov_page("攀枝花市“十四五”卫生健康发展规划", [*before, caption, *after],
                              "\n".join(table), caption), encoding="utf-8")
    text, _ = read_plan_text(path)
    lines = text.splitlines()
    caption_at = next(i for i, line in enumerate(lines) if line.startswith("表"))
    assert lines[caption_at + 1 : caption_at + 4] == ["领域", "序号", "主要指标"]
    assert lines.count("健康水平") == 1
    assert _facts(path, **EXCERPT_CONTEXT) == _facts(excerpt_txt, **EXCERPT_CONTEXT)


def test_html_without_a_main_text_falls_back_to_all_visible_text(tmp_path):
    page = tmp_path / "short.html"
    page.write_text("<html><body><p>到2025年，人均预期寿命达到80岁。</p></body></html>", encoding="utf-8")
    assert read_plan_text(page)[0] == "到2025年，人均预期寿命达到80岁。\n"


# --- encodings and traditional characters -------------------------------------------------


def _traditional_jiaxing(converter="s2tw"):
    import opencc

    simplified = (RAW / f"{JIAXING}.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC(converter).convert(simplified)
    assert len(traditional) == len(simplified)
    return simplified, traditional


def test_traditional_plan_gives_the_same_indicators_quoting_the_traditional_text(tmp_path):
    simplified, traditional = _traditional_jiaxing()
    path = tmp_path / "traditional.txt"
    path.write_text(traditional, encoding="utf-8")
    plan = read_plan(path)
    assert plan.raw == traditional
    reference = read_plan(RAW / f"{JIAXING}.txt")
    # Paragraph text is simplified for analysis …
    assert "卫生健康现代化" in plan.text and "衛生" not in plan.text
    body = [p.text.text for p in plan.paragraphs if "重点任务" in p.text.text]
    assert body == [p.text.text for p in reference.paragraphs if "重点任务" in p.text.text]
    # … while every offset still points at the traditional characters.
    rows = extract_indicators(plan, **JIAXING_CONTEXT)
    expected = extract_indicators(reference, **JIAXING_CONTEXT)
    key = ["metric_id", "kind", "year", "value", "start", "end"]
    assert sorted(map(tuple, rows[key].astype(str).values)) == sorted(map(tuple, expected[key].astype(str).values))
    assert (rows["evidence"] == [traditional[s:e] for s, e in zip(rows["start"], rows["end"], strict=True)]).all()
    assert any("衛生" in evidence or "醫" in evidence for evidence in rows["evidence"])
    for paragraph in plan.paragraphs:
        start, end = paragraph.raw_span
        assert traditional[start:end].strip()


def test_big5_file_reads_like_its_utf8_twin(tmp_path):
    _, traditional = _traditional_jiaxing()
    traditional = traditional.replace("\xa0", " ").replace("‰", "%")  # not in Big5
    big5 = tmp_path / "jiaxing.big5.txt"
    big5.write_bytes(traditional.encode("cp950"))
    utf8 = tmp_path / "jiaxing.utf8.txt"
    utf8.write_text(traditional, encoding="utf-8")
    text, encoding = read_plan_text(big5)
    assert (text, encoding) == (traditional, "big5")
    assert _facts(big5, **JIAXING_CONTEXT) == _facts(utf8, **JIAXING_CONTEXT)
    # GB18030 decodes the same bytes without error, into nonsense the plausibility check rejects.
    assert chinese_plausibility(big5.read_bytes().decode("gb18030")) < 0.5 < chinese_plausibility(traditional)


def test_gbk_text_still_reads_as_gb18030():
    simplified = (RAW / f"{JIAXING}.txt").read_text(encoding="utf-8").replace("\xa0", " ")
    assert decode_plan_bytes(simplified.encode("gbk")) == (simplified, "gb18030")
    short = "婴儿死亡率控制在4.8‰以下。"
    assert decode_plan_bytes(short.encode("gb18030")) == (short, "gb18030")


def test_implausible_bytes_are_a_clear_error():
    japanese = "これは日本語のテキストです。計画の目標は達成する。".encode("shift_jis")
    with pytest.raises(PlanInputError, match=r"plan\.txt: bytes are not UTF-8 and decode as no plausible "
                                             r"Chinese text \(common characters: gb18030 \d+%\)"):
        decode_plan_bytes(japanese, path="plan.txt")


def test_length_changing_conversion_keeps_offsets(monkeypatch):
    import compare.cleaning as cleaning

    raw = "甲乙丙丁戊"
    # A made-up phrase conversion: 乙丙 becomes one character, 戊 three.
    monkeypatch.setattr(cleaning, "simplified",
                        lambda text: text.replace("乙丙", "己").replace("戊", "庚辛壬"))
    mapped = to_simplified(MappedText.from_raw(raw))
    assert mapped.text == "甲己丁庚辛壬"
    assert mapped.starts.tolist() == [0, 1, 3, 4, 4, 4] and mapped.ends.tolist() == [1, 3, 4, 5, 5, 5]
    assert raw[slice(*mapped.raw_span(1, 2))] == "乙丙" and raw[slice(*mapped.raw_span(3, 6))] == "戊"
    assert raw[slice(*mapped.raw_span(0, 3))] == "甲乙丙丁"


def test_simplified_text_is_not_changed():
    mapped = MappedText.from_raw("到2025年，健康素养水平达到25%以上；乾隆著名。")
    assert to_simplified(mapped) is mapped


def test_traditional_conversion_is_one_to_one():
    mapped = to_simplified(MappedText.from_raw("到2025年，衛生健康體系更加完善。"))
    assert mapped.text == "到2025年，卫生健康体系更加完善。"
    assert np.array_equal(mapped.starts, np.arange(len(mapped.text)))


# --- size limit and corpus folders -------------------------------------------------------


def test_oversized_plan_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.delenv("COMPARE_MAX_BYTES", raising=False)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: nothing is written
    with pytest.raises(PlanInputError) as caught:
        read_plan_text(huge)
    assert str(caught.value) == (
        f"{huge}: file is 50.0 MB, larger than the 20 MB limit for a plan; set COMPARE_MAX_BYTES to raise it"
    )
    pdf = tmp_path / "huge.pdf"
    huge.rename(pdf)
    with pytest.raises(PlanInputError, match="50.0 MB, larger than the 20 MB limit"):
        read_plan(pdf)
    # Raised: the file is read, and found to be no text.
    monkeypatch.setenv("COMPARE_MAX_BYTES", "60MB")
    pdf.rename(huge)
    with pytest.raises(PlanInputError, match="file is binary"):
        read_plan_text(huge)
    with pytest.raises(PlanInputError, match="limit"):
        read_plan_text(RAW / f"{JIAXING}.txt", max_bytes=10_000)
    monkeypatch.setenv("COMPARE_MAX_BYTES", "lots")
    with pytest.raises(PlanInputError, match="COMPARE_MAX_BYTES='lots' is not a size"):
        read_plan_text(RAW / f"{JIAXING}.txt")


def test_new_formats_are_plan_files_of_a_corpus_folder(raw_copy):
    assert {".txt", ".html", ".htm", ".docx", ".pdf"} <= set(PLAN_SUFFIXES)
    _docx_of_lines(_lines(JIAXING)[:20], raw_copy / "stray.docx")
    with pytest.raises(PlanInputError, match=r"stray\.docx: plan file has no row"):
        read_manifest(raw_copy)
