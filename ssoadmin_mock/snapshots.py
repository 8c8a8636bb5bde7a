"""Plain-data copies of the mock's state, to compare before and after a call.

Generic on purpose, so a new domain is covered without changes here: objects are walked
(dicts, lists, sets, dataclasses and plain objects, down to their leaves); callables (the
async engine's work/finish closures) and locks are left out, and so are the objects named as
collaborators (a service's references to other services: each is dumped once, as itself).
Equal snapshots mean nothing observable changed.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from typing import Any

from .jsontext import Encoded

_NOT_STATE = (type(threading.Lock()), type(threading.RLock()), Encoded)
_LEAVES = (str, int, float, bool, bytes, type(None))


def _opaque(value: Any) -> bool:
    """Left out of snapshots: code, synchronisation and the JSON text an item was last
    listed as (`jsontext.Encoded`), not state."""
    return isinstance(value, _NOT_STATE) or (callable(value) and not isinstance(value, type))


def dump(value: Any, skip: tuple[type, ...] = ()) -> Any:
    """`value` as nested plain data, leaving out objects of the `skip` types."""
    return _Dumper(skip).dump(value)


def dump_object(value: Any, skip: tuple[type, ...] = ()) -> dict[str, Any]:
    """The attributes of `value` as plain data, leaving out objects of the `skip` types
    (for a service: the services it was handed)."""
    dumper = _Dumper(skip)
    dumper.path.add(id(value))
    return {
        name: dumper.dump(item)
        for name, item in vars(value).items()
        if not _opaque(item) and not isinstance(item, skip)
    }


class _Dumper:
    def __init__(self, skip: tuple[type, ...]) -> None:
        self.skip = skip
        #: the objects being walked (cycle guard)
        self.path: set[int] = set()

    def dump(self, value: Any) -> Any:
        if isinstance(value, _LEAVES):
            return value
        if isinstance(value, self.skip):
            return f"<{type(value).__name__}>"
        if id(value) in self.path:
            return f"<cycle {type(value).__name__}>"
        self.path.add(id(value))
        try:
            return self._container(value)
        finally:
            self.path.discard(id(value))

    def _container(self, value: Any) -> Any:
        dump = self.dump
        if isinstance(value, dict):
            return {_key(dump(k)): dump(v) for k, v in value.items() if not _opaque(v)}
        if isinstance(value, tuple):
            return tuple(dump(item) for item in value)
        if isinstance(value, (list, collections.deque)):
            return [dump(item) for item in value if not _opaque(item)]
        if isinstance(value, (set, frozenset)):
            return sorted((dump(item) for item in value), key=repr)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = [f.name for f in dataclasses.fields(value)]
        elif hasattr(value, "__dict__"):
            names = list(vars(value))
        else:
            slots = (n for k in type(value).__mro__ for n in getattr(k, "__slots__", ()))
            names = [n for n in slots if not n.startswith("__")]
            if not names:
                return repr(value)  # datetimes, enums, compiled patterns: compared by value
        fields = {n: getattr(value, n) for n in names if hasattr(value, n)}
        body = {n: dump(v) for n, v in fields.items() if not _opaque(v)}
        return {"<type>": type(value).__name__, **body}


def _key(dumped: Any) -> Any:
    """A dumped dict key, made hashable again if dumping turned it into a dict or list."""
    try:
        hash(dumped)
    except TypeError:
        return repr(dumped)
    return dumped
