import pytest

from compare import PlanInputError, load_registry
from compare.registry import MetricMatcher
from compare.resources import data_path

FIXED_IDS = ["life_expectancy", "healthy_life_expectancy", "maternal_mortality", "infant_mortality",
             "under5_mortality", "premature_ncd_mortality", "health_literacy", "exercise_participation",
             "smoking_rate_15plus", "doctors_per_1000", "nurses_per_1000", "pharmacists_per_1000",
             "beds_per_1000", "gp_per_10000", "childcare_places_per_1000", "myopia_rate", "oop_share"]


def test_registry_has_the_fixed_ids_and_national_benchmarks():
    registry = load_registry().set_index("metric_id")
    assert set(FIXED_IDS) <= set(registry.index) and len(registry) >= 40
    assert registry.loc["life_expectancy", ["national_2020", "national_2030"]].tolist() == [77.93, 79.0]
    assert registry.loc["infant_mortality", ["national_2020", "national_2025", "national_2030"]].tolist() == [5.4, 5.2, 5.0]
    assert registry.loc["doctors_per_1000", ["national_2020", "national_2025"]].tolist() == [2.9, 3.2]
    assert "unconfirmed" in registry.loc["smoking_rate_15plus", "national_note"]
    assert set(registry["direction"]) == {"higher_is_better", "lower_is_better"}


def test_traditional_and_spaced_aliases_match():
    matcher = MetricMatcher(load_registry())
    assert matcher.lookup("人均預期壽命") == "life_expectancy"
    assert matcher.lookup("每千常住人口执业  (助理) 医师数") == "doctors_per_1000"
    assert matcher.lookup("每千名儿童拥有儿科执业(助理)医师数") == "pediatricians_per_1000_children"


def test_alias_claimed_twice_is_an_error_naming_the_line(tmp_path):
    text = data_path("metrics.csv").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "metrics.csv"
    header, first, second = text[0], text[1], text[2]
    second_fields = second.split(",")
    second_fields[3] = "人均预期寿命"
    broken.write_text("\n".join([header, first, ",".join(second_fields)]) + "\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"metrics\.csv:3: alias '人均预期寿命'"):
        load_registry(broken)
