"""The ``compare`` command line (also ``python -m compare``)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from compare import __version__
from compare.errors import PlanInputError


def _build(args: argparse.Namespace) -> int:
    from compare.corpus import build

    report = build(
        args.raw,
        args.clean,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        show_progress=not args.quiet,
    )
    if not args.quiet:
        print(
            f"compare build: {report.documents} documents -> {report.clean_dir} "
            f"({len(report.segmented)} segmented, {len(report.cached)} from cache)",
            file=sys.stderr,
        )
    for warning in report.warnings:
        print(f"compare build: warning: {warning}", file=sys.stderr)
    if args.verbose:
        for path in report.cache_rejected:
            print(f"compare build: damaged cache entry ignored and rebuilt: {path}", file=sys.stderr)
    return 0


def _segment(args: argparse.Namespace) -> int:
    from compare.segmentation import Segmenter, default_segmenter
    from compare.structure import read_plan

    segmenter = Segmenter(userdict=args.userdict) if args.userdict else default_segmenter()
    plans = [read_plan(path) for path in args.files]  # read all first: fail before printing
    for plan in plans:
        for paragraph in plan.paragraphs:
            print(" ".join(segmenter.tokens(paragraph.text.text)))
    return 0


def _extract(args: argparse.Namespace) -> int:
    import pandas as pd

    from compare.indicators import INDICATOR_COLUMNS, extract_indicators
    from compare.structure import read_plan

    plans = [read_plan(path) for path in args.files]  # read all first: fail before printing
    tables = [extract_indicators(plan, horizon=args.horizon, issued=args.issued) for plan in plans]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=INDICATOR_COLUMNS)
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _report(args: argparse.Namespace) -> int:
    from compare.report import ReportError, build_report

    try:
        runs = build_report(args.notebooks, args.out, clean_dir=args.clean, timeout=args.timeout)
    except ReportError as error:
        print(f"compare: error: {error}", file=sys.stderr)
        return 1
    total = sum(run.seconds for run in runs)
    print(f"compare report: {len(runs)} notebooks -> {args.out}/index.html ({total:.0f} s)", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from compare.export import export_workbook

    out = export_workbook(args.xlsx, clean_dir=args.clean)
    print(f"compare export: {out}", file=sys.stderr)
    return 0


def _instruments(args: argparse.Namespace) -> int:
    import pandas as pd

    from compare.instruments import CODE_COLUMNS, code_instruments
    from compare.structure import read_plan

    plans = [read_plan(path) for path in args.files]  # read all first: fail before printing
    tables = [code_instruments(plan) for plan in plans]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=CODE_COLUMNS)
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _themes(args: argparse.Namespace) -> int:
    from compare.themes import themes_command

    return themes_command(args.files, codebook=args.codebook, out=sys.stdout)


def _date(text: str) -> str:
    if not re.fullmatch(r"(19|20)\d{2}(-\d{1,2}(-\d{1,2})?)?", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compare", description="Compare Chinese city health plans (plancompare)."
    )
    parser.add_argument("--version", action="version", version=f"plancompare {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build data/clean from data/raw")
    build.add_argument("--raw", type=Path, default=Path("data/raw"), help="raw plans + manifest.csv")
    build.add_argument("--clean", type=Path, default=Path("data/clean"), help="output folder")
    build.add_argument("--no-cache", action="store_true", help="segment every document again")
    build.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    build.add_argument("-v", "--verbose", action="store_true", help="also name damaged cache entries that were rebuilt")
    build.set_defaults(run=_build)

    instruments = commands.add_parser(
        "instruments", help="print the policy instruments of each clause of plan files as CSV (docs/instruments.md)")
    instruments.add_argument("files", nargs="+", type=Path, help="plan files")
    instruments.set_defaults(run=_instruments)

    export = commands.add_parser("export", help="write the clean tables to an Excel workbook (text stays text)")
    export.add_argument("--xlsx", type=Path, required=True, help="the workbook to write, e.g. plancompare.xlsx")
    export.add_argument("--clean", type=Path, default=None, help="clean tables (default: data/clean)")
    export.set_defaults(run=_export)

    segment = commands.add_parser("segment", help="print the words of plan files, one paragraph per line")
    segment.add_argument("files", nargs="+", type=Path, help="plan text files")
    segment.add_argument("--userdict", type=Path, help="a user dictionary instead of the package's")
    segment.set_defaults(run=_segment)

    extract = commands.add_parser(
        "extract", help="print every numeric baseline and target of plan files as CSV"
    )
    extract.add_argument("files", nargs="+", type=Path, help="plan text or HTML files")
    extract.add_argument(
        "--horizon", type=int, help="target year when the plan does not say (default: read from its title)"
    )
    extract.add_argument(
        "--issued",
        type=_date,
        help="the documents' date, YYYY[-MM[-DD]]: decides whether a dated level was reached or planned and what "
        "去年/目前 mean (default: read from the text; where none is found, relative years stay empty)",
    )
    extract.set_defaults(run=_extract)

    report = commands.add_parser("report", help="execute the notebooks and write the HTML report")
    report.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="NN_name.py notebooks")
    report.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    report.add_argument("--clean", type=Path, default=Path("data/clean"), help="clean data the notebooks read")
    report.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    report.set_defaults(run=_report)

    themes = commands.add_parser(
        "themes", help="print each plan's theme shares as CSV (doc_id, theme_id, share, ...)"
    )
    themes.add_argument("files", nargs="+", type=Path, help="plan text files")
    themes.add_argument("--codebook", type=Path, help="a theme codebook CSV instead of the package's")
    themes.set_defaults(run=_themes)
    return parser


class _Terminated(Exception):
    """SIGTERM received (``kill PID``, a scheduler): unwind like Ctrl-C, so nothing half-written stays."""


def _on_sigterm(signum, frame):
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    import signal
    import threading
    import warnings

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
    # A warning is one line for a reader, not Python's file:line and source.
    warnings.showwarning = lambda message, *rest, **kw: print(f"compare: warning: {message}", file=sys.stderr)
    try:
        return args.run(args)
    except (KeyboardInterrupt, _Terminated) as stop:
        print("compare: stopped (nothing half-written is left)", file=sys.stderr)
        return 130 if isinstance(stop, KeyboardInterrupt) else 143
    except PlanInputError as error:
        print(f"compare: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `compare segment plan.txt | head` (before OSError: it is one)
        return 0
    except OSError as error:  # unreadable file or folder: permissions, a name too long, …
        where = error.filename or ""
        print(f"compare: error: {where}: {error.strerror or error}", file=sys.stderr)
        return 1
