"""Time `docs2openapi publish` next to Redocly's `build-docs` on the same spec, in one run.

    .venv/bin/python bench/publish.py [--runs 3] [--before REF] [--write BENCHMARKS.md]
                                                                         (make bench)

The spec is the whole ModelArts reference (`../shared/corpus/otc-modelarts-rst`, built
here with `docs2openapi build`), given to both tools as YAML and as JSON. Each figure is
the median wall time of ``--runs`` fresh processes, the two tools taking turns, each
writing into a new folder. Redocly CLI is installed with npm into `.cache/redocly` (not
committed) when it is not there; without npm only publish is timed. Also reported: the
size of each output, our largest page, and publish with the changes page of the two
revisions of the reference in the corpus. With ``--before REF``, publish as the tool was
at git revision REF is timed in the same turns (its site's size too). With ``--write``,
the table replaces the part of the file between the ``bench-publish:`` markers
(appended when they are absent). Redocly is the one `make interop-tools` installed
(.cache/interop/node) when it is there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
DOCS = CORPUS / "otc-modelarts-rst"
OLD, NEW = CORPUS / "otc-modelarts-rst@a52ad03", CORPUS / "otc-modelarts-rst@6d9fb12"
REDOCLY_VERSION = "2.77.0"
REDOCLY = PROJECT / ".cache" / "redocly"
INTEROP_REDOCLY = PROJECT / ".cache" / "interop" / "node" / "node_modules" / ".bin" / "redocly"
START, END = "<!-- bench-publish:start -->", "<!-- bench-publish:end -->"
# no telemetry, no update check: the run reaches no network
QUIET_NODE = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
              "NO_UPDATE_NOTIFIER": "1"}


@dataclass
class Measure:
    name: str
    command: list[str]
    output: Path  # what the command writes: a new one per run
    cwd: Path = PROJECT  # where it runs: `python -m generator.cli` takes the tool there
    runs: tuple[float, ...] = ()
    peak_mib: float = 0.0
    size: int = 0  # bytes written
    files: int = 0

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)


def timed(command: list[str], env: dict[str, str] | None = None,
          cwd: Path = PROJECT) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a fresh process; exit on its failure."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def redocly() -> Path | None:
    """The Redocly CLI of `make interop-tools`, else of .cache/redocly, installed with npm
    when missing."""
    if INTEROP_REDOCLY.exists():
        return INTEROP_REDOCLY
    binary = REDOCLY / "node_modules" / ".bin" / "redocly"
    if binary.exists():
        return binary
    if shutil.which("npm") is None:
        print("bench/publish.py: no npm: Redocly build-docs is not timed", file=sys.stderr)
        return None
    REDOCLY.mkdir(parents=True, exist_ok=True)
    (REDOCLY / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                    f"@redocly/cli@{REDOCLY_VERSION}"], cwd=REDOCLY, check=True)
    return binary


def size_of(path: Path) -> tuple[int, int]:
    if path.is_file():
        return path.stat().st_size, 1
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default=None, metavar="REF",
                        help="also time publish as the tool was at this git revision")
    parser.add_argument("--write", type=Path, default=None, metavar="FILE")
    args = parser.parse_args()
    if not DOCS.is_dir():
        sys.exit(f"the shared corpus is not beside this checkout ({DOCS})")
    work = Path(tempfile.mkdtemp(prefix="docs2openapi-bench-publish-", dir=PROJECT / "build"
                                 if (PROJECT / "build").is_dir() else None))
    try:
        before = None
        if args.before is not None:
            from build import checkout  # bench/build.py, beside this script

            before = checkout(args.before, work / "before")
        table = run(work, args.runs, redocly(), before, args.before)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table)
    if args.write is not None:
        write_between_markers(args.write, table)
    return 0


def run(work: Path, runs: int, redoc: Path | None, before: Path | None = None,
        before_ref: str | None = None) -> str:
    cli = [sys.executable, "-m", "generator.cli"]
    specs = {fmt: work / f"modelarts.{fmt}" for fmt in ("yaml", "json")}
    for fmt, spec in specs.items():
        timed([*cli, "build", str(DOCS), "-o", str(spec), "-q", "--format", fmt, "--no-cache"])
    old_spec, new_spec = work / "old.yaml", work / "new.yaml"
    timed([*cli, "build", str(OLD), "-o", str(old_spec), "-q", "--no-cache"])
    timed([*cli, "build", str(NEW), "-o", str(new_spec), "-q", "--no-cache"])
    measures: list[Measure] = []
    for fmt, spec in specs.items():
        measures.append(Measure(f"docs2openapi publish ({fmt})",
                                [*cli, "publish", str(spec), "-o"], work / f"site-{fmt}"))
        if redoc is not None:
            measures.append(Measure(f"redocly build-docs ({fmt})",
                                    [str(redoc), "build-docs", str(spec), "-o"],
                                    work / f"redoc-{fmt}.html"))
    if before is not None:
        # the tool at REF, run in its own folder (`-m` imports from there) on the same specs
        for fmt, spec in specs.items():
            measures.append(Measure(f"docs2openapi publish at {before_ref} ({fmt})",
                                    [*cli, "publish", str(spec), "-o"],
                                    work / f"before-{fmt}", cwd=before))
    changes = Measure("docs2openapi publish --changes-from (a52ad03 -> 6d9fb12, yaml)",
                      [*cli, "publish", str(new_spec), "--changes-from", str(old_spec), "-o"],
                      work / "site-changes")
    measures.append(changes)
    for run_index in range(runs):
        for measure in measures:
            output = measure.output.with_name(f"{measure.output.name}-{run_index}"
                                              f"{measure.output.suffix}")
            env = QUIET_NODE if measure.name.startswith("redocly") else None
            seconds, peak = timed([*measure.command, str(output)], env, measure.cwd)
            measure.runs += (seconds,)
            measure.peak_mib = max(measure.peak_mib, peak)
            measure.size, measure.files = size_of(output)
            if run_index == 0 and measure is measures[0]:
                largest = max((p for p in output.rglob("*.html")), key=lambda p: p.stat().st_size)
                biggest = (largest.relative_to(output).as_posix(), largest.stat().st_size)
                list_tasks = (output / "operations" / "ListTasks.html").stat().st_size
                search = search_index(output)
    pages = sum(1 for _ in DOCS.glob("**/*.rst"))
    document = json.loads(specs["json"].read_text(encoding="utf-8"))
    operations = sum(1 for item in document["paths"].values() for _ in item)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True,
                          check=False).stdout.strip() if shutil.which("node") else "-"
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}, Node.js {node}, "
        f"Redocly CLI {REDOCLY_VERSION if redoc else '- (not installed)'}; the whole ModelArts "
        f"spec (`otc-modelarts-rst`, {pages} pages: {operations} operations, "
        f"{len(document['components']['schemas'])} schemas, "
        f"{specs['yaml'].stat().st_size / 1e6:.1f} MB of YAML); median of {runs} runs, "
        "each a fresh process writing a new folder, the tools taking turns (on a shared "
        "machine the seconds vary from run to run; the ratios hold).",
        "",
        "Command: `make bench` (`.venv/bin/python bench/publish.py --write BENCHMARKS.md`)",
        "",
        "| measure | seconds | x build-docs | output | files | peak RSS (MiB) | runs (s) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    reference = {fmt: next((m.seconds for m in measures
                            if m.name == f"redocly build-docs ({fmt})"), 0.0)
                 for fmt in specs}
    for m in measures:
        fmt = "json" if m.name.endswith("(json)") else "yaml"
        # the changes page also builds nothing but runs a diff: no like-for-like ratio
        ratio = f"{m.seconds / reference[fmt]:.2f}" if reference[fmt] and m.name.endswith(
            f"({fmt})") else ""
        lines.append(f"| {m.name} | {m.seconds:.2f} | {ratio} | {m.size / 1e6:.2f} MB | "
                     f"{m.files} | {m.peak_mib:.0f} | {', '.join(f'{t:.2f}' for t in m.runs)} |")
    lines += ["", f"Largest page: `{biggest[0]}`, {biggest[1] / 1e3:.0f} kB; "
              f"`operations/ListTasks.html` {list_tasks / 1e3:.0f} kB."]
    if search:
        lines += ["", "The search index two ways (`node bench/search_index.js SITE`, median of "
                  f"7 in Node.js {node}): the site's compact documents "
                  f"(`assets/search-index.js`, {search['built_bytes'] / 1e3:.0f} kB) indexed "
                  f"by MiniSearch in {search['built_ms']:.0f} ms, or MiniSearch's serialised "
                  f"index ({search['serialised_bytes'] / 1e3:.0f} kB) loaded in "
                  f"{search['loaded_ms']:.0f} ms; {search['documents']} documents; a query "
                  f"takes {search['query_ms']:.1f} ms."]
    return "\n".join(lines) + "\n"


def search_index(site: Path) -> dict[str, float]:
    """bench/search_index.js on a site: sizes and times of its search index both ways."""
    if shutil.which("node") is None:
        return {}
    done = subprocess.run(["node", str(PROJECT / "bench" / "search_index.js"), str(site)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"bench/search_index.js failed: {done.stderr.strip()[:300]}", file=sys.stderr)
        return {}
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def write_between_markers(path: Path, table: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{table}{END}"
    if START in text and END in text:
        before, _, rest = text.partition(START)
        _, _, after = rest.partition(END)
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n## Publishing: `publish` next to Redocly `build-docs`" \
            "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
