"""Property-based tests (hypothesis): no text makes the pipeline crash or lie about its sources.

Arbitrary Unicode and plan-like text (Chinese characters, digits, 。，%‰/、, headings, table cells,
page furniture, full-width digits, realistic fragments such as 到2025年 / 人均预期寿命达到 / 79.5岁)
go through cleaning, sentence splitting, indicator extraction and theme coding. The properties:

- nothing raises;
- every clean character maps to a raw span inside the text, and is a copy of it or one of the
  documented repairs (full-width to ASCII, 。 between digits to '.', white space to one space);
- no raw character other than white space disappears without a record (a paragraph or a
  removed line covers it);
- sentence spans are ordered, non-overlapping, inside their paragraph and cover all its text;
- every extracted row quotes ``raw[start:end]`` inside its paragraph, and its number is in it;
- a registry metric stated with a number is extracted (single, 分别 lists, 从…提高到…);
- theme shares of every coded document sum to 1, or are all NaN when nothing is coded.

Bounded: the whole file runs in well under a minute. Set ``COMPARE_FUZZ_EXAMPLES`` to run every
property on more examples (e.g. 5000) when hunting bugs.
"""

from __future__ import annotations

import math
import os
import re
from functools import cache

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from compare import clean_plan, extract_indicators, split_sentences
from compare.corpus import PARAGRAPH_COLUMNS, TOKEN_COLUMNS, paragraph_rows
from compare.indicators import COMPARATORS
from compare.registry import OTHER, load_registry
from compare.themes import ThemeCoder, code_paragraphs, load_codebook, theme_shares

EXAMPLES = int(os.environ.get("COMPARE_FUZZ_EXAMPLES", "0")) or None


def bounded(n: int):
    """``n`` examples (or ``COMPARE_FUZZ_EXAMPLES``), no deadline: jieba's first load is slow.

    No example database (nothing is written into the working tree); a failure prints the
    falsifying example and a ``@reproduce_failure`` blob instead.
    """
    return settings(
        max_examples=EXAMPLES or n,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- strategies ----------------------------------------------------------------------------

FRAGMENTS = [
    # targets as plans write them
    "到2025年", "到2022年底", "2020年", "人均预期寿命达到", "人均预期寿命", "79.5岁", "80岁", "以上", "以下",
    "左右", "分别", "分别达到", "分别控制在", "、", "和", "从", "由", "提高到", "下降到", "降至", "达到", "控制在",
    "不低于", "年均增长", "每年降低", "个百分点", "同比例提高", "婴儿死亡率", "孕产妇死亡率", "5‰", "9.5/10万",
    "健康素养水平", "30%", "每千常住人口执业（助理）医师数", "3.2人", "家庭医生签约服务覆盖率", "15岁以上人群吸烟率",
    "3岁以下婴幼儿", "65岁以上老年人", "《“十四五”国民健康规划》", "较2015年下降", "2015年至2019年",
    # punctuation, white space and extraction noise
    "。", "，", "；", "：", "！", "？", "”", "“", "（", "）", "(", ")", "%", "‰", "/", "|", " | ", "~", "～", "—",
    "\n", "\r\n", "\r", " ", "\t", "\u3000", "\u00a0", "\ufeff", "\u200b", "\x0c", "\u2028", "\u0085",
    "２０２５", "７９．５", "2。8", "健 康", "2022 年",
    # structure and page furniture
    "\n一、总体目标\n", "\n（一）主要指标\n", "\n1.", "\n（1）", "\n①", "\n第一章 总体要求\n", "\n第二节 发展目标\n",
    "\n专栏1 健康城市\n", "\n表1 主要指标\n", "\n序号\n", "\n指标\n", "\n2020年\n", "\n2025年\n", "\n1\n", "\n2\n",
    "\n预期性\n", "\n约束性\n", "\n人均预期寿命（岁）\n", "\n78.5\n", "\n>80\n", "\n<6.5\n", "\n城镇80左右,居民70\n",
    "\n目录\n", "\n索引号：\n", "\n发布机构：卫健委\n", "\n2022-01-07\n", "\n首页 > 政务公开 > 文件\n", "\n打印\n",
    "\n附件：指标.docx\n", "\n2022年3月29日印发\n", "十四五", "规划",
]
PLAN_ALPHABET = st.sampled_from(
    list("人均预期寿命达到年以上分别从提高婴儿死亡率健康素养水平医疗卫生服务体系")
    + list("0123456789") + list("。，%‰/、") + ["\n", " ", "."]
)
any_text = st.text(max_size=300)
plan_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(PLAN_ALPHABET, min_size=1, max_size=6)), max_size=60
).map("".join)
texts = st.one_of(any_text, plan_text)

