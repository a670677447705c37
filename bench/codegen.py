"""Time client generation for the whole ModelArts reference, next to openapi-python-client.

    .venv/bin/python bench/codegen.py [--opc PATH-TO-openapi-python-client] [--runs 3]

openapi-python-client is installed for the benchmark only (a separate venv:
``python3 -m venv /tmp/opc && /tmp/opc/bin/pip install openapi-python-client``);
without it only our own time is printed. Both format their output with ruff.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.build import build_dir
from generator.codegen import generate_package
from generator.emit.serialize import dumps

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "otc-modelarts-rst"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opc", default=shutil.which("openapi-python-client"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = build_dir(CORPUS, ["**/*.rst"], title="ModelArts", version="1.0.0")
    assert result.document is not None
    work = Path(tempfile.mkdtemp())
    spec = work / "modelarts.yaml"
    spec.write_text(dumps(result.document), encoding="utf-8")
    ours, theirs = [], []
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for _ in range(args.runs):
        start = time.perf_counter()
        generate_package(result.document, "modelarts")
        ours.append(time.perf_counter() - start)
        if args.opc:
            start = time.perf_counter()
            subprocess.run([args.opc, "generate", "--path", str(spec), "--output-path",
                            str(work / "opc"), "--overwrite"], capture_output=True, check=False,
                           env=env)
            theirs.append(time.perf_counter() - start)
    print(f"operations: {result.operations}")
    print(f"docs2openapi models + client: median {statistics.median(ours):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in ours)})")
    if theirs:
        print(f"openapi-python-client:        median {statistics.median(theirs):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in theirs)})")
        print(f"ratio docs2openapi / openapi-python-client: "
              f"{statistics.median(ours) / statistics.median(theirs):.2f}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
