"""Where marker finds its bundled data: mark schemes and trained model files.

Both live at the top of the source checkout (`schemes/`, `models/`), which is what the
editable install in the README uses. `MARKER_SCHEMES_DIR` and `MARKER_MODELS_DIR` point
marker elsewhere, for example at a shared folder of a school's own schemes.
"""

from __future__ import annotations

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def schemes_dir() -> Path:
    """The folder of bundled mark schemes."""
    return Path(os.environ.get("MARKER_SCHEMES_DIR") or _CHECKOUT / "schemes")


def models_dir() -> Path:
    """The folder of trained model files (scorer weights, calibration, thresholds)."""
    return Path(os.environ.get("MARKER_MODELS_DIR") or _CHECKOUT / "models")
