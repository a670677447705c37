"""The docs sets a project builds, from ``[tool.docs2openapi]`` in pyproject.toml."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.emit.servers import Server

# every page format a folder may hold (one copy of a page kept in two: see discover)
DEFAULT_INCLUDE = ("**/*.rst", "**/*.md", "**/*.html")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class ServiceConfig:
    """One API: where its pages are and what its spec is called."""

    name: str
    source: Path
    include: tuple[str, ...] = DEFAULT_INCLUDE
    title: str = ""
    version: str = "1.0.0"
    servers: tuple[Server, ...] = field(default=())
    client: bool = True  # also generate generated/python/<name>/

    # operation names that win over the chosen ones: page id, "METHOD /path" or the
    # vendor's name → the name (the ``names`` table of the service)
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def spec_title(self) -> str:
        """The configured title; ``""``: the docs' root page names the API."""
        return self.title


class ConfigError(Exception):
    """pyproject.toml does not say what the tool needs."""


def load_services(project_root: Path) -> list[ServiceConfig]:
    """The services configured in ``project_root/pyproject.toml``, in file order."""
    return load_services_file(project_root / "pyproject.toml", missing_ok=True)


def load_services_file(path: Path, *, missing_ok: bool = False) -> list[ServiceConfig]:
    """The services of a TOML file with ``[[tool.docs2openapi.services]]`` tables;
    each ``source`` is relative to the file's folder."""
    project_root = path.parent
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if missing_ok:
            return []
        raise ConfigError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") \
            from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not TOML ({exc})") from None
    tool = data.get("tool", {})
    settings = tool.get("docs2openapi", {}) if isinstance(tool, dict) else {}
    entries = settings.get("services", []) if isinstance(settings, dict) else []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: tool.docs2openapi.services must be a list of tables "
                          "([[tool.docs2openapi.services]])")
    services = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or "name" not in entry or "source" not in entry:
            raise ConfigError(f"{path}: services[{index}] needs a name and a source")
        include = entry.get("include", DEFAULT_INCLUDE)
        variables = entry.get("server_variables", {})
        if isinstance(include, str) or not isinstance(include, list | tuple) \
                or not all(isinstance(glob, str) for glob in include):
            raise ConfigError(f"{path}: services[{index}].include must be a list of globs")
        if not isinstance(variables, dict):
            raise ConfigError(f"{path}: services[{index}].server_variables must be a table")
        servers: tuple[Server, ...] = ()
        if entry.get("server"):
            servers = (Server(str(entry["server"]),
                              {str(k): str(v) for k, v in variables.items()}),)
        names = entry.get("names", {})
        if not isinstance(names, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and _IDENTIFIER.match(v)
                for k, v in names.items()):
            raise ConfigError(f"{path}: services[{index}].names must map operations (page "
                              "id, 'METHOD /path' or name) to identifiers such as "
                              "'DeleteVolume'")
        services.append(ServiceConfig(
            name=str(entry["name"]),
            source=Path(os.path.normpath(project_root / str(entry["source"]))),
            include=tuple(include),
            title=str(entry.get("title", "")),
            version=str(entry.get("version", "1.0.0")),
            servers=servers,
            client=bool(entry.get("client", True)),
            names=dict(names),
        ))
    return services
