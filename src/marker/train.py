"""Train the scorer: `python -m marker.train` rebuilds `models/scorer.json` from ../shared/data.

Steps: compute pair features (`marker.features`) for the labelled A-level essay sets, the repo's
synthetic essay sets on other questions, and the ArgKP-2021 training pairs; fit a logistic
regression; calibrate its scores with Platt scaling fitted on out-of-fold scores; choose the
status thresholds on the out-of-fold probabilities (F1-best, raised until no stance errors).
Reported figures are cross-validated: each fold holds out one A-level question and a quarter of
the ArgKP topics, and its calibrator is fitted only on the other folds. The synthetic essay sets
are on questions of their own, so every fold trains on them.
The model is refused if its cross-validated average precision or F1 on the A-level essays is
not better than the zero-shot cosine's.

A second weight set, for a submission that is one short paragraph (a single argument rather than
an essay), is fitted on the ArgKP-2021 training pairs alone and Platt-calibrated on its scores
cross-validated by topic (`train_single_argument`); it is refused, too, if it ranks the pairs no
better than the cosine does.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from marker.calibrate import COSINE_THRESHOLDS, PlattCalibrator, Thresholds
from marker.datasets import KeyPointData, LabelledSet, load_key_point_data, load_labelled_sets
from marker.errors import MarkerError
from marker.evaluate import (
    EssayJudgement,
    PairJudgement,
    best_threshold_f1,
    essay_metrics,
    paragraph_metrics,
    track1_map,
)
from marker.features import FEATURE_NAMES, pair_features
from marker.pipeline import Marker
from marker.paths import models_dir
from marker.trained import LogisticScorer, model_path

log = logging.getLogger("marker.train")

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DEFAULT_HELD_OUT = Path(__file__).resolve().parents[2] / "data" / "labelled-essays"
DEFAULT_EXTRA_TRAIN = Path(__file__).resolve().parents[2] / "data" / "synthetic-essays"
FOLDS = 4
SINGLE_ARGUMENT_C = 0.003  # chosen by topic-cross-validated AP on ArgKP train (models/README.md)
SINGLE_ARGUMENT_MAX_WORDS = 50  # a one-paragraph submission this short is one argument (ArgKP: up to 42 words)


@dataclass
class PairTable:
    """Feature rows of labelled (paragraph, point) pairs from one source."""

    X: np.ndarray
    y: np.ndarray  # 1 makes the point, 0 does not, -1 unlabelled (kept for ArgKP's metric only)
    group: np.ndarray  # question or topic: the unit of cross-validation
    cosine: np.ndarray  # the zero-shot cosine score of the pair (bundled MiniLM), for comparison
    keys: list[tuple[str, str]] = field(default_factory=list)  # (argument id, key point id) for ArgKP
    pairs: list[PairJudgement] = field(default_factory=list)  # what each essay row is, for the metrics


def essay_pairs(marker: Marker, sets: list[LabelledSet]) -> PairTable:
    """Pairs from paragraph-level essays; pairs a paragraph only touches in passing (`maybe`) are left out."""
    rows, labels, groups, cosines, pairs = [], [], [], [], []
    for labelled in sets:
        essays = [e for e in labelled.essays if e.paragraph_level]
        encoded_scheme = marker.encode_scheme(labelled.scheme)
        for essay, encoded in zip(essays, marker.encode_essays([[p.text for p in e.paragraphs] for e in essays])):
            features = pair_features(encoded, encoded_scheme)
            kept = [p for p in essay.paragraphs if p.text.strip()]
            for i, paragraph in enumerate(kept):
                sides = frozenset(labelled.scheme.point(pid).side for pid in paragraph.points)
                for k, point in enumerate(labelled.scheme.points):
                    if point.id in paragraph.maybe:
                        continue
                    rows.append(features[i, k])
                    labels.append(int(point.id in paragraph.points))
                    groups.append(labelled.scheme.id)
                    cosines.append(features[i, k, FEATURE_NAMES.index("best_similarity")])
                    pairs.append(PairJudgement(labelled.scheme.id, essay.id, essay.kind, i, point.id, point.side,
                                               point.id in paragraph.points, False, 0.0, False, sides))
    return PairTable(np.array(rows), np.array(labels), np.array(groups), np.array(cosines), pairs=pairs)


def judged(pairs: list[PairJudgement], probabilities: np.ndarray, thresholds: Thresholds) -> dict[str, Any]:
    """Paragraph- and essay-level metrics of probabilities given to the pairs (as `marker eval` computes them)."""
    with_scores = [replace(p, probability=float(q), predicted=bool(q >= thresholds.covered))
                   for p, q in zip(pairs, probabilities)]
    covered: dict[tuple[str, str, str], list[bool]] = {}
    for p in with_scores:
        covered.setdefault((p.set_id, p.essay_id, p.point_id), [False, False])
        state = covered[(p.set_id, p.essay_id, p.point_id)]
        state[0] |= p.gold
        state[1] |= p.predicted
    essays = [EssayJudgement(s, e, pid, gold, predicted) for (s, e, pid), (gold, predicted) in covered.items()]
    return {"paragraph": paragraph_metrics(with_scores), "essay": essay_metrics(essays)}


def key_point_pairs(marker: Marker, data: KeyPointData) -> PairTable:
    """Every (argument, key point) pair of the same topic and stance, each argument its own paragraph."""
    rows, labels, groups, cosines, keys = [], [], [], [], []
    for scheme, arg_ids in data.schemes():
        kp_ids = scheme.point_ids
        topic = scheme.question
        encoded_scheme = marker.encode_scheme(scheme)
        for arg_id, encoded in zip(arg_ids, marker.encode_essays([[data.arguments[a][0]] for a in arg_ids])):
            features = pair_features(encoded, encoded_scheme)[0]
            for k, kp_id in enumerate(kp_ids):
                rows.append(features[k])
                labels.append(data.labels.get((arg_id, kp_id), -1))
                groups.append(topic)
                cosines.append(features[k, FEATURE_NAMES.index("best_similarity")])
                keys.append((arg_id, kp_id))
    return PairTable(np.array(rows), np.array(labels), np.array(groups), np.array(cosines), keys)


def fit_logistic(X: np.ndarray, y: np.ndarray, weight: np.ndarray, C: float) -> LogisticScorer:
    """A standardised, L2-regularised logistic regression as a `LogisticScorer`."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale = np.where(scale < 1e-9, 1.0, scale)
    model = LogisticRegression(C=C, max_iter=5000).fit((X - mean) / scale, y, sample_weight=weight)
    return LogisticScorer(mean, scale, model.coef_[0], model.intercept_[0])


