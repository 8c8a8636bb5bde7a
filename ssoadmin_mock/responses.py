"""The HTTP layer: JSON 1.1 requests in, JSON 1.1 responses out.

`dispatch` serves one request whatever brought it (botocore's before-send hook, moto's
stubber, moto's server): it reads ``X-Amz-Target: SWBExternalService.<Operation>``, finds the
backend of the caller's account and region, applies armed faults, validates the body against
the model, replays `ClientToken` retries, calls the backend method and writes the result.
Every error leaves as AWS sends it: HTTP 400 ``{"__type": code, "Message": text}`` (500 only
for `InternalServerException`), never a traceback.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from email.message import Message
from functools import cache
from typing import Any, NamedTuple

from botocore.awsrequest import HeadersDict
from moto import settings as moto_settings
from moto.core.models import DEFAULT_ACCOUNT_ID

from . import ids, moto_bridge, operations, pagination, service
from .backend import SSOAdminBackend, ssoadmin_backends
from .exceptions import (
    InternalServerException,
    NotYetImplemented,
    SerializationException,
    SSOAdminError,
    UnknownOperationException,
    ValidationException,
)
from .operations import Listing
from .switches import current
from .validation import validate

log = logging.getLogger("ssoadmin_mock")

Response = tuple[int, dict[str, str], bytes]

_TARGET_PREFIX = service.TARGET_PREFIX + "."
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/")
_HOST_REGION = re.compile(r"sso\.([a-z0-9-]+)\.amazonaws\.com")
DEFAULT_REGION = "us-east-1"
_AUTH_OFF = float("inf")  # moto's INITIAL_NO_AUTH_ACTION_COUNT while IAM authorization is off


def caller(headers: Mapping[str, Any], url: str = "") -> tuple[str, str]:
    """(account id, region) of a request, resolved the way moto resolves them.

    Account: ``MOTO_ACCOUNT_ID``, else the ``x-moto-account-id`` header, else the account
    whose IAM access key signed the request, else moto's default account. Region: the
    credential scope of the signature, else the host name, else us-east-1.
    """
    authorization = _text(headers.get("Authorization") or headers.get("authorization") or "")
    scope = _credential_scope(authorization)
    if scope is not None:
        access_key, region = scope
    else:
        access_key = "AKIAEXAMPLE"
        host = _HOST_REGION.search(url)
        region = host.group(1) if host else DEFAULT_REGION
    account = os.environ.get("MOTO_ACCOUNT_ID") or _text(_moto_account_header(headers))
    if not account:
        account = _account_of_key(access_key)
    return account, region


def _credential_scope(authorization: str) -> tuple[str, str] | None:
    """(access key, region) from a SigV4 ``Authorization`` header's credential scope
    (``Credential=<key>/<date>/<region>/<service>/aws4_request``), remembered per scope."""
    start = authorization.find("Credential=")
    if start < 0:
        return None
    end = authorization.find(",", start)
    credential = authorization[start + 11 : end if end >= 0 else None]
    found = _SCOPES.get(credential)
    if found is None:
        match = _CREDENTIAL.search(authorization)
        if match is None:
            return None
        if len(_SCOPES) > 256:
            _SCOPES.clear()
        found = _SCOPES[credential] = (match.group(1), match.group(2))
    return found


#: credential scope -> (access key, region): a client signs every request with the same one
_SCOPES: dict[str, tuple[str, str]] = {}


def _moto_account_header(headers: Mapping[str, Any]) -> Any:
    """``x-moto-account-id``: one look-up in headers that ignore case (botocore's `HeadersDict`,
    an `email.message.Message`, which scans every header per look-up), two in a plain mapping."""
    if isinstance(headers, (Message, HeadersDict)):  # both ignore case
        return headers.get("x-moto-account-id") or ""
    return headers.get("x-moto-account-id") or headers.get("X-Moto-Account-Id") or ""


def _account_of_key(access_key: str) -> str:
    """The account whose IAM user or STS session owns `access_key`, else moto's default."""
    return moto_bridge.account_of_access_key(access_key) or DEFAULT_ACCOUNT_ID


