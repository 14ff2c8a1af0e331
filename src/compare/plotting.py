"""Charts with Chinese labels that render on a fresh machine.

:func:`use_cjk_font` registers a CJK font with matplotlib: Noto Sans CJK SC shipped by the
``mplfonts`` package (SIL Open Font License; installed with plancompare), else a CJK font the
system already has. Call it after any seaborn theme — :func:`set_theme` does both — because
``seaborn.set_theme`` resets the font family.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

# Families that cover simplified Chinese, most preferred first, for machines without mplfonts.
SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "SimHei", "AR PL UMing CN",
)


def cjk_font_path() -> Path | None:
    """Path of a font file with Chinese glyphs: the packaged Noto Sans CJK SC, else a system font."""
    try:
        import mplfonts

        packaged = Path(mplfonts.__file__).with_name("fonts") / "NotoSansCJKsc-Regular.otf"
        if packaged.is_file():
            return packaged
    except ImportError:
        pass
    for family in SYSTEM_CJK_FAMILIES:
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return Path(path)
    return None


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese text; returns the font family used.

    Raises RuntimeError when no CJK font can be found (install ``mplfonts``).
    """
    path = cjk_font_path()
    if path is None:
        raise RuntimeError("no font with Chinese glyphs found: pip install mplfonts")
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    sans = [family, *[f for f in matplotlib.rcParams["font.sans-serif"] if f != family]]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = sans
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font lacks U+2212 in some builds
    return family


def set_theme(**seaborn_options) -> str:
    """``seaborn.set_theme(**seaborn_options)`` followed by :func:`use_cjk_font`."""
    import seaborn as sns

    sns.set_theme(**{"style": "whitegrid", "context": "notebook", **seaborn_options})
    return use_cjk_font()


def _plan_label(row) -> str:
    horizon = "" if pd.isna(row["horizon"]) else f" → {int(row['horizon'])}"
    return f"{row['city_zh']} {row['doc_type_zh']}{horizon}"


COMPARATOR_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "≈"}

DOC_TYPE_ZH = {
    "five_year_plan": "十四五规划",
    "action_plan": "行动方案",
    "annual_work_points": "年度工作要点",
    "implementation_opinion": "实施意见",
    "other": "其他",
}


def plan_labels(documents: pd.DataFrame) -> pd.Series:
    """Short Chinese labels for plans, by doc_id: '慈溪市 行动方案 → 2022'."""
    labelled = documents.assign(doc_type_zh=documents["doc_type"].map(DOC_TYPE_ZH).fillna("其他"))
    return pd.Series([_plan_label(r) for _, r in labelled.iterrows()], index=labelled["doc_id"].tolist())


