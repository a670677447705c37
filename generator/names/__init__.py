"""Names a programmer would write, chosen in one place, from what the docs mean.

The naming pass runs on the whole docs set between extraction and emission:

- an **operation** is named by the service's ``names`` table where it has an entry,
  else by the vendor's own name where its page gives one (an API Explorer link, a
  label that already is a name), else by a verb and a noun from its title and request
  line (:mod:`generator.names.operations`): ``DeleteVolume``, ``ListVolumes``. An
  OpenStack-compatible API (its group or title names Nova, Cinder...) says so first
  (``CinderListVolumes``), as SDKs do. Names that would clash are told apart by the
  request line's version (``ListVolumesV3``), then by more of the path, never by a
  page id, which stays in the operation's provenance;
- a **body model** after its operation: ``<Name>RequestBody``, ``<Name>Response``,
  ``<Name>Response404``; nested objects keep the names their fields and captions give;
- a **group** (tag) as the docs' tables of contents title it
  (:mod:`generator.extract.outline`), in the docs' order.

The same docs give the same names: nothing depends on the order pages were read in,
and prose other than a page's title never reaches a name.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostics, Source
from generator.ir import Api, Group, Operation, Schema
from generator.names.models import item_names
from generator.names.operations import derive_name
from generator.names.routes import VERSION_SEGMENT, RouteReader, Segment
from generator.names.words import is_plural, pascal, plural, singular, split_words

if TYPE_CHECKING:  # the outline is extraction's; naming only reads it
    from generator.extract.outline import Outline

# OpenStack services whose APIs clouds re-expose; SDKs prefix their operations with
# the component's name (nova_list_servers) to tell them from the cloud's own
_OPENSTACK = ("Nova", "Cinder", "Glance", "Keystone", "Neutron", "Swift", "Trove",
              "Manila", "Heat", "Designate", "Octavia", "Ironic", "Barbican")
_OPENSTACK_WORD = re.compile(r"(?i)\b(" + "|".join(_OPENSTACK) + r")\b|(?<![A-Za-z])(" +
                             "|".join(_OPENSTACK) + r")(?![A-Za-z])")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_VERSION_WORD = re.compile(r"[^A-Za-z0-9]+")


def name_api(api: Api, outline: Outline | None = None,
             overrides: Mapping[str, str] | None = None) -> tuple[Api, Diagnostics]:
    """``api`` with every operation, body model and group named."""
    diagnostics = Diagnostics()
    groups, tag_of = _groups(api, outline)
    reader = RouteReader(op.path for op in api.operations)
    titles = {g.name: g for g in groups}
    product = _main_product(api.operations)
    derived: dict[int, str] = {}
    fuller: dict[int, str] = {}  # with the parent resource: to tell two names apart
    vendor: dict[int, str] = {}
    wanted: dict[int, str] = {}
    kinds: dict[int, str] = {}  # override, vendor or derived: who chose the name
    for index, op in enumerate(api.operations):
        name = derive_name(op.summary, op.method, op.path, reader)
        parent = derive_name(op.summary, op.method, op.path, reader, with_parent=True)
        component = _component(op, tag_of.get(index, ""), titles)
        if component:
            name, parent = _prefixed(component, name), _prefixed(component, parent)
        derived[index], fuller[index] = name, parent
        vendor[index] = _vendor(op, product, name, diagnostics)
    for index, op in enumerate(api.operations):
        chosen = _override(op, overrides or {}, derived[index])
        if chosen:
            wanted[index], kinds[index] = chosen, "override"
        elif vendor[index]:
            wanted[index], kinds[index] = vendor[index], "vendor"
        else:
            wanted[index], kinds[index] = derived[index], "derived"
    _collections_listed(api.operations, wanted, kinds)
    legacy = {index: op.deprecated or _legacy(tag_of.get(index, ""), titles)
              for index, op in enumerate(api.operations)}
    _copied_vendor_names(api.operations, wanted, kinds, derived, diagnostics)
    names = _unique(api.operations, wanted, kinds, fuller, legacy, reader, diagnostics)
    singular_items = item_names(api.operations)
    operations = []
    for index, op in enumerate(api.operations):
        name = names[index]
        schemas = (dataclasses.replace(s, one=singular_items[s.key])
                   if s.key in singular_items else s for s in op.schemas)
        operations.append(dataclasses.replace(
            op, operation_id=name, tag=tag_of.get(index, op.tag),
            schemas=tuple(_body_named(s, name, op) for s in schemas)))
    return dataclasses.replace(api, operations=tuple(operations), groups=groups), diagnostics


def merged_name(names: Sequence[str]) -> str:
    """The name of one operation made of several pages' variants, from what their
    names share: their words in common at the start and the end, with their different
    verbs between when there are two (``BatchCreateOrDeleteTags`` from
    ``BatchCreateTags`` and ``BatchDeleteTags``), else ``Action`` after the shared
    noun (``CinderVolumeAction``); names that end apart, by their shared start and the
    words every one of them says (``KeystoneCreateToken`` from
    ``KeystoneCreateUserTokenByPassword`` and ``KeystoneCreateAgencyToken``). ``""``
    when they share no noun."""
    lists = [_core(split_words(name)) for name in names]
    common = _shared([list(reversed(words)) for words in lists])[::-1]
    if not common:
        return _shared_start(lists)
    heads = [words[: len(words) - len(common)] for words in lists]
    prefix = _shared(heads)
    verbs = list(dict.fromkeys(pascal(h[len(prefix):]) for h in heads))
    if len(verbs) == 2 and all(verbs):
        return pascal(prefix) + "Or".join(verbs) + pascal(common)
    if len(verbs) == 1:
        return pascal(prefix) + verbs[0] + pascal(common)
    return pascal(prefix) + pascal(common) + "Action"


# words that join a name's parts and end none ("...KeyByToken" → "...Key")
_JOINERS = frozenset({"by", "with", "and", "or", "for", "to", "from", "of", "on", "in", "via"})


def _shared_start(lists: list[list[str]]) -> str:
    prefix = _shared(lists)
    if not prefix:
        return ""
    everywhere = [w for w in lists[0][len(prefix):]
                  if all(w.lower() in {x.lower() for x in words} for words in lists[1:])]
    words = prefix + list(dict.fromkeys(everywhere))
    while words and words[-1].lower() in _JOINERS:
        words = words[:-1]
    return pascal(words) if len(words) >= 2 else ""


def _core(words: list[str]) -> list[str]:
    """A name's words without what told it apart from a namesake (``2``, ``V3``) or
    says nothing (a trailing ``Action``)."""
    while words and (re.fullmatch(r"V\d+|\d+", words[-1]) or words[-1].lower() == "action"):
        words = words[:-1]
    if words and words[-1][-1:].isdigit():
        words = [*words[:-1], words[-1].rstrip("0123456789")]
    return [w for w in words if w]


def _shared(lists: list[list[str]]) -> list[str]:
    """The words every list starts with (compared without case), each list keeping
    at least one word of its own where it can."""
    shared: list[str] = []
    for words in zip(*lists, strict=False):
        if len({w.lower() for w in words}) != 1:
            break
        shared.append(words[0])
    return shared


def _main_product(operations: Sequence[Operation]) -> str:
    """The product most API Explorer links of the docs set name."""
    counts: dict[str, int] = defaultdict(int)
    for op in operations:
        product, _, _name = op.vendor_name.rpartition(":")
        if product:
            counts[product] += 1
    return max(sorted(counts), key=lambda p: counts[p], default="")


# a vendor name whose verb the method contradicts is a link copied from another page
_CONTRADICTED = {
    "GET": re.compile(r"^(Create|Update|Delete|Add|Modify|Remove|Set)(?![a-z])"),
    "HEAD": re.compile(r"^(Create|Update|Delete|Add|Modify|Remove|Set)(?![a-z])"),
    "DELETE": re.compile(r"^(Create|Update|List|Show|Add|Modify|Set)(?![a-z])"),
}


def _vendor(op: Operation, product: str, derived: str, diagnostics: Diagnostics) -> str:
    """The vendor's name of ``op`` where its page gives one the rest of the docs
    agree with: an API Explorer link to the docs set's product, whose verb the method
    does not contradict."""
    linked, _, name = op.vendor_name.rpartition(":")
    if not name:
        return ""
    why = ""
    if linked and product and linked != product:
        why = f"its API Explorer link names product {linked}, the docs' others {product}"
    else:
        contradicted = _CONTRADICTED.get(op.method.upper())
        found = contradicted.match(name) if contradicted is not None else None
        if found is not None:
            why = f"a {op.method.upper()} does not {found.group(1).lower()}"
    if why:
        diagnostics.warning("vendor-name-ignored",
                            f"the page names its API {name!r}, but {why}: named "
                            f"{derived!r} from its title and request line instead", op.source)
        return ""
    return name


def _copied_vendor_names(operations: Sequence[Operation], wanted: dict[int, str],
                         kinds: dict[int, str], derived: dict[int, str],
                         diagnostics: Diagnostics) -> None:
    """Pages that give one vendor name (a link copied between pages): the page whose
    own title and request line agree with it keeps it (its verb, else the earliest);
    the others are named from their titles and request lines."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for index, kind in kinds.items():
        if kind == "vendor":
            by_name[wanted[index].casefold()].append(index)
    for indexes in by_name.values():
        routes = {(operations[i].method, operations[i].path) for i in indexes}
        if len(routes) < 2:
            continue  # one route's variants, or one page's lines: told apart later
        keeper = min(indexes, key=lambda i: (
            split_words(derived[i])[:1] != split_words(wanted[i])[:1],
            _precedence(operations[i], 1)))
        for index in indexes:
            op = operations[index]
            if index == keeper or (op.method, op.path) == (
                    operations[keeper].method, operations[keeper].path):
                continue
            diagnostics.warning("vendor-name-ignored",
                                f"the page names its API {wanted[index]!r}, as "
                                f"{operations[keeper].source} does for "
                                f"{operations[keeper].method} {operations[keeper].path}: "
                                f"named {derived[index]!r} from its title and request line",
                                op.source)
            wanted[index], kinds[index] = derived[index], "derived"


