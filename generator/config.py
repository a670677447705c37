"""The docs sets a project builds, from ``[tool.docs2openapi]`` in pyproject.toml."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.emit.servers import Server

DEFAULT_INCLUDE = ("**/*.rst",)
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
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    entries = data.get("tool", {}).get("docs2openapi", {}).get("services", [])
    services = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or "name" not in entry or "source" not in entry:
            raise ConfigError(f"{path}: services[{index}] needs a name and a source")
        servers: tuple[Server, ...] = ()
        if entry.get("server"):
            variables = {str(k): str(v) for k, v in entry.get("server_variables", {}).items()}
            servers = (Server(str(entry["server"]), variables),)
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
            include=tuple(entry.get("include", DEFAULT_INCLUDE)),
            title=str(entry.get("title", "")),
            version=str(entry.get("version", "1.0.0")),
            servers=servers,
            client=bool(entry.get("client", True)),
            names=dict(names),
        ))
    return services
