"""The feedback in the terminal, Markdown and HTML reports, and through `marker check`."""

from __future__ import annotations

import html
import json
import re

import pytest

from marker.feedback import build_feedback
from marker.render import BALANCE_CHARS, BAR_CHARS, BAR_WIDTH, FORMATS, render
from marker.render.html import highlight

from conftest import EXAMPLE_ESSAY, run_marker

SCHEME_ID = "khrushchev-destalinisation"


@pytest.fixture(scope="module")
def report(real_marker, khrushchev, example_text):
    return real_marker.mark(example_text, khrushchev)


def test_html_is_one_self_contained_file(report):
    page = render(report, "html")
    assert page.startswith("<!doctype html>") and "<style>" in page
    for external in ("<script", "<link", "src=", "http://", "https://", "@import"):
        assert external not in page


def test_html_highlights_every_evidence_sentence_with_its_points(report):
    page = render(report, "html")
    marks = re.findall(r'<mark class="ev( partial)?" style="--c: (#[0-9a-f]{6})" data-points="([^"]+)" title="([^"]*)">(.*?)</mark>',
                       page, re.S)
    marked = {(html.unescape(text), point) for _, _, points, _, text in marks for point in points.split()}
    for result in report.points:
        for evidence in result.evidence:
            assert (evidence.sentence, result.id) in marked
    assert all(title.startswith(points.split()[0]) for _, _, points, title, _ in marks)  # hover names the point
    for point in report.points:  # the legend names every point that has evidence, linked to its row
        if point.evidence:
            assert f'<a class="key" href="#point-{point.id}"' in page and f'id="point-{point.id}"' in page


def test_highlight_spans_rebuild_the_paragraph(report):
    feedback = build_feedback(report)
    points = {point.id: point for point in feedback.points}
    for paragraph in report.paragraphs:
        spans = highlight(paragraph, feedback.points)
        assert "".join(span.text for span in spans) == paragraph.text
        for span in spans:
            for point_id in span.points:
                assert span.text in [e.sentence for e in points[point_id].evidence]
                assert points[point_id].status != "missing", "a missing point's near sentences are shown in its row only"
                assert span.partial == all(points[i].status == "partial" for i in span.points)


def test_html_escapes_essay_text(real_marker, khrushchev, example_text):
    essay = example_text + "\n\nIn conclusion, <script>alert(1)</script> & <b>bold</b> was largely effective, but limited."
    page = render(real_marker.mark(essay, khrushchev), "html")
    assert "<script>alert(1)" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_text_report_shows_bars_balance_judgement_and_points(report):
    text = render(report, "text", width=120)
    assert re.search(r"for \d+%", text)
    for expected in ("Arguments for", "Arguments against", "█", "Balance", "Conclusion", "has a conclusion",
                     "In your essay", "¶2"):
        assert expected in text
    assert all(point.id in text for point in report.points)
    assert "\x1b[" in render(report, "text", color=True)


def test_the_balance_bar_shows_both_sides_without_colour_in_other_cells_than_missing_points(report):
    balance = build_feedback(report).balance
    for_cells, against_cells = balance.cells(BAR_WIDTH)
    assert for_cells and against_cells, "the example essay argues both sides"
    assert BALANCE_CHARS[1] not in BAR_CHARS, "against is not drawn as a missing point is"
    bar = BALANCE_CHARS[0] * for_cells + BALANCE_CHARS[1] * against_cells
    assert re.search(rf"Balance\s+{bar}  for {balance.for_share:.0%}", render(report, "text", width=120))
    assert f"`{bar}` for {balance.for_share:.0%}" in render(report, "md")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_hints_only_leaves_out_the_wording_of_points_not_yet_covered(report, fmt):
    hidden = [r.point.text for r in report.points if r.status != "covered"]
    assert hidden, "the example essay should leave something not fully covered"
    full, hints = render(report, fmt, width=400), render(report, fmt, width=400, hints_only=True)
    first_claims = [r.claims[0].text for r in report.points if r.status != "covered"]
    assert all(claim in html.unescape(full) for claim in first_claims)
    assert not any(claim in html.unescape(hints) for claim in first_claims)
    assert "A point about: " in hints


def test_markdown_report(report):
    markdown = render(report, "md")
    assert markdown.startswith("# How effectively")
    assert "| Side | Coverage | Covered | Partial | Missing |" in markdown
    assert "**Balance:**" in markdown and "**Conclusion:**" in markdown
    assert "## Arguments for:" in markdown and "## Arguments against:" in markdown



@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_one_paragraph_essay_is_counted_as_one_paragraph(real_marker, khrushchev, fmt):
    one = real_marker.mark("The Secret Speech of 1956 denounced Stalin's crimes.", khrushchev)
    two = real_marker.mark("The Secret Speech of 1956 denounced Stalin's crimes.\n\nHungary was invaded.", khrushchev)
    assert re.search(r"\b1 paragraph\b", render(one, fmt)) and "1 paragraphs" not in render(one, fmt)
    assert "2 paragraphs" in render(two, fmt)

