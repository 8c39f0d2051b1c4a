"""The local self-check web page: `create_app()` builds the FastAPI app that `marker serve` runs.

Example:
    >>> from marker.web import create_app  # doctest: +SKIP
    >>> app = create_app()  # doctest: +SKIP
"""

from marker.web.app import create_app

__all__ = ["create_app"]
