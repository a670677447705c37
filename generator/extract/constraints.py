"""What the prose of a description says about a field's values: enumerations,
ranges, lengths and defaults.

Three spellings, all on real pages:

* an intro, then a list, one value per item: ``Options:`` / ``- **VOC**: VOC``;
* the same list written inline in one paragraph:
  ``The options are as follows: - **auto-label**: active learning - **pre-label**: ...``;
* a sentence of bold values: ``The value can be **public** or **private**.``

A list is an enumeration only when every item starts with a value (a bold span, or
a single token before the colon) and every value fits the field's type; a list of
remarks ("If **x** is set, ...") is not.
"""

from __future__ import annotations

import dataclasses
import re

from generator.extract.labels import Labels
from generator.ir import Constraints, EnumValue, Kind, TypeRef
from generator.page import Cell

# A value written without bold: one token (`auto: ExeML`, `0: image classification`).
_TOKEN = re.compile(r"^[\w.\-/@]+$")
# A bare item: the value alone, or with a remark in brackets (`CarbonData (tables only)`).
_BARE_ITEM = re.compile(r"^(?P<value>[\w.\-/@]+)\s*(?:\((?P<remark>[^()]*)\))?$")
_ITEM_SEPARATOR = re.compile(r"\s*[:：]\s*")
_INLINE_ITEM = re.compile(r"(?:^|\s)-\s+")


def mine_enum(cell: Cell | None, ref: TypeRef, labels: Labels) -> tuple[EnumValue, ...]:
    """The values a description cell enumerates for a field of type ``ref``; () if none."""
    if cell is None:
        return ()
    kind = _leaf_kind(ref)
    if kind is None:
        return ()
    strong = set(cell.strong)
    for raw in (_listed(cell, labels), _inline_list(cell, labels), _sentence(cell, labels)):
        if not raw:
            continue
        values = [_typed(value, kind) for value, _ in raw]
        if any(v is None for v in values) or (len(raw) < 2 and not strong):
            continue
        result: dict[str | int | float | bool, EnumValue] = {}
        for (_, description), value in zip(raw, values, strict=True):
            assert value is not None
            result.setdefault(value, EnumValue(value, description))
        return tuple(result.values())
    return ()


def _leaf_kind(ref: TypeRef) -> Kind | None:
    current = ref
    while current.kind is Kind.ARRAY and current.items is not None:
        current = current.items
    if current.kind in (Kind.STRING, Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN):
        return current.kind
    return None


def _split_item(text: str, strong: set[str]) -> tuple[str, str] | None:
    parts = _ITEM_SEPARATOR.split(text.strip(), maxsplit=1)
    value = parts[0].strip().strip("*").strip()
    description = parts[1].strip() if len(parts) == 2 else ""
    if not value:
        return None
    if len(parts) == 2 and (value in strong or _TOKEN.match(value)):
        return value, description
    bare = _BARE_ITEM.match(text.strip().replace("**", ""))
    if len(parts) == 1 and bare:
        return bare["value"], bare["remark"] or ""
    return None


def _listed(cell: Cell, labels: Labels) -> list[tuple[str, str]]:
    """Top-level ``- item`` lines right after the line that holds the intro."""
    lines = cell.text.splitlines()
    strong = set(cell.strong)
    for index, line in enumerate(lines):
        if not labels.enum_intro.search(line) or line.startswith("-"):
            continue
        items = []
        for following in lines[index + 1:]:
            if following.startswith("  "):
                continue  # a nested list belongs to the item above it
            if not following.startswith("- "):
                break
            item = _split_item(following[2:], strong)
            if item is None:
                return []
            items.append(item)
        return items
    return []


def _inline_list(cell: Cell, labels: Labels) -> list[tuple[str, str]]:
    strong = set(cell.strong)
    for line in cell.text.splitlines():
        match = labels.enum_intro.search(line)
        if match is None:
            continue
        rest = line[match.end():]
        parts = [p for p in _INLINE_ITEM.split(rest) if p.strip()]
        if len(parts) < 2 or _INLINE_ITEM.match(rest) is None:
            continue
        items = [_split_item(p, strong) for p in parts]
        if all(items):
            return [i for i in items if i is not None]
    return []


