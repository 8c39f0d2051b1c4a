"""Turning a `Report` into text for people (terminal, Markdown) or programs (JSON)."""

from __future__ import annotations

from typing import Literal

from marker.report import Report

Format = Literal["text", "json", "md"]
FORMATS: tuple[Format, ...] = ("text", "json", "md")


def render(report: Report, fmt: Format, *, width: int = 100, color: bool = False) -> str:
    """The report as a string in the given format.

    Example:
        >>> print(render(report, "md"))  # doctest: +SKIP
    """
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "md":
        from marker.render.markdown import render_markdown

        return render_markdown(report)
    if fmt == "text":
        from marker.render.terminal import render_text

        return render_text(report, width=width, color=color)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
