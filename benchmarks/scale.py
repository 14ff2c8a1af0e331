"""Benchmark: a 1000-plan corpus — build time, parallel speed-up, peak memory, incremental rebuild,
and theme coding plus TF-IDF/clustering at that size.

The corpus is made from the seed plans: each synthetic plan draws raw lines of the seeds (with a
fixed seed), keeping a few headings, until it reaches about 30 KB, under a new id. Run:

    python benchmarks/scale.py [--plans 1000] [--jobs 2]

Prints one line per measurement; figures go to the README.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_corpus(target: Path, plans: int, *, plan_bytes: int = 30_000, seed: int = 0) -> int:
    """Write ``plans`` synthetic plans and their manifest into ``target``; returns total bytes."""
    source = REPO / "data" / "raw"
    with open(source / "manifest.csv", encoding="utf-8", newline="") as handle:
        seeds = list(csv.DictReader(handle))
    lines = [
        line
        for row in seeds
        for line in (source / row["file"]).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    target.mkdir(parents=True)
    total = 0
    with open(target / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(seeds[0]))
        writer.writeheader()
        for i in range(plans):
            template = dict(seeds[i % len(seeds)])
            chosen, size = [], 0
            while size < plan_bytes:
                line = rng.choice(lines)
                chosen.append(line)
                size += len(line.encode("utf-8")) + 1
            doc_id = f"synthetic-{i:04d}"
            text = "\n".join(chosen) + "\n"
            (target / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            total += len(text.encode("utf-8"))
            writer.writerow({**template, "doc_id": doc_id, "file": f"{doc_id}.txt"})
    return total


def peak_memory_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    from compare.analytics import PlanClustering, tfidf_matrix
    from compare.corpus import build
    from compare.loaders import load_documents, load_paragraphs, load_tokens
    from compare.segmentation import default_segmenter
    from compare.themes import code_paragraphs, theme_shares

    print(f"segmenter backend: {default_segmenter().backend}")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        raw = scratch / "raw"
        size = make_corpus(raw, args.plans)
        print(f"corpus: {args.plans} plans, {size / 1e6:.1f} MB")
        default_segmenter().tokens("预热")

        start = time.perf_counter()
        report = build(raw, scratch / "clean1", use_cache=False, jobs=1)
        one = time.perf_counter() - start
        characters = int(load_documents(scratch / "clean1")["n_chars"].sum())
        print(f"full build, 1 job: {one:.1f} s ({characters / one / 1e6:.2f} M chars/s); "
              + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items()))

        start = time.perf_counter()
        build(raw, scratch / "clean2", cache_dir=scratch / "cache", jobs=args.jobs)
        many = time.perf_counter() - start
        print(f"full build, {args.jobs} jobs: {many:.1f} s ({characters / many / 1e6:.2f} M chars/s); "
              f"speed-up {one / many:.2f}x")
        same = all((scratch / "clean1" / n).read_bytes() == (scratch / "clean2" / n).read_bytes()
                   for n in ("documents.csv", "paragraphs.csv", "tokens.csv", "indicators.csv", "themes.csv"))
        print(f"parallel output identical to one job: {same}")

        changed = raw / "synthetic-0007.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "到2025年，人均预期寿命达到80岁。\n", encoding="utf-8")
        start = time.perf_counter()
        rebuild = build(raw, scratch / "clean2", cache_dir=scratch / "cache", jobs=args.jobs)
        again = time.perf_counter() - start
        print(f"rebuild after one plan changed: {again:.2f} s = {again / many:.1%} of the full build "
              f"({len(rebuild.segmented)} segmented, {len(rebuild.cached)} from cache)")

        paragraphs, tokens = load_paragraphs(scratch / "clean2"), load_tokens(scratch / "clean2")
        start = time.perf_counter()
        shares = theme_shares(code_paragraphs(paragraphs, tokens))
        coded = time.perf_counter() - start
        start = time.perf_counter()
        matrix = tfidf_matrix(tokens)
        clustering = PlanClustering(max_clusters=10).fit(matrix)
        analysed = time.perf_counter() - start
        print(f"theme coding + shares: {coded:.1f} s; TF-IDF + clustering: {analysed:.1f} s "
              f"({len(shares['doc_id'].unique())} plans, k = {clustering.n_clusters_})")
        print(f"peak memory: {peak_memory_mb():.0f} MB")
        shutil.rmtree(scratch / "clean1", ignore_errors=True)


if __name__ == "__main__":
    main()
