"""Bad input: a clear one-line error, nothing lost, data/raw never written.

A catalogue of damaged corpora, each run through the CLI (``compare build``) on a copy of
data/raw: every error is one line ``compare: error: PATH[:LINE]: problem`` naming the file (and
the manifest line where there is one), the exit status is 1, the previous clean tables are left
byte for byte, and no raw file is ever modified (every raw file is hashed before and after each
build). Inputs that look odd but are fine (a file name with spaces and Chinese characters, a
plan without a single number, a manifest saved by Excel as GBK) must build.

tests/test_corpus.py already checks the message and the clean snapshot for a missing plan file or
manifest, a duplicate doc_id, a row without a file, a file without a row (named with spaces and
Chinese characters), a bad date, ``../`` out of data/raw and an empty plan; here those cases are
only checked for leaving data/raw alone. The last test renders a report from a plan whose text
holds HTML markup and checks that the markup is shown as text.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CIXI_ACTION, CLEAN, PANZHIHUA, RAW, REPO
from test_corpus import CASES as CORPUS_CASES
from test_corpus import _break as corpus_break

import compare
from compare import build, load_documents, load_indicators, load_paragraphs
from compare.cli import main

MANIFEST = "manifest.csv"


# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture(scope="session")
def segment_cache_dir(tmp_path_factory) -> Path:
    """One segmentation cache for the whole file: each build segments only what changed."""
    return tmp_path_factory.mktemp("segments")


@pytest.fixture(autouse=True)
def _shared_cache(monkeypatch, segment_cache_dir):
    monkeypatch.setenv("COMPARE_CACHE", str(segment_cache_dir))


@pytest.fixture(scope="session")
def baseline_clean(tmp_path_factory, segment_cache_dir) -> Path:
    """data/clean as built from the seed corpus (built once, copied into each test)."""
    out = tmp_path_factory.mktemp("baseline") / "clean"
    build(RAW, out, cache_dir=segment_cache_dir)
    return out


@dataclass
class Corpus:
    raw: Path
    clean: Path

    @property
    def manifest(self) -> Path:
        return self.raw / MANIFEST

    def lines(self) -> list[str]:
        return self.manifest.read_text(encoding="utf-8").splitlines(keepends=True)

    def write_lines(self, lines: list[str]) -> None:
        self.manifest.write_text("".join(lines), encoding="utf-8")

    def line_of(self, doc_id: str) -> int:
        return next(number for number, text in enumerate(self.lines(), 1) if text.startswith(doc_id + ","))

    def add_plan(self, file: str, text: str, *, doc_id: str, title: str = "示例规划", city_zh: str = "示例市",
                 city: str = "Demo", encoding: str = "utf-8") -> Path:
        """A new plan file and its manifest row."""
        path = self.raw / file
        path.write_text(text, encoding=encoding)
        row = f"{doc_id},{file},{city_zh},{city},Zhejiang,prefecture_level_city,other,{title},,2023,2025,,,full\n"
        self.write_lines([*self.lines(), row])
        return path


@pytest.fixture
def corpus(raw_copy, tmp_path, baseline_clean) -> Corpus:
    """A copy of data/raw and, next to it, the clean tables a previous build left."""
    clean = tmp_path / "clean"
    shutil.copytree(baseline_clean, clean)
    return Corpus(raw_copy, clean)


def _hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (following links), by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(argv: list[str], capsys, *, raw: Path | None = None) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``compare ARGV``; with ``raw``, no raw file may change."""
    before = _hashes(raw) if raw is not None else None
    capsys.readouterr()
    status = main(argv)
    captured = capsys.readouterr()
    if raw is not None:
        assert _hashes(raw) == before, "the build modified a file in data/raw"
    return status, captured.out, captured.err


def build_cli(corpus: Corpus, capsys) -> tuple[int, str]:
    status, _, err = run_cli(["build", "--raw", str(corpus.raw), "--clean", str(corpus.clean), "-q"], capsys,
                             raw=corpus.raw)
    return status, err


def assert_one_line_error(status: int, err: str, *expected: str) -> None:
    assert status == 1, err
    assert err.startswith("compare: error: ") and err.count("\n") == 1 and err.endswith("\n"), err
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"


def assert_refused(corpus: Corpus, capsys, *expected: str) -> None:
    """The build fails with one line containing ``expected`` and leaves data/clean as it was."""
    before = _snapshot(corpus.clean)
    status, err = build_cli(corpus, capsys)
    assert_one_line_error(status, err, *expected)
    assert _snapshot(corpus.clean) == before, "a failed build changed data/clean"


