"""OpenAPI document → an installable Python client package (models + sync/async client).

Reads only the OpenAPI document, so it works on any spec. The output is a mapping
of relative file paths to text, the same for the same document, written by the
caller (atomically) or compared against what is on disk (``--check``).
"""

from __future__ import annotations

import subprocess
from importlib import resources
from typing import Any

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

from generator.codegen.client import client_model, render
from generator.codegen.enums import open_enums
from generator.codegen.models import component_classes, generate_models
from generator.codegen.names import snake_case
from generator.diagnostics import Diagnostic, Level, Source


def generation_diagnostics(document: dict[str, Any]) -> list[Diagnostic]:
    """What the generated client leaves out because the docs do not say enough (a list
    operation whose position parameter the docs do not explain gets no paginator), each
    at its doc line."""
    prepared = open_enums(document)
    schemas = (prepared.get("components") or {}).get("schemas") or {}
    model = client_model(prepared, "api", {name: name for name in schemas})
    return [Diagnostic(Level.WARNING, "paging-unclear", message, Source(file, line))
            for file, line, message in model.notes]


def package_name(service: str) -> str:
    return snake_case(service, fallback="api").rstrip("_") or "api"


def generate_package(document: dict[str, Any], service: str) -> dict[str, str]:
    """The files of ``generated/python/<service>/``, keyed by path relative to it."""
    package = package_name(service)
    prepared = open_enums(document)
    models = generate_models(prepared, package)
    model = client_model(prepared, package, component_classes(prepared, models))
    return {
        "pyproject.toml": render("pyproject.toml.jinja", model=model),
        f"{package}/__init__.py": format_python(render("__init__.py.jinja", model=model)),
        f"{package}/client.py": format_python(render("client.py.jinja", model=model)),
        **{f"{package}/{name}": text for name, text in runtime_modules().items()},
        f"{package}/models.py": format_python(models),
        f"{package}/py.typed": "",
    }


# the modules every package ships as they are: the models' base, signing, errors, paging,
# retries, sending, answers, settings from the environment, values on the wire
RUNTIME = ("auth.py", "base.py", "errors.py", "paging.py", "response.py", "retry.py",
           "sending.py", "settings.py", "wire.py")


def runtime_modules() -> dict[str, str]:
    folder = resources.files("generator.codegen") / "runtime"
    return {name: (folder / name).read_text(encoding="utf-8") for name in RUNTIME}


def format_python(source: str) -> str:
    """``source`` as ruff formats it: templates need not fuss over whitespace, and the
    output reads like code a person formatted. ``--isolated``: no project config."""
    done = subprocess.run(
        [find_ruff_bin(), "format", "--isolated", "--line-length", "100", "--stdin-filename",
         "generated.py", "-"], input=source, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ValueError(f"generated code does not parse: {done.stderr.strip()}")
    return done.stdout
