"""Theme coding and shares: codebook validation, matching, shares, bootstrap, CLI, validation."""

from __future__ import annotations

import csv
import io
import math
import re
import subprocess
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest
from conftest import CIXI_EXCERPT, CLEAN, JIAXING, PANZHIHUA, RAW, REPO, SEED_IDS, TEST_DATA

from compare import PlanInputError, load_paragraphs, load_tokens
from compare.cli import main
from compare.themes import (
    CLI_COLUMNS,
    THEME_SHARE_COLUMNS,
    ThemeCoder,
    code_paragraphs,
    corpus_theme_shares,
    count_chars,
    effective_number,
    load_codebook,
    load_themes,
    theme_share_rows,
    theme_shares,
    theme_summary,
)

THEME_IDS = (
    "public_health", "chronic_disease", "health_promotion", "medical_services", "primary_care",
    "tcm", "maternal_child", "elderly_care", "mental_health", "digital_health", "reform_insurance",
    "workforce_research", "health_industry", "environment_safety", "governance_party",
)  # fmt: skip
MIN_ACCURACY = 0.85
RUN_IN = "unnumbered run-in sub-heading;"


@pytest.fixture(scope="module")
def coder():
    return ThemeCoder().fit()


@pytest.fixture(scope="module")
def tables():
    return load_paragraphs(CLEAN), load_tokens(CLEAN)


@pytest.fixture(scope="module")
def coded(tables, coder):
    return code_paragraphs(*tables, coder=coder)


@pytest.fixture(scope="module")
def shares(coded):
    return theme_shares(coded, n_boot=300, random_state=0)


# --- the codebook ---------------------------------------------------------------------------


def test_packaged_codebook_keeps_the_documented_rules():
    codebook = load_codebook()
    assert tuple(codebook["theme_id"]) == THEME_IDS
    cells = codebook[["label_zh", "label_en", "definition", "include", "exclude"]]
    assert (cells != "").all().all()  # every cell filled (docs/codebook.md)
    sizes = codebook["keywords"].map(len)
    assert sizes.between(40, 100).all()
    doc = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert f"· {sizes.sum()} keywords" in doc
    for theme_id, n in zip(codebook["theme_id"], sizes, strict=True):
        assert f"| `{theme_id}` |" in doc and re.search(rf"`{theme_id}` \|[^\n]*\| {n} \|", doc)


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


HEADER = ["theme_id", "label_zh", "label_en", "definition", "include", "exclude", "keywords"]


def _theme(theme_id, keywords, **cells):
    row = dict(zip(HEADER, [theme_id, "标签", "Label", "d", "i", "e", keywords], strict=True))
    row.update(cells)
    return [row[c] for c in HEADER]


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        ([HEADER[:-1], ["a", "b", "c", "d", "e", "f"]], 1, "missing column(s): keywords"),
        ([HEADER, _theme("tcm", "中医"), _theme("tcm2", "")], 3, "empty keywords"),
        ([HEADER, _theme("tcm", "中医||中药")], 2, "keyword 2 is empty"),
        ([HEADER, _theme("tcm", "中医|中药|")], 2, "keyword 3 is empty"),
        (
            [HEADER, _theme("tcm", "中医|针灸"), _theme("x", "护理"), _theme("y", "养老|针灸")],
            4,
            "keyword '针灸' is listed also in theme 'tcm' on line 2",
        ),
        ([HEADER, _theme("tcm", "中医|中医")], 2, "keyword '中医' is listed twice in this theme"),
        (
            [HEADER, _theme("tcm", "中医"), _theme("tcm", "中药")],
            3,
            "theme_id 'tcm' already used on line 2",
        ),
        ([HEADER, _theme("TCM", "中医")], 2, "must be lower-case"),
        ([HEADER, _theme("uncoded", "中医")], 2, "must be lower-case"),
        ([HEADER, _theme("tcm", "中医"), ["x", "y"]], 3, "expected 7 fields, found 2"),
        ([HEADER], 2, "no themes"),
    ],
)
def test_codebook_errors_name_file_and_line(tmp_path, rows, line, message):
    path = _write(tmp_path / "my_themes.csv", rows)
    with pytest.raises(PlanInputError) as caught:
        load_codebook(path)
    assert caught.value.path == str(path) and caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


