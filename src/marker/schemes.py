"""Mark schemes: validated pydantic models, loading from YAML/JSON, and the bundled set.

A scheme file looks like::

    id: khrushchev-destalinisation
    question: How effectively did Khrushchev 'de-Stalinise' the USSR in 1956-64?
    points:
      - {id: F1, side: for, text: The Secret Speech changed attitudes ...}
      - {id: A1, side: against, text: The secret police continued ...}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from marker.errors import SchemeError
from marker.paths import schemes_dir

Side = Literal["for", "against"]
SIDES: tuple[Side, Side] = ("for", "against")
SCHEME_SUFFIXES = (".yaml", ".yml", ".json")


class Point(BaseModel):
    """One bullet of indicative content: an argument for or against the question's view."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^\S+$", description="Short id such as F1 or A3.")
    side: Side = Field(description="'for' supports the question's proposition, 'against' challenges it.")
    text: str = Field(description="The bullet's wording: one or more claims.")

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, text: str) -> str:
        text = " ".join(text.split())
        if not text:
            raise ValueError("must not be empty")
        return text


class Scheme(BaseModel):
    """A question and its mark-scheme points, grouped by side."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    question: str = Field(min_length=1)
    board: str | None = None
    level: str | None = None
    year: int | None = None
    topic: str | None = None
    marks: int | None = Field(default=None, ge=0)
    points: tuple[Point, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_point_ids(self) -> Scheme:
        seen: set[str] = set()
        for point in self.points:
            if point.id in seen:
                raise ValueError(f"duplicate point id {point.id!r}: each point needs its own id")
            seen.add(point.id)
        return self

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> Scheme:
        """Validate a mapping (as read from YAML/JSON) into a Scheme.

        Raises:
            SchemeError: naming `source`, each field path and what is wrong.

        Example:
            >>> Scheme.from_dict({"id": "q", "question": "Why?",
            ...     "points": [{"id": "F1", "side": "for", "text": "Because."}]}).points[0].id
            'F1'
        """
        if not isinstance(data, Mapping):
            raise SchemeError(source, [f"expected a mapping of fields, got {type(data).__name__}"])
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise SchemeError(source, _describe_errors(exc, data)) from None

    @property
    def point_ids(self) -> list[str]:
        return [point.id for point in self.points]

    def side(self, side: Side) -> list[Point]:
        """The points of one side, in scheme order."""
        return [point for point in self.points if point.side == side]

    def point(self, point_id: str) -> Point:
        """The point with this id (KeyError if there is none)."""
        for point in self.points:
            if point.id == point_id:
                return point
        raise KeyError(point_id)

    @property
    def warnings(self) -> list[str]:
        """Problems that do not stop marking but deserve the author's attention."""
        return [
            f"no points on the {side!r} side: the balance of an essay cannot be judged"
            for side in SIDES
            if not self.side(side)
        ]


def _describe_errors(exc: ValidationError, data: Mapping[str, Any]) -> list[str]:
    """Turn pydantic errors into lines like "points -> 2 (F3) -> side: Input should be ...'"."""
    points = data.get("points") if isinstance(data, Mapping) else None
    lines = []
    for error in exc.errors():
        parts = []
        for i, part in enumerate(error["loc"]):
            label = str(part)
            if i == 1 and error["loc"][0] == "points" and isinstance(part, int) and isinstance(points, list):
                item = points[part] if part < len(points) else None
                if isinstance(item, Mapping) and item.get("id"):
                    label = f"{part} ({item['id']})"
            parts.append(label)
        where = " -> ".join(parts) or "scheme"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; allowed fields are listed in the README)"
        lines.append(f"{where}: {message}")
    return lines


def load_scheme(path: str | Path) -> Scheme:
    """Load and validate a scheme from a YAML or JSON file.

    Raises:
        SchemeError: the file is missing, unreadable, not YAML/JSON, or invalid.

    Example:
        >>> scheme = load_scheme("schemes/khrushchev-destalinisation.yaml")  # doctest: +SKIP
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemeError(path, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(path, [f"cannot read the file ({exc})"]) from None
    return parse_scheme(raw, str(path))


def parse_scheme(raw: str, source: str) -> Scheme:
    """Validate a scheme from its text: JSON when `source` (a file name) ends in .json, else YAML.

    Raises:
        SchemeError: naming `source`: not YAML/JSON, or invalid.

    Example:
        >>> parse_scheme("id: q\\nquestion: Why?\\npoints: [{id: F1, side: for, text: Because.}]", "q.yaml").id
        'q'
    """
    try:
        data = json.loads(raw) if source.lower().endswith(".json") else yaml.safe_load(raw)
    except json.JSONDecodeError as exc:
        raise SchemeError(source, [f"line {exc.lineno}: invalid JSON ({exc.msg})"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SchemeError(source, [f"{where}invalid YAML ({problem})"]) from None
    return Scheme.from_dict(data if data is not None else {}, source=source)


def list_schemes() -> list[Scheme]:
    """The bundled schemes, sorted by id."""
    folder = schemes_dir()
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in SCHEME_SUFFIXES) if folder.is_dir() else []
    return sorted((load_scheme(p) for p in files), key=lambda scheme: scheme.id)


def resolve_scheme(name_or_path: str | Path) -> Scheme:
    """A scheme from a file path, or from the id of a bundled scheme.

    Raises:
        SchemeError: neither a readable file nor a bundled id.
    """
    path = Path(name_or_path)
    if path.suffix.lower() in SCHEME_SUFFIXES or path.exists():
        return load_scheme(path)
    for scheme in list_schemes():
        if scheme.id == str(name_or_path):
            return scheme
    known = ", ".join(scheme.id for scheme in list_schemes()) or "none"
    raise SchemeError(name_or_path, [f"no scheme file or bundled scheme with this id (bundled: {known})"])
