"""Reading essays (and other documents) from .txt, .md, .docx and .pdf, with clear errors.

`read_document(data, name)` works on bytes, so a file on disk, a zip member and a web upload
all go through the same code; `extract_text` is the same with its warnings logged.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path
from typing import TYPE_CHECKING

from marker.errors import EssayError
from marker.segment import SENTENCE_END, indent_width, join_wrapped

if TYPE_CHECKING:
    from docx.oxml.document import CT_Body
    from docx.oxml.table import CT_Tc
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R
    from docx.oxml.xmlchemy import BaseOxmlElement
    from pypdf import PageObject

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf")
SHORT_LINE_SHARE = 0.7  # a PDF line ending a sentence this short (of the page's longest) ends its paragraph
MAX_WORD_XML_BYTES = 20 * 2**20  # a 20,000-word essay's document.xml is a few MB; more is a damaged file or a bomb
_FOOTNOTE = re.compile(r"\d{1,3}\s*[A-Z\"“‘(]")  # "1 W. Taubman, ...": a footnote's number and its text
_FOOTNOTE_NUMBER = re.compile(r"(?:^|(?<=[.)]\s))(\d{1,3})\s*(?=[A-Z\"“‘(])")  # each of footnotes run together
_CITATION = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\bpp?\.\s?\d|\bibid\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?|-\s*\d{1,4}\s*-", re.IGNORECASE)
_RULE = re.compile(r"[_\-–—=]{5,}")  # a line drawn with characters, such as the one above footnotes
ANSWER_BOX_MIN_WORDS = 50  # a Word table cell this long is an answer box, read as essay text
_HEADING_STYLE = re.compile(r"Heading\d|Title|Subtitle")


@dataclass(frozen=True)
class DocumentText:
    """A document's text, and what its reader should check about how it was read."""

    text: str
    warnings: tuple[str, ...] = ()


def _logged(document: DocumentText) -> str:
    """The text, with each warning logged (the command line prints them)."""
    for warning in document.warnings:
        log.warning("%s", warning)
    return document.text


_OLD_WORD = b"\xd0\xcf\x11\xe0"  # an OLE2 file's first bytes: Word 97-2003's .doc
_OTHER_FORMATS = (  # the first bytes of files that are not plain text, whatever their name says
    (b"%PDF-", "a PDF file", "name it .pdf"),
    (b"{\\rtf", "a Rich Text (RTF) file", "open it in Word and save it as .docx"),
    (b"PK\x03\x04", "a Word (.docx) or other zipped file", "name it .docx if it is a Word file"),
    (_OLD_WORD, "an old Word (.doc) file", "open it in Word and save it as .docx"),
)
BINARY_HIGH_BYTE_SHARE = 0.3  # text in a Windows code page has a few accented bytes, not this many
_HTML = re.compile(rb"\A\s*<(?:!doctype html|html|head|body|meta)\b", re.IGNORECASE)


def _decode(data: bytes, source: str) -> DocumentText:
    order = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_without_bom(data)
    if order:
        try:
            return DocumentText(data.decode(order))
        except UnicodeDecodeError:
            raise EssayError(f"{source}: not valid UTF-16 text; save the essay as .txt (UTF-8)") from None
    _refuse_other_formats(data, source)
    binary = EssayError(f"{source}: this looks like a binary file, not text; save the essay as .txt (UTF-8)")
    if b"\x00" in data[:8192]:
        raise binary
    try:
        return DocumentText(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if sum(byte >= 0x80 for byte in data) > BINARY_HIGH_BYTE_SHARE * len(data):
        raise binary
    utf8_sequences = len(_UTF8_SEQUENCE.findall(data))
    text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors=_AS_CP1252)
    if utf8_sequences:  # mostly UTF-8, with a few bytes from a Windows program pasted in
        return DocumentText(text, (f"{source} is UTF-8 with some bytes that are not; read those as cp1252 "
                                   "(check the accents and quotes, and save it as UTF-8)",))
    return DocumentText(text, (f"{source} is not UTF-8; read it as cp1252 "
                               "(save it as UTF-8 to be sure of every character)",))


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_AS_CP1252 = "marker-as-cp1252"


