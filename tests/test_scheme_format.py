"""The richer scheme format: levels, keywords, alternatives, AO tags; YAML out; the JSON Schema."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import ROOT

from marker import Scheme, list_schemes, load_scheme, save_scheme
from marker.errors import SchemeError
from marker.schemes import SCHEMA_FILE_NAME, scheme_json_schema

RICH = {
    "id": "tsar-fall",
    "question": "Why did the Tsarist regime collapse in February 1917?",
    "board": "AQA",
    "marks": 25,
    "levels": [
        {"level": 1, "marks": [1, 5], "descriptor": "Little relevant knowledge; no judgement."},
        {"level": 2, "marks": [6, 15], "descriptor": "Some analysis,\n  but unbalanced."},
        {"level": 3, "marks": [16, 25], "descriptor": "A balanced, well-supported judgement about the main causes."},
    ],
    "points": [
        {
            "id": "F1",
            "side": "for",
            "text": "The war discredited Nicholas II once he took personal command of the army in 1915.",
            "keywords": ["Supreme Commander", "Mogilev, 1915: HQ"],
            "alternatives": ["Military defeats were blamed directly on the Tsar"],
            "ao": ["AO1", "AO2"],
        },
        {"id": "A1", "side": "against", "text": "Bread shortages in Petrograd sparked the strikes of February 1917."},
    ],
}


def _error(data) -> str:
    with pytest.raises(SchemeError) as caught:
        Scheme.from_dict(data, source="rich.yaml")
    return str(caught.value)


def test_rich_scheme_loads_and_normalises_whitespace():
    scheme = Scheme.from_dict(RICH)
    assert scheme.marks == 25
    assert [level.marks for level in scheme.levels] == [(1, 5), (6, 15), (16, 25)]
    assert scheme.levels[1].descriptor == "Some analysis, but unbalanced."
    point = scheme.point("F1")
    assert point.keywords == ("Supreme Commander", "Mogilev, 1915: HQ")
    assert point.alternatives == ("Military defeats were blamed directly on the Tsar",)
    assert point.ao == ("AO1", "AO2")
    assert scheme.point("A1").keywords == ()



def test_every_clash_of_levels_and_ids_is_given_with_its_line(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(RICH))
    data["marks"] = 20
    data["levels"][1]["marks"] = [4, 15]
    data["points"][1]["id"] = "F1"
    path = tmp_path / "clashes.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, default_flow_style=None), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(text: str, after: int = 0) -> int:
        return next(n for n, line in enumerate(lines, start=1) if n > after and text in line)

    with pytest.raises(SchemeError) as caught:
        load_scheme(path)
    level_2, level_3 = line_of("level: 2"), line_of("level: 3")
    assert caught.value.errors == [
        f"line {line_of('marks:', level_2)}: level entry 2, marks: level 2 starts at 4 marks, inside level 1 (up to 5); "
        "ranges must not overlap",
        f"line {line_of('marks:', level_3)}: level entry 3, marks: level 3 goes up to 25, above marks (20)",
        f"line {line_of('id: F1', line_of('id: F1'))}: point 2 (F1), id: duplicate point id 'F1' (point 1 has it too): "
        "each point needs its own id",
    ]

@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["levels"][0].update(marks=[5, 1]), "level entry 1: marks [5, 1]: the lowest mark comes first"),
        (lambda d: d["levels"][1].update(marks=[4, 15]), "level 2 starts at 4 marks, inside level 1"),
        (lambda d: d["levels"][2].update(level=2), "level 2 appears twice"),
        (lambda d: d.update(marks=20), "level 3 goes up to 25, above marks (20)"),
        (lambda d: d["points"][0].update(ao=["A01"]), "point 1 (F1), ao item 1: should be an assessment objective"),
        (lambda d: d["points"][0].update(keywords=["  "]), "point 1 (F1), keywords: must not be empty"),
        (lambda d: d["levels"][0].update(grade="A"), "level entry 1, grade: unknown field"),
        (lambda d: d.update(points="F1"), "points: should be a list (in YAML, one line starting '- ' per item)"),
        (lambda d: d["points"].__setitem__(0, "F1"), "point 1: should have its own fields (id, side and text), not a"),
        (lambda d: d["levels"].__setitem__(0, 3), "level entry 1: should have its own fields (level, marks and descr"),
    ],
)
def test_rich_fields_are_validated_with_the_field_named(change, message):
    data = yaml.safe_load(yaml.safe_dump(RICH))
    change(data)
    error = _error(data)
    assert error.startswith("rich.yaml: ")
    assert message in error


def test_to_yaml_round_trips_every_bundled_and_rich_scheme(tmp_path):
    for scheme in [*list_schemes(), Scheme.from_dict(RICH)]:
        path = save_scheme(scheme, tmp_path / f"{scheme.id}.yaml")
        assert load_scheme(path) == scheme
        assert "{" not in path.read_text(encoding="utf-8").split("\n", 1)[0]  # block style, not flow


def test_to_yaml_leaves_out_defaults():
    text = Scheme.from_dict(RICH).to_yaml()
    assert text.startswith("id: tsar-fall\nquestion: Why did the Tsarist regime collapse in February 1917?\n")
    assert "keywords" in text and text.count("keywords") == 1
    assert "year" not in text


def test_save_refuses_to_overwrite_without_force_and_leaves_no_temporary_file(tmp_path):
    scheme = Scheme.from_dict(RICH)
    path = tmp_path / "tsar.yaml"
    path.write_text("my own notes\n", encoding="utf-8")
    with pytest.raises(SchemeError, match="already exists; choose another name or use --force"):
        save_scheme(scheme, path)
    assert path.read_text(encoding="utf-8") == "my own notes\n"
    save_scheme(scheme, path, force=True)
    assert load_scheme(path) == scheme
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tsar.yaml"]


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SchemeError, match="cannot write the file"):
        save_scheme(Scheme.from_dict(RICH), tmp_path / "no-such-folder" / "tsar.yaml")


def test_committed_json_schema_matches_the_models():
    committed = json.loads((ROOT / "schemes" / SCHEMA_FILE_NAME).read_text(encoding="utf-8"))
    assert committed == scheme_json_schema(), "regenerate it: marker scheme json-schema > schemes/schema.json"


def test_bundled_schemes_and_rich_scheme_pass_the_json_schema_and_bad_ones_fail():
    jsonschema = pytest.importorskip("jsonschema")
    schema = scheme_json_schema()
    for path in sorted((ROOT / "schemes").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    jsonschema.validate(RICH, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**RICH, "points": [{**RICH["points"][0], "side": "pro"}]}, schema)


def test_schema_file_is_not_listed_as_a_scheme():
    assert (ROOT / "schemes" / SCHEMA_FILE_NAME).exists()
    assert "schema" not in {scheme.id for scheme in list_schemes()}
