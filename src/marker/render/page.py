"""The shell of marker's self-contained HTML pages: one inline stylesheet, no scripts, no links out.

Every piece of text put into a page goes through `html.escape` (the `esc` helper), so an essay
containing `<script>` shows as text.
"""

from __future__ import annotations

import html

STATUS_SYMBOL = {"covered": "✓", "partial": "~", "missing": "✗"}

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 80rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.covered { background: #b7e1b0; } td.partial { background: #fbe3a1; } td.missing { background: #f4b4b0; }
td.cell { text-align: center; min-width: 2rem; }
.bar { display: inline-flex; width: 8rem; height: 0.8rem; background: #eee; vertical-align: middle; }
.bar span { display: block; height: 100%; }
.for { background: #4a7fc1; } .against { background: #c1814a; } .missed { background: #d9534f; }
.muted { color: #666; } .evidence { font-style: italic; }
p.paragraph { max-width: 50rem; line-height: 1.5; }
"""


def esc(value: object) -> str:
    """`value` as text that HTML shows literally (quotes escaped too, for attributes)."""
    return html.escape(str(value), quote=True)


def html_page(title: str, body: str) -> str:
    """A complete self-contained HTML document; `title` is escaped here, `body` must already be."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def status_cell(status: str, tooltip: str = "") -> str:
    """A table cell coloured by status, with a symbol for readers who cannot tell the colours apart."""
    title = f' title="{esc(tooltip)}"' if tooltip else ""
    return f'<td class="cell {esc(status)}"{title}>{STATUS_SYMBOL.get(status, "?")}</td>'
