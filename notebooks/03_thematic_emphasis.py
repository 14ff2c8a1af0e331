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
# # 03 主题侧重 Thematic emphasis
#
# - 各规划在 15 个政策主题上的文本占比及其 90% 区间 — how much of each plan's text goes to each of
#   15 policy themes, with 90% intervals.
# - 有效主题数：一份规划的内容分散在多少个主题上 — the effective number of themes: how widely a plan
#   spreads its text.
# - 按主题结构聚类（树状图）和二维规划地图 — plans clustered by theme profile (dendrogram) and a
#   two-dimensional map of plans.
# - 基于 TF-IDF 的文本相似度 — text similarity on TF-IDF word vectors.
# - 各城市的特色词（带信息先验的对数优势比）— distinctive terms per city (log-odds with an
#   informative Dirichlet prior).
# - NMF 主题模型及其在不同随机种子下的稳定性 — NMF topics and how stable they are across seeds.
#
# **注意 Caveats.** 只有 3 个城市的 5 份规划，文件类型也不同（十四五规划、行动方案、实施意见、年度工作要点），
# 所以聚类与地图只是描述性的，不是对城市的推断。占比是占**已编码**文本的比例。编码表及其实测准确率
# （其他地方规划的 74 个留出章节上首要主题准确率 0.878；种子规划的 109 个章节上 0.917）见
# [docs/codebook.md](../docs/codebook.md) 与 [docs/themes.md](../docs/themes.md)。
#
# Only 5 plans from 3 cities, and of different types (five-year plans, an action plan, an implementation
# opinion, annual work points): the clustering and the map describe these documents, they are not
# inference about cities. Shares are of *coded* text. The codebook and its measured accuracy (top theme
# right for 0.878 of 74 kept-aside sections of other places' plans, 0.917 of 109 sections of the seed plans)
# are in [docs/codebook.md](../docs/codebook.md) and [docs/themes.md](../docs/themes.md).

# %% tags=["parameters"]
CITIES = []  # 空 = 全部城市 empty = all cities, e.g. ["Cixi", "Panzhihua"]; 特色词需要至少两个城市 distinctive terms need two
N_TOPICS = 4  # NMF 主题数 number of NMF topics
N_TERMS = 10  # 每个城市/主题列出的词数 terms listed per city and per topic
RANDOM_STATE = 0  # 自助法与 NMF 的随机种子 seed of the bootstrap and of NMF

# %%
# %config InlineBackend.figure_formats = ["retina"]
import matplotlib.pyplot as plt
import pandas as pd

import compare
from compare.analytics import PlanClustering, TopicModel, distinctive_terms, plan_similarity, tfidf_matrix
from compare.analytics import theme_profiles
from compare.plotting import plan_labels, plot_plan_map, plot_similarity, plot_theme_clustermap
from compare.plotting import plot_theme_shares, set_theme
from compare.report import html_table
from compare.themes import code_paragraphs, theme_summary

set_theme()
pd.set_option("display.max_colwidth", None)

# %%
documents = compare.load_documents(cities=CITIES)
keep = documents[["doc_id"]]
shares = compare.load_themes().merge(keep)
tokens = compare.load_tokens().merge(keep)
paragraphs = compare.load_paragraphs().merge(keep)
labels = plan_labels(documents)

# %% [markdown]
# ## 1 各规划的主题占比 Theme shares per plan
#
# 每一格是该主题占这份规划已编码文本的百分比，括号内是对段落做自助法得到的 90% 区间；区间重叠较多的两格不宜解读为差异。
# 行标签第二行是全文中未被任何主题编码的比例。慈溪市十四五规划只是 8 个段落的节选，所以区间很宽。
#
# Each cell is the theme's percentage of the plan's coded text, with a 90% bootstrap interval over paragraphs
# in brackets; do not read a difference between cells whose intervals largely overlap. The second line of each
# row label is the share of the plan's text that no theme codes. The Cixi five-year plan is an 8-paragraph
# excerpt, hence its wide intervals.

# %%
ax = plot_theme_shares(shares, documents)

# %% [markdown]
# 图1 各规划各主题的篇幅占比及 90% 自助法区间。来源：data/clean/themes.csv（用包内主题编码表 themes.csv 编码）。
# Figure 1. Theme shares per plan with 90% bootstrap intervals. Source: data/clean/themes.csv, coded with the
# packaged codebook (themes.csv).

# %% [markdown]
# ## 2 有效主题数 Effective number of themes
#
# 有效主题数 = exp(主题占比的香农熵)：所有已编码文本都属于一个主题时为 1，15 个主题平分时为 15。
# 自助法会降低多样性，所以区间偏低，甚至可能略低于点估计（见 [docs/themes.md](../docs/themes.md)）。
#
# The effective number of themes is exp(Shannon entropy of the shares): 1 when all coded text has one theme,
# 15 when all 15 themes have equal shares. Resampling lowers diversity, so the interval leans low and can end
# just below the point estimate (see [docs/themes.md](../docs/themes.md)).

