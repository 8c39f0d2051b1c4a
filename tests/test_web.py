"""The web page and JSON API, with the real model: good input, bad input, escaping, concurrency."""

from __future__ import annotations

import html
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient

from marker.feedback import build_feedback
from marker.web import create_app
from marker.web.submission import MAX_ESSAY_WORDS, MAX_REQUEST_BYTES, MAX_SCHEME_POINTS, MAX_UPLOAD_BYTES

from conftest import ROOT, aes_encrypted_pdf, run_marker

SCHEME_ID = "khrushchev-destalinisation"


@pytest.fixture(scope="module")
def client(real_marker):
    with TestClient(create_app(real_marker)) as test_client:
        yield test_client


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_form_lists_the_bundled_questions(client):
    response = client.get("/")
    assert response.status_code == 200
    assert f'<option value="{SCHEME_ID}">' in response.text and "Check my essay" in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "<script" not in response.text


def test_the_page_shows_covered_points_and_highlights(client, example_text):
    response = client.post("/", data={"scheme": SCHEME_ID, "essay": example_text})
    assert response.status_code == 200
    covered = re.findall(r'<tr class="point covered" id="point-(\w+)"', response.text)
    assert len(covered) >= 4
    highlighted = set(" ".join(re.findall(r'<mark class="ev[^"]*"[^>]*data-points="([^"]+)"', response.text)).split())
    assert set(covered) <= highlighted
    assert html.escape(example_text.splitlines()[0], quote=False)[:80] in response.text  # the essay stays in the box


def test_the_api_returns_the_report_dict_and_the_feedback(client, real_marker, example_text, khrushchev):
    response = client.post("/api/mark", json={"essay": example_text, "scheme": SCHEME_ID})
    assert response.status_code == 200
    report = real_marker.mark(example_text, khrushchev)
    assert response.json() == {**report.to_dict(), "feedback": build_feedback(report).to_dict(), "warnings": []}


def test_the_api_takes_a_docx_upload_and_a_scheme_file(client, example_text):
    paragraphs = example_text.split("\n\n")
    scheme_yaml = (ROOT / "schemes" / f"{SCHEME_ID}.yaml").read_bytes()
    files = {"essay_file": ("essay.docx", docx_bytes(paragraphs)), "scheme_file": ("mine.yaml", scheme_yaml)}
    response = client.post("/api/mark", files=files)
    assert response.status_code == 200
    report = response.json()
    assert report["scheme"]["id"] == SCHEME_ID and len(report["paragraphs"]) == len(paragraphs)
    assert sum(p["status"] == "covered" for p in report["points"]) >= 4


def test_files_sent_in_the_essay_and_scheme_fields_are_read_as_those_files(client, example_text):
    scheme_yaml = (ROOT / "schemes" / f"{SCHEME_ID}.yaml").read_bytes()
    files = {"essay": ("essay.txt", example_text.encode()), "scheme": ("mine.yaml", scheme_yaml)}  # curl -F essay=@...
    response = client.post("/api/mark", files=files)
    assert response.status_code == 200, response.text
    assert len(response.json()["paragraphs"]) == len(example_text.split("\n\n"))


def test_a_scheme_can_be_posted_as_json(client):
    scheme = {"id": "mine", "question": "Was it good?", "points": [
        {"id": "F1", "side": "for", "text": "Prisoners were released from the camps."},
        {"id": "A1", "side": "against", "text": "Churches were closed."}]}
    essay = "Millions of prisoners were released from the camps.\n\nThousands of churches were closed."
    response = client.post("/api/mark", json={"essay": essay, "scheme": scheme})
    assert response.status_code == 200 and response.json()["scheme"]["id"] == "mine"


