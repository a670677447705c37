"""A client for every docs set of ../shared/corpus: generated, imported, checked.

    .venv/bin/python bench/clients.py [--out build/clients] [-j 2] [--only NAME ...]

For each docs set (the ModelArts sets of bench/corpus.toml, every otc-services/* in RST,
every huawei-zh-services/* in Markdown): build the spec, generate the client package
into ``<out>/<name>/`` (timed: the generation alone), then in a fresh interpreter import
it and check that ``Client`` and ``AsyncClient`` have a method for every operation and
every action variant (``x-variants``) of the spec, and run ``ruff check`` and
``mypy --strict`` on it. Prints a table (and writes it to ``<out>/REPORT.md``) with the
generation time and package size of each set and of the whole corpus. Exit status 1
when a set that builds gives a client that does not import or check; a set whose spec
does not build is reported and does not fail the run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build import build_dir
from generator.codegen import generate_package, package_name
from generator.config import load_services_file

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"


@dataclass
class DocsSet:
    name: str
    source: Path
    include: tuple[str, ...]


@dataclass
class Outcome:
    name: str
    operations: int = 0
    variants: int = 0
    build_seconds: float = 0.0
    generate_seconds: float = 0.0
    generate_cpu: float = 0.0  # this process and its children (ruff): steadier when shared
    package_bytes: int = 0
    problems: list[str] = field(default_factory=list)
    built: bool = False
    imports: bool = False
    ruff: bool = False
    mypy: bool = False
    mypy_seconds: float = 0.0


def docs_sets() -> list[DocsSet]:
    found = [DocsSet(s.name, s.source, s.include)
             for s in load_services_file(HERE / "corpus.toml")]
    # bench/corpus.toml may list some of these folders already: each folder once
    listed = {d.source.resolve() for d in found}
    for folder in sorted((CORPUS / "otc-services").glob("*/")):
        if folder.resolve() not in listed:
            found.append(DocsSet(f"otc-{folder.name}", folder, ("**/*.rst",)))
    for folder in sorted((CORPUS / "huawei-zh-services").glob("*/")):
        if folder.resolve() not in listed:
            found.append(DocsSet(f"huawei-zh-{folder.name}", folder, ("**/*.md",)))
    return found


def expected_methods(document: dict[str, Any]) -> list[str]:
    """The operationId of every operation and of every action variant."""
    ids = []
    for item in (document.get("paths") or {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                ids.append(str(operation.get("operationId", "")))
                ids += [str(v.get("operationId")) for v in operation.get("x-variants") or []
                        if isinstance(v, dict) and v.get("operationId")]
    return ids


# run in the package's folder by a fresh interpreter: which operation ids lack a method
_PROBE = textwrap.dedent("""
    import importlib, json, sys
    package = importlib.import_module(sys.argv[1])
    wanted = json.loads(sys.stdin.read())
    missing = {}
    for cls in (package.Client, package.AsyncClient):
        heads = [(getattr(cls, n).__doc__ or "").split("\\n", 1)[0] for n in dir(cls)
                 if not n.startswith(("_", "iter_")) and n not in ("close", "aclose")]
        missing[cls.__name__] = [i for i in wanted if not any(
            h.endswith(f"({i}).") or f"({i}, a body of " in h for h in heads)]
    print(json.dumps(missing))
