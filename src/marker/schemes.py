"""Mark schemes: validated pydantic models, loading from YAML/JSON, and the bundled set.

A scheme file looks like::

    id: khrushchev-destalinisation
    question: How effectively did Khrushchev 'de-Stalinise' the USSR in 1956-64?
    marks: 25                                   # optional, like everything below
    levels:
      - {level: 5, marks: [21, 25], descriptor: "A well-focused, balanced answer ..."}
    points:
      - {id: F1, side: for, text: The Secret Speech changed attitudes ...,
         keywords: [Secret Speech], alternatives: [Khrushchev denounced Stalin], ao: [AO1]}
      - {id: A1, side: against, text: The secret police continued ...}

`schemes/schema.json` is the JSON Schema of this format (`scheme_json_schema()`), for editors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from marker.atomic import atomic_write_text
from marker.errors import SchemeError
from marker.paths import schemes_dir

Side = Literal["for", "against"]
SIDES: tuple[Side, Side] = ("for", "against")
SCHEME_SUFFIXES = (".yaml", ".yml", ".json")
SCHEMA_FILE_NAME = "schema.json"
"""The JSON Schema of the format, kept beside the bundled schemes (not a scheme itself)."""

Phrase = Annotated[str, Field(min_length=1)]
AO_PATTERN = r"^AO[1-9][0-9]*[a-z]?$"
POINT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$"  # ids go into CSV headers, Markdown and HTML ids
SCHEME_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
PATTERN_HINTS = {
    AO_PATTERN: "should be an assessment objective such as AO1 or AO3a",
    POINT_ID_PATTERN: "should be a short id of letters, digits, '.', '_' or '-' (at most 20), such as F1",
    SCHEME_ID_PATTERN: "should be letters, digits, '.', '_' or '-', starting with a letter or digit",
}

AoTag = Annotated[str, Field(pattern=AO_PATTERN, description="An assessment objective, such as AO1.")]
Marks = Annotated[int, Field(ge=0)]


def _normalise_space(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValueError("must not be empty")
    return text


class Point(BaseModel):
    """One bullet of indicative content: an argument for or against the question's view."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=POINT_ID_PATTERN, description="Short id such as F1 or A3.")
    side: Side = Field(description="'for' supports the question's proposition, 'against' challenges it.")
    text: str = Field(description="The bullet's wording: one or more claims.")
    keywords: tuple[Phrase, ...] = Field(
        default=(), description="Words an answer making this point is likely to use; matched together as one extra claim."
    )
    alternatives: tuple[Phrase, ...] = Field(
        default=(), description="Other accepted wordings of the point; each is matched as an extra claim."
    )
    ao: tuple[AoTag, ...] = Field(default=(), description="The assessment objectives the point serves, e.g. [AO1].")

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, text: str) -> str:
        return _normalise_space(text)

    @field_validator("keywords", "alternatives")
    @classmethod
    def _phrases_not_blank(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_normalise_space(phrase) for phrase in phrases)


Location = tuple[int | str, ...]
"""Where a value is in a scheme, as pydantic gives it: ("points", 1, "id") is the second point's id."""


class PlacedProblems(ValueError):
    """Problems across fields, each with the place of the value to fix (`scheme_errors` gives its line)."""

    def __init__(self, problems: Sequence[tuple[Location, str]]):
        super().__init__("; ".join(message for _, message in problems))
        self.problems = list(problems)