def test_codebook_line_numbers_count_multi_line_cells(tmp_path):
    rows = [HEADER, _theme("tcm", "中医", definition="two\nlines"), _theme("x", "中医")]
    with pytest.raises(PlanInputError) as caught:
        load_codebook(_write(tmp_path / "c.csv", rows))
    assert caught.value.line == 4  # the second theme starts after the two-line first row


def test_missing_codebook_and_keyword_without_words(tmp_path):
    with pytest.raises(PlanInputError, match="codebook not found"):
        load_codebook(tmp_path / "none.csv")
    path = _write(tmp_path / "c.csv", [HEADER, _theme("tcm", "中医"), _theme("x", "护理|。")])
    with pytest.raises(PlanInputError, match=r"c\.csv:3: .*'。' has no words"):
        ThemeCoder(path).fit()


def test_a_swapped_codebook_needs_no_code(tmp_path, tables):
    path = _write(
        tmp_path / "two.csv", [HEADER, _theme("care", "中医药|医养结合"), _theme("other", "疫情")]
    )
    result = corpus_theme_shares(*tables, codebook=path, n_boot=50)
    assert set(result["theme_id"]) == {"care", "other"}
    sums = result.groupby("doc_id")["share"].sum()
    assert np.allclose(sums, 1)
    assert (result["uncoded_share"] > 0.5).all()  # two themes leave most text uncoded


# --- matching -------------------------------------------------------------------------------


def test_coder_follows_estimator_conventions():
    coder = ThemeCoder(codebook=None)
    assert vars(coder) == {"codebook": None, "segmenter": None}
    with pytest.raises(RuntimeError, match="not fitted"):
        coder.matches(["中医"])
    assert coder.fit() is coder
    assert coder.theme_ids_ == THEME_IDS
    assert coder.keyword_tokens_["基层党组织"] == ("基层", "党组织")


def test_longest_match_first_without_double_counting(coder):
    assert [(m.keyword, m.theme_id) for m in coder.matches(["推进", "医养结合"])] == [
        ("医养结合", "elderly_care")
    ]
    assert [m.keyword for m in coder.matches(["医养结合", "和", "医养"])] == ["医养结合", "医养"]
    # a two-token keyword wins over the one-token keywords inside it
    matches = coder.matches(["加强", "基层", "党组织", "建设"])
    assert [(m.keyword, m.theme_id, m.start, m.end) for m in matches] == [
        ("基层党组织", "governance_party", 1, 3)
    ]
    assert coder.code(["基层", "医疗", "中医"]) == {"primary_care": 0.5, "tcm": 0.5}
    assert coder.code(["总体", "要求"]) == {}


def test_yiyang_never_counted_inside_yiyang_jiehe_in_the_corpus(coder, tables):
    _, tokens = tables
    counted_inside = 0
    n_yiyang_jiehe = 0
    for words in tokens["tokens"]:
        words = words.split()
        for match in coder.matches(words):
            covered = "".join(words[match.start : match.end])
            n_yiyang_jiehe += covered.startswith("医养结合")
            counted_inside += match.keyword == "医养" and covered != "医养"
    assert n_yiyang_jiehe >= 10 and counted_inside == 0


def test_weights_are_proportional_to_matches(coder):
    weights = coder.transform([["中医", "中药", "疫情"], "总体 要求"])
    assert weights.loc[0, "tcm"] == pytest.approx(2 / 3) and weights.loc[
        0, "public_health"
    ] == pytest.approx(1 / 3)
    assert weights.loc[0, "n_matches"] == 3
    assert weights.loc[1, list(THEME_IDS)].sum() == 0 and weights.loc[1, "n_matches"] == 0


