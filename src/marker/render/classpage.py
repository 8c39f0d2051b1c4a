"""The class overview of a batch (`class.html`): which points the class missed, and each student's essay.

One self-contained page: the points ranked by how many students missed them, the students to
look at first (those with fewer points than three quarters of the class, and every essay that may
answer another question), a heat map of students x points coloured by status (with the
for/against balance of each essay and a link to its report), and the inputs that could not be
marked. The page has one inline stylesheet and no
scripts or links out; every piece of text goes through `html.escape`, so a name or file name
containing `<script>` shows as text.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import quote

from marker.feedback import assess_balance, points_made, side_summaries
from marker.render import counted
from marker.schemes import SIDES

if TYPE_CHECKING:
    from marker.batch import BatchResult, MarkedEssay

LOOK_AT_FIRST_MIN_CLASS = 4  # in a smaller batch the heat map shows every student at a glance
STATUS_SYMBOL = {"covered": "✓", "partial": "~", "missing": "✗"}

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 80rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
table.heatmap tr:first-child th { position: sticky; top: 0; z-index: 1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.covered { background: #b7e1b0; } td.partial { background: #fbe3a1; } td.missing { background: #f4b4b0; }
td.cell { text-align: center; min-width: 2rem; }
.bar { display: inline-flex; width: 8rem; height: 0.8rem; background: #eee; vertical-align: middle; }
.bar span { display: block; height: 100%; }
.for { background: #4a7fc1; } .against { background: #c1814a; } .missed { background: #d9534f; }
.muted { color: #666; }
"""


def _esc(value: object) -> str:
    """`value` as text that HTML shows literally (quotes escaped too, for attributes)."""
    return html.escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    """A complete self-contained HTML document; `title` is escaped here, `body` must already be."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _status_cell(status: str, tooltip: str = "") -> str:
    """A table cell coloured by status, with a symbol for readers who cannot tell the colours apart."""
    title = f' title="{_esc(tooltip)}"' if tooltip else ""
    return f'<td class="cell {_esc(status)}"{title}>{STATUS_SYMBOL.get(status, "?")}</td>'


def _bar(parts: list[tuple[str, float]], tooltip: str) -> str:
    """A horizontal bar of coloured parts, each a (css class, fraction of the whole)."""
    spans = "".join(f'<span class="{css}" style="width:{100 * share:.1f}%"></span>' for css, share in parts)
    return f'<span class="bar" title="{_esc(tooltip)}">{spans}</span>'


def _missed_ranking(result: BatchResult) -> str:
    n = len(result.essays)
    counts = {p.id: {"covered": 0, "partial": 0, "missing": 0} for p in result.scheme.points}
    for essay in result.essays:
        for outcome in essay.points:
            counts[outcome.id][outcome.status] += 1
    ranked = sorted(result.scheme.points, key=lambda p: (-counts[p.id]["missing"], -counts[p.id]["partial"]))
    rows = []
    for point in ranked:
        c = counts[point.id]
        share = c["missing"] / n if n else 0.0
        rows.append(
            f"<tr><th>{_esc(point.id)}</th><td>{_esc(point.side)}</td><td>{_esc(point.text)}</td>"
            f'<td class="num">{c["missing"]}</td><td class="num">{c["partial"]}</td><td class="num">{c["covered"]}</td>'
            f"<td>{_bar([('missed', share)], f'{share:.0%} of the class missed {point.id}')}</td></tr>"
        )
    return (
        "<h2>Points most often missed</h2>\n<table><tr><th>Point</th><th>Side</th><th>Mark-scheme point</th>"
        "<th>Missed</th><th>Partial</th><th>Covered</th><th>Share of the class that missed it</th></tr>\n"
        + "\n".join(rows) + "</table>"
    )


def _balance(essay: MarkedEssay) -> str:
    """The essay's balance bar, as its own report works it out (a partial point counts half)."""
    balance = assess_balance(side_summaries(essay.summary))
    if balance.for_share is None:
        return _bar([], balance.message)
    return _bar([("for", balance.for_share), ("against", 1 - balance.for_share)], balance.message)


_CONCLUSION_NOTES = {"none": "no clear conclusion", "no weighing": "conclusion does not weigh the sides",
                     "no judgement": "conclusion reaches no judgement"}  # `Judgement.verdict`


def _notes(essay: MarkedEssay) -> str:
    """What a teacher may want to look at in an essay: one-sided, no conclusion, maybe off the question."""
    flags = essay.flags
    notes = [flags["balance"]] if flags["balance"].startswith("one-sided") else []
    notes += [_CONCLUSION_NOTES[flags["conclusion"]]] if flags["conclusion"] != "yes" else []
    notes += ["may answer another question"] if flags["please_check"] else []
    return "; ".join(notes)


