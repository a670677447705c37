"""The Type-cell grammar, on the spellings the ModelArts docs use."""

from __future__ import annotations

import pytest

from generator.extract.types import parse_type
from generator.ir import Kind, TypeRef

S, I32, I64 = TypeRef(Kind.STRING), TypeRef(Kind.INTEGER, "int32"), TypeRef(Kind.INTEGER, "int64")
OBJ, ANY = TypeRef(Kind.OBJECT), TypeRef(Kind.ANY)


def arr(items: TypeRef) -> TypeRef:
    return TypeRef(Kind.ARRAY, items=items)


def map_of(values: TypeRef) -> TypeRef:
    return TypeRef(Kind.MAP, items=values)


@pytest.mark.parametrize(("text", "expected", "name"), [
    ("String", S, None),
    ("Integer", I32, None),
    ("Int", I32, None),
    ("Long", I64, None),
    ("Float", TypeRef(Kind.NUMBER, "float"), None),
    ("Double", TypeRef(Kind.NUMBER, "double"), None),
    ("Number", TypeRef(Kind.NUMBER), None),
    ("Boolean", TypeRef(Kind.BOOLEAN), None),
    ("Object", OBJ, None),
    ("Dict", OBJ, None),
    ("JSON", ANY, None),
    ("null", TypeRef(Kind.ANY, "null"), None),  # OpenStack's {"lock": null}
    ("JSON Array", arr(ANY), None),
    ("Array", arr(ANY), None),
    ("Array of strings", arr(S), None),
    ("Array of integers", arr(I32), None),
    ("Array of doubles", arr(TypeRef(Kind.NUMBER, "double")), None),
    ("String array", arr(S), None),
    ("Array of ExportParams objects", arr(OBJ), "ExportParams"),
    ("Array of object", arr(OBJ), None),
    ("ExportParams object", OBJ, "ExportParams"),
    ("engines array", arr(OBJ), "engines"),
    ("Array<Object>", arr(OBJ), None),
    ("Array<Array<Integer>>", arr(arr(I32)), None),
    ("Array<Storage type>", arr(OBJ), "Storage type"),
    ("Array< storageType >", arr(OBJ), "storageType"),
    ("Map<String,Array<String>>", map_of(arr(S)), None),
    ("Map<String,Map<String,Integer>>", map_of(map_of(I32)), None),
    ("Map<String,HardDetail>", map_of(OBJ), "HardDetail"),
    ("Array of Map<String,String> objects", arr(map_of(S)), None),
    ("Integer[]", arr(I32), None),
])
def test_spellings(text: str, expected: TypeRef, name: str | None) -> None:
    parsed = parse_type(text)
    assert parsed is not None
    assert parsed.ref == expected
    assert parsed.object_name == name


@pytest.mark.parametrize("text", [
    "", "Image Management", "String String", "Array of", "Map<String>", "Array<String",
    "Map<String,Integer>>", "Array of strings and integers", "Integre", "Strng",
])
def test_unknown_spellings_are_none(text: str) -> None:
    assert parse_type(text) is None
