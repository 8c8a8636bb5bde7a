"""One validator for every request, compiled from the botocore model.

`validate(operation, params, service)` walks the input shape: required members, types,
string lengths, patterns, enums, list and map sizes, integer ranges, unions with exactly one
member, nested structures and lists. A structure member given as ``null`` is one not given,
and one the model does not have is ignored, as AWS reads them: the walk removes both from
`params`, so no handler sees them. Every violation is collected and reported at once in
AWS's form::

    2 validation errors detected: Value 'x y' at 'name' failed to satisfy constraint: ...;
    Value null at 'instanceArn' failed to satisfy constraint: Member must not be null

Checkers are built once per shape (lazily, on an operation's first request, under a lock, and
published only when complete) so a request pays only for the checks themselves. AWS matches
patterns against the whole value (Java's `matches`), so patterns are applied with
`fullmatch`; `\\p{..}` classes, which Python's `re` lacks, are expanded to explicit Unicode
ranges. Checkers are keyed by (service, operation) and (service, shape name): two models may
name different shapes alike. A document member (identitystore's ``AttributeValue``) takes any
JSON value.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Collection
from functools import cache, lru_cache
from typing import Any, NamedTuple

from botocore.model import Shape

from .exceptions import ValidationException
from .service import SSO_ADMIN, operation_model

Errors = list[str]
Checker = Callable[[Any, str, Errors], None]

_TYPE_NAMES = {
    "string": "string",
    "integer": "integer",
    "long": "long",
    "boolean": "boolean",
    "structure": "structure",
    "list": "list",
    "map": "map",
    "timestamp": "timestamp",
    "float": "float",
    "double": "double",
    "blob": "blob",
}


def validate(operation: str, params: dict[str, Any], service: str = SSO_ADMIN) -> None:
    """Raise `ValidationException` listing every way `params` breaks the input of
    `operation` of `service`."""
    errors: Errors = []
    # warm path: one dict read, no lock (a checker is published only once it is complete)
    key = (service, operation)
    (_operations.get(key) or _operation_checker(key))(params, "", errors)
    if errors:
        raise ValidationException(format_errors(errors))


def clear_caches() -> None:
    """Forget every compiled checker: the validator is cold again, as in a fresh process
    (the next request of each operation compiles its checkers anew). For tests."""
    with _compiling:
        _operations.clear()
        _values.clear()
        _cache.clear()
        _RULE_OF.clear()
        _ALWAYS_OF.clear()


def format_errors(errors: Errors) -> str:
    count = len(errors)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(errors)


def violation(value: Any, path: str, constraint: str) -> str:
    """One violation in AWS's words."""
    shown = "null" if value is None else f"'{_show(value)}'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def lower_camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _join(path: str, member: str) -> str:
    return f"{path}.{member}" if path else member


#: (service, operation) -> its complete checker; written only under `_compiling`, read
#: without it
_operations: dict[tuple[str, str], Checker] = {}
#: (service, shape name) -> its checker (during its compilation, a forwarding stub; see
#: `_compile_cached`)
_cache: dict[tuple[str, str], Checker] = {}
#: held while checkers are compiled: reentrant, since compiling a shape compiles its members
_compiling = threading.RLock()
#: the service whose shapes are being compiled (read and written only under `_compiling`)
_compiling_for: list[str] = [SSO_ADMIN]


def _operation_checker(key: tuple[str, str]) -> Checker:
    """The operation's checker, compiled on its first request.

    Compilation happens under `_compiling` and the checker is published in `_operations`
    only when it is complete, so a thread never calls a checker another thread is still
    building (requests in different Regions are not serialized by a backend's lock). Once
    published, `validate` reads it without the lock.
    """
    with _compiling:
        checker = _operations.get(key)
        if checker is None:
            service, operation = key
            shape = operation_model(operation, service).input_shape
            _compiling_for[0] = service
            checker = _accept_anything if shape is None else _compile_all(shape)
            _operations[key] = checker
        return checker


def _compile_all(shape: Shape) -> Checker:
    """`_compile`, leaving `_cache` as it was if compiling fails (no stub that nothing would
    ever fill, nor a checker forwarding to one)."""
    known = set(_cache)
    try:
        return _compile(shape)
    except BaseException:
        for name in set(_cache) - known:
            del _cache[name]
        raise


def _accept_anything(value: Any, path: str, errors: Errors) -> None:
    return None


def _compile(shape: Shape) -> Checker:
    """A checker for `shape`, cached by shape name (shapes are named once in a model)."""
    return _compile_cached(shape.name, shape)