def _override(op: Operation, overrides: Mapping[str, str], derived: str) -> str:
    for key in (op.page_id, f"{op.method.upper()} {op.path}",
                op.vendor_name.rpartition(":")[2], derived):
        if key and key in overrides:
            return overrides[key]
    return ""


def _component(op: Operation, tag: str, groups: Mapping[str, Group]) -> str:
    """The OpenStack component an operation's title or groups name, or ``""``."""
    texts = [op.summary]
    group = groups.get(tag)
    while group is not None:
        texts.append(group.title)
        group = groups.get(group.parent)
    for text in texts:
        found = _OPENSTACK_WORD.search(text)
        if found:
            word = (found.group(1) or found.group(2)).lower()
            return next(c for c in _OPENSTACK if c.lower() == word)
    return ""


def _prefixed(component: str, name: str) -> str:
    """``name`` after its OpenStack component, which it then does not say again:
    "Querying Keystone API Version" → ``KeystoneShowAPIVersion``."""
    words = [w for w in split_words(name) if w.lower() != component.lower()]
    return pascal([component, *words]) if words else name


def _collections_listed(operations: Sequence[Operation], wanted: dict[int, str],
                        kinds: dict[int, str]) -> None:
    """A read of a collection (``GET /v3/projects``) whose title reads as one thing
    ("Querying Project Information") wants the name of the read of one of its items
    (``GET /v3/projects/{project_id}``, ``ShowProject``): the collection's is the
    list (``ListProjects``)."""
    reads = {(op.path.rstrip("/"), wanted[i].casefold()): i for i, op in enumerate(operations)
             if op.method.upper() == "GET"}
    for (path, folded), index in reads.items():
        words = split_words(wanted[index])
        last = split_words(path.rsplit("/", 1)[-1])
        if kinds[index] != "derived" or words[:1] != ["Show"] or path.endswith("}") \
                or not last or not is_plural(last[-1]):
            continue  # /config/security_compliance reads one thing, and so do its options
        if any(name == folded and other.startswith(path + "/{") and other.endswith("}")
               and other.count("/") == path.count("/") + 1 for other, name in reads):
            wanted[index] = pascal(["List", *words[1:-1], plural(words[-1])])


