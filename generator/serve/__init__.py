"""``docs2openapi serve DOCS_DIR``: a live preview of the published reference for the
people who write the docs.

The folder is built once, then watched (:mod:`.watch`): an edit, a new page, a deleted
or renamed one starts a rebuild that redoes only what the change touches (the build
cache is kept in memory, :class:`~generator.cache.MemoryCache`); the newest build's
site is served on 127.0.0.1 (:mod:`.server`), rendered page by page as browsers ask,
and every open page reloads itself when a newer build is served. The diagnostics of
each build are printed in the terminal and shown on the page of the doc file they are
about (:mod:`.live`). Ctrl-C stops it: the port is freed and the exit status is 0.
"""

from __future__ import annotations

import gc
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from generator.diagnostics import Diagnostic, Level
from generator.serve.live import BuildOptions, LiveBuild, Version
from generator.serve.server import LiveServer
from generator.serve.watch import Folder, changes

__all__ = ["BuildOptions", "serve"]

# how often the folder is looked at (a few milliseconds each time), and how long it
# must stay still before a rebuild (an editor may write a file in two steps)
POLL_SECONDS = 0.05
SETTLE_SECONDS = 0.05
# how long after the last rebuild the collector may tidy up (out of an edit's way)
_TIDY_AFTER = 2.0


def serve(options: BuildOptions, *, port: int = 8000, open_browser: bool = False,
          verbose: bool = False, out: TextIO = sys.stderr,
          on_ready: Callable[[str], None] | None = None) -> int:
    """Build, serve and watch ``options.docs`` until SIGINT or SIGTERM; 0 when stopped,
    2 when the port cannot be had."""
    live = LiveBuild(options)
    try:
        server = LiveServer(port, live)
    except OSError as exc:
        print(f"docs2openapi serve: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc} "
              "(--port 0 takes any free port)", file=out)
        return 2
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    first = live.rebuild()
    _report(options.docs, first, None, verbose, out)
    print(f"docs2openapi serve: {url} ({options.docs}; Ctrl-C stops)", file=out, flush=True)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(live, stop, verbose, out),
                               name="docs2openapi-watch", daemon=True)
    watcher.start()
    http = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                            name="docs2openapi-http", daemon=True)
    http.start()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if on_ready is not None:
            on_ready(url)
        if open_browser:
            import webbrowser
            webbrowser.open(url)
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop.set()
        server.stop()
        watcher.join(timeout=5)
        http.join(timeout=5)
    print("docs2openapi serve: stopped", file=out, flush=True)
    return 0


def _watch(live: LiveBuild, stop: threading.Event, verbose: bool, out: TextIO) -> None:
    """Poll the folder; rebuild when it changed and then held still for a moment."""
    options = live.options
    folder = Folder(options.docs, options.include)
    seen = folder.snapshot()
    last_build = time.monotonic()
    tidy = False
    while not stop.wait(POLL_SECONDS):
        now = folder.snapshot()
        changed = changes(seen, now)
        if not changed:
            if tidy and time.monotonic() - last_build > _TIDY_AFTER:
                # the build pauses the collector; cycles it left are freed here, while
                # nobody waits, and what survives is kept out of later collections
                gc.collect()
                gc.freeze()
                tidy = False
            continue
        while not stop.wait(SETTLE_SECONDS):
            settled = folder.snapshot()
            if settled == now:
                break
            changed = sorted(set(changed) | set(changes(now, settled)))
            now = settled
        seen = now
        before = live.current
        try:
            version = live.rebuild(changed, folder.files)
        except Exception as exc:  # a bug must not end the preview: the last build stays
            print(f"docs2openapi serve: the rebuild failed: {type(exc).__name__}: {exc}",
                  file=out, flush=True)
            continue
        _report(options.docs, version, before, verbose, out)
        last_build, tidy = time.monotonic(), True


def _report(docs: Path, version: Version, before: Version | None, verbose: bool,
            out: TextIO) -> None:
    """The build's diagnostics in the terminal (after a rebuild: those that are new,
    and how many went away), and one line of figures."""
    shown = Level.INFO if verbose else Level.WARNING
    now = [d for d in version.result.diagnostics if d.level >= shown]
    earlier: set[Diagnostic] = set(
        d for d in before.result.diagnostics if d.level >= shown) if before else set()
    for d in now:
        if d not in earlier:
            print(f"{docs / d.source.path}:{d.source.line}: {d.level} {d.code}: {d.message}",
                  file=out)
    gone = len(earlier - set(now))
    result = version.result
    errors = result.count(Level.ERROR)
    what = f"{', '.join(version.changed[:3])}{' ...' if len(version.changed) > 3 else ''}: " \
        if version.changed else ""
    fixed = f", {gone} fixed" if gone else ""
    valid = "" if result.document is not None else "; no valid OpenAPI document"
    print(f"{what}built in {version.seconds:.2f} s: {result.pages} pages, "
          f"{result.operations} operations, {errors} errors, "
          f"{result.count(Level.WARNING)} warnings{fixed}{valid}", file=out, flush=True)

