"""The self-check web page and JSON API: a thin FastAPI layer over `Marker` and the HTML report.

* `GET /`: the form (pick a bundled question or upload a scheme, paste or upload an essay);
* `POST /`: the same page with the feedback, or with a clear message about what is wrong;
* `POST /api/mark`: form fields or a JSON body `{"essay": str, "scheme": id or scheme mapping}`;
  answers the JSON report (`Report.to_dict()` with "feedback") and `"warnings"` (how the essay
  and scheme were read), or `{"error": message}` with a 4xx status (also for a wrong path or
  method under /api/).

The model is loaded once, when the app starts; marking runs in a worker thread, one essay at a
time, so the page stays responsive and the shared `Marker` is never used by two threads at once.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marker.errors import MarkerError
from marker.feedback import build_feedback
from marker.pipeline import Marker, default_marker
from marker.render import report_data
from marker.render.html import report_context, template_environment
from marker.report import Report
from marker.schemes import list_schemes
from marker.web.submission import (
    MAX_REQUEST_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    Submission,
    Upload,
    UploadTooLargeError,
    too_large,
)

# The page has no scripts: nothing in a pasted essay can run, even if escaping were ever missed.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}
DRAIN_LIMIT_BYTES = 64 * 1024 * 1024  # read (and drop) an oversized body up to this, so the browser gets the answer
_FLAG_WORDS = {"on": True, "true": True, "1": True, "yes": True, "off": False, "false": False, "0": False, "no": False,
               "": False}


class BodySizeLimit:
    """ASGI middleware: a request body over `limit` bytes (declared or actually sent) raises
    `UploadTooLargeError` where the endpoint reads it, so the endpoint answers with its own 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_REQUEST_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            over_declared = declared.isdigit() and int(declared) > self.limit
            if over_declared or received > self.limit:
                while message.get("more_body") and received <= DRAIN_LIMIT_BYTES:
                    message = await receive()
                    received += len(message.get("body", b""))
                raise too_large("the upload", int(declared) if over_declared else received)
            return message

        await self.app(scope, limited_receive, send)


async def _upload(field: Any) -> Upload | None:
    """An uploaded file field as an `Upload` (None when no file was chosen)."""
    if not isinstance(field, UploadFile) or not field.filename:
        return None
    if field.size is not None and field.size > MAX_UPLOAD_BYTES:
        raise too_large(field.filename, field.size)
    return Upload(field.filename, await field.read(MAX_UPLOAD_BYTES + 1))  # one byte over is enough to refuse it


_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


