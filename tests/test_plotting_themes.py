"""Charts of the thematic-emphasis notebook, on the clean seed data: what each function returns,
what it labels, the map coordinates, and that Chinese renders without missing glyphs."""

from __future__ import annotations

import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import seaborn as sns
from conftest import CLEAN, SEED_IDS

from compare import load_documents, load_themes, load_tokens
from compare.analytics import (
    PlanClustering,
    plan_coordinates,
    plan_similarity,
    tfidf_matrix,
    theme_profiles,
)
from compare.plotting import (
    plan_labels,
    plot_plan_map,
    plot_similarity,
    plot_theme_clustermap,
    plot_theme_shares,
    share_annotation,
)

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def shares():
    return load_themes(CLEAN)


@pytest.fixture(scope="module")
def documents():
    return load_documents(CLEAN)


@pytest.fixture(scope="module")
def tokens():
    return load_tokens(CLEAN)


@pytest.fixture(scope="module")
def profiles(shares):
    return theme_profiles(shares)


@pytest.fixture(scope="module")
def similarity(tokens):
    return plan_similarity(tokens)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def matplotlib_defaults():
    """matplotlib's own settings (DejaVu Sans, no Chinese), restored afterwards."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.use("Agg")
        yield


def _theme_ids(shares) -> list[str]:
    return list(dict.fromkeys(shares["theme_id"].astype(str)))


def _label_texts(labels) -> list[str]:
    return [label.get_text() for label in labels]


# --- cell text --------------------------------------------------------------------------------


def test_share_annotation_shows_share_and_interval():
    assert share_annotation(0.18, 0.11, 0.28) == "18%\n(11–28)"
    assert share_annotation(0.004, 0.0, 0.012) == "<1%\n(0–1)"
    assert share_annotation(0.0, 0.0, 0.0) == "0%\n(0–0)"
    assert share_annotation(0.18) == "18%"
    assert share_annotation(float("nan"), 0.1, 0.2) == "—"


# --- theme shares heatmap ---------------------------------------------------------------------


def test_theme_shares_heatmap_has_a_row_per_plan_and_a_column_per_theme(shares, documents):
    ax = plot_theme_shares(shares, documents)

    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.collections[0].get_array().shape == (len(SEED_IDS), len(_theme_ids(shares)))
    names = shares.drop_duplicates("theme_id")["label_zh"].tolist()
    assert _label_texts(ax.get_xticklabels()) == names
    rows = _label_texts(ax.get_yticklabels())
    labels = plan_labels(documents)
    assert [row.split("\n")[0] for row in rows] == [labels[d] for d in sorted(SEED_IDS)]
    assert all("未编码" in row and row.endswith("%") for row in rows)


def test_theme_shares_cells_show_the_interval(shares, documents):
    ax = plot_theme_shares(shares, documents)
    texts = _label_texts(ax.texts)

    assert len(texts) == len(SEED_IDS) * len(_theme_ids(shares))
    assert all("%\n(" in text and "–" in text for text in texts)
    row = shares.sort_values(["doc_id"], kind="stable").iloc[0]  # first plan, first theme
    assert texts[0] == share_annotation(row["share"], row["share_low"], row["share_high"])
    assert texts[0].endswith(f"({100 * row['share_low']:.0f}–{100 * row['share_high']:.0f})")


def test_theme_shares_uses_the_given_axes(shares, documents):
    fig, ax = plt.subplots()
    assert plot_theme_shares(shares, documents, ax=ax) is ax
    assert len(fig.axes) == 2  # the heatmap and its colour bar


# --- clustermap -------------------------------------------------------------------------------


def test_clustermap_returns_a_cluster_grid_ordered_by_plan_clustering(shares, documents, profiles):
    grid = plot_theme_clustermap(shares, documents)

    assert isinstance(grid, sns.matrix.ClusterGrid)
    expected = PlanClustering().fit(profiles)
    assert list(grid.dendrogram_row.reordered_ind) == list(expected.order_)
    labels = plan_labels(documents)
    assert _label_texts(grid.ax_heatmap.get_yticklabels()) == [labels[d] for d in expected.leaves_]
    assert _label_texts(grid.ax_heatmap.get_xticklabels()) == shares.drop_duplicates("theme_id")[
        "label_zh"
    ].tolist()
    assert grid.dendrogram_col is None  # themes stay in codebook order
    assert "余弦" in grid.figure.texts[0].get_text()


def test_clustermap_passes_options_to_seaborn(shares, documents):
    grid = plot_theme_clustermap(shares, documents, method="complete", col_cluster=True, annot=False)

    assert grid.dendrogram_col is not None
    assert not grid.ax_heatmap.texts
    assert "complete" in grid.figure.texts[0].get_text()


# --- similarity heatmap -----------------------------------------------------------------------


def test_similarity_heatmap_annotates_every_pair_but_the_diagonal(similarity, documents):
    ax = plot_similarity(similarity, documents)

    assert isinstance(ax, matplotlib.axes.Axes)
    n = len(SEED_IDS)
    texts = _label_texts(ax.texts)
    assert len(texts) == n * n - n
    off_diagonal = similarity.to_numpy()[~np.eye(n, dtype=bool)]
    assert texts == [f"{value:.2f}" for value in off_diagonal]
    labels = plan_labels(documents)
    assert _label_texts(ax.get_yticklabels()) == [labels[d] for d in similarity.index]


# --- map of plans -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["pca", "mds"])
def test_plan_coordinates_are_deterministic_with_one_row_per_plan(profiles, tokens, method):
    for matrix in (profiles, tfidf_matrix(tokens)):
        first = plan_coordinates(matrix, method=method, random_state=0)
        again = plan_coordinates(matrix, method=method, random_state=0)

        pd.testing.assert_frame_equal(first, again)
        assert list(first.index) == sorted(SEED_IDS)
        assert list(first.columns) == ["x", "y"]
        assert np.isfinite(first.to_numpy()).all()
        explained = first.attrs["explained"]
        assert 0 < explained[1] <= explained[0] and sum(explained) <= 1 + 1e-12
        # the row farthest out along each axis is on its positive side
        for column in ("x", "y"):
            assert first[column].iloc[np.argmax(first[column].abs().to_numpy())] > 0


def test_plan_coordinates_do_not_depend_on_the_sign_of_the_input(profiles):
    pd.testing.assert_frame_equal(plan_coordinates(profiles), plan_coordinates(-profiles))


def test_pca_coordinates_keep_the_distances_of_two_dimensional_data():
    rng = np.random.default_rng(0)
    flat = rng.normal(size=(6, 2))
    rotation, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    embedded = pd.DataFrame(np.column_stack([flat, np.zeros((6, 3))]) @ rotation + 3.0)

    coordinates = plan_coordinates(embedded).to_numpy()

    distances = np.linalg.norm(coordinates[:, None] - coordinates[None], axis=-1)
    expected = np.linalg.norm(flat[:, None] - flat[None], axis=-1)
    np.testing.assert_allclose(distances, expected, atol=1e-10)
    assert sum(plan_coordinates(embedded).attrs["explained"]) == pytest.approx(1.0)


def test_plan_coordinates_reject_bad_input(profiles):
    with pytest.raises(ValueError, match="method"):
        plan_coordinates(profiles, method="tsne")
    with pytest.raises(ValueError, match="at least 2"):
        plan_coordinates(profiles.iloc[:1])
    with pytest.raises(ValueError, match="missing values"):
        plan_coordinates(profiles.assign(tcm=np.nan))


def test_plan_map_labels_every_plan_and_explains_the_axes(profiles, documents):
    ax = plot_plan_map(profiles, documents, random_state=0)

    assert isinstance(ax, matplotlib.axes.Axes)
    labels = plan_labels(documents)
    assert sorted(_label_texts(ax.texts)) == sorted(labels[d] for d in SEED_IDS)
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(SEED_IDS)
    explained = plan_coordinates(profiles).attrs["explained"]
    assert f"{sum(explained):.0%}" in ax.get_title()
    assert f"{explained[0]:.0%}" in ax.get_xlabel() and f"{explained[1]:.0%}" in ax.get_ylabel()


# --- Chinese renders --------------------------------------------------------------------------


FIGURES = {
    "theme_shares": lambda d: plot_theme_shares(d["shares"], d["documents"]).figure,
    "clustermap": lambda d: plot_theme_clustermap(d["shares"], d["documents"]).figure,
    "similarity": lambda d: plot_similarity(d["similarity"], d["documents"]).figure,
    "plan_map": lambda d: plot_plan_map(d["profiles"], d["documents"]).figure,
}


@pytest.mark.parametrize("name", FIGURES)
def test_figures_render_chinese_without_missing_glyphs(
    name, shares, documents, profiles, similarity, matplotlib_defaults
):
    data = {"shares": shares, "documents": documents, "profiles": profiles, "similarity": similarity}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = FIGURES[name](data)
        figure.savefig(io.BytesIO(), format="png")

    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert not glyphs, glyphs[:3]
    assert "Noto Sans CJK" in matplotlib.rcParams["font.sans-serif"][0]
