"""Request lines: ``POST /v2/{project_id}/servers`` in every form the docs write them.

* a paragraph or list item holding just the method and a path or a full URL
  (``GET https://{endpoint}/v1/...``: scheme and host are dropped), also with the
  path glued to the method (``GET/{api_version}``);
* the URI section written as a list: ``PATH: /rds/v1/...`` and ``Method: POST``;
* RFC 6570 query expansions after the path (``{?a,b}``, ``{&c}``,
  ``{?marker={marker}&limit={limit}}``) and plain query templates (``?a={a}&b``),
  which become query parameter names;
* a code block holding one request line, only when no paragraph holds one and no
  "Example" lead introduces it: a request line in an example is never the API's.

A line followed by prose ("GET /v3/xxx/volumes?limit=50, 表示...") is an example of
use, not a request line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.extract.labels import Labels
from generator.page import Block, CodeBlock, Paragraph

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
# the method and what follows it: a space, or the path glued on ("GET/{api_version}")
METHOD_THEN = r"(?P<method>" + "|".join(METHODS) + r")(?:\s+|(?=/))"
_LINE = re.compile(r"^" + METHOD_THEN + r"(?P<target>\S.*)$", re.IGNORECASE)
# a short label before the line ("URI format: POST /v1/...")
_LABELLED = re.compile(r"^(?P<label>[^:：]{1,40})[:：]\s*(?P<line>.+)$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
# what a URL may hold outside its {template expressions}
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%|]*$")
_VARIABLE = re.compile(r"\{([^{}]+)\}")
_VERSION = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
# a template variable's name: no braces, slashes or query characters
_NAME = re.compile(r"[^{}/?#&=\s]+")


@dataclass(frozen=True)
class RequestLine:
    """One request line: the method, the path template (no host, no query) and the
    query parameter names the line itself spells."""

    method: str
    path: str
    query: tuple[str, ...]
    line: int
    text: str

    @property
    def version(self) -> str:
        """The path's version segment (``v2.1``), or ``""``."""
        return next((part for part in self.path.split("/") if _VERSION.match(part)), "")


def find_request_lines(blocks: Iterable[Block], labels: Labels) -> list[RequestLine]:
    """The request lines among the blocks of a page's URI part, in page order, each
    (method, path) once."""
    blocks = list(blocks)
    found = _from_paragraphs(blocks, labels) or _from_labels(blocks, labels) \
        or _from_code(blocks, labels)
    unique: dict[tuple[str, str], RequestLine] = {}
    for line in found:
        key = (line.method, line.path)
        if key in unique:
            known = unique[key]
            query = tuple(dict.fromkeys(known.query + line.query))
            unique[key] = RequestLine(known.method, known.path, query, known.line, known.text)
        else:
            unique[key] = line
    return list(unique.values())


def parse_request_line(text: str, line: int = 0) -> RequestLine | None:
    """``METHOD target`` with nothing after the target, else None."""
    match = _LINE.match(" ".join(text.split()))
    if match is None:
        return None
    parsed = parse_target(match["target"])
    if parsed is None:
        return None
    path, query = parsed
    return RequestLine(match["method"].upper(), path, query, line, " ".join(text.split()))


def parse_target(target: str) -> tuple[str, tuple[str, ...]] | None:
    """A path or URL as written → (path template, query names), or None when the text
    is not one target (prose follows it, or it holds what no URL holds)."""
    # a space slipped in after a query separator ("&limit={limit}& name={name}") or into
    # a variable ("{begin _time}")
    text = re.sub(r"([?&])\s+", r"\1", target.strip().replace("\\", ""))
    text = re.sub(r"\{[^{}]*\}", lambda m: "".join(m.group(0).split()), text)
    scheme = _SCHEME.match(text)
    if scheme:
        rest = text[scheme.end():]
        slash = _top_level_index(rest, "/")
        text = rest[slash:] if slash is not None else "/"
    if not text.startswith("/"):
        if not re.match(r"^[{A-Za-z0-9]", text):
            return None
        text = "/" + text
    pieces = _split_expressions(text)
    if pieces is None:
        return None
    path_parts: list[str] = []
    query: list[str] = []
    for literal, expression in pieces:
        if expression is None:
            if not _URL_CHARS.match(literal):
                return None
            path_parts.append(literal)
        elif expression[:1] in ("?", "&"):
            query.extend(_expansion_names(expression[1:]))
        elif expression[:1] == "/":
            path_parts.extend("/{" + name + "}" for name in _expansion_names(expression[1:]))
        else:
            name = expression.lstrip("+#").strip()
            if not _NAME.fullmatch(name):
                return None
            path_parts.append("{" + name + "}")
    joined = "".join(path_parts)
    path, _, query_text = joined.partition("?")
    query.extend(part.partition("=")[0] for part in query_text.split("&")
                 if part.partition("=")[0] and not part.startswith("{"))
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path, tuple(dict.fromkeys(query))


