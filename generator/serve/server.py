"""The HTTP side of ``serve``: the newest build's site on 127.0.0.1, and an event
stream that tells open pages when a newer build is served.

Standard library only (``http.server``, a thread per connection): one writer previews
their docs in a browser or two, and an open page holds one connection to the events.
"""

from __future__ import annotations

import mimetypes
import posixpath
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.serve.live import LIVE, LiveBuild

# how often an idle event stream says it is alive (proxies and browsers drop silent ones)
_HEARTBEAT = 15.0
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".json": "application/json"}


class LiveServer(ThreadingHTTPServer):
    """Serves ``live``'s newest build; :meth:`stop` ends every open event stream."""

    daemon_threads = True  # a page left open must not keep the process alive
    allow_reuse_address = True

    def __init__(self, port: int, live: LiveBuild) -> None:
        self.live = live
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", port), _Handler)

    def stop(self) -> None:
        self.stopping.set()
        self.live.wake()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: LiveServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = _site_path(self.path)
        if path is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)
            return
        if path == LIVE + "events":
            self._events()
            return
        if path.startswith(LIVE):
            data = _own_file(path[len(LIVE):])
        else:
            version = self.server.live.current
            data = version.page(path) if version is not None else None
        if data is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)
            return
        kind = _TYPES.get(posixpath.splitext(path)[1]) or \
            mimetypes.guess_type(path)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, data, kind, body)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # every load shows the newest build
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """A server-sent event stream: the served build's number now, and again after
        every rebuild, until the page goes or the server stops."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        live, stopping = self.server.live, self.server.stopping
        number = -1
        try:
            while not stopping.is_set():
                version = live.wait_for_newer(number, _HEARTBEAT)
                if stopping.is_set():
                    break
                if version is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    number = version.number
                    self.wfile.write(f"event: build\ndata: {number}\n\n".encode())
                self.wfile.flush()
        except OSError:
            return  # the page was closed

    def log_message(self, format: str, *args: Any) -> None:
        return  # the terminal shows the docs' diagnostics, not every request


def _site_path(raw: str) -> str | None:
    """The site file a request asks for ("" and folders mean their index.html); None for
    a path that leaves the site."""
    path = unquote(urlsplit(raw).path)
    if "\\" in path or "\0" in path:
        return None
    normal = posixpath.normpath("/" + path.lstrip("/"))
    if normal.startswith("//") or "/../" in normal + "/":
        return None
    rel = normal.lstrip("/")
    if rel == "" or path.endswith("/"):
        rel = posixpath.join(rel, "index.html")
    return rel


def _own_file(name: str) -> bytes | None:
    if name not in ("live.js", "live.css"):
        return None
    return (resources.files("generator.serve") / "assets" / name).read_bytes()
