"""The report as Markdown, for pasting into notes or a learning platform."""

from __future__ import annotations

from marker.feedback import ALL_COVERED_NOTE, STILL_TO_MAKE, UNLINKED_NOTE, Feedback, PointFeedback, build_feedback
from marker.render import BALANCE_CHARS, BAR_CHARS, BAR_WIDTH, counted, shorten
from marker.report import Report

STATUS_MARK = {"covered": "✅ covered", "partial": "🟡 partial", "missing": "❌ missing"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (and never read as HTML)."""
    return " ".join(text.split()).replace("&", "&amp;").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _in_essay(point: PointFeedback) -> str:
    lines = [_cell(point.note)]
    lines += [f"¶{e.paragraph + 1}: “{_cell(e.sentence)}”" for e in point.evidence]
    if point.claims_to_add:
        lines += [STILL_TO_MAKE, *(f"• {_cell(claim)}" for claim in point.claims_to_add)]
    return "<br>".join(lines)


def _summary(feedback: Feedback) -> list[str]:
    lines = ["| Side | Coverage | Covered | Partial | Missing |", "| --- | --- | ---: | ---: | ---: |"]
    for side in feedback.sides:
        bar = "".join(char * n for char, n in zip(BAR_CHARS, side.cells(BAR_WIDTH)))
        lines.append(f"| {side.title} | `{bar}` | {side.covered} | {side.partial} | {side.missing} |")
    balance, judgement = feedback.balance, feedback.judgement
    shares = ""
    if balance.for_share is not None:
        for_cells, against_cells = balance.cells(BAR_WIDTH)
        shares = f"`{BALANCE_CHARS[0] * for_cells}{BALANCE_CHARS[1] * against_cells}` for {balance.for_share:.0%}, against {balance.against_share:.0%}. "
    checks = " · ".join(f"{'✅' if passed else '❌'} {label}{'' if passed else ' (not yet)'}" for label, passed in judgement.checks)
    warning = "⚠️ " if balance.one_sided else ""
    return lines + ["", f"**Balance:** {shares}{warning}{balance.message}", "", f"**Conclusion:** {checks}. {judgement.message}", ""]


def render_markdown(report: Report, *, hints_only: bool = False) -> str:
    """The report's feedback as Markdown.

    Example:
        >>> Path("feedback.md").write_text(render_markdown(report))  # doctest: +SKIP
    """
    feedback = build_feedback(report, hints_only=hints_only)
    meta = f"Mark scheme `{report.scheme.id}`, {counted(len(report.paragraphs), 'paragraph')}, scorer `{report.scorer}`"
    lines = [f"# {_cell(report.scheme.question)}", "", meta + (", hints only." if hints_only else "."), ""]
    if feedback.relevance:
        lines += [f"> ⚠️ **Please check:** {feedback.relevance}", ""]
    if feedback.layout:
        lines += [f"> **Paragraphs:** {feedback.layout}", ""]
    lines += _summary(feedback)
    for side in feedback.sides:
        lines += [
            f"## {side.title}: {side.covered} of {side.total} covered, {side.partial} partial",
            "",
            "| Point | Status | Mark-scheme point | In your essay |",
            "| --- | --- | --- | --- |",
        ]
        for point in feedback.side(side.side):
            lines.append(f"| **{point.id}** | {STATUS_MARK[point.status]} | {_cell(point.text)} | {_in_essay(point)} |")
        lines.append("")
    if feedback.unlinked:
        lines += [f"## {UNLINKED_NOTE}", ""]
        lines += [f"- ¶{p.index + 1}: “{_cell(shorten(p.text, 160))}”" for p in feedback.unlinked] + [""]
    if feedback.to_do:
        lines += ["## What to do next", ""] + [f"- **{p.id}** ({p.side}): {_cell(p.advice)}" for p in feedback.to_do] + [""]
    else:
        lines += [ALL_COVERED_NOTE, ""]
    return "\n".join(lines)
