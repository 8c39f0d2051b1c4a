"""Batch marking with the real model on real files: Word, PDF, zip, and every kind of bad input."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_marker
from marker.batch import RECORDS_DIR, BatchResult, mark_files
from marker.collect import InputFailure
from marker.errors import MarkerError
from marker.render.classpage import class_page_html

SCRIPT = "<script>alert('pwned')</script>"
BAD_INPUTS = {"corrupt.docx", "scan.pdf", "empty.txt", "binary.txt", "notes.xlsx"}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def write_docx(path: Path, paragraphs: list[str]) -> None:
    """A Word file with these body paragraphs and a table (which marker skips)."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "TABLE CELL NOT PART OF THE ESSAY"
    document.save(path)


def write_pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with a real text layer (matplotlib's PDF backend, TrueType fonts)."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        figure = plt.figure(figsize=(8.27, 11.69))
        for n, line in enumerate(lines):
            figure.text(0.05, 0.95 - 0.03 * n, line, fontsize=8)
        figure.savefig(path, format="pdf")
        plt.close(figure)


def write_scanned_pdf(path: Path) -> None:
    """A PDF with a page and no text layer, like a scan."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as file:
        writer.write(file)


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory, example_text: str) -> Path:
    """A teacher's folder: Word, PDF, text and Markdown essays, a zip, and bad files."""
    root = tmp_path_factory.mktemp("batch")
    essays = root / "essays"
    (essays / "late").mkdir(parents=True)
    paragraphs = _paragraphs(example_text)
    write_docx(essays / "anna.docx", paragraphs)
    write_pdf(essays / "bob.pdf", [s.strip() + "." for s in " ".join(paragraphs[:3]).split(".") if s.strip()][:25])
    (essays / "carl.txt").write_text(example_text, encoding="utf-8")
    (essays / "late" / "carl.txt").write_text("\n\n".join(paragraphs[:2]), encoding="utf-8")
    (essays / "dana.md").write_text(f"{paragraphs[0]} {SCRIPT}\n\n" + "\n\n".join(paragraphs[1:]), encoding="utf-8")
    (essays / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a Word file")
    write_scanned_pdf(essays / "scan.pdf")
    (essays / "empty.txt").write_text("  \n", encoding="utf-8")
    (essays / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (essays / "notes.xlsx").write_bytes(b"PK\x03\x04")
    (essays / ".DS_Store").write_bytes(b"\0\1junk")
    with zipfile.ZipFile(root / "submissions.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Submissions/", "")
        archive.writestr("Submissions/erin.txt", "\n\n".join(paragraphs[2:]))
        archive.writestr("__MACOSX/Submissions/._erin.txt", b"\0junk")
        archive.writestr("Submissions/.DS_Store", b"\0junk")
    return root


@pytest.fixture(scope="module")
def batch_run(class_folder: Path, real_marker, khrushchev):
    """One batch over the class folder and zip, with the progress calls it made."""
    calls: list[tuple[int, int]] = []
    out = class_folder / "marked"
    result = mark_files([class_folder / "essays", class_folder / "submissions.zip"], khrushchev, out,
                        marker=real_marker, progress=lambda done, total: calls.append((done, total)))
    return result, out, calls


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_every_readable_essay_is_marked_and_every_bad_input_is_listed(batch_run):
    result, out, calls = batch_run
    students = [essay.student for essay in result.essays]
    assert sorted(students) == ["anna", "bob", "carl (essays)", "carl (late)", "dana", "erin"]
    errors = {Path(row["file"]).name: row["reason"] for row in _read_csv(out / "errors.csv")}
    assert set(errors) == BAD_INPUTS
    assert "not a readable Word" in errors["corrupt.docx"]
    assert "no text layer" in errors["scan.pdf"]
    assert "empty" in errors["empty.txt"]
    assert "binary" in errors["binary.txt"]
    assert "unsupported file type" in errors["notes.xlsx"]
    assert not result.complete
    assert calls[-1] == (11, 11) and [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_results_csv_has_one_row_per_essay_and_a_column_per_point(batch_run, khrushchev):
    result, out, _ = batch_run
    rows = _read_csv(out / "results.csv")
    counts = [f"{side}_{n}" for side in ("for", "against") for n in ("covered", "partial", "total")]
    flags = ["words", "balance", "conclusion", "please_check"]
    assert list(rows[0]) == ["student", "file", *counts, *flags, *khrushchev.point_ids]
    assert len(rows) == len(result.essays) == 6
    for row in rows:
        assert {row[point_id] for point_id in khrushchev.point_ids} <= {"covered", "partial", "missing"}
        assert int(row["words"]) > 0 and row["conclusion"] in ("yes", "none", "no weighing", "no judgement") and row["please_check"] == ""
        assert row["balance"] in ("balanced", "one-sided (for)", "one-sided (against)", "")
        assert int(row["for_total"]) == len(khrushchev.side("for"))
        covered = sum(row[p.id] == "covered" for p in khrushchev.side("for"))
        assert int(row["for_covered"]) == covered
    anna = next(row for row in rows if row["student"] == "anna")
    assert anna["file"].endswith("anna.docx") and int(anna["for_covered"]) + int(anna["against_covered"]) >= 3
    assert (anna["balance"], anna["conclusion"]) == ("balanced", "yes"), "the whole example essay"


def test_points_csv_is_long_form_with_evidence_from_the_essays(batch_run, khrushchev, example_text):
    _, out, _ = batch_run
    rows = _read_csv(out / "points.csv")
    assert list(rows[0]) == ["student", "point", "side", "status", "score", "evidence"]
    assert len(rows) == 6 * len(khrushchev.points)
    for row in rows:
        assert row["status"] in {"covered", "partial", "missing"}
        float(row["score"])
        if row["student"] in ("anna", "carl") and row["evidence"]:
            assert row["evidence"] in example_text


def test_results_json_holds_every_full_report(batch_run):
    _, out, _ = batch_run
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["scheme"]["id"] == "khrushchev-destalinisation"
    assert len(data["essays"]) == 6 and len(data["errors"]) == len(BAD_INPUTS)
    report = data["essays"][0]["report"]
    assert set(report) >= {"scheme", "scorer", "paragraphs", "points", "summary"}
    anna = next(e for e in data["essays"] if e["student"] == "anna")
    assert not any("TABLE CELL" in p["text"] for p in anna["report"]["paragraphs"])


def test_the_class_page_has_the_heat_map_ranking_links_and_escaped_text(batch_run, khrushchev):
    result, out, _ = batch_run
    page = (out / "class.html").read_text(encoding="utf-8")
    assert 'class="heatmap"' in page and "Points most often missed" in page
    assert page.count('<td class="cell ') == 6 * len(khrushchev.points)
    for essay in result.essays:
        assert f'href="reports/{essay.slug}.html"' in page
        assert (out / "reports" / f"{essay.slug}.html").is_file()
    assert "scan.pdf" in page and "<script" not in page and "http" not in page.split("<body>")[1]
    assert f"{len(result.essays)} essays marked, {len(result.failures)} inputs could not be marked." in page
    one = BatchResult(khrushchev, out, result.essays[:1], [InputFailure("ghost.txt", "no essay", no_essay=True)])
    assert "<p>1 essay marked, 1 student on the roster had no essay." in class_page_html(one)
    flagged = dataclasses.replace(result.essays[0], flags={
        "words": "120", "balance": "one-sided (for)", "conclusion": "none", "please_check": "Few of your essay's words"})
    notes = '<td class="notes">one-sided (for); no clear conclusion; may answer another question</td>'
    assert notes in class_page_html(BatchResult(khrushchev, out, [flagged]))
    unweighed = dataclasses.replace(flagged, flags={**flagged.flags, "conclusion": "no weighing", "please_check": ""})
    assert '<td class="notes">one-sided (for); conclusion does not weigh the sides</td>' in class_page_html(
        BatchResult(khrushchev, out, [unweighed])), "the class page says what the student's report says"
    for essay in result.essays:  # each balance bar says what the student's own report says
        report = (out / "reports" / f"{essay.slug}.html").read_text(encoding="utf-8")
        message = re.search(r"(?:Balanced|One-sided|The essay does not yet)[^<]*", report).group(0).strip()
        assert f'title="{message}"' in page, essay.student


def test_the_class_page_lists_the_students_to_look_at_first(batch_run, khrushchev):
    result, out, _ = batch_run
    quiet = {"words": "600", "balance": "balanced", "conclusion": "yes", "please_check": ""}

    def student(name: str, covered: int, partial: int, flags: dict[str, str] = quiet):
        summary = {"for": {"covered": covered, "partial": partial, "total": 5}, "against": {"covered": 1, "partial": 0, "total": 5}}
        return dataclasses.replace(result.essays[0], student=name, slug=name, summary=summary, flags=flags)

    one_sided = {**quiet, "balance": "one-sided (for)", "conclusion": "none"}
    elsewhere = {**quiet, "please_check": "Few of your essay's words are those of the question"}
    essays = [student("amy", 4, 0), student("ben", 1, 0), student("cal", 3, 1), student("dev", 1, 1),
              student("eve", 5, 0, elsewhere), student("fay", 4, 1), student("gus", 0, 1), student("hal", 4, 0, one_sided)]
    page = class_page_html(BatchResult(khrushchev, out, essays))
    section = re.search(r"<h2>Students to look at first \(3\)</h2>.*?</table>", page, re.DOTALL).group(0)
    assert re.findall(r'href="reports/(\w+)\.html"', section) == ["gus", "ben", "eve"], (
        "fewer points than three quarters of the class (dev's 2.5 is the least of those), and an essay that may be "
        "on another question; a one-sided essay with no conclusion is not enough")
    assert '1.5 of 10</td><td></td>' in section and "6 of 10</td><td>may answer another question</td>" in section
    tied = [student(name, 3, 0) for name in ("amy", "ben", "cal", "dev", "eve")]
    assert "Students to look at first" not in class_page_html(BatchResult(khrushchev, out, tied)), "nobody is behind"
    assert "Students to look at first" not in class_page_html(BatchResult(khrushchev, out, essays[:3]))


def test_student_reports_name_the_student_and_show_the_essay_with_its_text_escaped(batch_run, example_text):
    result, out, _ = batch_run
    dana = next(essay for essay in result.essays if essay.student == "dana")
    page = (out / "reports" / f"{dana.slug}.html").read_text(encoding="utf-8")
    assert "<script" not in page and "alert(" in page and "&lt;/script&gt;" in page
    assert _paragraphs(example_text)[-1][:60] in page
    assert '<h1 class="mk-title">Feedback for dana</h1>' in page and "<title>dana: marker:" in page, "a printed report says whose it is"


def test_resume_keeps_recorded_essays_and_marks_only_the_rest(batch_run, class_folder, real_marker, khrushchev):
    _, out, _ = batch_run
    records = out / RECORDS_DIR
    (records / "erin.json").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in records.iterdir()}
    calls: list[tuple[int, int]] = []
    result = mark_files([class_folder / "essays", class_folder / "submissions.zip"], khrushchev, out, resume=True,
                        marker=real_marker, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (5, 11), "the five recorded essays are skipped"
    assert {p.name: p.stat().st_mtime_ns for p in records.iterdir() if p.name in before} == before
    assert (records / "erin.json").is_file() and len(result.essays) == 6 and result.kept == 5
    assert len(_read_csv(out / "results.csv")) == 6


def test_a_rerun_leaves_reports_only_for_the_students_of_this_batch(class_folder, real_marker, khrushchev, tmp_path,
                                                                    caplog):
    essays = tmp_path / "essays"
    essays.mkdir()
    for name in ("carl.txt", "dana.md"):
        (essays / name).write_bytes((class_folder / "essays" / name).read_bytes())
    roster = tmp_path / "roster.csv"
    roster.write_text("carl.txt,Carl Cole\n", encoding="utf-8")
    out = tmp_path / "marked"
    mark_files([essays], khrushchev, out, marker=real_marker)
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["carl.html", "dana.html"]
    renamed = mark_files([essays], khrushchev, out, roster=roster, resume=True, marker=real_marker)
    assert [essay.student for essay in renamed.essays] == ["Carl Cole", "dana"]
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["Carl_Cole.html", "dana.html"]
    assert f"{out}: removed the reports of 1 student not in this batch" in caplog.text
    (essays / "dana.md").write_text("  \n", encoding="utf-8")  # now empty: it fails
    result = mark_files([essays], khrushchev, out, roster=roster, marker=real_marker)
    assert [essay.student for essay in result.essays] == ["Carl Cole"] and len(result.failures) == 1
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["Carl_Cole.html"]
    assert sorted(p.name for p in (out / RECORDS_DIR).iterdir()) == ["Carl_Cole.json"]


def test_a_batch_into_a_folder_of_other_files_deletes_only_what_a_batch_wrote(class_folder, real_marker, khrushchev,
                                                                              tmp_path):
    out = tmp_path / "teaching"
    (out / RECORDS_DIR).mkdir(parents=True)
    (out / "reports").mkdir()
    (out / RECORDS_DIR / "term1-grades.json").write_text('{"anna": 62}', encoding="utf-8")
    (out / "reports" / "term1-grades.html").write_text("<p>Term 1</p>", encoding="utf-8")
    mark_files([class_folder / "essays" / "carl.txt"], khrushchev, out, marker=real_marker)
    assert sorted(p.name for p in (out / RECORDS_DIR).iterdir()) == ["carl.json", "term1-grades.json"]
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["carl.html", "term1-grades.html"]


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(class_folder, real_marker, khrushchev, tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    with pytest.raises(MarkerError, match=r"notes.txt/marked: cannot write the results there \(Not a directory\)"):
        mark_files([class_folder / "essays" / "carl.txt"], khrushchev, tmp_path / "notes.txt" / "marked",
                   marker=real_marker)


def test_a_text_too_long_to_be_an_essay_is_listed_and_the_others_are_marked(class_folder, real_marker, khrushchev,
                                                                           tmp_path):
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "carl.txt").write_bytes((class_folder / "essays" / "carl.txt").read_bytes())
    (essays / "log.txt").write_text("Stalin died. " * 80_000, encoding="utf-8")  # 1,040,000 characters in one block
    result = mark_files([essays], khrushchev, tmp_path / "marked", marker=real_marker)
    assert [essay.student for essay in result.essays] == ["carl"]
    assert [(Path(f.file).name, f.reason) for f in result.failures] == [
        ("log.txt", "the text has 1,040,000 characters, more than any essay (1,000,000 at most); check that this is "
                    "the essay's file")]


def test_resume_marks_again_when_the_scheme_has_changed(class_folder, real_marker, khrushchev, tmp_path, caplog):
    from marker.schemes import resolve_scheme

    essay = [class_folder / "essays" / "carl.txt"]
    mark_files(essay, khrushchev, tmp_path, marker=real_marker)
    calls: list[tuple[int, int]] = []
    other = resolve_scheme("britain-labour-1945-51")
    result = mark_files(essay, other, tmp_path, resume=True, marker=real_marker,
                        progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 1), (1, 1)]
    assert {p.id for p in result.essays[0].points} == set(other.point_ids)
    assert f"{tmp_path}: the scheme, the scorer or marker itself has changed since the last run, so every essay is marked again" \
        in caplog.text


def test_resume_marks_again_an_essay_whose_file_has_changed(class_folder, real_marker, khrushchev, tmp_path):
    essay = tmp_path / "carl.txt"
    text = (class_folder / "essays" / "carl.txt").read_text(encoding="utf-8")
    essay.write_text(text, encoding="utf-8")
    first = mark_files([essay], khrushchev, tmp_path / "marked", marker=real_marker)
    essay.write_text("\n\n".join(_paragraphs(text)[:2]), encoding="utf-8")  # the student cut the essay down
    calls: list[tuple[int, int]] = []
    second = mark_files([essay], khrushchev, tmp_path / "marked", resume=True, marker=real_marker,
                        progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 1), (1, 1)], "the changed file is marked again, not resumed"
    report = json.loads((tmp_path / "marked" / RECORDS_DIR / "carl.json").read_text(encoding="utf-8"))["report"]
    assert len(report["paragraphs"]) == 2 and second.essays[0].summary != first.essays[0].summary


def test_a_batch_stopped_half_way_keeps_what_was_done(class_folder, real_marker, khrushchev, tmp_path):
    out = tmp_path / "marked"

    def stop_after_two(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    essays = [class_folder / "essays" / name for name in ("anna.docx", "carl.txt", "dana.md")]
    with pytest.raises(KeyboardInterrupt):
        mark_files(essays, khrushchev, out, marker=real_marker, progress=stop_after_two)
    assert len(list((out / RECORDS_DIR).glob("*.json"))) == 2
    assert [row["student"] for row in _read_csv(out / "results.csv")] == ["anna", "carl"]
    assert len(json.loads((out / "results.json").read_text(encoding="utf-8"))["essays"]) == 2
    assert [(Path(row["file"]).name, row["reason"]) for row in _read_csv(out / "errors.csv")] == [
        ("dana.md", "not marked: the batch stopped before this essay; rerun with --resume to mark it")]
    assert "<p>2 essays marked, 1 essay not yet marked (the batch was stopped)." in (out / "class.html").read_text()
    assert not list(out.rglob("*.tmp")), "no half-written files are left behind"


def test_a_batch_stopped_before_a_resubmitted_essay_leaves_no_report_of_the_old_one(class_folder, real_marker,
                                                                                     khrushchev, tmp_path):
    essays = tmp_path / "essays"
    essays.mkdir()
    for name, source in (("carl.txt", "carl.txt"), ("dana.md", "dana.md"), ("erin.txt", "late/carl.txt")):
        (essays / name).write_bytes((class_folder / "essays" / source).read_bytes())
    out = tmp_path / "marked"
    mark_files([essays], khrushchev, out, marker=real_marker)
    (essays / "dana.md").write_text("The thaw was real. Terror ended after 1953.\n", encoding="utf-8")  # resubmitted

    def stop_after_one(done: int, total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mark_files([essays], khrushchev, out, marker=real_marker, progress=stop_after_one)
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["carl.html", "erin.html"], \
        "dana's report was of her old essay; erin's unchanged one stays for --resume"
    resumed = mark_files([essays], khrushchev, out, resume=True, marker=real_marker)
    assert (resumed.kept, len(resumed.essays)) == (2, 3)


def test_resume_keeps_an_essay_found_by_another_path_and_marks_one_whose_report_is_gone(
        class_folder, real_marker, khrushchev, tmp_path, caplog):
    week1, week2 = tmp_path / "download-1", tmp_path / "download-2"
    for folder in (week1, week2):
        folder.mkdir()
        for name in ("carl.txt", "dana.md"):
            (folder / name).write_bytes((class_folder / "essays" / name).read_bytes())
    out = tmp_path / "marked"
    mark_files([week1], khrushchev, out, marker=real_marker)
    (out / "reports" / "dana.html").unlink()
    again = mark_files([week2], khrushchev, out, resume=True, marker=real_marker)
    assert again.kept == 1 and (out / "reports" / "dana.html").is_file()
    assert {row["file"] for row in _read_csv(out / "results.csv")} == {str(week2 / "carl.txt"), str(week2 / "dana.md")}
    assert "removed the reports" not in caplog.text and "changed" not in caplog.text


def test_a_second_batch_into_a_folder_in_use_is_refused(class_folder, real_marker, khrushchev, tmp_path):
    import fcntl

    out = tmp_path / "marked"
    out.mkdir()
    with open(out / ".marker-batch.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running batch holds it
        with pytest.raises(MarkerError, match="marked: another batch is writing into this folder now"):
            mark_files([class_folder / "essays" / "carl.txt"], khrushchev, out, marker=real_marker)
    assert not (out / RECORDS_DIR / "carl.json").exists()
    mark_files([class_folder / "essays" / "carl.txt"], khrushchev, out, marker=real_marker)  # free again
    assert (out / RECORDS_DIR / "carl.json").is_file()


def test_one_folder_given_alone_is_one_input_not_the_letters_of_its_name(class_folder, real_marker, khrushchev,
                                                                         tmp_path):
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "carl.txt").write_bytes((class_folder / "essays" / "carl.txt").read_bytes())
    for given in (str(essays), essays):
        result = mark_files(given, khrushchev, tmp_path / "marked", marker=real_marker)
        assert [essay.student for essay in result.essays] == ["carl"] and not result.failures


def test_a_point_id_that_repeats_a_results_column_is_refused_before_marking(class_folder, real_marker, tmp_path):
    from marker.errors import SchemeError
    from marker.schemes import Scheme

    scheme = Scheme.from_dict({"id": "clash", "question": "Why?", "points": [
        {"id": "balance", "side": "for", "text": "The thaw was real."},
        {"id": "A1", "side": "against", "text": "Terror went on."}]})
    with pytest.raises(SchemeError, match="clash: point 'balance': its id is also a column of results.csv"):
        mark_files([class_folder / "essays" / "carl.txt"], scheme, tmp_path / "marked", marker=real_marker)
    assert not (tmp_path / "marked").exists()


def test_essays_a_marker_rejects_are_listed_and_the_rest_are_marked(real_marker, khrushchev, example_text, tmp_path):
    (tmp_path / "title-only.txt").write_text("My Essay Title\n", encoding="utf-8")
    (tmp_path / "real.txt").write_text(example_text, encoding="utf-8")
    result = mark_files([tmp_path], khrushchev, tmp_path / "out", marker=real_marker)
    assert [essay.student for essay in result.essays] == ["real"]
    assert [Path(f.file).name for f in result.failures] == ["title-only.txt"]


def test_a_roster_line_with_no_essay_is_listed_but_one_whose_file_failed_is_listed_once(class_folder, real_marker,
                                                                                          khrushchev, tmp_path, caplog):
    essays = class_folder / "essays"
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nCARL.txt,Carl Cole\nscan.pdf,Sam Scan\nGhost.TXT,Gail Ghost\n", encoding="utf-8")
    result = mark_files([essays / "carl.txt", essays / "scan.pdf", essays / "dana.md"], khrushchev, tmp_path / "out",
                        roster=roster, marker=real_marker)
    assert [essay.student for essay in result.essays] == ["Carl Cole", "dana"]
    assert f"{roster}: 1 essay not on the roster, so named by its file name: {essays / 'dana.md'}" in caplog.text
    reasons = {Path(f.file).name: f.reason for f in result.failures}
    assert len(result.failures) == 2 and "no text layer" in reasons["scan.pdf"] and not result.complete
    assert reasons["Ghost.TXT"] == "no essay found for Gail Ghost, who is on the roster", "as the roster writes it"
    result.write_tables()
    assert "Ghost.TXT,\"no essay found for Gail Ghost" in (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8-sig")


def test_marker_batch_command_exit_codes_and_outputs(class_folder, tmp_path):
    essays = class_folder / "essays"
    good = run_marker("batch", str(essays / "anna.docx"), str(essays / "carl.txt"),
                      "--scheme", "khrushchev-destalinisation", "--out", str(tmp_path / "good"))
    assert good.returncode == 0, good.stderr.decode()
    assert len(_read_csv(tmp_path / "good" / "results.csv")) == 2
    assert "Marked 2 essays into" in good.stderr.decode()
    again = run_marker("batch", str(essays / "anna.docx"), str(essays / "carl.txt"), "--resume",
                       "--scheme", "khrushchev-destalinisation", "--out", str(tmp_path / "good"))
    assert again.returncode == 0 and "Marked 0 essays and kept 2 from the last run" in again.stderr.decode()
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nanna.docx,Anna Smith\nscan.pdf,Sam Scan\n", encoding="utf-8")
    some_bad = run_marker("batch", str(essays / "anna.docx"), str(essays / "scan.pdf"), "--quiet", "--roster",
                          str(roster), "--scheme", "khrushchev-destalinisation", "--out", str(tmp_path / "bad"))
    assert some_bad.returncode == 3 and some_bad.stderr == b""
    assert [row["student"] for row in _read_csv(tmp_path / "bad" / "results.csv")] == ["Anna Smith"]
    assert len(_read_csv(tmp_path / "bad" / "errors.csv")) == 1
    roster.write_text("file,student\ncarl.txt,Carl Cole\nghost.txt,Gail Ghost\n", encoding="utf-8")
    absent = run_marker("batch", str(essays / "carl.txt"), "--roster", str(roster), "--scheme",
                        "khrushchev-destalinisation", "--out", str(tmp_path / "absent"))
    assert absent.returncode == 3
    assert "1 student on the roster had no essay: see" in absent.stderr.decode()
    assert "could not be marked" not in absent.stderr.decode()
    nothing = run_marker("batch", str(tmp_path / "empty-folder"), "--scheme", "nope", "--out", str(tmp_path / "x"))
    assert nothing.returncode == 1 and "nope" in nothing.stderr.decode()
    a_file = tmp_path / "results.json"
    a_file.write_text("{}", encoding="utf-8")
    out_is_a_file = run_marker("batch", str(essays / "carl.txt"), "--scheme", "khrushchev-destalinisation",
                               "--out", str(a_file))
    assert out_is_a_file.returncode == 1
    assert "results.json: this is a file, but the results need a folder" in out_is_a_file.stderr.decode()
    assert "Traceback" not in out_is_a_file.stderr.decode() and a_file.read_text(encoding="utf-8") == "{}"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_warning_during_a_batch_prints_on_its_own_line_above_the_progress_bar(example_text, tmp_path):
    import os
    import pty

    (tmp_path / "windows.txt").write_bytes(example_text.replace("Stalin", "Stalin\u2019s").encode("cp1252"))
    primary, secondary = pty.openpty()  # a terminal, so the progress bar is drawn
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "500"}  # wide: no line wrapping
    process = subprocess.Popen(
        [sys.executable, "-m", "marker", "batch", str(tmp_path / "windows.txt"), "-s", "khrushchev-destalinisation",
         "--out", str(tmp_path / "marked")],
        stdin=secondary, stdout=secondary, stderr=secondary, env=environment,
    )
    os.close(secondary)
    screen = b""
    while chunk := _read_terminal(primary):
        screen += chunk
    assert process.wait(timeout=600) == 0
    segments = re.split(r"[\r\n]+", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.decode()))
    assert any(segment.startswith("Marking ") for segment in segments), segments  # the bar was drawn
    assert any(segment.startswith(f"marker: warning: {tmp_path / 'windows.txt'} is not UTF-8") for segment in segments)


def _read_terminal(fd: int) -> bytes:
    """The next output of a pseudo-terminal; b"" once its process has closed it."""
    import os

    try:
        return os.read(fd, 4096)
    except OSError:  # Linux raises EIO when the other end is closed
        return b""


def test_inputs_with_nothing_to_mark_stop_before_writing_and_name_each_input(class_folder, tmp_path):
    refused = tmp_path / "refused.zip"
    with zipfile.ZipFile(refused, "w") as archive:
        archive.writestr("../escape.txt", "an essay outside the archive")
    out = tmp_path / "marked"
    typo = run_marker("batch", str(class_folder / "esays"), str(refused), "--scheme", "khrushchev-destalinisation",
                      "--out", str(out))
    message = typo.stderr.decode()
    assert typo.returncode == 1 and len(message.strip().splitlines()) == 1, message
    assert f"{class_folder / 'esays'}: not found" in message and "refused.zip:../escape.txt: refused" in message
    assert "nothing was written" in message and not out.exists()


def test_the_output_folder_cannot_be_an_input_folder(class_folder, real_marker, khrushchev):
    with pytest.raises(MarkerError, match="output folder is also an input"):
        mark_files([class_folder / "essays"], khrushchev, class_folder / "essays", marker=real_marker)


def test_batch_is_a_library_call(class_folder, real_marker, khrushchev, tmp_path):
    import marker

    result = marker.mark_files([class_folder / "essays" / "carl.txt"], khrushchev, tmp_path, marker=real_marker)
    assert isinstance(result, marker.BatchResult) and result.complete
    assert result.essays[0].summary == json.loads((tmp_path / "results.json").read_text())["essays"][0]["report"]["summary"]
