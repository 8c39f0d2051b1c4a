"""A readable terminal view of a mark scheme: its details, level descriptors and points by side."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from marker.feedback import SIDE_TITLE
from marker.schemes import SIDES, Point, Scheme

DETAIL_FIELDS = ("board", "level", "year", "topic", "marks")


def _point_cell(point: Point) -> Text:
    cell = Text(point.text)
    extras = [("keywords", point.keywords), ("also accepted", point.alternatives), ("AO", point.ao)]
    for label, values in extras:
        if values:
            cell.append(f"\n{label}: ", style="dim").append("; ".join(values), style="italic")
    return cell


def scheme_renderable(scheme: Scheme) -> RenderableType:
    """The scheme as rich renderables: a header, the levels (if any) and one table per side.

    Example:
        >>> from rich.console import Console  # doctest: +SKIP
        >>> Console().print(scheme_renderable(load_scheme("schemes/khrushchev-destalinisation.yaml")))  # doctest: +SKIP
    """
    header = Text()
    header.append(scheme.id, style="bold").append("\n").append(scheme.question)
    details = [f"{name}: {getattr(scheme, name)}" for name in DETAIL_FIELDS if getattr(scheme, name) is not None]
    if details:
        header.append("\n" + " · ".join(details), style="dim")
    parts: list[RenderableType] = [header]
    if scheme.levels:
        levels = Table("Level", "Marks", "Descriptor", title="Levels", title_justify="left", expand=True)
        for level in sorted(scheme.levels, key=lambda level: -level.level):
            levels.add_row(str(level.level), f"{level.marks[0]}-{level.marks[1]}", Text(level.descriptor))  # not markup
        parts.append(levels)
    for side in SIDES:
        points = scheme.side(side)
        table = Table("Point", "Text", title=f"{SIDE_TITLE[side]} ({len(points)})", title_justify="left", expand=True,
                      show_lines=True)
        for point in points:
            table.add_row(point.id, _point_cell(point))
        parts.append(table)
    for warning in scheme.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    return Group(*parts)
