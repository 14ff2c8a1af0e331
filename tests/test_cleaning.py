"""Cleaning on each kind of noise found in the seed plans, and the raw-offset contract."""

import re

import numpy as np
import pytest
from conftest import CIXI_ACTION, CIXI_EXCERPT, CIXI_POINTS, JIAXING, PANZHIHUA, SEED_IDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import clean_plan
from compare.cleaning import (
    HEADING_MARKERS,
    LineTable,
    _normalized_lines,
    find_furniture,
    furniture_of_table,
    heading_rank,
    heading_ranks,
    normalize_line,
    removed_lines,
    removed_of_table,
    repair,
    repair_many,
    simplified_each,
    split_lines,
)
from compare.mapped import MappedText
from compare.resources import simplified


def _find(plan, fragment):
    found = [p for p in plan.paragraphs if fragment in p.text.text]
    assert found, f"no paragraph of {plan.doc_id} contains {fragment!r}"
    return found[0]


def _raw_of(plan, paragraph, fragment):
    start = paragraph.text.text.index(fragment)
    raw_start, raw_end = paragraph.text.raw_span(start, start + len(fragment))
    return plan.raw[raw_start:raw_end]


def test_spaces_inside_words_are_removed_and_mapped_back(plans):
    plan = plans[PANZHIHUA]
    paragraph = _find(plan, "高水平推进健康攀枝花建设")
    assert re.sub(r"\s", " ", _raw_of(plan, paragraph, "健康攀枝花")) == "健 康攀枝花"
    assert "践行新发展理念" in _find(plan, "践行新发展理念").text.text  # raw: 践行新 发展理念


def test_full_stop_between_digits_becomes_a_decimal_point(plans):
    plan = plans[PANZHIHUA]
    paragraph = _find(plan, "每万名居民有2.8名全科医生")
    assert _raw_of(plan, paragraph, "2.8名") == "2。8名"
    # …but a full stop that ends a sentence before a numbered item stays.
    assert repair(MappedText.from_raw("应急处置率保持在100。2.加强")).text == "应急处置率保持在100。2.加强"


def test_full_width_digits_and_letters_become_ascii_with_offsets():
    raw = "到２０２５年，ＤＲＧ覆盖率达到９５％以上。"
    plan = clean_plan(raw)
    text = plan.paragraphs[0].text
    assert text.text == "到2025年，DRG覆盖率达到95%以上。"
    start = text.text.index("95%")
    assert text.raw_span(start, start + 3) == (raw.index("９５％"), raw.index("９５％") + 3)


def test_year_written_with_a_space_is_joined(plans):
    assert "到2022年,居民健康素养水平显著提高" in _find(plans[CIXI_ACTION], "居民健康素养水平显著提高").text.text


def test_line_broken_inside_a_sentence_is_one_paragraph(plans):
    paragraph = _find(plans[PANZHIHUA], "建立中西医协同疫病防治机制")
    assert paragraph.text.text.startswith("完善中医药应急防控救治体系。")


def test_header_blocks_navigation_and_links_are_removed_with_reasons(plans):
    for doc_id in (CIXI_ACTION, CIXI_POINTS, JIAXING, PANZHIHUA):
        text = plans[doc_id].text
        for furniture in ("索引号", "公开方式", "发布机构", "返回首页", "【打印本页】", "分享到", "面向社会"):
            assert furniture not in text, (doc_id, furniture)
    reasons = {r.text: r.reason for r in plans[CIXI_POINTS].removed}
    # The work points' header block has no labels: index number, issuer, dates, scope.
    assert reasons["11330282002977026G/2022-155031"] == "metadata header"
    assert reasons["2022-03-29"] == "metadata header"
    assert reasons["计划总结"] == "page header"  # unlabelled, between metadata lines
    assert reasons["面向社会"] == "metadata header"
    assert plans[CIXI_POINTS].paragraphs[0].text.text.startswith("各医疗健康集团")
    jiaxing = {r.text: r.reason for r in plans[JIAXING].removed}
    assert jiaxing["> 政务公开 > 法规文件 > 其他文件 > 嘉政办发"] == "navigation"
    assert jiaxing["嘉政办发〔2024〕5号.doc"] == "attachment file name"
    # The title between two header lines is kept.
    assert plans[JIAXING].paragraphs[0].text.text == "嘉兴市人民政府办公室关于推进嘉兴市卫生健康现代化建设的实施意见"


