"""`ClientToken` idempotency, the same for every operation that takes a token.

A token seen before with the same parameters returns the first call's result and makes
nothing new; with different parameters the call fails with `ConflictException`
(IdempotentParameterMismatch), as AWS documents for CreateInstance and its siblings. Only
calls that succeeded are remembered.

A JSON 1.1 request's parameters are all in its body: such a call is remembered by its body
(no work on the call), and a retry that sends the same body (what an SDK's retry sends) is
known by comparing bodies; any other retry compares the parameters in a canonical form, the
first call's read again from its body.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any, NamedTuple

from .exceptions import ConflictException, ValidationException
from .jsontext import canonical, read
from .service import SSO_ADMIN
from .validation import validate


def fingerprint(params: dict[str, Any]) -> str:
    """The request's parameters, without the token, in a canonical form."""
    rest = {k: v for k, v in params.items() if k != "ClientToken"}
    return canonical(rest)


class _Seen(NamedTuple):
    """A remembered call: its body (when its parameters were all in it) or else their
    `fingerprint`, and its result."""

    source: bytes | str | None
    print: str | None
    result: dict[str, Any]

    def same_request(
        self, operation: str, params: dict[str, Any], source: bytes | str | None, served: str
    ) -> bool:
        if source is not None and source == self.source:
            return True
        first = self.print
        if first is None and self.source is not None:
            # remembered by its body: read again as the dispatcher read it, with the members
            # the validator drops (null, not in the model) dropped; the walk drops them
            # whatever it finds (the moto-compatible mode served some requests it refuses)
            again = read(self.source if isinstance(self.source, str) else self.source.decode())
            with suppress(ValidationException):
                validate(operation, again, served)
            first = fingerprint(again)
        return first == fingerprint(params)


class IdempotencyStore:
    """Results of token-bearing calls, by (operation, token)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], _Seen] = {}

    def replay(
        self,
        operation: str,
        params: dict[str, Any],
        source: bytes | str | None = None,
        served: str = SSO_ADMIN,
    ) -> dict[str, Any] | None:
        """The earlier result for this token, None if the token is new. `source`: the body
        `params` were all parsed from, if so; `served`: the service of `operation`."""
        token = params.get("ClientToken")
        if not token:
            return None
        earlier = self._seen.get((operation, token))
        if earlier is None:
            return None
        if not earlier.same_request(operation, params, source, served):
            raise ConflictException(
                f"IdempotentParameterMismatch: the ClientToken '{token}' was already used "
                f"for a {operation} request with different parameters."
            )
        return earlier.result

    def remember(
        self,
        operation: str,
        params: dict[str, Any],
        result: dict[str, Any],
        source: bytes | str | None = None,
    ) -> None:
        token = params.get("ClientToken")
        if token:
            if source is not None:
                self._seen[(operation, token)] = _Seen(source, None, result)
            else:
                self._seen[(operation, token)] = _Seen(None, fingerprint(params), result)