def _fold_of(groups: np.ndarray) -> np.ndarray:
    """Fold number of each row: groups sorted by name, dealt round-robin into FOLDS folds."""
    names = sorted(set(groups))
    number = {name: i % FOLDS for i, name in enumerate(names)}
    return np.array([number[g] for g in groups])


@dataclass
class TrainingData:
    essays: PairTable
    key_points: PairTable | None
    kpa_weight: float
    held_out: PairTable | None = None  # labelled essays that are only ever scored, never trained on
    extra: PairTable | None = None  # essays on other questions that every fold trains on, never scored

    def training_rows(self, mask_essays: np.ndarray, mask_kp: np.ndarray | None):
        X, y, w = [self.essays.X[mask_essays]], [self.essays.y[mask_essays]], [np.ones(mask_essays.sum())]
        if self.extra is not None:
            X.append(self.extra.X)
            y.append(self.extra.y)
            w.append(np.ones(len(self.extra.y)))
        if self.key_points is not None and self.kpa_weight > 0:
            keep = mask_kp & (self.key_points.y >= 0)
            X.append(self.key_points.X[keep])
            y.append(self.key_points.y[keep])
            w.append(np.full(keep.sum(), self.kpa_weight))
        return np.vstack(X), np.concatenate(y), np.concatenate(w)