def assert_builds(corpus: Corpus, capsys) -> None:
    status, err = build_cli(corpus, capsys)
    assert status == 0 and err == "", err


# --- bad plan files --------------------------------------------------------------------------

# name -> (bytes of the plan, what the message says after "PATH")
BAD_PLANS = {
    "binary_with_nul_bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", ": file is binary"),
    "binary_control_characters": ("一、目标\n正文。\n".encode() + b"\x01\x02\x03\x04PK", ":3: file looks binary"),
    "undecodable_bytes": ("一、目标\n到2025年，\n".encode() + b"\xff\xfe\xfd" + "达到80岁。\n".encode(),
                          ":3: cannot decode byte 0xff at offset"),
    "white_space_only": (b" \r\n\t\n \n", ": file is empty"),
    "only_page_furniture": ("首页 > 政务公开 > 文件通知\n打印本页\n关闭窗口\n".encode(), ": no plan text left"),
    # Notepad's "empty" UTF-8 file (only a byte order mark) and full-width spaces only: today these
    # say "no plan text left after removing page furniture"; any one line naming the file will do.
    "byte_order_mark_only": (b"\xef\xbb\xbf", ": "),
    "full_width_spaces_only": ("\u3000\u3000\n\u3000\n".encode(), ": "),
}


@pytest.mark.parametrize("case", BAD_PLANS)
def test_a_bad_plan_file_is_refused(corpus, capsys, case):
    data, message = BAD_PLANS[case]
    path = corpus.raw / f"{PANZHIHUA}.txt"
    path.write_bytes(data)
    assert_refused(corpus, capsys, f"{path}{message}")


@pytest.mark.parametrize("command", ["segment", "extract", "themes"])
@pytest.mark.parametrize("case", [*BAD_PLANS, "folder"])
def test_file_commands_refuse_a_bad_plan_before_printing(tmp_path, capsys, command, case):
    good = tmp_path / "good.txt"
    good.write_text("一、目标\n到2025年，人均预期寿命达到80岁。\n", encoding="utf-8")
    bad = tmp_path / "bad plan 坏.txt"
    if case == "folder":
        bad.mkdir()
        message = ": is a folder"
    else:
        data, message = BAD_PLANS[case]
        bad.write_bytes(data)
    status, out, err = run_cli([command, str(good), str(bad)], capsys)
    assert_one_line_error(status, err, f"{bad}{message}")
    assert out == "", "nothing is printed for the good file when another one is bad"


# --- bad manifests ---------------------------------------------------------------------------


def _replace_in_line(corpus: Corpus, number: int, old: str, new: str) -> None:
    lines = corpus.lines()
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    corpus.write_lines(lines)


def test_a_row_with_too_few_fields_names_its_line(corpus, capsys):
    lines = corpus.lines()
    corpus.write_lines([*lines, "extra-plan,extra.txt,示例市\n"])
    assert_refused(corpus, capsys, f"{corpus.manifest}:{len(lines) + 1}: expected 14 fields, found 3")


def test_an_unquoted_comma_gives_too_many_fields(corpus, capsys):
    line = corpus.line_of(CIXI_ACTION)
    _replace_in_line(corpus, line, "推进健康慈溪行动实施方案", "推进健康慈溪行动,实施方案")
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: expected 14 fields, found 15")


@pytest.mark.parametrize("issued", ["2020/10/29", "2020-02-30", "20201029", "2020-1-5", "二〇二〇年"])
def test_other_bad_dates_name_the_line(corpus, capsys, issued):
    line = corpus.line_of(CIXI_ACTION)
    _replace_in_line(corpus, line, "2020-10-29", issued)
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: issued '{issued}' is not YYYY or YYYY-MM-DD")


def test_a_bad_horizon_names_the_line(corpus, capsys):
    line = corpus.line_of(PANZHIHUA)
    _replace_in_line(corpus, line, ",2022-01-07,2025,", ",2022-01-07,2025年,")
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: horizon '2025年' is not a four-digit year")


def test_an_unknown_completeness_names_the_line(corpus, capsys):
    line = corpus.line_of(PANZHIHUA)
    lines = corpus.lines()
    lines[line - 1] = lines[line - 1].rstrip("\n").rsplit(",", 1)[0] + ",half\n"
    corpus.write_lines(lines)
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: completeness 'half' is not one of full, excerpt")


