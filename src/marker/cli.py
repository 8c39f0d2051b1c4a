"""The `marker` command line: a thin layer over the library.

Exit codes: 0 success, 1 a problem with the input (one-line message, no traceback),
2 bad usage (unknown option, missing argument), 3 `batch` marked some essays but not every input.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from marker.errors import EssayError, MarkerError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def _print_version(asked: bool) -> None:
    if asked:
        from marker import __version__

        typer.echo(f"marker {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Show marker's version and exit.")] = False,
) -> None:
    """Check essays against exam mark schemes: which for/against points are covered, where, and what is missing."""


def _user_errors(command: F) -> F:
    """Turn a `MarkerError` into a one-line message on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MarkerError as exc:
            typer.secho(f"marker: error: {exc}", fg="red", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def dash_is_stdout(out: Path | None) -> Path | None:
    """An `--out` option's value, where "-" means standard output, as when no file is given."""
    return None if out is not None and str(out) == "-" else out


def _read_essay_argument(essay: str) -> str:
    from marker.inputs import decode_text, read_essay

    if essay == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    return read_essay(essay)


_EXTENSION_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


def _output_format(fmt: str | None, out: Path | None, known: tuple[str, ...]) -> str:
    """The output format: `--format` when given, else the one the `--out` file's extension names
    among `known` (report.html is HTML), else text. A `--format` that the extension contradicts
    is kept, with a warning."""
    if out is None or (implied := _EXTENSION_FORMATS.get(out.suffix.lower(), "")) not in known:
        return fmt or "text"
    if fmt and fmt != implied:
        typer.secho(f"marker: warning: {out}: writing {fmt} as asked by --format, though the file name "
                    f"ends {out.suffix} ({implied})", fg="yellow", err=True)
    return fmt or implied


def _check_writable(out: Path, example: str) -> None:
    """Refuse an output path that cannot be written, before the model loads and the work is done;
    `example` is a file name to suggest inside a folder given instead."""
    if out.is_dir():
        raise MarkerError(f"{out}: is a folder; give a file name for the output, such as {out / example}")
    if not out.parent.is_dir():
        raise MarkerError(f"{out}: the folder {out.parent} does not exist; create it or choose another place")


def _write_output(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    from marker.atomic import atomic_write_text

    try:
        atomic_write_text(out, text)
    except OSError as exc:
        raise MarkerError(f"{out}: cannot write the report ({exc.strerror})") from None
    typer.secho(f"Report written to {out}", err=True)


def _require_choice(value: str, choices: tuple[str, ...], option: str) -> None:
    """Reject an option value outside `choices` as bad usage (exit 2), before anything loads."""
    if value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(choices)}", param_hint=option)


@app.command()
@_user_errors
def check(
    essay: Annotated[str, typer.Argument(metavar="ESSAY", help="Essay file (.txt, .md, .docx or .pdf), or - to read standard input.")],
    scheme: Annotated[str, typer.Option("--scheme", "-s", metavar="SCHEME", help="Scheme file (.yaml/.json) or a bundled scheme id.")],
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Report format: text, json, md or html (default: from the --out file's extension, else text)."
    )] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", callback=dash_is_stdout, help="Write the report to this file (- for standard output).")] = None,
    scorer: Annotated[str, typer.Option(metavar="SCORER", help="Scoring method: trained (default), or the baselines cosine (zero-shot similarity) and tfidf.")] = "trained",
    hints_only: Annotated[
        bool, typer.Option("--hints-only", help="Show points not yet covered as key terms, not the scheme's wording.")
    ] = False,
) -> None:
    """Mark one essay against a mark scheme.

    Example: marker check examples/khrushchev-balanced.txt --scheme khrushchev-destalinisation --format html -o report.html
    """
    from marker.pipeline import SCORERS
    from marker.render import FORMATS, render

    fmt = _output_format(fmt, out, FORMATS)
    _require_choice(fmt, FORMATS, "--format")
    _require_choice(scorer, SCORERS, "--scorer")
    if out is not None:
        _check_writable(out, "report.html")
        if essay != "-" and out.resolve() == Path(essay).resolve():
            raise MarkerError(f"{out}: this is the essay itself, which the report would replace; write the report "
                              f"to another file, such as {out.with_name(out.stem + '-report.html')}")
    if hints_only and fmt == "json":
        raise typer.BadParameter("JSON holds the full report, scheme wording included; use text, md or html "
                                 "with --hints-only", param_hint="--hints-only")
    from marker.pipeline import Marker
    from marker.schemes import resolve_scheme

    loaded = resolve_scheme(scheme)
    for warning in loaded.warnings:
        typer.secho(f"marker: warning: {loaded.id}: {warning}", fg="yellow", err=True)
    text = _read_essay_argument(essay)
    try:
        report = Marker(scorer).mark(text, loaded)
    except EssayError as exc:  # what is wrong with the text, said of the file it came from
        raise EssayError(f"{'<stdin>' if essay == '-' else essay}: {exc}") from None
    if fmt == "text" and out is None:
        from rich.console import Console

        from marker.render.terminal import report_renderable

        Console().print(report_renderable(report, hints_only=hints_only))
        return
    _write_output(render(report, fmt, hints_only=hints_only), out)  # type: ignore[arg-type]


