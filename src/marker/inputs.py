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
from marker.segment import SENTENCE_END

if TYPE_CHECKING:
    from docx.oxml.document import CT_Body
    from docx.oxml.text.paragraph import CT_P
    from pypdf import PageObject

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf")
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
SHORT_LINE_SHARE = 0.7  # a PDF line ending a sentence this short (of the page's longest) ends its paragraph


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


def _decode(data: bytes, source: str) -> DocumentText:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DocumentText(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise EssayError(f"{source}: not valid UTF-16 text; save the essay as .txt (UTF-8)") from None
    if b"\x00" in data[:8192]:
        raise EssayError(f"{source}: this looks like a binary file, not text; save the essay as .txt (UTF-8)")
    try:
        return DocumentText(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return DocumentText(text, (f"{source} is not UTF-8; read it as {encoding} "
                                   "(save it as UTF-8 to be sure of every character)",))
    raise EssayError(f"{source}: cannot decode the text; save the essay as UTF-8")  # pragma: no cover


def decode_text(data: bytes, source: str) -> str:
    """Decode essay bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Notepad's "Unicode"),
    else cp1252/latin-1 with a warning (logged).

    Raises:
        EssayError: the bytes look binary (NUL bytes), not like text.
    """
    return _logged(_decode(data, source))


def docx_text(data: bytes, source: str, *, mark_lists: bool = False) -> str:
    """The body paragraphs of a Word file, in order, separated by blank lines.

    A paragraph's text includes tracked insertions (not deletions) and content controls; tables
    and text boxes are skipped. With `mark_lists`, a list paragraph starts with "- ", indented two
    spaces per level, as its bullet shows in Word (the numbering is not part of the text), and the
    items of a list are separated by single line breaks.
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError) as exc:
        raise EssayError(f"{source}: not a readable Word (.docx) file ({exc}); open it in Word and save it again") from None
    text, previous_level = "", None
    for paragraph in _body_paragraphs(document.element.body):
        words = _paragraph_text(paragraph).strip()
        if not words:
            continue
        level = _list_level(paragraph) if mark_lists else None
        if text:
            text += "\n" if level is not None and previous_level is not None else "\n\n"
        text += words if level is None else f"{'  ' * level}- {words}"
        previous_level = level
    if not text and document.tables:
        raise EssayError(f"{source}: all of the text is in a table, which marker does not read; "
                         "copy it out of the table into the page")
    return text


def _body_paragraphs(body: CT_Body) -> Iterator[CT_P]:
    """The paragraphs of a Word body in order, those inside content controls included."""
    from docx.oxml.ns import qn

    outside = {qn("w:tbl"), qn("w:txbxContent")}
    for paragraph in body.iter(qn("w:p")):
        if not any(ancestor.tag in outside for ancestor in paragraph.iterancestors()):
            yield paragraph


def _paragraph_text(paragraph: CT_P) -> str:
    """A Word paragraph's visible text: its runs, except deleted and moved-away ones (see `docx_text`)."""
    from docx.oxml.ns import qn

    hidden = {qn("w:p"), qn("w:del"), qn("w:moveFrom")}
    return "".join(
        run.text for run in paragraph.iter(qn("w:r"))
        if not any(a.tag in hidden for a in takewhile(lambda a: a is not paragraph, run.iterancestors()))
    )


def _list_level(paragraph: CT_P) -> int | None:
    """A Word paragraph's list level from 0, or None when it is not a list item (a numbered
    heading is a heading; numbering 0 is numbering taken off)."""
    if re.fullmatch(r"Heading\d|Title|Subtitle", paragraph.style or ""):
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
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes name no file; failures are raised below
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EssayError(f"{source}: the PDF is password-protected; save or export a copy without a password")
        pages = [_page_paragraphs(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise EssayError(f"{source}: not a readable PDF ({exc}); export it again from Word as PDF, or as .docx") from None
    text = "\n\n".join(paragraph for page in pages for paragraph in page)
    if not text:
        raise EssayError(f"{source}: the PDF has no text layer (a scan?); export it from Word as PDF, or as .docx")
    return text


def _page_paragraphs(page: PageObject) -> list[str]:
    """A PDF page's paragraphs, from its text laid out as on the page (see `layout_paragraphs`)."""
    try:
        return layout_paragraphs(page.extract_text(extraction_mode="layout"))
    except Exception:  # layout mode fails on some fonts where the plain reader copes: one paragraph per page then
        return [" ".join(text.split())] if (text := page.extract_text() or "").strip() else []


def layout_paragraphs(layout: str) -> list[str]:
    """Paragraphs of a page laid out as text lines (a PDF has no paragraph marks).

    A paragraph ends at a blank line (space between paragraphs), before a line indented past the
    page's left margin (a first-line indent), and after a sentence that ends a line shorter than
    `SHORT_LINE_SHARE` of the page's longest line (a paragraph's last line). Lines are joined and
    runs of spaces collapsed.

    Example:
        >>> layout_paragraphs("One paragraph runs on\\nto its end here.\\n   Another starts.")
        ['One paragraph runs on to its end here.', 'Another starts.']
    """
    lines = [line.rstrip() for line in layout.splitlines()]
    margin = min((_indent(line) for line in lines if line), default=0)
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[list[str]] = [[]]
    for previous, line in zip(["", *lines], lines):
        indented_first_line = bool(previous) and _indent(line) > margin + 1 >= _indent(previous)
        after_short_last_line = (bool(previous) and len(previous) < SHORT_LINE_SHARE * width
                                 and SENTENCE_END.search(previous) is not None)
        if not line or indented_first_line or after_short_last_line:
            paragraphs.append([])
        if line:
            paragraphs[-1].append(" ".join(line.split()))
    return [_join_lines(paragraph) for paragraph in paragraphs if paragraph]


def _join_lines(lines: list[str]) -> str:
    """Wrapped lines as one line: with a space, or none after a hyphen that broke a word ("de-Stalinisation")."""
    text = lines[0]
    for line in lines[1:]:
        text += line if re.search(r"\w-$", text) and line[:1].isalnum() else f" {line}"
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


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
    path = Path(path)
    if not path.exists():
        raise EssayError(f"{path}: file not found")
    if path.is_dir():
        raise EssayError(f"{path}: is a folder; give one essay file (`marker batch` marks a folder)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EssayError(f"{path}: cannot read the file ({exc.strerror})") from None
    return extract_text(data, str(path))
