"""Labelled data for evaluation and training.

Two formats:

* essay sets (the `alevel-dev` JSON format): a scheme's fields (or `scheme`, naming one) plus
  `essays`, each a list of `paragraphs` with the `points` each makes (and optionally `maybe`
  points touched in passing); `no-breaks` essays also carry `as_submitted`, the one block the
  writer handed in.
* ArgKP-2021 folders: `arguments_<split>.csv`, `key_points_<split>.csv`, `labels_<split>.csv`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marker.errors import MarkerError, SchemeError
from marker.schemes import Scheme, resolve_scheme

SCHEME_FIELDS = ("id", "question", "board", "level", "year", "topic", "marks", "points")


class DataFormatError(MarkerError):
    """A labelled data file that is not in the expected format."""


@dataclass(frozen=True)
class LabelledParagraph:
    text: str
    points: frozenset[str]
    maybe: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LabelledEssay:
    id: str
    kind: str
    paragraphs: tuple[LabelledParagraph, ...]
    as_submitted: str | None = None

    @property
    def points(self) -> frozenset[str]:
        """Every point the essay makes somewhere."""
        return frozenset().union(*(p.points for p in self.paragraphs))

    @property
    def paragraph_level(self) -> bool:
        """Whether the essay is scored paragraph by paragraph (no-breaks essays are not)."""
        return self.as_submitted is None


@dataclass(frozen=True)
class LabelledSet:
    """A scheme with essays labelled paragraph by paragraph."""

    scheme: Scheme
    essays: tuple[LabelledEssay, ...]
    source: str


_KINDS = {list: "a list", str: "a string"}


def _require(mapping: Any, key: str, where: str, source: Path, kind: type) -> Any:
    """`mapping[key]`, which must be of type `kind`; else a DataFormatError naming the file and place."""
    if not isinstance(mapping, Mapping) or key not in mapping:
        raise DataFormatError(f"{source}: {where} has no {key!r} field; expected the alevel-dev essay-set format")
    value = mapping[key]
    if not isinstance(value, kind):
        raise DataFormatError(f"{source}: {where} -> {key} should be {_KINDS[kind]}, not {type(value).__name__} "
                              f"({json.dumps(value)[:40]}); expected the alevel-dev essay-set format")
    return value


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFormatError(f"{path}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"{path}: not a JSON essay set ({exc})") from None


def _referenced_scheme(reference: str, path: Path) -> Scheme:
    """The scheme an essay set names instead of repeating it: a bundled scheme id, a scheme file,
    or another essay set (paths relative to the set's own file)."""
    target = path.parent / reference
    if target.suffix.lower() == ".json" and target.is_file() and "essays" in _read_json(target):
        return load_labelled_set(target).scheme
    try:
        return resolve_scheme(target if target.exists() else reference)
    except SchemeError as exc:
        raise DataFormatError(f"{path}: its 'scheme' {reference!r} is neither a bundled scheme id nor a scheme "
                              f"or essay-set file found relative to this file ({exc})") from None


def load_labelled_set(path: str | Path) -> LabelledSet:
    """Load an essay set in the alevel-dev JSON format.

    The scheme's fields sit at the top of the file, or `"scheme"` names it: a bundled scheme id, or
    a scheme or essay-set file, relative to this one.

    Raises:
        DataFormatError: the file is missing, not JSON, or lacks a required field (named).
    """
    path = Path(path)
    data = _read_json(path)
    essays_data = _require(data, "essays", "the file", path, list)
    if "scheme" in data:
        scheme = _referenced_scheme(str(data["scheme"]), path)
    else:
        scheme = Scheme.from_dict({k: data[k] for k in SCHEME_FIELDS if k in data}, source=str(path))
    if not essays_data:
        raise DataFormatError(f"{path}: the 'essays' list is empty; there is nothing to measure")
    essays = []
    for i, essay in enumerate(essays_data):
        where = f"essays -> {i}"
        paragraphs = tuple(
            LabelledParagraph(
                text=_require(p, "text", f"{where} -> paragraphs -> {j}", path, str),
                points=frozenset(_require(p, "points", f"{where} -> paragraphs -> {j}", path, list)),
                maybe=frozenset(_require(p, "maybe", f"{where} -> paragraphs -> {j}", path, list)
                                if "maybe" in p else ()),
            )
            for j, p in enumerate(_require(essay, "paragraphs", where, path, list))
        )
        if not paragraphs:
            raise DataFormatError(f"{path}: {where} has an empty 'paragraphs' list; give its paragraphs or leave the essay out")
        unknown = set().union(*(p.points | p.maybe for p in paragraphs)) - set(scheme.point_ids)
        if unknown:
            raise DataFormatError(f"{path}: {where} labels points not in the scheme: {sorted(unknown)}")
        kind = essay.get("kind", "")
        as_submitted = essay.get("as_submitted") if kind == "no-breaks" else None
        if kind == "no-breaks" and not as_submitted:
            raise DataFormatError(f"{path}: {where} is a no-breaks essay without 'as_submitted'")
        essays.append(LabelledEssay(str(essay.get("id", f"{scheme.id}-{i}")), kind, paragraphs, as_submitted))
    return LabelledSet(scheme, tuple(essays), str(path))


def load_labelled_sets(paths: list[str | Path]) -> list[LabelledSet]:
    """Load essay sets from files and folders (every `*.json` in a folder)."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    if not files:
        raise DataFormatError(f"no essay-set JSON files in {', '.join(map(str, paths))}")
    return [load_labelled_set(f) for f in files]


@dataclass(frozen=True)
class KeyPointData:
    """An ArgKP-2021 split: arguments, key points and their match labels."""

    arguments: dict[str, tuple[str, str, int]]  # arg_id -> (argument, topic, stance)
    key_points: dict[str, tuple[str, str, int]]  # key_point_id -> (key point, topic, stance)
    labels: dict[tuple[str, str], int]  # (arg_id, key_point_id) -> 1 match / 0 no match

    def restricted_to(self, topics: set[str]) -> KeyPointData:
        """The same data for only these topics."""
        return KeyPointData(
            {k: v for k, v in self.arguments.items() if v[1] in topics},
            {k: v for k, v in self.key_points.items() if v[1] in topics},
            {k: v for k, v in self.labels.items() if self.arguments[k[0]][1] in topics},
        )

    def schemes(self) -> list[tuple[Scheme, list[str]]]:
        """One scheme per (topic, stance), its key points as the points, with the ids of its arguments."""
        return [
            (Scheme.from_dict({"id": f"kpa-{n}", "question": topic, "points": [
                {"id": kp, "side": "for" if stance > 0 else "against", "text": self.key_points[kp][0]}
                for kp in kp_ids]}), arg_ids)
            for n, ((topic, stance), (arg_ids, kp_ids)) in enumerate(sorted(self.groups().items()))
        ]

    def groups(self) -> dict[tuple[str, int], tuple[list[str], list[str]]]:
        """(topic, stance) -> (argument ids, key point ids), in file order."""
        groups: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
        for arg_id, (_, topic, stance) in self.arguments.items():
            groups.setdefault((topic, stance), ([], []))[0].append(arg_id)
        for kp_id, (_, topic, stance) in self.key_points.items():
            groups.setdefault((topic, stance), ([], []))[1].append(kp_id)
        return {key: value for key, value in groups.items() if value[0] and value[1]}


def read_csv(path: Path, columns: tuple[str, ...], hint: str = "") -> list[dict[str, str]]:
    """The rows of a CSV file that must have `columns`; a missing file or column is a `DataFormatError`
    (`hint` says what the folder should hold)."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = set(columns) - set(reader.fieldnames or ())
            if missing:
                raise DataFormatError(f"{path}: missing columns {sorted(missing)}; expected {', '.join(columns)}")
            return list(reader)
    except FileNotFoundError:
        raise DataFormatError(f"{path}: file not found{hint}") from None


_ARGKP_HINT = "; an ArgKP folder needs arguments_, key_points_ and labels_<split>.csv"


def load_key_point_data(folder: str | Path, split: str) -> KeyPointData:
    """Load one split ("train", "dev", "test") of an ArgKP-2021 folder."""
    folder = Path(folder)
    arguments = {
        r["arg_id"]: (r["argument"], r["topic"], int(r["stance"]))
        for r in read_csv(folder / f"arguments_{split}.csv", ("arg_id", "argument", "topic", "stance"), _ARGKP_HINT)
    }
    key_points = {
        r["key_point_id"]: (r["key_point"], r["topic"], int(r["stance"]))
        for r in read_csv(folder / f"key_points_{split}.csv", ("key_point_id", "key_point", "topic", "stance"), _ARGKP_HINT)
    }
    labels = {
        (r["arg_id"], r["key_point_id"]): int(r["label"])
        for r in read_csv(folder / f"labels_{split}.csv", ("arg_id", "key_point_id", "label"), _ARGKP_HINT)
    }
    return KeyPointData(arguments, key_points, labels)


def is_key_point_folder(path: str | Path) -> bool:
    return Path(path).is_dir() and any(Path(path).glob("key_points_*.csv"))
