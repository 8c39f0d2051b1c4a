"""Speed of the core pipeline on this machine. Run: python benchmarks/bench_core.py

Prints: `marker --help` wall time, a cold `marker check`, and for each scorer (trained, the
default, and the zero-shot cosine baseline, measured in the same process): warm `Marker.mark`
per ~700-word essay, `mark_many` essays/s over 50 essays, and its encoder's raw sentences/s on
the same sentences, so the pipeline's overhead shows as a ratio. Targets (2 CPU cores):
--help < 0.3 s, warm mark <= 0.5 s, mark_many >= 4 essays/s, pipeline <= 1.3x raw encoding.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, essays, median_seconds


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "marker", *args], check=True, capture_output=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorers", default="trained,cosine", help="comma-separated scoring methods")
    parser.add_argument("--essays", type=int, default=50)
    args = parser.parse_args()

    import marker
    from marker.segment import Segmenter

    scheme = marker.load_scheme(ROOT / "schemes" / "khrushchev-destalinisation.yaml")
    texts = essays(args.essays)
    sentences = [s for p in Segmenter().segment("\n\n".join(texts)) for s in p.sentences]

    print(f"load average at start        {os.getloadavg()[0]:.2f} (2 cores; above ~1 the figures are inflated)")
    print(f"marker --help                {median_seconds(lambda: cli('--help'), repeat=5):.3f} s (median of 5)")
    with tempfile.TemporaryDirectory() as tmp:
        essay = Path(tmp) / "essay.txt"
        essay.write_text(texts[0])
        cold = median_seconds(lambda: cli("check", str(essay), "-s", scheme.id, "-f", "json"), repeat=1)
    print(f"cold marker check            {cold:.2f} s (default scorer, models loaded from disk)")

    for scorer in args.scorers.split(","):
        m = marker.Marker(scorer)
        m.mark(texts[0], scheme)  # load models, embed the scheme
        warm = median_seconds(lambda: m.mark(texts[1], scheme), repeat=10)
        many = median_seconds(lambda: m.mark_many(texts, scheme), repeat=3)
        raw = median_seconds(lambda: m.embedder.embed(sentences), repeat=3)
        print(f"[{scorer}] warm Marker.mark   {warm:.3f} s per {len(texts[1].split())}-word essay (median of 10)")
        print(f"[{scorer}] mark_many          {len(texts) / many:.1f} essays/s over {len(texts)} essays (median of 3)")
        print(f"[{scorer}] raw encoder        {len(sentences) / raw:.0f} sentences/s on the same {len(sentences)} sentences")
        print(f"[{scorer}] pipeline / raw     {many / raw:.2f}x")


if __name__ == "__main__":
    main()
