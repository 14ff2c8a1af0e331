"""Benchmark: `compare build` against plain jieba on the same paragraphs.

Builds a corpus of N documents (the seed plans repeated under new ids), then times, in one run
and one process: (a) the whole build without cache — read, clean, segment, write CSV — and
(b) plain ``jieba.lcut`` over the same paragraph texts. Prints both and their ratio.
Target: build at most 1.5x plain jieba.

    python benchmarks/build_speed.py [--documents 200]
"""

from __future__ import annotations

import argparse
import csv
import platform
import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_corpus(target: Path, documents: int) -> None:
    source = REPO / "data" / "raw"
    with open(source / "manifest.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    target.mkdir(parents=True)
    with open(target / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for i in range(documents):
            row = dict(rows[i % len(rows)])
            row["doc_id"] = f"{row['doc_id']}-copy{i:04d}"
            new_file = f"{row['doc_id']}.txt"
            shutil.copyfile(source / row["file"], target / new_file)
            row["file"] = new_file
            writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()

    import jieba

    from compare.corpus import build
    from compare.loaders import load_paragraphs
    from compare.segmentation import default_segmenter

    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "raw"
        make_corpus(raw, args.documents)
        default_segmenter().tokens("预热")  # load dictionaries outside the timed region
        jieba.initialize()

        start = time.perf_counter()
        report = build(raw, Path(scratch) / "clean", use_cache=False)
        build_seconds = time.perf_counter() - start

        texts = load_paragraphs(Path(scratch) / "clean")["text"].tolist()
        start = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        jieba_seconds = time.perf_counter() - start

    characters = sum(map(len, texts))
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(f"documents: {args.documents}, paragraphs: {len(texts)}, characters: {characters:,}")
    print(f"compare build (no cache, 1 process): {build_seconds:.2f} s ({characters / build_seconds / 1e6:.2f} M chars/s)")
    print(f"plain jieba.lcut on the same text:   {jieba_seconds:.2f} s ({characters / jieba_seconds / 1e6:.2f} M chars/s)")
    print(f"ratio build / jieba: {build_seconds / jieba_seconds:.2f} (target <= 1.5)")
    corpus_stage = sum(report.seconds.get(s, 0) for s in ("read and clean", "segment", "write"))
    print("stages: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in report.seconds.items()))
    print(f"corpus stage only (read, clean, segment, write) / jieba: {corpus_stage / jieba_seconds:.2f}")


if __name__ == "__main__":
    main()
