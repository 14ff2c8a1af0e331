"""Reference data shipped inside the package (``compare/data/``), read on demand."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """Filesystem path of a reference file shipped in ``compare/data``."""
    return Path(str(resources.files("compare").joinpath("data", name)))


def read_word_list(path: str | Path) -> list[str]:
    """One entry per line; blank lines and ``#`` comments are skipped; order kept."""
    entries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                entries.append(entry)
    return entries


@cache
def stopwords() -> frozenset[str]:
    """Function words (``data/stopwords.txt``)."""
    return frozenset(read_word_list(data_path("stopwords.txt")))


@cache
def policy_verbs() -> frozenset[str]:
    """Policy boilerplate verbs such as 加强/推进/完善 (``data/policy_verbs.txt``)."""
    return frozenset(read_word_list(data_path("policy_verbs.txt")))


@cache
def furniture() -> dict[str, dict[str, str]]:
    """Page-furniture vocabulary (``data/furniture.csv``): kind -> {text: note}.

    Kinds: ``label`` (metadata field names followed by a colon), ``line`` (whole lines such as
    navigation and print links), ``value`` (metadata values standing alone on a line).
    """
    kinds: dict[str, dict[str, str]] = {"label": {}, "line": {}, "value": {}}
    with open(data_path("furniture.csv"), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kinds[row["kind"]][row["text"]] = row["note"]
    return kinds


@cache
def _opencc_t2s():
    import opencc  # loaded on first use: conversion is needed only for traditional text

    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """``text`` with traditional characters converted to simplified (OpenCC ``t2s``)."""
    return _opencc_t2s()(text)
