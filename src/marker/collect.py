"""Finding the essays of a batch: files, folders (recursively) and .zip archives.

Zip members are read in memory, never extracted to disk, and a member whose name points outside
the archive (`../../x.txt`, `/etc/x.txt`) is refused. Size limits refuse zip bombs: a member
larger than `MAX_DOCUMENT_BYTES` uncompressed, an archive whose members add up to more than
`MAX_ARCHIVE_BYTES`, or a large member compressed more than `MAX_COMPRESSION_RATIO` times. Junk is skipped silently: folders,
hidden files (`.DS_Store`), Word's lock files (`~$essay.docx`), `__MACOSX/` and
`Thumbs.db`/`desktop.ini`.

Each essay gets a student name (the roster's name for it, the name in a Moodle download, or
the file's stem) that is distinct within the batch, and a `slug`: a safe file name for its report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from marker.errors import EssayError, MarkerError
from marker.inputs import decode_text

MAX_DOCUMENT_BYTES = 50 * 2**20
MAX_ARCHIVE_BYTES = 1024 * 2**20
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 2**20  # small files (a page of repeated text) may compress well legitimately
JUNK_NAMES = {"__macosx", "thumbs.db", "desktop.ini"}
SLUG_MAX_BYTES = 120
FOLDER_PER_STUDENT_MIN = 3  # this many essays of one file name, each alone in its folder: a folder per student
_UTF8_NAME_FLAG = 0x800  # general-purpose bit 11 of a zip entry: its name is UTF-8
_FILE_HEADERS = {"file", "filename", "files", "essay", "essayfile", "document", "submission", "path"}
_MOODLE_SUBMISSION = re.compile(r"^(.+?)_\d+_assignsubmission_[a-z]+_", re.IGNORECASE)
_STUDENT_HEADERS = {"student", "studentname", "name", "fullname", "pupil", "pupilname", "candidate", "candidatename"}
_FORENAME_HEADERS = ("forename", "firstname", "givenname")  # "Legal Forename", "Preferred First Name"
_SURNAME_HEADERS = ("surname", "lastname", "familyname")


@dataclass(frozen=True)
class Source:
    """One document of a batch: a file on disk, or a member of a zip archive.

    Attributes:
        label: how the document is shown in tables and errors (`essays/anna.docx`, `class.zip:anna.docx`).
        path: the file, or the archive that holds the member.
        member: the member's name inside the archive (as `_member_name` reads it), or None for a plain file.
    """

    label: str
    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        """The file name, without folders."""
        return PurePosixPath(self.member).name if self.member is not None else self.path.name

    @property
    def folder(self) -> str:
        """The name of the folder that holds the document ("" at the top of an archive)."""
        return PurePosixPath(self.member).parent.name if self.member is not None else self.path.parent.name

    def read(self) -> bytes:
        """The document's bytes (at most `MAX_DOCUMENT_BYTES`).

        Raises:
            EssayError: the file or member cannot be read, or is too large.
        """
        try:
            if self.member is None:
                with self.path.open("rb") as file:
                    data = file.read(MAX_DOCUMENT_BYTES + 1)
            else:
                with zipfile.ZipFile(self.path) as archive:
                    info = next(m for m in archive.infolist() if _member_name(m) == self.member)
                    with archive.open(info) as file:
                        data = file.read(MAX_DOCUMENT_BYTES + 1)
        except StopIteration:
            raise EssayError(f"{self.label}: no longer in the archive") from None
        except (OSError, zipfile.BadZipFile, RuntimeError) as exc:  # RuntimeError: an encrypted member
            raise EssayError(f"{self.label}: cannot read the file ({exc})") from None
        if len(data) > MAX_DOCUMENT_BYTES:
            raise EssayError(f"{self.label}: larger than {MAX_DOCUMENT_BYTES // 2**20} MB: not an essay")
        return data

    def digest(self) -> str | None:
        """A hash of the document's bytes, or None if it cannot be read: what tells a changed file."""
        try:
            return hashlib.sha256(self.read()).hexdigest()[:16]
        except EssayError:
            return None


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be marked, and why; or (`no_essay`) a roster line with no essay."""

    file: str
    reason: str
    no_essay: bool = False


def _is_junk(name: str) -> bool:
    """Hidden files, Word's `~$` lock files and system files that are never essays."""
    return (name.startswith(".") and name not in (".", "..")) or name.startswith("~$") or name.casefold() in JUNK_NAMES


