"""The OpenAPI tools users feed our specs to, run for real: Redocly CLI, openapi-python-client,
openapi-generator (Python and TypeScript), and Prism mocking the spec while our own generated
client calls every operation through it.

``make interop-tools`` installs them under ``.cache/interop/`` (``DOCS2OPENAPI_TOOLS``
elsewhere): a Python venv with openapi-python-client and the openapi-generator-cli wheel
(which bundles the jar; Java comes from the machine), and an npm folder with
@redocly/cli, @stoplight/prism-cli and typescript (``tsc`` compiles openapi-generator's
typescript-fetch client). :func:`missing` says why a tool cannot run, for
a skip with a reason.

``python -m tests.consumers SPEC...`` prints each consumer's errors and warnings per spec.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
TOOLS = Path(os.environ.get("DOCS2OPENAPI_TOOLS", PROJECT / ".cache" / "interop"))
TOOLS_PYTHON = TOOLS / "venv" / "bin" / "python"
NODE_BIN = TOOLS / "node" / "node_modules" / ".bin"


def missing(tool: str) -> str | None:
    """Why ``tool`` cannot run here (None: it can)."""
    hint = "; `make interop-tools` installs it"
    if tool in ("openapi-python-client", "openapi-generator"):
        script = "openapi-python-client" if tool == "openapi-python-client" \
            else "openapi-generator-cli"
        if not (TOOLS / "venv" / "bin" / script).is_file():
            return f"{tool} is not installed in {TOOLS / 'venv'}{hint}"
        if tool == "openapi-generator" and shutil.which("java") is None:
            return "openapi-generator needs Java, and no `java` is on PATH " \
                   "(`make interop-tools` installs Debian's default-jre-headless as root)"
        return None
    if tool in ("redocly", "prism", "tsc"):
        if shutil.which("node") is None:
            return f"{tool} needs Node.js, and no `node` is on PATH"
        if not (NODE_BIN / tool).is_file():
            return f"{tool} is not installed in {TOOLS / 'node'}{hint}"
        return None
    raise ValueError(tool)


@dataclass
class Outcome:
    """What one consumer said about one spec."""

    tool: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        extra = "".join(f", {k} {v}" for k, v in self.notes.items())
        return f"{self.tool}: {len(self.errors)} errors, {len(self.warnings)} warnings{extra}"


def _env() -> dict[str, str]:
    # our venv's bin first: openapi-python-client formats its output with `ruff` from PATH
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                  f"{os.environ.get('PATH', '')}",
            "NO_UPDATE_NOTIFIER": "1", "REDOCLY_TELEMETRY": "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def _run(command: list[str | Path], timeout: float = 900,
         cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True,
                          timeout=timeout, env=_env(), cwd=cwd, check=False)


# --- Redocly CLI ------------------------------------------------------------------------------
def redocly_lint(spec: Path) -> Outcome:
    """``redocly lint`` with the built-in recommended ruleset."""
    done = _run([NODE_BIN / "redocly", "lint", spec, "--format=json", "--max-problems=100000"])
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return Outcome("redocly lint", errors=[f"no report (exit {done.returncode}): "
                                               f"{done.stderr.strip()[-500:]}"])
    outcome = Outcome("redocly lint")
    for problem in report.get("problems", []):
        where = (problem.get("location") or [{}])[0].get("pointer", "")
        text = f"{problem['ruleId']}: {problem['message']} at {where}"
        (outcome.errors if problem["severity"] == "error" else outcome.warnings).append(text)
    outcome.notes["rules"] = dict(Counter(w.split(":", 1)[0] for w in outcome.warnings))
    return outcome


# --- openapi-python-client --------------------------------------------------------------------
def python_client(spec: Path, out: Path) -> Outcome:
    """openapi-python-client's package for ``spec`` in ``out``; errors are what it could
    not generate and an import that fails, warnings every other remark."""
    out.parent.mkdir(parents=True, exist_ok=True)
    done = _run([TOOLS / "venv" / "bin" / "openapi-python-client", "generate",
                 "--path", spec, "--output-path", out, "--overwrite", "--meta", "none"])
    outcome = Outcome("openapi-python-client")
    text = done.stdout + done.stderr
    for block in re.split(r"\n(?=WARNING parsing |Unable to process schema )", text):
        head = block.strip().splitlines()[0] if block.strip() else ""
        if head.startswith("Unable to process schema"):
            removed = re.findall(r"^/components/schemas/\S+$", block, re.MULTILINE)
            outcome.errors.append(f"{head} ({len(removed)} schemas removed)")
        elif head.startswith("WARNING parsing"):
            reason = block.strip().splitlines()[1:3]
            target = outcome.errors if "will not be generated" in head else outcome.warnings
            target.append(f"{head} {' '.join(r for r in reason if r.strip())}"[:400])
    if done.returncode != 0 or not out.is_dir():
        outcome.errors.append(f"exit {done.returncode}: {text.strip()[-500:]}")
        return outcome
    outcome.notes["endpoints"] = sum(
        1 for p in (out / "api").rglob("*.py") if p.name != "__init__.py")
    # the package and every module in it (`--meta none`: the output folder is the package)
    imported = _run([TOOLS_PYTHON, "-c", "import importlib, pkgutil, sys\n"
                     "package = importlib.import_module(sys.argv[1])\n"
                     "for m in pkgutil.walk_packages(package.__path__, sys.argv[1] + '.'):\n"
                     "    importlib.import_module(m.name)", out.name], cwd=out.parent)
    if imported.returncode != 0:
        outcome.errors.append(f"import fails: {imported.stderr.strip().splitlines()[-1:]}")
    return outcome


# --- openapi-generator ------------------------------------------------------------------------
_LOG = re.compile(r"^\[\w+\] (ERROR|WARN) +(\S+) - (.*)$", re.MULTILINE)


def openapi_generator(spec: Path, generator: str, out: Path,
                      options: Iterable[str] = ()) -> Outcome:
    """openapi-generator's ``generator`` client for ``spec`` in ``out``, with the
    generator's ``options`` (``--additional-properties``); its ERROR and WARN log lines,
    a crash, and (Python) a package that does not import."""
    shutil.rmtree(out, ignore_errors=True)
    extra = ["--package-name", "consumer_client"] if generator == "python" else []
    extra += [f"--additional-properties={option}" for option in options]
    done = _run([TOOLS / "venv" / "bin" / "openapi-generator-cli", "generate", "-i", spec,
                 "-g", generator, "-o", out, *extra])
    outcome = Outcome(f"openapi-generator -g {generator}")
    for level, _logger, message in _LOG.findall(done.stdout + done.stderr):
        (outcome.errors if level == "ERROR" else outcome.warnings).append(message[:300])
    if done.returncode != 0:
        crash = re.search(r"^Exception in thread .*$", done.stdout + done.stderr, re.MULTILINE)
        outcome.errors.append(f"exit {done.returncode}: "
                              f"{crash.group(0) if crash else done.stderr.strip()[-300:]}")
        return outcome
    if generator == "python":
        imported = _run([TOOLS_PYTHON, "-c", "import consumer_client"], cwd=out)
        if imported.returncode != 0:
            outcome.errors.append(f"import fails: {imported.stderr.strip().splitlines()[-1:]}")
    if generator == "typescript-fetch" and missing("tsc") is None:
        outcome.errors += typescript_errors(out)
    return outcome


_TSC_ERROR = re.compile(r"^(\S.*?\(\d+,\d+\)): error (TS\d+): (.*)$", re.MULTILINE)


def typescript_errors(client: Path) -> list[str]:
    """``tsc``'s errors on a typescript-fetch client, compiled with the options the
    generator's own tsconfig.json gives (ES6, CommonJS, Node resolution) and the DOM's
    fetch types."""
    done = _run([NODE_BIN / "tsc", "--noEmit", "--target", "es6", "--module", "commonjs",
                 "--moduleResolution", "node", "--lib", "es2017,dom", "index.ts"], cwd=client)
    errors = [f"{code} {where}: {message}"[:300]
              for where, code, message in _TSC_ERROR.findall(done.stdout + done.stderr)]
    if done.returncode != 0 and not errors:
        errors.append(f"tsc exit {done.returncode}: {(done.stdout + done.stderr)[-300:]}")
    return errors


# --- Prism ------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def prism_mock(spec: Path, log: Path) -> Iterator[str]:
    """``prism mock`` serving ``spec`` on 127.0.0.1; yields its base URL."""
    port = _free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(NODE_BIN / "prism"), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=sink, stderr=subprocess.STDOUT, env=_env(), start_new_session=True)
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    raise RuntimeError(f"prism exited {process.returncode}: "
                                       f"{log.read_text()[-800:]}")
                if "Prism is listening" in log.read_text():
                    break
                time.sleep(0.25)
            else:
                raise RuntimeError(f"prism did not start: {log.read_text()[-800:]}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def measure(spec: Path, work: Path) -> list[Outcome]:
    """Every consumer that can run here, on ``spec`` (outputs under ``work``)."""
    outcomes = []
    if not missing("redocly"):
        outcomes.append(redocly_lint(spec))
    if not missing("openapi-python-client"):
        outcomes.append(python_client(spec, work / "opc" / "client"))
    if not missing("openapi-generator"):
        for generator in ("python", "typescript-fetch"):
            outcomes.append(openapi_generator(spec, generator, work / f"og-{generator}"))
    return outcomes


def main(argv: list[str]) -> int:
    for spec in argv:
        path = Path(spec)
        print(f"## {path}")
        for outcome in measure(path, PROJECT / "build" / "interop" / path.stem):
            print(outcome.summary())
            for line in outcome.errors[:20]:
                print(f"    error: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
