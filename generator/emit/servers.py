"""A server of the document (``servers:``): a module of its own, so that reading the
configuration does not import the emitter (a build served from the cache needs none
of it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Server:
    url: str
    variables: dict[str, str]
