"""The result of marking one essay: plain frozen data, with `to_dict()` for JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from marker.calibrate import STATUSES, Status
from marker.schemes import SIDES, Point, Scheme, Side

DECIMALS = 4


@dataclass(frozen=True)
class Evidence:
    """A sentence of the essay that makes (part of) a point."""

    paragraph: int
    sentence: str
    score: float


@dataclass(frozen=True)
class ClaimCheck:
    """One claim of a point, the essay's sentence that matches it best, and how closely."""

    text: str
    score: float
    made: bool
    paragraph: int  # the best-matching sentence's paragraph
    sentence: str


@dataclass(frozen=True)
class PointResult:
    """How one scheme point fares in the essay."""

    point: Point
    status: Status
    score: float  # the best paragraph probability
    paragraphs: tuple[int, ...]  # paragraphs judged to make the point
    evidence: tuple[Evidence, ...]
    claims: tuple[ClaimCheck, ...]

    @property
    def id(self) -> str:
        return self.point.id

    @property
    def side(self) -> Side:
        return self.point.side


@dataclass(frozen=True)
class ParagraphResult:
    """One paragraph, its score for every point, and the points it is judged to make."""

    index: int
    text: str
    sentences: tuple[str, ...]
    scores: Mapping[str, float]  # point id -> probability; read-only, like the rest of the report
    points: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))

    def __reduce__(self) -> tuple[Any, ...]:  # a read-only mapping does not pickle; its dict does
        return type(self), (self.index, self.text, self.sentences, dict(self.scores), self.points)


@dataclass(frozen=True)
class Report:
    """Everything marker found in one essay, for one scheme."""

    scheme: Scheme
    paragraphs: tuple[ParagraphResult, ...]
    points: tuple[PointResult, ...]
    scorer: str
    chunked: bool = False  # the essay had no paragraph breaks: its "paragraphs" are chunks of its sentences

    def side(self, side: Side) -> list[PointResult]:
        return [p for p in self.points if p.side == side]

    def point(self, point_id: str) -> PointResult:
        for result in self.points:
            if result.id == point_id:
                return result
        raise KeyError(point_id)

    @property
    def summary(self) -> dict[Side, dict[str, int]]:
        """Per side: how many points are covered, partial and in the scheme."""
        summary: dict[Side, dict[str, int]] = {}
        for side in SIDES:
            results = self.side(side)
            counts = {status: sum(r.status == status for r in results) for status in STATUSES}
            summary[side] = {"covered": counts["covered"], "partial": counts["partial"], "total": len(results)}
        return summary

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; the same essay, scheme and settings always give the same dict."""
        return {
            "scheme": {"id": self.scheme.id, "question": self.scheme.question},
            "scorer": self.scorer,
            "paragraphs": [
                {
                    "index": p.index,
                    "text": p.text,
                    "scores": {k: round(v, DECIMALS) for k, v in p.scores.items()},
                    "points": list(p.points),
                }
                for p in self.paragraphs
            ],
            "points": [
                {
                    "id": r.id,
                    "side": r.side,
                    "text": r.point.text,
                    "status": r.status,
                    "score": round(r.score, DECIMALS),
                    "paragraphs": list(r.paragraphs),
                    "evidence": [e.sentence for e in r.evidence],
                    "claims": [
                        {"text": c.text, "score": round(c.score, DECIMALS), "made": c.made, "paragraph": c.paragraph,
                         "sentence": c.sentence} for c in r.claims
                    ],
                }
                for r in self.points
            ],
            "summary": self.summary,
            "chunked": self.chunked,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