def operation_ids(base: str, lines: list[RequestLine]) -> list[str]:
    """An operationId per request line of one page: the first keeps the page's id, the
    others add what tells them apart (the version, else their place), so ids stay
    stable when a page gains a line."""
    versions = [line.version for line in lines]
    distinct = len(set(versions)) == len(versions) and all(versions)
    ids = [base]
    for index, line in enumerate(lines[1:], start=2):
        suffix = re.sub(r"[^A-Za-z0-9]+", "_", line.version) if distinct else str(index)
        ids.append(f"{base}_{suffix}")
    return ids


# --- the forms -------------------------------------------------------------------------------
def _from_paragraphs(blocks: list[Block], labels: Labels) -> list[RequestLine]:
    found = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        parsed = parse_request_line(block.text, block.line)
        if parsed is None:
            labelled = _LABELLED.match(block.text)
            if labelled and not labels.example_lead.search(labelled["label"]) \
                    and not labels.path_label.match(block.text):
                parsed = parse_request_line(labelled["line"], block.line)
        if parsed is not None:
            found.append(parsed)
    return found


def _from_labels(blocks: list[Block], labels: Labels) -> list[RequestLine]:
    """``PATH: /v1/...`` and ``Method: POST`` on lines of their own, paired in order."""
    paths: list[tuple[str, int]] = []
    methods: list[str] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        path_match = labels.path_label.match(block.text)
        method_match = labels.method_label.match(block.text)
        if path_match:
            paths.append((path_match["target"], block.line))
        elif method_match:
            methods.append(method_match["method"].upper())
    found = []
    if paths and len(methods) in (1, len(paths)):
        for index, (target, line) in enumerate(paths):
            method = methods[min(index, len(methods) - 1)]
            parsed = parse_request_line(f"{method} {target}", line)
            if parsed is not None:
                found.append(parsed)
    return found


def _from_code(blocks: list[Block], labels: Labels) -> list[RequestLine]:
    """A code block that is one request line, with no example lead above it."""
    found = []
    for index, block in enumerate(blocks):
        if not isinstance(block, CodeBlock):
            continue
        lines = [line for line in block.text.splitlines() if line.strip()]
        lead = blocks[index - 1] if index else None
        if len(lines) != 1 or (isinstance(lead, Paragraph)
                               and labels.example_lead.search(lead.text)):
            continue
        parsed = parse_request_line(lines[0], block.line)
        if parsed is not None:
            found.append(parsed)
    return found


# --- RFC 6570 --------------------------------------------------------------------------------
def _top_level_index(text: str, char: str) -> int | None:
    depth = 0
    for index, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif c == char and depth == 0:
            return index
    return None


def _split_expressions(text: str) -> list[tuple[str, str | None]] | None:
    """Literal runs and the contents of top-level ``{...}`` expressions, in order;
    None when braces do not balance or the text has spaces outside them."""
    pieces: list[tuple[str, str | None]] = []
    literal: list[str] = []
    depth = 0
    start = 0
    for index, c in enumerate(text):
        if c == "{":
            if depth == 0:
                pieces.append(("".join(literal), None))
                literal = []
                start = index + 1
            depth += 1
        elif c == "}":
            if depth == 0:
                return None
            depth -= 1
            if depth == 0:
                pieces.append(("", text[start:index]))
        elif depth == 0:
            if c.isspace():
                return None
            literal.append(c)
    if depth:
        return None
    pieces.append(("".join(literal), None))
    return [piece for piece in pieces if piece != ("", None)]


def _expansion_names(body: str) -> list[str]:
    """The names of ``a,b*,c:3`` or ``a={a}&b={b}``."""
    names = []
    for part in re.split(r"[,&]", _VARIABLE.sub("", body)):
        name = part.partition("=")[0].strip().rstrip("*")
        name = name.partition(":")[0]
        if name and not name.startswith("{"):
            names.append(name)
    return names
