"""Compact JSON text, as every answer is written, and the text a listed item remembers.

`text` writes what ``json.dumps(value, separators=(",", ":"))`` writes, with json's C
encoder made once (``JSONEncoder.encode`` makes it anew on every call, a third of the cost
of a small answer). The dispatcher writes every answer with it.

A page of a List operation is most of its cost in writing: a hundred users or statuses
take the encoder longer than botocore's floor leaves the whole call (a timestamp's ``repr``
alone costs more than a dict look-up of the whole item). An item that changes only in known
ways (an identity-store user or group: every change bumps its ``Revision``; a membership,
which never changes; a request status, which settles once) keeps the text it was last
listed as in an `Encoded`, under the key it was made from (`remembering`); the page is
the join of those texts. `Encoded` is not state: snapshots leave it out.

`read` is how every JSON a client sends is read: strictly (RFC 8259 has no ``NaN``, which
Python's json reads) and no deeper than `MAX_DEPTH`, so a request nested past Python's stack
is refused like any broken body instead of failing with a ``RecursionError``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from operator import attrgetter
from typing import Any, Generic, Protocol, TypeVar

#: one encoder for every answer (``json.dumps`` with separators makes a new one per call)
_COMPACT = json.JSONEncoder(separators=(",", ":"))
#: the C encoder behind `_COMPACT`, made once; None where the interpreter has no C encoder
_C_ENCODE: Callable[[Any, int], Any] | None = (
    None
    if c_make_encoder is None
    else c_make_encoder(
        None, _COMPACT.default, encode_basestring_ascii, None, ":", ",", False, False, True
    )
)


#: the same with keys sorted and anything JSON cannot hold written as its ``str``: one
#: canonical text for equal values (`canonical`)
_SORTED = json.JSONEncoder(separators=(",", ":"), sort_keys=True, default=str)
_C_SORTED: Callable[[Any, int], Any] | None = (
    None
    if c_make_encoder is None
    else c_make_encoder(None, str, encode_basestring_ascii, None, ":", ",", True, False, True)
)


#: how deep a request's JSON may nest: deeper values are refused before any of the mock's
#: code walks them (no shape of the served models nests a tenth as deep; a document member
#: holds what a request gives, and recursive code over a value of a thousand levels would
#: exhaust Python's stack)
MAX_DEPTH = 100


def _no_constant(name: str) -> Any:
    """``NaN``, ``Infinity``, ``-Infinity``: Python's json reads them, JSON (RFC 8259) has
    none, and an answer holding one would be no JSON either."""
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    """A JSON number with a fraction or exponent; one past a double's range (``1e400``)
    would be read as infinity, which no answer could hold: refused as `_no_constant`."""
    value = float(text)
    if value - value != 0.0:  # inf - inf is nan
        raise ValueError(f"{text} is out of range")
    return value


#: json's scanner, called directly: without `json.loads`' per-call set-up (encoding
#: detection, arguments) and `JSONDecoder.raw_decode`'s frame (it raises `StopIteration`
#: where there is no value, `JSONDecodeError` where one is broken)
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder(  # type: ignore[attr-defined]
    parse_constant=_no_constant, parse_float=_finite
).scan_once


def read(text: str) -> Any:
    """The one JSON value `text` holds (surrounding whitespace aside), read strictly:
    `ValueError` if it holds anything else, a ``NaN`` or ``Infinity`` (or a number that
    would be one), or containers nested deeper than `MAX_DEPTH`. Every JSON a client
    sends is read with it."""
    text = text.strip()
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        raise ValueError("no JSON value") from None
    except RecursionError:  # nested far deeper than MAX_DEPTH
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    if end != len(text):
        raise ValueError("more than one JSON value")
    # a value cannot nest deeper than it has brackets: most requests are never walked
    if len(text) > 2 * MAX_DEPTH and text.count("{") + text.count("[") > MAX_DEPTH:
        _require_shallow(value)
    return value


def _require_shallow(value: Any) -> None:
    """`ValueError` unless `value` nests at most `MAX_DEPTH` containers deep (walked a level
    at a time, with no recursion)."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
        inner: list[Any] = []
        for container in level:
            members = container.values() if isinstance(container, dict) else container
            inner.extend(m for m in members if isinstance(m, (dict, list)))
        level = inner


