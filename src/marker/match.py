"""Matching: similarity of essay sentences to scheme claims, reduced to paragraph x point scores.

Claims of one point are contiguous in `EncodedScheme`, and sentences of one paragraph are
contiguous in `EncodedEssay`, so every reduction is a `np.maximum.reduceat` over blocks.
A `Scorer` turns the two encodings into a (paragraphs x points) matrix of raw scores; the
calibration stage turns raw scores into probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from marker.schemes import Scheme
from marker.segment import Paragraph


@dataclass(frozen=True, eq=False)
class EncodedScheme:
    """A scheme's points split into claims, and long claims into fragments, with one embedding each."""

    scheme: Scheme
    claims: tuple[tuple[str, ...], ...]  # per point, in scheme order
    claim_vectors: np.ndarray  # (n_claims, dim), L2-normalised
    fragments: tuple[tuple[str, ...], ...]  # per point: its claims' fragments (`segment.claim_fragments`)
    fragment_vectors: np.ndarray  # (n_fragments, dim), L2-normalised

    @property
    def claim_starts(self) -> np.ndarray:
        """Index of each point's first claim."""
        return np.cumsum([0] + [len(c) for c in self.claims[:-1]])

    @property
    def fragment_starts(self) -> np.ndarray:
        """Index of each point's first fragment (points without fragments take up no rows)."""
        return np.cumsum([0] + [len(f) for f in self.fragments[:-1]])


@dataclass(frozen=True, eq=False)
class EncodedEssay:
    """An essay's paragraphs with one embedding per sentence."""

    paragraphs: tuple[Paragraph, ...]
    sentence_vectors: np.ndarray  # (n_sentences, dim), L2-normalised
    chunked: bool = False  # the essay had no paragraph breaks: its paragraphs are chunks of sentences

    @property
    def sentence_starts(self) -> np.ndarray:
        """Index of each paragraph's first sentence."""
        return np.cumsum([0] + [len(p.sentences) for p in self.paragraphs[:-1]])

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p.sentences]


def sentence_claim_similarity(essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
    """Cosine similarity of every essay sentence to every claim: (n_sentences, n_claims)."""
    return essay.sentence_vectors @ scheme.claim_vectors.T


def sentence_point_similarity(essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
    """Best claim similarity of every sentence to every point: (n_sentences, n_points)."""
    return np.maximum.reduceat(sentence_claim_similarity(essay, scheme), scheme.claim_starts, axis=1)


def per_paragraph_max(essay: EncodedEssay, values: np.ndarray) -> np.ndarray:
    """Reduce per-sentence rows to per-paragraph rows by taking the maximum."""
    return np.maximum.reduceat(values, essay.sentence_starts, axis=0)


class Scorer(Protocol):
    """Scores how strongly each paragraph makes each point; higher means more likely."""

    name: str

    def score(self, essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
        """A (n_paragraphs, n_points) matrix of raw scores."""
        ...


class CosineScorer:
    """Zero-shot baseline: best cosine between any sentence of the paragraph and any claim.

    It sees topic, not stance: "the secret police continued" scores high against
    "police power was reduced". The trained scorer exists to fix that.
    """

    name = "cosine"

    def score(self, essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
        best = per_paragraph_max(essay, sentence_point_similarity(essay, scheme))
        return np.clip(best, 0.0, 1.0)
