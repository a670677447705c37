"""A static HTML API reference from any OpenAPI 3 document.

    files = publish(document)          # relative path → text
    write_tree_atomic(Path("site"), files)

The site has an index grouped by tag, a page per operation and per component schema,
a sidebar of every operation and an offline search (both from one small data file
loaded as a script, so they work from ``file://`` too), and no CDN or network use.
Every page names the doc file:line its content came from (``x-source``), where the
document says. With ``changes`` (the findings of ``diff`` against an older revision)
it also has a changes page and "changed" badges; with ``translation`` (the same API
in another language) each page links to its counterpart.

Text from the document is untrusted: jinja2 autoescapes every value, fields and
descriptions are built from escaped text (:mod:`.fields`), the data file is JSON with
``<`` escaped, and a Content-Security-Policy allows only the site's own script and
style files, so even a page that slipped something through could run nothing.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from generator.document import Json
from generator.publish.changes import Changes, changes_of
from generator.publish.fields import (
    NO_MARKS,
    badge,
    describe,
    field_list,
    paragraphs,
    path_breaks,
    source,
    type_link,
)
from generator.publish.i18n import LANGUAGE_NAMES, Catalogue, catalogue
from generator.publish.model import (
    Site,
    language_of,
    operation_urls,
    schema_urls,
    site_of,
    slug,
)
from generator.publish.search import documents, search_file

if TYPE_CHECKING:  # the diff package imports the docs readers: not needed to publish
    from generator.diff.model import Finding

__all__ = ["MARKER", "InPortal", "SitePlan", "Translation", "paragraphs", "publish",
           "render_page", "translation_of"]

# marks a folder as a site this tool wrote, so publishing never replaces anything else
MARKER = ".docs2openapi-site"
ASSETS = ("site.css", "site.js", "search.js")
# the search library, loaded when the search is first used (vendored: see its NOTICE)
SEARCH_ASSETS = ("minisearch.min.js",)


@dataclass(frozen=True)
class Translation:
    """The same API published in another language, for links to counterpart pages."""

    language: str  # "zh"
    root: str  # the other site's folder, relative to this one's: "../modelarts-zh/"
    pages: dict[str, str]  # this site's page → the other site's (both from their roots)

    def link(self, page: str) -> str:
        """The counterpart of ``page``, relative to this site's root."""
        return self.root + self.pages.get(page, "index.html")

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)


def translation_of(document: Json, other: Json, root: str) -> Translation:
    """Links from the site of ``document`` to that of ``other`` (published at ``root``,
    relative to this site): operations paired as ``compare`` pairs them (method and
    path), schema pages by name, every other page to its namesake."""
    from generator.compare import paired_operations

    ours, theirs = operation_urls(document), operation_urls(other)
    pages = {"index.html": "index.html", "schemas/index.html": "schemas/index.html"}
    for key, a, b in paired_operations(document, other):
        if a is not None and b is not None:
            pages[ours[key]] = theirs[key]
    their_schemas = schema_urls(other)
    pages.update({url: their_schemas[name] for name, url in schema_urls(document).items()
                  if name in their_schemas})
    return Translation(language_of(other), root.rstrip("/") + "/", pages)


@dataclass(frozen=True)
class InPortal:
    """Where a site sits in a portal of several services (:mod:`.portal`)."""

    root: str  # the portal's folder, relative to the site's: "../"
    service: int  # the site's place in the portal's list
    folder: str  # the site's folder in the portal: "modelarts/"


def publish(document: Json, *, changes: Sequence[Finding] | None = None,
            changes_from: str = "", translation: Translation | None = None,
            jobs: int = 1, portal: InPortal | None = None,
            site: Site | None = None, changelog: Json | None = None) -> dict[str, str]:
    """Every file of the site for ``document``, by path relative to the site root.

    ``changes``: the findings of ``diff`` from the revision named ``changes_from`` to
    ``document``; ``translation``: where the same API is published in another
    language; ``jobs``: processes rendering the pages (the files are the same);
    ``portal``: the site is one service of a portal, whose one search (written by the
    portal) it uses instead of its own; ``site``: the view of ``document``, when already
    made; ``changelog``: the data ``docs2openapi changelog --format json`` wrote, shown
    as ``changelog.html``."""
    plan = SitePlan(document, changes=changes, changes_from=changes_from,
                    translation=translation, portal=portal, site=site, changelog=changelog)
    files = {MARKER: plan.render(MARKER)}
    files.update(_render(plan.renderer, list(plan.pages.values()), jobs))
    files.update({path: plan.render(path) for path in plan.paths if path not in files})
    return files


