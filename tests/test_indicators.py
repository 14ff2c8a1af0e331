"""Indicator extraction: every sentence shape and trap of the issue, the table, and gold P/R."""

import math
import re

import pandas as pd
import pytest
from conftest import PANZHIHUA, RAW, TEST_DATA

from compare import clean_plan, read_manifest, read_plan, split_sentences
from compare.indicators import COMPARATORS, INDICATOR_COLUMNS, extract_indicators, infer_context

GOLD = TEST_DATA.parent / "fixtures" / "gold_indicators.csv"


def facts(text, *, with_scope=False, **context):
    """Rows of a one-paragraph plan, as tuples (metric_id, kind, year, value, unit, comparator),
    with the scope last when ``with_scope``."""
    context = {"horizon": 2025, "baseline_year": 2020, "issued": "2021", **context}
    table = extract_indicators(clean_plan(text, doc_id="t"), **context)
    return [
        (r.metric_id, r.kind, None if pd.isna(r.year) else int(r.year),
         None if pd.isna(r.value) else float(r.value), r.unit, r.comparator, *((r.scope,) if with_scope else ()))
        for r in table.itertuples()
    ]


SHAPES = [
    ("到2025年，人均预期寿命达到79.5岁以上。", [("life_expectancy", "target", 2025, 79.5, "岁", ">=")]),
    ("婴儿死亡率控制在4.8‰以下。", [("infant_mortality", "target", 2025, 4.8, "‰", "<=")]),
    ("孕产妇死亡率下降到12/10万。", [("maternal_mortality", "target", 2025, 12.0, "/10万", "=")]),
    ("全市居民健康素养水平为44.5%。", [("health_literacy", "target", 2025, 44.5, "%", "=")]),
    ("每千人口注册护士数不低于3.8人。", [("nurses_per_1000", "target", 2025, 3.8, "人", ">=")]),
    ("15岁以上人群吸烟率低于20%。", [("smoking_rate_15plus", "target", 2025, 20.0, "%", "<")]),
    ("个人卫生支出占卫生总费用的比重约27%。", [("oop_share", "target", 2025, 27.0, "%", "~")]),
    ("个人卫生支出占卫生总费用的比重降至27%左右。", [("oop_share", "target", 2025, 27.0, "%", "~")]),
    ("家庭医生签约服务覆盖率超过45%。", [("family_doctor_coverage", "target", 2025, 45.0, "%", ">")]),
    ("县域内就诊率不超过95%。", [("county_visit_rate", "target", 2025, 95.0, "%", "<=")]),
    ("孕产妇死亡率、婴儿死亡率和5岁以下儿童死亡率分别控制在9.5/10万、6.5‰和8‰以下。", [
        ("maternal_mortality", "target", 2025, 9.5, "/10万", "<="),
        ("infant_mortality", "target", 2025, 6.5, "‰", "<="),
        ("under5_mortality", "target", 2025, 8.0, "‰", "<="),
    ]),
    ("每千人口床位数、执业(助理)医师数、注册护士数分别达到8张、3.63人、4.1人。", [
        ("beds_per_1000", "target", 2025, 8.0, "张", "="),
        ("doctors_per_1000", "target", 2025, 3.63, "人", "="),
        ("nurses_per_1000", "target", 2025, 4.1, "人", "="),
    ]),
    ("高血压和2型糖尿病患者规范管理服务率均达到70%以上。", [
        ("hypertension_management_rate", "target", 2025, 70.0, "%", ">="),
        ("diabetes_management_rate", "target", 2025, 70.0, "%", ">="),
    ]),
    ("人均预期寿命从2015年的77.87岁提高到2020年的78.84岁，婴儿死亡率从5.3‰下降到3.06‰。", [
        ("life_expectancy", "baseline", 2015, 77.87, "岁", "="),
        ("life_expectancy", "baseline", 2020, 78.84, "岁", "="),
        ("infant_mortality", "baseline", 2015, 5.3, "‰", "="),
        ("infant_mortality", "baseline", 2020, 3.06, "‰", "="),
    ]),
    ("人均预期寿命由78.3岁提高到79.2岁。", [
        ("life_expectancy", "baseline", None, 78.3, "岁", "="),
        ("life_expectancy", "target", 2025, 79.2, "岁", "="),
    ]),
    ("到2025年，人均预期寿命提高1岁左右。", [("life_expectancy", "target", 2025, 1.0, "岁", "change")]),
    ("重大慢性病过早死亡率较2015年下降30%。", [("premature_ncd_mortality", "target", 2025, -30.0, "%", "change")]),
    ("儿童青少年总体近视率每年降低0.5个百分点。", [("myopia_rate", "target", 2025, -0.5, "个百分点", "annual_change")]),
    ("健康预期寿命同比例提高。", [("healthy_life_expectancy", "target", 2025, None, "岁", "qualitative")]),
    ("居民健康素养水平显著提高，达到32%以上。", [("health_literacy", "target", 2025, 32.0, "%", ">=")]),
    ("2020 年末，每千人口床位数为6.5张。", [("beds_per_1000", "baseline", 2020, 6.5, "张", "=")]),
    ("到2022 年，居民健康素养水平达到30%。", [("health_literacy", "target", 2022, 30.0, "%", "=")]),
    ("人均預(yù)期壽命達到80歲。", [("life_expectancy", "target", 2025, 80.0, "岁", "=")]),
    ("居民健康素養水平達到25%以上。", [("health_literacy", "target", 2025, 25.0, "%", ">=")]),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES, ids=[s[0][:18] for s in SHAPES])
def test_sentence_shapes(text, expected):
    assert facts(text) == expected


TRAPS = [
    # Denominators decide the metric: none of these is a doctors/beds/exercise/life-expectancy fact.
    ("每千名儿童拥有儿科执业(助理)医师数达到1.2人以上。", "pediatricians_per_1000_children"),
    ("每千常住人口基层卫生人员数达到3.5人。", "primary_health_workers_per_1000"),
    ("全市精神科执业(助理)医师不低于每10万常住人口4.50人。", "psychiatrists_per_100000"),
    ("全市传染病收治能力达到每万人1.5张床位。", "infectious_disease_beds_per_10000"),
    ("每千名老年人康复护理床位达到5.8张。", "rehab_nursing_beds_per_1000_elderly"),
    ("经常参加体育锻炼人数达到0.00542亿人。", "exercise_participants_count"),
    ("人均健康预期寿命达到70岁。", "healthy_life_expectancy"),
]


@pytest.mark.parametrize(("text", "metric"), TRAPS, ids=[t[1] for t in TRAPS])
def test_denominator_traps(text, metric):
    assert [f[0] for f in facts(text)] == [metric]


def test_ages_types_ranges_and_book_titles_are_not_values():
    assert facts("为40岁以上、糖尿病家族史等高危人群开展筛查。") == []
    assert facts("发展3岁以下婴幼儿照护服务。") == []
    assert [f[0] for f in facts("婴儿死亡率在3.76~5.54‰波动。")] == []
    # The year inside a book title is not the fact's year.
    assert facts("贯彻《国民营养计划(2017—2030年)》，居民健康素养水平达到30%。")[0][2] == 2025


def test_unregistered_facts_are_kept_as_other_with_their_name():
    rows = extract_indicators(clean_plan("到2025年，医疗废物处置在线监管率达95%。"), horizon=2025)
    assert rows["metric_id"].tolist() == ["other"]
    assert rows["metric_raw"].tolist() == ["医疗废物处置在线监管率"]
    share = extract_indicators(clean_plan("到2025年，全市80%的县级医院达到推荐标准。"), horizon=2025)
    assert share["metric_raw"].tolist() == ["县级医院达到推荐标准"]


def test_year_context_paragraph_section_and_horizon():
    text = "一、发展基础\n全市每千人口床位数达到6.2张。\n二、发展目标\n到2025年，婴儿死亡率低于5‰。每千人口注册护士数达到3.8人。\n三、重点任务\n家庭医生签约服务覆盖率达到45%。\n"
    rows = extract_indicators(clean_plan(text), horizon=2025, baseline_year=2020)
    got = {r.metric_id: (r.kind, int(r.year), r.flags) for r in rows.itertuples()}
    assert got["beds_per_1000"] == ("baseline", 2020, "year:section")
    assert got["infant_mortality"] == ("target", 2025, "")
    assert got["nurses_per_1000"] == ("target", 2025, "year:paragraph")
    assert got["family_doctor_coverage"] == ("target", 2025, "year:horizon")


def test_evidence_is_the_raw_text_at_start_end(plans):
    for plan in plans.values():
        rows = extract_indicators(plan)
        assert len(rows) > 0
        for row in rows.itertuples():
            assert plan.raw[row.start : row.end] == row.evidence
    sentence = extract_indicators(plans[PANZHIHUA])
    gp = sentence[sentence["metric_id"] == "gp_per_10000"].iloc[0]
    assert "2。8名全科医生" in gp["evidence"] and gp["value"] == 2.8  # raw text, repaired value


def test_flattened_table(plans):
    rows = extract_indicators(plans[PANZHIHUA], horizon=2025, baseline_year=2020, issued="2022-01-07")
    table = rows[rows["source"] == "table"].set_index(["metric_id", "kind"])
    assert table.loc[("life_expectancy", "baseline"), ["year", "value"]].tolist() == [2020, 78.84]
    assert table.loc[("life_expectancy", "target"), ["year", "value", "comparator"]].tolist() == [2025, 79.5, "="]
    assert table.loc[("maternal_mortality", "target"), "comparator"] == "<"
    infant = table.loc[("infant_mortality", "target")]
    assert infant["unit"] == "‰" and "unit_conflict:%" in infant["flags"]  # the table prints (%)
    assert "also_prose:" in infant["flags"]  # the same target is stated in the text: one row
    assert table.loc[("healthy_life_expectancy", "target"), "comparator"] == "qualitative"
    assert table.loc[("myopia_rate", "target"), ["value", "comparator"]].tolist() == [-0.5, "annual_change"]
    assert table.loc[("vaccination_rate", "target"), "flags"].startswith("nature:约束性")
    assert table.loc[("inpatient_reimbursement_employee", "target"), ["value", "comparator"]].tolist() == [80.0, "~"]
    assert table.loc[("inpatient_reimbursement_resident", "target"), ["value", "comparator"]].tolist() == [70.0, ">="]
    assert table.loc[("exercise_participants_count", "baseline"), "value"] == 0.00497
    assert len(table) == 50  # as many as the hand-annotated gold has table rows


