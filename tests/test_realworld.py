"""The real-world indicator set (tests/data/realworld): its integrity, and the extractor's
figures on its development part.

The kept-aside (heldout) part is scored here too, but only with the floor the project promises
for texts it has never seen; it is not read while tuning (see the set's README).
"""

import pandas as pd
import pytest
from realworld import (
    REALWORLD,
    colons,
    extract,
    full_width_brackets,
    gold,
    hard_wrapped,
    in_words,
    manifest,
)

from compare.evaluation import core_metrics, score_facts
from compare.indicators import COMPARATORS, SCOPES
from compare.registry import load_registry


def test_every_gold_row_quotes_its_text_and_names_a_registry_metric():
    texts = {doc: (REALWORLD / "texts" / f"{doc}.txt").read_text(encoding="utf-8") for doc in manifest()["doc"]}
    facts = gold()
    assert set(facts["doc"]) <= set(texts)
    assert all(row.evidence in texts[row.doc] for row in facts.itertuples())
    assert set(facts["metric_id"]) <= set(load_registry()["metric_id"])
    assert set(facts["comparator"]) <= set(COMPARATORS)
    assert set(facts["scope"]) <= set(SCOPES)
    assert set(facts["kind"]) == {"baseline", "target"}


def test_the_set_is_split_once_by_place():
    table = manifest()
    assert set(table["split"]) == {"dev", "heldout"}
    # No place is in both parts: the kept-aside part is about places the extractor was not tuned on.
    assert table.groupby("place")["split"].nunique().max() == 1
    assert table["place"].nunique() >= 40 and len(table) >= 60


@pytest.fixture(scope="module")
def dev_predictions():
    return extract(split="dev")


def test_development_part_core_metrics(dev_predictions):
    # The development part (with the first kept-aside part moved in, see the set's README).
    # Measured 2026-12-07: precision 0.913, recall 0.861; with batch 7 and the families after it,
    # 0.930, 0.891; with batch 8 (0.920, 0.874 on adding it) and its families, 0.935, 0.895; with
    # batch 9 (29 provincial work reports of 2026, 0.361 / 0.342 on arrival, 0.543 / 0.514 after
    # their families), 0.920, 0.881. The floor catches regressions; raise it as the extractor
    # improves. Issue 10 asks 0.95 / 0.90 on the kept-aside part.
    score = score_facts(dev_predictions, gold(split="dev"), metrics=core_metrics())
    assert score.precision >= 0.91 and score.recall >= 0.87, f"{score}\n{score.missed}\n{score.spurious}"


def test_kept_aside_part_core_metrics():
    # Scored, never read: the message gives the figures only, not the facts missed. Measured
    # 2026-12-07 (21 excerpts, 18 places; scored twice): precision 0.696, recall 0.527; with batch 6
    # (33 excerpts, 30 places), at the end of the third round: 0.730, 0.640; 34 excerpts, at the
    # end of the fourth: 0.745, 0.652; with batch 9's two reports (36), at the end of the fifth:
    # 0.741, 0.673 (the same 34: 0.740, 0.671).
    score = score_facts(extract(split="heldout"), gold(split="heldout"), metrics=core_metrics())
    assert score.precision >= 0.72 and score.recall >= 0.62, str(score)


def test_scope_is_reported_for_quoted_figures(dev_predictions):
    assert {"plan", "national"} <= set(dev_predictions["scope"])
    assert pd.Series(dev_predictions["scope"]).isin(SCOPES).all()


@pytest.mark.parametrize("width", [28, 40])
def test_hard_wrapped_texts_give_the_facts_of_the_texts(width):
    # Text copied from a PDF viewer or saved by pdftotext breaks every line at the page width,
    # mid-sentence and mid-number (达到81.|3岁). Measured 2026-12-07 on the development part
    # wrapped at 28 / 40 characters: before wrap detection 0.644/0.377 and 0.785/0.693; with it
    # 0.928/0.884 and 0.926/0.879 (unwrapped: 0.930/0.891).
    score = score_facts(extract(split="dev", transform=lambda text: hard_wrapped(text, width)), gold(split="dev"),
                        metrics=core_metrics())
    assert score.precision >= 0.91 and score.recall >= 0.86, str(score)


def test_levels_written_in_chinese_numerals_are_read():
    # News and some reports write levels in words (七十七点一岁, 分别为二点七二‰、三点九六‰).
    # Measured 2026-12-07 on the development part with every level before 岁/‰/% in words:
    # 0.851/0.632 when only numerals after a verb were read; 0.929/0.863 with decimals anywhere
    # and whole numbers after 、了的 (as written: 0.935/0.895).
    score = score_facts(extract(split="dev", transform=in_words), gold(split="dev"), metrics=core_metrics())
    assert score.precision >= 0.91 and score.recall >= 0.84, str(score)


@pytest.mark.parametrize("transform", [full_width_brackets, colons], ids=lambda t: t.__name__)
def test_the_same_facts_written_with_other_punctuation_are_read_alike(dev_predictions, transform):
    # Full-width brackets around pinyin glosses (預（yù）期壽命) and a colon between a name and its
    # value (婴儿死亡率：3.21‰) once lost 0.047 and 0.090 of the recall on the development part.
    score = score_facts(extract(split="dev", transform=transform), gold(split="dev"), metrics=core_metrics())
    as_written = score_facts(dev_predictions, gold(split="dev"), metrics=core_metrics())
    assert abs(score.precision - as_written.precision) <= 0.005 and abs(score.recall - as_written.recall) <= 0.005, (
        f"{score} vs {as_written}")