def test_tcm_sections_are_coded_tcm(coded, tables):
    paragraphs, _ = tables

    def profile(heading: str) -> pd.Series:
        section = paragraphs[
            (paragraphs["doc_id"] == PANZHIHUA)
            & paragraphs["heading_path"].str.contains(heading, regex=False)
            & (paragraphs["kind"] != "heading")
        ]
        units = coded.merge(section[["doc_id", "para_id"]])
        assert len(units) == len(section) > 0
        chars = units[list(THEME_IDS)].mul(units["n_chars"], axis=0).sum()
        return chars / chars.sum()

    chapter = profile("第七章 加快建设中医药服务强市")
    assert chapter.idxmax() == "tcm" and chapter["tcm"] > 0.5
    assert profile("第一节 建立健全中医药服务体系").idxmax() == "tcm"


# --- units and shares -----------------------------------------------------------------------


def test_units_are_body_paragraphs_and_tables(coded, tables):
    paragraphs, _ = tables
    body = paragraphs[paragraphs["kind"] != "heading"]
    assert len(coded) == len(body) and set(coded["kind"]) == {"text", "table"}
    assert coded["n_chars"].sum() == body["text"].map(count_chars).sum()
    weights = coded[list(THEME_IDS)].sum(axis=1)
    assert (
        np.allclose(weights[coded["n_matches"] > 0], 1)
        and (weights[coded["n_matches"] == 0] == 0).all()
    )


def test_shares_sum_to_one_with_the_uncoded_share_alongside(shares, coded):
    assert list(shares.columns) == list(THEME_SHARE_COLUMNS)
    assert len(shares) == len(SEED_IDS) * len(THEME_IDS)
    assert np.allclose(shares.groupby("doc_id")["share"].sum(), 1)
    uncoded = shares.groupby("doc_id")["uncoded_share"].agg(["min", "max"])
    assert (uncoded["min"] == uncoded["max"]).all() and uncoded["max"].between(0, 0.2).all()
    # by hand for one plan: characters split across themes by weight
    plan = coded[coded["doc_id"] == JIAXING]
    by_theme = plan[list(THEME_IDS)].mul(plan["n_chars"], axis=0).sum()
    expected = by_theme / by_theme.sum()
    got = shares[shares["doc_id"] == JIAXING].set_index("theme_id")["share"]
    assert np.allclose(got[list(THEME_IDS)], expected[list(THEME_IDS)])
    uncoded_chars = plan.loc[plan["n_matches"] == 0, "n_chars"].sum()
    assert shares.loc[shares["doc_id"] == JIAXING, "uncoded_share"].iloc[0] == pytest.approx(
        uncoded_chars / plan["n_chars"].sum()
    )
    assert shares.dtypes["share"] == "float64" and shares.dtypes["doc_id"] == "string"


def test_bootstrap_intervals_contain_the_estimate_and_follow_the_seed(shares, coded):
    assert (shares["share_low"] <= shares["share"]).all() and (
        shares["share"] <= shares["share_high"]
    ).all()
    assert (shares["share_high"] - shares["share_low"]).gt(0).sum() > len(shares) / 2
    again = theme_shares(coded, n_boot=300, random_state=0)
    pd.testing.assert_frame_equal(shares, again)
    other = theme_shares(coded, n_boot=300, random_state=1)
    assert not np.allclose(shares["share_low"], other["share_low"])
    assert np.array_equal(shares["share"], other["share"])
    # each plan's resamples depend on the seed and its own doc_id only
    alone = theme_shares(coded[coded["doc_id"] == JIAXING], n_boot=300, random_state=0)
    pd.testing.assert_frame_equal(
        alone.reset_index(drop=True), shares[shares["doc_id"] == JIAXING].reset_index(drop=True)
    )


def test_coded_tables_can_be_split_and_concatenated(coded, shares):
    parts = pd.concat([coded.iloc[:100], coded.iloc[100:]])
    pd.testing.assert_frame_equal(theme_shares(parts, n_boot=300), shares)
    assert shares.loc[shares["theme_id"] == "tcm", "label_zh"].eq("中医药").all()
    bare = coded.copy()
    bare.attrs = {}  # without the coder's record the theme columns follow n_matches
    unlabelled = theme_shares(bare, n_boot=300)
    pd.testing.assert_frame_equal(unlabelled.drop(columns=["label_zh", "label_en"]),
                                  shares.drop(columns=["label_zh", "label_en"]))  # fmt: skip


