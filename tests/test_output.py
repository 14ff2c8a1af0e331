"""data/clean is replaced all or nothing, whatever stops a build and whichever builds run at once."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RAW

from compare import PlanInputError, build, load_indicators
from compare.corpus import TABLE_FILES
from compare.output import STAMP_NAME, recover, write_folder

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from scale import make_corpus  # noqa: E402

FILES = (*TABLE_FILES, STAMP_NAME)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES if (folder / name).exists()}


def leftovers(clean: Path) -> list[str]:
    return sorted(p.name for p in clean.parent.iterdir() if ".staging-" in p.name or ".old-" in p.name)


def test_a_table_of_another_build_is_refused_by_the_loaders(tmp_path, segment_cache):
    build(RAW, tmp_path / "a", cache_dir=segment_cache)
    shutil.copytree(RAW, tmp_path / "raw")
    (tmp_path / "raw" / "panzhihua-2022-health-development-plan.txt").write_text("到2025年，婴儿死亡率控制在4‰以下。",
                                                                              encoding="utf-8")
    build(tmp_path / "raw", tmp_path / "b", cache_dir=segment_cache)
    shutil.copy(tmp_path / "b" / "indicators.csv", tmp_path / "a" / "indicators.csv")
    with pytest.raises(ValueError, match=r"a/indicators.csv: not the table its build wrote"):
        load_indicators(tmp_path / "a")


def test_an_interrupted_swap_is_put_right_and_leftovers_removed(tmp_path):
    clean = tmp_path / "clean"
    write_folder({"documents.csv": [b"doc_id\n", b"a\n"]}, clean)
    first = snapshot(clean)
    os.replace(clean, tmp_path / ".clean.old-123")  # stopped between the two renames of a swap
    (tmp_path / ".clean.staging-456").mkdir()  # and a staging folder of a killed build
    recover(clean)
    assert snapshot(clean) == first and leftovers(clean) == []


def test_files_a_user_keeps_in_the_clean_folder_are_kept(tmp_path):
    clean = tmp_path / "clean"
    write_folder({"documents.csv": [b"doc_id\na\n"]}, clean)
    (clean / "README.txt").write_text("my notes", encoding="utf-8")
    write_folder({"documents.csv": [b"doc_id\nb\n"]}, clean)
    assert (clean / "README.txt").read_text(encoding="utf-8") == "my notes"
    assert (clean / "documents.csv").read_bytes() == b"doc_id\nb\n"


def test_a_failed_swap_leaves_the_clean_folder_as_it_was(tmp_path, monkeypatch):
    clean = tmp_path / "clean"
    write_folder({"documents.csv": [b"doc_id\na\n"], "paragraphs.csv": [b"doc_id\na\n"]}, clean)
    before = snapshot(clean)

    def refuse(first, second):
        raise PermissionError(13, "Permission denied", str(second))  # a file locked by another program

    monkeypatch.setattr("compare.output._swap", refuse)
    with pytest.raises(PermissionError):
        write_folder({"documents.csv": [b"doc_id\nb\n"], "paragraphs.csv": [b"doc_id\nb\n"]}, clean)
    assert snapshot(clean) == before and leftovers(clean) == []


@pytest.mark.parametrize("where", ["raw", "inside raw", "containing raw"])
def test_the_clean_folder_may_not_be_the_raw_folder(tmp_path, where):
    raw = tmp_path / "data" / "raw"
    shutil.copytree(RAW, raw)
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    clean = {"raw": raw, "inside raw": raw / "clean", "containing raw": tmp_path / "data"}[where]
    with pytest.raises(PlanInputError, match="may not be, contain or lie inside"):
        build(raw, clean, use_cache=False)
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before


# --- stopping builds for real -------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_corpora(tmp_path_factory):
    """Two raw folders whose builds differ, and the tables each builds."""
    root = tmp_path_factory.mktemp("corpora")
    expected = {}
    for name, seed in (("a", 1), ("b", 2)):
        make_corpus(root / name, 40, plan_bytes=20_000, seed=seed)
        started = time.perf_counter()
        build(root / name, root / f"clean-{name}", use_cache=False)
        expected[name] = snapshot(root / f"clean-{name}")
        expected[f"{name}-seconds"] = time.perf_counter() - started
    return root, expected


def _command(raw: Path, clean: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "compare", "build", "--raw", str(raw), "--clean", str(clean), "-q",
            "--no-cache", "--jobs", str(jobs)]


def _processes_of(raw: Path) -> list[int]:
    """Live processes whose command line names this raw folder (a build or its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().split()[2]
            except OSError:
                continue
            if str(raw).encode() in command and state != "Z":
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see leftover processes")
def test_builds_stopped_at_random_moments_leave_one_whole_build(two_corpora, tmp_path):
    root, expected = two_corpora
    clean = tmp_path / "clean"
    shutil.copytree(root / "clean-a", clean)
    rng = random.Random(5)
    signals = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)
    seen_new = 0
    for trial in range(54):
        name = "b" if trial % 2 == 0 else "a"
        jobs = 1 + trial % 3 // 2  # 1, 1, 2, …
        sent = signals[trial % 3]
        process = subprocess.Popen(_command(root / name, clean, jobs), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.1) * expected[f"{name}-seconds"] + 0.4)
        process.send_signal(sent)
        process.wait(timeout=60)
        state = snapshot(clean)
        assert state in (expected["a"], expected["b"]), f"trial {trial}: tables of two builds ({sent!r})"
        seen_new += state == expected[name]
        deadline = time.time() + 5
        while _processes_of(root / name) and time.time() < deadline:
            time.sleep(0.1)
        assert _processes_of(root / name) == [], f"trial {trial}: a process outlived the build ({sent!r})"
        if sent != signal.SIGKILL:
            assert leftovers(clean) == [], f"trial {trial}: staging left behind ({sent!r})"
    assert leftovers(clean) == [] or subprocess.run(_command(root / "a", clean, 1)).returncode == 0
    assert leftovers(clean) == []  # the next build removes what a killed one left
    assert 0 < seen_new < 54  # stops landed both before and after the swap


def test_concurrent_builds_into_one_folder_never_mix(two_corpora, tmp_path):
    root, expected = two_corpora
    clean = tmp_path / "clean"
    for trial in range(20):
        first = subprocess.Popen(_command(root / "a", clean, 1), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        second = subprocess.Popen(_command(root / "b", clean, 1), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
        assert snapshot(clean) in (expected["a"], expected["b"]), f"trial {trial}"
        assert leftovers(clean) == []