def _sentence(cell: Cell, labels: Labels) -> list[tuple[str, str]]:
    """``The value can be **a**, **b**, or **c**.``: only bold values and joiners."""
    strong = [s for s in cell.strong if s]
    for match in labels.enum_inline.finditer(" ".join(cell.text.split())):
        phrase = match.group(1)
        values = [s for s in strong if s in phrase]
        rest = phrase
        for value in sorted(values, key=len, reverse=True):
            rest = rest.replace(value, " ")
        words = rest.replace(",", " , ").split()
        if (len(values) >= 2 and all(w.lower() in labels.enum_joiners for w in words)
                and all(_TOKEN.match(v) for v in values)):
            ordered = sorted(values, key=phrase.index)
            return [(v, "") for v in ordered]
    return []


def _typed(text: str, kind: Kind) -> str | int | float | bool | None:
    if kind is Kind.INTEGER:
        try:
            return int(text)
        except ValueError:
            return None
    if kind is Kind.NUMBER:
        try:
            return float(text)
        except ValueError:
            return None
    if kind is Kind.BOOLEAN:
        return {"true": True, "false": False}.get(text.lower())
    return text


_NO_DEFAULT = frozenset({"null", "none", "empty", "blank", "left", "not", "no", "空"})


def mine_constraints(cell: Cell | None, ref: TypeRef, labels: Labels,
                     enum: tuple[EnumValue, ...] = (), name: str = "") -> Constraints:
    """Ranges, lengths, the pattern and the default a description states for a field
    of type ``ref`` named ``name``.

    Each comes from one sentence, and only from a sentence about the field's own value:
    "The file name contains only letters" under a ``path`` speaks of another thing,
    "service and item each contain only letters" of parts of the value, and "do not use
    only digits" forbids what it names. A numeric range applies to numbers, a length
    ("1 to 64 characters") to strings; a default must fit the type and end its clause
    ("5 GB for EVS" is no default).
    """
    kind = _leaf_kind(ref)
    if cell is None or kind is None:
        return Constraints()
    sentences = _sentences(cell.text)
    own = [s for s in sentences if _about_field(s, name, sentences[0], labels)]
    minimum = maximum = None
    min_length = max_length = None
    if kind in (Kind.INTEGER, Kind.NUMBER):
        for match in _first_match(labels.value_range, own, labels):
            low, high = (float(match.group(i).replace(",", "")) for i in (1, 2))
            if low <= high:
                minimum, maximum = low, high
    if kind is Kind.STRING:
        for match in _first_match(labels.length_range, own, labels):
            if int(match.group(1)) <= int(match.group(2)):
                min_length, max_length = int(match.group(1)), int(match.group(2))
    pattern = next((p for s in own if (p := _pattern(s, labels))), None) \
        if kind is Kind.STRING else None
    return Constraints(minimum, maximum, min_length, max_length,
                       _default(" ".join(own), kind, labels, enum), pattern)


# a sentence ends at a full stop and a space (not one of "e.g. x"), a CJK full stop, a
# semicolon, or a line
_SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<=[.!?])\s+(?=\S)"
                           r"|(?<=[。；;！？])")


def _sentences(text: str) -> list[str]:
    found = [" ".join(s.split()) for line in text.splitlines()
             for s in _SENTENCE_END.split(line.lstrip("- "))]
    return [s for s in found if s] or [""]


def _first_match(pattern: re.Pattern[str], sentences: list[str],
                 labels: Labels) -> list[re.Match[str]]:
    """The first match of ``pattern`` in a sentence that does not negate it."""
    for sentence in sentences:
        match = pattern.search(sentence)
        if match and not labels.negation.search(sentence[:match.start()]):
            return [match]
    return []