def plot_dumbbells(aligned: pd.DataFrame, metrics: list[str], *, width: float = 9.0):
    """One dumbbell chart (:func:`plot_dumbbell`) per metric, stacked, with one legend for all."""
    fig, axes = plt.subplots(len(metrics), 1, figsize=(width, 3.4 * len(metrics) + 0.6), squeeze=False)
    handles: dict[str, object] = {}
    for ax, metric in zip(axes[:, 0], metrics, strict=True):
        plot_dumbbell(aligned, metric, ax=ax, legend=False)
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=min(len(handles), 4), fontsize=9,
               frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def plot_dumbbell(aligned: pd.DataFrame, metric_id: str, *, ax=None, legend: bool = True):
    """Baseline → target per plan for one metric, with the national level of the same year.

    The national marker on each plan's row is the nation's level at that plan's target year
    (interpolated or from a national pace where the nation printed none for that year, hollow
    then). Plans that state only a qualitative target or a change are labelled with their
    wording; plans that do not state the metric are named in the subtitle, never drawn as zero.
    """
    _ensure_cjk_font()
    rows = aligned[aligned["metric_id"] == metric_id]
    if rows.empty:
        raise KeyError(f"{metric_id!r} is not in the aligned table")
    first = rows.iloc[0]
    stated = rows[rows["stated"]]
    ax = ax or plt.subplots(figsize=(8, 0.6 * max(len(stated), 2) + 1.6))[1]
    labels = plan_labels(rows.drop_duplicates("doc_id"))
    drawn: set[str] = set()

    def once(label: str) -> str | None:
        if label in drawn:
            return None
        drawn.add(label)
        return label

    for position, (_, row) in enumerate(stated.iterrows()):
        baseline, target = row["baseline_value"], row["target_value"]
        level = row["target_comparator"] not in ("change", "annual_change", "qualitative")
        if pd.notna(baseline) and pd.notna(target) and level:
            ax.annotate("", xy=(target, position), xytext=(baseline, position),
                        arrowprops={"arrowstyle": "->", "color": "0.4", "lw": 1.5})
        if pd.notna(baseline):
            ax.plot(baseline, position, "o", color="0.55", ms=8, label=once("基线 baseline"))
            ax.annotate(f"{baseline:g} ({int(row['baseline_year']) if pd.notna(row['baseline_year']) else '?'})",
                        (baseline, position), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=8)
        if pd.notna(target) and level:
            ax.plot(target, position, "D", color="C0", ms=8, label=once("目标 target"))
            ax.annotate(f"{COMPARATOR_SYMBOLS.get(row['target_comparator'], '')}{target:g} ({int(row['target_year'])})",
                        (target, position), textcoords="offset points",
                        xytext=(0, -14), ha="center", fontsize=8, color="C0")
        elif row["target_comparator"] in ("qualitative", "change", "annual_change"):
            text = {"qualitative": "定性目标 qualitative", "change": f"变化 change {target:+g}",
                    "annual_change": f"每年 per year {target:+g}"}[row["target_comparator"]]
            anchor = baseline if pd.notna(baseline) else row["national_target"]
            ax.annotate(text, (anchor if pd.notna(anchor) else 0, position), textcoords="offset points",
                        xytext=(12, -4), fontsize=8, color="C3")
        if pd.notna(row["national_target"]):
            exact = row["national_method"] == "same_year"
            ax.plot(row["national_target"], position, "|" if exact else "x", color="C2", ms=14, mew=2,
                    label=once("全国同年水平 national, same year" if exact
                               else "全国同年水平（推算）national, interpolated/paced"))
    ax.set_yticks(range(len(stated)), [labels[d] for d in stated["doc_id"]])
    ax.set_ylim(-0.8, max(len(stated), 1) - 0.2)
    ax.invert_yaxis()
    better = "越高越好 higher is better" if first["direction"] == "higher_is_better" else "越低越好 lower is better"
    ax.set_xlabel(f"{first['name_zh']}（{first['unit']}） {first['name_en']} — {better}")
    title = f"{first['name_zh']}：基线与目标 / baseline → target"
    unstated = rows[~rows["stated"]]
    complete = unstated["completeness"].fillna("full") == "full" if "completeness" in unstated else True
    for caption, group in (("未提及 not stated", unstated[complete]),
                           ("文本不完整、未见 not in the text we have", unstated[~complete])):
        names = group["doc_id"].map(labels).tolist()
        if names:
            title += f"\n{caption}: " + "；".join(names[:3]) + (f" …(+{len(names) - 3})" if len(names) > 3 else "")
    ax.set_title(title, fontsize=11)
    if drawn and legend:
        ax.legend(loc="best", fontsize=8, frameon=True)
    return ax


