"""The exceptions marker raises. The CLI turns any `MarkerError` into a one-line message."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class MarkerError(Exception):
    """A problem the user can fix; its message says what is wrong and what to do."""


class SchemeError(MarkerError):
    """A mark scheme that cannot be loaded or is invalid.

    Attributes:
        source: the file (or a label such as "<dict>") the scheme came from.
        errors: one readable line per problem, each starting with the field path.
    """

    def __init__(self, source: str | Path, errors: Sequence[str]):
        self.source = str(source)
        self.errors = list(errors)
        super().__init__(f"{self.source}: " + "; ".join(self.errors))


class EssayError(MarkerError):
    """An essay that cannot be read or has nothing to mark."""


class ModelNotInstalledError(MarkerError):
    """A model package is missing; the message names the pip package that provides it."""
