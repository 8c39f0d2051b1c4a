"""Scheme files: validation with field paths, bundled schemes, YAML and JSON."""

from __future__ import annotations

import pytest

import marker
from marker.errors import SchemeError
from marker.schemes import resolve_scheme

from conftest import DATA, ROOT


def test_bundled_schemes_load_and_include_the_seed_question():
    schemes = {s.id: s for s in marker.list_schemes()}
    assert {"khrushchev-destalinisation", "britain-labour-1945-51", "italy-mussolini-consolidation",
            "stuart-civil-war-causes"} <= set(schemes)
    seed = schemes["khrushchev-destalinisation"]
    assert seed.point_ids == ["F1", "F2", "F3", "F4", "F5", "A1", "A2", "A3", "A4", "A5"]
    assert [p.side for p in seed.points] == ["for"] * 5 + ["against"] * 5
    assert all(len(p.text.split()) > 20 for p in seed.points)


def test_unknown_side_names_file_field_and_point():
    with pytest.raises(SchemeError) as err:
        marker.load_scheme(DATA / "bad-side.yaml")
    message = str(err.value)
    assert "bad-side.yaml" in message
    assert "points -> 1 (A1) -> side" in message
    assert "'for' or 'against'" in message


def test_duplicate_point_id_is_an_error():
    with pytest.raises(SchemeError, match="duplicate point id 'F1'"):
        marker.load_scheme(DATA / "duplicate-id.yaml")


def test_malformed_yaml_reports_the_line():
    with pytest.raises(SchemeError, match=r"malformed.yaml: line \d+: invalid YAML"):
        marker.load_scheme(DATA / "malformed.yaml")


def test_empty_text_and_unknown_field_are_errors():
    with pytest.raises(SchemeError) as err:
        marker.Scheme.from_dict({
            "id": "x", "question": "Why?", "colour": "red",
            "points": [{"id": "F1", "side": "for", "text": "   "}],
        })
    assert "points -> 0 (F1) -> text: must not be empty" in str(err.value)
    assert "colour: unknown field" in str(err.value)


def test_json_scheme_with_one_side_loads_with_a_warning():
    scheme = marker.load_scheme(DATA / "one-side.json")
    assert scheme.point_ids == ["F1"]
    assert scheme.warnings == ["no points on the 'against' side: the balance of an essay cannot be judged"]


def test_resolve_by_id_and_unknown_id():
    assert resolve_scheme("khrushchev-destalinisation").id == "khrushchev-destalinisation"
    with pytest.raises(SchemeError, match="no scheme file or bundled scheme"):
        resolve_scheme("no-such-scheme")


def test_missing_file():
    with pytest.raises(SchemeError, match="file not found"):
        marker.load_scheme(ROOT / "schemes" / "nope.yaml")
