"""One student's report as a self-contained HTML page, for the `reports/` folder of a batch."""

from __future__ import annotations

from marker.render.page import esc, html_page, status_cell
from marker.report import Report
from marker.schemes import SIDES

SIDE_TITLE = {"for": "Arguments for", "against": "Arguments against"}


def _side_table(report: Report, side: str) -> str:
    counts = report.summary[side]
    rows = []
    for r in report.side(side):
        evidence = "<br>".join(
            f'¶{e.paragraph + 1}: <span class="evidence">“{esc(e.sentence)}”</span>' for e in r.evidence
        ) or '<span class="muted">—</span>'
        rows.append(
            f"<tr><th>{esc(r.id)}</th>{status_cell(r.status, r.status)}<td>{esc(r.status)}</td>"
            f'<td class="num">{r.score:.2f}</td><td>{esc(r.point.text)}</td><td>{evidence}</td></tr>'
        )
    return (
        f"<h2>{SIDE_TITLE[side]}: {counts['covered']} of {counts['total']} covered, {counts['partial']} partial</h2>\n"
        "<table><tr><th>Point</th><th></th><th>Status</th><th>Score</th><th>Mark-scheme point</th>"
        "<th>Evidence in the essay</th></tr>\n" + "\n".join(rows) + "</table>"
    )


def student_report_html(report: Report, student: str) -> str:
    """The report of one student's essay: points per side with evidence, then the essay's paragraphs.

    Example:
        >>> page = student_report_html(report, "Anna Smith")  # doctest: +SKIP
    """
    parts = [
        '<p><a href="../class.html">← Class overview</a></p>',
        f"<h1>{esc(student)}</h1>",
        f'<p>{esc(report.scheme.question)}<br><span class="muted">Scheme {esc(report.scheme.id)}, '
        f"scorer {esc(report.scorer)}</span></p>",
    ]
    parts += [_side_table(report, side) for side in SIDES if report.side(side)]
    parts.append("<h2>The essay</h2>")
    for paragraph in report.paragraphs:
        made = ", ".join(paragraph.points) or "no point of the scheme"
        parts.append(
            f'<p class="paragraph"><b>¶{paragraph.index + 1}</b> <span class="muted">(makes {esc(made)})</span><br>'
            f"{esc(paragraph.text)}</p>"
        )
    return html_page(f"{student}: {report.scheme.id}", "\n".join(parts))
