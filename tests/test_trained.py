"""The shipped trained scorer: safe files within size limits, loaded by default, rebuildable."""

from __future__ import annotations

import json

import numpy as np
import pytest

from marker.calibrate import PlattCalibrator
from marker.features import FEATURE_NAMES, pair_features
from marker.paths import models_dir
from marker.trained import load_trained

from conftest import SHARED, SYNTHETIC_TEST


def test_models_folder_is_small_and_pickle_free():
    files = [p for p in models_dir().rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= 100 * 2**20
    assert not [p for p in files if p.suffix in {".pkl", ".pickle", ".bin", ".pt", ".joblib"}]
    weights = models_dir() / "encoder" / "model.safetensors"
    assert weights.stat().st_size <= 50 * 2**20
    header_length = int.from_bytes(weights.read_bytes()[:8], "little")
    header = json.loads(weights.read_bytes()[8 : 8 + header_length])
    assert {v["dtype"] for k, v in header.items() if k != "__metadata__"} == {"F16"}


def test_default_marker_uses_the_trained_scorer(real_marker):
    model = load_trained()
    assert real_marker.scoring.scorer.name == "trained"
    assert model.encoder and model.encoder.endswith("encoder")
    assert 0.0 < model.thresholds.partial < model.thresholds.covered < 1.0
    assert model.training["cross_validation"]["trained"]["paragraph"]["f1"] > \
        model.training["cross_validation"]["cosine"]["paragraph"]["f1"]


def test_pair_features_shape_and_position_cues(real_marker, khrushchev, example_text):
    encoded = real_marker.encode_essays([example_text, ["One short paragraph about the Secret Speech."]])
    scheme = real_marker.encode_scheme(khrushchev)
    features = pair_features(encoded[0], scheme)
    assert features.shape == (9, 10, len(FEATURE_NAMES))
    assert np.isfinite(features).all()
    first = FEATURE_NAMES.index("is_first_paragraph")
    assert features[0, :, first].all() and not features[1:, :, first].any()
    single = pair_features(encoded[1], scheme)
    assert not single[..., first].any()  # position means nothing in a one-paragraph text


def test_rebuttal_cue_marks_a_point_reported_then_turned_on(real_marker, khrushchev):
    rebuttal = ("Some historians argue that censorship eased and that writers such as Solzhenitsyn gained a new "
                "freedom to publish. But Pasternak was still barred from publishing Doctor Zhivago, and the Union "
                "of Soviet Writers kept control of what could be printed.")
    plain = ("Censorship eased and writers such as Solzhenitsyn gained a new freedom to publish. This was a real "
             "break with the terror of the Stalin years.")
    encoded = real_marker.encode_essays([[rebuttal, plain]])[0]
    assert [len(p.sentences) for p in encoded.paragraphs] == [2, 2]
    column = pair_features(encoded, real_marker.encode_scheme(khrushchev))[..., FEATURE_NAMES.index("rebutted_report")]
    ids = khrushchev.point_ids
    assert column[0, ids.index("F1")] == 1.0  # reported, then turned on
    assert column[0, ids.index("A2")] == 0.0  # the paragraph's own argument, after the turn
    assert not column[1].any()  # no pivot: nothing is rebutted
    model = load_trained()
    assert model.scorer.coef[FEATURE_NAMES.index("rebutted_report")] < 0  # the trained scorer counts it against the point


def test_fragments_match_one_example_of_a_listed_point_and_density_tells_schemes_apart(real_marker, khrushchev):
    from marker.features import scheme_name_density
    from marker.schemes import Point, Scheme

    listed = Scheme(id="school-waste", question="Should schools be made to cut their waste?", points=(
        Point(id="F1", side="for", text="Cutting waste is easy for a school. Pupils can refill bottles at water "
                                        "fountains, canteens can compost leftover food, or classes can print on both "
                                        "sides of every sheet."),
        Point(id="A1", side="against", text="Schools have too little money and time to run recycling schemes."),
    ))
    encoded_scheme = real_marker.encode_scheme(listed)
    assert encoded_scheme.fragments[0] == ("Pupils can refill bottles at water fountains", "canteens can compost leftover food",
                                           "classes can print on both sides of every sheet")
    assert encoded_scheme.fragments[1] == ()
    essay = real_marker.encode_essays([["Our canteen should compost the food that pupils leave on their plates."]])[0]
    row = pair_features(essay, encoded_scheme)[0, 0]
    assert row[FEATURE_NAMES.index("fragment_best_similarity")] > row[FEATURE_NAMES.index("best_similarity")] + 0.02
    assert scheme_name_density(real_marker.encode_scheme(khrushchev)) > 0.09 > scheme_name_density(encoded_scheme)


def test_one_short_argument_against_one_side_is_scored_by_the_single_argument_weights(real_marker, khrushchev):
    from marker.schemes import Point, Scheme

    model = load_trained()
    assert model.single_argument is not None
    one_side = Scheme(id="homework-against", question="Should schools abolish homework?", points=(
        Point(id="A1", side="against", text="Homework lets pupils practise what they learned in class."),
        Point(id="A2", side="against", text="Homework teaches pupils to plan their time and work alone."),
    ))
    argument = "Going over the day's exercises again at home is what fixes a lesson in the memory."
    longer = argument + " " + " ".join(["Teachers have seen this for years in every subject they teach."] * 4)
    short, long_paragraph, two_paragraphs = real_marker.encode_essays([[argument], [longer], [argument, argument]])
    scoring = real_marker.scoring
    assert scoring.for_input(short, one_side) is scoring.single_argument
    assert scoring.for_input(long_paragraph, one_side) is scoring
    assert scoring.for_input(two_paragraphs, one_side) is scoring
    assert scoring.for_input(short, khrushchev) is scoring  # a two-sided mark scheme: always the essay weights

    report = real_marker.mark([argument], one_side)
    assert [point.status for point in report.points] == ["covered", "missing"]
    scores = report.paragraphs[0].scores
    weights = model.single_argument
    expected = weights.calibrator.predict_proba(weights.scorer.score(short, real_marker.encode_scheme(one_side)))[0]
    assert [scores["A1"], scores["A2"]] == pytest.approx(list(expected))
    assert scores["A1"] > scores["A2"]


def test_platt_calibrator_is_monotone_and_round_trips():
    scores = np.array([0.05, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95])
    fitted = PlattCalibrator().fit(scores, np.array([0, 0, 0, 1, 0, 1, 1]))
    probabilities = fitted.predict_proba(scores)
    assert np.all(np.diff(probabilities) > 0)
    assert np.allclose(PlattCalibrator(**fitted.to_dict()).predict_proba(scores), probabilities, atol=1e-5)
    with pytest.raises(ValueError, match="not fitted"):
        PlattCalibrator().predict_proba(scores)


def test_training_refuses_a_model_no_better_than_cosine():
    from marker.train import worse_than_cosine

    def cv(trained_ap, trained_f1):
        return {"trained": {"paragraph": {"average_precision": trained_ap, "f1": trained_f1}},
                "cosine": {"paragraph": {"average_precision": 0.6, "f1": 0.5}}}

    assert worse_than_cosine(cv(0.8, 0.7)) == []
    assert worse_than_cosine(cv(0.55, 0.7)) == ["average_precision"]
    assert worse_than_cosine(cv(0.6, 0.5)) == ["average_precision", "f1"]

    from marker.train import single_argument_worse_than_cosine

    def argument_cv(trained_ap):
        return {"trained": {"average_precision": trained_ap}, "cosine": {"average_precision": 0.7}}

    assert not single_argument_worse_than_cosine(argument_cv(0.8))
    assert single_argument_worse_than_cosine(argument_cv(0.7))


@pytest.mark.skipif(not (SHARED / "data" / "alevel-dev").is_dir(), reason="needs ../shared/data")
def test_training_rebuilds_a_loadable_model(tmp_path):
    from marker.train import main

    out = tmp_path / "scorer.json"
    assert main(["--data", str(SHARED / "data"), "--out", str(out), "--encoder", "none"]) == 0
    model = load_trained(out)
    assert model.encoder is None
    cv = model.training["cross_validation"]
    assert cv["trained"]["paragraph"]["f1"] > cv["cosine"]["paragraph"]["f1"]
    assert cv["trained"]["paragraph"]["stance_errors"] <= cv["cosine"]["paragraph"]["stance_errors"]
    # The repo's own labelled essays are scored by the fold models, never trained on.
    assert len(model.training["held_out"]) == 4
    held_out = cv["held_out_essays"]
    assert held_out["pairs"] > 1000
    assert held_out["trained"]["paragraph"]["average_precision"] > held_out["cosine"]["paragraph"]["average_precision"]
    # The repo's synthetic essays, on questions of their own, are trained on by every fold.
    assert len(model.training["extra_training_sets"]) >= 8
    assert model.training["extra_training_pairs"] > 3000
    # The single-argument weights learn from ArgKP train alone, cross-validated by topic.
    assert model.single_argument is not None
    argument_cv = json.loads(out.read_text())["single_argument"]["training"]["cross_validation"]
    assert argument_cv["pairs"] > 10000
    assert argument_cv["trained"]["average_precision"] > argument_cv["cosine"]["average_precision"]


@pytest.mark.skipif(not (SHARED / "data" / "alevel-dev").is_dir(), reason="needs ../shared/data")
def test_training_refuses_extra_essays_on_a_cross_validated_question(tmp_path, capsys):
    import shutil

    from marker.train import DEFAULT_HELD_OUT, main

    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(DEFAULT_HELD_OUT / "khrushchev-destalinisation.json", extra)
    out = tmp_path / "scorer.json"
    assert main(["--data", str(SHARED / "data"), "--out", str(out), "--encoder", "none", "--extra-train", str(extra)]) == 1
    assert "share questions" in capsys.readouterr().err and not out.exists()


def test_repo_labelled_essays_for_a_bundled_scheme_load_without_shared_data():
    from marker.datasets import load_labelled_set
    from marker.train import DEFAULT_HELD_OUT

    labelled = load_labelled_set(DEFAULT_HELD_OUT / "khrushchev-destalinisation.json")
    assert labelled.scheme.id == "khrushchev-destalinisation"
    assert len(labelled.essays) == 4
    assert {"balanced", "weak", "tricky", "extra-knowledge"} == {e.kind for e in labelled.essays}
    assert set(labelled.scheme.point_ids) == set().union(*(e.points for e in labelled.essays))


def test_repo_synthetic_essays_load_without_shared_data_on_questions_of_their_own():
    from marker.datasets import load_labelled_sets
    from marker.train import DEFAULT_EXTRA_TRAIN, DEFAULT_HELD_OUT, shared_questions

    synthetic = load_labelled_sets([DEFAULT_EXTRA_TRAIN])
    khrushchev = load_labelled_sets([DEFAULT_HELD_OUT / "khrushchev-destalinisation.json"])
    unseen = load_labelled_sets([SYNTHETIC_TEST])
    assert len(synthetic) >= 8 and len(unseen) >= 8
    assert shared_questions(synthetic, khrushchev) == []
    assert shared_questions(unseen, synthetic + khrushchev) == []  # the test set's questions are never trained on
    assert shared_questions(khrushchev, synthetic + khrushchev) == ["khrushchev-destalinisation"]
    for labelled in synthetic + unseen:
        assert {"balanced", "one-sided", "weak", "tricky", "extra-knowledge"} <= {e.kind for e in labelled.essays}
        labels = [pid for e in labelled.essays for p in e.paragraphs for pid in p.points]
        assert {labelled.scheme.point(pid).side for pid in labels} == {"for", "against"}


def _write_csv(path, header, rows):
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_short_answer_triplets_pair_each_reference_with_a_correct_and_an_incorrect_answer(tmp_path):
    from marker.finetune import MOHLER_FILE, SEMEVAL_FILES, short_answer_triplets

    header = ["question_id", "reference_answer_best", "student_answer", "label"]
    _write_csv(tmp_path / SEMEVAL_FILES[0], header, [
        ["q1", "The circuit is open.", "there is a gap so it is open", "correct"],
        ["q1", "The circuit is open.", "the bulb is broken", "incorrect"],
        ["q2", "Both are saturated.", "they are both saturated", "correct"],  # no incorrect answer: left out
    ])
    _write_csv(tmp_path / SEMEVAL_FILES[1], header, [])
    _write_csv(tmp_path / MOHLER_FILE, ["id", "desired_answer", "student_answer", "score_avg"], [
        ["1.1", "At the main function.", "in main()", "5.0"],
        ["1.1", "At the main function.", "at the top of the file", "1.5"],
        ["1.1", "At the main function.", "somewhere near main", "3.0"],  # neither correct nor incorrect
    ])
    rows = short_answer_triplets(tmp_path)
    assert sorted(zip(rows["anchor"], rows["positive"], rows["negative"])) == [
        ("At the main function.", "in main()", "at the top of the file"),
        ("The circuit is open.", "there is a gap so it is open", "the bulb is broken"),
    ]


def test_thresholds_give_up_f1_rather_than_report_a_point_of_the_wrong_side():
    from marker.evaluate import PairJudgement
    from marker.train import choose_thresholds

    def pair(paragraph, point_id, side, gold):
        return PairJudgement("s", "e", "balanced", paragraph, point_id, side, gold, False, 0.0, False, frozenset({"for"}))

    pairs = [pair(0, "F1", "for", True), pair(1, "F2", "for", True), pair(1, "A1", "against", False)]
    # F1 is best at 0.26 (0.25 on the grid), where the against-point is reported for a paragraph arguing "for".
    probabilities = np.array([0.6, 0.26, 0.27])
    chosen = choose_thresholds(pairs, probabilities)
    assert (chosen.covered, chosen.partial) == (0.3, 0.15)
    without_the_wrong_side = choose_thresholds(pairs[:2], probabilities[:2])
    assert without_the_wrong_side.covered == 0.25
    # Held-out pairs count towards F1 only: here they move the best threshold up to 0.6.
    held_out = [pair(2, "F1", "for", False), pair(3, "F1", "for", False), pair(4, "F1", "for", False)]
    lifted = choose_thresholds(pairs[:2], probabilities[:2], held_out, np.array([0.5, 0.5, 0.5]))
    assert lifted.covered == 0.6
