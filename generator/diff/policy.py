"""What a project accepts and how strict it is: the ``[tool.docs2openapi.diff]`` table.

```toml
[tool.docs2openapi.diff]
fail-on = "breaking"                    # breaking | uncertain | warning | info | never
accept-file = "api-changes.toml"        # [[accept]] entries, relative to this file
levels = { response-enum-value-added = "info", request-enum-added = "off" }

[[tool.docs2openapi.diff.accept]]       # entries may also sit here
id = "request-property-removed:3f1c2a9d0b"
reason = "dataset_id was never read by the service (ticket 123)"
expires = 2026-12-31                    # optional: after it, the break fails again
```

An entry names a change by its ``id`` (printed with every finding), or by ``rule`` +
``operation`` (``POST /v2/{project_id}/datasets``, template variable names aside)
+ ``path`` (``request.dataset_id``, or the shared-schema position ``Lease.create_time``).
Every entry needs a ``reason``.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.config import ConfigError
from generator.diff.model import Finding, Level, Report
from generator.diff.rules import RULES

_TEMPLATE = re.compile(r"\{[^{}]*\}")
LEVEL_NAMES = {"breaking": Level.BREAKING, "uncertain": Level.UNCERTAIN,
               "warning": Level.WARNING, "info": Level.INFO}


@dataclass(frozen=True)
class Acceptance:
    """One entry of an accept file: a known change, why it is fine, until when."""

    reason: str
    where: str  # "api-changes.toml: entry 3", for messages
    id: str = ""
    rule: str = ""
    operation: str = ""
    path: str = ""
    expires: datetime.date | None = None

    def matches(self, report: Report) -> bool:
        if self.id:
            return self.id == report.id
        if self.rule != report.rule:
            return False
        route = _route(self.operation)
        return any(_route(f.operation) == route and self.path in (f.path, f.shared)
                   for f in report.findings)

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and today > self.expires


@dataclass(frozen=True)
class Policy:
    fail_on: Level | None = Level.BREAKING  # None: never fail
    levels: Mapping[str, Level | None] = field(default_factory=dict)  # None: off
    accept: tuple[Acceptance, ...] = ()

    def with_fail_on(self, name: str | None) -> Policy:
        return self if name is None else replace(self, fail_on=_fail_on(name, "--fail-on"))

    def relevel(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings at the levels the project set for their rules; a breaking one a
        side's unplaced table may explain stays uncertain."""
        result = []
        for finding in findings:
            if finding.rule not in self.levels:
                result.append(finding)
                continue
            level = self.levels[finding.rule]
            if level is None:
                continue
            if level is Level.BREAKING and finding.diagnostic:
                level = Level.UNCERTAIN
            result.append(replace(finding, level=level))
        return result

    def acceptances(self, reports: Iterable[Report], today: datetime.date,
                    ) -> tuple[dict[str, Acceptance], list[str]]:
        """report id → the entry accepting it; and notes on entries that expired or
        matched nothing (stale entries hide nothing, but the reader should know)."""
        accepted: dict[str, Acceptance] = {}
        notes: list[str] = []
        used: set[int] = set()
        for report in reports:
            for number, entry in enumerate(self.accept):
                if entry.matches(report):
                    used.add(number)
                    if entry.expired(today):
                        notes.append(f"{entry.where}: expired on {entry.expires}: "
                                     f"{report.id} counts again")
                    else:
                        accepted[report.id] = entry
                        break
        for number, entry in enumerate(self.accept):
            if number not in used:
                notes.append(f"{entry.where}: matches no change of this diff")
        return accepted, notes


def load_policy(project: Path, config: Path | None = None) -> Policy:
    """The policy of ``config`` (a TOML file with a ``[tool.docs2openapi.diff]`` table),
    else of the project's pyproject.toml; the default where neither has one."""
    path = config if config is not None else project / "pyproject.toml"
    if config is None and not path.is_file():
        return Policy()
    table = _table(_read(path), ("tool", "docs2openapi", "diff"), path)
    if not table:
        return Policy()
    known = {"fail-on", "accept-file", "levels", "accept"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{path}: [tool.docs2openapi.diff]: unknown key "
                          f"{unknown[0]!r} (known: {', '.join(sorted(known))})")
    levels: dict[str, Level | None] = {}
    raw_levels = table.get("levels", {})
    if not isinstance(raw_levels, dict):
        raise ConfigError(f"{path}: [tool.docs2openapi.diff] levels: a table of rule = level")
    for rule_id, name in raw_levels.items():
        if rule_id not in RULES:
            raise ConfigError(f"{path}: levels: no rule {rule_id!r} "
                              "(docs2openapi diff --list-rules)")
        if name != "off" and name not in LEVEL_NAMES:
            raise ConfigError(f"{path}: levels: {rule_id} = {name!r}: one of "
                              f"{', '.join([*LEVEL_NAMES, 'off'])}")
        levels[rule_id] = None if name == "off" else LEVEL_NAMES[name]
    entries = list(_entries(table.get("accept", []), f"{path} [tool.docs2openapi.diff]"))
    if "accept-file" in table:
        accept_path = path.parent / str(table["accept-file"])
        accept_table = _read(accept_path)
        entries += _entries(accept_table.get("accept", []), str(accept_path))
    fail_on = _fail_on(table.get("fail-on", "breaking"), f"{path}: fail-on")
    return Policy(fail_on, levels, tuple(entries))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _table(data: dict[str, Any], keys: tuple[str, ...], path: Path) -> dict[str, Any]:
    for key in keys:
        data = data.get(key, {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [{'.'.join(keys)}] is not a table")
    return data


def _fail_on(name: object, where: str) -> Level | None:
    if name == "never":
        return None
    if name not in LEVEL_NAMES:
        raise ConfigError(f"{where}: {name!r}: one of {', '.join([*LEVEL_NAMES, 'never'])}")
    return LEVEL_NAMES[str(name)]


def _entries(raw: object, where: str) -> Iterable[Acceptance]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: accept: a list of [[accept]] tables")
    for number, entry in enumerate(raw, 1):
        here = f"{where}: accept entry {number}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{here}: not a table")
        unknown = sorted(set(entry) - {"id", "rule", "operation", "path", "reason", "expires"})
        if unknown:
            raise ConfigError(f"{here}: unknown key {unknown[0]!r}")
        reason = str(entry.get("reason", "")).strip()
        if not reason:
            raise ConfigError(f"{here}: every accepted change needs a reason")
        expires = entry.get("expires")
        if expires is not None and not isinstance(expires, datetime.date):
            raise ConfigError(f"{here}: expires: a TOML date (2026-12-31)")
        if isinstance(expires, datetime.datetime):
            expires = expires.date()
        named = {k: str(entry.get(k, "")) for k in ("id", "rule", "operation", "path")}
        if not named["id"] and not (named["rule"] and named["operation"] and named["path"]):
            raise ConfigError(f"{here}: name the change by id, or by rule, operation and path")
        if named["rule"] and named["rule"] not in RULES:
            raise ConfigError(f"{here}: no rule {named['rule']!r}")
        yield Acceptance(reason, here, expires=expires, **named)


def _route(operation: str) -> str:
    method, _, path = operation.strip().partition(" ")
    path = path.split(" [")[0]
    return f"{method.upper()} {_TEMPLATE.sub('{}', path.rstrip('/') or '/')}"