# Characters the cleaner may drop or fold: white space, and the zero-width space and BOM.
_INVISIBLE = "\u200b\ufeff"


def _is_space(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


_FULLWIDTH_REPAIRS = {chr(c): chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                          *range(0xFF41, 0xFF5B), 0xFF05, 0xFF0B]}


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s").convert


def _simplified_here(raw: str, begin: int, finish: int, char: str) -> bool:
    """``char`` is the simplified form of raw[begin:finish] (converted in its context)."""
    return char in _t2s()(raw[max(0, begin - 8) : finish + 8]) and char not in raw[begin:finish]


# --- cleaning ------------------------------------------------------------------------------


@bounded(300)
@given(texts)
def test_every_clean_character_maps_to_its_raw_text(raw):
    plan = clean_plan(raw, doc_id="fuzz")
    previous_end = 0
    for paragraph in plan.paragraphs:
        text = paragraph.text
        assert text.text and text.text == text.text.strip()
        assert len(text.starts) == len(text.ends) == len(text.text)
        assert (text.starts <= text.ends).all() and (text.starts >= 0).all() and (text.ends <= len(raw)).all()
        assert (np.diff(text.starts) >= 0).all(), "clean text runs backwards through the raw text"
        start, end = paragraph.raw_span
        assert previous_end <= start < end <= len(raw), "paragraphs overlap or leave the raw text"
        previous_end = end
        for char, begin, finish in zip(text.text, text.starts.tolist(), text.ends.tolist(), strict=True):
            source = raw[begin:finish]
            if finish == begin:  # inserted: only the table cell separator
                assert char in " |", (char, begin)
            elif len(source) == 1 and source != char:
                assert (
                    _FULLWIDTH_REPAIRS.get(source) == char
                    or (char == "." and source in "。．")
                    or (char == " " and _is_space(source))
                    or _simplified_here(raw, begin, finish, char)
                ), (char, source)
            elif len(source) > 1:  # a white-space run folded into one space, or a phrase simplified
                assert (char == " " and all(map(_is_space, source))) or _simplified_here(
                    raw, begin, finish, char
                ), (char, source)


@bounded(300)
@given(texts)
def test_nothing_is_dropped_without_a_record(raw):
    """Every visible raw character is in a paragraph or in a removed line (with its reason)."""
    plan = clean_plan(raw, doc_id="fuzz")
    covered = np.zeros(len(raw) + 1, dtype=np.int64)
    for paragraph in plan.paragraphs:
        for begin, finish in zip(paragraph.text.starts.tolist(), paragraph.text.ends.tolist(), strict=True):
            covered[begin] += 1
            covered[finish] -= 1
    for removed in plan.removed:
        assert removed.reason and 0 <= removed.raw_start <= removed.raw_end <= len(raw)
        covered[removed.raw_start] += 1
        covered[removed.raw_end] -= 1
    inside = np.cumsum(covered)[: len(raw)] > 0
    lost = [(i, char) for i, char in enumerate(raw) if not inside[i] and not _is_space(char)]
    assert not lost, lost[:5]


# --- sentences -----------------------------------------------------------------------------


