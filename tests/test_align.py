import pandas as pd
import pytest
from conftest import CLEAN, PANZHIHUA

from compare import load_documents, load_indicators
from compare.align import (
    ALIGNED_COLUMNS,
    align_metrics,
    coverage_matrix,
    missing_metrics,
    national_gap_summary,
)

HEADLINE = ["life_expectancy", "doctors_per_1000", "smoking_rate_15plus"]


@pytest.fixture(scope="module")
def aligned():
    return align_metrics(load_indicators(CLEAN), load_documents(CLEAN), metrics=HEADLINE)


def test_one_row_per_document_and_metric(aligned):
    assert tuple(aligned.columns) == ALIGNED_COLUMNS
    assert len(aligned) == 5 * 3
    assert not aligned.duplicated(["doc_id", "metric_id"]).any()


@pytest.fixture(scope="module")
def every_metric():
    return align_metrics(load_indicators(CLEAN), load_documents(CLEAN)).set_index(["doc_id", "metric_id"])


def test_panzhihua_life_expectancy_level_and_pace_are_two_questions(aligned):
    row = aligned.set_index(["doc_id", "metric_id"]).loc[(PANZHIHUA, "life_expectancy")]
    assert (row["baseline_year"], row["baseline_value"]) == (2020, 78.84)
    assert (row["target_year"], row["target_value"], row["target_comparator"]) == (2025, 79.5, "=")
    assert "79.5" in row["target_evidence"]
    # The nation in the same years: 77.93 in 2020, "about one year more" by 2025 (derived: 78.93).
    assert (row["national_baseline_year"], row["national_baseline"]) == (2020, 77.93)
    assert (row["national_year"], row["national_target"], row["national_status"]) == (2025, 78.93, "derived")
    # A higher level than the nation's ...
    assert row["level_vs_nation"] == pytest.approx(79.5 - 78.93)
    # ... planned with a slower pace: +0.132 a year against the nation's +0.2.
    assert row["plan_change_per_year"] == pytest.approx((79.5 - 78.84) / 5)
    assert row["national_change_per_year"] == pytest.approx(0.2)
    assert row["pace_vs_nation"] < 0 and 0 < row["pace_ratio"] < 1


@pytest.mark.parametrize("metric", ["doctors_per_1000", "smoking_rate_15plus"])
def test_panzhihua_plans_slower_change_than_the_nation(aligned, metric):
    row = aligned.set_index(["doc_id", "metric_id"]).loc[(PANZHIHUA, metric)]
    assert row["level_vs_nation"] > 0  # a better level than the nation's in 2025 ...
    assert row["pace_vs_nation"] < 0 and row["pace_ratio"] < 1  # ... from a slower planned change


def test_lower_is_better_signs(aligned):
    smoking = aligned.set_index(["doc_id", "metric_id"]).loc[(PANZHIHUA, "smoking_rate_15plus")]
    # 23% against the nation's 2025 target: lower is better, so a positive level difference.
    assert smoking["level_vs_nation"] == pytest.approx(smoking["national_target"] - 23.0)
    assert smoking["plan_change_per_year"] == pytest.approx((23.0 - 23.24) / 5)


def test_a_2022_target_is_compared_with_the_nation_in_2022(every_metric):
    row = every_metric.loc[("cixi-2020-health-action-plan", "infant_mortality")]
    assert (row["target_year"], row["target_value"]) == (2022, 6.5)
    # 健康中国行动 (2019) sets national 2022 targets: no comparison with 2025 figures.
    assert (row["national_year"], row["national_target"], row["national_method"]) == (2022, 7.5, "same_year")
    assert "健康中国行动" in row["national_source"]
    assert row["level_vs_nation"] == pytest.approx(1.0)


def test_a_national_target_worded_as_a_pace_is_shown_as_a_pace(every_metric):
    row = every_metric.loc[(PANZHIHUA, "myopia_rate")]
    assert (row["target_comparator"], row["target_value"]) == ("annual_change", -0.5)
    assert row["national_pace"] == -0.5
    assert row["plan_change_per_year"] == -0.5 and row["pace_vs_nation"] == 0


def test_head_counts_are_never_compared_with_the_nation(every_metric):
    row = every_metric.loc[(PANZHIHUA, "exercise_participants_count")]
    assert row["stated"] and row["target_value"] == pytest.approx(0.00542)
    assert pd.isna(row["level_vs_nation"]) and pd.isna(row["pace_vs_nation"]) and pd.isna(row["national_target"])
    assert "count_not_compared" in row["flags"]


def test_a_target_below_the_plans_own_baseline_is_flagged(every_metric):
    row = every_metric.loc[(PANZHIHUA, "air_quality_good_days")]
    assert (row["baseline_value"], row["target_value"]) == (98.6, 95.0)
    assert "target_below_baseline" in row["flags"] and row["plan_change_per_year"] < 0


