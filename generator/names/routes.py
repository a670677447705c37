"""What a request line's path says it acts on: the resource, its parent, an action.

``/v2/{project_id}/cloudvolumes/{volume_id}/action`` reads as: version and project
scope (dropped), the collection ``cloudvolumes`` with one item (``{volume_id}``), then
the word ``action``. The docs set's other paths teach what a segment is: a collection
whose items a variable names (``cloudvolumes/{volume_id}`` → items are volumes), or a
namespace that only ever precedes other segments (``/v3/{project_id}/lts/...``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.names.words import singular, split_words

_VARIABLE = re.compile(r"^\{([^{}]*)\}$")
# a segment made of variables and separators ("{region}:{floatingip_id}"): an item
_VARIABLES = re.compile(r"^(?:\{[^{}]*\}[^{}A-Za-z0-9]*)+$")
# a path segment that is a version: v2, v2.1, V1.0, v3-ext, v3.0
VERSION_SEGMENT = re.compile(r"^[vV]\d+(?:\.\d+)*(?:[-_][A-Za-z]+)?$")
# an OpenStack extension namespace (OS-AGENCY, OS-FEDERATION)
_EXTENSION = re.compile(r"^OS-[A-Z0-9-]+$")
_EXTENSION_PREFIX = re.compile(r"(?i)^os-(?:vendor-)?")
# a vendor's prefix glued to its resources' names (cloudvolumes, cloudservers)
_GENERIC_PREFIXES = frozenset({"cloud"})
# variables that scope a path to a tenant, not a resource of its own
_SCOPE = re.compile(r"(?i)^(project|tenant|domain|account)_?id$|^(project|tenant)$")
# a variable's name: "volume_id" → volume, "topicName" → topic
_ID_SUFFIX = re.compile(r"(?i)[_-]?(id|ids|name|uuid|urn|key|code|no|number)$")
# path words that mark the action of a POST, not a resource ("/volumes/{id}/action")
GENERIC_ACTIONS = frozenset({"action", "actions", "operation", "operations", "do", "execute"})
# path words that mark a listing, not a resource ("/cloudvolumes/detail")
LISTING_WORDS = frozenset({"detail", "details", "list", "query", "search", "filter", "page",
                           "info", "infos"})


@dataclass(frozen=True)
class Segment:
    """A literal segment of a path, and the variable that names one of its items
    when one follows it (``cloudvolumes/{volume_id}``)."""

    literal: str
    item: str = ""

    @property
    def words(self) -> list[str]:
        # OpenStack's extension prefixes say nothing of the resource: os-, os-vendor-
        return split_words(_EXTENSION_PREFIX.sub("", self.literal))


@dataclass(frozen=True)
class Route:
    """A path read for naming: its resource segments after versions, scopes and
    namespaces; ``version`` is the path's first version segment (``v2``)."""

    segments: tuple[Segment, ...]
    version: str
    # the path ends with a variable; ``names_item``: one that names an item of the
    # collection before it (``/snapshots/{snapshot_id}``, not ``/logs/{group_id}``)
    ends_with_item: bool
    names_item: bool = False


