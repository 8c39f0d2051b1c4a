"""Atomic file writes: a file appears complete at its path, or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file that appears at `path` only once it is completely written.

    It is written to a temporary file in the same folder, flushed to disk, then renamed. The file
    keeps the mode of the file it replaces; a new one gets the umask's, as `open()` would give. A
    symbolic link is kept and the file it points to replaced; a device or a named pipe
    (`-o /dev/null`) is written to as it is.

    Example:
        >>> with atomic_open(Path("out/results.csv")) as file:  # doctest: +SKIP
        ...     file.write("student,file\\n")
    """
    path = path.resolve() if path.is_symlink() else path
    if path.exists() and not path.is_file():
        with open(path, "w", encoding=encoding, newline="") as file:
            yield file
        return
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically (UTF-8)."""
    with atomic_open(path) as file:
        file.write(text)