@dataclass
class FoldModels:
    """One cross-validation, fitted once: a scorer per fold, the out-of-fold scores they give, and
    per fold a calibrator fitted on the other folds' out-of-fold essay scores only."""

    essay_fold: np.ndarray  # fold of each essay pair (by its question)
    scorers: list[LogisticScorer]
    essay_scores: np.ndarray
    kp_scores: np.ndarray | None
    calibrators: list[PlattCalibrator]


def cross_validate(data: TrainingData, C: float) -> FoldModels:
    """Fit each fold's scorer without that fold's question and topics, score the fold with it, and
    fit each fold's calibrator on the other folds' scores."""
    essay_fold = _fold_of(data.essays.group)
    kp_fold = _fold_of(data.key_points.group) if data.key_points is not None else None
    scorers = [fit_logistic(*data.training_rows(essay_fold != fold, None if kp_fold is None else kp_fold != fold), C)
               for fold in range(FOLDS)]
    essay_scores = np.full(len(data.essays.y), np.nan)
    kp_scores = np.full(len(data.key_points.y), np.nan) if data.key_points is not None else None
    for fold, scorer in enumerate(scorers):
        held = essay_fold == fold
        essay_scores[held] = _sigmoid(scorer.decision(data.essays.X[held]))
        if kp_scores is not None:
            kp_scores[kp_fold == fold] = _sigmoid(scorer.decision(data.key_points.X[kp_fold == fold]))
    calibrators = [PlattCalibrator().fit(essay_scores[essay_fold != f], data.essays.y[essay_fold != f])
                   for f in range(FOLDS)]
    return FoldModels(essay_fold, scorers, essay_scores, kp_scores, calibrators)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def nested_probabilities(folds: FoldModels) -> np.ndarray:
    """Calibrated out-of-fold probabilities for the essay pairs: each fold's calibrator is fitted
    on out-of-fold scores of the other folds only, never on the fold it calibrates."""
    fold = folds.essay_fold
    probabilities = np.zeros_like(folds.essay_scores)
    for f, calibrator in enumerate(folds.calibrators):
        probabilities[fold == f] = calibrator.predict_proba(folds.essay_scores[fold == f])
    return probabilities


def held_out_probabilities(data: TrainingData, folds: FoldModels) -> np.ndarray:
    """Calibrated probabilities for the held-out pairs, each from the scorer and calibrator of the
    fold that left out its question (the first fold's for a question the essays do not have)."""
    assert data.held_out is not None
    fold_of_question = dict(zip(data.essays.group, folds.essay_fold))
    fold = np.array([fold_of_question.get(g, 0) for g in data.held_out.group])
    probabilities = np.zeros(len(data.held_out.y))
    for f, (scorer, calibrator) in enumerate(zip(folds.scorers, folds.calibrators)):
        rows = fold == f
        probabilities[rows] = calibrator.predict_proba(_sigmoid(scorer.decision(data.held_out.X[rows])))
    return probabilities


def choose_thresholds(pairs: list[PairJudgement], probabilities: np.ndarray,
                      more_pairs: Sequence[PairJudgement] = (), more_probabilities: Sequence[float] = ()) -> Thresholds:
    """`covered` at the F1-best probability over all the pairs given, rounded down to a multiple of
    0.05 (within 0.2-0.8) to lean towards recall, then raised in steps of 0.05 while it reports a
    point for a paragraph of `pairs` arguing the other side (a stance error); `partial` at half of it.

    `more_pairs` count for F1 only: their stance errors are reported, not avoided.
    """
    labels = np.array([p.gold for p in [*pairs, *more_pairs]], dtype=bool)
    _, best = best_threshold_f1(labels, np.concatenate([probabilities, more_probabilities]))
    covered = float(np.clip(np.floor(best * 20 + 1e-9) / 20, 0.2, 0.8))
    while covered < 0.8 and judged(pairs, probabilities, Thresholds(covered, covered / 2))["paragraph"]["stance_errors"]:
        covered = round(covered + 0.05, 2)
    return Thresholds(covered=covered, partial=round(covered / 2, 3))


