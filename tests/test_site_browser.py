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

from generator.diff import diff_documents, load_side
from generator.diff.model import Side
from generator.emit.serialize import loads, write_tree_atomic
from generator.publish import publish, translation_of

from .conftest import PROJECT, corpus_path

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
def sites(seed_spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed reference in English and in Chinese, side by side as `make docs` writes
    them, each page linking to its counterpart."""
    chinese = loads((PROJECT / "spec" / "modelarts-zh.yaml").read_text(encoding="utf-8"))
    root = tmp_path_factory.mktemp("published")
    write_tree_atomic(root / "modelarts", publish(
        seed_spec, translation=translation_of(seed_spec, chinese, "../modelarts-zh")))
    write_tree_atomic(root / "modelarts-zh", publish(
        chinese, translation=translation_of(chinese, seed_spec, "../modelarts")))
    return root


@pytest.fixture(scope="module")
def site(sites: Path) -> Path:
    return sites / "modelarts"


@pytest.fixture(scope="module")
def changes_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real revision pair of the corpus: ListTasks lost an enum value of a query
    parameter and gained response fields; its site with the changes page."""
    folder = corpus_path("revisions", "02-listtasks-enum-removed-field-added")
    old, new = load_side(str(folder / "before.rst")), load_side(str(folder / "after.rst"))
    root = tmp_path_factory.mktemp("changes") / "site"
    write_tree_atomic(root, publish(new.document,
                                    changes=diff_documents(old, Side(new.document, "")),
                                    changes_from=old.label))
    return root


@pytest.fixture(scope="module")
def root_server(sites: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(sites))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(root_server: str) -> str:
    return root_server + "modelarts/"


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
        browser: Any, root_server: str, sites: Path) -> None:
    """A crawl of both languages' sites from the English index: each page loads with no
    console error and no failed request, and each link (the sidebar's, built by
    script, included) names a page that exists and an anchor that is on it."""
    watched = _Watched(browser)
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    queue, seen = [root_server + "modelarts/index.html"], set()
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
            if page_url.startswith(root_server) and page_url not in seen:
                queue.append(page_url)
    watched.close()
    assert watched.problems == []
    pages = {p.relative_to(sites).as_posix() for p in sites.rglob("*.html")}
    assert {u[len(root_server):] for u in seen} == pages  # every page of both is reachable
    broken = []
    for source, target in links:
        page_url, anchor = urldefrag(target)
        if target.startswith(root_server) and (
                page_url not in ids or (anchor and anchor not in ids[page_url])):
            broken.append((source, target))
    assert broken == []
    assert len(links) > 500
    # the English page of DescWorkforceTask leads to the Chinese one
    assert (root_server + "modelarts/operations/DescWorkforceTask.html",
            root_server + "modelarts-zh/operations/DescWorkforceTask.html") in links


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


def _field(page: Any, anchor: str) -> Any:
    return page.locator(f"li[id='{anchor}']")


def test_sidebar_lists_every_operation_by_tag_and_marks_the_current_one(
        browser: Any, server: str, site: Path) -> None:
    watched = _Watched(browser, viewport={"width": 1280, "height": 900})
    page = watched.page
    page.goto(server + "operations/ListTasks.html")
    sidebar = page.locator("#sidebar")
    assert sidebar.is_visible()
    operations = sidebar.locator("details.group > ul > li > a")
    assert operations.count() == len(list((site / "operations").glob("*.html")))
    current = sidebar.locator("a[aria-current='page']")
    assert current.count() == 1
    assert current.get_attribute("href") == "../operations/ListTasks.html"
    assert current.locator(".method").text_content() == "GET"
    assert "Obtaining an Auto Labeling Task List by Page" in current.text_content()
    assert current.is_visible()  # its group is open
    assert sidebar.locator("details.group > summary").first.text_content().startswith(
        "data_management")
    # the sidebar scrolls on its own: the page stays at its top
    assert page.evaluate("window.scrollY") == 0
    sidebar.locator("a[href='../operations/ExportTask.html']").click()
    page.wait_for_url("**/operations/ExportTask.html")
    assert page.locator("#sidebar a[aria-current='page']").get_attribute("href") == \
        "../operations/ExportTask.html"
    # previous / next follow the sidebar
    page.locator("a[rel='next']").click()
    page.wait_for_url("**/operations/ListTasks.html")
    watched.close()
    assert watched.problems == []


def test_nested_fields_start_collapsed_and_open_per_level_or_all(
        browser: Any, server: str) -> None:
    watched = _Watched(browser, viewport={"width": 1280, "height": 1000})
    page = watched.page
    page.goto(server + "operations/ListTasks.html")
    collapsed = page.evaluate("document.documentElement.scrollHeight")
    assert collapsed < 3 * 1000, "ListTasks should fit in about two screens, collapsed"
    tasks, config = _field(page, "response-200.tasks"), _field(page, "response-200.tasks.config")
    algorithm = _field(page, "response-200.tasks.config.algorithm_type")
    assert tasks.is_visible() and not config.is_visible()
    tasks.locator(":scope > details > summary").click()  # one level opens
    assert config.is_visible() and not algorithm.is_visible()
    config.locator(":scope > details > summary").click()
    assert algorithm.is_visible()
    expand = page.locator("button.expand-all").first
    assert expand.text_content() == "Expand all"
    expand.click()
    assert page.locator("main details:not([open])").count() == 0
    expanded = page.evaluate("document.documentElement.scrollHeight")
    assert expanded > 3 * collapsed
    assert expand.text_content() == "Collapse all"
    expand.click()
    assert page.locator("main details[open]").count() == 0 and not config.is_visible()
    watched.close()
    assert watched.problems == []


