"""Accepted alternative wordings and keywords of a point are matched, with the real model."""

from __future__ import annotations

from marker import Scheme
from marker.segment import point_claims

POINT = {
    "id": "F1",
    "side": "for",
    "text": "The Secret Speech of 1956 changed attitudes to Stalin. Writers gained more freedom.",
}
AGAINST = {"id": "A1", "side": "against", "text": "The one-party state and its ideology stayed in place."}
ALTERNATIVE = "Millions of prisoners were released from the Gulag labour camps."
# Paraphrases only the alternative wording, not the point's own text.
ESSAY = "After 1953 huge numbers of inmates were freed from the forced-labour camps and allowed to go home."


def _scheme(**extra) -> Scheme:
    return Scheme.from_dict({"id": "alt", "question": "How far?", "points": [{**POINT, **extra}, AGAINST]})


def test_point_claims_are_sentences_then_alternatives_then_keywords(real_marker):
    point = _scheme(alternatives=[ALTERNATIVE], keywords=["Secret Speech", "20th Party Congress"]).point("F1")
    assert point_claims(point, real_marker.segmenter) == [
        "The Secret Speech of 1956 changed attitudes to Stalin.",
        "Writers gained more freedom.",
        ALTERNATIVE,
        "Secret Speech, 20th Party Congress",
    ]


def test_an_alternative_wording_lifts_the_score_of_an_essay_that_uses_it(real_marker):
    without = real_marker.mark(ESSAY, _scheme()).point("F1")
    with_alternative = real_marker.mark(ESSAY, _scheme(alternatives=[ALTERNATIVE])).point("F1")
    assert with_alternative.score > without.score
    assert [claim.text for claim in with_alternative.claims][-1] == ALTERNATIVE
    assert max(with_alternative.claims, key=lambda claim: claim.score).text == ALTERNATIVE


def test_keywords_are_matched_as_one_claim(real_marker):
    essay = "Khrushchev's denunciation at the Twentieth Party Congress shocked the delegates."
    without = real_marker.mark(essay, _scheme()).point("F1")
    with_keywords = real_marker.mark(essay, _scheme(keywords=["denunciation", "Twentieth Party Congress"])).point("F1")
    assert with_keywords.score > without.score