def cross_validated_report(data: TrainingData, folds: FoldModels,
                           kp_data: KeyPointData | None) -> tuple[dict[str, Any], Thresholds]:
    """Cross-validated figures of the trained scorer next to the zero-shot cosine, and the
    thresholds chosen on the cross-validated probabilities."""
    probabilities = nested_probabilities(folds)
    held_out = data.held_out
    if held_out is None:
        thresholds = choose_thresholds(data.essays.pairs, probabilities)
    else:
        held_probabilities = held_out_probabilities(data, folds)
        thresholds = choose_thresholds(data.essays.pairs, probabilities, held_out.pairs, held_probabilities)
    report: dict[str, Any] = {
        "essay_pairs": int(len(data.essays.y)),
        "thresholds": {"covered": thresholds.covered, "partial": thresholds.partial},
        "trained": judged(data.essays.pairs, probabilities, thresholds),
        "cosine": judged(data.essays.pairs, data.essays.cosine, COSINE_THRESHOLDS),
    }
    if held_out is not None:
        report["held_out_essays"] = {
            "pairs": int(len(held_out.y)),
            "trained": judged(held_out.pairs, held_probabilities, thresholds),
            "cosine": judged(held_out.pairs, held_out.cosine, COSINE_THRESHOLDS),
        }
    if data.key_points is not None and kp_data is not None and folds.kp_scores is not None:
        report["argkp_train_by_topic"] = {
            "trained": _track1(kp_data, data.key_points, folds.kp_scores),
            "cosine": _track1(kp_data, data.key_points, data.key_points.cosine),
        }
    return report, thresholds


def _track1(data: KeyPointData, table: PairTable, scores: np.ndarray) -> dict[str, float]:
    by_argument: dict[str, dict[str, float]] = {}
    for (arg_id, kp_id), score in zip(table.keys, scores):
        by_argument.setdefault(arg_id, {})[kp_id] = float(score)
    result = track1_map(data, by_argument)
    return {"map_strict": result["map_strict"], "map_relaxed": result["map_relaxed"]}


def train_single_argument(table: PairTable, data: KeyPointData, C: float) -> dict[str, Any]:
    """The model file's `single_argument` block: a logistic regression on the labelled ArgKP pairs
    of `table`, Platt-calibrated on its out-of-fold scores (folds by topic), with those scores'
    figures next to the encoder's cosine."""
    from sklearn.metrics import average_precision_score

    labelled = table.y >= 0
    fold = _fold_of(table.group)
    scores = np.zeros(len(table.y))
    for f in range(FOLDS):
        rows = labelled & (fold != f)
        scorer = fit_logistic(table.X[rows], table.y[rows], np.ones(rows.sum()), C)
        scores[fold == f] = _sigmoid(scorer.decision(table.X[fold == f]))
    y = table.y[labelled]
    return {
        "max_words": SINGLE_ARGUMENT_MAX_WORDS,
        "logistic": fit_logistic(table.X[labelled], y, np.ones(len(y)), C).to_dict(),
        "calibration": PlattCalibrator().fit(scores[labelled], y).to_dict(),
        "training": {
            "data": "kpa_2021 train (labelled pairs)",
            "settings": {"C": C, "folds": FOLDS},
            "cross_validation": {
                "pairs": int(len(y)),
                "trained": {"average_precision": float(average_precision_score(y, scores[labelled])),
                            **_track1(data, table, scores)},
                "cosine": {"average_precision": float(average_precision_score(y, table.cosine[labelled])),
                           **_track1(data, table, table.cosine)},
            },
        },
    }


