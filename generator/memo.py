"""Values worked out for objects this process holds, remembered by their identity.

A live preview (``serve``) builds the same docs set again and again, and the steps that
reuse what an edit did not touch hand back the very objects of the build before (a
page's extraction, an emitted fragment). What was worked out for such an object (a
fragment's text for hashing, the refs in it) is then looked up by ``id`` instead of
being worked out again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class IdentityMemo:
    """``make(obj)`` once per object. Each entry keeps its object alive, so no other
    object can take its id; :meth:`turn` forgets what was not asked for since the
    turn before (memory holds one build's worth, however many builds come)."""

    def __init__(self) -> None:
        self._before: dict[tuple[str, int], tuple[Any, Any]] = {}
        self._now: dict[tuple[str, int], tuple[Any, Any]] = {}

    def value(self, what: str, obj: Any, make: Callable[[Any], Any]) -> Any:
        """What ``make`` gives for ``obj`` (``what`` tells the kinds of value apart)."""
        key = (what, id(obj))
        hit = self._now.get(key) or self._before.get(key)
        if hit is None or hit[0] is not obj:
            hit = (obj, make(obj))
        self._now[key] = hit
        return hit[1]

    def turn(self) -> None:
        self._before, self._now = self._now, {}
