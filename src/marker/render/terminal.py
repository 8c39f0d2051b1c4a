"""A readable terminal report built with rich: a summary with bars, a table per side, then what to do next."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from marker.feedback import ALL_COVERED_NOTE, STILL_TO_MAKE, UNLINKED_NOTE, Feedback, PointFeedback, SideSummary, build_feedback
from marker.render import BALANCE_CHARS, BAR_CHARS, BAR_WIDTH, counted, shorten
from marker.report import Report

STATUS_STYLE = {"covered": "bold green", "partial": "yellow", "missing": "red"}
SIDE_STYLE = {"for": "blue", "against": "dark_orange"}


def _coverage_bar(summary: SideSummary) -> Text:
    cells = summary.cells(BAR_WIDTH)
    return Text.assemble(*((char * n, style) for char, n, style in zip(BAR_CHARS, cells, ("green", "yellow", "dim"))))


def _summary(feedback: Feedback) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for side in feedback.sides:
        counts = Text.assemble(
            (f"{side.covered} of {side.total} covered", "green"), " · ", (f"{side.partial} partial", "yellow"), " · ",
            (f"{side.missing} missing", "red" if side.missing else "dim"),
        )
        grid.add_row(side.title, Text.assemble(_coverage_bar(side), "  ", counts))
    balance = feedback.balance
    for_cells, against_cells = balance.cells(BAR_WIDTH)
    bar = Text.assemble((BALANCE_CHARS[0] * for_cells, SIDE_STYLE["for"]),
                        (BALANCE_CHARS[1] * against_cells, SIDE_STYLE["against"]))
    shares = f"  for {balance.for_share:.0%} · against {balance.against_share:.0%}" if balance.for_share is not None else ""
    grid.add_row("Balance", Text.assemble(bar, shares, "\n", (balance.message, "bold yellow" if balance.one_sided else "")))
    judgement = feedback.judgement
    checks = Text("   ").join(
        Text.assemble(("✓ " if passed else "✗ ", "green" if passed else "red"), label, "" if passed else " (not yet)")
        for label, passed in judgement.checks
    )
    grid.add_row("Conclusion", Text.assemble(checks, "\n", (judgement.message, "" if judgement.reached else "bold yellow")))
    return grid


def _in_essay(point: PointFeedback) -> Text:
    text = Text(point.note)
    for evidence in point.evidence:
        text.append(f"\n¶{evidence.paragraph + 1} ", style="bold")
        text.append(f"“{shorten(evidence.sentence, 220)}”", style="italic")
    if point.claims_to_add:
        text.append(f"\n{STILL_TO_MAKE}", style="bold")
        for claim in point.claims_to_add:
            text.append(f"\n• {claim}")
    return text


def _side_table(feedback: Feedback, side: SideSummary) -> Table:
    table = Table(
        title=f"{side.title}: {side.covered} of {side.total} covered, {side.partial} partial",
        title_justify="left", title_style="bold", expand=True, show_lines=True,
    )
    table.add_column("Point", no_wrap=True, style=SIDE_STYLE[side.side])
    table.add_column("Status", no_wrap=True)
    table.add_column("Mark-scheme point", ratio=2)
    table.add_column("In your essay", ratio=3)
    for point in feedback.side(side.side):
        status = Text(point.status, style=STATUS_STYLE[point.status])
        table.add_row(point.id, status, shorten(point.text, 200), _in_essay(point))
    return table


def feedback_renderable(feedback: Feedback) -> RenderableType:
    """The feedback as rich renderables, for printing to a console."""
    report = feedback.report
    meta = f"Mark scheme {report.scheme.id} · {counted(len(report.paragraphs), 'paragraph')} · scorer: {report.scorer}"
    parts: list[RenderableType] = [
        Text(report.scheme.question, style="bold"),
        Text(meta + (" · hints only" if feedback.hints_only else ""), style="dim"),
        Text(""),
        *([Text(f"Please check: {feedback.relevance}", style="bold yellow"), Text("")] if feedback.relevance else []),
        *([Text(f"Paragraphs: {feedback.layout}", style="yellow"), Text("")] if feedback.layout else []),
        _summary(feedback),
        Text(""),
    ]
    for side in feedback.sides:
        parts += [_side_table(feedback, side), Text("")]
    if feedback.unlinked:
        parts.append(Text(UNLINKED_NOTE, style="bold yellow"))
        parts += [Padding(Text(f"¶{p.index + 1} “{shorten(p.text, 120)}”"), (0, 0, 0, 2)) for p in feedback.unlinked]
        parts.append(Text(""))
    if feedback.to_do:
        parts.append(Text("What to do next", style="bold red"))
        parts += [Padding(Text(f"{p.id} ({p.side}): {p.advice}"), (0, 0, 0, 2)) for p in feedback.to_do]
    else:
        parts.append(Text(ALL_COVERED_NOTE, style="green"))
    return Group(*parts)


def report_renderable(report: Report, *, hints_only: bool = False) -> RenderableType:
    """The report's feedback as rich renderables.

    Example:
        >>> Console().print(report_renderable(report, hints_only=True))  # doctest: +SKIP
    """
    return feedback_renderable(build_feedback(report, hints_only=hints_only))


def render_text(report: Report, *, width: int = 100, color: bool = False, hints_only: bool = False) -> str:
    """The terminal report as a string (with ANSI colours when `color`).

    Example:
        >>> print(render_text(report, width=120))  # doctest: +SKIP
    """
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    console.print(report_renderable(report, hints_only=hints_only))
    return buffer.getvalue()
