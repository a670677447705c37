"""Spec bytes: deterministic YAML or JSON, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

try:
    import yaml_rs
except ImportError:  # a platform without its wheel: libyaml through PyYAML reads alike
    yaml_rs = None  # type: ignore[assignment]


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
    reads it.

    JSON text goes to the json module. YAML goes to yaml-rs (a YAML 1.2 parser in
    Rust: a 2.5 MB spec in 0.1 s), whose reading is kept when it is the one PyYAML's
    YAML 1.1 gives (:func:`_yaml_12`); else libyaml reads it through PyYAML with a lean
    constructor (1.5 s; 20 s with PyYAML's pure-Python loader)."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style that is not JSON
    document = _yaml_12(text)
    if document is not None:
        return document
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# Where YAML 1.1 (PyYAML) and 1.2 (yaml-rs) may read a text differently: several
# documents or directives, complex keys, YAML 1.1 line breaks (NEL, LS, PS), a tag.
# (The patterns start with a literal or a short set of characters: each scans a large
# spec in a few hundredths of a second.)
_NOT_ALIKE = re.compile(r"\n(?:(?:---|\.\.\.)(?:[ \t\n]|$)|%|[ \t]*\?(?:[ \t\n]|$))")
_YAML_11_BREAKS = ("\x85", "\u2028", "\u2029")
_TAG = re.compile(r"[\s\[{,]!(?:[\w!.~%/:#-]*|<[^>\s]+>)(?=[ \t\n]|$)")
# the end of a scalar: the line's, a comment's start, a flow indicator, a key's ": "
_END = r"(?=[ \t]*(?:$|[,\]}]|:[ \t]|:$|[ \t]#))"
# a plain value YAML 1.2 may read as a number that YAML 1.1 reads otherwise (010,
# 0o10, 1e3, 1.0e3, -.5, 1_000); the reverse (12:30, 0b1) is a string yaml-rs read
# that the check of strings finds
_NUMBER = re.compile(r"[\s\[{,]([-+]?(?:0[0-9_]+(?:\.[0-9_]*)?|0o[0-7_]+"
                     r"|[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+|\.[0-9_]+[eE][-+]?[0-9]+"
                     r"|[-+]\.[0-9_]+|[0-9][0-9_]*_[0-9_]*))" + _END, re.MULTILINE)
_SAME_NUMBER = re.compile(r"[-+]?[0-9]+\.[0-9]*[eE][-+][0-9]+")  # as PyYAML writes floats
# a one-line quoted scalar: a value after "key: " or a line's "- ", or a line's key
_QUOTED_TEXT = r"""(?:'((?:[^'\n]|'')*)'|"((?:[^"\\\n]|\\.)*)")"""
_QUOTED = (re.compile(r": " + _QUOTED_TEXT + _END, re.MULTILINE),
           re.compile(r"\n[ \t]*(?:- +)*" + _QUOTED_TEXT
                      + r"(?=:[ \t]|:$|[ \t]*$|[ \t]+#)", re.MULTILINE))


def _yaml_12(text: str) -> Any:
    """yaml-rs's reading of ``text`` when it is the one ``yaml.safe_load`` gives, else
    None: no construct of :data:`_NOT_ALIKE` or tag; every plain value that may be a
    number read alike by both; and each string yaml-rs read that YAML 1.1 reads
    otherwise when plain (yes, on, 2020-01-01, 12:30, <<) quoted in the text as often
    as it occurs. Where it cannot tell, it says None: PyYAML reads the text."""
    if yaml_rs is None or any(c in text for c in _YAML_11_BREAKS):
        return None
    lines = "\n" + text  # the first line starts after a newline too
    if _NOT_ALIKE.search(lines) or _TAG.search(lines):
        return None
    for number in {n for n in _NUMBER.findall(lines) if not _SAME_NUMBER.fullmatch(n)}:
        try:
            ours: Any = yaml_rs.loads(f"- {number}", parse_datetime=False)
            theirs: Any = yaml.load(f"- {number}", Loader=_Loader)
            ours, theirs = ours[0], theirs[0]
            alike = type(ours) is type(theirs) and ours == theirs
        except Exception:  # not a value either reads alone
            alike = False
        if not alike:
            return None
    try:
        document = yaml_rs.loads(text, parse_datetime=False,
                                 duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins)
    except Exception:  # PyYAML reads it again and reports its own error
        return None
    resolve: Any = yaml.resolver.Resolver().resolve  # (its stub has no types)
    quoted: dict[str, int] | None = None
    for value, count in _short_strings(document).items():
        if resolve(yaml.ScalarNode, value, (True, False)) == _STR:
            continue
        if quoted is None:
            quoted = _quoted_values(lines)
        if quoted.get(value, 0) < count:
            return None  # somewhere plain: YAML 1.1 reads it as a bool, date, ...
    return document


def _quoted_values(lines: str) -> dict[str, int]:
    """How often each one-line quoted scalar occurs as a value after "key: " or a
    line's "- ", or as a line's key, by its value."""
    found: dict[str, int] = {}
    for pattern in _QUOTED:
        for single, double in pattern.findall(lines):
            if single or not double:
                value = single.replace("''", "'")
            else:
                try:
                    value = str(json.loads(f'"{double}"'))
                except ValueError:
                    continue  # a YAML escape JSON lacks: not counted, so PyYAML reads it
            found[value] = found.get(value, 0) + 1
    return found


def _short_strings(document: Any) -> Counter[str]:
    """How often each short string occurs in ``document``, as a key or a value: the
    ones a YAML 1.1 resolver might read as something else when plain."""
    strings: list[str] = []
    keep = strings.append
    stack = [document]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            for key in node:
                if type(key) is str and len(key) <= 40:
                    keep(key)
            node = node.values()
        for value in node:
            kind = type(value)
            if kind is str:
                if len(value) <= 40:
                    keep(value)
            elif kind is dict or kind is list:
                stack.append(value)
    return Counter(strings)


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