def _unique(operations: Sequence[Operation], wanted: dict[int, str], kinds: dict[int, str],
            fuller: dict[int, str], legacy: dict[int, bool], reader: RouteReader,
            diagnostics: Diagnostics) -> dict[int, str]:
    """Each operation's name, unique ignoring case. Pages of one route that want one
    name (variants: "Querying Private Zones", "Querying Public Zones") each say what
    their titles say apart (``ListPrivateZones``, ``ListPublicZones``). Otherwise the
    operation the docs name so (an override, then the vendor's name) keeps the name,
    then one the docs recommend (not deprecated, not under "Historical APIs"), then
    the one with the earliest version and shortest path; the others add their
    version (``V3``), else what their titles say beside the keeper's
    (``ListDeprecatedVolumes``), else their parent resource (``ListVolumeTags``), else
    the path's own words (``ListVolumesDetailV3``), else a number."""
    rank = {"override": 0, "vendor": 1, "derived": 2}
    by_name: dict[str, list[int]] = defaultdict(list)
    for index in sorted(wanted, key=lambda i: _precedence(operations[i], rank[kinds[i]],
                                                          legacy[i])):
        by_name[wanted[index].casefold()].append(index)
    names: dict[int, str] = {}
    taken: set[str] = set(by_name)
    for folded in sorted(by_name):
        group = by_name[folded]
        base = wanted[group[0]]
        apart = {i: _title_apart(operations[i], [operations[j] for j in group if j != i], base)
                 for i in group}
        routes = {(operations[i].method, operations[i].path) for i in group}
        renamed = {i: apart[i] for i in group} if len(group) > 1 and len(routes) == 1 \
            and all(apart.values()) and len(set(apart.values())) == len(group) \
            and not any(a.casefold() in taken for a in apart.values()) else {}
        first = group[0]
        if renamed:
            taken.discard(folded)
        else:
            names[first] = base
        first_version = version_suffix(operations[first].version)
        for index in group if renamed else group[1:]:
            op = operations[index]
            candidates = [renamed[index]] if renamed else []
            suffix = version_suffix(op.version)
            if suffix and suffix != first_version:
                candidates.append(base + suffix)
            if renamed:
                pass
            elif (beside := _title_apart(op, [operations[first]], base)):
                candidates.append(beside)  # what its title says beside the keeper's
            if kinds[index] == "derived" and fuller.get(index):
                candidates.append(fuller[index])  # its parent resource named too
                if suffix and suffix != first_version:
                    candidates.append(fuller[index] + suffix)  # CinderShowVolumeMetadataV3
            extra = _path_suffix(op, operations[first], reader)
            said = {w.lower() for w in split_words(base)}
            if extra and not {w.lower() for w in split_words(extra)} <= said:
                candidates.append(base + extra)
                if suffix:
                    candidates.append(base + extra + suffix)  # ListVolumesDetailV3
            candidates.append(_literal_apart(op, operations[first], base))
            chosen = next((c for c in candidates if c and c.casefold() not in taken), "")
            number = 2
            while not chosen or chosen.casefold() in taken:
                chosen, number = f"{base}{number}", number + 1
            taken.add(chosen.casefold())
            names[index] = chosen
            diagnostics.info("operation-renamed",
                             f"{op.method} {op.path} would be named {base!r} as another "
                             f"operation is; named {chosen!r}", op.source)
    return names