def test_wider_interval_for_a_short_plan(shares):
    width = (shares["share_high"] - shares["share_low"]).groupby(shares["doc_id"]).mean()
    assert width[CIXI_EXCERPT] > width[PANZHIHUA]  # 8 units against 162


def test_effective_number_of_themes(coded):
    assert effective_number(np.array([1.0, 0, 0])) == pytest.approx(1)
    assert effective_number(np.array([0.25] * 4)) == pytest.approx(4)
    assert np.isnan(effective_number(np.array([np.nan, np.nan])))
    summary = theme_summary(coded, n_boot=200)
    assert list(summary["doc_id"]) == sorted(SEED_IDS)
    assert summary["effective_themes"].between(1, len(THEME_IDS)).all()
    assert (summary["effective_themes_low"] <= summary["effective_themes_high"]).all()
    assert (summary["n_chars"] >= summary["coded_chars"]).all()


def test_a_plan_with_nothing_coded_has_missing_shares(coder):
    units = pd.DataFrame({"doc_id": ["d", "d"], "para_id": [1, 2], "kind": "text", "n_chars": [10, 5],
                          "tokens": ["总体 要求", "指导 思想"]})  # fmt: skip
    result = theme_shares(coder.transform(units), n_boot=20)
    assert result["share"].isna().all() and (result["uncoded_share"] == 1).all()


def test_inputs_are_not_mutated(tables):
    paragraphs, tokens = tables
    before = paragraphs.copy(), tokens.copy()
    corpus_theme_shares(paragraphs, tokens, n_boot=10)
    pd.testing.assert_frame_equal(paragraphs, before[0])
    pd.testing.assert_frame_equal(tokens, before[1])


def test_load_themes_round_trip(tmp_path, tables):
    written = corpus_theme_shares(*tables, n_boot=50)
    written.to_csv(tmp_path / "themes.csv", index=False, encoding="utf-8", lineterminator="\n")
    loaded = load_themes(tmp_path)
    pd.testing.assert_frame_equal(loaded, written, check_exact=False, rtol=1e-12)
    assert loaded.dtypes["share_low"] == "float64" and loaded.dtypes["theme_id"] == "string"
    with pytest.raises(FileNotFoundError, match="run 'compare build'"):
        load_themes(tmp_path / "empty")


def test_corpus_theme_shares_is_deterministic(tables):
    first = corpus_theme_shares(*tables, n_boot=100)
    second = corpus_theme_shares(*tables, n_boot=100)
    pd.testing.assert_frame_equal(first, second)


def _same_values(left, right) -> bool:
    """Equal cell by cell, floats bit for bit (NaN in the same places)."""
    if len(left) != len(right):
        return False
    for a, b in zip(left, right, strict=True):
        if isinstance(a, float) or isinstance(b, float):
            if not (isinstance(a, float) and isinstance(b, float)):
                return False
            if math.isnan(a) or math.isnan(b):
                if not (math.isnan(a) and math.isnan(b)):
                    return False
            elif np.float64(a).tobytes() != np.float64(b).tobytes():
                return False
        elif type(a) is not type(b) or a != b:
            return False
    return True


def _plan_inputs(tables, doc_id):
    paragraphs, tokens = tables
    plan = paragraphs[paragraphs["doc_id"] == doc_id].merge(tokens, on=["doc_id", "para_id"])
    return list(plan["kind"]), list(plan["text"]), list(plan["tokens"])


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_theme_share_rows_equal_the_table_path(doc_id, tables, coder):
    paragraphs, tokens = tables
    kinds, texts, token_strings = _plan_inputs(tables, doc_id)
    rows = theme_share_rows(doc_id, kinds, texts, token_strings, coder=coder)
    table = theme_shares(
        code_paragraphs(
            paragraphs[paragraphs["doc_id"] == doc_id],
            tokens[tokens["doc_id"] == doc_id],
            coder=coder,
        )
    )
    expected = [tuple(row) for row in table.astype(object).itertuples(index=False)]
    assert len(rows) == len(THEME_IDS) and all(len(row) == len(THEME_SHARE_COLUMNS) for row in rows)
    assert all(_same_values(row, want) for row, want in zip(rows, expected, strict=True))
    assert all(type(value) in (str, float) for row in rows for value in row)
    # the committed table was built from the same rows
    committed = load_themes(CLEAN)
    committed = committed[committed["doc_id"] == doc_id]
    assert np.allclose(committed["share_low"], [row[5] for row in rows], rtol=1e-12, equal_nan=True)


