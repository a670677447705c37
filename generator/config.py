"""The docs sets a project builds, from ``[tool.docs2openapi]`` in pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.emit.openapi import Server

DEFAULT_INCLUDE = ("**/*.rst",)


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

    @property
    def spec_title(self) -> str:
        return self.title or f"{self.name} API"


class ConfigError(Exception):
    """pyproject.toml does not say what the tool needs."""


def load_services(project_root: Path) -> list[ServiceConfig]:
    """The services configured in ``project_root/pyproject.toml``, in file order."""
    path = project_root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
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
        services.append(ServiceConfig(
            name=str(entry["name"]),
            source=project_root / str(entry["source"]),
            include=tuple(entry.get("include", DEFAULT_INCLUDE)),
            title=str(entry.get("title", "")),
            version=str(entry.get("version", "1.0.0")),
            servers=servers,
            client=bool(entry.get("client", True)),
        ))
    return services