def plot_coverage(aligned: pd.DataFrame, *, ax=None):
    """Which plan states which metric: metrics down, plans across, annotated with the target year."""
    from compare.align import coverage_matrix

    _ensure_cjk_font()
    matrix = coverage_matrix(aligned).T  # metrics × plans
    documents = aligned.drop_duplicates("doc_id")
    names = aligned.drop_duplicates("metric_id").set_index("metric_id")["name_zh"]
    codes = matrix.apply(lambda col: col.map(lambda v: 0 if v == "" else 1 if v == "qualitative" else 2))
    ax = ax or plt.subplots(figsize=(1.3 * matrix.shape[1] + 4, 0.28 * matrix.shape[0] + 1.5))[1]
    cmap = matplotlib.colors.ListedColormap(["#f2f2f2", "#f4c27a", "#5b9bd5"])
    ax.imshow(codes.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=2, aspect="auto")
    for (i, j), value in np.ndenumerate(matrix.to_numpy()):
        if value:
            ax.text(j, i, value.replace("qualitative", "定性").replace("baseline ", "基线 "), ha="center",
                    va="center", fontsize=7)
    labels = plan_labels(documents)
    ax.set_xticks(range(matrix.shape[1]), [labels[d] for d in matrix.columns], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(matrix.shape[0]), [names[m] for m in matrix.index], fontsize=7)
    ax.set_title("指标覆盖 Which plan states which metric\n(目标年份 target year；定性 = qualitative only)", fontsize=10)
    ax.grid(False)
    return ax


# --- thematic emphasis ------------------------------------------------------------------------
#
# These functions make sure matplotlib can draw Chinese before they draw (calling
# :func:`use_cjk_font` when the CJK font is not already the sans-serif font in use), so their
# labels render even when :func:`set_theme` was not called first.


def _ensure_cjk_font() -> None:
    path = cjk_font_path()
    if path is None:
        raise RuntimeError("no font with Chinese glyphs found: pip install mplfonts")
    family = font_manager.FontProperties(fname=str(path)).get_name()
    families = [f for f in font_manager.fontManager.ttflist if f.fname == str(path)]
    in_use = (list(matplotlib.rcParams["font.family"])[:1] == ["sans-serif"]
              and list(matplotlib.rcParams["font.sans-serif"])[:1] == [family])
    if not (families and in_use):
        use_cjk_font()


def _percent(value: float) -> str:
    percent = 100 * value
    return "<1" if 0 < percent < 0.5 else f"{percent:.0f}"


def share_annotation(share: float, low: float = float("nan"), high: float = float("nan")) -> str:
    """Cell text of a theme share with its interval: ``'18%\\n(11–28)'``; ``'—'`` when missing."""
    if pd.isna(share):
        return "—"
    text = f"{_percent(share)}%"
    if pd.notna(low) and pd.notna(high):
        text += f"\n({100 * low:.0f}–{100 * high:.0f})"
    return text


def _theme_names(shares: pd.DataFrame) -> pd.Series:
    return shares.astype({"theme_id": str}).drop_duplicates("theme_id").set_index("theme_id")["label_zh"].astype(str)


def _labels_for(doc_ids, documents: pd.DataFrame) -> list[str]:
    labels = plan_labels(documents.astype({"doc_id": str}))
    return [labels.get(str(d), str(d)) for d in doc_ids]


def _uncoded_labels(shares: pd.DataFrame, documents: pd.DataFrame, doc_ids) -> list[str]:
    uncoded = shares.astype({"doc_id": str}).drop_duplicates("doc_id").set_index("doc_id")["uncoded_share"]
    return [label if pd.isna(uncoded.get(str(d))) else f"{label}\n全文未编码 {100 * uncoded[str(d)]:.1f}%"
            for d, label in zip(doc_ids, _labels_for(doc_ids, documents), strict=True)]


