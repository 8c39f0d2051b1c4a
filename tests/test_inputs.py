"""Reading essay files: the encodings and damaged files that school computers produce, and how
written files are left for others to read."""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path

import docx
import pytest

from marker.atomic import atomic_write_text
from marker.errors import EssayError
from marker.inputs import decode_text, extract_text
from marker.segment import split_paragraphs

from conftest import aes_encrypted_pdf

ESSAY = "Khrushchev's Secret Speech of 1956 denounced Stalin’s cult of personality."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_is_read(encoding: str):
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    assert decode_text(bom + ESSAY.encode(encoding), "essay.txt") == ESSAY


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_byte_order_mark_is_read_and_other_nul_bytes_are_binary(encoding: str):
    assert decode_text(ESSAY.encode(encoding), "essay.txt") == ESSAY
    with pytest.raises(EssayError, match="essay.txt: this looks like a binary file"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "essay.txt")
    with pytest.raises(EssayError, match="essay.txt: this looks like a binary file"):
        decode_text(bytes(range(128, 256)) * 20, "essay.txt")  # no NUL, but nothing like text either


def test_a_utf8_file_with_a_few_windows_bytes_keeps_its_utf8_and_says_so(caplog):
    data = ESSAY.encode("utf-8") + " Pasternak’s novel.".encode("cp1252")
    assert decode_text(data, "essay.txt") == ESSAY + " Pasternak’s novel."
    assert "essay.txt is UTF-8 with some bytes that are not; read those as cp1252" in caplog.text


@pytest.mark.parametrize(("start", "named"), [
    (b"%PDF-1.7\n", "a PDF file"), (b"{\\rtf1\\ansi ", "a Rich Text (RTF) file"),
    (b"<!DOCTYPE html><html><body><p>", "a web page (HTML)"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) file"),
])
def test_another_format_saved_with_a_text_name_is_refused_by_name(start: bytes, named: str):
    with pytest.raises(EssayError, match=rf"essay.txt: this is {re.escape(named)}"):
        extract_text(start + ESSAY.encode() + b"\n", "essay.txt")


def test_an_empty_or_old_word_file_named_docx_says_what_it_is():
    with pytest.raises(EssayError, match=r"essay.docx: the file is empty \(0 bytes\)"):
        extract_text(b"", "essay.docx")
    with pytest.raises(EssayError, match=r"essay.docx: this is an old Word \(.doc\) file .* save it as a Word Document"):
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "essay.docx")


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


def test_a_written_file_goes_through_a_symbolic_link_and_into_a_pipe(tmp_path: Path):
    import threading

    (tmp_path / "shared").mkdir()
    (tmp_path / "report.html").symlink_to(tmp_path / "shared" / "report.html")
    atomic_write_text(tmp_path / "report.html", "<p>report</p>")
    assert (tmp_path / "report.html").is_symlink() and (tmp_path / "shared" / "report.html").read_text() == "<p>report</p>"
    os.mkfifo(tmp_path / "pipe")
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append((tmp_path / "pipe").read_text()))
    reader.start()
    atomic_write_text(tmp_path / "pipe", "through the pipe")
    reader.join(timeout=10)
    assert received == ["through the pipe"] and stat.S_ISFIFO((tmp_path / "pipe").stat().st_mode)


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


def test_an_aes_encrypted_pdf_says_so():
    with pytest.raises(EssayError, match=r"essay.pdf: the PDF is encrypted \(password-protected\); save or export"):
        extract_text(aes_encrypted_pdf(), "essay.pdf")


def test_a_truncated_pdf_is_a_clear_error():
    with pytest.raises(EssayError, match="essay.pdf: not a readable PDF .*export it again"):
        extract_text(_blank_pdf(None)[:200], "essay.pdf")


def _essay_pdf(paragraphs: list[str], *, space_between: float, first_line_indent: float,
               footnotes: tuple[str, ...] = ()) -> bytes:
    """A PDF laid out as a word processor would: wrapped lines, paragraphs marked by space between
    them, a first-line indent or neither, and a new page when the first is full; `footnotes` go at
    the foot of the first page, under a drawn line and above its page number."""
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
            if footnotes and y - line_height * 12 < 0.05:  # the first page ends here, with its footnotes
                figure.add_artist(plt.Line2D([0.08, 0.3], [0.1, 0.1], color="black", linewidth=0.5))
                for n, footnote in enumerate(footnotes):
                    figure.text(0.08, 0.085 - n * 0.014, footnote, fontsize=7)
                figure.text(0.5, 0.03, "1", fontsize=9)
                footnotes = ()
                pdf.savefig(figure)
                plt.close(figure)
                figure, y = plt.figure(figsize=(8.27, 11.69)), 0.95
        pdf.savefig(figure)
        plt.close(figure)
    return buffer.getvalue()


@pytest.mark.parametrize(("space_between", "first_line_indent"), [(0.6, 0), (0, 0.03)],
                         ids=["space between", "first-line indent"])
def test_a_pdf_keeps_its_paragraphs(example_text: str, space_between: float, first_line_indent: float):
    paragraphs = [" ".join(p.split()) for p in example_text.split("\n\n") if p.strip()]
    data = _essay_pdf(paragraphs, space_between=space_between, first_line_indent=first_line_indent)
    assert extract_text(data, "essay.pdf").split("\n\n") == paragraphs  # "de-Stalinisation" wraps at its hyphen


