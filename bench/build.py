"""Time the build of the whole ModelArts RST reference, next to the docutils floor.

    .venv/bin/python bench/build.py [--runs 3] [--write BENCHMARKS.md]   (make bench)

Every figure is the median wall time of ``--runs`` runs of a fresh process (interpreter
start and imports included, as a user waits for them), measured in this one run:

* the floor: plain docutils parsing every page (``Parser().parse``, no transforms, no
  walk), the least any docutils-based reader of these pages can take;
* ``build`` cold with one worker and with every core (an empty cache), warm with
  nothing changed, and after one page changed (the same cache);
* codegen: models and client for the built spec;
* the whole-tree diff of the two revisions of the reference in the corpus.

Each is printed with its ratio to the floor, and the peak resident memory of the
biggest process of the run (a worker counts apart). With ``--write``, the table
replaces the part of the file between the ``bench:`` markers.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
DOCS = CORPUS / "otc-modelarts-rst"
OLD, NEW = CORPUS / "otc-modelarts-rst@a52ad03", CORPUS / "otc-modelarts-rst@6d9fb12"
# the page edited for the one-page-changed build, and a same-length rewording
EDITED = "training_management/querying_a_training_job_list.rst"
REWORDING = ("Number of records", "Amount of records")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

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
    target: str = ""  # e.g. "<= 1.2x floor" or "<= 0.5 s"
    seconds: float = 0.0
    runs: tuple[float, ...] = ()
    peak_mib: float = 0.0


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB, the biggest process of the tree) and exit status."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the docs have errors; the spec is written
        sys.exit(f"{shlex.join(command)} failed ({process.returncode}):\n"
                 f"{errors.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, default=None, metavar="FILE")
    args = parser.parse_args()
    if not DOCS.is_dir():
        sys.exit(f"the shared corpus is not beside this checkout ({DOCS})")
    work = Path(tempfile.mkdtemp(prefix="docs2openapi-bench-"))
    try:
        measures = run(work, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = render(measures, args.runs)
    print(table)
    if args.write is not None:
        write_between_markers(args.write, table)
    return 0


def run(work: Path, runs: int) -> list[Measure]:
    python = sys.executable
    cli = [python, "-m", "generator.cli"]
    cores = len(os.sched_getaffinity(0))
    docs = work / "otc-modelarts-rst"
    shutil.copytree(DOCS, docs)  # a copy: one page of it is edited
    page = docs / EDITED
    original = page.read_text(encoding="utf-8")
    edited = original.replace(*REWORDING)
    assert edited != original, f"{EDITED} no longer has {REWORDING[0]!r}"
    spec, cache = work / "spec.yaml", work / "cache"

    def build(jobs: int, *extra: str) -> list[str]:
        return [*cli, "build", str(docs), "-o", str(spec), "-q", "-j", str(jobs),
                "--cache-dir", str(cache), *extra]

    floor = Measure("docutils parse-only (floor)", [python, "-c", FLOOR, str(docs)])
    cold_one = Measure("cold build, 1 worker", build(1), "<= 1.2x floor")
    cold_all = Measure(f"cold build, {cores} workers (all cores)", build(cores),
                       "<= 0.7x floor")
    warm = Measure("warm no-op build", build(cores), "<= 0.5 s")
    one_page = Measure("one page changed", build(cores), "<= 1.5 s")
    codegen = Measure("codegen (models + client)", [python, "-c", CODEGEN, str(spec)])
    diff = Measure("whole-tree diff a52ad03 -> 6d9fb12",
                   [*cli, "diff", str(OLD), str(NEW), "--format", "json"])
    measures = [floor, cold_one, cold_all, warm, one_page, codegen, diff]

    def sample(measure: Measure, before: Callable[[], None] | None = None) -> None:
        if before is not None:
            before()
        seconds, peak, _ = timed(measure.command, PROJECT)
        measure.runs += (seconds,)
        measure.peak_mib = max(measure.peak_mib, peak)

    def empty_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    outputs: dict[str, bytes] = {}
    for _ in range(runs):
        sample(floor)
        sample(cold_one, empty_cache)
        outputs["1 worker"] = spec.read_bytes()
        sample(cold_all, empty_cache)
        outputs["all cores"] = spec.read_bytes()
        sample(warm)
        page.write_text(edited, encoding="utf-8")
        sample(one_page)
        outputs["one page changed"] = spec.read_bytes()
        page.write_text(original, encoding="utf-8")
        sample(warm)  # back to the cached state, for the next run (a second warm sample)
        sample(codegen)
        sample(diff)
    # the figures are only worth reporting if the fast paths write what a fresh build does
    assert outputs["1 worker"] == outputs["all cores"], "worker count changed the output"
    page.write_text(edited, encoding="utf-8")
    timed(build(1, "--no-cache"), PROJECT)
    assert spec.read_bytes() == outputs["one page changed"], "incremental != fresh"
    for measure in measures:
        measure.seconds = statistics.median(measure.runs)
    return measures


def render(measures: list[Measure], runs: int) -> str:
    floor = measures[0].seconds
    pages = sum(1 for _ in DOCS.glob("**/*.rst"))
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}, {platform.machine()}; "
        f"`otc-modelarts-rst`, {pages} pages; median of {runs} runs, each a fresh process. "
        "Outputs checked: byte-identical for 1 worker and all cores, and the one-page-"
        "changed build equals a build without the cache.",
        "",
        "Command: `make bench` (`.venv/bin/python bench/build.py --write BENCHMARKS.md`)",
        "",
        "| measure | seconds | x floor | target | met | peak RSS (MiB) | runs (s) |",
        "|---|---:|---:|---|---|---:|---|",
    ]
    for m in measures:
        met = ""
        if m.target.endswith("x floor"):
            met = "yes" if m.seconds <= float(m.target.split()[1].rstrip("x")) * floor else "no"
        elif m.target.endswith(" s"):
            met = "yes" if m.seconds <= float(m.target.split()[1]) else "no"
        lines.append(f"| {m.name} | {m.seconds:.2f} | {m.seconds / floor:.2f} | {m.target} | "
                     f"{met} | {m.peak_mib:.0f} | {', '.join(f'{t:.2f}' for t in m.runs)} |")
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
