"""Synthetic essays for benchmarks, built at run time from the bundled example essay."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "khrushchev-balanced.txt"


def essays(n: int, words: int = 700) -> list[str]:
    """`n` different essays of about `words` words: the example's paragraphs, rotated and repeated."""
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out = []
    for i in range(n):
        chosen, count, j = [], 0, i
        while count < words:
            paragraph = paragraphs[j % len(paragraphs)]
            chosen.append(paragraph)
            count += len(paragraph.split())
            j += 1 + i % 3
        out.append("\n\n".join(chosen))
    return out


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
