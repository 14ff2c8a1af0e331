"""The corpus: a folder of raw plans plus ``manifest.csv``, built into the clean tables.

``data/raw`` is only ever read. :func:`build` reads every plan named in the manifest, cleans
and segments it, and replaces the tables in ``data/clean`` only once everything succeeded, so a
failed build leaves the previous tables as they were.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compare.errors import PlanInputError
from compare.indicators import INDICATOR_COLUMNS, extract_indicators
from compare.reading import PLAN_SUFFIXES, decode_plan_bytes, read_plan_text
from compare.segmentation import Segmenter, default_segmenter
from compare.structure import CleanPlan, clean_plan
from compare.themes import THEME_SHARE_COLUMNS, corpus_theme_shares

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = (
    "doc_id",
    "file",
    "city_zh",
    "city",
    "province",
    "admin_level",
    "doc_type",
    "title",
    "issuer",
    "issued",
    "horizon",
    "baseline_year",
    "notes",
)
DOC_TYPES = ("five_year_plan", "action_plan", "annual_work_points", "implementation_opinion", "other")
_DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_YEAR = re.compile(r"\d{4}")

DOCUMENT_COLUMNS = (
    *MANIFEST_COLUMNS,
    "encoding",
    "n_raw_chars",
    "n_chars",
    "n_paragraphs",
    "n_removed_lines",
    "sha256",
)
PARAGRAPH_COLUMNS = ("doc_id", "para_id", "heading_path", "level", "kind", "text", "raw_start", "raw_end")
TOKEN_COLUMNS = ("doc_id", "para_id", "tokens")
REMOVED_COLUMNS = ("doc_id", "line", "raw_start", "raw_end", "reason", "text")
TABLE_FILES = {
    "documents.csv": DOCUMENT_COLUMNS,
    "paragraphs.csv": PARAGRAPH_COLUMNS,
    "tokens.csv": TOKEN_COLUMNS,
    "removed.csv": REMOVED_COLUMNS,
    "indicators.csv": INDICATOR_COLUMNS,
    "themes.csv": THEME_SHARE_COLUMNS,
}


# --- manifest ------------------------------------------------------------------------------


def _check_date(value: str) -> bool:
    if _YEAR.fullmatch(value):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def read_manifest(raw_dir: str | Path, *, check_files: bool = True) -> pd.DataFrame:
    """Read and validate ``raw_dir/manifest.csv``; one row per document, in file order.

    Every problem raises :class:`PlanInputError` naming the manifest and its line: missing
    columns, an empty or duplicate ``doc_id``, a file that does not exist or lies outside
    ``raw_dir``, an unknown ``doc_type``, a date that is not ``YYYY`` or ``YYYY-MM-DD``, a
    year that is not four digits. With ``check_files``, a plan file in ``raw_dir`` that no
    row names is an error too.
    """
    raw_dir = Path(raw_dir)
    path = raw_dir / MANIFEST_NAME
    if not path.is_file():
        raise PlanInputError(
            path, f"manifest not found; create it with the columns {', '.join(MANIFEST_COLUMNS)}"
        )
    text, _ = decode_plan_bytes(path.read_bytes(), path=path)
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, None)
    missing = [c for c in MANIFEST_COLUMNS if header is None or c not in header]
    if missing:
        raise PlanInputError(path, f"missing column(s): {', '.join(missing)}", line=1)
    rows = []
    first_line: dict[str, int] = {}
    raw_root = raw_dir.resolve()
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise PlanInputError(path, f"expected {len(header)} fields, found {len(values)}", line=line)
        row = {key: value.strip() for key, value in zip(header, values, strict=False)}
        doc_id = row["doc_id"]
        if not _DOC_ID.fullmatch(doc_id):
            raise PlanInputError(
                path, f"doc_id {doc_id!r} must be ASCII letters, digits, '.', '_' or '-'", line=line
            )
        if doc_id in first_line:
            raise PlanInputError(
                path, f"duplicate doc_id {doc_id!r} (first on line {first_line[doc_id]})", line=line
            )
        first_line[doc_id] = line
        if not row["file"]:
            raise PlanInputError(path, f"row {doc_id!r} names no file", line=line)
        target = (raw_dir / row["file"]).resolve()
        if raw_root not in target.parents:
            raise PlanInputError(path, f"file {row['file']!r} lies outside {raw_dir}; refused", line=line)
        if check_files and not target.is_file():
            raise PlanInputError(path, f"file {row['file']!r} of {doc_id!r} not found in {raw_dir}", line=line)
        if row["doc_type"] not in DOC_TYPES:
            raise PlanInputError(
                path, f"doc_type {row['doc_type']!r} is not one of {', '.join(DOC_TYPES)}", line=line
            )
        if row["issued"] and not _check_date(row["issued"]):
            raise PlanInputError(path, f"issued {row['issued']!r} is not YYYY or YYYY-MM-DD", line=line)
        for column in ("horizon", "baseline_year"):
            if row[column] and not _YEAR.fullmatch(row[column]):
                raise PlanInputError(path, f"{column} {row[column]!r} is not a four-digit year", line=line)
        rows.append({column: row[column] for column in MANIFEST_COLUMNS})
    if not rows:
        raise PlanInputError(path, "manifest has no documents")
    if check_files:
        named = {(raw_dir / r["file"]).resolve() for r in rows}
        for candidate in sorted(raw_dir.iterdir()):
            if candidate.suffix.lower() in PLAN_SUFFIXES and candidate.resolve() not in named:
                raise PlanInputError(
                    candidate, f"plan file has no row in {path}; add one (see README: adding a plan)"
                )
    return pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))


# --- build ---------------------------------------------------------------------------------


@dataclass
class BuildReport:
    """What a build did: documents built, segmented afresh, and taken from the cache."""

    clean_dir: Path
    documents: int = 0
    segmented: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage

    def timed(self, stage: str, start: float) -> None:
        """Add the time since ``start`` (``time.perf_counter()``) to ``stage``."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def default_cache_dir() -> Path:
    """Where segmentations are cached: ``$COMPARE_CACHE`` or ``~/.cache/plancompare``."""
    if os.environ.get("COMPARE_CACHE"):
        return Path(os.environ["COMPARE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plancompare" / "segments"


class _SegmentCache:
    """Tokens per document, keyed by the hash of its paragraph texts and the segmenter settings."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def get(self, key: str) -> list[str] | None:
        if self.folder is None:
            return None
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, tokens: list[str]) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(tokens, out, ensure_ascii=False)
            os.replace(temporary, self.folder / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only costs time


def _segmentation_key(plan: CleanPlan, settings_digest: str) -> str:
    digest = hashlib.sha256(settings_digest.encode())
    for paragraph in plan.paragraphs:
        digest.update(b"\x00")
        digest.update(paragraph.text.text.encode("utf-8"))
    return digest.hexdigest()


def paragraph_rows(plan: CleanPlan) -> list[tuple]:
    """Rows of the paragraphs table (``PARAGRAPH_COLUMNS``) for one cleaned plan."""
    return [
        (plan.doc_id, p.para_id, " / ".join(p.heading_path), p.level, p.kind, p.text.text, *p.raw_span)
        for p in plan.paragraphs
    ]


def removed_rows(plan: CleanPlan) -> list[tuple]:
    """Rows of the removed-lines table (``REMOVED_COLUMNS``) for one cleaned plan."""
    return [(plan.doc_id, r.line, r.raw_start, r.raw_end, r.reason, r.text) for r in plan.removed]


def build_tables(
    raw_dir: str | Path,
    *,
    segmenter: Segmenter | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    progress: Callable | None = None,
    report: BuildReport | None = None,
) -> dict[str, pd.DataFrame]:
    """Build the clean tables in memory from ``raw_dir`` (nothing is written)."""
    raw_dir = Path(raw_dir)
    manifest = read_manifest(raw_dir).sort_values("doc_id", kind="stable").reset_index(drop=True)
    segmenter = segmenter or default_segmenter()
    cache = _SegmentCache(Path(cache_dir) if cache_dir else default_cache_dir() if use_cache else None)
    settings = segmenter.settings_digest
    report = report if report is not None else BuildReport(Path("."))
    documents, paragraphs, tokens, removed, indicators = [], [], [], [], []
    rows = manifest.to_dict("records")
    for row in progress(rows) if progress else rows:
        started = time.perf_counter()
        path = raw_dir / row["file"]
        text, encoding = read_plan_text(path)
        plan = clean_plan(text, doc_id=row["doc_id"], encoding=encoding)
        if not plan.paragraphs:
            raise PlanInputError(path, "no plan text left after removing page furniture")
        report.timed("read and clean", started)
        started = time.perf_counter()
        key = _segmentation_key(plan, settings)
        words = cache.get(key)
        if words is None or len(words) != len(plan.paragraphs):
            words = [" ".join(segmenter.tokens(p.text.text)) for p in plan.paragraphs]
            cache.put(key, words)
            report.segmented.append(plan.doc_id)
        else:
            report.cached.append(plan.doc_id)
        report.timed("segment", started)
        started = time.perf_counter()
        indicators.append(
            extract_indicators(
                plan,
                horizon=int(row["horizon"]) if row["horizon"] else None,
                baseline_year=int(row["baseline_year"]) if row["baseline_year"] else None,
                issued=row["issued"] or None,
            )
        )
        report.timed("indicators", started)
        plan_removed = removed_rows(plan)
        paragraphs.extend(paragraph_rows(plan))
        removed.extend(plan_removed)
        tokens.extend((plan.doc_id, p.para_id, w) for p, w in zip(plan.paragraphs, words, strict=True))
        documents.append(
            {
                **row,
                "encoding": encoding,
                "n_raw_chars": len(text),
                "n_chars": sum(len(p.text) for p in plan.paragraphs),
                "n_paragraphs": len(plan.paragraphs),
                "n_removed_lines": len(plan_removed),
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
    report.documents = len(documents)
    paragraph_table = pd.DataFrame(paragraphs, columns=list(PARAGRAPH_COLUMNS))
    token_table = pd.DataFrame(tokens, columns=list(TOKEN_COLUMNS))
    started = time.perf_counter()
    themes = corpus_theme_shares(paragraph_table, token_table)
    report.timed("themes", started)
    return {
        "documents.csv": pd.DataFrame(documents, columns=list(DOCUMENT_COLUMNS)),
        "paragraphs.csv": paragraph_table,
        "tokens.csv": token_table,
        "removed.csv": pd.DataFrame(removed, columns=list(REMOVED_COLUMNS)),
        "indicators.csv": pd.concat(indicators, ignore_index=True),
        "themes.csv": themes,
    }


def write_tables(tables: dict[str, pd.DataFrame], clean_dir: str | Path) -> None:
    """Write CSV tables into ``clean_dir`` all or nothing: staged first, then renamed in place."""
    clean_dir = Path(clean_dir)
    clean_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=clean_dir))
    try:
        for name, table in tables.items():
            table.to_csv(staging / name, index=False, encoding="utf-8", lineterminator="\n")
        for name in tables:
            os.replace(staging / name, clean_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build(
    raw_dir: str | Path = "data/raw",
    clean_dir: str | Path = "data/clean",
    *,
    segmenter: Segmenter | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    show_progress: bool = False,
) -> BuildReport:
    """Build ``clean_dir`` from ``raw_dir``: documents, paragraphs, tokens, removed lines,
    indicators and theme shares.

    Deterministic: the same raw files and settings give byte-identical CSV files. Documents
    whose paragraphs and segmenter settings did not change are not segmented again.
    """
    report = BuildReport(Path(clean_dir))
    progress = None
    if show_progress:
        from tqdm import tqdm

        def progress(rows):
            return tqdm(rows, desc="compare build", unit="plan", delay=2, file=sys.stderr)

    tables = build_tables(
        raw_dir,
        segmenter=segmenter,
        cache_dir=cache_dir,
        use_cache=use_cache,
        progress=progress,
        report=report,
    )
    started = time.perf_counter()
    write_tables(tables, clean_dir)
    report.timed("write", started)
    return report
