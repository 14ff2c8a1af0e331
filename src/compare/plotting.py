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


def plot_dumbbell(aligned: pd.DataFrame, metric_id: str, *, ax=None):
    """Baseline → target per plan for one metric, with the national baseline and target.

    Plans that state only a qualitative target are listed with their wording; plans that do not
    state the metric are named in the subtitle, never drawn as zero.
    """
    rows = aligned[aligned["metric_id"] == metric_id]
    if rows.empty:
        raise KeyError(f"{metric_id!r} is not in the aligned table")
    first = rows.iloc[0]
    stated = rows[rows["stated"]]
    ax = ax or plt.subplots(figsize=(8, 0.6 * max(len(stated), 2) + 1.6))[1]
    labels = plan_labels(rows.drop_duplicates("doc_id"))
    for position, (_, row) in enumerate(stated.iterrows()):
        baseline, target = row["baseline_value"], row["target_value"]
        level = row["target_comparator"] not in ("change", "annual_change", "qualitative")
        if pd.notna(baseline) and pd.notna(target) and level:
            ax.annotate("", xy=(target, position), xytext=(baseline, position),
                        arrowprops={"arrowstyle": "->", "color": "0.4", "lw": 1.5})
        if pd.notna(baseline):
            ax.plot(baseline, position, "o", color="0.55", ms=8, label="基线 baseline" if position == 0 else None)
            ax.annotate(f"{baseline:g} ({int(row['baseline_year']) if pd.notna(row['baseline_year']) else '?'})",
                        (baseline, position), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=8)
        if pd.notna(target) and level:
            ax.plot(target, position, "D", color="C0", ms=8, label="目标 target" if position == 0 else None)
            ax.annotate(f"{COMPARATOR_SYMBOLS.get(row['target_comparator'], '')}{target:g} ({int(row['target_year'])})",
                        (target, position), textcoords="offset points",
                        xytext=(0, -14), ha="center", fontsize=8, color="C0")
        elif row["target_comparator"] in ("qualitative", "change", "annual_change"):
            text = {"qualitative": "定性目标 qualitative", "change": f"变化 change {target:+g}",
                    "annual_change": f"每年 per year {target:+g}"}[row["target_comparator"]]
            anchor = baseline if pd.notna(baseline) else first["national_baseline"]
            ax.annotate(text, (anchor if pd.notna(anchor) else 0, position), textcoords="offset points",
                        xytext=(12, -4), fontsize=8, color="C3")
    for value, year, style in ((first["national_baseline"], first["national_baseline_year"], ":"),
                               (first["national_target"], first["national_target_year"], "--")):
        if pd.notna(value):
            ax.axvline(value, color="C2", ls=style, lw=1.2, label=f"全国 national {int(year)}: {value:g}")
    ax.set_yticks(range(len(stated)), [labels[d] for d in stated["doc_id"]])
    ax.set_ylim(-0.8, max(len(stated), 1) - 0.2)
    ax.invert_yaxis()
    ax.set_xlabel(f"{first['name_zh']}（{first['unit']}） {first['name_en']}")
    missing = rows.loc[~rows["stated"], "doc_id"].map(labels).tolist()
    title = f"{first['name_zh']}：基线与目标 / baseline → target"
    if missing:
        title += "\n未提及 not stated: " + "；".join(missing[:3]) + (f" …(+{len(missing) - 3})" if len(missing) > 3 else "")
    ax.set_title(title, fontsize=11)
    ax.legend(loc="best", fontsize=8, frameon=True)
    return ax


def plot_coverage(aligned: pd.DataFrame, *, ax=None):
    """Which plan states which metric: metrics down, plans across, annotated with the target year."""
    from compare.align import coverage_matrix

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
