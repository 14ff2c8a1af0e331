"""compare build: manifest validation, CLI errors, atomic writes, determinism, cache."""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN, PANZHIHUA, RAW, SEED_IDS

from compare import PlanInputError, build, read_manifest
from compare.cli import main
from compare.corpus import TABLE_FILES


def _manifest_lines(raw_dir: Path) -> list[str]:
    return (raw_dir / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)


def _write_manifest(raw_dir: Path, lines: list[str]) -> None:
    (raw_dir / "manifest.csv").write_text("".join(lines), encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_manifest_describes_every_seed_plan():
    manifest = read_manifest(RAW)
    assert sorted(manifest["doc_id"]) == sorted(SEED_IDS)
    assert set(manifest["city"]) == {"Cixi", "Jiaxing", "Panzhihua"}
    panzhihua = manifest.set_index("doc_id").loc[PANZHIHUA]
    assert (panzhihua["doc_type"], panzhihua["issued"], panzhihua["horizon"]) == ("five_year_plan", "2022-01-07", "2025")


def test_committed_clean_data_is_exactly_what_raw_builds(tmp_path, segment_cache):
    """data/clean can never go stale: a rebuild from data/raw gives the same bytes."""
    build(RAW, tmp_path / "clean", cache_dir=segment_cache)
    for name in TABLE_FILES:
        assert filecmp.cmp(CLEAN / name, tmp_path / "clean" / name, shallow=False), (
            f"data/clean/{name} is stale: run 'make build' and commit data/clean"
        )


def test_rebuild_is_byte_identical_and_uses_the_cache(tmp_path, segment_cache):
    first = build(RAW, tmp_path / "a", cache_dir=segment_cache)
    second = build(RAW, tmp_path / "b", cache_dir=segment_cache)
    assert sorted(first.segmented) == sorted(SEED_IDS) and not first.cached
    assert sorted(second.cached) == sorted(SEED_IDS) and not second.segmented
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    build(RAW, tmp_path / "c", use_cache=False)
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "c")


def test_changing_one_plan_resegments_only_that_plan(raw_copy, tmp_path, segment_cache):
    build(raw_copy, tmp_path / "clean", cache_dir=segment_cache)
    plan = raw_copy / f"{PANZHIHUA}.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n新增一段：到2025年，健康素养水平达到30%。\n", encoding="utf-8")
    report = build(raw_copy, tmp_path / "clean", cache_dir=segment_cache)
    assert report.segmented == [PANZHIHUA]
    assert len(report.cached) == len(SEED_IDS) - 1


def test_a_new_plan_needs_only_a_file_and_a_manifest_row(raw_copy, tmp_path, segment_cache):
    (raw_copy / "demo-2023-plan.txt").write_text(
        "一、总体目标\n到2025年，人均预期寿命达到80岁。\n", encoding="gb18030"
    )
    lines = _manifest_lines(raw_copy)
    lines.append("demo-2023-plan,demo-2023-plan.txt,示例市,Demo,Zhejiang,prefecture_level_city,other,示例规划,,2023,2025,,,full\n")
    _write_manifest(raw_copy, lines)
    build(raw_copy, tmp_path / "clean", cache_dir=segment_cache)
    from compare import load_documents, load_paragraphs

    documents = load_documents(tmp_path / "clean").set_index("doc_id")
    assert documents.loc["demo-2023-plan", "encoding"] == "gb18030"
    paragraphs = load_paragraphs(tmp_path / "clean")
    demo = paragraphs[paragraphs["doc_id"] == "demo-2023-plan"]
    assert demo["heading_path"].tolist() == ["一、总体目标", "一、总体目标"]


def test_a_manifest_without_completeness_means_full_texts(raw_copy, tmp_path, segment_cache):
    lines = [line.rstrip("\r\n").rsplit(",", 1)[0] + "\n" for line in _manifest_lines(raw_copy)]
    assert lines[0].endswith(",notes\n")
    _write_manifest(raw_copy, lines)
    build(raw_copy, tmp_path / "clean", cache_dir=segment_cache)
    from compare import load_documents

    assert set(load_documents(tmp_path / "clean")["completeness"]) == {"full"}
    assert set(load_documents(CLEAN)["completeness"]) == {"full", "excerpt", "missing_annex"}


