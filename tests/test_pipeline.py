"""The marking pipeline end to end, on the real model and real spaCy."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest

import marker
from marker.errors import EssayError

from conftest import SHARED

SEED_PAGE = SHARED / "seed" / "khrushchev-model-essay-page.txt"


def test_example_essay_report_shape_and_content(real_marker, khrushchev, example_text):
    report = real_marker.mark(example_text, khrushchev)
    data = report.to_dict()
    assert data["scheme"] == {"id": khrushchev.id, "question": khrushchev.question}
    assert len(data["paragraphs"]) == 9
    for paragraph in data["paragraphs"]:
        assert set(paragraph["scores"]) == set(khrushchev.point_ids)
        assert all(0.0 <= v <= 1.0 for v in paragraph["scores"].values())
        assert set(paragraph["points"]) <= set(khrushchev.point_ids)
    assert [p["id"] for p in data["points"]] == khrushchev.point_ids
    for point in data["points"]:
        assert point["status"] in {"covered", "partial", "missing"}
        for index in point["paragraphs"]:
            assert point["id"] in data["paragraphs"][index]["points"]
        paragraph_texts = [data["paragraphs"][i]["text"] for i in range(len(data["paragraphs"]))]
        assert all(any(e in t for t in paragraph_texts) for e in point["evidence"])
        if point["status"] == "covered":
            assert point["evidence"] and point["paragraphs"]
        for claim in point["claims"]:  # each claim names the sentence that matches it best, and where it is
            assert claim["sentence"] in data["paragraphs"][claim["paragraph"]]["text"]
    covered = {p["id"] for p in data["points"] if p["status"] == "covered"}
    # The essay argues F1, F2, F3 and A1, A2, A4, A5 in substance.
    assert len(covered & {"F1", "F2", "F3", "A1", "A2", "A4", "A5"}) >= 5
    summary = data["summary"]
    assert summary["for"]["total"] == 5 and summary["against"]["total"] == 5
    assert summary["for"]["covered"] == sum(1 for p in data["points"] if p["side"] == "for" and p["status"] == "covered")


def test_same_input_gives_byte_identical_json(real_marker, khrushchev, example_text):
    first = real_marker.mark(example_text, khrushchev).to_json()
    second = marker.Marker().mark(example_text, khrushchev).to_json()
    assert first == second
    json.loads(first)


def test_a_report_is_read_only_and_pickles_whole(real_marker, khrushchev, example_text):
    report = real_marker.mark(example_text, khrushchev)
    with pytest.raises(TypeError):
        report.paragraphs[0].scores["F1"] = 1.0  # type: ignore[index]
    assert pickle.loads(pickle.dumps(report)).to_json() == report.to_json()


def test_mark_many_agrees_with_mark(real_marker, khrushchev, example_text):
    paragraphs = example_text.split("\n\n")
    essays = [example_text, "\n\n".join(paragraphs[:4]), paragraphs[5]]
    together = real_marker.mark_many(essays, khrushchev)
    alone = [real_marker.mark(e, khrushchev) for e in essays]
    assert len(together) == 3
    for a, b in zip(together, alone):
        assert [p.status for p in a.points] == [p.status for p in b.points]
        assert [p.score for p in a.points] == pytest.approx([p.score for p in b.points], abs=1e-4)


def test_word_typographic_quotes_and_dashes_mark_as_plain_ones(real_marker, khrushchev, example_text):
    """Word writes ’ “ ” and —; the same essay typed in Notepad has ' " and -: both get the same marks."""
    typographic = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", example_text).replace(", often posthumously", " \u2014 often posthumously")
    plain = typographic.replace("\u2019", "'").replace("\u2014", "-")
    assert typographic != plain
    word, notepad = real_marker.mark_many([typographic, plain], khrushchev)
    assert [(p.id, p.status) for p in word.points] == [(p.id, p.status) for p in notepad.points]
    assert [p.score for p in word.points] == pytest.approx([p.score for p in notepad.points], abs=1e-4)
    assert "Khrushchev\u2019s" in " ".join(p.text for p in word.paragraphs), "the report quotes the essay as written"