# title words that tell no two operations apart
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PLAIN = _words("""
    a an the of for in on to from by with and or all specified specific given details
    detail information info about under within using via into its their one multiple
    list lists native openstack api apis
""")


def _title_apart(op: Operation, others: Sequence[Operation], name: str) -> str:
    """``name`` with the words of ``op``'s title that the others' titles lack, after
    its verb: "Querying Public Zones" beside "Querying Private Zones" → ListPublicZones.
    ``""`` when its title says nothing the others do not."""
    def words(title: str) -> list[str]:
        return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", title)
                if w.lower() not in _PLAIN]
    theirs = {singular(w).lower() for other in others for w in words(other.summary)}
    said = {w.lower() for w in split_words(name)}
    mine = [w for w in words(op.summary)[1:]  # the first word is the verb
            if singular(w).lower() not in theirs and w.lower() not in said]
    if not mine:
        return ""
    parts = split_words(name)
    at = _after_verb(parts)
    return pascal(parts[:at] + list(dict.fromkeys(mine))[:2] + parts[at:])


def _after_verb(parts: list[str]) -> int:
    """Where words that qualify the noun go in a name's words: after its verb, and
    after ``Batch`` or an OpenStack component before it."""
    return 2 if parts[:1] == ["Batch"] or parts[0] in _OPENSTACK else 1


_METHOD_ORDER = {m: i for i, m in enumerate(("GET", "POST", "PUT", "PATCH", "DELETE"))}


def _precedence(op: Operation, rank: int, legacy: bool = False) -> tuple[object, ...]:
    """Which of several operations wanting one name keeps it: the one the docs name
    so, then one they recommend, the earliest version, the shortest path, the
    plainest method."""
    numbers = re.findall(r"\d+", op.version)
    version = tuple(float(n) for n in numbers) if numbers else (float("inf"),)
    return (rank, legacy, version, op.path.count("/"),
            _METHOD_ORDER.get(op.method.upper(), 9), op.path, op.source)


# group titles that say their APIs are kept for old callers
_LEGACY = re.compile(r"(?i)\b(deprecated|discarded|obsolete|abandoned|unrecommended|"
                     r"not recommended|historical|history|legacy|old version|to be|"
                     r"out-of-date|out of date|outdated|earlier version|previous version|"
                     r"retired)\b|历史|废弃|下线|旧版|不推荐|过期")


