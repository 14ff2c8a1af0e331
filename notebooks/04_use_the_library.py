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
# # 04 在自己的规划上使用 compare Use the library on a plan of your own
#
# - 读入一份规划文本（UTF-8 或 GBK 的 .txt，或网页 .html）并清洗 — read and clean a plan file.
# - 抽取指标，每个数字附原文 — extract its indicators, each with its sentence.
# - 计算主题侧重 — code its themes.
# - 把它加入与其他城市的比较 — add it to the comparison with the other cities.
#
# 在自己的分析中：`pip install -e .`（或本仓库的 `make setup`），然后 `import compare`。
# In your own analysis: install the package, then `import compare`.

# %% tags=["parameters"]
# 默认是为本报告编写的示例规划（不在语料中），这样语料中的城市都不会被替换掉；换成你自己的文件。
# By default a small invented plan written for this report (not in the corpus, so no city of the corpus is
# replaced in the tables below); put your own file here.
PLAN_FILE = "example_plan.txt"
CITY_ZH, CITY = "示例市", "Example city"
HORIZON = None  # 规划目标年份；None = 从标题推断 the plan's target year; None = read from its title
COMPARE_WITH = ["life_expectancy", "health_literacy", "family_doctor_coverage", "hypertension_management_rate"]

# %%
# %config InlineBackend.figure_formats = ["retina"]
import compare
from compare.align import add_plan, comparison_view
from compare.plotting import set_theme
from compare.report import html_table
from compare.themes import plan_tables

set_theme()
plan = compare.read_plan(PLAN_FILE)
print(f"{plan.doc_id}: {len(plan.paragraphs)} paragraphs, encoding {plan.encoding}, {len(plan.removed)} lines removed")

# %% [markdown]
# ## 1. 清洗后的段落 Clean paragraphs
#
# 每个段落带有标题路径和在原文件中的字符位置。Each paragraph carries its heading path and raw offsets.

# %%
import pandas as pd

html_table(pd.DataFrame([(p.para_id, p.kind, " / ".join(p.heading_path), p.text.text[:40]) for p in plan.paragraphs[:8]],
                        columns=["para_id", "kind", "heading", "text"]), table_id="paragraphs",
           caption="表1 清洗后的前八个段落 Table 1. The first eight clean paragraphs")

# %% [markdown]
# ## 2. 指标 Indicators
#
# `extract_indicators` 不需要清单文件；目标年份从标题和正文推断，也可以自己给出。
# No manifest needed: the horizon is read from the title and text, or given.

# %%
facts = compare.extract_indicators(plan, horizon=HORIZON)
html_table(facts[["metric_id", "metric_raw", "kind", "year", "value", "unit", "comparator", "evidence"]].head(12),
           table_id="facts", caption="表2 抽取的指标（前12条） Table 2. Extracted indicators (first 12)")

# %% [markdown]
# 证据就是原文：`raw[start:end]` 正是引用的句子。The evidence is the raw text itself:

# %%
first = facts.iloc[0]
plan.raw[first["start"] : first["end"]] == first["evidence"]

# %% [markdown]
# ## 3. 主题侧重 Thematic emphasis
#
# 用包内的主题编码表（可以换成自己的 CSV）对段落编码，得到各主题的篇幅占比和 90% 自助法区间。
# Code the paragraphs with the packaged codebook (or your own CSV) to get theme shares with 90% intervals.

# %%
own_paragraphs, own_tokens = plan_tables([PLAN_FILE])
coded = compare.code_paragraphs(own_paragraphs, own_tokens)
shares = compare.theme_shares(coded)
html_table(shares.sort_values("share", ascending=False)[["theme_id", "share", "share_low", "share_high"]].head(6),
           table_id="shares", caption="表3 主题占比（前6） Table 3. Theme shares with 90% intervals (top 6)")

# %% [markdown]
# ## 4. 加入比较 Add it to the comparison
#
# 把新规划的指标与已有语料合并，再对齐到登记表。Append the new plan's facts to the corpus and align.

# %%
documents, indicators = add_plan(compare.load_documents(), compare.load_indicators(), plan, facts,
                                 city=CITY, city_zh=CITY_ZH, horizon=HORIZON)
html_table(comparison_view(compare.align_metrics(indicators, documents, metrics=COMPARE_WITH), documents),
           table_id="comparison", caption="表4 与语料中的规划和全国同年水平比较 Table 4. Against the corpus and the nation")