def _pairs_with_zero_shot_cosine(marker: Marker, sets: list[LabelledSet], encoder: Path | None) -> PairTable:
    """Pair features from `marker`'s encoder, compared with the zero-shot cosine of the bundled MiniLM."""
    table = essay_pairs(marker, sets)
    if encoder:
        table.cosine = essay_pairs(Marker("cosine"), sets).cosine
    return table


def shared_questions(sets: list[LabelledSet], others: list[LabelledSet]) -> list[str]:
    """Question (scheme) ids that occur in both lists of essay sets."""
    return sorted({s.scheme.id for s in sets} & {s.scheme.id for s in others})


def train(data_dir: Path, C: float, kpa_weight: float, encoder: Path | None = None,
          held_out_dir: Path | None = None, extra_dir: Path | None = None,
          argument_C: float = SINGLE_ARGUMENT_C) -> dict[str, Any]:
    """Build the model file's content: scorer, calibration, thresholds and the training record.

    Essay sets in `held_out_dir` are never trained on: they are scored by the fold models that
    left out their question, and count towards choosing the thresholds and the reported figures.
    Essay sets in `extra_dir` are on other questions: every fold trains on them, none scores them.
    """
    from marker.embed import SentenceTransformerEmbedder

    sets = load_labelled_sets([data_dir / "alevel-dev"])
    held_out_sets = load_labelled_sets([held_out_dir]) if held_out_dir is not None else []
    extra_sets = load_labelled_sets([extra_dir]) if extra_dir is not None else []
    overlap = shared_questions(extra_sets, sets + held_out_sets)
    if overlap:
        raise MarkerError(f"the extra training sets in {extra_dir} share questions with the cross-validated or "
                          f"held-out essays ({', '.join(overlap)}): leave those sets out of --extra-train")
    marker = Marker("cosine", embedder=SentenceTransformerEmbedder(str(encoder) if encoder else None))
    log.info("features of %d A-level essay sets", len(sets))
    essays = _pairs_with_zero_shot_cosine(marker, sets, encoder)
    held_out = extra = None
    if held_out_sets:
        log.info("features of %d held-out essay sets", len(held_out_sets))
        held_out = _pairs_with_zero_shot_cosine(marker, held_out_sets, encoder)
    if extra_sets:
        log.info("features of %d extra training essay sets", len(extra_sets))
        extra = essay_pairs(marker, extra_sets)
    kp_data = load_key_point_data(data_dir / "kpa_2021", "train")
    log.info("features of %d ArgKP training arguments", len(kp_data.arguments))
    kp_table = key_point_pairs(marker, kp_data)
    key_point_pairs_table = kp_table if kpa_weight > 0 else None
    data = TrainingData(essays, key_point_pairs_table, kpa_weight, held_out, extra)

    log.info("cross-validating")
    folds = cross_validate(data, C)
    cv, thresholds = cross_validated_report(data, folds, kp_data if kpa_weight > 0 else None)
    calibrator = PlattCalibrator().fit(folds.essay_scores, essays.y)
    scorer = fit_logistic(*data.training_rows(np.ones(len(essays.y), bool),
                                              None if key_point_pairs_table is None else np.ones(len(key_point_pairs_table.y), bool)), C)
    return {
        "features": list(FEATURE_NAMES),
        "encoder": encoder.name if encoder else None,
        "logistic": scorer.to_dict(),
        "calibration": calibrator.to_dict(),
        "thresholds": {"covered": thresholds.covered, "partial": thresholds.partial},
        "single_argument": train_single_argument(kp_table, kp_data, argument_C),
        "training": {
            "data": ["alevel-dev (all essays, paragraph level)"]
            + ([f"{extra_dir.name} (all essays, paragraph level)"] if extra_dir is not None else [])
            + (["kpa_2021 train (labelled pairs)"] if kpa_weight > 0 else []),
            "extra_training_sets": [Path(s.source).name for s in extra_sets],
            "extra_training_pairs": int(len(extra.y)) if extra is not None else 0,
            "held_out": [Path(s.source).name for s in held_out_sets],
            "settings": {"C": C, "kpa_weight": kpa_weight, "encoder": encoder.name if encoder else "all-MiniLM-L6-v2",
                         "folds": FOLDS},
            "cross_validation": cv,
        },
    }


