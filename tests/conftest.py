"""Shared fixtures: the seed corpus in data/raw is the test corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
CLEAN = REPO / "data" / "clean"
TEST_DATA = Path(__file__).resolve().parent / "data"

PANZHIHUA = "panzhihua-2022-health-development-plan"
JIAXING = "jiaxing-2024-health-modernization-opinion"
CIXI_ACTION = "cixi-2020-health-action-plan"
CIXI_POINTS = "cixi-2022-health-work-points"
CIXI_EXCERPT = "cixi-2021-health-development-plan-excerpt"
SEED_IDS = (CIXI_ACTION, CIXI_EXCERPT, CIXI_POINTS, JIAXING, PANZHIHUA)


@pytest.fixture(scope="session")
def plans():
    """Every seed plan, cleaned, by doc_id."""
    from compare.structure import read_plan

    return {doc_id: read_plan(RAW / f"{doc_id}.txt") for doc_id in SEED_IDS}


@pytest.fixture
def raw_copy(tmp_path):
    """A writable copy of data/raw."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture
def segment_cache(tmp_path):
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def built_report(tmp_path_factory):
    """The whole report, executed once per test session from the repository's notebooks."""
    from compare.report import build_report

    out = tmp_path_factory.mktemp("reports")
    runs = build_report(REPO / "notebooks", out, clean_dir=CLEAN)
    return out, runs
