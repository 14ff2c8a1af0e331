"""Comparing plans: TF-IDF and cosine similarity, hierarchical clustering, distinctive terms
(log-odds with an informative Dirichlet prior) and NMF topics with a stability check.

Tables go in and come out as DataFrames; nothing here mutates its inputs. Functions take the
data first and options as keywords; fitted things are scikit-learn-style estimators
(:class:`PlanClustering`, :class:`TopicModel`: ``__init__`` stores settings, ``fit`` returns
``self``, learned attributes end in ``_``, randomness through ``random_state``).

Inputs are the clean tables (``load_tokens()``, ``load_documents()``) and the theme-share table
(``load_themes()`` or :func:`compare.themes.corpus_theme_shares`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, leaves_list, linkage
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import pdist, squareform
from sklearn.base import BaseEstimator
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score

from compare.resources import policy_verbs
from compare.segmentation import remove_stopwords

_NUMBER = re.compile(r"[\d.]+")  # as remove_stopwords(drop_numbers=True)
_EUCLIDEAN_ONLY = {"ward", "centroid", "median"}


# --- documents and TF-IDF -------------------------------------------------------------------


def plan_documents(
    tokens: pd.DataFrame,
    *,
    unit: str = "plan",
    stopwords: bool = True,
    drop_policy_verbs: bool = False,
    drop_numbers: bool = True,
) -> pd.Series:
    """Space-joined words per plan (``unit="plan"``, index ``doc_id``) or per paragraph
    (``unit="paragraph"``, index ``(doc_id, para_id)``), in table order.

    By default function words (``data/stopwords.txt``) and pure numbers are dropped; policy
    boilerplate verbs (加强, 推进, 完善 …) too with ``drop_policy_verbs``.
    """
    if unit not in ("plan", "paragraph"):
        raise ValueError(f"unit must be 'plan' or 'paragraph', got {unit!r}")
    missing = [c for c in ("doc_id", "para_id", "tokens") if c not in tokens.columns]
    if missing:
        raise ValueError(f"tokens table is missing column(s) {', '.join(missing)}")

    verbs = policy_verbs() if drop_policy_verbs else frozenset()

    def clean(words: str) -> str:
        kept = words.split()
        if stopwords:
            kept = remove_stopwords(
                kept, drop_policy_verbs=drop_policy_verbs, drop_numbers=drop_numbers
            )
        else:
            kept = [
                w for w in kept if w not in verbs and not (drop_numbers and _NUMBER.fullmatch(w))
            ]
        return " ".join(kept)

    words = tokens["tokens"].astype(str).map(clean)
    if unit == "paragraph":
        index = pd.MultiIndex.from_frame(tokens[["doc_id", "para_id"]].astype({"doc_id": str}))
        return pd.Series(words.to_numpy(), index=index, name="tokens")
    joined = (
        pd.DataFrame(
            {"doc_id": tokens["doc_id"].astype(str).to_numpy(), "tokens": words.to_numpy()}
        )
        .groupby("doc_id", sort=True)["tokens"]
        .agg(lambda parts: " ".join(p for p in parts if p))
    )
    joined.name = "tokens"
    return joined


def tfidf_matrix(
    tokens: pd.DataFrame,
    *,
    unit: str = "plan",
    stopwords: bool = True,
    drop_policy_verbs: bool = False,
    drop_numbers: bool = True,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
) -> pd.DataFrame:
    """TF-IDF of the segmented text: one row per plan (or paragraph), one column per term.

    Terms are the project's segmentation (``analyzer=str.split``), so single-character Chinese
    words are kept; rows are L2-normalised; columns sorted. See :func:`plan_documents` for
    ``unit`` and the word filters; ``min_df``, ``max_df`` and ``sublinear_tf`` are passed to
    :class:`sklearn.feature_extraction.text.TfidfVectorizer`. A dense table: fine for hundreds
    of plans, not for millions of paragraphs.
    """
    documents = plan_documents(
        tokens,
        unit=unit,
        stopwords=stopwords,
        drop_policy_verbs=drop_policy_verbs,
        drop_numbers=drop_numbers,
    )
    vectorizer = TfidfVectorizer(
        analyzer=str.split, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, norm="l2"
    )
    matrix = vectorizer.fit_transform(documents.tolist())
    return pd.DataFrame(
        matrix.toarray(), index=documents.index, columns=vectorizer.get_feature_names_out()
    )


def cosine_similarity_matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    """Row x row cosine similarity, labelled by the rows' index (e.g. doc_id x doc_id).

    Symmetric with a diagonal of exactly 1; a row of zeros has NaN similarities.
    """
    values = matrix.to_numpy(dtype=float)
    norms = np.linalg.norm(values, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = values / norms[:, None]
    similarity = unit @ unit.T
    similarity = np.clip((similarity + similarity.T) / 2, -1.0, 1.0)
    np.fill_diagonal(similarity, np.where(norms > 0, 1.0, np.nan))
    return pd.DataFrame(similarity, index=matrix.index.copy(), columns=matrix.index.copy())


def plan_similarity(tokens: pd.DataFrame, **tfidf_options) -> pd.DataFrame:
    """Plan x plan cosine similarity of TF-IDF vectors (:func:`tfidf_matrix` options)."""
    if tfidf_options.get("unit", "plan") != "plan":
        raise ValueError(
            "plan_similarity compares plans; use cosine_similarity_matrix for paragraphs"
        )
    return cosine_similarity_matrix(tfidf_matrix(tokens, **tfidf_options))


def theme_profiles(shares: pd.DataFrame, *, value: str = "share") -> pd.DataFrame:
    """Plan x theme table of ``value`` from a theme-share table (``load_themes()``).

    Rows sorted by doc_id; theme columns in the table's (codebook) order.
    """
    missing = [c for c in ("doc_id", "theme_id", value) if c not in shares.columns]
    if missing:
        raise ValueError(f"theme-share table is missing column(s) {', '.join(missing)}")
    theme_order = list(dict.fromkeys(shares["theme_id"].astype(str)))
    profiles = shares.astype({"doc_id": str, "theme_id": str}).pivot(
        index="doc_id", columns="theme_id", values=value
    )
    profiles = profiles.loc[sorted(profiles.index), theme_order].astype(float)
    profiles.columns.name = None
    return profiles


# --- hierarchical clustering ------------------------------------------------------------------


def _plan_rows(matrix, *, purpose: str) -> tuple[pd.DataFrame, np.ndarray]:
    """A plan × feature matrix as a table and float array; at least 2 rows, all finite."""
    table = matrix if isinstance(matrix, pd.DataFrame) else pd.DataFrame(matrix)
    values = table.to_numpy(dtype=float)
    if len(values) < 2:
        raise ValueError(f"{purpose} needs at least 2 plans")
    bad = table.index[~np.isfinite(values).all(axis=1)]
    if len(bad):
        raise ValueError(f"rows with missing values (e.g. a plan with no coded text): {list(bad)}")
    return table, values


class PlanClustering(BaseEstimator):
    """Agglomerative clustering of plans (rows of a table) with SciPy.

    Parameters
    ----------
    method:
        SciPy linkage method: ``average`` (default), ``complete``, ``single``, ``weighted``,
        or ``ward``/``centroid``/``median`` (these need ``metric="euclidean"``).
    metric:
        Distance between rows (SciPy ``pdist``); ``cosine`` (default) suits both theme-share
        profiles and TF-IDF rows.
    n_clusters:
        Cut the tree into this many clusters; ``None`` (default): the k in
        ``2 .. min(max_clusters, n_plans - 1)`` with the highest mean silhouette (ties: the
        smaller k). With fewer than 3 plans there is nothing to choose and k is 1.
    max_clusters:
        Largest k tried when choosing by silhouette.

    Learned: ``linkage_`` (SciPy linkage matrix, the input to ``scipy.cluster.hierarchy
    .dendrogram`` and to seaborn's ``clustermap(row_linkage=...)``), ``doc_ids_`` (row labels in
    input order), ``order_`` (leaf order as row positions), ``leaves_`` (labels in leaf order),
    ``distances_`` (square distance table), ``n_clusters_``, ``labels_`` (cluster number per
    plan, a Series indexed by doc_id) and ``silhouette_`` (one row per k tried: ``k``,
    ``silhouette``; empty when k was given or could not be chosen).
    """

    def __init__(
        self,
        *,
        method: str = "average",
        metric: str = "cosine",
        n_clusters: int | None = None,
        max_clusters: int = 10,
    ):
        self.method = method
        self.metric = metric
        self.n_clusters = n_clusters
        self.max_clusters = max_clusters

    def fit(self, X: pd.DataFrame, y=None) -> PlanClustering:  # noqa: N803
        if self.method in _EUCLIDEAN_ONLY and self.metric != "euclidean":
            raise ValueError(
                f"method {self.method!r} needs metric='euclidean', not {self.metric!r}"
            )
        table, values = _plan_rows(X, purpose="clustering")
        if self.metric == "cosine":
            zero = table.index[np.linalg.norm(values, axis=1) == 0]
            if len(zero):
                raise ValueError(f"all-zero rows have no cosine distance: {list(zero)}")
        condensed = np.clip(pdist(values, metric=self.metric), 0, None)
        self.linkage_ = linkage(condensed, method=self.method)
        self.doc_ids_ = pd.Index(table.index.copy())
        self.order_ = leaves_list(self.linkage_)
        self.leaves_ = [self.doc_ids_[i] for i in self.order_]
        self.distances_ = pd.DataFrame(
            squareform(condensed), index=self.doc_ids_, columns=self.doc_ids_
        )
        n = len(values)
        rows = []
        if self.n_clusters is not None:
            if not 1 <= self.n_clusters <= n:
                raise ValueError(f"n_clusters must be between 1 and {n}, got {self.n_clusters}")
            k = self.n_clusters
        else:
            k = 1
            square = self.distances_.to_numpy()
            for candidate in range(2, min(self.max_clusters, n - 1) + 1):
                labels = fcluster(self.linkage_, candidate, criterion="maxclust")
                n_found = len(set(labels))
                score = (
                    silhouette_score(square, labels, metric="precomputed")
                    if 2 <= n_found <= n - 1
                    else np.nan
                )
                rows.append((candidate, n_found, float(score)))
            scored = [r for r in rows if not np.isnan(r[2])]
            if scored:
                k = max(scored, key=lambda r: (r[2], -r[0]))[0]
        self.silhouette_ = pd.DataFrame(rows, columns=["k", "n_found", "silhouette"]).astype(
            {"k": "int64", "n_found": "int64", "silhouette": "float64"}
        )
        self.n_clusters_ = int(k)
        self.labels_ = pd.Series(
            fcluster(self.linkage_, k, criterion="maxclust"), index=self.doc_ids_, name="cluster"
        )
        return self

    def dendrogram(self, **kwargs) -> dict:
        """``scipy.cluster.hierarchy.dendrogram`` of the fitted tree, leaves labelled by doc_id.

        Pass ``no_plot=True`` for the coordinates only, or ``ax=`` to draw on matplotlib axes.
        """
        from scipy.cluster.hierarchy import dendrogram

        kwargs.setdefault("labels", [str(label) for label in self.doc_ids_])
        return dendrogram(self.linkage_, **kwargs)


# --- distinctive terms ------------------------------------------------------------------------


def distinctive_terms(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    by: str = "city",
    group: str | None = None,
    prior_scale: float = 1.0,
    min_count: int = 1,
    top: int | None = None,
    stopwords: bool = True,
    drop_policy_verbs: bool = False,
    drop_numbers: bool = True,
) -> pd.DataFrame:
    """Words that distinguish one group of plans (a city, a document type …) from the rest.

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eqs.
    16 and 22): for word w, group i and the rest j,

        delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w))
                - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w)),
        var(delta_w) ~= 1 / (y_wi + a_w) + 1 / (y_wj + a_w),   z_w = delta_w / sqrt(var),

    with the prior a_w = ``prior_scale`` x the word's count in the whole corpus (a_0 their sum),
    so rare words are shrunk towards the corpus-wide rate. ``by`` is a column of ``documents``
    (joined on doc_id); ``group`` picks one group, else every group is compared with the rest.

    Returns ``term, group, log_odds, z, count`` (count = uses in the group), words used at least
    ``min_count`` times in the group, sorted by group and then z (highest first); ``top`` keeps
    the first N per group.
    """
    if by not in documents.columns or "doc_id" not in documents.columns:
        raise ValueError(f"documents table needs 'doc_id' and {by!r} columns")
    if prior_scale <= 0:
        raise ValueError(f"prior_scale must be positive, got {prior_scale}")
    groups_of = documents.astype({"doc_id": str}).set_index("doc_id")[by].astype(str)
    docs = plan_documents(
        tokens, stopwords=stopwords, drop_policy_verbs=drop_policy_verbs, drop_numbers=drop_numbers
    )
    unknown = sorted(set(docs.index) - set(groups_of.index))
    if unknown:
        raise ValueError(f"doc_id(s) not in the documents table: {', '.join(unknown)}")
    counts = (
        docs.str.split()
        .explode()
        .dropna()
        .rename("term")
        .reset_index()
        .assign(group=lambda t: t["doc_id"].map(groups_of))
        .groupby(["group", "term"])
        .size()
        .unstack("group", fill_value=0)
    )
    wanted = sorted(counts.columns) if group is None else [group]
    if group is not None and group not in counts.columns:
        raise ValueError(
            f"no plan has {by} == {group!r}; groups: {', '.join(sorted(counts.columns))}"
        )
    if counts.shape[1] < 2:
        raise ValueError(f"need at least two {by} groups to compare, found {counts.shape[1]}")
    total = counts.sum(axis=1).to_numpy(dtype=float)
    alpha = prior_scale * total
    alpha0 = alpha.sum()
    frames = []
    for name in wanted:
        y_i = counts[name].to_numpy(dtype=float)
        y_j = total - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
            (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
        )
        variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        frame = pd.DataFrame(
            {
                "term": counts.index.astype(str),
                "group": name,
                "log_odds": delta,
                "z": delta / np.sqrt(variance),
                "count": y_i.astype("int64"),
            }
        )
        frame = frame[frame["count"] >= min_count].sort_values(
            ["z", "term"], ascending=[False, True], kind="stable"
        )
        frames.append(frame.head(top) if top is not None else frame)
    result = pd.concat(frames, ignore_index=True)
    return result.astype(
        {"term": "string", "group": "string", "log_odds": "float64", "z": "float64"}
    )


# --- topics -----------------------------------------------------------------------------------


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1)


def matched_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of each row of ``a`` with its partner in ``b`` under the one-to-one
    matching that maximises the total (Hungarian algorithm); in ``a``'s row order."""
    similarity = _unit_rows(a) @ _unit_rows(b).T
    rows, cols = linear_sum_assignment(-similarity)
    matched = np.full(len(a), np.nan)
    matched[rows] = similarity[rows, cols]
    return matched