def _is_batch_output(folder: Path) -> bool:
    """Whether a folder holds an earlier batch's results (results.csv and records/), not essays."""
    try:
        return (folder / "results.csv").is_file() and (folder / "records").is_dir()
    except OSError:  # a folder that cannot be opened is reported when the walk reaches it
        return False


def _unsafe_member_name(name: str) -> bool:
    """Whether a zip member's name points outside the archive (`../x`, `/etc/x`, `C:\\x`)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return bool(parts) and (parts[0] == "/" or ".." in parts or ":" in parts[0])


def _member_name(member: zipfile.ZipInfo) -> str:
    """A zip member's name as its writer meant it.

    Names without the archive's UTF-8 flag are cp437 by the zip standard, but many tools write UTF-8
    there without setting the flag; such a name is read as UTF-8 (`Zoë.docx`, not `Zo├½.docx`).
    """
    if member.flag_bits & _UTF8_NAME_FLAG:
        return member.filename
    try:
        return member.filename.encode("cp437").decode("utf-8")
    except UnicodeError:  # a real cp437 name, or one not valid as UTF-8
        return member.filename


def _archive_sources(path: Path, label: str) -> tuple[list[Source], list[InputFailure]]:
    """The documents inside a zip archive, with failures for members refused by the size limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        return [], [InputFailure(label, f"not a readable zip archive ({exc})")]
    members = [
        m for m in members if not m.is_dir() and not any(_is_junk(part) for part in PurePosixPath(m.filename).parts)
    ]
    total = sum(m.file_size for m in members)
    if total > MAX_ARCHIVE_BYTES:
        reason = f"refused: it would unpack to {total // 2**20} MB (limit {MAX_ARCHIVE_BYTES // 2**20} MB)"
        return [], [InputFailure(label, reason)]
    copies = Counter(_member_name(m) for m in members)
    sources, failures = [], []
    for member in sorted(members, key=lambda m: alphabetical(_member_name(m))):
        name = _member_name(member)
        member_label = f"{label}:{name}"
        ratio = member.file_size / max(member.compress_size, 1)
        if copies[name] > 1:
            if any(failure.file == member_label for failure in failures):  # one failure for all the copies
                continue
            failures.append(InputFailure(
                member_label, f"refused: the archive holds {copies[name]} files of this name, and marker cannot tell "
                              "which is the essay; give them different names and zip them again"))
        elif _unsafe_member_name(name):
            failures.append(InputFailure(member_label, "refused: the name points outside the archive (../ or an absolute path)"))
        elif member.file_size > MAX_DOCUMENT_BYTES:
            failures.append(InputFailure(member_label, f"larger than {MAX_DOCUMENT_BYTES // 2**20} MB: not an essay"))
        elif member.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            failures.append(InputFailure(member_label, f"refused: compressed {ratio:.0f} times, which looks like a zip bomb"))
        elif name.lower().endswith(".zip"):
            failures.append(InputFailure(member_label, "a zip inside a zip: unzip the outer archive and give the folder"))
        else:
            sources.append(Source(member_label, path, name))
    return sources, failures


def _file_sources(path: Path, label: str) -> tuple[list[Source], list[InputFailure]]:
    if path.suffix.lower() == ".zip":
        return _archive_sources(path, label)
    return [Source(label, path)], []


