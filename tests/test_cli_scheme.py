"""`marker scheme import | validate | show | json-schema`, run as a user would."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import DATA, ROOT, run_marker

from marker import load_scheme
from marker.schemes import scheme_json_schema

EXTRACT = DATA / "extracts" / "spanning-lines.txt"


def test_import_writes_the_scheme_and_reports_what_it_found(tmp_path):
    out = tmp_path / "peel.yaml"
    result = run_marker("scheme", "import", str(EXTRACT), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    report = result.stderr.decode()
    assert "Found 3 for and 3 against points." in report
    assert "Question (from the text): How successful was Peel's second ministry, 1841-46?" in report
    assert f"Scheme written to {out}" in report
    scheme = load_scheme(out)
    assert (scheme.id, scheme.marks, len(scheme.points)) == ("peel", 20, 6)


def test_import_from_standard_input_prints_yaml(tmp_path):
    text = "Why did the Tsar fall in 1917?\nIn support\n1. The war\nAgainst\n1. Bread riots\n"
    result = run_marker("scheme", "import", "-", "--id", "tsar", stdin=text.encode())
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().startswith("id: tsar\nquestion: Why did the Tsar fall in 1917?\n")


def test_out_dash_writes_to_standard_output_not_a_file_named_dash(tmp_path):
    result = run_marker("scheme", "import", str(EXTRACT), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().startswith("id: spanning-lines\n") and not (tmp_path / "-").exists()


def test_question_option_fills_in_a_missing_question():
    notes = DATA / "extracts" / "teacher-notes.txt"
    missing = run_marker("scheme", "import", str(notes))
    assert missing.returncode == 1
    assert "no question found" in missing.stderr.decode() and "Traceback" not in missing.stderr.decode()
    given = run_marker("scheme", "import", str(notes), "--question", "Was Germany to blame for war in 1914?")
    assert given.returncode == 0
    assert "Question (as given)" in given.stderr.decode()


def test_import_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "peel.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    refused = run_marker("scheme", "import", str(EXTRACT), "-o", str(out))
    assert refused.returncode == 1
    assert "already exists" in refused.stderr.decode() and "--force" in refused.stderr.decode()
    assert out.read_text(encoding="utf-8") == "keep me\n"
    forced = run_marker("scheme", "import", str(EXTRACT), "-o", str(out), "--force")
    assert forced.returncode == 0
    assert load_scheme(out).id == "peel"


QUESTION = "How effectively did Khrushchev de-Stalinise the USSR in the years 1956 to 1964?"


def _import_word_file(tmp_path, paragraphs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """`marker scheme import` of a Word file with the question and then `paragraphs` as (text, style
    or None); the imported points as (side, text)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text, style in [(QUESTION, None), *paragraphs]:
        document.add_paragraph(text, style=style)
    document.save(tmp_path / "scheme.docx")
    result = run_marker("scheme", "import", str(tmp_path / "scheme.docx"))
    assert result.returncode == 0, result.stderr.decode()
    return [(p["side"], p["text"]) for p in yaml.safe_load(result.stdout.decode())["points"]]


def test_import_of_a_word_file_with_short_list_items_keeps_each_on_its_side(tmp_path):
    points = _import_word_file(tmp_path, [
        ("Arguments for", "Heading 2"), ("The Secret Speech", "List Bullet"),
        ("Read out to party branches", "List Bullet 2"), ("Release of Gulag prisoners", "List Bullet"),
        ("Arguments against", "Heading 2"), ("Hungary 1956", "List Number"), ("Novocherkassk 1962", "List Number"),
    ])
    assert points == [
        ("for", "The Secret Speech; Read out to party branches"),
        ("for", "Release of Gulag prisoners"),
        ("against", "Hungary 1956"),
        ("against", "Novocherkassk 1962"),
    ]


def test_import_of_a_word_file_with_plain_paragraphs_without_full_stops_takes_each_as_a_point(tmp_path):
    points = _import_word_file(tmp_path, [
        ("Arguments for", None), ("Secret Speech denounced the cult of personality", None),
        ("Millions released from the Gulag", None), ("Arguments against", None),
        ("Hungarian rising crushed in 1956", None), ("Party kept its monopoly of power", None),
        ("Writers still censored", None),
    ])
    assert points == [
        ("for", "Secret Speech denounced the cult of personality"),
        ("for", "Millions released from the Gulag"),
        ("against", "Hungarian rising crushed in 1956"),
        ("against", "Party kept its monopoly of power"),
        ("against", "Writers still censored"),
    ]


