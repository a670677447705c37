"""The published site in a real browser: Debian's Chromium, headless, driven by
Playwright (its own browser download is never used). The seed spec's site, its
Chinese counterpart and a spec with tag groups, published as one portal, are served
by a real HTTP server on 127.0.0.1 and also opened from file://; the search is tried
on four real references of the corpus (ModelArts, a Chinese set, two OTC sets).

Skipped, with the reason, where Chromium or Playwright is missing (`make test`
installs both where it can: see the Makefile's `browser` target); the accessibility
check also needs axe-core (`make browser` fetches it into .cache/browser)."""

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

from generator.build import build_dir
from generator.diff import diff_documents, load_side
from generator.diff.model import Side
from generator.emit.serialize import loads, write_tree_atomic
from generator.publish import publish
from generator.publish.model import site_of
from generator.publish.portal import Service, publish_portal

from .conftest import PROJECT, SPECS, corpus_path

SCREENSHOTS = PROJECT / "build" / "screenshots"
AXE = sorted((PROJECT / ".cache" / "browser").glob("axe-core-*.min.js"))
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 1000}}


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
    """One portal as `make docs` writes it: the seed reference in English and in
    Chinese (each page linking to its counterpart) and a spec with tag groups."""
    chinese = loads((PROJECT / "spec" / "modelarts-zh.yaml").read_text(encoding="utf-8"))
    groups = loads((SPECS / "tag_groups.yaml").read_text(encoding="utf-8"))
    root = tmp_path_factory.mktemp("published") / "portal"
    write_tree_atomic(root, publish_portal([
        Service("modelarts", seed_spec), Service("modelarts-zh", chinese),
        Service("evs", groups)]))
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
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)

    def close(self) -> None:
        self.context.close()


def _search(page: Any, query: str) -> list[str]:
    """Type a query; the hrefs of the results once the list answers it."""
    page.fill("#search", query)
    page.wait_for_function(
        "q => document.getElementById('search-results').getAttribute('data-query') === q",
        arg=query)
    hrefs: list[str] = page.eval_on_selector_all(
        "#search-results a", "els => els.map(e => e.getAttribute('href'))")
    return hrefs


def _shot(page: Any, name: str, full: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full)


def test_every_page_loads_clean_and_every_internal_link_resolves(
        browser: Any, root_server: str, sites: Path) -> None:
    """A crawl of the portal from its index: each page loads with no console error and
    no failed request, and each link (the sidebar's, built by script, included) names
    a page that exists and an anchor that is on it."""
    watched = _Watched(browser)
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    queue, seen = [root_server + "index.html"], set()
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
    assert {u[len(root_server):] for u in seen} == pages  # every page of the portal
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


