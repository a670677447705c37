"""Conformance of the generated clients over the whole corpus (``make conformance``).

    .venv/bin/python bench/conformance.py [--out build/conformance] [--only NAME ...]
                                          [--before FILE.json]

For every docs set of ../shared/corpus (as ``make clients`` lists them): build the spec,
generate the client, and call every operation and action variant with the docs' own
request example against a server on 127.0.0.1 that checks the AK/SK signature with the
vendor's signer and answers the docs' own response examples (see tests/conformance.py).
Writes ``<out>/results.json``, and ``<out>/REPORT.md``: per set calls, parsed typed,
parsed as sent, failures by cause, each failure's first calls and every request example
the docs' own tables reject, with its doc line. ``--before`` takes the results.json of
another run (an older generator: run this script with ``PYTHONPATH`` set to its checkout,
from another folder) and shows each figure as before → after.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))  # tests/; a generator PYTHONPATH names comes first

from bench.clients import docs_sets  # noqa: E402
from generator.build import build_dir  # noqa: E402
from generator.cache import BuildCache  # noqa: E402
from tests.conformance import Tally, run_set  # noqa: E402
from tests.conformance_report import details, from_json, table, to_json  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("build/conformance"))
    parser.add_argument("--only", nargs="*", help="docs set names")
    parser.add_argument("--before", type=Path, help="results.json of an earlier run")
    args = parser.parse_args()
    # pydantic's serializer warnings about values kept as sent: the tally says it better
    warnings.simplefilter("ignore")
    args.out.mkdir(parents=True, exist_ok=True)
    cache = BuildCache(args.out.parent / "conformance-cache")
    tallies: dict[str, Tally] = {}
    started = time.perf_counter()
    for docs in docs_sets():
        if args.only and docs.name not in args.only:
            continue
        result = build_dir(docs.source, docs.include, title=docs.name, cache=cache)
        if result.document is None:
            tallies[docs.name] = Tally(docs.name, problem="the spec does not build")
            continue
        root = args.out / "clients" / docs.name
        shutil.rmtree(root, ignore_errors=True)
        begun = time.perf_counter()
        tallies[docs.name] = tally = run_set(docs.name, result.document, root)
        print(f"{docs.name}: {tally.calls} calls, {tally.typed} typed, {tally.as_sent} as sent,"
              f" {sum(tally.failures.values())} failed ({time.perf_counter() - begun:.1f} s)",
              file=sys.stderr)
    (args.out / "results.json").write_text(to_json(tallies), encoding="utf-8")
    before = from_json(args.before.read_text(encoding="utf-8")) if args.before else None
    text = (f"# Client conformance over the corpus\n\n{table(before, tallies)}\n"
            f"## Failures and docs contradictions\n\n{details(tallies)}")
    (args.out / "REPORT.md").write_text(text, encoding="utf-8")
    print(table(before, tallies))
    print(f"{time.perf_counter() - started:.0f} s; details in {args.out / 'REPORT.md'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
