"""Time the build of the whole ModelArts RST reference, next to the docutils floor.

    .venv/bin/python bench/build.py [--runs 3] [--before REF] [--write BENCHMARKS.md]
                                    [--corpus-runs 1 | --no-corpus]      (make bench)

Every figure is the median wall time of ``--runs`` runs of a fresh process (interpreter
start and imports included, as a user waits for them), all measured in this one run,
round-robin (each round times every measure once), so that a busy machine slows all of
them alike and the ratios hold:

* the floor: plain docutils parsing every page (``Parser().parse``, no transforms, no
  walk), what reading these pages with docutils alone costs;
* ``build`` cold with one worker and with every core (an empty cache), warm with
  nothing changed, and after one page changed (the same cache);
* codegen: models and client for the built spec;
* the whole-tree diff of the two revisions of the reference in the corpus: from their
  docs folders, and from their two built specs next to Redocly's ``diff`` on the same
  specs (@redocly/cli, installed with npm into .cache/bench-tools for the benchmark
  only; skipped, saying why, where npm cannot install it);
* ``serve``: one process started on the same folder (its first build is not timed),
  then once per round a page is edited: the time from the write to the server's event
  that a new build (its spec) is served, and to the served page of the page's operation
  showing the edit; and the server's peak memory over the whole run;
* ``make corpus`` (every docs set of the shared corpus) cold and warm, ``--corpus-runs``
  times each.

With ``--before REF`` the same build and diff measures are also taken, in the same
rounds, with the tool as it was at git revision REF (``git archive`` into a temporary
folder), for a before/after on the same machine at the same time. Each figure is
printed with its ratio to the floor and the peak resident memory of the biggest
process of the run (a worker counts apart). With ``--write``, the table replaces the
part of the file between the ``bench:`` markers.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
DOCS = CORPUS / "otc-modelarts-rst"
OLD, NEW = CORPUS / "otc-modelarts-rst@a52ad03", CORPUS / "otc-modelarts-rst@6d9fb12"
# the page edited for the one-page-changed build, and a same-length rewording
EDITED = "training_management/querying_a_training_job_list.rst"
REWORDING = ("Number of records", "Amount of records")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TOOLS = PROJECT / ".cache" / "bench-tools"  # npm packages for the benchmark only
REDOCLY = TOOLS / "node_modules" / ".bin" / "redocly"
QUIET_NODE = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
              "NO_UPDATE_NOTIFIER": "1"}

FLOOR = """
import sys
from pathlib import Path
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
settings = get_default_settings(Parser)
settings.report_level = settings.halt_level = 5
settings.file_insertion_enabled = settings.raw_enabled = False
for path in sorted(Path(sys.argv[1]).glob("**/*.rst")):
    Parser().parse(path.read_text(encoding="utf-8"), new_document(str(path), settings))
"""

CODEGEN = """
import sys
from generator.codegen import generate_package
from generator.emit.serialize import loads
generate_package(loads(open(sys.argv[1], encoding="utf-8").read()), "modelarts")
"""


@dataclass
class Measure:
    name: str
    command: list[str]
    target: str = ""  # e.g. "<= 0.5x floor" or "<= 0.5 s"
    cwd: Path = PROJECT
    env: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    runs: tuple[float, ...] = ()
    peak_mib: float = 0.0
    before: Measure | None = None  # the same measure with the tool at --before REF


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None
          ) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB, the biggest process of the tree) and exit status."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1, 3):  # 1: docs with errors; 3: a set is not valid
        sys.exit(f"{shlex.join(command)} failed ({process.returncode}):\n"
                 f"{errors.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default=None, metavar="REF",
                        help="also time the tool as it was at this git revision")
    parser.add_argument("--corpus-runs", type=int, default=1)
    parser.add_argument("--no-corpus", action="store_true", help="skip make corpus")
    parser.add_argument("--write", type=Path, default=None, metavar="FILE")
    args = parser.parse_args()
    if not DOCS.is_dir():
        sys.exit(f"the shared corpus is not beside this checkout ({DOCS})")
    work = Path(tempfile.mkdtemp(prefix="docs2openapi-bench-"))
    # every process compiles its modules once, into a folder of the run, and then loads
    # the bytecode, as an installed tool does (PYTHONDONTWRITEBYTECODE, set in some
    # shells, would make each run compile the tool and its libraries again)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        measures, notes = run(work, args.runs, args.before,
                              0 if args.no_corpus else args.corpus_runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = render(measures, args.runs, args.before, notes)
    print(table)
    if args.write is not None:
        write_between_markers(args.write, table)
    return 0


def checkout(ref: str, into: Path) -> Path:
    """The tool's source at git revision ``ref``, in a plain folder (no worktree)."""
    archive = subprocess.run(["git", "archive", ref, "generator", "bench"], cwd=PROJECT,
                             capture_output=True, check=True).stdout
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def redocly() -> str | None:
    """Redocly's CLI for the benchmark only, or why it is not there."""
    if REDOCLY.exists():
        return None
    if shutil.which("npm") is None:
        return "npm is not installed: Redocly's diff is not measured"
    TOOLS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund",
                           "--silent", "@redocly/cli"], capture_output=True, text=True)
    if done.returncode != 0 or not REDOCLY.exists():
        return f"npm could not install @redocly/cli ({done.stderr.strip()[:200]}): " \
               "Redocly's diff is not measured"
    return None


