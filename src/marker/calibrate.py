"""Calibration: raw matcher scores become probabilities, and probabilities become statuses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

Status = Literal["covered", "partial", "missing"]
STATUSES: tuple[Status, ...] = ("covered", "partial", "missing")


@dataclass(frozen=True)
class Thresholds:
    """Probability cut-offs: a point is `covered` at or above `covered`, `partial` at or above
    `partial`, else `missing`. A paragraph is judged to make a point at or above `covered`."""

    covered: float
    partial: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.partial <= self.covered <= 1.0:
            raise ValueError(f"need 0 <= partial <= covered <= 1, got {self.partial} and {self.covered}")

    def status(self, probability: float) -> Status:
        if probability >= self.covered:
            return "covered"
        if probability >= self.partial:
            return "partial"
        return "missing"


class Calibrator(Protocol):
    """Maps raw scores to probabilities, elementwise."""

    def predict_proba(self, scores: np.ndarray) -> np.ndarray: ...


class IdentityCalibrator:
    """Leaves scores as they are: for a scorer whose scores are already in [0, 1]."""

    def predict_proba(self, scores: np.ndarray) -> np.ndarray:
        return np.clip(np.asarray(scores, dtype=np.float64), 0.0, 1.0)


# Zero-shot cosine cut-offs for all-MiniLM-L6-v2 sentence-to-claim similarity, read off the
# A-level dev essays (`marker eval --scorer cosine`); they are similarities, not probabilities.
COSINE_THRESHOLDS = Thresholds(covered=0.60, partial=0.50)