def _break(raw_dir: Path, case: str) -> tuple[str, str]:
    """Damage a copy of data/raw; returns (text the message must contain, path it must name)."""
    lines = _manifest_lines(raw_dir)
    manifest = str(raw_dir / "manifest.csv")
    if case == "missing_file":
        os.remove(raw_dir / f"{PANZHIHUA}.txt")
        line = next(i for i, text in enumerate(lines, 1) if text.startswith(PANZHIHUA))
        return f"{manifest}:{line}: file '{PANZHIHUA}.txt' of '{PANZHIHUA}' not found", manifest
    if case == "duplicate_doc_id":
        lines.append(lines[1])
        _write_manifest(raw_dir, lines)
        return f"{manifest}:{len(lines)}: duplicate doc_id", manifest
    if case == "file_without_row":
        (raw_dir / "extra plan 新.txt").write_text("到2025年，婴儿死亡率控制在5‰以下。", encoding="utf-8")
        path = str(raw_dir / "extra plan 新.txt")
        return f"{path}: plan file has no row", path
    if case == "row_without_file":
        lines[2] = lines[2].replace(lines[2].split(",")[1], "", 1)
        _write_manifest(raw_dir, lines)
        return f"{manifest}:3: row ", manifest
    if case == "bad_date":
        lines[1] = lines[1].replace("2020-10-29", "2020-13-45")
        _write_manifest(raw_dir, lines)
        return f"{manifest}:2: issued '2020-13-45' is not YYYY or YYYY-MM-DD", manifest
    if case == "outside_raw":
        lines[1] = lines[1].replace("cixi-2020-health-action-plan.txt", "../../etc/passwd", 1)
        _write_manifest(raw_dir, lines)
        return f"{manifest}:2: file '../../etc/passwd' lies outside", manifest
    if case == "missing_manifest":
        os.remove(raw_dir / "manifest.csv")
        return f"{manifest}: manifest not found", manifest
    if case == "empty_plan":
        (raw_dir / f"{PANZHIHUA}.txt").write_bytes(b"")
        path = str(raw_dir / f"{PANZHIHUA}.txt")
        return f"{path}: file is empty", path
    raise AssertionError(case)


CASES = ["missing_file", "duplicate_doc_id", "file_without_row", "row_without_file", "bad_date",
         "outside_raw", "missing_manifest", "empty_plan"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_a_clear_error_and_leaves_clean_data_untouched(raw_copy, tmp_path, capsys, case):
    clean = tmp_path / "clean"
    assert main(["build", "--raw", str(raw_copy), "--clean", str(clean), "-q", "--no-cache"]) == 0
    before = _snapshot(clean)
    expected, named = _break(raw_copy, case)
    capsys.readouterr()
    status = main(["build", "--raw", str(raw_copy), "--clean", str(clean), "-q", "--no-cache"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("compare: error: ") and expected in err and named in err
    assert err.count("\n") == 1, "one line"
    assert _snapshot(clean) == before, "previous data/clean must be left as it was"


def test_failed_first_build_writes_nothing(raw_copy, tmp_path):
    _break(raw_copy, "duplicate_doc_id")
    with pytest.raises(PlanInputError):
        build(raw_copy, tmp_path / "clean", use_cache=False)
    assert not (tmp_path / "clean").exists() or not any((tmp_path / "clean").iterdir())


def test_python_dash_m_and_segment_command(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("一、加强医共体建设\n推进县域医共体和家庭医生签约服务。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "compare", "segment", str(plan)],
        capture_output=True, text=True, check=True,
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "医共体" in lines[0].split(" ") and "家庭医生" in lines[1].split(" ")
    missing = subprocess.run([sys.executable, "-m", "compare", "segment", str(tmp_path / "no.txt")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "no.txt: file not found" in missing.stderr
    assert missing.stdout == ""


def test_parallel_build_gives_the_same_bytes(tmp_path, segment_cache):
    report = build(RAW, tmp_path / "clean", cache_dir=segment_cache, jobs=2)
    assert sorted(report.segmented) == sorted(SEED_IDS)
    for name in TABLE_FILES:
        assert filecmp.cmp(CLEAN / name, tmp_path / "clean" / name, shallow=False), name


def test_jobs_option_on_the_command_line(raw_copy, tmp_path):
    assert main(["build", "--raw", str(raw_copy), "--clean", str(tmp_path / "c"), "-q", "--no-cache", "-j", "2"]) == 0
    assert (tmp_path / "c" / "themes.csv").read_bytes() == (CLEAN / "themes.csv").read_bytes()


def test_two_rows_naming_one_file_are_refused(raw_copy):
    lines = _manifest_lines(raw_copy)
    duplicate = lines[1].replace("cixi-2020-health-action-plan,", "cixi-copy,", 1)
    _write_manifest(raw_copy, [*lines, duplicate])
    with pytest.raises(PlanInputError, match=rf":{len(lines) + 1}: file 'cixi-2020-health-action-plan.txt' is already the plan of 'cixi-2020-health-action-plan' \(line 2\)"):
        read_manifest(raw_copy)