@app.command()
@_user_errors
def batch(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUTS", help="Essay files (.txt, .md, .docx, .pdf), folders and .zip archives.")],
    scheme: Annotated[str, typer.Option("--scheme", "-s", metavar="SCHEME", help="Scheme file (.yaml/.json) or a bundled scheme id.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FOLDER", help="Output folder (created if needed).")],
    roster: Annotated[Path | None, typer.Option(metavar="CSV", help="CSV of file name, student name.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip essays already marked in the output folder.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    scorer: Annotated[str | None, typer.Option(metavar="SCORER", help="Scoring method (default: marker's default scorer).")] = None,
) -> None:
    """Mark a class set of essays against one scheme: CSV tables, class overview, one report per student.

    Writes results.csv, points.csv, results.json, errors.csv, class.html and reports/ into --out.

    Exit codes: 0 every input marked; 3 some inputs could not be marked, or a student on the roster has no essay (listed in errors.csv; the rest are marked); 1 nothing could start (nothing to mark among the inputs, a bad scheme or roster); 130 stopped with Ctrl-C (what was marked is kept: rerun with --resume).

    Example: marker batch essays/ class.zip --scheme khrushchev-destalinisation --out marked/
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from marker.batch import mark_files
    from marker.pipeline import SCORERS, Marker
    from marker.render import counted
    from marker.schemes import resolve_scheme

    if scorer is not None:
        _require_choice(scorer, SCORERS, "--scorer")
    loaded = resolve_scheme(scheme)
    console = Console(stderr=True, quiet=quiet, markup=False, highlight=False)
    for warning in loaded.warnings:
        console.print(f"marker: warning: {loaded.id}: {warning}", style="yellow")
    essay_marker = Marker(scorer) if scorer else Marker()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=quiet or not console.is_terminal) as bar:
        task = bar.add_task("Reading the essays", total=None)

        def progress(done: int, total: int) -> None:  # the model loads as the first essays are marked
            started = bar.tasks[0].total is not None
            bar.update(task, completed=done, total=total,
                       description="Marking" if started or done == total else "Loading the model")

        try:
            result = mark_files(inputs, loaded, out, roster=roster, resume=resume, marker=essay_marker, progress=progress)
        except KeyboardInterrupt:
            console.print(f"Stopped: the essays marked so far are in {out}; rerun with --resume to finish.")
            raise typer.Exit(130) from None
    marked = counted(len(result.essays) - result.kept, "essay")
    kept = f" and kept {result.kept} from the last run" if result.kept else ""
    console.print(f"Marked {marked}{kept} into {out} (class overview: {out / 'class.html'}).")
    if not result.complete:
        console.print(f"{'; '.join(result.failure_counts())}: see {out / 'errors.csv'}.", style="red")
        raise typer.Exit(3)


@app.command("schemes")
@_user_errors
def schemes_command() -> None:
    """List the bundled mark schemes.

    Example: marker schemes
    """
    from rich.console import Console
    from rich.table import Table

    from marker.schemes import list_schemes

    table = Table("id", "for", "against", "question", show_lines=False)
    for scheme in list_schemes():
        table.add_row(scheme.id, str(len(scheme.side("for"))), str(len(scheme.side("against"))), scheme.question)
    Console().print(table)


@app.command("eval")
@_user_errors
def eval_command(
    data: Annotated[list[Path], typer.Argument(metavar="DATA", help="Labelled essay sets (.json files or folders of them) or ArgKP-2021 folders.")],
    scorer: Annotated[str, typer.Option(metavar="SCORER", help="Scoring method: trained, cosine or tfidf.")] = "trained",
    split: Annotated[str, typer.Option(metavar="SPLIT", help="Split of an ArgKP folder: train, dev or test.")] = "dev",
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output: text (tables) or json (default: json for an --out file ending .json).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", callback=dash_is_stdout, help="Write the results to this file (- for standard output).")] = None,
) -> None:
    """Measure marker on labelled data: paragraph and essay level, or ArgKP-2021 Track 1 mAP.

    Example: marker eval ../shared/data/alevel-dev ../shared/data/kpa_2021 --scorer cosine
    """
    import json

    from marker.datasets import is_key_point_folder, load_key_point_data, load_labelled_sets
    from marker.evaluate import evaluate_essay_sets, evaluate_key_points
    from marker.pipeline import SCORERS, Marker

    fmt = _output_format(fmt, out, ("text", "json"))
    _require_choice(fmt, ("text", "json"), "--format")
    _require_choice(scorer, SCORERS, "--scorer")
    if out is not None:
        _check_writable(out, "results.json")

    model = Marker(scorer)
    essay_paths = [p for p in data if not is_key_point_folder(p)]
    results = [evaluate_key_points(model, load_key_point_data(p, split), f"{p} ({split})")
               for p in data if is_key_point_folder(p)]
    if essay_paths:
        results.insert(0, evaluate_essay_sets(model, load_labelled_sets(essay_paths)))
    if fmt == "json":
        _write_output(json.dumps(results, indent=2) + "\n", out)
        return
    import io

    from rich.console import Console

    from marker.render.evaluation import evaluation_renderable

    if out is None:
        Console().print(evaluation_renderable(results))
        return
    buffer = io.StringIO()
    Console(file=buffer, width=120).print(evaluation_renderable(results))
    _write_output(buffer.getvalue(), out)


@app.command()
@_user_errors
def serve(
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to listen on; 127.0.0.1 keeps the page on this computer.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the self-check web page: choose a question, paste an essay, see the feedback.

    Example: marker serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    import uvicorn

    from marker.web import create_app

    typer.secho(f"marker: loading the model, then serving http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


import marker.cli_scheme  # noqa: E402,F401  (registers `marker scheme ...` on `app`)


class _CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to `sys.stderr` as it is at each message, so a progress bar that redirects
    standard error (`batch`'s) prints warnings on their own line above the bar."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _: Any) -> None:
        """Ignored: the stream is always the current `sys.stderr`."""


def main() -> None:
    """Entry point of the `marker` command."""
    handler = _CurrentStderrHandler()
    handler.setFormatter(logging.Formatter("marker: warning: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    app()