def _to_look_at_first(result: BatchResult) -> str:
    """The students with fewer points than three quarters of the class (none where they tie), and
    every essay that may answer another question, fewest points first."""
    if len(result.essays) < LOOK_AT_FIRST_MIN_CLASS:
        return ""
    made = {essay.slug: points_made(side_summaries(essay.summary)) for essay in result.essays}
    upper_three_quarters = sorted(made.values())[len(result.essays) // 4]  # the fewest points among them
    chosen = sorted((essay for essay in result.essays
                     if made[essay.slug] < upper_three_quarters or essay.flags["please_check"]),
                    key=lambda essay: made[essay.slug])  # a stable sort: in class-list order within a count
    if not chosen:
        return ""
    total = len(result.scheme.points)
    rows = "\n".join(
        f'<tr><th>{_report_link(essay)}</th><td class="num">{made[essay.slug]:g} of {total}</td>'
        f"<td>{_esc(_notes(essay))}</td></tr>" for essay in chosen)
    return (
        f'<h2>Students to look at first ({len(chosen)})</h2>\n<p class="muted">Those with fewer points than three '
        "quarters of the class (a partial point counting half), and any essay that may answer another question, "
        f"fewest points first.</p>\n<table><tr><th>Student</th><th>Points</th><th>To look at</th></tr>\n{rows}</table>"
    )


def _report_link(essay: MarkedEssay) -> str:
    """The student's name, linking to their report (the file name shows on hover)."""
    return f'<a href="reports/{_esc(quote(essay.slug))}.html" title="{_esc(essay.file)}">{_esc(essay.student)}</a>'


def _heat_map(result: BatchResult) -> str:
    point_ids = result.scheme.point_ids
    header = "".join(f'<th title="{_esc(p.text)}">{_esc(p.id)}</th>' for p in result.scheme.points)
    rows = []
    for essay in result.essays:
        by_id = {p.id: p for p in essay.points}
        cells = "".join(
            _status_cell(by_id[i].status, f"{essay.student}, {i}: {by_id[i].status} ({by_id[i].score:.2f})")
            if i in by_id else "<td></td>"
            for i in point_ids
        )
        counts = "".join(
            f'<td class="num">{essay.summary[side]["covered"]}/{essay.summary[side]["total"]}</td>' for side in SIDES
        )
        rows.append(f'<tr><th>{_report_link(essay)}</th>{counts}<td>{_balance(essay)}</td>{cells}'
                    f'<td class="notes">{_esc(_notes(essay))}</td></tr>')
    return (
        '<h2>Heat map: students x points</h2>\n<p class="muted">✓ covered, ~ partial, ✗ missing; '
        "For and Against count the covered points of each side; the bar shows the essay's balance as in its "
        "report, a partial point counting half "
        '(<span class="for">&nbsp;for&nbsp;</span> <span class="against">&nbsp;against&nbsp;</span>).</p>\n'
        f'<table class="heatmap"><tr><th>Student</th><th>For</th><th>Against</th><th>Balance</th>{header}'
        "<th>To look at</th></tr>\n"
        + "\n".join(rows) + "</table>"
    )


def _failures(result: BatchResult) -> str:
    if not result.failures:
        return ""
    rows = "\n".join(f"<tr><td>{_esc(f.file)}</td><td>{_esc(f.reason)}</td></tr>" for f in result.failures)
    return (
        f"<h2>Not marked ({len(result.failures)})</h2>\n<p>These inputs are also listed in errors.csv.</p>\n"
        f"<table><tr><th>File</th><th>Why</th></tr>\n{rows}</table>"
    )


def class_page_html(result: BatchResult) -> str:
    """The class overview page of a batch.

    Example:
        >>> Path("marked/class.html").write_text(class_page_html(result))  # doctest: +SKIP
    """
    scheme = result.scheme
    counts = ", ".join([f"{counted(len(result.essays), 'essay')} marked", *result.failure_counts()])
    intro = (
        f"<h1>Class overview: {_esc(scheme.id)}</h1>\n<p>{_esc(scheme.question)}</p>\n"
        f"<p>{counts}. Open results.csv or points.csv in a spreadsheet for the full tables.</p>"
    )
    return _page(f"Class overview: {scheme.id}", "\n".join(
        [intro, _missed_ranking(result), _to_look_at_first(result), _heat_map(result), _failures(result)]))
