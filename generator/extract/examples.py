"""Example bodies: the JSON in the example parts of a page, per side and status code.

A code block may open with the request line ("POST https://{endpoint}/v1/...", or
the URL alone) and header lines before its JSON; those are split off. A body that
does not parse is kept as text with a note.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.diagnostics import Diagnostics, Source
from generator.extract.labels import Labels, SectionRole
from generator.extract.layout import Located
from generator.extract.request_line import METHOD_THEN
from generator.ir import Example
from generator.page import CodeBlock, Page, Paragraph

_REQUEST_LINE = re.compile(r"^" + METHOD_THEN + r"\S", re.IGNORECASE)
_BARE_TARGET = re.compile(r"^(?:[a-z]+://\S+|/\S*)$", re.IGNORECASE)


# the keys of an error body: Huawei Cloud's {"error_code", "error_msg"} (with a request
# id), and the one object of OpenStack's {"itemNotFound": {"code", "message"}}
_ERROR_KEYS = frozenset({"error_code", "error_msg", "error_message", "errorCode", "errorMsg",
                         "request_id", "encoded_authorization_message", "error_description"})
_FAULT_KEYS = frozenset({"code", "message", "title", "details", "request_id"})


def is_error_body(value: Any) -> bool:
    """Whether an example body is the error shape (``error_code`` / ``error_msg``, or
    one object of ``code`` and ``message``) and nothing else."""
    if not isinstance(value, dict) or not value:
        return False
    keys = set(value)
    if keys <= _ERROR_KEYS and keys & {"error_code", "error_msg", "errorCode", "errorMsg"}:
        return True
    if len(value) == 1:
        [inner] = value.values()
        return isinstance(inner, dict) and bool(inner) and set(inner) <= _FAULT_KEYS \
            and "message" in inner
    return False


def examples(page: Page, located: list[Located], side: SectionRole, labels: Labels,
             diagnostics: Diagnostics) -> list[tuple[str | None, Example]]:
    """(status, example) of every code block in the parts of role ``side``; the
    paragraph above a code block is its summary, unless it is a status intro."""
    found: list[tuple[str | None, Example]] = []
    summary = ""
    section = -1
    for place in located:
        if place.section != section:
            section, summary = place.section, ""
        if place.role is not side:
            continue
        if isinstance(place.block, Paragraph):
            text = place.block.text
            intro = labels.status_of(text) is not None or labels.is_error_response(text)
            summary = "" if intro else text
        elif isinstance(place.block, CodeBlock):
            example = _example(page, place.block, summary, diagnostics)
            if example is not None:
                found.append((place.status, example))
    return found


def _example(page: Page, block: CodeBlock, summary: str,
             diagnostics: Diagnostics) -> Example | None:
    lines = block.text.splitlines()
    request_line = None
    body_start = 0
    first = lines[0].strip() if lines else ""
    # "POST https://...", or the method left out: "https://{endpoint}/v1/..." or "/v1/..."
    if _REQUEST_LINE.match(first) or _BARE_TARGET.match(first):
        request_line = " ".join(lines[0].split())
        body_start = 1
        # header lines ("Content-Type: application/json") sit between line and body
        while body_start < len(lines) and not lines[body_start].lstrip().startswith(("{", "[")):
            if lines[body_start].strip() and ":" not in lines[body_start]:
                break
            body_start += 1
    body = "\n".join(lines[body_start:]).strip()
    line = block.line + body_start
    if not body:
        return None  # a bare request line shows no body
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        diagnostics.info("example-not-json",
                         f"example body is not JSON ({exc.msg} at its line {exc.lineno})",
                         Source(page.path, line))
        value = None
    return Example(body, value, summary, Source(page.path, line), request_line)