def test_a_pdf_leaves_out_its_footnotes_and_their_reference_marks(example_text: str):
    paragraphs = [" ".join(p.split()) for p in example_text.split("\n\n") if p.strip()]
    marked = [paragraphs[0], paragraphs[1].replace("Soviet society. ", "Soviet society.1 ", 1), *paragraphs[2:]]
    assert marked[1] != paragraphs[1]
    footnotes = ("1 W. Taubman, Khrushchev: The Man and His Era (New York, 2003), p. 270.",
                 "2 Ibid., p. 285.")
    data = _essay_pdf(marked, space_between=0.6, first_line_indent=0, footnotes=footnotes)
    text = extract_text(data, "essay.pdf")
    assert "Taubman" not in text and "Ibid" not in text
    assert paragraphs[1] in text.split("\n\n"), "the reference mark is gone from the essay's words"
    assert "in February 1956" in text and "reforms of 1958" in text, "the essay's own numbers stay"


def test_a_last_paragraph_that_starts_with_a_number_is_a_footnote_only_when_the_page_refers_to_it():
    from marker.inputs import split_footnotes

    page = ["The thaw began after the Secret Speech.", "20 Soviet divisions crossed into Hungary in November 1956."]
    assert split_footnotes(page) == (page, set())
    cited = ["The thaw began after the Secret Speech.20", "20 W. Taubman, Khrushchev (New York, 2003), p. 270."]
    assert split_footnotes(cited) == (cited[:1], {"20"})
    both = ["The thaw began after the Secret Speech.1", page[1], "1 W. Taubman, Khrushchev (2003), p. 270."]
    assert split_footnotes(both) == (both[:2], {"1"}), "a real footnote under the essay's own numbered paragraph"


def test_removing_reference_marks_leaves_decimals_alone():
    from marker.inputs import without_reference_marks

    text = "Around 1.5 million were freed in the late 1950s,5 and output grew by 7.5 per cent.1"
    assert without_reference_marks(text, {"1", "5"}) == "Around 1.5 million were freed in the late 1950s, and output grew by 7.5 per cent."


def test_a_pdf_title_question_in_the_body_font_is_not_run_into_the_first_paragraph(example_text: str):
    paragraphs = [" ".join(p.split()) for p in example_text.split("\n\n") if p.strip()]
    title = "How far did Khrushchev succeed in 'de-Stalinising' the USSR in the years 1956 to 1964?"  # a full line
    found = extract_text(_essay_pdf([title, *paragraphs], space_between=0, first_line_indent=0), "essay.pdf")
    first, second = found.split("\n\n")[:2]
    assert first == title and second.startswith(paragraphs[0])  # (this layout has no mark after the first paragraph)


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


def test_a_word_file_reads_an_answer_box_and_leaves_out_cover_sheet_captions_and_hidden_text(example_text: str):
    paragraphs = [p.strip() for p in example_text.split("\n\n") if p.strip()]

    def build(document):
        cover = document.add_table(rows=2, cols=2)
        cover.cell(0, 0).text, cover.cell(0, 1).text = "Candidate number", "4821"
        cover.cell(1, 0).text = "I confirm that this is my own work."
        document.add_heading("Part 1: How far the Secret Speech and the thaw changed Soviet society", level=2)
        document.add_paragraph("Write your answer in the box below:")
        box = document.add_table(rows=1, cols=1).cell(0, 0)
        box.text = paragraphs[0]
        for text in paragraphs[1:3]:
            box.add_paragraph(text)
        document.add_paragraph("Figure 1: Stalin's statue in Budapest, 1956.", style="Caption")
        last = document.add_paragraph(paragraphs[3])
        last.add_run(" [NOTE TO SELF: add a quote]").font.hidden = True

    text = extract_text(_word_file(build), "essay.docx")
    assert text == "\n\n".join(["# Part 1: How far the Secret Speech and the thaw changed Soviet society",
                                 "Write your answer in the box below:", *paragraphs[:4]])
    assert split_paragraphs(text, str.split) == paragraphs[:4], "the heading and the template's instruction are not the essay"


def test_a_long_notice_in_a_table_above_a_typed_essay_is_not_read(example_text: str):
    paragraphs = [p.strip() for p in example_text.split("\n\n") if p.strip()][:2]
    notice = ("Notice to candidates. The work you submit must be your own. If you copy from someone else or let "
              "another student copy from you, or if you cheat in any other way, you may be disqualified from at "
              "least the subject concerned. Sign the declaration below once you have read and understood it.")

    def build(document):
        document.add_table(rows=1, cols=1).cell(0, 0).text = notice
        for text in paragraphs:
            document.add_paragraph(text)

    assert len(notice.split()) >= 50
    assert extract_text(_word_file(build), "essay.docx") == "\n\n".join(paragraphs)


def test_a_word_file_with_its_text_in_a_table_says_so():
    def build(document):
        document.add_table(rows=1, cols=1).cell(0, 0).text = ESSAY

    with pytest.raises(EssayError, match="essay.docx: all of the text is in a table"):
        extract_text(_word_file(build), "essay.docx")
