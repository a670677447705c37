"""The published site in a real browser: Debian's Chromium, headless, driven by
Playwright (its own browser download is never used). The site of the seed spec is
served by a real HTTP server on 127.0.0.1 and also opened from file://.

Skipped, with the reason, where Chromium or Playwright is missing (`make test`
installs both where it can: see the Makefile's `browser` target)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import pytest

from generator.emit.serialize import write_tree_atomic
from generator.publish import publish

from .conftest import PROJECT

SCREENSHOTS = PROJECT / "build" / "screenshots"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"]


def _chromium() -> str:
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("no Chromium on this machine (Debian: apt-get install chromium; "
                "`make browser` does it where it can)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e .[dev])")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(seed_spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("published") / "site"
    write_tree_atomic(root, publish(seed_spec))
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Watched:
    """A page whose console errors, uncaught exceptions and failed requests are kept."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.page = browser.new_page(**options)
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)

    def close(self) -> None:
        self.page.close()


def test_every_page_loads_clean_and_every_internal_link_resolves(
        browser: Any, server: str, site: Path) -> None:
    """A crawl of the whole site from its index: each page loads with no console error
    and no failed request, and each link names a page that exists and an anchor that
    is on it."""
    watched = _Watched(browser)
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    queue, seen = [server + "index.html"], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = watched.page.goto(url)
        assert response is not None and response.ok, url
        ids[url] = set(watched.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in watched.page.eval_on_selector_all(
                "a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urljoin(url, href)
            links.append((url, target))
            page_url = urldefrag(target)[0]
            if page_url.startswith(server) and page_url not in seen:
                queue.append(page_url)
    watched.close()
    assert watched.problems == []
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert {u[len(server):] for u in seen} == pages  # every page is reachable
    broken = []
    for source, target in links:
        page_url, anchor = urldefrag(target)
        if target.startswith(server) and (
                page_url not in ids or (anchor and anchor not in ids[page_url])):
            broken.append((source, target))
    assert broken == []
    assert len(links) > 500


def test_search_finds_an_operation_by_name_and_by_path(browser: Any, server: str) -> None:
    watched = _Watched(browser)
    page = watched.page
    page.goto(server + "schemas/SmartTaskConfig.html")

    def results(query: str) -> list[tuple[str, str]]:
        page.fill("#search", query)
        return page.eval_on_selector_all(
            "#search-results a", "els => els.map(e => [e.getAttribute('href'), e.textContent])")

    by_name = results("ListTasks")
    assert by_name[0][0] == "../operations/ListTasks.html"
    assert "GET /v2/{project_id}/datasets/{dataset_id}/tasks" in by_name[0][1]
    assert results("/v2/{project_id}/datasets/{dataset_id}/tasks")[0][0] == \
        "../operations/ListTasks.html"
    # a concrete path, as seen in a log, finds its template
    assert results("/v2/0123abc/datasets/OBegCXHx/tasks/14cyxyu6")[0][0] == \
        "../operations/AutoAnnotationProgress.html"
    assert results("team labeling")[0][0] == "../operations/DescWorkforceTask.html"
    assert page.is_visible("#search-results")
    assert results("no such operation zzz") == []
    assert page.text_content("#search-results") == "Nothing found"

    results("export task")
    page.press("#search", "Enter")  # Enter opens the first hit
    page.wait_for_url("**/operations/ExportTask.html")
    assert page.text_content("h1") == "Creating a Dataset Export Task"
    watched.close()
    assert watched.problems == []


def test_operation_page_deep_links_screenshots_and_works_offline(
        browser: Any, server: str, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = _Watched(browser, viewport={"width": 1280, "height": 1000})
    desktop.page.goto(server + "operations/ListTasks.html")
    assert desktop.page.text_content("h1") == "Obtaining an Auto Labeling Task List by Page"
    desktop.page.screenshot(path=str(SCREENSHOTS / "ListTasks.png"), full_page=True)
    # a deep link lands on the nested row, below the sticky header
    desktop.page.goto(server + "operations/ListTasks.html#response-200.tasks.config")
    row = desktop.page.locator("tr[id='response-200.tasks.config']")
    assert row.is_visible() and row.evaluate("e => e.matches(':target')")
    assert 0 < row.bounding_box()["y"] < 400
    desktop.close()

    phone = _Watched(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.page.goto(server + "operations/ListTasks.html#parameters")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    phone.page.screenshot(path=str(SCREENSHOTS / "ListTasks-phone.png"))
    phone.close()

    # opened from the disk, with no server: same page, search still works
    offline = _Watched(browser)
    offline.page.goto((site / "operations" / "ListTasks.html").as_uri())
    offline.page.fill("#search", "DescWorkforceTask")
    assert offline.page.get_attribute("#search-results a", "href") == \
        "../operations/DescWorkforceTask.html"
    offline.close()
    assert desktop.problems == phone.problems == offline.problems == []
    assert (SCREENSHOTS / "ListTasks.png").stat().st_size > 10_000
