"""The corpus: a folder of raw plans plus ``manifest.csv``, built into the clean tables.

``data/raw`` is only ever read. :func:`build` reads every plan named in the manifest, cleans
and segments it, and replaces the tables in ``data/clean`` only once everything succeeded, so a
failed build leaves the previous tables as they were.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from compare.errors import PlanInputError
from compare.indicators import INDICATOR_COLUMNS, indicator_rows
from compare.instruments import INSTRUMENT_TABLE_COLUMNS, instrument_rows
from compare.output import write_folder
from compare.reading import PLAN_SUFFIXES, decode_plan_bytes, read_plan_text
from compare.registry import default_matcher
from compare.segmentation import Segmenter, default_segmenter
from compare.structure import CleanPlan, clean_plan
from compare.themes import THEME_SHARE_COLUMNS, ThemeCoder, theme_share_rows

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
    "completeness",
)
# Columns a manifest may leave out, with the value a missing one means.
OPTIONAL_MANIFEST_COLUMNS = {"completeness": "full"}
# How much of the document the file holds: comparisons say "not in the text we have", not "not
# stated", for a metric missing from an incomplete text.
COMPLETENESS = ("full", "excerpt", "missing_annex", "partial")
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
    "instruments.csv": INSTRUMENT_TABLE_COLUMNS,
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
    content = path.read_bytes()
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16, tab-separated
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise PlanInputError(path, f"starts like UTF-16 but does not decode ({error.reason})") from None
    else:
        text, _ = decode_plan_bytes(content, path=path)
    lines = text.splitlines(keepends=True)
    first = lines[0] if lines else ""
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = next(reader, None)
    header = None if header is None else [name.strip().lstrip("\ufeff") for name in header]  # doc_id, file, …
    missing = [c for c in MANIFEST_COLUMNS
               if (header is None or c not in header) and c not in OPTIONAL_MANIFEST_COLUMNS]
    if missing:
        raise PlanInputError(path, f"missing column(s): {', '.join(missing)}", line=1)
    rows = []
    first_line: dict[str, int] = {}
    # Plain strings and os.path: pathlib costs several times more per row in a large corpus.
    raw_root = os.path.join(os.path.realpath(raw_dir), "")
    used_files: dict[str, tuple[str, int]] = {}
    end_of_previous = reader.line_num
    for values in reader:
        # A record may span lines (quoted notes): name the line it starts on.
        line, end_of_previous = end_of_previous + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise PlanInputError(path, f"expected {len(header)} fields, found {len(values)}", line=line)
        row = OPTIONAL_MANIFEST_COLUMNS | {key: value.strip() for key, value in zip(header, values, strict=False)}
        row["completeness"] = row["completeness"] or OPTIONAL_MANIFEST_COLUMNS["completeness"]
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
        try:
            target = os.path.realpath(os.path.join(raw_dir, row["file"]))
            exists = os.path.isfile(target)
        except OSError as error:  # e.g. a name longer than the file system allows
            raise PlanInputError(path, f"file {row['file']!r}: {error.strerror}", line=line) from None
        if not target.startswith(raw_root):
            raise PlanInputError(path, f"file {row['file']!r} lies outside {raw_dir}; refused", line=line)
        if check_files and not exists:
            raise PlanInputError(path, f"file {row['file']!r} of {doc_id!r} not found in {raw_dir}", line=line)
        if target in used_files:
            other, other_line = used_files[target]
            raise PlanInputError(
                path, f"file {row['file']!r} is already the plan of {other!r} (line {other_line})", line=line
            )
        used_files[target] = (doc_id, line)
        if row["doc_type"] not in DOC_TYPES:
            raise PlanInputError(
                path, f"doc_type {row['doc_type']!r} is not one of {', '.join(DOC_TYPES)}", line=line
            )
        if row["issued"] and not _check_date(row["issued"]):
            raise PlanInputError(path, f"issued {row['issued']!r} is not YYYY or YYYY-MM-DD", line=line)
        if row["completeness"] not in COMPLETENESS:
            raise PlanInputError(
                path, f"completeness {row['completeness']!r} is not one of {', '.join(COMPLETENESS)}", line=line
            )
        for column in ("horizon", "baseline_year"):
            if row[column] and not _YEAR.fullmatch(row[column]):
                raise PlanInputError(path, f"{column} {row[column]!r} is not a four-digit year", line=line)
        issued_year = int(row["issued"][:4]) if row["issued"] else None
        if issued_year and row["horizon"] and issued_year > int(row["horizon"]) + 1:
            raise PlanInputError(path, f"issued {row['issued']} is after the horizon {row['horizon']}: a plan "
                                       "aims at a year after it is issued; check both", line=line)
        if row["horizon"] and row["baseline_year"] and int(row["horizon"]) < int(row["baseline_year"]):
            raise PlanInputError(path, f"horizon {row['horizon']} is before the baseline year "
                                       f"{row['baseline_year']}", line=line)
        rows.append({column: row[column] for column in MANIFEST_COLUMNS})
    if not rows:
        raise PlanInputError(path, "manifest has no documents")
    if check_files:
        # Most files are named as they are listed: only the others need resolving (slow).
        listed = {raw_dir / r["file"] for r in rows}
        for candidate in sorted(raw_dir.iterdir()):
            if (candidate.suffix.lower() in PLAN_SUFFIXES and candidate not in listed
                    and os.path.realpath(candidate) not in used_files):
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
    cache_rejected: list[str] = field(default_factory=list)  # damaged cache entries ignored (rebuilt)
    warnings: list[str] = field(default_factory=list)  # what a reader should know, e.g. a plan without Chinese

    def timed(self, stage: str, start: float) -> None:
        """Add the time since ``start`` (``time.perf_counter()``) to ``stage``."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def default_cache_dir() -> Path:
    """Where segmentations are cached: ``$COMPARE_CACHE`` or ``~/.cache/plancompare``."""
    if os.environ.get("COMPARE_CACHE"):
        return Path(os.environ["COMPARE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plancompare" / "segments"


def _store(folder: Path, name: str, content: bytes) -> None:
    """Put a cache file in place whole (written under a name of this process, then renamed),
    so a reader never sees half a file; a cache that cannot be written only costs time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Not mkstemp: a unique name per process is enough, and mkstemp's exclusive create costs
        # more than the write on a folder of thousands of files.
        temporary = folder / f"{name}.{os.getpid()}.tmp"
        try:
            temporary.write_bytes(content)
            os.replace(temporary, folder / name)
        finally:
            temporary.unlink(missing_ok=True)  # a write that failed half-way leaves nothing
    except OSError:
        pass


def _remove_stale_temporaries(folder: Path, *, older_than: float = 3600.0) -> None:
    """Remove cache temporaries a killed build left (older than an hour: none is still being written)."""
    limit = time.time() - older_than
    for pattern in ("*.tmp", "documents/*.tmp"):
        for temporary in folder.glob(pattern):
            try:
                if temporary.stat().st_mtime < limit:
                    temporary.unlink()
            except OSError:
                pass


class _SegmentCache:
    """Tokens per document, keyed by the hash of its paragraph texts and the segmenter settings.

    An entry is JSON with its key and the SHA-256 of its words; one that fails a check is
    ignored (the plan is segmented again)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    @staticmethod
    def _digest(words: list[str]) -> str:
        return hashlib.sha256(json.dumps(words, ensure_ascii=False).encode("utf-8")).hexdigest()

    def get(self, key: str) -> list[str] | None:
        if self.folder is None:
            return None
        try:
            entry = json.loads((self.folder / f"{key}.json").read_bytes().decode("utf-8"))
            words = entry["words"]
            if (entry["key"] != key or not isinstance(words, list) or not all(isinstance(w, str) for w in words)
                    or self._digest(words) != entry["sha256"]):
                return None
            return words
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, words: list[str]) -> None:
        if self.folder is not None:
            entry = {"key": key, "sha256": self._digest(words), "words": words}
            _store(self.folder, f"{key}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"))


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


