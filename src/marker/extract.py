"""Reading a pasted mark-scheme extract: its question, for/against headings and bullet points.

How the text is read (what `parse_extract` does):

1. A *side heading* is a heading line (at most `SIDE_HEADING_MAX_WORDS` words, ending with ":" or
   without final punctuation) in the wording boards and study sites use: "Arguments supporting the
   view that ...", "In support", "Points for", "Evidence that agrees", "Factors suggesting ...",
   "Points in agreement", "Candidates could argue for ...", "... is convincing" open the "for" list;
   "Arguments challenging ...", "Against", "Evidence that disagrees", "Evidence that does not
   support ...", "Limitations", "... is unconvincing" open the "against" list. "Strengths",
   "Advantages", "Benefits", "Yes" (for) and "Weaknesses", "Disadvantages", "Costs", "Criticisms",
   "No" (against) open a list only as the whole heading ("Strengths of the model" too; "Costs of
   the war" is a topic), and only where the other headings do not open both sides (else they are a
   list's topic sub-headings). A line holding a question ("... do you agree? [30 marks]") or a
   level descriptor is no heading. A bullet in those words with bullets indented
   under it is a side heading too (an outline). A heading naming both sides ("Arguments for
   and against") opens neither. A "for" heading that says "not" in its view ("supporting the view
   that he did not ...") opens the "against" list, unless the question says "not" too.
2. A *bullet* is a line opened by a star or other symbol, `*`, `-`, `+`, `•`, `·`, `o`, a number
   (`1.`, `1)`, `(1)`), a letter (`a)`, `(a)`, `a.`) or a roman numeral (`iv)`). The lines that
   follow a bullet directly belong to it (it runs over several lines) until a blank line, another
   bullet or a heading: a short title-like line such as "Economic factors", or any heading-like line
   after a finished sentence; but a line after one that stops on a word no sentence or bullet ends
   with ("of", "the", "and", "about", "following") always carries the bullet on, and so does a line
   that opens like a bullet of another kind than its list's when it does so, or is "v. ..."
   (versus), or is an en or em dash before a lower-case word. Page furniture ("Page 7 of 24", a bare
   page number, "© ...", a "MARK SCHEME" line in capitals or with a number) is skipped without
   ending the bullet or its list; a level descriptor ("Level 4 ...", "Band 2 ..."), "Credit other
   valid points" or "Other relevant material" ends the list. A bullet with no text is skipped and
   does not end its list. A point's text is its bullet's lines joined by spaces, otherwise as written; bullets indented under it (sub-bullets), and Word's and
   Google Docs' second- and third-level `o`, `▪`, `○`, `■` under a bullet of another kind, are added
   to it after a semicolon. A table pasted as text, with a "for" and an "against" heading side by
   side on one line, is no heading; where the lists are not found, it is reported
   (`Extract.side_by_side`).
3. Bullets belong to the nearest side heading above them. Text between a side heading and its first
   bullet (an introduction, an essay's prose) is skipped; once a list has begun, the first other
   line ends it, and bullets after that are reported as not placed until the next side heading: a
   topic sub-heading ("Economic factors", "Continuity") cannot be told from a page's "Related
   essays" or "Share", nor its side from its words. Everything outside the lists (site
   boiler-plate, advertising, "Extracts from Mark Schemes", "bottom of page") is skipped.
4. An extract with no bullets under any side heading (notes typed as paragraphs, a Word file read
   without its list marks) takes each paragraph under a side heading as a point; a short heading
   line ends the list. (`marker scheme import` reads a Word file's list items as "- " bullets.)
   But where everything under a side heading is one-line items, each opening with a capital (lines
   of at most `LINE_POINT_MAX_WORDS` words without a full stop, or sentences), with at least two
   without a full stop, each line is a point: a list typed without marks. A title line among them
   ("Economic Factors") is a sub-heading, skipped.
5. The question is the first line of `QUESTION_MIN_WORDS` words or more ending in "?" or standing
   in quotes (preferring one worded like an exam question: "How far ...", "To what extent ...",
   "Assess ..."), or else the first exam instruction of `INSTRUCTION_MIN_WORDS` words or more
   ("Assess the effectiveness of ..."), or else a shorter line ending in "?" ("Is homework useful?").
   An instruction may follow a clause ("Using Item C and your knowledge, evaluate ..."). A view in
   quotes or an instruction that does not end a sentence runs on into the next lines of text, up to
   `QUESTION_MAX_LINES` (a question wrapped in a PDF). A quoted view followed (on its line or the
   next) by "How far do you agree?" or "Assess the validity of this view." is joined to it, and a
   number before it ("0 1", "05.3", "Question 2:", "1.") is dropped. A trailing "[25 marks]",
   "(30)" or "[40]" gives `marks`.
   Lines such as "Level" / "A Level", "Topic: ..." before the lists fill in the scheme's details.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marker.schemes import SIDES, Side
from marker.segment import (
    ARROWS, BULLET_SYMBOLS, SENTENCE_END, SUB_BULLET_MARKS, indent_width, is_heading, is_title, normalise_breaks,
    runs_on)

SIDE_HEADING_MAX_WORDS = 25
LINE_POINT_MAX_WORDS = 25
QUESTION_MIN_WORDS = 4
INSTRUCTION_MIN_WORDS = 6
QUESTION_MAX_LINES = 3

_BULLET = re.compile(
    rf"^(?:[{BULLET_SYMBOLS}{ARROWS}]\ufe0f?\s*"
    r"|[*+\-–—]\s+|o[ \t]+"  # "o": Word's second-level bullet, as it pastes into plain text
    r"|\(?(?:\d{1,2}|[A-Za-z]|[ivx]{2,4})\)\s+"
    r"|(?:\d{1,2}|[a-z]|[ivx]{2,4})\.\s+)"
    r"(?=\S)"
)
_EMPTY_BULLET = re.compile(rf"^(?:[{BULLET_SYMBOLS}{ARROWS}]\ufe0f?|[*+\-–—]|\(?(?:\d{{1,2}}|[A-Za-z])[.)])$")
_LEAD_NOUN = r"(?:arguments?|argue|points?|evidence|factors?|reasons?|case|views?|ideas?|material|content|issues?|aspects?|examples?)"
_OF_THE_CLAIM = (  # "Strengths", "Strengths of the model": a side heading; "Costs of the war" is a topic
    r"(?:\s+of\s+(?:the|this)\s+(?:model|theory|explanation|approach|argument|view|study|research|policy|claim|statement))?")
_BARE_SIDE_HEADINGS: dict[Side, re.Pattern[str]] = {  # headings only where an extract has no others (rule 1)
    "for": re.compile(rf"^(?:strengths?|advantages?|benefits?){_OF_THE_CLAIM}$|^yes$", re.IGNORECASE),
    "against": re.compile(rf"^(?:weakness(?:es)?|disadvantages?|costs?|criticisms?){_OF_THE_CLAIM}$|^no$", re.IGNORECASE),
}
_NOT_AFTER = "".join(rf"(?<!\b{word} )" for word in "the their his her its our of popular public mass".split())
_FOR = re.compile(  # "support" after "the", "their", ... is a noun ("lost the support of the army"), not a cue
    rf"^for\b|\b{_LEAD_NOUN}\s+(?:\w+\s+)?for\b|\bin\s+(?:support|favou?r)\b|{_NOT_AFTER}\bsupport(?:s|ing)?\b|\bagree(?:s|ing)?\b"
    rf"|\bsuggest(?:s|ing)?\b|\bindicat(?:es|ing)\b|\bconfirm(?:s|ing)?\b|\bpros\b|(?:^|\b{_LEAD_NOUN}\s+)in\s+agreement\b"
    r"|\b(?:is|are)\s+convincing\b",
    re.IGNORECASE,
)
_AGAINST = re.compile(
    rf"^against\b|\b{_LEAD_NOUN}\s+(?:\w+\s+)?against\b|\bchalleng(?:e|es|ing)\b|\boppos(?:e|es|ing)\b"
    r"|\bdisagree(?:s|ing)?\b|\bcontradict(?:s|ing)?\b|\bcounter[- ]?arguments?\b|\bundermin(?:e|es|ing)\b"
    rf"|\brefut(?:e|es|ing)\b|\bcons\b|\blimitations?\b|(?:^|\b{_LEAD_NOUN}\s+)in\s+(?:disagreement|opposition)\b"
    r"|\b(?:is|are)\s+(?:unconvincing|not\s+convincing)\b|\bgo(?:es)?\s+against\b",
    re.IGNORECASE,
)
_FLIP = re.compile(r"\b(?:not|never|otherwise|the opposite)\b|n['’]t\b", re.IGNORECASE)
_NOT_A_NEGATION = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bnot only\b", re.IGNORECASE)
_BOTH_SIDES = re.compile(  # "Arguments for and against", "Strengths and weaknesses": a heading of neither side
    r"\b(?:for|support\w*|agree\w*|strengths?|advantages?|benefits?|pros)\s*(?:and|or|/|&)\s*"
    r"(?:against|challeng\w*|disagree\w*|weakness\w*|limitations?|disadvantages?|costs?|cons)\b", re.I)
_EXAM_QUESTION = re.compile(
    r"^(?:how (?:far|effectively|successful|significant|important|accurate|much|valid|convincing)|to what extent"
    r"|assess|evaluate|explain|why|discuss|examine|compare)\b|\bdo you agree\b",
    re.IGNORECASE,
)
_INSTRUCTION_WORDS = "how far|to what extent|assess|evaluate|discuss|examine"  # an exam question's opening words
_INSTRUCTION = re.compile(  # "Assess ...", and "Applying material from Item C and your knowledge, evaluate ..."
    rf"^(?:[^.?!]{{0,80}},\s*)?(?:{_INSTRUCTION_WORDS})\b", re.IGNORECASE)
_QUESTION_LABEL = re.compile(  # "Question 2:", "Q3", and the number before a view or an instruction: "0 1", "05.3"
    rf"^(?:question\s*\d*|q\s*\d+|\d{{1,2}}(?:[.\s]\d{{1,2}})?(?=\s+(?:['\"‘“]|(?:{_INSTRUCTION_WORDS}|explain)\b)))"
    r"\s*[:.)]?[*_]*\s*", re.IGNORECASE
)
_MARKS = re.compile(r"\s*[\[(]\s*(\d{1,3})\s*(?:marks?)?\s*[\])]\s*$", re.IGNORECASE)  # "[25 marks]", "(30)", "[40]"
_OPEN_QUOTES, _CLOSE_QUOTES = "'\"‘“", "'\"’”"
_VIEW_AND_INSTRUCTION = re.compile(  # "'Stalin ruled by fear.' Assess the validity of this view." on one line
    rf"^[{_OPEN_QUOTES}].+?[{_CLOSE_QUOTES}]\s+(?:{_INSTRUCTION_WORDS}|explain)\b",
    re.IGNORECASE,
)
_PAGE_FURNITURE = re.compile(  # "Page 7 of 24", "© AQA 2024", "Mark scheme – A-level History – June 2023"
    r"^(?i:page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}(?:\s+of\s+\d+)?|(?:©|copyright\s*(?:©|\(c\)|\d{4})|\(c\)\s*\d{4}).*)$"
    r"|^[^a-z]*\bMARK SCHEME\b[^a-z]*$|^(?i:[^.?!:]*\bmark\s+scheme\b[^.?!:]*\d[^.?!:]*)$")
_NEVER_LAST = frozenset(  # no sentence or bullet ends on these
    "a an the of and or but nor his her its their whose to at by from with about into onto upon over under through "
    "towards toward across between during after before following than via".split())
_END_OF_LIST = re.compile(  # a level descriptor, a closing note after the last bullet, or a list of no side
    r"^(?:level|band)\s+\d\b|^(?:credit|accept|reward)\s+(?:any\s+)?other\b|^(?:any\s+)?other\s+(?:relevant|valid)\b",
    re.IGNORECASE)
_GRID_HEADER = re.compile(r"\d+|marks?|descriptors?|bands?|AO\d*", re.IGNORECASE)  # a level grid's "Level | Marks"
_DETAILS = {"board": "board", "exam board": "board", "level": "level", "topic": "topic", "year": "year",
            "year examined": "year"}
_DETAIL_LINE = re.compile(rf"^({'|'.join(sorted(_DETAILS, key=len, reverse=True))})\s*(?::\s*(.*))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    """A line that opens the list of one side; `line` counts from 1."""

    line: int
    side: Side
    text: str


@dataclass(frozen=True)
class Item:
    """A bullet (or, in an extract without bullets, a paragraph) and the heading it falls under."""

    line: int
    text: str
    heading: Heading | None


@dataclass(frozen=True)
class Extract:
    """What `parse_extract` found in the text, before it is checked and turned into a scheme."""

    question: str | None
    details: dict[str, Any]
    headings: tuple[Heading, ...]
    items: tuple[Item, ...]
    skipped_lines: int
    bullet_lines: int
    side_by_side: tuple[int, ...] = ()  # lines holding a "for" and an "against" heading: a table's columns

    def points(self, side: Side) -> list[Item]:
        """The items placed under headings of one side, in order."""
        return [item for item in self.items if item.heading is not None and item.heading.side == side]

    @property
    def unplaced(self) -> list[Item]:
        """Bullets that stand under no for/against heading."""
        return [item for item in self.items if item.heading is None]


def _bullet_text(line: str) -> str | None:
    match = _BULLET.match(line)
    if match is None or not re.search(r"[^\W\d_]", line[match.end():]):
        return None
    return line[match.end():].strip()


def _marker(line: str) -> str:
    """The kind of a bullet line's mark: "number", "letter", "v" (a letter that may be "versus"),
    "-" (a hyphen, dash, star or plus), "•" (a round bullet, as Word's pastes in any of its forms)
    or the symbol itself."""
    mark = _BULLET.match(line).group(0).strip().strip("().")  # type: ignore[union-attr]
    if mark.isdigit():
        return "number"
    if mark.isalpha() and mark != "o":
        return "v" if mark == "v" else "letter"
    return "-" if mark in "*+-–—" else "•" if mark in "•·●\uf0b7" else mark


def _runs_on_as_bullet(line: str, previous: str, list_marker: str) -> bool:
    """Whether a line that opens like a bullet of another kind than its list's is the line above
    running on: "... especially Miller" / "v. Prime Minister", "... is the final" / "– and
    unelected – arbiter", or any line after one that stops mid-phrase ("... mirrors that of")."""
    marker = _marker(line)
    if marker == list_marker:
        return False
    lower_case = (_bullet_text(line) or "")[:1].islower()
    return (_stops_mid_sentence(previous) or (marker == "v" and list_marker not in ("letter", "v"))
            or (line[:1] in "–—" and lower_case))


def _stops_mid_sentence(line: str) -> bool:
    """Whether a line stops on a word no sentence ends with ("... mirrors that of", "... and the")."""
    words = line.split()
    return bool(words) and words[-1].casefold() in _NEVER_LAST


def _is_word_sub_bullet(line: str, list_marker: str) -> bool:
    """Whether a bullet is a Word list's second or third level ("o", "▪") under a bullet of another kind:
    pasted as plain text, it loses the indent that would show it."""
    marker = _marker(line)
    return marker != list_marker and marker in SUB_BULLET_MARKS


def _heading_words(line: str) -> str:
    """A heading line without markdown marks, emphasis and its final colon."""
    text = re.sub(r"^[#>\s]+", "", line).strip("*_ ")
    return text.rstrip(":").strip("*_ ")


def heading_side(line: str, question: str | None = None, *, bare_words: bool = True) -> Side | None:
    """The side a heading line opens, or None when it is not a side heading (rule 1 of the module doc);
    with `bare_words` False, "Strengths", "Costs", "Yes" and the like are not side headings.

    A "for" heading is turned round by a negation before its cue ("does not support") or after it
    ("supporting the view that he did not ..."), unless the `question` says "not" itself: then the
    view the heading supports is the question's own.

    Example:
        >>> heading_side("Arguments challenging the view that Khrushchev de-Stalinised the USSR include:")
        'against'
        >>> heading_side("Evidence that does not support the view"), heading_side("In support")
        ('against', 'for')
        >>> heading_side("Evidence suggesting he did not succeed", "'Peel did not succeed.' Assess this view.")
        'for'
    """
    line = _MARKS.sub("", line.strip())  # "... do you agree? [30 marks]" is the question, not a heading
    words = _heading_words(line)
    if not words or len(words.split()) > SIDE_HEADING_MAX_WORDS or _BOTH_SIDES.search(words) or _END_OF_LIST.match(words):
        return None
    if SENTENCE_END.search(line.rstrip("*_ ")) and not line.rstrip("*_ ").endswith(":"):
        return None
    found_for, found_against = _FOR.search(words), _AGAINST.search(words)
    if found_for and (found_against is None or found_for.start() < found_against.start()):
        view = _NOT_A_NEGATION.sub(" ", words[found_for.end() :])  # "(not exhaustive)", "not only ... but"
        turned_before = _FLIP.search(words[: found_for.start()]) is not None
        turned_after = _FLIP.search(view) is not None and not _FLIP.search(_NOT_A_NEGATION.sub(" ", question or ""))
        return "against" if turned_before != turned_after else "for"
    if found_against:
        return "against"
    return next((side for side, bare in _BARE_SIDE_HEADINGS.items() if bare.search(words)), None) if bare_words else None


def _ends_list(raw: str, previous: str) -> bool:
    """Whether a line after a bullet is a heading rather than the bullet running on (rule 2)."""
    line = raw.strip()
    if _END_OF_LIST.match(line):
        return True
    if raw[:1].isspace() or not (is_heading(line) or line.endswith(":")) or _stops_mid_sentence(previous):
        return False
    return is_title(line) or line.endswith(":") or bool(SENTENCE_END.search(previous))


def _is_one_line_item(line: str, following: Sequence[str]) -> bool:
    """Whether a line is a whole item by itself (rule 4): it opens with a capital, has at most
    `LINE_POINT_MAX_WORDS` words, and ends a sentence or does not run on into the next line."""
    whole = SENTENCE_END.search(line) is not None or not (runs_on(line, following) or line.endswith((",", ":")))
    return whole and line[:1].isupper() and len(line.split()) <= LINE_POINT_MAX_WORDS


def _line_points(lines: Sequence[str], headings: dict[int, Heading]) -> dict[int, bool]:
    """In an extract without bullets, the lines under side headings that are a list typed without
    marks (rule 4): {line index: True for a point, False for a sub-heading}."""
    found: dict[int, bool] = {}
    starts = sorted(headings)
    for start, end in zip(starts, [*starts[1:], len(lines)]):
        indexes = [i for i in range(start + 1, end) if lines[i].strip()]
        section = [lines[i].strip() for i in indexes]
        short = [k for k, line in enumerate(section) if not SENTENCE_END.search(line)]
        titles = {k for k in short if is_title(section[k])}
        all_titles = len(titles) == len(section)  # "Secret Speech", "Gulag Releases": the points themselves
        if (all(_is_one_line_item(line, section[k + 1 :]) for k, line in enumerate(section))
                and (len(short) - len(titles) >= 2 or (all_titles and len(titles) >= 2))):
            found.update((i, all_titles or k not in titles) for k, i in enumerate(indexes))
    return found


def _join_sub_bullet(parent: str, sub_bullet: str) -> str:
    return f"{parent} {sub_bullet}" if parent.endswith((".", ";", ":", ",")) else f"{parent}; {sub_bullet}"


def _is_quoted(text: str) -> bool:
    return len(text) > 1 and text[0] in _OPEN_QUOTES and text[-1] in _CLOSE_QUOTES


def _unquote(text: str) -> str:
    return text[1:-1].strip() if _is_quoted(text) else text


def _with_wrapped_questions(lines: Sequence[str]) -> list[str]:
    """The lines, a question wrapped over up to `QUESTION_MAX_LINES` lines joined into its first
    ("'Macbeth is a victim of fate rather than a man who" / "chooses evil.' To what extent ...?"):
    a line that opens a view in quotes or an exam instruction runs on into the next line of text
    while it is visibly cut: a quotation not yet closed, a last word no sentence ends with ("the",
    "and"), or a next line that goes on in lower case or is indented under it."""
    joined = [line.strip() for line in lines]
    for i, line in enumerate(joined):
        opening = _QUESTION_LABEL.sub("", line)
        if not (opening[:1] in _OPEN_QUOTES or _EXAM_QUESTION.match(opening) or _INSTRUCTION.match(opening)):
            continue
        for k in range(i + 1, min(i + QUESTION_MAX_LINES, len(joined))):
            text, following = _MARKS.sub("", joined[i]), joined[k]
            cut = (_opens_unclosed_quote(opening) or _stops_mid_sentence(text) or following[:1].islower()
                   or indent_width(lines[k]) > indent_width(lines[i]))
            if not cut or not following or _bullet_text(following) is not None or heading_side(following):
                break
            joined[i], joined[k] = f"{joined[i]} {following}", ""
            opening = _QUESTION_LABEL.sub("", joined[i])
    return joined


def _opens_unclosed_quote(text: str) -> bool:
    """Whether a text opens a quotation that it does not close (an apostrophe inside a word closes nothing)."""
    return text[:1] in _OPEN_QUOTES and not re.search(rf"[{_CLOSE_QUOTES}](?![^\W\d_])", text[1:])


def find_question(lines: Sequence[str]) -> tuple[str | None, int | None]:
    """The question and its marks, if the text states them (rule 5 of the module doc).

    Example:
        >>> find_question(["Home", "'Stalin ruled by terror alone.'", "How far do you agree? [25 marks]"])
        ("'Stalin ruled by terror alone.' How far do you agree?", 25)
    """
    lines = _with_wrapped_questions(lines)
    candidates: list[tuple[str, int | None]] = []
    instructions: list[tuple[str, int | None]] = []  # "Assess the view that ...": a question without "?"
    short: list[tuple[str, int | None]] = []  # "Is homework useful?": taken only when nothing else is found
    previous = ""
    for raw in lines:
        line = _QUESTION_LABEL.sub("", re.sub(r"^[#>*_\s]+", "", raw.strip()))
        bullet = _bullet_text(raw.strip())
        if bullet is not None and re.match(r"\d{1,2}[.)]\s", raw.strip()) and (
                _EXAM_QUESTION.match(bullet.lstrip(_OPEN_QUOTES)) or _VIEW_AND_INSTRUCTION.match(bullet)):
            line = bullet  # a numbered question: "1. How far ...?"
        elif not line or bullet is not None:
            continue
        marks_match = _MARKS.search(line)
        text = line[: marks_match.start()].strip() if marks_match else line
        marks = int(marks_match.group(1)) if marks_match else None
        asks = _unquote(text).endswith("?") or text.endswith("?")
        instruction = asks or _EXAM_QUESTION.match(text)
        if instruction and _is_quoted(previous) and len(text.split()) <= 10 and not _is_quoted(text):
            if candidates and candidates[-1][0] == previous:
                candidates.pop()
            candidates.append((f"{previous} {text}", marks))
        elif (asks or _is_quoted(text)) and len(text.split()) >= QUESTION_MIN_WORDS:
            instruction_in_quotes = _EXAM_QUESTION.match(_unquote(text)) is not None  # not a view to assess
            candidates.append((_unquote(text) if asks or instruction_in_quotes else text, marks))
        elif asks and len(text.split()) > 1:
            short.append((_unquote(text), marks))
        elif _VIEW_AND_INSTRUCTION.match(text):
            candidates.append((text, marks))
        elif _INSTRUCTION.match(text) and len(text.split()) >= INSTRUCTION_MIN_WORDS:
            instructions.append((text, marks))
        previous = text
    preferred = [c for c in candidates
                 if _EXAM_QUESTION.search(c[0].lstrip(_OPEN_QUOTES)) or _is_quoted(c[0]) or _VIEW_AND_INSTRUCTION.match(c[0])]
    return (preferred or candidates or instructions or short or [(None, None)])[0]


def _details(lines: Sequence[str]) -> dict[str, Any]:
    """Board, level, year and topic from "Label: value" lines, or a label line and the next line."""
    details: dict[str, Any] = {}
    for i, line in enumerate(lines):
        match = _DETAIL_LINE.match(line.strip())
        if match is None:
            continue
        field, value = _DETAILS[match.group(1).lower()], (match.group(2) or "").strip()
        if not value:
            value = next((following.strip() for following in lines[i + 1 :] if following.strip()), "")
        if field == "year":
            value = int(value) if re.fullmatch(r"(19|20)\d\d", value) else None
        elif len(value.split()) > SIDE_HEADING_MAX_WORDS or _DETAIL_LINE.match(value) or _GRID_HEADER.fullmatch(value):
            value = None
        if value is not None and field not in details:
            details[field] = value
    return details


def _side_by_side(lines: Sequence[str], question: str | None) -> tuple[int, ...]:
    """The lines (from 1) holding two side headings in columns (a tab or a run of spaces between):
    "Arguments supporting the view<tab>Arguments challenging the view", a table pasted as text."""
    found = []
    for i, line in enumerate(lines):
        columns = [column for column in re.split(r"\t+|\s{3,}", line.strip()) if column]
        if len(columns) == 2 and {heading_side(column, question) for column in columns} == set(SIDES):
            found.append(i + 1)
    return tuple(found)


def _side_headings(lines: Sequence[str], question: str | None, side_by_side: Sequence[int]) -> dict[int, Heading]:
    """The side headings by line index; bare ones ("Strengths", "Costs") only where the others do not
    open both sides, so that they are not a list's topic sub-headings. A table's two headings on one
    line (`side_by_side`, from 1) are none."""
    for bare_words in (False, True):
        headings = {}
        for i, line in enumerate(lines):
            bullet = _bullet_text(line.strip())
            side = (heading_side(bullet if bullet is not None else line, question, bare_words=bare_words)
                    if bullet is None or line.rstrip().endswith(":") or _has_sub_bullets(lines, i) else None)
            if side is not None and i + 1 not in side_by_side:
                headings[i] = Heading(i + 1, side, _heading_words(bullet if bullet is not None else line))
        if {heading.side for heading in headings.values()} == set(SIDES):
            break
    return headings


def _has_sub_bullets(lines: Sequence[str], i: int) -> bool:
    """Whether the next line after line `i` is a bullet indented under it (an outline's heading)."""
    following = next((line for line in lines[i + 1 :] if line.strip()), "")
    return _bullet_text(following.strip()) is not None and indent_width(following) > indent_width(lines[i])


def _collect(lines: Sequence[str], headings: dict[int, Heading], bulleted: bool) -> tuple[list[Item], int]:
    """Walk the lines, gathering items under headings (rules 2-4); returns items and skipped lines."""
    line_points = {} if bulleted else _line_points(lines, headings)
    items: list[Item] = []
    current: Heading | None = None
    open_item: list[str] = []
    start, indent, skipped, previous, list_marker = 0, 0, 0, "", ""
    listing = False  # whether the current heading's list has begun

    def finish() -> None:
        if not open_item:
            return
        if not bulleted and len(open_item) > 1 and all(SENTENCE_END.search(line) for line in open_item):
            items.extend(Item(start + k + 1, line, current) for k, line in enumerate(open_item))
        else:
            items.append(Item(start + 1, " ".join(open_item), current))
        open_item.clear()

    for i, raw in enumerate(lines):
        line = raw.strip()
        if i in headings:
            finish()
            current, listing, previous = headings[i], False, ""
            continue
        if not line:
            finish()
            previous = ""
            continue
        if _PAGE_FURNITURE.match(line):  # a page break's header or footer: the list and its bullet go on
            skipped += 1
            continue
        if i in line_points:
            finish()
            if line_points[i]:
                items.append(Item(i + 1, line, current))
            skipped += not line_points[i]
            continue
        bullet = _bullet_text(line) if bulleted else None
        if bullet is not None and open_item and _runs_on_as_bullet(line, previous, list_marker):
            open_item.append(line)
        elif bullet is not None and open_item and (indent_width(raw) > indent or _is_word_sub_bullet(line, list_marker)):
            open_item[-1] = _join_sub_bullet(open_item[-1], bullet)
        elif bullet is not None:
            finish()
            open_item.append(bullet)
            start, listing, indent, list_marker = i, True, indent_width(raw), _marker(line)
        elif bulleted and _EMPTY_BULLET.match(line):
            finish()  # a bullet with nothing after it: skipped, and the list goes on
            skipped += 1
        elif open_item and previous and not _ends_list(raw, previous):
            open_item.append(line)
        elif not bulleted and current is not None and not (is_heading(line) or line.endswith(":")):
            finish()
            open_item.append(line)
            start, listing = i, True
        else:
            finish()
            skipped += 1
            if listing:
                current, listing = None, False
        previous = line
    finish()
    return items, skipped


def parse_extract(text: str, given_question: str | None = None) -> Extract:
    """Find the question, the side headings and the points of a pasted extract (see the module doc);
    `given_question`, when the caller knows it, is the question that headings are read against.

    Example:
        >>> extract = parse_extract("Why did it happen?\\n\\nFor:\\n- One reason\\n\\nAgainst:\\n- Another")
        >>> [(item.heading.side, item.text) for item in extract.items]
        [('for', 'One reason'), ('against', 'Another')]
    """
    lines = normalise_breaks(text).split("\n")
    question, marks = find_question(lines)
    side_by_side = _side_by_side(lines, given_question or question)
    headings = _side_headings(lines, given_question or question, side_by_side)
    first_heading = min(headings, default=len(lines))
    bulleted = any(_bullet_text(line.strip()) for i, line in enumerate(lines) if i > first_heading and i not in headings)
    items, skipped = _collect(lines, headings, bulleted)
    details = _details(lines[:first_heading])
    if marks is not None:
        details["marks"] = marks
    bullet_lines = sum(1 for line in lines if _bullet_text(line.strip()) is not None)
    return Extract(question, details, tuple(headings.values()), tuple(items), skipped, bullet_lines, side_by_side)
