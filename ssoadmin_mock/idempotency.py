"""`ClientToken` idempotency, the same for every operation that takes a token.

A token seen before with the same parameters returns the first call's result and makes
nothing new; with different parameters the call fails with `ConflictException`
(IdempotentParameterMismatch), as AWS documents for CreateInstance and its siblings. Only
calls that succeeded are remembered.
"""

from __future__ import annotations

from typing import Any

from .exceptions import ConflictException
from .jsontext import canonical


def fingerprint(params: dict[str, Any]) -> str:
    """The request's parameters, without the token, in a canonical form."""
    rest = {k: v for k, v in params.items() if k != "ClientToken"}
    return canonical(rest)


class IdempotencyStore:
    """Results of token-bearing calls, by (operation, token)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}

    def replay(self, operation: str, params: dict[str, Any]) -> dict[str, Any] | None:
        """The earlier result for this token, None if the token is new."""
        token = params.get("ClientToken")
        if not token:
            return None
        earlier = self._seen.get((operation, token))
        if earlier is None:
            return None
        first_print, result = earlier
        if first_print != fingerprint(params):
            raise ConflictException(
                f"IdempotentParameterMismatch: the ClientToken '{token}' was already used "
                f"for a {operation} request with different parameters."
            )
        return result

    def remember(self, operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
        token = params.get("ClientToken")
        if token:
            self._seen[(operation, token)] = (fingerprint(params), result)
