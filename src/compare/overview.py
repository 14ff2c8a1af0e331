"""Corpus overview tables: what the plans are, how they are built, what cleaning removed."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from compare.segmentation import remove_stopwords

_KIND_ORDER = ("heading", "text", "table")


def corpus_summary(documents: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per plan: city, type, dates, size and structure (headings, deepest level, tables)."""
    structure = paragraphs.groupby("doc_id").agg(
        headings=("kind", lambda k: int((k == "heading").sum())),
        deepest_level=("level", "max"),
        tables=("kind", lambda k: int((k == "table").sum())),
    )
    summary = documents.set_index("doc_id")[
        ["city_zh", "city", "doc_type", "issued", "horizon", "n_raw_chars", "n_chars", "n_paragraphs"]
    ].join(structure)
    summary["kept_share"] = (summary["n_chars"] / summary["n_raw_chars"]).round(3)
    return summary.reset_index()


def cleaning_summary(removed: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Plan × reason: how many raw lines cleaning removed, and why (zeros included)."""
    counts = removed.groupby(["doc_id", "reason"]).size().unstack(fill_value=0)
    counts = counts.reindex(documents["doc_id"], fill_value=0)
    counts["total"] = counts.sum(axis=1)
    return counts.astype(int)


def top_terms(
    tokens: pd.DataFrame, *, n: int = 10, drop_policy_verbs: bool = True, min_chars: int = 2
) -> pd.DataFrame:
    """The ``n`` most frequent words of each plan (stopwords, numbers and, by default, policy
    boilerplate verbs dropped; words shorter than ``min_chars`` skipped), tidy: doc_id, rank,
    term, count."""
    rows = []
    for doc_id, group in tokens.groupby("doc_id", sort=True):
        words = [w for text in group["tokens"] for w in str(text).split()]
        kept = remove_stopwords(words, drop_policy_verbs=drop_policy_verbs, drop_numbers=True)
        counts = Counter(w for w in kept if len(w) >= min_chars)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
        rows.extend((doc_id, rank, term, count) for rank, (term, count) in enumerate(ranked, start=1))
    return pd.DataFrame(rows, columns=["doc_id", "rank", "term", "count"])


def top_terms_wide(top: pd.DataFrame) -> pd.DataFrame:
    """``top_terms`` as rank × plan, cells 'term (count)', for display."""
    labelled = top.assign(cell=top["term"] + " (" + top["count"].astype(str) + ")")
    return labelled.pivot(index="rank", columns="doc_id", values="cell").fillna("")


def heading_outline(paragraphs: pd.DataFrame, doc_id: str, *, max_level: int = 2) -> pd.DataFrame:
    """The headings of one plan down to ``max_level``, in order: level and heading text."""
    rows = paragraphs[(paragraphs["doc_id"] == doc_id) & (paragraphs["kind"] == "heading")]
    rows = rows[rows["level"] <= max_level]
    return pd.DataFrame({"para_id": rows["para_id"], "level": rows["level"],
                         "heading": rows["heading_path"].str.split(" / ").str[-1]}).reset_index(drop=True)


HEADLINE_METRICS = ("life_expectancy", "doctors_per_1000", "smoking_rate_15plus")


def key_findings(documents: pd.DataFrame, indicators: pd.DataFrame, *,
                 metrics: tuple[str, ...] = HEADLINE_METRICS) -> list[str]:
    """The report's front-page findings, computed from the clean tables (never written by hand):
    what the corpus holds and how complete it is, and for each headline metric how many plans
    can be compared with the nation and how many beat it on level and on pace."""
    from compare.align import align_metrics

    incomplete = documents[documents["completeness"].fillna("full") != "full"]
    findings = [
        f"{len(documents)} 份文件，来自 {documents['city_zh'].nunique()} 个城市；其中 {len(incomplete)} 份文本不完整"
        f"（节选或缺附件），其中未出现的指标记为“文本中未见”。 {len(documents)} documents from "
        f"{documents['city'].nunique()} cities; {len(incomplete)} are incomplete texts (excerpts or without their "
        "annex), whose missing metrics are shown as \"not in the text we have\".",
        f"指标表有 {indicators['value'].notna().sum()} 个数字事实，每个都附原文句子及其在原文件中的位置。 "
        f"The indicator table holds {indicators['value'].notna().sum()} numeric facts, each with the sentence it "
        "came from and its offsets in the raw file.",
    ]
    aligned = align_metrics(indicators, documents, metrics=list(metrics))
    for _, rows in aligned.groupby("metric_id", sort=False):
        name = rows["name_zh"].iloc[0]
        level = rows.dropna(subset=["level_vs_nation"])
        pace = rows.dropna(subset=["pace_vs_nation"])
        findings.append(
            f"{name}：{len(level)} 份规划的数字目标可与同年全国水平比较，{int((level['level_vs_nation'] > 0).sum())} 份"
            f"目标水平优于全国；{len(pace)} 份可比较改善速度，{int((pace['pace_vs_nation'] > 0).sum())} 份快于全国。 "
            f"{rows['name_en'].iloc[0]}: {len(level)} plans have a numeric target comparable with the nation in the "
            f"same year, {int((level['level_vs_nation'] > 0).sum())} of them a better level; {len(pace)} can be "
            f"compared on pace, {int((pace['pace_vs_nation'] > 0).sum())} of them faster than the nation."
        )
    return findings