def collect_sources(
    inputs: Iterable[str | Path], *, exclude: Iterable[Path] = ()
) -> tuple[list[Source], list[InputFailure]]:
    """Every document in the given files, folders (recursively) and zip archives, in a stable order;
    a file named twice (or also found in a folder given) is read once.

    Arguments:
        inputs: files, folders and .zip archives, in any mix.
        exclude: folders and files to leave out when found in a folder (the batch's output folder, its roster);
            an earlier batch's output folder found inside a folder is left out too.

    Example:
        >>> sources, failures = collect_sources(["essays/", "late-submissions.zip"])  # doctest: +SKIP
    """
    excluded = {path.resolve() for path in exclude}
    seen: set[Path] = set()
    sources: list[Source] = []
    failures: list[InputFailure] = []

    def resolved(path: Path) -> Path | None:
        """Where a path leads, or None (listed as a failure) for a link to what cannot be opened."""
        try:
            return path.resolve()
        except OSError as exc:
            failures.append(InputFailure(str(path), f"cannot open it ({exc.strerror})"))
            return None

    def add(file: Path) -> None:
        """The documents in one file, once however often it is named (a file and its folder, say)."""
        real = resolved(file)
        if real is None or real in seen or real in excluded:
            return
        seen.add(real)
        if not file.is_file() and file.exists():  # a named pipe or a device: reading it could wait for ever
            failures.append(InputFailure(str(file), "not a regular file (a pipe or a device): not an essay"))
            return
        found_sources, found_failures = _file_sources(file, str(file))
        sources.extend(found_sources)
        failures.extend(found_failures)

    def unreadable(error: OSError) -> None:
        failures.append(InputFailure(str(error.filename), f"cannot open this folder ({error.strerror}); check its "
                                                          "permissions, then mark it again"))

    for given in inputs:
        path = Path(given)
        if path.is_dir():
            walked = {path.resolve()}
            for folder, subfolders, files in os.walk(path, onerror=unreadable, followlinks=True):
                kept = []
                for name in subfolders:
                    real = None if _is_junk(name) else resolved(Path(folder, name))
                    if real is not None and real not in excluded | walked and not _is_batch_output(Path(folder, name)):
                        kept.append(name)
                        walked.add(real)  # a linked folder is walked once; no loops
                subfolders[:] = sorted(kept, key=alphabetical)
                for name in sorted(files, key=alphabetical):
                    if not _is_junk(name):
                        add(Path(folder, name))
        elif path.is_file():
            add(path)
        else:
            failures.append(InputFailure(str(path), "not found"))
    return sources, failures


def load_roster(path: str | Path) -> dict[str, str]:
    """A roster CSV as {file name as written: student name}; names are compared by `file_key`.

    The CSV has a header naming a file column (`file`, `filename`, `essay`, ...) and a student
    column (`student`, `student name`, `name`, `pupil`) or, as a school's information system exports
    them, forename and surname columns (`Legal Forename`, `Surname`), joined in that order; without
    such a header, the first column is the file name and the second the student's name. A file may
    be given by its name, with or without its extension, by its folder, or as folder/name. Cells are
    separated by commas, or by semicolons or tabs when every line has one (Excel in some countries).
    A roster not in UTF-8 is read as cp1252 (Excel's "CSV" on Windows), with a warning.

    Raises:
        MarkerError: the roster is missing, unreadable or empty, its header names no student
            column, a line lacks a column, or a file is given two different students (the message
            gives the line numbers).

    Example:
        >>> load_roster("roster.csv")  # doctest: +SKIP
        {'anna.docx': 'Anna Smith'}
    """
    path = Path(path)
    try:
        text = decode_text(path.read_bytes(), str(path))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except EssayError:
        raise MarkerError(f"{path}: the roster is not text (an Excel workbook?); in Excel, use Save As, "
                          "CSV UTF-8, and give that file") from None
    except (OSError, csv.Error) as exc:
        raise MarkerError(f"{path}: cannot read the roster ({exc}); give a UTF-8 CSV of file name, student name") from None
    if not rows:
        raise MarkerError(f"{path}: the roster is empty; it needs two columns on every line: file name, student name")
    file_column, name_columns = 0, (1,)
    header = _roster_header(rows[0][1])
    if header is not None:
        file_column, name_columns = header
        if not name_columns:
            raise MarkerError(f"{path}, line {rows[0][0]}: the header names a file column but no student column; "
                              "name one Student (or Name), or Forename and Surname")
        rows = rows[1:]
    needed = max(file_column, *name_columns) + 1
    for line, row in rows:
        if len(row) < needed:
            raise MarkerError(f"{path}, line {line}: {','.join(row)!r} has {len(row)} column(s), but the roster needs "
                              f"{needed} on every line (file name, student name); add the missing column")
    students: dict[str, tuple[int, str, str]] = {}  # file_key: (line, file as written, student)
    for line, row in rows:
        file = row[file_column].strip().rstrip("/\\")
        student = " ".join(row[column].strip() for column in name_columns if row[column].strip())
        first = students.get(file_key(file))
        if first is not None and student and first[2] != student:
            raise MarkerError(f"{path}, line {line}: {row[file_column].strip()!r} is also on line {first[0]} "
                              f"({first[2]}); give each file one student")
        if student:
            students.setdefault(file_key(file), (line, file, student))
    return {file: student for _, file, student in students.values()}