def test_a_deep_link_opens_the_collapsed_levels_around_its_field(
        browser: Any, server: str) -> None:
    watched = _Watched(browser, viewport={"width": 1280, "height": 1000})
    page = watched.page
    page.goto(server + "operations/ListTasks.html#response-200.tasks.config.algorithm_type")
    field = _field(page, "response-200.tasks.config.algorithm_type")
    assert field.is_visible() and field.evaluate("e => e.matches(':target')")
    box = field.bounding_box()
    top = page.locator("header.top").bounding_box()
    assert top["height"] <= box["y"] < 400  # below the sticky bar, on screen
    # a link inside the page to another collapsed field opens it too
    page.evaluate("location.hash = '#response-200.tasks.result.service_id'")
    assert _field(page, "response-200.tasks.result.service_id").is_visible()
    watched.close()
    assert watched.problems == []


def test_without_script_fields_still_open_and_the_index_lists_everything(
        browser: Any, server: str) -> None:
    page = browser.new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page.goto(server + "operations/ListTasks.html")
    config = _field(page, "response-200.tasks.config")
    assert not config.is_visible()
    _field(page, "response-200.tasks").locator(":scope > details > summary").click()
    assert config.is_visible()
    fallback = page.locator("#sidebar a[href='../index.html']")
    assert fallback.is_visible() and "Every operation" in fallback.text_content()
    assert page.locator("button.copy:visible, button.expand-all:visible").count() == 0
    page.close()


def test_copy_button_copies_the_request_sample(browser: Any, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "operations/ListTasks.html")
    sample = page.locator("figure.sample").first
    assert sample.locator("figcaption").text_content().startswith("Request sample")
    button = sample.locator("button.copy")
    button.click()
    page.wait_for_function("document.querySelector('button.copy').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == sample.locator("pre").text_content()
    assert copied.startswith("curl -X GET 'https://modelarts.eu-de.otc.t-systems.com/v2/")
    context.close()


def test_operation_page_screenshots_phone_layout_and_works_offline(
        browser: Any, server: str, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = _Watched(browser, viewport={"width": 1280, "height": 1000})
    desktop.page.goto(server + "operations/ListTasks.html")
    assert desktop.page.text_content("h1") == "Obtaining an Auto Labeling Task List by Page"
    # examples beside the text on a wide screen
    text = desktop.page.locator("[id='response-200'] > .text").bounding_box()
    example = desktop.page.locator("[id='response-200'] > .samples").bounding_box()
    assert example["x"] >= text["x"] + text["width"]
    desktop.page.screenshot(path=str(SCREENSHOTS / "ListTasks.png"), full_page=True)
    desktop.close()

    phone = _Watched(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.page
    page.goto(server + "operations/ListTasks.html")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert not page.locator("#sidebar").is_visible()
    # one column: the example comes after its fields
    text = page.locator("[id='response-200'] > .text").bounding_box()
    example = page.locator("[id='response-200'] > .samples").bounding_box()
    assert example["y"] >= text["y"] + text["height"]
    page.screenshot(path=str(SCREENSHOTS / "ListTasks-phone.png"))
    menu = page.locator("button.menu")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert page.locator("#sidebar a[aria-current='page']").is_visible()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "ListTasks-phone-menu.png"))
    menu.click()
    assert not page.locator("#sidebar").is_visible()
    phone.close()

    # opened from the disk, with no server: same page, sidebar and search still work
    offline = _Watched(browser)
    offline.page.goto((site / "operations" / "ListTasks.html").as_uri())
    assert offline.page.locator("#sidebar a[aria-current='page']").count() == 1
    offline.page.fill("#search", "DescWorkforceTask")
    assert offline.page.get_attribute("#search-results a", "href") == \
        "../operations/DescWorkforceTask.html"
    offline.close()
    assert desktop.problems == phone.problems == offline.problems == []
    assert (SCREENSHOTS / "ListTasks.png").stat().st_size > 10_000


def test_changes_page_of_a_real_revision_pair(browser: Any, changes_site: Path) -> None:
    """Opened from file://: the findings by level, each linking to its field, which
    the page marks and opens."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watched = _Watched(browser, viewport={"width": 1280, "height": 1000})
    page = watched.page
    page.goto((changes_site / "changes.html").as_uri())
    findings = page.locator("li.finding")
    assert findings.count() == 8
    assert [findings.nth(i).locator(".changed").text_content() for i in range(8)] == \
        ["breaking"] + ["warning"] * 4 + ["info"] * 3
    assert page.locator("#sidebar .changed-dot.breaking").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "changes.png"), full_page=True)
    findings.nth(0).locator("a").click()
    page.wait_for_url("**/operations/ListTasks.html#param-query-type")
    badge = _field(page, "param-query-type").locator("a.changed.breaking")
    assert badge.is_visible() and badge.text_content() == "breaking change"
    page.go_back()
    # a response field three collapsed levels down
    page.locator("li.finding a[href$='#response-200.tasks.result.dataset_type']").click()
    page.wait_for_url("**/operations/ListTasks.html#response-200.tasks.result.dataset_type")
    field = _field(page, "response-200.tasks.result.dataset_type")
    assert field.is_visible() and field.locator("a.changed.warning").is_visible()
    box = field.bounding_box()
    assert 0 < box["y"] < 1000
    # the badge leads back to its entry on the changes page
    field.locator("a.changed").click()
    page.wait_for_url("**/changes.html#change-*")
    assert page.locator("li.finding:target").text_content().count("dataset_type") >= 1
    watched.close()
    assert watched.problems == []
