"""Finding a batch's documents: folders, zips (junk, traversal, bombs), rosters and distinct names."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from marker import collect
from marker.collect import Source, collect_sources, load_roster, missing_from_roster, student_names
from marker.errors import EssayError, MarkerError

from conftest import ROOT

ESSAY = "The Secret Speech of 1956 changed attitudes in the Soviet Union.\n"


def _labels(sources: list[Source]) -> list[str]:
    return [source.label for source in sources]


def test_folders_are_searched_recursively_skipping_junk_the_output_folder_and_the_roster(tmp_path: Path):
    (tmp_path / "class" / "set2").mkdir(parents=True)
    (tmp_path / "class" / ".git").mkdir()
    (tmp_path / "class" / "marked").mkdir()
    for name in ("class/anna.txt", "class/set2/bob.docx", "class/.DS_Store", "class/.git/x.txt", "class/~$bob.docx",
                 "class/Thumbs.db", "class/marked/results.csv", "class/roster.csv"):
        (tmp_path / name).write_text(ESSAY)
    exclude = [tmp_path / "class" / "marked", tmp_path / "class" / "roster.csv"]
    sources, failures = collect_sources([tmp_path / "class"], exclude=exclude)
    assert [Path(label).relative_to(tmp_path).as_posix() for label in _labels(sources)] == [
        "class/anna.txt", "class/set2/bob.docx"]
    assert failures == []


def test_a_file_named_twice_or_also_in_a_folder_given_is_read_once(tmp_path: Path):
    (tmp_path / "class").mkdir()
    for name in ("anna.txt", "bob.txt"):
        (tmp_path / "class" / name).write_text(ESSAY)
    anna = tmp_path / "class" / "anna.txt"
    sources, failures = collect_sources([anna, tmp_path / "class", tmp_path / "class" / ".." / "class" / "anna.txt"])
    assert [Path(label).name for label in _labels(sources)] == ["anna.txt", "bob.txt"] and failures == []


def test_a_missing_input_is_a_failure_not_an_exception(tmp_path: Path):
    sources, failures = collect_sources([tmp_path / "nope.docx"])
    assert sources == [] and [f.reason for f in failures] == ["not found"]


def test_zip_members_are_read_in_memory_and_junk_is_skipped(tmp_path: Path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("essays/", "")
        z.writestr("essays/anna.txt", ESSAY)
        z.writestr("__MACOSX/essays/._anna.txt", "junk")
        z.writestr("essays/.DS_Store", "junk")
    sources, failures = collect_sources([archive])
    assert _labels(sources) == [f"{archive}:essays/anna.txt"] and failures == []
    assert sources[0].name == "anna.txt"
    assert sources[0].read().decode() == ESSAY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.zip"], "nothing is extracted to disk"


def test_zip_members_named_outside_the_archive_are_refused(tmp_path: Path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../evil.txt", ESSAY)
        z.writestr("/etc/evil.txt", ESSAY)
        z.writestr("ok.txt", ESSAY)
    sources, failures = collect_sources([archive])
    assert _labels(sources) == [f"{archive}:ok.txt"]
    assert len(failures) == 2 and all("outside the archive" in f.reason for f in failures)


def test_a_zip_bomb_member_is_refused_by_its_compression_ratio(tmp_path: Path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", b"\0" * (4 * 2**20))
        z.writestr("ok.txt", ESSAY)
    sources, failures = collect_sources([archive])
    assert _labels(sources) == [f"{archive}:ok.txt"]
    assert [f.file for f in failures] == [f"{archive}:big.txt"] and "zip bomb" in failures[0].reason


def test_an_archive_that_would_unpack_past_the_total_limit_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(collect, "MAX_ARCHIVE_BYTES", 100)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for n in range(3):
            z.writestr(f"essay{n}.txt", ESSAY)
    sources, failures = collect_sources([archive])
    assert sources == [] and len(failures) == 1 and "would unpack" in failures[0].reason


def test_corrupt_and_nested_archives_are_failures(tmp_path: Path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(tmp_path / "outer.zip", "w") as z:
        z.writestr("inner.zip", b"PK")
    sources, failures = collect_sources([tmp_path / "broken.zip", tmp_path / "outer.zip"])
    assert sources == []
    assert "not a readable zip archive" in failures[0].reason
    assert "zip inside a zip" in failures[1].reason


def test_an_oversized_file_is_refused_when_read(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(collect, "MAX_DOCUMENT_BYTES", 10)
    (tmp_path / "long.txt").write_text(ESSAY)
    with pytest.raises(EssayError, match="not an essay"):
        Source("long.txt", tmp_path / "long.txt").read()


def test_students_with_the_same_stem_get_distinct_names_and_slugs():
    sources = [Source("class.zip:anna.txt", Path("class.zip"), "anna.txt"),
               Source("late.zip:Anna.docx", Path("late.zip"), "Anna.docx"),
               *(Source(p, Path(p)) for p in ("set-b/anna.pdf", "d/O'Brien, Sam.md"))]
    assert student_names(sources) == [
        ("anna", "anna"), ("Anna (2)", "Anna_2"), ("anna (set-b)", "anna_set-b"), ("O'Brien, Sam", "O_Brien_Sam")]


def test_a_download_from_a_learning_platform_is_named_by_student_not_by_file(tmp_path: Path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as class_zip:
        for member in ("Anna Smith_1234_assignsubmission_file_/Essay.docx",  # Moodle: a folder per submission
                       "Carl Cole_1236_assignsubmission_file_My essay.txt",  # Moodle, flattened
                       "Dana Dee/Essay.docx", "Eve Eng/Essay.docx"):  # a folder per student
            class_zip.writestr(member, ESSAY)
    sources, failures = collect_sources([archive])
    assert failures == []
    assert [student for student, _ in student_names(sources)] == [
        "Anna Smith", "Carl Cole", "Dana Dee", "Eve Eng"], "three Essay.docx, each alone in a folder: a folder per student"
    roster = {"dana dee": "Dana Dee-Smith", "eve eng/essay.docx": "Eve Eng"}
    assert [student for student, _ in student_names(sources, roster)][2:] == ["Dana Dee-Smith", "Eve Eng"]
    assert missing_from_roster([source.label for source in sources], roster) == []
    assert [student for student, _ in student_names(sources, {"dana dee": "Dana Dee-Smith"})][2:] == [
        "Dana Dee-Smith", "Eve Eng"], "a roster naming one folder leaves the others named by theirs"
    pair = tmp_path / "pair.zip"
    with zipfile.ZipFile(pair, "w") as two_folders:  # two folders of one file name: maybe two sets, not students
        for member in ("Dana Dee/Essay.docx", "Eve Eng/Essay.docx"):
            two_folders.writestr(member, ESSAY)
    assert [student for student, _ in student_names(collect_sources([pair])[0])] == ["Essay (Dana Dee)", "Essay (Eve Eng)"]


def test_slugs_stay_distinct_on_case_insensitive_file_systems():
    sources = [Source(p, Path(p)) for p in ("a/Anna Smith.txt", "b/anna_smith.txt")]
    slugs = [slug for _, slug in student_names(sources)]
    assert len({slug.casefold() for slug in slugs}) == 2


def test_a_roster_names_students_by_file_name_or_stem(tmp_path: Path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,File\nAnna Smith,anna.docx\nBob Jones,BOB\n", encoding="utf-8")
    names = load_roster(roster)
    sources = [Source(p, Path(p)) for p in ("anna.docx", "bob.pdf", "carl.txt")]
    assert [student for student, _ in student_names(sources, names)] == ["Anna Smith", "Bob Jones", "carl"]


def test_a_roster_without_a_header_is_file_then_student(tmp_path: Path):
    roster = tmp_path / "roster.csv"
    roster.write_text("anna.docx,Anna Smith\nDana Dee/,Dana Dee-Smith\n", encoding="utf-8")
    assert load_roster(roster) == {"anna.docx": "Anna Smith", "Dana Dee": "Dana Dee-Smith"}


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("Filename,Student Name\nzoë.docx,Zoë Martin\n", "utf-8"),
        ("File name;Student name\nzoë.docx;Zoë Martin\n", "cp1252"),  # Excel's CSV in a country with decimal commas
        ("Pupil\tEssay file\nZoë Martin\tzoë.docx\n", "utf-8-sig"),
        ("zoë.docx;Zoë Martin\n", "utf-8"),
        ("UPN,Legal Surname,Legal Forename,Reg Group,Filename\nA1000,Martin,Zoë,10B,zoë.docx\n", "utf-8"),  # a school MIS
    ],
)
def test_a_roster_from_a_spreadsheet_is_read_whatever_its_header_wording_separator_and_encoding(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str, encoding: str):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(content.encode(encoding))
    assert load_roster(roster) == {"zoë.docx": "Zoë Martin"}
    if ";" in content:  # a name with a comma: the semicolons still separate the cells
        roster.write_bytes(content.replace("Zoë Martin", "Martin, Zoë").encode(encoding))
        assert load_roster(roster) == {"zoë.docx": "Martin, Zoë"}
    assert ("is not UTF-8; read it as cp1252" in caplog.text) == (encoding == "cp1252")


def test_a_roster_header_with_a_file_column_but_no_student_column_is_an_error(tmp_path: Path):
    roster = tmp_path / "roster.csv"
    roster.write_text("UPN,Reg Group,Filename\nA1000,10B,zoe.docx\n", encoding="utf-8")
    with pytest.raises(MarkerError, match=r"roster.csv, line 1: the header names a file column but no student column"):
        load_roster(roster)


def test_a_roster_matches_a_file_name_that_macos_wrote_in_decomposed_unicode(tmp_path: Path):
    roster = tmp_path / "roster.csv"
    roster.write_text("file,student\nZo\u00e9.docx,Zo\u00e9 Martin\n", encoding="utf-8")
    names = load_roster(roster)
    from_a_mac = Source("Zoe\u0301.docx", Path("Zoe\u0301.docx"))
    assert student_names([from_a_mac], names) == [("Zo\u00e9 Martin", "Zo\u00e9_Martin")]
    assert missing_from_roster([from_a_mac.name], names) == []
    assert student_names([from_a_mac]) == [("Zo\u00e9", "Zo\u00e9")], "without a roster, the name is composed too"


def test_a_workbook_given_as_the_roster_says_to_save_it_as_csv(tmp_path: Path):
    roster = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(roster, "w") as workbook:
        workbook.writestr("xl/workbook.xml", "<workbook/>" + "\0" * 100)
    with pytest.raises(MarkerError, match=r"roster.xlsx: the roster is not text \(an Excel workbook\?\).*CSV UTF-8"):
        load_roster(roster)

@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "roster.csv: the roster is empty; it needs two columns"),
        ("anna.docx,Anna Smith\n\nbob.docx\n", "roster.csv, line 3: 'bob.docx' has 1 column(s), but the roster needs 2"),
        ('id,file,student\n1,"anna\nsmith.docx",Anna\n2,bob.docx\n', "roster.csv, line 4: '2,bob.docx' has 2 column(s)"),
        ("anna.docx,Anna Smith\nbob.docx,Bob\nAnna.docx,Anna Jones\n",
         "roster.csv, line 3: 'Anna.docx' is also on line 1 (Anna Smith); give each file one student"),
    ],
)
def test_a_bad_roster_line_is_named_by_its_line_number(tmp_path: Path, content: str, message: str):
    roster = tmp_path / "roster.csv"
    roster.write_text(content, encoding="utf-8")
    with pytest.raises(MarkerError, match=re.escape(message)):
        load_roster(roster)


def test_a_folder_is_read_in_class_list_order_whatever_the_case_and_accents(tmp_path: Path):
    for name in ("Zoë.txt", "ben.txt", "Chloé.txt", "Ada.txt", "carl.txt"):
        (tmp_path / name).write_text(ESSAY, encoding="utf-8")
    sources, _ = collect_sources([tmp_path])
    assert [source.name for source in sources] == ["Ada.txt", "ben.txt", "carl.txt", "Chloé.txt", "Zoë.txt"]


def test_linked_folders_are_walked_once_and_pipes_and_earlier_results_are_not_read(tmp_path: Path):
    import os

    (tmp_path / "class" / "set1").mkdir(parents=True)
    (tmp_path / "elsewhere" / "set2").mkdir(parents=True)
    (tmp_path / "class" / "set1" / "anna.txt").write_text(ESSAY)
    (tmp_path / "elsewhere" / "set2" / "carl.txt").write_text(ESSAY)
    (tmp_path / "class" / "set2").symlink_to(tmp_path / "elsewhere" / "set2", target_is_directory=True)
    (tmp_path / "class" / "set1" / "loop").symlink_to(tmp_path / "class", target_is_directory=True)
    os.mkfifo(tmp_path / "class" / "pipe.txt")
    old_results = tmp_path / "class" / "marked-last-week"
    (old_results / "records").mkdir(parents=True)
    (old_results / "results.csv").write_text("student,file\n")
    (old_results / "records" / "anna.json").write_text("{}")

    sources, failures = collect_sources([tmp_path / "class"])
    assert [source.name for source in sources] == ["anna.txt", "carl.txt"]
    assert [(Path(f.file).name, f.reason) for f in failures] == [
        ("pipe.txt", "not a regular file (a pipe or a device): not an essay")]


def test_a_folder_that_cannot_be_opened_is_listed_not_skipped(tmp_path: Path):
    import os
    import subprocess
    import sys

    (tmp_path / "class" / "locked").mkdir(parents=True)
    (tmp_path / "class" / "anna.txt").write_text(ESSAY)
    (tmp_path / "class" / "locked" / "ben.txt").write_text(ESSAY)
    (tmp_path / "class" / "locked").chmod(0)
    script = ("from marker.collect import collect_sources; s, f = collect_sources([%r]); "
              "print(([x.name for x in s], [(x.file, x.reason) for x in f]))" % str(tmp_path / "class"))
    command = [sys.executable, "-c", script]
    if os.geteuid() == 0:  # root opens any folder: drop that power, as for a teacher's own account
        command = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", *command]
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        shown = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    finally:
        (tmp_path / "class" / "locked").chmod(0o755)
    locked = str(tmp_path / "class" / "locked")
    assert shown.strip() == str((["anna.txt"], [(locked, "cannot open this folder (Permission denied); check its "
                                                         "permissions, then mark it again")]))


def test_a_long_name_in_a_wide_script_gets_a_slug_a_file_system_can_hold():
    name = "关于赫鲁晓夫去斯大林化的论文" * 6  # 84 characters, 252 bytes of UTF-8
    [(student, slug)] = student_names([Source(f"{name}.txt", Path(f"{name}.txt"))])
    assert student == name
    assert len(f".{slug}.html.a6475366e94c.tmp".encode()) <= 255 and name.startswith(slug)


def test_members_of_one_name_in_an_archive_are_refused_not_marked_with_one_text(tmp_path: Path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as class_zip, pytest.warns(UserWarning, match="Duplicate name"):
        class_zip.writestr("set-a/anna.txt", ESSAY)
        class_zip.writestr("set-a/anna.txt", "A different essay by someone else.")
        class_zip.writestr("set-a/ben.txt", ESSAY)
    sources, failures = collect_sources([archive])
    assert _labels(sources) == [f"{archive}:set-a/ben.txt"]
    assert [f.file for f in failures] == [f"{archive}:set-a/anna.txt"]
    assert "holds 2 files of this name" in failures[0].reason


def test_a_member_name_written_in_utf8_without_the_flag_is_read_as_utf8(tmp_path: Path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as class_zip:  # ASCII names: written without the UTF-8 flag
        class_zip.writestr("ZoXX BrontXX.txt", ESSAY)
        class_zip.writestr("DOS name X.txt", ESSAY)
    utf8_name, cp437_name = "Zoë Brontë.txt".encode(), "DOS name é.txt".encode("cp437")  # as other tools write them
    archive.write_bytes(archive.read_bytes().replace(b"ZoXX BrontXX.txt", utf8_name).replace(b"DOS name X.txt", cp437_name))
    with zipfile.ZipFile(archive) as check:
        assert check.namelist() == [utf8_name.decode("cp437"), "DOS name é.txt"], "Python reads both as cp437"
    sources, failures = collect_sources([archive])
    assert failures == []
    assert [source.name for source in sources] == ["DOS name é.txt", "Zoë Brontë.txt"]
    assert [student for student, _ in student_names(sources)] == ["DOS name é", "Zoë Brontë"]
    assert all(source.read() == ESSAY.encode() for source in sources)