def _compile_cached(shape_name: str, shape: Shape) -> Checker:
    """Called only under `_compiling` (from `_operation_checker`), so the stub below is seen
    only by the compilation that installed it: by the shapes nested in this one, which refer
    to it (recursive shapes), and is filled before that compilation returns."""
    name = (_compiling_for[0], shape_name)
    checker = _cache.get(name)
    if checker is None:
        # Install a forwarding stub first, so recursive shapes terminate.
        slot: list[Checker] = []
        _cache[name] = lambda v, p, e: slot[0](v, p, e)
        if getattr(shape, "is_document_type", False):
            checker = _accept_anything  # a document: any JSON value
        else:
            checker = _BUILDERS.get(shape.type_name, _type_only)(shape)
        slot.append(checker)
        _cache[name] = checker
    return checker


def _type_error(value: Any, path: str, shape: Shape) -> str:
    kind = _TYPE_NAMES.get(shape.type_name, shape.type_name)
    return violation(value, path, f"Member must be of type {kind}")


def _structure(shape: Shape) -> Checker:
    #: (member, its name in messages, its checker, required, its `_Quick`): a value the quick
    #: test passes is known here, with no checker call and no path made
    members = [
        (name, lower_camel(name), checker, name in shape.required_members, _quick(checker))
        for name, checker in ((name, _compile(member)) for name, member in shape.members.items())
    ]
    is_union = bool(shape.metadata.get("union"))
    #: a structure of many members of which a request gives less than half (CreateUser's
    #: input has 19): the members given are checked first, in the request's order, and when
    #: that finds nothing wrong (the usual case) the structure is done; otherwise the errors
    #: are found again by walking every member in the model's order, the order AWS's
    #: messages list them in
    given_first = len(members) > 4 and not is_union
    few = len(members) // 2
    by_name = {name: (camel, checker, quick) for name, camel, checker, _, quick in members}
    required = [name for name, _, _, needed, _ in members if needed]

    def check(value: Any, path: str, errors: Errors) -> None:
        if not isinstance(value, dict):
            errors.append(_type_error(value, path, shape))
            return
        if given_first and len(value) < few:
            found = len(errors)
            for name, member in value.items():
                entry = by_name.get(name)
                if entry is None or member is None:
                    break  # a member null or not in the model: the walk below drops it
                always, passed, rule = entry[2]
                kind = member.__class__
                if kind is always or (
                    kind is str
                    and passed is not None
                    and (member in passed or _passes(rule, member))
                ):
                    continue
                entry[1](member, f"{path}.{entry[0]}" if path else entry[0], errors)
            else:
                if len(errors) == found:
                    for name in required:
                        if value.get(name) is None:
                            break
                    else:
                        return
            del errors[found:]
        given = 0
        for name, camel, checker, needed, (always, passed, rule) in members:
            member = value.get(name)
            if member is None:
                if needed:
                    errors.append(violation(None, _join(path, camel), "Member must not be null"))
                continue
            given += 1
            kind = member.__class__
            if kind is always or (
                kind is str and passed is not None and (member in passed or _passes(rule, member))
            ):
                continue
            checker(member, f"{path}.{camel}" if path else camel, errors)
        if is_union and given != 1:
            errors.append(violation(value, path, "Member must have exactly one member set"))
        if len(value) != given:  # members null or not in the model (the rarer case)
            _drop_unmodeled(value, by_name)

    return check


def _drop_unmodeled(value: dict[str, Any], modeled: Collection[str]) -> None:
    """Remove a structure's members that are null or that its shape does not have. AWS reads
    a member given as JSON ``null`` as one not given (the validator says so of a required
    one: "Value null at ... Member must not be null") and ignores members its model lacks,
    so no handler sees a ``None`` or a member the model has no place for, nor stores one to
    answer back."""
    for name in [n for n, member in value.items() if member is None or n not in modeled]:
        del value[name]


class _Quick(NamedTuple):
    """How `_structure` knows a member's value is fine without calling its checker: a value
    of class `always` is (a boolean's ``bool``); a string `rule` passes is (`_passes`, its
    values that passed read first)."""

    always: type | None
    #: None: not a string shape (`rule` is then `_NO_STRING`)
    passed: set[str] | None
    rule: _StringRule


def _quick(checker: Checker) -> _Quick:
    rule = _RULE_OF.get(checker)
    if rule is not None:
        return _Quick(None, rule.passed, rule)
    return _Quick(_ALWAYS_OF.get(checker), None, _NO_STRING)


