"""Issue 27: ``docs2openapi serve``, the live preview, run as a writer runs it (a real
process on a temporary copy of a corpus folder, a real HTTP server on 127.0.0.1): a page
edited, added, deleted, renamed and broken, each visible over HTTP; the diagnostics on
the page they concern; the event stream that reloads open pages (and, in a real
browser, the reload itself under the site's CSP); Ctrl-C exits 0 and frees the port."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import PROJECT, corpus_path

FOLDER = "authorization_management"
EDITED = f"{FOLDER}/deleting_authorization.rst"
BROKEN = PROJECT / "tests" / "pages" / "broken" / "malformed_grid_table.rst"
READY = re.compile(r"docs2openapi serve: (http://127\.0\.0\.1:\d+/)")


class Served:
    """A running ``docs2openapi serve`` and what it printed."""

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", str(docs), "--port", "0", "-j", "1"],
            cwd=docs.parent, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.lines: list[str] = []
        self.url = ""
        ready = threading.Event()

        def drain() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.lines.append(line)
                found = READY.search(line)
                if found:
                    self.url = found.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        if not ready.wait(180) or not self.url:
            self.process.kill()
            pytest.fail("serve did not start:\n" + "".join(self.lines))

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as answer:
            return str(answer.read().decode("utf-8"))

    def wait_for(self, path: str, holds: Callable[[str], bool], what: str,
                 timeout: float = 90) -> str:
        """The page once ``holds`` is true of it (the rebuild after an edit landed)."""
        deadline = time.monotonic() + timeout
        while True:
            page = self.get(path)
            if holds(page):
                return page
            if time.monotonic() > deadline:
                pytest.fail(f"{path}: {what} did not happen; serve printed:\n"
                            + "".join(self.lines[-20:]))
            time.sleep(0.1)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "modelarts"
    shutil.copytree(corpus_path("otc-modelarts-rst", FOLDER), root / FOLDER)
    return root


@pytest.fixture
def served(docs: Path) -> Iterator[Served]:
    running = Served(docs)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


# an operation's entry on the index: its page and its title
_ENTRY = re.compile(r'<a href="(operations/[^"]+)">[^\n]*?<span class="summary">([^<]+)</span>')


def _titles(index: str) -> list[str]:
    """The operation titles the index page lists."""
    return [title for _, title in _ENTRY.findall(index)]


def _operation_page(index: str, title: str) -> str:
    pages = [url for url, listed in _ENTRY.findall(index) if listed == title]
    assert pages, f"{title!r} is not on the index"
    return pages[0]


def test_index_edit_add_rename_delete_each_visible_over_http(served: Served, docs: Path) -> None:
    index = served.get("/")
    assert sorted(_titles(index)) == ["Configuring Authorization", "Creating a ModelArts Agency",
                                      "Deleting Authorization", "Viewing an Authorization List"]

    # edited: the title (its underline is as long) and a parameter's description
    page = docs / EDITED
    text = page.read_text(encoding="utf-8")
    assert "Deleting Authorization\n======================" in text
    page.write_text(text.replace("Deleting Authorization\n", "Removing Authorization\n", 1),
                    encoding="utf-8")
    index = served.wait_for("/", lambda p: "Removing Authorization" in _titles(p),
                            "the edited title on the index")
    assert "Deleting Authorization" not in _titles(index)
    operation = served.get(_operation_page(index, "Removing Authorization"))
    assert re.search(r"<h1[^>]*>Removing Authorization", operation)
    assert "deleting_authorization.rst" in operation  # its x-source line

    # added: a page of another folder, with an operation of its own
    added = docs / "service_management" / "deleting_a_service.rst"
    added.parent.mkdir()
    shutil.copy(corpus_path("otc-modelarts-rst", "service_management", "deleting_a_service.rst"),
                added)
    index = served.wait_for("/", lambda p: "Deleting a Service" in _titles(p),
                            "the added page on the index")
    operation = served.get(_operation_page(index, "Deleting a Service"))
    assert "/v1/{project_id}/services/{service_id}" in operation.replace("<wbr>", "")
    assert "service_management/deleting_a_service.rst" in operation

    # renamed: the operation stays, and says the page it now comes from
    renamed = added.with_name("removing_a_service.rst")
    added.rename(renamed)
    served.wait_for(_operation_page(index, "Deleting a Service"),
                    lambda p: "service_management/removing_a_service.rst" in p,
                    "the renamed page's operation")

    # deleted: its operation leaves the index, the others stay
    renamed.unlink()
    index = served.wait_for("/", lambda p: "Deleting a Service" not in _titles(p),
                            "the deleted page's operation gone")
    assert len(_titles(index)) == 4
    assert served.stop() == 0


def test_a_broken_page_shows_what_it_can_with_its_diagnostics(served: Served, docs: Path
                                                              ) -> None:
    index = served.get("/")
    assert "live-diagnostics" in index and "Malformed" not in index
    (docs / FOLDER / "malformed.rst").write_bytes(BROKEN.read_bytes())
    index = served.wait_for("/", lambda p: "Malformed Grid Table" in _titles(p),
                            "the broken page's operation")
    # on the index, every error of the docs, at its file and line
    assert f"{FOLDER}/malformed.rst:14</code> error rst-error: Malformed table." in index
    # on the operation's page: its own file's error, and what the page could say
    operation = served.get(_operation_page(index, "Malformed Grid Table"))
    assert "2 errors, 1 warning in this page's doc file" in operation
    assert "undocumented-path-parameter" in operation
    assert "Right border not aligned" in operation
    assert "/v1/{project_id}/malformed" in operation.replace("<wbr>", "")
    # another operation's page does not show it
    other = served.get(_operation_page(index, "Configuring Authorization"))
    assert "rst-error" not in other
    # and the terminal said it
    served.wait_for("/", lambda _: any("malformed.rst:14: error rst-error" in line
                                       for line in served.lines), "the terminal's diagnostic")
    # fixed: the error is gone from the page
    (docs / FOLDER / "malformed.rst").unlink()
    served.wait_for("/", lambda p: "rst-error" not in p, "the fixed error gone")
    assert served.stop() == 0


def test_open_pages_hear_of_each_new_build(served: Served, docs: Path) -> None:
    """The event stream says the served build's number at once and after each rebuild;
    every page names the number it was made from, and loads the reload script."""
    index = served.get("/")
    assert '<meta name="docs2openapi-live" content="1">' in index
    assert '<script src="/__live/live.js" defer></script>' in index
    assert "connect-src 'self'" in index and "script-src 'self'" in index
    assert "EventSource" in served.get("/__live/live.js")
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    connection.request("GET", "/__live/events")
    stream = connection.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream"
    assert stream.readline() == b"event: build\n" and stream.readline() == b"data: 1\n"
    page = docs / EDITED
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more paragraph.\n",
                    encoding="utf-8")
    while (line := stream.readline()) in (b"\n", b": still here\n"):
        pass
    assert line == b"event: build\n" and stream.readline() == b"data: 2\n"
    connection.close()
    assert '<meta name="docs2openapi-live" content="2">' in served.get("/")
    assert served.stop() == 0


def test_the_server_stays_in_the_site(served: Served) -> None:
    for path in ("/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/__live/../../x",
                 "/__live/events.py", "/no-such-page.html"):
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        connection.request("GET", path)
        assert connection.getresponse().status == 404, path
        connection.close()
    assert served.stop() == 0


def test_ctrl_c_exits_0_and_frees_the_port(served: Served) -> None:
    port = served.port
    served.get("/")
    # an open event stream must not keep the server alive
    listener = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    listener.request("GET", "/__live/events")
    listener.getresponse().readline()
    assert served.stop() == 0
    assert "docs2openapi serve: stopped" in "".join(served.lines)
    listener.close()
    with pytest.raises(ConnectionRefusedError):  # nothing listens on it
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with socket.socket() as probe:  # and a server can listen on it again, as a new serve
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()


def test_a_port_in_use_is_one_line_and_exit_2(docs: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "serve", str(docs), "--port",
             str(taken.getsockname()[1])], capture_output=True, text=True, timeout=120,
            env={**os.environ})
    assert done.returncode == 2
    assert done.stderr.startswith("docs2openapi serve: cannot listen on 127.0.0.1:")
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


def test_an_open_page_reloads_itself_in_a_browser(served: Served, docs: Path) -> None:
    """Debian's Chromium, as tests/test_site_browser.py drives it: the open index page
    reloads by itself when the edit lands, and the CSP lets the reload script listen
    (no console error, no refused connection)."""
    from .test_site_browser import CHROMIUM_FLAGS, _chromium

    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e .[dev])")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            tab = browser.new_page()
            problems: list[str] = []
            tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url}")
                   if "/__live/events" not in r.url else None)
            tab.goto(served.url)
            tab.wait_for_selector("#sidebar a")
            assert tab.locator("text=Deleting Authorization").count() >= 1
            page = docs / EDITED
            page.write_text(page.read_text(encoding="utf-8").replace(
                "Deleting Authorization\n", "Removing Authorization\n", 1), encoding="utf-8")
            # nobody reloads the tab: the page does it when the rebuild is served
            tab.wait_for_selector('meta[name="docs2openapi-live"][content="2"]',
                                  state="attached", timeout=90_000)
            assert tab.locator("main >> text=Removing Authorization").count() >= 1
            assert problems == []
        finally:
            browser.close()
    assert served.stop() == 0


def test_the_watched_folder_sees_edits_additions_deletions_and_renames(docs: Path) -> None:
    """The poll lists the folder again only when a folder in it changed: what it sees
    after each kind of change is what a fresh listing sees, and a plain edit is seen
    without listing again."""
    from generator.build import discover
    from generator.serve.watch import Folder, changes

    include = ("**/*.rst",)
    folder = Folder(docs, include)
    seen = folder.snapshot()
    assert sorted(seen) == discover(docs, include)
    page = docs / EDITED
    moved = docs / "renamed" / "moved.rst"

    def look(expected: list[str]) -> None:
        nonlocal seen
        now = folder.snapshot()
        assert changes(seen, now) == expected
        assert sorted(now) == discover(docs, include) == folder.files
        seen = now

    page.write_text(page.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    look([EDITED])
    (docs / FOLDER / "added.rst").write_text("Added\n=====\n", encoding="utf-8")
    look([f"{FOLDER}/added.rst"])
    moved.parent.mkdir()
    page.rename(moved)
    look([EDITED, "renamed/moved.rst"])
    (docs / FOLDER / "added.rst").unlink()
    look([f"{FOLDER}/added.rst"])
    # once every folder is older than a coarse clock's tick, an edit costs no listing
    old = time.time() - 10
    for path in (docs, docs / FOLDER, moved.parent):
        os.utime(path, (old, old))
    folder.snapshot()
    listed = folder.files
    moved.write_text("Moved\n=====\n", encoding="utf-8")
    look(["renamed/moved.rst"])
    assert folder.files is listed
