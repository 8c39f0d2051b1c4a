"""Writing a batch's tables: CSVs for spreadsheets, the full JSON, and the class page.

Every file is written atomically (to a temporary file in the same folder, then renamed), so a
stopped batch never leaves half a file. CSVs are UTF-8 with a byte-order mark, which Excel needs
to show accents; a text cell that starts like a formula (`=`, `+`, `-`, `@`) gets a leading `'`
so that a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

from marker.atomic import atomic_open, atomic_write_text
from marker.errors import SchemeError
from marker.schemes import SIDES, Scheme

if TYPE_CHECKING:
    from marker.batch import BatchResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


FLAG_COLUMNS = ("words", "balance", "conclusion", "please_check")  # `Feedback.flags`


_COUNTS = tuple((side, count) for side in SIDES for count in ("covered", "partial", "total"))  # of `Report.summary`
COUNT_COLUMNS = tuple(f"{side}_{count}" for side, count in _COUNTS)
ESSAY_COLUMNS = ("student", "file", *COUNT_COLUMNS, *FLAG_COLUMNS)  # before one column per point


def results_header(result: BatchResult) -> list[str]:
    """The columns of results.csv: student, file, counts per side, the essay's flags (words,
    balance, conclusion, please_check), then one status column per point."""
    return [*ESSAY_COLUMNS, *result.scheme.point_ids]


def check_point_columns(scheme: Scheme) -> None:
    """Refuse a scheme whose point id would repeat a results.csv column (a point called "balance").

    Raises:
        SchemeError: naming the point and what to do.
    """
    taken = {column.casefold() for column in ESSAY_COLUMNS}
    clashes = [point_id for point_id in scheme.point_ids if point_id.casefold() in taken]
    if clashes:
        raise SchemeError(scheme.id, [f"point {point_id!r}: its id is also a column of results.csv; give the point "
                                      "another id, such as F1 or A2" for point_id in clashes])


def write_results_csv(result: BatchResult, path: Path) -> None:
    """One row per essay: student, file, covered/partial/total per side, flags, each point's status."""
    with atomic_open(path, encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(results_header(result))
        for essay in result.essays:
            counts = [essay.summary[side][count] for side, count in _COUNTS]
            statuses = {p.id: p.status for p in essay.points}
            writer.writerow([spreadsheet_safe(essay.student), spreadsheet_safe(essay.file), *counts,
                             *(essay.flags[column] for column in FLAG_COLUMNS),
                             *(statuses.get(point_id, "") for point_id in result.scheme.point_ids)])


def write_points_csv(result: BatchResult, path: Path) -> None:
    """One row per essay and point: student, point, side, status, score, evidence sentence."""
    with atomic_open(path, encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "point", "side", "status", "score", "evidence"])
        for essay in result.essays:
            for p in essay.points:
                writer.writerow([spreadsheet_safe(essay.student), p.id, p.side, p.status, f"{p.score:.4f}",
                                 spreadsheet_safe(p.evidence)])


def write_errors_csv(result: BatchResult, path: Path) -> None:
    """One row per input that could not be marked: file, reason."""
    with atomic_open(path, encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(["file", "reason"])
        for failure in result.failures:
            writer.writerow([spreadsheet_safe(failure.file), spreadsheet_safe(failure.reason)])


def write_results_json(result: BatchResult, path: Path) -> None:
    """{"scheme", "essays": [{"student", "file", "flags", "report": Report.to_dict()}], "errors"}, one record in
    memory at a time."""
    with atomic_open(path) as file:
        scheme = {"id": result.scheme.id, "question": result.scheme.question}
        file.write(f'{{"scheme": {json.dumps(scheme, ensure_ascii=False)},\n "essays": [')
        for n, record_path in enumerate(result.record_paths()):
            record = json.loads(record_path.read_text(encoding="utf-8"))
            essay = {"student": record["student"], "file": record["file"], "flags": record["flags"],
                     "report": record["report"]}
            file.write(("," if n else "") + "\n  " + json.dumps(essay, ensure_ascii=False))
        errors = [{"file": f.file, "reason": f.reason} for f in result.failures]
        file.write(f'\n ],\n "errors": {json.dumps(errors, ensure_ascii=False)}}}\n')


def write_batch_tables(result: BatchResult) -> None:
    """Write every table of the batch into `result.out`."""
    from marker.render.classpage import class_page_html

    write_results_csv(result, result.out / "results.csv")
    write_points_csv(result, result.out / "points.csv")
    write_errors_csv(result, result.out / "errors.csv")
    write_results_json(result, result.out / "results.json")
    atomic_write_text(result.out / "class.html", class_page_html(result))