def test_context_is_inferred_from_title_without_a_manifest(plans):
    assert infer_context(plans["cixi-2022-health-work-points"]).horizon == 2022
    context = infer_context(plans[PANZHIHUA])
    assert (context.horizon, context.baseline_year, context.issued_year) == (2025, 2020, 2022)
    assert infer_context(plans["cixi-2020-health-action-plan"]).horizon == 2022


def _key(frame):
    def value(v):
        try:
            return "" if math.isnan(float(v)) else f"{float(v):g}"
        except (TypeError, ValueError):
            return ""

    years = frame["year"].astype(str).replace({"<NA>": "", "nan": ""})
    return set(zip(frame["doc_id"], frame["metric_id"], frame["kind"], years, map(value, frame["value"]), strict=False))


def test_precision_and_recall_against_hand_annotated_gold():
    """Every numeric fact of a registry metric in the five plans, read by hand (tests/fixtures)."""
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    gold = gold[(gold["metric_id"] != "other") & (gold["value"] != "")]
    extracted = []
    for row in read_manifest(RAW).itertuples():
        extracted.append(extract_indicators(read_plan(RAW / row.file, doc_id=row.doc_id),
                                            horizon=int(row.horizon), issued=row.issued,
                                            baseline_year=int(row.baseline_year) if row.baseline_year else None))
    found = pd.concat(extracted)
    found = found[(found["metric_id"] != "other") & found["value"].notna()]
    expected, got = _key(gold), _key(found)
    precision = len(expected & got) / len(got)
    recall = len(expected & got) / len(expected)
    misses = "\n".join(map(str, sorted(expected - got)))
    wrong = "\n".join(map(str, sorted(got - expected)))
    assert precision >= 0.95, f"precision {precision:.3f}; not in gold:\n{wrong}"
    assert recall >= 0.90, f"recall {recall:.3f}; missed:\n{misses}"


def test_columns_and_dtypes():
    rows = extract_indicators(clean_plan("婴儿死亡率控制在4.8‰以下。"), horizon=2025)
    assert tuple(rows.columns) == INDICATOR_COLUMNS
    assert str(rows["year"].dtype) == "Int64" and str(rows["value"].dtype) == "Float64"


