"""Feedback logic on hand-built reports (no model), and on the real example essay."""

from __future__ import annotations

import re

import pytest

from marker.feedback import ONE_SIDED_SHARE, SideSummary, assess_balance, build_feedback, judge_conclusion
from marker.keyterms import key_terms
from marker.render import render
from marker.report import ClaimCheck, Evidence, ParagraphResult, PointResult, Report
from marker.schemes import Scheme

SCHEME = Scheme.from_dict(
    {
        "id": "appeasement",
        "question": "How far was appeasement responsible for the outbreak of war in 1939?",
        "points": [
            {"id": "F1", "side": "for", "text": "The Munich Agreement of 1938 emboldened Hitler. Britain gave away the Sudetenland."},
            {"id": "F2", "side": "for", "text": "Rearmament was delayed; the RAF lacked fighters."},
            {"id": "A1", "side": "against", "text": "Hitler's ideology of Lebensraum made war likely whatever Britain did."},
            {"id": "A2", "side": "against", "text": "The Nazi-Soviet Pact of August 1939 freed Germany to invade Poland."},
        ],
    }
)


def make_report(paragraphs: list[str], statuses: dict[str, tuple[str, list[int]]], made: dict[str, list[bool]] | None = None,
                near: dict[str, int] | None = None) -> Report:
    """A report where each point has the given status and evidence paragraphs (first sentence of each);
    a point's claims are best matched in its first evidence paragraph, else in `near`'s (paragraph 0)."""
    made, near = made or {}, near or {}
    paragraph_points: dict[int, list[str]] = {i: [] for i in range(len(paragraphs))}
    results = []
    for point in SCHEME.points:
        status, where = statuses.get(point.id, ("missing", []))
        if status == "covered":
            for i in where:
                paragraph_points[i].append(point.id)
        evidence = tuple(Evidence(i, paragraphs[i].split(". ")[0].rstrip(".") + ".", 0.7) for i in where)
        claims = [c + "." for c in re.split(r"[.;]\s+", point.text.rstrip("."))]
        flags = made.get(point.id, [status == "covered"] * len(claims))
        best = where[0] if where else near.get(point.id, 0)
        results.append(
            PointResult(point, status, 0.7 if where else 0.2, tuple(where) if status == "covered" else (), evidence,
                        tuple(ClaimCheck(c, 0.6, f, best, paragraphs[best]) for c, f in zip(claims, flags)))
        )
    paragraph_results = tuple(
        ParagraphResult(i, text, (text,), {p.id: 0.1 for p in SCHEME.points}, tuple(paragraph_points[i]))
        for i, text in enumerate(paragraphs)
    )
    return Report(SCHEME, paragraph_results, tuple(results), "hand-built")


ESSAY = [
    "Appeasement gave Hitler confidence. At Munich in 1938 Britain handed over the Sudetenland.",
    "Hitler always wanted living space in the east. War was his aim from the start.",
    "The Spanish Civil War saw new tactics used. Guernica was bombed.",
    "In conclusion, appeasement was largely to blame, but Hitler's aims mattered more than British policy.",
]


def test_counts_advice_and_evidence_per_point():
    report = make_report(ESSAY, {"F1": ("covered", [0]), "F2": ("partial", [0]), "A1": ("covered", [1, 3])},
                         made={"F2": [True, False]})
    feedback = build_feedback(report)
    assert [(s.side, s.covered, s.partial, s.missing) for s in feedback.sides] == [("for", 1, 1, 0), ("against", 1, 0, 1)]
    f1, f2, a1, a2 = feedback.points
    assert f1.advice == "You make this point in paragraph 1." and f1.evidence[0].sentence in ESSAY[0]
    assert a1.advice == "You make this point in paragraphs 2 and 4."
    assert f2.status == "partial" and f2.claims_to_add == ("The RAF lacked fighters.",), "a claim cut at \";\" is capitalised"
    assert "paragraph 1" in f2.advice
    assert a2.advice.startswith("You have not yet discussed") and "Nazi-Soviet Pact" in a2.advice