def test_table_of_contents_is_removed_but_body_headings_stay(plans):
    plan = plans[PANZHIHUA]
    toc = [r for r in plan.removed if r.reason == "table of contents"]
    assert re.sub(r"\s", "", toc[0].text) == "目录"
    assert any(re.sub(r"\s+", " ", r.text).endswith("加快建设中医药服务强市 40") for r in toc)
    assert len(toc) == 60
    chapter_seven = [p for p in plan.paragraphs if p.kind == "heading" and "中医药服务强市" in p.text.text]
    assert len(chapter_seven) == 1
    assert plan.raw.count("第七章") == 2  # once in the contents, once in the body


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_every_raw_line_is_kept_or_reported(plans, doc_id):
    """Nothing is dropped silently: each non-blank line is in a paragraph or in `removed`."""
    plan = plans[doc_id]
    covered = [p.raw_span for p in plan.paragraphs] + [(r.raw_start, r.raw_end) for r in plan.removed]
    for line in split_lines(plan.raw):
        if line.blank:
            continue
        assert any(start <= line.start + len(line.text) - len(line.text.lstrip()) < end
                   for start, end in covered), f"{doc_id}:{line.number} dropped: {line.text[:40]}"


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_every_clean_character_points_at_its_raw_character(plans, doc_id):
    plan = plans[doc_id]
    repaired = {".": "。．.", "|": "|"}
    for paragraph in plan.paragraphs:
        text = paragraph.text
        for char, start, end in zip(text.text, text.starts, text.ends, strict=False):
            source = plan.raw[start:end]
            if char in source:
                continue
            if paragraph.kind == "table" and char in " |":
                continue
            assert source and source[0] in repaired.get(char, "") or (
                char == " " and source.isspace()
            ), (doc_id, paragraph.para_id, char, source)
        raw_start, raw_end = paragraph.raw_span
        assert re.sub(r"\s", "", plan.raw[raw_start:raw_end]).startswith(
            re.sub(r"\s", "", text.text)[:3].replace(".", "")[:1]
        )


def test_numbers_survive_cleaning(plans):
    """Every number in the raw text of a kept paragraph is still in its clean text."""
    for plan in plans.values():
        for paragraph in plan.paragraphs:
            raw_start, raw_end = paragraph.raw_span
            raw_numbers = re.findall(r"\d+", plan.raw[raw_start:raw_end].replace("。", "."))
            clean = paragraph.text.text
            for number in raw_numbers:
                assert number in clean, (plan.doc_id, paragraph.para_id, number)


HEADING_PATHS = [
    (PANZHIHUA, "强化中医药在疾病预防中的作用", "第七章 加快建设中医药服务强市 / 第二节 充分发挥中医药独特优势"),
    (PANZHIHUA, "人均预期寿命从2015年的77.87岁", "第一章 “十四五”发展规划背景 / 第一节 发展基础"),
    (PANZHIHUA, "疾控机构实验室能力建设", "第三章 提升公共卫生服务能力 / 第一节 构建强大公共卫生体系 / 专栏1 构建强大公共卫生体系项目"),
    (JIAXING, "建设4家以上慢性病综合防控金牌示范区", "二、重点任务 / (三)实施全民健康促进行动 / 11.完善慢性病早筛早诊早治制度"),
    (JIAXING, "每千名老年人康复护理床位达到5.8张", "二、重点任务 / (七)实施老年健康促进行动 / 28.推进老年医疗资源均衡布局"),
    (JIAXING, "培育医养结合示范项目10个", "二、重点任务 / (七)实施老年健康促进行动 / 29.推进医养结合服务"),
    (CIXI_ACTION, "推进心脑血管疾病防治知识的普及", "二、专项行动 / (四)防控重大疾病 / 18.心脑血管疾病防治行动"),
    (CIXI_ACTION, "孕产妇死亡率、婴儿死亡率和5岁以下儿童死亡率分别控制在", "一、总体目标"),
    (CIXI_POINTS, "坚持贯彻“外防输入、内防反弹”总策略", "一、强化科学精准,守牢疫情防控底线红线 / 1.完善预防和早发现机制"),
    (CIXI_EXCERPT, "全市传染病收治能力达到每万人1.5张床位", "2.强化重大疫情救治体系建设"),
]


@pytest.mark.parametrize(("doc_id", "fragment", "path"), HEADING_PATHS)
def test_heading_paths_of_known_paragraphs(plans, doc_id, fragment, path):
    paragraph = _find(plans[doc_id], fragment)
    assert paragraph.kind == "text"
    assert " / ".join(paragraph.heading_path) == path
    assert paragraph.level == path.count(" / ") + 1


def test_run_in_heading_is_its_own_paragraph(plans):
    plan = plans[CIXI_ACTION]
    heading = _find(plan, "26.中医药促进健康行动")
    assert heading.kind == "heading"
    assert heading.text.text == "26.中医药促进健康行动。"
    body = plan.paragraphs[heading.para_id]  # para_id is 1-based: this is the next paragraph
    assert body.kind == "text" and body.heading_path == heading.heading_path