def test_extract_command_prints_csv_for_text_and_html(tmp_path):
    import io
    import subprocess
    import sys

    page = tmp_path / "plan.html"
    page.write_text(
        "<html><head><title>某市卫生健康“十四五”规划</title><script>var x=1;</script></head><body>"
        "<h1>某市卫生健康“十四五”规划</h1><p>到2025年，人均预期寿命达到80岁，婴儿死亡率控制在4‰以下。</p>"
        "<table><tr><td>表1 主要指标</td></tr></table></body></html>", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "compare", "extract", str(page)],
                            capture_output=True, text=True, check=True)
    rows = pd.read_csv(io.StringIO(result.stdout))
    assert tuple(rows.columns) == INDICATOR_COLUMNS
    assert rows[["metric_id", "year", "value"]].values.tolist() == [["life_expectancy", 2025, 80.0],
                                                                     ["infant_mortality", 2025, 4.0]]
    assert (rows["doc_id"] == "plan").all()
    assert {"scope", "scope_raw"} <= set(rows.columns) and (rows["scope"] == "plan").all()
    # --issued dates the document: 去年 in a text of 2023 is 2022.
    note = tmp_path / "note.txt"
    note.write_text("某市卫生健康工作总结\n去年，全市居民健康素养水平达到32.5%。\n", encoding="utf-8")
    dated = subprocess.run([sys.executable, "-m", "compare", "extract", str(note), "--issued", "2023-02-01"],
                           capture_output=True, text=True, check=True)
    assert pd.read_csv(io.StringIO(dated.stdout))[["year", "kind"]].values.tolist() == [[2022, "baseline"]]
    bad = subprocess.run([sys.executable, "-m", "compare", "extract", str(note), "--issued", "last year"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "YYYY" in bad.stderr
    failed = subprocess.run([sys.executable, "-m", "compare", "extract", str(tmp_path / "gone.txt")],
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "gone.txt: file not found" in failed.stderr and not failed.stdout


def test_built_table_loads_with_pinned_dtypes():
    from conftest import CLEAN

    from compare import load_indicators

    table = load_indicators(CLEAN)
    assert str(table["year"].dtype) == "Int64" and str(table["value"].dtype) == "Float64"
    assert table["start"].dtype == "int64" and table["metric_id"].dtype == "string"
    assert set(table["comparator"]) <= set(COMPARATORS)
    assert set(table["kind"]) == {"baseline", "target"} and set(table["source"]) == {"prose", "table"}


def test_every_target_word_holds_a_character_of_the_sentence_prefilter():
    """Sentences without a digit or one of these characters are skipped before normalizing."""
    from compare.indicators import _MAY_BE_READ, _STATES_A_TARGET

    words = _STATES_A_TARGET.pattern.split("|")
    assert len(words) > 30 and all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in words)
    assert all(_MAY_BE_READ.search(word) for word in words)


def test_sentences_convert_alike_alone_and_within_their_plan(plans):
    """One OpenCC call per plan gives each sentence the conversion it has on its own."""
    from compare.indicators import _simplified_texts
    from compare.resources import simplified

    traditional = "人均預期壽命達到80歲。乾隆年間，「頭髮」與發展！後來居民健康素養水準提昇到25%以上？"
    texts = [traditional, *(p.text.text for plan in plans.values() for p in plan.paragraphs)]
    for text, converted in zip(texts, _simplified_texts(texts), strict=True):
        assert converted is not None
        for start, end in split_sentences(text):
            assert converted[start:end] == simplified(text[start:end])


def test_sentences_are_converted_one_by_one_when_a_conversion_changes_length(monkeypatch):
    import compare.indicators as indicators
    from compare.resources import simplified

    text = "人均预期寿命达到80岁。居民健康素养水平达到25%以上。"
    expected = facts(text)
    assert [f[0] for f in expected] == ["life_expectancy", "health_literacy"]
    # A conversion of more than one sentence that changes the length: each sentence on its own.
    monkeypatch.setattr(indicators, "simplified", lambda t: simplified(t) + ("…" if t.count("。") > 1 else ""))
    assert facts(text) == expected


# --- issue 10: the families seen on real text from other places -----------------------------

def scoped_facts(text, **context):
    """Rows as (metric_id, kind, year, value, unit, comparator, scope); the document of 2022."""
    return facts(text, **{"issued": "2022", **context}, with_scope=True)


LE, IMR = "life_expectancy", "infant_mortality"
NO_DATE = {"issued": None, "horizon": None, "baseline_year": None}  # a text that says nothing of its date
FAMILIES = [
    # 1. Reported levels are baselines, whatever the verb; planned levels are targets.
    ("2023年，全市居民健康素养水平已达35.2%。", {"issued": "2024"},
     [("health_literacy", "baseline", 2023, 35.2, "%", "=", "plan")]),
    ("2021年全市婴儿死亡率为2.31‰。", {}, [(IMR, "baseline", 2021, 2.31, "‰", "=", "plan")]),
    ("过去五年，人均预期寿命从80.1岁提高到81.3岁。", {}, [
        (LE, "baseline", None, 80.1, "岁", "=", "plan"), (LE, "baseline", None, 81.3, "岁", "=", "plan")]),
    ("截至2021年底，全市人均预期寿命达到81岁；到2025年，力争达到82岁。", {}, [
        (LE, "baseline", 2021, 81.0, "岁", "=", "plan"), (LE, "target", 2025, 82.0, "岁", "=", "plan")]),
    # 2. Years: periods, 去年 and 目前 relative to the document's date.
    ("2015年至2020年，人均预期寿命从80.1岁提高到81.3岁。", {}, [
        (LE, "baseline", 2015, 80.1, "岁", "=", "plan"), (LE, "baseline", 2020, 81.3, "岁", "=", "plan")]),
    ("“十三五”期间，婴儿死亡率由5.1‰下降到3.2‰。", {}, [
        (IMR, "baseline", 2015, 5.1, "‰", "=", "plan"), (IMR, "baseline", 2020, 3.2, "‰", "=", "plan")]),
    ("“十三五”时期，全市人均预期寿命达到81.51岁。", {}, [(LE, "baseline", 2020, 81.51, "岁", "=", "plan")]),
    ("去年，全市居民健康素养水平达到32.5%。", {}, [("health_literacy", "baseline", 2021, 32.5, "%", "=", "plan")]),
    ("全市人均预期寿命去年已达到79.33岁。", {}, [(LE, "baseline", 2021, 79.33, "岁", "=", "plan")]),
    ("据第七次全国人口普查资料计算，2020年全市人口平均预期寿命已达78.06岁，其中男性为75.18岁，女性为81.33岁。", {}, [
        (LE, "baseline", 2020, 78.06, "岁", "=", "plan"), (LE, "baseline", 2020, 75.18, "岁", "=", "other"),
        (LE, "baseline", 2020, 81.33, "岁", "=", "other")]),
    ("目前全市居民健康素养水平为30%。", {}, [("health_literacy", "baseline", 2022, 30.0, "%", "=", "plan")]),
    # 4. Enumerations: two value lists, 分别 with a verb, a shared suffix.
    ("新生儿死亡率、婴儿死亡率、5岁以下儿童死亡率从2.1‰、3.5‰、4.8‰下降到1.5‰、2.6‰、3.9‰。", {}, [
        ("neonatal_mortality", "baseline", None, 2.1, "‰", "=", "plan"),
        ("neonatal_mortality", "target", 2025, 1.5, "‰", "=", "plan"),
        (IMR, "baseline", None, 3.5, "‰", "=", "plan"), (IMR, "target", 2025, 2.6, "‰", "=", "plan"),
        ("under5_mortality", "baseline", None, 4.8, "‰", "=", "plan"),
        ("under5_mortality", "target", 2025, 3.9, "‰", "=", "plan")]),
    ("2012年至2021年，孕产妇、婴儿死亡率分别从16.51/10万、5.65‰下降到8.8/10万、2.67‰。", {}, [
        ("maternal_mortality", "baseline", 2012, 16.51, "/10万", "=", "plan"),
        ("maternal_mortality", "baseline", 2021, 8.8, "/10万", "=", "plan"),
        (IMR, "baseline", 2012, 5.65, "‰", "=", "plan"), (IMR, "baseline", 2021, 2.67, "‰", "=", "plan")]),
    ("到2025年，孕产妇死亡率、婴儿死亡率分别下降到10/10万、3‰。", {}, [
        ("maternal_mortality", "target", 2025, 10.0, "/10万", "=", "plan"),
        (IMR, "target", 2025, 3.0, "‰", "=", "plan")]),
    ("2020年全省每千常住人口医疗卫生机构床位6.71张、执业(助理)医师2.78人、注册护士3.06人。", {}, [
        ("beds_per_1000", "baseline", 2020, 6.71, "张", "=", "plan"),
        ("doctors_per_1000", "baseline", 2020, 2.78, "人", "=", "plan"),
        ("nurses_per_1000", "baseline", 2020, 3.06, "人", "=", "plan")]),
    ("截至2020年底，每千人口医疗卫生机构床位数、执业(助理)医师数、注册护士数，与2015年相比，分别从4.61张、2.25人、"
     "1.79人增长到5.94张、3.22人、2.70人。", {}, [
        ("beds_per_1000", "baseline", 2015, 4.61, "张", "=", "plan"),
        ("beds_per_1000", "baseline", 2020, 5.94, "张", "=", "plan"),
        ("doctors_per_1000", "baseline", 2015, 2.25, "人", "=", "plan"),
        ("doctors_per_1000", "baseline", 2020, 3.22, "人", "=", "plan"),
        ("nurses_per_1000", "baseline", 2015, 1.79, "人", "=", "plan"),
        ("nurses_per_1000", "baseline", 2020, 2.7, "人", "=", "plan")]),
    ("孕产妇死亡率、婴儿死亡率分别由2016年的109.9/10万、13.87‰，下降到2019年的63.68/10万、8.9‰。", {}, [
        ("maternal_mortality", "baseline", 2016, 109.9, "/10万", "=", "plan"),
        ("maternal_mortality", "baseline", 2019, 63.68, "/10万", "=", "plan"),
        (IMR, "baseline", 2016, 13.87, "‰", "=", "plan"), (IMR, "baseline", 2019, 8.9, "‰", "=", "plan")]),
    ("到2025年，高血压、糖尿病患者规范管理率达65%以上。", {}, [
        ("hypertension_management_rate", "target", 2025, 65.0, "%", ">=", "plan"),
        ("diabetes_management_rate", "target", 2025, 65.0, "%", ">=", "plan")]),
    ("到2023年底和2030年，全区居民健康素养水平分别不低于24%和30%。", {"issued": "2023-05"}, [
        ("health_literacy", "target", 2023, 24.0, "%", ">=", "plan"),
        ("health_literacy", "target", 2030, 30.0, "%", ">=", "plan")]),
    ("“十三五”期间，居民期望寿命连年超过81岁，从2015年的81.33岁提高到2020年的81.91岁。孕产妇死亡率、婴儿死亡率持续控制在10/10万和6‰以下。", {}, [
        (LE, "baseline", None, 81.0, "岁", ">", "plan"), (LE, "baseline", 2015, 81.33, "岁", "=", "plan"),
        (LE, "baseline", 2020, 81.91, "岁", "=", "plan"), ("maternal_mortality", "baseline", None, 10.0, "/10万", "<=", "plan"),
        (IMR, "baseline", None, 6.0, "‰", "<=", "plan")]),
    # 5. Numbers in words and full-width digits.
    ("到2025年，孕产妇死亡率为零。", {}, [("maternal_mortality", "target", 2025, 0.0, "/10万", "=", "plan")]),
    ("到2025年，孕产妇死亡率控制在十万分之八以下。", {}, [("maternal_mortality", "target", 2025, 8.0, "/10万", "<=", "plan")]),
    ("到2025年，居民健康素养水平达到百分之八十。", {}, [("health_literacy", "target", 2025, 80.0, "%", "=", "plan")]),
    ("到二〇二五年，人均预期寿命达到八十一点五岁。", {}, [(LE, "target", 2025, 81.5, "岁", "=", "plan")]),
    ("到2025年，每千人口执业(助理)医师数达到３．２人。", {}, [("doctors_per_1000", "target", 2025, 3.2, "人", "=", "plan")]),
    ("到2025年，每千人口执业(助理)医师数达到三点二人。", {}, [("doctors_per_1000", "target", 2025, 3.2, "人", "=", "plan")]),
    ("到2020年，每万人口全科医生数将达到两人。", {"issued": "2017"}, [("gp_per_10000", "target", 2020, 2.0, "人", "=", "plan")]),
    # A paragraph with no digit at all is read when it writes a value in words.
    ("二级及以上综合性医院设老年医学科比例逾九成。", {}, [
        ("geriatric_department_share", "target", 2025, 90.0, "%", ">", "plan")]),
    ("2021年，二级及以上综合性医院设老年医学科比例逾九成。", {}, [
        ("geriatric_department_share", "baseline", 2021, 90.0, "%", ">", "plan")]),
    # 6. Two facts in one line: a value belongs to the nearest metric before it.
    ("到2025年，人均预期寿命达到83.2岁 千人床位数达到5.1张。", {}, [
        (LE, "target", 2025, 83.2, "岁", "=", "plan"), ("beds_per_1000", "target", 2025, 5.1, "张", "=", "plan")]),
    # 7. Whose figure it is.
    ("2021年，全市居民健康素养水平达到35.2%，高于全国平均水平（29.7%）。", {}, [
        ("health_literacy", "baseline", 2021, 35.2, "%", "=", "plan"),
        ("health_literacy", "baseline", 2021, 29.7, "%", "=", "national")]),
    ("提前实现健康中国行动2022年婴儿死亡率≤7.5‰的目标。", {"issued": "2023"}, [
        (IMR, "target", 2022, 7.5, "‰", "<=", "national")]),
    ("2021年，人均预期寿命达到83.5岁，超过杭州(82.1歲)。", {}, [
        (LE, "baseline", 2021, 83.5, "岁", "=", "plan"), (LE, "baseline", 2021, 82.1, "岁", "=", "other")]),
    ("到2025年，新城片区每千常住人口床位数达到4.8张。", {}, [("beds_per_1000", "target", 2025, 4.8, "张", "=", "other")]),
    ("2020年全国人均预期寿命为77.9岁，我市为81.2岁。", {}, [
        (LE, "baseline", 2020, 77.9, "岁", "=", "national"), (LE, "baseline", 2020, 81.2, "岁", "=", "plan")]),
    ("到2025年，全省人均预期寿命达到80岁。", {"place": "浙江省", "level": "province"}, [
        (LE, "target", 2025, 80.0, "岁", "=", "plan")]),
    ("到2025年，全省人均预期寿命达到80岁。", {"place": "杭州市", "level": "prefecture"}, [
        (LE, "target", 2025, 80.0, "岁", "=", "province")]),
    # 8. Notes, marks and number formats after a value.
    ("到2025年，人均预期寿命达到81岁（预期性）。", {}, [(LE, "target", 2025, 81.0, "岁", "=", "plan")]),
    ("到2025年，人均预期寿命达到81岁（2020年为80.2岁）。", {}, [
        (LE, "target", 2025, 81.0, "岁", "=", "plan"), (LE, "baseline", 2020, 80.2, "岁", "=", "plan")]),
    ("到2025年，人均预期寿命达到“81岁”。", {}, [(LE, "target", 2025, 81.0, "岁", "=", "plan")]),
    ("到2025年，人均预期寿命达到80岁①。", {}, [(LE, "target", 2025, 80.0, "岁", "=", "plan")]),
    ("到2025年，人均预期寿命达到80岁[1]。", {}, [(LE, "target", 2025, 80.0, "岁", "=", "plan")]),
    ("到2025年，人均预期寿命达到80岁*。", {}, [(LE, "target", 2025, 80.0, "岁", "=", "plan")]),
    ("到2025年，吸烟率降至20%（2020年为24%），人均预期寿命达到81岁。", {}, [
        ("smoking_rate_15plus", "target", 2025, 20.0, "%", "=", "plan"),
        ("smoking_rate_15plus", "baseline", 2020, 24.0, "%", "=", "plan"),
        (LE, "target", 2025, 81.0, "岁", "=", "plan")]),
    ("2018年，每千人口床位数4.88张(全国2017年5.72张)、执业(助理)医师2.41人(全国2017年2.44人)。", {"issued": "2019"}, [
        ("beds_per_1000", "baseline", 2018, 4.88, "张", "=", "plan"),
        ("beds_per_1000", "baseline", 2017, 5.72, "张", "=", "national"),
        ("doctors_per_1000", "baseline", 2018, 2.41, "人", "=", "plan"),
        ("doctors_per_1000", "baseline", 2017, 2.44, "人", "=", "national")]),
    ("嬰兒死亡率控制在4.5‰(目前6.2‰)。", {}, [
        (IMR, "target", 2025, 4.5, "‰", "<=", "plan"), (IMR, "baseline", 2022, 6.2, "‰", "=", "plan")]),
    ("到2025年，居民健康素养水平达到20%-22%。", {}, [("health_literacy", "target", 2025, 20.0, "%", "range", "plan")]),
    ("到2025年，人均预期寿命达到80岁至81岁。", {}, [(LE, "target", 2025, 80.0, "岁", "range", "plan")]),
    ("到2025年，人均预期寿命达到82.42岁（“十三五”时期，全市居民人均预期寿命达到81.52岁）。", {}, [
        (LE, "target", 2025, 82.42, "岁", "=", "plan"), (LE, "baseline", 2020, 81.52, "岁", "=", "plan")]),
    ("到2025年，男性人均预期寿命达到80岁。", {}, [(LE, "target", 2025, 80.0, "岁", "=", "other")]),
    ("“十三五”期间，人均预期寿命由73.35岁增长到74.70岁(2019年数据)。", {}, [
        (LE, "baseline", 2015, 73.35, "岁", "=", "plan"), (LE, "baseline", 2019, 74.7, "岁", "=", "plan")]),
    ("2021年，全省人均期望寿命77.95岁，其中，男性75.24岁，女性81.12岁。", {}, [
        (LE, "baseline", 2021, 77.95, "岁", "=", "plan"), (LE, "baseline", 2021, 75.24, "岁", "=", "other"),
        (LE, "baseline", 2021, 81.12, "岁", "=", "other")]),
    # Reference levels a change is measured from are baselines of their year.
    ("2020年全省人均预期寿命达到77.7岁，较2015年的75.6岁提高了2.1岁。", {}, [
        (LE, "baseline", 2015, 75.6, "岁", "=", "plan"), (LE, "baseline", 2020, 77.7, "岁", "=", "plan"),
        (LE, "baseline", 2020, 2.1, "岁", "change", "plan")]),
    ("2020年婴儿死亡率、孕产妇死亡率分别为3.21‰、9.27/10万，较2015年4.35‰、10.46/10万分别下降26.21%、11.38%。", {}, [
        (IMR, "baseline", 2015, 4.35, "‰", "=", "plan"), ("maternal_mortality", "baseline", 2015, 10.46, "/10万", "=", "plan"),
        (IMR, "baseline", 2020, 3.21, "‰", "=", "plan"), ("maternal_mortality", "baseline", 2020, 9.27, "/10万", "=", "plan"),
        (IMR, "baseline", 2020, -26.21, "%", "change", "plan"),
        ("maternal_mortality", "baseline", 2020, -11.38, "%", "change", "plan")]),
    ("2017年婴儿死亡率为4.5‰，提前实现了《某省卫生计生事业发展“十三五”规划》中婴儿死亡率下降到6.3‰的目标。", {"issued": "2018"}, [
        (IMR, "baseline", 2017, 4.5, "‰", "=", "plan"), (IMR, "target", 2020, 6.3, "‰", "=", "plan")]),
    ("到2030年，婴儿死亡率从2015年的5.28‰降到2030年的≤5‰、孕产妇死亡率降低到12/10万。", {"issued": "2017"}, [
        (IMR, "baseline", 2015, 5.28, "‰", "=", "plan"), (IMR, "target", 2030, 5.0, "‰", "<=", "plan"),
        ("maternal_mortality", "target", 2030, 12.0, "/10万", "=", "plan")]),
    ("“十三五”期间，个人卫生支出占卫生总费用的比重由2015年的25.25%下降为2019年的20.42%。", {}, [
        ("oop_share", "baseline", 2015, 25.25, "%", "=", "plan"), ("oop_share", "baseline", 2019, 20.42, "%", "=", "plan")]),
    # ‰ garbled into %。 by some sites
    ("2020年，全市婴儿死亡率降至2.46%。,5岁以下儿童死亡率降至3.34%。,孕产妇死亡率降至10.73/10万。", {}, [
        (IMR, "baseline", 2020, 2.46, "‰", "=", "plan"), ("under5_mortality", "baseline", 2020, 3.34, "‰", "=", "plan"),
        ("maternal_mortality", "baseline", 2020, 10.73, "/10万", "=", "plan")]),
    ("2015年末，每千户籍人口医疗机构床位数7张、执业(助理)医师3.15人、注册护士3.7人。", {"issued": "2016"}, [
        ("beds_per_1000", "baseline", 2015, 7.0, "张", "=", "plan"),
        ("doctors_per_1000", "baseline", 2015, 3.15, "人", "=", "plan"),
        ("nurses_per_1000", "baseline", 2015, 3.7, "人", "=", "plan")]),
    ("2013年全市新生儿死亡率为1.86%。,比2012年(2.39%。)明显下降。", {"issued": "2014"}, [
        ("neonatal_mortality", "baseline", 2012, 2.39, "‰", "=", "plan"),
        ("neonatal_mortality", "baseline", 2013, 1.86, "‰", "=", "plan")]),
    ("2013年，居民期望寿命为78.88岁，提前达到了《浙江省卫生事业发展十二五规划》中居民期望寿命78岁的目标。",
     {"issued": "2014", "place": "台州市", "level": "prefecture"}, [
        (LE, "baseline", 2013, 78.88, "岁", "=", "plan"), (LE, "target", 2015, 78.0, "岁", "=", "province")]),
    ("2019年，男性期望寿命为80.14岁，女性为84.06岁。", {}, [
        (LE, "baseline", 2019, 80.14, "岁", "=", "other"), (LE, "baseline", 2019, 84.06, "岁", "=", "other")]),
    # Findings of a text that plans nothing are levels reached, even without the text's date.
    ("区疾控中心监测数据显示，2019年我区居民平均期望寿命为83.33岁。", NO_DATE, [
        (LE, "baseline", 2019, 83.33, "岁", "=", "plan")]),
    ("居民健康素养水平从2020年的24.45%提升到2024年的31.92%，报告显示全市健康水平持续提高。", NO_DATE, [
        ("health_literacy", "baseline", 2020, 24.45, "%", "=", "plan"),
        ("health_literacy", "baseline", 2024, 31.92, "%", "=", "plan")]),
    # A decimal age is a level, not an age band, even with a bracket after it.
    ("2018年我区平均期望寿命达85.49岁(男性83.02岁,女性88.00岁)。", {}, [
        (LE, "baseline", 2018, 85.49, "岁", "=", "plan"), (LE, "baseline", 2018, 83.02, "岁", "=", "other"),
        (LE, "baseline", 2018, 88.0, "岁", "=", "other")]),
    # After 高于全市平均期望寿命, a small number is a gap; one of the level's size is that place's level.
    ("2018年我区平均期望寿命为85.49岁，高于全市平均期望寿命1.86岁。", {}, [
        (LE, "baseline", 2018, 85.49, "岁", "=", "plan")]),
    ("2020年孕产妇死亡率为16.72/10万，低于全省孕产妇死亡率18.4/10万。", {"place": "齐齐哈尔市", "level": "prefecture"}, [
        ("maternal_mortality", "baseline", 2020, 16.72, "/10万", "=", "plan"),
        ("maternal_mortality", "baseline", 2020, 18.4, "/10万", "=", "province")]),
    # A comparison's year dates the level compared with, not what follows the change.
    ("2021年人均预期寿命82.21岁，相较于2020年人均预期寿命81.50岁，增长了0.71岁，其中男性为80.00岁，女性为84.73岁。",
     {"issued": "2022"}, [
        (LE, "baseline", 2021, 82.21, "岁", "=", "plan"), (LE, "baseline", 2020, 81.5, "岁", "=", "plan"),
        (LE, "baseline", 2021, 0.71, "岁", "change", "plan"), (LE, "baseline", 2021, 80.0, "岁", "=", "other"),
        (LE, "baseline", 2021, 84.73, "岁", "=", "other")]),
    # A shared denominator without 每; the four major NCDs' premature death probability.
    ("2020年，千人均床位数、医生数、护士数分别达到5.8张、2.57人、2.93人。", {"issued": "2021"}, [
        ("beds_per_1000", "baseline", 2020, 5.8, "张", "=", "plan"),
        ("doctors_per_1000", "baseline", 2020, 2.57, "人", "=", "plan"),
        ("nurses_per_1000", "baseline", 2020, 2.93, "人", "=", "plan")]),
    ("2019年我区四类主要慢性病的过早死亡概率为7.61%，慢性病过早死亡概率从1999年的20%下降到2018年的12%。",
     {"issued": "2020"}, [
        ("premature_ncd_mortality", "baseline", 2019, 7.61, "%", "=", "plan"),
        ("premature_ncd_mortality", "baseline", 1999, 20.0, "%", "=", "plan"),
        ("premature_ncd_mortality", "baseline", 2018, 12.0, "%", "=", "plan")]),
    # In a review section of an undated plan, the period it reviews tells reached from planned.
    ("第一节 发展基础\n“十三五”时期，全面完成“十三五”规划确定的主要目标，人均预期寿命从2015年的76.01岁提高到2020年77.6岁。",
     NO_DATE, [(LE, "baseline", 2015, 76.01, "岁", "=", "plan"), (LE, "baseline", 2020, 77.6, "岁", "=", "plan")]),
    # Without a cue before it, a level the sentence goes on to call reached is reached.
    ("居民健康素养水平从2020年的24.45%提升到2024年的31.92%，提前达到健康中原行动2030年目标。", NO_DATE, [
        ("health_literacy", "baseline", 2020, 24.45, "%", "=", "plan"),
        ("health_literacy", "baseline", 2024, 31.92, "%", "=", "plan")]),
    ("2024年全市人均预期寿命78.38岁，较2020年提升了0.78岁。", NO_DATE, [
        (LE, "baseline", 2024, 78.38, "岁", "=", "plan"), (LE, "baseline", 2024, 0.78, "岁", "change", "plan")]),
    # A text that names no plan and plans nothing reports levels reached, with or without 数据显示.
    ("2012年至2021年，人均预期寿命从75.11岁增至78.06岁；孕产妇死亡率从16.51/10万下降到8.8/10万。", NO_DATE, [
        (LE, "baseline", 2012, 75.11, "岁", "=", "plan"), (LE, "baseline", 2021, 78.06, "岁", "=", "plan"),
        ("maternal_mortality", "baseline", 2012, 16.51, "/10万", "=", "plan"),
        ("maternal_mortality", "baseline", 2021, 8.8, "/10万", "=", "plan")]),
    ("2018年昆明市居民人均期望寿命达到79.01岁，高于全国平均值76.7岁。", NO_DATE, [
        (LE, "baseline", 2018, 79.01, "岁", "=", "plan"), (LE, "baseline", 2018, 76.7, "岁", "=", "national")]),
    # A span of years plans nothing; 延长了 is a change; 比全省多2张 is a gap, not a level.
    ("报告显示，2010年到2020年，我市人均期望寿命提高了3.95岁，其中男性期望寿命延长了4.37岁。2020年人均期望寿命为82.87岁。",
     NO_DATE, [
        (LE, "baseline", 2020, 3.95, "岁", "change", "plan"), (LE, "baseline", 2020, 4.37, "岁", "change", "other"),
        (LE, "baseline", 2020, 82.87, "岁", "=", "plan")]),
    ("2013年，我市每千人拥有医院床位6张，比全省多2张。", {"issued": "2014"}, [
        ("beds_per_1000", "baseline", 2013, 6.0, "张", "=", "plan")]),
    # A numbered item the layout makes a heading still states its value; a book title holds none.
    ("一、工作目标\n(一)全区居民健康素养水平提高到26%以上。", {"issued": "2019"}, [
        ("health_literacy", "target", 2025, 26.0, "%", ">=", "plan")]),
    ("推广普及《中国公民健康素养—基本知识与技能(2024年版)》《中国居民膳食指南(2022)》。", {}, []),
    ("全市每千人拥有医生4人。", {"issued": "2008"}, [("doctors_per_1000", "target", 2025, 4.0, "人", "=", "plan")]),
    # A year the sentence states dates a trajectory before a period known only from the title.
    ("2020年全省人均预期寿命将达77.3岁\n本报讯 到2020年，人均预期寿命将达到77.3岁。"
     "据统计，截至2015年全省人均预期寿命达到76岁，婴儿死亡率由10.7‰下降到4.54‰。", {"issued": "2017"}, [
        (LE, "target", 2020, 77.3, "岁", "=", "plan"), (LE, "target", 2020, 77.3, "岁", "=", "plan"),
        (LE, "baseline", 2015, 76.0, "岁", "=", "plan"), (IMR, "baseline", None, 10.7, "‰", "=", "plan"), (IMR, "baseline", 2015, 4.54, "‰", "=", "plan")]),
    # A plan excerpt without its title: the issuing notice (关于印发…规划的通知) says it is a plan,
    # and a survey's name (调查失业率) is not a finding; an item number is not part of a name.
    ("3.新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、5.0‰和6.0‰以下。\n城镇调查失业率控制在5.5%以内。\n"
     "附件：关于印发某市儿童发展“十四五”规划的通知", NO_DATE, [
        ("neonatal_mortality", "target", 2025, 3.0, "‰", "<=", "plan"), (IMR, "target", 2025, 5.0, "‰", "<=", "plan"),
        ("under5_mortality", "target", 2025, 6.0, "‰", "<=", "plan"), ("other", "target", 2025, 5.5, "%", "<=", "plan")]),
    # A bulletin's wording (年末全市…, 比上年…) reports levels reached, even without a title.
    ("卫生事业。年末全市婴儿死亡率1.42‰，居民健康素养水平41.53%。", NO_DATE, [
        (IMR, "baseline", None, 1.42, "‰", "=", "plan"), ("health_literacy", "baseline", None, 41.53, "%", "=", "plan")]),
    # A headline that says a goal was met ahead of time opens a report; a decimal point garbled into
    # 。 is still a decimal point; a share above 100% is no share's level (254% for 25.4%).
    ("某市健康行动主要目标提前实现\n规划提出,到2035年建成健康城市。居民健康素养水平提升到254%。"
     "居民健康素养水平提升到25。4%;经常参加体育锻炼的人数比例达到37。2%。", {"issued": "2022"}, [
        ("other", "baseline", None, 254.0, "%", "=", "plan"),
        ("health_literacy", "baseline", None, 25.4, "%", "=", "plan"),
        ("exercise_participation", "baseline", None, 37.2, "%", "=", "plan")]),
    # Levels said to be reached (已, 目前, 去年底) make an undated, untitled text a report.
    ("某市加快建设健康之城 已建成养老机构111所\n全市每千常住人口医疗机构床位8.27张。", NO_DATE, [
        ("other", "baseline", None, 111.0, "所", "=", "plan"), ("beds_per_1000", "baseline", None, 8.27, "张", "=", "plan")]),
    # A breakdown sentence (其中男性…) goes on with the metric of the sentence before it.
    ("2013年，全市户籍居民期望寿命为78.88岁。其中男性76.93岁，女性81.00岁。", {"issued": "2014"}, [
        (LE, "baseline", 2013, 78.88, "岁", "=", "plan"), (LE, "baseline", 2013, 76.93, "岁", "=", "other"),
        (LE, "baseline", 2013, 81.0, "岁", "=", "other")]),
    # Per mille written /千 or /‰; a count per thousand people (个/千人) is not a per mille.
    ("2019年全市婴儿死亡率为2.53/千，5岁以下儿童死亡率由2011年的6.44/‰降低到2016年的4.30/‰。", {"issued": "2020"}, [
        (IMR, "baseline", 2019, 2.53, "‰", "=", "plan"), ("under5_mortality", "baseline", 2011, 6.44, "‰", "=", "plan"),
        ("under5_mortality", "baseline", 2016, 4.3, "‰", "=", "plan")]),
    ("到2025年，托位数达到4.5个/千人。", {}, [("other", "target", 2025, 4.5, "个", "=", "plan")]),
    # A plan's trajectory from before its base year reviews the last period: the end was reached
    # (year unstated); from its base year, without a year at the end, it plans.
    ("每千人口医疗卫生机构床位数、注册护士数从2015年的5.66张、3.58人分别增加至7.38张、4.40人。", {}, [
        ("beds_per_1000", "baseline", 2015, 5.66, "张", "=", "plan"), ("beds_per_1000", "baseline", None, 7.38, "张", "=", "plan"),
        ("nurses_per_1000", "baseline", 2015, 3.58, "人", "=", "plan"),
        ("nurses_per_1000", "baseline", None, 4.4, "人", "=", "plan")]),
    ("人均预期寿命从2020年的80岁提高到81岁。", {}, [
        (LE, "baseline", 2020, 80.0, "岁", "=", "plan"), (LE, "target", 2025, 81.0, "岁", "=", "plan")]),
    # Per resident population (常住人口) names the same metric; a head count written as a
    # percentage is the registry's share of it.
    ("到2025年，每千常住人口婴幼儿托位达到4.5个，经常参加体育锻炼的人数达到42.3%以上。", {}, [
        ("childcare_places_per_1000", "target", 2025, 4.5, "个", "=", "plan"),
        ("exercise_participation", "target", 2025, 42.3, "%", ">=", "plan")]),
    # A report on a period under way (a “十四五” review of 2025) does not date its levels by the
    # period's end; after the period, it does.
    ("某省“十四五”卫生健康发展成就新闻发布会\n“十四五”期间，全省人均预期寿命达到79.03岁。", {"issued": "2025-10-01"},
     [(LE, "baseline", None, 79.03, "岁", "=", "plan")]),
    ("某省“十四五”卫生健康发展成就新闻发布会\n“十四五”期间，全省人均预期寿命达到79.03岁。", {"issued": "2026-02-01"},
     [(LE, "baseline", 2025, 79.03, "岁", "=", "plan")]),
    # An annual bulletin's wording (全年…比上年, 年末全州) in a text of the first half of a year
    # reports the year before; 孕产妇实现零死亡 is a maternal mortality of 0.
    ("全年全州总用水量8245万立方米，比上年增长2.0%。全州婴儿死亡率降至3.35‰，孕产妇实现零死亡。", {"issued": "2023-04-27"}, [
        ("other", "baseline", 2022, 8245.0, "万", "=", "plan"), ("other", "baseline", 2022, 2.0, "%", "change", "plan"),
        (IMR, "baseline", 2022, 3.35, "‰", "=", "plan"), ("maternal_mortality", "baseline", 2022, 0.0, "/10万", "=", "plan")]),
    # 降低到2016年的… ends a trajectory (it plans nothing), and a reposting site's synonym spinning
    # (婴儿逝世率 for 婴儿死亡率) names the same metric.
    ("统计年鉴数据显示，孕产妇逝世率由2011年的21.62/10万降低到2016年的13.10/10万，婴儿逝世率由2011年的6.44‰降低到2016年的4.30‰。",
     {"issued": None, "horizon": None, "baseline_year": None}, [
        ("maternal_mortality", "baseline", 2011, 21.62, "/10万", "=", "plan"),
        ("maternal_mortality", "baseline", 2016, 13.1, "/10万", "=", "plan"),
        (IMR, "baseline", 2011, 6.44, "‰", "=", "plan"), (IMR, "baseline", 2016, 4.3, "‰", "=", "plan")]),
    # A clause that names no metric, only when and by which census (而到2020年第七次人口普查时已达到…),
    # goes on with the metric before it.
    ("全市人均预期寿命2015年为76岁，而到2020年第七次人口普查时已达到78岁。", {"issued": "2021"}, [
        (LE, "baseline", 2015, 76.0, "岁", "=", "plan"), (LE, "baseline", 2020, 78.0, "岁", "=", "plan")]),
    # An aside at a sentence's end that lists another place's levels (省同期指标分别为…) gives
    # them for the metrics the sentence listed, in order, of the same year.
    ("2020年，婴儿死亡率、孕产妇死亡率分别为2.72‰、5.32/10万，优于全省平均水平(省同期指标分别为3.21‰、9.27/10万)。",
     {"issued": "2022", "place": "周口市", "level": "prefecture"}, [
        (IMR, "baseline", 2020, 2.72, "‰", "=", "plan"), ("maternal_mortality", "baseline", 2020, 5.32, "/10万", "=", "plan"),
        (IMR, "baseline", 2020, 3.21, "‰", "=", "province"),
        ("maternal_mortality", "baseline", 2020, 9.27, "/10万", "=", "province")]),
    # A sentence that opens with the years it compares (2020年与2015年相比) frames every
    # trajectory in it, after a ；too.
    ("2020年与2015年相比，人均预期寿命提高至77.2岁；婴儿死亡率从6.9‰下降到4.2‰。", {"issued": "2021-03-05"}, [
        (LE, "baseline", 2020, 77.2, "岁", "=", "plan"), (IMR, "baseline", 2015, 6.9, "‰", "=", "plan"),
        (IMR, "baseline", 2020, 4.2, "‰", "=", "plan")]),
    # A comma lost between a value and a name that starts with a digit (5.95‰5岁以下儿童死亡率).
    ("2015年,婴儿死亡率由2010年的8.05‰下降到5.95‰5岁以下儿童死亡率由2010年的10.26‰下降到7.63‰。", {"issued": "2016"}, [
        (IMR, "baseline", 2010, 8.05, "‰", "=", "plan"), (IMR, "baseline", 2015, 5.95, "‰", "=", "plan"),
        ("under5_mortality", "baseline", 2010, 10.26, "‰", "=", "plan"),
        ("under5_mortality", "baseline", 2015, 7.63, "‰", "=", "plan")]),
    # Per 100,000 written with the counted people (14.13人/10万人).
    ("2020年全市孕产妇死亡率为14.13人/10万人。", {"issued": "2021"}, [
        ("maternal_mortality", "baseline", 2020, 14.13, "/10万", "=", "plan")]),
    # A report that says it quotes a plan (根据规划,到2015年,…) goes on to quote its targets.
    ("记者从市卫生局获悉，“十二五”规划正式出台。\n根据规划，到2015年，居民健康素质明显改善。全市居民人均期望寿命达到79.5岁；"
     "孕产妇死亡率控制在10万分之十以下。", {"issued": "2012-01-31"}, [
        (LE, "target", 2015, 79.5, "岁", "=", "plan"), ("maternal_mortality", "target", 2015, 10.0, "/10万", "<=", "plan")]),
    # In a report, a level planned (将达到) after a past year and a year ahead takes the year ahead.
    ("本报讯 据统计，截至2015年全省人均预期寿命达到76岁。“到2020年，全省人口自然增长率在7.8%左右。”"
     "省卫计委表示，全省每千人口注册护士数有望达到3人。", {"issued": "2017-07"}, [
        (LE, "baseline", 2015, 76.0, "岁", "=", "plan"), ("other", "target", 2020, 7.8, "%", "~", "plan"),
        ("nurses_per_1000", "target", 2020, 3.0, "人", "=", "plan")]),
    # A standard quoted with its year (健康中国行动2022年77.7岁的目标) is of that year, and its year
    # dates nothing in the clauses after it.
    ("2020年，全市居民期望寿命为82.43岁，达到并超过健康中国行动2022年77.7岁的目标；"
     "孕产妇死亡率为4.34/10万，提前达到健康中国行动2022年≤18/10万的目标；婴儿死亡率为1.98‰。", {"issued": "2021-08-02"}, [
        (LE, "baseline", 2020, 82.43, "岁", "=", "plan"), (LE, "target", 2022, 77.7, "岁", "=", "national"),
        ("maternal_mortality", "baseline", 2020, 4.34, "/10万", "=", "plan"),
        ("maternal_mortality", "target", 2022, 18.0, "/10万", "<=", "national"),
        (IMR, "baseline", 2020, 1.98, "‰", "=", "plan")]),
    # Things counted are no number of years (129个县市区的出生预期寿命); 2010年为… goes on with the
    # metric before it.
    ("用2010年129个县市区的出生预期寿命作分析。2000年全省出生预期寿命为67.3岁，2010年为73.6岁。", {"issued": "2018"}, [
        ("other", "baseline", 2010, 129.0, "个", "=", "plan"), (LE, "baseline", 2000, 67.3, "岁", "=", "plan"),
        (LE, "baseline", 2010, 73.6, "岁", "=", "plan")]),
    # 高出全国1.7岁 is a gap to the nation, not a level of anyone.
    ("2025年，全省人均预期寿命高出全国1.7岁。", {"issued": "2026"}, []),
    # A national census dates what it measured (第五次人口普查: 2000; 六普: 2010).
    ("据全国第五次人口普查资料表明，全市人均预期寿命为七十七点一岁。", {"issued": "2004"}, [
        (LE, "baseline", 2000, 77.1, "岁", "=", "plan")]),
    ("根据六普数据测算，全县人口平均预期寿命为75.2岁。", {"issued": "2013"}, [
        (LE, "baseline", 2010, 75.2, "岁", "=", "plan")]),
    # A year written without 年 before the place a report is about; a count before its counter is none.
    ("据2010安庆城区死因监测点数据显示，居民人均期望寿命为73.5岁，婴儿死亡率7.67‰。", {"issued": "2013"}, [
        (LE, "baseline", 2010, 73.5, "岁", "=", "plan"), (IMR, "baseline", 2010, 7.67, "‰", "=", "plan")]),
    ("全市建成2012个社区卫生服务站，每千人口床位数达到6.1张。", {"issued": "2016"}, [
        ("other", "target", 2025, 2012.0, "个", "=", "plan"), ("beds_per_1000", "target", 2025, 6.1, "张", "=", "plan")]),
    # An era is no year: 建国初期, 和平解放初期, 1949年前 (in a report, for the sentences after it too).
    ("数据显示，建国初期我国人均预期寿命只有40岁左右，而到2010年第六次全国人口普查时已达到74.8岁。", {"issued": "2016"}, [
        (LE, "baseline", None, 40.0, "岁", "~", "national"), (LE, "baseline", 2010, 74.8, "岁", "=", "national")]),
    ("西藏人均期望寿命由和平解放初期的35.5岁提高至2018年的68.2岁。", {"issued": "2019"}, [
        (LE, "baseline", None, 35.5, "岁", "=", "plan"), (LE, "baseline", 2018, 68.2, "岁", "=", "plan")]),
    ("内蒙古卫生健康事业70年发展成就\n1949年前，广大牧区疾病丛生。与之相伴的是婴儿死亡率430‰。", {"issued": "2019"}, [
        (IMR, "baseline", None, 430.0, "‰", "=", "plan")]),
    # Per 100,000 and per 1,000 written out: /100000, /十万, /1000.
    ("2010年孕产妇死亡率、婴儿死亡率分别为20.91/100000、3.2/1000，2012年孕产妇死亡率为18.5/十万。", {"issued": "2013"}, [
        ("maternal_mortality", "baseline", 2010, 20.91, "/10万", "=", "plan"),
        (IMR, "baseline", 2010, 3.2, "‰", "=", "plan"),
        ("maternal_mortality", "baseline", 2012, 18.5, "/10万", "=", "plan")]),
    # A colon between a name and its value; pinyin glosses in full-width brackets.
    ("2020年，全市婴儿死亡率：3.21‰，孕产妇死亡率：9.27/10万。", {"issued": "2021"}, [
        (IMR, "baseline", 2020, 3.21, "‰", "=", "plan"), ("maternal_mortality", "baseline", 2020, 9.27, "/10万", "=", "plan")]),
    ("2020年全市人均預（yù）期壽命達（dá）到79.31歲。", {"issued": "2021"}, [(LE, "baseline", 2020, 79.31, "岁", "=", "plan")]),
    # 以来 tells what was reached; a report written while its period runs does not date by the period's end.
    ("某市2023年卫生健康工作总结\n“十四五”以来，全市人均预期寿命从79.1岁提高到81.2岁。", {"issued": "2024-02-01"}, [
        (LE, "baseline", 2020, 79.1, "岁", "=", "plan"), (LE, "baseline", None, 81.2, "岁", "=", "plan")]),
    # Groups listed with 、 share the metric; 高于全省1.5岁 is a gap (by its size), 全省为29.1% a level.
    ("杭州市2023年卫生健康事业发展统计公报\n2023年全市人均预期寿命81.2岁，其中男性78.9岁、女性83.6岁，高于全省1.5岁。"
     "全市居民健康素养水平为32.6%，全省为29.1%。", {"issued": "2024-04-01"}, [
        (LE, "baseline", 2023, 81.2, "岁", "=", "plan"), (LE, "baseline", 2023, 78.9, "岁", "=", "other"),
        (LE, "baseline", 2023, 83.6, "岁", "=", "other"), ("health_literacy", "baseline", 2023, 32.6, "%", "=", "plan"),
        ("health_literacy", "baseline", 2023, 29.1, "%", "=", "province")]),
    # A government work report (2026年…政府工作报告): its title year dates nothing it reports; a level
    # under 这五年/五年来 has no year, even after a period named before it; the year or the period a
    # heading is about dates the targets under it (三、2026年主要工作; 二、“十五五”时期主要目标任务).
    ("2026年某省政府工作报告\n一、“十四五”时期工作回顾\n“十四五”时期是攻坚克难的五年。这五年，民生福祉持续增进，"
     "人均预期寿命达到79.4岁。\n二、“十五五”时期主要目标任务\n促进人口高质量发展，人均预期寿命提升到80岁以上。\n"
     "三、2026年主要工作\n（一）提高人民生活品质\n力争人均预期寿命达81.2岁。", {**NO_DATE, "issued": "2026-01-25"}, [
        (LE, "baseline", None, 79.4, "岁", "=", "plan"), (LE, "target", 2030, 80.0, "岁", ">=", "plan"),
        (LE, "target", 2026, 81.2, "岁", "=", "plan")]),
    # The level after its change, joined by 、: 较2020年提高1.16岁、达到79.72岁.
    ("2025年全市人均预期寿命较2020年提高1.16岁、达到79.72岁。", {"issued": "2026-01-25"}, [
        (LE, "baseline", 2025, 1.16, "岁", "change", "plan"), (LE, "baseline", 2025, 79.72, "岁", "=", "plan")]),
    # A clause that gives only the target (2025年目标为80岁) goes on with the metric before it.
    ("2020年人均预期寿命为78.5岁，2025年目标为80岁。", {"issued": "2022"}, [
        (LE, "baseline", 2020, 78.5, "岁", "=", "plan"), (LE, "target", 2025, 80.0, "岁", "=", "plan")]),
    # A numbered list of indicators, 名称（单位）：值, states its values (the layout makes each line a heading).
    ("某市卫生健康事业发展“十四五”规划\n主要指标（2025年目标值）\n1.人均预期寿命（岁）：81\n2.婴儿死亡率（‰）：≤5",
     {"issued": "2022"}, [(LE, "target", 2025, 81.0, "岁", "=", "plan"), (IMR, "target", 2025, 5.0, "‰", "<=", "plan")]),
    # A bulletin titled with its year in Chinese numerals reports that year.
    ("某市二〇二三年国民经济和社会发展统计公报\n年末全市每千人口床位数6.1张。", NO_DATE, [
        ("beds_per_1000", "baseline", 2023, 6.1, "张", "=", "plan")]),
    # 城市 at the end of a city's name (共青城市, 晋城市) is no urban sub-population.
    ("2022年共青城市居民健康素养水平为35.6%。", {"issued": "2023"}, [
        ("health_literacy", "baseline", 2022, 35.6, "%", "=", "plan")]),
    ("2022年晋城市居民人均预期寿命为79.1岁，城市居民为80.2岁。", {"issued": "2023"}, [
        (LE, "baseline", 2022, 79.1, "岁", "=", "plan"), (LE, "baseline", 2022, 80.2, "岁", "=", "other")]),
    # A group named right before the value, or after the place, is a sub-population of the place.
    ("2023年居民健康素养水平男性39.21%，女性34.92%。全市人均预期寿命男性为78.2岁。", {"issued": "2024"}, [
        ("health_literacy", "baseline", 2023, 39.21, "%", "=", "other"),
        ("health_literacy", "baseline", 2023, 34.92, "%", "=", "other"),
        (LE, "baseline", 2023, 78.2, "岁", "=", "other")]),
    # News write 人均寿命; what data show (数据显示) was measured, not planned.
    ("该市目前人均寿命为78岁。", {"issued": "2002-06-20"}, [(LE, "baseline", 2002, 78.0, "岁", "=", "plan")]),
    ("区疾控中心调查分析数据显示，居民健康素养水平为29.83%。\n到2020年，居民健康素养水平应达到20%。", NO_DATE, [
        ("health_literacy", "baseline", None, 29.83, "%", "=", "plan"),
        ("health_literacy", "target", 2020, 20.0, "%", "=", "plan")]),
    # Percentage points are a difference, never a level; 中国人 are the nation.
    ("2019年全省居民健康素养水平为21.98%，比2018年提升2.51个百分点，比全国健康素养水平高出2.81个百分点。", {"issued": "2020"}, [
        ("health_literacy", "baseline", 2019, 21.98, "%", "=", "plan"),
        ("health_literacy", "baseline", 2019, 2.51, "个百分点", "change", "plan"),
        ("other", "baseline", 2019, 2.81, "个百分点", "=", "national")]),
    ("2016年中国人的平均预期寿命为76.5岁。", {"issued": "2017"}, [(LE, "baseline", 2016, 76.5, "岁", "=", "national")]),
    # 9. Changes are not levels, and a relative change keeps its own unit.
    ("婴儿死亡率较2020年下降30%。", {}, [(IMR, "target", 2025, -30.0, "%", "change", "plan")]),
    ("到2025年，人均预期寿命提高1岁左右。", {}, [(LE, "target", 2025, 1.0, "岁", "change", "plan")]),
    ("重大慢性病过早死亡率下降比例为18.5%。", {}, [
        ("premature_ncd_mortality", "target", 2025, -18.5, "%", "change", "plan")]),
]


@pytest.mark.parametrize(("text", "context", "expected"), FAMILIES, ids=[f[0][:24] for f in FAMILIES])
def test_families_seen_on_real_text(text, context, expected):
    assert scoped_facts(text, **context) == expected


def test_thousands_separators_and_dates_are_read_whole():
    assert scoped_facts("到2025年，全市医疗卫生机构床位数达到12,500张。")[0][3] == 12500.0
    assert scoped_facts("到2025年，全市年健康体检人数达到1,200,000人。")[0][3] == 1200000.0
    # A date or an identifier in page furniture is not a value.
    assert scoped_facts("成文日期 2021-09-18") == []
    assert scoped_facts("索引号 00511755800020020210090") == []


def test_ranges_keep_their_high_end_in_flags():
    table = extract_indicators(clean_plan("到2025年，居民健康素养水平达到20%-22%。"), horizon=2025)
    assert table["flags"].tolist() == ["range_high:22"]


def test_relative_years_without_a_document_date_stay_empty():
    table = extract_indicators(clean_plan("去年，全市居民健康素养水平达到32.5%。"), horizon=2025)
    assert table["year"].isna().all()
    assert "year:relative_unknown" in table["flags"].iloc[0]


def test_news_and_reports_state_levels_reached():
    news = "全市人均预期寿命达到81.3岁\n来源：某市日报 记者 张三\n记者从市卫生健康委获悉，全市人均预期寿命达到81.3岁。\n"
    table = extract_indicators(clean_plan(news), issued="2023-05-01")
    assert table[["metric_id", "kind"]].drop_duplicates().values.tolist() == [["life_expectancy", "baseline"]]
    # …unless the level is planned for a year after the report's date.
    plan_news = "来源：某市日报\n到2025年，全市人均预期寿命将达到82岁。\n"
    assert extract_indicators(clean_plan(plan_news), issued="2022-05-01")["kind"].tolist() == ["target"]


def test_a_report_on_a_named_bulletin_is_dated_by_it():
    news = "本报讯 市卫健委发布《2024年某市卫生健康事业发展统计公报》。全市人均预期寿命达到80.81岁。\n"
    table = extract_indicators(clean_plan(news), issued="2026-01-07")
    assert table[["metric_id", "kind", "year"]].values.tolist() == [["life_expectancy", "baseline", 2024]]


def test_a_report_paragraph_without_a_year_goes_on_with_the_year_before():
    news = ("记者从省卫生健康委获悉，2020年，全省人均预期寿命为77.52岁。\n"
            "孕产妇死亡率、婴儿死亡率分别为8.37/10万、2.51‰。\n")
    table = extract_indicators(clean_plan(news), issued="2021-08-04")
    assert table[["metric_id", "year"]].values.tolist() == [
        ["life_expectancy", 2020], ["maternal_mortality", 2020], ["infant_mortality", 2020]]


def test_document_date_is_read_from_the_text():
    from compare.indicators import document_date

    assert document_date(clean_plan("关于印发某市卫生健康规划的通知\n成文日期：2022-03-29\n正文。")) == "2022-03-29"
    closing = "某市卫生健康规划\n一、总体要求\n到2025年，人均预期寿命达到80岁。\n某市人民政府\n2022年3月29日\n"
    assert document_date(clean_plan(closing)) == "2022-03-29"
    assert document_date(clean_plan(closing.replace("2022年3月29日", "二〇二二年三月二十九日"))) == "2022-03-29"
    page = "全市人均预期寿命达到81.3岁\n2021-03-30 08:51 来源：某市日报\n记者获悉，去年全市人均预期寿命达到81.3岁。\n"
    assert document_date(clean_plan(page)) == "2021-03-30"
    # With the date read from the text, 去年 is the year before it.
    plan = clean_plan("某市卫生健康工作总结\n发布日期：2023-02-01\n去年，全市居民健康素养水平达到32.5%。\n")
    assert extract_indicators(plan)["year"].tolist() == [2022]


# 3. Tables in other layouts: column roles from the header and from what cells hold.
TABLE_LAYOUTS = {
    "caption, unit column, 领域 spanning rows, empty cells": (
        "表1 主要指标\n领域\n序号\n指标\n单位\n2020年\n2025年\n指标性质\n健康水平\n1\n人均预期寿命\n岁\n80.2\n＞81\n预期性\n"
        "2\n孕产妇死亡率\n/10万\n—\n≤8\n预期性\n3\n健康预期寿命\n岁\n—\n持续提高\n预期性\n医疗服务\n4\n每千人口床位数\n张\n5.6\n6.5\n约束性\n"
    ),
    "no caption, columns in another order, cell per line": (
        "某市主要健康指标\n序号\n指标名称\n2025年目标值\n2020年基期值\n单位\n属性\n1\n人均预期寿命\n81\n80.2\n岁\n预期性\n"
        "2\n孕产妇死亡率\n≤8\n9.1\n1/10万\n约束性\n3\n每千人口床位数\n6.5\n5.6\n张\n预期性\n4\n健康预期寿命\n持续提高\n—\n岁\n预期性\n"
    ),
    "基期水平 and target-year columns, a name cell holding its current level": (
        "主要健康指标\n指标\n单位\n基期水平\n2022年目标值\n2030年目标值\n人均预期寿命\n岁\n80.2\n＞81\n≥82\n"
        "孕产妇死亡率\n/10万\n—\n≤8\n≤7\n每千人口床位数\n张\n5.6\n6.5\n7\n"
    ),
    "a name cell that holds its value and current level": (
        "主要健康指标\n指标\n2025年目标值\n人均预期寿命81岁(目前80.2岁)\n孕产妇死亡率≤8/10万\n嬰兒死亡率 4.5‰(目前6.2‰)\n"
        "每千人口床位数6.5张(目前5.6张)\n"
    ),
    "one row per line, cells cut by | or runs of spaces": (
        "某县“十四五”卫生健康主要发展指标\n类别 | 序号 | 指标名称 | 单位 | 2020年 | 2025年 |\n"
        "健康水平 | 1 | 人均预期寿命 | 岁 | 80.2 | ＞81 |\n2 | 孕产妇死亡率 | 1/10万 | — | <8 | |\n"
        "3  每千人口床位数  张  5.6  6.5\n"
    ),
    "cells with their own year or place in brackets": (
        "主要指标\n序号\n指标\n单位\n2020年\n2025年\n1\n人均预期寿命\n岁\n80.2(2021年)\n＞81\n2\n孕产妇死亡率\n/10万\n—\n≤8\n"
        "3\n每千人口床位数\n张\n5.6\n6.5\n4\n总体癌症5年生存率\n%\n35(邵阳市)\n40\n"
    ),
    "cells closed by |, a long cell of units in charge, a header repeated on a new page": (
        "某县人均预期寿命提升行动计划主要目标责任清单\n序号 |\n指标名称 |\n单位 |\n2020年 |\n2025年 |\n牵头单位 |\n"
        "1 |\n人均预期寿命 |\n岁 |\n80.2 |\n＞81 |\n县卫健局 |\n"
        "县文旅广体局、县烟草局、市生态环境局分局、县农业农村局、县住建局、县城管局、县市场监管局、县发改局、县医保局等单位 |\n"
        "2 |\n孕产妇死亡率 |\n/10万 |\n— |\n≤8 |\n县卫健局 |\n序号 |\n指标名称 |\n单位 |\n2020年 |\n2025年 |\n牵头单位 |\n"
        "3 |\n每千人口床位数 |\n张 |\n5.6 |\n6.5 |\n县卫健局 |\n4 |\n健康预期寿命 |\n岁 |\n— |\n持续改善 |\n县卫健局 |\n"
    ),
    "cut brackets: 基期水平2020年), a year and its qualifier on two lines, units cut at the line end": (
        "(详见附件一)\n序号\n基期水平2020年)\n2025\n目标值\n1\n人均预期寿命(岁)\n80.2\n＞81\n2\n婴儿死亡率(\n2.92\n持续改善\n"
        "3\n孕产妇死亡率(1/10万)\n—\n≤8\n4\n每千人口床位数(张\n5.6\n6.5\n"
    ),
    "traditional characters with pinyin glosses": (
        "表2 主要指標\n序號\n指標\n單位\n2020年\n2025年\n1\n人均預(yù)期壽命\n歲\n80.2\n＞81\n2\n孕產婦死亡率\n/10萬\n—\n≤8\n"
        "3\n每千人口床位數\n張\n5.6\n6.5\n"
    ),
}


@pytest.mark.parametrize("layout", TABLE_LAYOUTS, ids=list(TABLE_LAYOUTS))
def test_tables_in_other_layouts(layout):
    table = extract_indicators(clean_plan(TABLE_LAYOUTS[layout], doc_id="t"), horizon=2025, baseline_year=2020,
                               issued="2021")
    got = {(r.metric_id, r.kind, int(r.year), None if pd.isna(r.value) else float(r.value), r.unit, r.comparator)
           for r in table.itertuples()}
    if "目前" in TABLE_LAYOUTS[layout]:  # the current level is of the document's year (2021)
        assert {("life_expectancy", "target", 2025, 81.0, "岁", "="), ("life_expectancy", "baseline", 2021, 80.2, "岁", "="),
                ("infant_mortality", "target", 2025, 4.5, "‰", "="), ("infant_mortality", "baseline", 2021, 6.2, "‰", "="),
                ("maternal_mortality", "target", 2025, 8.0, "/10万", "<=")} <= got
        return
    if "(2021年)" in TABLE_LAYOUTS[layout]:
        scoped = {(r.metric_id, r.kind, int(r.year), float(r.value), r.scope) for r in table.itertuples()}
        assert {("life_expectancy", "baseline", 2021, 80.2, "plan"), ("cancer_5yr_survival", "baseline", 2020, 35.0, "other"),
                ("cancer_5yr_survival", "target", 2025, 40.0, "plan"), ("beds_per_1000", "target", 2025, 6.5, "plan")} <= scoped
        return
    if "2022年目标值" in TABLE_LAYOUTS[layout]:  # the year columns say 2022 and 2030, the base is the plan's
        assert {("life_expectancy", "target", 2022, 81.0, "岁", ">"), ("life_expectancy", "target", 2030, 82.0, "岁", ">="),
                ("beds_per_1000", "baseline", 2020, 5.6, "张", "="), ("maternal_mortality", "target", 2030, 7.0, "/10万", "<=")
                } <= got
        return
    assert {
        ("life_expectancy", "baseline", 2020, 80.2, "岁", "="),
        ("life_expectancy", "target", 2025, 81.0, "岁", ">" if "＞81" in TABLE_LAYOUTS[layout] else "="),
        ("maternal_mortality", "target", 2025, 8.0, "/10万", "<" if "<8" in TABLE_LAYOUTS[layout] else "<="),
        ("beds_per_1000", "baseline", 2020, 5.6, "张", "="),
        ("beds_per_1000", "target", 2025, 6.5, "张", "="),
    } <= got
    # The unit column never becomes a value (/10万 is not 10), and no row is read as `other`.
    assert 10.0 not in {v for *_, v, _u, _c in got} and "other" not in set(table["metric_id"])


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("婴儿死亡率较2020年下降30%。", "since:2020"),
        ("与2015年相比，重大慢性病过早死亡率降低10%。", "since:2015"),
        ("人均预期寿命在2020年基础上继续提高1岁左右。", "since:2020"),
        ("到2025年，人均预期寿命提高1岁。", None),  # no level named to start from
    ],
)
def test_a_change_names_the_year_it_is_measured_from(text, since):
    """The alignment turns a change into a level only from the plan's own level of that year."""
    row = extract_indicators(clean_plan(text, doc_id="t"), issued="2021").iloc[0]
    assert row["comparator"] == "change"
    flags = [flag for flag in row["flags"].split(";") if flag.startswith("since:")]
    assert flags == ([since] if since else [])