def _delimiter(text: str) -> str:
    """Semicolons or tabs when every line has one (Excel's CSV in some countries, a pasted table),
    else commas."""
    lines = [line for line in text.splitlines() if line.strip()]
    return next((d for d in (";", "\t") if lines and all(d in line for line in lines)), ",")


def _roster_header(cells: Sequence[str]) -> tuple[int, tuple[int, ...]] | None:
    """The file column and the student's name columns a header line names (one, or a school
    system's forename and surname), or None when the line names no file column (data, not a header)."""
    words = [re.sub(r"[^a-z]", "", cell.casefold()) for cell in cells]
    file_column = next((i for i, word in enumerate(words) if word in _FILE_HEADERS), None)
    student = next((i for i, word in enumerate(words) if word in _STUDENT_HEADERS), None)
    forename = next((i for i, word in enumerate(words) if word.endswith(_FORENAME_HEADERS)), None)
    surname = next((i for i, word in enumerate(words) if word.endswith(_SURNAME_HEADERS)), None)
    names = (student,) if student is not None else tuple(i for i in (forename, surname) if i is not None)
    return None if file_column is None else (file_column, names)


def alphabetical(name: str) -> tuple[str, str]:
    """A sort key that puts names in the order people expect: case and accents set aside, so
    "ben", "Chloé" and "Zoë" follow each other as in a class list.

    Example:
        >>> sorted(["Zoë.txt", "ben.txt", "Chloé.txt", "Ada.txt"], key=alphabetical)
        ['Ada.txt', 'ben.txt', 'Chloé.txt', 'Zoë.txt']
    """
    letters = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    return letters, name


def file_key(name: str) -> str:
    """A file name as compared with a roster's: case-folded, in composed Unicode (macOS writes
    "é" as e + accent in file names).

    Example:
        >>> file_key("Zoe\u0301.TXT") == file_key("Zo\u00e9.txt")
        True
    """
    return unicodedata.normalize("NFC", name).casefold()


def _slug(name: str) -> str:
    """A file name for the student's report and record: at most `SLUG_MAX_BYTES` bytes of UTF-8,
    so that with its suffixes it stays within a file system's 255-byte limit (80 Chinese
    characters are 240 bytes)."""
    slug = re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("._")
    return slug.encode()[:SLUG_MAX_BYTES].decode(errors="ignore").rstrip("._") or "essay"


def _distinct(base: str, taken: set[str], suffix_format: str) -> str:
    """`base`, or `base` with the first free numbered suffix; case-insensitively distinct."""
    candidate, n = base, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = suffix_format.format(base=base, n=n)
    taken.add(candidate.casefold())
    return candidate


def missing_from_roster(names: Iterable[str], roster: Mapping[str, str]) -> list[InputFailure]:
    """A failure for each roster line that names none of the files given (read or not), so that
    student handed nothing in. `names` are paths or labels (`class.zip:Anna/essay.docx`).

    Example:
        >>> missing_from_roster(["essays/anna.txt"], {"anna": "Anna", "ghost.txt": "Ghost"})
        [InputFailure(file='ghost.txt', reason='no essay found for Ghost, who is on the roster', no_essay=True)]
    """
    given = {key for name in names for key in _roster_keys(name)}
    return [InputFailure(file, f"no essay found for {student}, who is on the roster", no_essay=True)
            for file, student in roster.items() if file_key(file) not in given]


