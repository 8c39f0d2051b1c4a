"""Measuring marker against labelled data: `marker eval`.

Essay sets: paragraph-level point detection (micro precision, recall, F1; average precision of
the scores; per-point precision and recall), essay-level point accuracy, and stance errors.
ArgKP-2021: the shared task's Track 1 metric (mAP strict and relaxed, plain AP as in the
competition's test phase).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from marker.datasets import KeyPointData, LabelledSet
from marker.pipeline import Marker


@dataclass(frozen=True)
class PairJudgement:
    """One (paragraph, point) judgement next to its gold label."""

    set_id: str
    essay_id: str
    kind: str
    paragraph: int
    point_id: str
    side: str
    gold: bool
    maybe: bool
    probability: float
    predicted: bool
    paragraph_gold_sides: frozenset[str]


@dataclass(frozen=True)
class EssayJudgement:
    """Whether an essay as a whole covers a point, gold against predicted."""

    set_id: str
    essay_id: str
    point_id: str
    gold: bool
    predicted: bool


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}


def best_threshold_f1(gold: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """The highest F1 over all thresholds, and that threshold (optimistic: tuned on the data)."""
    order = np.argsort(-scores, kind="stable")
    gold_sorted = gold[order].astype(float)
    tp = np.cumsum(gold_sorted)
    fp = np.cumsum(1 - gold_sorted)
    f1 = 2 * tp / (tp + fp + gold.sum())
    best = int(np.argmax(f1)) if len(f1) else 0
    return (float(f1[best]), float(scores[order][best])) if len(f1) else (0.0, 1.0)


def paragraph_metrics(pairs: Sequence[PairJudgement]) -> dict[str, Any]:
    """Micro P/R/F1, average precision, best-threshold F1, per-point P/R and stance errors.

    Pairs whose point is only `maybe` for the paragraph count as neither right nor wrong.
    """
    from sklearn.metrics import average_precision_score

    scored = [p for p in pairs if not p.maybe]
    gold = np.array([p.gold for p in scored], dtype=bool)
    predicted = np.array([p.predicted for p in scored], dtype=bool)
    scores = np.array([p.probability for p in scored], dtype=float)
    result = _prf(int((gold & predicted).sum()), int((~gold & predicted).sum()), int((gold & ~predicted).sum()))
    result["average_precision"] = float(average_precision_score(gold, scores)) if gold.any() else 0.0
    result["best_f1"], result["best_threshold"] = best_threshold_f1(gold, scores)
    per_point: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in scored:
        counts = per_point[f"{p.set_id}:{p.point_id}"]
        counts[0] += p.gold and p.predicted
        counts[1] += (not p.gold) and p.predicted
        counts[2] += p.gold and not p.predicted
    result["per_point"] = {key: _prf(*counts) for key, counts in sorted(per_point.items())}
    # A stance error: a paragraph that makes points of one side only is said to make a point of the other.
    result["stance_errors"] = sum(
        1 for p in scored
        if p.predicted and not p.gold and p.paragraph_gold_sides and p.side not in p.paragraph_gold_sides
    )
    result["pairs"] = len(scored)
    return result


def essay_metrics(judgements: Sequence[EssayJudgement]) -> dict[str, Any]:
    """Essay-level point accuracy, and P/R/F1 of 'the essay covers this point'."""
    gold = np.array([j.gold for j in judgements], dtype=bool)
    predicted = np.array([j.predicted for j in judgements], dtype=bool)
    result = _prf(int((gold & predicted).sum()), int((~gold & predicted).sum()), int((gold & ~predicted).sum()))
    result["accuracy"] = float((gold == predicted).mean()) if len(gold) else 0.0
    result["judgements"] = len(judgements)
    return result


def judge_essay_sets(marker: Marker, sets: Iterable[LabelledSet]) -> tuple[list[PairJudgement], list[EssayJudgement]]:
    """Mark every essay of every set; pair judgements for paragraph-level essays, essay judgements for all.

    Paragraph-level essays are marked from their labelled paragraphs; `no-breaks` essays from the
    block as submitted, so they are judged at essay level only.
    """
    pairs: list[PairJudgement] = []
    essays: list[EssayJudgement] = []
    for labelled in sets:
        scheme = labelled.scheme
        inputs = [e.as_submitted if not e.paragraph_level else [p.text for p in e.paragraphs] for e in labelled.essays]
        for essay, report in zip(labelled.essays, marker.mark_many(inputs, scheme)):
            covered = {r.id for r in report.points if r.status == "covered"}
            gold_points = essay.points
            essays += [
                EssayJudgement(scheme.id, essay.id, pid, pid in gold_points, pid in covered) for pid in scheme.point_ids
            ]
            if not essay.paragraph_level:
                continue
            kept = [p for p in essay.paragraphs if p.text.strip()]
            for gold_paragraph, result in zip(kept, report.paragraphs):
                sides = frozenset(scheme.point(pid).side for pid in gold_paragraph.points)
                pairs += [
                    PairJudgement(
                        scheme.id, essay.id, essay.kind, result.index, point.id, point.side,
                        point.id in gold_paragraph.points, point.id in gold_paragraph.maybe,
                        result.scores[point.id], point.id in result.points, sides,
                    )
                    for point in scheme.points
                ]
    return pairs, essays


def evaluate_essay_sets(marker: Marker, sets: Sequence[LabelledSet]) -> dict[str, Any]:
    """Paragraph-level and essay-level metrics of `marker` on labelled essay sets."""
    pairs, essays = judge_essay_sets(marker, sets)
    tricky = [p for p in pairs if p.kind == "tricky"]
    return {
        "data": [s.source for s in sets],
        "scorer": marker.scoring.scorer.name,
        "essays": len({(e.set_id, e.essay_id) for e in essays}),
        "paragraph": paragraph_metrics(pairs),
        "essay": essay_metrics(essays),
        "tricky_false_positives": sum(p.predicted and not p.gold and not p.maybe for p in tricky),
    }


def key_point_scores(marker: Marker, data: KeyPointData) -> dict[str, dict[str, float]]:
    """arg_id -> {key_point_id: score}, each argument scored against its own topic and stance only."""
    scores: dict[str, dict[str, float]] = {}
    for scheme, arg_ids in data.schemes():
        reports = marker.mark_many([[data.arguments[a][0]] for a in arg_ids], scheme)
        for arg_id, report in zip(arg_ids, reports):
            scores[arg_id] = dict(report.paragraphs[0].scores)
    return scores


def track1_map(data: KeyPointData, scores: dict[str, dict[str, float]]) -> dict[str, Any]:
    """ArgKP-2021 Track 1 mAP, strict and relaxed, plain AP per (topic, stance) as in the test phase.

    Each argument keeps its highest-scoring key point; unlabelled pairs count as 0 (strict) or
    1 (relaxed); per (topic, stance) the top half by score is kept and its AP computed.
    """
    from sklearn.metrics import average_precision_score

    rows: dict[tuple[str, int], list[tuple[float, float | None]]] = defaultdict(list)
    for arg_id, (_, topic, stance) in data.arguments.items():
        candidates = scores.get(arg_id)
        if candidates:
            kp_id = max(candidates, key=candidates.get)  # first maximum, as Python's max
            score, label = candidates[kp_id], data.labels.get((arg_id, kp_id))
        else:
            score, label = 0.0, 0  # the official dummy prediction
        rows[(topic, stance)].append((score, label))
    result: dict[str, Any] = {}
    for mode, missing in (("strict", 0.0), ("relaxed", 1.0)):
        aps = {}
        for (topic, stance), group in sorted(rows.items()):
            ordered = sorted(group, key=lambda r: -r[0])[: int(len(group) * 0.5)]
            labels = [missing if label is None else label for _, label in ordered]
            aps[f"{topic} ({stance:+d})"] = (
                float(average_precision_score(labels, [s for s, _ in ordered])) if any(labels) else 0.0
            )
        result[f"map_{mode}"] = float(np.mean(list(aps.values()))) if aps else 0.0
        result[f"ap_{mode}"] = aps
    return result


def evaluate_key_points(marker: Marker, data: KeyPointData, source: str) -> dict[str, Any]:
    """Track 1 mAP of `marker`'s scores on an ArgKP-2021 split."""
    return {"data": source, "scorer": marker.scoring.scorer.name, **track1_map(data, key_point_scores(marker, data))}