def _text(value: Any) -> str:
    """A header value as text; bytes that are not UTF-8 must not break the request."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def dispatch(
    target: str | bytes | None,
    body: bytes | str | None,
    headers: Mapping[str, Any],
    url: str = "",
) -> Response:
    """Serve one sso-admin request; always returns a response, never raises."""
    operation: str | None = None
    try:
        operation = _operation(target)
        params = _parse(body)
        account, region = caller(headers, url)
        if moto_settings.INITIAL_NO_AUTH_ACTION_COUNT != _AUTH_OFF:  # moto's IAM mode is on
            from .authorization import authorize

            authorize(operation, params, headers, body, url, account, region)
        return _ok(call(operation, params, account, region))
    except SSOAdminError as error:
        return error_response(error, operation)
    except Exception as error:
        log.exception("ssoadmin-mock failed on %s", operation)
        return error_response(
            InternalServerException(f"ssoadmin-mock internal error in {operation}: {error!r}"),
            operation,
        )


def call(operation: str, params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    """Run one validated operation against the backend of `account` and `region`."""
    backend = _backend(account, region)
    with backend.lock:
        fault = current().faults.take(operation)
        if fault is not None:
            raise fault
        validate(operation, params)
        backend.begin_request()
        binding = _binding(operation)
        if binding.function is None:
            raise NotYetImplemented(operation)
        if binding.idempotent:
            earlier = backend.idempotency.replay(operation, params)
            if earlier is not None:
                return earlier
        unsupported = binding.unsupported
        if unsupported and not unsupported.isdisjoint(params):
            raise NotYetImplemented(operation, sorted(unsupported.intersection(params)))
        target = backend.services[binding.owner]
        arguments = binding.arguments
        result: Any = binding.function(
            target,
            **{arguments[name]: value for name, value in params.items() if name in arguments},
            **binding.fixed,
        )
        if binding.paged_member is not None:
            result = _page(backend, operation, binding.paged_member, result, params)
        if binding.idempotent:
            backend.idempotency.remember(operation, params, result)
        body: dict[str, Any] = result  # a handler's body, or the page the dispatcher made
        return body


def _page(
    backend: SSOAdminBackend,
    operation: str,
    member: str,
    listing: Listing[Any],
    params: dict[str, Any],
) -> dict[str, Any]:
    """One page of what a List handler listed, under the output's list `member`; with
    ``NextToken`` only when there is a next page (AWS omits it on the last one)."""

    def scope() -> str:  # built only when a token is read or issued
        return f"{backend.generation}|{operation}|" + "|".join(map(str, listing.scope))

    page, token = pagination.paginate(
        listing.items,
        key=listing.key,
        max_results=params.get("MaxResults"),
        next_token=params.get("NextToken"),
        scope=scope,
        page_limit=service.page_size_limit(operation),
    )
    body: dict[str, Any] = {member: [listing.render(item) for item in page]}
    if token:
        body["NextToken"] = token
    return body


class _Binding(NamedTuple):
    """How an operation reaches its handler (worked out once per operation)."""

    #: the handler (called with the service as first argument); None: none yet
    function: Callable[..., Any] | None
    #: the service class that owns the handler
    owner: type
    #: input member -> keyword argument of the handler
    arguments: dict[str, str]
    #: members the handler does not take (a newer botocore's)
    unsupported: frozenset[str]
    #: keyword arguments the registration fixes (twin operations)
    fixed: Mapping[str, Any]
    #: takes a ClientToken
    idempotent: bool
    #: the list member the dispatcher pages (the handler returns a `Listing`); None: no paging
    paged_member: str | None


@cache
def _binding(operation: str) -> _Binding:
    """The operation's `_Binding`.

    A botocore newer than the backend may model members no handler takes yet: a request that
    uses one gets a clear `NotYetImplementedException` naming it, never a ``TypeError``.
    """
    registration = operations.handler(operation)
    arguments = service.member_arguments(operation)
    function: Callable[..., Any] | None = None
    owner: type = object  # no handler: the call is refused before the owner is used
    fixed: Mapping[str, Any] = {}
    paged_member = None
    if registration is not None:
        function, owner, fixed = registration.function, registration.owner, registration.fixed
        paged_member = service.paged_member(operation)
        if paged_member is not None:
            arguments = {m: a for m, a in arguments.items() if m not in _PAGING}
    accepted = arguments
    if function is not None:
        parameters = inspect.signature(function).parameters
        takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
        accepted = {m: a for m, a in arguments.items() if takes_any or a in parameters}
    unsupported = frozenset(arguments.keys() - accepted.keys())
    return _Binding(
        function,
        owner,
        accepted,
        unsupported,
        fixed,
        service.takes_client_token(operation),
        paged_member,
    )


#: members the dispatcher itself reads for a paged operation
_PAGING = frozenset({"MaxResults", "NextToken"})


def _backend(account: str, region: str) -> SSOAdminBackend:
    try:
        backend: SSOAdminBackend = moto_bridge.backend_of(ssoadmin_backends, account, region)
    except KeyError:
        raise ValidationException(
            f"IAM Identity Center is not available in region '{region}'."
        ) from None
    return backend


def _operation(target: str | bytes | None) -> str:
    name = _text(target or "")
    if not name.startswith(_TARGET_PREFIX):
        raise UnknownOperationException(f"Unknown operation target '{name}'.")
    operation = name[len(_TARGET_PREFIX) :]
    if operation not in service.operation_names():
        raise UnknownOperationException(f"Unknown operation {operation}.")
    return operation


#: the JSON scanner without `json.loads`' per-call set-up (encoding detection, arguments)
_DECODER = json.JSONDecoder()


def _parse(body: bytes | str | None) -> dict[str, Any]:
    if not body:
        return {}
    try:
        text = (body.decode() if isinstance(body, bytes) else body).strip()
        params, end = _DECODER.raw_decode(text)
    except ValueError:  # UnicodeDecodeError too
        raise SerializationException("The request body is not valid JSON.") from None
    if end != len(text):
        raise SerializationException("The request body is not valid JSON.")
    if not isinstance(params, dict):
        raise SerializationException("The request body must be a JSON object.")
    return params


def _headers() -> dict[str, str]:
    return {
        "Content-Type": "application/x-amz-json-1.1",
        "x-amzn-RequestId": ids.request_id(),
    }


#: one encoder for every response (``json.dumps`` with separators makes a new one per call)
_COMPACT = json.JSONEncoder(separators=(",", ":"))


def _ok(result: dict[str, Any]) -> Response:
    return 200, _headers(), _COMPACT.encode(result).encode()


def error_response(error: SSOAdminError, operation: str | None) -> Response:
    code = error.code_for(operation)
    headers = _headers()
    headers["x-amzn-ErrorType"] = code
    body = json.dumps({"__type": code, "Message": error.message}).encode()
    status = 500 if code == InternalServerException.code else 400
    return status, headers, body


def http_dispatch(request: Any, full_url: str, headers: Any) -> Response:
    """moto's handler signature (stubber and server): (request, url, headers) -> response."""
    body = request.get_data() if hasattr(request, "get_data") else getattr(request, "body", None)
    target = headers.get("X-Amz-Target") or headers.get("x-amz-target")
    return dispatch(target, body, headers, full_url)
