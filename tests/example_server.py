"""A real HTTP server on 127.0.0.1 that answers every operation of a spec with the
docs' own example response, and records what it was sent.

``dataset_id == "missing"`` (or any path segment ``missing``) answers 404 with the
vendor's error body; a list in the example is sliced by ``offset``/``limit``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ERROR_BODY = {"error_code": "ModelArts.4352", "error_msg": "The dataset does not exist."}


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    status: int
    example: Any


@dataclass
class ExampleServer:
    routes: list[Route]
    seen: list[Seen] = field(default_factory=list)
    base_url: str = ""


def routes_from_spec(spec: dict[str, Any]) -> list[Route]:
    routes = []
    for path, item in spec["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "([^/]+)", re.escape(path)) + "$")
        for method, operation in item.items():
            status, example = 200, None
            for code, response in operation["responses"].items():
                if str(code).startswith("2"):
                    media = response.get("content", {}).get("application/json", {})
                    examples = list(media.get("examples", {}).values())
                    status, example = int(code), examples[0]["value"] if examples else None
                    break
            routes.append(Route(method.upper(), pattern, status, example))
    return routes


def _page(example: Any, query: dict[str, list[str]]) -> Any:
    if not isinstance(example, dict) or "limit" not in query:
        return example
    offset, limit = int(query.get("offset", ["0"])[0]), int(query["limit"][0])
    for key, value in example.items():
        if isinstance(value, list):
            return {**example, key: value[offset:offset + limit]}
    return example


@contextmanager
def serve(spec: dict[str, Any]) -> Iterator[ExampleServer]:
    server_state = ExampleServer(routes_from_spec(spec))

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            query = parse_qs(url.query)
            server_state.seen.append(Seen(self.command, url.path, query,
                                          dict(self.headers.items()),
                                          json.loads(raw) if raw else None))
            route = next((r for r in server_state.routes if r.method == self.command
                          and r.pattern.match(url.path)), None)
            if route is None or "missing" in url.path.split("/"):
                self._send(404, ERROR_BODY)
            elif route.example is None:
                self._send(route.status, None)
            else:
                self._send(route.status, _page(route.example, query))

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

        def log_message(self, format: str, *args: Any) -> None:
            return  # keep the test output quiet

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