def test_a_partial_point_says_what_is_still_to_make_and_a_missing_one_with_a_matched_claim_that_it_comes_close():
    report = make_report(ESSAY, {"F2": ("partial", [0])}, made={"F2": [True, False], "A2": [True]}, near={"A2": 2})
    feedback = build_feedback(report)
    _, f2, a1, a2 = feedback.points
    assert f2.advice == "You touch on this in paragraph 1, but do not make it fully yet. Still to make: The RAF lacked fighters."
    assert f2.note == "You touch on this in paragraph 1, but do not make it fully yet.", "the row lists the claims below it"
    assert (a2.note, a1.note) == ("Not yet made, though your essay comes close to part of it in paragraph 3.",
                                  "Not yet discussed.")
    assert [(e.paragraph, e.sentence) for e in a2.evidence] == [(2, ESSAY[2])] and not a1.evidence, "it shows the sentence"
    assert 2 not in [p.index for p in feedback.unlinked], "a paragraph that comes close to a point is linked to it"
    page = render(report, "html")
    assert ESSAY[2] in page and '<a class="key" href="#point-A2"' not in page, "quoted in A2's row, not highlighted"
    for framing in (0, 3):  # the introduction and the conclusion restate the arguments: they come close to nothing
        restated = build_feedback(make_report(ESSAY, {}, made={"A2": [True]}, near={"A2": framing})).points[3]
        assert restated.note == "Not yet discussed." and not restated.evidence
    opposite = make_report(ESSAY, {"F1": ("covered", [2])}, made={"A2": [True]}, near={"A2": 2})
    assert build_feedback(opposite).points[3].note == "Not yet discussed.", "a paragraph that argues the other side"
    for fmt in ("text", "md", "html"):
        assert render(report, fmt).count("Still to make:") == 2, "in F2's row, and in What to do next"
    for fmt in ("md", "html"):  # (the terminal's table wraps the words of a row)
        assert "comes close to part of it" in render(report, fmt).split("What to do next")[0], "said in A2's row too"
    assert a2.advice == f"You have not yet made this point (paragraph 3 comes close to part of it): {SCHEME.points[3].text}", (
        "the colon introduces the scheme's point, not a quotation of the essay")
    assert a1.advice.startswith("You have not yet discussed this point:"), "no claim of A1 is matched"
    _, f2_hint, _, a2_hint = build_feedback(report, hints_only=True).points
    assert f2_hint.advice.endswith(f"Still to make: claims about {f2_hint.claims_to_add[0]}.") and "RAF" in f2_hint.advice
    assert a2_hint.advice.startswith("You have not yet made a point about ") and a2_hint.advice.endswith(
        "(paragraph 3 comes close to part of it).")
    assert SCHEME.points[3].text not in a2_hint.advice


def test_hints_only_hides_the_wording_of_points_not_yet_covered():
    report = make_report(ESSAY, {"F1": ("covered", [0]), "F2": ("partial", [0])}, made={"F2": [True, False]})
    feedback = build_feedback(report, hints_only=True)
    f1, f2, _, a2 = feedback.points
    assert f1.text == SCHEME.points[0].text  # covered: the student made it already
    assert a2.text.startswith("A point about: ") and "Nazi-Soviet Pact" in a2.text and "1939" not in a2.text
    assert SCHEME.points[3].text not in a2.advice and "Nazi-Soviet Pact" in a2.advice
    assert "the RAF lacked fighters." not in f2.claims_to_add and "RAF" in f2.claims_to_add[0]


@pytest.mark.parametrize(
    ("for_counts", "against_counts", "one_sided"),
    [((4, 0, 0), (0, 0, 4), "for"), ((0, 1, 3), (3, 1, 0), "against"), ((2, 1, 1), (2, 0, 2), None),
     ((3, 0, 2), (1, 0, 4), "for"), ((1, 0, 4), (3, 0, 2), "against")],  # exactly 75% either way (0.6 / 0.8)
)
def test_balance_flags_a_one_sided_essay(for_counts, against_counts, one_sided):
    balance = assess_balance((SideSummary("for", *for_counts), SideSummary("against", *against_counts)))
    assert balance.one_sided == one_sided
    assert balance.message.startswith("One-sided" if one_sided else "Balanced")
    assert balance.for_share is not None and balance.for_share + balance.against_share == pytest.approx(1.0)
    assert (balance.for_share >= ONE_SIDED_SHARE or balance.for_share <= 1 - ONE_SIDED_SHARE) == bool(one_sided)


def test_balance_without_any_coverage_or_with_one_side_only():
    assert assess_balance((SideSummary("for", 0, 0, 3), SideSummary("against", 0, 0, 3))).for_share is None
    assert "one side only" in assess_balance((SideSummary("for", 2, 0, 1),)).message
    one_partial = assess_balance((SideSummary("for", 0, 0, 3), SideSummary("against", 0, 1, 2)))
    assert one_partial.for_share is None and one_partial.one_sided is None and "too little" in one_partial.message
    assert assess_balance((SideSummary("for", 0, 0, 3), SideSummary("against", 1, 0, 2))).one_sided == "against"


