"""Features of each (paragraph, point) pair, for the trained scorer.

Semantic signals come from sentence-to-claim cosine similarities; lexical ones from word overlap
with IDF fitted on the essay and the scheme together (so a word that every point and paragraph
shares counts for little); relative signals compare a pair with the other points of the same
paragraph, the other paragraphs of the same point and the best point on the opposite side,
which is what separates "makes this argument" from "writes about the same topic" and catches
the opposite stance; position cues mark introductions and conclusions; a rebuttal cue marks a
paragraph that reports a claim only to turn on it ("Critics argue X. But ..."), which mentions the
point while arguing the other way. Fragment features match sentences to the single examples of a
point's lists. How much each feature counts may vary with how fact-laden the scheme is (its share
of names): in a history scheme a paragraph that recounts a point's facts may not make its
argument, while in an argument-essay scheme naming one of a point's reasons is making it.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from marker.embed import plain_punctuation
from marker.match import EncodedEssay, EncodedScheme, per_paragraph_max, sentence_claim_similarity

PAIR_FEATURE_NAMES: tuple[str, ...] = (
    "best_similarity",
    "claim_mean_similarity",
    "claims_matched_share",
    "top2_sentence_similarity",
    "centroid_similarity",
    "margin_over_other_points",
    "zscore_in_paragraph",
    "margin_over_other_paragraphs",
    "margin_over_opposite_side",
    "lexical_tfidf",
    "lexical_margin_over_other_points",
    "point_words_share",
    "numbers_share",
    "names_share",
    "is_first_paragraph",
    "is_last_paragraph",
    "summary_cue",
    "log_words",
    "best_sentence_margin",
    "sentence_vote_share",
    "log_sentences_matched",
    "rebutted_report",
    "fragment_best_similarity",
    "fragment_margin_over_other_points",
    "fragment_best_sentence_margin",
)
FEATURE_NAMES: tuple[str, ...] = (
    *PAIR_FEATURE_NAMES,
    "scheme_name_density",
    *(f"{name}_x_name_density" for name in PAIR_FEATURE_NAMES),
)

CLAIM_MATCH = 0.5
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_SUMMARY_CUE = re.compile(
    r"^\s*(in conclusion|to conclude|overall|in summary|to sum up|in short|ultimately|this essay|"
    r"in this essay|i will|i think|i believe)\b",
    re.IGNORECASE,
)
_REPORT_CUE = re.compile(
    r"\b(says?|said|claims?|claimed|argues?|argued|arguments?|often|supporters|critics|opponents|people|"
    r"it is true|praised|admittedly|is said|believes?|points? out|suggests?)\b",
    re.IGNORECASE,
)
_PIVOT_CUE = re.compile(
    r"^\W*(however|but|yet|nevertheless|nonetheless|still|even so|in reality|in fact|actually|"
    r"on the other hand|this ignores|this overlooks|the truth is)\b",
    re.IGNORECASE,
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "ed", "es", "er", "ly", "s")


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Lower-cased, crudely stemmed words of `text` without stop words."""
    stop = _stop_words()
    words = (m.lower().strip("'-") for m in _WORD.findall(plain_punctuation(text)))
    return [_stem(w) for w in words if w not in stop and len(w) > 2]


def _tfidf(documents: list[list[str]]) -> np.ndarray:
    """L2-normalised sublinear TF-IDF rows over the documents' own vocabulary."""
    vocabulary = {w: i for i, w in enumerate(sorted({w for doc in documents for w in doc}))}
    counts = np.zeros((len(documents), max(len(vocabulary), 1)))
    for row, doc in enumerate(documents):
        for word in doc:
            counts[row, vocabulary[word]] += 1
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + len(documents)) / (1 + df)) + 1
    weights = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return weights / np.where(norms == 0, 1, norms)


