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