def worse_than_cosine(cv: dict[str, Any]) -> list[str]:
    """The cross-validated paragraph metrics on which the trained scorer does not beat zero-shot cosine."""
    return [metric for metric in ("average_precision", "f1")
            if cv["trained"]["paragraph"][metric] <= cv["cosine"]["paragraph"][metric]]


def single_argument_worse_than_cosine(cv: dict[str, Any]) -> bool:
    """Whether the single-argument weights rank the ArgKP pairs no better than the encoder's cosine."""
    return cv["trained"]["average_precision"] <= cv["cosine"]["average_precision"]


def _optional_folder(value: Path, option: str, what: str) -> Path | None:
    """`value` of a folder option, or None for 'none'; a folder that is not there is a MarkerError."""
    if str(value) == "none":
        return None
    if not value.is_dir():
        raise MarkerError(f"no {what} at {value}: pass {option} with a folder of essay sets, or 'none'")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m marker.train", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=model_path(), help="model file to write")
    parser.add_argument("--C", type=float, default=0.1, help="inverse L2 regularisation strength")
    parser.add_argument("--kpa-weight", type=float, default=0.0,
                        help="weight of each ArgKP pair in the essay scorer's training (0: leave them out)")
    parser.add_argument("--argument-C", type=float, default=SINGLE_ARGUMENT_C,
                        help="inverse L2 regularisation strength of the single-argument weights")
    parser.add_argument("--encoder", type=Path, default=models_dir() / "encoder",
                        help="fine-tuned encoder folder, next to the model file (default: models/encoder; "
                             "'none' for the bundled MiniLM)")
    parser.add_argument("--held-out", type=Path, default=DEFAULT_HELD_OUT,
                        help="labelled essay sets that are scored but never trained on; they count towards the "
                             "thresholds (default: data/labelled-essays; 'none' to leave them out)")
    parser.add_argument("--extra-train", type=Path, default=DEFAULT_EXTRA_TRAIN,
                        help="labelled essay sets on other questions that every fold trains on "
                             "(default: data/synthetic-essays; 'none' to leave them out)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not (args.data / "alevel-dev").is_dir():
        print(f"no training data at {args.data}: pass --data pointing at the shared data folder", file=sys.stderr)
        return 1
    encoder = None if str(args.encoder) == "none" else args.encoder
    if encoder is not None and encoder.resolve().parent != args.out.resolve().parent:
        print("the encoder folder must sit next to the model file (it is referenced by name)", file=sys.stderr)
        return 1
    try:
        held_out = _optional_folder(args.held_out, "--held-out", "held-out essay sets")
        extra = _optional_folder(args.extra_train, "--extra-train", "extra training essay sets")
        model = train(args.data, args.C, args.kpa_weight, encoder, held_out, extra, args.argument_C)
    except MarkerError as error:
        print(error, file=sys.stderr)
        return 1
    cv = model["training"]["cross_validation"]
    summaries = {"alevel-dev": cv, "held-out essays": cv.get("held_out_essays")}
    print(json.dumps({name: {side: {level: {k: v for k, v in m.items() if k != "per_point"} for level, m in of[side].items()}
                             for side in ("trained", "cosine")} for name, of in summaries.items() if of}, indent=1))
    argument_cv = model["single_argument"]["training"]["cross_validation"]
    print(json.dumps({"single argument (ArgKP train, by topic)": argument_cv}, indent=1))
    worse = worse_than_cosine(cv)
    if worse:
        print(f"refusing to write the model: its cross-validated paragraph {' and '.join(worse)} "
              "is not better than zero-shot cosine's", file=sys.stderr)
        return 2
    if single_argument_worse_than_cosine(argument_cv):
        print("refusing to write the model: its single-argument weights rank the ArgKP pairs, cross-validated "
              "by topic, no better than the encoder's cosine", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
