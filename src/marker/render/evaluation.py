"""`marker eval` results as readable tables."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text


def _essay_table(result: dict[str, Any]) -> RenderableType:
    paragraph, essay = result["paragraph"], result["essay"]
    table = Table(title=f"{', '.join(result['data'])}: {result['essays']} essays, scorer {result['scorer']}",
                  title_justify="left")
    table.add_column("level", no_wrap=True)
    for column in ("precision", "recall", "F1", "avg precision", "accuracy", "judgements"):
        table.add_column(column, justify="right")
    table.add_row("paragraph x point", f"{paragraph['precision']:.3f}", f"{paragraph['recall']:.3f}",
                  f"{paragraph['f1']:.3f}", f"{paragraph['average_precision']:.3f}", "", str(paragraph["pairs"]))
    table.add_row("essay x point", f"{essay['precision']:.3f}", f"{essay['recall']:.3f}", f"{essay['f1']:.3f}",
                  "", f"{essay['accuracy']:.3f}", str(essay["judgements"]))
    points = Table(title="Per point (paragraph level)", title_justify="left")
    for column in ("point", "precision", "recall", "F1", "support"):
        points.add_column(column, justify="right" if column != "point" else "left")
    for key, row in paragraph["per_point"].items():
        points.add_row(key, f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}", str(row["support"]))
    notes = Text(
        f"Best-threshold paragraph F1 {paragraph['best_f1']:.3f} (at {paragraph['best_threshold']:.2f}; tuned on this data, "
        f"so optimistic). Stance errors: {paragraph['stance_errors']} (a paragraph making points of one side said to make "
        f"a point of the other). False positives in tricky essays: {result['tricky_false_positives']}.",
        style="dim",
    )
    return Group(table, points, notes)


def _key_point_table(result: dict[str, Any]) -> RenderableType:
    table = Table(title=f"{result['data']}: ArgKP-2021 Track 1 (plain AP, test-phase version), scorer {result['scorer']}",
                  title_justify="left")
    table.add_column("topic (stance)")
    table.add_column("AP strict", justify="right")
    table.add_column("AP relaxed", justify="right")
    for key in result["ap_strict"]:
        table.add_row(key, f"{result['ap_strict'][key]:.3f}", f"{result['ap_relaxed'][key]:.3f}")
    table.add_row(Text("mAP", style="bold"), f"{result['map_strict']:.3f}", f"{result['map_relaxed']:.3f}")
    return table


def evaluation_renderable(results: list[dict[str, Any]]) -> RenderableType:
    """One table group per evaluated data set."""
    return Group(*(_key_point_table(r) if "map_strict" in r else _essay_table(r) for r in results))
