"""A real HTTP server on 127.0.0.1 whose answers a test scripts, recording every request
exactly as it arrived (raw path and query, headers, body bytes); and a helper that
generates a client package from a spec and imports it."""

from __future__ import annotations

import importlib
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generator.codegen import generate_package, package_name


@dataclass
class Received:
    method: str
    target: str  # the request target as sent: raw path and query
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def raw_query(self) -> str:
        return urlsplit(self.target).query

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.raw_query, keep_blank_values=True)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Answer:
    status: int = 200  # 0: close the connection without an answer
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent as it is instead of ``body`` as JSON
    content_type: str = "application/json"
    delay: float = 0.0  # seconds to wait before answering (a hung endpoint)


Handler = Callable[[Received], Answer]


@dataclass
class Loopback:
    base_url: str
    received: list[Received]


@contextmanager
def loopback(handler: Handler) -> Iterator[Loopback]:
    received: list[Received] = []

    class Request(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # a response is two writes: no 40 ms delayed ACK

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            seen = Received(self.command, self.path, dict(self.headers.items()),
                            self.rfile.read(length) if length else b"")
            received.append(seen)
            answer = handler(seen)
            if answer.status == 0:  # hang up without answering
                self.close_connection = True
                return
            if answer.delay:
                time.sleep(answer.delay)
            data = answer.raw if answer.raw is not None else (
                json.dumps(answer.body).encode() if answer.body is not None else b"")
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _answer

        def log_message(self, format: str, *args: Any) -> None:
            return  # keep the test output quiet

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Request)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Loopback(f"http://127.0.0.1:{httpd.server_address[1]}", received)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def install(document: dict[str, Any], service: str, root: Path) -> ModuleType:
    """Generate the client package of ``document`` under ``root`` and import it
    (``service`` must be unique within the test session)."""
    for relative, text in generate_package(document, service).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(package_name(service))
    finally:
        sys.path.remove(str(root))