def _about_field(sentence: str, name: str, definition: str, labels: Labels) -> bool:
    """Whether a sentence speaks of the field's own value: it has no subject ("Enter 1
    to 64 characters", "Only letters are allowed"), a generic one ("It", "The value"),
    or one whose head noun is the field's or the thing the first sentence says the field
    is ("Indicates the name of a topic." → "A topic name consists of ...")."""
    # "When you create one instance, the value can contain 4 to 64 characters": the
    # subject follows the condition
    match = labels.sentence_subject.match(labels.condition.sub("", sentence, count=1))
    if match is None:
        return True
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", match.group("subject").lower())
             if w not in labels.subject_filler]
    if not words or " ".join(words) in labels.generic_subjects:
        return True
    own = set(_words(name)) | set(_words(definition))
    head = words[-1]
    # "A username must ..." under access_user: a word of the name inside the head noun
    return head in own or head.rstrip("s") in own or any(
        len(word) >= 4 and word in head for word in _words(name))


def _words(text: str) -> list[str]:
    """The lower-case words of a name or sentence (``workforce_name``, ``ipRange``)."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return re.findall(r"[a-z][a-z0-9]*", spaced.lower())


# the digits a bound may have and still be exact in a float (Long(19) gives no bound)
_EXACT_DIGITS = 15


def sized(constraints: Constraints, ref: TypeRef, size: tuple[int, ...]) -> Constraints:
    """The constraints with what a declared size says (``String(64)``: at most 64
    characters; ``Integer(10)``: at most 10 digits; ``Decimal(10,2)``: 10 digits, 2 of
    them decimals), where the prose does not say it already."""
    if not size:
        return constraints
    if ref.kind is Kind.STRING and constraints.max_length is None:
        return dataclasses.replace(constraints, max_length=size[0])
    if ref.kind in (Kind.INTEGER, Kind.NUMBER) and constraints.maximum is None \
            and constraints.minimum is None and size[0] <= _EXACT_DIGITS:
        decimals = size[1] if len(size) == 2 else 0
        largest = float(10 ** (size[0] - decimals)) - 10.0 ** -decimals
        if not decimals:
            largest = float(10 ** size[0] - 1)
        return dataclasses.replace(constraints, minimum=-largest, maximum=largest)
    return constraints


def _pattern(text: str, labels: Labels) -> str | None:
    """``consisting of only digits, letters, underscores (_), and hyphens (-)`` →
    ``^[0-9A-Za-z_\\-]*$``; only when every word of the phrase names characters."""
    for match in labels.charset_phrase.finditer(text):
        if labels.negation.search(text[:match.start()]):
            continue  # "do not use only digits": the opposite of a pattern
        phrase = match.group(1).lower()
        allowed: list[str] = []
        for word, characters in labels.charset_words:
            if word in phrase:
                phrase = phrase.replace(word, " ")
                if characters not in allowed:
                    allowed.append(characters)
        rest = phrase.replace(",", " , ").replace("、", " 、 ").replace("，", " ， ").split()
        if allowed and all(w in labels.charset_joiners for w in rest):
            return "^[" + "".join(allowed) + "]*$"
    return None


def contradiction(constraints: Constraints) -> str | None:
    """Why a mined default cannot be (outside the range or length the same text gives)."""
    default = constraints.default
    if isinstance(default, int | float) and not isinstance(default, bool):
        if constraints.minimum is not None and default < constraints.minimum:
            return f"the default {default} is below the minimum {constraints.minimum:g}"
        if constraints.maximum is not None and default > constraints.maximum:
            return f"the default {default} is above the maximum {constraints.maximum:g}"
    if isinstance(default, str):
        if constraints.min_length is not None and len(default) < constraints.min_length:
            return f"the default {default!r} is shorter than {constraints.min_length} characters"
        if constraints.max_length is not None and len(default) > constraints.max_length:
            return f"the default {default!r} is longer than {constraints.max_length} characters"
        if constraints.pattern is not None and not re.fullmatch(constraints.pattern, default):
            return f"the default {default!r} has characters the description does not allow"
    return None


def _default(text: str, kind: Kind, labels: Labels,
             enum: tuple[EnumValue, ...]) -> str | int | float | bool | None:
    marked = [e.value for e in enum if labels.default_marker.search(e.description)]
    if len(marked) == 1:
        return marked[0]
    match = labels.default_value.search(text)
    if match is None:
        return None
    raw = match.group(1).strip("*`'\"“”")
    if not raw or raw.lower() in _NO_DEFAULT:
        return None
    value = _typed(raw, kind)
    if enum and value not in {e.value for e in enum}:
        return None  # a default outside the documented options is prose, not a value
    return value
