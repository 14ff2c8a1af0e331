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


def test_panzhihua_life_expectancy_against_the_nation(aligned):
    row = aligned.set_index(["doc_id", "metric_id"]).loc[(PANZHIHUA, "life_expectancy")]
    assert (row["baseline_year"], row["baseline_value"]) == (2020, 78.84)
    assert (row["target_year"], row["target_value"], row["target_comparator"]) == (2025, 79.5, "=")
    assert (row["national_baseline"], row["national_target_year"], row["national_target"]) == (77.93, 2025, 78.93)
    assert row["gap_to_national"] == pytest.approx(0.57)
    assert row["implied_annual_change"] == pytest.approx((79.5 - 78.84) / 5)
    assert "79.5" in row["target_evidence"]


def test_gap_sign_follows_direction(aligned):
    smoking = aligned.set_index(["doc_id", "metric_id"]).loc[(PANZHIHUA, "smoking_rate_15plus")]
    # 23% against a national 23.3%: lower is better, so the plan is 0.3 points ahead.
    assert smoking["gap_to_national"] == pytest.approx(0.3)


def test_unstated_metrics_are_reported_not_filled(aligned):
    missing = missing_metrics(aligned)
    jiaxing = missing[missing["doc_id"].str.startswith("jiaxing")]
    assert sorted(jiaxing["metric_id"]) == sorted(HEADLINE)
    unstated = aligned[~aligned["stated"]]
    assert unstated[["baseline_value", "target_value", "gap_to_national"]].isna().all().all()
    assert (unstated["note"] == "not stated in this plan").all()


def test_horizons_and_qualitative_targets_are_visible(aligned):
    cixi = aligned.set_index(["doc_id", "metric_id"])
    doctors = cixi.loc[("cixi-2022-health-work-points", "doctors_per_1000")]
    assert doctors["target_year"] == 2022 and "plan horizon 2022 vs national 2025" in doctors["note"]
    life = cixi.loc[("cixi-2020-health-action-plan", "life_expectancy")]
    assert life["target_comparator"] == "qualitative" and pd.isna(life["gap_to_national"])
    assert "qualitative" in life["note"]


def test_coverage_matrix_and_summary(aligned):
    matrix = coverage_matrix(aligned)
    assert list(matrix.columns) == HEADLINE
    assert matrix.loc[PANZHIHUA].tolist() == ["2025", "2025", "2025"]
    assert matrix.loc["cixi-2020-health-action-plan", "life_expectancy"] == "qualitative"
    assert matrix.loc["jiaxing-2024-health-modernization-opinion"].tolist() == ["", "", ""]
    summary = national_gap_summary(aligned).set_index("metric_id")
    assert summary.loc["life_expectancy", "plans"] == 1


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
