"""The notebooks execute on the real data and render to self-contained HTML."""

import json
import re

import pytest
from conftest import CLEAN

from compare.report import ReportError, build_report, notebook_paths

NOTEBOOKS = ["01_corpus_overview", "02_indicator_alignment", "03_thematic_emphasis", "04_use_the_library",
             "05_policy_instruments"]
MIN_IMAGES = {"01_corpus_overview": 1, "02_indicator_alignment": 2, "03_thematic_emphasis": 3, "05_policy_instruments": 2}


def test_every_notebook_runs_and_renders(built_report):
    out, runs = built_report
    assert [run.source.stem for run in runs] == NOTEBOOKS
    for name in NOTEBOOKS:
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "Traceback" not in page and "jp-OutputArea-output" in page, name
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page, f"{name} printed warnings or errors"
        assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"https?://", page), f"{name} needs the network"
        images = len(re.findall(r"src=\"data:image/png;base64,", page))
        assert images >= MIN_IMAGES.get(name, 0), f"{name}: {images} embedded images"
        assert "@font-face" in page  # Chinese text renders without a system CJK font
        # Tables read as a publication: a caption each, headers in words, no row numbers, no -0.
        tables = re.findall(r"<table.*?</table>", page, flags=re.DOTALL)
        assert all("<caption>" in table for table in tables), f"{name}: a table without a caption"
        headers = re.findall(r"<th[^>]*>(.*?)</th>", page, flags=re.DOTALL)
        assert not [h for h in headers if re.fullmatch(r"\s*[a-z0-9_]*\s*", h)], f"{name}: snake_case or empty headers"
        assert not re.search(r">-0(?:\.0+)?<", page), f"{name}: a negative zero"
        alts = re.findall(r"<img[^>]*?alt=\"([^\"]*)\"", page)
        assert len(alts) == images and "No description" not in page, f"{name}: images without alt text"


def test_headline_table_is_in_the_alignment_report(built_report):
    out, _ = built_report
    page = (out / "02_indicator_alignment.html").read_text(encoding="utf-8")
    table = re.search(r"<table[^>]*id=\"headline-table\".*?</table>", page, flags=re.DOTALL)
    assert table, "headline table missing"
    # Panzhihua's life expectancy: a better level than the nation's in 2025 (+0.57), a slower pace (−0.068/yr).
    assert "人均预期寿命" in table.group() and "79.5 (2025)" in table.group() and "+0.57" in table.group()
    assert "−0.068" in table.group() and "更积极" not in table.group()
    sources = re.search(r"<table[^>]*id=\"headline-sources\".*?</table>", page, flags=re.DOTALL)
    assert sources and "国办发〔2022〕11号" in sources.group() and "推算 derived" in sources.group()
    assert 'id="evidence-table"' in page and "从2015年的77.87岁提高到2020年的78.84岁" in page


def test_index_links_reports_and_records_the_run(built_report):
    out, _ = built_report
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in index
    record = json.loads((out / "run_record.json").read_text(encoding="utf-8"))
    assert record["versions"]["jieba"] and record["versions"]["plancompare"]
    assert set(record["data"]) >= {"indicators.csv", "themes.csv", "paragraphs.csv"}
    assert set(record["reference_data"]) >= {"metrics.csv", "national_benchmarks.csv", "themes.csv", "userdict.txt"}
    assert record["data"]["indicators.csv"] in index
    # The front page: findings computed from the data, what each report answers, the documents'
    # caveats, and the commit the report was made from.
    assert "主要发现 Key findings" in index and "5 documents from 3 cities; 3 are incomplete texts" in index
    assert "faster than the nation" in index and 'id="documents"' in index and "missing_annex" in index
    assert record["commit"] and record["commit"] in index
    assert "The headline comparison" in index or "核心比较" in index


def _notebook(folder, name, code):
    (folder / f"{name}.py").write_text(
        f"# %% [markdown]\n# # {name}\n\n# %%\nx = 1\n\n# %%\n{code}\n", encoding="utf-8"
    )


def test_failing_cell_names_notebook_and_cell_and_keeps_previous_report(tmp_path):
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    notebooks.mkdir()
    out.mkdir()
    (out / "index.html").write_text("previous report", encoding="utf-8")
    _notebook(notebooks, "01_fine", "print(x)")
    _notebook(notebooks, "02_broken", "raise ValueError('no such metric')")
    with pytest.raises(ReportError) as caught:
        build_report(notebooks, out, clean_dir=CLEAN)
    message = str(caught.value)
    assert "02_broken.py: cell 3 of 3 failed" in message and "ValueError: no such metric" in message
    assert (out / "failed" / "02_broken.ipynb").is_file()
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
    assert not (out / "01_fine.html").exists()


def test_notebooks_are_stored_without_outputs_and_have_a_parameters_cell():
    from conftest import REPO

    from compare.report import read_notebook

    for path in notebook_paths(REPO / "notebooks"):
        assert path.suffix == ".py", "notebooks are Jupytext scripts: no outputs can be committed"
        notebook = read_notebook(path)
        assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
        assert "parameters" in notebook.cells[1].metadata.get("tags", []), path.name
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert len(cell.source.splitlines()) <= 15, f"{path.name}: a cell longer than 15 lines"
