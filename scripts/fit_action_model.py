"""Fit the packaged action classifier (src/compare/data/action_model.csv) again.

It is fitted on the development part of the hand-coded clauses (tests/data/instruments, split
``dev``) only: the kept-aside part stays unseen. Run with ``make action-model``; the result is
deterministic, and tests/test_instruments.py checks that the packaged file is what this gives.
"""

from pathlib import Path

from compare.evaluation import coded_clauses
from compare.instruments import ActionClassifier
from compare.resources import data_path, simplified

CLAUSES = Path(__file__).resolve().parents[1] / "tests" / "data" / "instruments"


def fit_packaged_model() -> ActionClassifier:
    clauses = coded_clauses(CLAUSES, split="dev")
    texts = [simplified(text).strip() for text in clauses["text"]]
    headings = [simplified(heading) for heading in clauses["heading_path"]]
    return ActionClassifier().fit(texts, [bool(types) for types in clauses["types"]], headings=headings)


if __name__ == "__main__":
    fit_packaged_model().to_csv(data_path("action_model.csv"))
    print(f"wrote {data_path('action_model.csv')}")
