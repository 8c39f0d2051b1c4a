"""The report as Markdown, for pasting into notes or a learning platform."""

from __future__ import annotations

from marker.report import Report
from marker.schemes import SIDES

SIDE_TITLE = {"for": "Arguments for", "against": "Arguments against"}
STATUS_MARK = {"covered": "✅ covered", "partial": "🟡 partial", "missing": "❌ missing"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")


def render_markdown(report: Report) -> str:
    lines = [f"# {_cell(report.scheme.question)}", "", f"Scheme `{report.scheme.id}`, scorer `{report.scorer}`.", ""]
    for side in SIDES:
        results = report.side(side)
        if not results:
            continue
        counts = report.summary[side]
        lines += [
            f"## {SIDE_TITLE[side]}: {counts['covered']} of {counts['total']} covered, {counts['partial']} partial",
            "",
            "| Point | Status | Score | Evidence |",
            "| --- | --- | ---: | --- |",
        ]
        for r in results:
            evidence = "<br>".join(f"¶{e.paragraph + 1}: “{_cell(e.sentence)}”" for e in r.evidence) or "—"
            lines.append(f"| **{r.id}** {_cell(r.point.text)} | {STATUS_MARK[r.status]} | {r.score:.2f} | {evidence} |")
        lines.append("")
    missing = [r for r in report.points if r.status == "missing"]
    if missing:
        lines += ["## Not yet covered", ""] + [f"- **{r.id}** ({r.side}): {_cell(r.point.text)}" for r in missing] + [""]
    return "\n".join(lines)
