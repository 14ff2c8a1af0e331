"""The static HTML report: execute every notebook from a clean kernel, render it, index it.

``compare report`` (``make report``) reads ``notebooks/NN_name.py`` (Jupytext percent format,
stored without outputs), executes each in a fresh kernel with its working directory in
``notebooks/``, and writes self-contained HTML to ``reports/``: images embedded, code hidden
behind a button, and ``reports/index.html`` linking the notebooks with a run record (package
versions, data and reference-data hashes, date, durations). A failing cell stops the report
with the notebook and cell named; the executed copy is kept in ``reports/failed/`` so the error
can be read, and the previous HTML files are left as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import importlib.metadata
import json
import os
import platform
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("plancompare", "pandas", "numpy", "matplotlib", "seaborn", "jieba", "scikit-learn", "scipy",
            "opencc", "mplfonts", "nbclient", "nbconvert", "jupytext")
REFERENCE_FILES = ("metrics.csv", "national_benchmarks.csv", "column_labels.csv", "instruments.csv", "themes.csv",
                   "userdict.txt", "stopwords.txt", "policy_verbs.txt", "furniture.csv")
_NOTEBOOK_NAME = re.compile(r"^\d{2}_[\w-]+\.(py|ipynb)$")

# Code is hidden unless the reader asks for it; without JavaScript it simply stays hidden.
_HIDE_CODE = """
<style>
.jp-CodeCell .jp-Cell-inputWrapper { display: none; }
body.show-code .jp-CodeCell .jp-Cell-inputWrapper { display: flex; }
#code-toggle { position: fixed; top: 10px; right: 14px; z-index: 100; padding: 4px 10px; font-size: 13px;
  font-family: inherit; background: #fff; border: 1px solid #999; border-radius: 4px; cursor: pointer; }