def test_a_scheme_may_be_given_as_a_mapping_and_other_values_get_clear_errors(real_marker, khrushchev, example_text):
    import yaml

    fields = yaml.safe_load((Path(marker.__file__).parents[2] / "schemes" / "khrushchev-destalinisation.yaml").read_text())
    assert real_marker.mark(example_text, fields).to_dict() == real_marker.mark(example_text, khrushchev).to_dict()
    with pytest.raises(TypeError, match="a scheme is a Scheme, a mapping of its fields, a scheme file's path or a "
                                        "bundled scheme's id, not int"):
        real_marker.mark(example_text, 3)
    with pytest.raises(marker.SchemeError, match="file not found; it is a bundled scheme's id: pass the id itself"):
        marker.load_scheme("khrushchev-destalinisation")
    with pytest.raises(ValueError, match="batch_size .* a whole number of 1 or more, not 0"):
        marker.Marker(batch_size=0)
    with pytest.raises(EssayError, match="this looks like an essay's text, not a file's path"):
        marker.read_essay(example_text)
    with pytest.raises(EssayError, match="not a file's path"):
        marker.read_essay("x" * 300)


def test_paragraph_list_input_is_taken_as_is(real_marker, khrushchev):
    report = real_marker.mark(["Stalin's statues came down.", "Churches were demolished."], khrushchev)
    assert [p.text for p in report.paragraphs] == ["Stalin's statues came down.", "Churches were demolished."]


def test_module_level_mark_accepts_a_bundled_id(example_text):
    report = marker.mark(example_text, "khrushchev-destalinisation")
    assert report.scheme.id == "khrushchev-destalinisation"


@pytest.mark.parametrize("text", ["", "   \n\n \t\n"])
def test_empty_essay_is_an_error(real_marker, khrushchev, text):
    with pytest.raises(EssayError, match="empty"):
        real_marker.mark(text, khrushchev)



def test_mark_many_names_the_essay_that_has_nothing_to_mark(real_marker, khrushchev, example_text, monkeypatch):
    monkeypatch.setattr(real_marker, "batch_size", 2)  # essay 3 opens the second batch
    with pytest.raises(EssayError, match=r"^essay 3: the essay is empty"):
        real_marker.mark_many([example_text, example_text, "  ", example_text], khrushchev)


def test_a_file_name_given_as_the_essay_text_says_to_read_the_file(real_marker, khrushchev):
    with pytest.raises(EssayError, match=r"'/home/me/My essay.docx' looks like a file name.*read_essay"):
        real_marker.mark("/home/me/My essay.docx", khrushchev)
    with pytest.raises(TypeError, match=r"mark_many takes a list of essays"):
        real_marker.mark_many("The Secret Speech of 1956 denounced Stalin.", khrushchev)


@pytest.mark.parametrize("essay", [Path("examples/khrushchev-balanced.txt"), b"The Secret Speech of 1956.", [b"One."]])
def test_an_essay_that_is_not_text_says_how_to_read_it(real_marker, khrushchev, essay):
    with pytest.raises(TypeError, match=r"an essay is its text \(a str\) or its paragraphs .*marker.read_essay\(path\)"):
        real_marker.mark(essay, khrushchev)

@pytest.mark.parametrize("text", ["Khrushchev was very effective at destalinisation", "De-Stalinisation\n\nConclusion"])
def test_an_essay_of_heading_lines_alone_is_an_error_that_says_why(real_marker, khrushchev, text):
    with pytest.raises(EssayError, match="every line reads as a title or heading"):
        real_marker.mark(text, khrushchev)


def test_off_topic_essay_covers_nothing(real_marker, khrushchev):
    text = ("Photosynthesis turns light into chemical energy in the leaves of green plants. "
            "Chlorophyll absorbs red and blue light, and the plant releases oxygen.")
    report = real_marker.mark(text, khrushchev)
    assert all(p.status == "missing" for p in report.points)


def test_very_long_essay_is_marked(real_marker, khrushchev, example_text):
    paragraphs = [p for p in example_text.split("\n\n") if p.strip()]
    long_text = "\n\n".join(paragraphs * 40)  # about 22,000 words
    assert len(long_text.split()) > 20_000
    report = real_marker.mark(long_text, khrushchev)
    assert len(report.paragraphs) == len(paragraphs) * 40


@pytest.mark.skipif(not SEED_PAGE.exists(), reason="needs ../shared/seed")
def test_seed_model_essay_covers_most_of_its_points(real_marker, khrushchev):
    page = SEED_PAGE.read_text(encoding="utf-8")
    essay = re.search(r"Model Essay\n.*?\?’\n(.*?)Note: History Study Pack", page, re.S).group(1)
    essay = essay.split("1964?", 1)[1]  # drop the repeated question line
    report = real_marker.mark(essay, khrushchev)
    covered = {p.id for p in report.points if p.status == "covered"}
    argued = {"F1", "F2", "F3", "F5", "A1", "A2", "A3", "A4", "A5"}
    assert len(covered & argued) >= 6, covered
