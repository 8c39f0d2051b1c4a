"""The marking pipeline: segment -> embed -> match -> calibrate -> report.

`Marker` wires the stages together; each stage is a constructor argument, so a better
scorer or another embedder slots in without touching the rest.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from marker.calibrate import COSINE_THRESHOLDS, TFIDF_THRESHOLDS, Calibrator, IdentityCalibrator, Thresholds
from marker.embed import Embedder, SentenceTransformerEmbedder
from marker.errors import EssayError, MarkerError
from marker.match import (
    CosineScorer,
    EncodedEssay,
    EncodedScheme,
    Scorer,
    sentence_claim_similarity,
    sentence_point_similarity,
)
from marker.report import ClaimCheck, Evidence, ParagraphResult, PointResult, Report
from marker.schemes import Scheme, SchemeLike, resolve_scheme
from marker.segment import Paragraph, Segmenter, point_claims, point_fragments

Essay = str | Sequence[str]
"""An essay: its full text, or its paragraphs already split."""

_FILE_NAME = re.compile(r"[^\n]+\.(?:txt|md|text|markdown|docx|pdf)", re.IGNORECASE)  # a path given as text
SCHEME_CACHE_SIZE = 64  # encoded schemes a Marker keeps, oldest dropped first
MAX_ESSAY_CHARACTERS = 1_000_000  # about 170,000 words: a book, not an essay (spaCy's own limit is 5,000,000)

# A claim counts as made when some sentence of the essay is at least this similar to it.
CLAIM_MADE_SIMILARITY = 0.55


@dataclass(frozen=True)
class Scoring:
    """A scorer with the calibrator and thresholds that belong to its scores."""

    scorer: Scorer
    calibrator: Calibrator
    thresholds: Thresholds
    encoder: str | None = None  # the sentence-transformers folder its scores need; None: bundled MiniLM
    single_argument: Scoring | None = None  # for one short argument against one side's points (`for_input`)
    max_argument_words: int = 0

    def for_input(self, essay: EncodedEssay, scheme: Scheme) -> Scoring:
        """The scoring for `essay` against `scheme`: the single-argument one where the essay is one
        paragraph of at most `max_argument_words` words and the points all argue one side (the shape
        of ArgKP's arguments and key points, which it was trained on); this one otherwise."""
        if (self.single_argument is not None and len(essay.paragraphs) == 1
                and len(essay.paragraphs[0].text.split()) <= self.max_argument_words
                and len({point.side for point in scheme.points}) == 1):
            return self.single_argument
        return self


SCORERS = ("trained", "cosine", "tfidf")


def load_scoring(name: str) -> Scoring:
    """The named scoring method: "trained" (the default, `models/scorer.json`), or one of the
    baselines kept to show the gain side by side: "cosine" (zero-shot sentence-to-claim
    similarity of the bundled MiniLM) and "tfidf" (lexical overlap)."""
    if name == "cosine":
        return Scoring(CosineScorer(), IdentityCalibrator(), COSINE_THRESHOLDS)
    if name == "tfidf":
        from marker.features import TfidfScorer

        return Scoring(TfidfScorer(), IdentityCalibrator(), TFIDF_THRESHOLDS)
    if name == "trained":
        from marker.trained import load_trained

        model = load_trained()
        argument = model.single_argument
        return Scoring(
            model.scorer, model.calibrator, model.thresholds, model.encoder,
            Scoring(argument.scorer, argument.calibrator, model.thresholds, model.encoder) if argument else None,
            argument.max_words if argument else 0,
        )
    raise MarkerError(f"unknown scorer {name!r}; choose from: {', '.join(SCORERS)}")


class Marker:
    """Marks essays against mark schemes.

    Arguments:
        scorer: a scorer name (see `load_scoring`) or a `Scoring`.
        embedder: turns sentences and claims into vectors (by default the encoder the scorer
            was trained with: the fine-tuned MiniLM for "trained", all-MiniLM-L6-v2 for "cosine").
        segmenter: splits essays into paragraphs and sentences (spaCy by default).
        batch_size: how many essays `mark_many` encodes together.

    Usage:
        >>> from marker import Marker, load_scheme  # doctest: +SKIP
        >>> report = Marker().mark(essay_text, load_scheme("schemes/khrushchev-destalinisation.yaml"))  # doctest: +SKIP
        >>> report.summary["for"]  # doctest: +SKIP
        {'covered': 4, 'partial': 0, 'total': 5}
    """

    def __init__(
        self,
        scorer: str | Scoring = "trained",
        *,
        embedder: Embedder | None = None,
        segmenter: Segmenter | None = None,
        batch_size: int = 16,
    ):
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size is how many essays are encoded together: a whole number of 1 or more, "
                             f"not {batch_size!r}")
        self.scoring = load_scoring(scorer) if isinstance(scorer, str) else scorer
        self.embedder = embedder or SentenceTransformerEmbedder(self.scoring.encoder)
        self.segmenter = segmenter or Segmenter()
        self.batch_size = batch_size
        self._schemes: dict[Scheme, EncodedScheme] = {}

    def encode_scheme(self, scheme: Scheme) -> EncodedScheme:
        """Split the points into claims (plus alternatives and keywords) and fragments; embed them once per scheme."""
        if scheme not in self._schemes:
            if len(self._schemes) >= SCHEME_CACHE_SIZE:  # a web server sees many uploaded schemes
                del self._schemes[next(iter(self._schemes))]
            claims = tuple(tuple(point_claims(point, self.segmenter)) for point in scheme.points)
            fragments = tuple(tuple(point_fragments(of_point)) for of_point in claims)
            texts = [c for of_point in claims for c in of_point]
            vectors = self.embedder.embed(texts + [f for of_point in fragments for f in of_point])
            self._schemes[scheme] = EncodedScheme(
                scheme, claims, vectors[: len(texts)], fragments, vectors[len(texts) :]
            )
        return self._schemes[scheme]

    def _paragraphs(self, essay: Essay, number: int | None) -> tuple[list[Paragraph], bool]:
        """The essay's paragraphs, and whether they are chunks cut from an essay without paragraph breaks."""
        which = "" if number is None else f"essay {number}: "
        if not isinstance(essay, str) and not (isinstance(essay, Sequence) and all(isinstance(p, str) for p in essay)):
            raise TypeError(f"{which}an essay is its text (a str) or its paragraphs (a list of str), not "
                            f"{type(essay).__name__}; for a file, use marker.read_essay(path)")
        length = len(essay) if isinstance(essay, str) else sum(map(len, essay))
        if length > MAX_ESSAY_CHARACTERS:
            raise EssayError(f"{which}the text has {length:,} characters, more than any essay "
                             f"({MAX_ESSAY_CHARACTERS:,} at most); check that this is the essay's file")
        paragraphs, chunked = (self.segmenter.segment_essay(essay) if isinstance(essay, str)
                               else (self.segmenter.paragraphs(essay), False))
        if not paragraphs and isinstance(essay, str) and _FILE_NAME.fullmatch(essay.strip()):
            raise EssayError(f"{which}{essay.strip()!r} looks like a file name, not an essay's text; "
                             "read the file with marker.read_essay(path) and mark its text")
        if not paragraphs and isinstance(essay, str) and not re.search(r"[^\W\d_]", essay) and essay.strip():
            raise EssayError(f"{which}there are no words to mark, only symbols, emoji or numbers")
        if not paragraphs and isinstance(essay, str) and essay.strip():
            raise EssayError(f"{which}there is no text to mark: every line reads as a title or heading (a short "
                             "line with no full stop); write the essay's paragraphs in full sentences")
        if not paragraphs:
            raise EssayError(f"{which}the essay is empty: there is no text to mark")
        return paragraphs, chunked

    def encode_essays(self, essays: Sequence[Essay], *, first_number: int | None = None) -> list[EncodedEssay]:
        """Segment essays and embed all their sentences in one pass; `first_number` numbers them
        in error messages."""
        segmented = [
            self._paragraphs(essay, None if first_number is None else first_number + i) for i, essay in enumerate(essays)
        ]
        sentences = [s for paragraphs, _ in segmented for p in paragraphs for s in p.sentences]
        vectors = self.embedder.embed(sentences)
        encoded, start = [], 0
        for paragraphs, chunked in segmented:
            n = sum(len(p.sentences) for p in paragraphs)
            encoded.append(EncodedEssay(tuple(paragraphs), vectors[start : start + n], chunked))
            start += n
        return encoded

    def mark(self, essay: Essay, scheme: SchemeLike) -> Report:
        """Mark one essay (its text, or its list of paragraphs) against a scheme.

        Raises:
            EssayError: the essay has nothing to mark (empty, or headings only).
            TypeError: the essay is not text (a path or bytes: read it with `marker.read_essay`).
        """
        return self.mark_many([essay], scheme)[0]

    def mark_many(self, essays: Iterable[Essay], scheme: SchemeLike) -> list[Report]:
        """Mark many essays, encoding their sentences together in batches.

        Raises:
            EssayError: an essay has nothing to mark; the message numbers it ("essay 3: ..."), from 1.
            TypeError: an essay is not text.
        """
        return list(self.iter_mark(essays, scheme))

    def iter_mark(self, essays: Iterable[Essay], scheme: SchemeLike) -> Iterator[Report]:
        """Like `mark_many`, but yields each report as its batch is done (memory stays flat)."""
        if isinstance(essays, str):
            raise TypeError("mark_many takes a list of essays; to mark one essay's text, use mark(text, scheme)")
        scheme = resolve_scheme(scheme)
        encoded_scheme = self.encode_scheme(scheme)
        iterator = iter(essays)
        done = 0
        while batch := list(itertools.islice(iterator, self.batch_size)):
            first_number = done + 1 if done or len(batch) > 1 else None
            for encoded in self.encode_essays(batch, first_number=first_number):
                yield self.report(encoded, encoded_scheme)
            done += len(batch)

    def report(self, essay: EncodedEssay, scheme: EncodedScheme) -> Report:
        """Score, calibrate and decide: the report for one encoded essay."""
        points = scheme.scheme.points
        scoring = self.scoring.for_input(essay, scheme.scheme)
        probabilities = scoring.calibrator.predict_proba(scoring.scorer.score(essay, scheme))
        thresholds = scoring.thresholds
        makes = probabilities >= thresholds.covered
        sentence_point = sentence_point_similarity(essay, scheme)
        sentence_claim = sentence_claim_similarity(essay, scheme)
        claim_best, claim_sentence = sentence_claim.max(axis=0), sentence_claim.argmax(axis=0)
        sentence_starts = essay.sentence_starts
        claim_paragraph = np.searchsorted(sentence_starts, claim_sentence, side="right") - 1
        sentences = essay.sentences

        paragraph_results = tuple(
            ParagraphResult(
                index=p.index,
                text=p.text,
                sentences=p.sentences,
                scores={pt.id: float(probabilities[i, k]) for k, pt in enumerate(points)},
                points=tuple(pt.id for k, pt in enumerate(points) if makes[i, k]),
            )
            for i, p in enumerate(essay.paragraphs)
        )

        point_results = []
        claim_index = 0
        for k, point in enumerate(points):
            column = probabilities[:, k]
            best = float(column.max())
            status = thresholds.status(best)
            where = [int(i) for i in np.flatnonzero(makes[:, k])]
            shown = where or ([int(column.argmax())] if status == "partial" else [])
            evidence = []
            for i in shown:
                start = sentence_starts[i]
                n = len(essay.paragraphs[i].sentences)
                j = int(sentence_point[start : start + n, k].argmax())
                evidence.append(Evidence(i, essay.paragraphs[i].sentences[j], float(column[i])))
            claims = tuple(
                ClaimCheck(text, float(claim_best[j]), bool(claim_best[j] >= CLAIM_MADE_SIMILARITY), int(claim_paragraph[j]),
                           sentences[claim_sentence[j]])
                for j, text in enumerate(scheme.claims[k], start=claim_index)
            )
            claim_index += len(scheme.claims[k])
            point_results.append(PointResult(point, status, best, tuple(where), tuple(evidence), claims))

        return Report(scheme.scheme, paragraph_results, tuple(point_results), scoring.scorer.name, essay.chunked)


@functools.lru_cache(maxsize=1)
def default_marker() -> Marker:
    """The process-wide default `Marker`, built on first use."""
    return Marker()


def mark(essay: Essay, scheme: SchemeLike) -> Report:
    """Mark one essay with the default `Marker`.

    Example:
        >>> import marker  # doctest: +SKIP
        >>> report = marker.mark(open("examples/khrushchev-balanced.txt").read(), "khrushchev-destalinisation")  # doctest: +SKIP
    """
    return default_marker().mark(essay, scheme)
