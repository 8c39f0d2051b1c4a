"""Reading essay files: the encodings and damaged files that school computers produce, and how
written files are left for others to read."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import docx
import pytest

from marker.atomic import atomic_write_text
from marker.errors import EssayError
from marker.inputs import decode_text, extract_text

ESSAY = "Khrushchev's Secret Speech of 1956 denounced Stalin’s cult of personality."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_is_read(encoding: str):
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    assert decode_text(bom + ESSAY.encode(encoding), "essay.txt") == ESSAY


def test_nul_bytes_without_a_byte_order_mark_are_still_binary():
    with pytest.raises(EssayError, match="essay.txt: this looks like a binary file"):
        decode_text(ESSAY.encode("utf-16-le"), "essay.txt")


def test_a_word_file_with_damaged_xml_is_a_clear_error():
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(ESSAY)
    document.save(buffer)
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            body = b"<w:document><unclosed" if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, body)
    assert extract_text(buffer.getvalue(), "essay.docx") == ESSAY
    with pytest.raises(EssayError, match=r"essay.docx: not a readable Word \(.docx\) file .*save it again"):
        extract_text(damaged.getvalue(), "essay.docx")


def test_written_files_follow_the_umask_and_keep_the_mode_of_the_file_they_replace(tmp_path: Path):
    previous = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "results.csv", "student\n")
        assert stat.S_IMODE((tmp_path / "results.csv").stat().st_mode) == 0o644
        (tmp_path / "results.csv").chmod(0o600)
        atomic_write_text(tmp_path / "results.csv", "student\nanna\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "results.csv").stat().st_mode) == 0o600
    assert (tmp_path / "results.csv").read_text(encoding="utf-8") == "student\nanna\n"


def _blank_pdf(user_password: str | None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if user_password is not None:
        writer.encrypt(user_password, owner_password="teacher", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_password_protected_pdf_says_so_and_one_with_an_empty_password_is_opened():
    with pytest.raises(EssayError, match="essay.pdf: the PDF is password-protected; save or export a copy"):
        extract_text(_blank_pdf("secret"), "essay.pdf")
    with pytest.raises(EssayError, match="essay.pdf: the PDF has no text layer"):
        extract_text(_blank_pdf(""), "essay.pdf")


def test_a_truncated_pdf_is_a_clear_error():
    with pytest.raises(EssayError, match="essay.pdf: not a readable PDF .*export it again"):
        extract_text(_blank_pdf(None)[:200], "essay.pdf")


def _essay_pdf(paragraphs: list[str], *, space_between: float, first_line_indent: float) -> bytes:
    """A PDF laid out as a word processor would: wrapped lines, paragraphs marked by space between
    them, a first-line indent or neither, and a new page when the first is full."""
    import textwrap

    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    line_height = 0.018
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        figure, y = plt.figure(figsize=(8.27, 11.69)), 0.95
        for paragraph in paragraphs:
            lines = textwrap.wrap(paragraph, 90)
            if y - line_height * len(lines) < 0.05:
                pdf.savefig(figure)
                plt.close(figure)
                figure, y = plt.figure(figsize=(8.27, 11.69)), 0.95
            for n, line in enumerate(lines):
                figure.text(0.08 + (first_line_indent if n == 0 else 0), y, line, fontsize=9)
                y -= line_height
            y -= line_height * space_between
        pdf.savefig(figure)
        plt.close(figure)
    return buffer.getvalue()


@pytest.mark.parametrize(("space_between", "first_line_indent"), [(0.6, 0), (0, 0.03)],
                         ids=["space between", "first-line indent"])
def test_a_pdf_keeps_its_paragraphs(example_text: str, space_between: float, first_line_indent: float):
    paragraphs = [" ".join(p.split()) for p in example_text.split("\n\n") if p.strip()]
    data = _essay_pdf(paragraphs, space_between=space_between, first_line_indent=first_line_indent)
    assert extract_text(data, "essay.pdf").split("\n\n") == paragraphs  # "de-Stalinisation" wraps at its hyphen


def test_a_pdf_with_no_paragraph_marks_breaks_only_after_a_short_last_line(example_text: str):
    paragraphs = [" ".join(p.split()) for p in example_text.split("\n\n") if p.strip()]
    found = extract_text(_essay_pdf(paragraphs, space_between=0, first_line_indent=0), "essay.pdf").split("\n\n")
    assert len(found) > len(paragraphs) // 2, "most paragraphs end in a short line"
    runs = iter(paragraphs)
    for paragraph in found:  # each one found is one or more whole paragraphs, in order: no false breaks
        joined = next(runs)
        while joined != paragraph and len(joined) < len(paragraph):
            joined += " " + next(runs)
        assert joined == paragraph


def _word_file(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_file_keeps_tracked_insertions_and_content_controls_and_drops_deletions():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        paragraph = document.add_paragraph("Khrushchev's Secret Speech")
        paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="T"><w:r><w:t xml:space="preserve">'
                                      " of 1956</w:t></w:r></w:ins>"))
        paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="T"><w:r><w:delText>'
                                      " in secret</w:delText></w:r></w:del>"))
        paragraph.add_run(" denounced Stalin.")
        document.element.body.insert(len(document.element.body) - 1, parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Written in a form field.</w:t></w:r></w:p>'
            "</w:sdtContent></w:sdt>"))

    text = extract_text(_word_file(build), "essay.docx")
    assert text == "Khrushchev's Secret Speech of 1956 denounced Stalin.\n\nWritten in a form field."


def test_a_word_file_marks_its_lists_only_when_asked():
    def build(document):
        document.add_paragraph("Arguments for")
        document.add_paragraph("The Secret Speech", style="List Bullet")
        document.add_paragraph("Read out to party members", style="List Bullet 2")

    data = _word_file(build)
    assert extract_text(data, "scheme.docx") == "Arguments for\n\nThe Secret Speech\n\nRead out to party members"
    assert extract_text(data, "scheme.docx", mark_lists=True) == (
        "Arguments for\n\n- The Secret Speech\n  - Read out to party members")


def _number(paragraph, num_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def test_a_numbered_heading_is_a_heading_and_numbering_taken_off_is_no_list():
    def build(document):
        _number(document.add_heading("Arguments for", level=2), 1)
        document.add_paragraph("The Secret Speech", style="List Bullet")
        _number(document.add_paragraph("A note between the lists", style="List Paragraph"), 0)

    assert extract_text(_word_file(build), "scheme.docx", mark_lists=True) == (
        "Arguments for\n\n- The Secret Speech\n\nA note between the lists")


def test_a_word_file_with_its_text_in_a_table_says_so():
    def build(document):
        document.add_table(rows=1, cols=1).cell(0, 0).text = ESSAY

    with pytest.raises(EssayError, match="essay.docx: all of the text is in a table"):
        extract_text(_word_file(build), "essay.docx")