def _size_checks(metadata: dict[str, Any]) -> Callable[[int], str | None]:
    low = metadata.get("min")
    high = metadata.get("max")

    def size_error(size: int) -> str | None:
        if low is not None and size < low:
            return f"Member must have length greater than or equal to {low}"
        if high is not None and size > high:
            return f"Member must have length less than or equal to {high}"
        return None

    return size_error


def _list(shape: Shape) -> Checker:
    item = _compile(shape.member)
    always, passed, rule = _quick(item)
    size_error = _size_checks(shape.metadata)
    low = shape.metadata.get("min", 0)
    high = shape.metadata.get("max", sys.maxsize)

    def check(value: Any, path: str, errors: Errors) -> None:
        if not isinstance(value, list):
            errors.append(_type_error(value, path, shape))
            return
        if not low <= len(value) <= high:
            errors.append(violation(value, path, size_error(len(value)) or ""))
        for index, member in enumerate(value, start=1):
            kind = member.__class__
            if kind is always or (
                kind is str and passed is not None and (member in passed or _passes(rule, member))
            ):
                continue
            where = f"{path}.{index}.member"
            if member is None:
                errors.append(violation(None, where, "Member must not be null"))
            else:
                item(member, where, errors)

    return check


def _map(shape: Shape) -> Checker:
    key_check = _compile(shape.key)
    value_check = _compile(shape.value)
    size_error = _size_checks(shape.metadata)

    def check(value: Any, path: str, errors: Errors) -> None:
        if not isinstance(value, dict):
            errors.append(_type_error(value, path, shape))
            return
        problem = size_error(len(value))
        if problem:
            errors.append(violation(value, path, problem))
        for key, member in value.items():
            key_check(key, f"{path}.key", errors)
            if member is None:
                errors.append(violation(None, f"{path}.{key}", "Member must not be null"))
            else:
                value_check(member, f"{path}.{key}", errors)

    return check


class _StringRule(NamedTuple):
    """What a string shape allows, for `_passes` (the checker explains a refusal)."""

    low: int
    high: int
    #: the enum's values; None: any
    allowed: frozenset[str] | None
    pattern: re.Pattern[str] | None
    #: values that passed (the same ARNs come in request after request): checked once
    passed: set[str]


def _passes(rule: _StringRule, value: str) -> bool:
    """Whether the string `value` is one `rule` allows (remembered when it is)."""
    passed = rule.passed
    if value in passed:
        return True
    allowed, pattern = rule.allowed, rule.pattern
    fine = (
        (allowed is None or value in allowed)
        and rule.low <= len(value) <= rule.high
        and (pattern is None or pattern.fullmatch(value) is not None)
    )
    if fine and len(passed) < 4096 and len(value) <= _REMEMBERED_LENGTH:
        passed.add(value)
    return fine


#: the longest value a rule remembers as passed (ARNs, ids and names are far shorter; a long
#: document is checked again rather than kept, so 4096 remembered values stay small)
_REMEMBERED_LENGTH = 2048


def _string(shape: Shape) -> Checker:
    metadata = shape.metadata
    size_error = _size_checks(metadata)
    enum = metadata.get("enum")
    enum_text = "Member must satisfy enum value set: [" + ", ".join(enum or []) + "]"
    pattern = metadata.get("pattern")
    compiled = compile_pattern(pattern) if pattern else None
    pattern_text = f"Member must satisfy regular expression pattern: {pattern}"
    rule = _StringRule(
        metadata.get("min", 0),
        metadata.get("max", sys.maxsize),
        frozenset(enum) if enum else None,
        compiled,
        set(),
    )

    def check(value: Any, path: str, errors: Errors) -> None:
        if value.__class__ is str and _passes(rule, value):
            return
        if not isinstance(value, str):
            errors.append(_type_error(value, path, shape))
        elif rule.allowed is not None and value not in rule.allowed:
            errors.append(violation(value, path, enum_text))
        else:
            if not rule.low <= len(value) <= rule.high:
                errors.append(violation(value, path, size_error(len(value)) or ""))
            if compiled is not None and compiled.fullmatch(value) is None:
                errors.append(violation(value, path, pattern_text))

    _RULE_OF[check] = rule
    return check


#: a string checker -> its rule (`_structure` tests a member's value with it first)
_RULE_OF: dict[Checker, _StringRule] = {}
#: the rule of a shape that is not a string (never read: its `_Quick` has no passed set)
_NO_STRING = _StringRule(1, 0, None, None, set())