def _check_sentences(text: str) -> None:
    spans = split_sentences(text)
    end_of_previous = 0
    for start, end in spans:
        assert end_of_previous <= start < end <= len(text), spans
        sentence = text[start:end]
        assert sentence == sentence.strip(), (sentence, spans)
        end_of_previous = end
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    assert all(i in covered for i, char in enumerate(text) if not char.isspace()), "text outside every sentence"


@bounded(300)
@given(texts)
def test_sentence_spans_are_ordered_disjoint_and_cover_the_paragraph(raw):
    _check_sentences(raw)
    for paragraph in clean_plan(raw, doc_id="fuzz").paragraphs:
        _check_sentences(paragraph.text.text)


# --- indicators ----------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _numbers_in(evidence: str) -> set[float]:
    """The numbers of raw text as the extractor reads them (full-width digits, 2。8, spaces)."""
    text = "".join(_FULLWIDTH_REPAIRS.get(c, c) for c in evidence if not _is_space(c))
    text = re.sub(r"(?<=\d)[。．](?=\d)", ".", text)
    return {float(n) for n in _NUMBER.findall(text)}


def _check_rows(plan, table: pd.DataFrame) -> None:
    spans = {p.para_id: p.raw_span for p in plan.paragraphs}
    metric_ids = set(load_registry()["metric_id"]) | {OTHER}
    for row in table.itertuples(index=False):
        assert 0 <= row.start < row.end <= len(plan.raw)
        assert plan.raw[row.start : row.end] == row.evidence
        para_start, para_end = spans[row.para_id]
        # A table row flattened one cell per line spans the lines of its cells: it starts in the
        # paragraph of its name cell (para_id). Any other fact lies within its paragraph.
        assert para_start <= row.start, "evidence before its paragraph"
        assert row.source == "table" or row.end <= para_end, "evidence outside its paragraph"
        assert row.metric_id in metric_ids and row.kind in ("baseline", "target")
        assert row.comparator in COMPARATORS and row.source in ("prose", "table")
        if not pd.isna(row.value):
            assert abs(float(row.value)) in _numbers_in(row.evidence), (row.value, row.evidence)
        else:
            assert row.comparator == "qualitative"


@bounded(300)
@given(texts)
def test_extracted_rows_quote_the_raw_text_that_holds_their_number(raw):
    plan = clean_plan(raw, doc_id="fuzz")
    _check_rows(plan, extract_indicators(plan))


@cache
def _metrics() -> list[tuple[str, str, str]]:
    """(metric_id, name, unit as written) of every registry metric."""
    written = {"%": "%", "‰": "‰", "岁": "岁", "/10万": "/10万", "天": "天"}
    return [(r.metric_id, r.name_zh, written.get(r.unit, "")) for r in load_registry().itertuples()]


def _listable() -> list[tuple[str, str, str]]:
    """Metrics whose names can stand in a 、/和 list (no 和 or number inside the name)."""
    return [m for m in _metrics() if not re.search(r"和|\d", m[1])]


numbers = st.decimals(min_value=1, max_value=999, places=1).map(lambda d: format(d.normalize(), "f"))


def _plausible(number: str, unit: str) -> bool:
    """A share's level is at most 100 %: above it the extractor says the value is no share's level."""
    return unit != "%" or float(number) <= 100


def _facts(raw: str) -> set[tuple[str, str, float]]:
    plan = clean_plan(raw, doc_id="fuzz")
    table = extract_indicators(plan)
    _check_rows(plan, table)
    return {(r.metric_id, r.kind, float(r.value)) for r in table.itertuples() if not pd.isna(r.value)}


@bounded(100)
@given(
    st.sampled_from(_metrics()),
    st.sampled_from(["达到", "提高到", "控制在", "为", "不低于", "保持在"]),
    numbers,
    st.sampled_from(["", "以上", "左右", "以下"]),
    st.integers(2021, 2035),
)
def test_a_stated_target_is_extracted(metric, verb, number, after, year):
    metric_id, name, unit = metric
    assume(_plausible(number, unit))
    raw = f"一、主要目标\n到{year}年，{name}{verb}{number}{unit}{after}。\n"
    assert (metric_id, "target", float(number)) in _facts(raw), raw