@pytest.mark.parametrize("line", [
    "二、目前我县托位数共有295个,平均每千人口2.02个,与基本设置要求4.5个/千人口相差甚远。",  # a reply to a proposal
    "一、全县孕产妇死亡率46.79/10万，婴儿死亡率5.1‰，5岁以下儿童死亡率6.2‰。",  # a work summary
])
def test_a_numbered_sentence_of_several_clauses_is_text_not_a_heading(line):
    from compare import clean_plan

    plan = clean_plan(f"{line}\n下一段正文。")
    assert [p.kind for p in plan.paragraphs] == ["text", "text"]
    assert clean_plan("二、加强组织领导\n各地要加强领导。").paragraphs[0].kind == "heading"


def test_numbered_items_run_together_on_one_line_are_split(plans):
    plan = plans[JIAXING]
    headings = [p.text.text for p in plan.paragraphs if p.kind == "heading"]
    assert "10.健全城乡居民健康体检制度。" in headings and "11.完善慢性病早筛早诊早治制度。" in headings
    items = [h for h in headings if re.match(r"\d+\.", h)]
    assert len(items) == 40 and items[-1].startswith("40.")
    assert len({p.line for p in plan.paragraphs if p.text.text.startswith(("29.", "30."))}) == 1


def test_flattened_table_becomes_one_table_paragraph(plans):
    tables = [p for p in plans[PANZHIHUA].paragraphs if p.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    assert table.heading_path[-1] == "表1 攀枝花市“十四五”时期卫生健康主要发展指标"
    cells = table.text.text.split(" | ")
    assert cells[:6] == ["领域", "序号", "主要指标", "2020年", "2025年", "指标性质"]
    row = cells.index("人均预期寿命(岁)")
    assert cells[row + 1 : row + 3] == ["78.84", "79.5"]
    assert "每千常住人口执业(助理)医师数(人)" in cells
    assert cells[-1] == "预期性" and "健康服务业总规模(亿元)" in cells


@pytest.mark.parametrize("doc_id", [JIAXING, PANZHIHUA, CIXI_POINTS])
def test_traditional_pages_are_cleaned_like_simplified_ones(plans, doc_id):
    """首頁, 索引號, 第X節 and 專欄 are recognised on a traditional page; raw offsets still point at it."""
    import opencc

    simplified = plans[doc_id]
    traditional = clean_plan(opencc.OpenCC("s2tw").convert(simplified.raw), doc_id=doc_id)
    assert [r.reason for r in traditional.removed] == [r.reason for r in simplified.removed]
    assert [p.heading_path for p in traditional.paragraphs] == [p.heading_path for p in simplified.paragraphs]
    assert [p.raw_span for p in traditional.paragraphs] == [p.raw_span for p in simplified.paragraphs]


# --- batched cleaning helpers: the same results as one text, line or paragraph at a time ----


# Characters every repair and look-around cares about: white space of each kind (the ideographic
# space is also Chinese punctuation), Chinese, traditional forms, full-width forms, digits, full
# stops, Latin letters and punctuation, joiner characters, characters beyond the BMP.
_NOISY = st.lists(
    st.sampled_from(list(" \t\r\n\u00a0\u3000\u2002\u200b\ufeff\x85\u2028健康衛生醫療乾隆。．，、“”（）0123456789"
                         "aZ.-!~%＋５ＡＱ\uff10\u2010\u205e\U00020000\U0001d7ce\x00\x01")
                    + ["2。8", "１２。５", "第一章", "專欄1", "表2", "  ", "\u3000\u3000", "目錄", "索引号:"]),
    max_size=30,
).map("".join)
_SETTINGS = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _mapped(text: str, offset: int) -> MappedText:
    positions = np.arange(offset, offset + len(text), dtype=np.int64)
    return MappedText(text, positions, positions + 1)


@_SETTINGS
@given(st.lists(_NOISY, max_size=6))
def test_repair_many_is_repair_of_each(texts):
    mapped = [_mapped(text, 7 * k) for k, text in enumerate(texts)]
    for one, batch in zip([repair(m) for m in mapped], repair_many(mapped), strict=True):
        assert one.text == batch.text
        assert one.starts.tolist() == batch.starts.tolist() and one.ends.tolist() == batch.ends.tolist()
        assert one.starts.dtype == batch.starts.dtype


@_SETTINGS
@given(st.lists(_NOISY, max_size=6))
def test_simplified_each_and_heading_ranks_are_per_text(texts):
    assert simplified_each(texts) == [simplified(text) for text in texts]
    assert heading_ranks(texts) == [heading_rank(text) for text in texts]


def test_heading_ranks_of_every_marker():
    starts = ["第三编", "第十二章", "第2节", "四、", "（五）", "6.", "(7)", "⑧", "专栏 9", "表10", "專欄3", "第一節", "1.5", "正文"]
    assert heading_ranks(starts) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 2, None, None]
    assert [rank for rank, _ in HEADING_MARKERS] == list(range(9))