def test_the_page_and_the_api_say_how_the_essay_and_scheme_were_read(client, example_text):
    one_sided = {"id": "mine", "question": "Was it good?", "points": [
        {"id": "F1", "side": "for", "text": "Prisoners were released from the camps."}]}
    files = {"essay_file": ("windows.txt", example_text.replace("Stalin", "Stalin\u2019s").encode("cp1252")),
             "scheme_file": ("mine.yaml", yaml.safe_dump(one_sided).encode())}
    pasted = {"essay": "An older draft, pasted by mistake.", "scheme": SCHEME_ID}
    page = client.post("/", data=pasted, files=files)
    assert page.status_code == 200
    result = page.text.split('<div id="result" tabindex="-1">', 1)[1]  # where the page opens after a check (action="/#result")
    notice = re.search(r'<div class="notice" role="status">(.*?)</div>', result, re.S)
    assert notice and result.index('class="notice"') < result.index('id="feedback"'), "the warnings open the result"
    assert "An older draft, pasted by mistake." in page.text.split("</textarea>")[0], "the pasted draft is kept"
    items = [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", notice.group(1))]
    assert items == [
        "windows.txt is not UTF-8; read it as cp1252 (save it as UTF-8 to be sure of every character)",
        "you pasted an essay and chose a file: windows.txt was checked, not the pasted text",
        f"you chose a question and a scheme file: mine.yaml was used, not '{SCHEME_ID}'",
        "the mark scheme has no points on the 'against' side: the balance of an essay cannot be judged",
    ]
    assert client.post("/api/mark", data=pasted, files=files).json()["warnings"] == items
    clean = client.post("/", data={"scheme": SCHEME_ID, "essay": example_text})
    assert clean.status_code == 200 and 'class="notice"' not in clean.text


BAD_SCHEME = b"id: broken\nquestion: Why?\npoints:\n  - {id: F1, side: sideways, text: Because.}\n"
BAD_INPUTS = {
    "empty essay": ({"data": {"scheme": SCHEME_ID, "essay": "   \n"}}, 400, "essay is empty"),
    "no scheme": ({"data": {"essay": "An essay."}}, 400, "choose a question"),
    "unknown scheme": ({"data": {"scheme": "no-such-scheme", "essay": "An essay."}}, 400, "no bundled scheme"),
    "scheme id as a path": ({"data": {"scheme": "schemes/khrushchev-destalinisation.yaml", "essay": "An essay."}},
                            400, "no bundled scheme"),
    "malformed scheme": ({"data": {"essay": "An essay."}, "files": {"scheme_file": ("bad.yaml", BAD_SCHEME)}},
                         400, "bad.yaml: line 4: point 1 (F1), side: should be 'for' or 'against'"),
    "scheme not yaml": ({"data": {"essay": "An essay."}, "files": {"scheme_file": ("bad.yaml", b"points: [oops")}},
                        400, "invalid YAML"),
    "image as essay": ({"data": {"scheme": SCHEME_ID}, "files": {"essay_file": ("essay.png", b"\x89PNG\r\n\x1a\n\x00")}},
                       400, "unsupported file type '.png'"),
    "binary as text": ({"data": {"scheme": SCHEME_ID}, "files": {"essay_file": ("essay.txt", b"\x00\x01" * 50)}},
                       400, "binary file"),
    "docx that is not": ({"data": {"scheme": SCHEME_ID}, "files": {"essay_file": ("essay.docx", b"plain text")}},
                         400, "not a readable Word"),
    "upload over 2 MB": ({"data": {"scheme": SCHEME_ID}, "files": {"essay_file": ("essay.txt", b"a " * MAX_UPLOAD_BYTES)}},
                         413, "essay.txt is too large (4.0 MB)"),
    "pasted essay over 2 MB": ({"data": {"scheme": SCHEME_ID, "essay": "word " * (MAX_UPLOAD_BYTES // 5 + 1)}},
                               413, "the pasted essay is too large"),
    "pasted essay over the word limit": ({"data": {"scheme": SCHEME_ID, "essay": "word " * (MAX_ESSAY_WORDS + 1)}},
                                        413, f"the pasted essay has {MAX_ESSAY_WORDS + 1:,} words"),
    "file over the word limit": ({"data": {"scheme": SCHEME_ID}, "files": {
        "essay_file": ("long.txt", b"word " * (MAX_ESSAY_WORDS + 1))}}, 413, "long.txt has 20,001 words"),
    "too many files": ({"data": {"scheme": SCHEME_ID}, "files": [(f"file{i}", (f"{i}.txt", b"text")) for i in range(3)]},
                       400, "the form could not be read"),
    "request over the limit": ({"data": {"scheme": SCHEME_ID}, "files": {
        "essay_file": ("essay.txt", b"a" * MAX_REQUEST_BYTES)}}, 413, "the upload is too large"),
    "scheme over the point limit": ({"data": {"essay": "An essay."}, "files": {"scheme_file": ("big.yaml", yaml.safe_dump(
        {"id": "big", "question": "Why?", "points": [{"id": f"F{i}", "side": "for", "text": "A point."}
                                                     for i in range(MAX_SCHEME_POINTS + 1)]}).encode())}},
                                    413, f"big.yaml has {MAX_SCHEME_POINTS + 1} points"),
    "scheme nested too deeply": ({"data": {"essay": "An essay."}, "files": {
        "scheme_file": ("deep.json", b'{"id": ' + b"[" * 5000 + b"]" * 5000 + b"}")}}, 400, "nested too deeply"),
    "encrypted pdf": ({"data": {"scheme": SCHEME_ID}, "files": {"essay_file": ("essay.pdf", aes_encrypted_pdf())}},
                      400, "the PDF is encrypted"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_gets_a_json_error_from_the_api(client, case):
    request, status, message = BAD_INPUTS[case]
    response = client.post("/api/mark", **request)
    assert response.status_code == status
    assert message in response.json()["error"]


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_gets_a_clear_message_on_the_page_which_stays_up(client, case):
    request, status, message = BAD_INPUTS[case]
    response = client.post("/", **request)
    assert response.status_code == status
    alert = re.search(r'<div class="error" id="result" role="alert" tabindex="-1">(.*?)</div>', response.text, re.S)
    assert alert and message in html.unescape(alert.group(1))
    assert "<title>Not checked: marker" in response.text, "the page's title says what happened, for a screen reader"
    assert '<form class="panel"' in response.text
    assert client.get("/").status_code == 200


def test_a_streamed_body_over_the_limit_is_refused(client):
    def chunks():
        for _ in range(MAX_REQUEST_BYTES // 65536 + 2):
            yield b"x" * 65536

    response = client.post("/api/mark", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "too large" in response.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"content-type": "text/plain"}])
def test_json_sent_without_its_content_type_is_told_which_header_to_send(client, headers):
    body = json.dumps({"essay": "The thaw began in 1956.", "scheme": SCHEME_ID}).encode()
    response = client.post("/api/mark", content=body, headers=headers)
    assert response.status_code == 400 and "Content-Type: application/json" in response.json()["error"]


@pytest.mark.parametrize(("body", "message"), [(b"{not json", "not valid JSON"), (b"[1, 2]", "send a JSON object"),
                                               (b'{"essay": "x", "scheme": 3}', '"scheme" must be'),
                                               (b'{"essay": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
                                               (b'{"essay": "x", "hints_only": "maybe"}', "hints_only must be true or false"),
                                               (b'{"essay": "Stalin \\ud800 died.", "scheme": "x"}', "unpaired surrogate")])
def test_a_bad_json_body_gets_a_json_error(client, body, message):
    response = client.post("/api/mark", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400 and message in response.json()["error"]


def test_json_sent_as_a_form_says_which_header_to_send(client):
    body = json.dumps({"essay": "The Secret Speech of 1956 attacked Stalin.", "scheme": SCHEME_ID})
    response = client.post("/api/mark", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400
    assert "send it with the header Content-Type: application/json" in response.json()["error"]
    for media_type in ("text/json", "application/vnd.api+json"):
        assert client.post("/api/mark", content=body, headers={"content-type": media_type}).status_code == 200


@pytest.mark.parametrize("request_kwargs", [
    {"json": {"essay": "The Secret Speech of 1956.", "scheme": SCHEME_ID, "hints_only": True}},
    {"data": {"essay": "The Secret Speech of 1956.", "scheme": SCHEME_ID, "hints_only": "on"}},
], ids=["json", "form"])
def test_the_api_refuses_hints_only_rather_than_answer_with_the_scheme_wording(client, request_kwargs):
    response = client.post("/api/mark", **request_kwargs)
    assert response.status_code == 400 and "hints_only is for the web page" in response.json()["error"]



@pytest.mark.parametrize("request_kwargs", [
    {"content": json.dumps({"essay": "The Secret Speech of 1956 attacked Stalin.", "scheme": SCHEME_ID,
                            "hints_only": False}), "headers": {"content-type": "Application/JSON; charset=UTF-8"}},
    {"data": {"essay": "The Secret Speech of 1956 attacked Stalin.", "scheme": SCHEME_ID, "hints_only": "false"}},
    {"data": {"essay": "The Secret Speech of 1956 attacked Stalin.", "scheme": SCHEME_ID, "hints_only": "off"}},
    {"json": {"essay": "The Secret Speech of 1956 attacked Stalin.", "scheme": SCHEME_ID, "hints_only": 0}},
], ids=["json-mixed-case-type", "form-false", "form-off", "json-zero"])
def test_the_api_reads_any_case_of_content_type_and_a_no_written_as_a_word(client, request_kwargs):
    response = client.post("/api/mark", **request_kwargs)
    assert response.status_code == 200, response.text
    assert response.json()["scheme"]["id"] == SCHEME_ID

def test_a_wrong_path_or_method_is_explained_as_json_under_the_api_and_as_a_page_elsewhere(client):
    wrong_method = client.get("/api/mark")
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "POST"
    assert wrong_method.json() == {"error": "this address does not take that method; use POST"}
    no_endpoint = client.post("/api/marks", json={})
    assert no_endpoint.status_code == 404 and "the API at POST /api/mark" in no_endpoint.json()["error"]
    no_page = client.get("/<b>report</b>")
    assert no_page.status_code == 404 and no_page.headers["content-type"].startswith("text/html")
    assert "There is no such page: the essay check is at / and the API at POST /api/mark." in no_page.text
    assert '<a href="/">' in no_page.text and "<b>" not in no_page.text


def test_pages_have_a_language_and_headings_that_do_not_skip_a_level(client, example_text):
    assert '<html lang="en">' in client.get("/").text and '<html lang="en">' in client.get("/nowhere").text
    checked = client.post("/", data={"scheme": SCHEME_ID, "essay": example_text}).text
    levels = [int(level) for level in re.findall(r"<h([1-6])", checked)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert '<span aria-hidden="true">¶1</span><span class="visually-hidden">Paragraph 1</span>' in checked, "¶1 is read as a paragraph number"
    assert '<form class="panel no-print"' in checked and '<form class="panel"' in client.get("/").text, "a printed report leaves out the form"


def test_html_in_the_essay_and_scheme_is_shown_as_text(client, example_text):
    attack = "<script>alert(1)</script> <b onmouseover=alert(2)>bold</b>"
    scheme = yaml.safe_load((ROOT / "schemes" / f"{SCHEME_ID}.yaml").read_text())
    scheme["question"] = "<img src=x onerror=alert(3)> How effective?"
    files = {"scheme_file": ("mine.yaml", yaml.safe_dump(scheme).encode())}
    essay = example_text + f"\n\nIn conclusion, {attack} was largely effective, but limited."
    response = client.post("/", data={"essay": essay, "hints_only": "1"}, files=files)
    assert response.status_code == 200
    for raw in ("<script>alert(1)", "<b onmouseover", "<img src=x"):
        assert raw not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text and "&lt;img src=x onerror=alert(3)&gt;" in response.text


def test_ten_concurrent_requests_all_succeed(live_server, example_text):
    paragraphs = example_text.split("\n\n")
    essays = ["\n\n".join(paragraphs[: 2 + i % (len(paragraphs) - 1)]) for i in range(10)]

    def post(essay: str) -> tuple[int, int]:
        response = httpx.post(f"{live_server}/api/mark", json={"essay": essay, "scheme": SCHEME_ID}, timeout=300)
        return response.status_code, len(response.json()["paragraphs"])

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(post, essays))
    assert results == [(200, essay.count("\n\n") + 1) for essay in essays]


def test_marker_serve_serves_the_page_on_localhost():
    assert "[default: 127.0.0.1]" in run_marker("serve", "--help").stdout.decode()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "marker", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "marker serve did not answer"
                time.sleep(0.5)
        assert response.status_code == 200 and SCHEME_ID in response.text
    finally:
        server.terminate()
        server.wait(timeout=30)
