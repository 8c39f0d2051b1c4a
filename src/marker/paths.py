"""Where marker finds its bundled data: mark schemes and trained model files.

Both live at the top of the source checkout (`schemes/`, `models/`), which is what the
editable install in the README uses; a built wheel carries copies in `marker/bundled/` (see
`setup.py`), which come first when present. `MARKER_SCHEMES_DIR` and `MARKER_MODELS_DIR` point
marker elsewhere, for example at a shared folder of a school's own schemes.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]


def _bundled(name: str) -> Path:
    """`name` as a wheel carries it inside the package, else as the checkout has it."""
    inside = _PACKAGE / "bundled" / name
    return inside if inside.is_dir() else _CHECKOUT / name


def schemes_dir() -> Path:
    """The folder of bundled mark schemes."""
    return Path(os.environ.get("MARKER_SCHEMES_DIR") or _bundled("schemes"))


def models_dir() -> Path:
    """The folder of trained model files (scorer weights, calibration, thresholds)."""
    return Path(os.environ.get("MARKER_MODELS_DIR") or _bundled("models"))