</style>
<script>
document.addEventListener("DOMContentLoaded", function () {
  var button = document.createElement("button");
  button.id = "code-toggle";
  button.textContent = "显示代码 Show code";
  button.onclick = function () {
    var shown = document.body.classList.toggle("show-code");
    button.textContent = shown ? "隐藏代码 Hide code" : "显示代码 Show code";
  };
  document.body.appendChild(button);
});
</script>
"""


# Long tables (more than 15 rows) are searchable and sortable without the network: a filter box
# above each hides the rows that do not contain its text; a click on a header sorts by that
# column (numbers as numbers), a second click reverses. Without JavaScript the table is whole.
_TABLE_TOOLS = """
<style>
.table-filter { margin: 0.6em 0 0.2em; padding: 3px 6px; font: inherit; width: 18em; }
th.sortable { cursor: pointer; }
th.sortable::after { content: " \\21C5"; color: #999; font-size: 80%; }
</style>
<script>
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length <= 15) return;
    var box = document.createElement("input");
    box.type = "search";
    box.className = "table-filter";
    box.placeholder = "筛选 Filter rows…";
    box.setAttribute("aria-label", "筛选表格 Filter the table");
    table.parentNode.insertBefore(box, table);
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      Array.from(body.rows).forEach(function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
    var headers = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1].cells : [];
    Array.from(headers).forEach(function (header, column) {
      header.classList.add("sortable");
      header.addEventListener("click", function () {
        var ascending = header.dataset.order !== "asc";
        header.dataset.order = ascending ? "asc" : "desc";
        var rows = Array.from(body.rows);
        var key = function (row) {
          var text = row.cells[column] ? row.cells[column].textContent.trim().replace(/\u2212/g, "-") : "";
          var number = parseFloat(text.replace(/[^0-9.+-]/g, ""));
          return /^[≤≥<>≈+−-]?[0-9.]+/.test(text) && !isNaN(number) ? number : text;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
});
</script>
"""


class ReportError(RuntimeError):
    """A notebook could not be executed or rendered; the message names the notebook and cell."""


@dataclass(frozen=True)
class NotebookRun:
    source: Path
    title: str
    html_name: str
    seconds: float
    summary: str = ""  # what the notebook answers, from its first Markdown cell


def notebook_paths(folder: str | Path) -> list[Path]:
    """Notebooks of the report, in name order: ``NN_name.py`` (Jupytext) or ``NN_name.ipynb``."""
    folder = Path(folder)
    chosen: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if _NOTEBOOK_NAME.match(path.name) and (path.suffix == ".py" or path.stem not in chosen):
            chosen[path.stem] = path  # the Jupytext script is the source when both exist
    return [chosen[stem] for stem in sorted(chosen)]


def read_notebook(path: Path):
    """A notebook object from a Jupytext script or an .ipynb file, outputs cleared."""
    import jupytext

    notebook = jupytext.read(path)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def notebook_title(notebook, fallback: str) -> str:
    """The first Markdown heading of a notebook."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def notebook_summary(notebook) -> str:
    """The first line of the first Markdown cell after its heading: what the notebook answers."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            lines = [line.strip().lstrip("-* ").strip() for line in cell.source.splitlines()]
            lines = [line for line in lines if line and not line.startswith("#")]
            return lines[0] if lines else ""
    return ""


def _failed_cell(notebook) -> tuple[int, str, str]:
    """(1-based cell number, first code line, 'ErrorName: message') of the first failed cell."""
    for index, cell in enumerate(notebook.cells, start=1):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if cell.cell_type == "code" and errors:
            first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
            return index, first_line, f"{errors[0].get('ename', 'Error')}: {errors[0].get('evalue', '')}"
    return 0, "", ""


def execute_notebook(notebook, *, path: Path, cwd: Path, failed_dir: Path, timeout: int = 600):
    """Run every cell in a fresh kernel; on an error raise :class:`ReportError` naming the cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        import nbformat

        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{path.stem}.ipynb"
        nbformat.write(notebook, kept)
        index, first_line, reason = _failed_cell(notebook)
        reason = reason or type(error).__name__  # a timeout leaves no error output
        raise ReportError(
            f"{path}: cell {index} of {len(notebook.cells)} failed ({first_line!r}): {reason}; "
            f"the executed notebook is kept in {kept}"
        ) from None
    return notebook


def _image_descriptions(notebook, *, title: str) -> list[str]:
    """Alternative text for every image, in page order: the cell's own ``alt`` metadata
    (``# %% alt="…"`` in a Jupytext notebook), else the first line of the markdown cell after it
    (the figure's caption), else the notebook's title."""
    cells, descriptions = notebook.cells, []
    for index, cell in enumerate(cells):
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if not images:
            continue
        caption = next((c.source for c in cells[index + 1:] if c.cell_type == "markdown"), "")
        caption = next((line.lstrip("# ").strip() for line in caption.splitlines() if line.strip()), "")
        descriptions += [cell.metadata.get("alt") or caption or f"{title}：图表 chart"] * len(images)
    return descriptions


# nbconvert's lab template writes no alt attribute and then puts this placeholder on every image.
_NO_ALT = 'alt="No description has been provided for this image"'


def notebook_html(notebook, *, title: str) -> str:
    """Self-contained HTML of an executed notebook: images embedded, code hidden by default."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    descriptions = iter(_image_descriptions(notebook, title=title))
    body = re.sub(re.escape(_NO_ALT), lambda _: f'alt="{html.escape(next(descriptions, title))}"', body)
    # No page may depend on the network: drop the CDN scripts (require.js, MathJax, mermaid).
    body = re.sub(r"<script[^>]+src=\"https?://[^\"]+\"[^>]*>\s*</script>", "", body)
    body = re.sub(r"<script type=\"module\">(?:(?!</script>).)*cdnjs\.cloudflare\.com(?:(?!</script>).)*</script>",
                  "", body, flags=re.DOTALL)
    body = re.sub(r"<html(?: lang=\"[^\"]*\")?", '<html lang="zh-CN"', body, count=1)  # the pages are Chinese first
    return embed_cjk_font(body.replace("</head>", _HIDE_CODE + _TABLE_TOOLS + "</head>", 1))


_MONOSPACE = "Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'PlanCompare CJK', monospace"


def embed_cjk_font(page: str) -> str:
    """Embed the CJK font, cut down to the characters the page uses, so Chinese text renders on
    any machine (a reader's browser may have no Chinese font); a few hundred KB per page."""
    import base64
    import io

    from fontTools import subset

    from compare.plotting import cjk_font_path

    characters = "".join(sorted({c for c in page if ord(c) > 127}))
    path = cjk_font_path()
    if not characters or path is None:
        return page
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    style = (
        "<style>@font-face { font-family: 'PlanCompare CJK'; "
        f"src: url(data:font/woff;base64,{data}) format('woff'); }}\n"
        "body, .jp-Notebook, .jp-RenderedHTMLCommon, table, td, th, button "
        "{ font-family: 'PlanCompare CJK', 'Noto Sans CJK SC', sans-serif; }\n"
        # Monospace blocks (text outputs, code cells) keep a monospace font for Latin text and
        # take Chinese from the embedded font instead of showing empty boxes.
        f":root {{ --jp-code-font-family: {_MONOSPACE}; }}\n"
        f"pre, code, kbd, samp, .jp-RenderedText pre, .highlight pre, .CodeMirror {{ font-family: {_MONOSPACE} !important; }}"
        "</style>"
    )
    return page.replace("</head>", style + "</head>", 1)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _git_commit(folder: Path | None) -> str:
    """The commit the report was made from (with a note when files differ from it)."""
    import subprocess

    if folder is None:
        return "unknown"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True,
                                timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=folder,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return commit + (" + uncommitted changes" if dirty else "")


def run_record(*, clean_dir: Path, runs: list[NotebookRun], started: dt.datetime, seconds: float,
               checkout: Path | None = None) -> dict:
    """What a reader needs to trust and reproduce the report."""
    from compare.resources import data_path

    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "date": started.isoformat(timespec="seconds"),
        "commit": _git_commit(checkout),
        "python": platform.python_version(),
        "seconds": round(seconds, 1),
        "notebooks": {run.source.name: round(run.seconds, 1) for run in runs},
        "versions": versions,
        "data": {path.name: _digest(path) for path in sorted(clean_dir.glob("*.csv"))},
        "reference_data": {name: _digest(data_path(name)) for name in REFERENCE_FILES},
    }


def index_html(runs: list[NotebookRun], record: dict, *, clean_dir: Path | None = None) -> str:
    """The report's front page: what each notebook answers, key findings computed from the clean
    tables, the documents with their caveats, and the run record (commit, versions, hashes)."""
    links = "\n".join(
        f'<li><a href="{html.escape(run.html_name)}">{html.escape(run.title)}</a> '
        f'<span class="muted">({html.escape(run.source.name)}, {run.seconds:.1f} s)</span>'
        + (f"<br>{html.escape(run.summary)}" if run.summary else "") + "</li>"
        for run in runs
    )
    findings, documents = "", ""
    if clean_dir is not None:
        from compare.loaders import load_documents, load_indicators
        from compare.overview import key_findings

        frame = load_documents(clean_dir)
        findings = "\n".join(f"<li>{html.escape(item)}</li>"
                             for item in key_findings(frame, load_indicators(clean_dir)))
        documents = str(html_table(frame[["city_zh", "title", "issued", "horizon", "completeness", "notes"]],
                                   table_id="documents", caption="纳入的文件及其说明 The documents and their caveats").data)

    def rows(mapping: dict) -> str:
        return "\n".join(
            f"<tr><td>{html.escape(str(k))}</td><td><code>{html.escape(str(v))}</code></td></tr>"
            for k, v in mapping.items()
        )

    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>城市卫生健康规划比较 plancompare report</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  max-width: 920px; margin: 2em auto; padding: 0 1em; line-height: 1.6; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 2px 12px 2px 0; font-size: 14px; text-align: left; }}
caption {{ text-align: left; font-weight: bold; padding: 4px 0; }}
.muted {{ color: #777; font-size: 14px; }}
</style></head>
<body>
<h1>城市卫生健康规划比较<br><small>Comparing Chinese city health plans</small></h1>
<p>本报告由 <code>make report</code> 从 <code>data/raw</code> 中的规划文本自动生成：每个数字都附有其原文出处。
This report is generated by <code>make report</code> from the plan texts in <code>data/raw</code>;
every figure can be traced to the sentence of the plan it came from.</p>
<h2>主要发现 Key findings</h2>
<p class="muted">由数据计算，不是手写的。Computed from the clean tables, not written by hand.</p>
<ul>
{findings}
</ul>
<h2>报告 Reports</h2>
<ol>
{links}
</ol>
<h2>文件 Documents</h2>
{documents}
<h2>运行记录 Run record</h2>
<p class="muted">生成时间 Generated {html.escape(record['date'])} · Python {html.escape(record['python'])} ·
总耗时 total {record['seconds']} s · 代码版本 commit <code>{html.escape(record.get('commit', 'unknown'))}</code></p>
<h3>软件版本 Package versions</h3>
<table>{rows(record['versions'])}</table>
<h3>数据 Clean data (SHA-256, first 16 hex digits)</h3>
<table>{rows(record['data'])}</table>
<h3>参考数据 Reference data: codebook, metric registry, dictionary</h3>
<table>{rows(record['reference_data'])}</table>
</body></html>
"""


@contextlib.contextmanager
def _environment(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_report(
    notebooks_dir: str | Path = "notebooks",
    out_dir: str | Path = "reports",
    *,
    clean_dir: str | Path = "data/clean",
    timeout: int = 600,
) -> list[NotebookRun]:
    """Execute and render every notebook into ``out_dir``; returns what ran.

    All notebooks run before anything in ``out_dir`` is replaced, so a failure leaves the previous
    report whole. The kernels see ``COMPARE_DATA`` = ``clean_dir``.
    """
    notebooks_dir, out_dir, clean_dir = Path(notebooks_dir).resolve(), Path(out_dir), Path(clean_dir).resolve()
    paths = notebook_paths(notebooks_dir)
    if not paths:
        raise ReportError(f"{notebooks_dir}: no notebooks named NN_name.py or NN_name.ipynb")
    if not (clean_dir / "documents.csv").is_file():
        raise ReportError(f"{clean_dir}: no clean data; run 'compare build' first")
    started_at = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    pages: dict[str, str] = {}
    runs: list[NotebookRun] = []
    with _environment(COMPARE_DATA=str(clean_dir), MPLBACKEND="module://matplotlib_inline.backend_inline"):
        for path in paths:
            began = time.perf_counter()
            notebook = read_notebook(path)
            title = notebook_title(notebook, path.stem)
            execute_notebook(notebook, path=path, cwd=notebooks_dir, failed_dir=out_dir / "failed", timeout=timeout)
            html_name = f"{path.stem}.html"
            pages[html_name] = notebook_html(notebook, title=title)
            runs.append(NotebookRun(path, title, html_name, time.perf_counter() - began, notebook_summary(notebook)))
    record = run_record(clean_dir=clean_dir, runs=runs, started=started_at, seconds=time.perf_counter() - started,
                        checkout=notebooks_dir)
    pages["index.html"] = embed_cjk_font(index_html(runs, record, clean_dir=clean_dir))
    pages["run_record.json"] = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    _write_pages(pages, out_dir)
    shutil.rmtree(out_dir / "failed", ignore_errors=True)
    return runs


def _write_pages(pages: dict[str, str], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        for name, text in pages.items():
            (staging / name).write_text(text, encoding="utf-8")
        for name in pages:
            os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def html_table(table, *, table_id: str, caption: str | None = None):
    """A DataFrame as an HTML table for a report: an id (so readers and tests can find it), a
    caption, column headers in words (``data/column_labels.csv``: 中文 English; other snake_case
    names lose their underscores), no row numbers (a named index becomes the first column),
    numbers without noise (whole numbers as integers, at most three decimals, never -0), text
    escaped."""
    from IPython.display import HTML

    markup = report_table(table).to_html(index=False, table_id=table_id, escape=True, border=0, na_rep="")
    if caption:
        markup = markup.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return HTML(markup)


def report_table(table):
    """The table :func:`html_table` shows: labelled columns, the index as a column if it is
    named, numbers formatted as text."""
    import pandas as pd

    if isinstance(table, pd.Series):
        table = table.to_frame()
    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    labels = column_labels()
    shown = pd.DataFrame(index=range(len(table)))
    for position, column in enumerate(table.columns):
        values = table.iloc[:, position].reset_index(drop=True)
        name = " ".join(str(part) for part in column if str(part)) if isinstance(column, tuple) else str(column)
        label = labels.get(name) or (name.replace("_", " ") if re.fullmatch(r"[a-z0-9_]+", name) else name)
        shown[label if label not in shown.columns else f"{label} ({position})"] = (
            values.map(_number_text) if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
            else values)
    return shown


def _number_text(value) -> str:
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)) or value is __import__("pandas").NA:
        return ""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def column_labels() -> dict[str, str]:
    """snake_case column → "中文 English" header, from ``data/column_labels.csv``."""
    import csv

    from compare.resources import data_path

    with open(data_path("column_labels.csv"), encoding="utf-8", newline="") as handle:
        return {row["column"]: row["label"] for row in csv.DictReader(handle)}
