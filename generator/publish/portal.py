"""One portal for several services: a services index, each service's site in a folder
of its own, and one search across them all.

    files = publish_portal([Service("modelarts", doc), Service("modelarts-zh", doc_zh)])

The sites are those :func:`generator.publish.publish` writes, each told it sits in a
portal: their search box searches every service (the portal's ``assets/search-index.js``,
whose hits name their service). Two services that are the same API in two languages
(``NAME`` and ``NAME-zh``, or two names that differ only by a language suffix, in
specs of different languages) link each page to its counterpart, as ``--translation``
does for two sites.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.document import Json
from generator.publish import (
    ASSETS,
    MARKER,
    SEARCH_ASSETS,
    InPortal,
    Translation,
    assets,
    publish,
    render_page,
    search_example,
    translation_of,
)
from generator.publish.i18n import LANGUAGE_NAMES, catalogue
from generator.publish.model import Site, site_of
from generator.publish.search import documents, search_file

_LANGUAGE_SUFFIX = re.compile(r"[-_.](en|zh|zh-cn|cn)$", re.IGNORECASE)


@dataclass(frozen=True)
class Service:
    name: str  # its folder in the portal: "modelarts"
    document: Json


@dataclass(frozen=True)
class ServiceEntry:
    """A service as the portal's index shows it."""

    name: str
    url: str  # "modelarts/index.html"
    site: Site
    counterpart: str  # the same API in another language: its index, or ""
    counterpart_language: str


def counterparts(services: Sequence[tuple[str, str]]) -> dict[str, str]:
    """name → the name of the same API in another language, for (name, language)
    pairs: names equal once a language suffix ("-zh") is taken off, languages not."""
    by_key: dict[str, list[tuple[str, str]]] = {}
    for name, language in services:
        by_key.setdefault(_LANGUAGE_SUFFIX.sub("", name).lower(), []).append((name, language))
    found: dict[str, str] = {}
    for group in by_key.values():
        for name, language in group:
            other = next((n for n, lang in group if lang != language), None)
            if other is not None:
                found[name] = other
    return found


def publish_portal(services: Sequence[Service], *, jobs: int = 1) -> dict[str, str]:
    """Every file of the portal, by path relative to its root."""
    names = [service.name for service in services]
    if len(set(names)) != len(names):
        raise ValueError("two services have the same name: " + ", ".join(
            sorted({n for n in names if names.count(n) > 1})))
    sites = [site_of(service.document) for service in services]
    pairs = counterparts([(s.name, site.language) for s, site in zip(services, sites,
                                                                    strict=True)])
    by_name = {s.name: s for s in services}
    files: dict[str, str] = {MARKER: "A static API reference written by docs2openapi.\n"}
    docs: list[dict[str, Any]] = []
    entries: list[ServiceEntry] = []
    for index, (service, site) in enumerate(zip(services, sites, strict=True)):
        translation: Translation | None = None
        other = pairs.get(service.name)
        if other is not None:
            translation = translation_of(service.document, by_name[other].document,
                                         f"../{other}")
        written = publish(service.document, translation=translation, jobs=jobs,
                          portal=InPortal("../", index, f"{service.name}/"), site=site)
        files.update({f"{service.name}/{path}": text for path, text in written.items()
                      if path != MARKER})
        docs.extend(documents(site, f"{service.name}/", index))
        other_site = sites[names.index(other)] if other is not None else None
        entries.append(ServiceEntry(
            service.name, f"{service.name}/index.html", site,
            f"{other}/index.html" if other is not None else "",
            other_site.language if other_site is not None else ""))
    t = catalogue(_portal_language(sites))
    files["assets/search-index.js"] = search_file(docs, [
        {"title": entry.site.title or entry.name, "u": entry.url} for entry in entries])
    files["assets/site-index.js"] = "window.DOCS2OPENAPI = " + _portal_index(
        entries, t.language) + ";\n"
    files.update(assets(ASSETS + SEARCH_ASSETS))
    files["index.html"] = render_page(
        "portal.html.jinja", "index.html", t, services=entries,
        languages=LANGUAGE_NAMES, example=_example(sites))
    return files


def _portal_language(sites: Sequence[Site]) -> str:
    """The portal's words: Chinese when every service is, else English."""
    return "zh" if sites and all(site.language == "zh" for site in sites) else "en"


def _example(sites: Sequence[Site]) -> str:
    return next((search_example(site) for site in sites if site.operations), "/")


def _portal_index(entries: Sequence[ServiceEntry], language: str) -> str:
    """The portal index's data file: no operations of its own, its services."""
    data = {"tags": [], "groups": [], "operations": [], "schemas": [],
            "services": [[entry.site.title or entry.name, entry.url] for entry in entries],
            "ui": catalogue(language).script_words(), "search": "assets/search-index.js",
            "base": ""}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
