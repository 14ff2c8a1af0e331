"""Chinese labels render with a real CJK font, with no missing-glyph warning."""

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from conftest import CLEAN, PANZHIHUA  # noqa: E402

from compare import align_metrics, load_documents, load_indicators  # noqa: E402
from compare.plotting import (  # noqa: E402
    cjk_font_path,
    plan_labels,
    plot_coverage,
    plot_dumbbell,
    plot_dumbbells,
    set_theme,
)


def _glyph_warnings(figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


def test_without_a_cjk_font_matplotlib_warns_so_the_check_can_fail():
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        figure, ax = plt.subplots()
        ax.set_title("人均预期寿命")
        assert _glyph_warnings(figure)
        plt.close(figure)


def test_set_theme_applies_the_packaged_noto_font_after_seaborn():
    family = set_theme(style="ticks")
    assert family == "Noto Sans CJK SC"
    assert cjk_font_path().name == "NotoSansCJKsc-Regular.otf"
    figure, ax = plt.subplots()
    ax.set_title("每千常住人口执业（助理）医师数")
    ax.set_xlabel("15岁以上人群吸烟率（%）")
    assert _glyph_warnings(figure) == []
    plt.close(figure)


@pytest.fixture(scope="module")
def aligned():
    set_theme()
    return align_metrics(load_indicators(CLEAN), load_documents(CLEAN))


def test_dumbbell_draws_stated_plans_and_names_the_rest(aligned):
    ax = plot_dumbbell(aligned, "life_expectancy")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["慈溪市 行动方案 → 2022", "攀枝花市 十四五规划 → 2025"]
    # The Cixi excerpt and Jiaxing without its annex: not "not stated" but "not in the text we have".
    assert "not in the text we have: 慈溪市 十四五规划 → 2025；嘉兴市" in ax.get_title()
    assert "未提及 not stated" in ax.get_title()  # the Cixi work points: a full text
    texts = [t.get_text() for t in ax.texts]
    assert "79.5 (2025)" in texts and "定性目标 qualitative" in texts
    assert _glyph_warnings(ax.figure) == []
    plt.close(ax.figure)


def test_coverage_grid_has_a_row_per_metric_and_a_column_per_plan(aligned):
    ax = plot_coverage(aligned)
    assert len(ax.get_yticklabels()) == aligned["metric_id"].nunique()
    assert len(ax.get_xticklabels()) == aligned["doc_id"].nunique()
    assert _glyph_warnings(ax.figure) == []
    plt.close(ax.figure)


def test_plan_labels_are_chinese():
    labels = plan_labels(load_documents(CLEAN))
    assert labels[PANZHIHUA] == "攀枝花市 十四五规划 → 2025"


def test_dumbbells_share_one_legend_with_the_baseline_marker(aligned):
    fig = plot_dumbbells(aligned, ["life_expectancy", "doctors_per_1000"])
    assert all(ax.get_legend() is None for ax in fig.axes) and len(fig.legends) == 1
    labels = [text.get_text() for text in fig.legends[0].get_texts()]
    assert "基线 baseline" in labels and "目标 target" in labels and any("national" in label for label in labels)
    assert all("is better" in ax.get_xlabel() for ax in fig.axes)
    plt.close(fig)