def test_theme_share_rows_for_a_plan_with_no_coded_text(coder):
    kinds = ["heading", "text", "table"]
    texts = ["一、总体要求", "指导 思想\u3000明确", "总体 要求"]
    token_strings = ["一 、 总体 要求", "指导 思想 明确", "总体 要求"]
    rows = theme_share_rows("d", kinds, texts, token_strings, coder=coder, n_boot=50)
    assert [row[1] for row in rows] == list(THEME_IDS)
    assert all(math.isnan(value) for row in rows for value in row[4:7])
    assert all(row[7] == 1.0 for row in rows)
    units = pd.DataFrame({"doc_id": "d", "para_id": [2, 3], "kind": kinds[1:], "n_chars": [6, 4],
                          "tokens": token_strings[1:]})  # fmt: skip
    table = theme_shares(coder.transform(units), n_boot=50)
    expected = [tuple(row) for row in table.astype(object).itertuples(index=False)]
    assert all(_same_values(row, want) for row, want in zip(rows, expected, strict=True))
    # nothing but headings: no units, so no rows (as the table path has no such plan)
    assert theme_share_rows("d", ["heading"], ["总体要求"], ["总体 要求"], coder=coder) == []
    with pytest.raises(ValueError, match="differ in length"):
        theme_share_rows("d", ["text"], [], [], coder=coder)
    with pytest.raises(ValueError, match="confidence"):
        theme_share_rows("d", ["text"], ["a"], ["a"], coder=coder, confidence=1)


def _reference_matches(coder, tokens):
    """The matching rule spelt out naively: every occurrence, longest first, no overlaps."""
    words = [t.lower() for t in tokens]
    candidates = []
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            found = coder._patterns.get(tuple(words[start:end]))
            if found is not None:
                n_chars = sum(len(w) for w in words[start:end])
                candidates.append((-n_chars, -(end - start), start, end, found))
    taken, chosen = set(), []
    for _, _, start, end, (theme, keyword) in sorted(candidates, key=lambda c: c[:3]):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            chosen.append((start, end, keyword, coder.theme_ids_[theme]))
    return sorted(chosen)


def test_matching_follows_the_rule_on_random_token_sequences(coder):
    rng = np.random.default_rng(7)
    keyword_words = sorted({word for tokens in coder.keyword_tokens_.values() for word in tokens})
    vocabulary = keyword_words + ["的", "和", "推进", "ΑΣ", "Σ", "İstanbul", "中医", "医养", "结合"]
    keywords = [list(tokens) for tokens in coder.keyword_tokens_.values()]
    units = []
    for _ in range(3000):
        size = int(rng.integers(0, 14))
        tokens = [vocabulary[i] for i in rng.integers(0, len(vocabulary), size)]
        if rng.random() < 0.5:  # put in whole keywords, next to each other, so they compete
            for i in rng.integers(0, len(keywords), 3):
                at = int(rng.integers(0, len(tokens) + 1))
                tokens[at:at] = keywords[i]
        units.append(tokens)
        got = [(m.start, m.end, m.keyword, m.theme_id) for m in coder.matches(tokens)]
        assert got == _reference_matches(coder, tokens), tokens
    # the one-pass count matrix (over many units) agrees with the matches of each unit
    expected = np.zeros((len(units), len(THEME_IDS)), dtype=np.int64)
    for row, tokens in enumerate(units):
        for match in coder.matches(tokens):
            expected[row, THEME_IDS.index(match.theme_id)] += 1
    weights = coder.transform([" ".join(tokens) for tokens in units])
    assert np.array_equal(weights["n_matches"], expected.sum(axis=1))
    assert np.array_equal(coder.transform(units)[list(THEME_IDS)], weights[list(THEME_IDS)])
    assert np.array_equal(coder.counts(units[1]), expected[1])


