"""Hypothesis strategies for sso-admin requests, derived from the botocore model.

- `valid_requests(operation, known)`: requests valid in form. Every member obeys its shape
  (type, length, pattern, enum, range, list size, union); required members always, optional
  ones sometimes. A member whose name `known` has a value (a real id from the test's world)
  takes it half the time, so requests reach real resources as well as missing ones.
- `draw_broken(data, operation, valid)`: a valid request broken in exactly one place, anywhere
  in its tree: a required member left out or null, a list item null, or a value replaced by one
  its shape forbids (wrong JSON type, too long or short, outside its enum or pattern or
  range, a list too long or short, a union with no member or two).

Strings are generated from the model's patterns read the way AWS (Java) reads them:
``\\d``/``\\w`` are ASCII, and a ``\\p{..}`` class is generated from a small sample of its
members (the full Unicode ranges make generation very slow); every generated string is then
checked against the pattern as the validator compiles it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from botocore.model import Shape
from hypothesis import strategies as st

from ssoadmin_mock.service import operation_model
from ssoadmin_mock.validation import compile_pattern as _compile_pattern

from .modelrequests import POLICY
from .shapecheck import shape_errors

Path = tuple[Any, ...]
DROP = object()  # a breakage that removes the member

#: a few members of each Unicode class the model's patterns use, for generating strings
_CLASS_SAMPLES = {
    "L": "a-zA-Z\u00e9\u00df\u0436\u03c9\u4e2d",
    "N": "0-9\u0663\u00bd",
    "Z": " \u00a0\u2003",
    "M": "\u0301",
    "S": "+$\u00a9",
    "P": "!.,\u00bf",
}
_ESCAPES = {"d": "0-9", "w": "a-zA-Z0-9_"}
_LOOKAHEAD = re.compile(r"\(\?[=!<][^()]*\)")

#: strings that break most patterns (kept when they do break the one at hand)
_PATTERN_BREAKERS = (
    "",
    " ",
    "\x00",
    "bad value!",
    "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",
    "\u00e9t\u00e9",
    "line\nbreak",
    "<tag>",
    "arn:aws:sso:::instance/ssoins-\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
)


@cache
def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    """The pattern as the validator compiles it (once per pattern)."""
    return _compile_pattern(pattern)


def generation_pattern(pattern: str) -> str:
    """The model's (Java) pattern as a Python regex hypothesis can generate from quickly."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            code = pattern[index + 1]
            if code == "p" and pattern.startswith("{", index + 2):
                end = pattern.index("}", index)
                sample = _CLASS_SAMPLES[pattern[index + 3 : end][:1]]
                out.append(sample if in_class else f"[{sample}]")
                index = end + 1
                continue
            if code in _ESCAPES:
                out.append(_ESCAPES[code] if in_class else f"[{_ESCAPES[code]}]")
            elif code == "b":
                pass  # word boundaries: the generated text is checked against the real pattern
            else:
                out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return _LOOKAHEAD.sub("", "".join(out))


# --- valid in form -------------------------------------------------------------------------


def valid_requests(
    operation: str, known: dict[str, Any], service: str = "sso-admin"
) -> st.SearchStrategy[dict[str, Any]]:
    shape = operation_model(operation, service).input_shape
    if shape is None:
        return st.just({})
    return _structure(shape, known)


def _member(name: str, shape: Shape, known: dict[str, Any]) -> st.SearchStrategy[Any]:
    """The known value (when it fits this member's shape: names repeat across shapes) or any."""
    made = form(shape, known)
    if name in known and not shape_errors(known[name], shape, name):
        return st.one_of(st.just(known[name]).map(copy.deepcopy), made)
    return made