def run(work: Path, runs: int, before: str | None, corpus_runs: int
        ) -> tuple[list[Measure], list[str]]:
    python = sys.executable
    cli = [python, "-m", "generator.cli"]
    cores = len(os.sched_getaffinity(0))
    docs = work / "otc-modelarts-rst"
    shutil.copytree(DOCS, docs)  # a copy: one page of it is edited
    page = docs / EDITED
    original = page.read_text(encoding="utf-8")
    edited = original.replace(*REWORDING)
    assert edited != original, f"{EDITED} no longer has {REWORDING[0]!r}"
    notes: list[str] = []
    # the two revisions' specs, for the spec-to-spec diffs
    old_spec, new_spec = work / "a52ad03.yaml", work / "6d9fb12.yaml"
    for source, target in ((OLD, old_spec), (NEW, new_spec)):
        timed([*cli, "build", str(source), "-o", str(target), "-q", "--no-cache"], PROJECT)

    def builds(tool: Path, tag: str) -> list[Measure]:
        spec, cache = work / f"spec-{tag}.yaml", work / f"cache-{tag}"

        def build(jobs: int, *extra: str) -> list[str]:
            return [*cli, "build", str(docs), "-o", str(spec), "-q", "-j", str(jobs),
                    "--cache-dir", str(cache), *extra]

        return [
            Measure("cold build, 1 worker", build(1), "<= 0.5x floor", tool),
            Measure(f"cold build, {cores} workers (all cores)", build(cores),
                    "<= 0.35x floor", tool),
            Measure("warm no-op build", build(cores), "<= 0.2 s", tool),
            Measure("one page changed", build(cores), "<= 0.5 s", tool),
            Measure("codegen (models + client)", [python, "-c", CODEGEN, str(spec)], "", tool),
            Measure("whole-tree diff a52ad03 -> 6d9fb12 (docs folders)",
                    # (no cache: each run builds both sides from their pages)
                    [*cli, "diff", str(OLD), str(NEW), "--format", "json",
                     *(["--no-cache"] if tool == PROJECT else [])], "", tool),
            Measure("diff of the two built specs", [*cli, "diff", str(old_spec),
                                                    str(new_spec), "--format", "json"],
                    "<= Redocly", tool),
        ]

    floor = Measure("docutils parse-only (floor)", [python, "-c", FLOOR, str(docs)])
    after = builds(PROJECT, "after")
    measures = [floor, *after]
    if before is not None:
        tool = checkout(before, work / "before")
        for mine, theirs in zip(after, builds(tool, "before"), strict=True):
            # as it ran then: openapi-spec-validator on jsonschema, not on jsonschema-rs
            theirs.env = {"OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND": "jsonschema"}
            mine.before = theirs
    why_not = redocly()
    redocly_diff = None
    if why_not is None:
        redocly_diff = Measure("Redocly diff of the same two specs",
                                [str(REDOCLY), "diff", str(old_spec), str(new_spec),
                                 "--format", "json", "--fail-on", "none",
                                 "-o", str(work / "redocly.json")], env=QUIET_NODE)
        measures.append(redocly_diff)
    else:
        notes.append(why_not)

    def sample(measure: Measure, before_run: Callable[[], None] | None = None) -> None:
        if before_run is not None:
            before_run()
        seconds, peak, _ = timed(measure.command, measure.cwd, measure.env)
        measure.runs += (seconds,)
        measure.peak_mib = max(measure.peak_mib, peak)

    served = Served(docs, page, original, cli)
    measures += [served.built, served.measure]
    outputs: dict[str, bytes] = {}
    for _ in range(runs):
        sample(floor)
        served.sample()
        for variant in [after, [m.before for m in after if m.before is not None]]:
            if not variant:
                continue
            cold_one, cold_all, warm, one_page, codegen, diff, spec_diff = variant
            cache = Path(cold_one.command[cold_one.command.index("--cache-dir") + 1])
            spec = Path(cold_one.command[cold_one.command.index("-o") + 1])
            sample(cold_one, lambda cache=cache: shutil.rmtree(cache, ignore_errors=True))
            outputs[f"1 worker {cold_one.cwd}"] = spec.read_bytes()
            sample(cold_all, lambda cache=cache: shutil.rmtree(cache, ignore_errors=True))
            outputs[f"all cores {cold_one.cwd}"] = spec.read_bytes()
            sample(warm)
            page.write_text(edited, encoding="utf-8")
            sample(one_page)
            outputs[f"one page changed {cold_one.cwd}"] = spec.read_bytes()
            page.write_text(original, encoding="utf-8")
            warm.runs += (timed(warm.command, warm.cwd)[0],)  # back to the cached state
            sample(codegen)
            sample(diff)
            sample(spec_diff)
        if redocly_diff is not None:
            sample(redocly_diff)
    # the figures are only worth reporting if the fast paths write what a fresh build does
    assert outputs[f"1 worker {PROJECT}"] == outputs[f"all cores {PROJECT}"], \
        "worker count changed the output"
    if before is not None and \
            outputs[f"1 worker {PROJECT}"] != outputs[f"1 worker {work / 'before'}"]:
        notes.append(f"The whole-tree diff from docs folders at `{before}` reads its build "
                     "cache (that tool has no `--no-cache` for diff); this tree's builds both "
                     "sides from their pages each run.")
        # a revision that changed what the spec says (names, meaning) times another
        # document: say so beside its figures rather than refuse to compare
        notes.append(f"The spec differs from the one the tool wrote at `{before}` (what it "
                     "says changed since, not only how fast): its figures time that document.")
    served.stop()
    page.write_text(edited, encoding="utf-8")
    spec = Path(after[0].command[after[0].command.index("-o") + 1])
    timed([*cli, "build", str(docs), "-o", str(spec), "-q", "--no-cache"], PROJECT)
    assert spec.read_bytes() == outputs[f"one page changed {PROJECT}"], "incremental != fresh"
    page.write_text(original, encoding="utf-8")
    if corpus_runs:
        measures += corpus(work, corpus_runs)
    for measure in [*measures, *(m.before for m in measures if m.before is not None)]:
        measure.seconds = statistics.median(measure.runs)
    return measures, notes