@bounded(100)
@given(
    st.lists(st.sampled_from(_listable()), min_size=2, max_size=4, unique_by=lambda m: m[0]),
    st.sampled_from(["、", "和"]),
    st.data(),
)
def test_every_value_of_a_list_is_extracted(metrics, last_separator, data):
    """分别 lists and one sentence per metric: no value of the list is dropped."""
    values = [data.draw(numbers.filter(lambda n, unit=m[2]: _plausible(n, unit))) for m in metrics]
    names = "、".join(m[1] for m in metrics[:-1]) + last_separator + metrics[-1][1]
    stated = [v + m[2] for v, m in zip(values, metrics, strict=True)]
    together = f"到2025年，{names}分别达到{'、'.join(stated[:-1])}{last_separator}{stated[-1]}。\n"
    one_by_one = "到2025年，" + "、".join(f"{m[1]}达到{s}" for m, s in zip(metrics, stated, strict=True)) + "。\n"
    for raw in (together, one_by_one):
        facts = _facts(raw)
        missing = [(m[0], v) for m, v in zip(metrics, values, strict=True) if (m[0], "target", float(v)) not in facts]
        assert not missing, (raw, missing)


@bounded(60)
@given(st.sampled_from(_listable()), numbers, numbers, st.sampled_from(["提高到", "下降到", "降低到", "提升到", "降至"]))
def test_a_trajectory_gives_baseline_and_target(metric, first, second, verb):
    metric_id, name, unit = metric
    assume(_plausible(first, unit) and _plausible(second, unit))
    raw = f"到2025年，{name}从2020年的{first}{unit}{verb}{second}{unit}。\n"
    facts = _facts(raw)
    assert {(metric_id, "baseline", float(first)), (metric_id, "target", float(second))} <= facts, raw


# --- themes --------------------------------------------------------------------------------


@cache
def _coder() -> ThemeCoder:
    return ThemeCoder().fit()


@cache
def _keywords() -> list[str]:
    return sorted({k for keywords in load_codebook()["keywords"] for k in keywords})


