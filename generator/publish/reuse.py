"""Views of an earlier document reused for a later one (``serve``'s rebuilds).

An operation's view is made from its operation object, its path item's shared
parameters, its page's URL, the request sample's base URL and headers, and whatever
its local ``$ref`` chains reach (each target object, and the page URL of each schema).
A live preview's emitter hands back the very objects of the build before for what an
edit did not touch, so a view whose inputs are those same objects (and equal URLs) is
the view a fresh :func:`~generator.publish.model.site_of` would make: it is reused.
A schema page likewise, with its "used by" list made afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.document import Json, ref_target
from generator.memo import IdentityMemo

if TYPE_CHECKING:
    from generator.publish.model import Operation, SchemaPage

_SCHEMA_REF = "#/components/schemas/"


@dataclass(frozen=True)
class _Inputs:
    """What a view was made from: compared by identity (objects) and equality (text)."""

    objects: tuple[Any, ...]  # the operation (and shared parameters), or the schema
    text: tuple[Any, ...]  # URLs, base URL, sample headers
    targets: tuple[tuple[str, Any], ...]  # every ref reached → the object it named
    urls: tuple[tuple[str, str | None], ...]  # every schema reached → its page

    def hold(self, objects: tuple[Any, ...], text: tuple[Any, ...],
             target: Callable[[str], Any], urls: dict[str, str]) -> bool:
        """Whether a view made from these inputs is the view of ``objects`` in the
        document whose refs ``target`` follows (with its schema pages at ``urls``)."""
        return (len(objects) == len(self.objects)
                and all(a is b for a, b in zip(objects, self.objects, strict=True))
                and text == self.text
                and all(target(ref) is found for ref, found in self.targets)
                and all(urls.get(name) == url for name, url in self.urls))


class ViewMemo:
    """The views of the last document :func:`~generator.publish.model.site_of` made
    with this memo, by operation object and by schema name."""

    def __init__(self) -> None:
        self._refs = IdentityMemo()  # a fragment → the local refs written in it
        self._operations: dict[int, tuple[_Inputs, Operation]] = {}
        self._schemas: dict[str, tuple[_Inputs, SchemaPage]] = {}
        self._next_operations: dict[int, tuple[_Inputs, Operation]] = {}
        self._next_schemas: dict[str, tuple[_Inputs, SchemaPage]] = {}
        self._document: Json = {}
        self._targets: dict[str, Any] = {}

    def begin(self, document: Json) -> None:
        """A new document: what the one before used stays recallable until it ends."""
        self._next_operations, self._next_schemas = {}, {}
        self._document, self._targets = document, {}

    def _target(self, ref: str) -> Any:
        """What ``ref`` names in the document (each ref followed once per document)."""
        try:
            return self._targets[ref]
        except KeyError:
            found = self._targets[ref] = ref_target(self._document, ref)
            return found

    def end(self) -> None:
        """Keep only what this document's views were made from."""
        self._operations, self._schemas = self._next_operations, self._next_schemas
        self._next_operations, self._next_schemas = {}, {}
        self._document, self._targets = {}, {}
        self._refs.turn()

    def operation(self, objects: tuple[Any, ...], text: tuple[Any, ...],
                  urls: dict[str, str], make: Callable[[], Operation]) -> Operation:
        """The view of an operation (``objects``: its operation, its path item's
        shared parameters), reused when made from the same inputs, else ``make()``."""
        earlier = self._operations.get(id(objects[0]))
        if earlier is not None and earlier[0].hold(objects, text, self._target, urls):
            view = earlier[1]
            inputs = earlier[0]
        else:
            view = make()
            inputs = self._inputs(objects, text, urls)
        self._next_operations[id(objects[0])] = (inputs, view)
        return view

    def schema(self, name: str, schema: Any, text: tuple[Any, ...], urls: dict[str, str],
               make: Callable[[], SchemaPage]) -> SchemaPage:
        earlier = self._schemas.get(name)
        if earlier is not None and earlier[0].hold((schema,), text, self._target, urls):
            view = earlier[1]
            inputs = earlier[0]
        else:
            view = make()
            inputs = self._inputs((schema,), text, urls)
        self._next_schemas[name] = (inputs, view)
        return view

    def _inputs(self, objects: tuple[Any, ...], text: tuple[Any, ...],
                urls: dict[str, str]) -> _Inputs:
        targets: dict[str, Any] = {}
        todo = [ref for node in objects for ref in self._written(node)]
        while todo:
            ref = todo.pop()
            if ref in targets:
                continue
            target = targets[ref] = self._target(ref)
            todo.extend(self._written(target))
        names = sorted(ref[len(_SCHEMA_REF):].replace("~1", "/").replace("~0", "~")
                       for ref in targets if ref.startswith(_SCHEMA_REF))
        return _Inputs(objects, text, tuple(sorted(targets.items(), key=lambda t: t[0])),
                       tuple((name, urls.get(name)) for name in names))

    def _written(self, node: Any) -> Iterable[str]:
        if not isinstance(node, dict | list):
            return ()
        found: frozenset[str] = self._refs.value("refs", node, _local_refs)
        return found


def _local_refs(node: Any) -> frozenset[str]:
    """Every local ``$ref`` string written anywhere in ``node``."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                found.add(ref)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return frozenset(found)