class Served:
    """``docs2openapi serve`` on the bench's copy of the docs: a page edited, and its
    operation's served page fetched until it shows the edit."""

    def __init__(self, docs: Path, page: Path, original: str, cli: list[str]) -> None:
        self.page, self.original = page, original
        self.measure = Measure("serve: one page edited -> its served page updated",
                               [*cli, "serve", str(docs), "--port", "0"], "<= 0.5 s")
        self.built = Measure("serve: one page edited -> new spec served (build event)",
                             self.measure.command, "<= 0.5 s")
        self.process = subprocess.Popen(self.measure.command, cwd=PROJECT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
        assert self.process.stderr is not None
        for line in self.process.stderr:
            found = re.search(r"serve: (http://127\.0\.0\.1:\d+/)", line)
            if found:
                self.url = found.group(1)
                break
        else:
            sys.exit(f"serve did not start ({self.process.wait()})")
        # the rest of what it prints, read so that it never blocks on a full pipe
        threading.Thread(target=self.process.stderr.read, daemon=True).start()
        # the page of the operation the edited file documents: of the operations titled as
        # the page is, the one whose page names the file
        title = original.split("\n")[4]  # under its label and a blank line
        index = self._get("")
        self.operation = next(url for url in re.findall(
            r'<a href="(operations/[^"]+)">[^\n]*?<span class="summary">' + re.escape(title)
            + "<", index) if EDITED in self._get(url))
        self.rounds = 0

    def _get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=60) as answer:
            return str(answer.read().decode("utf-8"))

    def sample(self) -> None:
        self.rounds += 1
        word = f"Numb{self.rounds:02d}"  # as long as "Number": the grid stays aligned
        host, port = self.url.split("//")[1].rstrip("/").split(":")
        events = http.client.HTTPConnection(host, int(port), timeout=60)
        events.request("GET", "/__live/events")
        stream = events.getresponse()
        stream.readline(), stream.readline(), stream.readline()  # the build served now
        start = time.perf_counter()
        self.page.write_text(self.original.replace("Number of records", f"{word} of records"),
                             encoding="utf-8")
        while not stream.readline().startswith(b"event: build"):
            pass
        self.built.runs += (time.perf_counter() - start,)
        events.close()
        while word not in self._get(self.operation):
            time.sleep(0.01)
        self.measure.runs += (time.perf_counter() - start,)
        self.page.write_text(self.original, encoding="utf-8")
        while word in self._get(self.operation):  # back to the unedited page
            time.sleep(0.01)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        assert self.process.returncode == 0, f"serve exited {self.process.returncode}"
        self.measure.peak_mib = self.built.peak_mib = usage.ru_maxrss / 1024