def not_on_roster(sources: Iterable[Source], roster: Mapping[str, str]) -> list[Source]:
    """The documents no roster line names: `student_names` names them by their files instead."""
    keys = {file_key(file) for file in roster}
    return [source for source in sources if not keys.intersection(_roster_keys(source.member or str(source.path)))]


def _roster_keys(path: str) -> list[str]:
    """What a roster line may give for a document: its file name, with or without extension, its
    folder, or folder/file name; as `file_key` compares them."""
    inner = PurePosixPath(path.replace("\\", "/").split(".zip:", 1)[-1])
    keys = [inner.name, inner.stem]
    if inner.parent.name:
        keys += [inner.parent.name, f"{inner.parent.name}/{inner.name}", f"{inner.parent.name}/{inner.stem}"]
    return [file_key(key) for key in keys]


def _moodle_student(source: Source) -> str | None:
    """The student's name in a Moodle download: `Anna Smith_123_assignsubmission_file_` (a
    folder) or the same before the file's own name."""
    for part in (PurePosixPath(source.name).stem, source.folder):
        if match := _MOODLE_SUBMISSION.match(part):
            return unicodedata.normalize("NFC", match.group(1))
    return None


def student_names(sources: Sequence[Source], roster: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """A distinct (student name, slug) per source: the roster's name for it, else the name in a
    Moodle download, else its file name's stem.

    Essays with the same stem are told apart by their folders where each is alone in its folder
    (`anna (set-b)`); where `FOLDER_PER_STUDENT_MIN` or more share a stem so, each folder is a
    student's and names the essay (`Anna Smith/Essay.docx` is `Anna Smith`). Otherwise the second
    `anna` is `anna (2)`.
    Slugs are file-safe and distinct even on case-insensitive file systems.

    Example:
        >>> student_names([Source("a/anna.txt", Path("a/anna.txt")), Source("b/anna.txt", Path("b/anna.txt")),
        ...                Source("anna.md", Path("anna.md"))])
        [('anna (a)', 'anna_a'), ('anna (b)', 'anna_b'), ('anna', 'anna')]
    """
    by_key = {file_key(file): student for file, student in (roster or {}).items()}
    named = [next((by_key[key] for key in _roster_keys(source.member or str(source.path)) if key in by_key), None)
             or _moodle_student(source) for source in sources]
    stems = [unicodedata.normalize("NFC", PurePosixPath(source.name).stem or source.name) for source in sources]
    unnamed = [(stem.casefold(), source.folder.casefold()) for source, stem, name in zip(sources, stems, named)
               if name is None]
    stem_counts, stem_folder_counts = Counter(stem for stem, _ in unnamed), Counter(unnamed)
    everywhere = Counter((stem.casefold(), source.folder.casefold()) for source, stem in zip(sources, stems))
    alone_in_folders = Counter(stem for (stem, folder), n in everywhere.items() if folder and n == 1)  # roster or not
    names: set[str] = set()
    slugs: set[str] = set()
    result = []
    for source, stem, name in zip(sources, stems, named):
        key = (stem.casefold(), source.folder.casefold())
        by_folder = bool(source.folder) and stem_counts[key[0]] > 1 and stem_folder_counts[key] == 1
        folder = unicodedata.normalize("NFC", source.folder)
        folder_per_student = (bool(source.folder) and everywhere[key] == 1
                              and alone_in_folders[key[0]] >= FOLDER_PER_STUDENT_MIN)
        student = name or (folder if folder_per_student else f"{stem} ({folder})" if by_folder else stem)
        student = _distinct(student, names, "{base} ({n})")
        result.append((student, _distinct(_slug(student), slugs, "{base}-{n}")))
    return result
