"""The report as one self-contained HTML file: the essay with its evidence highlighted by point,
the balance and judgement, and a table of points per side.

Templates live in `marker/templates/` (the web page reuses the report fragment). Jinja2 escapes
every value, so essay and scheme text is always shown as text, never run as HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from marker.feedback import ALL_COVERED_NOTE, STILL_TO_MAKE, UNLINKED_NOTE, Feedback, PointFeedback, build_feedback
from marker.render import counted
from marker.report import ParagraphResult, Report

if TYPE_CHECKING:
    import jinja2

# Light backgrounds that keep dark text readable; "for" points in blues and greens, "against" in warm tones.
SIDE_COLOURS = {
    "for": ("#bfdbfe", "#a7f3d0", "#c7d2fe", "#99f6e4", "#bae6fd", "#d9f99d", "#ddd6fe"),
    "against": ("#fed7aa", "#fecdd3", "#fde68a", "#f5d0fe", "#fecaca", "#fbcfe8", "#e7e5e4"),
}


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph: plain text, or an evidence sentence for one or more points."""

    text: str
    points: tuple[str, ...] = ()
    partial: bool = False  # evidence only for partial points: the closest the essay comes
    other_side: str | None = None  # the first of its points on the other side, when it has points of both


def point_colours(points: Sequence[PointFeedback]) -> dict[str, str]:
    """A background colour per point id, cycling through its side's palette in scheme order."""
    colours, seen = {}, {"for": 0, "against": 0}
    for point in points:
        palette = SIDE_COLOURS[point.side]
        colours[point.id] = palette[seen[point.side] % len(palette)]
        seen[point.side] += 1
    return colours


def highlight(paragraph: ParagraphResult, points: Sequence[PointFeedback]) -> list[Span]:
    """Split a paragraph into spans, marking each sentence that is evidence for a point.

    Example:
        >>> [s.points for s in highlight(report.paragraphs[4], feedback.points)]  # doctest: +SKIP
        [(), ('A2',), ()]
    """
    marked: dict[str, list[PointFeedback]] = {}
    for point in points:
        for evidence in point.highlighted:
            if evidence.paragraph == paragraph.index:
                marked.setdefault(evidence.sentence, []).append(point)
    found = sorted(
        (start, sentence) for sentence in marked if (start := paragraph.text.find(sentence)) >= 0
    )
    spans, position = [], 0
    for start, sentence in found:
        if start < position:  # overlaps the previous mark
            continue
        if start > position:
            spans.append(Span(paragraph.text[position:start]))
        owners = sorted(marked[sentence], key=lambda p: p.status != "covered")  # colour by a covered point
        other_side = next((p.id for p in owners if p.side != owners[0].side), None)
        spans.append(Span(sentence, tuple(p.id for p in owners), all(p.status == "partial" for p in owners), other_side))
        position = start + len(sentence)
    if position < len(paragraph.text):
        spans.append(Span(paragraph.text[position:]))
    return spans


@functools.lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    """The Jinja2 environment of marker's templates, with autoescaping on for every template."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("marker", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["counted"] = counted
    return environment


def report_context(feedback: Feedback) -> dict[str, Any]:
    """What the report templates need: the feedback, colours, and each paragraph's spans."""
    unlinked = {p.index for p in feedback.unlinked}
    return {
        "fb": feedback,
        "unlinked_note": UNLINKED_NOTE,
        "all_covered_note": ALL_COVERED_NOTE,
        "still_to_make": STILL_TO_MAKE,
        "colours": point_colours(feedback.points),
        "points_by_id": {p.id: p for p in feedback.points},
        "paragraphs": [
            {"index": p.index, "spans": highlight(p, feedback.points), "unlinked": p.index in unlinked}
            for p in feedback.report.paragraphs
        ],
    }


def render_html(report: Report, *, hints_only: bool = False) -> str:
    """The report as a self-contained HTML document (styles inline, no scripts, no external files).

    Example:
        >>> Path("report.html").write_text(render_html(report))  # doctest: +SKIP
    """
    return render_feedback_html(build_feedback(report, hints_only=hints_only))


def render_feedback_html(feedback: Feedback, *, student: str | None = None) -> str:
    """`render_html` of feedback already built; `student` names whose essay it is (in a class set)."""
    return template_environment().get_template("report.html").render({**report_context(feedback), "student": student})
