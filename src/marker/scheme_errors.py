"""Scheme validation errors in a teacher's words: pydantic's errors with the line of each field
in the scheme file, points counted from 1 and named by their id, and what to fix.

    line 9: point 2 (A1), side: should be 'for' or 'against'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from marker.schemes import PATTERN_HINTS, Location, PlacedProblems

_ITEM_NAMES = {"points": "point", "levels": "level entry"}
_ITEM_FIELDS = {"points": "id, side and text", "levels": "level, marks and descriptor"}


def describe_errors(exc: ValidationError, data: Mapping[str, Any], text: str | None) -> list[str]:
    """Pydantic's errors as lines like "line 9: point 2 (A1), side: should be 'for' or 'against'";
    `text`, the scheme file's text (None for a mapping), gives the line numbers."""
    errors = exc.errors()
    in_points = any(len(error["loc"]) > 1 and error["loc"][0] == "points" for error in errors)
    if in_points:  # every point failed, so pydantic also says the list is empty: noise
        errors = [error for error in errors if error["loc"] != ("points",)]
    root = _compose(text)
    lines = []
    for loc, message in _placed(errors):
        line = _line_of(root, loc)
        where = f"line {line}: " if line is not None else ""
        lines.append(f"{where}{_place(loc, data)}: {message}")
    return lines


def _placed(errors: list[Any]) -> list[tuple[Location, str]]:
    """Each error's place and plain message; the problems a scheme validator found across fields
    (`PlacedProblems`) each at their own place."""
    placed = []
    for error in errors:
        problems = error.get("ctx", {}).get("error")
        if isinstance(problems, PlacedProblems):
            placed.extend((tuple(error["loc"]) + loc, message) for loc, message in problems.problems)
        else:
            placed.append((error["loc"], _plain_message(error)))
    return placed


def _place(loc: Location, data: Mapping[str, Any]) -> str:
    """"point 2 (A1), side" for ("points", 1, "side"): items counted from 1, a point named by its id."""
    parts: list[str] = []
    for depth, part in enumerate(loc):
        if not isinstance(part, int):
            parts.append(str(part))
        elif depth == 1 and loc[0] in _ITEM_NAMES:
            items = data.get(str(loc[0]))
            item = items[part] if isinstance(items, list) and part < len(items) else None
            named = f" ({item['id']})" if isinstance(item, Mapping) and item.get("id") else ""
            parts[-1] = f"{_ITEM_NAMES[str(loc[0])]} {part + 1}{named}"
        else:
            parts[-1] = f"{parts[-1] if parts else 'item'} item {part + 1}"
    return ", ".join(parts) or "scheme"


def _plain_message(error: Any) -> str:
    """What is wrong, in a teacher's words rather than pydantic's."""
    kind, message = error["type"], error["msg"]
    plain = {
        "extra_forbidden": "unknown field (check the spelling; allowed fields are listed in the README)",
        "missing": "missing: add it",
        "string_type": "should be text",
        "int_type": "should be a whole number",
        "int_parsing": "should be a whole number",
        "int_from_float": "should be a whole number",
        "string_too_short": "must not be empty",
        "too_short": "needs at least one point" if error["loc"] == ("points",) else "",
        "string_pattern_mismatch": PATTERN_HINTS.get(error.get("ctx", {}).get("pattern", ""), ""),
        "tuple_type": "should be a list (in YAML, one line starting '- ' per item)",
        "model_type": _entry_fields(error["loc"]),
    }.get(kind)
    message = message.removeprefix("Value error, ").replace(" after validation", "")
    return plain or message.replace("Input should", "should").replace("Tuple should", "should")


def _entry_fields(loc: Location) -> str:
    """What a list entry given as a single value should be instead."""
    fields = _ITEM_FIELDS.get(str(loc[0])) if loc else None
    return f"should have its own fields ({fields}), not a single value" if fields else ""


def _compose(text: str | None) -> yaml.Node | None:
    """The YAML (or JSON) node tree of a scheme file, which knows each value's line; None without one."""
    if text is None:
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _line_of(node: yaml.Node | None, loc: Location) -> int | None:
    """The line (from 1) of the value at `loc`, or of its nearest enclosing value when it is missing;
    None for the scheme as a whole (an empty `loc`)."""
    if not loc:
        return None
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    return node.start_mark.line + 1 if node is not None else line
