import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare import PlanInputError, load_registry
from compare.registry import MetricMatcher, longest_first_pattern, normalize_name
from compare.resources import data_path

FIXED_IDS = ["life_expectancy", "healthy_life_expectancy", "maternal_mortality", "infant_mortality",
             "under5_mortality", "premature_ncd_mortality", "health_literacy", "exercise_participation",
             "smoking_rate_15plus", "doctors_per_1000", "nurses_per_1000", "pharmacists_per_1000",
             "beds_per_1000", "gp_per_10000", "childcare_places_per_1000", "myopia_rate", "oop_share"]


def test_registry_has_the_fixed_ids_and_says_which_metrics_are_counts():
    registry = load_registry().set_index("metric_id")
    assert set(FIXED_IDS) <= set(registry.index) and len(registry) >= 40
    assert set(registry["direction"]) == {"higher_is_better", "lower_is_better"}
    # Head counts and totals depend on the population: never compared with the nation's.
    counts = set(registry.index[registry["measure"] == "count"])
    assert {"exercise_participants_count", "health_checkup", "health_service_industry_scale"} == counts
    assert not any(column.startswith("national_") for column in registry.columns)  # see compare.benchmarks


def test_an_unknown_measure_is_an_error_naming_the_line(tmp_path):
    lines = data_path("metrics.csv").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "metrics.csv"
    broken.write_text("\n".join([lines[0], lines[1].replace(",rate,", ",ratio,")]) + "\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"metrics.csv:2: measure 'ratio' is not one of"):
        load_registry(broken)


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


@given(st.lists(st.text(alphabet="甲乙丙ab(", min_size=1, max_size=5), max_size=12), st.text(alphabet="甲乙丙ab(，", max_size=40))
@settings(max_examples=300, deadline=None)
def test_trie_pattern_matches_like_longest_first_alternation(words, text):
    """The trie-shaped pattern finds the same spans as the plain alternation, longest first."""
    plain = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    trie = re.compile(longest_first_pattern(words))
    if words:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_metric_mentions_are_found_longest_first():
    matcher = MetricMatcher(load_registry())
    found = matcher.find("人均健康预期寿命达到70岁，人均预期寿命达到80岁")
    assert [(m.metric_id, m.text, m.start) for m in found] == [
        ("healthy_life_expectancy", "人均健康预期寿命", 0), ("life_expectancy", "人均预期寿命", 14)]


def test_normalize_name_brackets_spaces_and_roman_three():
    assert normalize_name("执业 （助理）【医师】 Ⅲ级") == "执业(助理)[医师]III级"
    assert normalize_name("每千人口 床位数") == "每千人口床位数"