def _bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 are read as cp1252 (latin-1 where cp1252 has no character)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end


codecs.register_error(_AS_CP1252, _bytes_as_cp1252)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for text saved as UTF-16 without a byte order mark (every other
    byte of mostly-Latin text is NUL), else None."""
    sample = data[:4096]
    if len(sample) < 16 or len(sample) % 2:
        return None
    for order, zeros, letters in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        printable = sum(32 <= byte < 127 or byte in b"\t\n\r" for byte in letters)
        if zeros.count(0) >= 0.9 * len(zeros) and printable >= 0.9 * len(letters):
            return order
    return None


def _refuse_other_formats(data: bytes, source: str) -> None:
    """Refuse a file of another format saved or renamed with a text file's name."""
    for start, what, advice in _OTHER_FORMATS:
        if data.startswith(start):
            raise EssayError(f"{source}: this is {what} with a text file's name, not plain text; {advice}")
    if _HTML.match(data[:1024]):
        raise EssayError(f"{source}: this is a web page (HTML), not plain text; copy its text into a .txt file, "
                         "or save it from Word as .docx")


def decode_text(data: bytes, source: str) -> str:
    """Decode essay bytes: UTF-8 (with or without BOM), UTF-16 (Notepad's "Unicode", with or
    without a BOM), else cp1252 with a warning (logged), also for the odd bytes of a UTF-8 file
    that are not UTF-8.

    Raises:
        EssayError: the bytes look binary (NUL bytes), or are a file of another format (PDF, RTF,
            Word, HTML) given a text file's name.
    """
    return _logged(_decode(data, source))


def docx_text(data: bytes, source: str, *, mark_lists: bool = False) -> str:
    """The body paragraphs of a Word file, in order, separated by blank lines.

    A paragraph's text includes tracked insertions (not deletions) and content controls, not hidden
    text. Text boxes, captions and tables are skipped (a cover sheet), except table cells of at
    least `ANSWER_BOX_MIN_WORDS` words when the text outside tables is short: the answer box of a
    booklet template, read in its place.
    With `mark_lists` (a scheme extract), a list paragraph starts with "- ", indented two spaces per
    level, as its bullet shows in Word (the numbering is not part of the text), and the items of a
    list are separated by single line breaks; tables are read too, row by row, or a column at a time
    when the first row's cells are side headings ("Points for" | "Points against"). Without it (an
    essay), a heading, title or subtitle is written as a Markdown heading ("# ..."), which the essay
    splitter drops.
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if not data:
        raise EssayError(f"{source}: the file is empty (0 bytes); save the essay in Word again")
    if data.startswith(_OLD_WORD):
        raise EssayError(f"{source}: this is an old Word (.doc) file with a .docx name; open it in Word and "
                         "save it as a Word Document (.docx)")
    if _unpacked_xml_bytes(data) > MAX_WORD_XML_BYTES:
        raise EssayError(f"{source}: its text unpacks to more than {MAX_WORD_XML_BYTES // 2**20} MB, far more than "
                         "any essay (a damaged file, or a zip bomb); open it in Word and save it again")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError) as exc:
        raise EssayError(f"{source}: not a readable Word (.docx) file ({exc}); open it in Word and save it again") from None
    text, previous_level = "", None
    body = document.element.body
    for paragraph in _scheme_paragraphs(body) if mark_lists else _body_paragraphs(body):
        words = _paragraph_text(paragraph).strip()
        if not words or paragraph.style == "Caption":
            continue
        level = _list_level(paragraph) if mark_lists else None
        if text:
            text += "\n" if level is not None and previous_level is not None else "\n\n"
        if level is not None:
            words = f"{'  ' * level}- {words}"
        elif not mark_lists and _HEADING_STYLE.fullmatch(paragraph.style or ""):
            words = f"# {words}"
        text += words
        previous_level = level
    if not text and document.tables:
        raise EssayError(f"{source}: all of the text is in a table, which marker does not read; "
                         "copy it out of the table into the page")
    return text


def _unpacked_xml_bytes(data: bytes) -> int:
    """How large a Word file's XML parts are once unpacked (0 when it is not a zip: python-docx says so)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(member.file_size for member in archive.infolist() if member.filename.lower().endswith(".xml"))
    except (zipfile.BadZipFile, OSError):
        return 0


