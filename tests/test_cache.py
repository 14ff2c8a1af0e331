"""The build cache cannot lie or run code: entries are parsed data with a checksum and their key."""

import os
import pickle
import random
import subprocess
import sys
import time

import pytest
from conftest import PANZHIHUA, RAW

from compare import build
from compare.corpus import TABLE_FILES, _DocumentCache


@pytest.fixture(scope="module")
def cached_build(tmp_path_factory):
    """A build that filled a cache, and the bytes of its clean tables."""
    folder = tmp_path_factory.mktemp("cached")
    build(RAW, folder / "clean", cache_dir=folder / "cache")
    tables = {name: (folder / "clean" / name).read_bytes() for name in TABLE_FILES}
    return folder, tables


def _entries(folder):
    return sorted((folder / "cache" / "documents").glob("*.entry"))


def test_every_damaged_byte_is_detected(cached_build):
    folder, _ = cached_build
    entry = next(path for path in _entries(folder) if b'"doc_id":"' + PANZHIHUA.encode() in path.read_bytes())
    content, key = entry.read_bytes(), entry.stem
    cache = _DocumentCache(folder / "cache")
    original = cache._parse(content, key)
    assert original is not None and original.doc_id == PANZHIHUA
    rng = random.Random(7)
    for _ in range(1000):
        damaged = bytearray(content)
        position = rng.randrange(len(damaged))
        damaged[position] ^= rng.randrange(1, 256)  # a different byte, anywhere: magic, header or rows
        assert cache._parse(bytes(damaged), key) is None, f"byte {position} changed and the entry was accepted"
    assert cache._parse(content, "0" * 64) is None  # an entry stored under another plan's key
    assert cache._parse(content[:-1], key) is None  # cut short


def test_damaged_entries_are_rebuilt_and_the_output_is_identical(cached_build, tmp_path):
    folder, tables = cached_build
    rng = random.Random(11)
    for trial in range(5):
        for entry in _entries(folder):
            content = bytearray(entry.read_bytes())
            content[rng.randrange(len(content))] ^= 0x20
            entry.write_bytes(bytes(content))
        report = build(RAW, tmp_path / f"clean{trial}", cache_dir=folder / "cache")
        assert len(report.cache_rejected) == 5 and not report.cached  # the five plans
        for name, expected in tables.items():
            assert (tmp_path / f"clean{trial}" / name).read_bytes() == expected, name
        again = build(RAW, tmp_path / f"again{trial}", cache_dir=folder / "cache")  # rewritten whole
        assert len(again.cached) == 5 and not again.cache_rejected


def test_damaged_token_entries_are_segmented_again(cached_build, tmp_path):
    folder, tables = cached_build
    for entry in _entries(folder):
        entry.unlink()  # so the build reads the token entries
    segments = sorted((folder / "cache").glob("*.json"))
    assert len(segments) == 5
    rng = random.Random(3)
    for path in segments:
        content = bytearray(path.read_bytes())
        content[rng.randrange(len(content))] ^= 0x01
        path.write_bytes(bytes(content))
    report = build(RAW, tmp_path / "clean", cache_dir=folder / "cache")
    assert len(report.segmented) == 5
    assert all((tmp_path / "clean" / name).read_bytes() == data for name, data in tables.items())


def test_a_crafted_pickle_in_the_cache_never_runs(cached_build, tmp_path):
    folder, tables = cached_build
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for entry in _entries(folder):
        crafted = pickle.dumps(Payload())
        entry.write_bytes(crafted)
        entry.with_suffix(".pickle").write_bytes(crafted)  # where an older version kept its entries
    report = build(RAW, tmp_path / "clean", cache_dir=folder / "cache")
    assert not marker.exists() and len(report.cache_rejected) == 5
    assert all((tmp_path / "clean" / name).read_bytes() == data for name, data in tables.items())


def test_verbose_build_names_the_damaged_entries(cached_build, tmp_path):
    folder, _ = cached_build
    entry = _entries(folder)[0]
    entry.write_bytes(entry.read_bytes()[:-3])
    result = subprocess.run(
        [sys.executable, "-m", "compare", "build", "--raw", str(RAW), "--clean", str(tmp_path / "clean"), "-v"],
        capture_output=True, text=True, env={**os.environ, "COMPARE_CACHE": str(folder / "cache")},
    )
    assert result.returncode == 0, result.stderr
    assert f"damaged cache entry ignored and rebuilt: {entry}" in result.stderr


def test_temporaries_a_killed_build_left_in_the_cache_are_removed(cached_build, tmp_path):
    folder, _ = cached_build
    stale = folder / "cache" / "documents" / "abc.entry.4242.tmp"
    fresh = folder / "cache" / "documents" / "def.entry.4243.tmp"  # perhaps another build writing now
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    build(RAW, tmp_path / "clean", cache_dir=folder / "cache")
    assert not stale.exists() and fresh.exists()
