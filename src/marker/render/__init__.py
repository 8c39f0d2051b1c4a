"""Turning a `Report` into text for people (terminal, Markdown, HTML) or programs (JSON)."""

from __future__ import annotations

import json
from typing import Any, Literal

from marker.report import Report

Format = Literal["text", "json", "md", "html"]
FORMATS: tuple[Format, ...] = ("text", "json", "md", "html")

# Text bars: covered, partial, missing cells.
BAR_CHARS = ("█", "▒", "░")  # covered, partial, missing
BALANCE_CHARS = ("█", "▓")  # for, against: told apart without colour, and from the coverage bar's missing cells
BAR_WIDTH = 20


def counted(number: int, noun: str) -> str:
    """"1 paragraph", "2 paragraphs"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def shorten(text: str, limit: int) -> str:
    """`text`, cut to at most `limit` characters with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def report_data(report: Report) -> dict[str, Any]:
    """What the JSON report holds: `Report.to_dict()` and, under "feedback", what the student is told
    (`Feedback.to_dict()`: words, balance, conclusion, unlinked paragraphs, advice, "Please check")."""
    from marker.feedback import build_feedback

    return {**report.to_dict(), "feedback": build_feedback(report).to_dict()}


def render(report: Report, fmt: Format, *, width: int = 100, color: bool = False, hints_only: bool = False) -> str:
    """The report as a string in the given format.

    `hints_only` shows the points not yet covered as key terms instead of the scheme's wording
    (text, md and html; JSON always holds the full report, and the command line refuses
    `--hints-only` with it).

    Example:
        >>> print(render(report, "md", hints_only=True))  # doctest: +SKIP
    """
    if fmt == "json":
        return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        from marker.render.markdown import render_markdown

        return render_markdown(report, hints_only=hints_only)
    if fmt == "text":
        from marker.render.terminal import render_text

        return render_text(report, width=width, color=color, hints_only=hints_only)
    if fmt == "html":
        from marker.render.html import render_html

        return render_html(report, hints_only=hints_only)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
