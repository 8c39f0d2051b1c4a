"""Speed of the core pipeline on this machine. Run: python benchmarks/bench_core.py

Prints: `marker --help` wall time, a cold `marker check`, warm `Marker.mark` per ~700-word essay,
`mark_many` essays/s over 50 essays, and the raw encoder's sentences/s on the same sentences,
so the pipeline's overhead shows as a ratio. Targets (2 CPU cores): --help < 0.3 s,
warm mark <= 0.5 s, mark_many >= 4 essays/s, pipeline <= 1.3x raw encoding.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, essays, median_seconds


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "marker", *args], check=True, capture_output=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorer", default=None, help="scoring method (default: the Marker default)")
    parser.add_argument("--essays", type=int, default=50)
    args = parser.parse_args()

    import marker
    from marker.segment import Segmenter

    scheme = marker.load_scheme(ROOT / "schemes" / "khrushchev-destalinisation.yaml")
    texts = essays(args.essays)
    scorer_args = ["--scorer", args.scorer] if args.scorer else []

    help_s = median_seconds(lambda: cli("--help"), repeat=5)
    with tempfile.TemporaryDirectory() as tmp:
        essay = Path(tmp) / "essay.txt"
        essay.write_text(texts[0])
        cold_s = median_seconds(lambda: cli("check", str(essay), "-s", scheme.id, "-f", "json", *scorer_args), repeat=1)

    m = marker.Marker(args.scorer) if args.scorer else marker.Marker()
    m.mark(texts[0], scheme)  # load models, embed the scheme
    warm_s = median_seconds(lambda: m.mark(texts[1], scheme), repeat=10)
    many_s = median_seconds(lambda: m.mark_many(texts, scheme), repeat=3)

    sentences = [s for p in Segmenter().segment("\n\n".join(texts)) for s in p.sentences]
    raw_s = median_seconds(lambda: m.embedder.embed(sentences), repeat=3)

    print(f"scorer                     {m.scoring.scorer.name}")
    print(f"marker --help              {help_s:.3f} s (median of 5)")
    print(f"cold marker check          {cold_s:.2f} s")
    print(f"warm Marker.mark           {warm_s:.3f} s per {len(texts[1].split())}-word essay (median of 10)")
    print(f"mark_many                  {len(texts) / many_s:.1f} essays/s over {len(texts)} essays (median of 3)")
    print(f"raw encoder                {len(sentences) / raw_s:.0f} sentences/s on the same {len(sentences)} sentences")
    print(f"pipeline / raw encoding    {many_s / raw_s:.2f}x")


if __name__ == "__main__":
    main()