def test_lower_casing_a_whole_unit_equals_lower_casing_each_token():
    # what lets the coder lower-case a paragraph's token string in one call
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert not [c for c in map(chr, range(sys.maxunicode + 1)) if not c.isspace() and any(
        x.isspace() for x in c.lower())]  # fmt: skip
    for space in spaces:
        for text in ("AΣ" + space + "B", "A" + space + "Σ", "Σ'" + space + "b", "a'" + space + "Σ"):
            assert text.lower().split() == [token.lower() for token in text.split()]


def test_count_chars_drops_exactly_what_backslash_s_matches():
    text = "".join(map(chr, range(0x3100))) + "\u3000\u2028\x1c\x85a b"
    assert count_chars(text) == len(re.sub(r"\s+", "", text))


def _reference_estimate(chars, weights, rng, n_boot, confidence):
    """The bootstrap spelt out plainly (NaN replicates, nanpercentile): what _estimate speeds up."""
    char_weights = chars[:, None] * np.asfortranarray(weights)
    n = len(chars)
    picks = rng.integers(0, n, size=(n_boot, n)) + np.arange(n_boot)[:, None] * n
    draws = np.bincount(picks.ravel(), minlength=n_boot * n).reshape(n_boot, n)
    totals = draws @ char_weights
    sums = totals.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = np.where(sums > 0, totals / np.where(sums > 0, sums, 1), np.nan)
    tail = (1 - confidence) / 2 * 100
    if np.isnan(boot).all():
        return None
    low, high = np.nanpercentile(boot, [tail, 100 - tail], axis=0)
    effective = np.nanpercentile(effective_number(boot), [tail, 100 - tail])
    return low, high, effective


@pytest.mark.parametrize("seed", range(12))
def test_bootstrap_equals_the_plain_nan_aware_computation(seed):
    from compare.themes import _doc_seed, _estimate

    rng = np.random.default_rng(seed)
    n_units, n_themes = int(rng.integers(1, 40 if seed % 2 else 8)), 6
    counts = rng.integers(0, 3, size=(n_units, n_themes)) * (rng.random((n_units, n_themes)) < 0.3)
    counts[rng.random(n_units) < 0.6] = 0  # many uncoded units: some replicates code nothing
    weights = counts / np.maximum(counts.sum(axis=1), 1)[:, None]
    chars = rng.integers(1, 300, n_units).astype(float)
    n_boot, confidence = int(rng.integers(1, 400)), float(rng.choice([0.5, 0.8, 0.9, 0.95]))
    got = _estimate("d", chars, weights, n_boot=n_boot, confidence=confidence, random_state=seed,
                    effective=True)  # fmt: skip
    want = _reference_estimate(chars, weights, _doc_seed(seed, "d"), n_boot, confidence)
    if want is None:
        assert np.isnan(got.low).all() and np.isnan(got.high).all()
        return
    assert got.low.tobytes() == want[0].tobytes() and got.high.tobytes() == want[1].tobytes()
    assert np.float64(got.effective_low).tobytes() == want[2][0].tobytes()
    assert np.float64(got.effective_high).tobytes() == want[2][1].tobytes()


def test_percentiles_equal_numpy():
    from compare.themes import _percentiles

    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 7, 20, 999, 1000):
        values = rng.random((n, 4))
        values[:, 1] = 0.0
        values[:, 2] = np.round(values[:, 2], 1)  # ties
        for q in ([5.000000000000001, 94.99999999999999], [0, 100], [25, 50], [2.5, 97.5]):
            assert _percentiles(values, q).tobytes() == np.percentile(values, q, axis=0).tobytes()


# --- the command line -----------------------------------------------------------------------


def test_cli_prints_csv_with_shares_summing_to_one():
    files = [RAW / f"{CIXI_EXCERPT}.txt", RAW / f"{JIAXING}.txt"]
    result = subprocess.run(
        [sys.executable, "-m", "compare", "themes", *map(str, files)],
        capture_output=True, text=True, encoding="utf-8", check=True, cwd=REPO,
    )  # fmt: skip
    table = pd.read_csv(io.StringIO(result.stdout))
    assert list(table.columns) == list(CLI_COLUMNS)
    assert list(table["doc_id"].unique()) == [CIXI_EXCERPT, JIAXING]
    assert (table.groupby("doc_id")["theme_id"].apply(tuple) == THEME_IDS).all()
    assert np.allclose(table.groupby("doc_id")["share"].sum(), 1, atol=1e-5)
    assert (
        (table["share_low"] <= table["share"] + 1e-6)
        & (table["share"] <= table["share_high"] + 1e-6)
    ).all()
    assert table["uncoded_share"].between(0, 1).all()


