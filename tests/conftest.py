"""Shared fixtures: the real models, loaded once per test session, and paths to test data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
EXAMPLE_ESSAY = ROOT / "examples" / "khrushchev-balanced.txt"


@pytest.fixture(scope="session")
def real_marker():
    """The real default Marker (all-MiniLM-L6-v2 + spaCy), shared by the whole session."""
    from marker.pipeline import default_marker

    return default_marker()


@pytest.fixture(scope="session")
def khrushchev():
    from marker import load_scheme

    return load_scheme(ROOT / "schemes" / "khrushchev-destalinisation.yaml")


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE_ESSAY.read_text(encoding="utf-8")


def run_marker(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `python -m marker ...` in a fresh process, as a user would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "marker", *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=600
    )