@pytest.mark.parametrize(
    ("case", "old", "new", "message"),
    [
        ("doc_type", ",action_plan,", ",行动方案,", "doc_type '行动方案' is not one of"),
        ("doc_id", f"{CIXI_ACTION},", "慈溪行动方案,", "doc_id '慈溪行动方案' must be ASCII"),
        ("absolute_path", f",{CIXI_ACTION}.txt,", ",/etc/passwd,", "file '/etc/passwd' lies outside"),
    ],
)
def test_a_bad_cell_names_the_line(corpus, capsys, case, old, new, message):
    line = corpus.line_of(CIXI_ACTION)
    _replace_in_line(corpus, line, old, new)
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: {message}")


def test_a_link_out_of_data_raw_is_refused(corpus, capsys, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "plan.txt").write_text("一、目标\n到2025年，人均预期寿命达到80岁。\n", encoding="utf-8")
    try:
        os.symlink(outside / "plan.txt", corpus.raw / "linked plan.txt")
    except OSError:
        pytest.skip("symbolic links are not available here")
    line = corpus.line_of(CIXI_ACTION)
    _replace_in_line(corpus, line, f",{CIXI_ACTION}.txt,", ",linked plan.txt,")
    os.remove(corpus.raw / f"{CIXI_ACTION}.txt")
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: file 'linked plan.txt' lies outside")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("header_only", ": manifest has no documents"),
        ("missing_column", ":1: missing column(s): doc_type"),
        ("zero_bytes", ": file is empty"),
        ("saved_as_xlsx", ": file is binary"),
    ],
)
def test_a_broken_manifest_is_refused(corpus, capsys, case, message):
    lines = corpus.lines()
    if case == "header_only":
        corpus.write_lines(lines[:1])
    elif case == "missing_column":
        corpus.write_lines([lines[0].replace("doc_type,", "", 1), *lines[1:]])
    elif case == "zero_bytes":
        corpus.manifest.write_bytes(b"")
    else:  # an Excel workbook renamed manifest.csv: a zip archive
        corpus.manifest.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")
    assert_refused(corpus, capsys, f"{corpus.manifest}{message}")


def test_a_row_spanning_two_lines_is_named_by_its_first_line(corpus, capsys):
    line = corpus.line_of(CIXI_ACTION)
    _replace_in_line(corpus, line, '"慈政发〔2020〕34号;', '"慈政发〔2020〕34号;\n30 special actions;')
    _replace_in_line(corpus, line, "2020-10-29", "2020-13-01")
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: issued '2020-13-01'")


def test_a_file_name_too_long_for_the_file_system_is_a_clear_error(corpus, capsys):
    name = "长" * 100 + ".txt"  # 304 bytes in UTF-8: longer than any file system allows
    lines = corpus.lines()
    row = f"too-long,{name},示例市,Demo,Zhejiang,prefecture_level_city,other,示例规划,,2023,2025,,,full\n"
    corpus.write_lines([*lines, row])
    assert_refused(corpus, capsys, f"{corpus.manifest}:{len(lines) + 1}: ", name)


@pytest.mark.parametrize("case", CORPUS_CASES)
def test_failed_builds_of_test_corpus_cases_leave_data_raw_alone(corpus, capsys, case):
    """The damaged corpora of tests/test_corpus.py: there the message, here data/raw unchanged."""
    corpus_break(corpus.raw, case)
    status, err = build_cli(corpus, capsys)  # asserts that no raw file changed
    assert status == 1 and err.startswith("compare: error: ")


# --- odd but fine ----------------------------------------------------------------------------


def test_a_file_name_with_spaces_and_chinese_characters_builds(corpus, capsys):
    name = "示例市 卫生健康规划（2023 版）.txt"
    corpus.add_plan(name, "一、总体目标\n到2025年，人均预期寿命达到80岁。\n", doc_id="demo-2023-plan")
    assert_builds(corpus, capsys)
    documents = load_documents(corpus.clean).set_index("doc_id")
    assert documents.loc["demo-2023-plan", "file"] == name
    facts = load_indicators(corpus.clean)
    demo = facts[facts["doc_id"] == "demo-2023-plan"]
    assert [(m, v) for m, v in zip(demo["metric_id"], demo["value"], strict=True)] == [("life_expectancy", 80.0)]
    status, out, err = run_cli(["extract", str(corpus.raw / name)], capsys, raw=corpus.raw)
    assert status == 0 and "life_expectancy" in out and err == ""