def _number(shape: Shape) -> Checker:
    low = shape.metadata.get("min")
    high = shape.metadata.get("max")

    def check(value: Any, path: str, errors: Errors) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(_type_error(value, path, shape))
            return
        if low is not None and value < low:
            errors.append(
                violation(value, path, f"Member must have value greater than or equal to {low}")
            )
        elif high is not None and value > high:
            errors.append(
                violation(value, path, f"Member must have value less than or equal to {high}")
            )

    return check


def _boolean(shape: Shape) -> Checker:
    def check(value: Any, path: str, errors: Errors) -> None:
        if not isinstance(value, bool):
            errors.append(_type_error(value, path, shape))

    _ALWAYS_OF[check] = bool
    return check


#: a checker -> the class every value of which it passes (`_Quick`)
_ALWAYS_OF: dict[Checker, type] = {}


def _timestamp(shape: Shape) -> Checker:
    def check(value: Any, path: str, errors: Errors) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            errors.append(_type_error(value, path, shape))

    return check


def _type_only(shape: Shape) -> Checker:
    return _accept_anything


_BUILDERS: dict[str, Callable[[Shape], Checker]] = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _number,
    "long": _number,
    "boolean": _boolean,
    "timestamp": _timestamp,
}


# --- patterns ------------------------------------------------------------------------------

_PROPERTY = re.compile(r"\\p\{([A-Za-z]+)\}")


def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    """The model's (Java) pattern as a Python regex; None if it cannot be expressed.

    ``re.ASCII``: in Java ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII-only, where
    Python's would also take other scripts' digits and letters (``\\d{12}`` would accept
    ``'١٢٣٤٥٦٧٨٩٠١٢'`` as an account id). ``\\p{..}`` classes are expanded to explicit
    ranges, so the flag leaves them Unicode.
    """
    try:
        return re.compile(_translate(pattern), re.ASCII)
    except re.error:  # pragma: no cover - no such pattern in today's model
        return None


def _translate(pattern: str) -> str:
    if "\\p{" not in pattern:
        return pattern
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            match = _PROPERTY.match(pattern, index)
            if match:
                ranges = _category_ranges(match.group(1))
                out.append(ranges if in_class else f"[{ranges}]")
                index = match.end()
                continue
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


@cache
def _category_ranges(category: str) -> str:
    """Character-class ranges for a Unicode general category (`L`, `Nd`, ...)."""
    table = _categories()
    parts = []
    for start, end in table.get(category, []):
        if start == end:
            parts.append(re.escape(chr(start)))
        else:
            parts.append(f"{re.escape(chr(start))}-{re.escape(chr(end))}")
    return "".join(parts)


@lru_cache(maxsize=1)
def _categories() -> dict[str, list[tuple[int, int]]]:
    """Code point ranges per general category and per major class, computed once.

    One pass over the code points that records runs of equal category (a fraction of a
    second, paid by the first request whose shape has a ``\\p{..}`` pattern).
    """
    ranges: dict[str, list[tuple[int, int]]] = {}
    codes = [code for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]
    previous, first, last = "", -1, -1
    for code, cat in zip(codes, map(unicodedata.category, map(chr, codes)), strict=True):
        if cat == previous and code == last + 1:
            last = code
            continue
        if previous:
            _add_span(ranges, previous, first, last)
        previous, first, last = cat, code, code
    _add_span(ranges, previous, first, last)
    return ranges


def _add_span(ranges: dict[str, list[tuple[int, int]]], cat: str, first: int, last: int) -> None:
    for name in (cat, cat[0]):
        spans = ranges.setdefault(name, [])
        if spans and spans[-1][1] == first - 1:
            spans[-1] = (spans[-1][0], last)
        else:
            spans.append((first, last))


def check_value(shape: Shape, value: Any, path: str, service: str = SSO_ADMIN) -> Errors:
    """Every way `value` breaks `shape` of `service`'s model, with `path` as its place in
    the request: for values a document member carries (identitystore's ``AttributeValue``
    holds a user's ``emails`` or a group's ``displayName``)."""
    key = (service, shape.name)
    checker = _values.get(key)  # warm path: one dict read, no lock (published complete)
    if checker is None:
        with _compiling:
            _compiling_for[0] = service
            checker = _values[key] = _compile_all(shape)
    errors: Errors = []
    checker(value, path, errors)
    return errors


#: (service, shape name) -> the complete checker `check_value` compiled; written only under
#: `_compiling`, once the checker is complete, and read without it
_values: dict[tuple[str, str], Checker] = {}
