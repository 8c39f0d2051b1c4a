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


# Baseline cut-offs: the best-F1 paragraph threshold on the A-level dev essays
# (`marker eval ../shared/data/alevel-dev --scorer cosine|tfidf`), rounded down; `partial` sits
# 0.1 (cosine) or a third (TF-IDF) lower. They are similarities, not probabilities.
COSINE_THRESHOLDS = Thresholds(covered=0.70, partial=0.60)
TFIDF_THRESHOLDS = Thresholds(covered=0.17, partial=0.11)


class PlattCalibrator:
    """Platt scaling: probability = sigmoid(a * logit(score) + b), for scores in (0, 1).

    Smooth where isotonic regression would be a staircase, which matters when the positives
    to fit on number in the tens (isotonic was tried first and jumped from 0 to 0.25). Follows scikit-learn's conventions: `fit` learns `a_` and
    `b_`; a calibrator built with `a` and `b` is ready to use.

    Example:
        >>> c = PlattCalibrator().fit(np.array([0.1, 0.3, 0.6, 0.9]), np.array([0, 0, 1, 1]))
        >>> bool(c.predict_proba(np.array([0.95]))[0] > c.predict_proba(np.array([0.05]))[0])
        True
    """

    def __init__(self, a: float | None = None, b: float | None = None):
        self.a = a
        self.b = b

    @staticmethod
    def _logit(scores: np.ndarray) -> np.ndarray:
        scores = np.clip(np.asarray(scores, dtype=np.float64), 1e-6, 1 - 1e-6)
        return np.log(scores / (1 - scores))

    def fit(self, scores: np.ndarray, labels: np.ndarray) -> PlattCalibrator:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=1e6, max_iter=1000).fit(self._logit(scores)[:, None], labels)
        self.a_, self.b_ = float(model.coef_[0, 0]), float(model.intercept_[0])
        return self

    def predict_proba(self, scores: np.ndarray) -> np.ndarray:
        if not hasattr(self, "a_"):
            if self.a is None or self.b is None:
                raise ValueError("PlattCalibrator is not fitted: call fit() or give a and b")
            self.a_, self.b_ = float(self.a), float(self.b)
        return 1.0 / (1.0 + np.exp(-(self.a_ * self._logit(scores) + self.b_)))

    def to_dict(self) -> dict[str, float]:
        return {"a": round(self.a_, 6), "b": round(self.b_, 6)}
