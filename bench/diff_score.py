"""Score ``docs2openapi diff`` against the hand-checked breaking changes of the corpus.

    python bench/diff_score.py [--tool DIR] [--json FILE]

For every revision pair of ``../shared/corpus/revisions`` and the whole-tree pair
``otc-modelarts-rst@a52ad03`` → ``@6d9fb12``: found / missed / false breaking
changes against ``bench/diff_truth.toml``, counted per operation a change reaches
(rule, operation, position), so a tool that reports one change once and one that
reports it per operation score alike; plus how many rows (findings, or changes)
the tool printed and the size of its Markdown report of the whole tree.

``--tool DIR`` scores another checkout of this project (its ``generator`` package,
run with this environment's libraries): ``git worktree add /tmp/before main`` then
``--tool /tmp/before`` gives the "before" of a change in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
TRUTH = Path(__file__).resolve().parent / "diff_truth.toml"

Item = tuple[str, str, str]  # rule, operation, position


def run_diff(tool: Path, old: Path, new: Path, fmt: str, cache: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(tool)}
    with tempfile.TemporaryDirectory(prefix="diff-score-") as here:  # no project policy
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "diff", str(old), str(new),
             "--format", fmt, "--cache-dir", str(cache)],
            cwd=here, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"diff {old} {new} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def breaking(output: str) -> tuple[set[Item], set[Item], int]:
    """(breaking items, uncertain items, rows printed) of a JSON report: the list of
    findings tools before issue 25 wrote, or the report with one entry per change."""
    data: Any = json.loads(output)
    items: dict[str, set[Item]] = {"breaking": set(), "uncertain": set()}
    if isinstance(data, list):
        for f in data:
            if f["level"] in items:
                items[f["level"]].add((f["rule"], f["operation"], f["path"]))
        rows = sum(1 for f in data if f["level"] == "breaking")
    else:
        for change in data["changes"]:
            for each in change["operations"]:
                if change["level"] in items:
                    items[change["level"]].add((change["rule"], each["operation"],
                                                each["path"]))
        rows = sum(1 for c in data["changes"] if c["level"] == "breaking")
    return items["breaking"], items["uncertain"], rows


def score(found: set[Item], truth: set[Item], any_operation: bool = False,
          ) -> tuple[int, int, int]:
    def key(item: Item) -> tuple[str, ...]:
        return (item[0], item[2]) if any_operation else item
    got = {key(i) for i in found}
    want = {key(i) for i in truth}
    return len(got & want), len(want - got), len(got - want)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", type=Path, default=PROJECT,
                        help="a checkout of this project to score (default: this one)")
    parser.add_argument("--json", type=Path, default=None, help="write the scores here")
    args = parser.parse_args()
    truth = tomllib.loads(TRUTH.read_text(encoding="utf-8"))
    cache = Path(tempfile.mkdtemp(prefix="diff-score-cache-"))
    rows: list[dict[str, Any]] = []
    for name, expected in sorted(truth["pairs"].items()):
        folder = CORPUS / "revisions" / name
        out = run_diff(args.tool, folder / "before.rst", folder / "after.rst", "json", cache)
        got, unsure, printed = breaking(out)
        want = {(rule, "", path) for rule, path in expected}
        found, missed, false = score(got, want, any_operation=True)
        rows.append({"pair": name, "found": found, "missed": missed, "false": false,
                     "uncertain": len(unsure), "rows": printed})
    old, new = CORPUS / truth["tree"]["old"], CORPUS / truth["tree"]["new"]
    start = time.perf_counter()
    out = run_diff(args.tool, old, new, "json", cache)
    seconds = time.perf_counter() - start
    got, unsure, printed = breaking(out)
    want = {(rule, op, path) for rule, op, path in truth["tree"]["breaking"]}
    found, missed, false = score(got, want)
    markdown = run_diff(args.tool, old, new, "markdown", cache)
    tree = {"pair": f"{old.name} -> {new.name}", "found": found, "missed": missed,
            "false": false, "uncertain": len(unsure), "rows": printed,
            "uncertain_true": len(unsure & want), "markdown_chars": len(markdown),
            "seconds": round(seconds, 1)}
    pairs = {k: sum(r[k] for r in rows) for k in ("found", "missed", "false", "uncertain")}
    width = max(len(r["pair"]) for r in [*rows, tree])
    print(f"{'pair':<{width}}  found  missed  false  uncertain  rows")
    for r in [*rows, {"pair": "revision pairs, total", **pairs, "rows": ""}, tree]:
        print(f"{r['pair']:<{width}}  {r['found']:>5}  {r['missed']:>6}  {r['false']:>5}  "
              f"{r['uncertain']:>9}  {r['rows']:>4}")
    print(f"whole tree: Markdown report {tree['markdown_chars']:,} characters; "
          f"{tree['uncertain_true']} of its uncertain items are true changes; "
          f"diff took {tree['seconds']} s")
    if args.json is not None:
        args.json.write_text(json.dumps({"tool": str(args.tool), "pairs": rows,
                                         "pairs_total": pairs, "tree": tree}, indent=2) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
