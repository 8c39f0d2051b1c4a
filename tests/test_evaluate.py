"""`marker eval`: the metrics, the data formats, and the trained scorer against the baselines."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marker.cli import app
from marker.datasets import DataFormatError, KeyPointData, load_key_point_data, load_labelled_set, load_labelled_sets
from marker.evaluate import evaluate_essay_sets, evaluate_key_points, track1_map
from marker.pipeline import Marker

from conftest import DATA, SYNTHETIC_TEST

LABELLED = DATA / "labelled-khrushchev.json"
KPA_MINI = DATA / "kpa-mini"


def test_track1_map_follows_the_shared_task_rules():
    topic = "t"
    data = KeyPointData(
        arguments={f"a{i}": ("", topic, 1) for i in range(4)} | {"b0": ("", topic, -1), "b1": ("", topic, -1),
                                                                 "b2": ("", topic, -1)},
        key_points={"k0": ("", topic, 1), "k1": ("", topic, 1), "j0": ("", topic, -1)},
        labels={("a0", "k0"): 1, ("a1", "k0"): 0, ("a2", "k1"): 0, ("a3", "k1"): 1, ("b0", "j0"): 1, ("b1", "j0"): 0},
    )
    scores = {
        "a0": {"k0": 0.9, "k1": 0.1},   # best k0, labelled 1
        "a1": {"k0": 0.2, "k1": 0.95},  # best k1, unlabelled: 0 strict, 1 relaxed
        "a2": {"k0": 0.1, "k1": 0.7},
        "a3": {"k0": 0.3, "k1": 0.6},
        "b0": {"j0": 0.8}, "b1": {"j0": 0.4},  # b2 has no prediction: the dummy, score 0
    }
    result = track1_map(data, scores)
    # pro group: top half is a1 (0.95), a0 (0.9): strict labels [0, 1] -> AP 0.5; relaxed [1, 1] -> 1.0
    # con group: top int(3 * 0.5) = 1 row, b0 labelled 1 -> AP 1.0
    assert result["ap_strict"] == {"t (+1)": 0.5, "t (-1)": 1.0}
    assert result["map_strict"] == pytest.approx(0.75)
    assert result["map_relaxed"] == pytest.approx(1.0)


@pytest.mark.parametrize("content, message", [
    ('{"id": "x", "question": "Q?", "points": []}', "has no 'essays' field"),
    ("not json", "not a JSON essay set"),
    ('{"id": "x", "question": "Q?", "points": [{"id": "F1", "side": "for", "text": "t"}],'
     ' "essays": [{"paragraphs": [{"text": "p", "points": ["F9"]}]}]}', "labels points not in the scheme"),
    ('{"id": "x", "question": "Q?", "points": [{"id": "F1", "side": "for", "text": "t"}],'
     ' "essays": [{"kind": "no-breaks", "paragraphs": [{"text": "p", "points": []}]}]}', "without 'as_submitted'"),
    ('{"id": "x", "question": "Q?", "points": [{"id": "F1", "side": "for", "text": "t"}],'
     ' "essays": [{"paragraphs": [{"points": []}]}]}', "essays -> 0 -> paragraphs -> 0 has no 'text' field"),
    ('{"scheme": "no-such-scheme", "essays": []}', "its 'scheme' 'no-such-scheme' is neither a bundled scheme id"),
    ('{"scheme": "khrushchev-destalinisation", "essays": []}', "the 'essays' list is empty"),
    ('{"scheme": "khrushchev-destalinisation", "essays": {"e1": {}}}', "the file -> essays should be a list, not dict"),
    ('{"scheme": "khrushchev-destalinisation", "essays": [{"paragraphs": []}]}',
     "essays -> 0 has an empty 'paragraphs' list"),
    ('{"scheme": "khrushchev-destalinisation", "essays": [{"paragraphs": [{"text": 5, "points": []}]}]}',
     "essays -> 0 -> paragraphs -> 0 -> text should be a string, not int (5)"),
    ('{"scheme": "khrushchev-destalinisation", "essays": [{"paragraphs": [{"text": "p", "points": "F1"}]}]}',
     "paragraphs -> 0 -> points should be a list, not str (\"F1\")"),
])
def test_bad_essay_set_names_file_and_problem(tmp_path, content, message):
    path = tmp_path / "set.json"
    path.write_text(content)
    with pytest.raises(DataFormatError) as err:
        load_labelled_set(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_essay_set_can_name_its_scheme_instead_of_repeating_it(tmp_path):
    essays = [{"id": "e1", "kind": "short", "paragraphs": [{"text": "Terror ended.", "points": ["F2"]}]}]
    (tmp_path / "by-id.json").write_text(json.dumps({"scheme": "khrushchev-destalinisation", "essays": essays}))
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "by-path.json").write_text(json.dumps({"scheme": "../by-id.json", "essays": essays}))
    by_id = load_labelled_set(tmp_path / "by-id.json")
    by_path = load_labelled_set(tmp_path / "sets" / "by-path.json")
    assert by_id.scheme.id == by_path.scheme.id == "khrushchev-destalinisation"
    assert by_path.scheme.point("F2").side == "for"
    assert by_path.essays[0].points == {"F2"}


def test_missing_argkp_file_is_named(tmp_path):
    with pytest.raises(DataFormatError, match="arguments_dev.csv: file not found"):
        load_key_point_data(tmp_path, "dev")


@pytest.fixture(scope="module")
def evaluations(real_marker):
    labelled = [load_labelled_set(LABELLED)]
    return {name: evaluate_essay_sets(marker, labelled)
            for name, marker in (("trained", real_marker), ("cosine", Marker("cosine")), ("tfidf", Marker("tfidf")))}


def test_trained_scorer_beats_the_baselines(evaluations):
    trained = evaluations["trained"]["paragraph"]
    for baseline in ("cosine", "tfidf"):
        for metric in ("average_precision", "f1", "precision", "recall"):
            assert trained[metric] >= evaluations[baseline]["paragraph"][metric], (baseline, metric)
        assert trained["f1"] > evaluations[baseline]["paragraph"]["f1"]


def test_trained_scorer_beats_the_baselines_on_questions_it_never_saw(real_marker):
    unseen = load_labelled_sets([SYNTHETIC_TEST])
    trained = evaluate_essay_sets(real_marker, unseen)
    for baseline in ("cosine", "tfidf"):
        other = evaluate_essay_sets(Marker(baseline), unseen)
        for metric in ("average_precision", "f1"):
            assert trained["paragraph"][metric] > other["paragraph"][metric], (baseline, metric)
        assert trained["essay"]["accuracy"] > other["essay"]["accuracy"], baseline


def test_trained_scorer_sees_stance(evaluations):
    trained = evaluations["trained"]
    assert trained["paragraph"]["stance_errors"] == 0
    assert trained["tricky_false_positives"] == 0


def test_no_breaks_essays_count_at_essay_level_only(evaluations):
    result = evaluations["trained"]
    assert result["essays"] == 4
    assert result["essay"]["judgements"] == 4 * 10
    assert result["paragraph"]["pairs"] == (9 + 9 + 4) * 10  # the no-breaks essay adds no pairs
    assert 0.0 <= result["essay"]["accuracy"] <= 1.0


def test_opposite_stance_paragraph_is_not_coverage(real_marker, khrushchev):
    paragraph = ("The secret police remained powerful under Khrushchev: the KGB kept arresting dissidents, "
                 "and critics of the regime were still sent to labour camps.")
    trained = real_marker.mark([paragraph], khrushchev).paragraphs[0]
    assert "F2" not in trained.points
    assert trained.scores["A1"] > trained.scores["F2"]


def test_key_point_evaluation_on_a_small_argkp_folder(real_marker):
    result = evaluate_key_points(real_marker, load_key_point_data(KPA_MINI, "dev"), "kpa-mini")
    assert set(result["ap_strict"]) == {"Schools should abolish homework (+1)", "Schools should abolish homework (-1)"}
    assert 0.0 <= result["map_strict"] <= result["map_relaxed"] <= 1.0
    assert result["map_relaxed"] == pytest.approx(1.0)


def test_eval_command_text_and_json(tmp_path, real_marker):
    runner = CliRunner()
    out = tmp_path / "eval.json"
    result = runner.invoke(app, ["eval", str(LABELLED), str(KPA_MINI), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    essays, key_points = json.loads(out.read_text())
    assert essays["scorer"] == "trained" and "per_point" in essays["paragraph"]
    assert "map_strict" in key_points
    text = runner.invoke(app, ["eval", str(LABELLED), "--scorer", "cosine"])
    assert text.exit_code == 0
    assert "paragraph x point" in text.output and "essay x point" in text.output


def test_eval_command_names_a_file_in_the_wrong_format():
    result = CliRunner().invoke(app, ["eval", str(DATA / "one-side.json")])
    assert result.exit_code == 1
    assert "one-side.json" in result.output and "no 'essays' field" in result.output
