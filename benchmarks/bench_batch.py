"""Batch marking speed and memory: essays/s, peak RSS, and the raw encoder's sentences/s.

Builds N synthetic essays of about 700 words at run time (paragraphs of the example essay and
of the bundled schemes, recombined and shuffled per essay), writes them as .txt files, runs
`mark_files` over the folder and prints the figures. Run it alone on the machine for clean numbers:

    python benchmarks/bench_batch.py                      # 100 essays x 3 runs, then 1,000 essays once
    python benchmarks/bench_batch.py --essays 200 --runs 1 --large 0

Targets (2 CPU cores): >= 4 essays/s for 700-word essays, peak RSS < 1.2 GB for 1,000 essays.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marker.batch import mark_files  # noqa: E402
from marker.pipeline import Marker  # noqa: E402
from marker.schemes import list_schemes, resolve_scheme  # noqa: E402

SCHEME = "khrushchev-destalinisation"
ESSAY_WORDS = 700


def paragraph_pool() -> list[str]:
    """Paragraphs to recombine: the example essay's, and each scheme point's text."""
    example = (ROOT / "examples" / "khrushchev-balanced.txt").read_text(encoding="utf-8")
    pool = [p.strip() for p in example.split("\n\n") if len(p.split()) > 20]
    pool += [point.text for scheme in list_schemes() for point in scheme.points]
    return pool


def synthetic_essay(pool: list[str], rng: random.Random) -> str:
    """About `ESSAY_WORDS` words in paragraphs, each drawn from the pool with its sentences shuffled."""
    paragraphs, words = [], 0
    while words < ESSAY_WORDS:
        sentences = [s.strip() + "." for s in rng.choice(pool).split(". ") if s.strip()]
        rng.shuffle(sentences)
        paragraph = " ".join(s.removesuffix("..") for s in sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(paragraphs)


def write_essays(folder: Path, count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    pool = paragraph_pool()
    texts = [synthetic_essay(pool, rng) for _ in range(count)]
    for n, text in enumerate(texts):
        (folder / f"student{n:04d}.txt").write_text(text, encoding="utf-8")
    return texts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def time_batch(marker: Marker, folder: Path, out: Path) -> float:
    start = time.perf_counter()
    result = mark_files([folder], resolve_scheme(SCHEME), out, marker=marker)
    elapsed = time.perf_counter() - start
    assert result.complete, result.failures
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--essays", type=int, default=100, help="essays per timed run")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (the median is reported)")
    parser.add_argument("--large", type=int, default=1000, help="essays in the memory run (0 to skip)")
    args = parser.parse_args()

    import torch

    marker = Marker()
    scheme = resolve_scheme(SCHEME)
    print(f"torch threads: {torch.get_num_threads()}, marker batch size: {marker.batch_size} essays")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "essays")
        folder.mkdir()
        texts = write_essays(folder, args.essays)
        marker.mark(texts[0], scheme)  # load the models before timing
        print(f"rss after loading the models: {peak_rss_mb():.0f} MB")
        words = statistics.mean(len(t.split()) for t in texts)
        times = [time_batch(marker, folder, Path(tmp, f"out{run}")) for run in range(args.runs)]
        median = statistics.median(times)
        print(f"batch: {args.essays} essays of {words:.0f} words, runs {', '.join(f'{t:.1f}s' for t in times)}: "
              f"{args.essays / median:.2f} essays/s (median)")

        sentences = [s for t in texts for p in marker.segmenter.segment(t) for s in p.sentences]
        start = time.perf_counter()
        marker.embedder.embed(sentences)
        encode = time.perf_counter() - start
        print(f"raw encoder: {len(sentences)} sentences in {encode:.1f}s = {len(sentences) / encode:.0f} sentences/s; "
              f"batch marking = {len(sentences) / median:.0f} sentences/s ({encode / median:.0%} of the time is encoding)")

        if args.large:
            large = Path(tmp, "large")
            large.mkdir()
            write_essays(large, args.large, seed=1)
            elapsed = time_batch(marker, large, Path(tmp, "out-large"))
            print(f"large batch: {args.large} essays in {elapsed:.0f}s = {args.large / elapsed:.2f} essays/s; "
                  f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
