"""Marking a class set of essays against one scheme, streaming, with results saved as it goes.

`mark_files` reads documents lazily, marks them in batches (the scheme is embedded once, the
sentences of a batch of essays are encoded together) and, after each essay, atomically writes
`records/<slug>.json` (its full report) and `reports/<slug>.html` in the output folder. The tables
(`results.csv`, `points.csv`, `results.json`, `errors.csv`, `class.html`) are written at the end,
also when the batch is stopped (Ctrl-C: `errors.csv` then lists the essays not yet marked); after a
crash, `resume=True` keeps the essays already recorded (if their content is unchanged) and marks
the rest. An input that cannot be marked is listed in `errors.csv` and the rest of the batch goes
on. The folder holds one batch, and one batch at a time writes into it (a lock): the files of
students who are not in it, left by an earlier run, are deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marker.collect import (InputFailure, Source, collect_sources, load_roster, missing_from_roster, not_on_roster,
                            student_names)
from marker.errors import EssayError, MarkerError
from marker.feedback import Feedback, build_feedback
from marker.inputs import extract_text
from marker.atomic import atomic_write_text
from marker.outputs import check_point_columns, write_batch_tables
from marker.render import counted
from marker.report import Report
from marker.schemes import Scheme, SchemeLike, resolve_scheme

if TYPE_CHECKING:
    from marker.pipeline import Marker

log = logging.getLogger(__name__)

RECORDS_DIR = "records"
RECORD_FORMAT = 4  # 2: records hold the essay's `flags`; 3: essays split as notes and lists are, reports name
# the student, `chunked`; 4: emails and dividers left out, `conclusion` says what is lacking; records of an older
# format (an older marker) are marked again
REPORTS_DIR = "reports"
UNLISTED_NAMED = 5  # essays not on the roster named in its warning; the rest are counted
MAX_FAILURES_SHOWN = 3  # failures named in the message of a batch with nothing to mark
LOCK_FILE = ".marker-batch.lock"  # held while a batch writes into the folder
BATCH_RECORD_FIELDS = frozenset({"student", "file", "digest", "slug", "fingerprint", "flags", "report"})
STOPPED_REASON = "not marked: the batch stopped before this essay; rerun with --resume to mark it"

ProgressCallback = Callable[[int, int], None]
"""Called as `progress(done, total)` after each essay (marked, resumed or failed)."""


@dataclass(frozen=True)
class PointOutcome:
    """How one point fared in one essay: what a row of `points.csv` holds."""

    id: str
    side: str
    status: str
    score: float
    evidence: str


@dataclass(frozen=True)
class MarkedEssay:
    """The outcome of one essay, small enough to keep for every essay of a large batch.

    The full report is in `records/<slug>.json`; `summary` is `Report.summary`.
    """

    student: str
    file: str
    slug: str
    summary: dict[str, dict[str, int]]
    points: tuple[PointOutcome, ...]
    flags: dict[str, str]  # `Feedback.flags`: words, balance, conclusion, please_check

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> MarkedEssay:
        """From a saved record: {"student", "file", "slug", "flags", "report": Report.to_dict()}."""
        report = record["report"]
        points = tuple(
            PointOutcome(p["id"], p["side"], p["status"], p["score"], p["evidence"][0] if p["evidence"] else "")
            for p in report["points"]
        )
        return cls(record["student"], record["file"], record["slug"], report["summary"], points, record["flags"])


@dataclass
class BatchResult:
    """The essays marked and the inputs that failed; the full reports stay on disk in `out`.

    Usage:
        >>> result = mark_files(["essays/"], "khrushchev-destalinisation", "marked/")  # doctest: +SKIP
        >>> len(result.essays), len(result.failures)  # doctest: +SKIP
        (29, 1)
        >>> result.write_tables()  # doctest: +SKIP
    """

    scheme: Scheme
    out: Path
    essays: list[MarkedEssay] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    kept: int = 0  # essays kept from an earlier run's records (`resume`), not marked again

    @property
    def complete(self) -> bool:
        """Whether every input was marked."""
        return not self.failures

    def failure_counts(self) -> list[str]:
        """The failures in words, those without an essay and those a stop left unmarked apart; empty
        when every input was marked.

        Example:
            >>> result.failure_counts()  # doctest: +SKIP
            ['1 input could not be marked', '2 students on the roster had no essay']
        """
        no_essay = sum(failure.no_essay for failure in self.failures)
        stopped = sum(failure.reason == STOPPED_REASON for failure in self.failures)
        failed = len(self.failures) - no_essay - stopped
        return ([f"{counted(failed, 'input')} could not be marked"] if failed else []) + (
            [f"{counted(stopped, 'essay')} not yet marked (the batch was stopped)"] if stopped else []) + (
            [f"{counted(no_essay, 'student')} on the roster had no essay"] if no_essay else [])

    def record_paths(self) -> Iterator[Path]:
        """The saved record of each marked essay, in batch order."""
        return (self.out / RECORDS_DIR / f"{essay.slug}.json" for essay in self.essays)

    def write_tables(self) -> None:
        """Write results.csv, points.csv, results.json, errors.csv and class.html into `out`."""
        write_batch_tables(self)


def batch_fingerprint(scheme: Scheme, scorer: str) -> str:
    """What a saved record must match to be resumed: the same scheme, scored the same way, in a
    record of this `RECORD_FORMAT`."""
    return hashlib.sha256(f"{scheme.model_dump_json()}\n{scorer}\n{RECORD_FORMAT}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class _Pending:
    source: Source
    student: str
    slug: str
    digest: str | None
    recorded: bool  # `out` already holds this essay's current record (from a run without --resume)


def _load_record(path: Path) -> dict[str, Any] | None:
    """The batch record saved at `path`, or None (no file, or not a batch's record)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and BATCH_RECORD_FIELDS <= record.keys() else None


@contextlib.contextmanager
def _batch_lock(out: Path) -> Iterator[None]:
    """Hold a lock on `out` while a batch writes into it: a second batch into the same folder is
    refused, where it would delete the first one's records as it starts. The operating system
    releases the lock when the process ends, however it ends. (No lock on Windows, which has no
    `fcntl`: run one batch per folder there.)"""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(out / LOCK_FILE, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise MarkerError(f"{out}: another batch is writing into this folder now; wait for it to finish, or "
                              "give another --out") from None
        yield


def _texts(pending: Iterable[_Pending]) -> Iterator[tuple[_Pending, str | None, str]]:
    """(item, text, "") for each readable document, (item, None, reason) for the rest; read lazily."""
    for item in pending:
        label = item.source.label
        try:
            yield item, extract_text(item.source.read(), label), ""
        except MarkerError as exc:
            yield item, None, str(exc).removeprefix(f"{label}: ")
        except Exception as exc:  # a malformed document can break a reader in any way; one bad file must not stop the batch
            yield item, None, f"could not read the document ({type(exc).__name__}: {exc})"


def _mark_stream(
    pending: Iterable[_Pending], scheme: Scheme, marker: Marker
) -> Iterator[tuple[_Pending, Report | None, str]]:
    """Mark documents a batch at a time; an essay the marker rejects is marked alone and reported."""
    documents = _texts(pending)
    while chunk := list(itertools.islice(documents, marker.batch_size)):
        readable = [(item, text) for item, text, _ in chunk if text is not None]
        yield from ((item, None, reason) for item, text, reason in chunk if text is None)
        try:
            reports = marker.mark_many([text for _, text in readable], scheme)
        except EssayError:
            for item, text in readable:
                try:
                    yield item, marker.mark(text, scheme), ""
                except EssayError as exc:
                    yield item, None, str(exc)
            continue
        yield from ((item, report, "") for (item, _), report in zip(readable, reports))


def _remove_student_files(out: Path, slug: str) -> None:
    """Delete a student's record and report, if there are any."""
    (out / RECORDS_DIR / f"{slug}.json").unlink(missing_ok=True)
    (out / REPORTS_DIR / f"{slug}.html").unlink(missing_ok=True)


def _remove_earlier_students(out: Path, slugs: set[str]) -> int:
    """Delete the files of each student of an earlier batch into `out` who is not in this one
    (renamed by a new roster, say), so that `reports/` matches the class tables; how many. Only
    files that a batch wrote go: a record with a batch record's fields, and the report of the same name."""
    earlier = [record.stem for record in (out / RECORDS_DIR).glob("*.json")
               if record.stem not in slugs and _load_record(record) is not None]
    for slug in earlier:
        _remove_student_files(out, slug)
    return len(earlier)


def _nothing_to_mark(inputs: Sequence[str | Path], failures: Sequence[InputFailure]) -> str:
    """Why a batch whose inputs hold no markable document stops before writing anything."""
    if not failures:
        return f"no documents found in {', '.join(map(str, inputs))}: give essay files, folders or .zip archives"
    shown = "; ".join(f"{failure.file}: {failure.reason}" for failure in failures[:MAX_FAILURES_SHOWN])
    more = f"; and {len(failures) - MAX_FAILURES_SHOWN} more" if len(failures) > MAX_FAILURES_SHOWN else ""
    return (f"nothing to mark, so nothing was written ({shown}{more}); "
            "check the paths and give essay files, folders or .zip archives")


def _render_student_report(feedback: Feedback, student: str) -> str:
    """One student's report page: the HTML report a student gets from `marker check --format html`, with their name."""
    from marker.render.html import render_feedback_html

    return render_feedback_html(feedback, student=student)


def mark_files(
    inputs: str | Path | Sequence[str | Path],
    scheme: SchemeLike,
    out: str | Path,
    *,
    roster: str | Path | None = None,
    resume: bool = False,
    marker: Marker | None = None,
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Mark every essay in files, folders and zip archives against one scheme, writing into `out`.

    Arguments:
        inputs: files (.txt, .md, .docx, .pdf), folders (searched recursively) and .zip archives;
            one of them may be given alone.
        scheme: a `Scheme`, a mapping of its fields, a scheme file or a bundled scheme id.
        out: the output folder (created if needed); see the module doc for what goes in it.
        roster: a CSV of file name -> student name; without it the student is the file's stem.
        resume: keep the essays already recorded in `out` (same content, student name, scheme and
            scorer, wherever the file is now), whose reports are there.
        marker: the `Marker` to use (the process-wide default if None).
        progress: called as `progress(done, total)` after each essay.

    Raises:
        MarkerError: no markable document in `inputs` (a mistyped path, say: nothing is written
            then), `out` is a file or one of the inputs or another batch is writing into it, or an
            unreadable roster or scheme.

    Example:
        >>> result = mark_files(["essays/", "late.zip"], "khrushchev-destalinisation", "marked/")  # doctest: +SKIP
        >>> [f.reason for f in result.failures]  # doctest: +SKIP
        ['the PDF has no text layer (a scan?); ...']
    """
    from marker.pipeline import default_marker

    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)  # one folder, not its name's letters
    scheme = resolve_scheme(scheme)
    check_point_columns(scheme)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise MarkerError(f"{out}: this is a file, but the results need a folder; "
                          "give a folder name (it is created if needed)")
    if any(Path(given).resolve() == out.resolve() for given in inputs):
        raise MarkerError(f"{out}: the output folder is also an input; write the results to another folder")
    sources, failures = collect_sources(inputs, exclude=[out, *([Path(roster)] if roster is not None else [])])
    if not sources:
        raise EssayError(_nothing_to_mark(inputs, failures))
    marker = marker or default_marker()
    students = load_roster(roster) if roster is not None else {}
    given = [*(source.label for source in sources), *(failure.file for failure in failures)]
    failures += missing_from_roster(given, students)
    if students and (unlisted := not_on_roster(sources, students)):
        shown = ", ".join(source.label for source in unlisted[:UNLISTED_NAMED])
        more = f" and {len(unlisted) - UNLISTED_NAMED} more" if len(unlisted) > UNLISTED_NAMED else ""
        log.warning("%s: %s not on the roster, so named by %s: %s%s", roster, counted(len(unlisted), "essay"),
                    "its file name" if len(unlisted) == 1 else "their file names", shown, more)
    names = student_names(sources, students)
    for folder in (out / RECORDS_DIR, out / REPORTS_DIR):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MarkerError(f"{out}: cannot write the results there ({exc.strerror}); choose a folder you can "
                              "write to") from None
        if not os.access(folder, os.W_OK):
            raise MarkerError(f"{folder}: cannot write the results there (permission denied); choose a folder "
                              "you can write to")
    with _batch_lock(out):
        return _mark_into(out, scheme, sources, names, failures, marker, resume=resume, progress=progress)


def _mark_into(out: Path, scheme: Scheme, sources: Sequence[Source], names: Sequence[tuple[str, str]],
               failures: Sequence[InputFailure], marker: Marker, *, resume: bool,
               progress: ProgressCallback | None) -> BatchResult:
    """The batch itself, once `mark_files` has found the documents and named the students."""
    removed = _remove_earlier_students(out, {slug for _, slug in names})
    if removed:
        log.warning("%s: removed the reports of %s not in this batch", out, counted(removed, "student"))
    fingerprint = batch_fingerprint(scheme, marker.scoring.scorer.name)
    result = BatchResult(scheme, out, failures=list(failures))
    order = {slug: n for n, (_, slug) in enumerate(names)}
    pending, changed_settings = [], 0
    for source, (student, slug) in zip(sources, names):
        digest = source.digest()
        record = _load_record(out / RECORDS_DIR / f"{slug}.json")
        current = record is not None and digest is not None and (record["digest"], record["student"],
                                                                  record["fingerprint"]) == (digest, student, fingerprint)
        if resume and current and (out / REPORTS_DIR / f"{slug}.html").is_file():
            if record["file"] != source.label:  # the same essay, found by another path (a new download folder)
                record["file"] = source.label
                atomic_write_text(out / RECORDS_DIR / f"{slug}.json", json.dumps(record, ensure_ascii=False))
            result.essays.append(MarkedEssay.from_record(record))
            result.kept += 1
        else:
            changed_settings += record is not None and record["fingerprint"] != fingerprint
            pending.append(_Pending(source, student, slug, digest, current))
    if resume and changed_settings:
        again = "every essay is" if changed_settings == len(sources) else f"{counted(changed_settings, 'essay')} are"
        log.warning("%s: the scheme, the scorer or marker itself has changed since the last run, so %s marked again",
                    out, again)
    total, done = len(sources), len(sources) - len(pending)
    if progress is not None:
        progress(done, total)
    finished: set[str] = set()
    try:
        for item, report, reason in _mark_stream(pending, scheme, marker):
            finished.add(item.slug)
            if report is None:
                result.failures.append(InputFailure(item.source.label, reason))
                _remove_student_files(out, item.slug)  # an earlier run's report of this student is not this essay's
            else:
                feedback = build_feedback(report)
                record = {"student": item.student, "file": item.source.label, "digest": item.digest,
                          "slug": item.slug, "fingerprint": fingerprint, "flags": feedback.flags,
                          "report": report.to_dict()}
                atomic_write_text(out / REPORTS_DIR / f"{item.slug}.html", _render_student_report(feedback, item.student))
                atomic_write_text(out / RECORDS_DIR / f"{item.slug}.json", json.dumps(record, ensure_ascii=False))
                result.essays.append(MarkedEssay.from_record(record))
            done += 1
            if progress is not None:
                progress(done, total)
    except BaseException:  # stopped (Ctrl-C) or crashed: the tables still list every essay not marked
        unmarked = [item for item in pending if item.slug not in finished]
        result.failures += [InputFailure(item.source.label, STOPPED_REASON) for item in unmarked]
        for item in unmarked:
            if not item.recorded:  # a report of last week's essay must not stand for this one
                _remove_student_files(out, item.slug)
        raise
    finally:
        result.essays.sort(key=lambda essay: order[essay.slug])
        result.write_tables()
    return result
