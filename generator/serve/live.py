"""The live build behind ``serve``: the docs folder built once, then again after every
edit, with everything the last build made kept in memory, and the published site of
the newest build rendered page by page as browsers ask for them.

A page of the site is the page :mod:`generator.publish` writes, with three additions:
the diagnostics of the doc file it comes from (or, on the index, of every file), a
script that reloads it when a newer build is served, and ``connect-src 'self'`` in its
Content-Security-Policy so that script may listen to the server's events (every
script is still a file of the server's own: no inline script is ever allowed).
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build import BuildResult, build_dir
from generator.cache import MemoryCache
from generator.diagnostics import Diagnostic, Level
from generator.document import operations

if TYPE_CHECKING:
    from generator.emit.servers import Server
    from generator.publish import SitePlan

# the server's own files, beside the site's (a folder no site page can have)
LIVE = "__live/"
_MAIN = re.compile(r'<main id="content"[^>]*>')
# at most this many diagnostics on one page: a docs set with thousands of warnings
# must not make every page a wall of them
_SHOWN = 200


@dataclass(frozen=True)
class BuildOptions:
    """What ``serve`` builds: the options of ``build``."""

    docs: Path
    include: tuple[str, ...]
    title: str
    version: str = "1.0.0"
    servers: tuple[Server, ...] = ()
    jobs: int = 1


class SharedViews:
    """The published views of the last build a page was asked of: an edit remakes only
    the views of what it touched (:class:`~generator.publish.reuse.ViewMemo`)."""

    def __init__(self) -> None:
        from generator.publish.reuse import ViewMemo

        self.memo = ViewMemo()
        self.lock = threading.Lock()


@dataclass
class Version:
    """One build as served: its number, its result and its site, rendered lazily."""

    number: int
    result: BuildResult
    seconds: float
    changed: tuple[str, ...] = ()  # the pages this build was made for (empty: the first)
    # the views of the build before, for those of this one (shared by every version)
    views: SharedViews | None = None
    _plan: SitePlan | None = None
    _rendered: dict[str, bytes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pages_of_file: dict[str, list[str]] | None = None

    def plan(self) -> SitePlan | None:
        """The published site of this build (None: the build gave no valid document)."""
        if self.result.document is None:
            return None
        with self._lock:
            if self._plan is None:
                from generator.publish import SitePlan
                from generator.publish.model import site_of

                if self.views is None:
                    site = site_of(self.result.document)
                else:
                    with self.views.lock:
                        site = site_of(self.result.document, self.views.memo)
                self._plan = SitePlan(self.result.document, site=site)
            return self._plan

    def page(self, path: str) -> bytes | None:
        """The bytes of one file of the site, decorated for a live preview; None when
        the site has no such file."""
        with self._lock:
            hit = self._rendered.get(path)
        if hit is not None:
            return hit
        plan = self.plan()
        if plan is None:
            text = self._no_document_page() if path in ("index.html", "") else None
        elif path in plan.paths:
            text = plan.render(path)
            if path.endswith(".html"):
                text = self._decorate(text, path)
        else:
            text = None
        if text is None:
            return None
        data = text.encode("utf-8")
        with self._lock:
            self._rendered[path] = data
        return data

    def _decorate(self, text: str, path: str) -> str:
        """The page with its diagnostics, the reload script and a CSP that lets it
        listen to the server."""
        shown = self.diagnostics_for(path)
        panel = _panel(shown, everything=path == "index.html")
        head = (f'<meta name="docs2openapi-live" content="{self.number}">\n'
                f'<link rel="stylesheet" href="/{LIVE}live.css">\n'
                f'<script src="/{LIVE}live.js" defer></script>\n</head>')
        text = text.replace("</head>", head, 1)
        text = text.replace("default-src 'none';", "default-src 'none'; connect-src 'self';", 1)
        # after the main element's opening tag, whatever attributes the template gives it
        return _MAIN.sub(lambda found: f"{found.group(0)}\n{panel}", text, count=1)

    def diagnostics_for(self, path: str) -> list[Diagnostic]:
        """What the page at ``path`` shows: on the index every error and warning, on an
        operation's or a schema's page those of the doc files it comes from."""
        shown = [d for d in self.result.diagnostics if d.level >= Level.WARNING]
        if path == "index.html":
            return shown
        files = set(self.files_of(path))
        return [d for d in shown if d.source.path in files]

    def files_of(self, path: str) -> list[str]:
        """The doc files the site page ``path`` was made from."""
        if self._pages_of_file is None:
            self._pages_of_file = _files_by_page(self.result.document or {})
        return self._pages_of_file.get(path, [])

    def _no_document_page(self) -> str:
        errors = "".join(f"<li><code>{html.escape(e)}</code></li>"
                         for e in self.result.spec_errors[:_SHOWN])
        return (
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "connect-src 'self'; script-src 'self'; style-src 'self'\">\n"
            f'<meta name="docs2openapi-live" content="{self.number}">\n'
            f'<link rel="stylesheet" href="/{LIVE}live.css">\n'
            f'<script src="/{LIVE}live.js" defer></script>\n'
            "<title>No valid OpenAPI document</title>\n</head>\n<body>\n<main id=\"content\">\n"
            "<h1>The docs give no valid OpenAPI document</h1>\n"
            f"<ul>{errors}</ul>\n"
            f"{_panel(self.diagnostics_for('index.html'), everything=True)}\n"
            "</main>\n</body>\n</html>\n")


def _files_by_page(document: dict[str, Any]) -> dict[str, list[str]]:
    """Site page → the doc files of its operation (and of each variant), or schema."""
    from generator.publish.model import operation_urls, schema_urls

    found: dict[str, list[str]] = {}
    urls = operation_urls(document)
    for method, path, op in operations(document):
        url = urls.get((method, path))
        if url is None:
            continue
        nodes = [op, *(v for v in op.get("x-variants") or [] if isinstance(v, dict))]
        found[url] = list(dict.fromkeys(f for node in nodes if (f := _file(node))))
    schemas = (document.get("components") or {}).get("schemas") or {}
    for name, url in schema_urls(document).items():
        file = _file(schemas.get(name))
        if file:
            found[url] = [file]
    return found


def _file(node: Any) -> str | None:
    source = node.get("x-source") if isinstance(node, dict) else None
    return str(source["file"]) if isinstance(source, dict) and "file" in source else None


def _panel(shown: list[Diagnostic], *, everything: bool) -> str:
    where = "the docs" if everything else "this page's doc file"
    if not shown:
        return (f'<section class="live-diagnostics clean" aria-label="Diagnostics">'
                f"<h2>No errors or warnings in {where}</h2></section>")
    errors = sum(1 for d in shown if d.level is Level.ERROR)
    warnings = len(shown) - errors
    items = "\n".join(
        f'<li class="{d.level}"><code>{html.escape(str(d.source))}</code> {d.level} '
        f"{html.escape(d.code)}: {html.escape(d.message)}</li>" for d in shown[:_SHOWN])
    more = f"<p>and {len(shown) - _SHOWN} more (the terminal lists them all)</p>" \
        if len(shown) > _SHOWN else ""
    return (f'<section class="live-diagnostics" aria-label="Diagnostics">'
            f"<h2>{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f" in {where}</h2>"
            f"<ul>\n{items}\n</ul>{more}</section>")


class LiveBuild:
    """The docs folder's newest build, and a way to wait for the next one."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.cache = MemoryCache()
        self.current: Version | None = None
        self._changed = threading.Condition()
        self._views = SharedViews()

    def rebuild(self, changed: Iterable[str] = (), files: Iterable[str] | None = None
                ) -> Version:
        """Build the folder again (only what the edit touched is redone) and serve it.
        ``files``: the page files the include globs select, when just listed."""
        options = self.options
        start = time.perf_counter()
        result = build_dir(options.docs, options.include, title=options.title,
                           version=options.version, servers=options.servers,
                           jobs=options.jobs if self.current is None else 1,
                           cache=self.cache, keep_pages=False, found=files)
        self.cache.sweep()
        number = self.current.number + 1 if self.current is not None else 1
        version = Version(number, result, time.perf_counter() - start, tuple(changed),
                          self._views)
        with self._changed:
            self.current = version
            self._changed.notify_all()
        return version

    def wait_for_newer(self, number: int, timeout: float) -> Version | None:
        """The served build once it is newer than ``number`` (None after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self.current is not None
                                   and self.current.number != number, timeout)
            current = self.current
        return current if current is not None and current.number != number else None

    def wake(self) -> None:
        """Wake everyone waiting for a build (the server is stopping)."""
        with self._changed:
            self._changed.notify_all()