# %%
summary = theme_summary(code_paragraphs(paragraphs, tokens), random_state=RANDOM_STATE)
html_table(summary.assign(plan=summary["doc_id"].map(labels), uncoded=100 * summary["uncoded_share"]).set_index("plan")[
    ["n_units", "uncoded", "effective_themes", "effective_themes_low", "effective_themes_high"]
].rename(columns={
    "n_units": "段落数 units", "uncoded": "未编码 % uncoded", "effective_themes": "有效主题数 effective themes",
    "effective_themes_low": "90% 下限 low", "effective_themes_high": "90% 上限 high",
}).round(1), table_id="theme-summary", caption="表1 各规划的编码覆盖与主题集中度 Table 1. Coverage and concentration of themes per plan")

# %% [markdown]
# ## 3 按主题结构聚类 Plans clustered by theme profile
#
# 树状图把主题占比结构（上面热图的各行）相近的规划连在一起：连接点越靠右（余弦距离越小），两份规划的主题侧重越相似。
# 五份不同类型的文件，聚类只是描述，不代表城市之间的稳定分组。
#
# The dendrogram joins plans whose theme profiles (the rows of the heatmap above) are alike: the further right
# two plans join (the smaller the cosine distance), the more alike their emphasis. With five documents of
# different types the tree describes them; it is not a stable grouping of cities.

# %%
grid = plot_theme_clustermap(shares, documents)

# %% [markdown]
# 图2 主题占比热图与规划聚类树。来源：data/clean/themes.csv。
# Figure 2. Heatmap of theme shares with the plans' dendrogram. Source: data/clean/themes.csv.

# %% [markdown]
# 按轮廓系数选出的聚类数与各规划所属的类如下；只有五份规划，这个选择的证据很弱。
#
# The number of clusters chosen by mean silhouette, and each plan's cluster; with five plans this choice is
# weak evidence.

# %%
clustering = PlanClustering().fit(theme_profiles(shares))
html_table(clustering.labels_.rename(index=labels).rename_axis("规划 plan").to_frame(
    f"类 cluster（k = {clustering.n_clusters_}）"), table_id="clusters",
    caption="表2 按主题占比的聚类 Table 2. Plans clustered by theme shares")

# %% [markdown]
# ## 4 文本相似度 Text similarity (TF-IDF)
#
# 每一格是两份规划 TF-IDF 词向量的余弦相似度（0 = 没有共同的加权词，1 = 相同）。这里看的是用词而不是主题：
# 地名、文件类型的套话和篇幅都会影响它。颜色只在最低值和最高值之间排序，差异大小看数字。
#
# Each cell is the cosine similarity of two plans' TF-IDF word vectors (0 = no weighted words in common,
# 1 = identical). This is about wording rather than themes: place names, the boilerplate of a document type and
# length all move it. Colours only rank the pairs between the lowest and highest value; read the numbers for size.

# %%
ax = plot_similarity(plan_similarity(tokens), documents)

# %% [markdown]
# 图3 规划之间的 TF-IDF 余弦相似度。来源：data/clean/tokens.csv（jieba 分词，去停用词）。
# Figure 3. TF-IDF cosine similarity between plans. Source: data/clean/tokens.csv (jieba tokens, stopwords removed).

# %% [markdown]
# ## 5 规划地图 Map of plans
#
# 左图是主题占比的主成分分析，右图是 TF-IDF 词向量的主成分分析。点越近，规划越相似；坐标轴本身没有实际含义，
# 只是差异最大的方向。标题给出两轴保留的方差比例：比例低时，图上的距离只是粗略的示意，应以上面的热图为准。
#
# Left: principal components of the theme shares; right: principal components of the TF-IDF word vectors.
# Closer points are more alike plans; the axes have no meaning of their own, they are the directions of largest
# difference. The title gives the share of variance the two axes keep: when it is low, distances on the map are
# only a sketch and the heatmaps above are the reference.

# %%
fig, axes = plt.subplots(1, 2, figsize=(14, 6.2))
plot_plan_map(theme_profiles(shares), documents, ax=axes[0], random_state=RANDOM_STATE,
              what="主题占比 theme shares")
plot_plan_map(tfidf_matrix(tokens), documents, ax=axes[1], random_state=RANDOM_STATE,
              what="TF-IDF 词语 words")
fig.tight_layout()

# %% [markdown]
# 图4 规划地图：主题占比（左）与 TF-IDF 词向量（右）的主成分。来源：data/clean/themes.csv、tokens.csv。
# Figure 4. Map of plans: principal components of theme shares (left) and of TF-IDF word vectors (right).
# Sources: data/clean/themes.csv, tokens.csv.

# %% [markdown]
# ## 6 各城市的特色词 Distinctive terms per city
#
# 每个城市的全部规划与其他所有规划比较，使用带信息狄利克雷先验的对数优势比（Monroe、Colaresi 与 Quinn 2008）；
# z > 1.96 大致表示该词在这个城市明显更常用。地名自然排在前面。慈溪的三份文件类型不同，合在一起后，
# 它的特色词也部分反映文件类型（如行动方案里的“行动”）。
#
# Each city's plans are compared with all other plans using the log-odds ratio with an informative Dirichlet
# prior (Monroe, Colaresi & Quinn 2008); z > 1.96 roughly means the word is clearly more common in that city.
# Place names naturally come first. Cixi pools three documents of different types, so its terms partly reflect
# document type (e.g. 行动 from the action plan).