def corpus(work: Path, runs: int) -> list[Measure]:
    """``make corpus`` cold (an empty cache) and warm (the same cache again)."""
    cache = work / "corpus-cache"
    command = [sys.executable, "-m", "generator.cli", "generate", "--config",
               str(PROJECT / "bench" / "corpus.toml"), "--out", str(work / "corpus"), "-q",
               "--cache-dir", str(cache)]
    cold = Measure("make corpus, cold (31 docs sets)", command)
    warm = Measure("make corpus, warm", command)
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        for measure in (cold, warm):
            seconds, peak, _ = timed(measure.command, PROJECT)
            measure.runs += (seconds,)
            measure.peak_mib = max(measure.peak_mib, peak)
    return [cold, warm]


def render(measures: list[Measure], runs: int, before: str | None, notes: list[str]) -> str:
    floor = measures[0].seconds
    redocly_seconds = next((m.seconds for m in measures if m.name.startswith("Redocly")), None)
    pages = sum(1 for _ in DOCS.glob("**/*.rst"))
    compared = f"; before: the tool at `{before}`, timed in the same rounds" if before else ""
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}, {platform.machine()}; "
        f"`otc-modelarts-rst`, {pages} pages; median of {runs} runs, each a fresh process, "
        f"round-robin{compared}; modules loaded from bytecode compiled in the first "
        "round, as an installed tool's are. Outputs checked: byte-identical for 1 worker and all "
        "cores, and the one-page-changed build equals a build without the cache.",
        "",
        "Command: `make bench` (`.venv/bin/python bench/build.py --write BENCHMARKS.md`"
        + (f" `--before {before}`" if before else "") + ")",
        "",
        "| measure | seconds | x floor | target | met | peak RSS (MiB) | before (s) "
        "| before x floor | runs (s) |",
        "|---|---:|---:|---|---|---:|---:|---:|---|",
    ]
    for m in measures:
        met = ""
        if m.target.endswith("x floor"):
            met = "yes" if m.seconds <= float(m.target.split()[1].rstrip("x")) * floor else "no"
        elif m.target.endswith(" s"):
            met = "yes" if m.seconds <= float(m.target.split()[1]) else "no"
        elif m.target == "<= Redocly" and redocly_seconds is not None:
            met = "yes" if m.seconds <= redocly_seconds else "no"
        then = f"{m.before.seconds:.2f} | {m.before.seconds / floor:.2f}" if m.before else " | "
        lines.append(f"| {m.name} | {m.seconds:.2f} | {m.seconds / floor:.2f} | {m.target} | "
                     f"{met} | {m.peak_mib:.0f} | {then} | "
                     f"{', '.join(f'{t:.2f}' for t in m.runs)} |")
    lines += [f"\n{note}" for note in notes]
    return "\n".join(lines) + "\n"


def write_between_markers(path: Path, table: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
