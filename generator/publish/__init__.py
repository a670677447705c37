"""A static HTML API reference from any OpenAPI 3 document.

    files = publish(document)          # relative path → text
    write_tree_atomic(Path("site"), files)

The site has an index grouped by tag, a page per operation and per component schema,
an offline search (a small JSON index loaded as a script, so it works from
``file://`` too), and no CDN or network use. Every page names the doc file:line
its content came from (``x-source``), where the document says.

Text from the document is untrusted: jinja2 autoescapes every value, descriptions
become paragraphs and lists by :func:`paragraphs` (escaped, never raw HTML), the
search index is JSON with ``<`` escaped, and a Content-Security-Policy allows only
the site's own script and style files, so even a page that slipped something
through could run nothing.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.publish.model import Site, site_of, slug

# marks a folder as a site this tool wrote, so publishing never replaces anything else
MARKER = ".docs2openapi-site"


def publish(document: dict[str, Any]) -> dict[str, str]:
    """Every file of the site for ``document``, by path relative to the site root."""
    site = site_of(document)
    files: dict[str, str] = {MARKER: "A static API reference written by docs2openapi.\n"}
    files["index.html"] = _render("index.html.jinja", site, "", page_title=site.title)
    files["schemas/index.html"] = _render("schemas.html.jinja", site, "../",
                                          page_title="Schemas")
    for operation in site.operations:
        files[operation.url] = _render("operation.html.jinja", site, "../", op=operation,
                                       page_title=operation.summary or operation.id)
    for schema in site.schemas:
        files[schema.url] = _render("schema.html.jinja", site, "../", schema=schema,
                                    page_title=schema.name)
    files["assets/search-index.json"] = search_index(site)
    files["assets/search-index.js"] = ("window.DOCS2OPENAPI_SEARCH = "
                                       + files["assets/search-index.json"].strip() + ";\n")
    for asset in ("site.css", "search.js"):
        files[f"assets/{asset}"] = (resources.files("generator.publish") / "assets" / asset
                                    ).read_text(encoding="utf-8")
    return files


def search_index(site: Site) -> str:
    """The offline search index: one entry per operation and per schema."""
    entries: list[dict[str, Any]] = [
        {"k": "operation", "n": op.id, "s": op.summary, "m": op.method, "p": op.path,
         "t": list(op.tags), "u": op.url}
        for op in site.operations
    ] + [{"k": "schema", "n": schema.name, "s": "", "u": schema.url} for schema in site.schemas]
    # "<" escaped: the index is also loaded as a script
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")) \
        .replace("<", "\\u003c") + "\n"


def paragraphs(text: str) -> Markup:
    """Plain description text as HTML: blank lines part paragraphs, lines starting
    with "- " or "* " make a list, other line breaks are kept. Everything is escaped."""
    blocks: list[str] = []
    for block in text.strip().split("\n\n"):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        html: list[str] = []
        items: list[str] = []
        for line in lines:
            stripped = line.lstrip()
            if stripped[:2] in ("- ", "* ", "• "):
                items.append(f"<li>{escape(stripped[2:].strip())}</li>")
                continue
            if items:
                html.append(f"<ul>{''.join(items)}</ul>")
                items = []
            html.append(f"<p>{escape(stripped)}</p>")
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
        blocks.append("".join(html))
    return Markup("".join(blocks))


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.publish", "templates"),
    autoescape=True,  # HTML from untrusted text: every value is escaped
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENVIRONMENT.filters["paragraphs"] = paragraphs
_ENVIRONMENT.filters["slug"] = slug


def _render(template: str, site: Site, root: str, **values: Any) -> str:
    return _ENVIRONMENT.get_template(template).render(site=site, root=root, **values)
