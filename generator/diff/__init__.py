"""Breaking changes between two API descriptions (specs, docs folders, git revisions).

:func:`diff_documents` compares two OpenAPI documents (a finding per rule and
operation); :func:`group` makes them one :class:`Report` per change; :func:`load_side`
turns a command-line argument into a side; :mod:`.rules` is the catalogue.
"""

from generator.diff.engine import diff_documents, group
from generator.diff.model import Finding, Level, Report, Side
from generator.diff.sides import SideError, load_side

__all__ = ["Finding", "Level", "Report", "Side", "SideError", "diff_documents", "group",
           "load_side"]
