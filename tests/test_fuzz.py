"""Fuzzing: random pages give diagnostics, never a crash; pages rendered from random
fields read back to exactly those fields, in RST and in HTML.

``FUZZ_EXAMPLES`` sets how many cases each property runs (CI: the default).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build_files
from generator.ir import Kind

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- random pages: never a crash -------------------------------------------------------------
FRAGMENTS = [
    "Title\n=====\n", "URI\n---\n", "GET /v1/{project_id}/x\n", "POST /v2/{a}/{b}?c={c}\n",
    "Request Parameters\n------------------\n", "Response Parameters\n-------------------\n",
    "**Status code: 200**\n", "**Status code**: **404**\n",
    ".. table:: **Table 1** Path Parameters\n\n   ===== ===== ======\n   Parameter Mandatory Type\n"
    "   ===== ===== ======\n   a     Yes   String\n   ===== ===== ======\n",
    "+---+---+\n| a | b |\n+===+===+\n| c |\n+---+---+\n", ".. _anchor:\n", ":ref:`x <y>`",
    ".. code-block::\n\n   {\"a\": 1}\n", ".. include:: /etc/passwd\n", ".. raw:: html\n\n   <b>\n",
    "-  **VOC**: VOC\n", "   - nested\n", "Array of :ref:`X <x>` objects", "Map<String,", "\x00",
    "\t", "|", "`", "*", "**", "\\", "{{7*7}}", '"""', "表 1", "状态码： 200", "\n\n",
]
HTML_FRAGMENTS = [
    "<h1>T</h1>", "<h4>URI</h4>", "<p>GET /v1/x</p>", "<table>", "</table>", "<tr>", "<td>",
    "<th>Parameter</th>", "<caption>Table 1 Path parameters</caption>", "<a name='x'>",
    '<a href="#x">', "<pre>{</pre>", "<ul><li>", "&amp;", "&lt;", "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "<script>", "<!--", "]]>", "</div>", "<div class='p'>", "\u202e", "&#0;",
]


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40),
       st.lists(st.sampled_from(HTML_FRAGMENTS) | st.text(max_size=10), max_size=40),
       st.lists(st.sampled_from([*FRAGMENTS, "## URI\n", "<table><tr><td>a</td></tr></table>\n"])
                | st.text(max_size=10), max_size=40))
def test_random_pages_give_diagnostics_never_a_crash(rst: list[str], page: list[str],
                                                      markdown: list[str]) -> None:
    files = {"a.rst": "\n".join(rst).encode("utf-8", "surrogatepass"),
             "b.html": "".join(page).encode("utf-8", "surrogatepass"),
             "c.md": "\n".join(markdown).encode("utf-8", "surrogatepass")}
    result = build_files(files, title="fuzz")
    assert not [d for d in result.diagnostics if d.code == "internal-error"], \
        [str(d) for d in result.diagnostics if d.code == "internal-error"]
    assert result.document is not None, result.spec_errors


# --- round trip ------------------------------------------------------------------------------
TYPES = {"String": (Kind.STRING, None), "Integer": (Kind.INTEGER, "int32"),
         "Long": (Kind.INTEGER, "int64"), "Boolean": (Kind.BOOLEAN, None),
         "Double": (Kind.NUMBER, "double"), "Array of strings": (Kind.ARRAY, None)}
NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,14}", fullmatch=True)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool


FIELDS = st.lists(st.builds(FieldSpec, NAMES, st.sampled_from(sorted(TYPES)), st.booleans()),
                  min_size=1, max_size=8, unique_by=lambda f: f.name)


def _rst_table(caption: str, anchor: str | None, rows: list[tuple[str, str, str, str]]) -> str:
    header = ("Parameter", "Mandatory", "Type", "Description")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    head = "+" + "+".join("=" * (w + 2) for w in widths) + "+"

    def line(cells: tuple[str, ...]) -> str:
        return "|" + "|".join(f" {c:<{w}} " for c, w in zip(cells, widths, strict=True)) + "|"

    body = [rule, line(header), head] + [x for r in rows for x in (line(r), rule)]
    target = f".. _{anchor}:\n\n" if anchor else ""
    return target + f".. table:: **Table 1** {caption}\n\n" + "\n".join(
        "   " + b for b in body) + "\n"


def _rst_name(name: str) -> str:
    """A name as an author writes it in RST: a trailing ``_`` escaped, or it is a link."""
    return name[:-1] + "\\_" if name.endswith("_") else name


def _rst_page(fields: list[FieldSpec], nested: list[FieldSpec]) -> str:
    rows = [(_rst_name(f.name), "Yes" if f.required else "No", f.type, "A field.")
            for f in fields]
    rows.append(("child", "No", ":ref:`Child <rt_child>` object", "The nested object."))
    nested_rows = [(_rst_name(f.name), "Yes" if f.required else "No", f.type, "x")
                   for f in nested]
    return ("Round Trip\n==========\n\nURI\n---\n\nPOST /v1/round-trip\n\n"
            "Request Parameters\n------------------\n\n"
            + _rst_table("Request body parameters", None, rows) + "\n"
            + _rst_table("Child", "rt_child", nested_rows))