def _tables(plans: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The paragraphs and tokens tables of plans, as ``compare build`` makes them."""
    from compare.segmentation import default_segmenter

    segmenter = default_segmenter()
    paragraphs, tokens = [], []
    for index, raw in enumerate(plans):
        plan = clean_plan(raw, doc_id=f"doc{index}")
        paragraphs.extend(paragraph_rows(plan))
        tokens.extend((plan.doc_id, p.para_id, " ".join(segmenter.tokens(p.text.text))) for p in plan.paragraphs)
    return pd.DataFrame(paragraphs, columns=list(PARAGRAPH_COLUMNS)), pd.DataFrame(tokens, columns=list(TOKEN_COLUMNS))


themed_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(PLAN_ALPHABET, min_size=1, max_size=6), st.sampled_from(_keywords())),
    max_size=40,
).map("".join)


@bounded(60)
@given(st.lists(st.one_of(themed_text, any_text), min_size=1, max_size=3))
def test_theme_shares_of_a_document_sum_to_one_or_are_all_nan(plans):
    paragraphs, tokens = _tables(plans)
    coded = code_paragraphs(paragraphs, tokens, coder=_coder())
    theme_ids = list(_coder().theme_ids_)
    assert ((coded[theme_ids] >= 0) & (coded[theme_ids] <= 1)).all().all()
    sums = coded[theme_ids].sum(axis=1)
    assert np.allclose(sums[coded["n_matches"] > 0], 1) and (sums[coded["n_matches"] == 0] == 0).all()
    shares = theme_shares(coded, n_boot=20, random_state=0)
    assert set(shares["doc_id"]) == set(coded["doc_id"])
    for doc_id, group in shares.groupby("doc_id"):
        values = group["share"].to_numpy(dtype=float)
        if np.isnan(values).all():
            assert (coded.loc[coded["doc_id"] == doc_id, "n_matches"] == 0).all(), doc_id
        else:
            assert not np.isnan(values).any() and math.isclose(values.sum(), 1.0), values
            assert ((values >= 0) & (values <= 1)).all()
        uncoded = group["uncoded_share"].to_numpy(dtype=float)
        assert np.isnan(uncoded).all() or ((uncoded >= -1e-12) & (uncoded <= 1 + 1e-12)).all()
        low, high = group["share_low"].to_numpy(dtype=float), group["share_high"].to_numpy(dtype=float)
        both = ~np.isnan(low) & ~np.isnan(high)
        assert (low[both] <= high[both] + 1e-12).all()


@bounded(200)
@given(st.lists(st.one_of(st.sampled_from(_keywords()), st.text(max_size=4)), max_size=40))
def test_keyword_matches_are_in_order_inside_the_tokens_and_do_not_overlap(tokens):
    coder = _coder()
    matches = coder.matches(tokens)
    end = 0
    for match in matches:
        assert end <= match.start < match.end <= len(tokens)
        assert match.theme_id in coder.theme_ids_
        end = match.end
    weights = coder.code(tokens)
    assert not weights or math.isclose(sum(weights.values()), 1.0)


# --- manifests -----------------------------------------------------------------------------

_PLAN = "一、目标\n到2025年，人均预期寿命达到80岁。\n"
cell = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20)  # control characters: binary


def _cell(draw, name: str) -> str:
    """A cell of one manifest column: mostly valid, sometimes plausible but wrong, or anything."""
    from compare.corpus import DOC_TYPES

    valid = {"doc_id": "a", "file": "a.txt", "doc_type": "other", "issued": "2020-10-29", "horizon": "2025"}
    plausible = {
        "doc_id": ["a", "b", "plan-1", "慈溪", " a ", "a.b_c", ""],
        "file": ["a.txt", "b.txt", "", "../a.txt", "/etc/passwd", "sub/a.txt", ".", "a plan 规划.txt"],
        "doc_type": [*DOC_TYPES, "行动方案", ""],
        "issued": ["2020", "2020-01-31", "2020-02-30", "2020/1/1", ""],
        "horizon": ["2025", "2025年", ""],
        "baseline_year": ["2020", "二〇二〇", ""],
    }.get(name, ["", "慈溪市", "Cixi", "a,b", 'say "hi"', "two\nlines"])
    roll = draw(st.integers(0, 9))
    if roll < 6:
        return valid.get(name, "")
    return draw(st.sampled_from(plausible)) if roll < 9 else draw(cell)


@st.composite
def manifests(draw) -> str:
    import csv
    import io

    from compare.corpus import MANIFEST_COLUMNS

    header = list(MANIFEST_COLUMNS)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.integers(0, 9)) == 0:
        header = header[: draw(st.integers(0, len(header)))]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 0, 3]))):
        row = [_cell(draw, name) for name in header]
        if draw(st.integers(0, 9)) == 0:  # a line with too few or too many fields
            row = row[: draw(st.integers(0, len(row)))] or row + ["extra"]
        writer.writerow(row)
    return out.getvalue()


@bounded(300)
@given(manifests(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_any_manifest_is_read_or_refused_in_one_line(text, encoding):
    """read_manifest returns a table or raises PlanInputError naming the manifest, on one line."""
    import tempfile
    from pathlib import Path

    from compare import PlanInputError, read_manifest

    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        raw.mkdir()
        (raw / "a.txt").write_text(_PLAN, encoding="utf-8")
        (raw / "manifest.csv").write_bytes(data)
        try:
            table = read_manifest(raw)
        except PlanInputError as error:
            event("refused")
            message = str(error)
            assert "\n" not in message and "\r" not in message, message
            assert message.startswith(str(raw)), message
        else:
            event("read")
            assert table["doc_id"].is_unique and len(table) >= 1
            for file in table["file"]:
                assert raw.resolve() in (raw / file).resolve().parents, file