def plot_theme_shares(shares: pd.DataFrame, documents: pd.DataFrame, *, ax=None, cmap: str = "YlGnBu"):
    """Heatmap of theme shares: one row per plan, one column per theme (codebook order).

    ``shares`` is the share table (``load_themes()``). Each cell shows the share of the plan's coded
    text in percent and its 90% interval (``18%`` over ``(11–28)``); themes are labelled with
    ``label_zh``, plans with :func:`plan_labels` plus their uncoded share (全文未编码). A plan
    with nothing coded (NaN shares) has blank cells.
    """
    import seaborn as sns

    from compare.analytics import theme_profiles

    _ensure_cjk_font()
    point = theme_profiles(shares)
    low, high = (theme_profiles(shares, value=v) for v in ("share_low", "share_high"))
    text = np.array([[share_annotation(p, lo, hi) for p, lo, hi in zip(*rows, strict=True)]
                     for rows in zip(point.to_numpy(), low.to_numpy(), high.to_numpy(), strict=True)], dtype=object)
    names = _theme_names(shares)
    table = pd.DataFrame(100 * point.to_numpy(), index=_uncoded_labels(shares, documents, point.index),
                         columns=[names[t] for t in point.columns])
    ax = ax or plt.subplots(figsize=(0.5 * table.shape[1] + 3.2, 0.6 * table.shape[0] + 2.2))[1]
    sns.heatmap(table, ax=ax, cmap=cmap, vmin=0, annot=text, fmt="", annot_kws={"fontsize": 7},
                linewidths=0.6, linecolor="white", cbar_kws={"shrink": 0.8, "pad": 0.02})
    _colorbar_label(ax, "占已编码文本 %")
    ax.set_yticks(np.arange(table.shape[0]) + 0.5, table.index, rotation=0, fontsize=8)
    ax.set_xticks(np.arange(table.shape[1]) + 0.5, table.columns, rotation=40, ha="right",
                  rotation_mode="anchor", fontsize=8)
    ax.tick_params(length=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title("各规划的主题占比（占已编码文本的 %，括号内为 90% 自助法区间）\n"
                 "Theme shares per plan (% of coded text, 90% bootstrap interval in brackets)", fontsize=10)
    return ax


_METRIC_ZH = {"cosine": "余弦", "euclidean": "欧氏", "correlation": "相关", "cityblock": "曼哈顿"}
_METHOD_ZH = {"average": "平均", "complete": "完全", "single": "单", "weighted": "加权平均", "ward": "Ward ",
              "centroid": "质心", "median": "中位数"}


def plot_theme_clustermap(shares: pd.DataFrame, documents: pd.DataFrame, *, method: str = "average",
                          metric: str = "cosine", **options):
    """Clustered heatmap of theme profiles (shares in %), plans joined by a dendrogram.

    The plans' tree is :class:`compare.analytics.PlanClustering` (``method``, ``metric``: average
    linkage of cosine distances by default); themes stay in codebook order unless
    ``col_cluster=True``. Other ``options`` go to :func:`seaborn.clustermap` (``cmap``,
    ``figsize``, ``annot`` …). Returns the :class:`seaborn.matrix.ClusterGrid`.
    """
    import seaborn as sns

    from compare.analytics import PlanClustering, theme_profiles

    _ensure_cjk_font()
    profiles = theme_profiles(shares)
    clustering = PlanClustering(method=method, metric=metric).fit(profiles)
    names = _theme_names(shares)
    table = pd.DataFrame(100 * profiles.to_numpy(), index=_labels_for(profiles.index, documents),
                         columns=[names[t] for t in profiles.columns])
    settings = {
        "row_linkage": clustering.linkage_, "col_cluster": False, "cmap": "YlGnBu", "vmin": 0,
        "annot": True, "fmt": ".0f", "annot_kws": {"fontsize": 8}, "linewidths": 0.6, "linecolor": "white",
        "figsize": (0.5 * table.shape[1] + 4.0, 0.55 * table.shape[0] + 3.0),
        "dendrogram_ratio": (0.15, 0.08), "cbar_pos": None, "xticklabels": True, "yticklabels": True,
    }
    settings.update(options)
    grid = sns.clustermap(table, method=method, metric=metric, **settings)
    heatmap = grid.ax_heatmap
    heatmap.set_yticklabels(heatmap.get_yticklabels(), rotation=0, fontsize=9)
    heatmap.set_xticklabels(heatmap.get_xticklabels(), rotation=40, ha="right", rotation_mode="anchor",
                            fontsize=8)
    heatmap.tick_params(length=0)
    heatmap.set_xlabel("")
    heatmap.set_ylabel("")
    tree = grid.ax_row_dendrogram  # seaborn hides its axis; show the distance scale
    if tree.collections:
        tree.set_axis_on()
        tree.set_facecolor("none")
        for name, spine in tree.spines.items():
            spine.set_visible(name == "bottom")
        tree.yaxis.set_visible(False)
        tree.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(3))
        tree.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%.2g"))
        tree.tick_params(axis="x", bottom=True, labelbottom=True, labelsize=7, length=3)
        tree.set_xlabel(f"{_METRIC_ZH.get(metric, metric)}距离 distance", fontsize=8)
        tree.grid(False)
    grid.figure.suptitle(f"按主题结构聚类（{_METRIC_ZH.get(metric, metric)}距离，{_METHOD_ZH.get(method, method)}连接；"
                         "格内为占已编码文本的 %）\n"
                         f"Plans clustered by theme profile ({metric} distance, {method} linkage; cells: % of coded text)",
                         fontsize=10, y=0.99)
    return grid