class TopicModel(BaseEstimator):
    """NMF topics on a TF-IDF table, with a stability check across seeds.

    Parameters
    ----------
    n_topics:
        Number of topics.
    random_state:
        Seed of the reported model. The stability check refits with the seeds
        ``random_state + 1 … random_state + n_seeds - 1``.
    n_seeds:
        Fits in the stability check, the reported one included (default 5; 1 skips the check).
    init:
        NMF initialisation. Default ``random``, so that seeds matter and the stability check
        means something (``nndsvda`` would give the same topics for every seed).
    max_iter, alpha_W, l1_ratio:
        Passed to :class:`sklearn.decomposition.NMF`.
    n_top_terms:
        Terms listed per topic in ``topics_``.

    Learned: ``components_`` (topic x term DataFrame), ``doc_topics_`` (row x topic weights),
    ``reconstruction_err_``, ``topics_`` (one row per topic: ``topic``, ``top_terms``,
    ``weight`` = share of all document-topic weight, ``stability`` = mean best-match cosine
    similarity of the topic's term vector with the matched topic of each other seed),
    ``stability_`` (mean of ``stability``; 1 = every seed finds the same topics) and
    ``stability_by_seed_`` (mean matched similarity per other seed).
    """

    def __init__(
        self,
        n_topics: int = 5,
        *,
        random_state: int = 0,
        n_seeds: int = 5,
        init: str = "random",
        max_iter: int = 1000,
        alpha_W: float = 0.0,  # noqa: N803 (scikit-learn's name)
        l1_ratio: float = 0.0,
        n_top_terms: int = 10,
    ):
        self.n_topics = n_topics
        self.random_state = random_state
        self.n_seeds = n_seeds
        self.init = init
        self.max_iter = max_iter
        self.alpha_W = alpha_W
        self.l1_ratio = l1_ratio
        self.n_top_terms = n_top_terms

    def _nmf(self, seed: int) -> NMF:
        return NMF(
            n_components=self.n_topics,
            init=self.init,
            random_state=seed,
            max_iter=self.max_iter,
            alpha_W=self.alpha_W,
            l1_ratio=self.l1_ratio,
        )

    def fit(self, X: pd.DataFrame, y=None) -> TopicModel:  # noqa: N803
        if self.n_seeds < 1:
            raise ValueError(f"n_seeds must be at least 1, got {self.n_seeds}")
        table = X if isinstance(X, pd.DataFrame) else pd.DataFrame(X)
        values = table.to_numpy(dtype=float)
        if (values < 0).any():
            raise ValueError("NMF needs a non-negative table such as TF-IDF")
        topics = [f"topic_{i + 1}" for i in range(self.n_topics)]
        model = self._nmf(self.random_state)
        doc_topics = model.fit_transform(values)
        self.model_ = model
        self.terms_ = pd.Index(table.columns.astype(str))
        self.components_ = pd.DataFrame(model.components_, index=topics, columns=self.terms_)
        self.doc_topics_ = pd.DataFrame(doc_topics, index=table.index.copy(), columns=topics)
        self.reconstruction_err_ = float(model.reconstruction_err_)
        per_seed, per_topic = [], []
        for offset in range(1, self.n_seeds):
            other = self._nmf(self.random_state + offset).fit(values)
            matched = matched_similarity(model.components_, other.components_)
            per_topic.append(matched)
            per_seed.append((self.random_state + offset, float(np.mean(matched))))
        topic_stability = (
            np.mean(per_topic, axis=0) if per_topic else np.full(self.n_topics, np.nan)
        )
        self.stability_by_seed_ = pd.DataFrame(per_seed, columns=["seed", "similarity"]).astype(
            {"seed": "int64", "similarity": "float64"}
        )
        self.stability_ = float(np.mean(topic_stability)) if per_topic else float("nan")
        mass = doc_topics.sum(axis=0)
        weight = mass / mass.sum() if mass.sum() > 0 else np.full(self.n_topics, np.nan)
        self.topics_ = pd.DataFrame(
            {
                "topic": topics,
                "top_terms": [
                    " ".join(self.terms_[np.argsort(-row, kind="stable")[: self.n_top_terms]])
                    for row in model.components_
                ],
                "weight": weight,
                "stability": topic_stability,
            }
        )
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:  # noqa: N803
        """Topic weights of new rows with the fitted topics (columns must match the terms)."""
        table = X if isinstance(X, pd.DataFrame) else pd.DataFrame(X, columns=self.terms_)
        aligned = table.reindex(columns=self.terms_, fill_value=0.0)
        return pd.DataFrame(
            self.model_.transform(aligned.to_numpy(dtype=float)),
            index=table.index.copy(),
            columns=self.components_.index,
        )

    def top_terms(self, n: int = 10) -> pd.DataFrame:
        """Tidy top terms: ``topic, rank, term, weight`` (rank 1 = heaviest)."""
        rows = []
        for topic, row in self.components_.iterrows():
            order = np.argsort(-row.to_numpy(), kind="stable")[:n]
            rows.extend(
                (topic, rank, self.terms_[i], float(row.iloc[i])) for rank, i in enumerate(order, 1)
            )
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])