async def read_submission(request: Request) -> Submission:
    """The submission in a request: a JSON body, or the page's form fields.

    Raises:
        MarkerError: the body is not valid JSON or the form cannot be read.
        UploadTooLargeError: the request or an upload is over the limit.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type in ("application/json", "text/json") or media_type.endswith("+json"):
        try:
            data = json.loads(await request.body())
            json.dumps(data, ensure_ascii=False).encode("utf-8")  # a lone surrogate ("\ud800") is no text
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise MarkerError(f"the request body is not valid JSON ({exc})") from None
        except UnicodeEncodeError:
            raise MarkerError("the request body's JSON holds an unpaired surrogate escape (such as \\ud800), "
                              "which is not text") from None
        except RecursionError:
            raise MarkerError("the request body's JSON is nested too deeply to be a submission") from None
        if not isinstance(data, dict) or not isinstance(data.get("essay", ""), str):
            raise MarkerError('send a JSON object {"essay": "...", "scheme": "<bundled id>" or {...}}')
        scheme = data.get("scheme", "")
        if not isinstance(scheme, (str, dict)):
            raise MarkerError('"scheme" must be a bundled scheme id or a scheme object')
        return Submission(essay=data.get("essay", ""), scheme=scheme, hints_only=_flag(data.get("hints_only")))
    if media_type not in _FORM_TYPES:
        raise MarkerError(f"the request is sent as {media_type or 'no Content-Type'}: send the page's form fields, "
                          "or JSON with the header Content-Type: application/json (curl: -H 'Content-Type: "
                          "application/json'; Python requests: json=...)")
    if media_type == "application/x-www-form-urlencoded" and (await request.body()).lstrip()[:1] == b"{":
        raise MarkerError("the body is JSON but was sent as a form; send it with the header "
                          "Content-Type: application/json (curl: -H 'Content-Type: application/json')")
    try:
        # The request's size is capped by `BodySizeLimit`; `Submission` checks the pasted essay's own size.
        form = await request.form(max_files=2, max_fields=10, max_part_size=MAX_REQUEST_BYTES)
    except HTTPException as exc:
        raise MarkerError(f"the form could not be read ({exc.detail})") from None
    essay, scheme = form.get("essay", ""), form.get("scheme", "")
    return Submission(  # a file sent as "essay" or "scheme" (curl -F essay=@essay.txt) is taken as that file
        essay=essay if isinstance(essay, str) else "",
        essay_file=await _upload(form.get("essay_file")) or await _upload(essay),
        scheme=scheme if isinstance(scheme, str) else "",
        scheme_file=await _upload(form.get("scheme_file")) or await _upload(scheme),
        hints_only=_flag(form.get("hints_only")),
    )


def _flag(value: object) -> bool:
    """A yes/no field: JSON true/false (or 1/0), or a form's "on"/"off", "true"/"false", "1"/"0"; absent is no.

    Raises:
        MarkerError: any other value, which could be read either way.
    """
    if value is None or isinstance(value, bool) or value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _FLAG_WORDS:
        return _FLAG_WORDS[value.strip().lower()]
    raise MarkerError(f"hints_only must be true or false, not {value!r}")


def _status(error: MarkerError) -> int:
    return 413 if isinstance(error, UploadTooLargeError) else 400


def _http_error_message(error: HTTPException) -> str:
    """What a routing error (no such path, wrong method) means, and what to do instead."""
    if error.status_code == 404:
        return "there is no such page: the essay check is at / and the API at POST /api/mark"
    if error.status_code == 405:
        return f"this address does not take that method; use {(error.headers or {}).get('Allow', 'another')}"
    return str(error.detail)


def create_app(marker: Marker | None = None) -> FastAPI:
    """The web app; `marker` defaults to the process-wide `default_marker()`, loaded at start-up.

    Example:
        >>> import uvicorn  # doctest: +SKIP
        >>> uvicorn.run(create_app(), host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    lock = threading.Lock()
    templates = template_environment()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loaded = marker or default_marker()
        await run_in_threadpool(loaded.segmenter.sentences, "Load the sentence segmenter.")
        await run_in_threadpool(loaded.embedder.embed, ["Load the sentence encoder."])
        state["marker"] = loaded
        state["schemes"] = {scheme.id: scheme for scheme in list_schemes()}
        yield

    app = FastAPI(title="marker", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(BodySizeLimit)

    def mark(submission: Submission) -> tuple[str, Report, list[str]]:
        """The essay's text, its report, and the warnings of how the essay and scheme were read."""
        essay, scheme = submission.essay_document(), submission.chosen_scheme(state["schemes"])
        with lock:
            report = state["marker"].mark(essay.text, scheme)
        return essay.text, report, [*essay.warnings, *submission.scheme_warnings(),
                                    *(f"the mark scheme has {w}" for w in scheme.warnings)]

    def page(status: int = 200, *, error: str = "", essay: str = "", scheme: str = "", report: Report | None = None,
             hints_only: bool = False, warnings: Sequence[str] = ()) -> HTMLResponse:
        context: dict[str, Any] = {"fb": None, "schemes": state["schemes"].values(), "error": error,
                                   "warnings": warnings, "max_upload_mb": MAX_UPLOAD_MB,
                                   "form": {"essay": essay, "scheme": scheme, "hints_only": hints_only}}
        if report is not None:
            context.update(report_context(build_feedback(report, hints_only=hints_only)))
        return HTMLResponse(templates.get_template("page.html").render(context), status, headers=PAGE_HEADERS)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        """A routing error as `{"error": message}` under /api/, and as a short page elsewhere."""
        message = _http_error_message(error)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, error.status_code, headers=error.headers)
        sentence = html.escape(message[:1].upper() + message[1:])
        body = f'<!doctype html><html lang="en"><title>marker</title><p>{sentence}. <a href="/">Check an essay</a></p>'
        return HTMLResponse(body, error.status_code, headers={**PAGE_HEADERS, **(error.headers or {})})

    @app.get("/", response_class=HTMLResponse)
    def form_page() -> HTMLResponse:
        """The empty form."""
        return page()

    @app.post("/", response_class=HTMLResponse)
    async def check_page(request: Request) -> HTMLResponse:
        """Mark the submitted essay and show the feedback under the form."""
        submission = Submission()
        try:
            submission = await read_submission(request)
            essay, report, warnings = await run_in_threadpool(mark, submission)
        except MarkerError as exc:
            scheme = submission.scheme if isinstance(submission.scheme, str) else ""
            return page(_status(exc), error=str(exc), essay=submission.essay, scheme=scheme,
                        hints_only=submission.hints_only)
        kept = submission.essay if submission.essay.strip() else essay  # the pasted draft stays in the box
        return page(essay=kept, scheme=report.scheme.id, report=report, hints_only=submission.hints_only,
                    warnings=warnings)

    @app.post("/api/mark")
    async def mark_api(request: Request) -> JSONResponse:
        """Mark an essay; answer the JSON report (`render.report_data`) and the reading's `warnings`."""
        try:
            submission = await read_submission(request)
            if submission.hints_only:
                raise MarkerError("hints_only is for the web page: /api/mark answers the full report, scheme "
                                  "wording included; leave hints_only out")
            _, report, warnings = await run_in_threadpool(mark, submission)
        except MarkerError as exc:
            return JSONResponse({"error": str(exc)}, _status(exc))
        return JSONResponse({**report_data(report), "warnings": warnings})

    return app