def _legacy(tag: str, groups: Mapping[str, Group]) -> bool:
    group = groups.get(tag)
    while group is not None:
        if _LEGACY.search(group.title):
            return True
        group = groups.get(group.parent)
    return False


def version_suffix(version: str) -> str:
    """``v3`` → ``V3``, ``v2.1`` → ``V2_1``: readable, and a valid identifier."""
    if not version:
        return ""
    words = [w for w in _VERSION_WORD.split(version) if w]
    return "_".join(w[:1].upper() + w[1:] for w in words)


def _path_suffix(op: Operation, other: Operation, reader: RouteReader) -> str:
    """The path's words (a variable's too: ``{key}``; an extension's ``vendor`` in
    ``os-vendor-volumes``) that the other operation's path does not have, up to two."""
    def words(path: str) -> list[str]:
        found = []
        for segment in reader.read(path).segments:
            written = [w for w in split_words(segment.literal) if w.lower() != "os"]
            found += written + reader.item_noun(Segment("", segment.item)) \
                if segment.item else written
        return found
    theirs = {singular(w).lower() for w in words(other.path)}
    extra: dict[str, str] = {}  # by its singular: /volumes/{volume_id} says Volume once
    for word in words(op.path):
        if singular(word).lower() not in theirs:
            extra.setdefault(singular(word).lower(), word)
    return pascal(list(extra.values())[:2])


def _literal_apart(op: Operation, other: Operation, name: str) -> str:
    """``name`` with the words the path writes and the other's does not, the names of
    extensions and prefixes that tell no resource included (``/v3/auth/domains``
    beside ``/v3/OS-FEDERATION/domains`` → ``ListAuthDomains``): before the noun
    where they come before the path's last word, else after it."""
    def literals(path: str) -> list[list[str]]:
        return [[w for w in split_words(part) if w.lower() != "os"]
                for part in path.strip("/").split("/")
                if part and "{" not in part and not VERSION_SEGMENT.match(part)]
    theirs = {singular(w).lower() for words in literals(other.path) for w in words}
    said = {singular(w).lower() for w in split_words(name)}
    mine = literals(op.path)
    known = theirs | said
    extra = [(at, w) for at, words in enumerate(mine) for w in words
             if singular(w).lower() not in known]
    if not extra:
        return ""
    words = list(dict.fromkeys(w for _, w in extra))[:2]
    parts = split_words(name)
    if all(at < len(mine) - 1 for at, _ in extra):
        at = _after_verb(parts)
        return pascal(parts[:at] + words + parts[at:])
    return pascal(parts + words)


def _body_named(schema: Schema, name: str, op: Operation) -> Schema:
    if not schema.body:
        return schema
    return dataclasses.replace(schema, name=name + schema.body)


def _groups(api: Api, outline: Outline | None) -> tuple[tuple[Group, ...], dict[int, str]]:
    """The groups operations are in, in the docs' order (with the groups above them),
    and each operation's group. A page no table of contents lists is in its folder's
    group, named after the folder."""
    listed = outline.group_of if outline is not None else {}
    known = {g.name: g for g in outline.groups} if outline is not None else {}
    folded = {name.casefold(): name for name in known}
    tag_of: dict[int, str] = {}
    extra: dict[str, Group] = {}
    for index, op in enumerate(api.operations):
        group = listed.get(op.source.path)
        if group is None:
            title = _folder_title(op.tag)
            group = folded.get(title.casefold(), title)
            if group not in known:
                extra.setdefault(group, Group(group, group, "", "",
                                              Source(op.source.path, 1)))
        tag_of[index] = group
    used = set(tag_of.values())
    keep: set[str] = set()
    for name in used:
        current = known.get(name)
        while current is not None and current.name not in keep:
            keep.add(current.name)
            current = known.get(current.parent)
    ordered = [g for g in known.values() if g.name in keep]
    ordered += [extra[name] for name in sorted(extra)]
    return tuple(ordered), tag_of


def _folder_title(tag: str) -> str:
    """A folder's name as a title: ``lifecycle_management`` → ``Lifecycle Management``."""
    words = [w for w in re.split(r"[_\-\s]+", tag) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Operations"


def valid_name(name: str) -> bool:
    """Whether ``name`` can be an operation's name (a ``names`` table value)."""
    return bool(_IDENTIFIER.match(name))
