"""Breaking changes between two API descriptions (specs, docs folders, git revisions).

:func:`diff_documents` compares two OpenAPI documents; :func:`load_side` turns a
command-line argument into one; :mod:`.rules` is the catalogue.
"""

from generator.diff.engine import diff_documents
from generator.diff.model import Finding, Level, Side
from generator.diff.sides import SideError, load_side

__all__ = ["Finding", "Level", "Side", "SideError", "diff_documents", "load_side"]