@dataclass
class _DocumentTables:
    """Everything the build derives from one plan: its rows of each clean table, as UTF-8 CSV
    without the header (so a rebuild only concatenates what cached plans already wrote)."""

    doc_id: str
    csv: dict[str, bytes]
    from_cache: bool
    seconds: dict[str, float]


# Columns whose values are written as floats / integers whatever number type a row holds, as
# pandas writes its float64/Float64 and Int64 columns (the loaders read them back that way).
_FLOAT_COLUMNS = frozenset({"value", "share", "share_low", "share_high", "uncoded_share"})
_INT_COLUMNS = frozenset({"year"})


def _cell(value, kind: str) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "float":
        return repr(float(value))  # shortest round-trip form, as pandas writes float columns
    if kind == "int":
        return int(value)
    return value


def _csv_rows(rows: list[tuple], columns: tuple[str, ...]) -> bytes:
    """Rows of a table as they stand in its CSV file, header left out: the bytes pandas'
    ``to_csv`` writes for the typed table (empty cell for a missing value), without building it."""
    kinds = ["float" if c in _FLOAT_COLUMNS else "int" if c in _INT_COLUMNS else "" for c in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not any(kinds):
        writer.writerows(rows)
    else:
        writer.writerows([tuple(map(_cell, row, kinds)) for row in rows])
    return buffer.getvalue().encode("utf-8")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of the package's code and reference data: any change invalidates cached results."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *(package / "data").glob("*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class _DocumentCache:
    """Whole per-plan results, keyed by the raw bytes, the manifest row, the segmenter settings
    and the package's code, so a rebuild only redoes the plans that changed.

    An entry is data, never code: a magic line, a JSON header (its key, the doc_id, each table's
    byte length, the SHA-256 of the payload) and the plan's rows of each table as CSV bytes. An
    entry that fails any check (magic, header, key, table names, lengths, checksum, UTF-8) is
    ignored, so the plan is built afresh; :attr:`rejected` names it for ``compare build -v``.
    """

    MAGIC = b"plancompare-cache 1\n"

    def __init__(self, folder: Path | None):
        self.folder = None if folder is None else folder / "documents"
        self.rejected: list[str] = []

    def key(self, raw_bytes: bytes, row: dict, settings: str) -> str:
        digest = hashlib.sha256(raw_bytes)
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
        digest.update(settings.encode())
        digest.update(_code_digest().encode())
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key + ".entry")

    def get(self, key: str) -> _DocumentTables | None:
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as handle:
                content = handle.read()
        except OSError:
            return None  # not cached (or unreadable): build the plan
        result = self._parse(content, key)
        if result is None:
            self.rejected.append(self._path(key))
        return result

    def _parse(self, content: bytes, key: str) -> _DocumentTables | None:
        if not content.startswith(self.MAGIC):
            return None
        header_end = content.find(b"\n", len(self.MAGIC))
        if header_end < 0:
            return None
        try:
            header = json.loads(content[len(self.MAGIC) : header_end])
            names, lengths = zip(*header["tables"], strict=True)
            if (header["key"] != key or list(names) != list(TABLE_FILES) or not isinstance(header["doc_id"], str)
                    or not all(isinstance(n, int) and n >= 0 for n in lengths)):
                return None
            payload = content[header_end + 1 :]
            if sum(lengths) != len(payload) or hashlib.sha256(payload).hexdigest() != header["sha256"]:
                return None
            tables, start = {}, 0
            for name, length in zip(names, lengths, strict=True):
                tables[name] = payload[start : start + length]
                tables[name].decode("utf-8")
                start += length
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None
        return _DocumentTables(header["doc_id"], tables, True, {})

    def put(self, key: str, result: _DocumentTables) -> None:
        if self.folder is None:
            return
        payload = b"".join(result.csv[name] for name in TABLE_FILES)
        header = {"key": key, "doc_id": result.doc_id, "sha256": hashlib.sha256(payload).hexdigest(),
                  "tables": [[name, len(result.csv[name])] for name in TABLE_FILES]}
        header_bytes = json.dumps(header, separators=(",", ":")).encode()  # no white space: every byte counts
        _store(self.folder, f"{key}.entry", self.MAGIC + header_bytes + b"\n" + payload)