def _html_page(fields: list[FieldSpec], nested: list[FieldSpec]) -> str:
    def table(caption: str, anchor: str, rows: list[tuple[str, str, str, str]]) -> str:
        cells = "".join("<tr>" + "".join(f"<td><p>{c}</p></td>" for c in r) + "</tr>"
                        for r in rows)
        return (f'<a name="{anchor}"></a><table><caption><b>Table 1</b> {html.escape(caption)}'
                "</caption><thead><tr><th>Parameter</th><th>Mandatory</th><th>Type</th>"
                f"<th>Description</th></tr></thead><tbody>{cells}</tbody></table>")
    rows = [(f.name, "Yes" if f.required else "No", f.type, "A field.") for f in fields]
    rows.append(("child", "No", '<a href="#rt_child">Child</a> object', "The nested object."))
    nested_rows = [(f.name, "Yes" if f.required else "No", f.type, "x") for f in nested]
    return ("<html><body><h1>Round Trip</h1><h4>URI</h4><p>POST /v1/round-trip</p>"
            "<h4>Request Parameters</h4>" + table("Request body parameters", "body", rows)
            + table("Child", "rt_child", nested_rows) + "</body></html>")


def _read_back(name: str, text: str) -> tuple[list[FieldSpec], list[FieldSpec]]:
    result = build_files({name: text.encode()}, title="rt")
    [operation] = result.api.operations
    schemas = {s.key: s for s in operation.schemas}
    body = schemas[operation.request_body.schema]  # type: ignore[union-attr,index]

    def specs(fields: tuple) -> list[FieldSpec]:  # type: ignore[type-arg]
        back = {(kind, fmt): label for label, (kind, fmt) in TYPES.items()}
        return [FieldSpec(f.name, back[(f.type.kind, f.type.format)], f.required)
                for f in fields if f.name != "child"]

    child = next(f for f in body.fields if f.name == "child")
    return specs(body.fields), specs(schemas[child.type.schema].fields)  # type: ignore[index]


@FUZZ
@given(FIELDS, FIELDS)
def test_rst_round_trip(fields: list[FieldSpec], nested: list[FieldSpec]) -> None:
    fields = [f for f in fields if f.name != "child"] or [FieldSpec("x", "String", True)]
    assert _read_back("rt.rst", _rst_page(fields, nested)) == (fields, nested)


@FUZZ
@given(FIELDS, FIELDS)
def test_html_round_trip(fields: list[FieldSpec], nested: list[FieldSpec]) -> None:
    fields = [f for f in fields if f.name != "child"] or [FieldSpec("x", "String", True)]
    assert _read_back("rt.html", _html_page(fields, nested)) == (fields, nested)


# --- request lines and URI templates: never a crash, always a valid document -----------------
_SEGMENT = st.sampled_from(["v1", "v2.1", "{project_id}", "{id}", "servers", "action", "{a}:{b}",
                            "x-y", "%7B", "{", "}", "{{a}}", "{?a,b}", "{&c}", "{/d}", "{+e}",
                            "?q={q}", "&r", "#f", "~", "{ sp }", "表", "", "..", "*"])
_TARGET = st.lists(_SEGMENT | st.text(max_size=6), max_size=8).map(lambda parts: "/".join(parts))
_LINE = st.tuples(
    st.sampled_from(["GET", "POST", "put", "DELETE", "PATCH", "HEAD", "FETCH", ""]),
    st.sampled_from(["", "https://{endpoint}", "https://{Cloud Eye endpoint}", "http://h:80"]),
    _TARGET, st.sampled_from(["", " ", "，表示", " trailing prose", "{?x}"]),
).map(lambda t: f"{t[0]} {t[1]}/{t[2]}{t[3]}".strip())


@FUZZ
@given(st.lists(_LINE, min_size=1, max_size=4), st.booleans(), st.booleans())
def test_random_request_lines_never_crash_the_build(lines: list[str], as_list: bool,
                                                     labelled: bool) -> None:
    """Request lines in every layout (paragraphs, list items, PATH:/Method:, code blocks)
    with random URI templates: diagnostics, never a crash, and the spec is written."""
    rendered = [f"-  {line}" if as_list else line for line in lines]
    if labelled:
        rendered = [f"PATH: /{lines[0].partition('/')[2]}", "Method: POST"]
    body = "\n\n".join(rendered)
    page = (f"Random\n======\n\nURI\n---\n\n{body}\n\n.. code-block::\n\n   {lines[0]}\n\n"
            ".. table:: **Table 1** Path Parameters\n\n   ========== ========= ======\n"
            "   Parameter  Mandatory Type\n   ========== ========= ======\n"
            "   project_id Yes       String\n   id         Yes       String\n"
            "   ========== ========= ======\n")
    markdown = f"# Random\n\n## URI\n\n{body}\n"
    result = build_files({"a.rst": page.encode("utf-8", "surrogatepass"),
                          "b.md": markdown.encode("utf-8", "surrogatepass")}, title="fuzz")
    assert not [d for d in result.diagnostics if d.code == "internal-error"], \
        [str(d) for d in result.diagnostics if d.code == "internal-error"]
    assert result.document is not None, result.spec_errors
    for path in result.document["paths"]:
        assert path.startswith("/") and " " not in path, path
