"""Shared fixtures: the real models, loaded once per test session, and paths to test data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SYNTHETIC_TEST = ROOT / "data" / "synthetic-test"  # synthetic essay sets on questions training never sees
SHARED = ROOT.parent / "shared"
EXAMPLE_ESSAY = ROOT / "examples" / "khrushchev-balanced.txt"


@pytest.fixture(scope="session")
def real_marker():
    """The real default Marker (all-MiniLM-L6-v2 + spaCy), shared by the whole session."""
    from marker.pipeline import default_marker

    return default_marker()


@pytest.fixture(scope="session")
def khrushchev():
    from marker import load_scheme

    return load_scheme(ROOT / "schemes" / "khrushchev-destalinisation.yaml")


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE_ESSAY.read_text(encoding="utf-8")


def run_marker(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `python -m marker ...` in a fresh process, as a user would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "marker", *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=600
    )


@pytest.fixture(scope="session")
def live_server(real_marker):
    """The web app served by a real uvicorn on 127.0.0.1 (a free port), in a background thread; yields its URL."""
    import socket
    import threading
    import time

    import uvicorn

    from marker.web import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(real_marker), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def aes_encrypted_pdf() -> bytes:
    """A one-page PDF encrypted with AES-256, as Word and Acrobat write; pypdf cannot even try an empty
    password on it without the `cryptography` package (this dictionary holds no valid password)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    encryption = (b"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /Length 32 >> >> "
                  b"/StmF /StdCF /StrF /StdCF /O <%s> /U <%s> /OE <%s> /UE <%s> /Perms <%s> /P -4 >> /ID [<%s> <%s>]"
                  % (b"11" * 48, b"22" * 48, b"33" * 32, b"44" * 32, b"55" * 16, b"66" * 16, b"66" * 16))
    return buffer.getvalue().replace(b"trailer\n<<", b"trailer\n<<" + encryption, 1)
