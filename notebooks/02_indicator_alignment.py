# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 指标对齐 Indicator alignment
#
# - 核心比较：人均预期寿命、每千人口执业（助理）医师数、15岁以上人群吸烟率——各城市的基线与目标，对照**同一年份**的全国水平。
#   The headline comparison: life expectancy, doctors per 1000 and the smoking rate, baseline → target per city,
#   against the national level **of the same year**.
# - 两个不同的问题：目标水平是否高于全国（水平差），以及计划改善的速度是否快于全国（进度差）。起点高的城市不费力气就有正的水平差，
#   所以只有进度差才说明“更积极”。
#   Two different questions: is the target level better than the nation's (level vs nation), and does the plan
#   mean to improve faster than the nation over the same years (pace vs nation)? A city that starts high has a
#   positive level difference without any effort: only the pace says anything about ambition.
# - 每个全国数字都有来源、原文与状态（原文印有 / 推算 / 未核实），见每张表和图下的来源说明。
#   Every national figure has a source, its printed wording and a status (printed / derived / unconfirmed): see
#   the source note under each table and chart.
# - 文本不完整（节选、缺附件）的规划：未出现的指标写作“文本中未见”，而不是“未提及”。
#   Incomplete texts (excerpts, missing annexes): a metric they lack is "not in the text we have", not "not stated".

# %% tags=["parameters"]
CITIES = []  # 空 = 全部城市 empty = all cities
HEADLINE = ["life_expectancy", "doctors_per_1000", "smoking_rate_15plus"]
METRICS = []  # 空 = 任何规划提到的全部登记指标 empty = every registry metric some plan states

# %%
# %config InlineBackend.figure_formats = ["retina"]
import compare
from compare.align import comparison_view, evidence_view, missing_metrics, national_gap_summary, national_sources_view
from compare.plotting import plot_coverage, plot_dumbbells, set_theme
from compare.report import html_table

set_theme()
documents = compare.load_documents(cities=CITIES)
indicators = compare.load_indicators().merge(documents[["doc_id"]])

# %% [markdown]
# ## 纳入的文本 The texts compared
#
# 不完整的文本在所有表格中标注。Incomplete texts are marked in every table.

# %%
html_table(documents[["city_zh", "title", "issued", "horizon", "completeness", "notes"]].rename(columns={
    "city_zh": "城市 city", "title": "标题 title", "issued": "发布 issued", "horizon": "目标年 horizon",
    "completeness": "完整性 completeness", "notes": "说明 notes"}), table_id="documents-table",
    caption="表1 纳入比较的文本 Table 1. The texts compared")

# %% [markdown]
# ## 核心比较 The headline comparison
#
# 每行是一份规划的一个指标：基线、目标、目标年份的全国水平（没有同年数字时在两个最近年份之间线性插值，或按全国年均变化目标推算，
# 并注明），水平差（正值 = 目标水平优于同年全国水平；“越低越好”的指标已调整符号），以及规划与全国在同一时段的年均变化和进度差
# （正值 = 计划改善快于全国）。
# One row per plan and metric: baseline, target, the national level in the target year (interpolated between
# the two nearest national years, or carried on by a national yearly pace, where the nation printed none for
# that year, and marked), the level difference (positive = a better level than the nation's that year; signs
# turned for lower-is-better metrics), and the yearly change the plan and the nation plan over the same years,
# with the pace difference (positive = the plan means to improve faster than the nation).

# %%
headline = compare.align_metrics(indicators, documents, metrics=HEADLINE)
html_table(comparison_view(headline, documents), table_id="headline-table",
           caption="表2 核心指标：水平与进度，对照同年全国 Table 2. Headline metrics: level and pace against the nation, same years")

# %%
html_table(national_sources_view(headline), table_id="headline-sources",
           caption="表2 来源 Sources of the national figures in Table 2 and Figure 1")

# %%
fig = plot_dumbbells(headline, HEADLINE)
fig.suptitle("图1 基线 → 目标，对照目标年份的全国水平 Figure 1. Baseline → target against the nation in the target year",
             y=1.01)

# %% [markdown]
# 图1 来源：各城市规划原文（见下文“每个数字的原文”）；全国水平：表2 来源。竖线 = 全国同年印有的数字，× = 插值或按年均变化推算。
# 没有提到某个指标的规划列在副标题中，不会画成零。
# Figure 1 sources: the plans' own sentences (see "Every number with its sentence" below); national levels: the
# sources of Table 2. A bar marks a national figure printed for that year, × one interpolated or carried on by
# a yearly pace. Plans without the metric are named in the subtitle, never drawn as zero.

# %% [markdown]
# ## 指标覆盖 Coverage of all registry metrics

# %%
aligned = compare.align_metrics(indicators, documents, metrics=METRICS or None)
ax = plot_coverage(aligned)
ax.set_title("图2 " + ax.get_title())
ax.figure.tight_layout()

# %% [markdown]
# 图2 来源：各城市规划原文。各规划只在少数指标上重叠：同一指标真正能够横向比较的城市往往只有两三个。
# Figure 2 source: the plans' texts. Plans overlap on few metrics: for most metrics only two or three plans can be
# compared.

# %%
html_table(missing_metrics(compare.align_metrics(indicators, documents, metrics=HEADLINE)), table_id="missing",
           caption="表3 核心指标中未出现的 Headline metrics a text does not hold")

# %% [markdown]
# ## 水平与进度 Level and pace against the nation, all metrics
#
# 只比较比率类指标（总量如“经常参加体育锻炼人数（亿人）”不与全国比较）。`level_better_than_nation`：目标水平优于同年全国的规划数；
# `faster_than_nation`：计划改善快于全国的规划数。
# Only rates are compared (counts such as the number of people exercising are not). `level_better_than_nation`
# counts plans whose target level beats the nation's that year; `faster_than_nation` plans that mean to improve
# faster than the nation over the same years.

# %%
html_table(national_gap_summary(aligned), table_id="gap-summary",
           caption="表4 各指标：水平优于全国与进度快于全国的规划数 Table 4. Plans better than the nation, by level and by pace")

# %%
html_table(comparison_view(aligned, documents), table_id="all-metrics",
           caption="表5 全部指标 Table 5. Every metric, level and pace against the nation")

# %%
html_table(national_sources_view(aligned), table_id="all-sources",
           caption="表4、表5 来源 Sources of the national figures in Tables 4 and 5")

# %% [markdown]
# ## 每个数字的原文 Every number with its sentence
#
# 每个数字都可以追溯到规划原文：`原文` 是原始文件中 `位置` 所指的那段文字（保留原文的空格和标点）。
# Each number is quoted from the raw file: `evidence` is the raw text at `offsets`, spaces and all.

# %%
html_table(evidence_view(indicators, documents, metrics=HEADLINE), table_id="evidence-table",
           caption="表6 核心指标的原文出处 Table 6. Evidence for the headline metrics")

# %% [markdown]
# 指标抽取的质量：五份规划的人工标注金标准（样本内）上精确率、召回率均为 0.99；在其他地方的真实文本上明显更低（见
# `docs/indicators.md`）：请对照原文核对。表格单位与登记单位矛盾时（例如表中婴儿死亡率写作“%”而正文为“‰”），保留登记单位并加注。
# Extraction quality: precision and recall 0.99 on hand-annotated gold facts of the five plans (in-sample); clearly
# lower on real texts from other places (see `docs/indicators.md`): check against the sentences. Where a table's
# unit contradicts the registry (婴儿死亡率 (%) where the text says ‰) the registry unit is kept and the row is
# flagged.