def canonical(value: Any) -> str:
    """`value` as compact JSON text with its keys sorted (what ``json.dumps(value,
    sort_keys=True, separators=(",", ":"), default=str)`` gives): equal values, one text."""
    if _C_SORTED is None:  # pragma: no cover - an interpreter without json's C encoder
        return _SORTED.encode(value)
    return "".join(_C_SORTED(value, 0))


def text(value: Any) -> str:
    """`value` as compact JSON text (what ``json.dumps(value, separators=(",", ":"))``
    gives)."""
    if _C_ENCODE is None:  # pragma: no cover - an interpreter without json's C encoder
        return _COMPACT.encode(value)
    return "".join(_C_ENCODE(value, 0))


class Encoded:
    """The JSON text an item was listed as, what it was made from (`key`: a revision, a
    status) and for which page (`shown`: the output shape and partition), not state."""

    __slots__ = ("key", "shown", "text")

    def __init__(self, key: object, shown: object, text: str) -> None:
        self.key = key
        self.shown = shown
        self.text = text


#: what an item holds before it is first listed (shared: it costs an item nothing)
NOT_ENCODED = Encoded(object(), object(), "")


class Remembers(Protocol):
    """An item that keeps the text it was listed as (a field ``encoded``, `NOT_ENCODED`
    until it is first listed)."""

    encoded: Encoded


R = TypeVar("R", bound=Remembers)

#: the key of items that never change once made
UNCHANGING: Callable[[Any], object] = attrgetter("__class__")


def remembering(
    render: Callable[[R], Any], key: Callable[[R], object], shown: object = None
) -> Remembered[R]:
    """A `Listing.encoded` for items that keep their text: an item's text is ``render(item)``
    encoded, made anew unless the item keeps a text made from the same ``key(item)`` (what
    it changes with: ``attrgetter("stamp.revision")``, a status; `UNCHANGING` for items that
    never change) for an equal `shown` (what else the text depends on, the same for every
    item of a page: the output shape, the partition). `key` is best a C-level getter
    (``operator.attrgetter``): the only Python call per kept item is then this one.

    Each kind of item is listed through one `remembering` (its `encoded` slot is that
    one's)."""

    # a C-level partial of positional arguments: one Python frame per item, `_kept_text`'s
    listed = partial(_kept_text, render, key, shown)
    return Remembered(listed, key is UNCHANGING and shown is None)


def _kept_text(
    render: Callable[[R], Any], key: Callable[[R], object], shown: object, item: R
) -> str:
    """The text of one item as `remembering` keeps it: what the item kept when it was made
    from the same ``key(item)`` for an equal `shown`, else ``render(item)`` written now and
    kept. A Describe whose answer is the item as its List shows it reads the same text
    (`Written.of`)."""
    kept = item.encoded
    made_from = key(item)
    if kept.key == made_from and kept.shown == shown:
        return kept.text
    made = text(render(item))
    item.encoded = Encoded(made_from, shown, made)
    return made


class Written:
    """An answer whose JSON text is written already (a Describe of an item that keeps its
    text): the dispatcher sends `text` as it is; `body` is the answer as a dict."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @classmethod
    def of(
        cls, item: R, render: Callable[[R], Any], key: Callable[[R], object], shown: object
    ) -> Written:
        """The answer that is `item` as its List shows it: the text it keeps (`remembering`)."""
        return cls(_kept_text(render, key, shown, item))

    def body(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.text)
        return value


#: the text an item keeps (``""`` until it is first listed)
_KEPT_TEXT: Callable[[Any], str] = attrgetter("encoded.text")


class Remembered(Generic[R]):
    """What `remembering` makes: one item's text (calling it), and a page's (`texts`).

    For items that never change and whose text depends on nothing else (`UNCHANGING`, no
    `shown`: an account assignment, an application assignment, a permission set's ARN), a
    text once made is the text for good, so a page of items that were all listed before is
    read with one C-level getter and no Python call per item; any item not listed yet
    sends the page the ordinary way."""

    __slots__ = ("one", "permanent")

    def __init__(self, one: Callable[[R], str], permanent: bool) -> None:
        self.one = one
        self.permanent = permanent

    def __call__(self, item: R) -> str:
        return self.one(item)

    def texts(self, items: Sequence[R]) -> list[str]:
        """The texts of a page's items, in order."""
        if self.permanent:
            kept = list(map(_KEPT_TEXT, items))
            if "" not in kept:
                return kept
        return list(map(self.one, items))