def _body_paragraphs(body: CT_Body) -> list[CT_P]:
    """The paragraphs of a Word body in order, those inside content controls included, and those
    of its answer boxes when the text outside tables is short (under `ANSWER_BOX_MIN_WORDS` words,
    or half the boxes' words): a notice or a source extract in a table above a typed essay is not read."""
    from docx.oxml.ns import qn

    placed = [(paragraph, next(paragraph.iterancestors(qn("w:tc")), None)) for paragraph in body.iter(qn("w:p"))
              if not any(ancestor.tag == qn("w:txbxContent") for ancestor in paragraph.iterancestors())]
    outside = [paragraph for paragraph, cell in placed if cell is None]
    cells: dict[CT_Tc, list[CT_P]] = {}
    for paragraph, cell in placed:
        if cell is not None:
            cells.setdefault(cell, []).append(paragraph)
    boxes = {cell for cell, paragraphs in cells.items() if _words(paragraphs) >= ANSWER_BOX_MIN_WORDS}
    if _words(outside) >= max(ANSWER_BOX_MIN_WORDS, sum(_words(cells[cell]) for cell in boxes) / 2):
        return outside  # the essay is outside the tables (with a notice or a source in a box, say)
    return [paragraph for paragraph, cell in placed if cell is None or cell in boxes]


def _scheme_paragraphs(container: BaseOxmlElement) -> Iterator[CT_P]:
    """The paragraphs of a Word body, cell or content control in order, tables included: row by
    row, or a column at a time (all of the first column's cells, then the second's) when the first
    row's cells are side headings, "Points for" | "Points against"."""
    from docx.oxml.ns import qn

    from marker.extract import heading_side

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield child
        elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
            yield from _scheme_paragraphs(content)
        elif child.tag == qn("w:tbl"):
            rows = [row.findall(qn("w:tc")) for row in child.findall(qn("w:tr"))]
            header = [" ".join(_paragraph_text(p) for p in cell.iter(qn("w:p"))) for cell in rows[0]] if rows else []
            by_columns = len(header) > 1 and all(heading_side(text) for text in header)
            cells = ([row[column] for column in range(max(map(len, rows))) for row in rows if column < len(row)]
                     if by_columns else [cell for row in rows for cell in row])
            for cell in cells:
                yield from _scheme_paragraphs(cell)


def _words(paragraphs: list[CT_P]) -> int:
    return sum(len(_paragraph_text(paragraph).split()) for paragraph in paragraphs)


def _paragraph_text(paragraph: CT_P) -> str:
    """A Word paragraph's visible text: its runs, except deleted, moved-away and hidden ones (see `docx_text`)."""
    from docx.oxml.ns import qn

    left_out = {qn("w:p"), qn("w:del"), qn("w:moveFrom")}
    return "".join(
        run.text for run in paragraph.iter(qn("w:r"))
        if not any(a.tag in left_out for a in takewhile(lambda a: a is not paragraph, run.iterancestors()))
        and not _is_hidden(run)
    )


def _is_hidden(run: CT_R) -> bool:
    """Whether a Word run is hidden text (Font > Hidden), which Word neither shows nor prints."""
    from docx.oxml.ns import qn

    properties = run.find(qn("w:rPr"))
    hidden = properties.find(qn("w:vanish")) if properties is not None else None
    return hidden is not None and hidden.get(qn("w:val"), "true").lower() not in ("0", "false", "off")