# %%
terms = distinctive_terms(tokens, documents, by="city", top=N_TERMS)
city_names = documents.drop_duplicates("city").set_index("city")["city_zh"]
terms = terms.assign(rank=terms.groupby("group").cumcount() + 1, z=terms["z"].round(1),
                     city=terms["group"].map(city_names) + " " + terms["group"])
table = terms.pivot(index="rank", columns="city", values=["term", "z"]).swaplevel(axis=1).sort_index(axis=1)
html_table(table.rename(columns={"term": "词 term"}, level=1).rename_axis("名次 rank").rename_axis(columns=[None, None]),
           table_id="distinctive-terms", caption="表3 各城市的区分性词语 Table 3. Words that distinguish each city")

# %% [markdown]
# ## 7 NMF 主题 Topics (NMF)
#
# 主题模型在正文段落上拟合：与主题编码一致，标题不算；用段落的 TF-IDF，去掉“加强、推进”等政策套话动词，
# 只保留至少出现在两个段落中的词。每个主题是一组常一起出现的词；权重是该主题占全部段落-主题权重的比例；
# 稳定性是用其他随机种子重新拟合时，该主题与最匹配主题的平均余弦相似度（1 = 每次都找到同一个主题）。
# 只解读稳定性接近 1 的主题；有的主题只收集了发文通知、机构名称等公文套话，并不是政策内容。
#
# Topics are fitted on body paragraphs (headings are labels, as in the theme coding), on paragraph TF-IDF
# without policy boilerplate verbs such as 加强 and 推进, with terms in at least two paragraphs. Each topic is a
# group of words that occur together; weight is its share of all paragraph-topic weight; stability is its mean
# cosine similarity with the best-matching topic when NMF is refitted with other seeds (1 = found every time).
# Interpret only topics whose stability is close to 1; some topics only collect the transmittal notice and
# office names, i.e. document furniture rather than policy content.

# %%
body = tokens.merge(paragraphs.loc[paragraphs["kind"] != "heading", ["doc_id", "para_id"]])
paragraph_tfidf = tfidf_matrix(body, unit="paragraph", drop_policy_verbs=True, min_df=2)
topics = TopicModel(n_topics=N_TOPICS, random_state=RANDOM_STATE, n_top_terms=N_TERMS).fit(paragraph_tfidf)
html_table(topics.topics_.set_index("topic").rename_axis("主题 topic").rename(columns={
    "top_terms": "高权重词 top terms", "weight": "权重 weight", "stability": "稳定性 stability"}).round(2),
    table_id="topics", caption="表4 NMF 主题 Table 4. Topics (NMF) with weight and stability")

# %% [markdown]
# 下表是稳定性按随机种子的展开：每个种子重新拟合后，各主题与报告模型中对应主题的平均匹配相似度，最后一列是总体稳定性
# （所有主题、所有种子的平均）。若某些种子接近 1、另一些明显较低，说明有一两个主题随种子变化，其余主题是可重复的；
# 上表的 stability 列指出是哪一个。
#
# Stability by seed: for each refit, the mean matched similarity of its topics with the reported ones; the last
# column is the overall stability (the mean over topics and seeds). When some seeds are close to 1 and others
# clearly lower, one or two topics change with the seed while the rest are reproducible; the stability column
# above says which.

# %%
by_seed = topics.stability_by_seed_.set_index("seed")["similarity"].rename(lambda seed: f"种子 seed {seed}")
by_seed = by_seed.rename_axis(None)
html_table(by_seed.to_frame("平均匹配相似度 mean matched similarity").T.assign(**{"总体 overall": topics.stability_})
           .rename_axis("度量 measure").round(2), table_id="stability", caption="表5 主题稳定性（按随机种子） Table 5. Topic stability by seed")

# %% [markdown]
# ## 小结 Summary
#
# - 主题占比、有效主题数、聚类和地图都在描述这五份文件；文件类型与篇幅差别很大（节选只有 8 个段落），
#   城市之间的差异不能与文件类型的差异分开。
#   Shares, effective themes, clusters and maps describe these five documents; types and lengths differ widely
#   (the excerpt has 8 paragraphs), so differences between cities cannot be told apart from differences between
#   document types.
# - 占比只计已编码文本；各规划未编码的比例列在热图的行标签里。编码表（第 2 版）的首要主题准确率：其他 40 个地方
#   规划的 74 个留出章节上 0.878（65/74），种子规划上 0.917（100/109，样本内），见 [docs/themes.md](../docs/themes.md)。
#   Shares count coded text only; each plan's uncoded share is in the heatmap's row labels. The codebook's
#   (version 2) top-theme accuracy is 0.878 (65/74) on kept-aside sections of 40 other places' plans and 0.917
#   (100/109, in-sample) on the seed plans; see [docs/themes.md](../docs/themes.md).