class Level(BaseModel):
    """A level descriptor as boards publish them: "Level 4 (16-20 marks): a balanced answer ..."."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: int = Field(ge=1, description="The level's number; higher is better.")
    marks: tuple[Marks, Marks] = Field(description="The lowest and highest mark of the level, e.g. [16, 20].")
    descriptor: str = Field(description="What an answer at this level does.")

    @field_validator("descriptor")
    @classmethod
    def _descriptor_not_blank(cls, descriptor: str) -> str:
        return _normalise_space(descriptor)

    @model_validator(mode="after")
    def _marks_in_order(self) -> Level:
        low, high = self.marks
        if low > high:
            raise ValueError(f"marks [{low}, {high}]: the lowest mark comes first")
        return self


class Scheme(BaseModel):
    """A question and its mark-scheme points, grouped by side."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=SCHEME_ID_PATTERN, description="Letters, digits, '.', '_', '-'.")
    question: str = Field(min_length=1, description="The exam question, as set.")
    board: str | None = Field(default=None, description="The exam board, e.g. AQA.")
    level: str | None = Field(default=None, description="The qualification, e.g. A Level.")
    year: int | None = Field(default=None, description="The year the question was set.")
    topic: str | None = Field(default=None, description="The course topic or paper.")
    marks: int | None = Field(default=None, ge=0, description="The question's total marks.")
    levels: tuple[Level, ...] = Field(default=(), description="Level descriptors with their mark ranges.")
    points: tuple[Point, ...] = Field(min_length=1, description="The indicative content, as points for and against.")

    @model_validator(mode="after")
    def _fields_agree(self) -> Scheme:
        """Point ids are distinct, and level ranges neither overlap nor pass the question's marks."""
        problems: list[tuple[Location, str]] = []
        ordered = sorted(enumerate(self.levels), key=lambda entry: entry[1].level)
        for (_, lower), (n, upper) in zip(ordered, ordered[1:]):
            if lower.level == upper.level:
                problems.append((("levels", n, "level"), f"level {lower.level} appears twice"))
            elif upper.marks[0] <= lower.marks[1]:
                problems.append((("levels", n, "marks"), f"level {upper.level} starts at {upper.marks[0]} marks, "
                                 f"inside level {lower.level} (up to {lower.marks[1]}); ranges must not overlap"))
        if self.marks is not None and ordered and (top := ordered[-1])[1].marks[1] > self.marks:
            problems.append((("levels", top[0], "marks"),
                             f"level {top[1].level} goes up to {top[1].marks[1]}, above marks ({self.marks})"))
        first_with_id: dict[str, int] = {}
        for n, point in enumerate(self.points):
            if point.id in first_with_id:
                problems.append((("points", n, "id"), f"duplicate point id {point.id!r} (point "
                                 f"{first_with_id[point.id] + 1} has it too): each point needs its own id"))
            first_with_id.setdefault(point.id, n)
        if problems:
            raise PlacedProblems(sorted(problems, key=lambda problem: (str(problem[0][0]), problem[0][1])))
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
        return _validated(data, source)

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

    def to_yaml(self) -> str:
        """The scheme as readable block-style YAML that `load_scheme` reads back to an equal scheme.

        Fields left at their defaults are omitted; long texts are folded over several lines, and
        short lists (mark ranges, keywords, AO tags) stand on one line.

        Example:
            >>> print(Scheme.from_dict({"id": "q", "question": "Why?",
            ...     "points": [{"id": "F1", "side": "for", "text": "Because."}]}).to_yaml(), end="")
            id: q
            question: Why?
            points:
            - id: F1
              side: for
              text: Because.
        """
        data = self.model_dump(mode="json", exclude_defaults=True)
        return yaml.dump(data, Dumper=_SchemeDumper, sort_keys=False, allow_unicode=True, width=YAML_WIDTH)

    @property
    def warnings(self) -> list[str]:
        """Problems that do not stop marking but deserve the author's attention."""
        return [
            f"no points on the {side!r} side: the balance of an essay cannot be judged"
            for side in SIDES
            if not self.side(side)
        ]


YAML_WIDTH = 100
FLOW_ITEM_MAX = 30


class _SchemeDumper(yaml.SafeDumper):
    """Writes texts longer than a line as folded block scalars (`>-`), like the bundled schemes."""


SchemeLike = Union[Scheme, Mapping[str, Any], str, Path]
"""What the marking functions take as a scheme (see `resolve_scheme`)."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = ">" if len(text) > YAML_WIDTH - 10 and text == text.strip() and "\n" not in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    """Short lists of short values (mark ranges, keywords, AO tags) on one line: `[16, 20]`."""
    short = all(isinstance(item, (int, str)) and len(str(item)) <= FLOW_ITEM_MAX for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=short and bool(items))


_SchemeDumper.add_representer(str, _represent_text)
_SchemeDumper.add_representer(list, _represent_list)


_KIND_NAMES = {"list": "list", "str": "single text", "int": "number", "float": "number", "bool": "yes/no value"}


def _validated(data: Any, source: str, text: str | None = None) -> Scheme:
    """`data` as a Scheme; errors name `source` and, given the file's `text`, each field's line."""
    if not isinstance(data, Mapping):
        raise SchemeError(source, [f"expected a mapping of fields (id:, question:, points: ...), got a "
                                   f"{_KIND_NAMES.get(type(data).__name__, type(data).__name__)}; see schemes/ for examples"])
    try:
        return Scheme.model_validate(dict(data))
    except ValidationError as exc:
        from marker.scheme_errors import describe_errors

        raise SchemeError(source, describe_errors(exc, data, text)) from None


def load_scheme(path: str | Path) -> Scheme:
    """Load and validate a scheme from a YAML or JSON file.

    Raises:
        SchemeError: the file is missing, unreadable, not YAML/JSON, or invalid.

    Example:
        >>> scheme = load_scheme("schemes/khrushchev-destalinisation.yaml")  # doctest: +SKIP
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        bundled = not path.suffix and any(scheme.id == str(path) for scheme in list_schemes())
        hint = "; it is a bundled scheme's id: pass the id itself to marker.mark" if bundled else ""
        raise SchemeError(path, [f"file not found{hint}"]) from None
    except IsADirectoryError:
        raise SchemeError(path, ["is a folder; give a scheme file (.yaml or .json)"]) from None
    except OSError as exc:
        raise SchemeError(path, [f"cannot read the file ({exc.strerror or exc})"]) from None
    return scheme_from_bytes(data, str(path))