def _list_level(paragraph: CT_P) -> int | None:
    """A Word paragraph's list level from 0, or None when it is not a list item (a numbered
    heading is a heading; numbering 0 is numbering taken off)."""
    if _HEADING_STYLE.fullmatch(paragraph.style or ""):
        return None
    properties = paragraph.pPr
    numbering = properties.numPr if properties is not None else None
    if numbering is not None:
        if numbering.numId is not None and numbering.numId.val == 0:
            return None
        return numbering.ilvl.val if numbering.ilvl is not None else 0
    style = re.fullmatch(r"List(?:Bullet|Number|Paragraph)(\d?)", paragraph.style or "")
    return None if style is None else max(int(style.group(1) or 1) - 1, 0)


def pdf_text(data: bytes, source: str) -> str:
    """The text layer of a PDF, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes name no file; failures are raised below
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EssayError(f"{source}: the PDF is password-protected; save or export a copy without a password")
        pages, footnotes = zip(*(_page_paragraphs(page) for page in reader.pages)) if reader.pages else ((), ())
    except DependencyError:  # AES encryption, which pypdf reads only with the `cryptography` package
        raise EssayError(f"{source}: the PDF is encrypted (password-protected); save or export a copy without "
                         "a password") from None
    except (PdfReadError, LimitReachedError, ValueError, KeyError, OSError) as exc:
        raise EssayError(f"{source}: not a readable PDF ({exc}); export it again from Word as PDF, or as .docx") from None
    text = without_reference_marks("\n\n".join(paragraph for page in pages for paragraph in page), set().union(*footnotes))
    if not text:
        raise EssayError(f"{source}: the PDF has no text layer (a scan?); export it from Word as PDF, or as .docx")
    return text


def _page_paragraphs(page: PageObject) -> tuple[list[str], set[str]]:
    """A PDF page's paragraphs, from its text laid out as on the page (see `layout_paragraphs`),
    without its footnotes, and the numbers of those (see `split_footnotes`)."""
    try:
        return split_footnotes(layout_paragraphs(page.extract_text(extraction_mode="layout")))
    except Exception:  # layout mode fails on some fonts where the plain reader copes: one paragraph per page then
        return ([" ".join(text.split())] if (text := page.extract_text() or "").strip() else []), set()


def split_footnotes(paragraphs: list[str]) -> tuple[list[str], set[str]]:
    """A page's paragraphs without the footnotes at its foot, and the footnotes' numbers.

    Footnotes are the paragraphs at the end of the page (above a page number) that start with a
    number and read as citations (a year, "p." or "pp." and a page, or "ibid."), each with a
    reference mark of its number in the page's text above it ("society.1"): a paragraph of the
    essay that happens to start with a number is kept.

    Example:
        >>> split_footnotes(["Terror ended in Moscow.1 Censorship went on.", "1 W. Taubman, Khrushchev (2003), p. 270.", "4"])
        (['Terror ended in Moscow.1 Censorship went on.', '4'], {'1'})
    """
    end = len(paragraphs)
    while end and _PAGE_NUMBER.fullmatch(paragraphs[end - 1]):
        end -= 1
    start, numbers = end, set()
    while start and _FOOTNOTE.match(paragraphs[start - 1]) and _CITATION.search(paragraphs[start - 1]):
        own = set(_FOOTNOTE_NUMBER.findall(paragraphs[start - 1]))
        if not _reference_marks(own, after_digits=True).search("\n".join(paragraphs[: start - 1])):
            break  # no mark of its number above it ("1959.5" counts here): the essay's own text
        numbers |= own
        start -= 1
    return paragraphs[:start] + paragraphs[end:], numbers


def without_reference_marks(text: str, numbers: set[str]) -> str:
    """The text without the footnote reference marks among `numbers`, which a PDF's text glues to the
    word and punctuation mark they follow ("society.1 By"); a number after a digit ("7.5") is kept.

    Example:
        >>> without_reference_marks("Terror ended in Moscow.1 Output grew 7.1 per cent.", {"1"})
        'Terror ended in Moscow. Output grew 7.1 per cent.'
    """
    return _reference_marks(numbers, after_digits=False).sub("", text) if numbers else text


def _reference_marks(numbers: set[str], *, after_digits: bool) -> re.Pattern[str]:
    """Footnote marks among `numbers` glued to a punctuation mark after a letter (or a digit too)."""
    before = r"[^\W_]" if after_digits else r"[^\W\d_]"
    marks = "|".join(sorted(numbers, key=len, reverse=True))
    return re.compile(rf"""(?<={before}[.,;:!?)"”’])(?:{marks})(?=\s|$)""", re.MULTILINE)


