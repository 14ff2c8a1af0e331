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
# # 05 政策工具 × 主题 Policy instruments × themes
#
# - 卫生政策研究常用的二维内容分析：每个政策条款按政策工具（Rothwell & Zegveld：供给型、环境型、需求型）和主题编码，再交叉列表。
#   The two-dimensional content analysis of the health-policy literature: each clause coded by policy instrument
#   (Rothwell & Zegveld: supply, environment, demand) and by theme, then cross-tabulated.
# - 编码是自动的，每个编码都有证据词和条款在原文中的位置。**工具的准确度仍低（见 docs/instruments.md）：在51个地方的438条
#   留出条款上类型级准确率为 0.71（开发条款上按地方交叉验证 0.73），远低于编码者之间的一致性；请把本页当作探索，并对照条款原文。**
#   The coding is automatic, each code with its evidence words and the clause's offsets in the raw text. **Its
#   accuracy is still low (docs/instruments.md): type-level accuracy 0.71 on 438 kept-aside clauses of 51 places
#   (0.73 on the development clauses, cross-validated by place), far below the coders' agreement; read this page as
#   exploration and check the clauses.**

# %% tags=["parameters"]
CITIES = []  # 空 = 全部城市 empty = all cities
LEVEL = "type"  # "type" 或 "sub_instrument"

# %%
# %config InlineBackend.figure_formats = ["retina"]
import compare
from compare.instruments import instrument_clauses, instrument_shares, instrument_theme_table
from compare.plotting import plan_labels, plot_instrument_balance, plot_instrument_theme_heatmap, set_theme
from compare.report import html_table

set_theme()
documents = compare.load_documents(cities=CITIES)
keep = documents[["doc_id"]]
codes = compare.load_instrument_codes().merge(keep)
paragraphs = compare.load_paragraphs().merge(keep)
coded_paragraphs = compare.code_paragraphs(paragraphs, compare.load_tokens().merge(keep))
theme_names = compare.load_codebook().set_index("theme_id")["label_zh"].to_dict()

# %% [markdown]
# ## 1 工具结构 The balance of instruments
#
# 文献中常见的发现是环境型工具占主导。下图给出各规划使用各类工具的条款占有行动条款的比例（一条款可用多类工具）。
# The usual finding is heavy reliance on environment-side tools. The figure shows, per plan, the share of its
# action clauses that use each type (a clause may use several).

# %%
shares = instrument_shares(codes)
ax = plot_instrument_balance(shares, documents)
ax.figure.tight_layout()

# %% [markdown]
# 图1 各规划的政策工具结构。来源：data/clean/instruments.csv（工具编码表 instruments.csv）。
# Figure 1. Balance of instruments per plan. Source: data/clean/instruments.csv, coded with the packaged codebook.

# %%
labels = plan_labels(documents)
html_table(shares.assign(plan=shares["doc_id"].map(labels)).set_index("plan")[
    ["type", "n_units", "n_action_units", "share", "share_low", "share_high"]].round(3),
    table_id="instrument-shares", caption="表1 各规划各类工具的条款占比 Table 1. Share of action clauses per type")

# %% [markdown]
# ## 2 工具 × 主题 Instruments × themes
#
# 条款的主题取其所在段落的首要主题（03 报告的主题编码）。每格是条款数，颜色是占该工具条款的比例。
# A clause's theme is the top theme of its paragraph (the coding of report 03). Each cell counts clauses; the
# colour is the share of the instrument's clauses.

# %%
table = instrument_theme_table(codes, coded_paragraphs, level=LEVEL)
ax = plot_instrument_theme_heatmap(table, level=LEVEL, theme_names=theme_names)
ax.figure.tight_layout()

# %% [markdown]
# 图2 全部规划的政策工具 × 主题。来源：data/clean/instruments.csv、paragraphs.csv、tokens.csv。
# Figure 2. Instruments × themes across plans. Sources: data/clean/instruments.csv, paragraphs.csv, tokens.csv.

# %% [markdown]
# ## 3 每一格的条款 The clauses behind a cell
#
# 例：语料中最后一份规划的需求型条款，带原文、证据词和原文位置。Example: the demand-side clauses of one plan (the last in
# the corpus), with the clause as written, the evidence words and the offsets in the raw file.

# %%
example = documents["doc_id"].iloc[-1]
clauses = instrument_clauses(codes, doc_id=example, value="demand").head(15)
html_table(clauses[["unit_id", "clause", "sub_instrument", "evidence", "start", "end"]], table_id="demand-clauses",
           caption=f"表2 {labels[example]} 的需求型条款（前15条） Table 2. Demand-side clauses of one plan (first 15)")
