"""The grammar of a table's Type cell.

Covers the spellings of the corpus's references (``String``, ``Integer``,
``Long``, ``Int64``, ``datetime``, ``Array of strings``, ``Array of Long``,
``Array of X objects``, ``Array of tags``, ``X object``, ``X structure``,
``Array<Array<Integer>>``, ``Array[String]``, ``[Long]``, ``List(Dict)``,
``Set<String>``, ``Map<String,Map<String,Integer>>``, ``JSON Array``,
``engines array``, ``Dict``, ``Int``, ``Enumeration``, ``REFERENCE``,
``ARRAY_REFERENCE``, a declared size ``String(64)``,
``Integer(10)``, ``Decimal(10,2)``, ...)::

    type    := (generic | "[" type "]" | words) [size]
    size    := "(" DIGITS ["," DIGITS] ")"        after a string or number only
    generic := ("Array" | "List" | "Set") open type close
             | ("Map" | "Dict") open type "," type close
    open    := "<" | "[" | "("            close := the matching bracket
    words   := "Array" "of" (plural | primitive | NAME) | NAME ("object" | "objects"
             | "structure") | NAME "array" | NAME "[]" | primitive | "Object"
             | "JSON" | "Array" | "JSON Array"

An object named in the cell (``X object``) is unbound here; the extractor binds
it to the table its link points to. A spelling outside the grammar gives
``None`` and the caller reports it: never a silent ``string``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.ir import NULL_FORMAT, Kind, TypeRef

_PRIMITIVES: dict[str, TypeRef] = {
    "string": TypeRef(Kind.STRING),
    "str": TypeRef(Kind.STRING),
    "char": TypeRef(Kind.STRING),
    "character": TypeRef(Kind.STRING),
    "text": TypeRef(Kind.STRING),
    "uuid": TypeRef(Kind.STRING, "uuid"),
    "datetime": TypeRef(Kind.STRING, "date-time"),
    "date-time": TypeRef(Kind.STRING, "date-time"),
    "timestamp": TypeRef(Kind.STRING, "date-time"),
    "date": TypeRef(Kind.STRING, "date"),
    "integer": TypeRef(Kind.INTEGER, "int32"),
    "int": TypeRef(Kind.INTEGER, "int32"),
    "int32": TypeRef(Kind.INTEGER, "int32"),
    "short": TypeRef(Kind.INTEGER, "int32"),
    "byte": TypeRef(Kind.INTEGER, "int32"),
    "long": TypeRef(Kind.INTEGER, "int64"),
    "int64": TypeRef(Kind.INTEGER, "int64"),
    "bigint": TypeRef(Kind.INTEGER, "int64"),
    "float": TypeRef(Kind.NUMBER, "float"),
    "double": TypeRef(Kind.NUMBER, "double"),
    "number": TypeRef(Kind.NUMBER),
    "decimal": TypeRef(Kind.NUMBER),
    "bigdecimal": TypeRef(Kind.NUMBER),
    "boolean": TypeRef(Kind.BOOLEAN),
    "bool": TypeRef(Kind.BOOLEAN),
    "object": TypeRef(Kind.OBJECT),
    "objects": TypeRef(Kind.OBJECT),
    "dict": TypeRef(Kind.OBJECT),
    "dictionary": TypeRef(Kind.OBJECT),
    "map": TypeRef(Kind.MAP, items=TypeRef(Kind.ANY)),
    "json": TypeRef(Kind.ANY),
    # OpenStack's valueless actions: {"lock": null}
    "null": TypeRef(Kind.ANY, NULL_FORMAT),
    "jsonobject": TypeRef(Kind.OBJECT),
    "array": TypeRef(Kind.ARRAY, items=TypeRef(Kind.ANY)),
    "list": TypeRef(Kind.ARRAY, items=TypeRef(Kind.ANY)),
    "jsonarray": TypeRef(Kind.ARRAY, items=TypeRef(Kind.ANY)),
    # a string of documented values; a link to an object ("REFERENCE") and a list of them
    "enumeration": TypeRef(Kind.STRING),
    "enum": TypeRef(Kind.STRING),
    "reference": TypeRef(Kind.OBJECT),
    "array_reference": TypeRef(Kind.ARRAY, items=TypeRef(Kind.OBJECT)),
}
_PLURALS = {
    "strings": "string", "integers": "integer", "ints": "int", "longs": "long",
    "floats": "float", "doubles": "double", "numbers": "number", "booleans": "boolean",
    "objects": "object", "object": "object", "dicts": "dict", "maps": "map",
}
_ARRAY_WORDS = {"array", "list", "set"}
_MAP_WORDS = {"map", "dict", "hashmap"}
_OBJECT_WORDS = {"object", "objects", "structure", "struct"}
_CLOSING = {"<": ">", "[": "]", "(": ")"}
# the scalars a size may follow, and the digits every int32 holds (2,147,483,647 has 10)
_SIZED = frozenset({Kind.STRING, Kind.INTEGER, Kind.NUMBER})
_INT32_DIGITS = 9
_PUNCT = {"<", ">", ",", "[]", "[", "]", "(", ")"}
_TOKEN = re.compile(r"<|>|,|\[\]|\[|\]|\(|\)|[^\s<>,\[\]()]+")


@dataclass(frozen=True)
class ParsedType:
    """A parsed Type cell: the type, and the object name it mentions (``X`` in
    ``Array of X objects``), the name the docs give the nested schema."""

    ref: TypeRef
    object_name: str | None = None
    # the size a scalar's spelling declares: ``String(64)`` → (64,), ``Decimal(10,2)`` →
    # (10, 2): the most characters, or digits (and of them, decimals)
    size: tuple[int, ...] = ()


class _Unparsable(Exception):
    pass


def parse_type(text: str) -> ParsedType | None:
    """Parse a Type cell; ``None`` when the spelling is outside the grammar."""
    tokens = _TOKEN.findall(text.replace("（", "(").replace("）", ")"))
    if not tokens:
        return None
    parser = _Parser(tokens)
    try:
        ref = parser.type_until(end=())
    except _Unparsable:
        return None
    if parser.pos != len(tokens):
        return None
    return ParsedType(ref, parser.object_name, parser.size)


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.object_name: str | None = None
        self.size: tuple[int, ...] = ()

    def _peek(self, offset: int = 0) -> str | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def _expect(self, token: str) -> None:
        if self._peek() != token:
            raise _Unparsable
        self.pos += 1

    def type_until(self, end: tuple[str, ...]) -> TypeRef:
        head = (self._peek() or "").lower()
        if head == "[":
            # `[Long]`: an array of the type between brackets
            self.pos += 1
            ref = TypeRef(Kind.ARRAY, items=self.type_until(end=("]",)))
            self._expect("]")
            return self._suffixes(ref)
        if head == "array" and (self._peek(1) or "").lower() == "of" and self._peek(3) == "<":
            # `Array of Map<String,String> objects`: a generic element type
            self.pos += 2
            ref = TypeRef(Kind.ARRAY, items=self.type_until(end=("objects", "object", *end)))
            if (self._peek() or "").lower() in ("objects", "object"):
                self.pos += 1
            return ref
        opening = self._peek(1)
        if opening in _CLOSING and head in _ARRAY_WORDS | _MAP_WORDS:
            closing = _CLOSING[opening]
            self.pos += 2
            if head in _MAP_WORDS:
                self.type_until(end=(",",))  # keys are strings in JSON whatever the docs say
                self._expect(",")
                ref = TypeRef(Kind.MAP, items=self.type_until(end=(closing,)))
            else:
                ref = TypeRef(Kind.ARRAY, items=self.type_until(end=(closing,)))
            self._expect(closing)
        else:
            words: list[str] = []
            while (token := self._peek()) is not None and token not in end and token not in _PUNCT:
                words.append(token)
                self.pos += 1
            ref = self._words(words, inside_generic=bool(end))
        return self._suffixes(ref)

    def _suffixes(self, ref: TypeRef) -> TypeRef:
        if self._peek() == "(" and ref.kind in _SIZED:
            ref = self._size(ref)
        while self._peek() == "[]":
            self.pos += 1
            ref = TypeRef(Kind.ARRAY, items=ref)
        return ref

    def _size(self, ref: TypeRef) -> TypeRef:
        """``(64)`` or ``(10,2)`` after a scalar: its declared size."""
        numbers: list[int] = []
        index = self.pos + 1
        while (token := self._peek(index - self.pos)) is not None and token.isdigit():
            numbers.append(int(token))
            index += 1
            if self._peek(index - self.pos) != ",":
                break
            index += 1
        if not numbers or len(numbers) > 2 or self._peek(index - self.pos) != ")" \
                or (len(numbers) == 2 and (ref.kind is not Kind.NUMBER
                                           or numbers[1] > numbers[0])):
            raise _Unparsable
        self.pos = index + 1
        self.size = tuple(numbers)
        if ref.kind is Kind.INTEGER and numbers[0] > _INT32_DIGITS:
            return TypeRef(Kind.INTEGER, "int64")  # ten digits overflow an int32
        return ref

    def _named_object(self, words: list[str]) -> TypeRef:
        if not words:
            return TypeRef(Kind.OBJECT)
        self.object_name = " ".join(words)
        return TypeRef(Kind.OBJECT)

    def _words(self, words: list[str], inside_generic: bool) -> TypeRef:
        lowered = [w.lower() for w in words]
        if not words:
            raise _Unparsable
        if len(words) == 1:
            if lowered[0] in _PRIMITIVES:
                return _PRIMITIVES[lowered[0]]
            if inside_generic:
                return self._named_object(words)  # `Array<Storage>`, `Map<String,HardDetail>`
            raise _Unparsable  # a lone unknown word is a typo as often as a name
        if lowered[0] in ("array", "list") and lowered[1] == "of":
            rest, last = words[2:-1], lowered[-1] if len(words) > 2 else ""
            if last in _PLURALS and (not rest or _PLURALS[last] == "object"):
                if _PLURALS[last] == "object":
                    return TypeRef(Kind.ARRAY, items=self._named_object(rest))
                return TypeRef(Kind.ARRAY, items=_PRIMITIVES[_PLURALS[last]])
            if not rest and last in _PRIMITIVES:  # `Array of Long`, `Array of string`
                return TypeRef(Kind.ARRAY, items=_PRIMITIVES[last])
            if not rest and last and _is_name(words[-1]):  # `Array of Tag`, `Array of tags`
                return TypeRef(Kind.ARRAY, items=self._named_object([words[-1]]))
            if last in ("structure", "structures") and rest:
                return TypeRef(Kind.ARRAY, items=self._named_object(rest))
            raise _Unparsable
        if len(words) == 2 and lowered[0] in _ARRAY_WORDS and lowered[1] in _PRIMITIVES:
            return TypeRef(Kind.ARRAY, items=_PRIMITIVES[lowered[1]])  # `Array String`
        if lowered == ["json", "array"]:
            return TypeRef(Kind.ARRAY, items=TypeRef(Kind.ANY))
        if lowered == ["json", "object"]:
            return TypeRef(Kind.OBJECT)
        if lowered[-1] in _OBJECT_WORDS:
            if lowered[-1] == "objects" and len(words) > 1:  # `Tag objects`: several
                return TypeRef(Kind.ARRAY, items=self._named_object(words[:-1]))
            return self._named_object(words[:-1])
        if lowered[-1] in _ARRAY_WORDS:
            element = words[:-1]
            if len(element) == 1 and element[0].lower() in _PRIMITIVES:
                return TypeRef(Kind.ARRAY, items=_PRIMITIVES[element[0].lower()])
            return TypeRef(Kind.ARRAY, items=self._named_object(element))
        if inside_generic and all(w[:1].isalpha() for w in words):
            return self._named_object(words)  # `Array<Storage type>`: a name between brackets
        raise _Unparsable


def _is_name(word: str) -> bool:
    """An identifier-like word (a schema's name), not prose."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-.]*", word))
