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
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any, Protocol, TypeVar

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


def text(value: Any) -> str:
    """`value` as compact JSON text (what ``json.dumps(value, separators=(",", ":"))``
    gives)."""
    if _C_ENCODE is None:  # pragma: no cover - an interpreter without json's C encoder
        return _COMPACT.encode(value)
    return "".join(_C_ENCODE(value, 0))


class Encoded:
    """The JSON text an item was listed as, and the `key` it was made from (not state)."""

    __slots__ = ("key", "text")

    def __init__(self, key: object, text: str) -> None:
        self.key = key
        self.text = text


#: what an item holds before it is first listed (shared: it costs an item nothing)
NOT_ENCODED = Encoded(object(), "")


class Remembers(Protocol):
    """An item that keeps the text it was listed as (a field ``encoded``, `NOT_ENCODED`
    until it is first listed)."""

    encoded: Encoded


R = TypeVar("R", bound=Remembers)


def remembering(render: Callable[[R], Any], key: Callable[[R], object]) -> Callable[[R], str]:
    """A `Listing.encoded` for items that keep their text: an item's text is ``render(item)``
    encoded, made anew only when ``key(item)`` (what the text is made from: a revision and
    the output shape, a status) differs from the key of the text the item keeps."""

    def listed(item: R) -> str:
        made_from = key(item)
        kept = item.encoded
        if kept.key == made_from:
            return kept.text
        made = text(render(item))
        item.encoded = Encoded(made_from, made)
        return made

    return listed