def _structure(shape: Shape, known: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    members = shape.members
    if shape.metadata.get("document"):
        documents: list[dict[str, Any]] = [POLICY, {}, {"free": ["form", 1, True]}]
        return st.sampled_from(documents).map(lambda d: copy.deepcopy(d))
    if shape.metadata.get("union"):
        return st.sampled_from(sorted(members)).flatmap(
            lambda n: _member(n, members[n], known).map(lambda v: {n: v})
        )
    required = {n: _member(n, members[n], known) for n in shape.required_members}
    optional = {
        n: _member(n, m, known) for n, m in members.items() if n not in shape.required_members
    }
    return st.fixed_dictionaries(required, optional=optional)


def form(shape: Shape, known: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    """Values valid for `shape` (names in `known` take the given value half the time)."""
    known = known or {}
    if shape.type_name == "structure":
        return _structure(shape, known)
    if shape.type_name == "list":
        low = shape.metadata.get("min", 0)
        high = min(shape.metadata.get("max", low + 2), low + 2)
        return st.lists(form(shape.member, known), min_size=low, max_size=high)
    if shape.type_name == "map":
        return st.dictionaries(form(shape.key), form(shape.value, known), max_size=2)
    return _scalar(shape)


@cache
def _scalar(shape: Shape) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "string":
        return _string(shape)
    if kind in ("integer", "long"):
        return st.integers(meta.get("min", -(2**31)), meta.get("max", 2**31 - 1))
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.integers(0, 2**31)
    return st.none()  # pragma: no cover - no other kind in the model's inputs


def _string(shape: Shape) -> st.SearchStrategy[str]:
    meta = shape.metadata
    if "enum" in meta:
        return st.sampled_from(meta["enum"])
    low, high = meta.get("min", 0), meta.get("max", 64)
    pattern = meta.get("pattern")
    if pattern is None:
        return st.text(min_size=low, max_size=min(high, 64))
    real = compile_pattern(pattern)
    assert real is not None
    generated = st.from_regex(re.compile(generation_pattern(pattern)), fullmatch=True)
    return generated.filter(lambda s: low <= len(s) <= high and real.fullmatch(s) is not None)


# --- broken ----------------------------------------------------------------------------------

Breakage = tuple[Path, str, st.SearchStrategy[Any]]
Violations = list[tuple[str, st.SearchStrategy[Any]]]
_MISSING = st.just(DROP)
_NULL = st.just(None)


def draw_broken(
    data: st.DataObject, operation: str, valid: dict[str, Any], service: str = "sso-admin"
) -> tuple[str, dict[str, Any]]:
    """(what was broken, the request): `valid` broken in one place, drawn from `data`."""
    shape = operation_model(operation, service).input_shape
    assert shape is not None
    path, label, strategy = data.draw(st.sampled_from(list(breakages(shape, valid, ()))))
    bad = data.draw(strategy, label=label)
    return f"{'.'.join(map(str, path))}: {label}", _put(valid, path, bad)


def breakages(shape: Shape, value: Any, path: Path) -> Iterator[Breakage]:
    """Every single place and way `value` (valid for `shape`) can be broken.

    The request itself stays a JSON object (a body that is not one is a serialization error,
    tested on its own).
    """
    if path:
        for label, strategy in violations(shape, value):
            yield path, label, strategy
    if shape.metadata.get("document"):
        return
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            here = (*path, name)
            if name in shape.required_members:
                yield here, "missing", _MISSING
                yield here, "null", _NULL
            if name in value:
                yield from breakages(member, value[name], here)
            else:
                for label, strategy in violations(member, None):
                    yield here, label, strategy
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index), "null item", _NULL
            yield from breakages(shape.member, item, (*path, index))


def violations(shape: Shape, current: Any) -> Violations:
    """Values `shape` itself forbids (not deeper), each with what it breaks."""
    found = list(_shape_violations(shape))
    if shape.type_name == "list" and isinstance(current, list) and current:
        found += _list_violations(shape, current)
    if shape.metadata.get("union") and isinstance(current, dict):
        found += _union_violations(shape, current)
    return found


@cache
def _shape_violations(shape: Shape) -> tuple[tuple[str, st.SearchStrategy[Any]], ...]:
    """What `shape` forbids whatever the current value (built once per shape)."""
    if shape.metadata.get("document"):
        return ()  # any JSON value is a document
    kind = "integer" if shape.type_name == "long" else shape.type_name
    found = [("wrong type", _WRONG_TYPES[kind])] if kind in _WRONG_TYPES else []
    found += _VIOLATIONS.get(kind, lambda s: [])(shape)
    return tuple(found)


def _string_violations(shape: Shape) -> Violations:
    meta = shape.metadata
    if "enum" in meta:
        return [("not in enum", st.text(max_size=20).filter(lambda s: s not in meta["enum"]))]
    found: Violations = []
    if "max" in meta:
        found.append(("too long", st.integers(1, 3).map(lambda n: "a" * (meta["max"] + n))))
    if meta.get("min", 0) > 0:
        found.append(("too short", st.just("a" * (meta["min"] - 1))))
    pattern = meta.get("pattern")
    real = compile_pattern(pattern) if pattern else None
    if real is not None:
        breakers = [s for s in _PATTERN_BREAKERS if real.fullmatch(s) is None]
        if breakers:
            random_text = st.text(max_size=30).filter(lambda s: real.fullmatch(s) is None)
            found.append(("breaks pattern", st.one_of(st.sampled_from(breakers), random_text)))
    return found


def _number_violations(shape: Shape) -> Violations:
    meta = shape.metadata
    found: Violations = []
    if "min" in meta:
        found.append(("under min", st.integers(max_value=meta["min"] - 1)))
    if "max" in meta:
        found.append(("over max", st.integers(min_value=meta["max"] + 1)))
    return found


def _list_sizes(shape: Shape) -> Violations:
    low = shape.metadata.get("min", 0)
    return [("no items though required", st.just([]))] if low == 1 else []


def _list_violations(shape: Shape, current: list[Any]) -> Violations:
    meta = shape.metadata
    found: Violations = []
    if "max" in meta:
        found.append(("too many items", st.just(current[:1] * (meta["max"] + 1))))
    if meta.get("min", 0) > 1:
        found.append(("too few items", st.just((current[:1] * meta["min"])[: meta["min"] - 1])))
    return found


def _union_shape(shape: Shape) -> Violations:
    return [("union with no member", st.just({}))] if shape.metadata.get("union") else []


def _union_violations(shape: Shape, current: dict[str, Any]) -> Violations:
    others = [n for n in shape.members if n not in current]
    if not others:
        return []
    second = st.sampled_from(others).flatmap(
        lambda n: form(shape.members[n]).map(lambda v: {**current, n: v})
    )
    return [("union with two members", second)]


_VIOLATIONS: dict[str, Callable[[Shape], Violations]] = {
    "string": _string_violations,
    "integer": _number_violations,
    "list": _list_sizes,
    "structure": _union_shape,
}

_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer())
_LISTS = st.lists(st.text(max_size=5), max_size=2)
_DICTS = st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)
_WRONG_TYPES: dict[str, st.SearchStrategy[Any]] = {
    "string": st.one_of(st.integers(), st.booleans(), _FLOATS, _LISTS, _DICTS),
    "integer": st.one_of(st.text(max_size=5), st.booleans(), _FLOATS, _LISTS, _DICTS),
    "boolean": st.one_of(st.text(max_size=5), st.integers(), _LISTS, _DICTS),
    "list": st.one_of(st.text(max_size=5), st.integers(), st.booleans(), _DICTS),
    "map": st.one_of(st.text(max_size=5), st.integers(), st.booleans(), _LISTS),
    "structure": st.one_of(st.text(max_size=5), st.integers(), st.booleans(), _LISTS),
}


def _put(request: dict[str, Any], path: Path, bad: Any) -> dict[str, Any]:
    """A copy of `request` with the value at `path` (never empty) replaced by `bad`, or
    removed for DROP."""
    broken = copy.deepcopy(request)
    parent: Any = broken
    for key in path[:-1]:
        parent = parent[key]
    if bad is DROP:
        del parent[path[-1]]
    else:
        parent[path[-1]] = bad
    return broken