class SitePlan:
    """The files of a site and how to make each one, without making any: ``paths`` in
    the order :func:`publish` writes them, and :meth:`render` for one file. A live
    preview (``serve``) renders only the pages a browser asks for."""

    def __init__(self, document: Json, *, changes: Sequence[Finding] | None = None,
                 changes_from: str = "", translation: Translation | None = None,
                 portal: InPortal | None = None, site: Site | None = None,
                 changelog: Json | None = None) -> None:
        site = self.site = site if site is not None else site_of(document)
        t = catalogue(site.language)
        changed = self.changes = changes_of(site, changes, changes_from) \
            if changes is not None else None
        pages: list[tuple[str, str, dict[str, Any]]] = [
            ("index.html", "index.html.jinja",
             {"page_title": site.title or t("default_title")}),
            ("schemas/index.html", "schemas.html.jinja", {"page_title": t("schemas")})]
        order = site.reading_order
        for index, operation in enumerate(order):
            pages.append((operation.url, "operation.html.jinja", {
                "op": operation, "page_title": operation.title,
                "previous": order[index - 1] if index else None,
                "next": order[index + 1] if index + 1 < len(order) else None,
                "marks": changed.pages.get(operation.url, NO_MARKS) if changed else NO_MARKS}))
        pages += [(schema.url, "schema.html.jinja", {"schema": schema, "page_title": schema.name})
                  for schema in site.schemas]
        if changed is not None:
            pages.append(("changes.html", "changes.html.jinja",
                          {"page_title": t("what_changed")}))
        if changelog is not None:  # what `docs2openapi changelog --format json` wrote
            pages.append(("changelog.html", "changelog.html.jinja",
                          {"page_title": t("changelog"), "changelog": changelog}))
        self.pages = {page[0]: page for page in pages}
        self.portal = portal
        self.renderer = _Renderer(site, changed, translation, portal, changelog is not None)
        own_search = () if portal else ("assets/search-index.js",)
        self.assets = ASSETS + (() if portal else SEARCH_ASSETS)
        self.paths = [MARKER, *self.pages, "assets/site-index.js", *own_search,
                      *(f"assets/{asset}" for asset in self.assets)]

    def render(self, path: str) -> str:
        """The text of one file of the site (KeyError: the site has no such file)."""
        portal = self.portal
        if path in self.pages:
            _, template, values = self.pages[path]
            return self.renderer(template, path, **values)
        if path == MARKER:
            return "A static API reference written by docs2openapi.\n"
        if path == "assets/site-index.js":
            search = f"{portal.root}assets/search-index.js" if portal else \
                "assets/search-index.js"
            return "window.DOCS2OPENAPI = " + site_index(
                self.site, self.changes, search=search, base=portal.root if portal else "",
                folder=portal.folder if portal else "") + ";\n"
        if path == "assets/search-index.js" and portal is None:
            return search_file(documents(self.site))
        if path.startswith("assets/") and path[len("assets/"):] in self.assets:
            return assets((path[len("assets/"):],))[path]
        raise KeyError(path)


def assets(names: Sequence[str]) -> dict[str, str]:
    """The site's own script and style files, by path."""
    return {f"assets/{name}": (resources.files("generator.publish") / "assets" / name
                               ).read_text(encoding="utf-8") for name in names}


def search_example(site: Site) -> str:
    """What the search box offers as an example: one of the site's own operations
    (the first in the sidebar), by its summary when short, else its id."""
    if not site.operations:
        return "/"
    op = site.reading_order[0]
    return op.summary if op.summary and len(op.summary) <= 36 else op.id


# what forked renderers inherit: the renderer and the pages (set just before the fork)
_FORKED: tuple[_Renderer, list[tuple[str, str, dict[str, Any]]], int] | None = None


def _render(page: _Renderer, pages: list[tuple[str, str, dict[str, Any]]],
            jobs: int) -> dict[str, str]:
    """url → HTML of each page; with several jobs, forked processes render every
    jobs-th page each (they inherit the site; only the HTML comes back)."""
    global _FORKED
    if jobs <= 1 or len(pages) < 100 or sys.platform != "linux":
        return {url: page(template, url, **values) for url, template, values in pages}
    _FORKED = (page, pages, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_render_part, range(jobs))
    finally:
        _FORKED = None
    texts = [""] * len(pages)
    for part, rendered in enumerate(parts):
        texts[part::jobs] = rendered
    return {url: text for (url, _, _), text in zip(pages, texts, strict=True)}