def test_side_bar_cells_add_up_to_the_width():
    assert SideSummary("for", 1, 1, 1).cells(20) == (7, 6, 7)
    assert sum(SideSummary("against", 3, 0, 4).cells(13)) == 13


@pytest.mark.parametrize(
    ("conclusion", "concludes", "weighs", "judges"),
    [
        ("In conclusion, appeasement was largely to blame, but Hitler's aims mattered more.", True, True, True),
        ("Overall, appeasement was a policy of the 1930s.", True, False, False),
        ("To conclude, appeasement was the most important cause.", True, False, True),
        ("The Spanish Civil War saw new tactics used.", False, False, False),
        ("Appeasement failed, although Hitler was always the aggressor.", True, True, True),
        ("In conclusion, I agree with the view, because the arguments for it are stronger than those against.",
         True, True, True),
        ("Overall, I disagree: the main reason for war was Hitler's aims.", True, False, True),
        ("To conclude, the evidence against outweighs the evidence for, because the Nazi-Soviet Pact made war certain.",
         True, True, True),
        ("Overall, appeasement bought time, but it was unlikely to be the best way to stop Hitler.", True, True, True),
        ("In conclusion, appeasement was not a fully adequate answer to Hitler.", True, False, True),
        ("- Virgin Lands failed", False, False, False),
        ("Conclusion: appeasement was partly to blame.", True, False, True),
        ("However, the Spanish Civil War saw new tactics used.", False, False, False),
    ],
)
def test_judgement_heuristic_on_the_final_paragraph(conclusion, concludes, weighs, judges):
    judgement = judge_conclusion(make_report(ESSAY[:3] + [conclusion], {"F1": ("covered", [0])}))
    assert (judgement.concludes, judgement.weighs, judgement.judges) == (concludes, weighs, judges)
    assert judgement.paragraph == 3 and judgement.reached == (concludes and weighs and judges)


def test_a_final_paragraph_linked_to_both_sides_weighs_them():
    report = make_report(ESSAY[:3] + ["Overall, Munich mattered and Hitler's aims mattered."],
                         {"F1": ("covered", [3]), "A1": ("covered", [3])})
    assert judge_conclusion(report).weighs


def test_a_conclusion_worded_as_a_judgement_is_not_praised_in_an_essay_that_makes_no_point():
    conclusion = "In conclusion, I agree with the view, because the arguments for it are stronger than those against."
    judgement = judge_conclusion(make_report(ESSAY[:3] + [conclusion], {}))
    assert judgement.concludes and not judgement.weighs and not judgement.reached, "with no point made, nothing to weigh"
    assert not judgement.judges, "nor a judgement to praise"
    assert judgement.message.startswith("The essay does not yet make the scheme's points, so its conclusion")
    praised = judge_conclusion(make_report(ESSAY[:3] + [conclusion], {"A1": ("partial", [1])}))
    assert praised.message == "Your conclusion weighs both sides and reaches a judgement."


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_format_says_when_all_is_covered_and_which_checks_are_not_yet_met(fmt):
    everything = make_report(ESSAY, {point.id: ("covered", [0]) for point in SCHEME.points})
    assert "Every point of the scheme is covered." in render(everything, fmt)
    no_conclusion = render(make_report(ESSAY[:3] + ["Guernica was bombed in 1937."], {}), fmt)
    assert no_conclusion.count("(not yet)") == 3, "has a conclusion, weighs, judges: each marked not yet"


def test_the_html_report_has_a_page_heading_and_names_only_sides_with_highlights():
    page = render(make_report(ESSAY, {"F1": ("covered", [0])}), "html")
    assert re.search(r"<h1[^>]*>", page) and page.index("<h1") < page.index("<h2")
    legend = page[page.index('<div class="legend"'):page.index('<div class="essay"')]
    assert '<span class="side">for:</span>' in legend and "against:" not in legend
    assert re.search(r'aria-label="for \d+%, against \d+%"', render(make_report(ESSAY, {
        "F1": ("covered", [0]), "F2": ("partial", [0]), "A1": ("covered", [1])}), "html")), "whole percentages, as shown"


def test_the_word_count_leaves_out_bullets_and_dashes():
    report = make_report(["- Munich 1938 - Hitler was emboldened", "- RAF short of fighters — rearmament late"], {})
    assert build_feedback(report).words == 11