def test_import_of_a_word_outline_whose_side_headings_are_list_items(tmp_path):
    points = _import_word_file(tmp_path, [
        ("Arguments for", "List Number"), ("The Secret Speech", "List Number 2"), ("Gulag releases", "List Number 2"),
        ("Arguments against", "List Number"), ("Hungary 1956", "List Number 2"),
    ])
    assert points == [("for", "The Secret Speech"), ("for", "Gulag releases"), ("against", "Hungary 1956")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.docx", b"PK\x03\x04 this is not really a Word file", "not a readable Word (.docx) file"),
        ("empty.txt", b"", "the file is empty"),
        ("one-side.txt", b"Why did the Tsar fall in 1917?\nFor:\n- The war\n", "no 'against' points"),
    ],
)
def test_bad_sources_write_nothing(tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out.yaml"
    result = run_marker("scheme", "import", str(source), "-o", str(out))
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert message in stderr and str(source) in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_validate_lists_every_problem_and_fails(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nquestion: Why?\nlevels:\n- {level: 1, marks: [9, 2], descriptor: Weak}\n"
        "points:\n- {id: F1, side: pro, text: A point}\n",
        encoding="utf-8",
    )
    good = ROOT / "schemes" / "khrushchev-destalinisation.yaml"
    result = run_marker("scheme", "validate", str(good), str(bad))
    assert result.returncode == 1
    assert f"{good}: ok (khrushchev-destalinisation: 5 for, 5 against)" in result.stdout.decode()
    stderr = result.stderr.decode()
    assert f"{bad}: invalid" in stderr
    assert "level entry 1: marks [9, 2]: the lowest mark comes first" in stderr
    assert "point 1 (F1), side: should be 'for' or 'against'" in stderr
    bundled = run_marker("scheme", "validate", *sorted(str(p) for p in (ROOT / "schemes").iterdir()))
    assert bundled.returncode == 0, bundled.stderr.decode()
    assert "schema.json: skipped" in bundled.stdout.decode()


def test_show_prints_a_readable_view():
    result = run_marker("scheme", "show", "khrushchev-destalinisation")
    assert result.returncode == 0, result.stderr.decode()
    shown = result.stdout.decode()
    assert "How effectively did Khrushchev" in shown
    assert "Arguments for (5)" in shown and "Arguments against (5)" in shown
    assert "A5" in shown
    missing = run_marker("scheme", "show", "no-such-scheme")
    assert missing.returncode == 1 and "bundled:" in missing.stderr.decode()


def test_validate_warns_of_a_point_id_that_marker_batch_refuses(tmp_path):
    (tmp_path / "q.yaml").write_text("id: q\nquestion: Why?\npoints:\n  - {id: balance, side: for, text: A claim.}\n"
                                     "  - {id: A1, side: against, text: Another.}\n", encoding="utf-8")
    result = run_marker("scheme", "validate", str(tmp_path / "q.yaml"))
    assert result.returncode == 0 and ": ok (q: 1 for, 1 against)" in result.stdout.decode()
    assert "warning: point 'balance': its id is also a column of results.csv" in result.stderr.decode()
    assert "(marker batch refuses it)" in result.stderr.decode()


def test_show_prints_square_brackets_as_written(tmp_path):
    scheme = ("id: q\nquestion: Why?\nmarks: 25\nlevels:\n  - {level: 1, marks: [1, 25], descriptor: "
              "'Answers [at this level] are [sic] accurate [/]'}\npoints:\n  - {id: F1, side: for, text: 'A [bold]claim'}\n")
    (tmp_path / "q.yaml").write_text(scheme, encoding="utf-8")
    result = run_marker("scheme", "show", str(tmp_path / "q.yaml"))
    assert result.returncode == 0, result.stderr.decode()
    shown = " ".join(result.stdout.decode().split())
    assert "Answers [at this level] are [sic] accurate [/]" in shown and "A [bold]claim" in shown


def test_json_schema_command_prints_the_committed_schema():
    result = run_marker("scheme", "json-schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == scheme_json_schema()
