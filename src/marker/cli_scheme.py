"""`marker scheme ...`: import a pasted extract, validate scheme files, show a scheme, write the JSON Schema.

A thin layer over `marker.scheme_import` and `marker.schemes`; importing this module registers the
`scheme` command group on `marker.cli.app`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from marker.cli import _user_errors, app, dash_is_stdout
from marker.errors import MarkerError

if TYPE_CHECKING:
    from marker.schemes import Scheme

scheme_app = typer.Typer(
    help="Write and check mark schemes: import a pasted extract, validate files, show a scheme.",
    no_args_is_help=True,
)
app.add_typer(scheme_app, name="scheme")


def _read_source(source: str) -> tuple[str, str]:
    """The text of an extract file (.txt/.md/.docx/.pdf), or of standard input for "-"; and its name."""
    from marker.inputs import decode_text, extract_text

    if source == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MarkerError(f"{path}: file not found") from None
    except OSError as exc:
        raise MarkerError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not data.strip():
        raise MarkerError(f"{path}: the file is empty: paste the mark scheme's lists of points for and against")
    return extract_text(data, str(path), mark_lists=True), str(path)


def _default_id(out: Path | None, source: str) -> str | None:
    """The output file's name (or else the source file's), as a scheme id."""
    from marker.scheme_import import slug

    for path in (out, None if source == "-" else Path(source)):
        if path is not None:
            return slug(path.stem, max_words=None)
    return None


@scheme_app.command("import")
@_user_errors
def import_command(
    source: Annotated[str, typer.Argument(metavar="EXTRACT", help="The extract: a .txt, .md, .docx or .pdf file, or - for standard input.")],
    scheme_id: Annotated[str | None, typer.Option("--id", metavar="ID", help="The scheme's id (default: from the file name).")] = None,
    question: Annotated[str | None, typer.Option(metavar="TEXT", help="The question, when the extract does not state it.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", callback=dash_is_stdout, help="Write the scheme to this .yaml file (- for standard output).")] = None,
    force: Annotated[bool, typer.Option(help="Replace the --out file if it exists.")] = False,
) -> None:
    """Turn a pasted mark-scheme extract into a scheme file.

    Prints what it found (points for and against, the question) and what it could not place on
    standard error, and the scheme's YAML on standard output unless --out is given.

    Example: marker scheme import extract.txt -o schemes/my-question.yaml
    """
    from marker.scheme_import import import_extract
    from marker.schemes import save_scheme

    text, name = _read_source(source)
    result = import_extract(text, scheme_id=scheme_id or _default_id(out, source), question=question, source=name)
    for line in result.summary():
        typer.secho(line, err=True, fg="yellow" if line.startswith(("Could not", "  line")) else None)
    if out is None:
        typer.echo(result.scheme.to_yaml(), nl=False)
        return
    save_scheme(result.scheme, out, force=force)
    typer.secho(f"Scheme written to {out}", err=True)


@scheme_app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILES", help="Scheme files (.yaml, .yml or .json).")],
) -> None:
    """Check scheme files: every problem is listed with its field; exit code 1 if any file is invalid.

    Example: marker scheme validate schemes/*.yaml
    """
    from marker.errors import SchemeError
    from marker.schemes import SCHEMA_FILE_NAME, load_scheme

    invalid = 0
    for path in files:
        if path.name == SCHEMA_FILE_NAME:
            typer.echo(f"{path}: skipped (the JSON Schema of the format, not a scheme)")
            continue
        try:
            scheme = load_scheme(path)
        except SchemeError as exc:
            invalid += 1
            typer.secho(f"{path}: invalid", fg="red", err=True)
            for error in exc.errors:
                typer.secho(f"  {error}", err=True)
            continue
        counts = f"{len(scheme.side('for'))} for, {len(scheme.side('against'))} against"
        typer.echo(f"{path}: ok ({scheme.id}: {counts})")
        for warning in [*scheme.warnings, *_batch_problems(scheme)]:
            typer.secho(f"  warning: {warning}", fg="yellow", err=True)
    if invalid:
        typer.secho(f"{invalid} of {len(files)} files invalid", fg="red", err=True)
        raise typer.Exit(1)


def _batch_problems(scheme: Scheme) -> list[str]:
    """What `marker batch` refuses in a scheme that `marker check` takes (a point id that repeats a results.csv column)."""
    from marker.errors import SchemeError
    from marker.outputs import check_point_columns

    try:
        check_point_columns(scheme)
    except SchemeError as exc:
        return [f"{error} (marker batch refuses it)" for error in exc.errors]
    return []


@scheme_app.command("show")
@_user_errors
def show_command(
    scheme: Annotated[str, typer.Argument(metavar="SCHEME", help="A scheme file or the id of a bundled scheme.")],
) -> None:
    """Show a scheme readably: question, details, levels and the points on each side.

    Example: marker scheme show khrushchev-destalinisation
    """
    from rich.console import Console

    from marker.render.scheme import scheme_renderable
    from marker.schemes import resolve_scheme

    Console().print(scheme_renderable(resolve_scheme(scheme)))


@scheme_app.command("json-schema")
def json_schema_command() -> None:
    """Print the JSON Schema of the scheme format, for editors (see the README).

    Example: marker scheme json-schema > schemes/schema.json
    """
    from marker.schemes import scheme_json_schema

    typer.echo(json.dumps(scheme_json_schema(), indent=2, ensure_ascii=False))
