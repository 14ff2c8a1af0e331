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
# # 01 语料概览 Corpus overview
#
# - 本报告比较的规划：城市、类型、发布时间、目标年份 — the plans compared: city, type, date, horizon.
# - 篇幅与结构：段落、标题层级、表格 — their length and structure: paragraphs, heading levels, tables.
# - 清洗去掉了什么（网页导航、索引号信息块、目录）以及原因 — what cleaning removed, and why.
# - 各规划的高频词 — the most frequent words of each plan.
#
# 数据来自 `data/clean`（由 `compare build` 从 `data/raw` 生成）。Data: `data/clean`, built from `data/raw`.

# %% tags=["parameters"]
CITIES = []  # 空 = 全部城市 empty = all cities, e.g. ["Cixi", "Panzhihua"]
N_TERMS = 10
OUTLINE_DOC = "panzhihua-2022-health-development-plan"

# %%
# %config InlineBackend.figure_formats = ["retina"]
import compare
from compare.overview import cleaning_summary, corpus_summary, heading_outline, top_terms, top_terms_wide
from compare.plotting import plan_labels, set_theme
from compare.report import html_table

set_theme()
documents = compare.load_documents(cities=CITIES)
paragraphs = compare.load_paragraphs().merge(documents[["doc_id"]])
labels = plan_labels(documents)

# %% [markdown]
# ## 规划一览 The plans
#
# 五份规划来自三座城市，类型不同：五年规划、专项行动方案、年度工作要点和实施意见，目标年份从 2022 到 2027 不等。
# 比较时要记住这些差别。
# Five plans from three cities, of different kinds and horizons (2022 to 2027): keep this in mind when comparing them.
# `kept_share` is the share of the raw characters that cleaning kept as plan text.

# %%
summary = corpus_summary(documents, paragraphs)
summary.insert(0, "plan", summary["doc_id"].map(labels))
html_table(summary.drop(columns=["doc_id", "city", "city_zh"]), table_id="plans",
           caption="表1 规划一览 Table 1. The plans (source: data/clean/documents.csv)")

# %% [markdown]
# ## 篇幅与结构 Length and structure
#
# 每份规划的段落按类型（标题、正文、表格）计数。攀枝花的“十四五”规划最长，并有一个扁平化的指标表。
# Paragraphs per plan by kind; the Panzhihua five-year plan is the longest and carries a flattened indicator table.

# %%
kinds = paragraphs.groupby(["doc_id", "kind"]).size().unstack(fill_value=0).rename(index=labels)
kinds = kinds.rename(columns={"heading": "标题 heading", "table": "表格 table", "text": "正文 text"})
ax = kinds.plot.barh(stacked=True, figsize=(8, 3.5), title="图1 段落类型 Figure 1. Paragraphs by kind",
                     xlabel="段落数 paragraphs", ylabel="")
ax.legend(title="");

# %% [markdown]
# 图1 来源：data/clean/paragraphs.csv。Figure 1 source: data/clean/paragraphs.csv.

# %% [markdown]
# 标题层级保留了规划自身的结构，例如攀枝花规划的章节（前两级）：
# The plans' own headings are kept; here the first two levels of one plan:

# %%
if OUTLINE_DOC in set(documents["doc_id"]):
    display(html_table(heading_outline(paragraphs, OUTLINE_DOC, max_level=2), table_id="outline",
                       caption=f"表2 {labels[OUTLINE_DOC]} 的章节 Table 2. Headings of one plan (first two levels)"))

# %% [markdown]
# ## 清洗去掉了什么 What cleaning removed
#
# 从网页复制的文本带有导航、“索引号 / 发布机构 / 公开方式”信息块、打印链接和目录。清洗删除这些行，并逐行记录原因
# （`removed.csv`），不会悄悄丢掉任何内容。
# Web pages bring navigation, metadata header blocks, print links and a table of contents; cleaning removes
# them and records every removed line with its reason in `removed.csv`.

# %%
removed = compare.load_removed().merge(documents[["doc_id"]])
html_table(cleaning_summary(removed, documents).rename(index=labels).rename_axis("plan"), table_id="removed-summary",
           caption="表3 清洗删除的行数（按原因） Table 3. Lines removed by cleaning, by reason (source: removed.csv)")

# %%
html_table(removed.groupby("reason").head(2)[["doc_id", "line", "reason", "text"]], table_id="removed-examples",
           caption="表4 删除行示例 Table 4. Examples of removed lines")

# %% [markdown]
# ## 高频词 Most frequent words
#
# 去掉虚词、数字和“加强、推进、完善”等政策套话动词后的高频词。高频词大多是各规划共有的词；
# 各城市的特色词见 03 主题侧重报告中的“区分性词语”。
# Frequent words after dropping function words, numbers and boilerplate verbs. They are mostly shared by all
# plans; the words that distinguish a city are in notebook 03.

# %%
top = top_terms(compare.load_tokens().merge(documents[["doc_id"]]), n=N_TERMS)
html_table(top_terms_wide(top).rename(columns=labels), table_id="top-terms",
           caption="表5 各规划高频词 Table 5. Most frequent words per plan (source: tokens.csv)")