def _render_part(part: int) -> list[str]:
    assert _FORKED is not None
    page, pages, jobs = _FORKED
    return [page(template, url, **values) for url, template, values in pages[part::jobs]]


def site_index(site: Site, changes: Changes | None = None, *,
               search: str = "assets/search-index.js", base: str = "",
               folder: str = "") -> str:
    """The data the sidebar and the search read, as JSON: the tags with their
    operations (by index), the groups of tags, each operation (with its action
    variants, and the level of its changes), each schema, the words of the site's
    language the scripts show, and where the search documents are (``search``,
    whose URLs are relative to ``base``; both relative to the site's root; in a
    portal, the search's URLs of this site start with ``folder``)."""
    position = {op.url: i for i, op in enumerate(site.operations)}
    operations = []
    for op in site.operations:
        entry: dict[str, Any] = {"n": op.id, "s": op.summary, "m": op.method, "p": op.path,
                                 "t": list(op.tags), "u": op.url}
        if op.deprecated:
            entry["d"] = 1
        if op.variants:
            entry["v"] = [[v.id, v.summary, v.anchor] for v in op.variants]
        if changes is not None and op.url in changes.pages:
            entry["c"] = changes.pages[op.url].level
        operations.append(entry)
    tag_index = {tag.name: i for i, tag in enumerate(site.tags)}
    data = {
        "tags": [[tag.name, tag.anchor, [position[op.url] for op in tag.operations]]
                 for tag in site.tags],
        # the sidebar's order: [group name ("" for none), [tag indexes]]
        "groups": [[group.name, [tag_index[tag.name] for tag in group.tags]]
                   for group in site.sidebar],
        "operations": operations,
        "schemas": [[schema.name, schema.url] for schema in site.schemas],
        "ui": catalogue(site.language).script_words(),
        "search": search,
        "base": base,
    }
    if folder:
        data["self"] = folder
    # "<" escaped: the data is loaded as a script
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.publish", "templates"),
    autoescape=True,  # HTML from untrusted text: every value is escaped
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,  # the templates are part of the package: no stat() per page
)
_ENVIRONMENT.filters["paragraphs"] = paragraphs
_ENVIRONMENT.filters["path"] = path_breaks
_ENVIRONMENT.filters["slug"] = slug
_ENVIRONMENT.globals.update(field_list=field_list, describe=describe, source=source,
                            type_link=type_link, badge=badge, code=lambda text: Markup(
                                "<code>{}</code>").format(text))


def render_page(template: str, url: str, t: Catalogue, *, example: str,
                **values: Any) -> str:
    """A page outside any one service's site (the portal's index), in ``t``'s words."""
    site = Site(t("portal_title"), "", "", t.language, (), (), (), ())
    return _ENVIRONMENT.get_template(template).render(
        site=site, site_title=site.title, root="../" * url.count("/"), page_url=url,
        changes=None, t=t, translation=None, counterpart=None, portal="",
        portal_index=True, search_example=example, page_title=site.title,
        has_changelog=False, **values)


class _Renderer:
    """Renders a template as one page of the site: its root, its counterpart, its
    words."""

    def __init__(self, site: Site, changes: Changes | None,
                 translation: Translation | None, portal: InPortal | None = None,
                 changelog: bool = False) -> None:
        self.site, self.changes, self.translation = site, changes, translation
        self.portal = portal.root if portal else ""
        self.changelog = changelog
        self.t: Catalogue = catalogue(site.language)
        self.example = search_example(site)

    def __call__(self, template: str, url: str, **values: Any) -> str:
        root = "../" * url.count("/")
        counterpart = None
        if self.translation is not None:
            link = self.translation.link(url)
            counterpart = link if "://" in link or link.startswith("/") else root + link
        return _ENVIRONMENT.get_template(template).render(
            site=self.site, site_title=self.site.title or self.t("default_title"),
            root=root, page_url=url, changes=self.changes, t=self.t,
            translation=self.translation, counterpart=counterpart, portal=self.portal,
            portal_index=False, search_example=self.example, has_changelog=self.changelog,
            **values)
