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


@pytest.mark.parametrize(("text", "metric_id"), [
    ("每千人医疗卫生机构床位数为6.99张", "beds_per_1000"),  # 海口, a news page
    ("每千人口医疗卫生健康机构床位数3.59张", "beds_per_1000"),  # 荆州区, a statistics bulletin
    ("每千人口三岁以下婴幼儿托位数2.8张", "childcare_places_per_1000"),  # 烟台, a plan's interpretation
    ("每千常住人口拥有的执业医生数超过4人", "doctors_per_1000"),  # 深圳, an opinion
    ("每万常住人口拥有全科医生数达到3.5人", "gp_per_10000"),
    # Wordings of real texts added as aliases: 健康期望寿命 is not 期望寿命 (the longer name wins).
    ("2020年宁波市健康期望寿命72.02岁", "healthy_life_expectancy"),
    ("空气质量优良率为84.7%", "air_quality_good_days"),
    ("家庭医生居民签约服务覆盖率达42%以上", "family_doctor_coverage"),
    ("基层医疗机构诊疗量占总诊疗量的54.5%", "primary_care_visit_share"),
])
def test_interchangeable_wordings_of_metric_names_match(text, metric_id):
    # A registry alias written with one wording of data/alias_variants.csv (每千常住人口 /
    # 每千人口 / 每千人 …; 医疗卫生机构床位 / 医疗卫生健康机构床位; 3岁以下 / 三岁以下) is matched
    # with any other; seen on real text of other places (tests/data/realworld).
    matcher = MetricMatcher(load_registry())
    assert [m.metric_id for m in matcher.find(normalize_name(text))] == [metric_id]


def test_a_wording_variant_never_takes_another_metrics_name():
    from compare.registry import _with_variants

    per_1000 = [("每千常住人口", "每千人口", "每千人")]
    expanded = _with_variants({"每千人口床位数": "beds", "每千人床位数": "other_beds", "每千人口护士数": "nurses"}, per_1000)
    assert expanded["每千人床位数"] == "other_beds"  # a metric's own alias is kept
    assert "每千常住人口床位数" not in expanded  # a variant both metrics would make is left out
    assert expanded["每千常住人口护士数"] == expanded["每千人护士数"] == "nurses"


def test_a_variant_row_with_one_wording_is_an_error_naming_the_line(tmp_path):
    from compare.registry import load_alias_variants

    path = tmp_path / "alias_variants.csv"
    path.write_text("wordings,note\n每千人口|每千人,fine\n三岁以下,alone\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"alias_variants.csv:3: "):
        load_alias_variants(path)
