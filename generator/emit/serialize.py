"""Spec bytes: deterministic YAML or JSON, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # multi-line descriptions read best as literal blocks
    style = "|" if "\n" in value and value == value.strip() and "\t" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _dumper_on(base: type[yaml.SafeDumper]) -> type[yaml.SafeDumper]:
    """Safe YAML with no anchors or aliases (a reader sees every schema in full), on
    ``base``: PyYAML's own emitter or libyaml's."""

    class Dumper(base):  # type: ignore[valid-type,misc]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    Dumper.add_representer(str, _str_representer)
    return Dumper


# libyaml's emitter gives the same bytes as PyYAML's own (a test checks it on the seed
# and corpus specs) 3x faster; the pure-Python one is the fallback where it is missing.
_Dumper = _dumper_on(getattr(yaml, "CSafeDumper", yaml.SafeDumper))


def _yaml(document: dict[str, Any], dumper: type[yaml.SafeDumper]) -> str:
    return yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)


def dumps(document: dict[str, Any], fmt: str = "yaml") -> str:
    """The document as text; the same document always gives the same text."""
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return "".join(yaml_pieces(document).values())


# where a document is cut into pieces: each entry of these mappings is one piece
_SPLIT = {(): True, ("paths",): True, ("components",): True, ("components", "schemas"): True}


def yaml_pieces(document: dict[str, Any],
                earlier: Mapping[str, str] | None = None) -> dict[str, str]:
    """The document's YAML text in pieces (each path item, each schema, each other
    top-level entry), in order and keyed by a hash of their content: joined, they are
    :func:`dumps`. A piece found in ``earlier`` is reused, not serialised again, so a
    one-page change of a large reference re-serialises one path item and a few schemas.
    (Pieces are also 40% faster to make than the whole: PyYAML's representer slows
    as the document grows.)"""
    pieces: dict[str, str] = {}
    _add_pieces(document, (), earlier or {}, pieces)
    return pieces


def _add_pieces(mapping: dict[str, Any], ancestors: tuple[str, ...],
                earlier: Mapping[str, str], pieces: dict[str, str]) -> None:
    # In block style an entry's text depends only on its key, its value and its depth,
    # never on its neighbours: dumping {a0: {a1: {key: value}}} and dropping the
    # ancestors' header lines gives the very lines the whole document has for it.
    for key, value in mapping.items():
        here = (*ancestors, key)
        if here in _SPLIT and isinstance(value, dict) and value:
            pieces[_digest(["header", here])] = "  " * len(ancestors) + f"{key}:\n"
            _add_pieces(value, here, earlier, pieces)
            continue
        digest = _digest([here, value])
        text = earlier.get(digest)
        if text is None:
            wrapped: Any = {key: value}
            for name in reversed(ancestors):
                wrapped = {name: wrapped}
            text = _yaml(wrapped, _Dumper).split("\n", len(ancestors))[-1]
        pieces[digest] = text


def _digest(value: Any) -> str:
    # key order matters to the text, so keys are not sorted
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode()).hexdigest()



def loads(text: str) -> Any:
    """A spec document from YAML or JSON text (JSON is YAML), as ``yaml.safe_load``
    reads it. JSON text goes to the json module; YAML to libyaml's parser, the document
    built from its events (a 2.5 MB spec: 0.5 s instead of 1.5 s with a lean node
    constructor, 3 s with PyYAML's own, 20 s without libyaml)."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style that is not JSON
    try:
        return _from_events(text)
    except _Unusual:
        pass  # anchors to something odd, merge keys, tags, errors: PyYAML's own way
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


class _Unusual(Exception):
    """A document the event reader leaves to the node-based loader."""


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_MERGE = "tag:yaml.org,2002:merge"


def _from_events(text: str) -> Any:
    """The document built straight from libyaml's parse events: no node tree, no marks
    per node (composing the nodes costs four times the parse itself). Plain scalars are
    resolved as PyYAML resolves them; anything less usual raises :class:`_Unusual`."""
    containers: list[Any] = []  # the open maps and lists, innermost last
    keys: list[Any] = []  # per open map: the key read and waiting for its value
    anchors: dict[str, Any] = {}
    documents = 0
    root: Any = None
    no_key = keys  # a marker: the open map waits for a key

    def add(value: Any) -> None:
        nonlocal root
        if not containers:
            root = value
            return
        top = containers[-1]
        if type(top) is list:
            top.append(value)
        elif keys[-1] is no_key:
            if not isinstance(value, str | int | float | bool | None):
                raise _Unusual  # a key that is a list or a map: PyYAML says why
            keys[-1] = value
        else:
            top[keys[-1]] = value
            keys[-1] = no_key

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                value: Any = event.value
                if event.tag is not None:
                    raise _Unusual
                if event.implicit[0]:  # plain: a number, a boolean, null, a date...
                    for tag, pattern in _RESOLVERS.get(value[:1], ()):
                        if pattern.match(value):
                            if tag == _MERGE:
                                raise _Unusual
                            # the constructor's own function: construct_object would
                            # keep every node it saw
                            value = _CONSTRUCTOR.yaml_constructors[tag](
                                _CONSTRUCTOR, yaml.ScalarNode(tag, value))
                            break
                if event.anchor is not None:
                    anchors[event.anchor] = value
                add(value)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.tag is not None:
                    raise _Unusual
                made: Any = {} if kind is yaml.MappingStartEvent else []
                if event.anchor is not None:
                    anchors[event.anchor] = made
                add(made)
                containers.append(made)
                if kind is yaml.MappingStartEvent:
                    keys.append(no_key)
            elif kind is yaml.MappingEndEvent:
                containers.pop()
                keys.pop()
            elif kind is yaml.SequenceEndEvent:
                containers.pop()
            elif kind is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise _Unusual
                add(anchors[event.anchor])
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual
    except yaml.YAMLError:
        raise _Unusual from None  # the loader says it with PyYAML's own message
    finally:
        loader.dispose()
    return root


_STR, _MAP, _SEQ = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                    "tag:yaml.org,2002:seq")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """``yaml.safe_load``'s loader, building untagged maps, lists and strings itself
    and handing everything else (numbers, booleans, dates, merge keys, tags, errors)
    to PyYAML's safe constructor, so the result is the same."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # Resolver.resolve without its per-call list building: most scalars of a spec
        # are quoted or start with a letter no implicit type starts with
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return str(tag)
            return _STR
        return str(super().resolve(kind, value, implicit))

    def construct_document(self, node: yaml.Node) -> Any:
        built: dict[int, Any] = {}  # an alias is the same node: the same object

        def build(node: yaml.Node) -> Any:
            if id(node) in built:
                return built[id(node)]
            tag = node.tag
            if isinstance(node, yaml.ScalarNode):
                value: Any = node.value if tag == _STR else self.construct_object(node)
            elif tag == _MAP and isinstance(node, yaml.MappingNode) and all(
                    k.tag != "tag:yaml.org,2002:merge" for k, _ in node.value):
                value = {}
                built[id(node)] = value
                for key_node, value_node in node.value:
                    key = build(key_node)
                    if not isinstance(key, str | int | float | bool | None):
                        return self.construct_object(node, deep=True)  # its own error
                    value[key] = build(value_node)
            elif tag == _SEQ and isinstance(node, yaml.SequenceNode):
                value = []
                built[id(node)] = value
                value.extend(build(item) for item in node.value)
            else:
                value = self.construct_object(node, deep=True)
            built[id(node)] = value
            return value

        try:
            return build(node)
        finally:
            self.constructed_objects.clear()
            self.recursive_objects.clear()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so that a
    killed run leaves the previous complete file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; a spec is for everyone to read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_tree_atomic(folder: Path, files: dict[str, str]) -> None:
    """Replace ``folder`` by exactly ``files`` (relative paths): built beside it, then
    swapped in with two renames, so a killed run leaves the previous complete folder
    (or, killed between the renames, a backup the next run restores)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    backup = folder.with_name(f".{folder.name}.previous")
    if not folder.exists() and backup.exists():
        os.replace(backup, folder)  # an earlier run died between its two renames
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for relative, text in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        for path in [staging, *staging.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        if backup.exists():
            shutil.rmtree(backup)
        if folder.exists():
            os.replace(folder, backup)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(backup, ignore_errors=True)
