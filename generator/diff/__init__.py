"""Breaking changes between two API descriptions (specs, docs folders, git revisions).

:func:`diff_documents` compares two OpenAPI documents (a finding per rule and
operation); :func:`group` makes them one :class:`Report` per change; :func:`load_side`
turns a command-line argument into a side; :mod:`.rules` is the catalogue.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.diff.engine import diff_documents, group
    from generator.diff.model import Finding, Level, Report, Side
    from generator.diff.sides import SideError, load_side

__all__ = ["Finding", "Level", "Report", "Side", "SideError", "diff_documents", "group",
           "load_side"]

# each name is imported where it is first used: the command line registers the diff
# command (generator.diff.command) on every run, and a build must not pay for the
# engine and the docs readers it would import (0.15 s)
_HOME = {"diff_documents": "engine", "group": "engine", "Finding": "model", "Level": "model",
         "Report": "model", "Side": "model", "SideError": "sides", "load_side": "sides"}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"generator.diff.{home}"), name)