@_SETTINGS
@given(_NOISY)
def test_line_table_is_the_lines_as_columns(raw):
    try:
        lines = split_lines(raw)
    except UnicodeEncodeError:  # a lone surrogate: OpenCC cannot take it
        return
    table = LineTable.of_raw(raw)
    assert table.lines() == lines
    assert table.keys == [line.key for line in lines]
    assert table.own == [simplified(line.text) for line in lines]
    assert furniture_of_table(table) == find_furniture(lines)
    reasons = find_furniture(lines)
    assert removed_of_table(table, reasons) == removed_lines(lines, reasons)
    assert _normalized_lines(table.own) == [normalize_line(line.text) for line in lines]


def test_furniture_of_a_table_needs_own_conversions():
    with pytest.raises(ValueError, match="own conversion"):
        furniture_of_table(LineTable.of_lines(split_lines("目录\n一、总体要求\n"), with_own=False))


def test_replace_spans_maps_like_sub():
    text = MappedText.from_raw("ab  cd\tef")
    replaced = text.replace_spans([(2, 4), (6, 7)], " ")
    by_sub = text.sub(re.compile(r"\s+"), " ")
    assert replaced.text == by_sub.text == "ab cd ef"
    assert np.array_equal(replaced.starts, by_sub.starts) and np.array_equal(replaced.ends, by_sub.ends)
    assert replaced.starts.tolist() == [0, 1, 2, 4, 5, 6, 7, 8] and replaced.ends.tolist() == [1, 2, 4, 5, 6, 7, 8, 9]
    assert text.replace_spans([(0, 2)], ["xyz"]).starts.tolist()[:3] == [0, 0, 0]
    assert text.replace_spans([], " ") is text


@pytest.mark.parametrize("doc_id", [CIXI_ACTION, CIXI_POINTS, CIXI_EXCERPT, JIAXING, PANZHIHUA])
@pytest.mark.parametrize("width", [30, 40])
def test_a_hard_wrapped_plan_keeps_its_paragraphs(plans, doc_id, width):
    # pdftotext, a PDF viewer's copy or a mail program break every line at one width: the lines
    # that fill it go on in the next line (the seeds have no line broken so).
    from realworld import hard_wrapped

    from compare.structure import columns, wrap_width

    plan = plans[doc_id]
    wrapped = clean_plan(hard_wrapped(plan.raw, width))
    assert wrap_width([columns(line) for line in plan.raw.splitlines()]) is None
    assert wrap_width([columns(line) for line in wrapped.raw.splitlines()]) == pytest.approx(2 * width, abs=1)
    original = [(p.kind, p.heading_path, p.text.text) for p in plan.paragraphs]
    kept = set((p.kind, p.heading_path, p.text.text) for p in wrapped.paragraphs)
    assert sum(paragraph in kept for paragraph in original) >= 0.98 * len(original)


def test_lines_broken_at_the_page_width_run_together_mid_number():
    from realworld import hard_wrapped

    from compare import extract_indicators
    from compare.structure import columns, wrap_width

    review = ("　　“十四五”以来，全市卫生健康事业持续发展，居民健康素养水平稳步提升，婴儿死亡率、孕产妇死亡率持续"
              "下降，2023年底人均预期寿命达到81.3岁，每千人口执业（助理）医师数达到3.1人，每千人口注册护士数达到"
              "3.6人，每千人口医疗卫生机构床位数达到6.1张，群众获得感明显增强。")
    task = "　　加强基层医疗卫生服务体系建设，提升县域综合服务能力，推进紧密型县域医共体建设，完善分级诊疗制度。"
    raw = hard_wrapped(f"一、发展基础\n{review}\n二、主要任务\n{task}\n", 22)
    assert "达到81\n.3岁" in raw  # the page width cuts the number
    assert wrap_width([columns(line) for line in raw.splitlines()]) == pytest.approx(44, abs=1)
    plan = clean_plan(raw)
    assert [(p.kind, p.text.text[:4]) for p in plan.paragraphs] == [
        ("heading", "一、发展"), ("text", "“十四五"), ("heading", "二、主要"), ("text", "加强基层")]
    text = plan.paragraphs[1].text
    assert "人均预期寿命达到81.3岁" in text.text and text.text.endswith("明显增强。")
    assert plan.raw[slice(*text.raw_span(0, len(text.text)))].endswith("明显增强。")
    facts = extract_indicators(plan).query("metric_id == 'life_expectancy'")
    assert facts[["kind", "year", "value"]].values.tolist() == [["baseline", 2023, 81.3]]