def layout_paragraphs(layout: str) -> list[str]:
    """Paragraphs of a page laid out as text lines (a PDF has no paragraph marks).

    A paragraph ends at a blank line (space between paragraphs), before a line indented past the
    page's left margin (a first-line indent), after a sentence that ends a line shorter than
    `SHORT_LINE_SHARE` of the page's longest line (a paragraph's last line), and after a paragraph's
    first line that asks a question (the essay's title, in the body's font size). Lines are joined
    and runs of spaces collapsed.

    Example:
        >>> layout_paragraphs("One paragraph runs on\\nto its end here.\\n   Another starts.")
        ['One paragraph runs on to its end here.', 'Another starts.']
    """
    lines = [line.rstrip() for line in layout.splitlines()]
    margin = min((indent_width(line) for line in lines if line), default=0)
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[list[str]] = [[]]
    lines = ["" if _RULE.fullmatch(line.strip()) else line for line in lines]
    for previous, line in zip(["", *lines], lines):
        indented_first_line = bool(previous) and indent_width(line) > margin + 1 >= indent_width(previous)
        after_short_last_line = (bool(previous) and len(previous) < SHORT_LINE_SHARE * width
                                 and SENTENCE_END.search(previous) is not None)
        after_title_question = len(paragraphs[-1]) == 1 and paragraphs[-1][0].endswith("?")
        if not line or indented_first_line or after_short_last_line or after_title_question:
            paragraphs.append([])
        if line:
            paragraphs[-1].append(" ".join(line.split()))
    return [join_wrapped(paragraph) for paragraph in paragraphs if paragraph]


def read_document(data: bytes, name: str, *, mark_lists: bool = False) -> DocumentText:
    """The text of a document given as bytes, with warnings; `name` (a file name) chooses the reader.

    `mark_lists` writes a Word file's list paragraphs as "- " bullets (see `docx_text`).

    Raises:
        EssayError: unsupported type, unreadable or empty document.
    """
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES or not suffix:
        document = _decode(data, name)
    elif suffix == ".docx":
        document = DocumentText(docx_text(data, name, mark_lists=mark_lists))
    elif suffix == ".pdf":
        document = DocumentText(pdf_text(data, name))
    else:
        raise EssayError(f"{name}: unsupported file type {suffix!r}; use {', '.join(DOCUMENT_SUFFIXES)}")
    if not document.text.strip():
        raise EssayError(f"{name}: the file is empty: there is no text to mark")
    return document


def extract_text(data: bytes, name: str, *, mark_lists: bool = False) -> str:
    """The text of a document given as bytes (see `read_document`); warnings are logged.

    Raises:
        EssayError: unsupported type, unreadable or empty document.
    """
    return _logged(read_document(data, name, mark_lists=mark_lists))


def read_essay(path: str | Path) -> str:
    """The text of an essay file (.txt, .md, .docx or .pdf).

    Raises:
        EssayError: the file is missing, a folder, empty, binary, or of an unsupported type.

    Example:
        >>> text = read_essay("examples/khrushchev-balanced.txt")  # doctest: +SKIP
    """
    if isinstance(path, str) and ("\n" in path or len(path.split()) > 12):
        raise EssayError(f"{path[:60]!r}...: this looks like an essay's text, not a file's path; mark the text "
                         "itself with marker.mark(text, scheme)")
    path = Path(path)
    try:
        found = path.exists()
    except OSError as exc:  # a name too long for the file system, say
        raise EssayError(f"{str(path)[:60]}: not a file's path ({exc.strerror})") from None
    if not found:
        raise EssayError(f"{path}: file not found")
    if path.is_dir():
        raise EssayError(f"{path}: is a folder; give one essay file (`marker batch` marks a folder)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EssayError(f"{path}: cannot read the file ({exc.strerror})") from None
    return extract_text(data, str(path))
