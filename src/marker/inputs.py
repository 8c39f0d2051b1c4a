"""Reading essays from files and standard input, with clear errors for what cannot be read."""

from __future__ import annotations

import logging
from pathlib import Path

from marker.errors import EssayError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def decode_text(data: bytes, source: str) -> str:
    """Decode essay bytes: UTF-8 (with or without BOM), else cp1252/latin-1 with a warning.

    Raises:
        EssayError: the bytes look binary (NUL bytes), not like text.
    """
    if b"\x00" in data[:8192]:
        raise EssayError(f"{source}: this looks like a binary file, not text; save the essay as .txt (UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        log.warning("%s is not UTF-8; read it as %s (save it as UTF-8 to be sure of every character)", source, encoding)
        return text
    raise EssayError(f"{source}: cannot decode the text; save the essay as UTF-8")  # pragma: no cover (latin-1 decodes any bytes)


def read_essay(path: str | Path) -> str:
    """The text of an essay file (.txt or .md).

    Raises:
        EssayError: the file is missing, a folder, binary, or of an unsupported type.

    Example:
        >>> text = read_essay("examples/khrushchev-balanced.txt")  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise EssayError(f"{path}: file not found")
    if path.is_dir():
        raise EssayError(f"{path}: is a folder; give one essay file (`marker batch` marks a folder)")
    if path.suffix.lower() not in TEXT_SUFFIXES and path.suffix:
        raise EssayError(f"{path}: unsupported file type {path.suffix!r}; use .txt or .md")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EssayError(f"{path}: cannot read the file ({exc.strerror})") from None
    return decode_text(data, str(path))