def test_cli_errors_name_the_file(tmp_path, capsys):
    bad = _write(tmp_path / "bad.csv", [HEADER, _theme("tcm", "中医||中药")])
    plan = RAW / f"{CIXI_EXCERPT}.txt"
    assert main(["themes", "--codebook", str(bad), str(plan)]) == 1
    assert f"{bad}:2: theme 'tcm': keyword 2 is empty" in capsys.readouterr().err
    assert main(["themes", str(plan), str(tmp_path / "missing.txt")]) == 1
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err and captured.out == ""  # nothing printed before failing


def test_importing_themes_does_not_load_jieba():
    code = "import sys, compare.themes, compare.analytics; assert 'jieba' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- validation against the hand-labelled headings ------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def labelled_sections(paragraphs: pd.DataFrame, tokens: pd.DataFrame, labels: pd.DataFrame):
    """(label row, units) per labelled heading; a unit is (characters, tokens).

    The section is the body the heading governs, without the heading itself: every text or
    table paragraph after it up to the next heading of the same or a higher level (its
    sub-headings' text included). For an unnumbered run-in lead sentence it is the rest of the
    paragraph that begins with that sentence.
    """
    from compare.segmentation import segment

    merged = paragraphs.merge(tokens, on=["doc_id", "para_id"], validate="1:1")
    for label in labels.itertuples(index=False):
        doc = merged[merged["doc_id"] == label.doc_id].sort_values("para_id").reset_index(drop=True)
        target = _norm(label.heading)
        if label.rationale.startswith(RUN_IN):
            found = [
                i
                for i, row in doc.iterrows()
                if row.kind == "text" and _norm(row.text).startswith(target)
            ]
            assert found, f"run-in lead sentence not found: {label.doc_id} {label.heading!r}"
            text = doc.loc[found[-1], "text"]
            cut = next(end for end in range(1, len(text) + 1) if _norm(text[:end]) == target)
            rest = text[cut:]
            assert count_chars(rest) >= 40
            yield label, [(count_chars(rest), segment(rest))]
            continue
        found = [
            i for i, row in doc.iterrows() if row.kind == "heading" and _norm(row.text) == target
        ]
        assert found, f"heading not found: {label.doc_id} {label.heading!r}"
        start = found[-1]
        level = doc.loc[start, "level"]
        units = []
        for row in doc.iloc[start + 1 :].itertuples():
            if row.kind == "heading" and row.level <= level:
                break
            if row.kind != "heading":
                units.append((count_chars(row.text), row.tokens.split()))
        assert units, f"empty section: {label.doc_id} {label.heading!r}"
        yield label, units


def section_profile(coder: ThemeCoder, units) -> pd.Series:
    """Characters per theme of a section, exactly as in a plan's shares."""
    total = np.zeros(len(coder.theme_ids_))
    for n_chars, words in units:
        counts = coder.counts(words)
        if counts.sum():
            total += n_chars * counts / counts.sum()
    return pd.Series(total, index=list(coder.theme_ids_))


def test_top_theme_accuracy_on_labelled_headings(coder, tables):
    labels = pd.read_csv(TEST_DATA / "heading_labels.csv", dtype=str, keep_default_na=False)
    assert len(labels) == 109 and labels["rationale"].str.startswith(RUN_IN).sum() == 10
    hits, misses = 0, []
    for label, units in labelled_sections(*tables, labels):
        profile = section_profile(coder, units)
        # ties go to the theme listed first in the codebook (idxmax)
        predicted = profile.idxmax() if profile.sum() > 0 else "uncoded"
        if predicted == label.theme_id:
            hits += 1
        else:
            top = (profile / profile.sum()).nlargest(2) if profile.sum() > 0 else profile.head(0)
            detail = ", ".join(f"{t} {s:.2f}" for t, s in top.items())
            misses.append(
                f"{label.doc_id} {label.heading!r}: labelled {label.theme_id}, coded {predicted} ({detail})"
            )
    accuracy = hits / len(labels)
    print(f"top-theme accuracy {hits}/{len(labels)} = {accuracy:.3f}")
    assert accuracy >= MIN_ACCURACY, (
        f"accuracy {accuracy:.3f} < {MIN_ACCURACY}; misses:\n" + "\n".join(misses)
    )