# --- maps -------------------------------------------------------------------------------------


def plan_coordinates(
    matrix: pd.DataFrame, *, method: str = "pca", random_state: int | None = 0
) -> pd.DataFrame:
    """Two coordinates per row (plan) for a map of plans: columns ``x`` and ``y``, same index.

    ``method="pca"``: the first two principal components of the rows (centred, not scaled);
    suits theme profiles (:func:`theme_profiles`) and TF-IDF rows (:func:`tfidf_matrix`).
    ``method="mds"``: classical (Torgerson) multidimensional scaling of the rows' cosine
    distances, so distances on the map approximate 1 - cosine similarity.

    Both are exact eigen-decompositions, so the map is deterministic; ``random_state`` has no
    effect on them and is accepted so that calls stay the same for a stochastic method. The sign
    of each axis is fixed: the row farthest from the centre along an axis lies on its positive
    side. ``result.attrs["explained"]`` holds each axis's share of the variance (PCA) or of the
    positive eigenvalues (MDS), ``result.attrs["method"]`` the method. With two rows the second
    axis is all zeros.
    """
    if method not in ("pca", "mds"):
        raise ValueError(f"method must be 'pca' or 'mds', got {method!r}")
    table, values = _plan_rows(matrix, purpose="a map")
    if method == "pca":
        centred = values - values.mean(axis=0)
        left, singular, _ = np.linalg.svd(centred, full_matrices=False)
        coordinates = left * singular
        eigenvalues = singular**2
    else:
        zero = table.index[np.linalg.norm(values, axis=1) == 0]
        if len(zero):
            raise ValueError(f"all-zero rows have no cosine distance: {list(zero)}")
        squared = squareform(np.clip(pdist(values, metric="cosine"), 0, None)) ** 2
        n = len(values)
        centring = np.eye(n) - np.full((n, n), 1 / n)
        inner = -0.5 * centring @ squared @ centring
        eigenvalues, vectors = np.linalg.eigh((inner + inner.T) / 2)
        order = np.argsort(-eigenvalues, kind="stable")
        eigenvalues = np.clip(eigenvalues[order], 0, None)
        coordinates = vectors[:, order] * np.sqrt(eigenvalues)
    coordinates = np.pad(coordinates, ((0, 0), (0, max(0, 2 - coordinates.shape[1]))))[:, :2]
    eigenvalues = np.pad(eigenvalues, (0, max(0, 2 - len(eigenvalues))))
    total = eigenvalues.sum()
    for axis in range(2):
        column = coordinates[:, axis]
        if column[np.argmax(np.abs(column))] < 0:
            coordinates[:, axis] = -column
    coordinates[np.abs(coordinates) < 1e-12] = 0.0
    result = pd.DataFrame(coordinates, index=table.index.copy(), columns=["x", "y"])
    result.attrs["method"] = method
    result.attrs["explained"] = tuple(
        float(v / total) if total > 0 else float("nan") for v in eigenvalues[:2]
    )
    return result
