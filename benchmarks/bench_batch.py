"""Batch marking speed and memory. Run: python benchmarks/bench_batch.py

Writes N synthetic ~700-word essays (built at run time by `common.essays`) as .txt files, runs
`mark_files` over the folder and prints essays/s (median of a few runs), the raw encoder's
sentences/s on the same sentences (so the batch's overhead shows as a ratio), and the peak RSS of
a batch of 1,000 essays. Run it alone on the machine for clean numbers.
Targets (2 CPU cores): >= 4 essays/s, peak RSS < 1.2 GB for 1,000 essays.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

from common import ROOT, essays, median_seconds

sys.path.insert(0, str(ROOT / "src"))  # this checkout's marker, also when another one is installed

SCHEME = "khrushchev-destalinisation"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def write_essays(folder: Path, texts: list[str]) -> Path:
    folder.mkdir()
    for n, text in enumerate(texts):
        (folder / f"student{n:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essays", type=int, default=100, help="essays per timed run")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (the median is reported)")
    parser.add_argument("--large", type=int, default=1000, help="essays in the memory run (0 to skip)")
    args = parser.parse_args()

    from marker.batch import mark_files
    from marker.pipeline import Marker
    from marker.schemes import resolve_scheme

    marker = Marker()
    scheme = resolve_scheme(SCHEME)
    texts = essays(args.essays)
    marker.mark(texts[0], scheme)  # load the models, embed the scheme
    print(f"cpus, load average (1 min)    {os.cpu_count()}, {os.getloadavg()[0]:.1f} (other work slows the figures)")
    print(f"rss with the models loaded    {peak_rss_mb():.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_essays(Path(tmp, "essays"), texts)
        cpu_before = cpu_seconds()
        batch_s = median_seconds(lambda: mark_files([folder], scheme, Path(tmp, "out"), marker=marker), args.runs)
        cpu_per_essay = (cpu_seconds() - cpu_before) / (args.runs * args.essays)
        sentences = [s for t in texts for p in marker.segmenter.segment(t) for s in p.sentences]
        raw_s = median_seconds(lambda: marker.embedder.embed(sentences), 1)
        print(f"batch                         {args.essays / batch_s:.2f} essays/s over {args.essays} essays "
              f"(median of {args.runs})")
        print(f"cpu time per essay            {cpu_per_essay:.2f} s (about {os.cpu_count() / cpu_per_essay:.1f} essays/s "
              f"on {os.cpu_count()} idle cores)")
        print(f"raw encoder                   {len(sentences) / raw_s:.0f} sentences/s on the same {len(sentences)} sentences")
        print(f"batch / raw encoding          {batch_s / raw_s:.2f}x")
        if args.large:
            large = write_essays(Path(tmp, "large"), essays(args.large))
            large_s = median_seconds(lambda: mark_files([large], scheme, Path(tmp, "out-large"), marker=marker), 1)
            print(f"large batch                   {args.large} essays in {large_s:.0f} s = {args.large / large_s:.2f} essays/s")
            print(f"peak RSS                      {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
