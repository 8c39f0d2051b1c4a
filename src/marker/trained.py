"""The trained scorer: logistic regression over pair features, read from a JSON model file.

`models/scorer.json` holds everything the scorer needs, in plain numbers: the feature names,
the standardisation, the logistic weights, the Platt calibration and the status thresholds,
plus a record of the data and settings it was trained with (`python -m marker.train` makes it).
Under `single_argument` it holds a second weight set and calibration, trained on ArgKP's
single-argument pairs, for a submission that is one short paragraph rather than an essay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from marker.calibrate import PlattCalibrator, Thresholds
from marker.errors import MarkerError
from marker.features import FEATURE_NAMES, pair_features
from marker.match import EncodedEssay, EncodedScheme
from marker.paths import models_dir

MODEL_FILE = "scorer.json"


class LogisticScorer:
    """Scores pairs by a logistic regression over `marker.features.pair_features`.

    Arguments:
        mean, scale: per-feature standardisation learned in training.
        coef, intercept: the logistic regression's weights.
    """

    name = "trained"

    def __init__(self, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float):
        self.mean = np.asarray(mean, float)
        self.scale = np.asarray(scale, float)
        self.coef = np.asarray(coef, float)
        self.intercept = float(intercept)

    def decision(self, features: np.ndarray) -> np.ndarray:
        return ((features - self.mean) / self.scale) @ self.coef + self.intercept

    def score(self, essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(pair_features(essay, scheme))))

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }


def model_path() -> Path:
    return models_dir() / MODEL_FILE


@dataclass(frozen=True)
class SingleArgumentModel:
    """The weights and calibration for a submission of one paragraph of at most `max_words` words."""

    scorer: LogisticScorer
    calibrator: PlattCalibrator
    max_words: int


@dataclass(frozen=True)
class TrainedModel:
    """What a model file holds: the scorer, its calibration and thresholds, and its encoder."""

    scorer: LogisticScorer
    calibrator: PlattCalibrator
    thresholds: Thresholds
    encoder: str | None  # folder of the fine-tuned sentence encoder; None: the bundled MiniLM
    training: dict[str, Any] = field(default_factory=dict)
    single_argument: SingleArgumentModel | None = None


def load_trained(path: str | Path | None = None) -> TrainedModel:
    """Read a trained scorer file (by default `models/scorer.json`).

    Raises:
        MarkerError: the file or its encoder is missing, or it was made for other features.
    """
    path = Path(path) if path else model_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MarkerError(f"{path}: no trained scorer; rebuild it with `python -m marker.train`, or use --scorer cosine") from None
    if tuple(data.get("features", ())) != FEATURE_NAMES:
        raise MarkerError(f"{path}: made for other features than this version computes; rebuild it with `python -m marker.train`")
    encoder = data.get("encoder")
    if encoder is not None:
        encoder = str((path.parent / encoder).resolve())
        if not Path(encoder, "model.safetensors").is_file():
            raise MarkerError(f"{path}: its encoder {encoder} is missing; rebuild it with `python -m marker.finetune`")
    argument = data.get("single_argument")
    return TrainedModel(
        LogisticScorer(**data["logistic"]),
        PlattCalibrator(**data["calibration"]),
        Thresholds(**data["thresholds"]),
        encoder,
        data.get("training", {}),
        SingleArgumentModel(
            LogisticScorer(**argument["logistic"]), PlattCalibrator(**argument["calibration"]), argument["max_words"]
        ) if argument else None,
    )