ROW_LAYOUTS = [
    # header, then the rows of life expectancy and infant mortality (cells separated by |)
    ("序号 | 指标 | 单位 | 基期值（2020年） | 目标值（2025年） | 属性",
     ["1 | 人均预期寿命 | 岁 | 78.5 | 80 | 预期性", "2 | 婴儿死亡率 | ‰ | 3.2 | ≤5 | 约束性"]),
    ("类别 | 指标 | 现状值 | 目标值 | 属性",  # no year: 现状 is the base year, 目标 the horizon; a category on every row
     ["健康水平 | 人均预期寿命（岁） | 78.5 | 80 | 预期性", "健康水平 | 婴儿死亡率（‰） | 3.2 | ≤5 | 约束性"]),
    ("类别 | 序号 | 指标 | 2020年 | 2025年 | 属性",
     ["健康水平 | 1 | 人均预期寿命（岁） | 78.5 | 80 | 预期性", "健康水平 | 2 | 婴儿死亡率（‰） | 3.2 | ≤5 | 约束性"]),
    ("指标名称 | 2020年现状 | 2025年目标 | 指标性质",
     ["人均预期寿命（岁） | 78.5 | 80 | 预期性", "婴儿死亡率（‰） | 3.2 | ≤5 | 约束性"]),
]


@pytest.mark.parametrize("caption", ["表1 主要指标\n", ""], ids=["captioned", "uncaptioned"])
@pytest.mark.parametrize(("header", "rows"), ROW_LAYOUTS, ids=[h[:12] for h, _ in ROW_LAYOUTS])
def test_indicator_tables_in_other_layouts_give_their_levels(header, rows, caption):
    # Rows written on one line under a 表 caption once lost their last cells (a | inside a row was
    # taken for the line break between cells), and a category written on every row was read as
    # the indicator's name.
    text = "某市卫生健康事业发展“十四五”规划\n" + caption + "\n".join([header, *rows]) + "\n"
    table = extract_indicators(clean_plan(text), issued="2022")
    got = sorted(table.loc[table["metric_id"] != "other", ["metric_id", "kind", "year", "value"]].itertuples(
        index=False, name=None))
    assert got == [(IMR, "baseline", 2020, 3.2), (IMR, "target", 2025, 5.0),
                   (LE, "baseline", 2020, 78.5), (LE, "target", 2025, 80.0)]