""")


def generate(docs: DocsSet, out: Path) -> tuple[Outcome, list[str]]:
    outcome = Outcome(docs.name)
    started = time.perf_counter()
    try:
        result = build_dir(docs.source, docs.include, title=docs.name)
    except Exception as error:  # a set the builder cannot read yet: reported, not fatal
        outcome.problems.append(f"does not build: {type(error).__name__}: {error}")
        return outcome, []
    outcome.build_seconds = time.perf_counter() - started
    if result.document is None:
        outcome.problems.append("does not build: no valid document")
        return outcome, []
    outcome.built = True
    document = result.document
    wanted = expected_methods(document)
    outcome.operations = sum(1 for item in document["paths"].values() for op in item.values()
                             if isinstance(op, dict) and "responses" in op)
    outcome.variants = len(wanted) - outcome.operations
    started, cpu = time.perf_counter(), _cpu()
    try:
        files = generate_package(document, docs.name)
    except Exception as error:  # a generator bug: reported with the set, the others go on
        outcome.problems.append(f"generation failed: {type(error).__name__}: {error}")
        return outcome, wanted
    outcome.generate_seconds = time.perf_counter() - started
    outcome.generate_cpu = _cpu() - cpu
    root = out / docs.name
    shutil.rmtree(root, ignore_errors=True)
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    outcome.package_bytes = sum(len(text.encode("utf-8")) for text in files.values())
    return outcome, wanted


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def check(outcome: Outcome, wanted: list[str], out: Path) -> Outcome:
    root = out / outcome.name
    package = package_name(outcome.name)
    probe = subprocess.run([sys.executable, "-c", _PROBE, package], cwd=root,
                           input=json.dumps(wanted), capture_output=True, text=True,
                           check=False)
    if probe.returncode != 0:
        outcome.problems.append(f"import: {probe.stderr.strip().splitlines()[-1:]}")
    else:
        missing = json.loads(probe.stdout)
        outcome.imports = not any(missing.values())
        for cls, ids in missing.items():
            if ids:
                outcome.problems.append(f"{cls} lacks a method for {len(ids)}: {ids[:5]}")
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "-q", "."],
                          cwd=root, capture_output=True, text=True, check=False)
    outcome.ruff = ruff.returncode == 0
    if not outcome.ruff:
        outcome.problems.append(f"ruff: {ruff.stdout.strip().splitlines()[-1:]}")
    started = time.perf_counter()
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--cache-dir", os.devnull, package], cwd=root, capture_output=True,
                          text=True, check=False)
    outcome.mypy_seconds = time.perf_counter() - started
    outcome.mypy = mypy.returncode == 0
    if not outcome.mypy:
        outcome.problems.append(f"mypy: {mypy.stdout.strip().splitlines()[-3:]}")
    return outcome


def report(outcomes: list[Outcome]) -> str:
    built = [o for o in outcomes if o.built]
    lines = [
        "| docs set | operations | variants | generate (s) | CPU (s) | package (KB) | imports, "
        "a method each | ruff | mypy --strict (s) |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for o in outcomes:
        if not o.built:
            lines.append(f"| {o.name} | – | – | – | – | – | {o.problems[0]} | – | – |")
            continue
        lines.append(
            f"| {o.name} | {o.operations} | {o.variants} | {o.generate_seconds:.2f} | "
            f"{o.generate_cpu:.2f} | "
            f"{o.package_bytes / 1024:.0f} | {'yes' if o.imports else 'NO'} | "
            f"{'yes' if o.ruff else 'NO'} | {'yes' if o.mypy else 'NO'} "
            f"({o.mypy_seconds:.0f}) |")
    lines += [
        "",
        f"{len(built)} of {len(outcomes)} docs sets build; "
        f"{sum(o.imports and o.ruff and o.mypy for o in built)} of them give a client that "
        f"imports with a method per operation and variant, passes ruff and mypy --strict.",
        f"Whole corpus: {sum(o.operations for o in built)} operations, "
        f"{sum(o.variants for o in built)} variants; generation "
        f"{sum(o.generate_seconds for o in built):.1f} s "
        f"({sum(o.generate_cpu for o in built):.1f} s of CPU; spec builds "
        f"{sum(o.build_seconds for o in built):.1f} s apart); packages "
        f"{sum(o.package_bytes for o in built) / 1024 / 1024:.1f} MB.",
    ]
    problems = [f"- {o.name}: {p}" for o in built for p in o.problems]
    return "\n".join(lines + (["", "Problems:", *problems] if problems else [])) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("build/clients"))
    parser.add_argument("-j", "--jobs", type=int, default=1, help="checks run in parallel")
    parser.add_argument("--only", nargs="*", help="docs set names")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    sets = [s for s in docs_sets() if not args.only or s.name in args.only]
    generated = []
    for docs in sets:  # one at a time: the generation times are the figure
        outcome, wanted = generate(docs, args.out)
        done = (f"generated in {outcome.generate_seconds:.2f} s" if outcome.built
                else outcome.problems[0])
        print(f"{docs.name}: {done}", file=sys.stderr)
        generated.append((outcome, wanted))
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(
            lambda pair: check(pair[0], pair[1], args.out) if pair[0].package_bytes
            else pair[0],
            generated))
    text = report(outcomes)
    (args.out / "REPORT.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if any(o.built and not (o.imports and o.ruff and o.mypy) for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