class RouteReader:
    """Reads paths with what the docs set's other paths teach."""

    def __init__(self, paths: Iterable[str]) -> None:
        paths = list(dict.fromkeys(paths))
        followed_by_variable: Counter[str] = Counter()
        leading_before_literal: Counter[str] = Counter()
        items: dict[str, Counter[str]] = defaultdict(Counter)
        for path in paths:
            parts = [p for p in path.split("/") if p]
            leading = True
            for index, part in enumerate(parts):
                if _VARIABLES.match(part):
                    continue
                if VERSION_SEGMENT.match(part) or _EXTENSION.match(part):
                    continue
                following = parts[index + 1] if index + 1 < len(parts) else None
                if following is not None and _VARIABLES.match(following):
                    followed_by_variable[part] += 1
                    noun = _variable_noun(_last_variable(following))
                    if noun:
                        items[part][noun] += 1
                elif following is not None and leading:
                    leading_before_literal[part] += 1
                leading = False
        # a path's first word that precedes other literals in several paths and never
        # names items is a namespace (lts, premium-waf, autoscaling-api)
        self.namespaces = {part for part, count in leading_before_literal.items()
                           if count >= 2 and not followed_by_variable[part]}
        self.item_nouns = {part: nouns.most_common(1)[0][0] for part, nouns in items.items()}
        # a glued collection word split where its items' word begins: "baremetalservers"
        # of "{server_id}" → baremetal-servers; a vendor's "cloud" prefix says nothing
        self.split = {part: self._split_glued(part, noun) for part, noun in
                      self.item_nouns.items()}
        self.item_nouns.update({split: self.item_nouns[part]
                                for part, split in self.split.items()})

    def read(self, path: str) -> Route:
        parts = [p for p in path.split("/") if p]
        version = next((p for p in parts if VERSION_SEGMENT.match(p)), "")
        segments: list[Segment] = []
        leading = True  # before the first resource: versions, scopes, namespaces
        index = 0
        while index < len(parts):
            part = parts[index]
            if _VARIABLES.match(part):
                name = _last_variable(part)
                if not leading and segments and segments[-1].literal \
                        and not segments[-1].item:
                    segments[-1] = Segment(segments[-1].literal, name)
                elif not leading and segments:
                    pass  # a second variable of one item (/{type}/{name}): the item still
                elif not _is_scope(name):
                    segments.append(Segment("", name))
                index += 1
                continue
            if VERSION_SEGMENT.match(part) or _EXTENSION.match(part) or (
                    leading and part in self.namespaces
                    and _followed_by_literal(parts, index)):
                index += 1
                continue
            leading = False
            segments.append(Segment(self.split.get(part, part)))
            index += 1
        ends_with_item = bool(parts) and bool(_VARIABLES.match(parts[-1])) and bool(segments) \
            and bool(segments[-1].item)
        names_item = ends_with_item and self._names_item(segments[-1])
        return Route(tuple(segments), version, ends_with_item, names_item)

    def _names_item(self, segment: Segment) -> bool:
        """Whether a collection's variable names one of its items: its noun is the
        collection's (``cloudvolumes/{volume_id}``), or says nothing (``{id}``)."""
        noun = _variable_noun(segment.item).replace("_", "").replace("-", "").lower()
        if not noun or not segment.literal:
            return True
        collection = "".join(self.item_noun(segment)).lower()
        whole = "".join(segment.words).lower()
        return noun in whole or collection in noun or singular(noun) in whole

    @staticmethod
    def _split_glued(part: str, noun: str) -> str:
        plain = noun.replace("_", "").replace("-", "").lower()
        if not re.fullmatch(r"[a-z]+", part) or len(part) <= len(plain) + 2 \
                or not singular(part).lower().endswith(plain):
            return part
        head = singular(part)[: len(singular(part)) - len(plain)]
        rest = part[len(head):]
        return rest if head in _GENERIC_PREFIXES else f"{head}-{rest}"

    def item_noun(self, segment: Segment) -> list[str]:
        """The words of one item of a collection segment: ``cloudvolumes`` whose items
        the docs call ``{volume_id}`` → ``volume``; else the segment's last word made
        singular (``route-tables`` → route table)."""
        words = segment.words
        if not words:
            return _variable_words(segment.item)
        learned = self.item_nouns.get(segment.literal) or _variable_noun(segment.item)
        joined = "".join(words).lower()
        if learned and len(words) == 1 and joined != learned.replace("_", "").lower() \
                and singular(joined).lower().endswith(learned.replace("_", "").lower()):
            # "cloudvolumes" of "{volume_id}": the item's own word is the shorter name
            return split_words(learned)
        return [*words[:-1], singular(words[-1])]


def _last_variable(part: str) -> str:
    names: list[str] = re.findall(r"\{([^{}]*)\}", part)
    return names[-1]


def _followed_by_literal(parts: list[str], index: int) -> bool:
    return index + 1 < len(parts) and not _VARIABLES.match(parts[index + 1])


def _is_scope(name: str) -> bool:
    return bool(_SCOPE.match(name))


def _variable_noun(name: str) -> str:
    """``volume_id`` → ``volume``; ``id`` alone → ``""``."""
    return _ID_SUFFIX.sub("", name)


def _variable_words(name: str) -> list[str]:
    """``volume_id`` → volume; ``key`` (all suffix) → key."""
    return split_words(_variable_noun(name) or name)
