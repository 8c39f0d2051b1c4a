"""What a student submits on the web page (or to `POST /api/mark`), checked into an essay and a scheme.

Limits: each upload, and the pasted essay, may be at most `MAX_UPLOAD_BYTES` (2 MB); a whole
request at most `MAX_REQUEST_BYTES`. Only bundled schemes can be chosen by id: an id is never
read as a path on the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marker.errors import EssayError, MarkerError, SchemeError
from marker.inputs import DocumentText, read_document
from marker.schemes import SCHEME_SUFFIXES, Scheme, scheme_from_bytes

MAX_UPLOAD_MB = 2
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_REQUEST_BYTES = 2 * MAX_UPLOAD_BYTES + 64 * 1024  # two uploads and the form's other fields
MAX_ESSAY_WORDS = 20_000  # marked in about 5 s; one request at a time, so a longer text would hold up the class
MAX_SCHEME_POINTS = 100  # for the same reason: marking time grows with the points as with the words


class UploadTooLargeError(MarkerError):
    """An upload or request over the size limit."""


def too_large(what: str, size: int | None = None) -> UploadTooLargeError:
    """The error for `what` being over the limit (its size in bytes, when known)."""
    found = f" ({size / 1024 / 1024:.1f} MB)" if size is not None else ""
    return UploadTooLargeError(f"{what} is too large{found}: essays and files are limited to {MAX_UPLOAD_MB} MB each")


def _within_word_limit(document: DocumentText, what: str) -> DocumentText:
    """The document, unless it has more than `MAX_ESSAY_WORDS` words."""
    words = len(document.text.split())
    if words > MAX_ESSAY_WORDS:
        raise UploadTooLargeError(f"{what} has {words:,} words: the page checks essays of up to {MAX_ESSAY_WORDS:,} "
                                  "words (an exam essay is usually under 3,000); check one essay at a time")
    return document


def _within_point_limit(scheme: Scheme, what: str) -> Scheme:
    """The scheme, unless it has more than `MAX_SCHEME_POINTS` points."""
    if len(scheme.points) > MAX_SCHEME_POINTS:
        raise UploadTooLargeError(f"{what} has {len(scheme.points):,} points: the page checks against schemes of up "
                                  f"to {MAX_SCHEME_POINTS} (a question's mark scheme has about 10)")
    return scheme


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name as the browser gave it, and its bytes."""

    name: str
    data: bytes

    def __post_init__(self) -> None:
        if len(self.data) > MAX_UPLOAD_BYTES:
            raise too_large(self.name)  # the data may have been read only up to just past the limit


@dataclass(frozen=True)
class Submission:
    """The form's fields: an essay (pasted or uploaded) and a scheme (bundled id, mapping or upload)."""

    essay: str = ""
    essay_file: Upload | None = None
    scheme: str | Mapping[str, Any] = ""
    scheme_file: Upload | None = None
    hints_only: bool = False

    def essay_document(self) -> DocumentText:
        """The essay: the uploaded file if there is one (with a warning if text was also pasted),
        else the pasted text.

        Raises:
            EssayError: empty, of an unsupported type, binary or unreadable.
            UploadTooLargeError: pasted text over the limit.
        """
        if self.essay_file is not None:
            document = read_document(self.essay_file.data, self.essay_file.name)
            if self.essay.strip():
                overridden = f"you pasted an essay and chose a file: {self.essay_file.name} was checked, not the pasted text"
                document = DocumentText(document.text, (*document.warnings, overridden))
            return _within_word_limit(document, self.essay_file.name)
        if len(self.essay.encode("utf-8")) > MAX_UPLOAD_BYTES:
            raise too_large("the pasted essay")
        if not self.essay.strip():
            raise EssayError("the essay is empty: paste your essay or choose a .txt, .md, .docx or .pdf file")
        return _within_word_limit(DocumentText(self.essay), "the pasted essay")

    def scheme_warnings(self) -> list[str]:
        """A note when a question was chosen and a scheme file uploaded too: the file is used."""
        if self.scheme_file is None or not isinstance(self.scheme, str) or not self.scheme:
            return []
        return [f"you chose a question and a scheme file: {self.scheme_file.name} was used, not {self.scheme!r}"]

    def chosen_scheme(self, bundled: Mapping[str, Scheme]) -> Scheme:
        """The uploaded scheme file if there is one, else the chosen bundled scheme (or a mapping).

        Raises:
            SchemeError: no scheme chosen, an unknown id, or an invalid scheme file.

        Example:
            >>> Submission(scheme="khrushchev-destalinisation").chosen_scheme({s.id: s for s in list_schemes()})  # doctest: +SKIP
        """
        if self.scheme_file is not None:
            name = self.scheme_file.name
            if Path(name).suffix.lower() not in SCHEME_SUFFIXES:
                raise SchemeError(name, [f"a scheme file must be {', '.join(SCHEME_SUFFIXES)}"])
            return _within_point_limit(scheme_from_bytes(self.scheme_file.data, name), name)
        if isinstance(self.scheme, Mapping):
            return _within_point_limit(Scheme.from_dict(self.scheme, source="the posted scheme"), "the posted scheme")
        if not self.scheme:
            raise SchemeError("scheme", ["choose a question's mark scheme or upload a scheme file"])
        if self.scheme not in bundled:
            known = ", ".join(bundled) or "none"
            raise SchemeError(self.scheme, [f"no bundled scheme with this id (bundled: {known})"])
        return bundled[self.scheme]
