"""One paginator for every List operation.

Pages are cut from a sequence already in its listing order, by a key that increases along
it (creation sequence numbers, or their negatives for newest-first lists). The token carries
the last key handed out, the query it belongs to and the backend generation, sealed with a
MAC (keyed BLAKE2b, RFC 7693's keyed mode: one call into C, where ``hmac`` makes two hash
objects per seal): a page starts right after that key, so items added or removed between
pages are never repeated or skipped, and a forged, foreign or stale token gets
`ValidationException`.
"""

from __future__ import annotations

import base64
import bisect
import hmac
import json
import os
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache, partial
from hashlib import blake2b
from itertools import islice
from typing import Any, TypeGuard, TypeVar

from . import jsontext
from .exceptions import ValidationException

T = TypeVar("T")

_SECRET = os.urandom(32)
_SEAL_BYTES = 12
#: the seal of a token's payload: ``_mac(payload).digest()``
_mac = partial(blake2b, key=_SECRET, digest_size=_SEAL_BYTES)


def paginate(
    items: Collection[T],
    *,
    key: Callable[[T], Any],
    max_results: int | None,
    next_token: str | None,
    scope: str | Callable[[], str],
    page_limit: int = 100,
    default_size: int | None = None,
) -> tuple[list[T], str | None]:
    """One page of `items` and the token for the next page (None when this is the last).

    `items` in listing order: a sequence, or a collection that iterates in that order (a
    dict's values, kept in creation order): the first page of those is taken without a
    copy of them all, and a later page looks its place up in a copy.

    `scope` names the query (operation and the arguments that select the items), so a token
    is honoured only by the query that issued it. It may be given as a function making that
    name: it is then called only when a token is read or issued, so a query answered in one
    page (most of them) never builds it. `default_size`: the page when `max_results` is not
    given (else `page_limit`).
    """
    size = min(max_results, page_limit) if max_results else default_size or page_limit
    if next_token:
        last = _open(next_token, _scope_name(scope))
        ordered = items if _is_sequence(items) else list(items)
        start = bisect.bisect_right(
            ordered, _comparable(last), key=lambda item: _comparable(key(item))
        )
        page = list(ordered[start : start + size])
        more = start + size < len(ordered)
    else:
        page = list(items[:size] if _is_sequence(items) else islice(items, size))
        more = size < len(items)
    if more and page:
        return page, _seal(_scope_name(scope), key(page[-1]))
    return page, None


def _is_sequence(items: Collection[Any]) -> TypeGuard[Sequence[Any]]:
    """`isinstance(items, Sequence)`, lists and tuples known without the ABC's check (a
    Python call of its own on every page)."""
    kind = items.__class__
    return kind is list or kind is tuple or isinstance(items, Sequence)


def _scope_name(scope: str | Callable[[], str]) -> str:
    return scope if isinstance(scope, str) else scope()


def _comparable(value: Any) -> Any:
    # JSON turns tuples into lists; compare both as tuples.
    return tuple(value) if isinstance(value, list) else value


def _seal(scope: str, last: Any) -> str:
    """The token of the page after `last` in the query `scope`: the same for the same
    query and key, so the tokens of pages listed again (a test's loop over the same pages)
    are remembered (`_sealed`)."""
    try:
        return _sealed(scope, last)
    except TypeError:  # a key that is not hashable: sealed each time
        return _seal_now(scope, last)


def _seal_now(scope: str, last: Any) -> str:
    payload = jsontext.text([scope, last]).encode()
    return base64.urlsafe_b64encode(_mac(payload).digest() + payload).decode()


_sealed = lru_cache(maxsize=4096, typed=True)(_seal_now)


def _open(token: str, scope: str) -> Any:
    try:
        raw = base64.urlsafe_b64decode(token.encode())
        mac, payload = raw[:_SEAL_BYTES], raw[_SEAL_BYTES:]
        if not hmac.compare_digest(mac, _mac(payload).digest()):
            raise ValueError("seal")
        token_scope, last = json.loads(payload)
    except (ValueError, TypeError):
        raise ValidationException("The NextToken is not valid.") from None
    if token_scope != scope:
        raise ValidationException("The NextToken does not belong to this request.")
    return last
