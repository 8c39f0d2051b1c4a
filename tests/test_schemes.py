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
    assert "bad-side.yaml: line 5: point 2 (A1), side: should be 'for' or 'against'" in message


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_field_errors_give_the_line_and_say_what_to_fix_in_plain_words(tmp_path, suffix):
    import json

    import yaml

    scheme = {"id": "my scheme", "question": "Why?", "points": [
        {"id": "F1", "side": "for"},
        {"id": "A1", "side": "against", "text": ["a", "list"], "ao": ["A01"]},
    ]}
    path = tmp_path / f"mine{suffix}"
    path.write_text(json.dumps(scheme, indent=2) if suffix == ".json" else yaml.safe_dump(scheme, sort_keys=False))
    lines = path.read_text().splitlines()

    def line_of(fragment: str, after: int = 0) -> int:
        return next(n for n, line in enumerate(lines, start=1) if n > after and fragment in line)

    with pytest.raises(SchemeError) as err:
        marker.load_scheme(path)
    a1 = line_of("A1")
    assert err.value.errors == [
        f"line {line_of('my scheme')}: id: should be letters, digits, '.', '_' or '-', starting with a letter or digit",
        f"line {line_of('F1') - (suffix == '.json')}: point 1 (F1), text: missing: add it",  # where the point starts
        f"line {line_of('text', a1) + (suffix == '.yaml')}: point 2 (A1), text: should be text",
        f"line {line_of('A01')}: point 2 (A1), ao item 1: should be an assessment objective such as AO1 or AO3a",
    ]  # and not "points: Tuple should have at least 1 item after validation, not 0"


def test_duplicate_point_id_is_an_error():
    with pytest.raises(SchemeError, match="duplicate point id 'F1'"):
        marker.load_scheme(DATA / "duplicate-id.yaml")


_TWO_POINTS_BLOCKS = """id: dup
question: Why?
points:
  - {id: F1, side: for, text: One.}
points:
  - {id: F2, side: for, text: Two.}
"""


def test_a_key_given_twice_is_an_error_not_a_silent_loss(tmp_path):
    (tmp_path / "dup.yaml").write_text(_TWO_POINTS_BLOCKS, encoding="utf-8")
    with pytest.raises(SchemeError, match=r"dup.yaml: line 5: invalid YAML \(the key 'points' is given twice"):
        marker.load_scheme(tmp_path / "dup.yaml")
    (tmp_path / "dup.json").write_text('{"id": "dup", "question": "Why?", "points": '
                                       '[{"id": "F1", "side": "for", "text": "One.", "text": "Two."}]}', encoding="utf-8")
    with pytest.raises(SchemeError, match=r"dup.json: the key 'text' is given twice in one object"):
        marker.load_scheme(tmp_path / "dup.json")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_scheme_nested_too_deeply_is_an_error_not_a_crash(tmp_path, suffix):
    (tmp_path / f"deep{suffix}").write_text('{"id": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    with pytest.raises(SchemeError, match=rf"deep{suffix}: nested too deeply to be a scheme"):
        marker.load_scheme(tmp_path / f"deep{suffix}")


@pytest.mark.parametrize("point_id", ['=HYPERLINK("http://x.example")', "<img/src=x>", "[/]", "F" * 21])
def test_a_point_id_is_a_short_plain_name(tmp_path, point_id):
    """Ids head CSV columns and name HTML and Markdown anchors: a formula or markup there is refused."""
    scheme = {"id": "q", "question": "Why?", "points": [{"id": point_id, "side": "for", "text": "Because."}]}
    with pytest.raises(SchemeError, match="id: should be a short id of letters, digits"):
        marker.Scheme.from_dict(scheme)


def test_malformed_yaml_reports_the_line():
    with pytest.raises(SchemeError, match=r"malformed.yaml: line \d+: invalid YAML"):
        marker.load_scheme(DATA / "malformed.yaml")


def test_empty_text_and_unknown_field_are_errors():
    with pytest.raises(SchemeError) as err:
        marker.Scheme.from_dict({
            "id": "x", "question": "Why?", "colour": "red",
            "points": [{"id": "F1", "side": "for", "text": "   "}],
        })
    assert "point 1 (F1), text: must not be empty" in str(err.value)
    assert "colour: unknown field" in str(err.value)


def test_json_scheme_with_one_side_loads_with_a_warning():
    scheme = marker.load_scheme(DATA / "one-side.json")
    assert scheme.point_ids == ["F1"]
    assert scheme.warnings == ["no points on the 'against' side: the balance of an essay cannot be judged"]


def test_resolve_by_id_and_unknown_id():
    assert resolve_scheme("khrushchev-destalinisation").id == "khrushchev-destalinisation"
    with pytest.raises(SchemeError, match="no scheme file or bundled scheme"):
        resolve_scheme("no-such-scheme")



def test_a_folder_named_like_a_bundled_scheme_does_not_hide_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "khrushchev-destalinisation").mkdir()
    (tmp_path / "my-notes").mkdir()
    assert resolve_scheme("khrushchev-destalinisation").id == "khrushchev-destalinisation"
    with pytest.raises(SchemeError, match="my-notes: is a folder, not a scheme file or a bundled scheme's id"):
        resolve_scheme("my-notes")


def test_a_scheme_saved_with_a_byte_order_mark_loads_and_one_not_in_utf8_names_its_line(tmp_path):
    json_text = (DATA / "one-side.json").read_text(encoding="utf-8")
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + json_text.encode("utf-8"))
    assert marker.load_scheme(tmp_path / "bom.json").point_ids == ["F1"]
    yaml_text = ("id: thaw\nquestion: How far did the Thaw change Soviet culture?\npoints:\n"
                 "  - {id: F1, side: for, text: Ehrenburg\u2019s novel gave the era its name.}\n")
    (tmp_path / "ansi.yaml").write_bytes(yaml_text.encode("cp1252"))
    with pytest.raises(SchemeError, match=r"ansi.yaml: line 4: not UTF-8 text \(byte 0x92\); save the file as UTF-8"):
        marker.load_scheme(tmp_path / "ansi.yaml")


def test_a_scheme_that_is_a_list_says_what_it_should_be(tmp_path):
    (tmp_path / "list.yaml").write_text("- id: F1\n  side: for\n  text: Because.\n", encoding="utf-8")
    with pytest.raises(SchemeError, match=r"list.yaml: expected a mapping of fields \(id:, question:, points: ...\), got a list"):
        marker.load_scheme(tmp_path / "list.yaml")

def test_missing_file():
    with pytest.raises(SchemeError, match="file not found"):
        marker.load_scheme(ROOT / "schemes" / "nope.yaml")
