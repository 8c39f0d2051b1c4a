"""Importing a mark scheme from a pasted extract: a board's PDF, a study site, a Word file, notes.

`marker.extract` reads the text (its module doc lists the rules); this module checks what it found
and turns it into a `Scheme`, or says clearly what was and was not found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marker.errors import SchemeError
from marker.extract import Extract, Heading, Item, parse_extract
from marker.render import counted
from marker.schemes import SIDES, Scheme, Side

ID_WORDS = 5
MAX_REPEATS_NAMED = 3
_ID_STOP_WORDS = frozenset(
    "the and did was were how far what extent why which that this with for from into you your agree view "
    "assess explain evaluate effectively successful significant important years".split()
)


@dataclass(frozen=True)
class ImportResult:
    """A scheme imported from an extract, with the record of what was found and what was not placed."""

    scheme: Scheme
    extract: Extract
    question_from_text: bool

    def headings_used(self, side: Side) -> list[Heading]:
        """The headings whose lists gave the points of one side, in order."""
        used = []
        for item in self.extract.points(side):
            if item.heading not in used:
                used.append(item.heading)
        return used  # type: ignore[return-value]

    def summary(self) -> list[str]:
        """What was found and what could not be placed, one line each, for people.

        Example:
            >>> import_extract("Who knows why it happened?\\nFor\\n- a\\nAgainst\\n- b").summary()[0]
            'Found 1 for and 1 against points.'
        """
        scheme, extract = self.scheme, self.extract
        found = f"Found {len(scheme.side('for'))} for and {len(scheme.side('against'))} against points"
        unplaced = f"; {counted(len(extract.unplaced), 'more bullet point')} could not be placed" if extract.unplaced else ""
        lines = [f"{found}{unplaced}."]
        origin = "from the text" if self.question_from_text else "as given"
        lines.append(f"Question ({origin}): {scheme.question}")
        for side in SIDES:
            for heading in self.headings_used(side):
                lines.append(f"{side}: under {_shorten(heading.text)!r} (line {heading.line})")
        if extract.unplaced:
            lines.append(f"Could not place {counted(len(extract.unplaced), 'bullet point')} (not under a for/against heading):")
            lines.extend(f"  line {item.line}: {_shorten(item.text)}" for item in extract.unplaced)
            lines.append("  To keep them, put them under a for or against heading and import again, or add them to "
                         "the scheme file.")
        if extract.skipped_lines:
            lines.append(f"Skipped {counted(extract.skipped_lines, 'line')} of other text (headings, prose, page furniture).")
        return lines


def slug(text: str, max_words: int | None = ID_WORDS) -> str:
    """A scheme id from a text: its main words (all its words when `max_words` is None), lower case.

    Example:
        >>> slug("How far was Mussolini's rise due to the weakness of his opponents?")
        'mussolini-rise-due-weakness-his'
    """
    words = re.findall(r"[a-z0-9]+", text.lower())
    if max_words is not None:
        words = [w for w in words if len(w) > 2 and w not in _ID_STOP_WORDS][:max_words]
    return "-".join(words) or "imported-scheme"


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _side_problem(extract: Extract, side: Side) -> str | None:
    """Why one side has no points, or None when it has some."""
    if extract.points(side):
        return None
    found = [f"{len(extract.points(s))} {s!r} points" for s in SIDES if extract.points(s)]
    headings = [h for h in extract.headings if h.side == side]
    if headings:
        where = ", ".join(f"{_shorten(h.text, 50)!r} (line {h.line})" for h in headings)
        why = f"the {side!r} heading {where} has no bullet points under it"
    else:
        examples = "'Against', 'Arguments challenging ...'" if side == "against" else "'In support', 'Arguments for ...'"
        why = f"no {side!r} heading (such as {examples}) was found above a list"
    return f"found {' and '.join(found)} but no {side!r} points: {why}"


def _duplicate_problems(extract: Extract) -> list[str]:
    """One line per repeated point (the same words, ignoring case and punctuation), the first few named."""
    seen: dict[str, Item] = {}
    repeats = []
    for item in extract.items:
        key = re.sub(r"[\W_]+", " ", item.text.casefold()).strip()
        if item.heading is not None and key in seen:
            repeats.append(f"at lines {seen[key].line} and {item.line} ({_shorten(item.text)!r})")
        seen.setdefault(key, item)
    if not repeats:
        return []
    shown = "; ".join(repeats[:MAX_REPEATS_NAMED])
    more = f"; and {len(repeats) - MAX_REPEATS_NAMED} more" if len(repeats) > MAX_REPEATS_NAMED else ""
    advice = "was the extract pasted twice?" if len(repeats) > MAX_REPEATS_NAMED else "remove the repeated copy"
    counted = "1 point appears" if len(repeats) == 1 else f"{len(repeats)} points appear"
    return [f"{counted} twice: {shown}{more}; {advice}"]


def _problems(extract: Extract) -> list[str]:
    """What stops the extract becoming a scheme, one readable line each."""
    if extract.side_by_side and not (extract.points("for") and extract.points("against")):
        where = f"line {extract.side_by_side[0]} has" if len(extract.side_by_side) == 1 else (
            f"lines {', '.join(map(str, extract.side_by_side))} have")
        return [f"{where} a 'for' and an 'against' heading side by side, a table's two columns, which do not "
                "paste as lists: copy each column on its own, under its heading"]
    if not extract.headings:
        bullets = f"found {extract.bullet_lines} bullet points but" if extract.bullet_lines else "found"
        return [
            f"{bullets} no for/against headings (such as 'Arguments supporting the view ...', 'In support', "
            "'Points for', 'Against', 'Evidence that disagrees'); put a heading line above each list"
        ]
    problems = [p for p in (_side_problem(extract, side) for side in SIDES) if p]
    if len(problems) == len(SIDES):
        headings = ", ".join(f"{h.side} {_shorten(h.text, 50)!r} (line {h.line})" for h in extract.headings)
        problems = [f"found the headings {headings} but no bullet points under them"]
    problems.extend(_duplicate_problems(extract))
    return problems


def import_extract(
    text: str, *, scheme_id: str | None = None, question: str | None = None, source: str = "<extract>"
) -> ImportResult:
    """Turn a pasted mark-scheme extract into a scheme, with a record of what was found.

    Arguments:
        text: the extract, as pasted (boiler-plate around it is fine).
        scheme_id: the scheme's id; by default made from the question's main words.
        question: the question, when the text does not state it (it wins over the text's).
        source: names the extract in error messages, e.g. its file name.

    Raises:
        SchemeError: the text is empty, has no for/against headings, only one side, a duplicated
            point, or no question; the message says what was and was not found.
        TypeError: the text is not a str (for a file, `marker scheme import FILE` reads .txt,
            .md, .docx and .pdf).

    Example:
        >>> result = import_extract("'Stalin ruled by fear.' How far do you agree?\\n\\nIn support\\n"
        ...     "1. The purges\\n2. The Gulag\\n\\nAgainst\\n1. Propaganda won loyalty")
        >>> [len(result.scheme.side(s)) for s in ("for", "against")], result.scheme.id
        ([2, 1], 'stalin-ruled-fear')
    """
    if not isinstance(text, str):
        raise TypeError(f"an extract is its text (a str), not {type(text).__name__}; for a file, run "
                        "`marker scheme import FILE`, which reads .txt, .md, .docx and .pdf")
    if not text.strip():
        raise SchemeError(source, ["the extract is empty: paste the mark scheme's lists of points for and against"])
    extract = parse_extract(text, question)
    problems = _problems(extract)
    question_text = question or extract.question
    if not question_text:
        problems.append("no question found (a line in quotes, one ending in '?', or an instruction such as "
                        "'Assess ...'); give it with --question")
    if problems:
        raise SchemeError(source, problems)
    points = [
        {"id": f"{side[0].upper()}{n}", "side": side, "text": item.text}
        for side in SIDES
        for n, item in enumerate(extract.points(side), start=1)
    ]
    data = {"id": scheme_id or slug(question_text), "question": question_text, **extract.details, "points": points}
    scheme = Scheme.from_dict(data, source=source)
    return ImportResult(scheme, extract, question_from_text=not question)


def import_scheme(text: str, *, scheme_id: str | None = None, question: str | None = None) -> Scheme:
    """The scheme in a pasted mark-scheme extract (see `import_extract` for the record of what was found).

    Example:
        >>> import marker
        >>> scheme = marker.import_scheme(open("extract.txt").read())  # doctest: +SKIP
        >>> print(scheme.to_yaml())  # doctest: +SKIP
    """
    return import_extract(text, scheme_id=scheme_id, question=question).scheme