def test_a_plan_without_numbers_builds_with_no_indicator_rows(corpus, capsys):
    text = (
        "一、总体要求\n坚持以人民健康为中心，推进健康城市建设，完善公共卫生服务体系。\n"
        "二、主要任务\n加强县域医共体建设，推进家庭医生签约服务，发展中医药事业。\n"
    )
    corpus.add_plan("no-numbers.txt", text, doc_id="demo-no-numbers")
    assert_builds(corpus, capsys)
    assert (load_paragraphs(corpus.clean)["doc_id"] == "demo-no-numbers").sum() == 4
    assert not (load_indicators(corpus.clean)["doc_id"] == "demo-no-numbers").any()
    themes = (corpus.clean / "themes.csv").read_text(encoding="utf-8")
    assert "demo-no-numbers," in themes


@pytest.mark.parametrize(("encoding", "bom"), [("gbk", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_a_manifest_saved_by_excel_builds_the_same_tables(corpus, capsys, baseline_clean, encoding, bom):
    """Excel's "CSV" is GBK on a Chinese Windows ("CSV UTF-8" adds a BOM), with CRLF line ends."""
    text = corpus.manifest.read_text(encoding="utf-8")
    corpus.manifest.write_bytes(bom + text.replace("\n", "\r\n").encode(encoding))
    shutil.rmtree(corpus.clean)
    assert_builds(corpus, capsys)
    assert _snapshot(corpus.clean) == _snapshot(baseline_clean)


@pytest.mark.parametrize("variant", ["spaces after commas", "BOM, CRLF, trailing spaces", "UTF-16 with tabs"])
def test_manifests_as_spreadsheets_write_them_build_the_same_tables(corpus, capsys, baseline_clean, variant):
    lines = corpus.manifest.read_text(encoding="utf-8").splitlines()
    if variant == "spaces after commas":
        content = "\n".join([lines[0].replace(",", ", "), *lines[1:]]).encode("utf-8") + b"\n"
    elif variant == "BOM, CRLF, trailing spaces":
        content = b"\xef\xbb\xbf" + "\r\n".join([lines[0] + "  ", *lines[1:]]).encode("utf-8") + b"\r\n"
    else:  # Excel's "Unicode Text": UTF-16 with a BOM, cells separated by tabs
        rows = list(csv.reader(lines))
        content = "\r\n".join("\t".join(row) for row in rows).encode("utf-16")
    corpus.manifest.write_bytes(content)
    shutil.rmtree(corpus.clean)
    assert_builds(corpus, capsys)
    assert _snapshot(corpus.clean) == _snapshot(baseline_clean)


@pytest.mark.parametrize(("dates", "message"), [
    ((",2022-01-07,2025,2020,", ",2099,1999,2020,"), "issued 2099 is after the horizon 1999"),
    ((",2022-01-07,2025,2020,", ",2022-01-07,2025,2026,"), "horizon 2025 is before the baseline year 2026"),
])
def test_impossible_dates_name_the_line(corpus, capsys, dates, message):
    line = corpus.line_of(PANZHIHUA)
    _replace_in_line(corpus, line, *dates)
    assert_refused(corpus, capsys, f"{corpus.manifest}:{line}: {message}")


# --- markup in plan text is shown as text in the report ----------------------------------------

HOSTILE_PLAN = (
    "首页 > 政务公开 > <b>通知公告</b>\n"
    "一、总体目标\n"
    '到2025年，人均预期寿命达到80岁，<script>alert("x")</script>。\n'
    "到2025年，每千常住人口执业（助理）医师数达到3.5人，<b>粗体</b>。\n"
    "推进家庭医生签约服务<img src=x onerror=alert(1)>，加强公共卫生体系建设。\n"
)
LIVE_MARKUP = re.compile(r"<script>alert|<b>粗体|<b>通知公告|<img src=x|<i>示例")


def test_report_shows_markup_in_plan_text_as_text(tmp_path, segment_cache_dir):
    from compare.report import build_report

    raw = tmp_path / "raw"
    raw.mkdir()
    lines = (RAW / MANIFEST).read_text(encoding="utf-8").splitlines(keepends=True)
    shutil.copy(RAW / f"{CIXI_ACTION}.txt", raw)
    corpus = Corpus(raw, tmp_path / "clean")
    corpus.write_lines([lines[0], next(line for line in lines if line.startswith(CIXI_ACTION + ","))])
    corpus.add_plan("markup.txt", HOSTILE_PLAN, doc_id="demo-markup", city_zh="<i>示例市</i>",
                    title="<i>示例</i>规划")
    build(raw, corpus.clean, cache_dir=segment_cache_dir)
    facts = load_indicators(corpus.clean)
    assert {"life_expectancy", "doctors_per_1000"} <= set(facts.loc[facts["doc_id"] == "demo-markup", "metric_id"])

    out = tmp_path / "report"
    build_report(REPO / "notebooks", out, clean_dir=corpus.clean)
    pages = {path.name: path.read_text(encoding="utf-8") for path in sorted(out.glob("*.html"))}
    assert pages
    for name, page in pages.items():
        live = LIVE_MARKUP.search(page)
        assert live is None, f"{name}: plan text rendered as live HTML: {page[live.start() - 80 : live.end() + 80]!r}"
    alignment = pages["02_indicator_alignment.html"]
    assert "&lt;script&gt;alert(" in alignment, "the evidence sentence is shown, markup as text"
    assert "&lt;b&gt;粗体&lt;/b&gt;" in alignment and "&lt;i&gt;示例市&lt;/i&gt;" in alignment, "plan names too"


# --- library calls with the wrong type say what they expected ------------------------------------


@pytest.mark.parametrize(("call", "message"), [
    (lambda: compare.read_plan(b"plan text"), "path must be a file path"),
    (lambda: compare.segment(None), "text must be a string, not NoneType"),
    (lambda: compare.extract_indicators("到2025年，人均预期寿命达到80岁。"), "plan must be a CleanPlan"),
    (lambda: compare.theme_shares([]), "coded must be the DataFrame of compare.code_paragraphs, not list"),
    (lambda: compare.remove_stopwords("一个字符串"), "not a string: a string would be read character by character"),
    (lambda: compare.align_metrics(compare.load_indicators(CLEAN), compare.load_documents(CLEAN),
                                   metrics="life_expectancy"), "must be lists of ids"),
])
def test_library_calls_with_the_wrong_type_say_what_they_expected(call, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        call()


def test_a_plan_without_chinese_text_gets_a_warning_naming_it(corpus, capsys):
    corpus.add_plan("english.txt", "Health plan of a city.\nLife expectancy will reach 80 years by 2025.\n",
                    doc_id="demo-english")
    status, err = build_cli(corpus, capsys)
    assert status == 0 and f"compare build: warning: {corpus.raw / 'english.txt'}: no Chinese text" in err


def test_a_plan_saved_as_one_line_that_starts_with_a_metadata_label_is_kept(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("索引号：11330000/2022-1 " + "到2025年，人均预期寿命达到80岁，婴儿死亡率控制在5‰以下。" * 20,
                    encoding="utf-8")
    facts = compare.extract_indicators(compare.read_plan(path))
    assert {"life_expectancy", "infant_mortality"} <= set(facts["metric_id"])


@pytest.mark.parametrize("content", ["健康促进 10 n\n".encode("gbk"), b"\x00\x01binary"])
def test_a_user_dictionary_that_is_not_utf8_is_a_clear_error(tmp_path, capsys, content):
    userdict = tmp_path / "userdict.txt"
    userdict.write_bytes(content)
    plan = tmp_path / "plan.txt"
    plan.write_text("到2025年，人均预期寿命达到80岁。", encoding="utf-8")
    status = main(["segment", str(plan), "--userdict", str(userdict)])
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith(f"compare: error: {userdict}") and err.count("\n") == 1 and "Traceback" not in err


def test_an_unknown_segmenter_backend_is_a_clear_error(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("到2025年，人均预期寿命达到80岁。", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "compare", "segment", str(plan)], capture_output=True, text=True,
                            env={**os.environ, "COMPARE_SEGMENTER": "bogus"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == ("compare: error: COMPARE_SEGMENTER: unknown segmenter backend 'bogus'; "
                             "choose one of jieba_next, jieba or auto\n")


# --- bounded inputs ---------------------------------------------------------------------------


def test_a_device_is_refused_before_anything_is_read():
    with pytest.raises(compare.PlanInputError, match="/dev/zero: is not a regular file"):
        compare.read_plan("/dev/zero")


def test_a_decompression_bomb_docx_is_refused_before_it_is_unpacked(tmp_path):
    import resource
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as part:
            for _ in range(500):
                part.write(b"<w:p/>" * 100_000)  # 300 MB of XML in a file of about 0.4 MB
    assert bomb.stat().st_size < 1_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(compare.PlanInputError, match=r"bomb.docx: unpacks to 300.0 MB, more than the 20 MB limit"):
        compare.read_plan(bomb)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB: nothing was unpacked


def test_a_text_file_over_the_limit_is_refused_within_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPARE_MAX_BYTES", "1000")
    plan = tmp_path / "long.txt"
    plan.write_text("到2025年，人均预期寿命达到80岁。" * 100, encoding="utf-8")
    with pytest.raises(compare.PlanInputError, match="larger than the 0.001 MB limit"):
        compare.read_plan(plan)
