"""Speed of the self-check page and API on this machine. Run: python benchmarks/bench_web.py

Starts the app on a real uvicorn (127.0.0.1, a free port) and prints: start-up time (models load
once), one `POST /api/mark` and one `POST /` (the page with the HTML report) per ~700-word essay
next to `Marker.mark` on the same essay in process,
`--concurrent` simultaneous API requests (wall time and requests/s; marking is serialised by a
lock), and building the feedback plus rendering each report format, without the model.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from common import essays, median_seconds

SCHEME_ID = "khrushchev-destalinisation"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrent", type=int, default=10)
    args = parser.parse_args()

    import httpx
    import uvicorn

    from marker.render import render
    from marker.web import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning"))
    start = time.perf_counter()
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    startup_s = time.perf_counter() - start

    texts = essays(args.concurrent + 1)
    with httpx.Client(base_url=url, timeout=600) as client:

        def post_api(essay: str) -> dict:
            response = client.post("/api/mark", json={"essay": essay, "scheme": SCHEME_ID})
            response.raise_for_status()
            return response.json()

        post_api(texts[0])  # embed the scheme
        api_s = median_seconds(lambda: post_api(texts[0]), repeat=5)
        page_s = median_seconds(
            lambda: client.post("/", data={"essay": texts[0], "scheme": SCHEME_ID}).raise_for_status(), repeat=5
        )
        with ThreadPoolExecutor(max_workers=args.concurrent) as pool:
            start = time.perf_counter()
            results = list(pool.map(post_api, texts[1:]))
            burst_s = time.perf_counter() - start
    server.should_exit = True

    from marker.pipeline import default_marker

    report = default_marker().mark(texts[0], SCHEME_ID)
    direct_s = median_seconds(lambda: default_marker().mark(texts[0], SCHEME_ID), repeat=5)
    render_ms = {fmt: 1000 * median_seconds(lambda fmt=fmt: render(report, fmt), repeat=10) for fmt in ("text", "md", "html")}

    print(f"start-up (models loaded)   {startup_s:.2f} s")
    print(f"POST /api/mark             {api_s:.3f} s per {len(texts[0].split())}-word essay (median of 5)")
    print(f"POST / (page + report)     {page_s:.3f} s (median of 5)")
    print(f"Marker.mark, same essay    {direct_s:.3f} s, in process (median of 5): the overhead of HTTP is the rest")
    print(f"{args.concurrent} concurrent API calls    {burst_s:.2f} s wall, {len(results) / burst_s:.1f} requests/s, all answered")
    print("feedback + render          " + ", ".join(f"{fmt} {ms:.1f} ms" for fmt, ms in render_ms.items()))


if __name__ == "__main__":
    main()