def test_an_essay_without_paragraph_breaks_is_told_that_its_paragraphs_are_parts_marker_cut(
        real_marker, khrushchev, example_text, report):
    one_block = real_marker.mark(" ".join(example_text.split()), khrushchev)
    assert one_block.chunked and one_block.to_dict()["chunked"] and len(one_block.paragraphs) > 1
    note = build_feedback(one_block).layout
    assert note.startswith(f"Your essay has no paragraph breaks, so marker cut it into {len(one_block.paragraphs)} parts")
    for fmt in ("text", "md", "html"):
        assert "Paragraphs:" in render(one_block, fmt) and "no paragraph breaks" in " ".join(render(one_block, fmt).split())
    assert not report.chunked and build_feedback(report).layout is None and "no paragraph breaks" not in render(report, "md")
    assert not real_marker.mark(_paragraphs_of(example_text), khrushchev).chunked, "paragraphs given are no chunks"


def test_notes_of_a_few_words_a_bullet_are_told_to_argue_their_points(real_marker, khrushchev):
    notes = real_marker.mark("- Secret Speech 1956\n- Gulag releases\n- Thaw in culture\n- KGB remained\n"
                             "- Hungary crushed 1956\n- Virgin Lands failed", khrushchev)
    note = build_feedback(notes).layout
    assert note is not None and note.startswith("Most of your essay is bullet points of a few words.")
    numbered = real_marker.mark("1. The Secret Speech of 1956 attacked the cult\n2. Millions of Gulag prisoners were released "
                                "and rehabilitated\n3. The KGB still arrested dissidents in the 1960s\n4. Soviet tanks "
                                "crushed the Hungarian rising in 1956\n5. Thaw in the arts\n6. Virgin Lands failed", khrushchev)
    assert build_feedback(numbered).layout == note, "an item's number is no word"
    for fmt in ("text", "md", "html"):
        assert "bullet points of a few words" in " ".join(render(notes, fmt).split())
    argued = real_marker.mark(
        "- The Secret Speech of 1956 attacked Stalin's crimes and the cult of personality, which shocked the Party.\n"
        "- Millions of prisoners came home from the Gulag, so the terror of the Stalin years really ended.\n"
        "- The KGB still watched dissidents and the one-party state was never challenged.", khrushchev)
    prose_with_a_list = real_marker.mark(
        "Khrushchev's reforms changed the USSR in some ways but not in others, as the evidence below shows.\n\n"
        "The main changes were:\n- Secret Speech\n- Gulag releases\n\nThe limits were serious, because the KGB stayed "
        "and Hungary was crushed in 1956.\n\nOverall, de-Stalinisation was real but limited.", khrushchev)
    lines_of_prose = real_marker.mark(
        "Khrushchev's de-Stalinisation was real in some areas but limited in others, as this essay will show in turn.\n"
        "The changes were important:\n- Secret Speech 1956\n- prisoners released\n- statues removed\n"
        "- Stalingrad renamed\n- KGB under Party control\nHowever, the secret police still crushed dissent and "
        "churches were demolished, which shows that the state still controlled what people could believe.\n"
        "In conclusion, de-Stalinisation was effective only to a limited extent, because the one-party state survived.",
        khrushchev)
    for prose in (argued, prose_with_a_list, lines_of_prose):
        assert build_feedback(prose).layout is None, "most of the words are in prose"


def _paragraphs_of(text: str) -> list[str]:
    return [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]


def test_markdown_report_flags_unlinked_paragraphs_and_missing_points(real_marker, khrushchev):
    essay = ("The Secret Speech of 1956 denounced Stalin's crimes and changed attitudes.\n\n"
             "My favourite football team won the cup with <b>three</b> goals last season.\n\n"
             "Overall, the speech mattered.")
    feedback = build_feedback(real_marker.mark(essay, khrushchev))
    markdown = render(feedback.report, "md")
    assert [p.index for p in feedback.unlinked] == [1]
    assert "## Not linked to the mark scheme: check relevance" in markdown and "¶2: “My favourite football" in markdown
    assert "&lt;b&gt;three&lt;/b&gt;" in markdown and "<b>" not in markdown
    assert "## What to do next" in markdown and "You have not yet discussed" in markdown
    assert feedback.balance.one_sided == "for"


def test_check_writes_an_html_report(tmp_path):
    out = tmp_path / "report.html"
    result = run_marker("check", str(EXAMPLE_ESSAY), "--scheme", SCHEME_ID, "--format", "html", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert "html" in FORMATS and '<mark class="ev' in out.read_text(encoding="utf-8")


def test_check_hints_only_in_the_terminal_and_json_unchanged():
    hints = run_marker("check", str(EXAMPLE_ESSAY), "--scheme", SCHEME_ID, "--hints-only")
    assert hints.returncode == 0 and "· hints only" in " ".join(hints.stdout.decode().split())
    result = run_marker("check", str(EXAMPLE_ESSAY), "--scheme", SCHEME_ID, "--format", "json")
    assert result.returncode == 0 and set(json.loads(result.stdout)) >= {"scheme", "paragraphs", "points", "summary"}
