"""The breaking-change rules: one small named function each, with an id and a level.

Modelled on oasdiff's catalogue. A rule looks at one :class:`Change` and returns
its message when the change is its kind, else None. Direction matters: a field
a client sends (``request``) breaks it when it becomes required or narrower; a
field a client reads (``response``) breaks it when it goes away or changes type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.diff.model import Change, Level

RuleCheck = Callable[[Change], str | None]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    scope: str  # operation, parameter, property, response
    description: str
    check: RuleCheck


RULES: dict[str, Rule] = {}


def rule(rule_id: str, level: Level, scope: str, description: str,
         ) -> Callable[[RuleCheck], RuleCheck]:
    def register(check: RuleCheck) -> RuleCheck:
        RULES[rule_id] = Rule(rule_id, level, scope, description, check)
        return check
    return register


def rules_for(scope: str) -> list[Rule]:
    return [r for r in RULES.values() if r.scope == scope]


def _added(c: Change) -> bool:
    return c.old is None and c.new is not None


def _removed(c: Change) -> bool:
    return c.old is not None and c.new is None


def _both(c: Change) -> bool:
    return c.old is not None and c.new is not None and not c.renamed


def _position(c: Change) -> bool:
    """A named field, not the items of an array or the values of a map (those come and
    go as a type is written with or without them: ``Object`` / ``Map<String,Object>``)."""
    node = c.old or c.new
    return node is not None and node.name not in ("[]", "{}") and not _member(c)


def _member(c: Change) -> bool:
    """A member of an anyOf/oneOf: its own rules say what its coming and going means."""
    return bool((c.old is not None and c.old.variant) or (c.new is not None and c.new.variant))


# --- operations ------------------------------------------------------------------------------
@rule("api-operation-removed", Level.BREAKING, "operation", "an operation was removed")
def operation_removed(c: Change) -> str | None:
    return f"operation {c.old.name!r} removed" if _removed(c) and c.old else None


@rule("api-operation-added", Level.INFO, "operation", "an operation was added")
def operation_added(c: Change) -> str | None:
    return f"operation {c.new.name!r} added" if _added(c) and c.new else None


@rule("operation-renamed", Level.WARNING, "operation",
      "an operation kept its method and path but got another operationId: a generated "
      "client renames its method with it, so callers' code must follow")
def operation_renamed(c: Change) -> str | None:
    if c.old is not None and c.new is not None and c.old.name != c.new.name:
        # the name our generated client gives the method (generator.codegen)
        from generator.codegen.names import snake_case
        old_method = snake_case(c.old.name, fallback="call")
        new_method = snake_case(c.new.name, fallback="call")
        method = f"; client method {old_method}() → {new_method}()" \
            if old_method != new_method else ""
        return f"operationId {c.old.name!r} renamed to {c.new.name!r}{method}"
    return None


# --- parameters ------------------------------------------------------------------------------
@rule("request-parameter-removed", Level.BREAKING, "parameter", "a parameter was removed")
def parameter_removed(c: Change) -> str | None:
    return f"{c.path} parameter removed" if _removed(c) else None


@rule("new-required-request-parameter", Level.BREAKING, "parameter",
      "a required parameter was added")
def new_required_parameter(c: Change) -> str | None:
    if _added(c) and c.new is not None and c.new.required:
        return f"new required parameter {c.path}"
    return None


@rule("new-optional-request-parameter", Level.INFO, "parameter",
      "an optional parameter was added")
def new_optional_parameter(c: Change) -> str | None:
    if _added(c) and c.new is not None and not c.new.required:
        return f"new optional parameter {c.path}"
    return None


@rule("request-parameter-renamed", Level.BREAKING, "parameter",
      "a parameter was removed and another of the same type added in its place")
def parameter_renamed(c: Change) -> str | None:
    if c.renamed and c.old is not None and c.new is not None:
        if c.old.location != c.new.location:
            return None
        return f"{c.old.location} parameter {c.old.name!r} renamed to {c.new.name!r}"
    return None


@rule("request-parameter-location-changed", Level.BREAKING, "parameter",
      "a parameter moved (query → header, ...)")
def parameter_moved(c: Change) -> str | None:
    if c.old is not None and c.new is not None and c.old.location != c.new.location:
        return f"parameter {c.old.name!r} moved from {c.old.location} to {c.new.location}"
    return None


@rule("request-parameter-became-required", Level.BREAKING, "parameter",
      "an optional parameter became required")
def parameter_became_required(c: Change) -> str | None:
    if _both(c) and c.old is not None and c.new is not None \
            and not c.old.required and c.new.required:
        return f"parameter {c.path} became required"
    return None


@rule("request-parameter-became-optional", Level.INFO, "parameter",
      "a required parameter became optional")
def parameter_became_optional(c: Change) -> str | None:
    if _both(c) and c.old is not None and c.new is not None \
            and c.old.required and not c.new.required:
        return f"parameter {c.path} became optional"
    return None


# --- properties and parameter schemas (both directions) --------------------------------------
def _type_changed(c: Change, narrowed: str = "") -> bool:
    """The type changed; with ``narrowed`` (``old``/``new``), not where that side said
    any value at all (a response typed "any" before told clients nothing to rely on; a
    request field typed "any" now accepts what it did)."""
    if not (_both(c) and c.old is not None and c.new is not None):
        return False
    loose = c.old if narrowed == "old" else c.new if narrowed == "new" else None
    return c.old.type != c.new.type and (loose is None or loose.type != "any")


def _format_changed(c: Change) -> bool:
    return (_both(c) and c.old is not None and c.new is not None and c.old.type == c.new.type
            and c.old.format != c.new.format)


def _describe_type(c: Change) -> str:
    assert c.old is not None and c.new is not None
    return f"{c.old.type_label} → {c.new.type_label}"


@rule("request-parameter-type-changed", Level.BREAKING, "parameter",
      "a parameter's type changed")
def parameter_type_changed(c: Change) -> str | None:
    return f"type of {c.path} changed: {_describe_type(c)}" if _type_changed(c, "new") \
        else None


@rule("request-property-type-changed", Level.BREAKING, "request",
      "a request property's type changed")
def request_type_changed(c: Change) -> str | None:
    return f"type of {c.path} changed: {_describe_type(c)}" if _type_changed(c, "new") \
        else None


@rule("response-property-type-changed", Level.BREAKING, "response",
      "a response property's type changed")
def response_type_changed(c: Change) -> str | None:
    return f"type of {c.path} changed: {_describe_type(c)}" if _type_changed(c, "old") \
        else None


@rule("property-format-changed", Level.WARNING, "any",
      "a field kept its type but changed its format (int32 → int64, ...)")
def format_changed(c: Change) -> str | None:
    return f"format of {c.path} changed: {_describe_type(c)}" if _format_changed(c) else None


@rule("request-property-removed", Level.BREAKING, "request", "a request property was removed")
def request_property_removed(c: Change) -> str | None:
    return f"request property {c.path} removed" if _removed(c) and _position(c) else None


@rule("new-required-request-property", Level.BREAKING, "request",
      "a required request property was added")
def new_required_request_property(c: Change) -> str | None:
    if _added(c) and c.new is not None and c.new.required:
        return f"new required request property {c.path}"
    return None


@rule("new-optional-request-property", Level.INFO, "request",
      "an optional request property was added")
def new_optional_request_property(c: Change) -> str | None:
    if _added(c) and c.new is not None and not c.new.required and _position(c):
        return f"new optional request property {c.path}"
    return None


@rule("request-property-became-required", Level.BREAKING, "request",
      "an optional request property became required")
def request_property_became_required(c: Change) -> str | None:
    if _both(c) and c.old is not None and c.new is not None \
            and not c.old.required and c.new.required:
        return f"request property {c.path} became required"
    return None


@rule("request-property-became-optional", Level.INFO, "request",
      "a required request property became optional")
def request_property_became_optional(c: Change) -> str | None:
    if _both(c) and c.old is not None and c.new is not None \
            and c.old.required and not c.new.required:
        return f"request property {c.path} became optional"
    return None


@rule("request-property-renamed", Level.BREAKING, "request",
      "a request property was removed and one of the same type added in its place")
def request_property_renamed(c: Change) -> str | None:
    if c.renamed and c.old is not None and c.new is not None:
        return f"request property {c.old.path} renamed to {c.new.name!r}"
    return None


@rule("response-property-removed", Level.BREAKING, "response",
      "a response property was removed")
def response_property_removed(c: Change) -> str | None:
    return f"response property {c.path} removed" if _removed(c) and _position(c) else None


@rule("response-property-added", Level.INFO, "response", "a response property was added")
def response_property_added(c: Change) -> str | None:
    return f"response property {c.path} added" if _added(c) and _position(c) else None


# --- members of anyOf / oneOf ----------------------------------------------------------------
def _member_change(c: Change, gone: bool) -> str | None:
    """``request.config: member 'batch' removed`` when ``c`` is a member gone (or come)."""
    if not _member(c) or not (_removed(c) if gone else _added(c)):
        return None
    node = c.old or c.new
    assert node is not None
    return f"{node.parent}: member {node.name[1:-1]!r} {'removed' if gone else 'added'}"


@rule("request-variant-removed", Level.BREAKING, "request",
      "a request body alternative (anyOf/oneOf member) is no longer accepted")
def request_variant_removed(c: Change) -> str | None:
    return _member_change(c, gone=True)


@rule("request-variant-added", Level.INFO, "request",
      "a request body alternative (anyOf/oneOf member) was added")
def request_variant_added(c: Change) -> str | None:
    return _member_change(c, gone=False)


@rule("response-variant-added", Level.WARNING, "response",
      "a response may take a shape (anyOf/oneOf member) clients do not know")
def response_variant_added(c: Change) -> str | None:
    return _member_change(c, gone=False)


@rule("response-variant-removed", Level.INFO, "response",
      "a response no longer takes one of its shapes (anyOf/oneOf member)")
def response_variant_removed(c: Change) -> str | None:
    return _member_change(c, gone=True)


@rule("response-property-renamed", Level.BREAKING, "response",
      "a response property was removed and one of the same type added in its place")
def response_property_renamed(c: Change) -> str | None:
    if c.renamed and c.old is not None and c.new is not None:
        return f"response property {c.old.path} renamed to {c.new.name!r}"
    return None


def _enum_delta(c: Change) -> tuple[set[object], set[object]]:
    """(removed, added) enum values; a field that gains or loses its whole enum is
    narrowed or widened, not given values."""
    if not _both(c) or c.old is None or c.new is None or c.old.type != c.new.type:
        return set(), set()
    if c.old.enum is None or c.new.enum is None:
        return set(), set()
    old, new = _markup_free(c.old.enum), _markup_free(c.new.enum)
    return ({v for k, v in old.items() if k not in new},
            {v for k, v in new.items() if k not in old})


def _markup_free(values: frozenset[object]) -> dict[object, object]:
    """Values keyed without the underscores and asterisks that bold and escape markup
    add or eat at their ends (``**ALL**`` on one page, ``\\__ALL__`` on the next)."""
    return {v.strip("_*") if isinstance(v, str) else v: v for v in values}


def _values(values: set[object]) -> str:
    return ", ".join(sorted(repr(v) for v in values))


@rule("request-enum-value-removed", Level.BREAKING, "request-or-parameter",
      "a value a client may send is no longer accepted")
def request_enum_value_removed(c: Change) -> str | None:
    removed, _ = _enum_delta(c)
    return f"{c.path}: enum value {_values(removed)} removed" if removed else None


@rule("request-enum-value-added", Level.INFO, "request-or-parameter",
      "a request field accepts a new value")
def request_enum_value_added(c: Change) -> str | None:
    _, added = _enum_delta(c)
    return f"{c.path}: enum value {_values(added)} added" if added else None


@rule("request-enum-added", Level.WARNING, "request-or-parameter",
      "a request field documented in prose now lists its values (often a doc hint, "
      "sometimes a narrowing)")
def request_enum_added(c: Change) -> str | None:
    if _both(c) and c.old is not None and c.new is not None and c.old.type == c.new.type \
            and c.old.enum is None and c.new.enum is not None:
        return f"{c.path} now only accepts {_values(set(c.new.enum))}"
    return None


@rule("response-enum-value-added", Level.WARNING, "response",
      "a response field may return a value clients do not know")
def response_enum_value_added(c: Change) -> str | None:
    _, added = _enum_delta(c)
    return f"{c.path}: response enum value {_values(added)} added" if added else None


@rule("response-enum-value-removed", Level.INFO, "response",
      "a response field no longer returns a value")
def response_enum_value_removed(c: Change) -> str | None:
    removed, _ = _enum_delta(c)
    return f"{c.path}: response enum value {_values(removed)} removed" if removed else None


_LOWER = ("minimum", "minLength", "minItems")


def _constraint_moves(c: Change) -> list[tuple[str, float | None, float | None, bool]]:
    """(constraint, old, new, tightened) for each min/max/length that changed."""
    if not _both(c) or c.old is None or c.new is None:
        return []
    old, new = dict(c.old.constraints), dict(c.new.constraints)
    moves = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None or after is None:
            tightened = before is None
        else:
            tightened = after > before if key in _LOWER else after < before
        moves.append((key, before, after, tightened))
    return moves


def _moves_text(c: Change, tightened: bool) -> str | None:
    moves = [m for m in _constraint_moves(c) if m[3] is tightened]
    if not moves:
        return None
    return f"{c.path}: " + ", ".join(f"{k} {a} → {b}" for k, a, b, _ in moves)


@rule("request-constraint-tightened", Level.BREAKING, "request-or-parameter",
      "a request field's min/max/length range got narrower")
def request_constraint_tightened(c: Change) -> str | None:
    return _moves_text(c, tightened=True)


@rule("request-constraint-loosened", Level.INFO, "request-or-parameter",
      "a request field's min/max/length range got wider")
def request_constraint_loosened(c: Change) -> str | None:
    return _moves_text(c, tightened=False)


@rule("response-constraint-loosened", Level.WARNING, "response",
      "a response field's min/max/length range got wider")
def response_constraint_loosened(c: Change) -> str | None:
    return _moves_text(c, tightened=False)


# --- responses -------------------------------------------------------------------------------
def _success(status: str) -> bool:
    return status.startswith("2")


@rule("response-success-status-removed", Level.BREAKING, "response-status",
      "a documented success status is gone")
def success_status_removed(c: Change) -> str | None:
    return f"success status {c.path} removed" if _removed(c) and _success(c.path) else None


@rule("response-non-success-status-removed", Level.INFO, "response-status",
      "a documented error status is gone")
def error_status_removed(c: Change) -> str | None:
    if _removed(c) and not _success(c.path):
        return f"status {c.path} removed"
    return None


@rule("response-status-added", Level.INFO, "response-status", "a status code was added")
def status_added(c: Change) -> str | None:
    return f"status {c.path} added" if _added(c) else None


@rule("response-body-removed", Level.BREAKING, "response-status",
      "a status that returned a body returns none")
def response_body_removed(c: Change) -> str | None:
    if _both(c) and c.old is not None and c.new is not None \
            and c.old.type != "none" and c.new.type == "none":
        return f"status {c.path} no longer returns a body"
    return None


@rule("request-body-became-required", Level.BREAKING, "request-body",
      "an operation that took no body now takes one with required fields")
def request_body_added(c: Change) -> str | None:
    if c.old is not None and c.new is not None and c.old.type == "none" \
            and c.new.type != "none" and c.new.required:
        return "a request body with required properties was added"
    return None


@rule("request-body-removed", Level.WARNING, "request-body",
      "an operation no longer takes a body")
def request_body_removed(c: Change) -> str | None:
    if c.old is not None and c.new is not None and c.old.type != "none" \
            and c.new.type == "none":
        return "the request body was removed"
    return None
