"""National benchmarks as a sourced time series (compare.benchmarks)."""

import pytest

from compare import PlanInputError, load_registry
from compare.benchmarks import BENCHMARK_COLUMNS, benchmark_level, benchmark_pace, load_benchmarks

HEADER = ",".join(BENCHMARK_COLUMNS)
# jurisdiction,metric_id,year,kind,value,unit,comparator,pace,source,issued,wording,status,url,note
ROWS = [
    "全国,infant_mortality,2015,baseline,8.1,‰,=,,A,2016-10-25,8.1,printed,,",
    "全国,infant_mortality,2020,baseline,5.4,‰,=,,B,2022-04-27,5.4,printed,,",
    "全国,infant_mortality,2020,target,7.5,‰,<=,,A,2016-10-25,7.5,printed,,",
    "全国,infant_mortality,2022,target,7.5,‰,<=,,C,2019-07-09,≤7.5‰,printed,,",
    "全国,infant_mortality,2025,target,5.2,‰,<=,,B,2022-04-27,<5.2,printed,,",
    "全国,infant_mortality,2030,target,5.0,‰,<=,,A,2016-10-25,5.0,derived,,",
    "全国,myopia_rate,2020,baseline,52.7,%,=,,B,2022-04-27,52.7,printed,,",
    "全国,myopia_rate,2025,target,,%,annual_change,-0.5,B,2022-04-27,力争每年降低0.5个百分点以上,printed,,",
]


def table(tmp_path, rows=ROWS, name="national.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def benchmarks(tmp_path):
    return load_benchmarks(table(tmp_path))


def test_a_year_with_a_figure_uses_that_figure_of_the_kind_asked(benchmarks):
    target = benchmark_level("infant_mortality", 2020, kind="target", benchmarks=benchmarks)
    reached = benchmark_level("infant_mortality", 2020, kind="baseline", benchmarks=benchmarks)
    assert (target.value, target.kind, target.method) == (7.5, "target", "same_year")
    assert (reached.value, reached.kind, reached.method, reached.status) == (5.4, "baseline", "same_year", "printed")
    assert benchmark_level("infant_mortality", 2022, benchmarks=benchmarks).sources == "C"


def test_between_two_years_the_path_is_interpolated_and_says_so(benchmarks):
    level = benchmark_level("infant_mortality", 2027, benchmarks=benchmarks)
    assert level.method == "interpolated" and level.years == (2025, 2030)
    assert level.value == pytest.approx(5.2 + 2 / 5 * (5.0 - 5.2))
    assert level.status == "derived"  # the weaker of the two figures it stands on
    assert "2025: <5.2" in level.wording and "2030: 5.0" in level.wording


def test_no_figure_before_the_first_year_or_after_the_last(benchmarks):
    assert benchmark_level("infant_mortality", 2012, benchmarks=benchmarks) is None
    assert benchmark_level("infant_mortality", 2031, benchmarks=benchmarks) is None
    assert benchmark_level("life_expectancy", 2025, benchmarks=benchmarks) is None


def test_a_pace_carries_the_last_level_on_up_to_its_year(benchmarks):
    level = benchmark_level("myopia_rate", 2025, benchmarks=benchmarks)
    assert (level.method, level.years, level.status) == ("pace", (2020, 2025), "derived")
    assert level.value == pytest.approx(52.7 - 0.5 * 5)
    assert benchmark_level("myopia_rate", 2022, benchmarks=benchmarks).value == pytest.approx(51.7)
    assert benchmark_level("myopia_rate", 2026, benchmarks=benchmarks) is None
    assert float(benchmark_pace("myopia_rate", year=2023, benchmarks=benchmarks)["pace"]) == -0.5


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("全国,infant_mortality,2025,aim,5.2,‰,<=,,B,2022,x,printed,,", "kind 'aim' is not one of"),
        ("全国,infant_mortality,2025,target,5.2,‰,<=,,B,2022,x,checked,,", "status 'checked' is not one of"),
        ("全国,infant_mortality,2025,target,5.2,‰,≤,,B,2022,x,printed,,", "comparator '≤' is not one of"),
        ("全国,infant_mortality,二〇二五,target,5.2,‰,<=,,B,2022,x,printed,,", "year '二〇二五' is not a number"),
        ("全国,infant_mortality,2025,target,5.2‰,‰,<=,,B,2022,x,printed,,", "value '5.2‰' is not a number"),
        ("全国,infant_mortality,2025,target,,‰,<=,,B,2022,x,printed,,", "a '<=' row needs a value"),
        ("全国,myopia_rate,2025,target,-0.5,%,annual_change,,B,2022,x,printed,,", "has a pace and no value"),
        ("全国,not_a_metric,2025,target,5.2,‰,<=,,B,2022,x,printed,,", "'not_a_metric' is not in the metric registry"),
        (ROWS[1], "the same metric, year, kind and source as line 3"),
    ],
)
def test_a_bad_row_is_an_error_naming_the_file_and_line(tmp_path, row, message):
    path = table(tmp_path, [*ROWS[:2], row])
    with pytest.raises(PlanInputError, match=rf"national.csv:4: .*{message}"):
        load_benchmarks(path, registry=load_registry())


def test_the_packaged_benchmarks_are_valid_and_sourced():
    packaged = load_benchmarks(registry=load_registry())
    assert (packaged["source"] != "").all() and (packaged["wording"] != "").all()
    # Every figure says whether it is printed in its document, derived from printed ones, or not checked.
    assert set(packaged["status"]) <= {"printed", "derived", "unconfirmed"}
    derived = packaged[packaged["status"] == "derived"]
    assert (derived["note"] != "").all()  # a derived figure says how it was derived