def test_a_one_paragraph_essay_has_no_conclusion():
    judgement = judge_conclusion(make_report(ESSAY[:1], {}))
    assert judgement.paragraph is None and not judgement.reached and "end with a conclusion" in judgement.message
    run_in = judge_conclusion(make_report([f"{ESSAY[0]} {ESSAY[3]}"], {}))
    assert "give your conclusion a paragraph of its own" in run_in.message, "a conclusion run into the one paragraph"


def test_paragraphs_linked_to_no_point_are_flagged_except_the_introduction_and_conclusion():
    feedback = build_feedback(make_report(ESSAY, {"F1": ("covered", [0]), "A1": ("covered", [1])}))
    assert [p.index for p in feedback.unlinked] == [2]
    assert [p.index for p in build_feedback(make_report(ESSAY, {"A1": ("covered", [1])})).unlinked] == [2]
    two_paragraphs = make_report(ESSAY[2:4], {"A1": ("covered", [1])})
    assert [p.index for p in build_feedback(two_paragraphs).unlinked] == [0], "no introduction to leave out"


def test_an_essay_written_for_another_question_gets_a_relevance_note(example_text):
    khrushchev_essay = [p for p in example_text.split("\n\n") if p.strip()]
    note = build_feedback(make_report(khrushchev_essay, {})).relevance
    assert note is not None and "check that your essay answers this question" in note
    assert build_feedback(make_report(ESSAY, {})).relevance is None, "too few words to judge"
    assert "Please check:" in render(make_report(khrushchev_essay, {}), "md")


def test_key_terms_prefer_names_and_dates_and_skip_the_question_topic():
    terms = key_terms(SCHEME.points[3].text, SCHEME)
    assert "Nazi-Soviet Pact" in terms and "August" not in terms
    assert "1939" not in terms  # the question's own date says nothing about this point
    assert key_terms("Rearmament was delayed; the RAF lacked fighters.", SCHEME) == [
        "rearmament", "delayed", "RAF", "lacked", "fighters"]  # in the order of the text
    assert "Lebensraum" in key_terms(SCHEME.points[2].text, SCHEME, limit=2)
    assert "Poland" in terms and "poland" not in terms, "a name past the first three keeps its capital"
    assert "remained" not in key_terms("The one-party state remained in place.", SCHEME), "a common verb is no hint"
    named = Scheme.from_dict({**SCHEME.model_dump(exclude_none=True), "points": [
        *SCHEME.model_dump()["points"], {"id": "A3", "side": "against", "text": "Dominions resisted de-Rearmament."}]})
    assert "de-Rearmament" in key_terms("Dominions resisted de-Rearmament.", named)


def test_feedback_on_the_example_essay(real_marker, khrushchev, example_text):
    feedback = build_feedback(real_marker.mark(example_text, khrushchev), hints_only=True)
    assert sum(s.covered for s in feedback.sides) >= 4
    assert feedback.balance.one_sided is None and feedback.judgement.reached and feedback.relevance is None
    paragraphs = {p.index: p.text for p in feedback.report.paragraphs}
    for point in feedback.points:
        assert all(e.sentence in paragraphs[e.paragraph] for e in point.evidence)
        if point.status != "covered":
            assert point.text.startswith("A point about: ") and point.text != khrushchev.point(point.id).text


def test_what_to_do_next_lists_missing_then_partial_points_in_every_format():
    report = make_report(ESSAY, {"F1": ("covered", [0]), "F2": ("partial", [0])}, made={"F2": [True, False]})
    assert [p.id for p in build_feedback(report).to_do] == ["A1", "A2", "F2"]
    for fmt in ("text", "md", "html"):
        section = render(report, fmt).split("What to do next", 1)[1]
        assert "F2" in section and "A2" in section and "F1" not in section, fmt


def test_the_terminal_report_gives_a_missing_point_in_full_at_80_columns(real_marker, khrushchev, example_text):
    from marker.render.terminal import render_text

    report = real_marker.mark(example_text, khrushchev)
    missing = [r.point.text for r in report.points if r.status == "missing"]
    assert missing and max(len(text) for text in missing) > 220, "the example has a long missing point"
    shown = " ".join(render_text(report, width=80).split())
    assert all(" ".join(text.split()) in shown for text in missing)


def test_a_sentence_that_is_evidence_for_both_sides_is_coloured_for_both():
    from marker.render.html import highlight

    report = make_report(ESSAY, {"F1": ("covered", [0]), "A1": ("covered", [0])})
    spans = highlight(report.paragraphs[0], build_feedback(report).points)
    assert spans[0].points == ("F1", "A1") and spans[0].other_side == "A1"
    page = render(report, "html")
    assert 'class="ev both"' in page and "--c2:" in page
