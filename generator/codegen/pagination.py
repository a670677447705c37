"""How a list operation pages, read from its query parameters and its response schema.

The corpus pages in three ways, and a paginator must follow the one the operation
documents (never guessed from the operation's name):

- **offset**: ``offset``/``start``/``start_number`` + ``limit``: the next request starts
  after the items seen so far;
- **page**: a page number (``page``, ``page_no``, ``cur_page``, or an ``offset`` its
  description calls a page) + a page size (``pagesize``, ``per_page``, ``page_size``,
  ``limit``);
- **marker** (OpenStack): ``marker`` + ``limit``, the next marker being the
  ``next_marker`` field of the response (``page_info.next_marker``), the ``marker`` of
  the ``rel: next`` link of a ``links``/``<name>_links`` array or of a ``next`` URL, or
  else the ``id`` of the last item.

A paginator stops at an empty page or at a page shorter than an earlier one (a server
may cap the page size below what was asked, so "shorter than asked" is not the end),
and a marker paginator also stops when there is no next marker or it repeats.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Json = dict[str, Any]

# parameter names, compared without case and underscores
_SIZE = frozenset({"limit", "pagesize", "perpage", "pagelimit"})
_OFFSET = frozenset({"offset", "start", "startnumber", "startindex"})
_PAGE = frozenset({"page", "pageno", "pagenum", "pagenumber", "curpage", "currentpage",
                   "pageindex"})
_MARKER = frozenset({"marker"})
_NEXT_MARKER = frozenset({"nextmarker"})
# What a position parameter means is read from its description, not its name alone: an
# ``offset`` may count pages ("Start page of the paging list", "Index of the query page",
# "page offset ... (page number minus 1)", 起始页, 页码), and a page number may start at 0
# or 1. These are the docs' own phrasings across the corpus, English and Chinese.
_COUNTS_PAGES = re.compile(
    r"\b(start(ing)? page|(current )?page (number|index|offset)|index of the (query )?page"
    r"|number of pages|page to be queried)\b|起始页|页的索引|页码|页数|当前页", re.IGNORECASE)
_COUNTS_ITEMS = re.compile(
    r"\b(offset|index position|start index|position|piece of data|data record|records?"
    r"|entry|resources?)\b|偏移|起始位置|第\S*个", re.IGNORECASE)
# a position the server hands back (not a count the client can compute)
_CURSOR = re.compile(r"\bcursor\b|obtain the value from the response|游标", re.IGNORECASE)
# the first value, said in prose: "default value is 1", "1 by default", "(the start page
# number is 1)", "starts from 0", "page number minus 1" (0-based), 默认值为0, 起始值为0
_PROSE_FIRST = (
    re.compile(r"\b(?:default(?: value)? (?:is|:)|default value:|starts? (?:from|with|page"
               r" number is)|first (?:page|value) is)\s*\**(\d)\b", re.IGNORECASE),
    re.compile(r"\b(\d)\**\s+by default\b", re.IGNORECASE),
    re.compile(r"\b(?:minimum(?: value)? (?:is|:)|cannot be (?:lower|less) than|such as)"
               r"\s*\**(\d)\b", re.IGNORECASE),
    re.compile(r"(?:默认值?为|默认是|起始值为|最小值?为|从)\s*(\d)"),
)
_MINUS_ONE = re.compile(r"page number minus 1|页码减1", re.IGNORECASE)
_DEFAULT_PAGE_SIZE = 100


@dataclass(frozen=True)
class Paging:
    """How one operation pages; the template turns it into ``iter_<method>``."""

    style: Literal["offset", "page", "marker"]
    size: str  # wire name of the page-size parameter
    position: str  # wire name of the offset / page number / marker parameter
    position_is_text: bool  # the docs type the position as a string: send str(n)
    size_is_text: bool
    first: int  # the first offset or page number
    page_size: int  # items asked for per request, unless the caller says otherwise
    items: str  # wire name of the response's array of items
    item_annotation: str
    # where a marker paginator reads the next marker: "field", a string at ``path``;
    # "links", an array of {rel, href} at ``path``; "href", a URL string at ``path``;
    # "last", the ``path[0]`` of the last item
    source: str = "last"
    path: tuple[str, ...] = ("id",)


def _norm(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def paging(parameters: list[Json], response: Json, resolve: Callable[[Any], Json],
           annotate: Callable[[Any], str], notes: list[str] | None = None) -> Paging | None:
    """The paging of an operation with these query ``parameters`` (OpenAPI parameter
    objects) answering with ``response`` (a resolved schema), or None. Where the docs do
    not say what its position parameter counts, or where it starts, there is no
    paginator and ``notes`` gets a sentence saying why (never a guess)."""
    notes = [] if notes is None else notes
    query = {_norm(str(p.get("name", ""))): p for p in parameters
             if isinstance(p, dict) and p.get("in") == "query"}
    items = _items(response, resolve)
    if items is None:
        return None
    size = _pick(query, _SIZE, resolve)
    if size is None:
        return None
    marker = _pick(query, _MARKER, resolve, kinds=("string",))
    source = _marker_source(response, resolve) if marker is not None else None
    offsets = [p for n, p in query.items() if n in _OFFSET and _typed(p, resolve)]
    pages = [p for n, p in query.items() if n in _PAGE and _typed(p, resolve)]
    name, item_schema = items

    def make(style: Literal["offset", "page", "marker"], position: Json, first: int,
             marker_source: tuple[str, tuple[str, ...]] = ("last", ("id",))) -> Paging:
        return Paging(style=style, size=str(size["name"]), position=str(position["name"]),
                      position_is_text=_kind(position, resolve) == "string",
                      size_is_text=_kind(size, resolve) == "string", first=first,
                      page_size=_page_size(size, resolve), items=name,
                      item_annotation=annotate(item_schema), source=marker_source[0],
                      path=marker_source[1])

    if marker is not None and source is not None:
        return make("marker", marker, 0, source)
    for position in offsets + pages:
        meaning = _meaning(position, named_page=position in pages)
        described = f"{position['name']} ({_quote(position)})"
        if meaning is None:
            notes.append(f"no paginator: the docs do not say whether {described} counts "
                         "items or pages")
            return None
        if meaning == "cursor":
            notes.append(f"no paginator: {described} is a position the server hands back")
            return None
        first = _first(position, resolve, 0 if meaning == "offset" else None)
        if first is None:
            notes.append(f"no paginator: {described} is a page number, but the docs do not "
                         "say whether the first page is 0 or 1")
            return None
        return make(meaning, position, first)
    key = _item_key(item_schema, resolve)
    if marker is not None and key is not None:
        return make("marker", marker, 0, ("last", (key,)))
    return None


def _kind(parameter: Json, resolve: Callable[[Any], Json]) -> str:
    return str(resolve(parameter.get("schema")).get("type", ""))


def _typed(parameter: Json, resolve: Callable[[Any], Json]) -> bool:
    """A position or size the paginator can send: a plain integer, or a number the docs
    type as a string (no enum: the models would want a member)."""
    schema = resolve(parameter.get("schema"))
    return schema.get("type") in ("integer", "string") and not schema.get("anyOf")


def _pick(query: dict[str, Json], names: frozenset[str], resolve: Callable[[Any], Json],
          kinds: tuple[str, ...] = ("integer", "string")) -> Json | None:
    for name, parameter in query.items():
        schema = resolve(parameter.get("schema"))
        if name in names and schema.get("type") in kinds and not schema.get("anyOf"):
            return parameter
    return None


def _meaning(parameter: Json, *, named_page: bool) -> Literal["offset", "page", "cursor"] | None:
    """What a position parameter counts, as its description says; a parameter named a
    page (``page_no``) counts pages unless the description says otherwise, and one
    named an offset counts what its description says (its name alone: items)."""
    text = str(parameter.get("description", ""))
    if _CURSOR.search(text):
        return "cursor"
    if _COUNTS_PAGES.search(text) or named_page:
        return "page"
    if _COUNTS_ITEMS.search(text) or not text.strip() or _norm(str(parameter.get("name"))) in (
            "offset", "startindex", "startnumber"):
        return "offset"
    return None


def _quote(parameter: Json) -> str:
    text = " ".join(str(parameter.get("description", "")).split())
    return f'"{text[:80]}"' if text else "no description"


def _first(parameter: Json, resolve: Callable[[Any], Json], fallback: int | None
           ) -> int | None:
    """The first offset or page: the documented minimum, else the documented default,
    else what the description says ("the start page number is 1"), else ``fallback``."""
    schema = resolve(parameter.get("schema"))
    for key in ("minimum", "default"):
        value = schema.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    text = str(parameter.get("description", ""))
    if _MINUS_ONE.search(text):
        return 0
    for pattern in _PROSE_FIRST:
        said = pattern.search(text)
        if said:
            return int(said.group(1))
    return fallback


def _page_size(parameter: Json, resolve: Callable[[Any], Json]) -> int:
    """Items per request: 100, or the documented maximum when that is lower."""
    maximum = resolve(parameter.get("schema")).get("maximum")
    if isinstance(maximum, int | float) and not isinstance(maximum, bool) and maximum >= 1:
        return min(_DEFAULT_PAGE_SIZE, int(maximum))
    return _DEFAULT_PAGE_SIZE


def _properties(schema: Json) -> dict[str, Any]:
    props = schema.get("properties")
    return props if isinstance(props, dict) else {}


def _is_links(name: str) -> bool:
    return name == "links" or name.endswith("_links")


def _items(response: Json, resolve: Callable[[Any], Json]) -> tuple[str, Any] | None:
    """The array of items a page holds: the first array property that is not a list of
    links (``volumes_links`` beside ``volumes``)."""
    for name, prop in _properties(response).items():
        schema = resolve(prop)
        if schema.get("type") == "array" and not _is_links(str(name)):
            return str(name), schema.get("items")
    return None


def _marker_source(response: Json, resolve: Callable[[Any], Json]
                   ) -> tuple[str, tuple[str, ...]] | None:
    """Where the response says the next marker is, top level or one object down: a
    ``next_marker`` string, a ``links``/``<name>_links`` array, a ``next`` URL."""
    levels: list[tuple[tuple[str, ...], Json]] = [((), response)]
    levels += [((str(n),), resolve(p)) for n, p in _properties(response).items()
               if _properties(resolve(p))]
    for kind in ("field", "links", "href"):
        for path, schema in levels:
            for name, prop in _properties(schema).items():
                if _says_next(kind, str(name), resolve(prop)):
                    return kind, (*path, str(name))
    return None


def _says_next(kind: str, name: str, schema: Json) -> bool:
    if kind == "field":
        return _norm(name) in _NEXT_MARKER and schema.get("type") == "string"
    if kind == "links":
        return _is_links(name) and schema.get("type") == "array"
    return name == "next" and schema.get("type") == "string"


def _item_key(item: Any, resolve: Callable[[Any], Json]) -> str | None:
    return "id" if "id" in _properties(resolve(item)) else None
