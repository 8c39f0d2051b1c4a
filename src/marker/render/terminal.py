"""A readable terminal report built with rich: one table per side, then what is missing."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from marker.report import PointResult, Report
from marker.schemes import SIDES

STATUS_STYLE = {"covered": "bold green", "partial": "yellow", "missing": "red"}
SIDE_TITLE = {"for": "Arguments for", "against": "Arguments against"}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _side_table(report: Report, side: str) -> Table:
    counts = report.summary[side]
    table = Table(
        title=f"{SIDE_TITLE[side]}: {counts['covered']} of {counts['total']} covered, {counts['partial']} partial",
        title_justify="left", expand=True, show_lines=True,
    )
    table.add_column("Point", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Mark-scheme point", ratio=2)
    table.add_column("Evidence in the essay", ratio=3)
    for result in report.side(side):
        table.add_row(
            result.id,
            Text(result.status, style=STATUS_STYLE[result.status]),
            f"{result.score:.2f}",
            _shorten(result.point.text, 160),
            _evidence(result),
        )
    return table


def _evidence(result: PointResult) -> Text:
    if not result.evidence:
        return Text("—", style="dim")
    text = Text()
    for n, evidence in enumerate(result.evidence):
        if n:
            text.append("\n")
        text.append(f"¶{evidence.paragraph + 1} ", style="bold")
        text.append(f"“{_shorten(evidence.sentence, 220)}”", style="italic")
    return text


def report_renderable(report: Report) -> RenderableType:
    """The report as rich renderables, for printing to a console."""
    parts: list[RenderableType] = [
        Text(report.scheme.question, style="bold"),
        Text(f"Scheme {report.scheme.id} · {len(report.paragraphs)} paragraphs · scorer: {report.scorer}", style="dim"),
        Text(""),
    ]
    for side in SIDES:
        if report.side(side):
            parts += [_side_table(report, side), Text("")]
    missing = [r for r in report.points if r.status == "missing"]
    if missing:
        parts.append(Text("Not yet covered", style="bold red"))
        parts += [Text(f"  {r.id} ({r.side}): {_shorten(r.point.text, 140)}") for r in missing]
    else:
        parts.append(Text("Every point of the scheme is at least partly covered.", style="green"))
    return Group(*parts)


def render_text(report: Report, *, width: int = 100, color: bool = False) -> str:
    """The terminal report as a string (with ANSI colours when `color`)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    console.print(report_renderable(report))
    return buffer.getvalue()
