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