# Loaded segmenters by settings. Forked workers inherit the parent's entries, so a job that
# arrives unpickled (without its tokenizer) reuses a loaded one instead of loading the dictionary.
_LOADED_SEGMENTERS: dict[tuple, Segmenter] = {}


def _loaded(segmenter: Segmenter) -> Segmenter:
    key = (str(segmenter.userdict), segmenter.hmm, segmenter.backend)
    return _LOADED_SEGMENTERS.setdefault(key, segmenter)


@lru_cache(maxsize=1)
def _theme_coder() -> ThemeCoder:
    """The packaged codebook, fitted once per process (fitting segments every keyword)."""
    return ThemeCoder().fit()


@dataclass(frozen=True)
class _DocumentJob:
    """How to build one plan: picklable, so worker processes can run it."""

    raw_dir: Path
    segmenter: Segmenter
    settings: str
    cache_dir: Path | None

    def cached(self, row: dict, rejected: list[str] | None = None) -> _DocumentTables | None:
        """The stored result for this plan, when its file, row, settings and code are unchanged
        and the entry passes its checks (a damaged entry's path goes to ``rejected``)."""
        cache = _DocumentCache(self.cache_dir)
        key = self._key(row)
        result = cache.get(key)
        if result is not None and result.doc_id != row["doc_id"]:
            cache.rejected.append(cache._path(key))  # an entry made for another plan: not this one's
            result = None
        if rejected is not None:
            rejected.extend(cache.rejected)
        return result

    def _key(self, row: dict) -> str:
        # os.path, not pathlib: this runs for every plan of every rebuild.
        with open(os.path.join(self.raw_dir, row["file"]), "rb") as handle:
            raw_bytes = handle.read()
        return _DocumentCache(self.cache_dir).key(raw_bytes, row, self.settings)

    def __call__(self, row: dict) -> _DocumentTables:
        path = self.raw_dir / row["file"]
        result = self._build(row, path)
        _DocumentCache(self.cache_dir).put(self._key(row), result)
        return result

    def _build(self, row: dict, path: Path) -> _DocumentTables:
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        text, encoding = read_plan_text(path)
        plan = clean_plan(text, doc_id=row["doc_id"], encoding=encoding)
        if not plan.paragraphs:
            raise PlanInputError(path, "no plan text left after removing page furniture")
        seconds["read and clean"] = time.perf_counter() - started
        started = time.perf_counter()
        cache = _SegmentCache(self.cache_dir)
        key = _segmentation_key(plan, self.settings)
        words = cache.get(key)
        from_cache = words is not None and len(words) == len(plan.paragraphs)
        if not from_cache:
            segmenter = _loaded(self.segmenter)
            words = [" ".join(segmenter.tokens(p.text.text)) for p in plan.paragraphs]
            cache.put(key, words)
        seconds["segment"] = time.perf_counter() - started
        started = time.perf_counter()
        indicators = indicator_rows(
            plan,
            horizon=int(row["horizon"]) if row["horizon"] else None,
            baseline_year=int(row["baseline_year"]) if row["baseline_year"] else None,
            issued=row["issued"] or None,
            place=row["city_zh"] or None,
            level=row["admin_level"] or None,
        )
        seconds["indicators"] = time.perf_counter() - started
        started = time.perf_counter()
        paragraphs = paragraph_rows(plan)
        tokens = [(plan.doc_id, p.para_id, w) for p, w in zip(plan.paragraphs, words, strict=True)]
        # Theme shares are per plan (coding per paragraph, bootstrap seeded by doc_id), so
        # computing them here gives exactly the corpus-level result.
        themes = theme_share_rows(
            plan.doc_id,
            [p.kind for p in plan.paragraphs],
            [p.text.text for p in plan.paragraphs],
            words,
            coder=_theme_coder(),
        )
        seconds["themes"] = time.perf_counter() - started
        started = time.perf_counter()
        instruments = instrument_rows(plan)
        seconds["instruments"] = time.perf_counter() - started
        removed = removed_rows(plan)
        document = {
            **row,
            "encoding": encoding,
            "n_raw_chars": len(text),
            "n_chars": sum(len(p.text) for p in plan.paragraphs),
            "n_paragraphs": len(plan.paragraphs),
            "n_removed_lines": len(removed),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        rows = {
            "documents.csv": [tuple(document[c] for c in DOCUMENT_COLUMNS)],
            "paragraphs.csv": paragraphs,
            "tokens.csv": tokens,
            "removed.csv": removed,
            "indicators.csv": indicators,
            "themes.csv": themes,
            "instruments.csv": instruments,
        }
        csv_text = {name: _csv_rows(rows[name], columns) for name, columns in TABLE_FILES.items()}
        return _DocumentTables(plan.doc_id, csv_text, False, seconds)


def _single_threaded_worker(parent: int) -> None:
    """One BLAS/OpenMP thread per worker (with a process per core, more threads only contend);
    the worker ends when the build's process ends, however it ends (Linux: the kernel kills it)."""
    import signal

    from threadpoolctl import threadpool_limits

    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the pool's own shutdown ends the workers
    if os.getppid() != parent:
        os._exit(1)  # the parent ended before the line above took effect
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threadpool_limits(1)
    _theme_coder()


def _run_jobs(job: _DocumentJob, rows: list[dict], jobs: int, progress: Callable | None):
    """Results in ``rows`` order, from this process or from ``jobs`` worker processes."""
    if jobs <= 1 or len(rows) <= 1:
        yield from map(job, progress(rows) if progress else rows)
        return
    import concurrent.futures
    import multiprocessing

    # Dictionary, codebook and registry loaded once here: forked workers inherit them.
    _loaded(job.segmenter).tokens("预热")
    _theme_coder()
    default_matcher()
    # fork: workers start with the parent's loaded modules and dictionaries, no re-import.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_single_threaded_worker, initargs=(os.getpid(),)
    )
    try:
        results = pool.map(job, rows, chunksize=max(1, len(rows) // (jobs * 8)))
        yield from (progress(results, total=len(rows)) if progress else results)
    except BaseException:
        # Stopped (Ctrl-C, SIGTERM, an error): end the workers now, not after the queued plans.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


# A character of the CJK Unified Ideographs block (U+4E00–U+9FFF) in UTF-8: lead byte E4–E9.
_CJK_UTF8 = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}")


def build_tables(
    raw_dir: str | Path,
    *,
    segmenter: Segmenter | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    progress: Callable | None = None,
    report: BuildReport | None = None,
) -> dict[str, list[bytes]]:
    """Build the clean tables in memory from ``raw_dir`` (nothing is written): each table's
    UTF-8 CSV as a list of chunks, the header first, then each plan's rows.

    ``jobs`` > 1 reads, segments and analyses plans in that many worker processes; the tables
    are the same as with one job.
    """
    raw_dir = Path(raw_dir)
    manifest = read_manifest(raw_dir).sort_values("doc_id", kind="stable").reset_index(drop=True)
    segmenter = segmenter or default_segmenter()
    folder = Path(cache_dir) if cache_dir else default_cache_dir() if use_cache else None
    if folder is not None:
        _remove_stale_temporaries(folder)
    report = report if report is not None else BuildReport(Path("."))
    job = _DocumentJob(raw_dir, segmenter, segmenter.settings_digest, folder)
    rows = manifest.to_dict("records")
    # Cached plans are read here; only the others go to the (possibly parallel) jobs.
    done = {row["doc_id"]: job.cached(row, report.cache_rejected) for row in rows} if folder is not None else {}
    fresh = iter(_run_jobs(job, [row for row in rows if done.get(row["doc_id"]) is None], jobs, progress))
    results = (done.get(row["doc_id"]) or next(fresh) for row in rows)
    fragments = {name: [(",".join(columns) + "\n").encode()] for name, columns in TABLE_FILES.items()}
    files = {row["doc_id"]: row["file"] for row in rows}
    for result in results:
        (report.cached if result.from_cache else report.segmented).append(result.doc_id)
        if not _CJK_UTF8.search(result.csv["paragraphs.csv"]):
            report.warnings.append(f"{raw_dir / files[result.doc_id]}: no Chinese text; plancompare reads Chinese "
                                   "plans, so its tables for this file are empty")
        for stage, seconds in result.seconds.items():
            report.seconds[stage] = report.seconds.get(stage, 0.0) + seconds
        for name in TABLE_FILES:
            fragments[name].append(result.csv[name])
    report.documents = len(fragments["documents.csv"]) - 1
    return fragments


def write_tables(tables: dict[str, list[bytes]], clean_dir: str | Path, *,
                 protect: tuple[str | Path, ...] = ()) -> None:
    """Write tables (lists of UTF-8 chunks) into ``clean_dir`` all or nothing, with their build
    stamp (:mod:`compare.output`); ``clean_dir`` may not be, contain or lie inside ``protect``."""
    write_folder(tables, clean_dir, protect=protect)


def build(
    raw_dir: str | Path = "data/raw",
    clean_dir: str | Path = "data/clean",
    *,
    segmenter: Segmenter | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    show_progress: bool = False,
) -> BuildReport:
    """Build ``clean_dir`` from ``raw_dir``: documents, paragraphs, tokens, removed lines,
    indicators and theme shares.

    Deterministic: the same raw files and settings give byte-identical CSV files, whatever
    ``jobs`` is. Documents whose paragraphs and segmenter settings did not change are not
    segmented again. ``report.seconds`` sums each stage's time over documents (in parallel
    builds, worker time).
    """
    report = BuildReport(Path(clean_dir))
    progress = None
    if show_progress:
        from tqdm import tqdm

        def progress(rows, total=None):
            return tqdm(rows, total=total, desc="compare build", unit="plan", delay=2, file=sys.stderr)

    tables = build_tables(
        raw_dir,
        segmenter=segmenter,
        cache_dir=cache_dir,
        use_cache=use_cache,
        jobs=jobs,
        progress=progress,
        report=report,
    )
    started = time.perf_counter()
    write_tables(tables, clean_dir, protect=(raw_dir,))
    report.timed("write", started)
    return report