def test_matching_in_several_passes_counts_the_same(tables, coder, monkeypatch):
    """A corpus is matched in passes of bounded size; the pass boundaries change nothing."""
    import compare.themes as themes

    paragraphs, tokens = tables
    units = tokens["tokens"].tolist()
    in_one_pass = coder._count_matrix(units)
    monkeypatch.setattr(themes, "_WORDS_PER_PASS", 50)
    in_small_passes = coder._count_matrix(units)
    assert in_one_pass.sum() > 1000
    assert np.array_equal(in_one_pass, in_small_passes)
    assert coder._count_matrix([]).shape == (0, len(coder.theme_ids_))


# --- real section texts from many places (tests/data/themes_realworld) ------------------------


def real_section_accuracy(coder: ThemeCoder, split: str) -> tuple[float, dict[str, float], list[str]]:
    """Top-theme accuracy of the coder on the real section texts of one part, per theme, misses."""
    from compare.segmentation import segment

    units = pd.read_csv(TEST_DATA / "themes_realworld" / "units.csv", dtype=str, keep_default_na=False)
    units = units[units["split"] == split]
    hits, per_theme, misses = 0, {}, []
    for unit in units.itertuples(index=False):
        profile = pd.Series(coder.counts(segment(unit.text)), index=list(coder.theme_ids_))
        predicted = profile.idxmax() if profile.sum() > 0 else "uncoded"  # ties: codebook order
        right = predicted == unit.theme_id
        hits += right
        seen, correct = per_theme.get(unit.theme_id, (0, 0))
        per_theme[unit.theme_id] = (seen + 1, correct + right)
        if not right:
            misses.append(f"{unit.unit}: labelled {unit.theme_id}, coded {predicted}")
    return hits / len(units), {t: c / n for t, (n, c) in per_theme.items()}, misses


def test_real_section_set_is_double_coded_and_split_by_place():
    units = pd.read_csv(TEST_DATA / "themes_realworld" / "units.csv", dtype=str, keep_default_na=False)
    assert len(units) == 252 and units["unit"].is_unique and units["text"].is_unique
    assert units["place"].nunique() >= 40 and units["theme_id"].value_counts().min() >= 6
    assert set(units["theme_id"]) == set(load_codebook()["theme_id"])
    # Every label is both coders' or an adjudicated one, with its reason.
    agreed = units["first_pass"] == units["second_pass"]
    assert ((agreed & (units["theme_id"] == units["first_pass"])) | (~agreed & (units["adjudication"] != ""))).all()
    assert not set(units.loc[units["split"] == "dev", "place"]) & set(units.loc[units["split"] == "heldout", "place"])
    assert not units["text"].map(lambda text: any(text.startswith(h) for h in units["heading"] if h)).any()


def test_top_theme_accuracy_on_real_sections_development_part(coder):
    # 118 sections, 67 places, tuned on: 0.881 with codebook version 1, 0.915 with version 2;
    # with batch 2 (167 sections): 0.898 with version 2, 0.946 with version 3.
    accuracy, _, misses = real_section_accuracy(coder, "dev")
    assert accuracy >= 0.90, f"{accuracy:.3f}\n" + "\n".join(misses)


def test_top_theme_accuracy_on_real_sections_kept_aside_part(coder):
    # Scored, never read (the message gives figures, not misses): 74 sections, 40 places.
    # Version 1: 0.851; version 2, scored once: 0.878 (medical_services 0.50, maternal_child 0.67).
    # With batch 2's 11 sections (85, 46 places), version 3: 0.894 (medical_services 2/4).
    accuracy, per_theme, _ = real_section_accuracy(coder, "heldout")
    assert accuracy >= 0.85, f"{accuracy:.3f} {per_theme}"