def test_search_by_name_path_and_words_summary_first_and_by_keyboard(
        browser: Any, server: str) -> None:
    """"/" focuses the box, arrows walk the results, Enter opens one, Esc closes; each
    result shows the summary, then method, path and id."""
    watched = _Watched(browser, **DESKTOP)
    page = watched.page
    page.goto(server + "schemas/SmartTaskConfig.html")
    assert _search(page, "ListTasks")[0] == "../operations/ListTasks.html"
    first = page.locator("#search-results a").first
    assert first.locator(".r-title").text_content() == \
        "Obtaining an Auto Labeling Task List by Page"
    assert first.locator(".r-meta").text_content() == \
        "GET/v2/{project_id}/datasets/{dataset_id}/tasksListTasks"
    assert first.evaluate("a => a.firstElementChild.className") == "r-title"
    assert _search(page, "/v2/{project_id}/datasets/{dataset_id}/tasks")[0] == \
        "../operations/ListTasks.html"
    # a concrete path, as seen in a log, finds its template
    assert _search(page, "/v2/0123abc/datasets/OBegCXHx/tasks/14cyxyu6")[0] == \
        "../operations/AutoAnnotationProgress.html"
    # words in another order and form than the summary's ("Querying ... Team Labeling")
    assert _search(page, "team labeling")[0] == "../operations/DescWorkforceTask.html"
    assert _search(page, "labeling teams")[0] == "../operations/DescWorkforceTask.html"
    assert page.is_visible("#search-results")
    assert _search(page, "no such operation zzz") == []
    assert page.text_content("#search-results") == "Nothing found"

    page.keyboard.press("Escape")
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search"
    hits = _search(page, "task")
    assert len(hits) >= 3
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == hits[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == hits[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.press("Escape")
    assert not page.is_visible("#search-results")
    _search(page, "export task")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/operations/ExportTask.html")
    assert page.text_content("h1") == "Creating a Dataset Export Task"
    # Enter in the box opens the first hit
    _search(page, "auto labeling task list")
    page.press("#search", "Enter")
    page.wait_for_url("**/operations/ListTasks.html")
    watched.close()
    assert watched.problems == []


def test_a_hit_on_a_nested_field_name_opens_that_field(browser: Any, server: str) -> None:
    watched = _Watched(browser, **DESKTOP)
    page = watched.page
    page.goto(server + "index.html")
    hits = _search(page, "algorithm_type")
    assert "operations/ListTasks.html#field-algorithm_type" in hits
    assert page.locator("#search-results a[href$='ListTasks.html#field-algorithm_type'] "
                        ".r-field").text_content() == "field algorithm_type"
    page.locator("#search-results a[href$='ListTasks.html#field-algorithm_type']").click()
    page.wait_for_url("**/operations/ListTasks.html#field-algorithm_type")
    field = page.locator("li[id='response-200.tasks.config.algorithm_type']")
    assert field.is_visible()  # the two collapsed levels above it opened
    assert 0 < field.bounding_box()["y"] < 1000
    watched.close()
    assert watched.problems == []


def test_one_search_across_the_services_of_a_portal(browser: Any, root_server: str) -> None:
    """From a page of the Chinese site, an English operation is found, named with its
    service; from the portal's index, a Chinese query finds the Chinese page."""
    watched = _Watched(browser, **DESKTOP)
    page = watched.page
    page.goto(root_server + "modelarts-zh/index.html")
    assert page.get_attribute("html", "lang") == "zh"
    hits = _search(page, "ListTasks")
    assert hits[0] == "../modelarts/operations/ListTasks.html"
    assert page.locator("#search-results a .r-service").first.text_content() == "ModelArts API"
    page.goto(root_server + "index.html")
    hits = _search(page, "团队标注任务")
    assert hits[0] == "modelarts-zh/operations/DescWorkforceTask.html"
    assert page.locator("#search-results a .r-service").first.text_content() == \
        "ModelArts API (zh)"
    _shot(page, "portal-search.png")
    watched.close()
    assert watched.problems == []


# (docs set, include, query, the operation expected in the top 5 by method and path)
SEARCHES = [
    ("otc-modelarts-rst", "**/*.rst", [
        ("create training job", "POST", "/v2/{project_id}/training-jobs"),
        ("auto labeling task list", "GET", "/v2/{project_id}/datasets/{dataset_id}/tasks"),
        ("algorithm_type", "GET", "/v2/{project_id}/datasets/{dataset_id}/tasks"),
        ("/v2/0a1b/datasets/x9/tasks", "GET", "/v2/{project_id}/datasets/{dataset_id}/tasks")]),
    ("huawei-zh-services/evs", "**/*.md", [
        ("创建云硬盘", "POST", "/v2/{project_id}/volumes"),
        ("扩容", "POST", "/v2.1/{project_id}/cloudvolumes/{volume_id}/action"),
        ("删除快照", "DELETE", "/v2/{project_id}/snapshots/{snapshot_id}")]),
    ("otc-services/elastic-volume-service", "**/*.rst", [
        ("create disk", "POST", "/v2/{project_id}/volumes"),
        ("expand capacity", "POST", "/v2/{project_id}/volumes/{volume_id}/action"),
        ("multiattach", "POST", "/v2/{project_id}/cloudvolumes")]),
    ("otc-services/bare-metal-server", "**/*.rst", [
        ("create server", "POST", "/v2.1/{project_id}/servers"),
        ("flavorRef", "POST", "/v1/{project_id}/baremetalservers"),
        ("reboot", "POST", "/v1/{project_id}/baremetalservers/action")]),
]


@pytest.mark.parametrize(("docs", "include", "queries"), SEARCHES,
                         ids=[docs for docs, _, _ in SEARCHES])
def test_search_finds_the_operation_in_the_top_five_on_real_references(
        browser: Any, tmp_path: Path, request: pytest.FixtureRequest, docs: str,
        include: str, queries: list[tuple[str, str, str]]) -> None:
    """References nobody tuned the search to: several words, a nested field's name,
    Chinese, a concrete path; the expected operation (found by method and path, not
    by its id) among the first five results, opened from file://."""
    built = request.getfixturevalue("corpus_build") if docs == "otc-modelarts-rst" \
        else build_dir(corpus_path(*docs.split("/")), [include], title=docs)
    assert built.document is not None
    site = site_of(built.document)
    pages = {(op.method, op.path): op.url for op in site.operations}
    write_tree_atomic(tmp_path / "site", publish(built.document, site=site))
    watched = _Watched(browser, **DESKTOP)
    page = watched.page
    page.goto((tmp_path / "site" / "index.html").as_uri())
    for query, method, path in queries:
        top = [urldefrag(href)[0] for href in _search(page, query)[:5]]
        assert pages[(method, path)] in top, (query, top)
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
        "Data Management")  # the group's title (its folder's, where no index names it)
    # shown on the left of the content, though it follows it in the page
    assert sidebar.bounding_box()["x"] < page.locator("main").bounding_box()["x"]
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


def test_sidebar_groups_tags_as_the_documents_tag_groups_say(
        browser: Any, root_server: str) -> None:
    """x-tagGroups: group names, then their tags in order, then the operations; two
    operations of one summary (v2, v3) tell apart by their version."""
    watched = _Watched(browser, **DESKTOP)
    page = watched.page
    page.goto(root_server + "evs/operations/ListVolumesV3.html")
    groups = page.locator("#sidebar .tag-group")
    assert groups.locator(".tag-group-name").all_text_contents() == [
        "EVS APIs (Recommended)", "OpenStack Cinder APIs (Recommended)"]
    tags = page.eval_on_selector_all(
        "#sidebar .tag-group details.group > summary",
        "els => els.map(e => [e.firstChild.textContent, e.querySelector('.count').textContent])")
    assert tags == [["Disk Management", "2"], ["Disk Snapshot Management", "1"],
                    ["Disks (Cinder v2)", "1"], ["Disks (Cinder v3)", "1"]]
    current = page.locator("#sidebar a[aria-current='page']")
    assert current.locator(".version").text_content() == "v3"
    assert page.locator("#sidebar a[href='../operations/ListVolumes.html'] .version"
                        ).text_content() == "v2"
    assert page.locator("#sidebar a[href='../operations/CreateVolume.html'] .version"
                        ).count() == 0
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
    # a field's name links to the field
    assert tasks.locator(":scope > .fh > .name").get_attribute("href") == "#response-200.tasks"
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


def test_copy_button_copies_a_request_sample_that_runs_in_a_shell(
        browser: Any, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "operations/ListTasks.html")
    sample = page.locator("figure.sample").first
    assert sample.locator("figcaption").text_content().startswith("Request sample")
    button = sample.locator("button.copy")
    button.click()
    page.wait_for_function("() => document.querySelector('button.copy').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == sample.locator("pre").text_content()
    assert copied.startswith("PROJECT_ID='<project_id>'\n")
    assert 'curl -X GET "https://modelarts.eu-de.otc.t-systems.com/v2/$PROJECT_ID/' in copied
    context.close()


def test_keyboard_reaches_the_request_sample_early_and_every_control(
        browser: Any, server: str) -> None:
    """From the top of an operation page, Tab reaches the first Copy after the bar's
    few links (53 Tabs when the sidebar came first); every button, sample box and
    link of the page is reachable by Tab."""
    watched = _Watched(browser, **DESKTOP)
    page = watched.page
    page.goto(server + "operations/ListTasks.html")
    focused = """() => { const e = document.activeElement;
        if (!e || e === document.body) return '';
        return e.tagName + '|' + (e.getAttribute('href') || e.className || e.id); }"""
    reached: set[str] = set()
    tabs = 0
    while not page.evaluate("document.activeElement.classList.contains('copy')"):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(focused))
        tabs += 1
        assert tabs < 12, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    # the skip link, the bar (home, services, operations, schemas, 中文, search), the
    # group above the title, then Copy
    assert tabs <= 9
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "PRE"  # the sample scrolls
    reached.add(page.evaluate(focused))
    for _ in range(400):  # round the page, back to the skip link
        page.keyboard.press("Tab")
        key = page.evaluate(focused)
        if key == "A|#content":
            break
        reached.add(key)
    controls = page.evaluate("""() => Array.from(document.querySelectorAll(
        'main button, main pre, main summary, main a[href]:not([tabindex="-1"]), #sidebar a'))
        .filter(e => e.offsetParent !== null || e.tagName === 'SUMMARY')
        .filter(e => !e.closest('details:not([open]) > ul'))
        .map(e => e.tagName + '|' + (e.getAttribute('href') || e.className || e.id))""")
    assert set(controls) - reached == set()
    watched.close()
    assert watched.problems == []


def _page_width(page: Any) -> int:
    width: int = page.evaluate("Math.max(document.documentElement.scrollWidth, "
                               "document.body.scrollWidth)")
    return width


def test_every_page_template_fits_a_phone(browser: Any, root_server: str, server: str,
                                         changes_site: Path, corpus_build: Any,
                                         tmp_path: Path) -> None:
    """At 390×844: the index, an operation, a schema, the schemas, the changes page,
    the portal and the search open are no wider than the screen (long names wrap),
    in both languages and on the whole ModelArts reference; the request sample is on
    the first screen; the sidebar is a drawer."""
    full = tmp_path / "modelarts"
    write_tree_atomic(full, publish(corpus_build.document))
    largest = max((full / "operations").glob("*.html"), key=lambda p: p.stat().st_size)
    watched = _Watched(browser, **PHONE)
    page = watched.page
    for url in (root_server + "index.html", server + "index.html",
                server + "operations/ListTasks.html", server + "schemas/SmartTaskConfig.html",
                server + "schemas/index.html", root_server + "modelarts-zh/index.html",
                root_server + "modelarts-zh/operations/DescWorkforceTask.html",
                root_server + "evs/operations/CreateVolume.html",
                (changes_site / "changes.html").as_uri(), (full / "index.html").as_uri(),
                largest.as_uri(), (full / "schemas" / "index.html").as_uri()):
        page.goto(url)
        assert _page_width(page) <= 390, url
    page.goto(server + "operations/ListTasks.html")
    sample = page.locator(".pair.lead figure.sample")
    assert sample.bounding_box()["y"] < 844  # reached without scrolling
    description = page.locator(".pair.lead > .text > .description")
    assert sample.bounding_box()["y"] < description.bounding_box()["y"]
    _shot(page, "ListTasks-phone.png")
    _search(page, "labeling")
    assert _page_width(page) <= 390
    _shot(page, "search-phone.png")
    page.keyboard.press("Escape")
    # the drawer: over the page, the current operation focused; Esc closes it
    menu = page.locator("button.menu")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("#sidebar").is_visible()
    menu.click()
    page.wait_for_function("() => getComputedStyle(document.getElementById('sidebar'))"
                           ".transform === 'none'")
    sidebar = page.locator("#sidebar").bounding_box()
    assert sidebar["x"] == 0 and sidebar["width"] <= 390
    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"
    assert menu.get_attribute("aria-expanded") == "true"
    assert _page_width(page) <= 390
    _shot(page, "ListTasks-phone-menu.png")
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.className") == "menu"
    page.wait_for_function("() => !document.body.classList.contains('nav-open')")
    page.goto(root_server + "modelarts-zh/operations/DescWorkforceTask.html")
    _shot(page, "DescWorkforceTask-zh-phone.png")
    _search(page, "标注")
    _shot(page, "search-zh-phone.png")
    watched.close()
    assert watched.problems == []


def test_operation_page_screenshots_and_works_offline(
        browser: Any, server: str, root_server: str, site: Path) -> None:
    desktop = _Watched(browser, **DESKTOP)
    desktop.page.goto(server + "operations/ListTasks.html")
    assert desktop.page.text_content("h1") == "Obtaining an Auto Labeling Task List by Page"
    # examples beside the text on a wide screen
    text = desktop.page.locator("[id='response-200'] > .text").bounding_box()
    example = desktop.page.locator("[id='response-200'] > .samples").bounding_box()
    assert example["x"] >= text["x"] + text["width"]
    _shot(desktop.page, "ListTasks.png", full=True)
    _search(desktop.page, "team labeling")
    _shot(desktop.page, "search.png")
    desktop.page.goto(root_server + "modelarts-zh/operations/DescWorkforceTask.html")
    assert desktop.page.text_content("h2#parameters") == "参数"
    _shot(desktop.page, "DescWorkforceTask-zh.png", full=True)
    _search(desktop.page, "团队")
    _shot(desktop.page, "search-zh.png")
    desktop.close()

    # opened from the disk, with no server: same page, sidebar and search still work
    offline = _Watched(browser)
    offline.page.goto((site / "operations" / "ListTasks.html").as_uri())
    assert offline.page.locator("#sidebar a[aria-current='page']").count() == 1
    assert _search(offline.page, "DescWorkforceTask")[0] == \
        "../operations/DescWorkforceTask.html"
    offline.close()
    assert desktop.problems == offline.problems == []
    assert (SCREENSHOTS / "ListTasks.png").stat().st_size > 10_000


def test_changes_page_of_a_real_revision_pair(browser: Any, changes_site: Path) -> None:
    """Opened from file://: the findings by level, each linking to its field, which
    the page marks and opens."""
    watched = _Watched(browser, viewport={"width": 1280, "height": 1000})
    page = watched.page
    page.goto((changes_site / "changes.html").as_uri())
    findings = page.locator("li.finding")
    assert findings.count() == 8
    assert [findings.nth(i).locator(".changed").text_content() for i in range(8)] == \
        ["breaking"] + ["warning"] * 4 + ["info"] * 3
    assert page.locator("#sidebar .changed-dot.breaking").count() == 1
    _shot(page, "changes.png", full=True)
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


def test_no_accessibility_violation_in_either_language(
        browser: Any, root_server: str, changes_site: Path) -> None:
    """axe-core (vendored for the test, never shipped) finds nothing on the index, an
    operation, a schema and the changes page, in English and in Chinese, on a desktop
    and with the search open."""
    if not AXE:
        pytest.skip("axe-core is not in .cache/browser (`make browser` fetches it with npm)")
    context = browser.new_context(bypass_csp=True, **DESKTOP)  # axe is injected inline
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for url in (root_server + "index.html", root_server + "modelarts/index.html",
                root_server + "modelarts/operations/ListTasks.html",
                root_server + "modelarts/schemas/SmartTaskConfig.html",
                root_server + "modelarts/schemas/index.html",
                root_server + "modelarts-zh/index.html",
                root_server + "modelarts-zh/operations/DescWorkforceTask.html",
                root_server + "modelarts-zh/schemas/index.html",
                root_server + "evs/operations/CreateVolume.html",
                (changes_site / "changes.html").as_uri(), "search"):
        if url == "search":
            page.goto(root_server + "modelarts-zh/index.html")
            _search(page, "标注")
        else:
            page.goto(url)
        page.add_script_tag(path=str(AXE[-1]))
        violations = page.evaluate("""async () => (await axe.run(document)).violations.map(
            v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
        if violations:
            found[url] = violations
    context.close()
    assert found == {}, "\n".join(f"{u}: {v}" for u, vs in found.items() for v in vs)