def plot_similarity(similarity: pd.DataFrame, documents: pd.DataFrame, *, ax=None, cmap: str = "mako_r"):
    """Annotated heatmap of plan × plan cosine similarity (``analytics.plan_similarity``).

    The diagonal (always 1) is left blank and the colour scale runs from the lowest to the highest
    similarity between two different plans, so colours rank the pairs; the printed values and the
    colour bar give the size of the differences.
    """
    import seaborn as sns

    _ensure_cjk_font()
    values = similarity.to_numpy(dtype=float)
    diagonal = np.eye(len(values), dtype=bool)
    off = values[~diagonal & np.isfinite(values)]
    low, high = (float(off.min()), float(off.max())) if off.size else (0.0, 1.0)
    labels = _labels_for(similarity.index, documents)
    table = pd.DataFrame(values, index=labels, columns=_labels_for(similarity.columns, documents))
    size = 1.05 * len(values) + 3.2
    ax = ax or plt.subplots(figsize=(size + 1.0, size - 0.4))[1]
    sns.heatmap(table, ax=ax, mask=diagonal, cmap=cmap, vmin=low, vmax=high if high > low else low + 0.01,
                annot=True, fmt=".2f", annot_kws={"fontsize": 9}, linewidths=0.6, linecolor="white", square=True,
                cbar_kws={"shrink": 0.75})
    _colorbar_label(ax, "余弦相似度 cosine similarity")
    ax.set_facecolor("#f2f2f2")
    ax.grid(False)
    ax.set_yticks(np.arange(len(values)) + 0.5, table.index, rotation=0, fontsize=9)
    ax.set_xticks(np.arange(len(values)) + 0.5, table.columns, rotation=35, ha="right",
                  rotation_mode="anchor", fontsize=9)
    ax.tick_params(length=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title("规划之间的文本相似度（TF-IDF 余弦；对角线 = 1，留空）\n颜色范围从最低到最高的数值，不从 0 开始，以便区分各对规划\n"
                 "Plan similarity (cosine of TF-IDF vectors; diagonal = 1, left blank);\ncolours span the lowest to the "
                 "highest value, not 0 to 1, so that the pairs can be told apart", fontsize=10)
    return ax


_MAP_AXES = {"pca": ("主成分", "PC"), "mds": ("维度", "MDS")}


def _colorbar_label(ax, label: str) -> None:
    colorbar = ax.collections[0].colorbar if ax.collections else None
    if colorbar is not None:
        colorbar.set_label(label, fontsize=9)
        colorbar.ax.tick_params(labelsize=8)


def _label_points(ax, xs: np.ndarray, ys: np.ndarray, labels: list[str], *, fontsize: float = 8.5) -> None:
    """Write each label beside its point, towards the middle of the plot. Points whose labels
    would collide are labelled as a group: one label per line, centred on the group, starting
    beyond the group's outermost point and joined to its point by a thin line."""
    span = max(float(np.ptp(xs)), float(np.ptp(ys))) or 1.0
    middle = float(xs.min() + np.ptp(xs) / 2)
    gap = 0.065 * span  # about one line of text at the default size and margins

    def heights(group: list[int]) -> list[float]:
        centre = float(np.mean(ys[group]))
        return [centre + gap * ((len(group) - 1) / 2 - k) for k in range(len(group))]

    for right in (True, False):
        side = np.flatnonzero((xs <= middle) == right)
        groups = [[int(i)] for i in side[np.argsort(-ys[side], kind="stable")]]
        merged = True
        while merged:
            merged = False
            for g in range(len(groups) - 1):
                if heights(groups[g])[-1] - heights(groups[g + 1])[0] < gap:
                    groups[g:g + 2] = [groups[g] + groups[g + 1]]
                    merged = True
                    break
        for group in groups:
            for i, y in zip(group, heights(group), strict=True):
                # start beyond the group and any point in the label's band: no label covers a point
                near = np.append(xs[np.abs(ys - y) < 0.6 * gap], xs[group])
                x = float(near.max() if right else near.min())
                moved = len(group) > 1 or x != xs[i]
                ax.annotate(labels[i], (xs[i], ys[i]), xytext=(x + (0.04 if right else -0.04) * span, y),
                            textcoords="data", ha="left" if right else "right", va="center", fontsize=fontsize,
                            arrowprops={"arrowstyle": "-", "color": "0.55", "lw": 0.6, "shrinkA": 2,
                                        "shrinkB": 4} if moved else None, zorder=4)


def plot_plan_map(profiles_or_tfidf: pd.DataFrame, documents: pd.DataFrame, *, ax=None, random_state: int = 0,
                  method: str = "pca", what: str | None = None):
    """Map of plans in two dimensions (:func:`compare.analytics.plan_coordinates`).

    ``profiles_or_tfidf`` has one row per plan (theme profiles or TF-IDF). Points are coloured by
    city and labelled with :func:`plan_labels`; the axis labels and the title give the share of
    variance each axis explains. ``what`` names the input in the title (e.g. ``'主题占比 theme
    shares'``). The aspect ratio is equal, so distances on the map are comparable in all directions.
    """
    from compare.analytics import plan_coordinates

    _ensure_cjk_font()
    coordinates = plan_coordinates(profiles_or_tfidf, method=method, random_state=random_state)
    explained = coordinates.attrs["explained"]
    docs = documents.astype({"doc_id": str}).set_index("doc_id")
    cities = [str(docs["city_zh"].get(str(d), "?")) for d in coordinates.index]
    palette = {city: f"C{i % 10}" for i, city in enumerate(dict.fromkeys(sorted(cities)))}
    ax = ax or plt.subplots(figsize=(7.5, 6.2))[1]
    for city in palette:
        chosen = [c == city for c in cities]
        ax.scatter(coordinates.loc[chosen, "x"], coordinates.loc[chosen, "y"], s=70, color=palette[city],
                   edgecolor="white", linewidth=0.8, label=city, zorder=3)
    _label_points(ax, coordinates["x"].to_numpy(), coordinates["y"].to_numpy(),
                  _labels_for(coordinates.index, documents))
    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(0.25)
    ax.axhline(0, color="0.8", lw=0.8, zorder=1)
    ax.axvline(0, color="0.8", lw=0.8, zorder=1)
    name_zh, name_en = _MAP_AXES[method]
    ax.set_xlabel(f"{name_zh} 1 {name_en}1（解释 {explained[0]:.0%} 的方差）")
    ax.set_ylabel(f"{name_zh} 2 {name_en}2（解释 {explained[1]:.0%} 的方差）")
    basis = f"：{what}" if what else ""
    ax.set_title(f"规划地图（{method.upper()}{basis}）：点越近，内容越相似；两轴共解释 {sum(explained):.0%} 的方差\n"
                 f"Map of plans ({method.upper()}): closer = more alike; "
                 f"the two axes explain {sum(explained):.0%} of the variance", fontsize=10)
    ax.tick_params(labelsize=8)
    ax.legend(title="城市", fontsize=8, title_fontsize=8, loc="best", frameon=True)
    return ax


# --- policy instruments ---------------------------------------------------------------------

_TYPE_LABELS = {"supply": "供给型 supply", "environment": "环境型 environment", "demand": "需求型 demand"}


def plot_instrument_balance(shares: pd.DataFrame, documents: pd.DataFrame, *, ax=None):
    """Per plan, the share of its action clauses using each instrument type, with 90% intervals
    (``compare.instruments.instrument_shares``). A clause using two types counts for both."""
    _ensure_cjk_font()
    plans = list(dict.fromkeys(shares["doc_id"]))
    labels = _labels_for(plans, documents)
    ax = ax or plt.subplots(figsize=(8.5, 0.75 * len(plans) + 1.8))[1]
    height = 0.26
    for offset, kind in enumerate(("supply", "environment", "demand")):
        rows = shares[shares["type"] == kind].set_index("doc_id").reindex(plans)
        positions = np.arange(len(plans)) + (offset - 1) * height
        errors = np.vstack([rows["share"] - rows["share_low"], rows["share_high"] - rows["share"]]).astype(float)
        ax.barh(positions, 100 * rows["share"].astype(float), height=height, xerr=100 * errors,
                color=f"C{offset}", label=_TYPE_LABELS[kind], error_kw={"lw": 0.8, "capsize": 2})
    ax.set_yticks(np.arange(len(plans)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("使用该类工具的条款占有行动条款的 % (90% 区间) — % of action clauses using the type")
    ax.set_title("各规划的政策工具结构 Balance of policy instruments per plan", fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_instrument_theme_heatmap(table: pd.DataFrame, *, level: str = "type", title: str = "", ax=None,
                                  theme_names: dict | None = None):
    """The instrument × theme cross-table as a heatmap: counts of clauses, coloured by their
    share of the instrument's clauses (``compare.instruments.instrument_theme_table``)."""
    import seaborn as sns

    _ensure_cjk_font()
    counts = table.pivot_table(index=level, columns="theme", values="n_units", aggfunc="sum", fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0)
    if theme_names:
        counts = counts.rename(columns=theme_names)
        shares = shares.rename(columns=theme_names)
    if level == "type":
        counts = counts.rename(index=_TYPE_LABELS)
        shares = shares.rename(index=_TYPE_LABELS)
    ax = ax or plt.subplots(figsize=(0.55 * counts.shape[1] + 3.5, 0.5 * counts.shape[0] + 2.2))[1]
    sns.heatmap(100 * shares, ax=ax, cmap="YlOrBr", vmin=0, annot=counts, fmt="d", annot_kws={"fontsize": 7},
                linewidths=0.5, linecolor="white", cbar_kws={"shrink": 0.8})
    _colorbar_label(ax, "占该工具条款 % of the instrument's clauses")
    ax.set_xlabel("主题 theme (Y)")
    ax.set_ylabel("政策工具 instrument (X)")
    ax.tick_params(axis="x", labelrotation=40, labelsize=8)
    ax.set_title(title or "政策工具 × 主题（条款数；颜色 = 占该工具条款的 %）\nInstruments × themes "
                 "(clauses; colour = % of the instrument's clauses)", fontsize=10)
    return ax