def scheme_from_bytes(data: bytes, source: str) -> Scheme:
    """Validate a scheme file's bytes: UTF-8 text (a byte order mark is fine), read as `parse_scheme` says.

    Raises:
        SchemeError: naming `source`: not UTF-8 (with the line), not YAML/JSON, or invalid.
    """
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SchemeError(source, [f"line {line}: not UTF-8 text (byte {data[exc.start]:#04x}); save the file as "
                                   "UTF-8 (in Notepad: Save as, Encoding: UTF-8) and load it again"]) from None
    return parse_scheme(raw, source)


def parse_scheme(raw: str, source: str) -> Scheme:
    """Validate a scheme from its text: JSON when `source` (a file name) ends in .json, else YAML.

    Raises:
        SchemeError: naming `source`: not YAML/JSON, or invalid.

    Example:
        >>> parse_scheme("id: q\\nquestion: Why?\\npoints: [{id: F1, side: for, text: Because.}]", "q.yaml").id
        'q'
    """
    try:
        if source.lower().endswith(".json"):
            data = json.loads(raw, object_pairs_hook=_json_object)
        else:
            data = yaml.load(raw, Loader=_SchemeLoader)  # a SafeLoader: no Python objects
        return _validated(data if data is not None else {}, source, raw)
    except json.JSONDecodeError as exc:
        raise SchemeError(source, [f"line {exc.lineno}: invalid JSON ({exc.msg})"]) from None
    except _DuplicateKeyError as exc:
        raise SchemeError(source, [f"the key {exc.args[0]!r} is given twice in one object; give each field once"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SchemeError(source, [f"{where}invalid YAML ({problem})"]) from None
    except RecursionError:
        raise SchemeError(source, ["nested too deeply to be a scheme: a scheme is a mapping of fields (id:, "
                                   "question:, points: ...) with a list of points; see schemes/ for examples"]) from None


class _DuplicateKeyError(ValueError):
    pass


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json.loads would keep the last silently)."""
    keys = [key for key, _ in pairs]
    if len(set(keys)) < len(keys):
        raise _DuplicateKeyError(next(key for key in keys if keys.count(key) > 1))
    return dict(pairs)


class _SchemeLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (the second would replace the
    first silently: a second `points:` block drops the first's points)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                continue  # another kind of key is the scheme's own error, reported with its field
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice; give each field once",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def save_scheme(scheme: Scheme, path: str | Path, *, force: bool = False) -> Path:
    """Write a scheme as YAML, atomically: the file is complete or untouched, never half-written.

    Raises:
        SchemeError: the file exists and `force` is not set, or it cannot be written.

    Example:
        >>> save_scheme(scheme, "my-scheme.yaml")  # doctest: +SKIP
    """
    path = Path(path)
    if path.exists() and not force:
        raise SchemeError(path, ["the file already exists; choose another name or use --force to replace it"])
    try:
        atomic_write_text(path, scheme.to_yaml())
    except OSError as exc:
        raise SchemeError(path, [f"cannot write the file ({exc.strerror or exc})"]) from None
    return path


def scheme_json_schema() -> dict[str, Any]:
    """The JSON Schema of the scheme format, as committed in `schemes/schema.json`.

    Example:
        >>> scheme_json_schema()["title"]
        'Scheme'
    """
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Scheme.model_json_schema()}


def list_schemes() -> list[Scheme]:
    """The bundled schemes, sorted by id."""
    folder = schemes_dir()
    files = (
        sorted(p for p in folder.glob("*") if p.suffix.lower() in SCHEME_SUFFIXES and p.name != SCHEMA_FILE_NAME)
        if folder.is_dir()
        else []
    )
    return sorted((load_scheme(p) for p in files), key=lambda scheme: scheme.id)


def resolve_scheme(name_or_path: SchemeLike) -> Scheme:
    """A scheme from a file path or the id of a bundled scheme; a `Scheme` as it is, and a mapping
    of its fields (as `Scheme.from_dict` reads them) validated.

    Raises:
        SchemeError: neither a readable file nor a bundled id, or an invalid mapping.
        TypeError: not one of those kinds of value.
    """
    if isinstance(name_or_path, Scheme):
        return name_or_path
    if isinstance(name_or_path, Mapping):
        return Scheme.from_dict(name_or_path, source="the scheme given")
    if not isinstance(name_or_path, (str, Path)):
        raise TypeError(f"a scheme is a Scheme, a mapping of its fields, a scheme file's path or a bundled scheme's "
                        f"id, not {type(name_or_path).__name__}")
    path = Path(name_or_path)
    if path.suffix.lower() in SCHEME_SUFFIXES or path.is_file():
        return load_scheme(path)
    for scheme in list_schemes():
        if scheme.id == str(name_or_path):
            return scheme
    known = ", ".join(scheme.id for scheme in list_schemes()) or "none"
    if path.is_dir():
        raise SchemeError(name_or_path, [f"is a folder, not a scheme file or a bundled scheme's id (bundled: {known})"])
    raise SchemeError(name_or_path, [f"no scheme file or bundled scheme with this id (bundled: {known})"])