def test_incomplete_texts_say_not_in_the_text_we_have(every_metric):
    row = every_metric.loc[("jiaxing-2024-health-modernization-opinion", "infant_mortality")]
    assert not row["stated"] and row["note"] == "not in the text we have"
    assert "incomplete_text" in row["flags"]


def test_unstated_metrics_are_reported_not_filled(aligned):
    missing = missing_metrics(aligned)
    jiaxing = missing[missing["doc_id"].str.startswith("jiaxing")]
    assert sorted(jiaxing["metric_id"]) == sorted(HEADLINE)
    unstated = aligned[~aligned["stated"]]
    assert unstated[["baseline_value", "target_value", "level_vs_nation"]].isna().all().all()
    full = unstated["completeness"] == "full"
    assert (unstated.loc[full, "note"] == "not stated in this plan").all()


def test_qualitative_targets_are_visible(aligned):
    life = aligned.set_index(["doc_id", "metric_id"]).loc[("cixi-2020-health-action-plan", "life_expectancy")]
    assert life["target_comparator"] == "qualitative" and pd.isna(life["level_vs_nation"])
    assert "qualitative" in life["note"] and life["target_words"] == "逐步提高"  # shown as the plan's words


def test_a_change_target_becomes_a_level_only_from_the_plans_own_base(every_metric):
    indicators = load_indicators(CLEAN)
    documents = load_documents(CLEAN)
    base = indicators[(indicators["doc_id"] == PANZHIHUA) & (indicators["metric_id"] == "infant_mortality")
                      & (indicators["kind"] == "baseline")].iloc[[0]]
    change = base.assign(kind="target", year=pd.array([2025], dtype="Int64"), value=pd.array([-30.0], dtype="Float64"),
                         unit="%", comparator="change", flags=f"relative;since:{int(base['year'].iloc[0])}")
    others = indicators[~((indicators["doc_id"] == PANZHIHUA) & (indicators["metric_id"] == "infant_mortality"))]
    row = align_metrics(pd.concat([others, base, change]), documents, metrics=["infant_mortality"]).set_index(
        "doc_id").loc[PANZHIHUA]
    assert "target_derived" in row["flags"]
    assert row["level_vs_nation"] == pytest.approx(row["national_target"] - float(base["value"].iloc[0]) * 0.7)
    unbased = change.assign(flags="relative;since:2010")  # the plan states no 2010 level
    row = align_metrics(pd.concat([others, base, unbased]), documents, metrics=["infant_mortality"]).set_index(
        "doc_id").loc[PANZHIHUA]
    assert pd.isna(row["level_vs_nation"]) and "not a level" in row["note"]


def test_coverage_matrix_and_summary(aligned):
    matrix = coverage_matrix(aligned)
    assert list(matrix.columns) == HEADLINE
    assert matrix.loc[PANZHIHUA].tolist() == ["2025", "2025", "2025"]
    assert matrix.loc["cixi-2020-health-action-plan", "life_expectancy"] == "qualitative"
    assert matrix.loc["jiaxing-2024-health-modernization-opinion"].tolist() == ["", "", ""]
    summary = national_gap_summary(aligned).set_index("metric_id")
    assert summary.loc["life_expectancy", ["plans", "level_better_than_nation"]].tolist() == [1, 1]
    assert summary.loc["life_expectancy", ["plans_with_pace", "faster_than_nation"]].tolist() == [1, 0]


def test_unknown_metric_is_an_error():
    with pytest.raises(KeyError, match="not_a_metric"):
        align_metrics(load_indicators(CLEAN), load_documents(CLEAN), metrics=["not_a_metric"])


def test_default_metrics_are_those_some_plan_states():
    aligned = align_metrics(load_indicators(CLEAN), load_documents(CLEAN))
    assert aligned.groupby("metric_id")["stated"].any().all()
    assert {"infant_mortality", "health_literacy", "gp_per_10000"} <= set(aligned["metric_id"])


def test_figures_of_the_nation_or_other_places_are_not_the_plans():
    indicators = load_indicators(CLEAN)
    assert not ((indicators["doc_id"] == PANZHIHUA) & (indicators["metric_id"] == "neonatal_mortality")).any()
    row = indicators[(indicators["doc_id"] == PANZHIHUA) & (indicators["metric_id"] == "infant_mortality")].iloc[[0]]
    # A national figure quoted in the plan's text: kept in the table, not aligned as the plan's own.
    quoted = row.assign(metric_id="neonatal_mortality", scope="national", scope_raw="全国", kind="target",
                        value=pd.array([3.0], dtype="Float64"), year=pd.array([2025], dtype="Int64"))
    both = pd.concat([indicators, quoted], ignore_index=True)
    documents = load_documents(CLEAN)
    own = align_metrics(both, documents, metrics=["neonatal_mortality"]).set_index("doc_id").loc[PANZHIHUA]
    assert not own["stated"] and pd.isna(own["target_value"])
    every = align_metrics(both, documents, metrics=["neonatal_mortality"], scope=None).set_index("doc_id")
    assert every.loc[PANZHIHUA, "target_value"] == 3.0
