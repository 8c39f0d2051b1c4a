"""The command line: output formats, exit codes and one-line errors, and staying light."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from marker.cli import app

from conftest import DATA, EXAMPLE_ESSAY, run_marker

SEED = "khrushchev-destalinisation"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_check_json_to_file(runner, tmp_path, real_marker):
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "--scheme", SEED, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["scheme"]["id"] == SEED and len(data["points"]) == 10
    # Beside the scores, what the student is told: the same judgements as the text report.
    feedback = data["feedback"]
    statuses = {point["id"]: point["status"] for point in data["points"]}
    assert feedback["to_do"] == ([p for p, s in statuses.items() if s == "missing"]
                                 + [p for p, s in statuses.items() if s == "partial"])
    assert feedback["words"] == sum(len(p["text"].split()) for p in data["paragraphs"])
    assert feedback["conclusion"]["paragraph"] == len(data["paragraphs"]) - 1
    assert feedback["balance"]["for"] + feedback["balance"]["against"] == pytest.approx(1)
    assert set(feedback["advice"]) == set(statuses)
    text = runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "-s", SEED, "-f", "md"]).stdout
    assert feedback["balance"]["message"] in text and feedback["conclusion"]["message"] in text


@pytest.mark.parametrize(("name", "start"), [("report.html", "<!doctype html>"), ("report.md", "# How effectively"),
                                             ("report.json", "{")])
def test_check_takes_the_format_from_the_out_file_extension(runner, tmp_path, real_marker, name, start):
    out = tmp_path / name
    result = runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "-s", SEED, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").lstrip().startswith(start)


def test_a_format_the_out_file_extension_contradicts_is_written_with_a_warning(runner, tmp_path, real_marker):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "-s", SEED, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["scheme"]["id"] == SEED
    assert "warning" in result.stderr and "report.html" in result.stderr and "json" in result.stderr


def test_check_out_dash_writes_to_standard_output(tmp_path):
    report = run_marker("check", str(EXAMPLE_ESSAY), "-s", SEED, "-f", "md", "--out", "-", cwd=tmp_path)
    assert report.returncode == 0, report.stderr.decode()
    assert report.stdout.decode().startswith("# How effectively") and not (tmp_path / "-").exists()


def test_check_text_and_markdown(runner, real_marker):
    text = runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "-s", SEED])
    assert text.exit_code == 0, text.output
    assert "Arguments for" in text.output and "Arguments against" in text.output
    md = runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "-s", SEED, "--format", "md"])
    assert md.exit_code == 0
    assert md.output.startswith("# How effectively") and "| Point | Status |" in md.output


def test_check_reads_standard_input(runner, real_marker):
    result = runner.invoke(app, ["check", "-", "-s", SEED, "-f", "json"], input=EXAMPLE_ESSAY.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["paragraphs"][0]["index"] == 0


def test_cp1252_essay_is_read_with_a_warning(tmp_path, real_marker):
    essay = tmp_path / "windows.txt"
    essay.write_bytes("Khrushchev’s “Secret Speech” denounced Stalin’s crimes in 1956.".encode("cp1252"))
    result = run_marker("check", str(essay), "-s", SEED, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert b"not UTF-8" in result.stderr and b"cp1252" in result.stderr
    assert "“Secret Speech”" in json.loads(result.stdout)["paragraphs"][0]["text"]


def _one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("marker: error:"), result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_user_errors_are_one_line_with_exit_1(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    binary = tmp_path / "essay.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary\x00junk" * 10)
    emoji, titles = tmp_path / "emoji.txt", tmp_path / "titles.txt"
    emoji.write_text("😀😀 🎉\n\n👍 100\n", encoding="utf-8")
    titles.write_text("My essay\n\nKhrushchev\n", encoding="utf-8")
    cases = [
        (["check", str(empty), "-s", SEED], ["empty.txt", "empty"]),
        (["check", str(emoji), "-s", SEED], ["emoji.txt: ", "no words to mark, only symbols, emoji or numbers"]),
        (["check", str(titles), "-s", SEED], ["titles.txt: ", "every line reads as a title or heading"]),
        (["check", str(binary), "-s", SEED], ["essay.txt", "zipped file with a text file's name"]),
        (["check", str(tmp_path / "missing.txt"), "-s", SEED], ["missing.txt", "not found"]),
        (["check", str(EXAMPLE_ESSAY), "-s", "no-such-scheme"], ["no-such-scheme", "bundled"]),
        (["check", str(EXAMPLE_ESSAY), "-s", str(DATA / "malformed.yaml")], ["malformed.yaml", "invalid YAML"]),
        (["check", str(EXAMPLE_ESSAY), "-s", str(DATA / "duplicate-id.yaml")], ["duplicate point id"]),
        (["check", str(EXAMPLE_ESSAY), "-s", str(DATA / "bad-side.yaml")], ["bad-side.yaml", "side"]),
        (["check", str(EXAMPLE_ESSAY), "-s", SEED, "-o", str(tmp_path / "no" / "r.html")], ["folder", "does not exist"]),
        (["check", str(EXAMPLE_ESSAY), "-s", SEED, "-o", str(tmp_path)], ["is a folder", "report.html"]),
        (["eval", str(DATA / "labelled-khrushchev.json"), "-o", str(tmp_path / "no" / "r.json")], ["does not exist"]),
        (["eval", str(DATA / "labelled-khrushchev.json"), "-o", str(tmp_path)], ["is a folder", "results.json"]),
    ]
    for args, fragments in cases:
        _one_line_error(runner.invoke(app, args), *fragments)


def test_bad_usage_exits_2(runner):
    assert runner.invoke(app, ["check", str(EXAMPLE_ESSAY)]).exit_code == 2  # no --scheme
    assert runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "-s", SEED, "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2
    hints_as_json = runner.invoke(app, ["check", str(EXAMPLE_ESSAY), "-s", SEED, "--hints-only", "-f", "json"])
    assert hints_as_json.exit_code == 2 and "JSON holds the full report" in hints_as_json.output


def test_unknown_scorer_is_bad_usage_in_every_command(runner, tmp_path):
    commands = [
        ["check", str(EXAMPLE_ESSAY), "-s", SEED],
        ["batch", str(EXAMPLE_ESSAY), "-s", SEED, "--out", str(tmp_path / "marked")],
        ["eval", str(DATA)],
    ]
    for command in commands:
        result = runner.invoke(app, [*command, "--scorer", "bm25"])
        assert result.exit_code == 2, (command[0], result.output)
        assert "'bm25' is not one of: trained, cosine, tfidf" in result.output
    assert not (tmp_path / "marked").exists()


def test_schemes_lists_bundled(runner):
    result = runner.invoke(app, ["schemes"])
    assert result.exit_code == 0 and SEED in result.output


def test_every_command_has_help_text():
    for command in app.registered_commands:
        assert (command.callback.__doc__ or "").strip(), command.name


def test_help_names_what_each_value_is(runner):
    result = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "{ESSAY}" in result.output and "<str>" not in result.output.split("Options")[1].split("--hints-only")[0]
    for option, value in (("--scheme", "SCHEME"), ("--format", "FORMAT"), ("--out", "FILE"), ("--scorer", "SCORER")):
        assert re.search(rf"{option}\b.*\b{value}\b", result.output), option


def test_dir_lists_the_public_api_before_its_first_use_and_each_name_resolves():
    check = (
        "import sys, marker\n"
        "missing = set(marker.__all__) - set(dir(marker))\n"
        "assert not missing, missing\n"
        "assert 'torch' not in sys.modules\n"
        "assert all(getattr(marker, name) is not None for name in marker.__all__)\n"
        "extra = {name for name in dir(marker) if not name.startswith('__')} - set(marker.__all__)\n"
        "assert not extra, f'dir(marker) shows internals: {sorted(extra)}'\n"
    )
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", check], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def test_import_and_help_do_not_load_heavy_libraries():
    check = (
        "import sys, marker, marker.cli\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'spacy', 'sklearn') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    import subprocess
    import sys

    assert subprocess.run([sys.executable, "-c", check], capture_output=True).returncode == 0
    result = run_marker("--help")
    assert result.returncode == 0 and b"check" in result.stdout


def test_check_refuses_to_write_the_report_over_the_essay(tmp_path):
    essay = tmp_path / "draft.txt"
    essay.write_bytes(EXAMPLE_ESSAY.read_bytes())
    result = run_marker("check", str(essay), "-s", SEED, "-o", str(essay))
    assert result.returncode == 1
    assert f"{essay}: this is the essay itself" in result.stderr.decode() and str(tmp_path / "draft-report.html") in result.stderr.decode()
    assert essay.read_bytes() == EXAMPLE_ESSAY.read_bytes()


def test_version_names_the_installed_package():
    from importlib.metadata import version

    result = run_marker("--version")
    assert result.returncode == 0 and result.stdout.decode() == f"marker {version('marker')}\n"
