"""marker: check an essay against an exam mark scheme.

Usage:
    >>> import marker
    >>> scheme = marker.load_scheme("schemes/khrushchev-destalinisation.yaml")  # doctest: +SKIP
    >>> report = marker.mark(essay_text, scheme)  # doctest: +SKIP
    >>> report.to_dict()["summary"]  # doctest: +SKIP

Public names are imported on first use, so `import marker` stays light (no torch, no spaCy).
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("marker")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0+unknown"

_EXPORTS = {
    "Marker": "marker.pipeline",
    "mark": "marker.pipeline",
    "Scheme": "marker.schemes",
    "Point": "marker.schemes",
    "Level": "marker.schemes",
    "load_scheme": "marker.schemes",
    "save_scheme": "marker.schemes",
    "import_scheme": "marker.scheme_import",
    "import_extract": "marker.scheme_import",
    "ImportResult": "marker.scheme_import",
    "list_schemes": "marker.schemes",
    "Report": "marker.report",
    "PointResult": "marker.report",
    "ParagraphResult": "marker.report",
    "read_essay": "marker.inputs",
    "mark_files": "marker.batch",
    "BatchResult": "marker.batch",
    "Feedback": "marker.feedback",
    "build_feedback": "marker.feedback",
    "MarkerError": "marker.errors",
    "SchemeError": "marker.errors",
    "EssayError": "marker.errors",
    "ModelNotInstalledError": "marker.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:
    from marker.batch import BatchResult, mark_files
    from marker.errors import EssayError, MarkerError, ModelNotInstalledError, SchemeError
    from marker.feedback import Feedback, build_feedback
    from marker.inputs import read_essay
    from marker.pipeline import Marker, mark
    from marker.report import ParagraphResult, PointResult, Report
    from marker.scheme_import import ImportResult, import_extract, import_scheme
    from marker.schemes import Level, Point, Scheme, list_schemes, load_scheme, save_scheme


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'marker' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names (also before their first use) and the module's dunders, for `dir(marker)`
    and tab completion; not the helpers this file imports or the submodules loaded so far."""
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})