def lexical_similarity(essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
    """TF-IDF cosine of each paragraph with each point, IDF fitted on this essay and scheme: (n_par, n_points)."""
    n_par = len(essay.paragraphs)
    tfidf = _tfidf([content_words(p.text) for p in essay.paragraphs] + [content_words(p.text) for p in scheme.scheme.points])
    return tfidf[:n_par] @ tfidf[n_par:].T


class TfidfScorer:
    """Lexical baseline: TF-IDF cosine of paragraph and point, with the IDF fitted per essay."""

    name = "tfidf"

    def score(self, essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
        return lexical_similarity(essay, scheme)


def _share(needles: set[str], haystack: set[str]) -> float:
    return len(needles & haystack) / len(needles) if needles else 0.0


def _margin_over_others(values: np.ndarray, axis: int) -> np.ndarray:
    """values - the largest other value along `axis` (0 when there is no other)."""
    if values.shape[axis] < 2:
        return np.zeros_like(values)
    top2 = -np.partition(-values, 1, axis=axis)
    first, second = np.take(top2, 0, axis=axis), np.take(top2, 1, axis=axis)
    first, second = np.expand_dims(first, axis), np.expand_dims(second, axis)
    return values - np.where(values >= first, second, first)


def _rebutted_reports(essay: EncodedEssay, sentence_point: np.ndarray) -> np.ndarray:
    """1 where a point's best sentence in a paragraph reports a claim and a later sentence opens with a pivot.

    `sentence_point` is (n_sentences, n_points); the result is (n_paragraphs, n_points).
    """
    flags = np.zeros((len(essay.paragraphs), sentence_point.shape[1]))
    for i, (start, paragraph) in enumerate(zip(essay.sentence_starts, essay.paragraphs)):
        sentences = paragraph.sentences
        pivots = [j for j, sentence in enumerate(sentences) if j and _PIVOT_CUE.search(sentence)]
        if not pivots:
            continue
        best = sentence_point[start : start + len(sentences)].argmax(axis=0)
        reports = np.array([bool(_REPORT_CUE.search(sentence)) for sentence in sentences])
        flags[i] = reports[best] & (best < pivots[-1])
    return flags


def scheme_name_density(scheme: EncodedScheme) -> float:
    """The share of the points' words that are names (capitalised, not opening a sentence).

    History schemes run from about 0.09 to 0.22, argument-essay schemes from 0 to 0.06.
    """
    texts = [point.text for point in scheme.scheme.points]
    words = sum(len(_WORD.findall(text)) for text in texts)
    return sum(len(_NAME.findall(text)) for text in texts) / max(words, 1)


def _fragment_point_similarity(essay: EncodedEssay, scheme: EncodedScheme, sentence_point: np.ndarray) -> np.ndarray:
    """Best similarity of every sentence to each point's claims and their fragments: (n_sentences, n_points)."""
    finer = sentence_point.copy()
    sims = essay.sentence_vectors @ scheme.fragment_vectors.T
    for k, (start, fragments) in enumerate(zip(scheme.fragment_starts, scheme.fragments)):
        if fragments:
            finer[:, k] = np.maximum(finer[:, k], sims[:, start : start + len(fragments)].max(axis=1))
    return finer


def pair_features(essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
    """A (n_paragraphs, n_points, len(FEATURE_NAMES)) array of pair features."""
    features = _paragraph_point_features(essay, scheme)
    density = scheme_name_density(scheme)
    return np.concatenate([features, np.full(features.shape[:2] + (1,), density), features * density], axis=2)


def _paragraph_point_features(essay: EncodedEssay, scheme: EncodedScheme) -> np.ndarray:
    """The (n_paragraphs, n_points, len(PAIR_FEATURE_NAMES)) features, before the scheme's name density."""
    paragraphs, points = essay.paragraphs, scheme.scheme.points
    n_par, n_pts = len(paragraphs), len(points)
    sims = sentence_claim_similarity(essay, scheme)  # (n_sentences, n_claims)
    claim_best = per_paragraph_max(essay, sims)  # (n_par, n_claims)
    starts = scheme.claim_starts
    best = np.maximum.reduceat(claim_best, starts, axis=1)
    claim_counts = np.array([len(c) for c in scheme.claims])
    claim_mean = np.add.reduceat(claim_best, starts, axis=1) / claim_counts
    claims_matched = np.add.reduceat((claim_best >= CLAIM_MATCH).astype(float), starts, axis=1) / claim_counts

    sentence_point = np.maximum.reduceat(sims, starts, axis=1)  # (n_sentences, n_points)
    sentence_margin = _margin_over_others(sentence_point, axis=1)
    votes = (sentence_margin >= 0).astype(float)
    top2 = np.zeros((n_par, n_pts))
    vote_share = np.zeros((n_par, n_pts))
    for i, start in enumerate(essay.sentence_starts):
        rows = slice(start, start + len(paragraphs[i].sentences))
        top2[i] = np.sort(sentence_point[rows], axis=0)[::-1][:2].mean(axis=0)
        vote_share[i] = votes[rows].mean(axis=0)

    def centroids(vectors: np.ndarray, starts_: np.ndarray) -> np.ndarray:
        sums = np.add.reduceat(vectors, starts_, axis=0)
        return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)

    centroid = centroids(essay.sentence_vectors, essay.sentence_starts) @ centroids(scheme.claim_vectors, starts).T

    sides = np.array([p.side == "for" for p in points])
    opposite_best = np.zeros((n_par, n_pts))
    for k in range(n_pts):
        others = sides != sides[k]
        opposite_best[:, k] = best[:, others].max(axis=1) if others.any() else 0.0
    row_std = best.std(axis=1, keepdims=True)

    lexical = lexical_similarity(essay, scheme)
    paragraph_sets = [set(content_words(p.text)) for p in paragraphs]
    point_words = [content_words(p.text) for p in points]
    numbers = [set(_NUMBER.findall(p.text)) for p in points]
    names = [set(_NAME.findall(p.text)) for p in points]

    features = np.zeros((n_par, n_pts, len(PAIR_FEATURE_NAMES)))
    for i, paragraph in enumerate(paragraphs):
        paragraph_numbers = set(_NUMBER.findall(paragraph.text))
        paragraph_names = set(_NAME.findall(paragraph.text))
        n_words = len(paragraph.text.split())
        for k in range(n_pts):
            features[i, k, 11] = _share(set(point_words[k]), paragraph_sets[i])
            features[i, k, 12] = _share(numbers[k], paragraph_numbers)
            features[i, k, 13] = _share(names[k], paragraph_names)
        features[i, :, 14] = float(i == 0 and n_par >= 3)
        features[i, :, 15] = float(i == n_par - 1 and n_par >= 3)
        features[i, :, 16] = float(bool(_SUMMARY_CUE.match(paragraph.text)))
        features[i, :, 17] = np.log1p(n_words)
    features[..., 0] = best
    features[..., 1] = claim_mean
    features[..., 2] = claims_matched
    features[..., 3] = top2
    features[..., 4] = centroid
    features[..., 5] = _margin_over_others(best, axis=1)
    features[..., 6] = (best - best.mean(axis=1, keepdims=True)) / np.maximum(row_std, 1e-6)
    features[..., 7] = _margin_over_others(best, axis=0)
    features[..., 8] = best - opposite_best
    features[..., 9] = lexical
    features[..., 10] = _margin_over_others(lexical, axis=1)
    features[..., 18] = per_paragraph_max(essay, sentence_margin)
    features[..., 19] = vote_share
    features[..., 20] = np.log1p(np.add.reduceat((sentence_point >= CLAIM_MATCH).astype(float), essay.sentence_starts, axis=0))
    features[..., 21] = _rebutted_reports(essay, sentence_point)
    finer = _fragment_point_similarity(essay, scheme, sentence_point)
    features[..., 22] = per_paragraph_max(essay, finer)
    features[..., 23] = _margin_over_others(features[..., 22], axis=1)
    features[..., 24] = per_paragraph_max(essay, _margin_over_others(finer, axis=1))
    return features
