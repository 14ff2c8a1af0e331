"""Comparison analytics on the seed plans: TF-IDF, similarity, clustering, log-odds, NMF."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import CLEAN, JIAXING, PANZHIHUA, SEED_IDS
from scipy.cluster.hierarchy import dendrogram

from compare import load_documents, load_paragraphs, load_tokens
from compare.analytics import (
    PlanClustering,
    TopicModel,
    cosine_similarity_matrix,
    distinctive_terms,
    matched_similarity,
    plan_documents,
    plan_similarity,
    tfidf_matrix,
    theme_profiles,
)
from compare.themes import corpus_theme_shares


@pytest.fixture(scope="module")
def tokens():
    return load_tokens(CLEAN)


@pytest.fixture(scope="module")
def documents():
    return load_documents(CLEAN)


@pytest.fixture(scope="module")
def tfidf(tokens):
    return tfidf_matrix(tokens)


@pytest.fixture(scope="module")
def profiles(tokens):
    return theme_profiles(corpus_theme_shares(load_paragraphs(CLEAN), tokens, n_boot=0))


@pytest.fixture(scope="module")
def paragraph_tfidf(tokens):
    return tfidf_matrix(tokens, unit="paragraph", drop_policy_verbs=True, min_df=2)


# --- TF-IDF and similarity ------------------------------------------------------------------


def test_tfidf_rows_are_plans_and_keep_single_character_words(tfidf, tokens):
    assert list(tfidf.index) == sorted(SEED_IDS)
    assert np.allclose(np.linalg.norm(tfidf.to_numpy(), axis=1), 1)
    single = [term for term in tfidf.columns if len(term) == 1]
    assert "攀" in single and "嘉" in single  # scikit-learn's default token pattern drops these
    assert "的" not in tfidf.columns and "2025" not in tfidf.columns  # stop words and numbers
    words = {w for line in tokens["tokens"] for w in line.split()}
    assert set(tfidf.columns) <= words
    # a word only Panzhihua uses has weight there and nowhere else
    assert tfidf.loc[PANZHIHUA, "攀枝花"] > 0 and (tfidf.drop(index=PANZHIHUA)["攀枝花"] == 0).all()


def test_plan_documents_per_paragraph(tokens):
    per_paragraph = plan_documents(tokens, unit="paragraph", stopwords=False, drop_numbers=False)
    assert len(per_paragraph) == len(tokens) and per_paragraph.index.names == ["doc_id", "para_id"]
    assert per_paragraph.tolist() == tokens["tokens"].tolist()
    with pytest.raises(ValueError, match="unit"):
        plan_documents(tokens, unit="sentence")


def test_cosine_matrix_is_symmetric_with_unit_diagonal(tfidf, tokens):
    similarity = cosine_similarity_matrix(tfidf)
    assert list(similarity.index) == list(similarity.columns) == sorted(SEED_IDS)
    values = similarity.to_numpy()
    assert np.array_equal(values, values.T) and (np.diag(values) == 1).all()
    assert ((values >= 0) & (values <= 1)).all()
    expected = tfidf.loc[JIAXING].to_numpy() @ tfidf.loc[PANZHIHUA].to_numpy()
    assert similarity.loc[JIAXING, PANZHIHUA] == pytest.approx(expected)
    pd.testing.assert_frame_equal(plan_similarity(tokens), similarity)


def test_zero_rows_have_missing_similarity():
    similarity = cosine_similarity_matrix(pd.DataFrame([[1.0, 0.0], [0.0, 0.0]], index=["a", "b"]))
    assert (
        similarity.loc["a", "a"] == 1
        and np.isnan(similarity.loc["b", "b"])
        and np.isnan(similarity.loc["a", "b"])
    )


# --- clustering -----------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["profiles", "tfidf"])
def test_clustering_returns_what_a_dendrogram_needs(request, table):
    data = request.getfixturevalue(table)
    before = data.copy()
    model = PlanClustering()
    assert model.fit(data) is model
    pd.testing.assert_frame_equal(data, before)
    n = len(data)
    assert model.linkage_.shape == (n - 1, 4)
    assert sorted(model.order_) == list(range(n))
    assert model.leaves_ == [data.index[i] for i in model.order_]
    assert (
        dendrogram(model.linkage_, labels=list(model.doc_ids_), no_plot=True)["ivl"]
        == model.leaves_
    )
    assert model.dendrogram(no_plot=True)["ivl"] == model.leaves_
    # k by silhouette, over k = 2 .. n - 1
    assert list(model.silhouette_["k"]) == list(range(2, n))
    best = model.silhouette_.sort_values(["silhouette", "k"], ascending=[False, True]).iloc[0]
    assert model.n_clusters_ == best["k"]
    assert model.labels_.nunique() == model.n_clusters_ and list(model.labels_.index) == list(
        data.index
    )
    assert np.allclose(model.distances_, model.distances_.T)


def test_clustering_settings(profiles):
    fixed = PlanClustering(n_clusters=3).fit(profiles)
    assert fixed.n_clusters_ == 3 and fixed.silhouette_.empty
    assert PlanClustering(n_clusters=1).fit(profiles).labels_.nunique() == 1
    ward = PlanClustering(method="ward", metric="euclidean").fit(profiles)
    assert ward.linkage_.shape == (4, 4)
    with pytest.raises(ValueError, match="needs metric='euclidean'"):
        PlanClustering(method="ward").fit(profiles)
    with pytest.raises(ValueError, match="missing values"):
        PlanClustering().fit(profiles.assign(tcm=[np.nan, 0, 0, 0, 0]))
    two = PlanClustering().fit(profiles.iloc[:2])
    assert two.n_clusters_ == 1 and two.silhouette_.empty  # nothing to choose from
    assert PlanClustering().get_params() == {
        "method": "average",
        "metric": "cosine",
        "n_clusters": None,
        "max_clusters": 10,
    }


def test_theme_profiles_table(profiles):
    assert list(profiles.index) == sorted(SEED_IDS)
    assert profiles.columns[0] == "public_health" and profiles.shape == (5, 15)
    assert np.allclose(profiles.sum(axis=1), 1)


# --- distinctive terms ----------------------------------------------------------------------


def test_log_odds_puts_panzhihua_place_names_on_top(tokens, documents):
    top = distinctive_terms(tokens, documents, by="city", group="Panzhihua", top=10)
    assert list(top.columns) == ["term", "group", "log_odds", "z", "count"]
    assert (top["group"] == "Panzhihua").all() and top["z"].is_monotonic_decreasing
    assert top["term"].iloc[0] == "攀枝花"
    assert {"攀枝花", "攀枝花市", "攀西"} <= set(top["term"])
    panzhihua_words = " ".join(tokens.loc[tokens["doc_id"] == PANZHIHUA, "tokens"]).split()
    assert top.set_index("term").loc["攀枝花", "count"] == panzhihua_words.count("攀枝花")
    jiaxing = distinctive_terms(tokens, documents, by="city", group="Jiaxing", top=3)
    assert jiaxing["term"].iloc[0] == "嘉兴市"


def test_log_odds_formula_and_all_groups(tokens, documents):
    table = distinctive_terms(tokens, documents, by="doc_type", min_count=1)
    assert set(table["group"]) == set(documents["doc_type"])
    # words the group never uses are left out; every group-vs-rest log-odds is finite
    assert (table["count"] >= 1).all() and np.isfinite(table[["log_odds", "z"]]).all().all()
    # exact formula for one word (Monroe, Colaresi & Quinn 2008, eqs. 16 and 22)
    docs = plan_documents(tokens)
    words = pd.Series(" ".join(docs).split())
    groups = documents.set_index("doc_id")["doc_type"]
    counts = {
        g: pd.Series(" ".join(docs[groups[docs.index] == g]).split()).value_counts()
        for g in set(groups)
    }
    term, group = "攀枝花", "five_year_plan"
    y = words.value_counts()
    a_w, a_0 = y[term], len(words)
    y_i = counts[group].get(term, 0)
    y_j = y[term] - y_i
    n_i = counts[group].sum()
    n_j = len(words) - n_i
    delta = np.log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - np.log(
        (y_j + a_w) / (n_j + a_0 - y_j - a_w)
    )
    z = delta / np.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
    row = table[(table["group"] == group) & (table["term"] == term)].iloc[0]
    assert row["log_odds"] == pytest.approx(delta) and row["z"] == pytest.approx(z)


def test_log_odds_input_errors(tokens, documents):
    with pytest.raises(ValueError, match="no plan has city == 'Beijing'"):
        distinctive_terms(tokens, documents, group="Beijing")
    with pytest.raises(ValueError, match="not in the documents table"):
        distinctive_terms(tokens, documents[documents["doc_id"] != JIAXING])
    with pytest.raises(ValueError, match="at least two"):
        distinctive_terms(tokens, documents.assign(city="Anywhere"))


# --- topics ---------------------------------------------------------------------------------


def test_nmf_topics_are_deterministic_for_a_seed(paragraph_tfidf):
    first = TopicModel(n_topics=4, random_state=0, n_seeds=3).fit(paragraph_tfidf)
    second = TopicModel(n_topics=4, random_state=0, n_seeds=3).fit(paragraph_tfidf)
    pd.testing.assert_frame_equal(first.components_, second.components_)
    pd.testing.assert_frame_equal(first.topics_, second.topics_)
    other = TopicModel(n_topics=4, random_state=7, n_seeds=1).fit(paragraph_tfidf)
    assert not np.allclose(first.components_.to_numpy(), other.components_.to_numpy())


def test_nmf_reports_topics_with_their_stability(paragraph_tfidf):
    model = TopicModel(n_topics=4, random_state=0)  # the default 5 seeds
    assert vars(model)["n_seeds"] == 5 and not hasattr(model, "components_")
    assert model.fit(paragraph_tfidf) is model
    assert model.components_.shape == (4, paragraph_tfidf.shape[1])
    assert model.doc_topics_.shape == (len(paragraph_tfidf), 4)
    assert list(model.topics_.columns) == ["topic", "top_terms", "weight", "stability"]
    assert model.topics_["weight"].sum() == pytest.approx(1)
    assert list(model.stability_by_seed_["seed"]) == [1, 2, 3, 4]
    assert 0 <= model.stability_ <= 1 and model.topics_["stability"].between(-1e-9, 1 + 1e-9).all()
    assert model.stability_ == pytest.approx(model.topics_["stability"].mean())
    top = model.top_terms(5)
    assert (
        len(top) == 20
        and (top.groupby("topic")["weight"].apply(lambda w: w.is_monotonic_decreasing)).all()
    )
    assert (
        model.topics_["top_terms"].iloc[0].split()[:5]
        == top[top["topic"] == "topic_1"]["term"].tolist()
    )
    assert model.transform(paragraph_tfidf.iloc[:3]).shape == (3, 4)


def test_matched_similarity_is_a_one_to_one_matching():
    a = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    b = np.array([[0, 2.0, 0], [3.0, 0, 0]])
    assert np.allclose(matched_similarity(a, b), [1, 1])
    assert np.allclose(matched_similarity(a, a[[0, 0]]), [1, 0])  # one partner per topic
